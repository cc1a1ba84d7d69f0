"""Which partnership year each record made before years existed belongs to.

Used by the app's migration 0012 and the server's s0008 so a laptop and the server place
every record in the same year without talking to each other. Both read only the records'
content fields (what the server holds too), so the answers agree. The rules are frozen:
changing what they return would make a store migrated later disagree with one migrated
earlier; a new rule belongs in a new module and a new migration.

The rules, from the records' own dates:
* a profile and an annual plan always carried their year;
* the school's **current year** is the latest of those, or when it has neither the latest
  year of its other dated records, or else the year the partnership started (the
  caller's ``fallback_year``, from creation time when nothing else is known);
* an assessment is in the year it was measured, an aim in the year it was assessed or
  else fell due, a response with its aim, a narrative in the year it was written;
* a SARA plan, a reflection and anything undated are in the current year: before years
  the app treated the last of each as the school's current one;
* nothing is placed after the current year (an aim due next January stays in this one).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

Row = Mapping[str, Any]
Placed = dict[tuple[str, str], int]


def year_of(value: Any) -> int | None:
    """The calendar year of a date given as a date, a datetime or ISO text."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime | date):
        return value.year
    return int(str(value)[:4])


def _current_year(rows: Mapping[str, Sequence[Row]], fallback_year: int) -> int:
    kept = [int(r["year"]) for t in ("school_profiles", "annual_plans") for r in rows.get(t, ())]
    if kept:
        return max(kept)
    dated = [
        year_of(r.get(field))
        for table, field in (
            ("aim_assessments", "measured_on"),
            ("response_aims", "due_on"),
            ("intervention_narratives", "written_on"),
        )
        for r in rows.get(table, ())
    ]
    known = [y for y in dated if y is not None]
    return max(known) if known else fallback_year


def place_school(
    rows: Mapping[str, Sequence[Row]], fallback_year: int, current: int | None = None
) -> tuple[int, Placed]:
    """The school's current year, and the year of each record keyed by (table, id).

    ``rows`` maps a table name to that school's records there (each with ``id`` and its
    content fields); tables without a year of their own may be left out. Callers work
    out ``current`` from live rows only and then place deleted rows too, passing it in,
    so a deleted record never moves the school's current year.
    """
    current = current if current is not None else _current_year(rows, fallback_year)

    def capped(year: int | None) -> int:
        return current if year is None else min(year, current)

    placed: Placed = {}
    for table in ("school_profiles", "annual_plans"):
        for r in rows.get(table, ()):
            placed[(table, r["id"])] = int(r["year"])
    measured: dict[str, int] = {}
    for r in rows.get("aim_assessments", ()):
        year = year_of(r.get("measured_on"))
        if year is not None and r.get("aim_id"):
            measured[r["aim_id"]] = max(measured.get(r["aim_id"], year), year)
    aims: dict[str, int] = {}
    for r in rows.get("response_aims", ()):
        aims[r["id"]] = capped(measured.get(r["id"], year_of(r.get("due_on"))))
        placed[("response_aims", r["id"])] = aims[r["id"]]
    for r in rows.get("aim_assessments", ()):
        own = year_of(r.get("measured_on"))
        year = own if own is not None else aims.get(r.get("aim_id") or "")
        placed[("aim_assessments", r["id"])] = capped(year)
    for r in rows.get("responses", ()):
        placed[("responses", r["id"])] = capped(aims.get(r.get("aim_id") or ""))
    for r in rows.get("intervention_narratives", ()):
        placed[("intervention_narratives", r["id"])] = capped(year_of(r.get("written_on")))
    for table in ("sara_plans", "reflections"):
        for r in rows.get(table, ()):
            placed[(table, r["id"])] = current
    return current, placed


PLACED_TABLES = (
    "school_profiles",
    "annual_plans",
    "response_aims",
    "aim_assessments",
    "responses",
    "intervention_narratives",
    "sara_plans",
    "reflections",
)
"""The tables ``place_school`` reads (the per-year tables that existed before years)."""

STAGE_FIELDS = (
    "stage",
    "maintain_reason",
    "stage1_completed_on",
    "stage2_completed_on",
    "stage3_completed_on",
    "stage4_completed_on",
)
"""What moved from the partnership to its current year."""
