"""Revision 0013: records made before the knowledge bank keep every value, and the new
table and its search index take a narrative from that store."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from app.models import InterventionNarrative, KnowledgeCitation, KnowledgeEntry, School
from app.services.knowledge_cite import cite
from app.services.knowledge_publish import Submission, submit
from app.services.knowledge_search import search
from app.services.store import open_store
from app.services.sync.state import write_session
from tests.migrations.old_store import SCHOOL, insert, store_at

NARRATIVE = {
    "id": "n1",
    "school_id": "s1",
    "year": 2026,
    "title": "Kaumātua at the gate",
    "context": "A kura in a small town",
    "problem": "Fights at the gate after school",
    "intervention": "Kaumātua and whānau at the gate",
    "implementation": "From Term 2",
    "results": "Fights fell from 9 to 2 a term",
    "lessons": "Ask the marae first",
    "written_on": "2026-11-20",
}
SYNC = {
    "created_at": "2026-01-01 00:00:00",
    "updated_at": "2026-01-01 00:00:00",
    "row_version": 4,
    "device_id": "d",
}


def test_narratives_keep_every_value_and_enter_the_bank(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    store_at(path, "0012")
    with sqlite3.connect(path) as db:
        insert(db, "schools", {**SCHOOL, **SYNC})
        insert(db, "intervention_narratives", {**NARRATIVE, **SYNC})
    store = open_store(path, tmp_path / "backups")
    with store.session() as session:
        school = session.get(School, "s1")
        narrative = session.get(InterventionNarrative, "n1")
        assert school is not None and narrative is not None
        for field, value in SCHOOL.items():
            assert getattr(school, field) == value, field
        for field, value in NARRATIVE.items():
            expected = date.fromisoformat(str(value)) if field == "written_on" else value
            assert getattr(narrative, field) == expected, field
        assert (school.row_version, narrative.row_version) == (4, 4)
        assert session.query(KnowledgeEntry).count() == 0
    entry = submit(store, Submission("n1", False, "violence", "Const. Aroha Ngata"))
    with write_session(store) as session:
        stored = session.get(KnowledgeEntry, entry.id)
        assert stored is not None
        assert (stored.school_name, stored.school_type, stored.roll_band, stored.region) == (
            "",
            "kura_kaupapa",
            "100_299",
            "Te Awa Roa",
        )
        stored.state = "published"
    with store.session() as session:
        assert [h.entry_id for h in search(session, "kaumatua marae")] == [entry.id]
    # The new citations table takes a citation of it for the school's plan.
    citation = cite(store, "Const. Aroha Ngata", "s1", entry.id, "Same gate", year=2026)
    with store.session() as session:
        stored = session.get(KnowledgeCitation, citation.id)
        assert stored is not None
        assert (stored.title, stored.note, stored.year) == (
            "Kaumātua at the gate",
            "Same gate",
            2026,
        )
    store.close()
