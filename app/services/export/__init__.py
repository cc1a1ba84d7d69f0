"""Word (and PDF) documents from a school's records: the five partnership templates.

No Qt here. The UI calls these from a worker and turns the progress callback into signals:

- ``export_schools(store, school_ids, ExportOptions(out_dir, ...), progress, cancelled)``;
  a document with nothing recorded yet is left out (``ExportResult.left_out`` says why)
  unless ``ExportOptions.include_empty``
- ``export_school`` / ``export_document`` for one school or one document
- ``render_document`` for the bytes of one document (preview)
- ``check_template_dir`` / ``choose_template`` for district templates
- ``pdf_unavailable_reason()`` to grey out the PDF option with a reason
"""

from app.services.export.context import build_context, load_context
from app.services.export.district import (
    PlaceholderProblem,
    TemplateCheck,
    TemplateChoice,
    builtin_template,
    check_template,
    check_template_dir,
    choose_template,
)
from app.services.export.exporter import (
    CancelCheck,
    ExportedFile,
    ExportError,
    ExportOptions,
    ExportResult,
    LeftOut,
    Progress,
    all_school_ids,
    export_document,
    export_school,
    export_schools,
    find_schools,
    render_document,
)
from app.services.export.naming import OverwritePolicy, WriteOutcome, safe_name
from app.services.export.pdf import (
    PdfConversionError,
    PdfUnavailableError,
    convert_to_pdf,
    pdf_unavailable_reason,
)
from app.services.export.render import Renderer
from app.templates.fields import DOCUMENTS, PLACEHOLDERS, DocumentKind, document_kind

__all__ = [
    "DOCUMENTS",
    "PLACEHOLDERS",
    "CancelCheck",
    "DocumentKind",
    "ExportError",
    "ExportOptions",
    "ExportResult",
    "ExportedFile",
    "LeftOut",
    "OverwritePolicy",
    "PdfConversionError",
    "PdfUnavailableError",
    "PlaceholderProblem",
    "Progress",
    "Renderer",
    "TemplateCheck",
    "TemplateChoice",
    "WriteOutcome",
    "all_school_ids",
    "build_context",
    "builtin_template",
    "check_template",
    "check_template_dir",
    "choose_template",
    "convert_to_pdf",
    "document_kind",
    "export_document",
    "export_school",
    "export_schools",
    "find_schools",
    "load_context",
    "pdf_unavailable_reason",
    "render_document",
    "safe_name",
]
