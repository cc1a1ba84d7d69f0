"""The district overview: schools per stage and status, and each school's standing, from
the server's store (see district_view)."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request, Response

from app.models.vocabulary import PartnershipStatus, Stage
from server.console.deps import DB, Viewer
from server.console.district_view import counts, district_schools
from server.console.scope import district_in_scope, visible_districts
from server.console.web import page

router = APIRouter()


@router.get("/")
def overview(request: Request, db: DB, actor: Viewer) -> Response:
    wanted = request.query_params.get("district", "")
    with db.reading() as session:
        district = district_in_scope(session, actor, int(wanted) if wanted.isdigit() else None)
        rows = district_schools(session, district.id)
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
        today=date.today(),
        stages=list(Stage),
        statuses=list(PartnershipStatus),
    )
