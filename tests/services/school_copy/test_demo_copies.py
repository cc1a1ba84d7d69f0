"""Every demo school's copy is valid Word, and taken back unchanged it lists no change."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.services.demo import seed_demo
from app.services.export.exporter import all_school_ids
from app.services.school_copy import review_file, send_school_copy
from app.services.store import Store
from tests.ooxml import assert_valid_docx
from tests.services.school_copy.copies import open_docx, save


def test_demo_schools_copies_are_valid_and_read_back_unchanged(
    store: Store, tmp_path: Path
) -> None:
    seed_demo(store, count=4, today=date(2026, 12, 3))
    with store.session() as session:
        school_ids = all_school_ids(session)
    assert len(school_ids) == 4
    for n, school_id in enumerate(school_ids):
        sent, manifest = send_school_copy(store, school_id, tmp_path / "out")
        assert_valid_docx(sent)
        assert manifest.sent  # every demo school has fields for the school to fill
        resaved = save(open_docx(sent), tmp_path / f"back-{n}.docx")  # opened and saved
        review = review_file(store, resaved, school_id)
        assert review.changes == [] and review.outside == [] and review.notes == []
