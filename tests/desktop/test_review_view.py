"""导入审核 in the real window: a plan beside its source, the office's corrections, and
each one showing in the list, the timeline and the weekly report."""
import shutil
from datetime import date

import pytest
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QInputDialog

from desktop.review_model import LEAD
from desktop.roles import END_ROLE
from desktop.task_edit_dialog import TaskEdit, TaskEditDialog
from models.access.actor import Actor
from models.paper.reports import weekly_report
from models.registry.database import close_registry, open_registry
from models.registry.schema import Plan, Task
from models.upkeep.review import NO_DEADLINE

from .windows import open_main_window

AS_OF = date(2023, 11, 6)
PLAN = "平政办发〔2023〕4号"          # units written inside each task's own lines


@pytest.fixture
def window(qtbot, tmp_path, seeded_registry):
    path = tmp_path / "registry.sqlite3"
    shutil.copy(seeded_registry, path)
    open_registry(path)
    window = open_main_window(qtbot, path, tmp_path, as_of=AS_OF)
    settle(qtbot, window)
    yield window
    window.runner.shutdown(close=close_registry)
    close_registry()


def settle(qtbot, window) -> None:
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=15_000)


@pytest.fixture
def review(window, qtbot):
    review = window.open_review(Plan.get(Plan.number == PLAN).id)
    qtbot.addWidget(review)
    settle(qtbot, window)
    assert review.model.rowCount() == Task.select().join(Plan).where(Plan.number == PLAN).count()
    return review


def visible_blocks(source) -> range:
    first = source.firstVisibleBlock().blockNumber()
    last = source.cursorForPosition(source.viewport().rect().bottomLeft()).blockNumber()
    return range(first, last + 1)


def test_selecting_a_task_scrolls_the_source_to_its_lines_and_marks_its_units(review, qtbot):
    review.select_row(7)
    task = review.selected_task()
    source = review.source
    qtbot.waitUntil(lambda: source.block_of_line(task.line_start) in visible_blocks(source), timeout=5000)
    selections = source.extraSelections()
    start = selections[0].cursor.selectionStart()
    assert source.document().findBlock(start).blockNumber() == source.block_of_line(task.line_start)
    marked = {selection.cursor.selectedText() for selection in selections[1:]}
    assert marked & {name for _role, name in task.written_units}


def test_a_click_in_the_source_selects_the_task_that_covers_the_line(review):
    task = review.model.records[5]
    review.select_row(0)
    review.select_line(task.line_end)
    assert review.selected_task().id == task.id


def test_flags_are_counted_per_plan(review):
    without = sum(1 for task in review.model.records if NO_DEADLINE in task.flags)
    assert without > 0
    assert f"{NO_DEADLINE} {without}" in review.counts.text()
    assert "待审核" in review.heading.text()


def test_an_edit_of_units_and_deadline_shows_in_the_list_timeline_and_report(window, review, qtbot, monkeypatch):
    review.select_row(2)
    task = review.selected_task()
    monkeypatch.setattr(TaskEditDialog, "ask", classmethod(
        lambda cls, *args, **kwargs: TaskEdit(units={"lead": ("县水利局",)}, deadline="2023-10-31")))
    review.edit_selected()
    settle(qtbot, window)
    edited = review.model.records[review.model.row_of(task.id)]
    assert edited.lead == ("县水利局",) and edited.deadline == date(2023, 10, 31)
    assert {"lead", "deadline"} <= edited.edited
    assert review.model.data(review.model.index(review.model.row_of(task.id), LEAD)) == "县水利局"
    # The list and the timeline of the main window read it again.
    table = window.model.table
    row = table.ids.index(task.id)
    assert table.unit_text(row, "lead") == "县水利局" and table.deadlines[row] == "2023-10-31"
    view_row = window.model.row_of_task(task.id)
    assert window.model.data(window.model.index(view_row, 0), END_ROLE) == date(2023, 10, 31)
    # Overdue on the report's Monday, under its new lead unit.
    report = weekly_report(AS_OF)
    section = next(section for section in report.sections if section.name == "县水利局")
    assert task.id in {overdue.task_id for overdue in section.tasks}


def test_a_task_added_from_selected_source_lines(window, review, qtbot, monkeypatch):
    source = review.source
    missed = next(line for line in range(review.review.first_line + len(review.review.lines) - 1,
                                         review.review.first_line, -1)
                  if review.review.line_text(line).strip() and review.review.task_at_line(line) is None)
    cursor = QTextCursor(source.document().findBlockByNumber(source.block_of_line(missed)))
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
    source.setTextCursor(cursor)
    asked = []

    def ask(cls, parent, task, names, preview, text=""):
        asked.append(text)
        return TaskEdit(text="补录：按期报送工作进展", units={"responsible": ("县水利局",)})

    monkeypatch.setattr(TaskEditDialog, "ask", classmethod(ask))
    before = review.model.rowCount()
    review.add_from_lines()
    settle(qtbot, window)
    assert asked == [review.review.line_text(missed).strip()]                  # prefilled from the lines
    assert review.model.rowCount() == before + 1
    added = next(task for task in review.model.records if task.text == "补录：按期报送工作进展")
    assert added.line_start == missed and added.responsible == ("县水利局",)
    assert added.id in window.model.table.ids


def test_a_heading_withdrawn_with_its_reason(window, review, qtbot, monkeypatch):
    review.select_row(0)
    task = review.selected_task()
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *args, **kwargs: ("阶段标题，不是任务", True)))
    review.withdraw_selected()
    settle(qtbot, window)
    gone = review.model.records[review.model.row_of(task.id)]
    assert gone.withdrawn and gone.withdrawn_reason == "阶段标题，不是任务"
    assert not review.edit_button.isEnabled()
    assert task.id not in window.model.table.ids or Task.get_by_id(task.id).withdrawn


def plan_node_text(window, plan_id: int) -> str:
    from desktop.navigator import ID_ROLE, KIND_ROLE
    files = window.navigator.item(window.navigator.rowCount() - 1)
    return next(files.child(row).text() for row in range(files.rowCount())
                if files.child(row).data(KIND_ROLE) == "plan" and files.child(row).data(ID_ROLE) == plan_id)


def test_marked_reviewed_says_who_and_when(window, review, qtbot):
    assert plan_node_text(window, review.plan_id).endswith("（待审核）")       # the file list says so
    review.mark_reviewed()
    settle(qtbot, window)
    assert "已审核" in review.heading.text() and not review.reviewed_button.isEnabled()
    assert not plan_node_text(window, review.plan_id).endswith("（待审核）")


def test_a_leader_reads_but_cannot_correct(window, review):
    window.apply_role(Actor("leader", "县领导", "leader"))
    review.select_row(1)
    assert not review.edit_button.isEnabled() and not review.reviewed_button.isEnabled()
    assert not review.withdraw_button.isEnabled()


def test_ctrl_r_opens_the_selected_tasks_plan(window, qtbot):
    window.select_row(0)
    plan_id = window.model.table.plan_ids[window.model.rows[0]]
    window.review_action.trigger()
    settle(qtbot, window)
    assert plan_id in window.reviews and window.reviews[plan_id].isVisible()
    window.reviews[plan_id].close()
