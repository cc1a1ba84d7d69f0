"""The needs audit form's reads and writes, each in its own session or transaction."""

from __future__ import annotations

from datetime import date

import pytest

from app.models import NeedsAudit
from app.services.audit_form import AuditDraft, load_audit_form, save_audit_form
from app.services.store import Store
from lpc_core.validation import ValidationError
from tests.services.helpers import add_school

ACTOR = "Const. Aroha Ngata"


def test_a_draft_is_created_once_then_updated(store: Store) -> None:
    school_id = add_school(store, "Tōtara Heights School", roll=500)
    empty = load_audit_form(store, school_id)
    assert (empty.school_name, empty.school_roll, empty.audit_id, empty.values) == (
        "Tōtara Heights School",
        500,
        None,
        {},
    )
    draft = AuditDraft(school_id)
    values = {"assessed_on": date(2026, 3, 2), "assessed_by": ACTOR, "reports_per_week": "1.5"}
    audit_id, level = save_audit_form(store, ACTOR, draft, values, None, "")
    assert (draft.id, level) == (audit_id, 4)
    values["notes"] = "Checked with the principal"
    save_audit_form(store, ACTOR, draft, values, None, "")
    with store.session() as session:
        (audit,) = session.query(NeedsAudit).all()
        assert (audit.id, audit.notes) == (audit_id, "Checked with the principal")
    again = load_audit_form(store, school_id)
    assert again.audit_id == audit_id and again.values["reports_per_week"] == 1.5


def test_a_refused_first_save_leaves_the_draft_unsaved(store: Store) -> None:
    school_id = add_school(store)
    draft = AuditDraft(school_id)
    with pytest.raises(ValidationError, match="Reason for a level other than the one"):
        save_audit_form(store, ACTOR, draft, {"assessed_on": date(2026, 3, 2)}, 3, "")
    assert draft.id is None
    with store.session() as session:
        assert session.query(NeedsAudit).count() == 0
