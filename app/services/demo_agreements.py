"""The demo district's signatories and protocols, kept apart from the rest of its content.

The protocols are written with each demo agreement (``protocols``); the signatories are
added once its records are written and before its stages are signed off
(``complete_agreement``), so a demo agreement is one a principal and a supervisor could
sign. The wording varies from school to school (several realistic arrangements, picked by the
school's number) and, like the app itself, speaks of school-level information only.
"""

from __future__ import annotations

from app.models import AnnualPlan, PartnershipAgreement
from app.models.vocabulary import Role, SchoolType
from app.services.records import SchoolRecords, load_school
from app.services.unit_of_work import UnitOfWork

# Fictional supervisors: each looks after the Lead Police Contacts of several schools.
SUPERVISORS = (
    ("Sergeant Ana Te Rangi", "Sergeant, Youth and Community"),
    ("Sergeant Callum Wiremu", "Sergeant, Neighbourhood Policing Team"),
    ("Senior Sergeant Lisa Pōhatu", "Senior Sergeant, Area Youth and Community Supervisor"),
)
BOARD_MEMBERS = ("Rangi Pākehō", "Ngaio Whitcombe", "Tama Horomona", "Irene Mataira")

SHARING = (
    {
        "information_sharing": "So that Police and the school plan the partnership's work "
        "from the same facts about crime, harm and safety around the school, and act early "
        "on a concern.",
        "sharing_from_police": "Each term: counts of reported offences and crashes within "
        "500 m of the school, by category, as a one-page summary emailed to the principal.",
        "sharing_from_school": "Each term: numbers of stand-downs, suspensions and "
        "attendance concerns, and safety survey results, as totals for the school.",
        "sharing_storage": "Summaries are kept in the principal's secure folder and the "
        "Lead Police Contact's partnership file; the senior leadership team may read them.",
        "sharing_disclosure": "Either party may disclose to the other agency, or to a "
        "third party, only where the law allows: to prevent a serious threat to safety, "
        "for the maintenance of the law, or with consent.",
    },
    {
        "information_sharing": "To spot patterns early and agree who acts on them, so "
        "that problems around the school are dealt with before they grow.",
        "sharing_from_police": "At the fortnightly catch-up: patterns of incidents around "
        "the gate, the bus stops and the park, discussed in person and noted as themes.",
        "sharing_from_school": "At the fortnightly catch-up: where and when students say "
        "they feel unsafe, from the wellbeing survey and staff duty notes, as themes.",
        "sharing_storage": "Notes of the catch-up go in the partnership folder held by the "
        "Lead School Contact; access is limited to the principal and the deputy principals.",
        "sharing_disclosure": "Information shared at the catch-up is not passed on outside "
        "the two agencies unless both agree, a safety concern requires it, or the law "
        "requires it.",
    },
    {
        "information_sharing": "To make the streets around the school safer for students "
        "walking, cycling and being dropped off, using what both parties see.",
        "sharing_from_police": "Monthly: road safety figures for the streets next to the "
        "school and any change in local patrol plans, sent as a short report.",
        "sharing_from_school": "Monthly: reports from the school traffic safety team and "
        "staff on driver behaviour at the gate, as counts and photographs of the site.",
        "sharing_storage": "Reports are stored on the school's staff drive in a folder "
        "open to the senior leadership team and the road safety lead teacher.",
        "sharing_disclosure": "The school may share the road safety figures with the board "
        "and the council's road safety officer; Police may share the school's reports "
        "with Road Policing.",
    },
)

SERIOUS = (
    {
        "serious_offending_protocol": "Staff call 111 at once when anyone is in danger or "
        "a serious offence is happening; the principal then tells the Lead Police Contact "
        "the same day.",
        "serious_police_action": "Police attend, assess the risk, investigate and decide "
        "on any action; the Lead Police Contact tells the principal what Police can share "
        "the same day.",
        "serious_school_process": "Police action does not replace the school's own "
        "processes: the principal decides any stand-down or suspension under the school's "
        "behaviour policy, and the school keeps pastoral care going throughout.",
        "serious_recording": "The school records the incident in its incident register; "
        "Police record it in their own system. The Lead Police Contact reports back to the "
        "principal within a week on what can be shared.",
    },
    {
        "serious_offending_protocol": "The principal or the deputy principal calls 111 "
        "for an emergency, and otherwise calls the Lead Police Contact within the school "
        "day about a serious offence they learn of.",
        "serious_police_action": "Police respond to any immediate danger first, then the "
        "Youth Aid Officer and the Lead Police Contact agree with the principal how to "
        "work with the whānau involved.",
        "serious_school_process": "The school's restorative practice and its behaviour "
        "management plan continue alongside any Police process; the two are planned "
        "together so neither undoes the other.",
        "serious_recording": "Both parties record the incident in their own systems and "
        "review what happened together at the next partnership meeting.",
    },
)


def _principal(records: SchoolRecords) -> str:
    principals = records.people_in_role(Role.PRINCIPAL)
    return principals[0].name if principals else ""


def _lead_police_contact(records: SchoolRecords) -> str:
    officers = records.people_in_role(Role.LEAD_POLICE_CONTACT)
    return officers[0].name if officers else ""


def protocols(i: int) -> dict[str, str]:
    """Demo school ``i``'s information-sharing and serious-offending protocols, written
    with its agreement. The routine exchange is school-level (totals, themes); only the
    serious-offending protocol speaks of an incident, so the two never contradict."""
    return {**SHARING[i % len(SHARING)], **SERIOUS[i % len(SERIOUS)]}


def complete_agreement(uow: UnitOfWork, school_id: str, i: int) -> None:
    """Give demo school ``i``'s agreement and plan their signatories and protocols."""
    records = load_school(uow.session, school_id)
    principal = _principal(records)
    title = "Tumuaki" if records.school.school_type == SchoolType.KURA_KAUPAPA else "Principal"
    officer = _lead_police_contact(records)
    supervisor, supervisor_role = SUPERVISORS[i % len(SUPERVISORS)]
    if records.agreement is not None:
        agreement = uow.get(PartnershipAgreement, records.agreement.id)
        uow.update(
            agreement,
            sharing_review_on=agreement.review_on,
            school_signatory=principal,
            school_signatory_role=title if principal else "",
            board_signatory=BOARD_MEMBERS[i % len(BOARD_MEMBERS)] if i % 2 else "",
            police_signatory=officer,
            police_signatory_role="Constable, Lead Police Contact" if officer else "",
            supervisor_signatory=supervisor,
            supervisor_signatory_role=supervisor_role,
        )
    plan = records.current_plan
    if plan is not None and plan.agreed_on is not None:
        uow.update(
            uow.get(AnnualPlan, plan.id),
            school_agreed_by=principal,
            school_agreed_by_role=title if principal else "",
            police_agreed_by=officer,
            police_agreed_by_role="Constable, Lead Police Contact" if officer else "",
        )
