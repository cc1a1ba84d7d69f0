"""The narrow rows the schools list and the reminders are read from: plain SQL, decoded.

One source of rows for two callers. The ORM store hands over its session's connection
(``session_rows``); the start-up read hands over a bare, read-only SQLCipher connection
(``app.services.quick_list``). Rows, not ORM objects: a district has tens of thousands of
them, and building objects (or decoding every long text) was most of the time the
schools list took to appear. Values arrive as SQLite stores them (dates as ISO text,
booleans as 0/1) and are decoded here, the way the models' column types decode them.
Free of SQLAlchemy and Qt.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from app.models.vocabulary import ServiceTier

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

Rows = Callable[[str], Iterable[Sequence[Any]]]
"""Runs one SQL statement (no parameters) and gives its rows as tuples."""


def session_rows(session: Session) -> Rows:
    """The ORM store's rows, read in the session's own transaction, so what the session
    holds but has not committed is seen, as its own queries see it."""
    session.flush()
    connection = session.connection()
    return lambda sql: connection.exec_driver_sql(sql).all()


AGREEMENTS, PROFILES, PLANS, ACTIVITIES, REVIEWS = (
    "partnership_agreements",
    "school_profiles",
    "annual_plans",
    "plan_activities",
    "plan_reviews",
)


def day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def moment(value: str) -> datetime:
    """A ``UTCDateTime`` column: naive UTC in the file, aware UTC in the app."""
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


class SchoolRow(NamedTuple):
    id: str
    name: str
    moe_number: int | None
    cluster: str
    area: str
    roll: int | None
    archived: bool


class YearRow(NamedTuple):
    school_id: str
    year: int
    stage: int
    status: str


class AgreementRow(NamedTuple):
    id: str
    school_id: str
    agreed_on: date | None
    review_on: date | None
    created_at: datetime


class ProfileRow(NamedTuple):
    id: str
    school_id: str
    year: int
    prepared_on: date | None


class PlanRow(NamedTuple):
    id: str
    school_id: str
    year: int
    agreed_on: date | None
    created_at: datetime


class ActivityRow(NamedTuple):
    id: str
    school_id: str
    plan_id: str
    status: str
    due_on: date | None
    starts_on: date | None
    title: str
    horizon: str
    position: int
    is_deleted: bool = False


class ReviewRow(NamedTuple):
    plan_id: str
    reviewed_on: date
    is_deleted: bool = False


def read_schools(rows: Rows) -> list[SchoolRow]:
    sql = "SELECT id, name, moe_number, cluster, area, roll, archived FROM schools"
    return [
        SchoolRow(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6]))
        for r in rows(sql + " WHERE deleted_at IS NULL")
    ]


def read_statuses(rows: Rows) -> dict[str, str]:
    sql = "SELECT school_id, status FROM partnerships WHERE deleted_at IS NULL"
    return {school_id: status for school_id, status in rows(sql)}


def read_current_years(rows: Rows) -> dict[str, YearRow]:
    """Each school's latest live year (SQLite takes the bare columns from the max row)."""
    sql = (
        "SELECT school_id, max(year), stage, status FROM partnership_years "
        "WHERE deleted_at IS NULL GROUP BY school_id"
    )
    return {r[0]: YearRow(*r) for r in rows(sql)}


def services_by_school(rows: Rows) -> dict[str, tuple[str, ...]]:
    """Each school's kinds of Police service (values), in the operating model's order."""
    held: dict[str, set[str]] = {}
    sql = "SELECT school_id, tier FROM school_services WHERE deleted_at IS NULL"
    for school_id, tier in rows(sql):
        held.setdefault(school_id, set()).add(tier)
    order = [t.value for t in ServiceTier]
    return {sid: tuple(t for t in order if t in tiers) for sid, tiers in held.items()}


LIVE_COLUMNS = {
    AGREEMENTS: "id, school_id, agreed_on, review_on, created_at",
    PROFILES: "id, school_id, year, prepared_on",
    PLANS: "id, school_id, year, agreed_on, created_at",
    ACTIVITIES: "id, school_id, plan_id, status, due_on, starts_on, title, horizon, position",
    REVIEWS: "plan_id, school_id, reviewed_on",
}
"""The columns the reminder rules read from each table (``school_id`` second)."""


def live_sql(table: str) -> str:
    return f"SELECT {LIVE_COLUMNS[table]} FROM {table} WHERE deleted_at IS NULL"


def live(rows: Rows, table: str, open_ids: set[str]) -> list[Sequence[Any]]:
    """The live rows of an open partnership's school."""
    return [r for r in rows(live_sql(table)) if r[1] in open_ids]
