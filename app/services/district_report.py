"""The district summary from this store: every school's stage, level, overdue items and
outcome results for a chosen period, written as one Word document and two CSV files
(schools, outcome results). What goes in the cells and how the files are laid out is
``lpc_core.district_summary``, shared with the district server's console.

Files are written whole or not at all (temporary file, then rename) and an existing file
is only replaced when asked.

Period rules: overdue items, needs audits and plan reviews are taken as at the end of the
period (or today, if the period runs on past today); outcome results are the latest
measured inside the period. Stage and status are as recorded now.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import PlanReview, School
from app.services.dashboard import count, outcome_series, school_statuses
from app.services.export.naming import OverwritePolicy, WriteOutcome, safe_name, write_file
from app.services.store import Store
from lpc_core.district import DistrictSummary, outcome_lines, period_as_of
from lpc_core.district_summary import (
    DOC_OUTCOME_COLUMNS,
    DOC_SCHOOL_COLUMNS,
    OUTCOME_COLUMNS,
    SCHOOL_COLUMNS,
    SHORT_HEADERS,
    outcomes_csv,
    schools_csv,
    summary_docx,
)

__all__ = [
    "DOC_OUTCOME_COLUMNS",
    "DOC_SCHOOL_COLUMNS",
    "OUTCOME_COLUMNS",
    "SCHOOL_COLUMNS",
    "SHORT_HEADERS",
    "build_summary",
    "summary_docx",
    "write_district_report",
]


def build_summary(
    session: Session,
    start: date,
    end: date,
    today: date | None = None,
    year: int | None = None,
) -> DistrictSummary:
    today = today or date.today()
    as_of = period_as_of(start, end, today)
    statuses = school_statuses(session, as_of, year)
    names = {s.id: s.name for s in statuses}
    reviews = Counter(
        r.school_id
        for r in session.scalars(select(PlanReview).where(PlanReview.deleted_at.is_(None)))
        if start <= r.reviewed_on <= end
    )
    districts = Counter(
        s.district
        for s in session.scalars(select(School).where(School.deleted_at.is_(None)))
        if s.district
    )
    return DistrictSummary(
        start=start,
        end=end,
        as_of=as_of,
        prepared_on=today,
        district=districts.most_common(1)[0][0] if districts else "",
        schools=statuses,
        reviews_in_period=dict(reviews),
        counts=count(statuses),
        outcomes=outcome_lines(outcome_series(session), names, start, end),
        year=year,
    )


# -- writing the files --------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class WrittenFile:
    path: Path
    outcome: WriteOutcome


def report_stem(start: date, end: date) -> str:
    return safe_name(f"District summary {start.isoformat()} to {end.isoformat()}")


def write_district_report(
    store: Store,
    out_dir: Path,
    start: date,
    end: date,
    today: date | None = None,
    policy: OverwritePolicy = OverwritePolicy.UNIQUE,
    year: int | None = None,
) -> list[WrittenFile]:
    """Write the .docx and the two CSV files; returns each file with what happened to it.
    ``year``: show each school's stage in that partnership year (default: its current)."""
    with store.session() as session:
        summary = build_summary(session, start, end, today, year)
    stem = report_stem(start, end)
    files = (
        (f"{stem}.docx", summary_docx(summary)),
        (f"{stem} - schools.csv", schools_csv(summary)),
        (f"{stem} - outcomes.csv", outcomes_csv(summary)),
    )
    written = []
    for name, data in files:
        path, outcome = write_file(out_dir / name, data, policy)
        written.append(WrittenFile(path, outcome))
    return written
