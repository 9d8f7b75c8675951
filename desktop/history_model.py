"""A task's status history (append-only), newest first, with its evidence files."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from models.supervision.queries import HistoryEntry
from models.rules.wording import chinese_date, chinese_datetime

from .list_model import ListTableModel

COLUMNS = ("时间", "状态", "进度", "填报人", "单位", "进展情况", "佐证材料")
# Columns sized to their text (the view's header reads these): a time or a percentage
# cut short is misread; the note takes what is left.
FIT_COLUMNS = (0, 1, 2)
NOTE_COLUMN = 5
_Index = QModelIndex | QPersistentModelIndex


class HistoryTableModel(ListTableModel):
    columns = COLUMNS

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.entries: list[HistoryEntry] = []
        self.evidence: dict[int, list[str]] = {}

    def set_history(self, entries: list[HistoryEntry], evidence: dict[int, list[str]]) -> None:
        self.beginResetModel()
        self.entries = list(reversed(entries))
        self.evidence = evidence
        self.endResetModel()

    def row_count(self) -> int:
        return len(self.entries)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        entry = self.entries[index.row()]
        column = index.column()
        if column == 0:
            return chinese_datetime(entry.created_at)
        if column == 1:
            if entry.completed_on:
                return f"{entry.status}（{chinese_date(entry.completed_on)}完成）"
            return entry.status
        if column == 2:
            return f"{entry.progress}%"
        if column == 3:
            return entry.who
        if column == 4:
            return entry.department or ""
        if column == 5:
            return entry.note
        if column == 6:
            return "、".join(self.evidence.get(entry.id, []))
        return None
