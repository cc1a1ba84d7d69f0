"""Partnership years through a real server process: a school rolled over to year 2 on one
laptop arrives on a second with both years, a year-2 edit lands in year 2 there, and a
client from before years is refused with the schema-mismatch message."""

from __future__ import annotations

from datetime import date

import pytest

from app.config import load_settings
from app.models import OutboxEntry, PartnershipYear, ResponseAim, SaraPlan, School
from app.models.vocabulary import Stage
from app.services import workspace
from app.services.records import load_school
from app.services.sync import SchemaMismatchError
from app.services.sync.account import load_token
from app.services.sync.client import ApiClient
from app.services.sync.engine import SyncEngine
from app.services.unit_of_work import UnitOfWork
from app.services.years import NextYearChoices, list_years, start_next_year
from tests.services.helpers import add_school, fill_stage_one, fill_stage_two
from tests.services.sync.devices import get_row
from tests.services.sync.live import Live

YEAR_1, YEAR_2 = 2025, 2026


def test_a_year_two_edit_reaches_a_second_laptop_in_year_two(live: Live) -> None:
    laptop = live.device("laptop", live.users.officer)
    office = live.device("office", live.users.supervisor)
    school_id = add_school(
        laptop.store, "Rātā Street School", district="Waitematā", started_on=date(YEAR_1, 2, 3)
    )
    fill_stage_one(laptop.store, school_id, date(YEAR_1, 11, 1))
    fill_stage_two(laptop.store, school_id)
    workspace.mark_stage_complete(laptop.store, "t", school_id, Stage.RELATIONSHIP)
    with UnitOfWork(laptop.store) as uow:
        start_next_year(uow, school_id, NextYearChoices(draft_aims=("Survey whānau in Term 1",)))
    laptop.sync()
    office.sync()
    with office.store.session() as session:
        years = list_years(session, school_id)
        assert [y.year for y in years] == [YEAR_1, YEAR_2]
        assert years[0].stage1_completed_on is not None and years[1].stage1_completed_on is None
        (aim,) = load_school(session, school_id, YEAR_2).aims
        assert aim.statement == "Survey whānau in Term 1"
        assert load_school(session, school_id, YEAR_1).aims == []
        plan_id = load_school(session, school_id, YEAR_1).sara_plans[0].id

    # The office starts year 2's SARA plan and edits the draft aim; both land in year 2
    # on the laptop, and year 1's plan is untouched.
    with UnitOfWork(office.store) as uow:
        sara = uow.add(SaraPlan, school_id=school_id, title="Year two: the bus stop again")
        uow.update(uow.get(ResponseAim, aim.id), measure="families surveyed")
        sara_id = sara.id
    workspace.mark_stage_complete(office.store, "t", school_id, Stage.RELATIONSHIP)
    office.sync()
    laptop.sync()
    mine = get_row(laptop.store, "sara_plans", sara_id)
    assert (mine.year, mine.title) == (YEAR_2, "Year two: the bus stop again")
    assert get_row(laptop.store, "response_aims", aim.id).measure == "families surveyed"
    assert get_row(laptop.store, "sara_plans", plan_id).year == YEAR_1
    with laptop.store.session() as session:
        records = load_school(session, school_id)
        assert records.year == YEAR_2
        assert [p.title for p in records.sara_plans] == ["Year two: the bus stop again"]
        year_two = session.get(PartnershipYear, records.partnership_year.id)  # type: ignore[union-attr]
        assert year_two is not None and year_two.stage1_completed_on is not None
        assert year_two.stage == Stage.ANALYSIS


def test_a_client_from_before_years_is_refused_and_nothing_travels(live: Live) -> None:
    laptop = live.device("laptop", live.users.officer)
    office = live.device("office", live.users.supervisor)
    add_school(laptop.store, "Kōwhai School")
    settings = load_settings(laptop.paths)
    token = load_token(settings.server_url, settings.username) or ""
    with ApiClient(live.server.url, token) as api:
        api._http.headers["X-LPC-Schema"] = "0011"  # the schema before partnership years
        with pytest.raises(SchemaMismatchError, match="Update the app"):
            SyncEngine(laptop.store, api).sync()
    assert laptop.count(OutboxEntry) == 3  # the school, its partnership and year: all kept
    office.sync()
    assert office.count(School) == 0  # never half-synced
