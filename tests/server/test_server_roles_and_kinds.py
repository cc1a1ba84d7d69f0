"""The server checks a pushed contact's role and an organisation's kind against the one
vocabulary: the new Police roles and the kinds are accepted, every older value still is,
and a value outside the vocabulary is refused with the field named."""

from __future__ import annotations

import uuid

import pytest

from app.models.vocabulary import OrganisationKind, Role
from server.checks import validate
from server.errors import ApiError
from server.schemas import ChangeIn, PushIn

SCHOOL = str(uuid.uuid4())
OLDER_ROLES = {
    "lead_police_contact", "lead_school_contact", "school_community_officer",
    "youth_aid_officer", "iwi_liaison_officer", "community_constable", "principal",
    "board_member", "other",
}  # fmt: skip
NEW_ROLES = {
    "neighbourhood_policing_team", "public_safety_team", "criminal_investigations",
    "road_policing", "area_youth_community_supervisor", "prevention_manager",
}  # fmt: skip


def _push(table: str, fields: dict[str, str]) -> PushIn:
    change = ChangeIn(
        change_id=str(uuid.uuid4()),
        table=table,
        row_id=str(uuid.uuid4()),
        school_id=SCHOOL,
        op="insert",
        fields={"school_id": SCHOOL, **fields},
        base_version=0,
        new_version=1,
    )
    return PushIn(batch_id=str(uuid.uuid4()), changes=[change])


def test_every_role_old_and_new_is_accepted() -> None:
    assert {r.value for r in Role} == OLDER_ROLES | NEW_ROLES
    for role in sorted(OLDER_ROLES | NEW_ROLES):
        validate(_push("people", {"name": "Aroha Ngata", "role": role}))


def test_every_organisation_kind_is_accepted() -> None:
    for kind in OrganisationKind:
        validate(_push("community_organisations", {"name": "Heronvale Marae", "kind": kind}))
    # An older laptop sends no kind at all: still accepted.
    validate(_push("community_organisations", {"name": "Heronvale Marae"}))


@pytest.mark.parametrize(
    ("table", "fields", "field"),
    [
        ("people", {"name": "A", "role": "sheriff"}, "role"),
        ("community_organisations", {"name": "B", "kind": "church"}, "kind"),
    ],
)
def test_a_value_outside_the_vocabulary_is_refused(
    table: str, fields: dict[str, str], field: str
) -> None:
    with pytest.raises(ApiError) as refused:
        validate(_push(table, fields))
    assert refused.value.status == 422
    assert refused.value.message.startswith(f"changes[0].fields.{field}: ")
