from __future__ import annotations

import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from app.models import DemoSchool, LocalSetting, PlanActivity, School
from app.models.vocabulary import ActionHorizon, ActivityStatus, PartnershipStatus, Stage
from app.services.audit import verify_chain
from app.services.bootstrap import INITIALISED_KEY, open_app_store
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


_KILLED_MID_WAY = """
import os, signal, sys
from app.services.bootstrap import INITIALISED_KEY, open_app_store

def progress(done, total):
    print(done, flush=True)
    if done == 15:
        os.kill(os.getpid(), signal.SIGKILL)

open_app_store(sys.argv[1], progress=progress)
"""


def test_a_first_run_killed_while_creating_the_demo_is_completed_on_the_next(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "killed"
    run = subprocess.run(
        [sys.executable, "-c", _KILLED_MID_WAY, str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert run.returncode == -signal.SIGKILL, run.stderr
    assert run.stdout.split()[-1] == "15"  # killed half-way through the district
    again = open_app_store(folder)
    with again.store.session() as s:
        names = list(s.scalars(select(School.name)))
        marked = s.scalar(select(func.count()).select_from(DemoSchool))
        marker = s.get(LocalSetting, INITIALISED_KEY)
        chain = verify_chain(s)
    assert chain == []
    assert again.seeded == 30
    assert len(names) == 30 and len(set(names)) == 30  # all present, none twice
    assert marked == 30 and marker is not None and marker.value == "demo"
    again.store.close()
    third = open_app_store(folder)
    assert third.seeded == 0
    third.store.close()


def test_plan_activities_keep_to_term_time_and_their_horizon(store: Store) -> None:
    """Seeded in early December, no demo activity falls in the summer break, and a
    long-term activity spans six months or more (a fortnight would contradict its label)."""
    seed_demo(store, today=date(2026, 12, 4))
    with store.session() as session:
        activities = list(session.scalars(select(PlanActivity)))
    assert len(activities) > 30
    for a in activities:
        assert a.due_on is not None and a.starts_on is not None
        assert not ((a.due_on.month, a.due_on.day) > (12, 12)), (a.title, a.due_on)
        assert not ((a.due_on.month, a.due_on.day) < (2, 9)), (a.title, a.due_on)
        if a.horizon == ActionHorizon.LONG_TERM:
            assert (a.due_on - a.starts_on).days >= 182, (a.title, a.starts_on, a.due_on)
        if a.status == ActivityStatus.DONE:
            assert a.due_on <= date(2026, 12, 4)
