"""The knowledge bank: school-wide intervention narratives shared with other schools.

**Why a published entry is a snapshot, not a live view of the school's records.** The
partnership model asks officers in stage 2 to look at how a problem was dealt with
elsewhere, and stage 4's narrative exists to share lessons with other schools. Three
things follow from that:

* A district supervisor approves particular words. If the entry followed the school's
  record, a correction made next year to a past year (the app allows it) would reach
  every district without anyone approving it.
* Another officer cites an entry as evidence in their SARA plan. What they read and cited
  must still be what the entry says when their plan is exported months later.
* An anonymous entry shows only school type, roll band and region. A snapshot holds only
  those descriptors, so a laptop in another district never holds the school's record, its
  name or its contacts; a live view would need them to be sent.

So submitting copies the narrative with its year's aims and assessments, responses and
reflection into one entry; the school's own records stay where they were. Resubmitting
after a return replaces the copy; publishing freezes it.

Entries are not rows of the per-school sync (``Synced``): a published entry travels to
every district, whoever the school's officer is, and has its own endpoints
(docs/sync-protocol.md, "Knowledge bank").

A **citation** is the other way round: a school's own record (``KnowledgeCitation``,
synced with the school like its SARA plan) saying that its plan, or one of its responses,
draws on an entry as evidence from elsewhere. It copies the entry's title and what it
says of its school, so the SARA plan document reads the same on a laptop that has not
pulled the bank.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Synced, UTCDateTime, choice, long_text, text, utcnow
from app.models.vocabulary import (
    AssessmentResult,
    KnowledgeState,
    ProblemType,
    RollBand,
    SchoolType,
)
from app.models.years import year_column

KNOWLEDGE_TEXT_FIELDS: tuple[str, ...] = (
    "title",
    "context",
    "problem",
    "intervention",
    "implementation",
    "results",
    "lessons",
)
"""The narrative's own words, copied into the entry."""

KNOWLEDGE_SEARCH_COLUMNS: tuple[str, ...] = (
    "title",
    "problem",
    "intervention",
    "results",
    "lessons",
    "details_text",
)
"""What the local full-text index holds (migration 0013 builds it from these)."""


class KnowledgeEntry(Base):
    """One narrative in the bank, as it was submitted (see the module docstring)."""

    __tablename__ = "knowledge_entries"
    __label__ = "knowledge bank entry"
    # Everything a search filters and sorts on, by id: the search joins thousands of
    # matches to this index and reads the wide rows (every text) only for the page shown.
    __table_args__ = (
        Index(
            "ix_knowledge_entries_facets",
            "id",
            "state",
            "year",
            "problem_type",
            "school_type",
            "aims_result",
            "response_kinds",
            "title",
        ),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    # The source school and narrative: known on the author's and the district's devices,
    # None on others for an anonymous entry (no foreign key: the school is rarely here).
    school_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    narrative_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    year: Mapped[int] = year_column()
    state: Mapped[str] = choice("State", KnowledgeState, default=KnowledgeState.DRAFT)
    named: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    school_name: Mapped[str] = text("School", help="Blank when the entry is anonymous")
    school_type: Mapped[str] = choice("School type", SchoolType, default=SchoolType.OTHER)
    roll_band: Mapped[str] = choice("Roll", RollBand, default=RollBand.UNKNOWN)
    region: Mapped[str] = text("Region")
    problem_type: Mapped[str] = choice("Problem type", ProblemType, default=ProblemType.OTHER)
    # Response kinds (``ResponseKind`` values) joined by spaces, with a space either side
    # so a filter can match one whole value.
    response_kinds: Mapped[str] = mapped_column(String(500), default="", nullable=False)
    aims_result: Mapped[str] = choice(
        "Aims achieved", AssessmentResult, default=AssessmentResult.NOT_ACHIEVED
    )
    title: Mapped[str] = text("Title", required=True, max_len=300)
    context: Mapped[str] = long_text("The school and its community")
    problem: Mapped[str] = long_text("The problem")
    intervention: Mapped[str] = long_text("The intervention")
    implementation: Mapped[str] = long_text("How it was implemented")
    results: Mapped[str] = long_text("Results and evidence")
    lessons: Mapped[str] = long_text("Lessons for other schools")
    # The year's aims (with baseline, target and result), responses (with rationale) and
    # reflection, as JSON lists/objects for the readable page ...
    aims_json: Mapped[str] = mapped_column(Text, default="[]", nullable=False)
    responses_json: Mapped[str] = mapped_column(Text, default="[]", nullable=False)
    reflection_json: Mapped[str] = mapped_column(Text, default="{}", nullable=False)
    # ... and the same as plain words for the search index.
    details_text: Mapped[str] = mapped_column(Text, default="", nullable=False)
    author: Mapped[str] = text("Submitted by")
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    reviewed_by: Mapped[str] = text("Reviewed by")
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    review_comment: Mapped[str] = long_text("Supervisor's comment")
    # What this device still has to tell the server: "", "submit", "approve", "return".
    pending: Mapped[str] = mapped_column(String(20), default="", nullable=False)
    # The server's sequence number of the copy last pulled (0: never pulled).
    server_seq: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)


class KnowledgeCitation(Synced, Base):
    """A narrative from the bank cited as evidence: in the year's SARA plan (stage 2), or
    for one response's rationale (stage 3) when ``response_id`` is set."""

    __tablename__ = "knowledge_citations"
    __label__ = "knowledge bank citation"

    school_id: Mapped[str] = mapped_column(String(36), ForeignKey("schools.id"), index=True)
    year: Mapped[int] = year_column()
    response_id: Mapped[str | None] = mapped_column(
        String(36), ForeignKey("responses.id"), nullable=True, index=True
    )
    entry_id: Mapped[str] = text("Knowledge bank entry", required=True, max_len=36)
    title: Mapped[str] = text("Narrative", required=True, max_len=300)
    source: Mapped[str] = text("From", max_len=500, help="School type, roll, region and year")
    note: Mapped[str] = long_text("Why it is relevant")


SEARCH_INDEX = "knowledge_fts"
SEARCH_INDEX_TABLES = frozenset(
    {SEARCH_INDEX}
    | {f"{SEARCH_INDEX}_{part}" for part in ("data", "idx", "content", "docsize", "config")}
)
"""The FTS5 table and the shadow tables SQLite makes for it. Migration 0013 creates them
with SQL; the models cannot declare a virtual table, so schema comparisons skip these."""


def outside_models(name: str | None, type_: str, _parents: object) -> bool:
    """Alembic's ``include_name`` hook: False for the search index's tables."""
    return not (type_ == "table" and name in SEARCH_INDEX_TABLES)
