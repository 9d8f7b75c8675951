"""工具 → 单位管理…: every department with its county, aliases and task counts, for the office.

Rename one, add or remove an alias, merge two (what moves is shown first),
mark a name as a typo of another (a merge that keeps it as an alias) or as a
collective (各乡镇), confirm a name as a body of its own, and set the
registry's county. The rules are models.upkeep.department_changes'; every
read and write is an operation on the window's worker (desktop/operations.py),
and a refusal is said in the dialog's own line. The small dialogs expose
`ask` classmethods that tests replace, so none blocks on exec().
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QCheckBox, QComboBox, QCompleter, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView,
                               QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget)

from models.access.actor import Actor, acting
from models.registry.counties import county_label, registry_county
from models.registry.department_overview import COUNTED, DepartmentInfo, counties, department_overview
from models.upkeep import department_changes as changes

from .dialog_parts import ERROR_COLOUR, button_row, closing_row, record_table
from .action_context import ActionContext
from .list_model import Index, RecordListModel
from .operations import Operation
from .workers import TaskRunner

COLUMNS = ("县", "单位", "类型", "别名", "牵头", "责任", "配合", "任务合计", "疑似笔误")
COUNTY, NAME, KIND, ALIASES, LEAD, RESPONSIBLE, COOPERATING, TASKS, LIKELY = range(len(COLUMNS))
DEPARTMENT_ROLE = Qt.ItemDataRole.UserRole + 41     # the DepartmentInfo of a row (clear of desktop.roles)
ALL_COUNTIES = "全部县"
_COUNT_TIPS = {LEAD: "牵头的任务数", RESPONSIBLE: "负责（责任单位）的任务数", COOPERATING: "配合的任务数",
               TASKS: "任一角色的任务数"}
_SUSPECT = QColor("#b26a00")
_ERROR, _DONE = f"color: {ERROR_COLOUR};", "color: #2e7d32;"


class DepartmentTableModel(RecordListModel):
    """Departments (models.registry.department_overview.DepartmentInfo), one per row."""

    columns = COLUMNS
    records: list[DepartmentInfo]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.records):
            return None
        info, column = self.records[index.row()], index.column()
        if role == DEPARTMENT_ROLE:
            return info
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _COUNT_TIPS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == LIKELY and info.likely:
            return _SUSPECT
        if role == Qt.ItemDataRole.ToolTipRole and column == LIKELY and info.likely:
            return "名称与本县的这些单位只差一两个字，可能是笔误：" + "、".join(
                name for _ident, name in (info.likely, *info.alternatives))
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        return self._text(info, column)

    @staticmethod
    def _text(info: DepartmentInfo, column: int) -> str | int:
        if column == COUNTY:
            return county_label(info.county)
        if column == NAME:
            return info.name
        if column == KIND:
            return "集合名称" if info.is_group else ("单位（已确认）" if info.confirmed else "单位")
        if column == ALIASES:
            return "、".join(info.aliases)
        if column == LIKELY:
            if info.likely is None:
                return ""
            others = "、".join(name for _ident, name in info.alternatives)
            return f"可能是“{info.likely[1]}”" + (f"（或 {others}）" if others else "")
        return (info.lead, info.responsible, info.cooperating, info.tasks)[column - LEAD]

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole and section in _COUNT_TIPS:
            return f"{_COUNT_TIPS[section]}（{COUNTED}）"
        return super().headerData(section, orientation, role)


# -- the small dialogs (tests replace their `ask`) ----------------------------------------


def _buttons(dialog: QDialog, accept_text: str) -> QDialogButtonBox:
    # Buttons added with Chinese text: the standard ones show English here.
    buttons = QDialogButtonBox()
    buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
    buttons.addButton(accept_text, QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class NameDialog(QDialog):
    """One name to type: a new name, an alias, the registry's county."""

    def __init__(self, title: str, prompt: str, text: str = "", choices: Sequence[str] = (),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.edit = QComboBox()
        self.edit.setEditable(True)
        self.edit.addItems(list(choices))
        self.edit.setCurrentText(text)
        layout = QVBoxLayout(self)
        label = QLabel(prompt)
        label.setWordWrap(True)
        layout.addWidget(label)
        layout.addWidget(self.edit)
        layout.addWidget(_buttons(self, "确定"))
        self.resize(420, self.sizeHint().height())

    @classmethod
    def ask(cls, title: str, prompt: str, text: str = "", choices: Sequence[str] = (),
            parent: QWidget | None = None) -> str | None:
        dialog = cls(title, prompt, text, choices, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.edit.currentText().strip() or None


class ChooseDepartmentDialog(QDialog):
    """Pick one department of a list (by name, any part of it), ``preselect`` first."""

    def __init__(self, title: str, prompt: str, choices: Sequence[tuple[int, str]], preselect: int | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.choice = QComboBox()
        self.choice.setEditable(True)
        for ident, label in choices:
            self.choice.addItem(label, ident)
        self.choice.setCurrentIndex(max(0, self.choice.findData(preselect)) if preselect is not None else -1)
        completer = QCompleter([label for _ident, label in choices], self.choice)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.choice.setCompleter(completer)
        layout = QVBoxLayout(self)
        label = QLabel(prompt)
        label.setWordWrap(True)
        layout.addWidget(label)
        layout.addWidget(self.choice)
        layout.addWidget(_buttons(self, "下一步"))
        self.resize(460, self.sizeHint().height())

    def chosen(self) -> int | None:
        index = self.choice.findText(self.choice.currentText())
        return self.choice.itemData(index) if index >= 0 else None

    @classmethod
    def ask(cls, title: str, prompt: str, choices: Sequence[tuple[int, str]], preselect: int | None = None,
            parent: QWidget | None = None) -> int | None:
        dialog = cls(title, prompt, choices, preselect, parent)
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None


class ConfirmDialog(QDialog):
    """What a change will do, one line a fact, before it is done."""

    def __init__(self, title: str, lines: Sequence[str], accept_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        text = QLabel("\n".join(lines))
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(text)
        layout.addWidget(_buttons(self, accept_text))
        self.resize(480, self.sizeHint().height())

    @classmethod
    def ask(cls, title: str, lines: Sequence[str], accept_text: str, parent: QWidget | None = None) -> bool:
        return cls(title, lines, accept_text, parent).exec() == QDialog.DialogCode.Accepted


# -- the view ----------------------------------------------------------------------------


class DepartmentsDialog(QDialog):
    """单位管理: the departments, filtered by county, name or likely typo; the office's changes."""

    changed = Signal(str)          # a change was made: what, for the window's status line

    def __init__(self, runner: TaskRunner, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("单位管理")
        self.runner, self.actor = runner, actor
        self.records: list[DepartmentInfo] = []
        self.county = ""                         # the registry's county
        self.counties: list[str] = []
        self.made_changes = False
        self.closed = False                      # closed: answers from the worker are dropped
        self.model = DepartmentTableModel(self)
        self.view = record_table(self.model)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ALIASES, QHeaderView.ResizeMode.Stretch)

        self.county_line = QLabel(" ")
        self.county_button = QPushButton("设定所属县…")
        self.county_button.clicked.connect(self.set_county)
        self.county_filter = QComboBox()
        self.county_filter.addItem(ALL_COUNTIES)
        self.search = QLineEdit()
        self.search.setPlaceholderText("按名称或别名查找")
        self.search.setClearButtonEnabled(True)
        self.suspects_only = QCheckBox("只看疑似笔误")
        self.counted = QLabel(f"任务数：{COUNTED}")
        self.counted.setStyleSheet("color: #666;")
        for signal in (self.county_filter.currentIndexChanged, self.search.textChanged, self.suspects_only.toggled):
            signal.connect(self._filter)

        self.rename_button = QPushButton("改名…")
        self.add_alias_button = QPushButton("添加别名…")
        self.remove_alias_button = QPushButton("删除别名…")
        self.merge_button = QPushButton("合并到…")
        self.typo_button = QPushButton("是笔误…")
        self.collective_button = QPushButton("标为集合名称")
        self.confirm_button = QPushButton("确认为独立单位")
        self.typo_button.setToolTip("这个名称是另一个单位的笔误：并入那个单位，名称留作别名")
        self.collective_button.setToolTip("集合名称指一类单位（如 各乡镇），不与单个单位合并")
        self.confirm_button.setToolTip("名称虽与别的单位相近，但确是独立的单位：不再提示疑似笔误")
        self.row_buttons = (self.rename_button, self.add_alias_button, self.remove_alias_button, self.merge_button,
                            self.typo_button, self.collective_button, self.confirm_button)
        for button, slot in zip(self.row_buttons, (self.rename, self.add_alias, self.remove_alias, self.merge,
                                                   self.mark_typo, self.toggle_collective, self.toggle_confirmed)):
            button.clicked.connect(slot)
        self.message = QLabel(" ")
        self.message.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(self.county_line, 1)
        top.addWidget(self.county_button)
        filters = QHBoxLayout()
        filters.addWidget(self.county_filter)
        filters.addWidget(self.search, 1)
        filters.addWidget(self.suspects_only)
        buttons = button_row(self.row_buttons)
        bottom = closing_row(self, self.message)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.counted)
        layout.addLayout(bottom)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self._selection_changed()
        self.resize(1080, 620)
        self.refresh()

    # -- reading -----------------------------------------------------------------

    def refresh(self, select: int | None = None) -> None:
        """Read the departments and the registry's county again; keep the selection."""
        current = select if select is not None else (self.selected().id if self.selected() else None)

        def read() -> tuple[list[DepartmentInfo], str, list[str]]:
            return department_overview(), registry_county(), counties()

        def show(found: tuple[list[DepartmentInfo], str, list[str]]) -> None:
            self.records, self.county, self.counties = found
            self._show_county()
            self._filter(select=current)

        self._run(read, show)

    def _show_county(self) -> None:
        if self.county:
            self.county_line.setText(f"登记册所属县：{self.county}（未写明县名的文件和查找单位时，先看本县）")
            self.county_line.setStyleSheet("")
        else:
            named = f"导入的文件来自 {'、'.join(self.counties)}；" if self.counties else ""
            self.county_line.setText(f"登记册尚未设定所属县。{named}请设定本县，查找单位时先看本县。")
            self.county_line.setStyleSheet("color: #b26a00;")
        shown = self.county_filter.currentText()
        self.county_filter.blockSignals(True)
        self.county_filter.clear()
        self.county_filter.addItems([ALL_COUNTIES, *(county_label(county) for county in self._all_counties())])
        self.county_filter.setCurrentIndex(max(0, self.county_filter.findText(shown)))
        self.county_filter.blockSignals(False)

    def _all_counties(self) -> list[str]:
        """The counties of the rows, the registry's first, those of no county last."""
        return list(dict.fromkeys(info.county for info in self.records))

    def _filter(self, *_args: object, select: int | None = None) -> None:
        """Show the rows that pass the filters (a new row list, as the task list does)."""
        current = select if select is not None else (self.selected().id if self.selected() else None)
        county = self.county_filter.currentText()
        text = self.search.text().strip()
        rows = [info for info in self.records
                if (county == ALL_COUNTIES or county_label(info.county) == county)
                and (not self.suspects_only.isChecked() or info.likely is not None)
                and (not text or text in info.name or any(text in alias for alias in info.aliases))]
        self.model.set_records(rows)
        for row, info in enumerate(rows):
            if info.id == current:
                self.view.selectRow(row)
                break
        self._selection_changed()

    def selected(self) -> DepartmentInfo | None:
        index = self.view.currentIndex()
        if not index.isValid() or not self.view.selectionModel().isRowSelected(index.row()):
            return None
        return self.model.records[index.row()]

    def _selection_changed(self) -> None:
        info = self.selected()
        office = self.actor.is_office
        for button in self.row_buttons:
            button.setEnabled(info is not None and office)
        self.county_button.setEnabled(office)
        if info is not None:
            self.remove_alias_button.setEnabled(office and bool(info.aliases))
            self.typo_button.setEnabled(office and not info.is_group)
            self.confirm_button.setEnabled(office and not info.is_group)
            self.collective_button.setText("取消集合名称" if info.is_group else "标为集合名称")
            self.confirm_button.setText("取消确认" if info.confirmed else "确认为独立单位")

    def _same_county(self, info: DepartmentInfo) -> list[tuple[int, str]]:
        """The departments ``info`` may be merged with: its county's (or of no county), of its kind."""
        return [(other.id, f"{other.name}（{county_label(other.county)}）") for other in self.records
                if other.id != info.id and other.is_group == info.is_group
                and (other.county == info.county or not other.county or not info.county)]

    # -- operations --------------------------------------------------------------

    def say(self, text: str, style: str = _DONE) -> None:
        self.message.setStyleSheet(style)
        self.message.setText(text)

    def _run(self, work: Callable[[], Any], done: Callable[[Any], Any]) -> None:
        """An operation of this dialog: a refusal or a bug is said in the dialog's own line.
        What comes back after the dialog was closed (and may be deleted) is dropped."""
        def unless_closed(callback: Callable[[Any], Any]) -> Callable[[Any], None]:
            return lambda value: None if self.closed else callback(value)

        Operation(work).success(unless_closed(done)).run_saying(
            self.runner, unless_closed(lambda text: self.say(text, _ERROR)))

    def done(self, result: int) -> None:
        self.closed = True
        super().done(result)

    def _change(self, step: Callable[[Actor], Any], done: str, select: int | None = None) -> None:
        """Write ``step(actor)`` on the worker; then read again and say ``done``."""
        actor = self.actor

        def changed(_result: object) -> None:
            self.made_changes = True
            self.changed.emit(done)
            self.refresh(select)
            self.say(done)

        self.say("正在保存…", "")
        self._run(lambda: step(acting(actor)), changed)

    def rename(self) -> None:
        info = self.selected()
        if info is None:
            return
        new = NameDialog.ask("单位改名", f"“{info.name}”的新名称（原名称留作别名，文件里的写法仍能找到它）：",
                             info.name, parent=self)
        if new and new != info.name:
            self._change(lambda actor: changes.rename_department(info.id, new, actor=actor),
                         f"“{info.name}”已改名为“{new}”", info.id)

    def add_alias(self) -> None:
        info = self.selected()
        if info is None:
            return
        alias = NameDialog.ask("添加别名", f"“{info.name}”的另一种写法（{county_label(info.county)}）：", parent=self)
        if not alias:
            return

        def check(move: changes.AliasMove) -> None:
            if move.owner is not None and not ConfirmDialog.ask(
                    "添加别名", [f"“{move.alias}”现在指“{move.owner}”。",
                                 f"改为“{info.name}”的别名后，“{move.owner}”中这样写的 {move.assignments} 条分工随之改记到"
                                 f"“{info.name}”。"], "改记", self):
                return
            self._change(lambda actor: changes.add_alias(info.id, alias, actor=actor),
                         f"“{move.alias}”已记为“{info.name}”的别名", info.id)

        self._run(lambda: changes.alias_move(info.id, alias), check)

    def remove_alias(self) -> None:
        info = self.selected()
        if info is None or not info.aliases:
            return
        alias = NameDialog.ask("删除别名", f"不再把这个写法认作“{info.name}”（已记下的分工不变）：",
                               info.aliases[0], info.aliases, self)
        if alias:
            self._change(lambda actor: changes.remove_alias(info.id, alias, actor=actor),
                         f"“{alias}”不再是“{info.name}”的别名", info.id)

    def merge(self) -> None:
        info = self.selected()
        if info is not None:
            self._merge(info, ChooseDepartmentDialog.ask(
                "合并单位", f"把“{info.name}”并入哪个单位？（同一单位的两种写法；其分工、进展、账户都改记到那个单位）",
                self._same_county(info), None, self), typo=False)

    def mark_typo(self) -> None:
        info = self.selected()
        if info is not None:
            self._merge(info, ChooseDepartmentDialog.ask(
                "标为笔误", f"“{info.name}”是哪个单位的笔误？（并入该单位，“{info.name}”留作别名）",
                self._same_county(info), info.likely[0] if info.likely else None, self), typo=True)

    def _merge(self, absorb: DepartmentInfo, keep: int | None, typo: bool) -> None:
        """Show what the merge moves (read on the worker), then merge on a yes."""
        if keep is None:
            return

        def confirm(preview: changes.MergePreview) -> None:
            if preview.refusal:
                self.say(preview.refusal, _ERROR)
                return
            title = "标为笔误" if typo else "合并单位"
            if ConfirmDialog.ask(title, preview.describe(), "合并", self):
                self._change(lambda actor: changes.merge_departments(keep, absorb.id, actor=actor, typo=typo),
                             f"“{absorb.name}”已并入“{preview.keep}”", keep)

        self._run(lambda: changes.merge_preview(keep, absorb.id), confirm)

    def toggle_collective(self) -> None:
        info = self.selected()
        if info is not None:
            self._change(lambda actor: changes.set_collective(info.id, not info.is_group, actor=actor),
                         f"“{info.name}”已{'取消集合名称' if info.is_group else '标为集合名称'}", info.id)

    def toggle_confirmed(self) -> None:
        info = self.selected()
        if info is not None:
            self._change(lambda actor: changes.confirm_department(info.id, not info.confirmed, actor=actor),
                         f"已{'取消确认' if info.confirmed else '确认'}“{info.name}”是独立的单位", info.id)

    def set_county(self) -> None:
        county = NameDialog.ask(
            "设定所属县", "本登记册属于哪个县？（未写明县名的文件算本县的；查找单位时先看本县；"
                        "只出现在本县文件里的未分县单位归入本县）", self.county, self.counties, self)
        if county and county != self.county:
            self._change(lambda actor: changes.set_registry_county(county, actor=actor), f"登记册所属县设为 {county}")

    # -- from the window -----------------------------------------------------------

    @classmethod
    def open_for(cls, context: ActionContext) -> None:
        """单位管理 from the 工具 menu: the registry is reloaded after a change, so the tree,
        the list and the reports show the departments as they are now."""
        actor = context.actor()
        if actor is None:
            context.report("请先登录。")
            return
        dialog = cls(context.runner, actor, context.parent)
        dialog.changed.connect(lambda done: context.status(done, 8000))
        cls.show_dialog(dialog)
        dialog.closed = True
        if dialog.made_changes:
            context.reload(None, "单位已更新")
        dialog.deleteLater()

    @staticmethod
    def show_dialog(dialog: DepartmentsDialog) -> None:
        """Replaced in tests."""
        dialog.exec()
