"""The SMART check of a stage-3 response aim.

It says which letter fails and why, in words an officer can act on. The rules are simple
on purpose: they catch an aim that cannot later be assessed, they do not judge its merit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from app.models import ResponseAim

MIN_SPECIFIC_WORDS = 6
LONGEST_HORIZON_DAYS = 3 * 366  # UK SSP long-term plans run up to three years
VAGUE_ONLY = {"improve", "better", "reduce", "increase", "support", "help", "more", "less"}
# The verbs that say which way an aim's figure should move. Only verbs: "more" or "fewer"
# often qualify something else ("late more than twice"); the first verb found is taken
# as the aim's (aims lead with it: "Reduce …", "Increase …", "Maintain …").
DIRECTION_VERBS = {
    "down": {"reduce", "decrease", "lower", "cut", "halve", "lessen", "minimise", "minimize"},
    "up": {"increase", "raise", "grow", "boost", "double", "lift", "maximise", "maximize"},
    "same": {"maintain", "keep", "sustain"},
}


@dataclass(frozen=True, slots=True)
class SmartFinding:
    letter: str  # "S", "M", "A", "R" or "T"
    word: str
    ok: bool
    reason: str


@dataclass(frozen=True, slots=True)
class SmartResult:
    findings: tuple[SmartFinding, ...]

    @property
    def passed(self) -> bool:
        return all(f.ok for f in self.findings)

    @property
    def failures(self) -> list[SmartFinding]:
        return [f for f in self.findings if not f.ok]

    def summary(self) -> str:
        if self.passed:
            return "SMART: all five checks pass."
        return " ".join(f"{f.letter} ({f.word}): {f.reason}" for f in self.failures)


def _get(aim: ResponseAim | dict[str, Any], name: str) -> Any:
    return aim.get(name) if isinstance(aim, dict) else getattr(aim, name, None)


def _text(aim: ResponseAim | dict[str, Any], name: str) -> str:
    value = _get(aim, name)
    return value.strip() if isinstance(value, str) else ""


def judged_as_at(year: int, written: date) -> date:
    """The day an aim of ``year`` written on ``written`` is judged from: that day, or the
    first day of its year when it was written after that year (a past year filled in or
    looked at afterwards, as the demo district's earlier years are). Otherwise a past
    year's aim, due within its own year, would read as overdue from the day it was set,
    and that year's stage 3 could never be completed."""
    return written if written.year <= year else date(year, 1, 1)


def aim_written_on(aim: ResponseAim) -> date:
    """The day a recorded aim is judged from (``judged_as_at`` its recording day)."""
    return judged_as_at(aim.year, aim.created_at.date())


def check_aim(aim: ResponseAim | dict[str, Any], today: date | None = None) -> SmartResult:
    """Check an aim given as a model or as a dict of (already cleaned) form values."""
    today = today or date.today()
    statement = _text(aim, "statement")
    words = [w.strip(".,;:!?").lower() for w in statement.split()]

    if len(words) < MIN_SPECIFIC_WORDS:
        s = SmartFinding(
            "S",
            "Specific",
            False,
            f"say who, what and where in at least {MIN_SPECIFIC_WORDS} words (now {len(words)})",
        )
    elif set(words) <= VAGUE_ONLY | {"the", "a", "to", "and", "of", "in", "at", "for"}:
        s = SmartFinding(
            "S", "Specific", False, "name the behaviour or problem, not only a direction"
        )
    else:
        s = SmartFinding("S", "Specific", True, "states what will change")

    measure = _text(aim, "measure")
    target = _get(aim, "target")
    if not measure:
        m = SmartFinding("M", "Measurable", False, "say how it will be measured")
    elif target is None:
        m = SmartFinding("M", "Measurable", False, "give a target value for the measure")
    else:
        disagreement = _direction_disagrees(words, _get(aim, "baseline"), target)
        if disagreement:
            m = SmartFinding("M", "Measurable", False, disagreement)
        else:
            m = SmartFinding("M", "Measurable", True, "has a measure and a target")

    baseline = _get(aim, "baseline")
    if not _text(aim, "attainable"):
        a = SmartFinding("A", "Attainable", False, "explain why the target can be reached")
    elif (
        isinstance(baseline, int | float)
        and isinstance(target, int | float)
        and baseline > 0
        and abs(target - baseline) / baseline > 0.9
    ):
        a = SmartFinding(
            "A",
            "Attainable",
            False,
            f"a change from {baseline:g} to {target:g} is over 90%; set a nearer target",
        )
    else:
        a = SmartFinding("A", "Attainable", True, "explains why the target can be reached")

    if not _text(aim, "realistic"):
        r = SmartFinding("R", "Realistic", False, "name the people and resources it needs")
    else:
        r = SmartFinding("R", "Realistic", True, "names the resources")

    due = _get(aim, "due_on")
    if not isinstance(due, date):
        t = SmartFinding("T", "Time-bound", False, "set a date it is due by")
    elif due <= today:
        t = SmartFinding("T", "Time-bound", False, "the due date has already passed")
    elif (due - today).days > LONGEST_HORIZON_DAYS:
        t = SmartFinding("T", "Time-bound", False, "set a due date within three years")
    else:
        t = SmartFinding("T", "Time-bound", True, "has a due date")

    return SmartResult((s, m, a, r, t))


def _direction_disagrees(words: list[str], baseline: Any, target: Any) -> str:
    """Why the aim's verb and its figures point different ways, or "" when they agree
    (or either is missing): "Reduce … from 58 to 75" cannot be assessed as written."""
    if not isinstance(baseline, int | float) or not isinstance(target, int | float):
        return ""
    verb, way = next(
        ((w, d) for w in words for d, verbs in DIRECTION_VERBS.items() if w in verbs),
        ("", ""),
    )
    moves = "up" if target > baseline else "down" if target < baseline else "same"
    if not verb or way == moves:
        return ""
    figures = f"the target ({target:g}) is {_WAY[moves]} the baseline ({baseline:g})"
    return f"the aim says “{verb}” but {figures}; correct the words or the figures"


_WAY = {"up": "above", "down": "below", "same": "the same as"}
