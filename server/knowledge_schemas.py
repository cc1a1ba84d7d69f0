"""Bodies of the knowledge-bank routes (docs/sync-protocol.md, "Knowledge bank").

An entry travels as ``fields``: the narrative's words, the descriptors an anonymous
entry shows (school type, roll band, region) and the year's aims, responses and
reflection as lists and objects. Every rule is in the schema (lengths, choices, no
control characters), so what /openapi.json allows the server takes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal, TypeAlias

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from app.models.base import LONG_TEXT, SHORT_TEXT
from app.models.vocabulary import (
    YEAR_MAX,
    YEAR_MIN,
    AssessmentResult,
    KnowledgeState,
    ProblemType,
    ResponseKind,
    RollBand,
    SchoolType,
)
from server.schemas import _REFUSED, _SPACE, MAX_INT, Uuid

_PLAIN = f"^[^{_REFUSED}]*$"


def _text(max_len: int) -> object:
    return Field(default="", max_length=max_len, pattern=_PLAIN)


Short = Annotated[str, _text(SHORT_TEXT)]
Long = Annotated[str, _text(LONG_TEXT)]
Title = Annotated[
    str, Field(max_length=300, pattern=f"^[^{_REFUSED}]*[^{_SPACE}{_REFUSED}][^{_REFUSED}]*$")
]
Number = Annotated[float | None, Field(default=None, ge=-MAX_INT, le=MAX_INT)]


if TYPE_CHECKING:  # to a type checker they are text; to Pydantic, one of the vocabulary's
    ProblemTypeValue: TypeAlias = str
    ResponseKindValue: TypeAlias = str
    SchoolTypeValue: TypeAlias = str
    ResultValue: TypeAlias = str
    RollBandValue: TypeAlias = str
    StateValue: TypeAlias = str
else:
    ProblemTypeValue = Literal[tuple(m.value for m in ProblemType)]
    ResponseKindValue = Literal[tuple(m.value for m in ResponseKind)]
    SchoolTypeValue = Literal[tuple(m.value for m in SchoolType)]
    ResultValue = Literal[tuple(m.value for m in AssessmentResult)]
    RollBandValue = Literal[tuple(m.value for m in RollBand)]
    StateValue = Literal[tuple(m.value for m in KnowledgeState)]

Strict = ConfigDict(extra="forbid")


class AimIn(BaseModel):
    model_config = Strict
    statement: Annotated[str, _text(500)]
    measure: Annotated[str, _text(500)]
    unit: Annotated[str, _text(60)]
    baseline: Number
    target: Number
    result: ResultValue | Literal[""] = ""
    measured_value: Number
    evidence: Long


class ResponseIn(BaseModel):
    model_config = Strict
    kind: ResponseKindValue
    description: Long
    rationale_evidence: Long
    rationale_resourcing: Long
    rationale_buy_in: Long
    rationale_logic: Long


class ReflectionIn(BaseModel):
    model_config = Strict
    what_happened: Long
    why_it_happened: Long
    do_differently: Long
    next_steps: Long


class EntryFields(BaseModel):
    """An entry's content as the app's ``KnowledgeEntry`` holds it."""

    model_config = Strict
    year: int = Field(ge=YEAR_MIN, le=YEAR_MAX)
    named: StrictBool
    school_name: Short
    school_type: SchoolTypeValue
    roll_band: RollBandValue
    region: Short
    problem_type: ProblemTypeValue
    response_kinds: list[ResponseKindValue] = Field(
        default_factory=list, max_length=len(ResponseKind)
    )
    aims_result: ResultValue
    title: Title
    context: Long
    problem: Long
    intervention: Long
    implementation: Long
    results: Long
    lessons: Long
    aims: list[AimIn] = Field(default_factory=list, max_length=50)
    responses: list[ResponseIn] = Field(default_factory=list, max_length=50)
    reflection: ReflectionIn | None = None


class SubmitIn(BaseModel):
    id: Uuid
    school_id: Uuid
    fields: EntryFields


class ReviewIn(BaseModel):
    decision: Literal["approve", "return"]
    comment: Annotated[str, _text(LONG_TEXT)] = ""


class EntryOut(BaseModel):
    seq: int
    id: str
    state: StateValue
    school_id: str | None
    district: str
    author: str
    submitted_at: str
    reviewed_by: str
    reviewed_at: str | None
    review_comment: str
    fields: EntryFields


class KnowledgePullOut(BaseModel):
    entries: list[EntryOut]
    next_cursor: int
    more: bool


class SearchHitOut(BaseModel):
    id: str
    title: str
    school_name: str
    school_type: str
    region: str
    problem_type: str
    year: int
    aims_result: str
    rank: float


class SearchOut(BaseModel):
    entries: list[SearchHitOut]
