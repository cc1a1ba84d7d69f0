"""What the schools list and the reminders panel show: plain rows, free of SQLAlchemy and Qt.

They live apart from the code that reads them so the window can hold and show them
before the ORM store has been imported (``app.services.quick_list``), and so the list,
the reminders and the calendar file all build the same objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from app.models.vocabulary import PartnershipStatus, Stage


class ReminderKind(StrEnum):
    AGREEMENT_REVIEW = "agreement_review"
    PROFILE_OUT_OF_DATE = "profile_out_of_date"
    PLAN_REVIEW_OVERDUE = "plan_review_overdue"
    ACTIVITY_OVERDUE = "activity_overdue"
    COPY_WITH_SCHOOL = "copy_with_school"

    @property
    def label(self) -> str:
        return {
            "agreement_review": "Agreement review",
            "profile_out_of_date": "School profile out of date",
            "plan_review_overdue": "Plan review overdue",  # monthly or quarterly
            "activity_overdue": "Activity past due",
            "copy_with_school": "School's copy not back",
        }[self.value]


@dataclass(frozen=True, slots=True)
class Reminder:
    kind: ReminderKind
    school_id: str
    school_name: str
    due_on: date | None  # None: never done (e.g. no profile at all)
    message: str  # the detail, shown after the kind's label: it never repeats the label
    table: str  # the form that resolves it
    row_id: str | None
    part: str = ""  # tells apart reminders about one row: a plan's monthly and quarterly reviews
    year: int | None = None  # the partnership year of a plan's reminder, which opens that year

    def overdue(self, today: date) -> bool:
        return self.due_on is None or self.due_on < today

    @property
    def text(self) -> str:
        """The kind and the detail together, as a line a person reads."""
        return f"{self.kind.label}: {self.message}"


@dataclass(frozen=True, slots=True)
class SchoolSummary:
    id: str
    name: str
    moe_number: int | None
    cluster: str
    area: str
    roll: int | None
    stage: Stage
    status: PartnershipStatus
    next_due: Reminder | None
    overdue_count: int
    year: int | None = None  # the school's current partnership year
    services: tuple[str, ...] = ()  # ServiceTier values, in the operating model's order

    @property
    def stage_label(self) -> str:
        return f"{self.stage.value} · {self.stage.label}"


@dataclass(frozen=True)
class SchoolList:
    """The schools list and the reminders panel, read in one pass over the store."""

    rows: list[SchoolSummary]
    archived: set[str]
    reminders: list[Reminder] = field(default_factory=list)
    cells: list[tuple[str, ...]] | None = None
    """Each row's text (``school_list_cells``), formatted where the list was read; None
    where whoever made the list left that to the list's model."""
