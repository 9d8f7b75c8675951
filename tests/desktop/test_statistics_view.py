"""统计: the statistics table model (what each column counts, ties), the 按单位/按文件 switch, the
frozen rank and name columns, and the painted chart (rates, or counts when no rate is above zero)."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from desktop.statistics_view import (
    BY_PLAN,
    GOOD,
    NAME,
    NOT_DUE_COLOUR,
    POOR,
    RANK,
    RATE,
    TASKS,
    RateChart,
    StatisticsTableModel,
    StatisticsView,
)
from models.upkeep.importing import store_extracted
from models.registry.schema import Task
from models.supervision.statistics import department_statistics, plan_statistics
from tests.models.builders import extracted, plan, task

AS_OF = date(2023, 10, 1)


@pytest.fixture
def numbers(registry):
    store_extracted(extracted([
        plan("平政发〔2023〕1号", "方案一", [
            task("甲1", seq="1", lead=("县水利局",), due=date(2023, 6, 30)),
            task("甲2", seq="2", lead=("县水利局",), due=date(2023, 6, 30)),
            task("甲3", seq="3", lead=("县财政局",), due=date(2023, 6, 30)),
        ]),
        plan("平政发〔2023〕2号", "方案二", [
            task("乙1", seq="1", lead=("县财政局",), due=date(2023, 8, 1)),
            task("乙2", seq="2", lead=("县交通运输局",), due=date(2023, 12, 1)),
        ], source="second.txt"),
    ]))
    closed = Task.select().where(Task.text.in_(["甲1", "甲2", "甲3"]))
    Task.update(closed_on=date(2023, 6, 1), status="已完成", progress=100).where(Task.id.in_(closed)).execute()
    return department_statistics(AS_OF), plan_statistics(AS_OF)


def test_table_model_passes_the_model_tester_and_sorts(numbers, qtmodeltester):
    departments, _ = numbers
    model = StatisticsTableModel()
    model.set_items(departments)
    qtmodeltester.check(model)
    assert [model.data(model.index(row, NAME)) for row in range(model.rowCount())] == [
        "县水利局", "县财政局", "县交通运输局"]
    assert model.data(model.index(0, RATE)) == "100.0%"
    assert model.data(model.index(1, RATE)) == "50.0%"
    assert model.data(model.index(2, RATE)) == "—"        # nothing due yet
    model.sort(TASKS, Qt.SortOrder.DescendingOrder)
    assert model.data(model.index(2, NAME)) == "县交通运输局"
    model.sort(RATE, Qt.SortOrder.AscendingOrder)
    assert [model.data(model.index(row, NAME)) for row in range(3)] == ["县财政局", "县水利局", "县交通运输局"]
    qtmodeltester.check(model)


def test_view_switches_between_departments_and_plans(numbers, qtbot):
    departments, plans = numbers
    view = StatisticsView()
    qtbot.addWidget(view)
    view.set_statistics(departments, plans, AS_OF)
    assert view.model.rowCount() == 3
    assert view.model.headerData(NAME, Qt.Orientation.Horizontal) == "单位"
    view.show_kind(BY_PLAN)
    assert view.model.headerData(NAME, Qt.Orientation.Horizontal) == "文件"
    assert [view.model.data(view.model.index(row, NAME)) for row in range(2)] == [
        "平政发〔2023〕1号", "平政发〔2023〕2号"]
    assert [name for name, _ in view.chart.bars] == ["平政发〔2023〕1号", "平政发〔2023〕2号"]
    assert "2023年10月1日" in view.caption.text()


def test_chart_paints_bars_in_their_colours(numbers, qtbot):
    departments, _ = numbers
    chart = RateChart()
    qtbot.addWidget(chart)
    chart.resize(500, 200)
    chart.set_bars(departments)
    assert chart.bars == [("县水利局", 1.0), ("县财政局", 0.5)]
    image: QImage = chart.grab().toImage()
    first, second = chart.bar_rect(0), chart.bar_rect(1)
    assert first.width() > second.width() > 0
    assert image.pixelColor(first.center().toPoint()) == GOOD
    assert image.pixelColor(second.center().toPoint()) == POOR
    # Beyond the shorter bar: background.
    assert image.pixelColor(int(second.right()) + 2, int(second.center().y())).name() == "#ffffff"


def test_every_column_says_what_it_counts(numbers) -> None:
    departments, _ = numbers
    model = StatisticsTableModel()
    model.set_items(departments)
    tips = [model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
            for column in range(model.columnCount())]
    assert all(tips) and "不含配合" in tips[TASKS] and "只有已销号的任务算办结" in tips[RATE]
    assert model.headerData(TASKS, Qt.Orientation.Horizontal) == "任务数（牵头、责任）"


def test_tied_ranks_are_shown_as_ties(registry) -> None:
    store_extracted(extracted([plan("平政发〔2023〕1号", "方案一", [
        task("甲", lead=("县水利局",), due=date(2023, 6, 30)),
        task("乙", lead=("县财政局",), due=date(2023, 6, 30)),
        task("丙", lead=("县交通运输局",), due=date(2023, 6, 30)),
        task("丁", lead=("县交通运输局",), due=date(2023, 7, 30)),
    ])]))
    model = StatisticsTableModel()
    model.set_items(department_statistics(AS_OF))
    ranks = {model.data(model.index(row, NAME)): model.data(model.index(row, RANK)) for row in range(3)}
    assert ranks == {"县水利局": "并列1", "县财政局": "并列1", "县交通运输局": "3"}     # 1, 1, 3: two overdue
    tip = model.data(model.index(0, RANK), Qt.ItemDataRole.ToolTipRole)
    assert tip == "与另外 1 个单位并列第 1 名：按期办结率同为 0.0%，逾期未办结同为 1 项"


def test_the_chart_shows_counts_when_no_rate_is_above_zero(registry, qtbot) -> None:
    store_extracted(extracted([plan("平政发〔2023〕1号", "方案一", [
        task("甲", lead=("县水利局",), due=date(2023, 6, 30)),
        task("乙", lead=("县水利局",), due=date(2023, 12, 30)),
        task("丙", lead=("县财政局",), due=date(2023, 6, 30)),
    ])]))
    chart = RateChart()
    qtbot.addWidget(chart)
    chart.resize(500, 200)
    chart.set_bars(department_statistics(AS_OF))
    assert chart.bars == [] and chart.counts == [("县水利局", (0, 1, 1, 0)), ("县财政局", (0, 1, 0, 0))]
    assert "按期办结率均为 0" in chart.note
    image: QImage = chart.grab().toImage()
    overdue, not_due = chart.part_rect(0, 1), chart.part_rect(0, 2)
    assert overdue.width() == not_due.width() > 0 and chart.part_rect(0, 0).width() == 0
    assert image.pixelColor(overdue.center().toPoint()) == POOR
    assert image.pixelColor(not_due.center().toPoint()) == NOT_DUE_COLOUR


def test_the_rank_and_the_name_stay_in_view_when_the_table_scrolls_sideways(numbers, qtbot) -> None:
    departments, plans = numbers
    view = StatisticsView()
    qtbot.addWidget(view)
    view.resize(700, 400)
    view.show()
    view.set_statistics(departments, plans, AS_OF)
    table, overlay = view.table, view.table.overlay
    assert overlay.isVisible() and overlay.width() == table.columnWidth(RANK) + table.columnWidth(NAME)
    bar = table.horizontalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum())
    assert table.columnViewportPosition(NAME) < 0                          # scrolled away below …
    assert overlay.columnViewportPosition(NAME) == table.columnWidth(RANK)   # … and still in view on top
    assert overlay.indexAt(overlay.visualRect(view.model.index(0, NAME)).center()).data() == "县水利局"
    view.table.horizontalHeader().setSortIndicator(TASKS, Qt.SortOrder.DescendingOrder)
    assert overlay.horizontalHeader().sortIndicatorSection() == TASKS        # one sort, shown on both
