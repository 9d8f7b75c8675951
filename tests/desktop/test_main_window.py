"""The real window, driven as the office would: pick a department, filter,
sort, use the timeline, record progress, read the alerts, import, export."""
import shutil
from datetime import date

import pytest
from PySide6.QtCore import QDate, QPoint, Qt

from desktop.office_actions import ImportResultDialog
from desktop.roles import END_ROLE, GROUP_ROLE
from desktop.timeline_view import HEADER_HEIGHT, ROW_HEIGHT
from desktop.task_table_model import COLUMNS, DEADLINE, PLAN, TEXT
from desktop.update_dialog import UpdateDialog, UpdateRequest
from desktop.workers import Cancelled, TaskRunner
from models.supervision.listing import load_task_table
from pypdf import PdfReader
from models.registry.database import close_registry, open_registry
from models.rules.status import OVERDUE

from .windows import open_main_window

AS_OF = date(2023, 11, 6)


@pytest.fixture
def window(qtbot, tmp_path, seeded_registry):
    path = tmp_path / "registry.sqlite3"
    shutil.copy(seeded_registry, path)
    open_registry(path)
    window = open_main_window(qtbot, path, tmp_path, as_of=AS_OF,
                              until=lambda window: len(window.presenter.table) > 600)
    yield window
    window.runner.shutdown(close=close_registry)
    close_registry()


def shown_texts(window, column=TEXT):
    model = window.model
    return [model.data(model.index(row, column)) for row in range(model.rowCount())]


def test_the_list_says_which_plan_and_shows_state_and_progress_at_the_default_width(window):
    """Issue 12 §16: no 文件 column, so 二/（一） of 27 plans could not be told apart, and 状态 and 进度
    were off-screen at the default width."""
    assert window.size().width() == 1400                 # no saved geometry: the default
    header, viewport = window.table.horizontalHeader(), window.table.viewport().width()
    shown = [window.model.headerData(header.logicalIndex(visual), Qt.Orientation.Horizontal)
             for visual in range(header.count())]
    assert shown[:6] == ["文件", "序号", "任务", "灯", "状态", "进度"]
    for name in ("文件", "序号", "任务", "灯", "状态", "进度"):
        column = COLUMNS.index(name)
        assert header.sectionViewportPosition(column) + header.sectionSize(column) <= viewport, name
    # A state with the office's next step reads whole (it was cut to 已完成… at 64 pixels).
    state = COLUMNS.index("状态")
    assert header.sectionSize(state) > window.table.fontMetrics().horizontalAdvance("已完成·待审批")
    # The same number in two plans reads apart by its plan.
    table, rows = window.model.table, window.model.rows
    by_seq = {}
    for view_row, row in enumerate(rows):
        by_seq.setdefault(table.seqs[row], set()).add(window.model.data(window.model.index(view_row, PLAN)))
    assert any(seq and len(plans) > 1 for seq, plans in by_seq.items())
    first = window.model.index(0, PLAN)
    number, title, _ = table.plans[table.plan_ids[rows[0]]]
    assert first.data() == (number or title) and title in first.data(Qt.ItemDataRole.ToolTipRole)
    window.model.sort(PLAN, Qt.SortOrder.AscendingOrder)          # by plan, each in its own order
    plans = [window.model.data(window.model.index(row, PLAN)) for row in range(window.model.rowCount())]
    assert plans == sorted(plans)


def test_department_by_alias_shows_its_tasks(window):
    everything = window.model.rowCount()
    assert window.select_department("县住建局")          # an alias of 县住房和城乡建设局
    rows = window.model.rowCount()
    assert 0 < rows < everything
    table = window.model.table
    for view_row in range(rows):
        row = window.model.rows[view_row]
        units = [table.unit_text(row, role) for role in ("lead", "responsible", "cooperating")]
        assert any("住房和城乡建设" in text for text in units)


def test_text_filter_and_state_filter(window):
    window.filters.search.setText("污水")
    window.filters.flush()
    texts = shown_texts(window)
    assert texts and all("污水" in window.model.table.haystack()[row] for row in window.model.rows)
    window.filters.search.setText("")
    window.filters.state.setCurrentText(OVERDUE)
    states = [window.model.state_of[row] for row in window.model.rows]
    assert states and set(states) == {OVERDUE}


def test_sort_by_deadline(window, qtbot):
    header = window.table.horizontalHeader()
    header.setSortIndicator(DEADLINE, Qt.SortOrder.AscendingOrder)
    deadlines = [window.model.table.deadlines[row] for row in window.model.rows]
    dated = [value for value in deadlines if value]
    assert dated == sorted(dated)
    assert deadlines[:len(dated)] == dated                  # undated tasks last


def test_timeline_click_selects_the_task_and_back(window, qtbot):
    window.filters.state.setCurrentText(OVERDUE)          # rows that have bars
    window.tabs.setCurrentWidget(window.timeline)
    timeline = window.timeline
    timeline.verticalScrollBar().setValue(0)
    row = 3
    deadline = window.model.data(window.model.index(row, 0), END_ROLE)
    y = HEADER_HEIGHT + row * ROW_HEIGHT + ROW_HEIGHT // 2
    timeline.horizontalScrollBar().setValue(
        timeline.horizontalScrollBar().value() + int(timeline.viewportX(deadline)) - timeline.viewport().width() // 2)
    x = int(timeline.viewportX(deadline)) - 2                # just inside the bar's end
    with qtbot.waitSignal(timeline.taskClicked) as clicked:
        qtbot.mouseClick(timeline.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, y))
    assert clicked.args == [window.model.task_id(row)]
    assert window.table.currentIndex().row() == row
    assert window.detail.update_button.isEnabled()
    window.select_row(1)
    assert timeline.selectedRow() == 1


def test_status_update_appears_in_history_and_counts(window, qtbot, monkeypatch):
    window.select_department("县水利局")
    window.select_row(0)
    table = window.model.table
    task_id = table.ids[window.model.rows[0]]
    done_before = sum(1 for state in window.presenter.state_of if state == "已完成")
    request = UpdateRequest("已完成", 100, "工程已竣工验收", "水利局联络员", None, date(2023, 11, 3), ())
    monkeypatch.setattr(UpdateDialog, "ask", classmethod(lambda cls, *args, **kwargs: request))
    window.tasks.update_selected()
    # Reported 已完成, it now waits for the office's 销号: the registry is read again with its 待办.
    qtbot.waitUntil(lambda: window.model.table is not table and window.detail.history.rowCount() == 1,
                    timeout=10_000)
    assert window.detail.history.data(window.detail.history.index(0, 5)) == "工程已竣工验收"
    assert sum(1 for state in window.presenter.state_of if state == "已完成") == done_before + 1
    reloaded = window.model.table
    assert reloaded.statuses[reloaded.ids.index(task_id)] == "已完成"
    assert [item.task_id for item in window.presenter.queue.items if item.kind == "已报完成"] == [task_id]


def test_overdue_banner_for_a_fixed_date(window):
    overdue = window.presenter.state_of.count(OVERDUE)
    assert overdue > 0
    text = window.alerts.label.text()
    assert "截至2023年11月6日" in text and f"逾期 {overdue} 项" in text
    window.filters.as_of.setDate(window.filters.as_of.date().addYears(-1))
    assert "截至2022年11月6日" in window.alerts.label.text()


def test_import_from_the_window(window, qtbot, monkeypatch, tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text("某县人民政府办公室\n关于印发某县2023年工作方案的通知\n某政办发〔2023〕99号\n2023年3月1日\n"
                    "1.新建公园。（责任单位：县住建局；完成时限：2023年6月底前）\n", encoding="utf-8")
    shown, offered = [], []

    def present(cls, parent, lines, plans=(), review=None):
        shown.append(lines)
        offered.append((plans, review))

    monkeypatch.setattr(ImportResultDialog, "present", classmethod(present))
    before = len(window.presenter.table)
    window.office.import_paths([str(plan), str(tmp_path / "missing.txt")])
    qtbot.waitUntil(lambda: len(window.presenter.table) == before + 1, timeout=10_000)
    assert any("已导入" in line for line in shown[0])
    assert window.errors.isVisible() and "missing.txt" in window.errors.label.text()
    # What was just imported can be checked against its source from the result (导入审核).
    plans, review = offered[0]
    assert len(plans) == 1 and "某政办发〔2023〕99号" in plans[0][1]
    opened = review(plans[0][0])
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=10_000)
    assert opened.model.rowCount() == 1 and opened.review.lines
    opened.close()


def test_cancelled_import_changes_nothing(window, qtbot, monkeypatch, tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text("某县2023年工作方案\n1.新建公园。（责任单位：县住建局）\n", encoding="utf-8")
    before = len(window.presenter.table)
    monkeypatch.setattr("desktop.import_job.store_extracted",
                        lambda extracted, progress=None: (_ for _ in ()).throw(Cancelled()))
    window.office.import_paths([str(plan)])
    qtbot.waitUntil(lambda: window.errors.isVisible(), timeout=10_000)
    assert "取消" in window.errors.label.text()
    assert window.office.import_action.isEnabled()
    assert len(load_task_table()) == before


def test_enter_opens_the_update_dialog(window, qtbot, monkeypatch):
    asked = []
    monkeypatch.setattr(UpdateDialog, "ask", classmethod(lambda cls, *args, **kwargs: asked.append(args) or None))
    window.select_row(0)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=10_000)
    assert len(asked) == 1 and asked[0][1] == window.model.table.texts[window.model.rows[0]]
    assert window.detail.history.rowCount() == 0             # cancelled: nothing recorded


def test_weekly_report_from_the_window(window, qtbot, monkeypatch, tmp_path):
    target = tmp_path / "周报.pdf"
    monkeypatch.setattr("desktop.office_actions.QFileDialog.getSaveFileName",
                        lambda *args, **kwargs: (str(target), "PDF (*.pdf)"))
    window.office.export_report()
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=30_000)
    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    assert "2023年第45周" in text and "逾期任务通报" in text
    overdue = [window.model.table.texts[row] for row, state in enumerate(window.presenter.state_of)
               if state == OVERDUE]
    assert overdue and all(task[:6] in text.replace("\n", "") for task in overdue)


def test_timeline_grouped_by_lead_unit(window):
    window._group_by(False)
    groups = [window.model.data(window.model.index(row, 0), GROUP_ROLE) for row in range(window.model.rowCount())]
    changes = sum(1 for before, after in zip(groups, groups[1:]) if before != after)
    assert changes == len(set(groups)) - 1                 # each unit's tasks together
    window._group_by(True)
    assert window.model.data(window.model.index(0, 0), GROUP_ROLE) == window.model.table.plan_number(0)


def test_ledger_and_status_sheet_round_trip_from_the_window(window, qtbot, monkeypatch, tmp_path):
    from openpyxl import load_workbook

    ledger = tmp_path / "台账.xlsx"
    monkeypatch.setattr("desktop.office_actions.QFileDialog.getSaveFileName", lambda *a, **k: (str(ledger), ""))
    window.office.export_ledger()
    qtbot.waitUntil(lambda: ledger.exists(), timeout=10_000)
    assert len(load_workbook(ledger, read_only=True).sheetnames) > 10

    window.office.export_status_sheet()                          # no department chosen yet
    assert "请先在左侧选择一个单位" in window.errors.label.text()
    window.select_department("县水利局")
    sheet = tmp_path / "水利局.xlsx"
    monkeypatch.setattr("desktop.office_actions.QFileDialog.getSaveFileName", lambda *a, **k: (str(sheet), ""))
    window.office.export_status_sheet()
    qtbot.waitUntil(lambda: sheet.exists(), timeout=10_000)
    book = load_workbook(sheet)
    work = book.worksheets[0]
    header_row = next(row for row in range(1, 10) if work.cell(row, 1).value == "序号")
    columns = {work.cell(header_row, column).value: column for column in range(1, work.max_column + 1)}
    work.cell(header_row + 1, columns["进展情况"], "已完成初步设计")
    book.save(sheet)
    shown = []
    monkeypatch.setattr(ImportResultDialog, "present", classmethod(lambda cls, parent, lines, **kwargs: shown.append(lines)))
    monkeypatch.setattr("desktop.office_actions.QFileDialog.getOpenFileNames", lambda *a, **k: ([str(sheet)], ""))
    window.office.import_status_sheets()
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert "新增进展 1 条" in shown[0][0]


def test_due_soon_in_working_days_across_national_day(window):
    """As of 2023-09-28, 3 working days reach 2023-10-09 (the holiday and its 调休 counted)."""
    window.filters.soon_days.setValue(3)
    window.filters.as_of.setDate(QDate(2023, 9, 28))
    calendar_soon = window.presenter.state_of.count("即将到期")
    window.filters.working_days.setChecked(True)
    assert "3个工作日内到期" in window.alerts.label.text()
    table, states = window.presenter.table, window.presenter.state_of
    soon = [table.deadlines[row] for row, state in enumerate(states) if state == "即将到期"]
    assert soon and max(soon) <= "2023-10-09" and min(soon) >= "2023-09-28"
    assert len(soon) >= calendar_soon


def test_extension_request_and_approval_from_the_window(window, qtbot, monkeypatch):
    from desktop.extension_dialog import ExtensionDecision, ExtensionInput, ExtensionRequestDialog, ExtensionReviewDialog
    from models.registry.schema import Task

    window.filters.state.setCurrentText(OVERDUE)
    window.select_row(0)
    task_id = window.model.task_id(0)
    task = Task.get_by_id(task_id)
    new = date(2023, 12, 31)
    monkeypatch.setattr(ExtensionRequestDialog, "ask", classmethod(
        lambda cls, *a, **k: ExtensionInput(new, "汛期施工受阻", "联络员", None)))
    window.tasks.request_extension()
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=5000)
    assert "已提交延期申请" in window.statusBar().currentMessage()
    assert Task.get_by_id(task_id).current_deadline == task.current_deadline     # not moved yet
    window.select_row(window.model.row_of_task(task_id))

    def approve(cls, parent, text, requests, reviewer=None):
        pending = [request for request in requests if request.state == "待审批"]
        return ExtensionDecision(pending[0].id, True, "同意", "督查室")
    monkeypatch.setattr(ExtensionReviewDialog, "ask", classmethod(approve))
    window.tasks.review_extension()
    qtbot.waitUntil(lambda: Task.get_by_id(task_id).current_deadline == new, timeout=5000)
    assert Task.get_by_id(task_id).original_deadline == task.original_deadline


def test_notice_from_the_window(window, qtbot, monkeypatch):
    """生成督办单 opens its dialog (tests/desktop/test_notice_dialog.py drives it); 签发 issues the notice."""
    from datetime import datetime

    import desktop.notice
    import models.paper.notices
    from desktop.notice_dialog import NoticeChoice, NoticeDialog
    monkeypatch.setattr(models.paper.notices, "now", lambda: datetime(2023, 11, 8, 10))   # the day it is issued
    opened = []
    monkeypatch.setattr(desktop.notice, "show_notice_preview", lambda parent, sheet, path: opened.append(sheet))
    monkeypatch.setattr(NoticeDialog, "ask", classmethod(
        lambda cls, parent, text, proposal, preview=None: NoticeChoice(proposal.colour, None, "督查室")))
    window.filters.state.setCurrentText(OVERDUE)
    table = window.model.table
    with_units = next(view_row for view_row, row in enumerate(window.model.rows)
                      if table.unit_text(row, "lead") or table.unit_text(row, "responsible"))
    window.select_row(with_units)
    window.tasks.issue_notice()
    qtbot.waitUntil(lambda: bool(opened) or window.errors.isVisible(), timeout=10_000)
    assert opened, window.errors.label.text()
    assert opened[0].number == "督〔2023〕1号" and opened[0].issued_by == "督查室"
    assert opened[0].issued_at == datetime(2023, 11, 8, 10)
    qtbot.waitUntil(lambda: "督办单" in window.statusBar().currentMessage(), timeout=5000)


def test_statistics_tab_and_duplicates_from_the_window(window, qtbot, monkeypatch):
    from desktop.duplicates_dialog import DuplicatesDialog
    window.tabs.setCurrentWidget(window.statistics)
    qtbot.waitUntil(lambda: window.statistics.model.rowCount() > 10, timeout=10_000)
    proposed = []
    monkeypatch.setattr(DuplicatesDialog, "run", classmethod(
        lambda cls, parent, runner, actor, table, pairs, *a, **k: proposed.append(pairs) or []))
    window.office.find_duplicates()
    qtbot.waitUntil(lambda: bool(proposed), timeout=15_000)
    plans = window.model.table.plan_ids
    table = window.model.table
    for pair in proposed[0]:
        a, b = table.ids.index(pair.task_a), table.ids.index(pair.task_b)
        assert plans[a] != plans[b]


def test_undated_rows_sort_last_in_both_directions(window):
    header = window.table.horizontalHeader()
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        header.setSortIndicator(DEADLINE, order)
        deadlines = [window.model.table.deadlines[row] for row in window.model.rows]
        dated = [value for value in deadlines if value]
        assert deadlines[:len(dated)] == sorted(dated, reverse=order == Qt.SortOrder.DescendingOrder)


def test_progress_reaches_the_gui_thread_only(qtbot):
    """Progress dialogs are widgets: the runner relays progress to the GUI thread."""
    import threading

    runner = TaskRunner()
    threads = []
    runner.progressed.connect(lambda done, total, label: threads.append(threading.current_thread()))
    finished = []

    def work(job):
        for step in range(3):
            job.progress(step + 1, 3)
        return "done"

    runner.run(work, finished.append, finished.append)
    qtbot.waitUntil(lambda: finished == ["done"], timeout=5000)
    qtbot.waitUntil(lambda: bool(threads), timeout=5000)
    assert set(threads) == {threading.main_thread()}
    runner.shutdown()


def test_garbage_is_collected_on_the_gui_thread(qtbot):
    import gc

    from PySide6.QtCore import QObject

    from desktop.gc_guard import collect_on_gui_thread
    owner = QObject()
    was = gc.isenabled()
    try:
        timer = collect_on_gui_thread(owner, interval_ms=10)
        assert not gc.isenabled() and timer.isActive()
        collected = []

        def seen(phase, info):
            collected.append(phase)
        gc.callbacks.append(seen)
        qtbot.waitUntil(lambda: "stop" in collected, timeout=2000)
    finally:
        gc.callbacks.remove(seen)
        timer.stop()
        if was:
            gc.enable()
