"""The workspace's pages and tabs, and where each missing item or reminder is fixed.

Every form here is generated from the models' FieldSpecs; the hints say which fields a
stage's completion rules need, taken from ``app.services.stages`` so they cannot drift.
Every tab is a ``WorkspaceTab``: the workspace loads it per school and holds the
autosave controllers it reports, so none is found by searching the widget tree.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, NamedTuple

from PySide6.QtWidgets import QWidget

from app.config import Actor
from app.models import (
    CommunityOrganisation,
    InterventionNarrative,
    Outcome,
    Person,
    Reflection,
    Response,
    SafetySurvey,
    SaraPlan,
    School,
    SchoolService,
)
from app.services import stages
from app.services.store import Store
from app.ui.workspace.aims_section import AimsSection
from app.ui.workspace.assessment_section import AssessmentSection
from app.ui.workspace.attachments_panel import AttachmentsPanel
from app.ui.workspace.document_section import AgreementSection, DocumentSection
from app.ui.workspace.engagement_log import EngagementLog
from app.ui.workspace.history_panel import HistoryPanel
from app.ui.workspace.knowledge_panel import KnowledgePanel
from app.ui.workspace.list_editor import ListEditor
from app.ui.workspace.needs_audit_form import NeedsAuditForm
from app.ui.workspace.plan_section import PlanSection
from app.ui.workspace.profile_section import ProfileSection
from app.ui.workspace.record_editor import RecordEditor
from app.ui.workspace.results_section import ResultsSection
from app.ui.workspace.shown_year import ShownYear
from app.ui.workspace.similar_panel import SimilarPanel
from app.ui.workspace.stage_navigator import LOG_PAGE, SCHOOL_PAGE
from app.ui.workspace.tab import WorkspaceTab


class Section(NamedTuple):
    """A tab: its title, the widget shown, and the same object as a ``WorkspaceTab``."""

    title: str
    widget: QWidget
    tab: WorkspaceTab


def section(title: str, tab: WorkspaceTab) -> Section:
    assert isinstance(tab, QWidget), f"{title}: a tab is a widget"
    return Section(title, tab, tab)


# Where each table's records are edited: a reminder's and a missing item's way there.
TABLE_TARGETS: dict[str, tuple[int, str]] = {
    "partnership_agreements": (1, "Partnership agreement"),
    "school_profiles": (1, "School profile"),
    "safety_surveys": (1, "Safety surveys"),
    "outcomes": (1, "Agreed outcomes"),
    "sara_plans": (2, "SARA plan"),
    "response_aims": (3, "Response aims"),
    "responses": (3, "Responses"),
    "annual_plans": (3, "Annual partnership plan"),
    "plan_activities": (3, "Annual partnership plan"),
    "plan_reviews": (3, "Annual partnership plan"),
    "outcome_measurements": (4, "Outcome results"),
    "aim_assessments": (4, "Aim assessments"),
    "reflections": (4, "Reflection and next steps"),
    "intervention_narratives": (4, "Intervention narrative"),
    "people": (SCHOOL_PAGE, "Contacts"),
    "schools": (SCHOOL_PAGE, "School details"),
    "school_services": (SCHOOL_PAGE, "Police services"),
    "engagement_entries": (LOG_PAGE, "Engagement log"),
    "attachments": (SCHOOL_PAGE, "Attachments"),
}


# The agreement's form in the parts its document has (a heading above each part's first field).
AGREEMENT_HEADINGS = {
    stages.SHARING_PROTOCOL[0]: "Information-sharing protocol",
    stages.SERIOUS_OFFENDING_PROTOCOL[0]: "Serious-offending protocol",
    stages.SIGNATURES_NEEDED[0]: "Who signs",
}


def needed_for(stage: int, fields: tuple[str, ...]) -> dict[str, str]:
    return {f: f"Needed to complete stage {stage}" for f in fields}


def no_district_wording() -> str:
    """No district wording set: new agreements take the app's own legal basis."""
    return ""


def build_sections(
    store: Store,
    actor: Actor,
    district_wording: Callable[[], str] = no_district_wording,
    shown: ShownYear | None = None,
) -> dict[int, list[Section]]:
    """Every page's tabs, in order; ``district_wording`` is the district's legal basis for
    sharing (Preferences), asked when an agreement is started or the officer wants it; the
    per-year tabs show the year ``shown`` holds."""
    shown = shown or ShownYear()

    def listed(model: Any, noun: str, first: dict[str, Any], **kw: Any) -> ListEditor:
        return ListEditor(
            store, actor, model, noun=noun, new_values=lambda: dict(first), shown=shown, **kw
        )

    details = RecordEditor(store, actor, School)
    people = listed(
        Person,
        "contact",
        {"name": "New contact"},
        empty_text="No contacts yet. Stage 1 needs the Lead Police Contact and the "
        "Lead School Contact.",
    )
    aims = AimsSection(store, actor, shown=shown)
    plan = PlanSection(store, actor, shown)
    pages: dict[int, list[tuple[str, WorkspaceTab]]] = {
        SCHOOL_PAGE: [
            ("School details", details),
            ("Contacts", people),
            (
                "Police services",
                listed(
                    SchoolService,
                    "Police service",
                    {},
                    empty_text="No Police services recorded. Every school has relationship "
                    "and information sharing; add education programmes, a school traffic "
                    "safety team or a school-wide intervention as the school has them.",
                ),
            ),
            (
                "Community organisations",
                listed(CommunityOrganisation, "organisation", {"name": "New organisation"}),
            ),
            ("Attachments", AttachmentsPanel(store, actor)),
            ("History", HistoryPanel(store)),
        ],
        1: [
            (
                "Partnership agreement",
                AgreementSection(
                    store,
                    actor,
                    district_wording,
                    hints=needed_for(1, stages.AGREEMENT_REQUIRED),
                    headings=AGREEMENT_HEADINGS,
                    shown=shown,
                ),
            ),
            (
                "School profile",
                ProfileSection(
                    store, actor, hints=needed_for(1, stages.PROFILE_REQUIRED), shown=shown
                ),
            ),
            (
                "Safety surveys",
                ListEditor(
                    store,
                    actor,
                    SafetySurvey,
                    noun="survey",
                    new_values=lambda: {"surveyed_on": date.today()},
                    empty_text="No perceptions-of-safety surveys yet. Record each group "
                    "surveyed (students, staff, parents and whānau, community) as a survey "
                    "of its own; the School Profile prints those of the profile's year.",
                ),
            ),
            (
                "Agreed outcomes",
                listed(
                    Outcome,
                    "outcome",
                    {"description": "New outcome"},
                    hints=needed_for(1, ("measure", "baseline", "target")),
                ),
            ),
            ("Needs audit", NeedsAuditForm(store, actor)),
        ],
        2: [
            (
                "SARA plan",
                DocumentSection(
                    store, actor, SaraPlan, hints=needed_for(2, stages.SARA_REQUIRED), shown=shown
                ),
            ),
            ("Similar interventions", SimilarPanel(store, actor, shown)),
        ],
        3: [
            ("Response aims", aims),
            (
                "Responses",
                listed(
                    Response,
                    "response",
                    {},
                    hints=needed_for(3, stages.RATIONALE_FIELDS),
                    empty_text="No responses yet. Choose each from the catalogue and say "
                    "why: evidence, resourcing, buy-in and how it will affect the problem.",
                ),
            ),
            ("Annual partnership plan", plan),
            ("Similar interventions", SimilarPanel(store, actor, shown, prefer_response=True)),
        ],
        4: [
            (
                "Aim assessments",
                AssessmentSection(store, actor, hints=needed_for(4, ("evidence",)), shown=shown),
            ),
            ("Outcome results", ResultsSection(store, actor)),
            (
                "Reflection and next steps",
                DocumentSection(
                    store,
                    actor,
                    Reflection,
                    hints=needed_for(4, stages.REFLECTION_REQUIRED),
                    shown=shown,
                ),
            ),
            (
                "Intervention narrative",
                DocumentSection(
                    store,
                    actor,
                    InterventionNarrative,
                    hints={
                        f: "Needed after a school-wide intervention"
                        for f in stages.NARRATIVE_REQUIRED
                    },
                    shown=shown,
                ),
            ),
            ("Knowledge bank", KnowledgePanel(store, actor, shown)),
        ],
        LOG_PAGE: [("Engagement log", EngagementLog(store, actor))],
    }
    return {page: [section(title, tab) for title, tab in tabs] for page, tabs in pages.items()}
