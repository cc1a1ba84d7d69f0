"""What each built-in template says and in which order: headings, guidance, tables.

Kept apart from the generator's drawing code so wording can be reviewed on its own. The
guidance sentences are the project's own, written for Lead Police Contacts and schools.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from app.templates.fields import DocumentKind

if TYPE_CHECKING:
    from app.templates.build_templates import TemplateBuilder

Writer = Callable[["TemplateBuilder"], None]

# Who signs the agreement: (caption, name, title or rank, words printed when an optional
# signatory is blank). Police sign through the Lead Police Contact and a supervisor; the
# school through its principal and, if the board wishes, its presiding member.
POLICE_SIGNS = (
    ("Lead Police Contact", "agreement.police_signatory", "agreement.police_signatory_role", ""),
    (
        "Supervisor",
        "agreement.supervisor_signatory",
        "agreement.supervisor_signatory_role",
        "",
    ),
)
SCHOOL_SIGNS = (
    ("Principal / tumuaki", "agreement.school_signatory", "agreement.school_signatory_role", ""),
    (
        "Presiding member of the board",
        "agreement.board_signatory",
        "",
        "Optional: only if the board signs",
    ),
)
ORGANISATION_COLUMNS = (
    ("Organisation", "name", 1.5),
    ("Kind", "kind", 1.0),
    ("How they work with the school", "purpose", 2.5),
    ("Contact", "contact", 1.2),
)
OUTCOME_COLUMNS = (  # widths in cm of the 17 cm line, here and below
    ("Outcome", "description", 5.5),
    ("Measure of success", "measure", 4.4),
    ("Baseline", "baseline", 2.3),
    ("Target", "target", 2.3),
    ("Unit", "unit", 2.5),
)
POLICE_DATA_COLUMNS = (
    ("Period", "period", 2.6),
    ("Area", "area", 3.0),
    ("Offence or harm", "category", 3.3),
    ("Count", "count", 2.1),
    ("Notes", "notes", 6.0),
)
SURVEY_COLUMNS = (
    ("Date", "surveyed_on", 2.5),
    ("Group", "respondents", 2.3),
    ("Number", "respondent_count", 2.1),
    ("Safe at school (%)", "safe_at_school", 2.1),
    ("Safe to and from school (%)", "safe_travelling", 2.2),
    ("Where they feel unsafe", "unsafe_places", 3.2),
    ("Notes", "notes", 2.6),
)
CITATION_COLUMNS = (
    ("Narrative", "title", 5.0),
    ("From", "source", 5.0),
    ("Why it is relevant", "note", 7.0),
)
SERVICES = "school.services"  # the NZ operating model's tiers the school receives
PLAN_POLICE = ("plan.police_agreed_by", "plan.police_agreed_by_role", "")
PLAN_SCHOOL = ("plan.school_agreed_by", "plan.school_agreed_by_role", "")


def agreement(b: TemplateBuilder) -> None:
    b.title_block("")
    b.text(
        "Police and the school sign this agreement to say they will work together to "
        "prevent crime and road trauma around the school, share information that helps "
        "keep students safe, and follow an agreed protocol when serious offending occurs.",
        italic=True,
    )
    b.heading("The school")
    b.details(
        (
            "school.moe_number",
            "school.address",
            "school.district",
            "school.area",
            SERVICES,
            "school.year",
        ),
        {SERVICES: "Police services", "school.year": "Partnership year"},
    )
    b.field_text("agreement.parties")
    b.field_text("agreement.purpose")
    b.heading("Commitments")
    b.text("Each line below is one commitment one party makes to the other.")
    b.loop_table("commitments", (("Who", "party", 1.0), ("Commitment", "commitment", 4.0)))
    b.heading("Contacts")
    b.loop_table(
        "people",
        (
            ("Name", "name", 1.5),
            ("Role", "role", 1.5),
            ("Email", "email", 1.6),
            ("Phone", "phone", 1.0),
        ),
        group="party",
    )
    b.heading("Community organisations", 2)
    b.loop_table("organisations", ORGANISATION_COLUMNS)
    b.heading("Information-sharing protocol")
    b.text(
        "What each party shares, why, how it is kept safe and when it may be passed on. "
        "Police and the school each remain responsible for the information they hold."
    )
    for name, heading in (
        ("information_sharing", "Purpose"),
        ("sharing_from_police", "What Police share, how often and in what form"),
        ("sharing_from_school", "What the school shares, how often and in what form"),
        ("sharing_storage", "How shared information is stored and who may see it"),
        ("sharing_disclosure", "When either party may disclose it, and to whom"),
        ("sharing_legal_basis", "Legal basis"),
    ):
        b.field_text(f"agreement.{name}", heading, 2)
    b.details(("agreement.sharing_review_on",), {"agreement.sharing_review_on": "Review by"})
    b.heading("Serious-offending protocol")
    b.text(
        "What happens when serious offending involves the school, so that a call for help, "
        "the Police response and the school's own processes work together."
    )
    for name, heading in (
        ("serious_offending_protocol", "Who the school calls, and when"),
        ("serious_police_action", "What Police do"),
        (
            "serious_school_process",
            "How Police action fits with the school's disciplinary and behaviour management",
        ),
        ("serious_recording", "How incidents are recorded and reported back"),
    ):
        b.field_text(f"agreement.{name}", heading, 2)
    b.heading("Term and review")
    b.details(("agreement.agreed_on", "agreement.review_on"))
    b.heading("Signatures")
    b.text("By signing, each party agrees to this agreement and both of its protocols.")
    b.signatures((("For New Zealand Police", POLICE_SIGNS), ("For the school", SCHOOL_SIGNS)))


def profile(b: TemplateBuilder) -> None:
    prepared = b.if_recorded("profile.prepared_on", f" · prepared {b.ph('profile.prepared_on')}")
    b.title_block(
        b.if_recorded(
            "profile.year",
            f"Profile for {b.ph('profile.year')}{prepared}",
            "Profile not recorded yet",
        )
    )
    b.text(
        "The profile brings Police information about crime, victimisation and harm together "
        "with the school's information about behaviour, attendance and safety, so that both "
        "can agree what the partnership should focus on this year.",
        italic=True,
    )
    b.heading("About the school")
    b.details(
        (
            "school.moe_number",
            "school.school_type",
            "school.roll",
            "school.cluster",
            "school.district",
            "school.area",
            "school.lead_police_contact",
            "school.lead_school_contact",
            "school.year",
            "school.stage",
        ),
        {"school.year": "Partnership year", "school.stage": "Partnership stage"},
    )
    b.heading("What Police data shows")
    b.details(
        (
            "profile.police_crime_data",
            "profile.police_victimisation_data",
            "profile.police_harm_data",
        ),
        {
            "profile.police_crime_data": "Crime around the school",
            "profile.police_victimisation_data": "Victimisation",
            "profile.police_harm_data": "Harm, including crashes",
        },
    )
    b.heading("Police data by period, area and category", 2)
    b.loop_table("police_data", POLICE_DATA_COLUMNS)
    b.heading("What school data shows")
    b.details(
        (
            "profile.behaviour_concerns",
            "profile.stand_downs",
            "profile.suspensions",
            "profile.exclusions",
            "profile.attendance_rate",
            "profile.truancy_notes",
            "profile.safety_perception",
            "profile.safety_survey_notes",
        ),
        {"profile.behaviour_concerns": "Behaviour concerns"},
    )
    b.heading("Perceptions of safety surveys", 2)
    b.text("School-level results only: how many answered and what share feel safe.")
    b.loop_table("surveys", SURVEY_COLUMNS)
    b.field_text("profile.priorities")
    b.heading("Agreed outcomes and measures of success")
    b.loop_table("outcomes", OUTCOME_COLUMNS)
    b.heading("Community organisations working with the school")
    b.loop_table("organisations", ORGANISATION_COLUMNS)


def sara(b: TemplateBuilder) -> None:
    b.title_block(b.if_recorded("sara.title", b.ph("sara.title"), "Plan not recorded yet"))
    b.text(
        "SARA stands for Scan, Analyse, Respond and Assess. This plan tests theories about "
        "why a problem occurs against data before any response is chosen, and says how the "
        "response will be judged.",
        italic=True,
    )
    b.details(
        (
            "sara.title",
            "school.lead_police_contact",
            "school.lead_school_contact",
            "school.year",
            "school.stage",
        ),
        {"school.year": "Partnership year", "school.stage": "Partnership stage"},
    )
    b.field_text("sara.problem_statement")
    b.heading("Scan")
    b.heading("Agreed outcomes from stage 1", 2)
    b.loop_table("outcomes", OUTCOME_COLUMNS)
    b.field_text("sara.scan_data", "Data gathered", 2)
    b.heading("Analyse")
    b.field_text("sara.theories", "Theories", 2)
    b.field_text("sara.data_tested", "Data used to test the theories", 2)
    b.field_text("sara.why_it_occurs", "Why the problem occurs", 2)
    b.heading("Evidence from elsewhere", 2)
    b.text(
        "Narratives from the knowledge bank: how other schools dealt with a problem like "
        "this one, and what they learned.",
        italic=True,
    )
    b.loop_table("citations", CITATION_COLUMNS)
    b.heading("Respond")
    b.field_text("sara.responses_considered", level=2)
    b.heading("Assess")
    b.field_text("sara.assessment_approach", level=2)


def annual_plan(b: TemplateBuilder) -> None:
    agreed = b.if_recorded(
        "plan.agreed_on", f" · agreed {b.ph('plan.agreed_on')}", " · not yet agreed"
    )
    b.title_block(
        b.if_recorded(
            "plan.year", f"Plan year {b.ph('plan.year')}{agreed}", "Plan not recorded yet"
        )
    )
    b.text(
        "The annual plan turns the partnership's aims into activities. Each activity is "
        "broken into steps with a timeframe, the resources it needs and the person who "
        "leads it. Short-term actions are reviewed every month.",
        italic=True,
    )
    b.details(
        (
            "plan.year",
            "plan.agreed_on",
            "school.lead_police_contact",
            "school.lead_school_contact",
            "school.year",
            "school.stage",
            SERVICES,
        ),
        {
            "school.year": "Partnership year",
            "school.stage": "Partnership stage",
            SERVICES: "Police services",
        },
    )
    b.heading("Response aims (SMART)")
    b.loop_table(
        "aims",
        (
            ("Aim", "statement", 4.3),
            ("How it will be measured", "measure", 3.2),
            ("Baseline", "baseline", 2.2),
            ("Target", "target", 2.2),
            ("Unit", "unit", 2.5),
            ("Due by", "due_on", 2.6),
        ),
    )
    b.heading("Why the aims are attainable and realistic", 2)
    b.loop_table(
        "aims",
        (
            ("Aim", "statement", 1.6),
            ("Why it is attainable", "attainable", 2.0),
            ("Why it is realistic", "realistic", 2.0),
        ),
    )
    b.heading("Responses chosen")
    b.loop_table(
        "responses",
        (
            ("Response", "kind", 1.4),
            ("Aim it serves", "aim", 1.8),
            ("Description", "description", 2.4),
        ),
    )
    b.heading("Rationale for each response", 2)
    b.loop_table(
        "responses",
        (
            ("Response", "kind", 1.2),
            ("Shown to work", "rationale_evidence", 1.3),
            ("Timeframe and resourcing", "rationale_resourcing", 1.3),
            ("Stakeholder buy-in", "rationale_buy_in", 1.3),
            ("How it will affect the problem", "rationale_logic", 1.3),
        ),
    )
    b.heading("Activities")
    b.loop_table(
        "activities",
        (  # widths in cm of the 17 cm line; Horizon says how often it is reviewed
            ("Activity", "title", 2.6),
            ("Steps", "steps", 3.0),
            ("Timeframe", "timeframe", 2.6),
            ("Horizon", "horizon", 2.1),
            ("Resources", "resources", 2.5),
            ("Lead", "lead", 2.1),
            ("Status", "status", 2.1),
        ),
    )
    b.heading("Reviews of the plan")
    b.loop_table(
        "reviews",
        (("Date reviewed", "reviewed_on", 1.1), ("Outcome of the review", "outcome", 4.0)),
    )
    b.field_text("plan.notes")
    b.heading("Agreed by")
    b.text("The school and Police agree this plan and will review it together.")
    b.signatures(
        (
            ("For New Zealand Police", (("Signing for Police", *PLAN_POLICE),)),
            ("For the school", (("Signing for the school", *PLAN_SCHOOL),)),
        )
    )


def narrative(b: TemplateBuilder) -> None:
    written = b.if_recorded("narrative.written_on", f" · written {b.ph('narrative.written_on')}")
    b.title_block(
        b.if_recorded(
            "narrative.title",
            f"{b.ph('narrative.title')}{written}",
            "Narrative not recorded yet",
        )
    )
    b.text(
        "This narrative tells the story of a school-wide intervention from start to finish "
        "so that other schools and Police can learn from what worked, what did not, and why.",
        italic=True,
    )
    b.details(
        (
            "narrative.title",
            "school.school_type",
            "school.roll",
            "school.cluster",
            "school.year",
            "school.lead_police_contact",
            "narrative.written_on",
        ),
    )
    b.field_text("narrative.context")
    b.field_text("narrative.problem")
    b.field_text("narrative.intervention")
    b.field_text("narrative.implementation")
    # Two tables of few columns rather than one of seven, so an aim reads as a sentence
    # and not one word per line (widths in cm of the 17 cm line).
    b.heading("Aims and what was achieved")
    b.loop_table(
        "aims",
        (
            ("Aim", "statement", 8.3),
            ("Baseline", "baseline", 2.2),
            ("Target", "target", 2.2),
            ("Unit", "unit", 4.3),
        ),
    )
    b.heading("What was achieved", 2)
    b.loop_table(
        "aims",
        (
            ("Aim", "statement", 5.2),
            ("Result", "result", 2.6),
            ("Measured (date)", "measured_value+measured_on", 2.7),  # a whole dd/mm/yyyy
            ("Evidence", "evidence", 6.5),
        ),
    )
    b.field_text("narrative.results")
    b.heading("Reflecting on practice")
    for field in (
        "what_happened",
        "why_it_happened",
        "do_differently",
        "next_steps",
        "celebration",
    ):
        b.field_text(f"reflection.{field}", level=2)
    b.field_text("narrative.lessons")


CONTENT: dict[DocumentKind, Writer] = {
    DocumentKind.AGREEMENT: agreement,
    DocumentKind.PROFILE: profile,
    DocumentKind.SARA: sara,
    DocumentKind.ANNUAL_PLAN: annual_plan,
    DocumentKind.NARRATIVE: narrative,
}
