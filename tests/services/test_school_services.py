"""A school's Police services (the NZ operating model's tiers) reach the schools list and
filter the district dashboard; a removed service no longer counts."""

from __future__ import annotations

from datetime import date

from app.models import SchoolService
from app.models.vocabulary import ServiceTier
from app.services.dashboard import DashboardFilter, build_dashboard
from app.services.editing import delete_row
from app.services.schools import list_school_summaries
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from tests.services.helpers import add_school

TODAY = date(2026, 11, 24)


def test_services_filter_the_dashboard_and_show_in_the_list(store: Store) -> None:
    kowhai = add_school(store, "Kōwhai Grove School")
    rata = add_school(store, "Rātā Street School")
    add_school(store, "Tōtara Heights School")
    with UnitOfWork(store) as uow:
        for sid in (kowhai, rata):
            uow.add(SchoolService, school_id=sid, tier=ServiceTier.RELATIONSHIP.value)
        uow.add(SchoolService, school_id=rata, tier=ServiceTier.SCHOOL_WIDE.value)
        traffic = uow.add(SchoolService, school_id=kowhai, tier=ServiceTier.TRAFFIC_SAFETY.value).id
    with store.session() as session:
        everyone = build_dashboard(session, today=TODAY)
        assert everyone.counts.schools == 3
        relationship = DashboardFilter(service=ServiceTier.RELATIONSHIP.value)
        assert [r.name for r in build_dashboard(session, relationship, TODAY).rows] == [
            "Kōwhai Grove School",
            "Rātā Street School",
        ]
        wide = DashboardFilter(service=ServiceTier.SCHOOL_WIDE.value)
        assert [r.name for r in build_dashboard(session, wide, TODAY).rows] == [
            "Rātā Street School"
        ]
        summaries = {s.name: s.services for s in list_school_summaries(session, TODAY)}
    assert summaries == {
        "Kōwhai Grove School": ("relationship", "traffic_safety_team"),
        "Rātā Street School": ("relationship", "school_wide_intervention"),
        "Tōtara Heights School": (),
    }
    delete_row(store, "Constable Aroha Ngata", SchoolService, traffic)
    with store.session() as session:
        team = DashboardFilter(service=ServiceTier.TRAFFIC_SAFETY.value)
        assert build_dashboard(session, team, TODAY).rows == []


def test_the_dashboard_counts_schools_by_service_under_its_filters(store: Store) -> None:
    """A school with several services counts once under each; one with none is counted
    apart; the counts follow the area filter like every other chart."""
    kowhai = add_school(store, "Kōwhai Grove School", area="Awa North")
    rata = add_school(store, "Rātā Street School", area="Awa North")
    totara = add_school(store, "Tōtara Heights School", area="Awa South")
    add_school(store, "Miro Bay School", area="Awa South")
    with UnitOfWork(store) as uow:
        for sid in (kowhai, rata, totara):
            uow.add(SchoolService, school_id=sid, tier=ServiceTier.RELATIONSHIP.value)
        uow.add(SchoolService, school_id=kowhai, tier=ServiceTier.TRAFFIC_SAFETY.value)
        uow.add(SchoolService, school_id=kowhai, tier=ServiceTier.EDUCATION.value)
        uow.add(SchoolService, school_id=totara, tier=ServiceTier.EDUCATION.value)
        removed = uow.add(SchoolService, school_id=rata, tier=ServiceTier.SCHOOL_WIDE.value).id
    delete_row(store, "Constable Aroha Ngata", SchoolService, removed)
    with store.session() as session:
        everyone = build_dashboard(session, today=TODAY).counts.by_service
        north = build_dashboard(session, DashboardFilter(area="Awa North"), TODAY)
        team = DashboardFilter(service=ServiceTier.TRAFFIC_SAFETY.value)
        traffic = build_dashboard(session, team, TODAY).counts.by_service
    assert everyone == {
        ServiceTier.RELATIONSHIP: 3,
        ServiceTier.EDUCATION: 2,
        ServiceTier.TRAFFIC_SAFETY: 1,
        ServiceTier.SCHOOL_WIDE: 0,
        None: 1,
    }
    assert north.counts.by_service == {
        ServiceTier.RELATIONSHIP: 2,
        ServiceTier.EDUCATION: 1,
        ServiceTier.TRAFFIC_SAFETY: 1,
        ServiceTier.SCHOOL_WIDE: 0,
        None: 0,
    }
    # Filtered to the traffic team's one school, its other services still count.
    assert traffic == {
        ServiceTier.RELATIONSHIP: 1,
        ServiceTier.EDUCATION: 1,
        ServiceTier.TRAFFIC_SAFETY: 1,
        ServiceTier.SCHOOL_WIDE: 0,
        None: 0,
    }
