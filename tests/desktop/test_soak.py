"""Soak: tens of thousands of Qt calls that return nothing, and hundreds of real
repaints of the timeline, in one process.

PySide6 6.12.0 on CPython 3.11 drops a reference to None on every call of a
wrapped method that returns nothing, and the process aborts in `none_dealloc`
after about 5,000 such calls; the project pins 6.11.2 for that. A paint makes
hundreds of those calls, so a regression kills the app within seconds of use.
Here the refcount of None is checked after a first small batch, so such a
wrapper fails with a number before it can abort the test run (on 3.12+ None is
immortal and its count never moves).
"""
import sys
from datetime import date, timedelta

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QImage, QPainter, QPolygonF
from PySide6.QtWidgets import QWidget

from desktop.roles import START_ROLE
from desktop.task_table_model import TaskTableModel
from desktop.timeline_view import HEADER_HEIGHT, ROW_HEIGHT, TimelineView
from models.supervision.assessment import assess
from models.supervision.listing import TaskTable

AS_OF = date(2024, 6, 15)


def none_drift(before: int) -> int:
    return sys.getrefcount(None) - before


def test_void_calls_leave_none_alone(qtbot):
    image = QImage(64, 64, QImage.Format.Format_ARGB32_Premultiplied)
    colour = QColor("#c62828")
    widget = QWidget()
    qtbot.addWidget(widget)
    rect = QRectF()
    diamond = QPolygonF([QPointF(0, -7), QPointF(7, 0), QPointF(0, 7), QPointF(-7, 0)])
    before = sys.getrefcount(None)
    painter = QPainter(image)
    try:
        for step in range(2_000):
            painter.fillRect(step % 64, 0, 1, 1, colour)
        assert abs(none_drift(before)) < 500, "a wrapper returning nothing changes None's refcount"
        for step in range(20_000):
            painter.fillRect(step % 64, step % 60, 2, 2, colour)
            rect.setRect(step % 50, 0, 10, 10)
            painter.translate(1, 0)
            painter.translate(-1, 0)
        painter.drawPolygon(diamond)
    finally:
        painter.end()
    for step in range(20_000):
        widget.move(step % 100, step % 7)
    assert widget.pos().x() == 19_999 % 100
    assert image.pixelColor(1, 1).name() == "#c62828"
    assert abs(none_drift(before)) < 500


def table(rows: int) -> TaskTable:
    """`rows` tasks in plans of 100, issued over a year, deadlines up to 300 days later."""
    first = date(2023, 7, 1)
    plans = {plan: (f"某政发〔2024〕{plan}号", "工作方案", (first + timedelta(days=plan * 3)).isoformat())
             for plan in range(rows // 100 + 1)}
    made = TaskTable(plans=plans, department_names={1: "县住建局"})
    for row in range(rows):
        plan = row // 100
        made.ids.append(row + 1)
        made.plan_ids.append(plan)
        made.seqs.append(str(row % 100 + 1))
        made.texts.append(f"推进第{row + 1}项重点工作")
        made.deadlines.append(None if row % 17 == 0 else
                              (first + timedelta(days=plan * 3 + 20 + row % 300)).isoformat())
        made.deadline_texts.append(None)
        made.recurrences.append(None)
        made.ongoing.append(row % 17 == 0)
        made.statuses.append(("未开始", "推进中", "已完成")[row % 3])
        made.progress.append(0)
        made.last_updates.append(None)
    made.units = {role: [(1,)] * rows for role in ("lead", "responsible", "cooperating")}
    return made


def test_hundreds_of_repaints_while_scrolling(qtbot):
    rows = 3_000
    tasks = table(rows)
    model = TaskTableModel()
    model.set_table(tasks, assess(tasks, AS_OF))
    view = TimelineView()
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.setToday(AS_OF)
    view.setModel(model)
    with qtbot.waitExposed(view):
        view.show()
    vbar, hbar = view.verticalScrollBar(), view.horizontalScrollBar()
    zooms = ("week", "month", "quarter", "year")
    before = sys.getrefcount(None)
    for step in range(400):
        if step % 50 == 49:
            view.setZoom(zooms[step // 50 % 4])
        vbar.setValue((step * 37) % (vbar.maximum() + 1))
        hbar.setValue((step * 53) % (hbar.maximum() + 1))
        if step % 25 == 0:
            view.selectRow((step * 101) % rows)
        view.viewport().repaint()
        first, last = view.paintedRows()
        assert first == vbar.value()
        assert last == min(rows - 1, first + (view.viewport().height() - 1 - HEADER_HEIGHT) // ROW_HEIGHT)
    assert abs(none_drift(before)) < 500
    # The last paint was of the rows on screen now, and the model still answers for them.
    first, last = view.paintedRows()
    assert first == vbar.value() == (399 * 37) % (vbar.maximum() + 1)
    assert model.data(model.index(first, 0), START_ROLE) is not None
