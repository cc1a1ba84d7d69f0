"""Entry point: ``python -m app`` opens the window; ``python -m app COMMAND`` runs headless."""

from __future__ import annotations

import argparse
import gc
import importlib
import importlib.util
import sys
from collections.abc import Sequence
from types import ModuleType

from app import APP_NAME, __version__
from app.commands import COMMAND_MODULES
from app.config import DATA_DIR_ENV


def _command_modules() -> dict[str, ModuleType]:
    found = {}
    for name in COMMAND_MODULES:
        qualified = f"app.commands.{name}"
        if importlib.util.find_spec(qualified) is not None:
            found[name.replace("_", "-")] = importlib.import_module(qualified)
    return found


def add_data_dir_option(parser: argparse.ArgumentParser, *, sub: bool = False) -> None:
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        # On a subcommand, a missing option must not overwrite one given before the command.
        default=argparse.SUPPRESS if sub else None,
        help=f"folder holding the database and settings (default: ${DATA_DIR_ENV} "
        "or the platform's user data folder)",
    )


def build_parser(with_commands: bool = True, with_names: bool = True) -> argparse.ArgumentParser:
    """``with_commands``: each command's own options (importing its module); else, with
    ``with_names``, the commands' names only; else no commands at all (see ``_window_args``)."""
    parser = argparse.ArgumentParser(
        prog="python -m app",
        description=f"{APP_NAME}: Police-School partnerships for Lead Police Contacts. "
        "With no command, opens the app window.",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    add_data_dir_option(parser)
    parser.add_argument(
        "--empty", action="store_true", help="start a new store empty instead of with demo data"
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="open the store, run migrations, render one document to a temporary folder, exit",
    )
    parser.set_defaults(command=None)
    if not (with_commands or with_names):
        return parser
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    if not with_commands:
        # Names only, so a mistyped command is answered with the real list of commands
        # without importing the command modules (main() loads them when one is named).
        for name in _command_names():
            sub.add_parser(name)
        return parser
    for name, module in _command_modules().items():
        cmd = sub.add_parser(name, help=module.HELP, description=module.HELP)
        add_data_dir_option(cmd, sub=True)
        module.add_arguments(cmd)
    return parser


def _window_args(argv: Sequence[str]) -> argparse.Namespace:
    """The options of opening the window, parsed without a sub-parser per command (about
    3 ms of the start-up). Anything else is parsed again with the commands' names, so a
    mistyped command or option is answered with argparse's message and the real list."""
    args, rest = build_parser(with_commands=False, with_names=False).parse_known_args(argv)
    if rest:
        build_parser(with_commands=False).parse_args(argv)  # exits with the message
    return args


def _names_a_command(argv: Sequence[str]) -> bool:
    """Whether the command modules are needed. Opening the window skips importing them
    (they pull in the whole service layer), which keeps start-up quick."""
    names = set(_command_names())
    return any(a in names or a in ("-h", "--help") for a in argv)


def _command_names() -> list[str]:
    return [n.replace("_", "-") for n in COMMAND_MODULES]


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv) if _names_a_command(argv) else _window_args(argv)
    if args.command:
        module = _command_modules()[args.command]
        status: int = module.run(args)
        return status
    if args.smoke:
        from app.smoke import run_smoke

        return run_smoke(args)
    # The window's collector (``app.ui.collector``) runs Python's cyclic collections on
    # the GUI thread only; switched off from here, none runs in the first read's thread
    # or during the imports below (about 3 ms before the window shows).
    gc.disable()
    # The first read (a passphrase store's scrypt, about 0.15 s of C outside the GIL)
    # starts before Qt is imported, so it runs beside the imports and the window's build.
    from app.services.early_read import start_first_read

    early = start_first_read(args.data_dir)
    from app.ui.launch import launch

    return launch(args, early)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
