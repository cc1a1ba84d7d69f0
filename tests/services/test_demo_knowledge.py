"""The demo district seeds a varied, searchable knowledge bank that never travels."""

from __future__ import annotations

from datetime import date

from app.models import KnowledgeEntry
from app.services.demo import seed_demo
from app.services.demo_data import PLACES
from app.services.demo_knowledge import NARRATIVES
from app.services.knowledge_publish import entry_texts
from app.services.knowledge_search import KnowledgeFilters, search
from app.services.store import Store


def test_demo_bank_is_varied_published_and_found_by_search(store: Store) -> None:
    seed_demo(store, count=2, today=date(2026, 11, 24))
    with store.session() as session:
        entries = session.query(KnowledgeEntry).all()
        assert len(entries) == len(NARRATIVES) >= 8
        assert {e.state for e in entries} == {"published"}
        assert {e.pending for e in entries} == {""}  # nothing is ever sent
        assert {e.school_id for e in entries} == {None}
        assert len({e.problem_type for e in entries}) >= 8
        assert len({e.school_type for e in entries}) >= 5
        assert {e.aims_result for e in entries} == {"achieved", "partly", "not_achieved"}
        kinds = {k for e in entries for k in e.response_kinds.split()}
        assert len(kinds) >= 6
        assert all("fictional demo district" in e.region for e in entries)

        [bus] = search(session, "whanau roster")
        assert "bus stop" in "".join(t for t, _m in bus.title)
        toilets = search(session, "vaping", KnowledgeFilters(school_type="secondary"))
        assert len(toilets) == 1
        assert search(session, "", KnowledgeFilters(aims_result="not_achieved"))


def test_demo_narratives_pass_their_own_publish_check_style() -> None:
    """No place that gives a school away, and macrons where te reo is used."""
    text = " ".join(
        " ".join((n.title, n.problem, n.intervention, n.results, n.lessons)) for n in NARRATIVES
    )
    for word in ("whanau", "Maori", "kaumatua", "Tui Hollow", "Kowhai Grove"):
        assert word not in text, word
    # Anonymous entries: a demo locality would name its demo school (Kōwhai Grove School).
    places = [p for p in PLACES if p in text]
    assert places == [], "an anonymous narrative gives its school away"


def test_seeding_twice_adds_nothing_new(store: Store) -> None:
    from app.services.demo_knowledge import add_knowledge_bank
    from app.services.sync.state import write_session

    seed_demo(store, count=1, today=date(2026, 11, 24))
    with write_session(store) as session:
        add_knowledge_bank(session)
    with store.session() as session:
        assert session.query(KnowledgeEntry).count() == len(NARRATIVES)
        entry = session.query(KnowledgeEntry).first()
        assert entry is not None and entry_texts(entry)
