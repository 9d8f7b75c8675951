"""Filters above the task list: state, role, deadline range, free text, as-of date."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QHBoxLayout, QLabel, QLineEdit, QSpinBox, QWidget

from models.supervision.lights import YELLOW_LIGHT_DAYS
from models.supervision.listing import ROLES
from models.supervision.statistics import STATISTICS_ROLES
from models.rules.status import DERIVED_STATES
from models.supervision.waiting import OFFICE_STATE_MEANINGS, OFFICE_STATES

DAYS_SUFFIX, WORKING_DAYS_SUFFIX = " 天内到期", " 个工作日内到期"
# 牵头和责任: the roles the 统计 tab counts by default (a double click there opens a department with them).
ROLE_CHOICES = (("全部角色", ROLES), ("牵头", ("lead",)), ("责任", ("responsible",)), ("配合", ("cooperating",)),
                ("牵头和责任", STATISTICS_ROLES))


def to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


class FilterBar(QWidget):
    """Emits `changed` with the presenter's filter fields; typing is debounced."""

    changed = Signal(dict)
    asOfChanged = Signal(object, int, bool)    # date, due-soon days, counted in working days

    def __init__(self, as_of: date, due_soon_days: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索任务、文件、单位（Ctrl+F）")
        self.search.setClearButtonEnabled(True)
        self.state = QComboBox()
        self.state.addItem("全部状态", None)
        for state in DERIVED_STATES:
            self.state.addItem(state, (state,))
        # The office's steps after them: marks beside the state (a 办结 application is 待审批 and 待销号).
        self.state.insertSeparator(self.state.count())
        for state in OFFICE_STATES:
            self.state.addItem(state, (state,))
            self.state.setItemData(self.state.count() - 1, OFFICE_STATE_MEANINGS[state],
                                   Qt.ItemDataRole.ToolTipRole)
        self.role = QComboBox()
        for label, roles in ROLE_CHOICES:
            self.role.addItem(label, roles)
        self.role.setToolTip("所选单位在任务中的角色")
        self.use_range = QCheckBox("时限")
        self.deadline_from = QDateEdit(to_qdate(date(as_of.year, 1, 1)))
        self.deadline_to = QDateEdit(to_qdate(date(as_of.year, 12, 31)))
        for edit in (self.deadline_from, self.deadline_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
        self.as_of = QDateEdit(to_qdate(as_of))
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("yyyy年M月d日")
        self.as_of.setToolTip("以该日计算逾期与即将到期（可回看过去某周）")
        self.soon_days = QSpinBox()
        self.soon_days.setRange(1, 60)
        self.soon_days.setValue(due_soon_days)
        self.soon_days.setSuffix(DAYS_SUFFIX)
        self.soon_days.setToolTip(f"“即将到期”：完成时限在这么多天之内（含当天），用于状态和提醒栏；"
                                  f"不影响红黄绿灯（黄灯：{YELLOW_LIGHT_DAYS}天内到期或欠进度）")
        self.working_days = QCheckBox("工作日")
        self.working_days.setToolTip("按国务院公布的节假日和调休计算到期天数")
        self.working_days.toggled.connect(self._count_in)
        for widget in (self.search, self.state, self.role, self.use_range, self.deadline_from,
                       QLabel("至"), self.deadline_to, QLabel("截至"), self.as_of, self.soon_days,
                       self.working_days):
            layout.addWidget(widget)
        layout.setStretch(0, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self._emit)
        self.search.textChanged.connect(self._debounce.start)
        self.state.currentIndexChanged.connect(self._emit)
        self.role.currentIndexChanged.connect(self._emit)
        self.use_range.toggled.connect(self._range_toggled)
        self.deadline_from.dateChanged.connect(self._emit)
        self.deadline_to.dateChanged.connect(self._emit)
        self.as_of.dateChanged.connect(self._emit_as_of)
        self.soon_days.valueChanged.connect(self._emit_as_of)
        self.working_days.toggled.connect(self._emit_as_of)

    def _count_in(self, working_days: bool) -> None:
        """The spin box says which days it counts (7 个工作日内到期, 7 天内到期)."""
        self.soon_days.setSuffix(WORKING_DAYS_SUFFIX if working_days else DAYS_SUFFIX)

    def choose_roles(self, roles: tuple[str, ...]) -> None:
        """Show a department's tasks in these roles (one of ROLE_CHOICES; all roles when none is)."""
        wanted = tuple(roles)
        chosen = [index for index in range(self.role.count()) if tuple(self.role.itemData(index)) == wanted]
        self.role.setCurrentIndex(chosen[0] if chosen else 0)

    def count_calendar_days(self) -> None:
        """Untick 工作日 without asking again (the presenter already fell back to calendar days)."""
        self.working_days.blockSignals(True)
        self.working_days.setChecked(False)
        self.working_days.blockSignals(False)
        self._count_in(False)

    def _range_toggled(self, on: bool) -> None:
        self.deadline_from.setEnabled(on)
        self.deadline_to.setEnabled(on)
        self._emit()

    def values(self) -> dict:
        ranged = self.use_range.isChecked()
        return {"text": self.search.text(), "states": self.state.currentData(), "roles": self.role.currentData(),
                "deadline_from": to_date(self.deadline_from.date()) if ranged else None,
                "deadline_to": to_date(self.deadline_to.date()) if ranged else None}

    def _emit(self, *_args) -> None:
        self._debounce.stop()
        self.changed.emit(self.values())

    def _emit_as_of(self, *_args) -> None:
        self.asOfChanged.emit(to_date(self.as_of.date()), self.soon_days.value(), self.working_days.isChecked())

    def flush(self) -> None:
        """Apply a pending (debounced) search now."""
        if self._debounce.isActive():
            self._emit()
