"""Whether a document would say nothing for a school, and why: decided from its context.

A principal handed five documents of which three read "Not recorded" from top to bottom
learns nothing from the three, so a bulk export leaves such documents out and says which.
The test reads the values the template would print (not the records), so it follows
whichever records the context was built from.
"""

from __future__ import annotations

from typing import Any

from app.services.export.context import Context
from app.templates.fields import NOT_RECORDED, DocumentKind

# What gives each document something to say: (context name, field or "" for any field,
# words for the reason). The school's own details and contacts are in every document, so
# they do not count.
_PARTS: dict[DocumentKind, tuple[tuple[str, str, str], ...]] = {
    DocumentKind.AGREEMENT: (("agreement", "", "agreement"),),
    DocumentKind.PROFILE: (
        ("profile", "", "profile"),
        ("outcomes", "", "agreed outcomes"),
        ("organisations", "", "community organisations"),
    ),
    DocumentKind.SARA: (("sara", "", "SARA plan"),),
    DocumentKind.ANNUAL_PLAN: (
        ("plan", "", "annual plan"),
        ("aims", "", "response aims"),
        ("responses", "", "responses"),
    ),
    DocumentKind.NARRATIVE: (
        ("narrative", "", "narrative"),
        ("reflection", "", "reflection"),
        ("aims", "result", "assessment of an aim"),
    ),
}


def _recorded(value: Any, field: str) -> bool:
    if isinstance(value, list):
        return any(_recorded(row, field) for row in value)
    if isinstance(value, dict):
        values = [value.get(field)] if field else value.values()
        return any(v not in (None, "", NOT_RECORDED) for v in values)
    return False


def empty_reason(context: Context, kind: DocumentKind) -> str | None:
    """Why ``kind`` would be empty for this school ("no SARA plan recorded yet"), or None
    when it has something to say."""
    parts = _PARTS[kind]
    if any(_recorded(context.get(name), field) for name, field, _ in parts):
        return None
    words = [what for *_, what in parts]
    listed = words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"
    return f"no {listed} recorded yet"
