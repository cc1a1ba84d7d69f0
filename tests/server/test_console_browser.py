"""The admin console in a real headless Chromium against a real server process, with a
real laptop store syncing through the app's own sync client. Screenshots of each page go
to test-output/test_console_browser/ (looked at by a person, not compared)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyotp
import pytest
from docx import Document
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select, WebDriverWait
from sqlalchemy import select

from app.config import AppSettings
from app.models import School
from app.services.sync import run_sync
from app.services.sync.account import load_token, sign_in
from app.services.sync.errors import SignInRequiredError
from tests.server.browser import DESKTOP, PHONE, browser
from tests.server.overview_records import KEPT, LATE, sync_overdue_schools
from tests.server_harness import RunningServer, SeededUsers, login
from tests.services.sync.devices import make_store

__all__ = ["browser"]  # the module-scoped fixture, used by name below

BAD_CSV = (
    "name,moe_number,school_type,roll\n"
    "Kōwhai Primary,1201,Contributing primary (Years 1–6),240\n"
    "Rimu School,not a number,full_primary,120\n"
    "Tōtara Kura,1203,kura_kaupapa,-5\n"
)
GOOD_CSV = (
    "name,moe_number,school_type,roll\n"
    "Kōwhai Primary,1201,Contributing primary (Years 1–6),240\n"
    "Rimu School,1202,full_primary,120\n"
    "Te Kura Kaupapa Māori o Tōtara,1203,kura_kaupapa,85\n"
)


class Page:
    def __init__(self, driver: WebDriver, server: RunningServer, shots: Path) -> None:
        self.driver = driver
        self.server = server
        self.shots = shots

    def open(self, path: str) -> None:
        self.driver.get(f"{self.server.url}/admin{path}")

    def fill(self, field_id: str, text: str) -> None:
        element = self.driver.find_element(By.ID, field_id)
        element.clear()
        element.send_keys(text)

    def press(self, label: str) -> None:
        self.click(self.driver.find_element(By.XPATH, f"//button[normalize-space()='{label}']"))

    def click(self, element: Any) -> None:
        """Click and wait for the next page (a form post or a link)."""
        old = self.driver.find_element(By.TAG_NAME, "html")
        element.click()

        def gone(_driver: Any) -> bool:
            try:
                old.is_enabled()
            except WebDriverException:  # stale, or no longer in the document
                return True
            return False

        WebDriverWait(self.driver, 30).until(gone)
        WebDriverWait(self.driver, 30).until(
            lambda d: d.execute_script("return document.readyState") == "complete"
        )

    def text(self) -> str:
        return str(self.driver.find_element(By.TAG_NAME, "main").text)

    def shot(self, name: str) -> None:
        self.driver.save_screenshot(str(self.shots / f"{name}.png"))
        width = self.driver.execute_script("return document.documentElement.scrollWidth")
        viewport = self.driver.execute_script("return window.innerWidth")
        assert width <= viewport, f"{name}: the page scrolls sideways ({width} > {viewport})"
        # Every stylesheet loaded (a missing one would leave the page unstyled).
        sheets = self.driver.execute_script("return document.styleSheets.length")
        assert sheets == 1, name
        # Every field a person fills in has a label (its own, or one around it).
        unlabelled = self.driver.execute_script(
            "return [...document.querySelectorAll('input, select, textarea')]"
            ".filter(e => e.type !== 'hidden' && !e.hidden && e.labels.length === 0)"
            ".map(e => e.name)"
        )
        assert unlabelled == [], f"{name}: fields without a label: {unlabelled}"
        assert self.driver.find_elements(By.TAG_NAME, "h1"), f"{name}: no heading"


def _csv(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _sign_in_and_enrol(page: Page, users: SeededUsers, username: str = "") -> str:
    page.open("/")  # anonymous: sent to sign in
    assert page.driver.current_url.endswith("/admin/sign-in")
    page.shot("01-sign-in")
    page.fill("username", username or users.admin)
    page.fill("password", users.password)
    page.press("Continue")
    assert page.driver.current_url.endswith("/admin/enrol")
    secret = page.driver.find_element(By.ID, "secret").text
    qr = page.driver.find_element(By.CSS_SELECTOR, "figure.qr svg")
    assert qr.size["width"] >= 150
    page.shot("02-enrol-second-factor")
    page.fill("code", pyotp.TOTP(secret).now())
    page.press("Finish setting up")
    codes = page.driver.find_elements(By.CSS_SELECTOR, "#recovery-codes code")
    assert len(codes) == 10
    page.shot("03-recovery-codes")
    page.click(page.driver.find_element(By.LINK_TEXT, "I have kept them: continue"))
    assert "Waitematā: partnerships overview" in page.text()
    return secret


def _create_officer(page: Page) -> None:
    page.open("/users")
    page.fill("new-username", "officer.wiremu")
    Select(page.driver.find_element(By.ID, "new-role")).select_by_visible_text("officer")
    Select(page.driver.find_element(By.ID, "new-district")).select_by_visible_text("Waitematā")
    page.press("Create user")
    shown = page.text()
    assert "Created officer officer.wiremu in Waitematā." in shown
    assert page.driver.find_element(By.ID, "temporary-password").text
    page.shot("05-user-created")
    page.open("/users")
    assert "officer.wiremu" in page.text()
    page.shot("04-users")


def _import_schools(page: Page, tmp_path: Path) -> None:
    page.open("/schools")
    page.driver.find_element(By.ID, "csv-file").send_keys(_csv(tmp_path, "bad.csv", BAD_CSV))
    page.press("Import")
    error = page.driver.find_element(By.ID, "import-error").text
    assert "Nothing was imported" in error
    assert "row 3: Ministry of Education number" in error and "row 4: Roll" in error
    assert "row 2" not in error
    assert "0 schools" in page.text()  # the list underneath is still empty
    page.shot("06-import-refused")
    page.driver.find_element(By.ID, "csv-file").send_keys(_csv(tmp_path, "good.csv", GOOD_CSV))
    page.press("Import")
    shown = page.text()
    assert "Imported 3 school(s) into Waitematā; skipped 0 already known." in shown
    assert "Te Kura Kaupapa Māori o Tōtara" in shown
    page.shot("07-schools")


def _laptop(
    tmp_path: Path, template_db: tuple[Path, str], server: RunningServer, users: SeededUsers
) -> tuple[Any, Any]:
    store, paths = make_store(template_db, tmp_path / "laptop")
    settings = AppSettings(paths)
    sign_in(settings, store.device_id, server.url, users.officer, users.password)
    run_sync(store, settings)
    return store, settings


def _school_names(store: Any) -> set[str]:
    with store.session() as session:
        return set(session.scalars(select(School.name)))


def _open_school(page: Page, name: str) -> None:
    page.open("/schools")
    page.click(page.driver.find_element(By.LINK_TEXT, name))
    assert page.driver.find_element(By.TAG_NAME, "h1").text == name


def _assign(page: Page, officer: str, hand_over: bool = False) -> None:
    Select(page.driver.find_element(By.ID, "assign-officer")).select_by_visible_text(officer)
    if hand_over:
        page.driver.find_element(By.NAME, "hand_over").click()
    page.press("Assign")


def test_console_in_a_browser(
    browser: WebDriver,
    sqlite_server: RunningServer,
    district_users: SeededUsers,
    template_db: tuple[Path, str],
    tmp_path: Path,
    output_dir: Path,
) -> None:
    server, users = sqlite_server, district_users
    page = Page(browser, server, output_dir)
    browser.set_window_size(*DESKTOP)
    secret = _sign_in_and_enrol(page, users)
    _create_officer(page)
    _import_schools(page, tmp_path)

    store, settings = _laptop(tmp_path, template_db, server, users)
    try:
        assert _school_names(store) == set()
        _open_school(page, "Rimu School")
        _assign(page, users.officer)
        assert f"Assigned Rimu School to {users.officer}." in page.text()
        page.shot("08-school-assigned")
        run_sync(store, settings)
        assert _school_names(store) == {"Rimu School"}  # arrived at the next sync

        _assign(page, "officer.wiremu", hand_over=True)
        assert f"(handed over from {users.officer})" in page.text()
        history = page.driver.find_element(
            By.CSS_SELECTOR, "table[aria-labelledby='history-heading']"
        ).text
        assert f"Unassigned a school: Rimu School from {users.officer}" in history
        assert "Assigned a school: Rimu School to officer.wiremu" in history
        token = load_token(server.url, users.officer)
        with server.client(token) as api:
            assert api.get("/sync/summary").json()["schools"] == {}
        wiremu = login(server, users.other_officer)  # another district: sees nothing
        with server.client(wiremu) as api:
            assert api.get("/sync/summary").json()["schools"] == {}

        page.open("/devices")
        assert f"{users.officer}" in page.text()
        page.shot("09-devices")
        revoke = f"button[aria-label^='Revoke'][aria-label$=' of {users.officer}']"
        page.click(browser.find_element(By.CSS_SELECTOR, revoke))
        assert "its next sync is refused" in page.text()
        assert "revoked" in page.text()
        page.shot("10-device-revoked")
        with pytest.raises(SignInRequiredError):
            run_sync(store, settings)
    finally:
        store.close()

    page.open("/audit")
    audit = page.text()
    for line in (
        "Revoked a device",
        "Assigned a school",
        "Unassigned a school",
        "Imported schools",
        "Created a user",
    ):
        assert line in audit, line
    assert f"{users.admin}" in audit
    assert "Set up the second factor\n" in audit + "\n"  # no detail: no dangling colon
    assert "Set up the second factor:" not in audit
    page.shot("11-audit")
    page.open("/")
    assert "Schools per stage" in page.text()
    page.shot("12-overview")
    _open_school(page, "Te Kura Kaupapa Māori o Tōtara")
    page.shot("13-school")

    browser.set_window_size(*PHONE)
    for path, name in (
        ("/", "14-phone-overview"),
        ("/schools", "15-phone-schools"),
        ("/users", "16-phone-users"),
    ):
        page.open(path)
        page.shot(name)
    browser.set_window_size(*DESKTOP)

    # The API page works with no internet: Swagger UI's files come from this server.
    browser.get(f"{server.url}/docs")
    title = WebDriverWait(browser, 30).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, ".swagger-ui .info .title")
    )
    assert "LPC Partnerships district server" in title[0].text
    WebDriverWait(browser, 30).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, ".opblock-summary-path")
    )
    browser.save_screenshot(str(output_dir / "17-api-docs.png"))

    # Keyboard only: Tab from the top reaches the skip link, then the menu.
    page.open("/users")
    from selenium.webdriver.common.keys import Keys

    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    assert browser.switch_to.active_element.text == "Skip to content"
    page.click(browser.find_element(By.LINK_TEXT, "officer.wiremu"))
    assert "must choose a new password" in page.text()
    page.shot("18-user")
    page.open("/users/99999")
    assert "There is no user you can see with that id." in page.text()
    page.shot("19-not-found")
    page.open("/password")
    page.shot("20-change-password")
    page.press("Sign out")
    assert browser.current_url.endswith("/admin/sign-in")

    # Signing in again asks for the app's code, not a new set-up.
    page.fill("username", users.admin)
    page.fill("password", users.password)
    page.press("Continue")
    assert browser.current_url.endswith("/admin/second-factor")
    page.shot("21-second-factor")
    page.fill("code", pyotp.TOTP(secret).now())
    page.press("Sign in")
    assert "Waitematā: partnerships overview" in page.text()
    page.press("Sign out")
    page.open("/new-password")
    page.shot("22-new-password")


def test_overview_figures_and_download_in_a_browser(
    browser: WebDriver,
    sqlite_server: RunningServer,
    district_users: SeededUsers,
    template_db: tuple[Path, str],
    tmp_path: Path,
    output_dir: Path,
) -> None:
    """A supervisor sees the overdue figures a laptop synced and downloads the summary."""
    server, users = sqlite_server, district_users
    store, paths = make_store(template_db, tmp_path / "laptop")
    try:
        late, _kept, _desktop = sync_overdue_schools(store, paths, server, users)
    finally:
        store.close()
    page = Page(browser, server, output_dir)
    browser.set_window_size(*DESKTOP)
    _sign_in_and_enrol(page, users, users.supervisor)
    cards = browser.find_element(By.CSS_SELECTOR, "ul.cards").text
    for line in ("1\noverdue plan reviews", "1\noverdue plan activities"):
        assert line in cards, cards
    assert "1\nagreements due for review" in cards and "1\nschool profiles out of date" in cards
    page.shot("23-overview-overdue")
    browser.find_element(By.NAME, "attention").click()
    page.press("Show")
    listed = browser.find_element(By.CSS_SELECTOR, "#schools ~ .table-wrap table").text
    assert LATE in listed and KEPT not in listed
    browser.execute_script("document.getElementById('per-officer').scrollIntoView()")
    page.shot("23b-overview-tables")
    browser.set_window_size(*PHONE)
    page.shot("23c-phone-overview-overdue")
    browser.set_window_size(*DESKTOP)
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    browser.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    browser.find_element(By.XPATH, "//button[normalize-space()='Download Word (.docx)']").click()
    WebDriverWait(browser, 30).until(
        lambda _d: [f for f in downloads.iterdir() if f.suffix == ".docx"]
    )
    (saved,) = downloads.glob("*.docx")
    assert saved.name.startswith("District summary Waitematā")
    schools = Document(str(saved)).tables[1]
    row = next(r for r in schools.rows if r.cells[0].text == LATE)
    header = [c.text for c in schools.rows[0].cells]
    cells = dict(zip(header, (c.text for c in row.cells), strict=True))
    assert (cells["Overdue reviews"], cells["Overdue activities"]) == ("1", "1")
    page.click(browser.find_element(By.LINK_TEXT, LATE))
    assert browser.current_url.endswith(f"/admin/schools/{late}")
    assert "Overdue plan reviews\n1" in page.text()
    page.shot("24-school-overdue")
