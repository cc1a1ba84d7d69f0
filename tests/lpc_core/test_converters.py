"""The per-field converters give exactly what ``from_wire`` gives, for every synced field."""

from __future__ import annotations

from typing import Any

import pytest

from app.models import SYNCED_MODELS
from lpc_core.converters import converters
from lpc_core.wire import content_fields, from_wire

SAMPLES: list[Any] = [None, 0, 7, 2.0, 3.5, True, False, "", "12", "text", "2026-03-01"]
SAMPLES += ["2026-03-01T09:30:00+00:00", [1, 2], {"a": 1}]


def _outcome(fn: Any, value: Any) -> tuple[str, Any]:
    try:
        result = fn(value)
    except (TypeError, ValueError) as exc:
        return "error", type(exc).__name__
    return type(result).__name__, result


@pytest.mark.parametrize("model", SYNCED_MODELS, ids=lambda m: m.__tablename__)
def test_converters_match_from_wire(model: Any) -> None:
    convert = converters(model.__tablename__)
    assert sorted(convert) == sorted(content_fields(model))
    for field, fn in convert.items():
        for value in SAMPLES:
            expected = _outcome(lambda v, f=field: from_wire(model, f, v), value)
            assert _outcome(fn, value) == expected, (field, value)
