"""The left-hand tree: 全部任务, departments with their counts, plans.

A small tree (hundreds of nodes), so a QStandardItemModel with custom roles
is enough; a recursive QSortFilterProxyModel on SEARCH_ROLE finds a
department by any of its aliases. A delegate paints the red (overdue) and
amber (due soon) badges from the count roles.
"""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor, QPainter, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from importers.records import ADVICE, mark
from models.supervision.listing import ROLE_NAMES, TALLY_ROLES, DepartmentTally, TaskTable
from models.supervision.statistics import STATISTICS_ROLES

_BASE = Qt.ItemDataRole.UserRole + 40
KIND_ROLE = _BASE + 1          # "all" / "department" / "plan" / "heading"
ID_ROLE = _BASE + 2
OVERDUE_ROLE = _BASE + 3
DUE_SOON_ROLE = _BASE + 4
TOTAL_ROLE = _BASE + 5
DONE_ROLE = _BASE + 6
SEARCH_ROLE = _BASE + 7        # name and aliases, for the search box
RED_ROLE = _BASE + 8           # 红灯 count
YELLOW_ROLE = _BASE + 9        # 黄灯 count
WARNING_ROLE = _BASE + 10      # a plan's import warnings ("第 N 行：…" lines), None when read in full
WAITING_ROLE = _BASE + 11      # tasks waiting for the office (待办)

WARNING_COLOUR = QColor("#b45309")

# The badges: red and yellow lights (red includes every overdue task), and blue for 待办.
BADGE_COLOURS = {RED_ROLE: QColor("#d32f2f"), YELLOW_ROLE: QColor("#f9a825"), WAITING_ROLE: QColor("#1e88e5")}
WAITING_LABEL = "待办"

# What a department's numbers count, said where they are shown (the heading reads it, the tooltips
# say it whole): the 统计 tab counts fewer roles by default, and a total that differs unexplained
# reads as an error.
COUNTED = (f"{'、'.join(ROLE_NAMES[role] for role in TALLY_ROLES)}均计入，每项任务计一次"
           f"（“统计”页默认只计{'、'.join(ROLE_NAMES[role] for role in STATISTICS_ROLES)}，可切换为与此一致）")
DEPARTMENTS_HEADING = "单位（任务数含配合）"


UNREVIEWED_MARK = "（待审核）"


class NavigatorModel(QStandardItemModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setHorizontalHeaderLabels(["单位与文件"])

    def populate(self, table: TaskTable, tallies: list[DepartmentTally], aliases: dict[int, list[str]],
                 unreviewed: frozenset[int] = frozenset(), waiting: str = "", waiting_count: int = 0) -> None:
        """Rebuild from a snapshot: 全部任务, 待办 (``waiting`` says what waits, ``waiting_count`` items),
        one node per department (groups last) and per plan; ``unreviewed`` are the plans still 待审核
        (导入审核), marked in the file list."""
        self.clear()
        self.setHorizontalHeaderLabels(["单位与文件"])
        overdue = sum(tally.overdue for tally in tallies if not tally.is_group)
        everything = _item("全部任务", "all", None)
        self._set_counts(everything, len(table), None, None, None)
        self.appendRow(everything)
        queue = _item(WAITING_LABEL, "waiting", None)
        queue.setData(waiting_count, WAITING_ROLE)
        queue.setToolTip(f"{waiting or WAITING_LABEL}\n待督查室审批、审核或销号的事项，最早的在前（单击打开）")
        self.appendRow(queue)
        departments = _item(DEPARTMENTS_HEADING, "heading", None)
        departments.setToolTip(f"各单位的任务数：{COUNTED}")
        for tally in tallies:
            if tally.total == 0:
                continue
            name = tally.name + ("（集合）" if tally.is_group else "")
            node = _item(name, "department", tally.department_id)
            self._set_counts(node, tally.total, tally.overdue, tally.due_soon, tally.done)
            node.setData(tally.red, RED_ROLE)
            node.setData(tally.yellow, YELLOW_ROLE)
            node.setData(tally.waiting, WAITING_ROLE)
            node.setData(" ".join([tally.name, *aliases.get(tally.department_id, [])]), SEARCH_ROLE)
            node.setToolTip(f"{tally.name}\n任务 {tally.total}：红灯 {tally.red}，黄灯 {tally.yellow}；"
                            f"逾期 {tally.overdue}，即将到期 {tally.due_soon}，已完成 {tally.done}"
                            f"{f'；待办 {tally.waiting}' if tally.waiting else ''}\n{COUNTED}")
            departments.appendRow(node)
        departments.setData(f"单位 逾期{overdue}", SEARCH_ROLE)
        self.appendRow(departments)
        plans = _item("文件", "heading", None)
        for plan_id, (number, title, issue_date) in sorted(
                table.plans.items(), key=lambda item: (item[1][2] or "", item[1][0] or "")):
            rows = table.by_plan.get(plan_id, [])
            warnings = table.plan_warnings.get(plan_id)
            if not rows and not warnings:
                continue
            name = f"{number or '无文号'} {title or ''}".strip()
            tooltip = f"{number or ''}\n{title or ''}\n印发 {issue_date or '—'}，任务 {len(rows)}"
            if warnings:
                # Marked until a later import reads it: where to look, and what to do.
                name = f"{mark(len(rows))}｜{name}"
                tooltip += f"\n\n{mark(len(rows))}：\n{warnings}\n{ADVICE}"
            if plan_id in unreviewed:
                name = f"{name}{UNREVIEWED_MARK}"
                tooltip += "\n\n待审核：任务尚未对照原文核对（双击或 Ctrl+R 打开导入审核）"
            node = _item(name, "plan", plan_id)
            node.setData(len(rows), TOTAL_ROLE)
            node.setData(f"{mark(len(rows)) if warnings else ''} {number or ''} {title or ''}"
                         f"{UNREVIEWED_MARK if plan_id in unreviewed else ''}", SEARCH_ROLE)
            node.setToolTip(tooltip)
            if warnings:
                node.setData(warnings, WARNING_ROLE)
                node.setForeground(WARNING_COLOUR)
            plans.appendRow(node)
        self.appendRow(plans)

    @staticmethod
    def _set_counts(node: QStandardItem, total, overdue, due_soon, done) -> None:
        node.setData(total, TOTAL_ROLE)
        node.setData(overdue, OVERDUE_ROLE)
        node.setData(due_soon, DUE_SOON_ROLE)
        node.setData(done, DONE_ROLE)


def _item(text: str, kind: str, ident: int | None) -> QStandardItem:
    item = QStandardItem(text)
    item.setEditable(False)
    item.setData(kind, KIND_ROLE)
    item.setData(ident, ID_ROLE)
    item.setData(text, SEARCH_ROLE)
    return item


class NavigatorFilter(QSortFilterProxyModel):
    """Keeps nodes whose name or alias contains the search text (and their parents)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setFilterRole(SEARCH_ROLE)
        self.setRecursiveFilteringEnabled(True)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)


class BadgeDelegate(QStyledItemDelegate):
    """Draws the name, then the overdue and due-soon counts as coloured pills."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        badges = [(index.data(role), colour) for role, colour in BADGE_COLOURS.items() if index.data(role)]
        total = index.data(TOTAL_ROLE)
        if not badges and total is None:
            super().paint(painter, option, index)
            return
        metrics = option.fontMetrics
        widths = [metrics.horizontalAdvance(str(count)) + 12 for count, _ in badges]
        total_text = f"{total}" if total is not None else ""
        reserve = sum(widths) + 6 * len(widths) + metrics.horizontalAdvance(total_text) + 10
        option = QStyleOptionViewItem(option)
        self.initStyleOption(option, index)
        option.rect = QRect(option.rect.left(), option.rect.top(), option.rect.width() - reserve, option.rect.height())
        style = option.widget.style() if option.widget else None
        if style is not None:
            full = QStyleOptionViewItem(option)
            full.rect = QRect(full.rect.left(), full.rect.top(), full.rect.width() + reserve, full.rect.height())
            full.text = ""
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, full, painter, option.widget)
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        x = option.rect.right() + 6
        height = metrics.height()
        top = option.rect.top() + (option.rect.height() - height) // 2
        for (count, colour), width in zip(badges, widths):
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRoundedRect(QRect(x, top, width, height), height / 2, height / 2)
            painter.setPen(QColor("white"))
            painter.drawText(QRect(x, top, width, height), Qt.AlignmentFlag.AlignCenter, str(count))
            x += width + 6
        if total_text:
            painter.setPen(option.palette.color(option.palette.ColorRole.PlaceholderText))
            painter.drawText(QRect(x, top, metrics.horizontalAdvance(total_text) + 4, height),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, total_text)
        painter.restore()
