"""The four stages of the model, apart from the rest of the vocabulary (which re-exports them).

The main window's menus name the stages before the window is shown; the rest of the
vocabulary's enums take about 4 ms to build, which the window need not wait for.
"""

from __future__ import annotations

from enum import IntEnum


class Stage(IntEnum):
    """The four stages of the Police-School Partnership Model, each aligned to SARA."""

    RELATIONSHIP = 1
    ANALYSIS = 2
    RESPONSE = 3
    ACHIEVEMENT = 4

    @property
    def label(self) -> str:
        return STAGE_LABELS[self]

    @property
    def sara(self) -> str:
        return STAGE_SARA[self]


STAGE_LABELS: dict[Stage, str] = {
    Stage.RELATIONSHIP: "Relationship and information sharing",
    Stage.ANALYSIS: "Analysis of shared goals",
    Stage.RESPONSE: "Response",
    Stage.ACHIEVEMENT: "Achievement of goals",
}
STAGE_SARA: dict[Stage, str] = {
    Stage.RELATIONSHIP: "Scan",
    Stage.ANALYSIS: "Analyse",
    Stage.RESPONSE: "Respond",
    Stage.ACHIEVEMENT: "Assess",
}
