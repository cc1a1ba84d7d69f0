"""The console's overdue figures and district summary against a real server process, fed
by a real laptop store through the app's own sync client: the overview, the school's
page and both downloads show what the desktop's district view shows for the same
records, and a supervisor of another district gets neither download."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import lxml.html
import pytest
from docx import Document
from sqlalchemy import select

from app.models.vocabulary import Stage
from server.db import open_database
from server.directory import create_user
from server.models import District
from tests.server.console_helpers import Console
from tests.server.overview_records import DAY, FORMULA_AREA, KEPT, LATE, TODAY, sync_overdue_schools
from tests.server_harness import RunningServer, seed_users
from tests.services.sync.devices import make_store


def _row(page: str, name: str) -> list[str]:
    """The cells of the schools table's row whose first cell is ``name``."""
    tree = lxml.html.fromstring(page)
    for tr in tree.xpath("//table//tr"):
        cells = [c.text_content().strip() for c in tr.xpath("./td|./th")]
        if cells and cells[0] == name:
            return cells
    raise AssertionError(f"no row for {name}")


def _cards(page: str) -> dict[str, int]:
    tree = lxml.html.fromstring(page)
    found = {}
    for li in tree.xpath("//ul[@class='cards']/li"):
        number = li.xpath("./span[@class='n']")[0].text_content()
        found[li.text_content().replace(number, "", 1).strip()] = int(number)
    return found


def _district_id(server: RunningServer, name: str) -> int:
    db = open_database(server.database_url)
    try:
        with db.reading() as session:
            found = session.scalar(select(District.id).where(District.name == name))
    finally:
        db.dispose()
    assert found is not None
    return int(found)


@pytest.fixture(params=["sqlite", "postgresql"])
def server(request: pytest.FixtureRequest) -> RunningServer:
    """SQLite, and PostgreSQL as in production (JSON fields come back from each)."""
    name = "sqlite_server" if request.param == "sqlite" else "postgres_server"
    running: RunningServer = request.getfixturevalue(name)
    return running


def test_overview_and_downloads_show_what_is_overdue(
    server: RunningServer, template_db: tuple[Path, str], tmp_path: Path
) -> None:
    users = seed_users(server.database_url)
    store, paths = make_store(template_db, tmp_path / "laptop")
    try:
        late, kept, desktop = sync_overdue_schools(store, paths, server, users)
    finally:
        store.close()
    # What the desktop says, so the console is checked against it, not only against
    # numbers written here.
    assert (desktop[late].overdue_reviews, desktop[late].overdue_activities) == (1, 1)
    assert desktop[late].agreement_due and desktop[late].profile_out_of_date
    assert desktop[kept].overdue_total == 0 and not desktop[kept].profile_out_of_date

    console = Console(server.url)
    console.sign_in(users.supervisor, users.password)
    page = console.get("/admin/").text
    cards = _cards(page)
    assert cards["overdue plan reviews"] == 1
    assert cards["overdue plan activities"] == 1
    assert cards["agreements due for review"] == 1
    assert cards["school profiles out of date"] == 1
    review_on = (TODAY - 10 * DAY).strftime("%d/%m/%Y")
    assert _row(page, LATE)[2:] == [
        f"1. {Stage.RELATIONSHIP.label}",
        "Active",
        users.officer,
        "1",
        "1",
        f"{review_on} (due)",
        "out of date",
    ]
    assert _row(page, KEPT)[5:] == [
        "0",
        "0",
        (TODAY + 300 * DAY).strftime("%d/%m/%Y"),
        "up to date",
    ]
    assert _row(page, users.officer)[1:] == ["2", "1", "1", "1", "1"]
    assert f'href="/admin/schools/{late}"' in page
    attention = console.get("/admin/", attention="1").text
    assert LATE in attention and KEPT not in attention
    assert "Showing 1 of 2 schools." in attention

    school_page = console.get(f"/admin/schools/{late}").text
    tree = lxml.html.fromstring(school_page)
    standing = {
        dt.text_content(): dt.getnext().text_content()
        for dt in tree.xpath("//dl[contains(@class, 'standing')]/dt")
    }
    assert standing["Overdue plan reviews"] == "1"
    assert standing["Overdue plan activities"] == "1"
    assert standing["Agreement review"] == f"{review_on} (due)"
    assert standing["School profile"].startswith("out of date")
    assert standing["Lead Police Contact (as recorded)"] == "Const. Aroha Ngata"

    answer = console.get("/admin/summary", format="docx")
    assert answer.status_code == 200, answer.text
    assert "attachment" in answer.headers["content-disposition"]
    doc = Document(io.BytesIO(answer.content))
    assert users.district in [p.text for p in doc.paragraphs]
    schools = doc.tables[1]
    header = [c.text for c in schools.rows[0].cells]
    rows = {
        r.cells[0].text: dict(zip(header, (c.text for c in r.cells), strict=True))
        for r in schools.rows[1:]
    }
    assert rows[LATE]["Overdue reviews"] == "1"
    assert rows[LATE]["Overdue activities"] == "1"
    assert rows[LATE]["Agreement review date"] == f"{review_on} (due)"
    assert rows[LATE]["Profile out of date"] == "Yes"
    assert rows[LATE]["Area"] == FORMULA_AREA  # text in a cell, never run
    assert rows[KEPT]["Overdue reviews"] == "0" and rows[KEPT]["Profile out of date"] == "No"
    glance = {r.cells[0].text: r.cells[1].text for r in doc.tables[0].rows[1:]}
    assert glance["Overdue plan reviews"] == "1"
    assert glance["School profiles out of date"] == "1"

    answer = console.get("/admin/summary", format="csv")
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/csv")
    table = {
        r["School"]: r for r in csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig")))
    }
    assert set(table) == {LATE, KEPT}
    assert table[LATE]["Overdue reviews"] == "1"
    assert table[LATE]["Overdue activities"] == "1"
    assert table[LATE]["Agreement review due"] == "Yes"
    assert table[LATE]["Profile out of date"] == "Yes"
    assert table[LATE]["Lead Police Contact"] == "Const. Aroha Ngata"
    assert table[LATE]["Area"] == "'" + FORMULA_AREA  # a spreadsheet shows it, not runs it
    assert table[KEPT]["Agreement review due"] == "No"

    audit = console.get("/admin/audit").text
    assert "Downloaded the district summary" in audit
    assert f"{users.district}, schools (CSV), 01/01/{TODAY.year} to" in audit

    bad = console.get("/admin/summary", format="csv", start="31/02/2026")
    assert bad.status_code == 422
    assert "From: “31/02/2026” is not a date; use dd/mm/yyyy" in bad.text
    console.close()

    # Another district's supervisor: refused for both downloads, as if it did not exist.
    db = open_database(server.database_url)
    with db.writing() as session:
        create_user(session, "sergeant.rawiri", users.password, "supervisor", users.other_district)
    db.dispose()
    own = _district_id(server, users.district)
    other = Console(server.url)
    other.sign_in("sergeant.rawiri", users.password)
    for kind in ("docx", "csv"):
        refused = other.get("/admin/summary", format=kind, district=own)
        assert refused.status_code == 404, kind
        assert LATE not in refused.text
    theirs = other.get("/admin/summary", format="csv")  # their own district: no schools
    assert theirs.status_code == 200
    assert LATE not in theirs.content.decode("utf-8-sig")
    other.close()

    admin = Console(server.url)
    admin.sign_in(users.admin, users.password)
    answer = admin.get("/admin/summary", format="csv", district=own)
    assert LATE in answer.content.decode("utf-8-sig")
    admin.close()
