"""One sync: handshake, push the outbox, pull what changed, check the per-school digests.

Every step is safe to cut at any point. A push batch is frozen before it is sent and
retired only when its answer is applied; a pulled page and its new cursor commit in one
transaction. So a sync stopped by a dropped connection, a killed server or the officer
simply starts again where it stopped, without duplicates and without losing an edit.

No Qt here: progress goes to a plain callback ``(phase, done, total)`` and cancelling is
a callable polled between requests.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

import httpx
from sqlalchemy.orm import Session

from app.config import AppSettings
from app.models import KnowledgeEntry
from app.services.changes import ChangeSet, report
from app.services.store import Store
from app.services.sync import knowledge
from app.services.sync.account import signed_in_token
from app.services.sync.apply import Applied, apply_records
from app.services.sync.batches import (
    MAX_BODY,
    MAX_ENTRIES,
    drop_unsent_batch,
    freeze_next_batch,
    inflight_batch,
    outbox_count,
)
from app.services.sync.client import ApiClient, check_response_is
from app.services.sync.conflicts import open_conflict_count, open_refused_count
from app.services.sync.contents import ContentSync
from app.services.sync.errors import (
    CancelledError,
    OfflineError,
    RefusedError,
    SchemaMismatchError,
    SyncError,
    TooLargeError,
)
from app.services.sync.push import PushOutcome, apply_push_answer
from app.services.sync.refused import set_aside_batch
from app.services.sync.state import (
    CURSOR_KEY,
    bind_to_server,
    get_cursor,
    last_sync,
    mark_synced,
    set_setting,
    write_session,
)
from app.services.sync.summary import schools_that_differ
from app.services.writer import StoreWriter, run_here
from lpc_core.schema_version import SCHEMA_HEAD

Progress = Callable[[str, int, int], None]
PULL_LIMIT = 2_000  # the server's maximum: fewer round trips and commits on a first sync
MIN_BODY = 64 * 1024  # a server refusing batches smaller than this is misconfigured

PUSH, PULL, CHECK = "push", "pull", "check"
# Records of a pulled page written per store transaction: a save queued meanwhile waits
# for one slice, not a whole page (bench/autosave_during_pull.py measures it).
APPLY_SLICE = 250
T = TypeVar("T")


@dataclass
class SyncResult:
    pushed: int = 0
    pulled: int = 0  # records that changed something here
    conflicts: int = 0  # new conflicts found by this sync
    open_conflicts: int = 0  # every unresolved item, refused changes included
    set_aside: int = 0  # changes the server refused for good in this sync
    open_refused: int = 0
    refetched: list[str] = field(default_factory=list)
    changes: ChangeSet = field(default_factory=ChangeSet)  # what changed here
    requests: int = 0
    knowledge_pulled: int = 0  # knowledge-bank entries new or changed here
    finished_at: datetime | None = None
    files_sent: int = 0  # attachment contents sent to the server
    files_received: int = 0  # attachment contents fetched and stored here
    file_problems: list[str] = field(default_factory=list)  # files refused or damaged

    @property
    def data_changed(self) -> bool:
        return bool(self.pulled or self.refetched or self.conflicts or self.files_received)


def _next_batch(session: Session, max_body: int, max_entries: int) -> tuple[str, str] | None:
    """The batch in flight, or a new one frozen from the outbox: (batch_id, body)."""
    batch = inflight_batch(session) or freeze_next_batch(session, max_body, max_entries)
    return (batch.batch_id, batch.body) if batch is not None else None


# The write steps of a sync, each run in one transaction by ``SyncEngine._write``.


def _drop_and_refreeze(
    batch_id: str, max_body: int, max_entries: int, session: Session
) -> tuple[str, str] | None:
    drop_unsent_batch(session, batch_id)
    return _next_batch(session, max_body, max_entries)


def _set_aside(
    batch_id: str,
    exc: RefusedError,
    visible: set[str] | None,
    max_body: int,
    max_entries: int,
    session: Session,
) -> tuple[int, tuple[str, str] | None]:
    """(changes set aside, or -1 when another sync retired the batch meanwhile; next batch)."""
    moved = -1
    current = inflight_batch(session)
    if current is not None and current.batch_id == batch_id:
        moved = set_aside_batch(session, current, exc.status, exc.server_message, visible)
    following = _next_batch(session, max_body, max_entries) if moved else None
    return moved, following


def _apply_answer(
    batch_id: str, answer: Any, max_body: int, max_entries: int, session: Session
) -> tuple[PushOutcome | None, tuple[str, str] | None]:
    outcome = None
    current = inflight_batch(session)
    if current is not None and current.batch_id == batch_id:
        outcome = apply_push_answer(session, current, answer)
    # else: applied by another sync meanwhile
    return outcome, _next_batch(session, max_body, max_entries)


def _apply_slice(
    records: Sequence[Any], cursor: int, next_cursor: int | None, session: Session
) -> Applied | None:
    if get_cursor(session) != cursor:
        return None
    applied = apply_records(session, records)
    if next_cursor is not None:
        set_setting(session, CURSOR_KEY, str(next_cursor))
    return applied


class SyncEngine:
    def __init__(
        self,
        store: Store,
        api: ApiClient,
        server_id: str = "",
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
        writer: StoreWriter = run_here,
    ) -> None:
        self.store = store
        self.api = api
        self.server_id = server_id or api.base_url
        self.progress = progress or (lambda _p, _d, _t: None)
        self.cancelled = cancelled or (lambda: False)
        self.writer = writer

    def _write(self, fn: Callable[[Session], T], foreign_keys: bool = True) -> T:
        """Run ``fn`` in one local write transaction, where the writer puts writes (in the
        window: the store worker, queued with the officer's saves)."""

        def work() -> T:
            with write_session(self.store, foreign_keys) as session:
                return fn(session)

        return self.writer(work)

    def _check_cancel(self) -> None:
        if self.cancelled():
            raise CancelledError("Sync was stopped. Nothing half-done was kept.")

    # -- steps ------------------------------------------------------------------------
    def handshake(self) -> dict[str, Any]:
        me = check_response_is(self.api.me(), "username")
        schema = me.get("schema")
        if schema and schema != SCHEMA_HEAD:
            raise SchemaMismatchError(
                f"This app's records are version {SCHEMA_HEAD} but the district server "
                f"expects version {schema}. Update the app, or ask IT to update the server; "
                "nothing was changed."
            )
        self._write(lambda session: bind_to_server(session, self.server_id))
        return me

    def push(self, result: SyncResult) -> None:
        """Send the outbox batch by batch. Applying one batch's answer and freezing the
        next happen in one local transaction (one commit, not two, per batch)."""
        with self.store.session() as session:
            total = outbox_count(session)
        done = 0
        max_body, max_entries = MAX_BODY, MAX_ENTRIES
        self._check_cancel()
        batch = self._write(lambda session: _next_batch(session, max_body, max_entries))
        while batch is not None:
            self._check_cancel()
            batch_id, body = batch
            self.progress(PUSH, done, total)
            try:
                answer = self.api.push(body)
            except TooLargeError:
                # Refused before it was read, so never applied: resending it would be
                # refused every time. It is dropped and its content sent in smaller
                # batches (the server's limit is not known here, so halve until it fits).
                if max_body // 2 < MIN_BODY:
                    raise
                max_body, max_entries = max_body // 2, max(1, max_entries // 2)
                batch = self._write(
                    functools.partial(_drop_and_refreeze, batch_id, max_body, max_entries)
                )
                continue
            except RefusedError as exc:
                # Resending a refused batch would be refused again and block every later
                # edit: its changes are set aside for the officer to decide on.
                visible = self._visible_schools() if exc.status == 403 else None
                set_aside = functools.partial(
                    _set_aside, batch_id, exc, visible, max_body, max_entries
                )
                moved, following = self._write(set_aside)
                if moved:
                    batch = following
                if not moved:
                    raise  # nothing to set aside (an audit-only batch): say so
                if moved > 0:
                    result.set_aside += moved
                    result.conflicts += moved
                continue
            apply = functools.partial(_apply_answer, batch_id, answer, max_body, max_entries)
            outcome, batch = self._write(apply)
            if outcome is not None:
                done += outcome.changes
                result.pushed += outcome.changes
                result.conflicts += outcome.conflicts
                self.progress(PUSH, min(done, total), total)

    def _visible_schools(self) -> set[str] | None:
        """The schools the server lets this officer see now (to tell which changes of a
        refused batch are for a school taken off them), or None if it will not say."""
        try:
            summary = check_response_is(self.api.summary(), "schools")
        except OfflineError:
            raise  # the batch stays; the next sync asks again
        except SyncError:
            return None
        schools = summary["schools"]
        return {str(s) for s in schools} if isinstance(schools, dict) else None

    def _page(self, cursor: int) -> dict[str, Any]:
        return check_response_is(
            self.api.pull(cursor, PULL_LIMIT), "records", "next_cursor", "more"
        )

    def pull(self, result: SyncResult) -> None:
        """Fetch pages after the stored cursor and apply each in one local transaction
        that also stores the new cursor. The next page is fetched while this one is being
        applied (the answer is only read: the cursor moves only when a page commits, so a
        page fetched ahead and never applied is simply fetched again next time)."""
        with self.store.session() as session:
            cursor = get_cursor(session)
        self.progress(PULL, result.pulled, 0)
        self._check_cancel()
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-pull") as ahead:
            page = self._page(cursor)
            while True:
                records = page["records"]
                next_cursor = max(int(page["next_cursor"]), cursor)
                more = bool(page["more"]) and bool(records)
                upcoming = ahead.submit(self._page, next_cursor) if more else None
                try:
                    applied = self._apply_page(records, cursor, next_cursor)
                except BaseException:
                    if upcoming is not None:
                        upcoming.cancel()  # if not started; else the pool waits for it
                    raise
                if applied is None:  # another sync moved on meanwhile; its pages are applied
                    if upcoming is not None:
                        upcoming.cancel()
                    return
                result.pulled += applied.changed
                result.changes.merge(applied.changes)
                report(applied.changes)  # heard by the screens when the sync op ends
                cursor = next_cursor
                if upcoming is None:
                    return
                self.progress(PULL, result.pulled, 0)
                self._check_cancel()
                page = upcoming.result()

    def _apply_page(self, records: Sequence[Any], cursor: int, next_cursor: int) -> Applied | None:
        """Apply a pulled page in slices of ``APPLY_SLICE`` records, one transaction each;
        the new cursor commits with the last slice. A page cut short is fetched again from
        the old cursor, and the records of it already applied are then found unchanged.
        None when another sync moved the cursor on meanwhile."""
        total = Applied()
        starts = range(0, len(records), APPLY_SLICE) if records else [0]
        for start in starts:
            part = records[start : start + APPLY_SLICE]
            last = start + APPLY_SLICE >= len(records)
            step = functools.partial(_apply_slice, part, cursor, next_cursor if last else None)
            applied = self._write(step, foreign_keys=False)
            if applied is None:
                return None
            total.add(applied)
        return total

    def verify(self, result: SyncResult) -> None:
        """Compare per-school digests; fetch again any school that differs."""
        with self.store.session() as session:
            if outbox_count(session):
                return  # unpushed edits would differ anyway; check next time
        summary = check_response_is(self.api.summary(), "schools")
        schools = summary["schools"] if isinstance(summary["schools"], dict) else {}
        with self.store.session() as session:
            differ = schools_that_differ(session, schools)
        for i, school_id in enumerate(differ):
            self._check_cancel()
            self.progress(CHECK, i, len(differ))
            answer = check_response_is(self.api.school(school_id), "records")
            apply = functools.partial(apply_records, records=answer["records"])
            applied = self._write(apply, foreign_keys=False)
            result.pulled += applied.changed
            result.changes.merge(applied.changes)
            report(applied.changes)
            result.refetched.append(school_id)

    def contents(self, result: SyncResult, ask_always: bool = True) -> None:
        """Send and fetch attachment contents, once the records naming them are synced."""
        outcome = ContentSync(
            self.store, self.api, self._write, self.progress, self._check_cancel, self.server_id
        ).run(ask_always)
        result.files_sent += outcome.sent
        result.files_received += outcome.received
        result.file_problems.extend(outcome.problems)
        result.changes.merge(outcome.changes)
        report(outcome.changes)

    def knowledge(self, result: SyncResult) -> None:
        """The knowledge bank: send narratives submitted here, then pull the entries this
        user may see (``app.services.sync.knowledge``)."""
        self._check_cancel()
        knowledge.send_pending(self.store, self.api, self.writer)
        result.knowledge_pulled = knowledge.pull(self.store, self.api, self.writer)
        if result.knowledge_pulled:  # an open Knowledge bank view searches again
            arrived = ChangeSet(tables={KnowledgeEntry.__tablename__})
            result.changes.merge(arrived)
            report(arrived)

    def sync(self, handshake: bool = True, verify: bool = True) -> SyncResult:
        result = SyncResult()
        start = self.api.requests
        if handshake:
            self.handshake()
        self.push(result)
        self.pull(result)
        self.knowledge(result)
        if verify:
            self.verify(result)
        self.contents(result, ask_always=verify)
        self._write(mark_synced)
        with self.store.session() as session:
            result.open_conflicts = open_conflict_count(session)
            result.open_refused = open_refused_count(session)
            result.finished_at = last_sync(session)
        result.requests = self.api.requests - start
        return result


def run_sync(
    store: Store,
    settings: AppSettings,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    handshake: bool = True,
    verify: bool = True,
    transport: httpx.BaseTransport | None = None,
    writer: StoreWriter = run_here,
) -> SyncResult:
    """Sync with the server in settings, signed in with the token from the keyring.
    ``writer`` runs each local write transaction (the window passes its store worker)."""
    current = settings.get()
    token = signed_in_token(current)
    with ApiClient(current.server_url, token, transport=transport) as api:
        # Known server versions belong to the server, not to the user signed in to it.
        engine = SyncEngine(store, api, api.base_url, progress, cancelled, writer)
        return engine.sync(handshake=handshake, verify=verify)
