"""The district overview: schools per stage and status, what is overdue per school and per
officer, and the district summary to download, from the server's store (see
district_view and summary)."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request, Response

from app.models.vocabulary import PartnershipStatus, Stage
from server.console.deps import DB, Viewer
from server.console.district_view import SchoolLine, counts, district_schools, per_officer
from server.console.scope import district_in_scope, visible_districts
from server.console.web import page

router = APIRouter()


def _shown(rows: list[SchoolLine], officer: str, attention: bool) -> list[SchoolLine]:
    """The schools table's rows: one officer's schools ("none": the unassigned ones),
    and only those needing attention, when asked; the figures above count them all."""
    if officer == "none":
        rows = [r for r in rows if not r.officer_ids]
    elif officer.isdigit():
        rows = [r for r in rows if int(officer) in r.officer_ids]
    return [r for r in rows if r.needs_attention] if attention else rows


@router.get("/")
def overview(request: Request, db: DB, actor: Viewer) -> Response:
    params = request.query_params
    wanted = params.get("district", "")
    officer, attention = params.get("officer", ""), params.get("attention") == "1"
    with db.reading() as session:
        district = district_in_scope(session, actor, int(wanted) if wanted.isdigit() else None)
        today = date.today()
        rows = district_schools(session, district.id, today)
        districts = visible_districts(session, actor)
    return page(
        request,
        "overview.html",
        actor=actor,
        section="overview",
        title=f"{district.name} overview",
        district=district,
        districts=districts,
        counts=counts(rows),
        rows=_shown(rows, officer, attention),
        officer=officer,
        attention=attention,
        officers=per_officer(rows),
        today=today,
        period_start=date(today.year, 1, 1),
        stages=list(Stage),
        statuses=list(PartnershipStatus),
    )
