"""更新进展: a liaison records status, progress, a note and evidence files.

`UpdateDialog.ask(...)` is what the window calls; tests replace it, so no
test blocks on a modal exec().
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
                               QHBoxLayout, QLabel, QLineEdit, QListWidget, QPlainTextEdit, QPushButton,
                               QSlider, QSpinBox, QVBoxLayout, QWidget)

from models.rules.status import DONE, IN_PROGRESS, STATUSES
from models.supervision.updates import validate_update


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
                 draft: UpdateRequest | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("更新进展")
        self.setMinimumWidth(520)
        today = today or date.today()
        layout = QVBoxLayout(self)
        summary = QLabel(task_text)
        summary.setWordWrap(True)
        summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(summary)

        form = QFormLayout()
        self.status = QComboBox()
        self.status.addItems(STATUSES)
        self.status.setCurrentText(status if status in STATUSES else IN_PROGRESS)
        form.addRow("状态", self.status)

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

        self.completed_on = QDateEdit(QDate(today.year, today.month, today.day))
        self.completed_on.setCalendarPopup(True)
        self.completed_on.setDisplayFormat("yyyy年M月d日")
        self.completed_label = QLabel("完成日期")
        form.addRow(self.completed_label, self.completed_on)

        self.department = QComboBox()
        self.department.addItem("（不指定）")
        self.department.addItems(departments)
        form.addRow("填报单位", self.department)
        self.who = QLineEdit(who)
        self.who.setPlaceholderText("联络员姓名")
        form.addRow("填报人", self.who)
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("本次进展情况、存在问题、下步打算")
        self.note.setFixedHeight(96)
        form.addRow("进展情况", self.note)

        self.files = QListWidget()
        self.files.setFixedHeight(72)
        add = QPushButton("添加佐证材料…")
        remove = QPushButton("移除")
        add.clicked.connect(self._add_files)
        remove.clicked.connect(lambda: [self.files.takeItem(self.files.row(item))
                                        for item in self.files.selectedItems()])
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(add)
        buttons_row.addWidget(remove)
        buttons_row.addStretch(1)
        files_box = QVBoxLayout()
        files_box.addWidget(self.files)
        files_box.addLayout(buttons_row)
        form.addRow("佐证材料", files_box)
        layout.addLayout(form)

        self.error = QLabel()
        self.error.setStyleSheet("color: #c62828")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("保存")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.status.currentTextChanged.connect(self._status_changed)
        self._status_changed(self.status.currentText())
        if draft is not None:
            self._restore(draft, task_status=status, task_progress=progress)

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
        self.files.addItems(list(draft.files))
        self.error.setText(f"已恢复您上次未保存的填报；该任务现为“{task_status} {task_progress}%”，请核对后保存。")

    def _status_changed(self, status: str) -> None:
        # Marking done asks for the completion date and implies 100 %.
        done = status == DONE
        self.completed_on.setVisible(done)
        self.completed_label.setVisible(done)
        if done:
            self.progress.setValue(100)

    def _add_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "选择佐证材料")
        existing = {self.files.item(row).text() for row in range(self.files.count())}
        for path in paths:
            if path not in existing:
                self.files.addItem(path)

    def request(self) -> UpdateRequest:
        status = self.status.currentText()
        day = self.completed_on.date()
        department = self.department.currentText() if self.department.currentIndex() > 0 else None
        return UpdateRequest(
            status=status, progress=self.progress.value(), note=self.note.toPlainText().strip(),
            who=self.who.text().strip(), department=department,
            completed_on=date(day.year(), day.month(), day.day()) if status == DONE else None,
            files=tuple(self.files.item(row).text() for row in range(self.files.count())))

    def accept(self) -> None:
        request = self.request()
        try:
            validate_update(request.status, request.progress, request.completed_on)
        except ValueError as error:
            self.error.setText(str(error))
            return
        if request.status == DONE and request.progress != 100:
            self.error.setText("标记为已完成时，进度应为 100%")
            return
        super().accept()

    @classmethod
    def ask(cls, parent: QWidget | None, task_text: str, status: str, progress: int,
            departments: list[str], who: str = "", today: date | None = None,
            draft: UpdateRequest | None = None) -> UpdateRequest | None:
        dialog = cls(parent, task_text, status, progress, departments, who, today, draft)
        return dialog.request() if dialog.exec() == QDialog.DialogCode.Accepted else None
