"""What saving the needs audit means, for the workspace's one ``AutosaveController``.

The audit saves like every other form (after a pause, at most a second after the first
edit while typing goes on, on switching school and on closing). Two things differ: the
whole audit is read from the form when it is sent, since the agreed level depends on
every figure; and figures that are not numbers hold the whole audit back (they are
named on closing) rather than being left out of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.services.audit_form import AuditDraft, save_audit_form
from app.services.editing import SaveResult
from app.services.store import Store
from app.ui.workspace.autosave import AutosaveController, SaveTarget, Values

if TYPE_CHECKING:
    from app.ui.workspace.needs_audit_form import NeedsAuditForm

HELD_BACK = "Correct the figures shown in red first: "


@dataclass(frozen=True)
class AuditSaved(SaveResult):
    """A stored audit, with the level it was agreed at."""

    level: int = 0


def _save(store: Store, target: SaveTarget, values: Values) -> SaveResult:
    draft: AuditDraft = target.record
    sent = values["values"]
    _id, level = save_audit_form(
        store, target.actor, draft, sent, values["accepted"], values["reason"]
    )
    return AuditSaved(tuple(values), (), -1, level)  # the whole audit was kept


def audit_autosave(form: NeedsAuditForm, store: Store) -> AutosaveController:
    """The controller the form saves through; ``form.draft`` is the audit on screen."""

    def held_back(_values: Values) -> list[str]:
        bad = form.bad_figures()
        if bad:
            form.show_refused([HELD_BACK + "; ".join(bad)])
        return bad

    def target() -> SaveTarget | None:
        return SaveTarget(form.draft, form.actor()) if form.draft is not None else None

    return AutosaveController(
        form,
        lambda t, v: _save(store, t, v),
        target,
        check=held_back,
        collect=lambda _edited: form.sent(),
        failure_text="The audit could not be saved",
    )
