"""Command line: ``serve`` runs the HTTP server; ``admin`` manages districts, users,
schools, assignments and devices. Both bring the store to the newest schema first.

Nothing here logs or prints a password, a token or record content.
"""

from __future__ import annotations

import argparse
import csv
import getpass
import logging
import logging.config
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from server import config
from server.directory import AdminError
from server.logs import PLAIN, log_config

PASSWORD_ENV = "LPC_PASSWORD"


def _database_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database-url",
        help="SQLAlchemy URL, e.g. postgresql+psycopg://user@host/db "
        "(default: $DATABASE_URL, else SQLite in the data folder)",
    )
    parser.add_argument(
        "--data-dir",
        help="folder for the embedded SQLite store "
        "(default: $LPC_SERVER_DATA_DIR or ./server-data)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m server", description="LPC district server")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser(
        "serve", help="run the sync server", description="Run the sync server."
    )
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    serve.add_argument("--port", type=int, default=8080, help="port (default 8080)")
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="server processes sharing the port (default 1; 0: one per core). "
        "With SQLite they take turns to write; use PostgreSQL for more than one.",
    )
    serve.add_argument("--certfile", help="TLS certificate (PEM) to serve HTTPS directly")
    serve.add_argument("--keyfile", help="the certificate's private key (PEM)")
    serve.add_argument(
        "--trusted-proxy",
        action="append",
        metavar="ADDRESS",
        help="a reverse proxy whose X-Forwarded-For is believed (repeat for several); "
        "without one, the client address is the connection's",
    )
    serve.add_argument("--json-log", action="store_true", help="log one JSON object a line")
    serve.add_argument(
        "--metrics",
        action="store_true",
        help="answer Prometheus scrapes on /metrics (off unless given)",
    )
    _database_options(serve)

    admin = commands.add_parser(
        "admin",
        help="manage districts, users, schools and devices",
        description="Manage districts, users, schools and devices.",
    )
    _database_options(admin)
    actions = admin.add_subparsers(dest="action", required=True, metavar="ACTION")

    p = actions.add_parser(
        "create-district", help="add a police district", description="Add a police district."
    )
    p.add_argument("name")

    p = actions.add_parser(
        "create-user",
        help="add a user (password from a prompt or $LPC_PASSWORD)",
        description="Add a user. The password is asked for, or read from $LPC_PASSWORD.",
    )
    p.add_argument("name")
    p.add_argument("--role", required=True, choices=["officer", "supervisor", "admin"])
    p.add_argument("--district", required=True, help="the user's district (by name)")

    p = actions.add_parser(
        "import-schools",
        help="import schools from a CSV file into a district",
        description="Import schools from a CSV file with a header row. Columns: name "
        "(required), moe_number, school_type, roll, address, cluster, area, phone, notes. "
        "A school whose MoE number is already known is skipped.",
    )
    p.add_argument("file", type=Path)
    p.add_argument("--district", required=True)

    p = actions.add_parser(
        "assign",
        help="assign a school to a user",
        description="Assign a school (by MoE number, name or id) to a user.",
    )
    p.add_argument("user")
    p.add_argument("school")

    actions.add_parser("list-devices", help="list signed-in devices", description="List devices.")

    p = actions.add_parser(
        "revoke-device",
        help="revoke a device's token",
        description="Revoke a device's token (see list-devices for the id).",
    )
    p.add_argument("id", type=int)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "serve":
        logging.config.dictConfig(log_config(args.json_log))
    else:
        logging.basicConfig(level=logging.WARNING, format=PLAIN)
    url = config.database_url(args.database_url, args.data_dir)
    if args.command == "serve":
        from server.serve import ServeSettings, serve

        return serve(
            ServeSettings(
                database_url=url,
                host=args.host,
                port=args.port,
                workers=args.workers,
                certfile=args.certfile,
                keyfile=args.keyfile,
                trusted_proxies=args.trusted_proxy or [],
                json_log=args.json_log,
                metrics=args.metrics,
            )
        )
    return _admin(url, args)


def _password() -> str:
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env:
        return from_env
    first = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != first:
        raise AdminError("The passwords do not match.")
    return first


def _admin(url: str, args: argparse.Namespace) -> int:
    from server.db import open_database

    try:
        db = open_database(url)
    except Exception as err:
        print(
            f"Cannot open the database {config.redact(url)}: {type(err).__name__}", file=sys.stderr
        )
        return 2
    action: Callable[[argparse.Namespace], str] = _ACTIONS[args.action]
    try:
        with db.writing() as session:
            args.session = session
            message = action(args)
    except AdminError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    finally:
        db.dispose()
    print(message)
    return 0


def _create_district(args: argparse.Namespace) -> str:
    from server.directory import create_district

    district = create_district(args.session, args.name)
    return f"Created district “{district.name}”."


def _create_user(args: argparse.Namespace) -> str:
    from server.directory import create_user
    from server.models import District

    user = create_user(args.session, args.name, _password(), args.role, args.district)
    district = args.session.get(District, user.district_id)
    return f"Created {user.role} “{user.username}” in {district.name}."


def _import_schools(args: argparse.Namespace) -> str:
    from server.schools import import_schools

    try:
        with args.file.open(newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as err:
        raise AdminError(f"Cannot read {args.file}: {err.strerror}.") from None
    except UnicodeDecodeError:
        raise AdminError(f"{args.file} is not UTF-8 text; save it as CSV UTF-8.") from None
    added, skipped = import_schools(args.session, rows, args.district)
    return f"Imported {added} school(s) into {args.district}; skipped {skipped} already known."


def _assign(args: argparse.Namespace) -> str:
    from server.directory import assign, find_school, user_by_name
    from server.models import District

    user = user_by_name(args.session, args.user)
    school = find_school(args.session, args.school, args.session.get(District, user.district_id))
    if assign(args.session, user, school):
        return f"Assigned {school.name} to {user.username}."
    return f"{school.name} was already assigned to {user.username}."


def _list_devices(args: argparse.Namespace) -> str:
    from server.directory import list_devices

    rows = list_devices(args.session)
    if not rows:
        return "No devices have signed in yet."
    lines = [f"{'ID':>4}  {'USER':<20} {'DEVICE':<24} {'STATUS':<8} {'SIGNED IN':<21} LAST SEEN"]
    for d in rows:
        status = "revoked" if d.revoked else "active"
        lines.append(
            f"{d.id:>4}  {d.username[:20]:<20} {d.name[:24]:<24} {status:<8} "
            f"{d.created_at:<21} {d.last_seen_at}"
        )
    return "\n".join(lines)


def _revoke_device(args: argparse.Namespace) -> str:
    from server.directory import revoke_device

    device = revoke_device(args.session, args.id)
    return f"Revoked device {device.id}; it must sign in again to sync."


_ACTIONS: dict[str, Callable[[argparse.Namespace], str]] = {
    "create-district": _create_district,
    "create-user": _create_user,
    "import-schools": _import_schools,
    "assign": _assign,
    "list-devices": _list_devices,
    "revoke-device": _revoke_device,
}
