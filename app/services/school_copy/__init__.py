"""Co-authoring with the school: a fillable copy out, the school's answers back in.

``send_school_copy`` writes the .docx the school fills in; ``open_returned_copy`` and
``check_copy`` read a returned file and make sure it is the copy last sent to that
school; ``build_review`` lists what the school changed; ``apply_review`` stores what the
officer accepted.
"""

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
