"""Each school's standing as the server holds it: stage and status of its current
partnership year, overdue plan reviews and activities, agreement review due, profile out
of date, needs-audit level, and its outcome results.

Built from the records laptops synced, through the rules the desktop applies
(``lpc_core.rules``, ``lpc_core.reviews``), into the same ``SchoolStatus`` the desktop's
district view and summary use, so the console and a laptop never disagree about what is
overdue. Only school-level records are read; nothing here is about a student.

The server does not hold when a row was created (that stays on the laptop), so where the
desktop breaks a tie by creation time (two agreements agreed the same day; a plan's
review clock when neither the plan nor its actions carry a date) the server uses when the
record first reached it (its first change in the change log; for a record older than
the log, when it last changed).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.vocabulary import Role, ServiceTier, Stage, school_year_of
from lpc_core.converters import converters
from lpc_core.district import OutcomePoint, OutcomeSeries, SchoolStatus
from lpc_core.formatting import sort_key
from lpc_core.reviews import reviews_due
from lpc_core.rules import (
    activity_overdue,
    agreed_level,
    agreement_in_force,
    agreement_review_due,
    partnership_open,
    plan_counts,
    profile_date,
    profile_out_of_date,
    shown_status,
    signed_copy_of,
)
from server.models import ChangeLog, Record, RegistrySchool

STANDING_TABLES = (
    "schools",
    "partnerships",
    "partnership_years",
    "partnership_agreements",
    "school_profiles",
    "annual_plans",
    "plan_activities",
    "plan_reviews",
    "people",
    "needs_audits",
    "school_services",
    "attachments",
)
OUTCOME_TABLES = ("outcomes", "outcome_measurements")


@dataclass(frozen=True, slots=True)
class Row:
    """One live synced record; a field is decoded from the wire when it is read (most
    are never read here, and decoding every one was a fifth of the overview's time)."""

    id: str
    table: str
    fields: dict[str, Any]  # as on the wire
    arrived_at: datetime  # when it first reached the server (see the module docstring)
    seq: int

    def __getattr__(self, name: str) -> Any:
        """Field access as on a model row, so the shared rules read a record as they read
        the desktop's rows (``plan.year``, ``activity.starts_on``). A field the record does
        not carry (pushed by an older app version) reads as None, as an empty column would."""
        if name.startswith("_"):
            raise AttributeError(name)
        if name == "created_at":
            return self.arrived_at
        value = self.fields.get(name)
        decode = converters(self.table).get(name)
        return value if decode is None else decode(value)

    @property
    def is_deleted(self) -> bool:
        return False  # only live records are read


SchoolRows = dict[str, list[Row]]  # table name -> that school's live records


def read_rows(
    session: Session, school_ids: Sequence[str], tables: Sequence[str] = STANDING_TABLES
) -> dict[str, SchoolRows]:
    """The live records of ``tables`` for each school, oldest change first."""
    found: dict[str, SchoolRows] = defaultdict(lambda: defaultdict(list))
    if not school_ids:
        return found
    first_seen = _first_seen(session, school_ids, [t for t in tables if t in DATED_BY_ARRIVAL])
    query = (
        select(Record.table_name, Record.school_id, Record.row_id, Record.fields)
        .add_columns(Record.updated_at, Record.seq)
        .where(
            Record.school_id.in_(school_ids),
            Record.table_name.in_(tables),
            Record.deleted.is_(False),
        )
        .order_by(Record.seq)
    )
    for table, school_id, row_id, fields, changed_at, seq in session.execute(query):
        arrived_at = first_seen.get((table, row_id), changed_at)
        found[school_id][table].append(Row(row_id, table, fields, arrived_at, seq))
    return found


DATED_BY_ARRIVAL = ("annual_plans", "partnership_agreements")
"""The tables whose creation time a rule reads (see the module docstring)."""


def _first_seen(
    session: Session, school_ids: Sequence[str], tables: Sequence[str]
) -> dict[tuple[str, str], datetime]:
    if not tables:
        return {}
    query = (
        select(ChangeLog.table_name, ChangeLog.row_id, func.min(ChangeLog.received_at))
        .join(
            Record,
            (Record.table_name == ChangeLog.table_name) & (Record.row_id == ChangeLog.row_id),
        )
        .where(Record.school_id.in_(school_ids), ChangeLog.table_name.in_(tables))
        .group_by(ChangeLog.table_name, ChangeLog.row_id)
    )
    return {(table, row_id): at for table, row_id, at in session.execute(query)}


def is_live(rows: SchoolRows) -> bool:
    """Not archived (a school whose record has not arrived yet is live)."""
    return not any(r.archived for r in rows.get("schools", ()))


def has_partnership(rows: SchoolRows) -> bool:
    """Whether a laptop has synced the school's partnership or a year of it yet."""
    return bool(rows.get("partnerships") or rows.get("partnership_years"))


def _latest(rows: SchoolRows, table: str) -> Row | None:
    found = rows.get(table, [])
    return found[-1] if found else None


def _overdue(rows: SchoolRows, current_year: int | None, today: date) -> tuple[int, int]:
    """Overdue (plan reviews, activities) of the plans that count: the current year's."""
    plans = [p for p in rows.get("annual_plans", []) if plan_counts(p.year, current_year)]
    ids = {p.id for p in plans}
    acts = [a for a in rows.get("plan_activities", []) if a.plan_id in ids]
    late_acts = sum(1 for a in acts if activity_overdue(a.status or "", a.due_on, today))
    reviews = rows.get("plan_reviews", [])
    late_reviews = sum(
        1
        for plan in plans
        for due in reviews_due(plan, acts, [r for r in reviews if r.plan_id == plan.id], today)
        if due.overdue(today)
    )
    return late_reviews, late_acts


def school_status(school: RegistrySchool, rows: SchoolRows, today: date) -> SchoolStatus:
    """One school's standing as at ``today``, by the desktop's rules."""
    record = _latest(rows, "schools")
    partnership = _latest(rows, "partnerships")
    partnership_status = partnership.status if partnership else None
    years = rows.get("partnership_years", [])
    current = max(years, key=lambda y: y.year) if years else None
    open_ = partnership_open(partnership_status)
    agreement = agreement_in_force(
        rows.get("partnership_agreements", []),
        current.year if current else school_year_of(today),
    )
    review_on = agreement.review_on if agreement else None
    signed = {
        signed_copy_of(a.kind, a.linked_table, a.linked_id) for a in rows.get("attachments", [])
    }
    made = [
        profile_date(p.prepared_on, p.year)
        for p in rows.get("school_profiles", [])
        if p.prepared_on or p.year
    ]
    late_reviews, late_acts = _overdue(rows, current.year if current else None, today)
    audits = [a for a in rows.get("needs_audits", []) if (a.assessed_on or date.max) <= today]
    audit = max(audits, key=lambda a: (a.assessed_on, a.arrived_at), default=None)
    lead = Role.LEAD_POLICE_CONTACT.value
    tiers = {s.tier for s in rows.get("school_services", [])}
    return SchoolStatus(
        id=school.id,
        name=school.name,
        moe_number=school.moe_number,
        area=str(record.area or "") if record else "",
        cluster=str(record.cluster or "") if record else "",
        officers=tuple(
            sorted(
                (p.name for p in rows.get("people", []) if p.role == lead),
                key=sort_key,
            )
        ),
        stage=Stage(int(current.stage or 1)) if current else Stage.RELATIONSHIP,
        status=shown_status(partnership_status, current.status if current else None),
        level=agreed_level(audit.accepted_level, audit.suggested_level) if audit else None,
        suggested_level=agreed_level(None, audit.suggested_level) if audit else None,
        audited_on=audit.assessed_on if audit else None,
        overdue_reviews=late_reviews if open_ else 0,
        overdue_activities=late_acts if open_ else 0,
        agreement_review_on=review_on,
        agreement_due=open_ and agreement_review_due(review_on, today),
        profile_out_of_date=open_ and profile_out_of_date(max(made, default=None), today),
        services=tuple(t.value for t in ServiceTier if t.value in tiers),
        signed_copy=agreement is not None and agreement.id in signed,
    )


def outcome_series(by_school: dict[str, SchoolRows]) -> list[OutcomeSeries]:
    """Every school's agreed outcomes with their measurements, in the order they arrived."""
    series = []
    for school_id, rows in by_school.items():
        points: dict[str, list[OutcomePoint]] = defaultdict(list)
        for m in rows.get("outcome_measurements", []):
            points[m.outcome_id].append(OutcomePoint(m.measured_on, m.value, m.note or ""))
        for o in rows.get("outcomes", []):
            series.append(
                OutcomeSeries(
                    outcome_id=o.id,
                    school_id=school_id,
                    description=o.description or "",
                    measure=o.measure or "",
                    unit=o.unit or "",
                    baseline=o.baseline,
                    target=o.target,
                    points=tuple(sorted(points.get(o.id, []), key=lambda p: p.on)),
                )
            )
    return series
