"""Dates and names the way New Zealand officers read them.

Kept free of SQLAlchemy so the window can import it before the store is open.
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime

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
