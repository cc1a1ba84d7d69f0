"""The schools list sorts in its model, over keys kept per row, and filters on kept keys."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.models.vocabulary import PartnershipStatus, Stage
from app.services.school_list_cells import list_cells
from app.services.schools import SchoolSummary
from app.services.workspace import SchoolList
from app.ui.school_table import CAPPED, COLUMNS
from app.ui.schools_view import SchoolsView


def _summary(i: int, name: str, moe: int | None, stage: Stage) -> SchoolSummary:
    return SchoolSummary(
        f"s{i}", name, moe, "Kāhui Ako o Te Awa", "Awa North", 200, stage,
        PartnershipStatus.ACTIVE, None, 0,
    )  # fmt: skip


ROWS = [
    _summary(1, "Ōtāhuhu College", 90, Stage.RESPONSE),
    _summary(2, "Awatea School", 300, Stage.RELATIONSHIP),
    _summary(3, "Kōwhai Grove School", 9000, Stage.ANALYSIS),
    _summary(4, "Onewhero Area School", None, Stage.ACHIEVEMENT),
]


def _names(view: SchoolsView) -> list[str]:
    return [view.proxy.index(r, 0).data() for r in range(view.proxy.rowCount())]


def test_sorting_by_a_header_reorders_rows_and_keeps_the_selection(qtbot: QtBot) -> None:
    view = SchoolsView()
    qtbot.addWidget(view)
    view.set_schools(SchoolList(list(ROWS), set()))
    # Macrons sort with their letter: Ō after O, not after Z.
    assert _names(view) == [
        "Awatea School", "Kōwhai Grove School", "Onewhero Area School", "Ōtāhuhu College",
    ]  # fmt: skip
    view.select_school("s3")
    view.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)  # MoE number, as numbers
    assert _names(view) == [
        "Kōwhai Grove School", "Awatea School", "Ōtāhuhu College", "Onewhero Area School",
    ]  # fmt: skip
    assert view.current_id() == "s3"

    view.search.setText("kowhai")
    assert _names(view) == ["Kōwhai Grove School"]
    view.search.clear()
    # New rows arrive (a refresh) in the store's order; the chosen sort still holds.
    view.set_schools(SchoolList(list(reversed(ROWS)), set()))
    assert _names(view)[0] == "Kōwhai Grove School"
    view.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)  # stage number
    assert [view.proxy.summary_at(r).stage for r in range(4)] == sorted(Stage)


def test_the_year_column_shows_each_schools_current_year_and_sorts_by_it(
    qtbot: QtBot,
) -> None:
    """One school in its second year, one in its first, one with no year read."""
    rows = [replace(ROWS[0], year=2026), replace(ROWS[1], year=2025), replace(ROWS[2])]
    view = SchoolsView()
    qtbot.addWidget(view)
    view.set_schools(SchoolList(rows, set()))
    year = COLUMNS.index("Year")
    assert view.model.headerData(year, Qt.Orientation.Horizontal) == "Year"
    view.table.sortByColumn(year, Qt.SortOrder.DescendingOrder)
    shown = [(view.proxy.index(r, 0).data(), view.proxy.index(r, year).data()) for r in range(3)]
    assert shown == [
        ("Ōtāhuhu College", "2026"), ("Awatea School", "2025"), ("Kōwhai Grove School", ""),
    ]  # fmt: skip
    # The stage stays in its column beside the year.
    assert view.proxy.index(0, COLUMNS.index("Stage")).data().startswith("3 · Response")


def test_columns_fit_their_widest_text_in_any_row_as_qt_would_size_them(qtbot: QtBot) -> None:
    """The view sizes its columns from the longest texts (no 12,000 calls into the model):
    the widths equal Qt's own measure of every row, and a long cluster name on row 300,
    past the 200 rows Qt samples, is not cut short."""
    rows = [replace(ROWS[i % 4], id=f"r{i}", name=f"School {i:03}") for i in range(300)]
    rows[-1] = replace(rows[-1], cluster="Kāhui Ako o Ngā Kura o Te Awa Tupua ki Whanganui")
    view = SchoolsView()
    qtbot.addWidget(view)
    view.resize(1900, 600)
    view.set_schools(SchoolList(rows, set(), [], list_cells(rows, set())))
    header = view.table.horizontalHeader()
    ours = {c: header.sectionSize(c) for c in range(1, len(COLUMNS)) if c not in CAPPED}
    header.setResizeContentsPrecision(-1)  # Qt measures every row
    for c in ours:
        view.table.resizeColumnToContents(c)
    assert ours == {c: header.sectionSize(c) for c in ours}
    cluster = COLUMNS.index("Cluster / Kāhui Ako")
    widest = view.table.fontMetrics().horizontalAdvance(rows[-1].cluster)
    assert ours[cluster] > widest


def test_the_cells_formatted_with_the_list_are_the_ones_the_model_would_make(
    qtbot: QtBot,
) -> None:
    """Cells from the read (``school_list_cells``) and cells the model formats itself
    read the same, archived names included."""
    view = SchoolsView()
    qtbot.addWidget(view)
    given = SchoolList(list(ROWS), {"s2"}, [], list_cells(ROWS, {"s2"}))
    view.set_schools(given)
    formatted = [view.model.cells(r) for r in range(4)]
    view.set_schools(SchoolList(list(ROWS), {"s2"}))  # no cells: the model formats them
    assert [view.model.cells(r) for r in range(4)] == formatted
    assert formatted[0][:2] == ("Awatea School (archived)", "300")
