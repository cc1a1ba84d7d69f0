"""Console overview benchmark: the district server's overdue figures and summary download
over many schools' synced records.

Fills a SQLite server store with N schools of one district, each with its partnership,
current year, agreement, profile, a plan of eight activities, two reviews, a Lead Police
Contact and a needs audit (17 records a school), then prints the median time to work out
every school's standing (what the overview page reads) and to build the .docx and CSV.
Run: ``python bench/console_overview_bench.py [--schools N] [--runs N]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _median(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _school_records(school_id: str, today: date) -> list[tuple[str, str, dict[str, Any]]]:
    day = timedelta(days=1)
    plan = str(uuid.uuid4())
    on = lambda days: (today + days * day).isoformat()  # noqa: E731
    base = {"school_id": school_id}
    records = [
        ("partnerships", str(uuid.uuid4()), {**base, "status": "active"}),
        ("partnership_years", str(uuid.uuid4()), {**base, "year": today.year, "stage": 2}),
        ("partnership_agreements", str(uuid.uuid4()), {**base, "review_on": on(20)}),
        ("school_profiles", str(uuid.uuid4()), {**base, "year": today.year - 1}),
        ("annual_plans", plan, {**base, "year": today.year, "agreed_on": on(-90)}),
        ("people", str(uuid.uuid4()), {**base, "name": "Const. A", "role": "lead_police_contact"}),
        ("needs_audits", str(uuid.uuid4()), {**base, "assessed_on": on(-100)}),
    ]
    for k in range(8):
        fields = {**base, "plan_id": plan, "position": k, "title": f"Activity {k}"}
        fields |= {"status": "planned", "horizon": "short_term", "starts_on": on(-80)}
        records.append(
            ("plan_activities", str(uuid.uuid4()), {**fields, "due_on": on(k * 10 - 40)})
        )
    for k in range(2):
        fields = {**base, "plan_id": plan, "reviewed_on": on(-20 - 40 * k), "outcome": "ok"}
        records.append(("plan_reviews", str(uuid.uuid4()), fields))
    return records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--schools", type=int, default=2500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from sqlalchemy import select

    from lpc_core.district_summary import schools_csv, summary_docx
    from server.console.district_view import counts, district_schools, per_officer
    from server.console.summary import district_summary
    from server.db import open_database
    from server.directory import create_district
    from server.models import District, Record, SeqCounter
    from server.schools import import_schools

    today = date.today()
    with tempfile.TemporaryDirectory(prefix="lpc-console-bench-") as tmp:
        db = open_database(f"sqlite:///{Path(tmp) / 'server.db'}")
        with db.writing() as session:
            create_district(session, "Waitematā")
            rows = [{"name": f"School {i:04d}"} for i in range(args.schools)]
            import_schools(session, rows, "Waitematā")
            district = session.scalars(select(District)).one()
            counter = session.scalars(select(SeqCounter)).one()
            for school_id in session.scalars(select(Record.school_id)).all():
                for table, row_id, fields in _school_records(school_id, today):
                    counter.value += 1
                    session.add(
                        Record(
                            table_name=table,
                            row_id=row_id,
                            school_id=school_id,
                            fields=fields,
                            field_versions=dict.fromkeys(fields, 1),
                            row_version=1,
                            deleted=False,
                            seq=counter.value,
                        )
                    )
        print(f"{args.schools:,} schools, {args.schools * 18:,} records")

        def overview() -> None:
            with db.reading() as session:
                lines = district_schools(session, district.id, today)
                counts(lines)
                per_officer(lines)

        def download() -> None:
            with db.reading() as session:
                found = session.get(District, district.id)
                assert found is not None
                summary = district_summary(session, found, date(today.year, 1, 1), today, today)
            summary_docx(summary)
            schools_csv(summary)

        print(f"overview figures: {_median(overview, args.runs):.2f} s (median)")
        print(f"summary .docx + CSV: {_median(download, args.runs):.2f} s (median)")
        db.dispose()


if __name__ == "__main__":
    main()
