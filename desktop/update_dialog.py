"""更新进展: a liaison records status, progress, a note and evidence files.

`UpdateDialog.ask(...)` is what the window calls; tests replace it, so no
test blocks on a modal exec().
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate, QSize, Qt
from PySide6.QtWidgets import (QComboBox, QDateEdit, QDialog, QFormLayout, QHBoxLayout, QLabel, QPlainTextEdit,
                               QSlider, QSpinBox, QVBoxLayout, QWidget)

from models.errors import InvalidInput
from models.rules.status import DONE, IN_PROGRESS, NOT_STARTED, STATUSES
from models.supervision.updates import validate_update

from .dialog_parts import error_label
from .request_parts import EvidenceList, applicant_rows, submit_buttons, task_label

NOTE_HEIGHT = 96      # pixels: four lines of a note
FILES_HEIGHT = 72     # three file names


@dataclass(frozen=True)
class UpdateRequest:
    status: str
    progress: int
    note: str
    who: str
    department: str | None
    completed_on: date | None
    files: tuple[str, ...]


class UpdateDialog(QDialog):
    def __init__(self, parent: QWidget | None, task_text: str, status: str, progress: int,
                 departments: list[str], who: str = "", today: date | None = None,
                 draft: UpdateRequest | None = None, own_department: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("更新进展")
        today = today or date.today()
        layout = QVBoxLayout(self)
        layout.addWidget(task_label(task_text))

        form = QFormLayout()
        self.status = QComboBox()
        self.status.addItems(STATUSES)
        self.status.setCurrentText(status if status in STATUSES else IN_PROGRESS)
        # 完成日期 shares the status's row: marking 已完成 shows it without adding a row,
        # so the dialog keeps its height (a row appearing in a window that did not grow
        # squeezed the evidence list onto its buttons).
        self.completed_on = QDateEdit(QDate(today.year, today.month, today.day))
        self.completed_on.setCalendarPopup(True)
        self.completed_on.setDisplayFormat("yyyy年M月d日")
        self.completed_label = QLabel("完成日期")
        self.completed_label.setBuddy(self.completed_on)
        # As tall as the date field, so the row is one height whether or not the date shows.
        self.status.setMinimumHeight(self.completed_on.sizeHint().height())
        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addSpacing(12)
        status_row.addWidget(self.completed_label)
        status_row.addWidget(self.completed_on)
        form.addRow("状态", status_row)

        self.progress = QSpinBox()
        self.progress.setRange(0, 100)
        self.progress.setSuffix(" %")
        self.progress.setValue(progress)
        slider = QSlider(Qt.Orientation.Horizontal)
        slider.setRange(0, 100)
        slider.setValue(progress)
        slider.valueChanged.connect(self.progress.setValue)
        self.progress.valueChanged.connect(slider.setValue)
        row = QHBoxLayout()
        row.addWidget(slider, 1)
        row.addWidget(self.progress)
        form.addRow("进度", row)

        self.department, self.who = applicant_rows(form, departments, own_department, who, ("填报单位", "填报人"))
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("本次进展情况、存在问题、下步打算")
        # The note and the evidence list take what height there is (a taller dialog, a
        # longer note), down to a floor; the dialog opens at its floor.
        self.note.setMinimumHeight(NOTE_HEIGHT)
        form.addRow("进展情况", self.note)

        self.files = EvidenceList("添加…")
        self.files.setMinimumHeight(FILES_HEIGHT)
        # Buttons beside the list, not under it: nothing below the list to run into.
        buttons_column = QVBoxLayout()
        buttons_column.addWidget(self.files.add_button)
        buttons_column.addWidget(self.files.remove_button)
        buttons_column.addStretch(1)
        files_row = QHBoxLayout()
        files_row.addWidget(self.files, 1)
        files_row.addLayout(buttons_column)
        form.addRow("佐证材料", files_row)
        layout.addLayout(form, 1)

        self.error = error_label()
        layout.addWidget(self.error)
        self.buttons, _save = submit_buttons(self, "保存")
        layout.addWidget(self.buttons)

        self.status.currentTextChanged.connect(self._status_changed)
        self._status_changed(self.status.currentText())
        self.progress.valueChanged.connect(self._progress_changed)
        if draft is not None:
            self._restore(draft, task_status=status, task_progress=progress)
        self.resize(self.minimumSizeHint().expandedTo(QSize(560, 0)))   # the floor: the note 4 lines high

    def _restore(self, draft: UpdateRequest, task_status: str, task_progress: int) -> None:
        """Refill what the person typed before someone else's update got in first."""
        self.status.setCurrentText(draft.status)
        self.progress.setValue(draft.progress)
        if draft.completed_on is not None:
            self.completed_on.setDate(QDate(draft.completed_on.year, draft.completed_on.month,
                                            draft.completed_on.day))
        if draft.department:
            self.department.setCurrentText(draft.department)
        self.who.setText(draft.who)
        self.note.setPlainText(draft.note)
        self.files.add_files(draft.files)
        self.error.setText(f"已恢复您上次未保存的填报；该任务现为“{task_status} {task_progress}%”，请核对后保存。")

    def _status_changed(self, status: str) -> None:
        # Marking done asks for the completion date and implies 100 %; not started is 0 %.
        done = status == DONE
        self.completed_on.setVisible(done)
        self.completed_label.setVisible(done)
        if done:
            self.progress.setValue(100)
        elif status == NOT_STARTED:
            self.progress.setValue(0)

    def _progress_changed(self, progress: int) -> None:
        # Progress reported on a task not started means it has started: 推进中, as the rule asks
        # (models.rules.status.progress_problem); the person sees the status change before saving.
        if progress > 0 and self.status.currentText() == NOT_STARTED:
            self.status.setCurrentText(IN_PROGRESS)

    def request(self) -> UpdateRequest:
        status = self.status.currentText()
        day = self.completed_on.date()
        department = self.department.currentData()
        return UpdateRequest(
            status=status, progress=self.progress.value(), note=self.note.toPlainText().strip(),
            who=self.who.text().strip(), department=department,
            completed_on=date(day.year(), day.month(), day.day()) if status == DONE else None,
            files=self.files.paths())

    def accept(self) -> None:
        request = self.request()
        try:
            validate_update(request.status, request.progress, request.completed_on)
        except InvalidInput as error:
            self.error.setText(str(error))
            return
        super().accept()

    @classmethod
    def ask(cls, parent: QWidget | None, task_text: str, status: str, progress: int,
            departments: list[str], who: str = "", today: date | None = None,
            draft: UpdateRequest | None = None, own_department: str | None = None) -> UpdateRequest | None:
        dialog = cls(parent, task_text, status, progress, departments, who, today, draft, own_department)
        return dialog.request() if dialog.exec() == QDialog.DialogCode.Accepted else None
