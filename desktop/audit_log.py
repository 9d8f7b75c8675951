"""账户 → 审计日志…: the office reads who changed what, newest first.

Read-only by construction: models.access.audit only appends and reads, and nothing
here offers to edit or delete an entry. Pages of `PAGE` entries are read on
the worker; 更早的记录 appends the next page (offset = entries shown).
"""
from __future__ import annotations

import json
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QItemSelection, Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView,
                               QLabel, QPlainTextEdit, QPushButton, QSplitter, QVBoxLayout, QWidget)

from models.access import audit
from models.access.actor import Actor, acting
from models.access.audit import AuditRecord
from models.rules.wording import chinese_datetime

from .dialog_parts import record_table
from .bug_log import bug_message
from .operations import USER_ERRORS
from .list_model import Index, RecordListModel
from .workers import TaskRunner

PAGE = 200
COLUMNS = ("时间", "操作人", "操作", "对象", "摘要")


class AuditTableModel(RecordListModel):
    """Audit entries (models.access.audit.AuditRecord), newest first; older pages appended."""

    columns = COLUMNS
    records: list[AuditRecord]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        entry = self.records[index.row()]
        return (chinese_datetime(entry.at), entry.actor, entry.action_label, entry.target,
                entry.summary)[index.column()]


def _pretty(value: dict[str, Any] | None) -> str:
    return "（无）" if value is None else json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True)


class AuditLogDialog(QDialog):
    """Filters (kind, who, dates), the entries, and the selected entry's before and after."""

    def __init__(self, runner: TaskRunner, usernames: list[str], actor: Actor | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("审计日志")
        self.runner, self.actor = runner, actor
        self.loading = False
        self.exhausted = False
        self.action = QComboBox()
        self.action.addItem("全部操作", None)
        for key, label in audit.actions().items():
            self.action.addItem(label, key)
        self.who = QComboBox()
        self.who.setEditable(True)
        self.who.addItem("")
        self.who.addItems(usernames)
        self.who.lineEdit().setPlaceholderText("全部人员")
        self.use_dates = QCheckBox("日期")
        today = date.today()
        self.since = QDateEdit(QDate(today.year, today.month, 1))
        self.until = QDateEdit(QDate(today.year, today.month, today.day))
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy年M月d日")
            edit.setEnabled(False)
        self.use_dates.toggled.connect(self.since.setEnabled)
        self.use_dates.toggled.connect(self.until.setEnabled)
        search = QPushButton("查询")
        search.clicked.connect(self.reload)
        filters = QHBoxLayout()
        for widget in (QLabel("操作"), self.action, QLabel("操作人"), self.who, self.use_dates, self.since,
                       QLabel("至"), self.until, search):
            filters.addWidget(widget)
        filters.addStretch(1)

        self.model = AuditTableModel(self)
        self.view = record_table(self.model)
        header = self.view.horizontalHeader()
        for column, width in enumerate((150, 90, 100, 150)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.view.selectionModel().selectionChanged.connect(self._selected)
        self.before = QPlainTextEdit()
        self.after = QPlainTextEdit()
        changes = QWidget()
        changes_layout = QHBoxLayout(changes)
        changes_layout.setContentsMargins(0, 0, 0, 0)
        for title, edit in (("修改前", self.before), ("修改后", self.after)):
            edit.setReadOnly(True)
            box = QVBoxLayout()
            box.addWidget(QLabel(title))
            box.addWidget(edit)
            changes_layout.addLayout(box)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        split.addWidget(changes)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)

        self.status = QLabel(" ")
        self.status.setWordWrap(True)
        self.earlier = QPushButton("更早的记录")
        self.earlier.clicked.connect(self.load_earlier)
        self.buttons = QDialogButtonBox()
        self.buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.earlier)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(split, 1)
        layout.addLayout(bottom)
        self.resize(1000, 640)

    def criteria(self) -> dict[str, Any]:
        """The filters as models.access.audit.entries arguments."""
        who = self.who.currentText().strip()
        dates: dict[str, Any] = {}
        if self.use_dates.isChecked():
            dates = {"since": self.since.date().toPython(), "until": self.until.date().toPython()}
        return {"action": self.action.currentData(), "who": who or None, **dates}

    def reload(self) -> None:
        """The newest page for the current filters."""
        self._load(0, replace=True)

    def load_earlier(self) -> None:
        """更早的记录: the next page after those shown."""
        self._load(len(self.model.records), replace=False)

    def _load(self, offset: int, replace: bool) -> None:
        criteria = self.criteria()
        self.loading = True
        self.earlier.setEnabled(False)
        self.status.setText("正在读取…")

        def done(found: list[AuditRecord]) -> None:
            self.loading = False
            if replace:
                self.model.set_records(found)
                self.before.clear()
                self.after.clear()
            else:
                self.model.append_records(found)
            self.exhausted = len(found) < PAGE
            self.earlier.setEnabled(not self.exhausted)
            self.status.setText(f"显示 {len(self.model.records)} 条" + ("（已到最早）" if self.exhausted else ""))

        actor = self.actor
        self.runner.run(lambda job: audit.entries(acting(actor), limit=PAGE, offset=offset, **criteria), done,
                        self._failed)

    def _failed(self, error: BaseException) -> None:
        self.loading = False
        self.earlier.setEnabled(True)
        self.status.setText(str(error) if isinstance(error, USER_ERRORS) else bug_message(error))

    def _selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            self.before.clear()
            self.after.clear()
            return
        entry = self.model.records[rows[0].row()]
        self.before.setPlainText(_pretty(entry.before))
        self.after.setPlainText(_pretty(entry.after))
