"""Two devices edit the same school offline; the conflict is kept with both values, shown
in the conflicts dialog, resolved there, and the choice reaches the other device."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.models import Person, School
from app.services.sync.conflicts import load_conflicts
from app.services.unit_of_work import UnitOfWork
from app.ui.conflicts_dialog import ConflictsDialog
from app.ui.ops import wait_for_all
from tests.server_harness import RunningServer, SeededUsers
from tests.services.helpers import add_school
from tests.services.sync.devices import get_row, snapshot
from tests.services.sync.live import Live, LiveDevice, running_live


@pytest.fixture
def live(
    tmp_path: Path,
    template_db: tuple[Path, str],
    sqlite_server: RunningServer,
    district_users: SeededUsers,
) -> Iterator[Live]:
    for env in running_live(sqlite_server, template_db, tmp_path, district_users):
        yield env
        wait_for_all()  # the window's last reads end before the stores close


def _edit(device: LiveDevice, school_id: str, **values: object) -> None:
    with UnitOfWork(device.store, actor=device.name) as uow:
        uow.update(uow.get(School, school_id), **values)


def _open(qtbot: QtBot, device: LiveDevice) -> ConflictsDialog:
    dialog = ConflictsDialog(device.store, lambda: "Sgt Hemi Walker")
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_conflict_shown_resolved_and_synced_to_the_other_device(
    qtbot: QtBot, live: Live, output_dir: Path
) -> None:
    laptop = live.device("laptop", live.users.officer)
    office = live.device("office", live.users.supervisor)
    school_id = add_school(laptop.store, "Rātā Street School", roll=240)
    laptop.sync()
    office.sync()
    _edit(laptop, school_id, notes="Board meets on Tuesdays.", roll=251)
    _edit(office, school_id, notes="Board meets on Thursdays.", phone="09 444 5555")
    laptop.sync()
    result = office.sync()
    assert result.conflicts == 1

    dialog = _open(qtbot, office)
    qtbot.waitUntil(lambda: dialog.list.count() == 1, timeout=10_000)
    assert "Rātā Street School" in dialog.list.item(0).text()
    assert "School: Notes" in dialog.list.item(0).text()
    assert "<h3>Notes</h3>" in dialog.heading.text()
    assert dialog.mine.toPlainText() == "Board meets on Thursdays."
    assert dialog.theirs.toPlainText() == "Board meets on Tuesdays."
    dialog.grab().save(str(output_dir / "conflicts_one.png"))
    # Different fields merged without asking.
    row = get_row(office.store, "schools", school_id)
    assert (row.roll, row.phone) == (251, "09 444 5555")

    dialog.edited.setPlainText("Board meets on the first Thursday of the month.")
    with qtbot.waitSignal(dialog.resolved, timeout=10_000) as resolved:
        dialog.use_edited.click()
    assert resolved.args == [0]
    qtbot.waitUntil(lambda: dialog.empty.isVisibleTo(dialog), timeout=10_000)
    assert load_conflicts(office.store) == []
    dialog.grab().save(str(output_dir / "conflicts_none.png"))

    office.sync()
    laptop.sync()
    wanted = "Board meets on the first Thursday of the month."
    assert get_row(laptop.store, "schools", school_id).notes == wanted
    assert snapshot(laptop.store) == snapshot(office.store)


def test_keep_theirs_and_an_invalid_edit(qtbot: QtBot, live: Live, output_dir: Path) -> None:
    laptop = live.device("laptop", live.users.officer)
    office = live.device("office", live.users.supervisor)
    school_id = add_school(laptop.store, "Kauri Park School")
    laptop.sync()
    office.sync()
    _edit(laptop, school_id, roll=300)
    _edit(office, school_id, roll=310)
    laptop.sync()
    office.sync()
    dialog = _open(qtbot, office)
    qtbot.waitUntil(lambda: dialog.list.count() == 1, timeout=10_000)
    assert (dialog.mine.toPlainText(), dialog.theirs.toPlainText()) == ("310", "300")

    dialog.edited.setPlainText("lots")
    dialog.use_edited.click()
    qtbot.waitUntil(lambda: "Roll" in dialog.error.text(), timeout=10_000)
    assert "is not a whole number" in dialog.error.text()
    dialog.grab().save(str(output_dir / "conflicts_invalid_edit.png"))

    with qtbot.waitSignal(dialog.resolved, timeout=10_000):
        dialog.keep_theirs.click()
    office.sync()
    laptop.sync()
    assert get_row(office.store, "schools", school_id).roll == 300
    assert snapshot(laptop.store) == snapshot(office.store)


def test_an_edit_to_a_deleted_record_offers_only_to_accept_the_deletion(
    qtbot: QtBot, live: Live, output_dir: Path
) -> None:
    laptop = live.device("laptop", live.users.officer)
    office = live.device("office", live.users.supervisor)
    school_id = add_school(laptop.store, "Kauri Park School")
    with UnitOfWork(laptop.store) as uow:
        person_id = uow.add(Person, school_id=school_id, name="Hemi Walker").id
    laptop.sync()
    office.sync()
    with UnitOfWork(laptop.store) as uow:
        uow.delete(uow.get(Person, person_id))
    with UnitOfWork(office.store) as uow:
        uow.update(uow.get(Person, person_id), phone="021 555 0199")
    laptop.sync()
    office.sync()
    dialog = _open(qtbot, office)
    qtbot.waitUntil(lambda: dialog.list.count() == 1, timeout=10_000)
    assert "Contact: Deleted on the district server" in dialog.list.item(0).text()
    assert dialog.mine.toPlainText() == "Phone: 021 555 0199"
    assert dialog.keep_theirs.text() == "Accept the deletion"
    assert not dialog.keep_mine.isEnabled() and not dialog.use_edited.isEnabled()
    dialog.grab().save(str(output_dir / "conflicts_deleted.png"))
    with qtbot.waitSignal(dialog.resolved, timeout=10_000):
        dialog.keep_theirs.click()


def _take_school_off(live: Live, school_id: str) -> None:
    """The admin takes the school off the officer (the assignment row goes)."""
    from sqlalchemy import delete

    from server.db import open_database
    from server.directory import user_by_name
    from server.models import Assignment

    db = open_database(live.server.database_url)
    try:
        with db.writing() as session:
            officer = user_by_name(session, live.users.officer)
            session.execute(
                delete(Assignment).where(
                    Assignment.user_id == officer.id, Assignment.school_id == school_id
                )
            )
    finally:
        db.dispose()


def test_a_refused_change_offers_try_again_or_discard(
    qtbot: QtBot, live: Live, output_dir: Path
) -> None:
    laptop = live.device("laptop", live.users.officer)
    school_id = add_school(laptop.store, "Kōwhai Grove School", phone="09 111 1111")
    laptop.sync()
    _edit(laptop, school_id, phone="09 222 2222")
    _take_school_off(live, school_id)
    assert laptop.sync().set_aside == 1

    dialog = _open(qtbot, laptop)
    qtbot.waitUntil(lambda: dialog.list.count() == 1, timeout=10_000)
    assert "School: Refused by the district server" in dialog.list.item(0).text()
    assert dialog.explain.text().startswith(
        "The district server refused this change: One of these changes is for a school "
        "you may not see."
    )
    assert dialog.mine.toPlainText() == "School phone: 09 222 2222"
    assert dialog.theirs.toPlainText() == "School phone: 09 111 1111"
    assert (dialog.keep_mine.text(), dialog.keep_theirs.text()) == (
        "Try again",
        "Discard my change",
    )
    assert not dialog.edited_box.isVisibleTo(dialog)
    dialog.grab().save(str(output_dir / "conflicts_refused.png"))

    with qtbot.waitSignal(dialog.resolved, timeout=10_000):
        dialog.keep_theirs.click()
    qtbot.waitUntil(lambda: dialog.empty.isVisibleTo(dialog), timeout=10_000)
    assert get_row(laptop.store, "schools", school_id).phone == "09 111 1111"


def test_a_yes_no_field_takes_yes_or_no(qtbot: QtBot, live: Live, output_dir: Path) -> None:
    laptop = live.device("laptop", live.users.officer)
    office = live.device("office", live.users.supervisor)
    school_id = add_school(laptop.store, "Kauri Park School")
    laptop.sync()
    office.sync()
    _edit(laptop, school_id, archived=True)
    _edit(office, school_id, archived=True)
    _edit(office, school_id, archived=False)
    laptop.sync()
    office.sync()
    dialog = _open(qtbot, office)
    qtbot.waitUntil(lambda: dialog.list.count() == 1, timeout=10_000)
    assert (dialog.mine.toPlainText(), dialog.theirs.toPlainText()) == ("No", "Yes")
    assert dialog.edited.toPlainText() == "No"
    assert dialog.edited_box.isVisibleTo(dialog)

    dialog.edited.setPlainText("maybe")
    dialog.use_edited.click()
    qtbot.waitUntil(lambda: "Archived" in dialog.error.text(), timeout=10_000)
    assert dialog.error.text() == "Archived: type Yes or No"
    dialog.grab().save(str(output_dir / "conflicts_yes_no.png"))

    dialog.edited.setPlainText(" yes ")
    with qtbot.waitSignal(dialog.resolved, timeout=10_000):
        dialog.use_edited.click()
    assert get_row(office.store, "schools", school_id).archived is True
