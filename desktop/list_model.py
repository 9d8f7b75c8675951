"""The shared part of the flat table models: named columns over a list of rows."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex


class ListTableModel(QAbstractTableModel):
    """A table without children: subclasses name `columns` and count their rows."""

    columns: tuple[str, ...] = ()

    def row_count(self) -> int:
        raise NotImplementedError

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self.row_count()

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section]
        return None


class RecordListModel(ListTableModel):
    """Rows that are records kept in one list, replaced whole or extended at the end."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.records: list[Any] = []

    def row_count(self) -> int:
        return len(self.records)

    def set_records(self, records: Iterable[Any]) -> None:
        self.beginResetModel()
        self.records = list(records)
        self.endResetModel()

    def append_records(self, records: list[Any]) -> None:
        if not records:
            return
        first = len(self.records)
        self.beginInsertRows(QModelIndex(), first, first + len(records) - 1)
        self.records.extend(records)
        self.endInsertRows()
