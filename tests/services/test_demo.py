from __future__ import annotations

from datetime import date
from pathlib import Path

from app.models.vocabulary import PartnershipStatus, Stage
from app.services.bootstrap import open_app_store
from app.services.demo import seed_demo
from app.services.schools import count_by_stage, list_school_summaries
from app.services.store import Store


def test_demo_district_spreads_thirty_schools_over_every_stage(store: Store) -> None:
    seed_demo(store, today=date(2026, 11, 24))
    with store.session() as s:
        counts = count_by_stage(s)
        summaries = list_school_summaries(s, date(2026, 11, 24))
    assert sum(counts.values()) == 30
    assert all(counts[stage] >= 4 for stage in Stage)
    assert any(x.status == PartnershipStatus.MAINTAINING for x in summaries)
    assert any(x.overdue_count for x in summaries)
    assert len({x.name for x in summaries}) == 30
    assert any("Kōwhai" in x.name for x in summaries)


def test_first_run_seeds_once_and_empty_flag_starts_empty(tmp_path: Path) -> None:
    first = open_app_store(tmp_path / "a")
    assert first.seeded == 30
    first.store.close()
    again = open_app_store(tmp_path / "a")
    assert again.seeded == 0
    again.store.close()
    empty = open_app_store(tmp_path / "b", empty=True)
    assert empty.seeded == 0 and empty.store.is_empty()
    empty.store.close()
