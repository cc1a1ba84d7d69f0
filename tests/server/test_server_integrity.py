"""Records the server takes in are whole and their references point somewhere
(docs/sync-protocol.md, "What the server refuses"), against a real server process."""

from __future__ import annotations

from typing import Any

import httpx

from tests.server.conftest import (
    Env,
    change,
    new_id,
    new_school,
    person_fields,
    push,
    pushed,
    server_records,
)


def _refusal(response: httpx.Response) -> str:
    assert response.status_code == 422, response.text
    assert response.json()["error"] == "invalid"
    return str(response.json()["message"])


def test_a_new_record_must_carry_what_the_forms_require(env: Env) -> None:
    client = env.client("officer")
    sid = new_id()
    pushed(client, [new_school(sid, "Karaka Point School")])
    nameless = {k: v for k, v in person_fields(sid, "x").items() if k != "name"}
    message = _refusal(push(client, [change("people", new_id(), sid, nameless)]))
    assert message.startswith("changes[0].fields.name: is required")
    # An update of a record the server never received would create it: the same rule.
    stray = change("people", new_id(), sid, {"phone": "09 555 0100"}, "update", 1)
    assert _refusal(push(client, [stray])).startswith("changes[0].fields.")
    assert [r.table_name for r in server_records(env.server.database_url, school_id=sid)] == [
        "schools"
    ]


def _plan(sid: str, plan_id: str) -> dict[str, Any]:
    return change("annual_plans", plan_id, sid, {"school_id": sid, "year": 2026, "notes": ""})


def _activity(sid: str, plan_id: str) -> dict[str, Any]:
    fields = {
        "school_id": sid,
        "plan_id": plan_id,
        "title": "Road safety talk at assembly",
        "status": "planned",
    }
    return change("plan_activities", new_id(), sid, fields)


def test_references_must_name_a_record_the_server_holds_or_the_batch_brings(
    env: Env,
) -> None:
    client = env.client("officer")
    sid, other = new_id(), new_id()
    pushed(client, [new_school(sid, "Pūriri Lane School"), new_school(other, "Awatea School")])
    never = new_id()
    message = _refusal(push(client, [_activity(sid, never)]))
    assert message.startswith("changes[0].fields.plan_id: refers to the annual partnership plan ")
    # The plan later in the same batch: accepted.
    plan = new_id()
    results = pushed(client, [_activity(sid, plan), _plan(sid, plan)])
    assert [r["status"] for r in results] == ["applied", "applied"]
    # A plan pushed in an earlier batch: accepted.
    assert pushed(client, [_activity(sid, plan)])[0]["status"] == "applied"
    # Another school's plan: refused.
    elsewhere = new_id()
    pushed(client, [_plan(other, elsewhere)])
    message = _refusal(push(client, [_activity(sid, elsewhere)]))
    assert "of another school" in message
    stored = server_records(env.server.database_url, school_id=sid)
    assert sorted(r.table_name for r in stored) == [
        "annual_plans",
        "plan_activities",
        "plan_activities",
        "schools",
    ]
