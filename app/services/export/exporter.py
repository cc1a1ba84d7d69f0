"""Exporting documents for one school or many: the functions the CLI and the UI call.

One path does all the work (``export_schools``); one document or one school are the same
call with a shorter list. Files are written whole or not at all (temporary file, then
rename), an existing file is never replaced unless the caller's policy allows it, and a
long export reports progress through a plain callback and stops when asked between two
documents. Every file it wrote is in the result, including after a cancel.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import School
from app.services.export.context import for_document, load_context
from app.services.export.district import TemplateChoice, choose_template
from app.services.export.empty import empty_reason
from app.services.export.naming import (
    AskOverwrite,
    OverwritePolicy,
    WriteOutcome,
    document_file_name,
    write_file,
)
from app.services.export.pdf import PdfUnavailableError, convert_to_pdf, pdf_unavailable_reason
from app.services.export.render import Renderer
from app.services.store import Store
from app.services.years import list_years
from app.templates.fields import DocumentKind
from lpc_core.formatting import sort_key

Progress = Callable[[int, int, str], None]  # (done, total, message)
CancelCheck = Callable[[], bool]


@dataclass(frozen=True, slots=True)
class ExportedFile:
    school_id: str
    school_name: str
    kind: DocumentKind
    path: Path
    outcome: WriteOutcome

    @property
    def written(self) -> bool:
        return self.outcome is not WriteOutcome.SKIPPED


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A document not written because it would have said nothing for the school."""

    school_id: str
    school_name: str
    kind: DocumentKind
    reason: str  # "no SARA plan recorded yet"

    def __str__(self) -> str:
        return f"{self.school_name}, {self.kind.info.title}: {self.reason}"


@dataclass
class ExportResult:
    files: list[ExportedFile] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)  # template fallbacks, PDF notes
    cancelled: bool = False
    left_out: list[LeftOut] = field(default_factory=list)  # empty documents not written

    @property
    def written(self) -> list[Path]:
        return [f.path for f in self.files if f.written]

    @property
    def skipped(self) -> list[Path]:
        return [f.path for f in self.files if not f.written]

    def note(self, message: str) -> None:
        if message and message not in self.messages:
            self.messages.append(message)


class ExportError(RuntimeError):
    """The export could not start; the message says why and what to do."""


@dataclass(frozen=True)
class ExportOptions:
    """How to export. ``policy`` decides what happens to files that already exist;
    ``include_empty`` writes documents that have nothing recorded yet, which are otherwise
    left out and listed in ``ExportResult.left_out``."""

    out_dir: Path
    kinds: Sequence[DocumentKind] = tuple(DocumentKind)
    policy: OverwritePolicy = OverwritePolicy.UNIQUE
    ask: AskOverwrite | None = None
    pdf: bool = False
    template_dir: Path | None = None
    today: date | None = None
    include_empty: bool = False
    year: int | None = None  # the partnership year; None: each school's current year


def _key(text: str) -> str:
    return " ".join(sort_key(text.strip()).split())


def find_schools(session: Session, keys: Sequence[str]) -> list[School]:
    """Schools named by name or Ministry of Education number, in the order asked for.

    Names match ignoring case and macrons ("Otautahi" finds "Ōtautahi"); a part of a name
    will do when it fits one school only. An unknown or ambiguous key raises
    ``LookupError`` saying which one and what is close.
    """
    schools = list(session.scalars(select(School).where(School.deleted_at.is_(None))))
    found: list[School] = []
    for key in keys:
        wanted = key.strip()
        if wanted.isdigit():
            matches = [s for s in schools if s.moe_number == int(wanted)]
        else:
            matches = [s for s in schools if _key(s.name) == _key(wanted)]
            if not matches:  # "Kōwhai" for "Kōwhai Grove School", when only one fits
                matches = [s for s in schools if _key(wanted) in _key(s.name)]
        if not matches:
            close = difflib.get_close_matches(wanted, [s.name for s in schools], n=3)
            hint = f" Did you mean: {', '.join(close)}?" if close else ""
            raise LookupError(f"No school called or numbered “{wanted}”.{hint}")
        if len(matches) > 1:
            listed = "; ".join(f"{s.name} ({s.moe_number or 'no number'})" for s in matches)
            raise LookupError(
                f"{len(matches)} schools match “{wanted}”: {listed}. Name the school in "
                "full or by its Ministry of Education number."
            )
        if matches[0] not in found:
            found.append(matches[0])
    return found


def all_school_ids(session: Session, include_archived: bool = False) -> list[str]:
    stmt = select(School).where(School.deleted_at.is_(None))
    if not include_archived:
        stmt = stmt.where(School.archived.is_(False))
    return [s.id for s in sorted(session.scalars(stmt), key=lambda s: sort_key(s.name))]


def choose_templates(
    kinds: Sequence[DocumentKind], template_dir: Path | None
) -> dict[DocumentKind, TemplateChoice]:
    return {kind: choose_template(kind, template_dir) for kind in kinds}


def render_document(
    store: Store,
    school_id: str,
    kind: DocumentKind,
    template_dir: Path | None = None,
    today: date | None = None,
    renderer: Renderer | None = None,
    year: int | None = None,
) -> bytes:
    """One document's .docx bytes, written nowhere (for a preview or an e-mail)."""
    with store.sessions() as session:
        context = load_context(session, school_id, today, year)
    template = choose_template(kind, template_dir).path
    return (renderer or Renderer()).render(template, for_document(context, kind))


def _has_year(session: Session, school_id: str, year: int) -> bool:
    return any(y.year == year for y in list_years(session, school_id))


def export_schools(
    store: Store,
    school_ids: Sequence[str],
    options: ExportOptions,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
    renderer: Renderer | None = None,
) -> ExportResult:
    """Export ``options.kinds`` for each school into ``options.out_dir``.

    ``progress(done, total, message)`` is called before each document and once at the end;
    ``cancelled()`` is polled before each document. Raises ``ExportError`` before writing
    anything when PDFs were asked for and cannot be made.
    """
    if options.pdf and (reason := pdf_unavailable_reason()):
        raise ExportError(reason)
    if options.policy is OverwritePolicy.ASK and options.ask is None:
        raise ValueError("OverwritePolicy.ASK needs options.ask")
    renderer = renderer or Renderer()
    result = ExportResult()
    choices = choose_templates(options.kinds, options.template_dir)
    for choice in choices.values():
        result.note(choice.message)
    today = options.today or date.today()
    total = len(school_ids) * len(options.kinds)  # a school without the year counts as done
    done = 0
    report = progress or (lambda _d, _t, _m: None)
    for school_id in school_ids:
        with store.sessions() as session:
            if options.year is not None and not _has_year(session, school_id, options.year):
                name = session.get(School, school_id).name  # type: ignore[union-attr]
                result.note(f"{name} has no partnership year {options.year}; nothing exported")
                continue
            context = load_context(session, school_id, today, options.year)
        name = context["school"]["name"]
        year = int(context["school"]["year"])
        for kind in options.kinds:
            if cancelled is not None and cancelled():
                result.cancelled = True
                report(done, total, "Export cancelled")
                return result
            report(done, total, f"{name}: {kind.info.title}")
            reason = None if options.include_empty else empty_reason(context, kind)
            if reason is not None:
                result.left_out.append(LeftOut(school_id, name, kind, reason))
                done += 1
                continue
            data = renderer.render(choices[kind].path, for_document(context, kind))
            target = options.out_dir / document_file_name(name, kind, today, ".docx", year)
            path, outcome = write_file(target, data, options.policy, options.ask)
            result.files.append(ExportedFile(school_id, name, kind, path, outcome))
            done += 1
    if options.pdf:
        _add_pdfs(result, options, report, done, total)
    report(total, total, f"Exported {len(result.written)} file(s)")
    return result


def _add_pdfs(
    result: ExportResult, options: ExportOptions, report: Progress, done: int, total: int
) -> None:
    docx = [f for f in result.files if f.written]
    if not docx:
        return
    report(done, total, f"Converting {len(docx)} document(s) to PDF")
    try:
        pdfs = convert_to_pdf([f.path for f in docx], options.policy, options.ask)
    except PdfUnavailableError as exc:
        raise ExportError(str(exc)) from exc
    for source, (path, outcome) in zip(docx, pdfs, strict=True):
        result.files.append(
            ExportedFile(source.school_id, source.school_name, source.kind, path, outcome)
        )


def export_school(
    store: Store,
    school_id: str,
    options: ExportOptions,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> ExportResult:
    """All of ``options.kinds`` (by default the five documents) for one school."""
    return export_schools(store, [school_id], options, progress, cancelled)


def export_document(
    store: Store, school_id: str, kind: DocumentKind, options: ExportOptions
) -> ExportResult:
    """One document for one school (``options.kinds`` is ignored)."""
    only = ExportOptions(
        options.out_dir,
        (kind,),
        options.policy,
        options.ask,
        options.pdf,
        options.template_dir,
        options.today,
        options.include_empty,
    )
    return export_schools(store, [school_id], only)
