"""编辑任务 / 新增任务: the office corrects what the importer read.

Units are typed as names separated by 、 with a completer over every department
name and alias; the deadline is a date or a phrase (「2023年12月底前」, 「每季度」,
「长期坚持」) that the importer's own grammar reads with the plan's working year,
shown before saving. Where a re-import read a field differently from the office's
edit, both are shown and the office picks one. `TaskEditDialog.ask(...)` is what
the review window calls; tests replace it.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QStringListModel, Qt, QTimer
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QCompleter, QDialog, QDialogButtonBox, QFormLayout,
                               QGroupBox, QLabel, QLineEdit, QPlainTextEdit, QRadioButton, QVBoxLayout, QWidget)

from models.registry.schema import ROLE_LABELS
from models.upkeep.review import ReviewTask

from .dialog_parts import error_label

FIELD_LABELS = {"text": "任务内容", **ROLE_LABELS, "deadline": "完成时限", "recurrence": "周期", "ongoing": "长期坚持"}


def split_names(text: str) -> tuple[str, ...]:
    """Names typed in one field: separated by 、，, ; or spaces between whole names."""
    for separator in "，,；;":
        text = text.replace(separator, "、")
    return tuple(name.strip() for name in text.split("、") if name.strip())


@dataclass(frozen=True)
class TaskEdit:
    """What the office changed (only those fields), and for each re-import difference which value stays."""

    text: str | None = None
    units: dict[str, tuple[str, ...]] = field(default_factory=dict)     # role -> names
    deadline: str | None = None              # a date or phrase; "" clears it
    recurrence: str | None = None
    ongoing: bool | None = None
    take_extracted: dict[int, bool] = field(default_factory=dict)        # difference id -> the re-import's value

    @property
    def changes_fields(self) -> bool:
        return any(value is not None for value in (self.text, self.deadline, self.recurrence, self.ongoing)) \
            or bool(self.units)


class _NamesCompleter(QCompleter):
    """Completes the name being typed after the last 、, keeping the ones before it."""

    def __init__(self, names: list[str], parent: QWidget) -> None:
        super().__init__(parent)
        self.setModel(QStringListModel(names, self))      # owned by the completer, not by Python
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterMode(Qt.MatchFlag.MatchContains)

    def splitPath(self, path: str) -> list[str]:
        return [path.split("、")[-1].strip()]

    def pathFromIndex(self, index) -> str:
        typed = self.widget().text() if self.widget() is not None else ""
        before = typed.rsplit("、", 1)[0] + "、" if "、" in typed else ""
        return before + str(index.data())


class TaskEditDialog(QDialog):
    def __init__(self, parent: QWidget | None, task: ReviewTask | None, names: list[str],
                 preview: Callable[[str], None], text: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("编辑任务" if task is not None else "新增任务")
        self.setMinimumWidth(620)
        self.task = task
        self.preview = preview
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.text = QPlainTextEdit(task.text if task is not None else text)
        self.text.setMinimumHeight(90)
        form.addRow("任务内容", self.text)
        self.units: dict[str, QLineEdit] = {}
        for role, label in ROLE_LABELS.items():
            edit = QLineEdit("、".join(getattr(task, role)) if task is not None else "")
            edit.setPlaceholderText("单位名称，多个用“、”分隔；可输入简称")
            edit.setCompleter(_NamesCompleter(names, edit))
            self.units[role] = edit
            form.addRow(label, edit)
        written = (task.deadline_text or (task.deadline.isoformat() if task.deadline else "")) if task else ""
        self.deadline = QLineEdit(written)
        self.deadline.setPlaceholderText("日期（2023-12-31）或原文写法（2023年12月底前、每季度）")
        form.addRow("完成时限", self.deadline)
        self.deadline_preview = QLabel(" ")
        self.deadline_preview.setObjectName("deadlinePreview")
        self.deadline_preview.setStyleSheet("color: #555;")
        form.addRow("", self.deadline_preview)
        self.recurrence = QLineEdit(task.recurrence or "" if task is not None else "")
        self.recurrence.setPlaceholderText("如：每月、每季度")
        form.addRow("周期", self.recurrence)
        self.ongoing = QCheckBox("长期坚持（不设完成时限，不计逾期）")
        self.ongoing.setChecked(bool(task and task.ongoing))
        form.addRow("", self.ongoing)
        layout.addLayout(form)

        # Re-import differences: the office's value or the new reading, one choice each.
        self.choices: dict[int, QButtonGroup] = {}
        if task is not None and task.differences:
            box = QGroupBox("重新导入后读法不同：请选择保留哪一个")
            box_layout = QVBoxLayout(box)
            for difference in task.differences:
                label = FIELD_LABELS.get(difference.field, difference.field)
                keep = QRadioButton(f"{label}：保留督查室的修改「{difference.current}」")
                take = QRadioButton(f"{label}：改用重新导入读出的「{difference.extracted}」")
                keep.setChecked(True)
                group = QButtonGroup(self)
                group.addButton(keep, 0)
                group.addButton(take, 1)
                self.choices[difference.id] = group
                box_layout.addWidget(keep)
                box_layout.addWidget(take)
            layout.addWidget(box)

        self.error = error_label()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox()
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.addButton("保存", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # Read the phrase once typing pauses, on the worker (the plan's working year applies).
        self._timer = QTimer(self, singleShot=True, interval=250)
        self._timer.timeout.connect(lambda: self.preview(self.deadline.text().strip()))
        self.deadline.textChanged.connect(lambda _text: self._timer.start())
        if written:
            self._timer.start()

    def show_preview(self, text: str) -> None:
        """What the deadline phrase will be saved as (called when the worker has read it)."""
        self.deadline_preview.setText(text)

    def edit(self) -> TaskEdit:
        """The fields that differ from the task as shown (all given ones for a new task)."""
        task = self.task
        text = self.text.toPlainText().strip()
        units = {role: split_names(edit.text()) for role, edit in self.units.items()}
        deadline = self.deadline.text().strip()
        recurrence = self.recurrence.text().strip()
        ongoing = self.ongoing.isChecked()
        choices = {ident: group.checkedId() == 1 for ident, group in self.choices.items()}
        if task is None:
            return TaskEdit(text, {role: names for role, names in units.items() if names}, deadline or None,
                            recurrence or None, ongoing or None, choices)
        written = task.deadline_text or (task.deadline.isoformat() if task.deadline else "")
        return TaskEdit(
            text=text if text != task.text else None,
            units={role: names for role, names in units.items() if names != getattr(task, role)},
            deadline=deadline if deadline != written else None,
            recurrence=recurrence if recurrence != (task.recurrence or "") else None,
            ongoing=ongoing if ongoing != task.ongoing else None,
            take_extracted=choices)

    def accept(self) -> None:
        if not self.text.toPlainText().strip():
            self.error.setText("任务内容不能为空")
            return
        super().accept()

    @classmethod
    def ask(cls, parent: QWidget | None, task: ReviewTask | None, names: list[str],
            preview: Callable[[str, TaskEditDialog], None], text: str = "") -> TaskEdit | None:
        """The office's changes, or None when cancelled. ``preview(phrase, dialog)`` reads a deadline phrase."""
        dialog: TaskEditDialog | None = None
        dialog = cls(parent, task, names, lambda phrase: preview(phrase, dialog), text)
        return dialog.edit() if dialog.exec() == QDialog.DialogCode.Accepted else None
