"""The partnership year the workspace shows, shared by the workspace and its tabs.

One object, made by the workspace and handed to the tabs that list or start per-year
records, so a tab reads the year when it loads instead of keeping a copy that could
disagree with the header's selector. ``None`` means the school's current year.
"""

from __future__ import annotations


class ShownYear:
    def __init__(self) -> None:
        self.year: int | None = None
