"""What the needs audit form reads and writes, as plain calls the UI runs off its thread.

Each call opens its own session or unit of work, so the form never holds one open while
the officer types, and the rules stay in ``app.services.needs_audit``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.services.needs_audit import INDICATOR_FIELDS, latest_audit, save_audit
from app.services.records import load_school
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork

AUDIT_FIELDS = ("assessed_on", "assessed_by", *INDICATOR_FIELDS, "notes")
DECISION_FIELDS = ("suggested_level", "accepted_level", "override_reason")


@dataclass(frozen=True)
class AuditFormData:
    """The school's latest audit as the form shows it (``values`` empty when there is none)."""

    school_id: str
    school_name: str
    school_roll: int | None
    audit_id: str | None
    values: dict[str, Any]


@dataclass
class AuditDraft:
    """The audit the form writes to. Saves run one after another on the store worker and
    each reads ``id`` there, so a second save queued while the first (which creates the
    audit) waits updates that audit instead of adding another."""

    school_id: str
    id: str | None = None


def load_audit_form(store: Store, school_id: str) -> AuditFormData:
    with store.session() as session:
        school = load_school(session, school_id).school
        audit = latest_audit(session, school_id)
        values = {f: getattr(audit, f) for f in (*AUDIT_FIELDS, *DECISION_FIELDS)} if audit else {}
        return AuditFormData(
            school_id, school.name, school.roll, audit.id if audit else None, values
        )


def save_audit_form(
    store: Store,
    actor: str,
    draft: AuditDraft,
    values: dict[str, Any],
    accepted: int | None,
    reason: str,
) -> tuple[str, int]:
    """Save the draft (creating the audit on its first save); its id and agreed level."""
    with UnitOfWork(store, actor=actor) as uow:
        audit = save_audit(uow, draft.school_id, values, accepted, reason, draft.id)
        saved = audit.id, int(audit.accepted_level or 0)
    draft.id = saved[0]  # only once committed
    return saved
