"""A school with a finished stage 4 and its narrative, for knowledge-bank tests."""

from __future__ import annotations

from datetime import date

from app.models import InterventionNarrative, Person
from app.models.vocabulary import Role
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from tests.services.helpers import (
    add_school,
    fill_stage_four,
    fill_stage_one,
    fill_stage_three,
    fill_stage_two,
)

NARRATIVE = {
    "title": "Adults at the bus stop after the bell",
    "context": "A full primary on the edge of town with strong whānau ties.",
    "problem": "Bullying at the bus stop in the ten minutes after the final bell.",
    "intervention": "A roster of staff and whānau volunteers at the stop, with Kia Kaha.",
    "implementation": "Hemi Walker ran the roster from Term 2.",
    "results": "Reports fell from 18 to 11 a term.",
    "lessons": "Start the roster in Term 1 and ask whānau early; the marae helped.",
}


def finished_school(store: Store, name: str = "Kōwhai Grove School", **narrative: str) -> str:
    """A school through stage 4 with a narrative; returns the narrative's id."""
    school_id = add_school(
        store, name=name, roll=240, district="Te Awa Roa", school_type="full_primary"
    )
    today = date.today()
    fill_stage_one(store, school_id, today)
    fill_stage_two(store, school_id)
    aim_id = fill_stage_three(store, school_id, today)
    fill_stage_four(store, school_id, aim_id)
    with UnitOfWork(store) as uow:
        uow.add(
            Person,
            school_id=school_id,
            name="Mere Tautahi",
            role=Role.PRINCIPAL.value,
            email="principal@kowhai.school.nz",
            phone="06 555 0123",
        )
        return uow.add(InterventionNarrative, school_id=school_id, **{**NARRATIVE, **narrative}).id
