"""The knowledge bank end to end through a real server process (issue 15): a narrative
submitted on laptop A, approved by the district supervisor on laptop B, reaches an
officer of another district on laptop C and is found there offline by a word of its
lessons; a returned narrative goes back to A with the comment and never reaches C."""

from __future__ import annotations

import pytest

from app.config import AppSettings
from app.models import KnowledgeEntry
from app.services.knowledge_publish import Submission, submit
from app.services.knowledge_search import search
from app.services.sync import knowledge
from app.services.sync.account import signed_in_token
from app.services.sync.client import ApiClient
from tests.services.knowledge_helpers import finished_school
from tests.services.sync.live import Live, LiveDevice, fresh_transport


def _api(live: Live, device: LiveDevice) -> ApiClient:
    token = signed_in_token(AppSettings(device.paths).get())
    return ApiClient(live.proxy.url, token, transport=fresh_transport())


def _entry(device: LiveDevice, entry_id: str) -> KnowledgeEntry | None:
    with device.store.session() as session:
        return session.get(KnowledgeEntry, entry_id)


def _submitted(device: LiveDevice, school: str, lessons: str, confirmed: bool = False) -> str:
    narrative_id = finished_school(device.store, name=school, lessons=lessons)
    device.sync()  # the school reaches the server first: it is the officer's
    submission = Submission(narrative_id, False, "bullying", "officer.aroha")
    entry = submit(device.store, submission, confirmed=confirmed)
    assert device.sync().knowledge_pulled >= 1
    stored = _entry(device, entry.id)
    assert stored is not None and (stored.state, stored.pending) == ("submitted", "")
    return entry.id


def test_approved_narrative_reaches_another_district_and_is_found_offline(live: Live) -> None:
    a = live.device("laptop-a", live.users.officer)
    b = live.device("laptop-b", live.users.supervisor)
    c = live.device("laptop-c", live.users.other_officer)
    entry_id = _submitted(a, "Kōwhai Grove School", "Ask the kaumātua of the marae first.")

    b.sync()
    waiting = _entry(b, entry_id)
    assert waiting is not None and waiting.state == "submitted"
    with _api(live, b) as api:
        assert knowledge.review(b.store, api, entry_id, "approve") == "published"

    heard = c.sync()
    assert "knowledge_entries" in heard.changes.tables  # an open bank view searches again
    live.proxy.close()  # C is offline from here on
    reached = _entry(c, entry_id)
    assert reached is not None
    assert (reached.state, reached.school_id, reached.school_name) == ("published", None, "")
    assert (reached.school_type, reached.roll_band) == ("full_primary", "100_299")
    with c.store.session() as session:
        [hit] = search(session, "kaumatua")
    assert hit.entry_id == entry_id
    assert ("kaumātua", True) in hit.snippet

    a_copy = _entry(a, entry_id)
    assert a_copy is not None and a_copy.state == "submitted"  # until A syncs again


def test_returned_narrative_goes_back_to_its_author_only(live: Live) -> None:
    a = live.device("laptop-a", live.users.officer)
    b = live.device("laptop-b", live.users.supervisor)
    c = live.device("laptop-c", live.users.other_officer)
    # The publish check finds the name and the street; the officer submits anyway.
    entry_id = _submitted(a, "Rātā Road School", "Tui Hohaia at 14 Rātā Road helped.", True)
    b.sync()
    with _api(live, b) as api:
        state = knowledge.review(b.store, api, entry_id, "return", "Take out the street name")
    assert state == "returned"

    a.sync()
    back = _entry(a, entry_id)
    assert back is not None
    assert (back.state, back.review_comment) == ("returned", "Take out the street name")
    c.sync()
    assert _entry(c, entry_id) is None
    with c.store.session() as session:
        assert search(session, "Hohaia") == []


def test_an_officer_cannot_approve(live: Live) -> None:
    a = live.device("laptop-a", live.users.officer)
    entry_id = _submitted(a, "Tōtara School", "Lessons", confirmed=True)
    with _api(live, a) as api, pytest.raises(Exception, match="refused") as refused:
        knowledge.review(a.store, api, entry_id, "approve")
    assert getattr(refused.value, "status", None) == 403
    a.sync()
    kept = _entry(a, entry_id)
    assert kept is not None and kept.state == "submitted"
