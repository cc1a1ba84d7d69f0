"""District copies of the built-in templates, for the tests of the template checker, the
export and Preferences."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx

from app.paths import templates_dir
from app.templates.fields import DocumentKind


def district_copy(folder: Path, kind: DocumentKind, replace: dict[str, str]) -> Path:
    """A district's copy of a built-in template with some text retyped, run by run (as a
    person editing it in Word would leave it)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / kind.info.template_file
    shutil.copyfile(templates_dir() / kind.info.template_file, target)
    doc = docx.Document(str(target))
    runs = [r for p in doc.paragraphs for r in p.runs]
    runs += [r for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs
             for r in p.runs]  # fmt: skip
    for run in runs:
        for old, new in replace.items():
            if old in run.text:
                run.text = run.text.replace(old, new)
    doc.save(str(target))
    return target
