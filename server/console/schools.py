"""Schools: list with filters, CSV import (the rules of ``admin import-schools``: every
bad row named, nothing imported if any row is wrong), a read-only page of each school's
latest records as synced, and assigning officers (a handed-over school stops reaching
the previous officer's laptop: pulls are filtered by assignment).
"""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, Response, UploadFile
from sqlalchemy import delete, func, select

from server.console.deps import DB, Poster, Viewer, notify
from server.console.log import history, record
from server.console.scope import (
    district_in_scope,
    school_in_scope,
    user_in_scope,
    visible_districts,
    visible_schools,
)
from server.console.sessions import Actor
from server.console.web import not_allowed, page, redirect
from server.directory import AdminError, assign
from server.models import Assignment, District, RegistrySchool, Role, User
from server.schools import CSV_COLUMNS, import_schools

router = APIRouter()
MAX_CSV_BYTES = 2 * 1024 * 1024


def _int(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() else None


def _officers(actor: Actor, district_id: int | None = None) -> Any:
    query = select(User).where(User.role == Role.OFFICER.value, User.disabled.is_(False))
    wanted = district_id if actor.is_admin else actor.district_id
    if wanted is not None:
        query = query.where(User.district_id == wanted)
    return query.order_by(User.username)


def _list(request: Request, db: DB, actor: Actor, status: int = 200, error: str = "") -> Response:
    params = request.query_params
    q = params.get("q", "").strip()
    district_id = _int(params.get("district"))
    officer_id = _int(params.get("officer"))
    unassigned = params.get("unassigned") == "1"
    with db.reading() as session:
        query = (
            select(RegistrySchool, District.name)
            .join(District, District.id == RegistrySchool.district_id)
            .where(visible_schools(actor))
            .order_by(District.name, RegistrySchool.name)
        )
        if q:
            like = func.lower(RegistrySchool.name).contains(q.lower())
            query = query.where(
                like | (RegistrySchool.moe_number == int(q)) if q.isdigit() else like
            )
        if district_id and actor.is_admin:
            query = query.where(RegistrySchool.district_id == district_id)
        assigned = select(Assignment.school_id)
        if officer_id:
            query = query.where(
                RegistrySchool.id.in_(assigned.where(Assignment.user_id == officer_id))
            )
        if unassigned:
            query = query.where(RegistrySchool.id.not_in(assigned))
        rows = list(session.execute(query))
        names: dict[str, list[str]] = {}
        for school_id, username in session.execute(
            select(Assignment.school_id, User.username)
            .join(User, User.id == Assignment.user_id)
            .where(Assignment.school_id.in_([s.id for s, _ in rows]))
            .order_by(User.username)
        ):
            names.setdefault(school_id, []).append(username)
        districts = visible_districts(session, actor)
        officers = list(session.scalars(_officers(actor, district_id)))
    return page(
        request,
        "schools.html",
        status,
        actor=actor,
        section="schools",
        title="Schools",
        rows=rows,
        names=names,
        q=q,
        district_id=district_id,
        officer_id=officer_id,
        unassigned=unassigned,
        districts=districts,
        officers=officers,
        error=error,
        columns=", ".join(CSV_COLUMNS),
    )


@router.get("/schools")
def schools(request: Request, db: DB, actor: Viewer) -> Response:
    return _list(request, db, actor)


@router.post("/schools/import")
def import_csv(
    request: Request,
    db: DB,
    actor: Poster,
    file: Annotated[UploadFile | None, File()] = None,
    district_id: Annotated[int | None, Form()] = None,
) -> Response:
    content = file.file.read(MAX_CSV_BYTES + 1) if file is not None else b""
    if not content:
        return _list(request, db, actor, 422, "CSV file: choose a file to import.")
    if len(content) > MAX_CSV_BYTES:
        return _list(request, db, actor, 422, "CSV file: it is larger than 2 MB; split it.")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return _list(
            request, db, actor, 422, "CSV file: it is not UTF-8 text; save it as “CSV UTF-8”."
        )
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    try:
        with db.writing() as session:
            district = district_in_scope(session, actor, district_id)
            added, skipped = import_schools(session, rows, district.name)
            record(
                session,
                (actor.user_id, actor.username),
                "schools_imported",
                district_id=district.id,
                detail=f"{added} added, {skipped} already known, from "
                f"{(file.filename if file else '') or 'a CSV file'}",
            )
            name = district.name
    except AdminError as err:
        return _list(request, db, actor, 422, f"CSV file: {err}".replace("; row", ";\nrow"))
    notify(db, actor, f"Imported {added} school(s) into {name}; skipped {skipped} already known.")
    return redirect("/schools")


@router.get("/schools/{school_id}")
def school(request: Request, db: DB, actor: Viewer, school_id: str) -> Response:
    from server.console.district_view import district_schools
    from server.console.records import latest_records

    with db.reading() as session:
        found = school_in_scope(session, actor, school_id)
        line = next(iter(district_schools(session, found.district_id, school_ids=[found.id])), None)
        district = session.get(District, found.district_id)
        assigned = list(
            session.scalars(
                select(User)
                .join(Assignment, Assignment.user_id == User.id)
                .where(Assignment.school_id == found.id)
                .order_by(User.username)
            )
        )
        officers = list(session.scalars(_officers(actor, found.district_id)))
        sections = latest_records(session, found.id)
        changes = history(session, school_id=found.id)
    return page(
        request,
        "school.html",
        actor=actor,
        section="schools",
        title=found.name,
        school=found,
        district=district,
        assigned=assigned,
        officers=officers,
        sections=sections,
        history=changes,
        line=line,
        today=date.today(),
    )


@router.post("/schools/{school_id}/assign")
def assign_officer(
    db: DB,
    actor: Poster,
    school_id: str,
    user_id: Annotated[int, Form()] = 0,
    hand_over: Annotated[str, Form()] = "",
) -> Response:
    with db.writing() as session:
        found = school_in_scope(session, actor, school_id)
        officer = user_in_scope(session, actor, user_id)
        if officer.role != Role.OFFICER.value:
            raise not_allowed("Schools are assigned to officers.")
        try:
            assign(session, officer, found)
        except AdminError as err:
            raise not_allowed(str(err)) from None
        previous: list[str] = []
        if hand_over:
            for other in session.scalars(
                select(User)
                .join(Assignment, Assignment.user_id == User.id)
                .where(Assignment.school_id == found.id, User.id != officer.id)
            ):
                previous.append(other.username)
                record(
                    session,
                    (actor.user_id, actor.username),
                    "school_unassigned",
                    district_id=found.district_id,
                    target_user_id=other.id,
                    school_id=found.id,
                    detail=f"{found.name} from {other.username}",
                )
            session.execute(
                delete(Assignment).where(
                    Assignment.school_id == found.id, Assignment.user_id != officer.id
                )
            )
        record(
            session,
            (actor.user_id, actor.username),
            "school_assigned",
            district_id=found.district_id,
            target_user_id=officer.id,
            school_id=found.id,
            detail=f"{found.name} to {officer.username}",
        )
        text = f"Assigned {found.name} to {officer.username}" + (
            f" (handed over from {', '.join(previous)})." if previous else "."
        )
    notify(db, actor, text)
    return redirect(f"/schools/{school_id}")


@router.post("/schools/{school_id}/unassign")
def unassign_officer(
    db: DB, actor: Poster, school_id: str, user_id: Annotated[int, Form()] = 0
) -> Response:
    with db.writing() as session:
        found = school_in_scope(session, actor, school_id)
        officer = user_in_scope(session, actor, user_id)
        session.execute(
            delete(Assignment).where(
                Assignment.school_id == found.id, Assignment.user_id == officer.id
            )
        )
        record(
            session,
            (actor.user_id, actor.username),
            "school_unassigned",
            district_id=found.district_id,
            target_user_id=officer.id,
            school_id=found.id,
            detail=f"{found.name} from {officer.username}",
        )
        text = f"{found.name} is no longer assigned to {officer.username}."
    notify(db, actor, text)
    return redirect(f"/schools/{school_id}")
