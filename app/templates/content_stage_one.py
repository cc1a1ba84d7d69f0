"""What the stage 1 documents say: the partnership agreement and the school profile.

The agreement is what a principal signs, so its protocols come as sections and every
signatory gets a line; the profile is the yearly picture both parties agree on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.templates.content_tables import (
    ORGANISATION_COLUMNS,
    OUTCOME_COLUMNS,
    POLICE_DATA_COLUMNS,
    SERVICES,
    SURVEY_COLUMNS,
)

if TYPE_CHECKING:
    from app.templates.build_templates import TemplateBuilder

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
