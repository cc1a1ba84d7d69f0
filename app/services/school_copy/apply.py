"""Applying the changes the officer accepted, as one typed edit would be saved.

All accepted changes go through one ``UnitOfWork``: the same cleaning and validation as
a form, row versions, outbox entries for sync and the audit trail, in one transaction.
The audit entries name the source in their actor, "from the school's copy of 03/12/2026,
accepted by Const. Aroha Ngata", so the history says where each value came from. If any
accepted change is refused, none is kept and the message names the field.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from app.models import PartnershipAgreement, Person
from app.models.vocabulary import Role
from app.services.changes import ChangeSet
from app.services.export.context import commitment_lines
from app.services.school_copy.review import (
    FIELD,
    ROW_ADDED,
    ROW_CHANGED,
    ROW_REMOVED,
    ProposedChange,
    Review,
)
from app.services.school_copy.sends import remember_return
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from app.services.writer import StoreWriter, run_here
from lpc_core.validation import ValidationError


@dataclass
class ApplyResult:
    changeset: ChangeSet = field(default_factory=ChangeSet)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def source_actor(review: Review, officer: str) -> str:
    return f"from the school's copy of {review.sent_on}, accepted by {officer}"


def _role(typed: str) -> tuple[str, str]:
    """(role, role detail) for a role the school typed: a known role by its label or id."""
    wanted = typed.strip().casefold()
    for role in Role:
        if wanted and wanted in (role.value, role.label.casefold()):
            return role.value, ""
    return Role.OTHER.value, typed.strip()


def _commitments(uow: UnitOfWork, changes: list[ProposedChange]) -> str:
    """The school's commitments after the accepted row changes, applied to today's text."""
    agreement = uow.get(PartnershipAgreement, changes[0].record_id)
    lines = commitment_lines(agreement.school_commitments)
    for change in changes:
        at = lines.index(change.sent) if change.sent in lines else None
        if change.kind == ROW_CHANGED:
            if at is None:
                lines.append(change.school)
            else:
                lines[at] = change.school
        elif change.kind == ROW_REMOVED and at is not None:
            del lines[at]
        elif change.kind == ROW_ADDED:
            lines.append(change.school)
    return "\n".join(lines)


def _contact(uow: UnitOfWork, change: ProposedChange) -> None:
    if change.kind == ROW_REMOVED:
        uow.delete(uow.get(Person, change.record_id))
        return
    role, detail = _role(change.values.get("role", ""))
    values = {k: change.values.get(k, "") for k in ("name", "email", "phone")}
    uow.add(Person, school_id=change.record_id, role=role, role_detail=detail, **values)


def _apply(uow: UnitOfWork, accepted: list[ProposedChange]) -> None:
    fields: dict[tuple[Any, str], dict[str, str]] = {}
    commitments = [c for c in accepted if c.column == "school_commitments" and c.kind != FIELD]
    for change in accepted:
        if change.kind == FIELD:
            fields.setdefault((change.model, change.record_id), {})[change.column] = change.school
        elif change.model is Person:
            _contact(uow, change)
    if commitments:  # one update of the agreement with its other accepted fields
        key = (PartnershipAgreement, commitments[0].record_id)
        fields.setdefault(key, {})["school_commitments"] = _commitments(uow, commitments)
    for (model, record_id), values in fields.items():
        uow.update(uow.get(model, record_id), **values)


def apply_review(
    store: Store,
    review: Review,
    accepted: Collection[int],
    officer: str,
    writer: StoreWriter = run_here,
) -> ApplyResult:
    """Apply the changes numbered in ``accepted``; the rest are left as they are."""
    chosen = [c for c in review.changes if c.number in set(accepted)]
    unknown = set(accepted) - {c.number for c in review.changes}
    if unknown:
        return ApplyResult(errors=[f"there is no change numbered {n}" for n in sorted(unknown)])

    def write() -> ApplyResult:
        try:
            with UnitOfWork(store, actor=source_actor(review, officer)) as uow:
                _apply(uow, chosen)
                remember_return(uow.session, review.school_id, datetime.now(UTC))
                return ApplyResult(uow.changeset)
        except ValidationError as exc:
            return ApplyResult(errors=[str(e) for e in exc.errors])
        except LookupError as exc:
            return ApplyResult(errors=[f"{exc}; it was deleted while the copy was out"])

    return writer(write)
