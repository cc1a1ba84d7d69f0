"""The one way anything writes to the store.

A ``UnitOfWork`` is a transaction: values are cleaned and checked, the row version and
bookkeeping columns are set, and an outbox entry for sync is written beside each change.
If anything fails, nothing is kept. What committed is kept in ``changeset`` and reported
(``app.services.changes``) to the op running it, which tells the screens once.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from app.models import OutboxEntry, School, Synced
from app.models.vocabulary import YEAR_TABLES
from app.services.audit import AuditWriter
from app.services.changes import Change, ChangeSet, report
from app.services.store import Store
from lpc_core.validation import FieldError, ValidationError, clean_values, validate_row
from lpc_core.wire import content_fields, row_to_wire, to_wire

M = TypeVar("M", bound=Synced)

__all__ = ["Change", "ChangeSet", "UnitOfWork", "fields_of", "school_id_of"]


def school_id_of(obj: Synced) -> str:
    return obj.id if isinstance(obj, School) else str(getattr(obj, "school_id", ""))


class UnitOfWork:
    """Use as ``with UnitOfWork(store, actor="Sgt Aroha Ngata") as uow: uow.add(...)``."""

    def __init__(self, store: Store, actor: str = "") -> None:
        if not isinstance(actor, str):  # a screen passed its Actor callable, not the name
            raise TypeError(f"actor must be a name, not {type(actor).__name__}")
        self.store = store
        self.actor = actor
        self.changeset = ChangeSet()
        self._session: Session | None = None
        self._audit: AuditWriter | None = None

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("UnitOfWork used outside its 'with' block")
        return self._session

    def __enter__(self) -> UnitOfWork:
        self._session = self.store.sessions()
        self._session.begin()
        # Take the write lock now, not at the first write: the audit chain's head is read
        # inside this transaction and must not move under it.
        self._session.connection().exec_driver_sql("BEGIN IMMEDIATE")
        self._audit = AuditWriter(self._session, self.actor, self.store.device_id)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session = self.session
        try:
            if exc_type is None:
                session.commit()
                report(self.changeset)
            else:
                session.rollback()
                self.changeset = ChangeSet()
        finally:
            session.close()
            self._session = None
            self._audit = None

    # -- reads inside the transaction -------------------------------------------------
    def get(self, model: type[M], row_id: str) -> M:
        obj = self.session.get(model, row_id)
        if obj is None or obj.is_deleted:
            raise LookupError(f"{model.__label__} {row_id} does not exist")
        return obj

    # -- writes ------------------------------------------------------------------------
    def add(self, model: type[M], **values: Any) -> M:
        """Insert a row; a per-year record given no ``year`` goes in its school's current
        year (app/models/years.py), so no caller has to look the year up."""
        if "year" not in values and values.get("school_id") and _in_a_year(model):
            from app.services.years import current_year

            values = {**values, "year": current_year(self.session, values["school_id"])}
        cleaned = clean_values(model, values)
        obj = model(**cleaned)
        if not isinstance(obj, School) and not getattr(obj, "school_id", None):
            raise ValidationError([FieldError("school_id", "School", "is required")])
        now = datetime.now(UTC)
        obj.id = obj.id or obj.natural_id() or str(uuid.uuid4())
        obj.created_at = now
        obj.updated_at = now
        obj.row_version = 1
        obj.device_id = self.store.device_id
        self._apply_column_defaults(obj)
        self._validate(obj)
        self.session.add(obj)
        self.session.flush()
        self._record(obj, "insert", {}, row_to_wire(obj), 0)
        return obj

    def update(self, obj: M, **values: Any) -> M:
        if obj.is_deleted:
            raise LookupError(f"this {type(obj).__label__} has been deleted")
        cleaned = clean_values(type(obj), values)
        old = {f: getattr(obj, f) for f in cleaned}
        changed = {f: v for f, v in cleaned.items() if old[f] != v}
        if not changed:
            return obj
        for f, v in changed.items():
            setattr(obj, f, v)
        try:
            self._validate(obj)
        except ValidationError:
            for f in changed:  # leave the object as it was, not half-edited
                setattr(obj, f, old[f])
            raise
        base = obj.row_version
        obj.row_version = base + 1
        obj.updated_at = datetime.now(UTC)
        obj.device_id = self.store.device_id
        self.session.flush()
        self._record(
            obj,
            "update",
            {f: to_wire(old[f]) for f in changed},
            {f: to_wire(v) for f, v in changed.items()},
            base,
        )
        return obj

    def delete(self, obj: Synced) -> None:
        """Tombstone the row; it stays so the deletion can reach the server."""
        if obj.is_deleted:
            return
        base = obj.row_version
        now = datetime.now(UTC)
        obj.deleted_at = now
        obj.row_version = base + 1
        obj.updated_at = now
        obj.device_id = self.store.device_id
        self.session.flush()
        self._record(obj, "delete", row_to_wire(obj), {"deleted_at": to_wire(now)}, base)

    # -- internals -----------------------------------------------------------------------
    def _validate(self, obj: Synced) -> None:
        with self.session.no_autoflush:
            validate_row(obj, self.session)

    @staticmethod
    def _apply_column_defaults(obj: Synced) -> None:
        """Python-side defaults apply at flush; set them now so validation sees them."""
        for column in obj.__table__.columns:  # type: ignore[attr-defined]
            if getattr(obj, column.key) is None and column.default is not None:
                arg = column.default.arg
                if not callable(arg):
                    setattr(obj, column.key, arg)

    def _record(
        self, obj: Synced, operation: str, old: dict[str, Any], new: dict[str, Any], base: int
    ) -> None:
        table = obj.__tablename__  # type: ignore[attr-defined]
        change = Change(
            table, obj.id, school_id_of(obj), operation, old, new, base, obj.row_version
        )
        self.changeset.add(change)
        assert self._audit is not None
        self._audit.record(obj.updated_at, table, obj.id, change.school_id, operation, old, new)
        self.session.add(
            OutboxEntry(
                change_id=str(uuid.uuid4()),
                table_name=table,
                row_id=obj.id,
                school_id=change.school_id,
                operation=operation,
                fields=json.dumps(new, ensure_ascii=False),
                base_version=base,
                new_version=obj.row_version,
            )
        )


def fields_of(model: type[Synced]) -> list[str]:
    return content_fields(model)


def _in_a_year(model: type[Any]) -> bool:
    return getattr(model, "__tablename__", "") in YEAR_TABLES
