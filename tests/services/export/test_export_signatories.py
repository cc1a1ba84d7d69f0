"""The agreement an officer and a principal sign: everyone who signs, with a line to sign
on and a line for the date, and both protocols as sections; the annual plan's sign-off."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.document import Document
from docx.table import Table
from export_data import TODAY, fill_school

from app.models.stage1 import DEFAULT_LEGAL_BASIS
from app.services.export import DocumentKind, ExportOptions, export_school
from app.services.store import Store
from tests.ooxml import assert_valid_docx

SIGNATORIES = {
    "police_signatory": "Constable Aroha Ngata",
    "police_signatory_role": "Constable, Lead Police Contact",
    "supervisor_signatory": "Sergeant Ana Te Rangi",
    "supervisor_signatory_role": "Sergeant, Youth and Community",
    "school_signatory": "Ngaire Brown",
    "school_signatory_role": "Tumuaki",
    "board_signatory": "Rangi Pākehō",
}
PROTOCOLS = {
    "information_sharing": "To plan the partnership's work from shared facts.",
    "sharing_from_police": "Crime counts within 500 m, by category, each term, by email.",
    "sharing_from_school": "Stand-down totals and survey results, each term, as a table.",
    "sharing_storage": "The principal's secure folder; the senior leaders may read it.",
    "sharing_disclosure": "Only to prevent a serious threat to safety, or with consent.",
    "serious_offending_protocol": "The principal calls 111 at once, then the LPC.",
    "serious_police_action": "Police attend, assess the risk and investigate.",
    "serious_school_process": "Stand-downs stay the principal's decision under the policy.",
    "serious_recording": "Each records it; the LPC reports back within a week.",
}
SECTION_OF = {
    "Purpose": "information_sharing",
    "What Police share, how often and in what form": "sharing_from_police",
    "What the school shares, how often and in what form": "sharing_from_school",
    "How shared information is stored and who may see it": "sharing_storage",
    "When either party may disclose it, and to whom": "sharing_disclosure",
    "Who the school calls, and when": "serious_offending_protocol",
    "What Police do": "serious_police_action",
    "How Police action fits with the school's disciplinary and behaviour management": (
        "serious_school_process"
    ),
    "How incidents are recorded and reported back": "serious_recording",
}
PLAN_SIGN_OFF = {
    "police_agreed_by": "Constable Aroha Ngata",
    "police_agreed_by_role": "Lead Police Contact",
    "school_agreed_by": "Ngaire Brown",
    "school_agreed_by_role": "Tumuaki",
}


def _export(store: Store, out: Path, agreement: dict[str, object]) -> dict[DocumentKind, Path]:
    school_id = fill_school(
        store,
        overrides={"PartnershipAgreement": agreement, "AnnualPlan": PLAN_SIGN_OFF},
    )
    result = export_school(store, school_id, ExportOptions(out, today=TODAY))
    return {f.kind: f.path for f in result.files}


def _signature_table(doc: Document) -> Table:
    for table in doc.tables:
        if [c.text for c in table.rows[0].cells] == ["For New Zealand Police", "For the school"]:
            return table
    raise AssertionError("no signature table")


def _blocks(table: Table) -> dict[str, list[str]]:
    """Each signatory's block by its caption: the lines of its cell."""
    blocks = {}
    for row in table.rows[1:]:
        for cell in row.cells:
            lines = [p.text for p in cell.paragraphs]
            blocks[lines[0]] = lines[1:]
    return blocks


def _sections(doc: Document) -> dict[str, str]:
    """Each heading's text with the paragraph that follows it."""
    paragraphs = doc.paragraphs
    return {
        p.text: paragraphs[i + 1].text
        for i, p in enumerate(paragraphs[:-1])
        if p.style is not None and p.style.name.startswith("Heading")
    }


def test_agreement_prints_four_signatories_each_with_signature_and_date_lines(
    store: Store, tmp_path: Path
) -> None:
    paths = _export(store, tmp_path / "out", {**SIGNATORIES, **PROTOCOLS})
    assert_valid_docx(paths[DocumentKind.AGREEMENT], "agreement")
    doc = docx.Document(str(paths[DocumentKind.AGREEMENT]))
    blocks = _blocks(_signature_table(doc))
    assert set(blocks) == {
        "Lead Police Contact",
        "Supervisor",
        "Principal / tumuaki",
        "Presiding member of the board",
    }
    assert blocks["Lead Police Contact"][:2] == [
        "Constable Aroha Ngata",
        "Constable, Lead Police Contact",
    ]
    assert blocks["Supervisor"][:2] == ["Sergeant Ana Te Rangi", "Sergeant, Youth and Community"]
    assert blocks["Principal / tumuaki"][:2] == ["Ngaire Brown", "Tumuaki"]
    assert blocks["Presiding member of the board"][0] == "Rangi Pākehō"
    for caption, lines in blocks.items():
        assert any(line.startswith("Signature: ____") for line in lines), caption
        assert any(line.startswith("Date: ____") for line in lines), caption
    # The police column holds Police's signatories, the school column the school's.
    table = _signature_table(doc)
    police = [row.cells[0].paragraphs[0].text for row in table.rows[1:]]
    school = [row.cells[1].paragraphs[0].text for row in table.rows[1:]]
    assert police == ["Lead Police Contact", "Supervisor"]
    assert school == ["Principal / tumuaki", "Presiding member of the board"]


def test_agreement_has_both_protocols_as_sections(store: Store, tmp_path: Path) -> None:
    paths = _export(store, tmp_path / "out", {**SIGNATORIES, **PROTOCOLS})
    doc = docx.Document(str(paths[DocumentKind.AGREEMENT]))
    headings = [p.text for p in doc.paragraphs if p.style and p.style.name == "Heading 1"]
    assert headings.index("Information-sharing protocol") < headings.index(
        "Serious-offending protocol"
    )
    sections = _sections(doc)
    for heading, field in SECTION_OF.items():
        assert sections[heading] == PROTOCOLS[field], heading
    # Not set for this school: the default a new agreement starts with, naming the Act.
    assert sections["Legal basis"] == DEFAULT_LEGAL_BASIS
    assert "Privacy Act 2020" in DEFAULT_LEGAL_BASIS
    review = [
        row.cells[1].text for t in doc.tables for row in t.rows if row.cells[0].text == "Review by"
    ]
    assert review == ["Not recorded"]


def test_a_board_that_does_not_sign_leaves_an_optional_line(store: Store, tmp_path: Path) -> None:
    paths = _export(store, tmp_path / "out", {**SIGNATORIES, "board_signatory": ""})
    doc = docx.Document(str(paths[DocumentKind.AGREEMENT]))
    blocks = _blocks(_signature_table(doc))
    assert blocks["Presiding member of the board"][0] == "Optional: only if the board signs"


def test_annual_plan_has_an_agreed_by_block(store: Store, tmp_path: Path) -> None:
    paths = _export(store, tmp_path / "out", SIGNATORIES)
    assert_valid_docx(paths[DocumentKind.ANNUAL_PLAN], "annual plan")
    doc = docx.Document(str(paths[DocumentKind.ANNUAL_PLAN]))
    assert "Agreed by" in [p.text for p in doc.paragraphs]
    blocks = _blocks(_signature_table(doc))
    assert blocks["Signing for Police"][:2] == ["Constable Aroha Ngata", "Lead Police Contact"]
    assert blocks["Signing for the school"][:2] == ["Ngaire Brown", "Tumuaki"]
    for caption, lines in blocks.items():
        assert any(line.startswith("Signature: ____") for line in lines), caption
        assert any(line.startswith("Date: ____") for line in lines), caption
