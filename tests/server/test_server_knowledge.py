"""The knowledge bank's visibility and review rules, over real HTTP on SQLite and
PostgreSQL: who submits, who approves or returns, who pulls what."""

from __future__ import annotations

from tests.server.conftest import Env, new_id
from tests.server.knowledge_helpers import (
    officer_school,
    other_supervisor,
    pulled,
    review,
    submit,
)


def test_submitted_entry_reaches_its_district_supervisor_only(env: Env) -> None:
    sid = officer_school(env)
    answer = submit(env.client("officer"), sid)
    assert answer.status_code == 200, answer.text
    entry = answer.json()
    assert (entry["state"], entry["author"], entry["school_id"]) == (
        "submitted",
        env.users.officer,
        sid,
    )
    assert entry["id"] in pulled(env.client("officer"))
    assert pulled(env.client("supervisor"))[entry["id"]]["state"] == "submitted"
    assert entry["id"] not in pulled(env.client("other_officer"))
    assert entry["id"] not in pulled(other_supervisor(env))


def test_only_a_supervisor_of_the_district_approves(env: Env) -> None:
    sid = officer_school(env)
    entry_id = submit(env.client("officer"), sid).json()["id"]
    for client in (env.client("officer"), env.client("other_officer"), other_supervisor(env)):
        refused = review(client, entry_id, "approve")
        assert refused.status_code in (403, 404), refused.text
        assert refused.json()["error"] in ("forbidden", "not_found")
    assert pulled(env.client("supervisor"))[entry_id]["state"] == "submitted"

    approved = review(env.client("supervisor"), entry_id, "approve", "Thank you")
    assert approved.status_code == 200, approved.text
    assert (approved.json()["state"], approved.json()["reviewed_by"]) == (
        "published",
        env.users.supervisor,
    )
    again = review(env.client("supervisor"), entry_id, "return", "Too late")
    assert (again.status_code, again.json()["error"]) == (409, "wrong_state")

    # Published: every district pulls it; the anonymous entry does not say its school.
    seen = pulled(env.client("other_officer"))[entry_id]
    assert seen["state"] == "published"
    assert (seen["school_id"], seen["fields"]["school_name"], seen["review_comment"]) == (
        None,
        "",
        "",
    )
    # nor who wrote or approved it: an officer's name would point to the school
    assert (seen["author"], seen["reviewed_by"]) == ("", "")
    assert pulled(env.client("supervisor"))[entry_id]["author"] == env.users.officer
    assert seen["fields"]["lessons"] == "Ask whānau early; the marae lent volunteers."
    assert pulled(other_supervisor(env))[entry_id]["state"] == "published"


def test_an_officer_cannot_submit_for_another_district(env: Env) -> None:
    sid = officer_school(env)
    refused = submit(env.client("other_officer"), sid)
    assert (refused.status_code, refused.json()["error"]) == (403, "forbidden")
    refused = submit(other_supervisor(env), sid)
    assert refused.status_code == 403


def test_returned_entry_goes_back_to_its_author_with_the_comment(env: Env) -> None:
    sid = officer_school(env)
    entry_id = submit(env.client("officer"), sid).json()["id"]
    blank = review(env.client("supervisor"), entry_id, "return", "   ")
    assert blank.status_code == 422
    assert blank.json()["message"].startswith("comment:")

    returned = review(env.client("supervisor"), entry_id, "return", "Take out the street name")
    assert returned.status_code == 200, returned.text
    mine = pulled(env.client("officer"))[entry_id]
    assert (mine["state"], mine["review_comment"]) == ("returned", "Take out the street name")
    assert entry_id not in pulled(env.client("other_officer"))
    assert entry_id not in pulled(other_supervisor(env))

    resubmitted = submit(env.client("officer"), sid, entry_id, lessons="Ask whānau early.")
    assert resubmitted.status_code == 200, resubmitted.text
    assert (resubmitted.json()["state"], resubmitted.json()["review_comment"]) == (
        "submitted",
        "",
    )
    twice = submit(env.client("officer"), sid, entry_id)
    assert (twice.status_code, twice.json()["error"]) == (409, "wrong_state")
    assert entry_id not in pulled(env.client("other_officer"))


def test_named_entry_names_its_school_everywhere(env: Env) -> None:
    sid = officer_school(env, name="Tōtara Intermediate")
    entry_id = submit(
        env.client("officer"), sid, named=True, school_name="Tōtara Intermediate"
    ).json()["id"]
    review(env.client("supervisor"), entry_id, "approve")
    seen = pulled(env.client("other_officer"))[entry_id]
    assert (seen["school_id"], seen["fields"]["school_name"]) == (sid, "Tōtara Intermediate")
    assert (seen["author"], seen["reviewed_by"]) == (env.users.officer, env.users.supervisor)


def test_search_finds_published_words_with_or_without_macrons(env: Env) -> None:
    sid = officer_school(env)
    word = "pōhutukawa" + new_id()[:6]  # unique per test run on the shared server
    published = submit(env.client("officer"), sid, lessons=f"Plant a {word} by the gate").json()
    review(env.client("supervisor"), published["id"], "approve")
    waiting = submit(env.client("officer"), sid, lessons=f"Also {word}").json()
    bare = word.replace("ō", "o")
    for query in (word, bare, bare.upper(), f"{bare} gate"):
        found = env.client("other_officer").get("/knowledge/search", params={"q": query})
        assert found.status_code == 200, found.text
        assert [e["id"] for e in found.json()["entries"]] == [published["id"]], query
    assert waiting["id"] not in [
        e["id"]
        for e in env.client("supervisor")
        .get("/knowledge/search", params={"q": bare})
        .json()["entries"]
    ]
    filtered = env.client("officer").get(
        "/knowledge/search", params={"q": bare, "problem_type": "truancy"}
    )
    assert filtered.json()["entries"] == []
    kind = env.client("officer").get(
        "/knowledge/search", params={"q": bare, "response_kind": "kia_kaha", "year": 2026}
    )
    assert [e["id"] for e in kind.json()["entries"]] == [published["id"]]
    odd = env.client("officer").get("/knowledge/search", params={"q": "\"' & | ! :* ()"})
    assert odd.status_code == 200


def test_bad_input_names_the_field(env: Env) -> None:
    sid = officer_school(env)
    answer = submit(env.client("officer"), sid, problem_type="gossip")
    assert answer.status_code == 422
    assert "problem_type" in answer.json()["message"]
    unknown = review(env.client("supervisor"), new_id(), "approve")
    assert (unknown.status_code, unknown.json()["error"]) == (404, "not_found")
