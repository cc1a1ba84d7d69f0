"""The registry, the generator and the five committed templates agree with each other."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import docx
import pytest

from app.models import PartnershipAgreement, PlanActivity, spec_of
from app.paths import templates_dir
from app.services.export.district import check_template
from app.templates import build_templates
from app.templates.fields import (
    DOCUMENTS,
    PLACEHOLDERS,
    USES,
    DocumentKind,
    document_kind,
    placeholders_for,
)


def test_five_documents_each_with_a_shipped_template() -> None:
    assert [k.value for k in DocumentKind] == [
        "agreement",
        "profile",
        "sara",
        "annual-plan",
        "narrative",
    ]
    for kind in DocumentKind:
        assert kind.info is DOCUMENTS[kind]
        assert (templates_dir() / kind.info.template_file).is_file()


def test_document_kind_accepts_ids_names_and_titles() -> None:
    assert document_kind("annual-plan") is DocumentKind.ANNUAL_PLAN
    assert document_kind("ANNUAL_PLAN") is DocumentKind.ANNUAL_PLAN
    assert document_kind("School Profile") is DocumentKind.PROFILE
    with pytest.raises(ValueError, match="choose one of: agreement"):
        document_kind("minutes")


def test_labels_and_sources_come_from_the_models() -> None:
    review = PLACEHOLDERS["agreement.review_on"]
    assert review.meaning == spec_of(PartnershipAgreement, "review_on").label  # type: ignore[union-attr]
    assert review.source == "PartnershipAgreement.review_on"
    assert review.documents == {DocumentKind.AGREEMENT}
    lead = PLACEHOLDERS["activities[].lead"]
    assert lead.meaning == spec_of(PlanActivity, "lead").label  # type: ignore[union-attr]
    assert lead.example == "{{ a.lead }} inside {%tr for a in activities %} … {%tr endfor %}"
    assert PLACEHOLDERS["school.name"].documents == set(DocumentKind)


@pytest.mark.parametrize("kind", list(DocumentKind), ids=lambda k: k.value)
def test_committed_template_uses_exactly_its_registered_placeholders(kind: DocumentKind) -> None:
    check = check_template(templates_dir() / kind.info.template_file)
    assert check.ok, [str(p) for p in check.problems]
    assert check.used == set(USES[kind])
    assert [p.name for p in placeholders_for(kind)] == list(USES[kind])


def test_committed_templates_are_what_the_generator_makes(tmp_path: Path) -> None:
    """Fails when someone edits the generator and forgets to regenerate (or vice versa)."""
    assert build_templates.main([str(tmp_path)]) == 0
    for kind in DocumentKind:
        rebuilt = _visible_text(tmp_path / kind.info.template_file)
        assert rebuilt == _visible_text(templates_dir() / kind.info.template_file), kind


def _visible_text(path: Path) -> list[str]:
    """Text in reading order; compared instead of bytes so a python-docx upgrade that
    changes its default styles' XML does not fail the test."""
    doc = docx.Document(str(path))
    section = doc.sections[0]
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    parts += [p.text for p in (*section.header.paragraphs, *section.footer.paragraphs)]
    return parts


def test_generator_refuses_a_placeholder_the_registry_does_not_list() -> None:
    builder = build_templates.TemplateBuilder(DocumentKind.SARA)
    with pytest.raises(KeyError, match="not registered for sara"):
        builder.ph("activities[].lead")


def test_templates_and_export_services_do_not_import_qt() -> None:
    code = (
        "import sys, app.templates.fields, app.templates.build_templates, "
        "app.services.export, app.commands.export\n"
        "print([m for m in sys.modules if m.startswith('PySide6')])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("kind", list(DocumentKind))
def test_no_table_column_is_too_narrow_for_not_recorded(kind: DocumentKind) -> None:
    doc = docx.Document(str(templates_dir() / kind.info.template_file))
    for n, table in enumerate(doc.tables, 1):
        for c, column in enumerate(table.columns, 1):
            assert column.width is not None
            assert column.width >= build_templates.MIN_COLUMN, (kind, n, c, column.width.cm)


def test_generator_refuses_a_column_too_narrow_for_not_recorded() -> None:
    builder = build_templates.TemplateBuilder(DocumentKind.NARRATIVE)
    with pytest.raises(ValueError, match=r"narrower than 2\.1 cm"):
        builder.loop_table("aims", (("Aim", "statement", 8.0), ("Unit", "unit", 0.9)))
