"""Every model, imported together so ``Base.metadata`` and the mappers are complete.

``app.models`` hands these names out lazily (see its ``__init__``); import them from there.
"""

from app.models.attachment import Attachment, AttachmentChunk, AttachmentContent
from app.models.audit import AuditEntry
from app.models.base import SYNC_COLUMNS, Base, FieldSpec, Synced, spec_of
from app.models.knowledge import KnowledgeCitation, KnowledgeEntry
from app.models.local import DemoSchool, LocalSetting, OutboxEntry
from app.models.needs_audit import NeedsAudit
from app.models.partnership import EngagementEntry, Partnership
from app.models.safety_data import PoliceDataRow, SafetySurvey
from app.models.school import CommunityOrganisation, Person, School, SchoolService
from app.models.stage1 import Outcome, OutcomeMeasurement, PartnershipAgreement, SchoolProfile
from app.models.stage2 import SaraPlan
from app.models.stage3 import AnnualPlan, PlanActivity, PlanReview, Response, ResponseAim
from app.models.stage4 import AimAssessment, InterventionNarrative, Reflection
from app.models.sync_state import SyncBatch, SyncConflict, SyncRowState
from app.models.years import PartnershipYear

SYNCED_MODELS: tuple[type[Synced], ...] = (
    School,
    SchoolService,
    Person,
    CommunityOrganisation,
    Partnership,
    PartnershipYear,
    EngagementEntry,
    PartnershipAgreement,
    SchoolProfile,
    PoliceDataRow,
    SafetySurvey,
    Outcome,
    OutcomeMeasurement,
    SaraPlan,
    ResponseAim,
    Response,
    KnowledgeCitation,
    AnnualPlan,
    PlanActivity,
    PlanReview,
    AimAssessment,
    Reflection,
    InterventionNarrative,
    NeedsAudit,
    Attachment,
)
"""Every synced model, parents before children (the order rows can be inserted in)."""

MODEL_BY_TABLE: dict[str, type[Synced]] = {
    m.__tablename__: m  # type: ignore[attr-defined]
    for m in SYNCED_MODELS
}

__all__ = [
    "MODEL_BY_TABLE",
    "SYNCED_MODELS",
    "SYNC_COLUMNS",
    "AimAssessment",
    "AnnualPlan",
    "Attachment",
    "AttachmentChunk",
    "AttachmentContent",
    "AuditEntry",
    "Base",
    "CommunityOrganisation",
    "DemoSchool",
    "EngagementEntry",
    "FieldSpec",
    "InterventionNarrative",
    "KnowledgeCitation",
    "KnowledgeEntry",
    "LocalSetting",
    "NeedsAudit",
    "OutboxEntry",
    "Outcome",
    "OutcomeMeasurement",
    "Partnership",
    "PartnershipAgreement",
    "PartnershipYear",
    "Person",
    "PlanActivity",
    "PlanReview",
    "PoliceDataRow",
    "Reflection",
    "Response",
    "ResponseAim",
    "SafetySurvey",
    "SaraPlan",
    "School",
    "SchoolProfile",
    "SchoolService",
    "SyncBatch",
    "SyncConflict",
    "SyncRowState",
    "Synced",
    "spec_of",
]
