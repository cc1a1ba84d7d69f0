"""``python -m app calendar --out FILE.ics``: the partnership's due dates for Outlook.

Agreement reviews, profile updates, plan reviews and activity due dates, one all-day event
each (see ``app.services.calendar_file`` for which dates go in and why). Importing a newer
file updates the events an earlier one made.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from app.commands.common import CommandError, existing_store, fail

HELP = "write the due dates (reviews, profiles, plan activities) as a calendar file (.ics)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out", metavar="FILE.ics", required=True, help="the calendar file to write"
    )


def run(args: argparse.Namespace) -> int:
    from app.services.calendar_file import write_calendar

    out = Path(args.out).expanduser()
    if out.suffix.lower() != ".ics":
        return fail(f"--out must name a calendar file ending in .ics, not “{out.name}”")
    if out.is_dir():
        return fail(f"--out names a folder ({out}); give a file name ending in .ics")
    try:
        store = existing_store(args)
    except CommandError as exc:
        return fail(str(exc), exc.status)
    try:
        try:
            written = write_calendar(store, out.resolve())
        except OSError as exc:
            return fail(f"the calendar could not be written to {out}: {exc}", 1)
        print(f"Calendar written: {written.path}")
        print(written.summary)
        return 0
    finally:
        store.close()
