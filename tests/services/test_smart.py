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
