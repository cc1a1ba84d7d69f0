"""The demo district's agreements are ones that could be signed: the school's principal
signs for it, the Lead Police Contact and a supervisor for Police, and each protocol is
written out, with wording that differs between schools."""

from __future__ import annotations

from datetime import date

from app.models import AnnualPlan
from app.models.vocabulary import Role, Stage
from app.services.demo import seed_demo
from app.services.records import load_school
from app.services.schools import list_school_summaries
from app.services.stages import SERIOUS_OFFENDING_PROTOCOL, SHARING_PROTOCOL, stage_report
from app.services.store import Store


def test_demo_agreements_name_who_signs_and_write_out_both_protocols(store: Store) -> None:
    seed_demo(store, count=12, today=date(2026, 11, 24))
    purposes = set()
    with store.session() as session:
        ids = [s.id for s in list_school_summaries(session)]
        signed = 0
        for school_id in ids:
            records = load_school(session, school_id)
            agreement = records.agreement
            if agreement is None:
                continue
            principals = [p.name for p in records.people_in_role(Role.PRINCIPAL)]
            assert agreement.school_signatory == (principals[0] if principals else "")
            officer = records.people_in_role(Role.LEAD_POLICE_CONTACT)[0].name
            assert agreement.police_signatory == officer
            assert agreement.supervisor_signatory and agreement.supervisor_signatory_role
            if principals:
                for field in (*SHARING_PROTOCOL, *SERIOUS_OFFENDING_PROTOCOL):
                    assert getattr(agreement, field), field
                assert "no student names" not in agreement.information_sharing
                purposes.add(agreement.information_sharing)
                report = stage_report(records, Stage.RELATIONSHIP)
                assert not [i for i in report.items if i.table == "partnership_agreements"]
                signed += 1
        plans = session.query(AnnualPlan).filter(AnnualPlan.agreed_on.is_not(None)).all()
    assert signed >= 6
    assert len(purposes) > 1
    assert plans and all(p.school_agreed_by and p.police_agreed_by for p in plans)
