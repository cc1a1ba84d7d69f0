"""Building knowledge-bank entries and users for the server tests."""

from __future__ import annotations

from typing import Any

import httpx

from server.db import open_database
from server.directory import create_user
from tests.server.conftest import Env, new_id, new_school, pushed
from tests.server_harness import PASSWORD, login


def entry_fields(**values: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "year": 2026,
        "named": False,
        "school_name": "",
        "school_type": "full_primary",
        "roll_band": "100_299",
        "region": "Waitematā",
        "problem_type": "bullying",
        "response_kinds": ["kia_kaha", "school_wide_intervention"],
        "aims_result": "achieved",
        "title": "Adults at the bus stop",
        "context": "A full primary near the motorway.",
        "problem": "Bullying at the bus stop after school.",
        "intervention": "Staff and whānau on a roster at the stop.",
        "implementation": "From Term 2.",
        "results": "Reports fell from 18 to 11 a term.",
        "lessons": "Ask whānau early; the marae lent volunteers.",
        "aims": [
            {
                "statement": "Fewer bullying reports at the stop",
                "measure": "reports a term",
                "unit": "reports",
                "baseline": 18,
                "target": 12,
                "result": "achieved",
                "measured_value": 11,
                "evidence": "Incident log",
            }
        ],
        "responses": [
            {
                "kind": "kia_kaha",
                "description": "Kia Kaha in Years 5 to 8",
                "rationale_evidence": "National evaluation",
                "rationale_resourcing": "One term",
                "rationale_buy_in": "Board agreed",
                "rationale_logic": "Skills to report",
            }
        ],
        "reflection": {
            "what_happened": "Fewer reports",
            "why_it_happened": "Adults present",
            "do_differently": "Start in Term 1",
            "next_steps": "Keep the roster",
        },
    }
    return {**fields, **values}


def officer_school(env: Env, who: str = "officer", name: str = "Kōwhai Primary") -> str:
    sid = new_id()
    [result] = pushed(env.client(who), [new_school(sid, name)])
    assert result["status"] == "applied"
    return sid


def submit(
    client: httpx.Client, school_id: str, entry_id: str | None = None, **fields: Any
) -> httpx.Response:
    body = {"id": entry_id or new_id(), "school_id": school_id, "fields": entry_fields(**fields)}
    return client.post("/knowledge/entries", json=body)


def review(client: httpx.Client, entry_id: str, decision: str, comment: str = "") -> httpx.Response:
    return client.post(
        f"/knowledge/entries/{entry_id}/review", json={"decision": decision, "comment": comment}
    )


def pulled(client: httpx.Client, cursor: int = 0) -> dict[str, dict[str, Any]]:
    """Every entry this user may pull, by id (latest state)."""
    found: dict[str, dict[str, Any]] = {}
    while True:
        answer = client.get("/knowledge/pull", params={"cursor": cursor, "limit": 2})
        assert answer.status_code == 200, answer.text
        body = answer.json()
        for entry in body["entries"]:
            found[entry["id"]] = entry
        cursor = body["next_cursor"]
        if not body["more"]:
            return found


def other_supervisor(env: Env) -> httpx.Client:
    """A supervisor of the second district, signed in (made once per server)."""
    key = "other_supervisor"
    if key not in env.clients:
        db = open_database(env.server.database_url)
        try:
            with db.writing() as session:
                create_user(
                    session, "sergeant.rangi", PASSWORD, "supervisor", env.users.other_district
                )
        finally:
            db.dispose()
        env.clients[key] = env.server.client(login(env.server, "sergeant.rangi"))
    return env.client(key)
