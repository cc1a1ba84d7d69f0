"""The district overview: schools per stage and status, overdue reviews and activities,
profiles out of date and agreements due, from the server's store (see district_view)."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request, Response

from app.models.vocabulary import PartnershipStatus, Stage
from server.console.deps import DB, Viewer
from server.console.district_view import district_statuses
from server.console.scope import district_in_scope, visible_districts
from server.console.web import page

router = APIRouter()


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
