"""Co-authoring with the school: a fillable copy out, the school's answers back in.

``send_school_copy`` writes the .docx the school fills in; ``open_returned_copy`` and
``check_copy`` read a returned file and make sure it is the copy last sent to that
school; ``build_review`` (or ``review_file``, all three in one) lists what the school
changed; ``apply_review`` stores what the officer accepted; ``sends`` tracks which copies
are out.

The names load on first use: the workspace reads ``sends`` whenever a school opens, and
python-docx (about 170 ms to import) is only needed to write or read a copy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.services.school_copy.apply import ApplyResult, apply_review, source_actor
    from app.services.school_copy.intake import (
        CopyRefusedError,
        ReturnedCopy,
        check_copy,
        open_returned_copy,
    )
    from app.services.school_copy.manifest import Manifest
    from app.services.school_copy.review import ProposedChange, Review, build_review, review_file
    from app.services.school_copy.send import send_school_copy

_MODULE_OF = {
    "ApplyResult": "apply",
    "apply_review": "apply",
    "source_actor": "apply",
    "CopyRefusedError": "intake",
    "ReturnedCopy": "intake",
    "check_copy": "intake",
    "open_returned_copy": "intake",
    "Manifest": "manifest",
    "ProposedChange": "review",
    "Review": "review",
    "build_review": "review",
    "review_file": "review",
    "send_school_copy": "send",
}
__all__ = [
    "ApplyResult",
    "CopyRefusedError",
    "Manifest",
    "ProposedChange",
    "ReturnedCopy",
    "Review",
    "apply_review",
    "build_review",
    "check_copy",
    "open_returned_copy",
    "review_file",
    "send_school_copy",
    "source_actor",
]


def __getattr__(name: str) -> Any:
    if name not in _MODULE_OF:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_MODULE_OF[name]}"), name)
