"""``python -m app import-school-copy FILE``: take in a school's completed copy.

Without ``--accept`` the command only lists what the school changed, numbered, and stores
nothing: the officer reads the list, then runs it again naming the changes to keep
(``--accept 1 3``) or ``--accept-all``. Every change not named is left as it is. Text the
school typed outside the fields is listed and never imported.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.commands.common import CommandError, existing_store, fail
from app.config import AppPaths, AppSettings, resolve_data_dir
from app.services.school_copy import (
    CopyRefusedError,
    Review,
    apply_review,
    build_review,
    check_copy,
    open_returned_copy,
)

HELP = "take in a school's completed copy: list its changes, store the ones you accept"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="the .docx the school sent back")
    choose = parser.add_mutually_exclusive_group()
    choose.add_argument(
        "--accept", metavar="N", type=int, nargs="+", action="extend",
        help="store the changes with these numbers (as listed without this option)",
    )  # fmt: skip
    choose.add_argument("--accept-all", action="store_true", help="store every change listed")
    parser.add_argument(
        "--officer", metavar="NAME",
        help="who accepts the changes, for the history (default: the name in Preferences)",
    )  # fmt: skip


def print_review(review: Review) -> None:
    print(f"The copy sent to {review.school_name} on {review.sent_on}:")
    if not review.changes:
        print("  the school changed none of its fields")
    for c in review.changes:
        print(f"  {c.number}. {c.where} · {c.label} ({c.kind})")
        print(f"       now:    {c.current or '(empty)'}")
        print(f"       school: {c.school or '(removed)'}")
    for text in review.outside:
        print(f"  typed outside the fields (not imported): {text}")
    for note in review.notes:
        print(f"  note: {note}")


def run(args: argparse.Namespace) -> int:
    try:
        copy = open_returned_copy(Path(args.file).expanduser())
        store = existing_store(args)
    except CopyRefusedError as exc:
        return fail(str(exc))
    except CommandError as exc:
        return fail(str(exc), exc.status)
    try:
        with store.session() as session:
            check_copy(session, copy, None)
            review = build_review(session, copy)
        print_review(review)
        if not (args.accept or args.accept_all):
            if review.changes:
                print("Nothing stored. Run again with --accept N … or --accept-all.")
            return 0
        chosen = [c.number for c in review.changes] if args.accept_all else args.accept
        paths = AppPaths(resolve_data_dir(args.data_dir))
        officer = args.officer or AppSettings(paths).actor()
        result = apply_review(store, review, chosen, officer)
        if not result.ok:
            for error in result.errors:
                print(f"error: {error}", file=sys.stderr)
            return fail("nothing stored", 1)
        print(f"Stored {len(chosen)} change(s), accepted by {officer}.")
        return 0
    except CopyRefusedError as exc:
        return fail(str(exc))
    finally:
        store.close()
