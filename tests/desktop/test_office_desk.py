"""The desk as the office uses it every day (issue 15 §3, §4, §8, §12): both deadlines after a 延期
in the list, the detail and the timeline; the office's steps 待审批 / 待销号 / 已销号 in the state
filter; the 待办 tab with its counts in the tree and the banner, and its lines handled from there;
统计 counting as the tree does when asked, and opening a unit's tasks; the due-soon box naming the
days it counts."""
from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import Qt

from desktop.closure_dialog import ClosureDecision, ClosureReviewDialog
from desktop.extension_dialog import ExtensionDecision, ExtensionReviewDialog
from desktop.navigator import KIND_ROLE, TOTAL_ROLE, WAITING_ROLE
from desktop.roles import END_ROLE, ORIGINAL_END_ROLE
from desktop.statistics_view import NAME, TASKS
from desktop.task_table_model import DEADLINE, ORIGINAL, STATE, TEXT
from desktop.timeline_view import BAR_HEIGHT, HEADER_HEIGHT, ROW_HEIGHT
from desktop.waiting_view import KIND, TASK, WAITED
from models.access.actor import LEADER, Actor
from models.registry.database import close_registry
from models.registry.schema import ClosureRequest, ExtensionRequest, Task
from models.supervision.updates import record_status_update
from models.supervision.workflow import apply_for_closure, decide_closure, decide_extension, request_extension
from models.upkeep.importing import store_extracted
from tests.models.builders import extracted, plan, task

from .windows import open_main_window

AS_OF = date(2023, 11, 6)


@pytest.fixture
def ids(registry) -> dict[str, int]:
    """One plan, the office's week in it: an extension approved, one asked, a 办结 application,
    a task reported 已完成 without one, a task closed (销号), and one with nothing going on."""
    store_extracted(extracted([plan("平政发〔2023〕3号", "城市更新方案", [
        task("修复道路", seq="1", lead=("县住建局",), due=date(2023, 10, 31), deadline_text="10月底前"),
        task("改造管网", seq="2", lead=("县水利局",), due=date(2023, 10, 31)),
        task("建设公园", seq="3", lead=("县住建局",), cooperating=("县水利局",), due=date(2023, 12, 31)),
        task("整治河道", seq="4", lead=("县水利局",), due=date(2023, 9, 30)),
        task("清理垃圾", seq="5", lead=("县住建局",), due=date(2023, 8, 31)),
        task("绿化街道", seq="6", lead=("县住建局",), due=date(2023, 12, 31)),
    ], issue_date=date(2023, 3, 1))]))
    ids = {row.text: row.id for row in Task.select()}
    decide_extension(request_extension(ids["修复道路"], date(2023, 12, 31), "雨季停工", "张三", "县住建局").id,
                     True, "督查室")
    asked = request_extension(ids["改造管网"], date(2023, 12, 15), "材料未到货", "李四", "县水利局")
    ExtensionRequest.update(requested_at=datetime(2023, 11, 1, 9, 0)).where(ExtensionRequest.id == asked.id).execute()
    applied = apply_for_closure(ids["建设公园"], "公园已开放", "王五", "县住建局")
    ClosureRequest.update(applied_at=datetime(2023, 11, 3, 10, 0)).where(ClosureRequest.id == applied.id).execute()
    record_status_update(ids["整治河道"], "已完成", 100, note="河道已清淤", who="赵六", department="县水利局")
    decide_closure(apply_for_closure(ids["清理垃圾"], "已清理完毕").id, True, "督查室")
    return ids


@pytest.fixture
def window(qtbot, tmp_path, registry, ids):
    window = open_main_window(qtbot, registry, tmp_path, as_of=AS_OF, size=(1400, 860),
                              until=lambda window: window.model.rowCount() == 6 and len(window.presenter.queue) == 3)
    yield window
    window.runner.shutdown(close=close_registry)


def cell(window, task_id: int, column: int, role=Qt.ItemDataRole.DisplayRole):
    model = window.model
    return model.data(model.index(model.row_of_task(task_id), column), role)


def shown_texts(window) -> set[str]:
    model = window.model
    return {model.data(model.index(row, TEXT)) for row in range(model.rowCount())}


# -- §3 the original deadline after 延期 ------------------------------------------------------

def test_the_list_and_the_detail_show_both_deadlines_after_an_extension(window, ids) -> None:
    road, park = ids["修复道路"], ids["建设公园"]
    assert cell(window, road, DEADLINE) == "2023年12月31日（已延期）"
    assert cell(window, road, ORIGINAL) == "2023年10月31日"
    assert cell(window, road, DEADLINE, END_ROLE) == date(2023, 12, 31)
    assert cell(window, road, DEADLINE, ORIGINAL_END_ROLE) == date(2023, 10, 31)
    tip = cell(window, road, ORIGINAL, Qt.ItemDataRole.ToolTipRole)
    assert "现定：2023年12月31日（已批准延期）" in tip and "原定：2023年10月31日" in tip and "原文：10月底前" in tip
    assert cell(window, park, DEADLINE) == "2023年12月31日" and cell(window, park, ORIGINAL) == ""
    assert not window.table.isColumnHidden(ORIGINAL)           # shown once a 延期 was approved
    window.select_row(window.model.row_of_task(road))
    assert "完成时限：2023年12月31日（原定2023年10月31日，已延期）" in window.detail.facts.text()


def test_the_original_deadline_column_waits_for_an_extension(qtbot, tmp_path, registry) -> None:
    store_extracted(extracted([plan("平政发〔2023〕4号", "方案", [task("修复道路", lead=("县住建局",),
                                                                     due=date(2023, 10, 31))])]))
    window = open_main_window(qtbot, registry, tmp_path, as_of=AS_OF, show=False,
                              until=lambda window: window.model.rowCount() == 1)
    assert window.table.isColumnHidden(ORIGINAL)
    window.runner.shutdown(close=close_registry)


def test_the_timeline_shows_the_original_deadline_in_its_tooltip_and_as_a_ghost(window, ids, qtbot) -> None:
    timeline = window.timeline
    window.tabs.setCurrentWidget(timeline)
    timeline.setZoom("week")
    road, park = (window.model.row_of_task(ids[name]) for name in ("修复道路", "建设公园"))
    tip = timeline._tooltip(road)
    assert "完成时限：现定2023年12月31日（已延期），原定2023年10月31日" in tip
    assert "原定" not in timeline._tooltip(park)
    # The ghost: a dark pointer above the bar where it used to end (the evening of 10月31日).
    timeline.selectRow(road)
    hbar = timeline.horizontalScrollBar()
    hbar.setValue(round(hbar.value() + timeline.viewportX(date(2023, 11, 1)) - timeline.width() / 2))
    x = round(timeline.viewportX(date(2023, 11, 1)))
    image = timeline.viewport().grab().toImage()
    top = timeline.verticalScrollBar().value()

    def darkest(row: int) -> int:
        y = HEADER_HEIGHT + (row - top) * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) // 2 - 3
        return min(sum(image.pixelColor(x + dx, y).getRgb()[:3]) for dx in range(-2, 3))

    assert darkest(road) < 300                       # the pointer's outline
    assert darkest(park) > 600                       # no 延期: nothing above its bar


# -- §4 待审批 / 待销号 / 已销号 and 待办 ----------------------------------------------------------

def test_the_state_filter_offers_the_office_steps(window, ids) -> None:
    assert cell(window, ids["改造管网"], STATE) == "逾期·待审批"
    assert cell(window, ids["建设公园"], STATE) == "已完成·待审批"
    assert cell(window, ids["整治河道"], STATE) == "已完成·待销号"
    assert cell(window, ids["清理垃圾"], STATE) == "已销号"
    assert cell(window, ids["绿化街道"], STATE) == "未开始"
    assert "延期申请（2023年11月1日，县水利局、李四）" in cell(window, ids["改造管网"], STATE,
                                                         Qt.ItemDataRole.ToolTipRole)
    window.filters.state.setCurrentText("待审批")
    assert shown_texts(window) == {"改造管网", "建设公园"}
    window.filters.state.setCurrentText("待销号")
    assert shown_texts(window) == {"建设公园", "整治河道"}          # an application is both
    window.filters.state.setCurrentText("已销号")
    assert shown_texts(window) == {"清理垃圾"}
    window.filters.state.setCurrentText("全部状态")
    assert len(shown_texts(window)) == 6


def test_the_waiting_tab_lists_requests_and_tasks_waiting_for_closure_oldest_first(window, ids, qtmodeltester):
    model = window.waiting.model
    qtmodeltester.check(model)
    lines = [(model.data(model.index(row, KIND)), model.data(model.index(row, TASK)))
             for row in range(model.rowCount())]
    assert lines == [("延期申请", "2 改造管网"), ("办结申请", "3 建设公园"), ("已报完成", "4 整治河道")]
    assert model.data(model.index(2, WAITED)) == "今天"                  # reported a moment ago, by the clock
    assert window.tabs.tabText(window.tabs.indexOf(window.waiting)) == "待办（3）"
    assert "待办 3 项（延期申请 1，办结申请 1，已报完成 1）" in window.alerts.label.text()
    assert window.alerts.waiting_button.isVisibleTo(window)
    navigator = window.navigator
    nodes = {navigator.item(row).text(): navigator.item(row) for row in range(navigator.rowCount())}
    assert nodes["待办"].data(WAITING_ROLE) == 3
    departments = nodes["单位（任务数含配合）"]
    waiting = {departments.child(row).text(): departments.child(row).data(WAITING_ROLE)
               for row in range(departments.rowCount())}
    assert waiting == {"县住房和城乡建设局": 1, "县水利局": 3}    # 水利局 cooperates on the park
    window.tree.setCurrentIndex(window.navigator_filter.mapFromSource(nodes["待办"].index()))
    assert nodes["待办"].data(KIND_ROLE) == "waiting" and window.tabs.currentWidget() is window.waiting


def test_handling_a_line_opens_the_office_decision_and_the_line_goes(window, ids, qtbot, monkeypatch) -> None:
    asked = []

    def approve(cls, parent, text, requests, reviewer=None):
        asked.append(text)
        return ExtensionDecision(requests[0].id, True, "", "督查室")

    def close(cls, parent, text, closure, evidence=(), reviewer=None):
        asked.append(text)
        return ClosureDecision(closure.id, True, "", "督查室")

    monkeypatch.setattr(ExtensionReviewDialog, "ask", classmethod(approve))
    monkeypatch.setattr(ClosureReviewDialog, "ask", classmethod(close))
    view = window.waiting
    view.view.selectRow(0)
    assert view.handle_button.isEnabled()
    qtbot.mouseClick(view.handle_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(window.presenter.queue) == 2, timeout=10_000)
    assert asked == ["改造管网"]
    assert cell(window, ids["改造管网"], DEADLINE) == "2023年12月15日（已延期）"
    view.view.selectRow(0)
    qtbot.mouseClick(view.handle_button, Qt.MouseButton.LeftButton)       # the park's application: 销号
    qtbot.waitUntil(lambda: len(window.presenter.queue) == 1, timeout=10_000)
    assert asked == ["改造管网", "建设公园"] and cell(window, ids["建设公园"], STATE) == "已销号"


def test_show_in_the_list_selects_the_task_or_says_why_not(window, ids) -> None:
    view = window.waiting
    view.view.selectRow(2)
    view.show_button.click()
    assert window.tabs.currentWidget() is window.table
    assert window.model.task_id(window.table.currentIndex().row()) == ids["整治河道"]
    window.filters.search.setText("道路")
    window.filters.flush()
    view.show_button.click()
    assert "不在当前列表中" in window.statusBar().currentMessage()


def test_choosing_a_line_shows_its_task_below(window, ids, qtbot) -> None:
    window.show_waiting()
    window.waiting.view.selectRow(1)
    assert window.model.task_id(window.table.currentIndex().row()) == ids["建设公园"]
    assert window.detail.title.text() == "3 建设公园"
    qtbot.waitUntil(lambda: window.detail.history.rowCount() == 1, timeout=10_000)     # its 申请办结
    assert window.tabs.currentWidget() is window.waiting


def test_a_leader_sees_what_waits_but_does_not_handle_it(window) -> None:
    window.apply_role(Actor("leader", "领导", LEADER, account_id=1))
    window.waiting.view.selectRow(0)
    assert window.waiting.show_button.isEnabled() and not window.waiting.handle_button.isEnabled()


# -- §12 the due-soon box ------------------------------------------------------------------

def test_the_due_soon_box_names_the_days_it_counts(window) -> None:
    box = window.filters.soon_days
    assert box.text() == "7 天内到期"
    window.filters.working_days.setChecked(True)
    assert box.text() == "7 个工作日内到期" and window.presenter.working_days
    window.filters.working_days.setChecked(False)
    assert box.text() == "7 天内到期"


# -- §8 统计 as the tree counts, and back to the tasks --------------------------------------------

def statistics_shown(window, qtbot, roles_index: int) -> dict[str, int]:
    view = window.statistics
    window.tabs.setCurrentWidget(view)
    view.role_rule.setCurrentIndex(roles_index)
    qtbot.waitUntil(lambda: view.model.rowCount() > 0 and view.model.roles == view.roles, timeout=10_000)
    return {item.name: item.tasks for item in view.model.items}


def test_the_statistics_totals_agree_with_the_tree_under_its_role_rule(window, qtbot) -> None:
    departments = next(window.navigator.item(row) for row in range(window.navigator.rowCount())
                       if window.navigator.item(row).text() == "单位（任务数含配合）")
    tree = {departments.child(row).text(): departments.child(row).data(TOTAL_ROLE)
            for row in range(departments.rowCount())}
    assert tree == {"县住房和城乡建设局": 4, "县水利局": 3}
    assert statistics_shown(window, qtbot, 0) == {"县住房和城乡建设局": 4, "县水利局": 2}     # 牵头、责任: not the park
    header = window.statistics.model.headerData(TASKS, Qt.Orientation.Horizontal)
    assert header == "任务数（牵头、责任）" and "与左侧单位树不同" in window.statistics.caption.text()
    assert statistics_shown(window, qtbot, 1) == tree                                        # the tree's rule
    assert window.statistics.model.headerData(TASKS, Qt.Orientation.Horizontal) == "任务数（牵头、责任、配合）"
    assert "同左侧单位树" in window.statistics.caption.text()


def test_a_double_click_in_the_statistics_opens_that_units_tasks(window, qtbot) -> None:
    view = window.statistics
    statistics_shown(window, qtbot, 0)
    row = next(row for row, item in enumerate(view.model.items) if item.name == "县水利局")
    overlay = view.table.overlay                          # the frozen name column receives the click
    rect = overlay.visualRect(view.model.index(row, NAME))
    qtbot.mouseClick(overlay.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())   # a double click's first press
    qtbot.mouseDClick(overlay.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.tabs.currentWidget() is window.table
    assert window.presenter.scope.kind == "department" and window.filters.role.currentText() == "牵头和责任"
    assert shown_texts(window) == {"改造管网", "整治河道"}          # its 任务数 in 统计: 2
