"""The start-up read of the schools list (straight from the SQLCipher file, before the ORM
store opens) gives exactly the list a normal refresh gives, and declines, without writing
anything, whenever the store is not as a normal start finds it."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app.models import (
    AnnualPlan,
    Partnership,
    PartnershipAgreement,
    PartnershipYear,
    PlanActivity,
    PlanReview,
    School,
    SchoolProfile,
)
from app.models.vocabulary import ActionHorizon, ActivityStatus, PartnershipStatus, Stage
from app.services import crypto_store, keys
from app.services.bootstrap import open_app_store
from app.services.quick_list import DEMO_PENDING, INITIALISED_KEY, first_read
from app.services.school_copy.send_record import SendRecord
from app.services.school_copy.sends import remember_send
from app.services.school_list_rows import ReminderKind
from app.services.schools import archive_school, create_school
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from app.services.workspace import load_school_list
from app.services.years import NextYearChoices, start_next_year
from tests.services.helpers import fill_stage_one

TODAY = date.today()
PASSPHRASE = "a long enough passphrase"


def _plan(uow: UnitOfWork, school_id: str, year: int, agreed: date, title: str) -> str:
    """A plan with one started short-term action, never reviewed."""
    plan = uow.add(AnnualPlan, school_id=school_id, year=year, agreed_on=agreed)
    uow.add(
        PlanActivity,
        school_id=school_id,
        plan_id=plan.id,
        position=0,
        title=title,
        starts_on=agreed + timedelta(days=7),
        due_on=agreed + timedelta(days=60),
        horizon=ActionHorizon.SHORT_TERM.value,
    )
    return plan.id


def _edge_cases(store: Store) -> dict[str, str]:
    """One school for each case the list and the reminders treat apart."""
    ids: dict[str, str] = {}
    with UnitOfWork(store) as uow:

        def school(key: str, name: str, **values: object) -> str:
            ids[key] = create_school(uow, name=name, **values).id
            return ids[key]

        school("no_plan", "Awatea School", moe_number=1001, cluster="Kāhui Ako o Awa", roll=120)
        archived = school("archived", "Rimu Kura")
        archive_school(uow, archived)
        gone = school("deleted", "Tōtara School")
        uow.delete(uow.get(School, gone))
        closed = school("closed", "Manuka Intermediate")
        partnership = uow.session.scalars(
            select(Partnership).where(Partnership.school_id == closed)
        ).one()
        uow.update(partnership, status=PartnershipStatus.CLOSED.value)
        overdue = school("overdue", "Ōtaki College", roll=800)
        plan = _plan(uow, overdue, TODAY.year, TODAY - timedelta(days=120), "Gate duty roster")
        uow.add(
            PlanActivity,
            school_id=overdue,
            plan_id=plan,
            position=1,
            title="Cancelled talk",
            due_on=TODAY - timedelta(days=5),
            status=ActivityStatus.CANCELLED.value,
        )
        uow.add(
            PlanActivity,
            school_id=overdue,
            plan_id=plan,
            position=2,
            title="Long term",
            starts_on=TODAY - timedelta(days=200),
            due_on=TODAY + timedelta(days=400),
            horizon=ActionHorizon.LONG_TERM.value,
        )
        uow.add(PlanReview, school_id=overdue, plan_id=plan, reviewed_on=TODAY - timedelta(40))
        uow.add(SchoolProfile, school_id=overdue, year=TODAY.year - 1)  # no date prepared
        uow.add(
            PartnershipAgreement,
            school_id=overdue,
            agreed_on=TODAY - timedelta(days=700),
            review_on=TODAY + timedelta(days=10),  # due soon: warned of
        )
        uow.add(PartnershipAgreement, school_id=overdue, review_on=TODAY - timedelta(days=3))
        two_years = school("past_year", "Rātā Street School", started_on=date(TODAY.year - 1, 2, 3))
        _plan(uow, two_years, TODAY.year - 1, date(TODAY.year - 1, 2, 1), "Last year's action")
        year_one = uow.session.scalars(
            select(PartnershipYear).where(PartnershipYear.school_id == two_years)
        ).one()
        uow.update(year_one, stage=Stage.ACHIEVEMENT.value)
        start_next_year(uow, two_years, NextYearChoices(), today=date(TODAY.year - 1, 12, 10))
        _plan(uow, two_years, TODAY.year, TODAY - timedelta(days=60), "This year's action")
        copy_out = school("copy_out", "Kererū Vale Primary School")
        sent = (datetime.now(UTC) - timedelta(days=30)).isoformat()
        record = SendRecord("send-1", sent, parts=["Partnership Agreement"])
        remember_send(uow.session, copy_out, record)
        stage_one = school("stage_one", "Kōwhai Grove School")
    fill_stage_one(store, stage_one, TODAY - timedelta(400))
    return ids


@pytest.fixture
def keyring_store(tmp_path: Path) -> Store:
    store = open_app_store(tmp_path / "data", empty=True).store
    assert keys.read_key_info(store.path).mode == "keyring"  # type: ignore[union-attr]
    return store


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_first_read_is_the_list_a_refresh_gives_in_every_edge_case(
    keyring_store: Store,
) -> None:
    store = keyring_store
    ids = _edge_cases(store)
    store.close()  # as at start-up: the first read comes before the ORM store opens
    before = _digest(store.path)
    first = first_read(store.path, None, TODAY)
    assert _digest(store.path) == before  # read-only: not a byte of the store changed
    opened = open_app_store(store.path.parent, empty=True).store
    try:
        assert first == load_school_list(opened, today=TODAY)
    finally:
        opened.close()
    assert first is not None
    # And the list holds what the cases are about, so the comparison is not of two blanks.
    by_id = {row.id: row for row in first.rows}
    assert ids["archived"] not in by_id and ids["deleted"] not in by_id
    assert by_id[ids["closed"]].status is PartnershipStatus.CLOSED
    assert by_id[ids["closed"]].next_due is None
    assert by_id[ids["past_year"]].year == TODAY.year
    assert by_id[ids["no_plan"]].cluster == "Kāhui Ako o Awa"
    kinds = {(r.school_id, r.kind) for r in first.reminders}
    assert (ids["overdue"], ReminderKind.PLAN_REVIEW_OVERDUE) in kinds
    assert (ids["overdue"], ReminderKind.AGREEMENT_REVIEW) in kinds
    assert (ids["copy_out"], ReminderKind.COPY_WITH_SCHOOL) in kinds
    assert (ids["no_plan"], ReminderKind.PROFILE_OUT_OF_DATE) in kinds
    # Only the current year's plan reminds: last year's undone action is history.
    years = {r.year for r in first.reminders if r.school_id == ids["past_year"] and r.year}
    assert years == {TODAY.year}
    assert not any("Cancelled talk" in r.message for r in first.reminders)


def test_the_first_read_of_the_demo_district_matches_a_refresh(tmp_path: Path) -> None:
    opened = open_app_store(tmp_path / "data", passphrase=PASSPHRASE)
    assert opened.seeded > 0
    expected = load_school_list(opened.store)
    opened.store.close()
    first = first_read(opened.store.path, PASSPHRASE)
    assert first == expected
    assert len(expected.rows) == opened.seeded and expected.reminders


def _poke(store: Store, sql: str) -> None:
    assert store.key is not None
    conn = crypto_store.connect(store.path, store.key)
    with conn:
        conn.execute(sql)
    conn.close()


@pytest.mark.parametrize(
    "change",
    [
        "UPDATE alembic_version SET version_num = '0001'",  # the normal opening migrates
        f"UPDATE local_settings SET value = '{DEMO_PENDING}' WHERE key = '{INITIALISED_KEY}'",
        f"DELETE FROM local_settings WHERE key = '{INITIALISED_KEY}'",
        "UPDATE schools SET deleted_at = '2026-01-01 00:00:00'",  # no schools to show
    ],
)
def test_the_first_read_declines_a_store_a_normal_start_would_change(
    keyring_store: Store, change: str
) -> None:
    store = keyring_store
    _edge_cases(store)
    store.close()
    _poke(store, change)
    before = _digest(store.path)
    assert first_read(store.path, None) is None
    assert _digest(store.path) == before


def test_the_first_read_leaves_conversions_and_passphrases_to_the_normal_opening(
    tmp_path: Path,
) -> None:
    store = open_app_store(tmp_path / "data", empty=True, passphrase=PASSPHRASE).store
    _edge_cases(store)
    store.close()
    assert first_read(store.path, None) is None  # the normal opening asks for it
    with pytest.raises(crypto_store.sqlcipher.DatabaseError):
        first_read(store.path, "not the passphrase at all")  # reported by the normal opening
    assert first_read(store.path, PASSPHRASE) is not None
    crypto_store.sibling(store.path, crypto_store.ENCRYPTING).write_bytes(b"")
    assert first_read(store.path, PASSPHRASE) is None  # a conversion to finish first
    assert first_read(tmp_path / "nowhere" / "lpc.db", PASSPHRASE) is None
    plain = tmp_path / "plain.db"
    conn = sqlite3.connect(plain)
    conn.execute("CREATE TABLE schools (id TEXT)")
    conn.commit()
    conn.close()
    assert first_read(plain, PASSPHRASE) is None  # the normal opening encrypts it first


def test_the_window_and_its_first_list_need_neither_sqlalchemy_nor_the_keyring() -> None:
    """What the list waits for at start-up (the window, the list's widgets and the first
    read) loads no SQLAlchemy, Alembic or keyring package: those come after the list."""
    from tests.test_layering import _imported

    first = ["app.services.early_read", "app.services.quick_list"]
    window = ["app.ui.launch", "app.ui.schools_view", "app.ui.reminders_panel"]
    heavy = ["sqlalchemy", "alembic", "keyring"]
    assert _imported(first, [*heavy, "PySide6"]) == []
    assert _imported(window, heavy) == []
