"""Raw WordprocessingML lands where the schema puts it, and the validator sees when not."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from app.templates import wordml
from tests.ooxml import assert_valid_docx, docx_errors


def _children(element: object) -> list[str]:
    return [c.tag.split("}")[1] for c in element.iterchildren()]  # type: ignore[attr-defined]


def test_border_goes_before_spacing_and_alignment_set_earlier() -> None:
    doc = wordml.blank_document()
    paragraph = doc.add_paragraph("x")
    paragraph.paragraph_format.space_after = Pt(2)
    paragraph.alignment = 1
    wordml.border(paragraph, "bottom", "9AA8B8")
    wordml.border(paragraph, "top", "9AA8B8")
    p_pr = paragraph._p.pPr
    assert _children(p_pr) == ["pBdr", "spacing", "jc"]
    assert _children(p_pr.find(qn("w:pBdr"))) == ["top", "bottom"]


def test_shading_goes_before_vertical_alignment_and_is_not_repeated() -> None:
    doc = wordml.blank_document()
    cell = doc.add_table(rows=1, cols=1).cell(0, 0)
    cell.vertical_alignment = 1
    cell.width = Pt(40)
    wordml.shade(cell, "E8EDF3")
    wordml.shade(cell, "122B4A")
    tc_pr = cell._tc.tcPr
    assert _children(tc_pr) == ["tcW", "shd", "vAlign"]
    assert tc_pr.find(qn("w:shd")).get(qn("w:fill")) == "122B4A"


def test_language_goes_after_colour_and_size_set_later() -> None:
    run = wordml.blank_document().add_paragraph().add_run("x")
    wordml.child(run._r.get_or_add_rPr(), "w:lang").set(qn("w:val"), "en-NZ")
    run.font.size = Pt(9)
    run.bold = True
    wordml.child(run._r.rPr, "w:rFonts")
    assert _children(run._r.rPr) == ["rFonts", "b", "sz", "lang"]


def test_child_refuses_an_element_it_has_no_order_for() -> None:
    p_pr = wordml.blank_document().add_paragraph()._p.get_or_add_pPr()
    with pytest.raises(ValueError, match="no schema order known for w:tblHeader"):
        wordml.child(p_pr, "w:tblHeader")


def test_validator_finds_a_border_after_spacing_and_passes_it_in_order(tmp_path: Path) -> None:
    """The defect Word repaired in every export, so the check is known to catch it."""
    doc = wordml.blank_document()
    wrong = doc.add_paragraph("appended")
    wrong.paragraph_format.space_after = Pt(2)
    borders = OxmlElement("w:pBdr")
    borders.append(OxmlElement("w:bottom"))
    borders[0].set(qn("w:val"), "single")
    wrong._p.pPr.append(borders)
    doc.save(str(tmp_path / "wrong.docx"))
    assert any("pBdr" in e for e in docx_errors(tmp_path / "wrong.docx"))

    wrong._p.pPr.remove(borders)
    wordml.border(wrong, "bottom", "9AA8B8")
    doc.save(str(tmp_path / "right.docx"))
    assert_valid_docx(tmp_path / "right.docx")


def test_blank_document_leaves_out_the_stale_styles_with_effects(tmp_path: Path) -> None:
    docx.Document().save(str(tmp_path / "plain.docx"))
    assert any("stylesWithEffects" in e for e in docx_errors(tmp_path / "plain.docx"))
    wordml.blank_document().save(str(tmp_path / "blank.docx"))
    assert_valid_docx(tmp_path / "blank.docx")
    reopened = docx.Document(str(tmp_path / "blank.docx"))
    assert "stylesWithEffects" not in {
        r.reltype.rsplit("/", 1)[1] for r in reopened.part.rels.values()
    }


def test_row_flags_are_added_once_each() -> None:
    row = wordml.blank_document().add_table(rows=1, cols=1).rows[0]
    for flag in ("tblHeader", "cantSplit", "tblHeader"):
        wordml.row_flag(row, flag)
    assert _children(row._tr.trPr) == ["cantSplit", "tblHeader"]
