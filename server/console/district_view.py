"""The district's partnerships as the server holds them, judged by the app's own rules.

The server stores every synced row as JSON. To count stages, overdue reviews and
activities, out-of-date profiles and agreements due, the district's records are applied
to a throwaway in-memory copy of the app's store (the same code a laptop uses when it
pulls) and read with the app's dashboard rules: one definition of "overdue" for the app
and the console, not two.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date

from sqlalchemy import create_engine, event, select
from sqlalchemy.orm import Session
from sqlalchemy.orm import Session as AppSession
from sqlalchemy.pool import StaticPool

from app.models import Base as AppBase
from app.services.dashboard import DashboardCounts, SchoolStatus, count, school_statuses
from app.services.district_report import DistrictSummary, build_summary
from app.services.sync.apply import apply_records
from server.models import Record, RegistrySchool
from server.pull import record_to_wire


@contextmanager
def district_store(session: Session, district_id: int) -> Iterator[AppSession]:
    """An in-memory app store holding every live record of the district's schools."""
    engine = create_engine("sqlite://", poolclass=StaticPool)

    @event.listens_for(engine, "connect")
    def _no_foreign_keys(dbapi_connection: object, _record: object) -> None:
        dbapi_connection.execute("PRAGMA foreign_keys = OFF")  # type: ignore[attr-defined]

    AppBase.metadata.create_all(engine)
    schools = select(RegistrySchool.id).where(RegistrySchool.district_id == district_id)
    rows = list(
        session.scalars(select(Record).where(Record.school_id.in_(schools)).order_by(Record.seq))
    )
    try:
        with AppSession(engine) as app_session:
            with app_session.begin():
                apply_records(app_session, [record_to_wire(r) for r in rows])
            yield app_session
    finally:
        engine.dispose()


def district_statuses(
    session: Session, district_id: int, today: date | None = None
) -> tuple[list[SchoolStatus], DashboardCounts]:
    with district_store(session, district_id) as app_session:
        rows = school_statuses(app_session, today)
    return rows, count(rows)


def district_summary(
    session: Session, district_id: int, district_name: str, start: date, end: date
) -> DistrictSummary:
    """The app's district summary (the one ``python -m app report`` writes) for a period."""
    with district_store(session, district_id) as app_session:
        summary = build_summary(app_session, start, end)
    return replace(summary, district=district_name)
