"""``python -m app export``: write the partnership documents without opening the window.

For an officer's batch run or a district script, e.g.
``python -m app export --out ~/Documents/LPC --school "Kōwhai Grove School" --doc agreement --pdf``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.commands.common import CommandError, existing_store, fail, year_arg
from app.services.export import (
    DocumentKind,
    ExportError,
    ExportOptions,
    OverwritePolicy,
    PdfConversionError,
    all_school_ids,
    document_kind,
    export_schools,
    find_schools,
    pdf_unavailable_reason,
)
from app.services.school_copy import send_school_copy

HELP = "write partnership documents (.docx, optionally .pdf) for some or all schools"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", metavar="DIR", required=True, help="folder to write into")
    parser.add_argument(
        "--school",
        metavar="NAME_OR_MOE_NUMBER",
        nargs="+",
        action="extend",
        help="school name or Ministry of Education number (default: every current school)",
    )
    parser.add_argument(
        "--doc",
        metavar="DOC",
        nargs="+",
        action="extend",
        type=_kind,
        help="which documents: " + ", ".join(k.value for k in DocumentKind) + " (default: all)",
    )
    parser.add_argument(
        "--year",
        metavar="YEAR",
        type=year_arg,
        help="partnership year to export, for example 2025 (default: each school's current "
        "year); schools without that year are left out",
    )
    parser.add_argument("--pdf", action="store_true", help="also make a PDF of each document")
    parser.add_argument(
        "--for-school",
        action="store_true",
        help="instead, write one fillable copy per school (agreement, profile, reflection) "
        "for the school to complete and send back (see import-school-copy)",
    )
    parser.add_argument(
        "--template-dir", metavar="DIR", help="folder of district templates to use if clean"
    )
    parser.add_argument(
        "--include-empty",
        action="store_true",
        help="also write documents with nothing recorded yet (left out and listed by default)",
    )
    parser.add_argument(
        "--if-exists",
        choices=[p.value for p in OverwritePolicy if p is not OverwritePolicy.ASK],
        default=OverwritePolicy.UNIQUE.value,
        help="when a file of the same name exists: write beside it with a number (unique, "
        "the default), leave it alone (skip), or replace it (overwrite)",
    )


def _kind(value: str) -> DocumentKind:
    try:
        return document_kind(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def run(args: argparse.Namespace) -> int:
    if args.for_school and (args.pdf or args.doc or args.template_dir):
        return fail("--for-school writes one fillable copy per school: --doc, --pdf and "
                    "--template-dir do not apply to it")  # fmt: skip
    if args.pdf and (reason := pdf_unavailable_reason()):
        return fail(reason)
    template_dir = Path(args.template_dir).expanduser() if args.template_dir else None
    if template_dir is not None and not template_dir.is_dir():
        return fail(f"the template folder {template_dir} does not exist")
    kinds = tuple(dict.fromkeys(args.doc or DocumentKind))
    options = ExportOptions(
        out_dir=Path(args.out).expanduser(),
        kinds=kinds,
        policy=OverwritePolicy(args.if_exists),
        pdf=args.pdf,
        template_dir=template_dir,
        include_empty=args.include_empty,
        year=args.year,
    )
    try:
        store = existing_store(args)
    except CommandError as exc:
        return fail(str(exc), exc.status)
    try:
        with store.sessions() as session:
            if args.school:
                try:
                    school_ids = [s.id for s in find_schools(session, args.school)]
                except LookupError as exc:
                    return fail(str(exc))
            else:
                school_ids = all_school_ids(session)
        if not school_ids:
            return fail("there are no schools to export")
        if args.for_school:
            for school_id in school_ids:
                print(send_school_copy(store, school_id, options.out_dir)[0])
            return 0
        try:
            result = export_schools(store, school_ids, options)
        except (ExportError, PdfConversionError, OSError) as exc:
            return fail(str(exc), 1)
        for message in result.messages:
            print(message, file=sys.stderr)
        for exported in result.files:
            if exported.written:
                print(exported.path)
            else:
                print(f"skipped (already exists): {exported.path}", file=sys.stderr)
        for left_out in result.left_out:
            print(f"left out (empty): {left_out}", file=sys.stderr)
        if result.left_out:
            print("(--include-empty writes them anyway)", file=sys.stderr)
        return 0
    finally:
        store.close()
