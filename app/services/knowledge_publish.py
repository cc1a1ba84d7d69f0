"""Submitting a stage-4 narrative to the knowledge bank (no Qt).

Submitting copies the narrative, with its year's aims and their assessments, responses
and reflection, into one ``KnowledgeEntry`` (``app/models/knowledge.py`` says why a
snapshot). The copy runs the publish check first (``knowledge_check``); an officer who
has read the findings confirms them to submit anyway. The entry waits on this device as
``submitted`` with ``pending = "submit"`` until the next sync sends it; a district
supervisor then approves or returns it on the server.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import InterventionNarrative, KnowledgeEntry, spec_of
from app.models.knowledge import KNOWLEDGE_TEXT_FIELDS
from app.models.vocabulary import AssessmentResult, KnowledgeState, ProblemType, roll_band
from app.services.knowledge_check import Finding, KnownContacts, check_texts
from app.services.knowledge_text import clean, details_text
from app.services.records import SchoolRecords, load_school
from app.services.store import Store
from lpc_core.validation import FieldError, ValidationError

RESUBMITTABLE = {KnowledgeState.DRAFT.value, KnowledgeState.RETURNED.value}


class PublishCheckError(ValueError):
    """The publish check found something; the officer confirms or edits, then submits."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__("; ".join(f.message for f in findings))
        self.findings = findings


@dataclass(frozen=True, slots=True)
class Submission:
    narrative_id: str
    named: bool
    problem_type: str
    author: str


def snapshot(session: Session, submission: Submission) -> KnowledgeEntry:
    """A new, unsaved entry copying the narrative and its year (nothing is written)."""
    if submission.problem_type not in ProblemType._value2member_map_:
        allowed = ", ".join(p.label for p in ProblemType)
        raise ValidationError([FieldError("problem_type", "Problem type", f"one of: {allowed}")])
    narrative = session.get(InterventionNarrative, submission.narrative_id)
    if narrative is None or narrative.is_deleted:
        raise LookupError(f"narrative {submission.narrative_id} does not exist")
    records = load_school(session, narrative.school_id, narrative.year)
    school = records.school
    entry = KnowledgeEntry(
        id=str(uuid.uuid4()),
        school_id=school.id,
        narrative_id=narrative.id,
        year=narrative.year,
        state=KnowledgeState.DRAFT.value,
        named=submission.named,
        school_name=school.name if submission.named else "",
        school_type=school.school_type,
        roll_band=roll_band(school.roll).value,
        region=school.district,
        problem_type=submission.problem_type,
        response_kinds=" " + " ".join(sorted({r.kind for r in records.responses})) + " ",
        aims_result=_aims_result(records).value,
        author=submission.author,
        pending="",
        server_seq=0,
    )
    for field in KNOWLEDGE_TEXT_FIELDS:
        setattr(entry, field, clean(getattr(narrative, field)))
    aims, responses, reflection = _year_parts(records)
    entry.aims_json = json.dumps(aims, ensure_ascii=False)
    entry.responses_json = json.dumps(responses, ensure_ascii=False)
    entry.reflection_json = json.dumps(reflection, ensure_ascii=False)
    entry.details_text = details_text(
        entry.context, entry.implementation, aims, responses, reflection
    )
    return entry


def check(session: Session, submission: Submission) -> list[Finding]:
    """The publish check over everything the entry would hold."""
    entry = snapshot(session, submission)
    assert entry.school_id is not None
    records = load_school(session, entry.school_id, entry.year)
    school = records.school
    known = KnownContacts.build(
        ((p.name, p.email, p.phone) for p in records.people),
        places=(school.name, school.cluster, school.district, school.area),
        anonymous_school="" if submission.named else school.name,
    )
    return check_texts(entry_texts(entry), known)


def submit(store: Store, submission: Submission, confirmed: bool = False) -> KnowledgeEntry:
    """Copy and queue the narrative for the district supervisor's approval.

    Refused with ``PublishCheckError`` while the check finds something the officer has not
    confirmed. A narrative already submitted or published is refused; one returned (or a
    draft) is replaced by the new copy under the same entry id.
    """
    from app.services.sync.state import write_session  # sync loads this module: no cycle

    with write_session(store) as session:
        findings = check(session, submission)
        if findings and not confirmed:
            raise PublishCheckError(findings)
        entry = snapshot(session, submission)
        earlier = entry_for_narrative(session, submission.narrative_id)
        if earlier is not None:
            if earlier.state not in RESUBMITTABLE:
                state = KnowledgeState(earlier.state).label.lower()
                raise ValueError(f"This narrative is already in the knowledge bank ({state}).")
            entry.id = earlier.id
            session.delete(earlier)
            session.flush()
        now = datetime.now(UTC)
        entry.state = KnowledgeState.SUBMITTED.value
        entry.submitted_at = now
        entry.updated_at = now
        entry.pending = "submit"
        session.add(entry)
    return entry


def entry_for_narrative(session: Session, narrative_id: str) -> KnowledgeEntry | None:
    return session.scalar(select(KnowledgeEntry).where(KnowledgeEntry.narrative_id == narrative_id))


def entry_texts(entry: KnowledgeEntry) -> dict[str, tuple[str, str]]:
    """Every text of an entry by field, with the field's label: what the check reads."""
    texts = {f: (_label(f), getattr(entry, f) or "") for f in KNOWLEDGE_TEXT_FIELDS}
    for i, aim in enumerate(json.loads(entry.aims_json), start=1):
        for key in ("statement", "measure", "evidence"):
            texts[f"aims.{i}.{key}"] = (f"Aim {i}: {key}", aim.get(key, ""))
    for i, response in enumerate(json.loads(entry.responses_json), start=1):
        for key, value in response.items():
            if key != "kind":
                texts[f"responses.{i}.{key}"] = (f"Response {i}: {key}", value)
    for key, value in json.loads(entry.reflection_json).items():
        texts[f"reflection.{key}"] = (f"Reflection: {key.replace('_', ' ')}", value)
    return texts


def _label(field: str) -> str:
    spec = spec_of(KnowledgeEntry, field)
    return spec.label if spec is not None else field


def _aims_result(records: SchoolRecords) -> AssessmentResult:
    """Achieved when every aim was, not achieved when none was, else partly."""
    results = [a.result if (a := records.assessment_of(aim)) else "" for aim in records.aims]
    if results and all(r == AssessmentResult.ACHIEVED for r in results):
        return AssessmentResult.ACHIEVED
    if any(r in (AssessmentResult.ACHIEVED, AssessmentResult.PARTLY) for r in results):
        return AssessmentResult.PARTLY
    return AssessmentResult.NOT_ACHIEVED


def _year_parts(
    records: SchoolRecords,
) -> tuple[list[dict[str, Any]], list[dict[str, str]], dict[str, str]]:
    aims = []
    for aim in records.aims:
        assessment = records.assessment_of(aim)
        aims.append(
            {
                "statement": clean(aim.statement),
                "measure": clean(aim.measure),
                "unit": clean(aim.unit),
                "baseline": aim.baseline,
                "target": aim.target,
                "result": assessment.result if assessment else "",
                "measured_value": assessment.measured_value if assessment else None,
                "evidence": clean(assessment.evidence) if assessment else "",
            }
        )
    responses = [
        {
            "kind": r.kind,
            "description": clean(r.description),
            "rationale_evidence": clean(r.rationale_evidence),
            "rationale_resourcing": clean(r.rationale_resourcing),
            "rationale_buy_in": clean(r.rationale_buy_in),
            "rationale_logic": clean(r.rationale_logic),
        }
        for r in records.responses
    ]
    reflection = records.reflection
    kept = ("what_happened", "why_it_happened", "do_differently", "next_steps")
    parts = {k: clean(getattr(reflection, k)) for k in kept} if reflection else {}
    return aims, responses, parts


@dataclass(frozen=True, slots=True)
class SubmissionStatus:
    """Where a school's narrative of one year stands with the bank, for stage 4's panel."""

    narrative_id: str | None  # None: no narrative written that year
    title: str = ""
    state: str = ""  # a KnowledgeState value, or "" when never submitted
    review_comment: str = ""
    waiting_to_send: bool = False


def submission_status(store: Store, school_id: str, year: int | None = None) -> SubmissionStatus:
    from app.services.years import current_year

    with store.session() as session:
        year = year if year is not None else current_year(session, school_id)
        narrative = load_school(session, school_id, year).narrative
        if narrative is None:
            return SubmissionStatus(None)
        entry = entry_for_narrative(session, narrative.id)
        if entry is None:
            return SubmissionStatus(narrative.id, narrative.title)
        return SubmissionStatus(
            narrative.id,
            narrative.title,
            entry.state,
            entry.review_comment or "",
            entry.pending == "submit",
        )


def check_in_store(store: Store, submission: Submission) -> list[Finding]:
    """The publish check, for a screen (which opens no session itself)."""
    with store.session() as session:
        return check(session, submission)
