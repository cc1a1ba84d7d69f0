"""``python -m app doctor``: is the store usable? For IT staff and scripted checks."""

from __future__ import annotations

import argparse
import sqlite3
import sys

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from app import APP_NAME, __version__
from app.commands.common import open_for_command
from app.models import AuditEntry, LocalSetting
from app.services import migrate
from app.services.audit import ChainHead, verify_chain, verify_head
from app.services.keys import StoreKeyError, read_anchor, read_key_info
from app.services.schools import count_by_stage
from app.services.store import StoreError
from app.services.sync.state import AUDIT_PUSHED_KEY

HELP = "open (or create) the store, apply migrations, check integrity, count schools by stage"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--empty", action="store_true", help="create a new store empty instead of with demo data"
    )


def run(args: argparse.Namespace) -> int:
    try:
        opened = open_for_command(args, empty=args.empty)
    except (StoreError, StoreKeyError, SQLAlchemyError, sqlite3.Error, OSError) as exc:
        print(f"error: the store cannot be used: {exc}", file=sys.stderr)
        return 2
    store = opened.store
    try:
        print(f"{APP_NAME} {__version__}")
        print(f"Data folder:  {opened.paths.data_dir}")
        print(f"Database:     {store.path}")
        sqlite_version, cipher_version = store.engine_versions()
        print(f"SQLite:       {sqlite_version}")
        print(f"SQLCipher:    {cipher_version or 'not in use (store is not encrypted)'}")
        current, head = migrate.current_revision(store.engine), migrate.head_revision()
        print(f"Schema:       {current} (head {head})")
        if store.backup_made:
            print(f"Backup made before migrating: {store.backup_made}")
        if opened.seeded:
            print(f"Created demo data: {opened.seeded} fictional schools")
        integrity = store.integrity_check()
        print(f"Integrity:    {integrity}")
        if integrity != "ok":
            print("error: the integrity check failed; restore a backup", file=sys.stderr)
            return 3
        with store.session() as session:
            counts = count_by_stage(session)
            problems = verify_chain(session)
            # A cut trail is still a whole chain: compare its end with what was recorded
            # outside it (this computer's keyring, and what the district server received).
            anchored = ChainHead.decode(read_anchor(read_key_info(store.path)))
            acknowledged = session.get(LocalSetting, AUDIT_PUSHED_KEY)
            acknowledged_seq = int(acknowledged.value) if acknowledged else 0
            problems += verify_head(session, anchored, acknowledged_seq)
            entries = session.scalar(select(func.count()).select_from(AuditEntry)) or 0
        if problems:
            print(f"Audit trail:  {entries} entries, {len(problems)} PROBLEMS")
            for p in problems[:20]:
                print(f"  entry {p.seq}: {p.message}")
            print("error: the audit trail has been tampered with or damaged", file=sys.stderr)
            return 4
        print(f"Audit trail:  {entries} entries, chain intact")
        total = sum(counts.values())
        print(f"Schools:      {total}")
        for stage, n in counts.items():
            print(f"  Stage {stage.value} {stage.label:<38} {n:>5}")
        return 0
    finally:
        store.close()
