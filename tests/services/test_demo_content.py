"""The demo district reads as something a Lead Police Contact and a principal could have
written: checked in the five exported documents of every school, as a principal would
read them (paragraphs and table cells), and in the SMART check of every aim.

The district is seeded and exported once for the module: 150 documents take a while.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

import keyring
import pytest
from docx import Document
from sqlalchemy import select

from app.models import PartnershipYear, ResponseAim, SaraPlan, School
from app.models.vocabulary import SchoolType
from app.services import keys
from app.services.demo import seed_demo
from app.services.export import DocumentKind, ExportOptions, export_schools
from app.services.smart import aim_written_on, check_aim
from app.services.store import open_store
from tests.keyring_backend import FILE_ENV, TmpFileKeyring

TODAY = date(2026, 11, 24)
SCHOOLS = 30
DATE = re.compile(r"\b(\d{2})/(\d{2})/(\d{4})\b")
PEOPLE = {"Lead Police Contact", "Lead School Contact"}  # names differ in any case
YEARS = re.compile(r"\bYears? (\d{1,2})\b(?:\s*[–-]\s*(\d{1,2})\b)?")


@dataclass
class Exported:
    kind: SchoolType
    moe_number: int | None
    has_sara: bool
    docs: dict[DocumentKind, list[list[str]]]  # per document: paragraphs, then table rows

    def text(self, kind: DocumentKind) -> str:
        return "\n".join(" | ".join(row) for row in self.docs[kind])

    def value_after(self, kind: DocumentKind, heading: str) -> str:
        """The paragraph under a field's heading ("" when the heading is absent)."""
        rows = self.docs[kind]
        for at, row in enumerate(rows[:-1]):
            if row == [heading]:
                return rows[at + 1][0]
        return ""


@dataclass
class District:
    schools: dict[str, Exported]  # by school name, this year's documents
    aims: list[ResponseAim]  # of every year
    earlier: dict[tuple[str, int], Exported]  # earlier years' documents, by name and year
    years: dict[str, int]  # every aim's year, by id

    def every_year(self) -> list[tuple[str, Exported]]:
        """Each school's documents of this year and of each earlier year it has."""
        return [*self.schools.items(), *((f"{n} {y}", s) for (n, y), s in self.earlier.items())]


def _read(path: Path) -> list[list[str]]:
    """Each paragraph as a one-cell row, then each table row as its cells."""
    document = Document(str(path))
    rows = [[p.text] for p in document.paragraphs if p.text.strip()]
    for table in document.tables:
        rows.extend([cell.text for cell in row.cells] for row in table.rows)
    return rows


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> Iterator[District]:
    folder = tmp_path_factory.mktemp("demo_content")
    previous = keyring.get_keyring()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(FILE_ENV, str(folder / "keyring.cfg"))
        mp.setenv(keys.TEST_KEYRING_ENV, "tests.keyring_backend.TmpFileKeyring")
        keyring.set_keyring(TmpFileKeyring())
        try:
            store = open_store(folder / "lpc.db")
            seed_demo(store, count=SCHOOLS, today=TODAY)
            with store.session() as session:
                schools = list(session.scalars(select(School)))
                with_sara = set(session.scalars(select(SaraPlan.school_id)))
                sara_years = {(r.school_id, r.year) for r in session.scalars(select(SaraPlan))}
                aims = list(session.scalars(select(ResponseAim)))
                earlier = [
                    (y.school_id, y.year)
                    for y in session.scalars(select(PartnershipYear))
                    if y.year < TODAY.year
                ]
                session.expunge_all()
            everything = ExportOptions(folder / "out", today=TODAY, include_empty=True)
            result = export_schools(store, [s.id for s in schools], everything)
            past = {
                (school_id, year): export_schools(
                    store,
                    [school_id],
                    replace(everything, out_dir=folder / f"{year}", year=year),
                ).files
                for school_id, year in earlier
            }
            store.close()
        finally:
            keyring.set_keyring(previous)
    docs: dict[str, dict[DocumentKind, list[list[str]]]] = {s.id: {} for s in schools}
    for file in result.files:
        docs[file.school_id][file.kind] = _read(file.path)
    by_id = {s.id: s for s in schools}
    yield District(
        {
            s.name: Exported(SchoolType(s.school_type), s.moe_number, s.id in with_sara, docs[s.id])
            for s in schools
        },
        aims,
        {
            (by_id[sid].name, year): Exported(
                SchoolType(by_id[sid].school_type),
                by_id[sid].moe_number,
                (sid, year) in sara_years,
                {f.kind: _read(f.path) for f in files},
            )
            for (sid, year), files in past.items()
        },
        {a.id: a.year for a in aims},
    )


def _span(kind: SchoolType) -> tuple[int, int]:
    """The year levels a school type teaches, read from the app's own labels."""
    found = re.search(r"Years (\d+)–(\d+)", kind.label)
    return (int(found[1]), int(found[2])) if found else (1, 13)


def test_every_school_exports_all_five_documents(district: District) -> None:
    assert len(district.schools) == SCHOOLS
    assert all(set(s.docs) == set(DocumentKind) for _, s in district.every_year())
    assert len(district.earlier) >= 6  # schools in their second or third year


def test_year_levels_fit_each_school_type(district: District) -> None:
    wrong = []
    for name, school in district.every_year():
        low, high = _span(school.kind)
        for kind in DocumentKind:
            for match in YEARS.finditer(school.text(kind)):
                first, last = int(match[1]), int(match[2] or match[1])
                if not low <= first <= last <= high:
                    wrong.append((name, school.kind.value, kind.value, match[0]))
    assert not wrong
    secondary = [s for s in district.schools.values() if s.kind == SchoolType.SECONDARY]
    assert secondary and all(
        not re.search(r"Years? [78]\b", s.text(k)) for s in secondary for k in DocumentKind
    )
    named = {
        m[0]
        for s in district.schools.values()
        for k in DocumentKind
        for m in YEARS.finditer(s.text(k))
    }
    assert len(named) >= 5  # the aims and plans do name year levels, and several


def test_no_doubled_words_or_placeholder_text(district: District) -> None:
    for name, school in district.every_year():
        for kind in DocumentKind:
            text = school.text(kind)
            assert "term term" not in text.lower(), (name, kind)
            assert "See the assessment" not in text, (name, kind)
            assert not re.search(r"\b(0|1) (offences|young victims|crashes)\b", text), name
            doubled = re.search(r"\b(\w+) \1\b", text, re.IGNORECASE)
            assert doubled is None or doubled[1].isdigit(), (name, kind, doubled[0])
    narratives = [s.text(DocumentKind.NARRATIVE) for s in district.schools.values()]
    assert any("Friday" in t or "mentor" in t or "patrol" in t for t in narratives)
    rows = [row for s in district.schools.values() for row in s.docs[DocumentKind.NARRATIVE]]
    assert not any(cell.strip() == "School-wide intervention" for row in rows for cell in row[1:])


def test_nothing_dated_after_the_export_is_marked_done(district: District) -> None:
    done_rows = 0
    for name, school in district.every_year():
        for row in school.docs[DocumentKind.ANNUAL_PLAN]:
            if "Done" not in (cell.strip() for cell in row):
                continue
            done_rows += 1
            for day, month, year in DATE.findall(" ".join(row)):
                when = datetime(int(year), int(month), int(day)).date()
                assert when <= TODAY, (name, row)
    assert done_rows >= 5  # schools at stage 4 have finished activities to show
    earlier_done = 0
    for (name, year), school in district.earlier.items():  # done within its own year
        for row in school.docs[DocumentKind.ANNUAL_PLAN]:
            if "Done" in (cell.strip() for cell in row):
                earlier_done += 1
                assert all(y == str(year) for *_, y in DATE.findall(" ".join(row))), (name, row)
    assert earlier_done >= 5


def test_no_two_schools_share_a_sara_plan(district: District) -> None:
    """Compared without the school's name, its contacts and figures: the words must differ."""
    texts: dict[str, str] = {}
    for label, school in district.every_year():
        if not school.has_sara:
            continue
        name = label if label in district.schools else label.rsplit(" ", 1)[0]
        lines = [
            " ".join(row)
            for row in school.docs[DocumentKind.SARA]
            if name not in " ".join(row) and row[0] not in PEOPLE
        ]
        texts[label] = re.sub(r"\d+", "#", "\n".join(lines))
    assert len(texts) >= 15
    assert len(set(texts.values())) == len(texts)


def test_agreements_share_information_without_contradicting_the_protocol(
    district: District,
) -> None:
    agreements = [s.text(DocumentKind.AGREEMENT) for s in district.schools.values()]
    protocols = [
        s.value_after(DocumentKind.AGREEMENT, "Who the school calls, and when")
        for s in district.schools.values()
    ]
    signed = [t for t in protocols if t not in ("", "Not recorded")]  # no agreement yet
    assert len(signed) >= 20
    assert not any("no student names leave the school" in t for t in agreements)
    assert all("111" in t for t in signed), [t for t in signed if "111" not in t][:3]


def test_names_are_fictional(district: District) -> None:
    assert all((s.moe_number or 0) >= 99_000 for s in district.schools.values())
    kura = [n for n, s in district.schools.items() if s.kind == SchoolType.KURA_KAUPAPA]
    assert kura and all(
        n.startswith("Te Kura Kaupapa Māori o ") and re.search("[āēīōū]", n.split(" o ")[1])
        for n in kura
    )
    street = re.compile(r"\b(Street|Road|Lane|Terrace|Avenue)\b")
    assert not any(street.search(n) for n in district.schools)


def test_every_demo_aim_passes_the_smart_check(district: District) -> None:
    assert len(district.aims) >= 10
    assert any(year < TODAY.year for year in district.years.values())
    for aim in district.aims:
        # This year's aims as at today; an earlier year's as at when it was set.
        result = check_aim(aim, TODAY if aim.year == TODAY.year else aim_written_on(aim))
        assert result.passed, (aim.statement, result.summary())
        verb = aim.statement.split()[0]
        assert aim.baseline is not None and aim.target is not None
        if verb == "Reduce":
            assert aim.target < aim.baseline, aim.statement
        else:
            assert verb == "Increase" and aim.target > aim.baseline, aim.statement


def test_the_district_draws_on_every_scenario(district: District) -> None:
    """Bullying and online harm, traffic at the gate, vaping, property damage, attendance:
    each is some school's SARA plan, so a new user sees several kinds of work."""
    marks = {
        "bullying": "bullying",
        "traffic": "near misses",
        "vaping": "vaping",
        "property": "damage",
        "attendance": "attend regularly",
    }
    plans = [s.text(DocumentKind.SARA).lower() for s in district.schools.values() if s.has_sara]
    found = {key: sum(mark in text for text in plans) for key, mark in marks.items()}
    assert all(count >= 2 for count in found.values()), found
