"""The window the supervision office lives in. It composes the parts and
wires their signals; what the parts show is decided by the presenter and by
models/ (states, tallies, reports)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from datetime import date
from pathlib import Path

from PySide6.QtCore import QByteArray, QItemSelectionModel, QModelIndex, QSettings, Qt, Slot
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QHeaderView, QLabel, QLineEdit, QMainWindow, QSplitter,
                               QTableView, QTabWidget, QTreeView, QVBoxLayout, QWidget)

from importers.records import ADVICE
from models.access.actor import Actor, acting, sign_out
from models.supervision.assessment import Assessment, assess
from models.registry.database import describe_location
from models.supervision.evidence import evidence_of
from models.supervision.listing import TaskTable, load_task_table
from models.errors import PermissionDenied, UserError
from models.access.permissions import reportable_task_ids
from models.supervision.queries import task_history
from models.registry.departments import department_aliases, department_name
from models.upkeep.review import unreviewed_plan_ids
from models.supervision.statistics import department_statistics, plan_statistics
from models.supervision.waiting import OfficeQueue, Waiting, office_queue
from models.supervision.workflow import deadline_text
from models.rules.status import DUE_SOON, DUE_SOON_DAYS, OVERDUE
from models.rules.wording import chinese_date

from .account_actions import AccountActions
from .action_context import ActionContext
from .alerts import AlertBanner, ErrorBanner
from .backup_actions import BackupActions
from .bug_log import bug_message
from .detail_panel import DetailPanel
from .filter_bar import FilterBar
from .login_dialog import sign_in_if_needed
from .operations import Operation
from .navigator import (ID_ROLE, KIND_ROLE, WAITING_LABEL, WARNING_ROLE, BadgeDelegate, NavigatorFilter,
                        NavigatorModel)
from .office_actions import OfficeActions
from .presenter import Scope, TaskListPresenter
from .statistics_view import StatisticsView
from .task_table_model import (COOPERATING, DEADLINE, EXTENDED_MARK, LEAD, LIGHT, ORIGINAL, PLAN, PROGRESS, RESPONSIBLE,
                               SCHEDULE, SEQ, STATE, TEXT, UPDATED, TaskTableModel)
from .task_actions import TaskActions
from .timeline_view import TimelineView
from .waiting_view import WaitingView, summary
from .workers import TaskRunner

if TYPE_CHECKING:
    from .review_view import ReviewWindow


class MainWindow(QMainWindow):
    def __init__(self, registry_path: Path, runner: TaskRunner, settings: QSettings, actor: Actor,
                 as_of: date | None = None) -> None:
        super().__init__()
        self.registry_path = registry_path
        self.runner = runner
        self.settings = settings
        self.reopen_requested = False         # 连接登记册 → 保存并重新打开: run_gui opens again
        self.actor: Actor | None = None       # who is signed in; set by apply_role
        self._aliases: dict[int, list[str]] = {}      # department id -> its other names; with each load
        self._unreviewed: frozenset[int] = frozenset()  # plans still 待审核; with each load
        self.reviews: dict[int, ReviewWindow] = {}     # plan id -> its open 导入审核 window
        self._reportable: set[int] | None = set()   # tasks the actor may report on (None: all); with each load
        self._first_screen_asked = False              # the first load shows the first tasks first
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
        # On screen: which plan and which item first (二/（一） is in many plans), then what is
        # asked, its light, state and progress, so they show at the default width; the deadlines,
        # the units, 序时进度 and the last update follow.
        for visual, (column, width) in enumerate(
                ((PLAN, 150), (SEQ, 80), (TEXT, 320), (LIGHT, 44), (STATE, 64), (PROGRESS, 48), (DEADLINE, 110),
                 (ORIGINAL, 110), (LEAD, 140), (RESPONSIBLE, 170), (COOPERATING, 130), (SCHEDULE, 100),
                 (UPDATED, 110))):
            header.moveSection(header.visualIndex(column), visual)
            header.resizeSection(column, width)
        # The widest deadline and state a row shows whole: an extended one with its mark, and a
        # state with the office's next step (已完成·待审批).
        metrics = self.table.fontMetrics()
        header.resizeSection(DEADLINE, metrics.horizontalAdvance(f"2023年12月31日{EXTENDED_MARK}") + 16)
        header.resizeSection(STATE, metrics.horizontalAdvance("已完成·待审批") + 16)
        self.table.setColumnHidden(ORIGINAL, True)   # until a 延期 is approved (see _refresh_counts)
        self.timeline = TimelineView()
        self.timeline.setModel(self.model)
        self.timeline.setToday(self.presenter.as_of)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.table, "任务列表")
        self.tabs.addTab(self.timeline, "时间轴")
        self.statistics = StatisticsView()
        self._statistics_of: tuple | None = None     # (as_of, table, roles) the tab shows
        self.tabs.addTab(self.statistics, "统计")
        self.waiting = WaitingView()
        self.tabs.addTab(self.waiting, WAITING_LABEL)
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
        self.identity = QLabel()
        self.identity.setObjectName("identity")
        self.statusBar().addPermanentWidget(self.identity)

        self.context = ActionContext(
            parent=self, presenter=self.presenter, model=self.model, runner=runner, settings=settings,
            report=self.errors.show_error, bug=self.show_error, status=self.statusBar().showMessage,
            current_index=self.table.currentIndex, select_row=self.select_row, reload=self.load,
            actor=lambda: self.actor, open_review=lambda plan_id: self.open_review(plan_id))
        self.tasks = TaskActions(self.context)
        self.office = OfficeActions(self.context)
        self.backups = BackupActions(self.context)
        self.accounts = AccountActions(self.context, self.signed_in_as_new)
        self._build_menus()
        self._connect()
        self.apply_role(actor)
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 860)

    # -- construction ----------------------------------------------------------

    def _build_menus(self) -> None:
        menu = self.menuBar().addMenu("文件")
        office, tasks = self.office, self.tasks
        menu.addAction(office.import_action)
        self.print_action = self._action(menu, "打印逾期周报…", QKeySequence("Ctrl+P"), office.print_report)
        self._action(menu, "导出逾期周报 PDF…", None, office.export_report)
        menu.addSeparator()
        self._action(menu, "导出台账（Excel）…", QKeySequence("Ctrl+E"), office.export_ledger)
        self.export_sheet_action = self._action(menu, "导出本单位进展填报表…", None, office.export_status_sheet)
        self.import_sheet_action = self._action(menu, "导入进展填报表…", None, office.import_status_sheets)
        menu.addSeparator()
        menu.addActions([self.backups.backup_action, self.backups.restore_action])
        self._action(menu, "连接登记册…", None, self.choose_location)
        menu.addSeparator()
        self._action(menu, "退出", QKeySequence("Ctrl+Q"), self.close)
        menu = self.menuBar().addMenu("任务")
        self.update_action = self._action(menu, "更新进展…", None, tasks.update_selected)
        menu.addSeparator()
        self.extension_action = self._action(menu, "申请延期…", None, tasks.request_extension)
        self.review_extension_action = self._action(menu, "审批延期…", None, tasks.review_extension)
        self.closure_action = self._action(menu, "申请办结…", None, tasks.apply_closure)
        self.review_closure_action = self._action(menu, "审核办结（销号/退回）…", None, tasks.review_closure)
        menu.addSeparator()
        self.notice_action = self._action(menu, "生成督办单…", None, tasks.issue_notice)
        menu.addSeparator()
        self.review_action = self._action(menu, "导入审核（对照原文）…", QKeySequence("Ctrl+R"), self.review_current_plan)
        menu.addSeparator()
        self._action(menu, "查找", QKeySequence("Ctrl+F"), self.focus_search)
        menu = self.menuBar().addMenu("工具")
        self.duplicates_action = self._action(menu, "查找跨文件的重复任务…", None, office.find_duplicates)
        self._action(menu, "单位管理…", None, self.open_departments)
        menu = self.menuBar().addMenu("账户")
        accounts = self.accounts
        self.password_action = self._action(menu, "修改密码…", None, accounts.change_password)
        self.accounts_action = self._action(menu, "账户管理…", None, accounts.manage_accounts)
        self.audit_action = self._action(menu, "审计日志…", None, accounts.show_audit_log)
        menu.addSeparator()
        self.sign_out_action = self._action(menu, "退出登录", None, self.sign_out_and_in)
        menu = self.menuBar().addMenu("视图")
        for label, zoom in (("时间轴：按周", "week"), ("时间轴：按月", "month"), ("时间轴：按季", "quarter"),
                            ("时间轴：按年", "year")):
            self._action(menu, label, None, lambda checked=False, zoom=zoom: self._zoom(zoom))
        menu.addSeparator()
        self._action(menu, "时间轴按文件分组", None, lambda: self._group_by(True))
        self._action(menu, "时间轴按牵头单位分组", None, lambda: self._group_by(False))
        # What each role is offered (the domain refuses the rest itself): the
        # office everything; a liaison the reports on their department's tasks
        # (per row, see _allow_row); a leader nothing that writes.
        self.row_actions = [self.update_action, self.extension_action, self.closure_action]
        self.office_actions = [office.import_action, self.review_extension_action, self.review_closure_action,
                               self.notice_action, self.duplicates_action, self.backups.backup_action,
                               self.backups.restore_action, self.accounts_action, self.audit_action]
        self.writing_actions = [*self.row_actions, *self.office_actions, self.export_sheet_action,
                                self.import_sheet_action]
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut = QShortcut(QKeySequence(key), self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(tasks.update_selected)

    def _action(self, menu, text: str, shortcut: QKeySequence | None, slot) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _connect(self) -> None:
        self.tree.selectionModel().currentChanged.connect(self._navigate)
        self.tree.doubleClicked.connect(self._tree_double_clicked)
        self.department_search.textChanged.connect(self._search_departments)
        self.filters.changed.connect(lambda values: self.presenter.set_filters(**values))
        self.filters.asOfChanged.connect(self._as_of_changed)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self.presenter.set_sort)
        self.table.selectionModel().currentRowChanged.connect(self._row_selected)
        self.table.doubleClicked.connect(lambda _index: self.tasks.update_selected())
        self.timeline.rowClicked.connect(self.select_row)
        self.presenter.tableChanged.connect(self._refresh_counts)
        self.presenter.tableChanged.connect(self._refresh_statistics)
        self.tabs.currentChanged.connect(lambda _index: self._refresh_statistics())
        self.statistics.rolesChanged.connect(self._refresh_statistics)
        self.statistics.opened.connect(self.open_scope)
        self.presenter.rowsChanged.connect(self._rows_changed)
        self.presenter.calendarProblem.connect(self._calendar_problem)
        self.alerts.showOverdue.connect(lambda: self.filters.state.setCurrentText(OVERDUE))
        self.alerts.showDueSoon.connect(lambda: self.filters.state.setCurrentText(DUE_SOON))
        self.alerts.showWaiting.connect(self.show_waiting)
        self.waiting.handleRequested.connect(self.tasks.handle_waiting)
        self.waiting.showRequested.connect(self.show_waiting_task)
        self.waiting.chosen.connect(self._waiting_chosen)
        self.detail.updateRequested.connect(self.tasks.update_selected)
        self.model.modelReset.connect(self._selection_lost)

    # -- loading ---------------------------------------------------------------

    def load(self, task_id: int | None = None, message: str = "") -> None:
        """Read the registry on the worker and show it when it arrives; after a
        change, `task_id` is selected again and `message` shown."""
        self.statusBar().showMessage(message or "正在读取登记册…", 8000 if message else 0)
        as_of, days = self.presenter.as_of, self.presenter.due_soon_days
        self._loaded_for = (as_of, days)

        def show(loaded: Loaded) -> None:
            self.show_table(loaded)
            if message:                       # what was done stays said, not replaced by the registry's name
                self.statusBar().showMessage(message, 8000)
            if task_id is not None:
                self.select_row(self.model.row_of_task(task_id))

        actor = self.actor
        if not self._first_screen_asked:
            # A large registry takes a second or more to read whole: its first screen comes first.
            self._first_screen_asked = True
            self.runner.run(lambda job: _first_screen(actor, as_of, days), self._show_first_screen,
                            self._first_screen_failed)
        self.runner.run(lambda job: _loaded(actor, as_of, days), show, self._load_failed)

    def _show_first_screen(self, first: FirstScreen) -> None:
        """The first tasks, in the list's own order, while the rest are read; the tree, the
        counts and the filters wait for the whole table (show_table)."""
        if len(self.presenter.table):        # the whole table is already shown
            return
        self.model.set_table(first.table, first.assessment, None, first.queue)
        self._choosing_rows(False)            # filters and 查看逾期 would choose among these rows only
        self.count_label.setText(f"显示前 {len(first.table)} 项，正在读取其余…")

    def _choosing_rows(self, enabled: bool) -> None:
        """The filters and the banner's 查看… buttons, which choose rows of the whole table."""
        self.filters.setEnabled(enabled)
        self.alerts.setEnabled(enabled)

    def _first_screen_failed(self, error: BaseException) -> None:
        """A registry that cannot be read fails the whole load just after, which says why; a bug is a bug."""
        if not isinstance(error, UserError):
            self.show_error(error)

    def _load_failed(self, error: BaseException) -> None:
        self._choosing_rows(True)
        if not len(self.presenter.table) and self.model.rowCount():     # the first screen stays, said to be part
            self.count_label.setText(f"仅显示前 {self.model.rowCount()} 项：其余未能读取")
        if isinstance(error, PermissionDenied):       # the account was disabled meanwhile
            self.errors.show_error(str(error))
            return
        self.show_error(error)

    def show_table(self, loaded: Loaded) -> None:
        table, assessment, tallies = loaded.table, loaded.assessment, loaded.tallies
        chosen, on_first_screen = self.table.currentIndex(), not len(self.presenter.table)
        chosen_task = self.model.task_id(chosen.row()) if on_first_screen and chosen.isValid() else None
        self._reportable, self._aliases, self._unreviewed = loaded.reportable, loaded.aliases, loaded.unreviewed
        if (self.presenter.as_of, self.presenter.due_soon_days) != self._loaded_for:
            assessment = tallies = None       # the as-of date changed while loading
        self.presenter.set_table(table, assessment, tallies, loaded.queue)
        self._choosing_rows(True)
        if chosen_task is not None:            # a task chosen on the first screen stays chosen
            self.select_row(self.model.row_of_task(chosen_task))
        self.statusBar().showMessage(f"登记册：{self.registry_path}", 5000)
        # The search index next, still off the GUI thread, before the first keystroke needs it.
        self.runner.run(lambda job: table.haystack(), lambda _result: None, self.show_error)

    @Slot()
    def _refresh_counts(self) -> None:
        tallies = self.presenter.tallies()
        current = self.tree.currentIndex()
        kind, ident = (current.data(KIND_ROLE), current.data(ID_ROLE)) if current.isValid() else ("all", None)
        table, queue = self.presenter.table, self.presenter.queue
        waiting = summary(queue)
        self.navigator.populate(table, tallies, self._aliases, self._unreviewed, waiting, len(queue))
        self.tree.expandToDepth(0)
        self._reselect_navigator(kind, ident)
        states = self.presenter.state_of
        self.alerts.show_counts(tallies, self.presenter.as_of, self.presenter.due_soon_days,
                                states.count(OVERDUE), states.count(DUE_SOON),
                                unit="个工作日" if self.presenter.working_days else "天",
                                waiting=waiting, waiting_count=len(queue))
        self.waiting.set_queue(table, queue, date.today())       # waited until the clock's today
        self.tabs.setTabText(self.tabs.indexOf(self.waiting), f"{WAITING_LABEL}（{len(queue)}）" if len(queue)
                             else WAITING_LABEL)
        self.table.setColumnHidden(ORIGINAL, not table.original_deadlines)
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
            warnings = current.data(WARNING_ROLE)
            if warnings:          # a plan the import could not read in full: say where, every time
                self.statusBar().showMessage(f"{warnings.replace(chr(10), '；')}，{ADVICE}", 30000)
        elif kind == "all":
            self.presenter.set_scope(Scope())
        elif kind == "waiting":
            self.show_waiting()

    def _tree_double_clicked(self, index: QModelIndex) -> None:
        if index.data(KIND_ROLE) == "plan":
            self.open_review(index.data(ID_ROLE))

    def show_waiting(self) -> None:
        """The 待办 tab: what waits for the office's decision, oldest first."""
        self.tabs.setCurrentWidget(self.waiting)

    def show_waiting_task(self, item: Waiting) -> None:
        """An item of 待办 in the task list, or why it is not there."""
        row = self.model.row_of_task(item.task_id)
        if row < 0:
            self.statusBar().showMessage("该任务不在当前列表中：请在左侧选择“全部任务”或清除筛选后再查看", 8000)
            return
        self.tabs.setCurrentWidget(self.table)
        self.select_row(row)

    def _waiting_chosen(self, item: Waiting) -> None:
        """A line of 待办 chosen: its task selected in the list too, so the detail and history below are its."""
        row = self.model.row_of_task(item.task_id)
        if row >= 0:
            self.select_row(row)
        else:
            self.detail.clear()

    def review_current_plan(self) -> None:
        """导入审核 for the plan chosen in the file list, else the selected task's plan."""
        current = self.tree.currentIndex()
        if current.isValid() and current.data(KIND_ROLE) == "plan":
            self.open_review(current.data(ID_ROLE))
            return
        index = self.table.currentIndex()
        if index.isValid():
            table = self.model.table
            self.open_review(table.plan_ids[self.model.rows[index.row()]])
            return
        self.errors.show_error("请先在左侧“文件”中选择一个文件，或在列表中选择一项任务，再打开导入审核。")

    def open_departments(self) -> None:
        from .departments_dialog import DepartmentsDialog   # 单位管理, loaded when first opened
        DepartmentsDialog.open_for(self.context)

    def open_review(self, plan_id: int) -> ReviewWindow:
        """The review window of a plan: one per plan, brought forward when already open."""
        window = self.reviews.get(plan_id)
        if window is not None:
            window.raise_()                       # opened again: bring it forward
            window.activateWindow()
        else:
            from .review_view import ReviewWindow   # 导入审核 loads the importer: not at start
            window = ReviewWindow(self.context, plan_id, self)
            window.changed.connect(lambda task_id: self.load(task_id, "已按审核修改重新读取登记册"))
            window.finished.connect(lambda _result, plan_id=plan_id: self.reviews.pop(plan_id, None))
            self.reviews[plan_id] = window
        window.show()
        return window

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
            self._allow_row(None)
            return
        self.timeline.selectRow(current.row())
        self._show_detail(current.row())
        self._allow_row(self.model.task_id(current.row()))

    def _show_detail(self, view_row: int) -> None:
        table, row = self.model.table, self.model.rows[view_row]
        plan_number, plan_title, issue = table.plans[table.plan_ids[row]]
        # Both deadlines after an approved 延期, worded as the ledger and the reports word them.
        deadline = deadline_text(table.deadlines[row], table.original_deadline(row)) or "—"
        written = table.deadline_texts[row]
        facts = [f"文件：{plan_number or '无文号'} {plan_title or ''}（{chinese_date(issue) or '印发日期不详'}）",
                 f"牵头：{table.unit_text(row, 'lead') or '—'}　责任：{table.unit_text(row, 'responsible') or '—'}"
                 f"　配合：{table.unit_text(row, 'cooperating') or '—'}",
                 f"完成时限：{deadline}" + (f"　原文：{written}" if written else "")
                 + f"　状态：{self.model.state_of[row]}　进度：{table.progress[row]}%"]
        self.detail.show_task(f"{table.seqs[row]} {table.texts[row]}".strip(), "\n".join(facts))
        task_id = table.ids[row]

        def show(found: tuple[list, dict[int, list[str]]]) -> None:
            if self.model.task_id(self.table.currentIndex().row()) == task_id:   # still the one selected
                self.detail.history.set_history(*found)

        Operation(lambda: _history_of(task_id)).success(show).run_on(self.context)

    @Slot()
    def _selection_lost(self) -> None:
        self.detail.clear()
        self._allow_row(None)

    # -- who is signed in ------------------------------------------------------------

    def apply_role(self, actor: Actor | None) -> None:
        """Title, status bar and the actions offered, for the person signed in (None: nobody)."""
        self.actor = actor
        self._reportable = None if actor is not None and actor.is_office else set()   # the next load fills it
        location = describe_location(self.registry_path)
        if actor is None or actor.account_id is None:
            who = "" if actor is None else f"{actor.label}（未设账户）"
            self.setWindowTitle(f"督办台 — {location}")
        else:
            who = " · ".join((actor.label, actor.role_label))
            self.setWindowTitle(f"督办台 — {who} — {location}")
            if actor.department_id is not None:
                self._show_department_of(actor, location)
        self.identity.setText(who)
        office = actor is not None and actor.is_office
        liaison = actor is not None and actor.is_liaison
        self.waiting.allow_handling(office)
        for action in self.writing_actions:
            action.setEnabled(office or (liaison and action not in self.office_actions))
        self.password_action.setEnabled(actor is not None and actor.account_id is not None)
        self.sign_out_action.setEnabled(actor is not None and actor.account_id is not None)
        self._allow_row(self.model.task_id(self.table.currentIndex().row())
                        if self.table.currentIndex().isValid() else None)

    def _show_department_of(self, actor: Actor, location: str) -> None:
        """Add a liaison's department to the title and status bar once it is read."""
        def show(name: str | None) -> None:
            if self.actor == actor and name:
                who = " · ".join((actor.label, actor.role_label, name))
                self.identity.setText(who)
                self.setWindowTitle(f"督办台 — {who} — {location}")

        Operation(lambda: department_name(actor.department_id)).success(show).run_on(self.context)

    def _allow_row(self, task_id: int | None) -> None:
        """更新进展, 申请延期, 申请办结 for the selected task: the office always, a
        liaison where the department has a role on an open task (computed with the load)."""
        actor = self.actor
        if actor is None or actor.is_leader:
            allowed = False
        elif actor.is_office:
            allowed = True
        else:
            allowed = task_id is not None and self._reportable is not None and task_id in self._reportable
        for action in self.row_actions:
            action.setEnabled(allowed)
        self.detail.update_button.setEnabled(allowed and task_id is not None)

    def signed_in_as_new(self, actor: Actor) -> None:
        """Someone else is signed in now (the first account, made in the zero-setup mode)."""
        self.apply_role(actor)
        self.load(message=f"已登录：{self.identity.text()}")

    def sign_out_and_in(self) -> None:
        """退出登录: the next person signs in and the window reloads for them; 退出 closes it."""
        sign_out()
        self.tasks.drafts.clear()                     # the last person's unsaved notes are theirs
        self.accounts.forget()
        for review in list(self.reviews.values()):    # the last person's windows close with them
            review.close()
        self.presenter.set_table(TaskTable())         # nothing of theirs stays on screen meanwhile
        actor = sign_in_if_needed(self.registry_path, self.runner, self)
        if actor is None:
            self.close()
            return
        self.apply_role(actor)
        self.load(message=f"已登录：{self.identity.text()}")

    def _calendar_problem(self, message: str) -> None:
        self.filters.count_calendar_days()
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

    # -- statistics and duplicates ---------------------------------------------------

    def _refresh_statistics(self) -> None:
        """Numbers for the 统计 tab, only while it is shown, computed on the worker
        (0.3 s at 100,000 tasks)."""
        if self.tabs.currentWidget() is not self.statistics or not len(self.presenter.table):
            return
        as_of, table, roles = self.presenter.as_of, self.presenter.table, self.statistics.roles
        if self._statistics_of == (as_of, table, roles):
            return
        self._statistics_of = (as_of, table, roles)
        self.runner.run(lambda job: (department_statistics(as_of, table, roles), plan_statistics(as_of, table)),
                        lambda numbers: self.statistics.set_statistics(*numbers, as_of, roles), self.show_error)

    def open_scope(self, kind: str, ident: int) -> None:
        """A department's or a plan's tasks in the list (a double click in 统计); a department's
        in the roles 统计 counted, so the list shows the tasks its 任务数 counts."""
        if kind == "department":
            self.filters.choose_roles(self.statistics.counted_roles)
        self.department_search.clear()
        for row in range(self.navigator.rowCount()):
            top = self.navigator.item(row)
            for child in range(top.rowCount()):
                item = top.child(child)
                if item.data(KIND_ROLE) == kind and item.data(ID_ROLE) == ident:
                    self.tree.setCurrentIndex(self.navigator_filter.mapFromSource(item.index()))
                    self.tabs.setCurrentWidget(self.table)
                    return
        self.errors.show_error("该单位（文件）已不在登记册中，请刷新后再试。")

    def choose_location(self) -> None:
        """连接登记册…: the embedded file or the county's server; takes effect on reopening."""
        from .registry_location import RegistryLocationDialog
        dialog = RegistryLocationDialog(self.settings, self.runner, str(self.registry_path), self)
        if dialog.exec() != RegistryLocationDialog.DialogCode.Accepted:
            return
        overridden = " 注意：本次启动用 --db 或 DUBAN_DB 指定了登记册，它们优先于此设置。" \
            if self.location_overridden else ""
        if dialog.reopen_requested:
            self.reopen_requested = True
            self.close()
        else:
            self.errors.show_error(f"已保存登记册位置，重新打开督办台后生效。{overridden}".strip())

    location_overridden = False   # set by run_gui when --db or DUBAN_DB chose the registry

    def show_error(self, error: BaseException) -> None:
        """A bug: shown in the window and written out in full (stderr and the bug log), never swallowed."""
        self.errors.show_error(bug_message(error))

    def closeEvent(self, event) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        super().closeEvent(event)


@dataclass(frozen=True)
class Loaded:
    """What one load of the registry gives the window."""

    table: TaskTable
    assessment: Assessment
    tallies: list
    reportable: set[int] | None              # tasks the person may report on (None: all)
    aliases: dict[int, list[str]]            # department id -> its other names, for the tree's search
    unreviewed: frozenset[int] = frozenset()  # plans still 待审核, marked in the file list
    queue: OfficeQueue = OfficeQueue()        # what waits for the office (待办), read with the table


@dataclass(frozen=True)
class FirstScreen:
    """The first tasks of the list with their states, shown while the whole table loads."""

    table: TaskTable
    assessment: Assessment
    queue: OfficeQueue


FIRST_SCREEN_ROWS = 200          # more than a tall screen shows; read in a few milliseconds


def _first_screen(actor: Actor | None, as_of: date, due_soon_days: int) -> FirstScreen:
    """On the worker: the list's first rows, as _loaded would show them, unfiltered and unsorted as the window
    opens."""
    table = load_task_table(actor=acting(actor), first=FIRST_SCREEN_ROWS)
    return FirstScreen(table, assess(table, as_of, due_soon_days), office_queue(table))


def _loaded(actor: Actor | None, as_of: date, due_soon_days: int) -> Loaded:
    """Load on the worker: the table, its assessment (states, lights, 序时进度),
    tallies and the tasks the signed-in person may report on (None: all), so
    the GUI thread only shows them. What the person may see is decided by
    load_task_table, as for the command line: a liaison who sees only their own
    department gets only its tasks (the tree then lists only their departments)."""
    actor = acting(actor)   # the account as it is now: a role changed by the office counts at once
    table = load_task_table(actor=actor)
    assessment = assess(table, as_of, due_soon_days)
    queue = office_queue(table)
    return Loaded(table, assessment, table.tallies(assessment.states, assessment.lights, queue.rows),
                  reportable_task_ids(actor), department_aliases(), unreviewed_plan_ids(), queue)


def _history_of(task_id: int) -> tuple[list, dict[int, list[str]]]:
    """On the worker: a task's history and the file names of each entry's evidence."""
    history = task_history(task_id)
    evidence = {update: [item.file_name for item in items]
                for update, items in evidence_of([entry.id for entry in history]).items()}
    return history, evidence



