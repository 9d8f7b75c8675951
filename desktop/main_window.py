"""The window the supervision office lives in. It composes the parts and
wires their signals; what the parts show is decided by the presenter and by
models/ (states, tallies, reports)."""
from __future__ import annotations

import sys
import traceback
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QByteArray, QItemSelectionModel, QModelIndex, QSettings, Qt, Slot
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QFileDialog, QHeaderView, QLabel,
                               QLineEdit, QMainWindow, QPlainTextEdit, QProgressDialog, QSplitter, QTableView,
                               QTabWidget, QTreeView, QVBoxLayout, QWidget)

from models.assessment import Assessment, assess
from models.duplicates import candidate_pairs, linked_tasks
from models.evidence import evidence_of, record_update_with_evidence
from models.listing import TaskTable, apply_update, load_task_table
from models.queries import task_history
from models.schema import DepartmentAlias
from models.statistics import department_statistics, plan_statistics
from models.status import DUE_SOON, DUE_SOON_DAYS, OVERDUE

from .alerts import AlertBanner, ErrorBanner
from .detail_panel import DetailPanel
from .duplicates_dialog import DuplicatesDialog
from .filter_bar import FilterBar
from .import_job import FileOutcome, import_files, outcome_lines
from .navigator import ID_ROLE, KIND_ROLE, BadgeDelegate, NavigatorFilter, NavigatorModel
from .presenter import Scope, TaskListPresenter
from .statistics_view import StatisticsView
from models.wording import chinese_date
from .task_table_model import LEAD, SEQ, TEXT, TaskTableModel
from .timeline_view import TimelineView
from .update_dialog import UpdateDialog
from .workers import Cancelled, TaskRunner


class MainWindow(QMainWindow):
    def __init__(self, registry_path: Path, runner: TaskRunner, settings: QSettings,
                 as_of: date | None = None) -> None:
        super().__init__()
        self.registry_path = registry_path
        self.runner = runner
        self.settings = settings
        self.setWindowTitle(f"督办台 — {registry_path}")
        due_soon_days = int(settings.value("alerts/due_soon_days", DUE_SOON_DAYS))

        self.model = TaskTableModel(self)
        self.presenter = TaskListPresenter(self.model, self)
        self.presenter.as_of = as_of or date.today()
        self.presenter.due_soon_days = due_soon_days

        # Left: department and plan tree with search by any alias.
        self.navigator = NavigatorModel(self)
        self.navigator_filter = NavigatorFilter(self)
        self.navigator_filter.setSourceModel(self.navigator)
        self.tree = QTreeView()
        self.tree.setModel(self.navigator_filter)
        self.tree.setItemDelegate(BadgeDelegate(self.tree))
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.department_search = QLineEdit()
        self.department_search.setPlaceholderText("查找单位（任一名称或简称）")
        self.department_search.setClearButtonEnabled(True)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.department_search)
        left_layout.addWidget(self.tree)

        # Right: banners, filters, list and timeline, details.
        self.alerts = AlertBanner()
        self.errors = ErrorBanner()
        self.filters = FilterBar(self.presenter.as_of, due_soon_days)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        for column, width in enumerate((96, 360, 140, 170, 130, 110, 44, 64, 46, 100, 110)):
            header.resizeSection(column, width)
        self.timeline = TimelineView()
        self.timeline.setModel(self.model)
        self.timeline.setToday(self.presenter.as_of)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.table, "任务列表")
        self.tabs.addTab(self.timeline, "时间轴")
        self.statistics = StatisticsView()
        self.tabs.addTab(self.statistics, "统计")
        self.detail = DetailPanel()
        right_split = QSplitter(Qt.Orientation.Vertical)
        right_split.addWidget(self.tabs)
        right_split.addWidget(self.detail)
        right_split.setStretchFactor(0, 3)
        right_split.setStretchFactor(1, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.errors, self.alerts, self.filters):
            right_layout.addWidget(widget)
        right_layout.addWidget(right_split, 1)
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.addWidget(left)
        self.split.addWidget(right)
        self.split.setStretchFactor(1, 1)
        self.split.setSizes([300, 1100])
        self.setCentralWidget(self.split)
        self.count_label = QLabel()
        self.statusBar().addPermanentWidget(self.count_label)

        self._build_menus()
        self._connect()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 860)

    # -- construction ----------------------------------------------------------

    def _build_menus(self) -> None:
        menu = self.menuBar().addMenu("文件")
        self.import_action = self._action(menu, "导入公报…", QKeySequence("Ctrl+I"), self.import_dialog)
        self.print_action = self._action(menu, "打印逾期周报…", QKeySequence("Ctrl+P"), self.print_report)
        self._action(menu, "导出逾期周报 PDF…", None, self.export_report)
        menu.addSeparator()
        self._action(menu, "导出台账（Excel）…", QKeySequence("Ctrl+E"), self.export_ledger)
        self._action(menu, "导出本单位进展填报表…", None, self.export_status_sheet)
        self._action(menu, "导入进展填报表…", None, self.import_status_sheets)
        menu.addSeparator()
        self._action(menu, "退出", QKeySequence("Ctrl+Q"), self.close)
        menu = self.menuBar().addMenu("任务")
        self.update_action = self._action(menu, "更新进展…", None, self.update_selected)
        menu.addSeparator()
        self._action(menu, "申请延期…", None, self.request_extension)
        self._action(menu, "审批延期…", None, self.review_extension)
        self._action(menu, "申请办结…", None, self.apply_closure)
        self._action(menu, "审核办结（销号/退回）…", None, self.review_closure)
        menu.addSeparator()
        self._action(menu, "生成督办单…", None, self.issue_notice)
        menu.addSeparator()
        self._action(menu, "查找", QKeySequence("Ctrl+F"), self.focus_search)
        menu = self.menuBar().addMenu("工具")
        self._action(menu, "查找跨文件的重复任务…", None, self.find_duplicates)
        menu = self.menuBar().addMenu("视图")
        for label, zoom in (("时间轴：按周", "week"), ("时间轴：按月", "month"), ("时间轴：按季", "quarter"),
                            ("时间轴：按年", "year")):
            self._action(menu, label, None, lambda checked=False, zoom=zoom: self._zoom(zoom))
        menu.addSeparator()
        self._action(menu, "时间轴按文件分组", None, lambda: self._group_by(True))
        self._action(menu, "时间轴按牵头单位分组", None, lambda: self._group_by(False))
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut = QShortcut(QKeySequence(key), self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self.update_selected)

    def _action(self, menu, text: str, shortcut: QKeySequence | None, slot) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _connect(self) -> None:
        self.tree.selectionModel().currentChanged.connect(self._navigate)
        self.department_search.textChanged.connect(self._search_departments)
        self.filters.changed.connect(lambda values: self.presenter.set_filters(**values))
        self.filters.asOfChanged.connect(self._as_of_changed)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self.presenter.set_sort)
        self.table.selectionModel().currentRowChanged.connect(self._row_selected)
        self.table.doubleClicked.connect(lambda _index: self.update_selected())
        self.timeline.rowClicked.connect(self.select_row)
        self.presenter.tableChanged.connect(self._refresh_counts)
        self.presenter.tableChanged.connect(self._refresh_statistics)
        self.tabs.currentChanged.connect(lambda _index: self._refresh_statistics())
        self.presenter.rowsChanged.connect(self._rows_changed)
        self.presenter.calendarProblem.connect(self._calendar_problem)
        self.alerts.showOverdue.connect(lambda: self.filters.state.setCurrentText(OVERDUE))
        self.alerts.showDueSoon.connect(lambda: self.filters.state.setCurrentText(DUE_SOON))
        self.detail.updateRequested.connect(self.update_selected)
        self.model.modelReset.connect(self._selection_lost)

    # -- loading ---------------------------------------------------------------

    def load(self) -> None:
        """Read the registry on the worker; show it when it arrives."""
        self.statusBar().showMessage("正在读取登记册…")
        as_of, days = self.presenter.as_of, self.presenter.due_soon_days
        self._loaded_for = (as_of, days)
        self.runner.run(lambda job: _loaded(as_of, days), self.show_table, self.show_error)

    def show_table(self, loaded: tuple[TaskTable, Assessment, list]) -> None:
        table, assessment, tallies = loaded
        if (self.presenter.as_of, self.presenter.due_soon_days) != self._loaded_for:
            assessment = tallies = None       # the as-of date changed while loading
        self.presenter.set_table(table, assessment, tallies)
        self.statusBar().showMessage(f"登记册：{self.registry_path}", 5000)
        # The search index next, still off the GUI thread, before the first keystroke needs it.
        self.runner.run(lambda job: table.haystack(), lambda _result: None, self.show_error)

    @Slot()
    def _refresh_counts(self) -> None:
        tallies = self.presenter.tallies()
        aliases: dict[int, list[str]] = {}
        for name, department in DepartmentAlias.select(DepartmentAlias.name, DepartmentAlias.department).tuples():
            aliases.setdefault(department, []).append(name)
        current = self.tree.currentIndex()
        kind, ident = (current.data(KIND_ROLE), current.data(ID_ROLE)) if current.isValid() else ("all", None)
        self.navigator.populate(self.presenter.table, tallies, aliases)
        self.tree.expandToDepth(0)
        self._reselect_navigator(kind, ident)
        states = self.presenter.state_of
        self.alerts.show_counts(tallies, self.presenter.as_of, self.presenter.due_soon_days,
                                states.count(OVERDUE), states.count(DUE_SOON),
                                unit="个工作日" if self.presenter.working_days else "天")
        self.timeline.setToday(self.presenter.as_of)

    def _reselect_navigator(self, kind: str, ident: int | None) -> None:
        for row in range(self.navigator.rowCount()):
            top = self.navigator.item(row)
            candidates = [top] + [top.child(child) for child in range(top.rowCount())]
            for item in candidates:
                if item.data(KIND_ROLE) == kind and item.data(ID_ROLE) == ident:
                    index = self.navigator_filter.mapFromSource(item.index())
                    self.tree.selectionModel().blockSignals(True)
                    self.tree.setCurrentIndex(index)
                    self.tree.selectionModel().blockSignals(False)
                    return

    # -- navigation and selection ----------------------------------------------

    @Slot(QModelIndex, QModelIndex)
    def _navigate(self, current: QModelIndex, _previous: QModelIndex) -> None:
        kind, ident = current.data(KIND_ROLE), current.data(ID_ROLE)
        if kind in ("department", "plan"):
            self.presenter.set_scope(Scope(kind, ident, current.data(Qt.ItemDataRole.DisplayRole)))
        elif kind == "all":
            self.presenter.set_scope(Scope())

    def select_department(self, name: str) -> bool:
        """Select a department node by any of its names (used by search and tests)."""
        self.department_search.setText(name)
        for row in range(self.navigator_filter.rowCount()):
            parent = self.navigator_filter.index(row, 0)
            for child in range(self.navigator_filter.rowCount(parent)):
                index = self.navigator_filter.index(child, 0, parent)
                if index.data(KIND_ROLE) == "department":
                    self.tree.setCurrentIndex(index)
                    return True
        return False

    def _search_departments(self, text: str) -> None:
        self.navigator_filter.setFilterFixedString(text.strip())
        self.tree.expandAll() if text.strip() else self.tree.expandToDepth(0)

    def select_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, TEXT),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            self.table.scrollTo(self.model.index(row, TEXT))

    @Slot(QModelIndex, QModelIndex)
    def _row_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self.detail.clear()
            return
        self.timeline.selectRow(current.row())
        self._show_detail(current.row())

    def _show_detail(self, view_row: int) -> None:
        table, row = self.model.table, self.model.rows[view_row]
        plan_number, plan_title, issue = table.plans[table.plan_ids[row]]
        deadline = chinese_date(table.deadlines[row]) or "—"
        written = table.deadline_texts[row]
        facts = [f"文件：{plan_number or '无文号'} {plan_title or ''}（{chinese_date(issue) or '印发日期不详'}）",
                 f"牵头：{table.unit_text(row, 'lead') or '—'}　责任：{table.unit_text(row, 'responsible') or '—'}"
                 f"　配合：{table.unit_text(row, 'cooperating') or '—'}",
                 f"完成时限：{deadline}" + (f"（原文：{written}）" if written else "")
                 + f"　状态：{self.presenter.state_of[row]}　进度：{table.progress[row]}%"]
        self.detail.show_task(f"{table.seqs[row]} {table.texts[row]}".strip(), "\n".join(facts))
        task_id = table.ids[row]
        history = task_history(task_id)
        evidence = {update: [item.file_name for item in items]
                    for update, items in evidence_of([entry.id for entry in history]).items()}
        self.detail.history.set_history(history, evidence)

    @Slot()
    def _selection_lost(self) -> None:
        self.detail.clear()

    def _calendar_problem(self, message: str) -> None:
        self.filters.working_days.blockSignals(True)
        self.filters.working_days.setChecked(False)
        self.filters.working_days.blockSignals(False)
        self.errors.show_error(f"{message} 已改按自然日计算。")

    def _rows_changed(self, shown: int) -> None:
        self.count_label.setText(f"显示 {shown} / 共 {len(self.presenter.table)} 项")

    # -- actions -----------------------------------------------------------------

    def focus_search(self) -> None:
        self.filters.search.setFocus()
        self.filters.search.selectAll()

    def _zoom(self, zoom: str) -> None:
        self.timeline.setZoom(zoom)
        self.tabs.setCurrentWidget(self.timeline)

    def _group_by(self, by_plan: bool) -> None:
        """Group the timeline by plan (document order) or by lead unit (rows sorted by it)."""
        self.model.group_by_plan = by_plan
        column = SEQ if by_plan else LEAD
        self.table.horizontalHeader().setSortIndicator(column, Qt.SortOrder.AscendingOrder)
        self.tabs.setCurrentWidget(self.timeline)

    def _as_of_changed(self, as_of: date, due_soon_days: int, working_days: bool) -> None:
        self.settings.setValue("alerts/due_soon_days", due_soon_days)
        self.presenter.set_as_of(as_of, due_soon_days, working_days)

    def update_selected(self) -> None:
        """更新进展 for the selected task: append to its history, never overwrite."""
        index = self.table.currentIndex()
        if not index.isValid():
            return
        view_row = index.row()
        table, row = self.model.table, self.model.rows[view_row]
        task_id = table.ids[row]
        departments = [name for role in ("lead", "responsible", "cooperating")
                       for name in table.unit_text(row, role).split("、") if name]
        request = UpdateDialog.ask(self, table.texts[row], table.statuses[row], table.progress[row],
                                   departments, who=str(self.settings.value("update/who", "")),
                                   today=self.presenter.as_of)
        if request is None:
            return
        try:
            update = record_update_with_evidence(
                task_id, request.status, request.progress, note=request.note, who=request.who,
                department=request.department, completed_on=request.completed_on, files=request.files)
        except (OSError, ValueError, LookupError) as error:
            self.errors.show_error(f"进展未保存：{error}")
            return
        self.settings.setValue("update/who", request.who)
        if linked_tasks(task_id):
            # The update was copied to the linked tasks: reload them all.
            self._after_workflow(task_id, "已记录进展，并同步到关联任务")
            return
        apply_update(table, task_id, request.status, request.progress, str(update.created_at))
        self.presenter.set_table(table)            # recompute states, counts, alerts
        self.select_row(self.model.row_of_task(task_id))

    # -- supervision workflow (models/workflow, models/notices) -------------------

    def _selected(self) -> tuple[int, int] | None:
        """(table row, task id) of the selected task."""
        index = self.table.currentIndex()
        if not index.isValid():
            self.errors.show_error("请先在任务列表中选择一项任务。")
            return None
        row = self.model.rows[index.row()]
        return row, self.model.table.ids[row]

    def _task_departments(self, row: int) -> list[str]:
        table = self.model.table
        return [name for role in ("lead", "responsible", "cooperating")
                for name in table.unit_text(row, role).split("、") if name]

    def _after_workflow(self, task_id: int, message: str) -> None:
        """A step changed the registry: reload (deadlines and states may move), keep the selection."""
        self.statusBar().showMessage(message, 8000)

        def reselect(loaded) -> None:
            self.show_table(loaded)
            self.select_row(self.model.row_of_task(task_id))

        as_of, days = self.presenter.as_of, self.presenter.due_soon_days
        self._loaded_for = (as_of, days)
        self.runner.run(lambda job: _loaded(as_of, days), reselect, self.show_error)

    def _workflow_step(self, step, task_id: int, done_message: str) -> None:
        try:
            step()
        except (ValueError, LookupError, OSError) as error:
            self.errors.show_error(str(error))
            return
        self._after_workflow(task_id, done_message)

    def request_extension(self) -> None:
        from models.schema import Task
        from models.workflow import request_extension

        from .extension_dialog import ExtensionRequestDialog
        selected = self._selected()
        if selected is None:
            return
        row, task_id = selected
        task = Task.get_by_id(task_id)
        asked = ExtensionRequestDialog.ask(self, self.model.table.texts[row], task.current_deadline,
                                           task.original_deadline, self._task_departments(row),
                                           who=str(self.settings.value("update/who", "")), today=self.presenter.as_of)
        if asked is not None:
            self._workflow_step(lambda: request_extension(task_id, asked.new_deadline, asked.reason,
                                                          asked.requested_by, asked.department),
                                task_id, "已提交延期申请，待督查室审批")

    def review_extension(self) -> None:
        from models.workflow import decide_extension, extensions_of

        from .extension_dialog import ExtensionReviewDialog
        selected = self._selected()
        if selected is None:
            return
        row, task_id = selected
        requests = extensions_of(task_id)
        if not any(request.state == "待审批" for request in requests):
            self.errors.show_error("该任务没有待审批的延期申请。")
            return
        decision = ExtensionReviewDialog.ask(self, self.model.table.texts[row], requests,
                                             who=str(self.settings.value("update/who", "")))
        if decision is not None:
            self._workflow_step(lambda: decide_extension(decision.request_id, decision.approve,
                                                         decision.decided_by, decision.note),
                                task_id, "已批准延期" if decision.approve else "已驳回延期申请")

    def apply_closure(self) -> None:
        from models.workflow import apply_for_closure

        from .closure_dialog import ClosureApplyDialog
        selected = self._selected()
        if selected is None:
            return
        row, task_id = selected
        asked = ClosureApplyDialog.ask(self, self.model.table.texts[row], self._task_departments(row),
                                       who=str(self.settings.value("update/who", "")))
        if asked is not None:
            self._workflow_step(lambda: apply_for_closure(task_id, asked.note, asked.applied_by, asked.department,
                                                          asked.files, today=self.presenter.as_of),
                                task_id, "已申请办结，待督查室审核")

    def review_closure(self) -> None:
        from models.workflow import closure_evidence, decide_closure, pending_closures

        from .closure_dialog import ClosureReviewDialog
        selected = self._selected()
        if selected is None:
            return
        row, task_id = selected
        pending = pending_closures(task_id)
        if not pending:
            self.errors.show_error("该任务没有待审核的办结申请。")
            return
        closure = pending[0]
        decision = ClosureReviewDialog.ask(self, self.model.table.texts[row], closure,
                                           closure_evidence([closure.id])[closure.id],
                                           who=str(self.settings.value("update/who", "")))
        if decision is not None:
            self._workflow_step(lambda: decide_closure(decision.request_id, decision.close, decision.decided_by,
                                                       decision.reason, today=self.presenter.as_of),
                                task_id, "已销号" if decision.close else "已退回办结申请")

    def issue_notice(self) -> None:
        """生成督办单 for the selected task, coloured by the rules, then its print preview."""
        from models.notices import issue_notice

        from .notice import show_notice_preview
        selected = self._selected()
        if selected is None:
            return
        _row, task_id = selected
        try:
            notice = issue_notice(task_id, issued_by=str(self.settings.value("update/who", "")),
                                  as_of=self.presenter.as_of)
        except (ValueError, LookupError) as error:
            self.errors.show_error(f"未生成督办单：{error}")
            return
        self._after_workflow(task_id, f"已生成{notice.colour}色督办单 {notice.number}")
        show_notice_preview(self, notice.id)

    # -- statistics and duplicates ---------------------------------------------------

    def _refresh_statistics(self) -> None:
        """Numbers for the 统计 tab, only while it is shown (0.3 s at 100,000 tasks)."""
        if self.tabs.currentWidget() is not self.statistics or not len(self.presenter.table):
            return
        as_of, table = self.presenter.as_of, self.presenter.table
        if self.statistics.as_of == as_of and getattr(self, "_statistics_of", None) is table:
            return
        self._statistics_of = table
        self.statistics.set_statistics(department_statistics(as_of, table), plan_statistics(as_of, table), as_of)

    def find_duplicates(self) -> None:
        """Pairs of similar tasks in different documents, computed on the worker; the office
        confirms each link in the dialog (never merged silently)."""
        table = self.presenter.table
        threshold = float(self.settings.value("duplicates/threshold", DUPLICATE_THRESHOLD))
        progress = QProgressDialog("正在比对各文件的任务…", "取消", 0, 100, self)
        progress.setWindowTitle("查找重复任务")
        progress.setMinimumDuration(600)
        progress.setWindowModality(Qt.WindowModality.WindowModal)

        def progressed(done: int, total: int, _label: str) -> None:
            progress.setMaximum(max(total, 1))
            progress.setValue(done)

        self.runner.progressed.connect(progressed)

        def finished(result) -> None:
            self.runner.progressed.disconnect(progressed)
            progress.reset()
            progress.deleteLater()
            if isinstance(result, Cancelled):
                return
            if isinstance(result, BaseException):
                self.show_error(result)
                return
            if not result:
                self.statusBar().showMessage("没有发现跨文件的相似任务", 8000)
                return
            linked = DuplicatesDialog.run(self, table, result, str(self.settings.value("update/who", "")),
                                          self.presenter.state_of)
            if linked:
                self.statusBar().showMessage(f"已关联 {len(linked)} 对任务：今后一次填报同步到关联任务", 8000)

        job = self.runner.run(lambda job: candidate_pairs(table, threshold, progress=job.progress), finished, finished)
        progress.canceled.connect(job.cancel)

    def import_dialog(self) -> None:
        paths = self.choose_import_files()
        if paths:
            self.import_paths(paths)

    def choose_import_files(self) -> list[str]:
        folder = str(self.settings.value("import/folder", str(Path.home())))
        paths, _ = QFileDialog.getOpenFileNames(
            self, "导入公报或方案", folder, "公报与方案 (*.txt *.docx *.doc *.pdf *.rtf);;所有文件 (*)")
        if paths:
            self.settings.setValue("import/folder", str(Path(paths[0]).parent))
        return paths

    def import_paths(self, paths: list[str]) -> None:
        """Import on the worker with a progress dialog (shown only if slow) and cancel."""
        progress = QProgressDialog("正在导入…", "取消", 0, len(paths), self)
        progress.setWindowTitle("导入公报")
        progress.setMinimumDuration(600)          # fast imports never flash a dialog
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.import_action.setEnabled(False)

        def progressed(done: int, total: int, label: str) -> None:
            progress.setMaximum(max(total, 1))
            progress.setValue(done)
            progress.setLabelText(label)

        self.runner.progressed.connect(progressed)

        def finished(outcomes: list[FileOutcome] | BaseException) -> None:
            self.runner.progressed.disconnect(progressed)
            progress.reset()
            progress.deleteLater()
            self.import_action.setEnabled(True)
            if isinstance(outcomes, Cancelled):
                self.errors.show_error("导入已取消，登记册没有改动。")
                return
            if isinstance(outcomes, BaseException):
                self.show_error(outcomes)
                return
            self.last_import = outcomes
            self.show_import_results(outcome_lines(outcomes))
            errors = [outcome.error for outcome in outcomes if outcome.error]
            if errors:
                self.errors.show_error("；".join(errors))
            self.load()

        job = self.runner.run(lambda job: import_files(paths, job), finished, finished)
        progress.canceled.connect(job.cancel)

    def show_import_results(self, lines: list[str]) -> None:
        ImportResultDialog.present(self, lines)

    def _week_start(self) -> date:
        as_of = self.presenter.as_of
        return as_of - timedelta(days=as_of.weekday())

    def print_report(self) -> None:
        from models.reports import weekly_report

        from .report import show_print_preview
        show_print_preview(self, weekly_report(self._week_start(), due_soon_days=self.presenter.due_soon_days))

    def export_report(self) -> None:
        from models.reports import weekly_report

        from .report import export_pdf
        week = self._week_start()
        suggested = str(Path(str(self.settings.value("report/folder", str(Path.home())))) / f"逾期周报_{week}.pdf")
        path, _ = QFileDialog.getSaveFileName(self, "导出逾期周报", suggested, "PDF (*.pdf)")
        if not path:
            return
        self.settings.setValue("report/folder", str(Path(path).parent))
        pages = export_pdf(weekly_report(week, due_soon_days=self.presenter.due_soon_days), path)
        self.statusBar().showMessage(f"已导出 {path}（{pages} 页）", 8000)

    def _save_path(self, title: str, name: str, pattern: str) -> str:
        folder = Path(str(self.settings.value("export/folder", str(Path.home()))))
        path, _ = QFileDialog.getSaveFileName(self, title, str(folder / name), pattern)
        if path:
            self.settings.setValue("export/folder", str(Path(path).parent))
        return path

    def _scope_department(self) -> int | None:
        scope = self.presenter.scope
        return scope.ident if scope.kind == "department" else None

    def export_ledger(self) -> None:
        """导出台账: the shown department's sheet, or every department's, on the worker."""
        from models.ledger import export_ledger

        department = self._scope_department()
        label = self.presenter.scope.label if department is not None else "全部单位"
        path = self._save_path("导出台账", f"督办台账_{label}_{self.presenter.as_of}.xlsx", "Excel (*.xlsx)")
        if not path:
            return
        as_of = self.presenter.as_of
        self.statusBar().showMessage("正在导出台账…")
        self.runner.run(lambda job: export_ledger(path, department=department, as_of=as_of),
                        lambda summary: self.statusBar().showMessage(
                            f"已导出台账 {path}（{len(summary.sheets)} 张工作表）", 8000),
                        self._export_failed)

    def export_status_sheet(self) -> None:
        """A 进展填报表 for the department chosen on the left, to be filled in Excel."""
        from models.ledger import export_status_sheet

        department = self._scope_department()
        if department is None:
            self.errors.show_error("请先在左侧选择一个单位，再导出该单位的进展填报表。")
            return
        name = self.presenter.scope.label
        path = self._save_path("导出进展填报表", f"进展填报表_{name}_{self.presenter.as_of}.xlsx", "Excel (*.xlsx)")
        if path:
            as_of = self.presenter.as_of
            self.runner.run(lambda job: export_status_sheet(path, department, as_of=as_of),
                            lambda summary: self.statusBar().showMessage(f"已导出 {path}", 8000),
                            self._export_failed)

    def import_status_sheets(self) -> None:
        """导入进展填报表: each changed row becomes a status update; the rest is reported."""
        from models.ledger import SheetFileError
        from models.ledger_updates import import_status_sheet

        folder = str(self.settings.value("export/folder", str(Path.home())))
        paths, _ = QFileDialog.getOpenFileNames(self, "导入进展填报表", folder, "Excel (*.xlsx)")
        if not paths:
            return
        who = str(self.settings.value("update/who", ""))

        def work(job):
            results = []
            for path in paths:
                try:
                    results.append((path, import_status_sheet(path, who=who), None))
                except SheetFileError as error:
                    results.append((path, None, str(error)))
            return results

        def done(results) -> None:
            lines = []
            for path, outcome, error in results:
                if error:
                    lines.append(f"✗ {error}")
                    continue
                lines.append(f"{Path(path).name}（{outcome.department}）：新增进展 {len(outcome.applied)} 条，"
                             f"未改动 {outcome.unchanged} 行，此前已导入 {outcome.already_applied} 行，"
                             f"未导入 {len(outcome.problems)} 行")
                lines += [f"    {problem}" for problem in outcome.problems]
            self.show_import_results(lines)
            self.load()

        self.runner.run(work, done, self.show_error)

    def _export_failed(self, error: BaseException) -> None:
        if isinstance(error, (OSError, ValueError, LookupError)):
            self.errors.show_error(f"导出失败：{error}")
        else:
            self.show_error(error)

    def show_error(self, error: BaseException) -> None:
        """A bug: shown in the window and written out in full, never swallowed."""
        traceback.print_exception(error, file=sys.stderr)
        self.errors.show_error(f"内部错误：{error.__class__.__name__}: {error}")

    def closeEvent(self, event) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        super().closeEvent(event)


def _loaded(as_of: date, due_soon_days: int) -> tuple[TaskTable, Assessment, list]:
    """Load on the worker: the table, its assessment (states, lights, 序时进度)
    and tallies, so the GUI thread only shows them."""
    table = load_task_table()
    assessment = assess(table, as_of, due_soon_days)
    return table, assessment, table.tallies(assessment.states, assessment.lights)


# Similarity at which two tasks of different documents are proposed as one: on the seeds
# 0.5 proposes nothing, while the real pairs (the same 10万亩 托管 task in a plan and
# in the 政府工作报告 分解方案) score 0.15 to 0.2. Proposals cost one click to dismiss.
DUPLICATE_THRESHOLD = 0.15


class ImportResultDialog(QDialog):
    """What was imported, per file and plan. `present` is replaced in tests."""

    def __init__(self, parent: QWidget | None, lines: list[str]) -> None:
        super().__init__(parent)
        self.setWindowTitle("导入结果")
        self.resize(720, 420)
        layout = QVBoxLayout(self)
        text = QPlainTextEdit("\n".join(lines))
        text.setReadOnly(True)
        layout.addWidget(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)

    @classmethod
    def present(cls, parent: QWidget | None, lines: list[str]) -> None:
        cls(parent, lines).open()

