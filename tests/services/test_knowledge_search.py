"""Searching the knowledge bank offline: words, macrons, filters, ranking, highlights."""

from __future__ import annotations

import json
import uuid

from app.models import KnowledgeEntry
from app.services.knowledge_publish import Submission, submit
from app.services.knowledge_search import KnowledgeFilters, match_query, search, segments
from app.services.store import Store
from app.services.sync.state import write_session
from tests.services.knowledge_helpers import finished_school


def _entry(**values: object) -> KnowledgeEntry:
    base: dict[str, object] = {
        "id": str(uuid.uuid4()),
        "year": 2025,
        "state": "published",
        "named": False,
        "school_type": "secondary",
        "roll_band": "700_1499",
        "region": "Te Awa Roa",
        "problem_type": "bullying",
        "response_kinds": " kia_kaha ",
        "aims_result": "achieved",
        "title": "A title",
        "problem": "",
        "lessons": "",
        "aims_json": json.dumps([{"statement": "Fewer reports", "evidence": "Term counts"}]),
        "responses_json": "[]",
        "reflection_json": "{}",
        "details_text": "",
        "pending": "",
        "server_seq": 1,
    }
    return KnowledgeEntry(**{**base, **values})


def _add(store: Store, *entries: KnowledgeEntry) -> list[str]:
    with write_session(store) as session:
        session.add_all(entries)
    return [e.id for e in entries]


def test_words_found_with_or_without_macrons_and_highlighted(store: Store) -> None:
    [whanau] = _add(store, _entry(title="Whānau at the gate", lessons="Ask whānau early."))
    _add(store, _entry(title="Cycle lane", lessons="Paint the lane."))
    with store.session() as session:
        for words in ("whanau", "Whānau", "WHANAU", "whan"):
            hits = search(session, words)
            assert [h.entry_id for h in hits] == [whanau], words
        [hit] = search(session, "whanau early")
    assert hit.title == (("Whānau", True), (" at the gate", False))
    assert ("early", True) in hit.snippet


def test_title_ranks_above_body_and_words_must_all_match(store: Store) -> None:
    body, title = _add(
        store,
        _entry(title="Lunchtime supervision", lessons="Vaping fell once the toilets were open."),
        _entry(title="Vaping in the toilets", lessons="Supervision helped."),
    )
    with store.session() as session:
        assert [h.entry_id for h in search(session, "vaping")] == [title, body]
        assert [h.entry_id for h in search(session, "vaping lunchtime")] == [body]
        assert search(session, "vaping skateboard") == []


def test_filters_narrow_by_every_facet(store: Store) -> None:
    ids = _add(
        store,
        _entry(title="Bus stop", problem_type="bullying", year=2024),
        _entry(title="Bus lane", problem_type="road_safety", response_kinds=" road_safe "),
        _entry(title="Bus shelter", school_type="intermediate", aims_result="partly"),
        _entry(title="Bus windows", response_kinds=" kia_kaha school_wide_intervention "),
    )
    with store.session() as session:

        def found(**f: object) -> list[str]:
            hits = search(session, "bus", KnowledgeFilters(**f))  # type: ignore[arg-type]
            return sorted(h.entry_id for h in hits)

        assert found() == sorted(ids)
        assert found(problem_type="road_safety") == [ids[1]]
        assert found(year=2024) == [ids[0]]
        assert found(school_type="intermediate") == [ids[2]]
        assert found(aims_result="partly") == [ids[2]]
        assert found(response_kind="school_wide_intervention") == [ids[3]]
        assert found(response_kind="road_safe", year=2024) == []
        # no words: every published entry that fits, newest year first
        assert [h.entry_id for h in search(session, "", KnowledgeFilters(year=2024))] == [ids[0]]


def test_only_published_entries_are_found(store: Store) -> None:
    _add(store, _entry(title="Graffiti returned", state="returned"))
    _add(store, _entry(title="Graffiti submitted", state="submitted"))
    [published] = _add(store, _entry(title="Graffiti published"))
    with store.session() as session:
        assert [h.entry_id for h in search(session, "graffiti")] == [published]


def test_user_text_is_never_syntax_or_markup(store: Store) -> None:
    """Quotes, FTS5 operators and the marker characters typed by someone stay words."""
    [entry] = _add(store, _entry(title='The "NEAR" OR AND <b>bold</b> case'))
    assert match_query('near" OR (x') == '"near" "OR" "x"*'
    assert match_query("\ue000\ue001") == ""
    with store.session() as session:
        for words in ('"near', "OR", "NEAR(", "<b>", "*", "\ue000"):
            search(session, words)  # never an FTS5 syntax error
        [hit] = search(session, "bold")
    assert hit.entry_id == entry
    assert "".join(t for t, _m in hit.title) == 'The "NEAR" OR AND <b>bold</b> case'
    assert [t for t, matched in hit.title if matched] == ["bold"]
    assert segments("a\ue000b\ue001c") == (("a", False), ("b", True), ("c", False))


def test_a_submitted_narrative_is_searchable_once_published(store: Store) -> None:
    narrative_id = finished_school(store)
    entry = submit(store, Submission(narrative_id, False, "bullying", "Const. Aroha Ngata"))
    with store.session() as session:
        assert search(session, "roster") == []
    with write_session(store) as session:
        stored = session.get(KnowledgeEntry, entry.id)
        assert stored is not None
        stored.state = "published"
    with store.session() as session:
        [hit] = search(session, "roster whanau")
        # words from the year's records are found too: the aim's evidence
        assert [h.entry_id for h in search(session, "incident log")] == [entry.id]
    assert hit.entry_id == entry.id
