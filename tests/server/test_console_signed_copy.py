"""The console says which schools' agreements have a signed copy attached, by the same
rule as the desktop: a signed copy linked to the agreement in force, synced from a real
laptop to a real server."""

from __future__ import annotations

from pathlib import Path

import lxml.html

from app.config import AppSettings
from app.models import PartnershipAgreement
from app.models.vocabulary import AttachmentKind
from app.services.attachments import add_attachment
from app.services.dashboard import school_statuses
from app.services.sync import run_sync
from app.services.sync.account import sign_in
from app.services.unit_of_work import UnitOfWork
from tests.server.console_helpers import Console
from tests.server.overview_records import DAY, TODAY
from tests.server.test_console_figures import _row
from tests.server_harness import RunningServer, seed_users
from tests.services import attachment_files as f
from tests.services.helpers import add_school
from tests.services.sync.devices import make_store

SIGNED, UNSIGNED = "Kōwhai Primary", "Rimu School"


def test_the_console_shows_the_signed_copy_of_the_agreement_in_force(
    sqlite_server: RunningServer, template_db: tuple[Path, str], tmp_path: Path
) -> None:
    users = seed_users(sqlite_server.database_url)
    store, paths = make_store(template_db, tmp_path / "laptop")
    try:
        settings = AppSettings(paths)
        sign_in(settings, store.device_id, sqlite_server.url, users.officer, users.password)
        signed, unsigned = add_school(store, SIGNED), add_school(store, UNSIGNED)
        with UnitOfWork(store, "test") as uow:
            for school in (signed, unsigned):
                uow.add(PartnershipAgreement, school_id=school, agreed_on=TODAY - 40 * DAY)
        scan = f.write(tmp_path, "Signed agreement.pdf", f.PDF)
        officer = "Const. Aroha Ngata"
        add_attachment(store, officer, signed, scan, kind=AttachmentKind.SIGNED_AGREEMENT)
        add_attachment(store, officer, unsigned, scan, kind=AttachmentKind.MINUTES)  # not one
        run_sync(store, settings)
        with store.session() as session:
            desktop = {s.name: s.signed_copy for s in school_statuses(session, TODAY)}
    finally:
        store.close()
    assert desktop == {SIGNED: True, UNSIGNED: False}

    console = Console(sqlite_server.url)
    console.sign_in(users.supervisor, users.password)
    page = console.get("/admin/").text
    assert _row(page, SIGNED)[7].endswith("signed copy attached")
    assert "signed copy" not in _row(page, UNSIGNED)[7]
    for name, school, said in ((SIGNED, signed, "attached"), (UNSIGNED, unsigned, "not attached")):
        tree = lxml.html.fromstring(console.get(f"/admin/schools/{school}").text)
        standing = {
            dt.text_content(): dt.getnext().text_content()
            for dt in tree.xpath("//dl[contains(@class, 'standing')]/dt")
        }
        assert standing["Signed copy of the agreement"] == said, name
