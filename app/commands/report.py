"""``python -m app report``: the district summary (.docx and CSV) without opening the window.

For example ``python -m app report --out ~/Documents/LPC --from 01/01/2026 --to 30/06/2026``.
Without dates the period is this calendar year so far.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from app.commands.common import CommandError, existing_store, fail, year_arg
from app.services.export.naming import OverwritePolicy, WriteOutcome
from lpc_core.formatting import parse_nz_date

HELP = "write the district summary (.docx and CSV) of every school for a period"


def _date(value: str) -> date:
    try:
        return parse_nz_date(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{value}” is not a date; use dd/mm/yyyy") from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", metavar="DIR", required=True, help="folder to write into")
    parser.add_argument(
        "--from",
        dest="start",
        metavar="DD/MM/YYYY",
        type=_date,
        help="first day of the period (default: 1 January this year)",
    )
    parser.add_argument(
        "--to",
        dest="end",
        metavar="DD/MM/YYYY",
        type=_date,
        help="last day of the period (default: today)",
    )
    parser.add_argument(
        "--year",
        metavar="YEAR",
        type=year_arg,
        help="partnership year to report on: stages as in that year, and the period "
        "1 January to 31 December of it unless --from/--to say otherwise",
    )
    parser.add_argument(
        "--if-exists",
        choices=[p.value for p in OverwritePolicy if p is not OverwritePolicy.ASK],
        default=OverwritePolicy.UNIQUE.value,
        help="when a file of the same name exists: write beside it with a number (unique, "
        "the default), leave it alone (skip), or replace it (overwrite)",
    )


def run(args: argparse.Namespace) -> int:
    from app.services.district_report import write_district_report

    today = date.today()
    year_end = date(args.year, 12, 31) if args.year else today
    end: date = args.end or year_end
    start: date = args.start or date(args.year or end.year, 1, 1)
    if end < start:
        return fail("--to is before --from; the period must end on or after its start")
    try:
        store = existing_store(args)
    except CommandError as exc:
        return fail(str(exc), exc.status)
    try:
        try:
            files = write_district_report(
                store,
                Path(args.out).expanduser(),
                start,
                end,
                today=today,
                policy=OverwritePolicy(args.if_exists),
                year=args.year,
            )
        except OSError as exc:
            return fail(f"the report could not be written: {exc}", 1)
        for f in files:
            if f.outcome is WriteOutcome.SKIPPED:
                print(f"skipped (already exists): {f.path}", file=sys.stderr)
            else:
                print(f.path)
        return 0
    finally:
        store.close()
