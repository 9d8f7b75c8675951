"""导入审核: one plan's extracted tasks beside the document they came from.

The source on the left with its line numbers, the selected task's lines
highlighted and its units and deadline marked by role; the tasks on the right
with their flags (无责任单位, 无完成时限, 新单位, 疑似非任务, 单位含人名) and
where a re-import read a field differently from the office's edit. Selecting a
task scrolls the text to it; clicking a line selects the task that covers it.
The office edits, adds from selected lines, splits, merges and withdraws tasks,
and marks the plan 已审核. Every read and write is an operation on the window's
worker; after a change the main window reloads, so the list, the timeline and
the report show it.
"""
from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QHBoxLayout, QHeaderView, QInputDialog, QLabel,
                               QPushButton, QSplitter, QTableView, QVBoxLayout, QWidget)

from models.access.actor import acting
from models.registry.schema import Department, DepartmentAlias
from models.rules.wording import chinese_date, chinese_datetime
from models.upkeep import editing
from models.upkeep.review import FLAGS, PlanReview, ReviewTask, mark_reviewed, plan_review

from .dialog_parts import asked_yes, error_label
from .action_context import ActionContext
from .alerts import ErrorBanner
from .operations import Operation
from .review_model import COOPERATING, DEADLINE, FLAGS as FLAGS_COLUMN, LEAD, LINES, RESPONSIBLE, SEQ, TEXT, \
    ReviewTaskModel
from .source_view import SourceView
from .task_edit_dialog import TaskEdit, TaskEditDialog


def department_names() -> list[str]:
    """Every department name and alias, for the units' completer (on the worker)."""
    names = {name for (name,) in Department.select(Department.name).tuples()}
    names.update(name for (name,) in DepartmentAlias.select(DepartmentAlias.name).tuples())
    return sorted(names)


class ReviewWindow(QDialog):
    """One plan under review; not modal, so the main window stays usable beside it."""

    changed = Signal(object)          # a task id (or None): the registry changed, the main window reloads

    def __init__(self, context: ActionContext, plan_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window)
        self.setWindowTitle("导入审核")
        self.context, self.plan_id = context, plan_id
        self.review: PlanReview | None = None
        self.names: list[str] = []
        self.loading = False

        self.heading = QLabel("正在读取…")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.counts = QLabel()
        self.errors = ErrorBanner()
        self.source = SourceView()
        self.model = ReviewTaskModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column, width in ((SEQ, 96), (TEXT, 320), (LEAD, 120), (RESPONSIBLE, 150), (COOPERATING, 120),
                              (DEADLINE, 110), (FLAGS_COLUMN, 130), (LINES, 64)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Interactive)

        self.edit_button = QPushButton("编辑…")
        self.add_button = QPushButton("从所选原文新增任务…")
        self.add_button.setToolTip("在左侧原文中选中一行或几行，再点此处")
        self.split_button = QPushButton("拆分…")
        self.merge_button = QPushButton("合并所选")
        self.merge_button.setToolTip("在右侧选中两项任务：第二项并入第一项，其进展记录保留")
        self.withdraw_button = QPushButton("不是任务…")
        self.withdraw_button.setToolTip("撤销（注明原因）；不删除，已有记录保留")
        self.reviewed_button = QPushButton("标记为已审核")
        buttons = QHBoxLayout()
        for button in (self.edit_button, self.add_button, self.split_button, self.merge_button,
                       self.withdraw_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.reviewed_button)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.source)
        split.addWidget(self.table)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.counts)
        layout.addWidget(self.errors)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)

        self.table.selectionModel().currentRowChanged.connect(lambda current, _previous: self._task_selected())
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.source.lineClicked.connect(self.select_line)
        self.edit_button.clicked.connect(self.edit_selected)
        self.add_button.clicked.connect(self.add_from_lines)
        self.split_button.clicked.connect(self.split_selected)
        self.merge_button.clicked.connect(self.merge_selected)
        self.withdraw_button.clicked.connect(self.withdraw_selected)
        self.reviewed_button.clicked.connect(self.mark_reviewed)
        QShortcut(QKeySequence("Ctrl+E"), self, activated=self.edit_selected)
        self._allow()
        self.resize(1500, 860)
        self.reload()

    # -- reading ------------------------------------------------------------------

    def _run(self, operation: Operation, prefix: str = "") -> None:
        """Run on the window's worker; a refusal or a bug is said in this window's own banner."""
        operation.explained(prefix).run_saying(self.context.runner, self.errors.show_error)

    def reload(self, select_task: int | None = None) -> None:
        """Read the plan (and the department names once) on the worker; show it when it arrives."""
        self.loading = True
        plan_id, need_names, actor = self.plan_id, not self.names, self.context.actor()

        def read() -> tuple[PlanReview, list[str] | None]:
            return plan_review(plan_id, actor=acting(actor)), department_names() if need_names else None

        def show(found: tuple[PlanReview, list[str] | None]) -> None:
            review, names = found
            self.loading = False
            if names is not None:
                self.names = names
            current = select_task if select_task is not None else self._selected_id()
            first_time = self.review is None
            self.review = review
            if first_time or self.source.first_line != review.first_line \
                    or self.source.blockCount() != max(1, len(review.lines)):
                self.source.set_lines(review.lines or ["（此方案导入时未保存原文：重新导入同一文件后即可对照原文审核）"],
                                      review.first_line)
            self.model.set_records(review.tasks)
            self._show_heading(review)
            row = self.model.row_of(current) if current is not None else (0 if review.tasks else -1)
            if row >= 0:
                self.select_row(row)
            self._allow()

        def failed(error: BaseException) -> None:
            self.loading = False
            self.errors.show_error(str(error))

        self._run(Operation(read).success(show).failure(failed))

    def _show_heading(self, review: PlanReview) -> None:
        state = review.state
        if review.reviewed_at is not None:
            state += f"（{review.reviewed_by or '督查室'}，{chinese_datetime(review.reviewed_at)}）"
        issued = chinese_date(review.issue_date) if review.issue_date else "印发日期不详"
        self.heading.setText(f"<b>{review.number or '无文号'} {review.title or ''}</b>　{review.issuer or ''}　"
                             f"{issued}　<span style='color:{'#2e7d32' if review.state == '已审核' else '#b45309'}'>"
                             f"{state}</span>")
        counts = review.flag_counts
        shown = [f"{flag} {counts.get(flag, 0)}" for flag in FLAGS]
        differing = sum(1 for task in review.tasks if task.differences)
        if differing:
            shown.append(f"重新导入有不同 {differing}")
        live = sum(1 for task in review.tasks if not task.withdrawn)
        self.counts.setText(f"任务 {live} 项　标记：" + "　".join(shown))
        self.setWindowTitle(f"导入审核 — {review.number or review.title or ''}")

    # -- selection -------------------------------------------------------------------

    def _selected_id(self) -> int | None:
        task = self.selected_task()
        return task.id if task is not None else None

    def selected_task(self) -> ReviewTask | None:
        index = self.table.currentIndex()
        return self.model.records[index.row()] if index.isValid() else None

    def selected_tasks(self) -> list[ReviewTask]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.records[row] for row in rows]

    def select_row(self, row: int) -> None:
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, TEXT),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(self.model.index(row, TEXT))

    def select_line(self, line: int) -> None:
        """A click in the source: the task whose lines cover it, if any."""
        if self.review is None:
            return
        task = self.review.task_at_line(line)
        if task is not None:
            self.select_row(self.model.row_of(task.id))

    def _task_selected(self) -> None:
        task = self.selected_task()
        self._allow()
        if task is None or not self.review or not self.review.lines:
            return
        marks: dict[str, list[str]] = {"lead": list(task.lead), "responsible": list(task.responsible),
                                       "cooperating": list(task.cooperating),
                                       "deadline": [task.deadline_text] if task.deadline_text else []}
        for role, written in task.written_units:      # as the document wrote them (县住建局, not its full name)
            marks.setdefault(role, []).append(written)
        self.source.blockSignals(True)
        self.source.show_lines(task.line_start, task.line_end, marks)
        self.source.blockSignals(False)

    def _allow(self) -> None:
        """The office edits; others read. Buttons follow the selection."""
        actor = self.context.actor()
        office = actor is not None and actor.is_office
        task = self.selected_task()
        live = task is not None and not task.withdrawn
        for button in (self.edit_button, self.split_button, self.withdraw_button):
            button.setEnabled(office and live)
        self.merge_button.setEnabled(office and len([t for t in self.selected_tasks() if not t.withdrawn]) == 2)
        self.add_button.setEnabled(office and self.review is not None and bool(self.review.lines))
        self.reviewed_button.setEnabled(office and self.review is not None and self.review.state != "已审核")

    # -- changes ------------------------------------------------------------------------

    def _changed(self, task_id: int | None, message: str) -> None:
        """After a write: read the plan again here, and the main window reloads."""
        self.errors.hide()
        self.reload(task_id)
        self.changed.emit(task_id)
        self.context.status(message, 8000)

    def _preview(self, phrase: str, dialog: TaskEditDialog) -> None:
        """Read a deadline phrase on the worker with the plan's working year; say what it becomes."""
        if not phrase:
            dialog.show_preview("保存后不设完成时限")
            return
        plan_id = self.plan_id

        def said(preview) -> None:
            if preview.ongoing:
                dialog.show_preview("将保存为：长期坚持（不计逾期）")
            elif preview.deadline is not None:
                extra = f"，周期：{preview.recurrence}" if preview.recurrence else ""
                dialog.show_preview(f"将保存为：{chinese_date(preview.deadline)}{extra}")
            elif preview.recurrence:
                dialog.show_preview(f"将保存为周期性任务：{preview.recurrence}（无固定完成时限）")
            else:
                dialog.show_preview("读不出日期：将只保存原文写法，不计逾期")

        Operation(lambda: editing.preview_deadline(plan_id, phrase)).success(said).failure(
            lambda error: dialog.show_preview(f"读不出：{error}")).run_saying(self.context.runner, dialog.show_preview)

    def edit_selected(self) -> None:
        task = self.selected_task()
        if task is None or not self.edit_button.isEnabled():
            return
        edit = TaskEditDialog.ask(self, task, self.names, self._preview)
        if edit is not None:
            self._save(task, edit)

    def _save(self, task: ReviewTask, edit: TaskEdit, create_departments: bool = False) -> None:
        actor = self.context.actor()

        def write() -> None:
            if edit.changes_fields:
                editing.edit_task(task.id, actor=acting(actor), expected_version=task.version, text=edit.text,
                                  lead=edit.units.get("lead"), responsible=edit.units.get("responsible"),
                                  cooperating=edit.units.get("cooperating"), deadline=edit.deadline,
                                  recurrence=edit.recurrence, ongoing=edit.ongoing,
                                  create_departments=create_departments)
            for difference, take in edit.take_extracted.items():
                editing.resolve_difference(difference, take, actor=acting(actor))

        def refused(error: BaseException) -> None:
            if isinstance(error, editing.UnknownDepartments) and self._create_asked(error.names):
                self._save(task, edit, create_departments=True)
            else:
                self.errors.show_error(f"未保存：{error}")

        self._run(Operation(write).success(lambda _none: self._changed(task.id, "已保存任务的修改"))
                  .failure(refused))

    def _create_asked(self, names) -> bool:
        """A name no department has: create it, or go back and pick an existing one."""
        return asked_yes(self, "新单位", "登记册中没有以下单位：\n" + "、".join(names)
                         + "\n\n新建这些单位？（选“否”返回，可从提示列表中选择已有单位或其简称）")

    def add_from_lines(self) -> None:
        chosen = self.source.selected_lines()
        if chosen is None or self.review is None:
            self.errors.show_error("请先在左侧原文中选中要新增为任务的一行或几行。")
            return
        first, last = chosen
        text = "".join(line.strip() for line in self.review.lines[first - self.review.first_line:
                                                                  last - self.review.first_line + 1])
        edit = TaskEditDialog.ask(self, None, self.names, self._preview, text)
        if edit is None:
            return
        plan_id, actor = self.plan_id, self.context.actor()
        self._run(Operation(lambda: editing.add_task(
            plan_id, first, last, actor=acting(actor), text=edit.text, lead=edit.units.get("lead", ()),
            responsible=edit.units.get("responsible", ()), cooperating=edit.units.get("cooperating", ()),
            deadline=edit.deadline)).success(lambda task_id: self._changed(task_id, "已新增任务")), "未新增：")

    def split_selected(self) -> None:
        task = self.selected_task()
        if task is None:
            return
        parts = SplitDialog.ask(self, task.text)
        if parts is None:
            return
        actor = self.context.actor()
        self._run(Operation(lambda: editing.split_task(task.id, parts[0], parts[1], actor=acting(actor)))
                  .success(lambda ids: self._changed(ids[0], "已拆分为两项任务")), "未拆分：")

    def merge_selected(self) -> None:
        tasks = [task for task in self.selected_tasks() if not task.withdrawn]
        if len(tasks) != 2:
            self.errors.show_error("请在右侧选中两项任务（按住 Ctrl 点选），第二项将并入第一项。")
            return
        keep, absorb = tasks
        actor = self.context.actor()
        self._run(Operation(lambda: editing.merge_tasks(keep.id, absorb.id, actor=acting(actor)))
                  .success(lambda kept: self._changed(kept, f"已将任务 {absorb.seq or absorb.id} 并入 {keep.seq or keep.id}")),
                  "未合并：")

    def withdraw_selected(self) -> None:
        task = self.selected_task()
        if task is None:
            return
        reason, ok = QInputDialog.getText(self, "不是任务", "撤销原因（如：阶段标题，不是任务）：", text="不是任务")
        if not ok:
            return
        actor = self.context.actor()
        self._run(Operation(lambda: editing.withdraw_task(task.id, reason, actor=acting(actor)))
                  .success(lambda _none: self._changed(task.id, "已撤销该条（记录保留）")), "未撤销：")

    def mark_reviewed(self) -> None:
        plan_id, actor = self.plan_id, self.context.actor()
        self._run(Operation(lambda: mark_reviewed(plan_id, actor=acting(actor)))
                  .success(lambda _none: self._changed(None, "已标记为已审核")), "未标记：")


class SplitDialog(QDialog):
    """拆分: the task's text in two parts, cut at the sentence nearest the middle (editable)."""

    def __init__(self, parent: QWidget | None, text: str) -> None:
        super().__init__(parent)
        from PySide6.QtWidgets import QDialogButtonBox, QPlainTextEdit
        self.setWindowTitle("拆分任务")
        self.setMinimumWidth(560)
        cut = _middle_sentence_end(text)
        self.first = QPlainTextEdit(text[:cut].strip())
        self.second = QPlainTextEdit(text[cut:].strip())
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("第一项（保留原任务的进展记录）"))
        layout.addWidget(self.first)
        layout.addWidget(QLabel("第二项（新任务，单位与完成时限同原任务）"))
        layout.addWidget(self.second)
        self.error = error_label()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox()
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.addButton("拆分", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def accept(self) -> None:
        if not self.first.toPlainText().strip() or not self.second.toPlainText().strip():
            self.error.setText("两项都要有内容")
            return
        super().accept()

    @classmethod
    def ask(cls, parent: QWidget | None, text: str) -> tuple[str, str] | None:
        dialog = cls(parent, text)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.first.toPlainText().strip(), dialog.second.toPlainText().strip()


def _middle_sentence_end(text: str) -> int:
    """Where to cut ``text`` in two: after the sentence mark (。；;) nearest its middle."""
    ends = [index + 1 for index, char in enumerate(text[:-1]) if char in "。；;"]
    if not ends:
        return len(text) // 2
    return min(ends, key=lambda end: abs(end - len(text) / 2))
