"""The district overview: schools per stage and status, overdue reviews and activities,
profiles out of date and agreements due, from the server's store (see district_view)."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

from fastapi import APIRouter, Request, Response

from app.models.vocabulary import PartnershipStatus, Stage
from app.services.district_report import report_stem, schools_csv, summary_docx
from app.services.formatting import parse_nz_date
from server.console.deps import DB, Viewer
from server.console.district_view import district_statuses, district_summary
from server.console.scope import district_in_scope, visible_districts
from server.console.web import ConsoleRefusalError, not_found, page

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

router = APIRouter()


def _period(request: Request, today: date) -> tuple[date, date, str]:
    """The summary's period from the form (dd/mm/yyyy), by default 1 January to today."""
    start, end = date(today.year, 1, 1), today
    for label, name in (("From", "from"), ("To", "to")):
        text = request.query_params.get(name, "").strip()
        if not text:
            continue
        try:
            value = parse_nz_date(text)
        except ValueError:
            return start, end, f"{label}: “{text}” is not a date; use dd/mm/yyyy."
        start, end = (value, end) if name == "from" else (start, value)
    if end < start:
        return start, end, "To: the period ends before it starts."
    return start, end, ""


@router.get("/summary.{kind}")
def summary(request: Request, db: DB, actor: Viewer, kind: str) -> Response:
    """The district summary as Word or CSV (one row per school), for the chosen period."""
    if kind not in ("docx", "csv"):
        raise not_found("download")
    wanted = request.query_params.get("district", "")
    start, end, error = _period(request, date.today())
    if error:
        raise ConsoleRefusalError(422, "Not a period", error)
    with db.reading() as session:
        district = district_in_scope(session, actor, int(wanted) if wanted.isdigit() else None)
        report = district_summary(session, district.id, district.name, start, end)
    name = f"{report_stem(start, end)} - {district.name}"
    if kind == "docx":
        body, media = summary_docx(report), DOCX
    else:
        body, media = schools_csv(report), "text/csv; charset=utf-8"
    disposition = f"attachment; filename*=UTF-8''{quote(name)}.{kind}"
    return Response(body, media_type=media, headers={"Content-Disposition": disposition})


@router.get("/")
def overview(request: Request, db: DB, actor: Viewer) -> Response:
    wanted = request.query_params.get("district", "")
    today = date.today()
    with db.reading() as session:
        district = district_in_scope(session, actor, int(wanted) if wanted.isdigit() else None)
        rows, counts = district_statuses(session, district.id, today)
        districts = visible_districts(session, actor)
    attention = [r for r in rows if r.overdue_total or r.agreement_due or r.profile_out_of_date]
    return page(
        request,
        "overview.html",
        actor=actor,
        section="overview",
        title=f"{district.name} overview",
        district=district,
        districts=districts,
        counts=counts,
        rows=rows,
        attention=attention,
        today=today,
        stages=list(Stage),
        statuses=list(PartnershipStatus),
    )
