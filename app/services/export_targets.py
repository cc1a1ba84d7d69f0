"""Which files an export would write, so the officer can be asked once, before it starts.

The exporter can ask per file through a callback, but that would stop a worker thread
mid-export to wait for a dialog. Looking first lets the window ask a single question
(overwrite, keep both or skip) and hand the answer to the exporter as its policy.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from app.models import School
from app.services.export.context import load_context
from app.services.export.empty import empty_reason
from app.services.export.naming import document_file_name
from app.services.store import Store
from app.services.years import current_year, list_years
from app.templates.fields import DocumentKind


def _planned(
    store: Store,
    school_ids: Sequence[str],
    kinds: Sequence[DocumentKind],
    out_dir: Path,
    pdf: bool,
    today: date,
    include_empty: bool,
    keep: Callable[[Path], bool],
    year: int | None,
) -> list[Path]:
    suffixes = (".docx", ".pdf") if pdf else (".docx",)
    paths: list[Path] = []
    with store.session() as session:
        for school_id in school_ids:
            school = session.get(School, school_id)
            if school is None or school.is_deleted:
                continue
            years = [y.year for y in list_years(session, school_id)]
            if year is not None and year not in years:
                continue  # the exporter leaves out a school without the year asked for
            shown = year if year is not None else current_year(session, school_id)
            names = {
                kind: [
                    out_dir / document_file_name(school.name, kind, today, s, shown)
                    for s in suffixes
                ]
                for kind in kinds
            }
            kept = {kind: [p for p in found if keep(p)] for kind, found in names.items()}
            if not include_empty and any(kept.values()):  # only then is reading worth it
                context = load_context(session, school_id, today, year)
                kept = {k: found for k, found in kept.items() if not empty_reason(context, k)}
            paths += [p for found in kept.values() for p in found]
    return paths


def planned_files(
    store: Store,
    school_ids: Sequence[str],
    kinds: Sequence[DocumentKind],
    out_dir: Path,
    pdf: bool = False,
    today: date | None = None,
    include_empty: bool = True,
    year: int | None = None,
) -> list[Path]:
    """The paths ``export_schools`` would write with these options, in export order;
    without ``include_empty``, less the documents it would leave out as empty."""
    today = today or date.today()
    return _planned(store, school_ids, kinds, out_dir, pdf, today, include_empty, _always, year)


def existing_files(
    store: Store,
    school_ids: Sequence[str],
    kinds: Sequence[DocumentKind],
    out_dir: Path,
    pdf: bool = False,
    today: date | None = None,
    include_empty: bool = True,
    year: int | None = None,
) -> list[Path]:
    """The planned files that are already there. Whether a document is empty is only
    looked at for a school with such a file, so the usual case reads no records."""
    today = today or date.today()
    return _planned(store, school_ids, kinds, out_dir, pdf, today, include_empty, Path.exists, year)


def _always(_path: Path) -> bool:
    return True


def school_names(store: Store, school_ids: Sequence[str]) -> list[str]:
    """The names of the schools, in the order given (for the export window's heading)."""
    with store.session() as session:
        found = (session.get(School, school_id) for school_id in school_ids)
        return [s.name for s in found if s is not None and not s.is_deleted]


def partnership_years(store: Store, school_ids: Sequence[str]) -> list[int]:
    """Every partnership year any of the schools has, newest first (the export window's
    year choice; a school without the year chosen is left out of that export)."""
    with store.session() as session:
        return sorted(
            {y.year for school_id in school_ids for y in list_years(session, school_id)},
            reverse=True,
        )
