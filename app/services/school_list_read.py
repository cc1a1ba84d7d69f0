"""Reading the schools list and the reminders: the SQL of ``school_list_sql``, the rules of
lpc_core (``reminders_read`` for what is due).

One implementation for two callers: every refresh through the ORM store's session
(``session_rows``) and the start-up read straight from the file (``app.services.quick_list``),
so the list an officer sees first and every later one come from the same code and cannot
drift apart. Free of SQLAlchemy and Qt.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from functools import lru_cache

from app.models.vocabulary import Stage
from app.services.reminders_read import reminders_due
from app.services.school_list_cells import list_cells
from app.services.school_list_rows import Reminder, SchoolList, SchoolSummary
from app.services.school_list_sql import (
    Rows,
    SchoolRow,
    YearRow,
    read_current_years,
    read_schools,
    read_statuses,
    services_by_school,
)
from lpc_core.formatting import sort_key
from lpc_core.rules import shown_status


def read_school_list(
    rows: Rows,
    today: date,
    include_archived: bool = False,
    reminders: list[Reminder] | None = None,
) -> SchoolList:
    """The list (sorted by name as people sort), its archived ids and the reminders, the
    reminders computed once for both the "next due" column and the panel (``reminders``:
    computed already by the caller)."""
    schools = read_schools(rows)
    statuses, years = read_statuses(rows), read_current_years(rows)
    if reminders is None:
        reminders = reminders_due(rows, schools, statuses, years, today, upcoming=False)
    shown = [s for s in schools if include_archived or not s.archived]
    summaries = summarise(shown, statuses, years, services_by_school(rows), reminders, today)
    archived = {s.id for s in schools if s.archived} if include_archived else set()
    return SchoolList(summaries, archived, reminders, list_cells(summaries, archived))


def read_reminders(rows: Rows, today: date, upcoming: bool = False) -> list[Reminder]:
    """What is due now; ``upcoming`` adds every next due date further ahead (see
    ``app.services.reminders.compute_reminders``)."""
    schools, statuses = read_schools(rows), read_statuses(rows)
    return reminders_due(rows, schools, statuses, read_current_years(rows), today, upcoming)


def summarise(
    schools: list[SchoolRow],
    statuses: dict[str, str],
    years: dict[str, YearRow],
    services: dict[str, tuple[str, ...]],
    reminders: list[Reminder],
    today: date,
) -> list[SchoolSummary]:
    first_due: dict[str, Reminder] = {}
    overdue: dict[str, int] = defaultdict(int)
    for r in reminders:  # already sorted by due date
        first_due.setdefault(r.school_id, r)
        if r.overdue(today):
            overdue[r.school_id] += 1
    # The rules' answers, looked up once per distinct value rather than once per school.
    stage_of = {stage.value: stage for stage in Stage}
    status_of = lru_cache(maxsize=None)(shown_status)
    summaries = []
    for s in sorted(schools, key=lambda s: sort_key(s.name)):
        y = years.get(s.id)
        summaries.append(
            SchoolSummary(
                s.id,
                s.name,
                s.moe_number,
                s.cluster,
                s.area,
                s.roll,
                stage_of[y.stage] if y else Stage.RELATIONSHIP,
                status_of(statuses.get(s.id), y.status if y else None),
                first_due.get(s.id),
                overdue.get(s.id, 0),
                y.year if y else None,
                services.get(s.id, ()),
            )
        )
    return summaries
