"""The tasks of one plan under review (models.upkeep.review.ReviewTask), one per row."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from models.rules.wording import chinese_date
from models.upkeep.review import ReviewTask

from .list_model import Index, RecordListModel

SEQ, TEXT, LEAD, RESPONSIBLE, COOPERATING, DEADLINE, FLAGS, LINES = range(8)
TASK_ROLE = Qt.ItemDataRole.UserRole + 1
# Which column shows which edited field (ReviewTask.edited), so an edit shows where it was made.
_FIELD_COLUMNS = {"text": TEXT, "lead": LEAD, "responsible": RESPONSIBLE, "cooperating": COOPERATING,
                  "deadline": DEADLINE, "ongoing": DEADLINE, "recurrence": DEADLINE}
_EDITED = QBrush(QColor("#e8f0fe"))
_DIFFERS = QBrush(QColor("#fde7e9"))
_WITHDRAWN = QBrush(QColor("#9e9e9e"))


def deadline_label(task: ReviewTask) -> str:
    if task.ongoing:
        return "长期坚持"
    if task.deadline is not None:
        return chinese_date(task.deadline) + (f"（{task.recurrence}）" if task.recurrence else "")
    return task.recurrence or ""


class ReviewTaskModel(RecordListModel):
    columns = ("序号", "任务", "牵头单位", "责任单位", "配合单位", "完成时限", "标记", "原文行")
    records: list[ReviewTask]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        task, column = self.records[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(task, column)
        if role == TASK_ROLE:
            return task
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tip(task, column)
        if role == Qt.ItemDataRole.ForegroundRole and task.withdrawn:
            return _WITHDRAWN
        if role == Qt.ItemDataRole.BackgroundRole:
            fields = {name for name, shown in _FIELD_COLUMNS.items() if shown == column}
            if any(difference.field in fields for difference in task.differences):
                return _DIFFERS
            if task.edited & fields:
                return _EDITED
        return None

    @staticmethod
    def _text(task: ReviewTask, column: int) -> str:
        if column == SEQ:
            return task.seq or ""
        if column == TEXT:
            return f"（已撤销）{task.text}" if task.withdrawn else task.text
        if column in (LEAD, RESPONSIBLE, COOPERATING):
            return "、".join((task.lead, task.responsible, task.cooperating)[column - LEAD])
        if column == DEADLINE:
            return deadline_label(task)
        if column == FLAGS:
            return "、".join(task.flags) + ("、重新导入有不同" if task.differences else "")
        if column == LINES:
            return f"{task.line_start}" if task.line_start == task.line_end else f"{task.line_start}–{task.line_end}"
        return ""

    @staticmethod
    def _tip(task: ReviewTask, column: int) -> str | None:
        lines = []
        if task.withdrawn and task.withdrawn_reason:
            lines.append(f"撤销原因：{task.withdrawn_reason}")
        fields = {name for name, shown in _FIELD_COLUMNS.items() if shown == column}
        for difference in task.differences:
            if difference.field in fields:
                lines.append(f"督查室修改为：{difference.current}\n重新导入读出：{difference.extracted}\n（在“编辑”中选择保留哪一个）")
        if task.edited & fields and not lines:
            lines.append("督查室已修改：重新导入不会覆盖")
        if column == DEADLINE and task.deadline_text:
            lines.append(f"原文：{task.deadline_text}")
        return "\n".join(lines) or None

    def row_of(self, task_id: int) -> int:
        return next((row for row, task in enumerate(self.records) if task.id == task_id), -1)
