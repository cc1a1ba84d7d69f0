"""The text of every cell of the schools list, worked out with the list and off the UI thread.

The list's model used to format its cells as Qt asked for them, and sized its columns by
having Qt measure a sample of 200 rows: about 12,000 calls into Python on the UI thread,
the larger part of the time between the list being read and the list on screen (and rows
past the sample could still be cut short). The thread that reads the list now formats
every row here, and the view measures only the longest texts of each column
(``app.ui.column_widths``). Free of Qt.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from app.models.vocabulary import ServiceTier
from app.services.school_list_rows import SchoolSummary
from lpc_core.formatting import format_nz_date

COLUMNS = (
    "School",
    "MoE no.",
    "Stage",
    "Year",
    "Status",
    "Next due",
    "Cluster / Kāhui Ako",
    "Police services",
)
NAME, MOE, STAGE, YEAR, STATUS, NEXT_DUE, CLUSTER, SERVICES = range(len(COLUMNS))

Cells = tuple[str, ...]
"""One row's text, a string per column of ``COLUMNS``."""


class _Labels:
    """Each distinct stage, status, date and set of services is spelt once per list:
    most of 2,500 schools share a handful of them."""

    def __init__(self) -> None:
        self.dates: dict[date, str] = {}
        self.services: dict[tuple[str, ...], str] = {}

    def date(self, value: date) -> str:
        text = self.dates.get(value)
        if text is None:
            text = self.dates[value] = format_nz_date(value)
        return text

    def services_of(self, tiers: tuple[str, ...]) -> str:
        text = self.services.get(tiers)
        if text is None:
            text = self.services[tiers] = ", ".join(ServiceTier(t).short for t in tiers)
        return text


def row_cells(s: SchoolSummary, archived: bool, labels: _Labels | None = None) -> Cells:
    """The text of each column for one school, as the list shows it."""
    labels = labels or _Labels()
    return (
        f"{s.name} (archived)" if archived else s.name,
        "" if s.moe_number is None else str(s.moe_number),
        s.stage_label,
        "" if s.year is None else str(s.year),  # the school's current partnership year
        s.status.label,
        _next_due(s, labels),
        s.cluster,
        labels.services_of(s.services),
    )


def list_cells(rows: Iterable[SchoolSummary], archived: set[str]) -> list[Cells]:
    """Every row's cells, in the rows' order."""
    labels = _Labels()
    return [row_cells(s, s.id in archived, labels) for s in rows]


def _next_due(s: SchoolSummary, labels: _Labels) -> str:
    if s.next_due is None:
        return "—"
    when = labels.date(s.next_due.due_on) if s.next_due.due_on else "now"
    extra = f" (+{s.overdue_count - 1} more)" if s.overdue_count > 1 else ""
    return f"{s.next_due.kind.label} · {when}{extra}"
