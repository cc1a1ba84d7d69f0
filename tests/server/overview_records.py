"""A laptop's district with something overdue, synced to a test server: one school with
a plan review and an activity overdue, its agreement review past and its only profile
two years old (and an area typed like a spreadsheet formula), and one with nothing
overdue (next year's agreement already typed in). Used by the console's figure and browser tests."""

from __future__ import annotations

from datetime import date, timedelta

from app.config import AppPaths, AppSettings
from app.models import AnnualPlan, PartnershipAgreement, Person, PlanActivity, SchoolProfile
from app.models.vocabulary import ActionHorizon, Role
from app.services.dashboard import school_statuses
from app.services.store import Store
from app.services.sync import run_sync
from app.services.sync.account import sign_in
from app.services.unit_of_work import UnitOfWork
from lpc_core.district import SchoolStatus
from tests.server_harness import RunningServer, SeededUsers
from tests.services.helpers import add_school

TODAY = date.today()
DAY = timedelta(days=1)
LATE, KEPT = "Kōwhai Primary", "Rimu School"
FORMULA_AREA = '=HYPERLINK("http://example.invalid")'


def _late_school(store: Store) -> str:
    """A school with one plan review and one activity overdue, its agreement review past
    and its only profile two years old (and an area typed like a spreadsheet formula)."""
    school_id = add_school(store, LATE, area=FORMULA_AREA, cluster="Kāhui Ako o Ōrewa")
    with UnitOfWork(store, "test") as uow:
        uow.add(
            Person, school_id=school_id, name="Const. Aroha Ngata", role=Role.LEAD_POLICE_CONTACT
        )
        uow.add(
            PartnershipAgreement,
            school_id=school_id,
            agreed_on=TODAY - 400 * DAY,
            review_on=TODAY - 10 * DAY,
        )
        uow.add(
            SchoolProfile,
            school_id=school_id,
            year=TODAY.year - 2,
            prepared_on=TODAY - 700 * DAY,
        )
        plan = uow.add(AnnualPlan, school_id=school_id, year=TODAY.year, agreed_on=TODAY - 60 * DAY)
        uow.add(
            PlanActivity,
            school_id=school_id,
            plan_id=plan.id,
            position=0,
            title="Road safety talk with the road patrol",
            status="planned",
            horizon=ActionHorizon.SHORT_TERM.value,
            starts_on=TODAY - 60 * DAY,
            due_on=TODAY - DAY,
        )
    return school_id


def _kept_school(store: Store) -> str:
    """A school with nothing overdue. Next year's agreement is already typed in, dated
    into that year: it is not in force yet, so this year's review date is the one shown."""
    school_id = add_school(store, KEPT)
    with UnitOfWork(store, "test") as uow:
        uow.add(
            PartnershipAgreement,
            school_id=school_id,
            agreed_on=TODAY - 30 * DAY,
            review_on=TODAY + 300 * DAY,
        )
        uow.add(
            PartnershipAgreement,
            school_id=school_id,
            agreed_on=date(TODAY.year + 1, 2, 1),
            review_on=date(TODAY.year + 2, 1, 20),
        )
        uow.add(SchoolProfile, school_id=school_id, year=TODAY.year, prepared_on=TODAY - 20 * DAY)
    return school_id


def sync_overdue_schools(
    store: Store, paths: AppPaths, server: RunningServer, users: SeededUsers
) -> tuple[str, str, dict[str, SchoolStatus]]:
    """Both schools made on ``store`` as ``users.officer`` and synced: their ids, and
    what the desktop's district view says of each (to check the console against)."""
    settings = AppSettings(paths)
    sign_in(settings, store.device_id, server.url, users.officer, users.password)
    late, kept = _late_school(store), _kept_school(store)
    run_sync(store, settings)
    with store.session() as session:
        return late, kept, {s.id: s for s in school_statuses(session, TODAY)}
