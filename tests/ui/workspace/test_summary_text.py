"""The line under the school's name: where the partnership is this year, and where a past
year ended (not "current stage 4" for a year that is over)."""

from __future__ import annotations

from datetime import date

from app.models.vocabulary import PartnershipStatus, Stage
from app.services.stages import StageReport
from app.services.workspace import WorkspaceState
from app.ui.workspace.summary_text import summary_text


def _state(year: int, current: bool, stage: Stage, stage4_done: bool) -> WorkspaceState:
    done = date(year, 11, 20) if stage4_done else None
    reports = tuple(
        StageReport(s, (), done if s is Stage.ACHIEVEMENT else date(year, 3, 1)) for s in Stage
    )
    return WorkspaceState(
        "s1", "Kōwhai Grove School", year, current, stage, PartnershipStatus.ACTIVE, "", reports
    )


def test_the_current_year_says_its_stage() -> None:
    state = _state(2026, True, Stage.RESPONSE, False)
    assert summary_text(state, 3) == "<b>Current stage 3 · Response</b> — Active"
    assert summary_text(state, 1) == (
        f"<b>Viewing stage 1 · {Stage.RELATIONSHIP.label}</b> &nbsp;·&nbsp; "
        "current stage 3 · Response — Active"
    )


def test_a_finished_past_year_says_so() -> None:
    state = _state(2025, False, Stage.ACHIEVEMENT, True)
    assert summary_text(state, 4) == "<b>2025: all four stages complete</b> — Active"
    assert "current" not in summary_text(state, 2).lower()
    assert summary_text(state, 2).endswith("2025: all four stages complete — Active")


def test_a_past_year_left_at_stage_one_says_where_it_ended() -> None:
    state = _state(2025, False, Stage.RELATIONSHIP, False)
    assert summary_text(state, None) == (
        f"<b>2025: ended at stage 1 · {Stage.RELATIONSHIP.label}</b> — Active"
    )
