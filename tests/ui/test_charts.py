"""The hand-drawn charts: rendered offscreen to PNG files a person can look at."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from app.models import School
from app.services.dashboard import OutcomePoint, OutcomeSeries, outcome_series
from app.services.demo import seed_demo
from app.services.store import Store
from app.ui.charts import Bar, BarChart, nice_ticks
from app.ui.outcome_chart import MEASURED, TARGET, YEAR_LINE, OutcomeChart
from app.ui.workspace.outcome_charts import OutcomeCharts

TODAY = date(2026, 11, 24)


def _colours(path: Path) -> set[str]:
    image = QImage(str(path))
    step = 3
    return {
        image.pixelColor(x, y).name()
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
    }


def test_nice_ticks() -> None:
    assert nice_ticks(0, 18) == [0, 5, 10, 15, 20]
    assert nice_ticks(52, 80) == [50, 60, 70, 80]
    assert nice_ticks(3.2, 4.1)[0] <= 3.2 and nice_ticks(3.2, 4.1)[-1] >= 4.1
    assert nice_ticks(5, 5) == [5, 5.2, 5.4, 5.6, 5.8, 6]


def test_bar_chart_png_and_click(qtbot: QtBot, output_dir: Path) -> None:
    chart = BarChart("Schools by stage")
    qtbot.addWidget(chart)
    chart.set_bars(
        [
            Bar(1, "1 Relationship", 8, QColor("#4f7cac")),
            Bar(2, "2 Analysis", 6, QColor("#4f7cac")),
            Bar(3, "3 Response", 0, QColor("#4f7cac")),
            Bar(4, "4 Achievement", 10, QColor("#4f7cac")),
        ]
    )
    chart.resize(420, 240)
    chart.show()
    qtbot.waitExposed(chart)
    path = chart.save_png(output_dir / "bar_chart.png")
    image = QImage(str(path))
    assert (image.width(), image.height()) == (840, 480)  # drawn at twice the size
    assert "#4f7cac" in _colours(path)
    assert "1 Relationship: 8" in chart.accessibleDescription()
    with qtbot.waitSignal(chart.bar_clicked) as clicked:
        qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=QPoint(420 * 7 // 8, 200))
    assert clicked.args == [4]


def test_outcome_chart_shows_baseline_target_and_results(qtbot: QtBot, output_dir: Path) -> None:
    start = date(2025, 12, 1)
    series = OutcomeSeries(
        "o1",
        "s1",
        "Less harm from bullying between students on the way home",
        "bullying reports per term",
        "reports",
        18.0,
        12.0,
        tuple(
            OutcomePoint(start + timedelta(days=30 * n), v)
            for n, v in enumerate((18, 17.2, 16.5, 16.9, 15.1, 14.4, 14.8, 13.2, 12.6, 12.1, 11.6))
        ),
    )
    chart = OutcomeChart()
    qtbot.addWidget(chart)
    chart.set_series(series)
    assert chart.describe() == (
        "Less harm from bullying between students on the way home; baseline 18; target 12; "
        "latest 11.6 on 27/09/2026"
    )
    path = chart.save_png(output_dir / "outcome_chart.png", QSize(640, 320))
    colours = _colours(path)
    assert MEASURED.name() in colours and TARGET.name() in colours
    # The latest value (11.6, just under the target of 12) is labelled clear of "Target 12".
    boxes = chart.label_boxes
    assert set(boxes) == {"Baseline", "Target", "Latest"}
    assert not boxes["Latest"].intersects(boxes["Target"])
    assert not boxes["Latest"].intersects(boxes["Baseline"])
    # Months run Dec 2025 to Sep 2026; the last one is always named on the axis.
    assert chart.month_labels[-1] == "Sep 2026"
    assert len(chart.month_labels) >= 4

    empty = OutcomeChart()
    qtbot.addWidget(empty)
    empty.set_series(
        OutcomeSeries(
            "o2", "s1", "Feeling safe at the bus stop", "% who feel safe", "%", 58.0, 75.0, ()
        )
    )
    assert "no results measured yet" in empty.describe()
    empty.save_png(output_dir / "outcome_chart_no_results.png", QSize(640, 320))


def test_outcome_charts_for_a_demo_school(qtbot: QtBot, store: Store, output_dir: Path) -> None:
    seed_demo(store, count=5, today=TODAY)
    with store.session() as session:
        series = outcome_series(session)
    longest = max(series, key=lambda s: len(s.points))
    view = OutcomeCharts(store)
    qtbot.addWidget(view)
    view.resize(720, 700)
    view.show()
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.load(longest.school_id)
    assert len(view.charts) == sum(1 for s in series if s.school_id == longest.school_id)
    assert view.charts[0].series is not None
    assert len(view.charts[0].series.points) == len(longest.points)
    written = view.save_pngs(output_dir / "school")
    assert written and all(p.is_file() and p.suffix == ".png" for p in written)
    # A single chart fills the view rather than leaving most of it empty.
    assert len(view.charts) == 1
    qtbot.waitUntil(lambda: view.charts[0].height() >= 0.75 * view.height())
    view.grab().save(str(output_dir / "outcome_charts_view.png"))

    with store.session() as session:
        no_outcomes = session.query(School).filter_by(moe_number=99000).one().id
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.load(no_outcomes)
    assert view.charts == []
    assert "No agreed outcomes" in view.message.text()
    assert view.save_pngs(output_dir / "none") == []


def test_outcome_chart_marks_where_each_school_year_starts(qtbot: QtBot, output_dir: Path) -> None:
    """Results of three partnership years on one chart, a line at each new school year
    and each year named above its own part."""
    termly = [date(y, m, 20) for y in (2024, 2025, 2026) for m in (3, 6, 9, 11)]
    series = OutcomeSeries(
        "o1",
        "s1",
        "Students in Year 8 at school every day they can be",
        "% of Year 8 students attending regularly",
        "%",
        52.0,
        84.0,
        tuple(OutcomePoint(d, 52 + 2.5 * n) for n, d in enumerate(termly)),
    )
    chart = OutcomeChart()
    qtbot.addWidget(chart)
    chart.set_series(series)
    path = chart.save_png(output_dir / "outcome_chart_three_years.png", QSize(720, 320))
    assert YEAR_LINE.name() in _colours(path)
    assert list(chart.year_lines) == [2025, 2026]
    assert chart.year_labels == ["2024", "2025", "2026"]
    # The lines stand a year apart inside the picture (the results run evenly in time).
    x_2025, x_2026 = chart.year_lines[2025], chart.year_lines[2026]
    assert 0 < x_2025 < x_2026 < 720
    one_year = OutcomeSeries(
        "o2", "s1", "Feeling safe", "% who feel safe", "%", 58.0, 75.0, series.points[8:]
    )
    chart.set_series(one_year)
    chart.save_png(output_dir / "outcome_chart_one_year.png", QSize(720, 320))
    assert chart.year_lines == {} and chart.year_labels == []


def test_a_third_year_demo_schools_chart_runs_across_its_years(
    qtbot: QtBot, store: Store, output_dir: Path
) -> None:
    seed_demo(store, count=5, today=TODAY)
    with store.session() as session:
        school = session.query(School).filter_by(moe_number=99003).one().id  # third year
        series = outcome_series(session, school)
    assert len(series) == 1
    years = sorted({p.on.year for p in series[0].points})
    assert years == [2024, 2025, 2026]
    view = OutcomeCharts(store)
    qtbot.addWidget(view)
    view.resize(900, 520)
    view.show()
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.load(school)
    chart = view.charts[0]
    chart.save_png(output_dir / "outcome_chart_third_year_school.png", QSize(900, 360))
    assert list(chart.year_lines) == [2025, 2026]
    assert chart.year_labels == ["2024", "2025", "2026"]
