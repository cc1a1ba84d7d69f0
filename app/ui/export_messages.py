"""What the export window says: the summary after an export, why one failed, and the
question asked when files of the export already exist. Kept apart from the window so
the wording can be read (and changed) in one place."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from app.services.export import ExportError, ExportResult, OverwritePolicy
from lpc_core.formatting import plural

LISTED_EXISTING = 8  # names shown in a list; the rest are counted


def result_lines(result: ExportResult, out_dir: Path) -> list[str]:
    """What was saved, skipped and left out, and why, one line each."""
    written = len(result.written)
    lines = []
    if result.cancelled:
        lines.append(
            f"Export cancelled: {plural(written, 'file')} saved before it stopped; "
            "each is complete."
        )
    else:
        lines.append(f"Saved {plural(written, 'file')} in {out_dir}.")
    if result.skipped:
        lines.append(f"Skipped {plural(len(result.skipped), 'file')} that already existed.")
    if result.left_out:
        lines.append(
            f"Left out {plural(len(result.left_out), 'document')} with nothing recorded "
            "yet (tick “Also save documents with nothing recorded yet” to save them):"
        )
        lines.extend(f"• {left}" for left in result.left_out[:LISTED_EXISTING])
        if len(result.left_out) > LISTED_EXISTING:
            lines.append(f"…and {plural(len(result.left_out) - LISTED_EXISTING, 'other')}")
    lines.extend(result.messages)
    return lines


def failure_text(exc: BaseException, during_export: bool) -> str:
    """Why the export stopped, in the officer's terms (a folder, a permission)."""
    if isinstance(exc, ExportError):
        message = str(exc)
    elif isinstance(exc, PermissionError):
        message = f"The documents could not be saved: no permission to write {exc.filename}."
    elif isinstance(exc, OSError):
        message = f"The documents could not be saved: {exc.strerror or exc}."
    else:
        message = f"The export stopped because of an unexpected problem: {exc}"
    if during_export:
        message += " Files saved before the problem are complete."
    return message


def ask_existing(parent: QWidget, existing: list[Path]) -> OverwritePolicy | None:
    """Ask once what to do with files already there; None: do not export."""
    names = "\n".join(f"• {p.name}" for p in existing[:LISTED_EXISTING])
    more = len(existing) - LISTED_EXISTING
    if more > 0:
        names += f"\n…and {plural(more, 'other')}"
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Files already exist")
    box.setText(
        f"{plural(len(existing), 'file')} of this export already "
        f"{'exists' if len(existing) == 1 else 'exist'} in {existing[0].parent}."
    )
    box.setInformativeText(
        f"{names}\n\nKeep both saves the new copies beside them as “… (2).docx”. "
        "Skip leaves them as they are."
    )
    overwrite = box.addButton("Overwrite", QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton("Keep both", QMessageBox.ButtonRole.AcceptRole)
    skip = box.addButton("Skip them", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(keep)
    box.exec()
    answers = {overwrite: OverwritePolicy.OVERWRITE, keep: OverwritePolicy.UNIQUE}
    answers[skip] = OverwritePolicy.SKIP
    return answers.get(box.clickedButton())  # type: ignore[call-overload]
