"""Find similar interventions from the SARA plan, cite them, and see the citations in the
exported SARA plan and in the response's rationale."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx
from docx.document import Document

from app.models import KnowledgeCitation, Response
from app.services.demo_knowledge import NARRATIVES, add_knowledge_bank, entry_id
from app.services.export import DocumentKind, ExportOptions, export_document
from app.services.knowledge_cite import cite, plan_words, similar_to_plan
from app.services.store import Store
from app.services.sync.state import write_session
from tests.services.helpers import add_school, fill_stage_one, fill_stage_three, fill_stage_two

BUS_STOP = entry_id(0)  # "Adults at the bus stop after the final bell"


def _school(store: Store) -> str:
    with write_session(store) as session:
        add_knowledge_bank(session)
    school_id = add_school(store, "Kererū Vale School")
    today = date.today()
    fill_stage_one(store, school_id, today)
    fill_stage_two(store, school_id)  # "Bus stop": bullying, a gap after the bell
    fill_stage_three(store, school_id, today)
    return school_id


def _export(store: Store, school_id: str, kind: DocumentKind, out: Path) -> Document:
    result = export_document(store, school_id, kind, ExportOptions(out, include_empty=True))
    [written] = result.files
    return docx.Document(str(written.path))


def _cells(doc: Document) -> list[list[str]]:
    return [[c.text for c in row.cells] for table in doc.tables for row in table.rows]


def test_similar_interventions_are_found_from_the_plan_words(store: Store) -> None:
    school_id = _school(store)
    hits = similar_to_plan(store, school_id)
    assert hits and hits[0].entry_id == BUS_STOP
    assert len(hits) < len(NARRATIVES)  # similar, not everything
    assert similar_to_plan(store, add_school(store, "Weka Vale School")) == []


def test_a_citation_in_stage_two_prints_in_the_sara_plan(store: Store, tmp_path: Path) -> None:
    school_id = _school(store)
    cite(store, "Const. Aroha Ngata", school_id, BUS_STOP, "Same stop, same hour")
    with store.session() as session:
        [citation] = session.query(KnowledgeCitation).all()
        assert (citation.title, citation.year) == (NARRATIVES[0].title, date.today().year)
        assert citation.source.startswith("Full primary (Years 1–8) · 300 to 699 students")
    doc = _export(store, school_id, DocumentKind.SARA, tmp_path / "out")
    assert [NARRATIVES[0].title, citation.source, "Same stop, same hour"] in _cells(doc)
    assert "Evidence from elsewhere" in [p.text for p in doc.paragraphs]


def test_a_citation_for_a_response_prints_in_its_rationale(store: Store, tmp_path: Path) -> None:
    school_id = _school(store)
    with store.session() as session:
        response_id = session.query(Response).one().id
    cite(store, "Const. Aroha Ngata", school_id, entry_id(6), response_id=response_id)
    doc = _export(store, school_id, DocumentKind.ANNUAL_PLAN, tmp_path / "out")
    rationale = [row for row in _cells(doc) if row and row[0] == "Safety education: Kia Kaha"]
    shown_to_work = [row[1] for row in rationale if "National evaluation" in row[1]]
    assert shown_to_work == [
        "National evaluation\nKnowledge bank: Fights at the gate of a kura kaupapa "
        "(Kura Kaupapa Māori · 100 to 299 students · Te Awa Roa (fictional demo district) "
        "· 2024)"
    ]
    sara = _export(store, school_id, DocumentKind.SARA, tmp_path / "sara")
    assert not any("Fights at the gate" in cell for row in _cells(sara) for cell in row)


def test_plan_words_keep_the_telling_words() -> None:
    from app.models import SaraPlan

    plan = SaraPlan(
        title="Bus stop", problem_statement="Bullying at the bus stop", why_it_occurs=""
    )
    assert plan_words(plan) == "stop Bullying"
