from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.services.smart import check_aim

TODAY = date(2026, 11, 24)
GOOD = {
    "statement": "Reduce bullying reports at the bus stop among Year 7 students",
    "measure": "bullying reports per term",
    "baseline": 18.0,
    "target": 12.0,
    "attainable": "Two similar schools did this in a year",
    "realistic": "Two staff on duty and the Lead Police Contact",
    "due_on": TODAY + timedelta(days=180),
}


def test_a_good_aim_passes_all_five() -> None:
    result = check_aim(GOOD, TODAY)
    assert result.passed
    assert [f.letter for f in result.findings] == ["S", "M", "A", "R", "T"]


@pytest.mark.parametrize(
    ("change", "letter", "reason"),
    [
        ({"statement": "Less bullying"}, "S", "at least 6 words (now 2)"),
        ({"statement": "improve and reduce and increase more"}, "S", "name the behaviour"),
        ({"measure": ""}, "M", "say how it will be measured"),
        ({"target": None}, "M", "give a target value"),
        ({"attainable": ""}, "A", "explain why the target can be reached"),
        ({"target": 0.0}, "A", "from 18 to 0 is over 90%"),
        ({"realistic": " "}, "R", "name the people and resources"),
        ({"due_on": None}, "T", "set a date it is due by"),
        ({"due_on": TODAY - timedelta(days=1)}, "T", "already passed"),
        ({"due_on": TODAY + timedelta(days=5 * 365)}, "T", "within three years"),
    ],
)
def test_each_failing_letter_says_why(change: dict[str, object], letter: str, reason: str) -> None:
    result = check_aim({**GOOD, **change}, TODAY)
    assert [f.letter for f in result.failures] == [letter]
    assert reason in result.failures[0].reason
    assert result.summary().startswith(letter)


@pytest.mark.parametrize(
    ("statement", "baseline", "target", "reason"),
    [
        (
            "Reduce % of students who feel safe at the bus stop",
            58.0,
            75.0,
            "the aim says “reduce” but the target (75) is above the baseline (58)",
        ),
        (
            "Increase attendance at the Kāhui Ako road safety hui",
            40.0,
            30.0,
            "the aim says “increase” but the target (30) is below the baseline (40)",
        ),
        (
            "Maintain the share of whānau who feel welcome at school",
            80.0,
            90.0,
            "the aim says “maintain” but the target (90) is above the baseline (80)",
        ),
        (
            "Lower the number of reports of fighting near the dairy",
            12.0,
            12.0,
            "the aim says “lower” but the target (12) is the same as the baseline (12)",
        ),
    ],
)
def test_an_aim_whose_words_and_figures_disagree_is_named(
    statement: str, baseline: float, target: float, reason: str
) -> None:
    aim = {**GOOD, "statement": statement, "baseline": baseline, "target": target}
    result = check_aim(aim, TODAY)
    assert [f.letter for f in result.failures] == ["M"]
    assert reason in result.failures[0].reason


@pytest.mark.parametrize(
    ("statement", "baseline", "target"),
    [
        ("Increase % of students who feel safe at the bus stop", 58.0, 75.0),
        ("Maintain % of students who feel safe at the bus stop", 75.0, 75.0),
        ("Students feel safer at the bus stop after school each day", 58.0, 75.0),
    ],
)
def test_words_and_figures_that_agree_pass(statement: str, baseline: float, target: float) -> None:
    aim = {**GOOD, "statement": statement, "baseline": baseline, "target": target}
    assert check_aim(aim, TODAY).passed
