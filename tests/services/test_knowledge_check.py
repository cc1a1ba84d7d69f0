"""The publish check finds people and contact details outside the school's staff contacts."""

from __future__ import annotations

import pytest

from app.models import KnowledgeEntry, Reflection
from app.models.vocabulary import KnowledgeState
from app.services.knowledge_check import FindingKind, school_names
from app.services.knowledge_publish import PublishCheckError, Submission, check, submit
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from tests.services.knowledge_helpers import NARRATIVE, finished_school


def _submission(narrative_id: str, named: bool = True) -> Submission:
    return Submission(narrative_id, named, "bullying", "Const. Aroha Ngata")


def test_clean_narrative_passes_and_staff_contacts_may_be_named(store: Store) -> None:
    narrative_id = finished_school(
        store,
        results="Mere Tautahi (principal@kowhai.school.nz, 06 555 0123) and Mrs Tautahi "
        "confirmed reports fell from 18 to 11. Hemi Walker kept the roster.",
    )
    with store.session() as session:
        assert check(session, _submission(narrative_id)) == []


def test_names_and_contact_details_outside_the_staff_are_found(store: Store) -> None:
    narrative_id = finished_school(
        store,
        lessons="Whaea Tui Hohaia of the marae helped; ring her on 021 555 0199 or write to "
        "tui.hohaia@example.org. Year 6 student Tama Wiremu lives at 14 Rātā Street.",
    )
    with store.session() as session:
        findings = check(session, _submission(narrative_id))
    assert [(f.field, f.kind, f.found) for f in findings] == [
        ("lessons", FindingKind.NAME, "Whaea Tui Hohaia"),
        ("lessons", FindingKind.PHONE, "021 555 0199"),
        ("lessons", FindingKind.EMAIL, "tui.hohaia@example.org"),
        ("lessons", FindingKind.NAME, "Tama Wiremu"),
        ("lessons", FindingKind.ADDRESS, "14 Rātā Street"),
    ]
    assert findings[0].label == "Lessons for other schools"
    assert "helped; ring her" in findings[0].excerpt
    assert findings[1].message == "Lessons for other schools: “021 555 0199” a phone number"


def test_programme_and_role_names_are_not_taken_for_people(store: Store) -> None:
    narrative_id = finished_school(
        store,
        intervention="Keeping Ourselves Safe and Kia Kaha, with the School Traffic Safety "
        "Team, the Youth Aid Officer and the Kāhui Ako o Te Awa Roa.",
    )
    with store.session() as session:
        assert check(session, _submission(narrative_id)) == []


def test_anonymous_entry_must_not_name_its_school(store: Store) -> None:
    narrative_id = finished_school(store, results="Kōwhai Grove School saw reports fall.")
    with store.session() as session:
        assert check(session, _submission(narrative_id, named=True)) == []
        findings = check(session, _submission(narrative_id, named=False))
    assert [(f.field, f.kind) for f in findings] == [("results", FindingKind.SCHOOL_NAME)]


def test_anonymous_entry_must_not_name_the_schools_place(store: Store) -> None:
    """ "Kōwhai Grove" gives away "Kōwhai Grove School" as surely as its full name."""
    narrative_id = finished_school(store, context="A full primary on the edge of Kōwhai Grove.")
    with store.session() as session:
        assert check(session, _submission(narrative_id, named=True)) == []
        findings = check(session, _submission(narrative_id, named=False))
    assert [(f.field, f.kind, f.found) for f in findings] == [
        ("context", FindingKind.SCHOOL_NAME, "Kōwhai Grove")
    ]
    assert school_names("Te Kura o Ōtaki") == ["Te Kura o Ōtaki", "Ōtaki"]
    assert school_names("Kōwhai Grove School") == ["Kōwhai Grove School", "Kōwhai Grove"]


def test_findings_in_the_year_records_name_their_field(store: Store) -> None:
    """Aims' evidence and the reflection travel too, so they are read too."""
    narrative_id = finished_school(store)
    with store.session() as session:
        reflection_id = session.query(Reflection).one().id
    with UnitOfWork(store) as uow:
        uow.update(uow.get(Reflection, reflection_id), do_differently="Ask Mrs Hohaia sooner")
    with store.session() as session:
        findings = check(session, _submission(narrative_id))
    assert [(f.field, f.label, f.found) for f in findings] == [
        ("reflection.do_differently", "Reflection: do differently", "Mrs Hohaia")
    ]


def test_submit_refuses_until_findings_are_confirmed(store: Store) -> None:
    narrative_id = finished_school(store, lessons="Call 027 555 0101 for the roster.")
    with pytest.raises(PublishCheckError) as refused:
        submit(store, _submission(narrative_id))
    assert [f.kind for f in refused.value.findings] == [FindingKind.PHONE]
    with store.session() as session:
        assert session.query(KnowledgeEntry).count() == 0
    entry = submit(store, _submission(narrative_id), confirmed=True)
    with store.session() as session:
        stored = session.get(KnowledgeEntry, entry.id)
        assert stored is not None
        assert (stored.state, stored.pending) == (KnowledgeState.SUBMITTED.value, "submit")
        assert stored.lessons == "Call 027 555 0101 for the roster."
        assert stored.title == NARRATIVE["title"]
