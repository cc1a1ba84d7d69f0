"""The district overview: schools per stage and status, what is overdue per school and per
officer, and the district summary to download, from the server's store (see
district_view and summary)."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request, Response

from app.models.vocabulary import PartnershipStatus, Stage
from server.console.deps import DB, Viewer
from server.console.district_view import counts, district_schools, per_officer
from server.console.scope import district_in_scope, visible_districts
from server.console.web import page

router = APIRouter()


@router.get("/")
def overview(request: Request, db: DB, actor: Viewer) -> Response:
    wanted = request.query_params.get("district", "")
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
        rows=rows,
        officers=per_officer(rows),
        today=today,
        period_start=date(today.year, 1, 1),
        stages=list(Stage),
        statuses=list(PartnershipStatus),
    )
