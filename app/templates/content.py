"""What each built-in template says and in which order: headings, guidance, tables.

Kept apart from the generator's drawing code so wording can be reviewed on its own. The
guidance sentences are the project's own, written for Lead Police Contacts and schools.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from app.templates.content_stage_one import agreement, profile
from app.templates.content_tables import (
    CITATION_COLUMNS,
    OUTCOME_COLUMNS,
    PLAN_POLICE,
    PLAN_SCHOOL,
    SERVICES,
)
from app.templates.fields import DocumentKind

if TYPE_CHECKING:
    from app.templates.build_templates import TemplateBuilder

Writer = Callable[["TemplateBuilder"], None]


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
