"""Which fields the school fills in, and how a content control names its field.

Each control's tag is ``<field key>@<record>``: the field key is the placeholder name from
the field registry (``agreement.sharing_from_school``, ``people[].email``) and the record
is the row's id, written as 22 URL-safe base64 characters when it is a UUID so every tag
stays within 64 characters (Word's tag box is short, and a cut tag would name no record).
Addressing by record id and field key, never by position or year, keeps a tag meaning the
same field however the records around it are grouped.
"""

from __future__ import annotations

import base64
import uuid
from dataclasses import dataclass

from app.models import (
    PartnershipAgreement,
    Person,
    Reflection,
    SchoolProfile,
    Synced,
    spec_of,
    vocabulary,
)
from app.models.base import FieldSpec
from app.templates.fields import PLACEHOLDERS

MAX_TAG = 64
COMMITMENTS = "agreement.school_commitments"
"""The school's commitments: one line of the field per table row."""

# The parts of each document the school writes; everything else is shown locked.
SCHOOL_FIELDS: dict[type[Synced], tuple[str, ...]] = {
    PartnershipAgreement: (
        "sharing_from_school",
        "serious_school_process",
        "school_signatory",
        "school_signatory_role",
        "board_signatory",
        "agreed_on",
    ),
    SchoolProfile: (
        "behaviour_concerns",
        "truancy_notes",
        "safety_survey_notes",
    ),
    Reflection: ("what_happened", "why_it_happened", "do_differently", "next_steps", "celebration"),
}
POLICE_FIELDS: dict[type[Synced], tuple[str, ...]] = {
    PartnershipAgreement: (
        "parties",
        "purpose",
        "police_commitments",
        "information_sharing",
        "sharing_from_police",
        "sharing_storage",
        "sharing_disclosure",
        "sharing_legal_basis",
        "serious_offending_protocol",
        "serious_police_action",
        "serious_recording",
        "police_signatory",
        "police_signatory_role",
    ),
    SchoolProfile: ("police_crime_data", "police_victimisation_data", "police_harm_data"),
    Reflection: (),
}
PROFILE_FIGURES = ("stand_downs", "suspensions", "exclusions", "attendance_rate")
"""The school's own figures in the profile, one table row each."""
CONTACT_FIELDS = ("name", "email", "phone")
SCHOOL_ROLES = vocabulary.SCHOOL_ROLES
"""Contacts the school keeps up to date (the vocabulary's school party); officers' own
entries stay with Police."""

SECTION_OF: dict[type[Synced], str] = {
    PartnershipAgreement: "agreement",
    SchoolProfile: "profile",
    Reflection: "reflection",
    Person: "people[]",
}
MODEL_OF_SECTION = {name: model for model, name in SECTION_OF.items()}


@dataclass(frozen=True, slots=True)
class FieldRef:
    """One field of one record: what a control's tag names."""

    model: type[Synced]
    field: str
    record_id: str

    @property
    def key(self) -> str:
        return f"{SECTION_OF[self.model]}.{self.field}"

    @property
    def spec(self) -> FieldSpec:
        spec = spec_of(self.model, self.field)
        assert spec is not None, self.key
        return spec

    @property
    def tag(self) -> str:
        return make_tag(self.key, self.record_id)


def field_key(model: type[Synced], field: str) -> str:
    """The registry name of a field; fails loudly for one the registry does not hold."""
    key = f"{SECTION_OF[model]}.{field}"
    if key not in PLACEHOLDERS:
        raise KeyError(f"{key} is not in the field registry")
    return key


def _short_id(record_id: str) -> str:
    try:
        raw = uuid.UUID(record_id).bytes
    except ValueError:
        return record_id
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _long_id(short: str) -> str:
    if len(short) != 22:
        return short
    try:
        return str(uuid.UUID(bytes=base64.urlsafe_b64decode(short + "==")))
    except ValueError:
        return short


def make_tag(key: str, record_id: str) -> str:
    tag = f"{key}@{_short_id(record_id)}"
    if len(tag) > MAX_TAG:
        raise ValueError(f"content control tag longer than {MAX_TAG} characters: {tag}")
    return tag


def parse_tag(tag: str) -> FieldRef | None:
    """The field a tag names, or None for a tag this app did not write."""
    key, at, short = tag.partition("@")
    section, dot, field = key.rpartition(".")
    model = MODEL_OF_SECTION.get(section)
    if not at or not dot or model is None or spec_of(model, field) is None:
        return None
    return FieldRef(model, field, _long_id(short))


def school_may_edit(model: type[Synced], field: str) -> bool:
    """Whether the school's copy may change this field: a copy whose manifest was edited
    to name a Police field is not obeyed."""
    if model is Person:
        return field in CONTACT_FIELDS
    if model is SchoolProfile and field in PROFILE_FIGURES:
        return True
    return field in SCHOOL_FIELDS.get(model, ())
