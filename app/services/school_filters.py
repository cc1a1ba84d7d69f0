"""Which schools the list shows: search text and the stage, overdue and cluster filters.

Matching ignores case and macrons, so "kahui" finds "Kāhui Ako" whatever the keyboard.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from app.models.vocabulary import Stage
from app.services.school_list_rows import SchoolSummary
from lpc_core.formatting import sort_key


@dataclass(frozen=True)
class SchoolFilter:
    text: str = ""
    stage: Stage | None = None
    overdue_only: bool = False
    cluster: str | None = None

    def matches(self, s: SchoolSummary, key: str | None = None) -> bool:
        """``key`` is ``search_key(s)`` when the caller keeps it (the list does, so a
        keystroke compares strings instead of folding every school's text again)."""
        if self.stage is not None and s.stage != self.stage:
            return False
        if self.overdue_only and not s.overdue_count:
            return False
        if self.cluster is not None and s.cluster != self.cluster:
            return False
        if not self.needle:
            return True
        return self.needle in (search_key(s) if key is None else key)

    @cached_property
    def needle(self) -> str:
        return sort_key(self.text.strip())

    @property
    def active(self) -> bool:
        return (
            bool(self.text.strip())
            or self.stage is not None
            or self.overdue_only
            or (self.cluster is not None)
        )


def search_key(s: SchoolSummary) -> str:
    """What the search text is looked for in, folded for case and macrons."""
    return sort_key(
        " ".join(
            (s.name, str(s.moe_number or ""), s.cluster, s.area, s.stage.label, s.status.label)
        )
    )


def clusters(summaries: list[SchoolSummary]) -> list[str]:
    """The clusters present, in the order people expect (macrons sort with their letter)."""
    return sorted({s.cluster for s in summaries if s.cluster}, key=sort_key)
