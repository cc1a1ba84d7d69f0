"""Which files an export would write, so the officer can be asked once, before it starts.

The exporter can ask per file through a callback, but that would stop a worker thread
mid-export to wait for a dialog. Looking first lets the window ask a single question
(overwrite, keep both or skip) and hand the answer to the exporter as its policy.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from app.models import School
from app.services.export.naming import document_file_name
from app.services.store import Store
from app.templates.fields import DocumentKind


def planned_files(
    store: Store,
    school_ids: Sequence[str],
    kinds: Sequence[DocumentKind],
    out_dir: Path,
    pdf: bool = False,
    today: date | None = None,
) -> list[Path]:
    """The paths ``export_schools`` would write with these options, in export order."""
    today = today or date.today()
    suffixes = (".docx", ".pdf") if pdf else (".docx",)
    paths: list[Path] = []
    with store.session() as session:
        for school_id in school_ids:
            school = session.get(School, school_id)
            if school is None or school.is_deleted:
                continue
            for kind in kinds:
                for suffix in suffixes:
                    paths.append(out_dir / document_file_name(school.name, kind, today, suffix))
    return paths


def existing_files(
    store: Store,
    school_ids: Sequence[str],
    kinds: Sequence[DocumentKind],
    out_dir: Path,
    pdf: bool = False,
    today: date | None = None,
) -> list[Path]:
    """The planned files that are already there."""
    return [p for p in planned_files(store, school_ids, kinds, out_dir, pdf, today) if p.exists()]


def school_names(store: Store, school_ids: Sequence[str]) -> list[str]:
    """The names of the schools, in the order given (for the export window's heading)."""
    with store.session() as session:
        found = (session.get(School, school_id) for school_id in school_ids)
        return [s.name for s in found if s is not None and not s.is_deleted]
