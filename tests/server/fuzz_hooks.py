"""Schemathesis hooks for tests/server/test_api_fuzz.py (loaded by SCHEMATHESIS_HOOKS).

The OpenAPI schema states every rule about a request that JSON Schema can state. Three
rules of a push depend on another field or on what the server holds, which a schema
cannot say (docs/sync-protocol.md lists them): a school's ``school_id`` is its own
``row_id`` (and ``fields.school_id`` is the change's); a record the server does not hold
yet arrives whole; its references name records the server holds. Generated bodies are
mapped to follow them the way the app does: schools made by the batch get a name, and
changes to other tables go to a school nobody may see (answered 403), so their fields
are checked against the schema without depending on earlier test cases.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import schemathesis

from server.schemas import UUID_PATTERN

_UUID = re.compile(UUID_PATTERN)
_ELSEWHERE = uuid.UUID("1f0c7c55-6a3b-4f4e-9a55-1d2c0e3b7a41")


@schemathesis.hook
def map_case(context: Any, case: Any) -> Any:
    """Every phase's cases (the coverage phase does not run body hooks)."""
    _follow_push_rules(case.body)
    return case


def _follow_push_rules(body: Any) -> None:
    if not isinstance(body, dict) or not isinstance(body.get("changes"), list):
        return
    for change in body["changes"]:
        if not isinstance(change, dict) or not all(
            isinstance(change.get(k), str) and _UUID.match(change[k])
            for k in ("row_id", "school_id")
        ):
            continue  # a case about a malformed id: left as generated
        if change.get("table") == "schools":
            change["school_id"] = change["row_id"]
            fields = change.get("fields")
            named = isinstance(fields, dict) and str(fields.get("name") or "").strip()
            if change.get("op") != "delete" and isinstance(fields, dict) and not named:
                fields["name"] = "Kōwhai Grove School"
        else:
            change["school_id"] = str(uuid.uuid5(_ELSEWHERE, change["row_id"]))
        fields = change.get("fields")
        reference = fields.get("school_id") if isinstance(fields, dict) else None
        if isinstance(fields, dict) and isinstance(reference, str) and _UUID.match(reference):
            fields["school_id"] = change["school_id"]
