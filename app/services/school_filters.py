"""Which schools the list shows: search text and the stage, overdue and cluster filters.

Matching ignores case and macrons, so "kahui" finds "Kāhui Ako" whatever the keyboard.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.models.vocabulary import Stage
from app.services.schools import SchoolSummary
from lpc_core.formatting import sort_key


@dataclass(frozen=True)
class SchoolFilter:
    text: str = ""
    stage: Stage | None = None
    overdue_only: bool = False
    cluster: str | None = None

    def matches(self, s: SchoolSummary) -> bool:
        if self.stage is not None and s.stage != self.stage:
            return False
        if self.overdue_only and not s.overdue_count:
            return False
        if self.cluster is not None and s.cluster != self.cluster:
            return False
        needle = sort_key(self.text.strip())
        if not needle:
            return True
        haystack = " ".join(
            (s.name, str(s.moe_number or ""), s.cluster, s.area, s.stage.label, s.status.label)
        )
        return needle in sort_key(haystack)

    @property
    def active(self) -> bool:
        return (
            bool(self.text.strip())
            or self.stage is not None
            or self.overdue_only
            or (self.cluster is not None)
        )


def clusters(summaries: list[SchoolSummary]) -> list[str]:
    """The clusters present, in the order people expect (macrons sort with their letter)."""
    return sorted({s.cluster for s in summaries if s.cluster}, key=sort_key)
