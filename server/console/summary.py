"""The district summary download: the same .docx and CSV files the desktop writes
(``lpc_core.district_summary``), built from the records laptops synced to this server.

A supervisor downloads their own district's; an administrator any district's. A
supervisor who names another district is refused as not found, the same as an id that
does not exist. Schools with nothing synced yet are left out (the server knows nothing
of their partnership; the overview lists them). Dates in the query are checked and a
bad one is named with what is allowed; the period defaults to this calendar year up to
today. Each download is logged (who, which district, what, which period), as every
console action is.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from urllib.parse import quote

from fastapi import APIRouter, Request, Response
from sqlalchemy.orm import Session

from lpc_core.district import DistrictSummary, count, outcome_lines, period_as_of
from lpc_core.formatting import parse_nz_date
from server.console.deps import DB, Viewer
from server.console.district_view import district_schools
from server.console.log import record
from server.console.scope import district_in_scope
from server.console.sessions import Actor
from server.console.standing import OUTCOME_TABLES, outcome_series, read_rows
from server.console.web import ConsoleRefusalError, not_found
from server.models import District

router = APIRouter()

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FORMATS = {
    "docx": (".docx", DOCX, "Word (.docx)"),
    "csv": (" - schools.csv", "text/csv; charset=utf-8", "schools (CSV)"),
    "outcomes-csv": (" - outcomes.csv", "text/csv; charset=utf-8", "outcome results (CSV)"),
}


def _bad(field: str, what: str) -> ConsoleRefusalError:
    return ConsoleRefusalError(422, "Cannot make the summary", f"{field}: {what}")


def _date(request: Request, name: str, label: str, default: date) -> date:
    text = request.query_params.get(name, "").strip()
    if not text:
        return default
    try:
        return parse_nz_date(text)
    except ValueError:
        raise _bad(label, f"“{text[:40]}” is not a date; use dd/mm/yyyy") from None


def chosen_district(session: Session, actor: Actor, wanted: str) -> District:
    """The district asked for; a supervisor asking for another district's is refused."""
    if not wanted:
        return district_in_scope(session, actor, None)
    if not wanted.isdigit():
        raise not_found("district")
    if not actor.is_admin and int(wanted) != actor.district_id:
        raise not_found("district")
    return district_in_scope(session, actor, int(wanted))


def district_summary(
    session: Session, district: District, start: date, end: date, today: date
) -> DistrictSummary:
    as_of = period_as_of(start, end, today)
    lines = [line for line in district_schools(session, district.id, as_of) if line.synced]
    statuses = [line.standing for line in lines]
    names = {s.id: s.name for s in statuses}
    rows = read_rows(session, list(names), ("plan_reviews", *OUTCOME_TABLES))
    reviews = Counter(
        school_id
        for school_id, tables in rows.items()
        for r in tables.get("plan_reviews", [])
        if start <= r.reviewed_on <= end
    )
    return DistrictSummary(
        start=start,
        end=end,
        as_of=as_of,
        prepared_on=today,
        district=district.name,
        schools=statuses,
        reviews_in_period=dict(reviews),
        counts=count(statuses),
        outcomes=outcome_lines(outcome_series(rows), names, start, end),
    )


@router.get("/summary")
def download(request: Request, db: DB, actor: Viewer) -> Response:
    kind = request.query_params.get("format", "docx")
    if kind not in FORMATS:
        raise _bad("Format", "choose Word (.docx), schools (CSV) or outcome results (CSV)")
    today = date.today()
    start = _date(request, "start", "From", date(today.year, 1, 1))
    end = _date(request, "end", "To", today)
    if end < start:
        raise _bad("To", "the period must end on or after the day it starts")
    suffix, media_type, label = FORMATS[kind]
    with db.writing() as session:  # the download is logged with who made it
        district = chosen_district(session, actor, request.query_params.get("district", ""))
        summary = district_summary(session, district, start, end, today)
        record(
            session,
            (actor.user_id, actor.username),
            "summary_downloaded",
            district_id=district.id,
            detail=f"{district.name}, {label}, {summary.period}",
        )
    # Imported here: python-docx takes a tenth of a second to load, which every server
    # start would otherwise pay for a page most days never asked for.
    from lpc_core.district_summary import outcomes_csv, schools_csv, summary_docx

    build = {"docx": summary_docx, "csv": schools_csv, "outcomes-csv": outcomes_csv}[kind]
    name = f"District summary {district.name} {start.isoformat()} to {end.isoformat()}{suffix}"
    plain = name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "")
    disposition = f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(name)}"
    return Response(
        build(summary), media_type=media_type, headers={"content-disposition": disposition}
    )
