"""The table under the district dashboard: one row per school, sortable, late items in red."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from app.models.vocabulary import PartnershipStatus
from app.services.dashboard import SchoolStatus
from app.ui.table_model import Index, RowsTableModel
from lpc_core.formatting import format_nz_date, sort_key

COLUMNS = (
    "School",
    "Area",
    "Lead Police Contact",
    "Stage",
    "Status",
    "Level",
    "Reviews overdue",
    "Activities overdue",
    "Agreement review",
    "Profile",
    "Signed agreement",
)
STATUS_SHORT = {
    PartnershipStatus.ACTIVE: "Active",
    PartnershipStatus.MAINTAINING: "Maintaining",
    PartnershipStatus.CLOSED: "Closed",
}
LATE = QColor("#b3261e")


def level_text(r: SchoolStatus) -> str:
    if r.level is None:
        return "—"
    if r.level_overridden and r.suggested_level is not None:
        return f"{r.level.value} (suggested {r.suggested_level.value})"
    return str(r.level.value)


class DashboardTableModel(RowsTableModel[SchoolStatus]):
    columns = COLUMNS

    def set_rows(self, rows: list[SchoolStatus]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r, col = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(r, col)
        if role == Qt.ItemDataRole.UserRole:
            return self._sort(r, col)
        if role == Qt.ItemDataRole.ForegroundRole and self._late(r, col):
            return QBrush(LATE)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == 5 and r.level is not None:
                return r.level.title
            if col == 3:
                return f"{r.stage.label} (SARA: {r.stage.sara})"
            if col == 4:
                return r.status.label
            if col == 10 and r.signed_copy:
                return "A signed copy of the agreement is in the school's Attachments"
        return None

    @staticmethod
    def _late(r: SchoolStatus, col: int) -> bool:
        return (
            (col == 6 and r.overdue_reviews > 0)
            or (col == 7 and r.overdue_activities > 0)
            or (col == 8 and r.agreement_due)
            or (col == 9 and r.profile_out_of_date)
        )

    @staticmethod
    def _text(r: SchoolStatus, col: int) -> str:
        values = (
            r.name,
            r.area,
            ", ".join(r.officers),
            f"{r.stage.value} · {r.stage.label.split()[0]}",
            STATUS_SHORT[r.status],
            level_text(r),
            str(r.overdue_reviews),
            str(r.overdue_activities),
            (format_nz_date(r.agreement_review_on) or "—") + (" (due)" if r.agreement_due else ""),
            "Out of date" if r.profile_out_of_date else "Current",
            "Signed copy attached" if r.signed_copy else "—",
        )
        return values[col]

    @classmethod
    def _sort(cls, r: SchoolStatus, col: int) -> Any:
        if col == 3:
            return r.stage.value
        if col == 5:
            return r.level.value if r.level else 9
        if col in (6, 7):
            return r.overdue_reviews if col == 6 else r.overdue_activities
        if col == 8:
            return (r.agreement_review_on or date.max).isoformat()
        return sort_key(cls._text(r, col))
