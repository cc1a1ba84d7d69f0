"""The domain store: SQLAlchemy models, no Qt.

The names below load on first use, all models together (``app.models.registry``), so
that the window can import ``app.models.vocabulary`` — plain enums — without paying for
SQLAlchemy before it is shown. Asking for any model registers every table on
``Base.metadata``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.models.registry import MODEL_BY_TABLE as MODEL_BY_TABLE
    from app.models.registry import SYNC_COLUMNS as SYNC_COLUMNS
    from app.models.registry import SYNCED_MODELS as SYNCED_MODELS
    from app.models.registry import AimAssessment as AimAssessment
    from app.models.registry import AnnualPlan as AnnualPlan
    from app.models.registry import Attachment as Attachment
    from app.models.registry import AttachmentChunk as AttachmentChunk
    from app.models.registry import AttachmentContent as AttachmentContent
    from app.models.registry import AuditEntry as AuditEntry
    from app.models.registry import Base as Base
    from app.models.registry import CommunityOrganisation as CommunityOrganisation
    from app.models.registry import DemoSchool as DemoSchool
    from app.models.registry import EngagementEntry as EngagementEntry
    from app.models.registry import FieldSpec as FieldSpec
    from app.models.registry import InterventionNarrative as InterventionNarrative
    from app.models.registry import KnowledgeCitation as KnowledgeCitation
    from app.models.registry import KnowledgeEntry as KnowledgeEntry
    from app.models.registry import LocalSetting as LocalSetting
    from app.models.registry import NeedsAudit as NeedsAudit
    from app.models.registry import OutboxEntry as OutboxEntry
    from app.models.registry import Outcome as Outcome
    from app.models.registry import OutcomeMeasurement as OutcomeMeasurement
    from app.models.registry import Partnership as Partnership
    from app.models.registry import PartnershipAgreement as PartnershipAgreement
    from app.models.registry import PartnershipYear as PartnershipYear
    from app.models.registry import Person as Person
    from app.models.registry import PlanActivity as PlanActivity
    from app.models.registry import PlanReview as PlanReview
    from app.models.registry import PoliceDataRow as PoliceDataRow
    from app.models.registry import Reflection as Reflection
    from app.models.registry import Response as Response
    from app.models.registry import ResponseAim as ResponseAim
    from app.models.registry import SafetySurvey as SafetySurvey
    from app.models.registry import SaraPlan as SaraPlan
    from app.models.registry import School as School
    from app.models.registry import SchoolProfile as SchoolProfile
    from app.models.registry import SchoolService as SchoolService
    from app.models.registry import SyncBatch as SyncBatch
    from app.models.registry import SyncConflict as SyncConflict
    from app.models.registry import Synced as Synced
    from app.models.registry import SyncRowState as SyncRowState
    from app.models.registry import spec_of as spec_of

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


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module 'app.models' has no attribute {name!r}")
    from app.models import registry

    value = getattr(registry, name)
    globals()[name] = value
    return value
