"""The line under a school's name that says where its partnership stands.

Kept apart from the workspace so the wording for the current year, a past year and a
stage viewed out of turn is in one small place (and testable without a window).
"""

from __future__ import annotations

from app.models.vocabulary import Stage
from app.services.workspace import WorkspaceState


def summary_text(state: WorkspaceState, page: int | None) -> str:
    """Rich text: the stage reached (a past year: where it ended), and the stage viewed
    when the officer has opened another."""
    current = f"stage {state.stage.value} · {state.stage.label}"
    if state.is_current_year:
        where = current
    else:  # a past year is where it ended, not where it is
        done = state.report(Stage.ACHIEVEMENT).completed_on is not None
        where = f"{state.year}: " + ("all four stages complete" if done else f"ended at {current}")
    if page in (1, 2, 3, 4) and page != state.stage.value:
        viewed = Stage(page)
        now = f"current {where}" if state.is_current_year else where
        return (
            f"<b>Viewing stage {viewed.value} · {viewed.label}</b>"
            f" &nbsp;·&nbsp; {now} — {state.status.label}"
        )
    if state.is_current_year:
        return f"<b>Current {current}</b> — {state.status.label}"
    return f"<b>{where}</b> — {state.status.label}"
