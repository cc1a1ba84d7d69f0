"""Which of a school's records an attachment can belong to, and linking it to one.

An attachment names its record by table and id (``linked_table`` + ``linked_id``), not
by a foreign key, because it may belong to any of several kinds of record
(``AttachmentLink``). The choices offered are the school's live records of those kinds,
each described the way the workspace names it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.models import Attachment, NeedsAudit
from app.models.vocabulary import AttachmentLink
from app.services.records import live, load_school
from app.services.store import Store
from app.services.unit_of_work import UnitOfWork
from lpc_core.formatting import format_nz_date


@dataclass(frozen=True, slots=True)
class LinkChoice:
    link: AttachmentLink
    record_id: str
    label: str


def link_choices(store: Store, school_id: str) -> list[LinkChoice]:
    with store.session() as session:
        return _choices(session, school_id)


def _choices(session: Session, school_id: str) -> list[LinkChoice]:
    records = load_school(session, school_id)
    found: list[LinkChoice] = []
    for a in records.agreements:
        agreed = f" agreed {format_nz_date(a.agreed_on)}" if a.agreed_on else ""
        found.append(LinkChoice(AttachmentLink.AGREEMENT, a.id, f"Partnership agreement{agreed}"))
    for p in records.profiles:
        found.append(LinkChoice(AttachmentLink.PROFILE, p.id, f"School profile {p.year}"))
    for plan in records.plans:
        found.append(
            LinkChoice(AttachmentLink.PLAN, plan.id, f"Annual partnership plan {plan.year}")
        )
    for audit in live(session, NeedsAudit, school_id):
        when = format_nz_date(audit.assessed_on)
        found.append(LinkChoice(AttachmentLink.SURVEY, audit.id, f"Needs audit survey {when}"))
    for n in records.narratives:
        found.append(
            LinkChoice(AttachmentLink.NARRATIVE, n.id, f"Intervention narrative: {n.title}")
        )
    return found


def set_link(store: Store, actor: str, attachment_id: str, choice: LinkChoice | None) -> None:
    """Say which record the attachment belongs to (``None``: the school as a whole).
    A record of another school, or one removed, is refused."""
    with UnitOfWork(store, actor) as uow:
        row = uow.get(Attachment, attachment_id)
        held = {(c.link, c.record_id) for c in _choices(uow.session, row.school_id)}
        if choice is not None and (choice.link, choice.record_id) not in held:
            raise ValueError(f"Belongs to: {choice.label} is not one of this school's records.")
        uow.update(
            row,
            linked_table=None if choice is None else choice.link.value,
            linked_id="" if choice is None else choice.record_id,
        )
