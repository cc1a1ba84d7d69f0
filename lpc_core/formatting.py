"""Dates, names and stored values the way New Zealand officers read them.

``display_text`` is the one way a stored value becomes text, wherever it is shown.
Kept free of SQLAlchemy so the window can import it before the store is open.
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.models.base import FieldSpec

NZ_DATE = "%d/%m/%Y"


def parse_nz_date(value: str) -> date:
    """Accept dd/mm/yyyy (the NZ form people type) or ISO yyyy-mm-dd (from files)."""
    value = value.strip()
    for fmt in (NZ_DATE, "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(value)


def format_nz_date(value: date | None) -> str:
    return value.strftime(NZ_DATE) if value else ""


def sort_key(name: str) -> str:
    """Alphabetical as people expect it: Ō sorts with O, not after Z."""
    if name.isascii():  # most text: nothing to strip, and this runs per school per sort
        return name.casefold()
    decomposed = unicodedata.normalize("NFD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


# -- the one display formatter -------------------------------------------------------------

NZ_DATE_TIME = "%d/%m/%Y %H:%M"  # Police use the 24-hour clock


class Shown(StrEnum):
    """Where a stored value is shown; each place has its own words for "nothing"."""

    FORM = "form"  # a field to edit: reads back as the same value (a choice's drop-down
    # is given the stored value and shows its label)
    TABLE = "table"  # a cell: one line
    HISTORY = "history"  # the audit trail as people read it
    CONFLICT = "conflict"  # mine and theirs side by side, edited as in a form
    DOCUMENT = "document"  # a printed partnership document


EMPTY_TEXT = {
    Shown.FORM: "",
    Shown.TABLE: "",
    Shown.HISTORY: "(empty)",
    Shown.CONFLICT: "(empty)",
    Shown.DOCUMENT: "Not recorded",
}


def plural(n: int, word: str) -> str:
    """ "1 school", "3 schools": a count with its noun, for every sentence that counts."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def format_nz_datetime(value: datetime) -> str:
    """In the computer's own time zone (an officer's laptop is set to New Zealand time)."""
    return value.astimezone().strftime(NZ_DATE_TIME)


def choice_label(spec: FieldSpec, value: str) -> str:
    """A choice's label; a value this version does not know (from a newer one) is shown
    as stored rather than hidden."""
    for member in spec.choices or ():
        if member.value == value:
            return str(getattr(member, "label", value))
    return value


def display_text(spec: FieldSpec | None, value: Any, shown: Shown) -> str:
    """A stored value (or its wire form: ISO dates, choice values) as text, the same way
    in forms, tables, the history, conflicts and documents; only the empty text and how
    numbers and long text are laid out differ by place."""
    if value is None or value == "":
        return EMPTY_TEXT[shown]
    if isinstance(value, str) and spec is not None:
        if spec.choices is not None:
            return value if shown is Shown.FORM else choice_label(spec, value)
        if spec.kind == "date":
            try:
                value = date.fromisoformat(value[:10])
            except ValueError:
                return value
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return format_nz_datetime(value)
    if isinstance(value, date):
        return format_nz_date(value)
    if isinstance(value, int | float):
        return _number(value, shown)
    return _text(str(value), shown)


def _number(value: float, shown: Shown) -> str:
    """Whole numbers as stored (a year is 2026, not 2,026). Measures read by people
    (history, documents): 43,906,000 and 12.5, documents to two places. Typed back
    (forms, cells, conflicts): every digit, no separators, no ".0", never 1.2e+06, so
    saving a form unchanged saves the same number."""
    if isinstance(value, int):
        return str(value)
    if shown in (Shown.HISTORY, Shown.DOCUMENT):
        if value.is_integer():
            return f"{int(value):,}"
        if shown is Shown.DOCUMENT:
            return f"{value:,.2f}".rstrip("0").rstrip(".")
        return f"{value:,}"
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def _text(text: str, shown: Shown) -> str:
    if shown is Shown.DOCUMENT:
        text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
        return text.strip() or EMPTY_TEXT[shown]
    if shown is Shown.TABLE:
        return " · ".join(line.strip() for line in text.splitlines() if line.strip())
    return text
