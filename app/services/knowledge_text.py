"""The words of a knowledge-bank entry as the store and its search index keep them.

Kept apart from ``knowledge_publish`` so that sync and the demo seed can use them without
loading the publish workflow.
"""

from __future__ import annotations

from typing import Any

MARKERS = ("\ue000", "\ue001")
"""The characters search results mark matched words with (``knowledge_search``). They are
private-use code points no keyboard types; they are taken out of every text an entry
copies, so a marker in a result is always the index's, never the officer's."""


def clean(value: str | None) -> str:
    """User text as an entry keeps it: the highlight markers removed."""
    text = value or ""
    for marker in MARKERS:
        text = text.replace(marker, "")
    return text


def details_text(context: str, implementation: str, *parts: Any) -> str:
    """The plain words of the entry's structured parts, for the search index."""
    words: list[str] = [context, implementation]

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str):
            words.append(value)

    for part in parts:
        walk(part)
    return "\n".join(w for w in words if w)
