"""The built-in templates are valid Office Open XML, committed and freshly generated alike."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from app.paths import templates_dir
from app.templates import build_templates
from app.templates.fields import DocumentKind
from tests.ooxml import assert_valid_docx


@pytest.mark.parametrize("kind", list(DocumentKind), ids=lambda k: k.value)
def test_committed_template_is_valid_ooxml(kind: DocumentKind) -> None:
    assert_valid_docx(templates_dir() / kind.info.template_file)


def test_generated_templates_are_valid_ooxml(tmp_path: Path) -> None:
    """Checks the generator itself, so a new section is caught before anyone commits it."""
    assert build_templates.main([str(tmp_path)]) == 0
    for kind in DocumentKind:
        assert_valid_docx(tmp_path / kind.info.template_file)


@pytest.mark.parametrize("kind", list(DocumentKind), ids=lambda k: k.value)
def test_template_has_no_styles_with_effects_part(kind: DocumentKind) -> None:
    with zipfile.ZipFile(templates_dir() / kind.info.template_file) as package:
        names = package.namelist()
        rels = package.read("word/_rels/document.xml.rels").decode()
        content_types = package.read("[Content_Types].xml").decode()
    assert "word/styles.xml" in names
    assert not [n for n in names if "stylesWithEffects" in n]
    assert "stylesWithEffects" not in rels
    assert "stylesWithEffects" not in content_types
