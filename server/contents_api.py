"""Routes of the attachment contents (docs/sync-protocol.md, "Attachments"); the rules
are in ``server.contents``. Included by ``server.api.create_app``."""

from __future__ import annotations

import hashlib
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Header, Path, Response
from pydantic import BaseModel, Field

from server.api import DB, Syncer
from server.contents import (
    CHUNK_SIZE,
    MAX_ASKED,
    MAX_SIZE,
    SHA256_PATTERN,
    content_states,
    read_chunk,
    receive_chunk,
)
from server.schemas import ErrorOut

Sha256 = Annotated[str, Field(pattern=SHA256_PATTERN)]
SEQ_LIMIT = -(-MAX_SIZE // CHUNK_SIZE)  # chunks of the largest file allowed


class ContentsIn(BaseModel):
    sha256: list[Sha256] = Field(max_length=MAX_ASKED)


class ContentState(BaseModel):
    status: Literal["present", "partial", "missing", "not_visible"]
    size: int | None = None
    chunk_count: int | None = None
    received: list[int] | None = None


class ContentsOut(BaseModel):
    chunk_size: int
    max_size: int
    contents: dict[str, ContentState]


class ChunkOut(BaseModel):
    status: Literal["present", "partial"]
    received: int


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {code: {"model": ErrorOut} for code in sorted({401, 409, 413, 422, *codes})}


router = APIRouter(prefix="/api/v1/sync/contents")
ShaPath = Annotated[str, Path(pattern=SHA256_PATTERN)]
SeqPath = Annotated[int, Path(ge=0, lt=SEQ_LIMIT)]


@router.post("", response_model=ContentsOut, response_model_exclude_none=True, responses=_errors())
def contents(body: ContentsIn, db: DB, principal: Syncer) -> dict[str, Any]:
    """Which of these files the server holds, and of those partly sent, which chunks."""
    return content_states(db, principal, body.sha256)


@router.put(
    "/{sha256}/upload/{seq}",
    response_model=ChunkOut,
    responses=_errors(403),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/octet-stream": {"schema": {"type": "string", "minLength": 1}}},
        }
    },
)
def put_chunk(
    sha256: ShaPath,
    seq: SeqPath,
    db: DB,
    principal: Syncer,
    data: Annotated[bytes, Body(media_type="application/octet-stream")],
    x_lpc_content_size: Annotated[int, Header(ge=1, le=2**53 - 1)],
    x_lpc_chunk_sha256: Annotated[str, Header(pattern=SHA256_PATTERN)],
) -> dict[str, Any]:
    """Chunk ``seq`` of the file: ``X-LPC-Content-Size`` is the whole file's size,
    ``X-LPC-Chunk-SHA256`` this chunk's hash."""
    return receive_chunk(db, principal, sha256, seq, x_lpc_content_size, data, x_lpc_chunk_sha256)


@router.get(
    "/{sha256}/chunks/{seq}",
    response_class=Response,
    responses={
        200: {"content": {"application/octet-stream": {"schema": {"type": "string"}}}},
        **_errors(403, 404),
    },
)
def get_chunk(sha256: ShaPath, seq: SeqPath, db: DB, principal: Syncer) -> Response:
    """Chunk ``seq`` of a file the server holds; ``X-LPC-Chunk-SHA256`` is its hash."""
    data = read_chunk(db, principal, sha256, seq)
    digest = hashlib.sha256(data).hexdigest()
    return Response(
        data,
        media_type="application/octet-stream",
        headers={"X-LPC-Chunk-SHA256": digest},
    )
