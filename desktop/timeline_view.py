"""The timeline (甘特图): a second view over the task table's item model.

As in KGantt, the timeline reads start and end from custom data roles of the
same model the table shows, one task per row in model order. One `DateScale`
maps dates to x (zooming changes only pixels per day). Nothing is created
per row: a paint reads the data of the rows on screen, paints the grid,
weekends and the today line for the exposed area, then the bars. Row index
on screen = model row, so a click maps to its row in O(1). A bar ends at the
current deadline; after an approved 延期 the original one (ORIGINAL_END_ROLE)
stays as a ghost: a dashed tick under a hollow pointer, the added days hatched.

The horizontal range is the model's dates and the as-of date (earliest start
to latest end, padded to whole months); the calendar ends with it, also when
the viewport is wider (at 年 a year's range is a third of the screen), and
zooming keeps the as-of line where it is. Reading every row's dates through `data()` costs
about 6 µs a row (0.65 s at 100,000 rows), so big models are sampled
(`_SCAN_ROWS` rows spread evenly) and the range grows when a painted row
falls outside it; a model may instead answer `date_range()` itself.
"""
from __future__ import annotations

import math
from datetime import date, timedelta
from typing import NamedTuple

from PySide6.QtCore import (QAbstractItemModel, QDate, QEvent, QModelIndex, QPersistentModelIndex, QPointF,
                            QRect, QRectF, Qt, QTimer, Signal, Slot)
from PySide6.QtGui import (QBrush, QColor, QCursor, QFont, QFontMetrics, QGradient, QKeyEvent, QLinearGradient,
                           QMouseEvent, QPainter, QPaintEvent, QPen, QPolygonF, QResizeEvent, QWheelEvent)
from PySide6.QtWidgets import QAbstractScrollArea, QToolTip, QWidget

from models.rules.status import DONE, DUE_SOON, ONGOING, OVERDUE

from .date_scale import ZOOM_LABELS, ZOOM_ORDER, DateScale
from .fonts import cjk_font
from models.rules.wording import chinese_date
from .roles import (END_ROLE, GROUP_ROLE, LIGHT_ROLE, ONGOING_ROLE, ORIGINAL_END_ROLE, START_ROLE, STATE_ROLE,
                    TASK_ID_ROLE)

LABEL_WIDTH = 260          # the fixed left column: light, 序号, task text
HEADER_HEIGHT = 44         # two tiers of calendar
ROW_HEIGHT = 26
BAR_HEIGHT = 14
_TIER = HEADER_HEIGHT // 2
_LIGHT_WIDTH = 12          # the 红黄绿 dot, left of the number
_SEQ_MIN = 26              # the number's column: as wide as the row's number, within these
_SEQ_MAX = 124             # (三/（十六）/104 is about 90 px); the task text gives way, not the number
_GROUP_TAG_WIDTH = 96
_FADE = 64                 # how far an open-ended (长期) bar fades out at the right edge
_SCAN_ROWS = 4000          # rows read to find the date range of a big model (about 25 ms)
_JULIAN_TO_ORDINAL = 1721425   # QDate.toJulianDay() - date.toordinal()

_DISPLAY = Qt.ItemDataRole.DisplayRole
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_BAR_COLOURS = {DONE: "#2e7d32", OVERDUE: "#c62828", DUE_SOON: "#ef8f00", ONGOING: "#546e7a"}
_OTHER_COLOUR = "#78909c"  # 推进中 / 未开始: blue-grey
_MONTH_LABELS = tuple(f"{month}月" for month in range(13))
_QUARTER_LABELS = ("", "一季度", "二季度", "三季度", "四季度")
_DAY_LABELS = tuple(str(day) for day in range(32))


class _Label(NamedTuple):
    """A row's label as painted: its number, its text and its group's tag, with their places."""

    number: str
    seq_width: int
    text: str
    text_left: int
    room: int
    tag: str
    tag_width: int


def _ordinal(value: object) -> int | None:
    """A date role's value as a proleptic ordinal; None when there is no date."""
    if isinstance(value, date):
        return value.toordinal()
    if isinstance(value, QDate) and value.isValid():
        return value.toJulianDay() - _JULIAN_TO_ORDINAL
    return None


def _chinese(ordinal: int) -> str:
    return chinese_date(date.fromordinal(ordinal))


def _month_starts(first: int, last: int, step: int):
    """(ordinal of the period's first day, year, month) for every period of `step`
    months (1 month, 3 a quarter, 12 a year) that overlaps ordinals first..last."""
    day = date.fromordinal(first)
    year, month = day.year, day.month - (day.month - 1) % step
    while True:
        start = date(year, month, 1).toordinal()
        if start > last:
            return
        yield start, year, month
        month += step
        if month > 12:
            year, month = year + 1, month - 12


class TimelineView(QAbstractScrollArea):
    """Gantt-style timeline of an item model shaped like `TaskTableModel`.

    Clicking a row (its bar or its label) or moving with Up/Down emits
    `rowClicked(model_row)` and `taskClicked(task_id)`; `selectRow()` is the
    other direction and emits nothing, so two views can follow each other.
    """

    taskClicked = Signal(int)
    rowClicked = Signal(int)
    zoomChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model: QAbstractItemModel | None = None
        self._connections: list[tuple[object, object]] = []
        self._rows = 0
        self._today = date.today().toordinal()
        self._scale = DateScale(date.fromordinal(self._today).replace(day=1), "month")
        self._last = self._scale.origin.toordinal() + 365   # last day of the scrollable range
        self._selected = QPersistentModelIndex()
        self._painted_rows = (0, -1)
        self._grow_lo: int | None = None
        self._grow_hi: int | None = None
        self._grow_timer = QTimer(self)   # the range grows after the paint that found it too small
        self._grow_timer.setSingleShot(True)
        self._grow_timer.setInterval(0)
        self._grow_timer.timeout.connect(self._apply_growth)

        # Fonts, metrics, colours and shapes made once: a paint allocates nothing it can avoid.
        self._font = cjk_font(9.0)
        self._small_font = cjk_font(8.0)
        self._bold_font = QFont(self._font)
        self._bold_font.setBold(True)
        self._metrics = QFontMetrics(self._font)
        self._small_metrics = QFontMetrics(self._small_font)
        self._colours = {state: QColor(name) for state, name in _BAR_COLOURS.items()}
        self._other = QColor(_OTHER_COLOUR)
        self._brushes = {state: QBrush(colour) for state, colour in self._colours.items()}
        self._other_brush = QBrush(self._other)
        self._fades = {state: self._fade_brush(colour) for state, colour in self._colours.items()}
        self._other_fade = self._fade_brush(self._other)
        self._background = QColor("#ffffff")
        self._stripe = QColor("#f7f9fb")
        self._selection = QColor("#d6e6fa")
        self._label_background = QColor("#f4f6f8")
        self._header_background = QColor("#eceff1")
        self._outside = QColor("#f4f6f8")     # past the range's last day: no calendar there
        self._weekend = QColor(120, 144, 156, 34)
        self._grid = QColor("#dfe4e8")
        self._strong_grid = QColor("#b0bec5")
        self._group_line = QColor("#90a4ae")
        self._text = QColor("#263238")
        self._muted = QColor("#607d8b")
        self._tag = QColor("#dfe7eb")
        self._faint = QColor("#b0bec5")
        self._lights = {"红": QBrush(QColor("#d32f2f")), "黄": QBrush(QColor("#f9a825")),
                        "绿": QBrush(QColor("#43a047"))}
        self._today_colour = QColor("#3949ab")
        self._text_pen = QPen(self._text)
        self._muted_pen = QPen(self._muted)
        self._selected_pen = QPen(QColor("#0d47a1"), 1.5)
        # The original deadline of an extended task: a dashed dark tick, the added days hatched white.
        self._ghost_pen = QPen(QColor("#263238"), 1.5, Qt.PenStyle.DashLine)
        self._extension_hatch = QBrush(QColor(255, 255, 255, 170), Qt.BrushStyle.BDiagPattern)
        self._ghost_outline = QPen(QColor("#263238"), 1.2)
        self._ghost_pointer = QPolygonF([QPointF(-4, -5), QPointF(4, -5), QPointF(0, 0)])
        self._no_pen = QPen(Qt.PenStyle.NoPen)
        self._rect = QRectF()
        self._diamond = QPolygonF([QPointF(0, -7), QPointF(7, 0), QPointF(0, 7), QPointF(-7, 0)])
        self._arrow = QPolygonF([QPointF(-7, -6), QPointF(0, 0), QPointF(-7, 6)])

        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # every pixel is painted
        self.horizontalScrollBar().setSingleStep(24)
        self.verticalScrollBar().setSingleStep(1)
        self._update_scrollbars()

    @staticmethod
    def _fade_brush(colour: QColor) -> QBrush:
        # Relative to the rect it fills, so one brush fades any bar end.
        gradient = QLinearGradient(0, 0, 1, 0)
        gradient.setCoordinateMode(QGradient.CoordinateMode.ObjectBoundingMode)
        transparent = QColor(colour)
        transparent.setAlpha(30)
        gradient.setColorAt(0, colour)
        gradient.setColorAt(1, transparent)
        return QBrush(gradient)

    # -- public API ------------------------------------------------------------

    def setModel(self, model: QAbstractItemModel | None) -> None:
        """Show `model` (one task per row); follows its resets, moves and edits."""
        for signal, slot in self._connections:
            signal.disconnect(slot)
        self._connections = []
        self._model = model
        if model is not None:
            for signal, slot in ((model.modelReset, self._on_reset),
                                 (model.layoutChanged, self._on_layout_changed),
                                 (model.dataChanged, self._on_data_changed),
                                 (model.rowsInserted, self._on_rows_inserted),
                                 (model.rowsRemoved, self._on_rows_removed)):
                signal.connect(slot)
                self._connections.append((signal, slot))
        self._reset(show_today=True)

    def model(self) -> QAbstractItemModel | None:
        return self._model

    def dateScale(self) -> DateScale:
        """The date <-> x mapping (x in content coordinates: 0 is the range's first day)."""
        return self._scale

    def dateRange(self) -> tuple[date, date]:
        """First and last day of the calendar: the tasks' dates and the as-of date, padded to
        whole months (about a month before the first, one to two after the last)."""
        return self._scale.origin, date.fromordinal(self._last)

    def zoom(self) -> str:
        return self._scale.zoom

    def setZoom(self, zoom: str) -> None:
        """"week", "month", "quarter" or "year". The as-of line stays where it is when it is
        on screen (zooming in around the middle would push it out); else the middle date stays."""
        self._zoom_around(zoom, self._anchor_x(use_mouse=False))

    def today(self) -> date:
        return date.fromordinal(self._today)

    def setToday(self, today: date) -> None:
        """The as-of date: where the today line is drawn. A line on screen moves with the
        date (the view follows it to the same place); one off screen stays off."""
        followed = self._today_x() if self._today_visible() else None
        self._today = today.toordinal()
        if not self._scale.origin.toordinal() <= self._today <= self._last:
            self._grow(self._today, self._today)
            self._apply_growth()
        if followed is not None:
            self._put_today_at(followed)
        self.viewport().update()

    def selectedRow(self) -> int:
        """The selected model row, or -1."""
        return self._selected.row() if self._selected.isValid() else -1

    def selectRow(self, row: int) -> None:
        """Highlight `row` and scroll it into view (centred if it was off screen); -1 clears.

        Emits nothing: this is how another view's selection is followed.
        """
        if self._model is None or not 0 <= row < self._rows:
            self._selected = QPersistentModelIndex()
            self.viewport().update()
            return
        self._selected = QPersistentModelIndex(self._model.index(row, 0))
        self._scroll_to_row(row, centre=True)
        self._scroll_to_bar(row)
        self.viewport().update()

    def rowAt(self, y: int) -> int:
        """Model row at viewport y, or -1 (header, or below the last row)."""
        if y < HEADER_HEIGHT:
            return -1
        row = self.verticalScrollBar().value() + (y - HEADER_HEIGHT) // ROW_HEIGHT
        return row if row < self._rows else -1

    def dateAt(self, x: int) -> date | None:
        """Date under viewport x, or None in the label column."""
        if x < LABEL_WIDTH:
            return None
        return self._scale.date_at(x - LABEL_WIDTH + self.horizontalScrollBar().value())

    def viewportX(self, day: date) -> float:
        """Viewport x of `day`'s left edge."""
        return LABEL_WIDTH - self.horizontalScrollBar().value() + self._scale.x(day)

    def paintedRows(self) -> tuple[int, int]:
        """First and last model row the latest paint drew (last < first: none)."""
        return self._painted_rows

    # -- following the model ---------------------------------------------------

    @Slot()
    def _on_reset(self) -> None:
        self._reset(show_today=False)

    @Slot()
    def _on_layout_changed(self) -> None:
        # Rows moved (the persistent selection follows) or were filtered: same dates.
        self._rows = self._model.rowCount() if self._model is not None else 0
        self._update_scrollbars()
        self.viewport().update()

    @Slot(QModelIndex, QModelIndex, list)
    def _on_data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex, roles: list[int] = ()) -> None:
        if not roles or START_ROLE in roles or END_ROLE in roles:
            lo, hi = self._scan(top_left.row(), bottom_right.row())
            if lo is not None:
                self._grow(lo, hi)
                self._apply_growth()
        self.viewport().update()

    @Slot(QModelIndex, int, int)
    def _on_rows_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        if parent.isValid():
            return
        self._rows = self._model.rowCount()
        lo, hi = self._scan(first, last)
        if lo is not None:
            self._grow(lo, hi)
            self._apply_growth()
        self._update_scrollbars()
        self.viewport().update()

    @Slot(QModelIndex, int, int)
    def _on_rows_removed(self, parent: QModelIndex, first: int, last: int) -> None:
        if parent.isValid():
            return
        self._rows = self._model.rowCount()   # the range may stay wider than needed: harmless
        self._update_scrollbars()
        self.viewport().update()

    def _reset(self, show_today: bool) -> None:
        self._selected = QPersistentModelIndex()
        self._rows = self._model.rowCount() if self._model is not None else 0
        left = self._scale.date_at(self.horizontalScrollBar().value()).toordinal()
        lo, hi = self._model_range()
        first, last = self._padded(lo, hi)
        self._scale.set_origin(date.fromordinal(first))
        self._last = last
        self._update_scrollbars()
        hbar = self.horizontalScrollBar()
        # Filtering or sorting keeps the dates on screen where they were, while they lie
        # in the new range; else the as-of line a third of the way in: recent past and what is coming.
        if show_today or not first <= left <= last:
            self._put_today_at(LABEL_WIDTH + self._chart_width() / 3)
        else:
            hbar.setValue(round(self._scale.x_of_ordinal(left)))
        self.viewport().update()

    def _model_range(self) -> tuple[int | None, int | None]:
        model = self._model
        if model is None:
            return None, None
        date_range = getattr(model, "date_range", None)
        if callable(date_range):
            answer = date_range()
            return (_ordinal(answer[0]), _ordinal(answer[1])) if answer else (None, None)
        return self._scan(0, self._rows - 1)

    def _scan(self, first: int, last: int) -> tuple[int | None, int | None]:
        """Earliest and latest date of rows first..last, reading at most `_SCAN_ROWS` of them."""
        model = self._model
        if model is None or last < first:
            return None, None
        step = max(1, math.ceil((last - first + 1) / _SCAN_ROWS))
        rows = list(range(first, last + 1, step))
        if rows[-1] != last:
            rows.append(last)
        lo = hi = None
        index, data = model.index, model.data
        for row in rows:
            cell = index(row, 0)
            for value in (data(cell, START_ROLE), data(cell, END_ROLE)):
                ordinal = _ordinal(value)
                if ordinal is not None:
                    if lo is None or ordinal < lo:
                        lo = ordinal
                    if hi is None or ordinal > hi:
                        hi = ordinal
        return lo, hi

    def _padded(self, lo: int | None, hi: int | None) -> tuple[int, int]:
        """The scrollable range: the dates and today, widened to whole months plus one each side."""
        lo = min(lo, self._today) if lo is not None else self._today - 90
        hi = max(hi, self._today) if hi is not None else self._today + 90
        first = date.fromordinal(lo - 15).replace(day=1)
        end = date.fromordinal(hi + 45).replace(day=1)   # then to the end of that month
        last = (end.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        return first.toordinal(), last.toordinal()

    def _grow(self, lo: int, hi: int) -> None:
        self._grow_lo = lo if self._grow_lo is None else min(lo, self._grow_lo)
        self._grow_hi = hi if self._grow_hi is None else max(hi, self._grow_hi)

    @Slot()
    def _apply_growth(self) -> None:
        """Widen the range to the dates found outside it, keeping what is on screen in place."""
        if self._grow_lo is None:
            return
        origin = self._scale.origin.toordinal()
        grown_first, grown_last = self._padded(self._grow_lo, self._grow_hi)
        first, last = min(origin, grown_first), max(self._last, grown_last)   # a side already wide enough stays
        self._grow_lo = self._grow_hi = None
        if first == origin and last == self._last:
            return
        hbar = self.horizontalScrollBar()
        value = hbar.value() + round((origin - first) * self._scale.pixels_per_day)
        self._scale.set_origin(date.fromordinal(first))
        self._last = last
        self._update_scrollbars()
        hbar.setValue(value)
        self.viewport().update()

    # -- geometry --------------------------------------------------------------

    def _chart_width(self) -> int:
        return max(0, self.viewport().width() - LABEL_WIDTH)

    def _full_rows(self) -> int:
        """Rows that fit entirely below the header (at least one)."""
        return max(1, (self.viewport().height() - HEADER_HEIGHT) // ROW_HEIGHT)

    def _update_scrollbars(self) -> None:
        full = self._full_rows()
        vbar = self.verticalScrollBar()
        vbar.setRange(0, max(0, self._rows - full))
        vbar.setPageStep(full)
        chart = self._chart_width()
        content = math.ceil((self._last - self._scale.origin.toordinal() + 1) * self._scale.pixels_per_day)
        hbar = self.horizontalScrollBar()
        hbar.setRange(0, max(0, content - chart))
        hbar.setPageStep(max(1, chart))

    def _scroll_to_row(self, row: int, centre: bool) -> None:
        vbar, full = self.verticalScrollBar(), self._full_rows()
        first = vbar.value()
        if first <= row < first + full:
            return
        if centre:
            vbar.setValue(row - full // 2)
        else:
            vbar.setValue(row if row < first else row - full + 1)

    def _scroll_to_bar(self, row: int) -> None:
        """Scroll sideways when none of the row's bar is on screen: centre its end (or start)."""
        cell = self._model.index(row, 0)
        start = _ordinal(self._model.data(cell, START_ROLE))
        end = _ordinal(self._model.data(cell, END_ROLE))
        ongoing = bool(self._model.data(cell, ONGOING_ROLE))
        target = end if end is not None else start
        if target is None:
            return
        scale, hbar = self._scale, self.horizontalScrollBar()
        left, right = hbar.value(), hbar.value() + self._chart_width()
        x0 = scale.x_of_ordinal(start if start is not None else target)
        x1 = math.inf if ongoing else scale.x_of_ordinal(target) + scale.pixels_per_day
        if x1 < left or x0 > right:
            hbar.setValue(round(scale.x_of_ordinal(target) - self._chart_width() / 2))

    def _today_x(self) -> float:
        """Viewport x of the as-of line."""
        return LABEL_WIDTH - self.horizontalScrollBar().value() + self._scale.centre(date.fromordinal(self._today))

    def _today_visible(self) -> bool:
        return LABEL_WIDTH <= self._today_x() < LABEL_WIDTH + self._chart_width()

    def _put_today_at(self, x: float) -> None:
        """Scroll so that the as-of line is at viewport x (as near as the range allows)."""
        self.horizontalScrollBar().setValue(round(self._scale.centre(date.fromordinal(self._today)) - (x - LABEL_WIDTH)))

    def _zoom_around(self, zoom: str, x: float) -> None:
        """Change zoom keeping the date under viewport x where it is."""
        chart_x = min(max(0.0, x - LABEL_WIDTH), float(self._chart_width()))
        hbar = self.horizontalScrollBar()
        days = self._scale.days_at(hbar.value() + chart_x)
        changed = zoom != self._scale.zoom
        self._scale.set_zoom(zoom)
        self._update_scrollbars()
        hbar.setValue(round(days * self._scale.pixels_per_day - chart_x))
        self.viewport().update()
        if changed:
            self.zoomChanged.emit(zoom)

    def _step_zoom(self, steps: int, x: float) -> None:
        """Positive steps zoom in (towards 周), negative out (towards 年)."""
        position = ZOOM_ORDER.index(self._scale.zoom) - steps
        self._zoom_around(ZOOM_ORDER[min(max(position, 0), len(ZOOM_ORDER) - 1)], x)

    # -- events ----------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_scrollbars()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        # The header and the label column stay put, so everything is repainted, not scrolled.
        self.viewport().update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        row = self.rowAt(int(event.position().y()))
        if row >= 0:
            self._activate(row)
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        event.accept()   # the press did the work; accepted so the click is not passed to the parent

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        moves = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1,
                 Qt.Key.Key_PageUp: -self._full_rows(), Qt.Key.Key_PageDown: self._full_rows()}
        if key in moves and self._rows:
            current = self.selectedRow()
            row = self.verticalScrollBar().value() if current < 0 else current + moves[key]
            self._activate(min(max(row, 0), self._rows - 1))
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self._step_zoom(1, self._anchor_x())
        elif key == Qt.Key.Key_Minus:
            self._step_zoom(-1, self._anchor_x())
        else:
            super().keyPressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() // 120
            if steps:
                self._step_zoom(steps, event.position().x())
            event.accept()
        else:
            super().wheelEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            row = self.rowAt(event.pos().y())
            if row >= 0:
                QToolTip.showText(event.globalPos(), self._tooltip(row), self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def _anchor_x(self, use_mouse: bool = True) -> float:
        """Zoom anchor: the mouse if it is over the chart (for +/-), else the as-of line
        if it is on screen, else the middle."""
        if use_mouse:
            position = self.viewport().mapFromGlobal(QCursor.pos())
            if LABEL_WIDTH <= position.x() < self.viewport().width() and 0 <= position.y() < self.viewport().height():
                return position.x()
        if self._today_visible():
            return self._today_x()
        return LABEL_WIDTH + self._chart_width() / 2

    def _activate(self, row: int) -> None:
        """Select a row because the user chose it, and say so."""
        self._selected = QPersistentModelIndex(self._model.index(row, 0))
        self._scroll_to_row(row, centre=False)
        self.viewport().update()
        self.rowClicked.emit(row)
        task_id = self._model.data(self._model.index(row, 0), TASK_ID_ROLE)
        if isinstance(task_id, int):
            self.taskClicked.emit(task_id)

    def _tooltip(self, row: int) -> str:
        model = self._model
        cell = model.index(row, 0)
        start = _ordinal(model.data(cell, START_ROLE))
        end = _ordinal(model.data(cell, END_ROLE))
        lines = [f"{model.data(cell, _DISPLAY) or ''} {model.data(model.index(row, 1), _DISPLAY) or ''}".strip()]
        group = model.data(cell, GROUP_ROLE)
        if group:
            lines.append(str(group))
        if start is not None:
            lines.append(f"开始：{_chinese(start)}")
        original = _ordinal(model.data(cell, ORIGINAL_END_ROLE))
        if end is not None and original is not None:
            lines.append(f"完成时限：现定{_chinese(end)}（已延期），原定{_chinese(original)}")
        elif end is not None:
            lines.append(f"完成时限：{_chinese(end)}")
        elif model.data(cell, ONGOING_ROLE):
            lines.append("完成时限：长期")
        lines.append(f"状态：{model.data(cell, STATE_ROLE) or ''}")
        return "\n".join(lines)

    # -- painting --------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        try:
            self._paint(painter, event.rect())
        finally:
            painter.end()

    def _paint(self, painter: QPainter, exposed: QRect) -> None:
        width, height = self.viewport().width(), self.viewport().height()
        ex0, ey0 = exposed.left(), exposed.top()
        ex1, ey1 = exposed.right() + 1, exposed.bottom() + 1   # exclusive
        scale = self._scale
        ppd = scale.pixels_per_day
        hoff = self.horizontalScrollBar().value()
        origin = scale.origin.toordinal()
        shift = LABEL_WIDTH - hoff - origin * ppd   # viewport x of ordinal o: shift + o * ppd
        top_row = self.verticalScrollBar().value()

        # Exposed rows, and exposed days of the chart (clamped to the scrollable range: the
        # calendar ends with the range, a little after the last deadline, even when the
        # viewport is wider, as at 年 zoom).
        row0 = top_row + max(0, ey0 - HEADER_HEIGHT) // ROW_HEIGHT
        row1 = min(self._rows - 1, top_row + max(0, ey1 - 1 - HEADER_HEIGHT) // ROW_HEIGHT)
        if ey1 <= HEADER_HEIGHT:
            row1 = row0 - 1
        day0 = max(origin, math.floor((max(ex0, LABEL_WIDTH) - shift) / ppd))
        day1 = min(self._last, math.floor((max(ex1, LABEL_WIDTH + 1) - 1 - shift) / ppd))
        chart_exposed = ex1 > LABEL_WIDTH
        range_end = shift + (self._last + 1) * ppd      # viewport x where the calendar ends

        rows = self._read_rows(row0, row1) if row1 >= row0 else ()
        if self._grow_lo is not None:   # a painted row lies outside the sampled range
            self._grow_timer.start()
        self._painted_rows = (row0, row1)
        selected = self.selectedRow()
        body_bottom = HEADER_HEIGHT + (row1 - top_row + 1) * ROW_HEIGHT if rows else HEADER_HEIGHT

        # Backgrounds: rows (stripe, selection), then the empty space below the last row.
        painter.setPen(self._no_pen)
        for row, *_ in rows:
            y = HEADER_HEIGHT + (row - top_row) * ROW_HEIGHT
            if row == selected:
                painter.fillRect(0, y, width, ROW_HEIGHT, self._selection)
            else:
                painter.fillRect(0, y, LABEL_WIDTH, ROW_HEIGHT, self._label_background)
                painter.fillRect(LABEL_WIDTH, y, width - LABEL_WIDTH, ROW_HEIGHT,
                                 self._stripe if row % 2 else self._background)
        if body_bottom < ey1:
            painter.fillRect(0, body_bottom, LABEL_WIDTH, height - body_bottom, self._label_background)
            painter.fillRect(LABEL_WIDTH, body_bottom, width - LABEL_WIDTH, height - body_bottom, self._background)

        if chart_exposed:
            painter.setClipRect(LABEL_WIDTH, HEADER_HEIGHT, width - LABEL_WIDTH, height - HEADER_HEIGHT)
            if range_end < width:
                end = max(LABEL_WIDTH, math.ceil(range_end))
                painter.fillRect(end, HEADER_HEIGHT, width - end, height - HEADER_HEIGHT, self._outside)
                painter.fillRect(end, HEADER_HEIGHT, 1, height - HEADER_HEIGHT, self._strong_grid)
            self._paint_grid(painter, day0, day1, shift, ppd, height)
            self._paint_bars(painter, rows, top_row, selected, shift, ppd, min(width, range_end))
            x_today = shift + (self._today + 0.5) * ppd
            if LABEL_WIDTH <= x_today < width:
                painter.fillRect(int(x_today) - 1, HEADER_HEIGHT, 2, height - HEADER_HEIGHT, self._today_colour)
            painter.setClipping(False)

        # Group separators across the whole width, over the grid.
        for row, _seq, _text, group, _s, _e, _state, _ongoing, starts_group, _light, _original in rows:
            if starts_group:
                y = HEADER_HEIGHT + (row - top_row) * ROW_HEIGHT
                painter.fillRect(0, y, width, 1, self._group_line)

        if ex0 < LABEL_WIDTH:
            self._paint_labels(painter, rows, top_row)
        if ey0 < HEADER_HEIGHT:
            self._paint_header(painter, day0, day1, shift, ppd, width, top_row, range_end)

    def _read_rows(self, first: int, last: int) -> list[tuple]:
        """The data of rows first..last (and the group of the row before, to find group starts)."""
        model = self._model
        index, data = model.index, model.data
        previous = (data(index(first - 1, 0), GROUP_ROLE) or "") if first > 0 else None
        origin, last_day = self._scale.origin.toordinal(), self._last
        rows = []
        for row in range(first, last + 1):
            cell = index(row, 0)
            group = data(cell, GROUP_ROLE) or ""
            start, end = _ordinal(data(cell, START_ROLE)), _ordinal(data(cell, END_ROLE))
            for ordinal in (start, end):
                if ordinal is not None and not origin <= ordinal <= last_day:
                    self._grow(ordinal, ordinal)
            rows.append((row, data(cell, _DISPLAY), data(index(row, 1), _DISPLAY), group, start, end,
                         data(cell, STATE_ROLE), bool(data(cell, ONGOING_ROLE)), row == 0 or group != previous,
                         data(cell, LIGHT_ROLE), _ordinal(data(cell, ORIGINAL_END_ROLE))))
            previous = group
        return rows

    def _paint_grid(self, painter: QPainter, day0: int, day1: int, shift: float, ppd: float, height: int) -> None:
        body = height - HEADER_HEIGHT
        zoom = self._scale.zoom
        if zoom == "week":   # weekends shaded, a faint line per day
            for day in range(day0, day1 + 1):
                x = round(shift + day * ppd)
                if (day - 1) % 7 >= 5:      # ordinal 1 (0001-01-01) was a Monday
                    painter.fillRect(x, HEADER_HEIGHT, round(ppd), body, self._weekend)
                painter.fillRect(x, HEADER_HEIGHT, 1, body, self._grid)
        step = 12 if zoom == "year" else 1
        for start, _year, month in _month_starts(day0, day1, step):
            colour = self._strong_grid if month == 1 else self._grid
            painter.fillRect(round(shift + start * ppd), HEADER_HEIGHT, 1, body, colour)
        if zoom == "year":   # month lines too faint to matter; quarters instead
            for start, _year, month in _month_starts(day0, day1, 3):
                if month != 1:
                    painter.fillRect(round(shift + start * ppd), HEADER_HEIGHT, 1, body, self._grid)

    def _paint_bars(self, painter: QPainter, rows, top_row: int, selected: int, shift: float, ppd: float,
                    width: float) -> None:
        """Bars up to viewport x ``width``: the viewport's edge, or the calendar's end before it."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        left, right = LABEL_WIDTH - 8, width + 8   # bar ends beyond these are clipped: keep numbers small
        rect = self._rect
        for row, _seq, _text, _group, start, end, state, ongoing, _starts, _light, original in rows:
            brush = self._brushes.get(state, self._other_brush)
            y = HEADER_HEIGHT + (row - top_row) * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2
            middle = y + BAR_HEIGHT / 2
            painter.setPen(self._selected_pen if row == selected else self._no_pen)
            if ongoing and end is None:
                # 长期: open-ended, from the start (or off the left) to the visible right edge, fading.
                x0 = max(left, shift + start * ppd) if start is not None else left
                x1 = width
                if x0 >= x1:
                    continue
                solid = max(x0, x1 - _FADE)
                painter.setBrush(brush)
                if solid > x0:
                    rect.setRect(x0, y, solid - x0 + 1, BAR_HEIGHT)
                    painter.drawRoundedRect(rect, 3, 3)
                rect.setRect(solid, y, x1 - solid, BAR_HEIGHT)
                painter.fillRect(rect, self._fades.get(state, self._other_fade))
                painter.setPen(self._no_pen)
                painter.translate(x1 - 3, middle)
                painter.drawPolygon(self._arrow)
                painter.translate(3 - x1, -middle)
            elif end is not None and (start is None or end < start):
                # Only a deadline: a diamond at it.
                x = shift + (end + 0.5) * ppd
                if left <= x <= right:
                    painter.setBrush(brush)
                    painter.translate(x, middle)
                    painter.drawPolygon(self._diamond)
                    painter.translate(-x, -middle)
            elif end is not None:
                x0 = max(left, shift + start * ppd)
                x1 = min(right, shift + (end + 1) * ppd)
                if x1 > x0:
                    painter.setBrush(brush)
                    rect.setRect(x0, y, max(2.0, x1 - x0), BAR_HEIGHT)
                    painter.drawRoundedRect(rect, 3, 3)
            if original is not None and end is not None:
                self._paint_original(painter, shift + (original + 1) * ppd, shift + (end + 1) * ppd, y, left, right)
            elif start is not None:
                # No deadline and not ongoing: a faint tick where it began.
                x = shift + start * ppd
                if left <= x <= right:
                    painter.fillRect(round(x), round(y), 2, BAR_HEIGHT, self._faint)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)

    def _paint_original(self, painter: QPainter, x: float, x_end: float, y: float, left: float,
                        right: float) -> None:
        """The ghost of an extended bar's original end: the days the 延期 added are hatched over,
        and a dashed tick under a hollow pointer stands where the bar used to end (the original
        deadline's evening)."""
        pen = painter.pen()
        if x_end > x:
            self._rect.setRect(max(left, x), y, min(right, x_end) - max(left, x), BAR_HEIGHT)
            if self._rect.width() > 0:
                painter.fillRect(self._rect, self._extension_hatch)
        if left <= x <= right:
            painter.setPen(self._ghost_pen)
            painter.drawLine(QPointF(x, y - 1), QPointF(x, y + BAR_HEIGHT + 4))
            painter.setPen(self._ghost_outline)           # a hollow pointer above: 原定 was here
            painter.setBrush(self._background)
            painter.translate(x, y - 1)
            painter.drawPolygon(self._ghost_pointer)
            painter.translate(-x, 1 - y)
        painter.setPen(pen)

    def _label(self, seq: object, text: object, tag_group: str | None) -> _Label:
        """How a row's label is laid out: the number whole (二/（一）, 三/（十六）/104),
        right-aligned in a narrow column when short; the task text after it, elided to
        the room left (less the group's tag on a group's first row). The text gives way,
        never the number: only one past _SEQ_MAX loses its middle, never its end."""
        metrics, small = self._metrics, self._small_metrics
        number = str(seq or "")
        # +2: the integer advance rounds the real width down, and eliding would take that as too narrow.
        seq_width = min(_SEQ_MAX, max(_SEQ_MIN, metrics.horizontalAdvance(number) + 2))
        text_left = _LIGHT_WIDTH + seq_width + 6
        room = LABEL_WIDTH - text_left - 6
        tag, tag_width = "", 0
        if tag_group:
            tag = small.elidedText(tag_group, Qt.TextElideMode.ElideRight, _GROUP_TAG_WIDTH - 8)
            tag_width = small.horizontalAdvance(tag) + 8
            room -= tag_width + 4
        return _Label(metrics.elidedText(number, Qt.TextElideMode.ElideMiddle, seq_width), seq_width,
                      metrics.elidedText(str(text or ""), Qt.TextElideMode.ElideRight, max(0, room)), text_left,
                      max(0, room), tag, tag_width)

    def rowLabel(self, row: int) -> tuple[str, str]:
        """The number and the task text as the label column shows them for model ``row``."""
        model = self._model
        cell = model.index(row, 0)
        group = model.data(cell, GROUP_ROLE) or ""
        starts_group = row == 0 or group != (model.data(model.index(row - 1, 0), GROUP_ROLE) or "")
        label = self._label(model.data(cell, _DISPLAY), model.data(model.index(row, 1), _DISPLAY),
                            group if starts_group else None)
        return label.number, label.text

    def _paint_labels(self, painter: QPainter, rows, top_row: int) -> None:
        painter.setPen(self._text_pen)
        painter.setFont(self._font)
        for row, seq, text, group, _s, _e, _state, _ongoing, starts_group, light, _original in rows:
            y = HEADER_HEIGHT + (row - top_row) * ROW_HEIGHT
            label = self._label(seq, text, group if starts_group and group else None)
            if label.tag:
                # The group's name as a tag on its first row: row index stays model row.
                tag_x = LABEL_WIDTH - 6 - label.tag_width
                painter.fillRect(tag_x, y + 5, label.tag_width, ROW_HEIGHT - 10, self._tag)
                painter.setFont(self._small_font)
                painter.setPen(self._muted_pen)
                painter.drawText(tag_x, y, label.tag_width, ROW_HEIGHT, Qt.AlignmentFlag.AlignCenter, label.tag)
                painter.setFont(self._font)
                painter.setPen(self._text_pen)
            if light in self._lights:
                # The task's 红黄绿 light, left of its number.
                painter.setPen(self._no_pen)
                painter.setBrush(self._lights[light])
                painter.drawEllipse(3, y + ROW_HEIGHT // 2 - 3, 7, 7)
                painter.setPen(self._text_pen)
            painter.drawText(_LIGHT_WIDTH, y, label.seq_width, ROW_HEIGHT, _RIGHT, label.number)
            painter.drawText(label.text_left, y, label.room, ROW_HEIGHT, _LEFT, label.text)
        painter.fillRect(LABEL_WIDTH - 1, HEADER_HEIGHT, 1, self.viewport().height() - HEADER_HEIGHT,
                         self._strong_grid)

    def _paint_header(self, painter: QPainter, day0: int, day1: int, shift: float, ppd: float, width: int,
                      top_row: int, range_end: float) -> None:
        painter.fillRect(0, 0, width, HEADER_HEIGHT, self._header_background)
        painter.setFont(self._small_font)
        painter.setPen(self._text_pen)
        zoom = self._scale.zoom
        calendar_end = min(width, math.ceil(range_end))       # no months painted past the range
        if calendar_end < width:
            painter.fillRect(calendar_end, 0, width - calendar_end, HEADER_HEIGHT, self._outside)
            painter.fillRect(calendar_end, 0, 1, HEADER_HEIGHT, self._strong_grid)
        painter.setClipRect(LABEL_WIDTH, 0, max(0, calendar_end - LABEL_WIDTH), HEADER_HEIGHT)
        # Top tier: months at week zoom, quarters at quarter zoom, else years; labels stick to the left edge.
        top_step = {"week": 1, "quarter": 3}.get(zoom, 12)
        for start, year, month in _month_starts(day0, day1, top_step):
            x0 = shift + start * ppd
            x1 = min(calendar_end, shift + self._next_period(start, top_step) * ppd)
            painter.fillRect(round(x0), 0, 1, HEADER_HEIGHT, self._strong_grid)
            label = (f"{year}年{month}月" if zoom == "week" else
                     f"{year}年{_QUARTER_LABELS[(month + 2) // 3]}" if zoom == "quarter" else f"{year}年")
            x_text = max(x0, LABEL_WIDTH) + 6
            room = round(x1 - x_text) - 4
            if room > 30:   # the label sticks to the left edge while its period scrolls out
                painter.drawText(round(x_text), 0, room, _TIER, _LEFT,
                                 self._small_metrics.elidedText(label, Qt.TextElideMode.ElideRight, room))
        # Bottom tier: days, months or quarters.
        painter.fillRect(LABEL_WIDTH, _TIER, max(0, calendar_end - LABEL_WIDTH), 1, self._strong_grid)
        if zoom == "week":
            cell = round(ppd)
            for day in range(day0, day1 + 1):
                x = round(shift + day * ppd)
                if (day - 1) % 7 >= 5:
                    painter.fillRect(x, _TIER, cell, _TIER, self._weekend)
                painter.fillRect(x, _TIER, 1, _TIER, self._grid)
                painter.drawText(x, _TIER, cell, _TIER, Qt.AlignmentFlag.AlignCenter,
                                 _DAY_LABELS[date.fromordinal(day).day])
        else:
            step = 3 if zoom == "year" else 1
            for start, _year, month in _month_starts(day0, day1, step):
                x0 = shift + start * ppd
                x1 = min(calendar_end, shift + self._next_period(start, step) * ppd)
                painter.fillRect(round(x0), _TIER, 1, _TIER, self._grid)
                label = _QUARTER_LABELS[(month + 2) // 3] if zoom == "year" else _MONTH_LABELS[month]
                painter.drawText(round(x0), _TIER, round(x1 - x0), _TIER, Qt.AlignmentFlag.AlignCenter, label)
        # Today: a marker in the header above the line.
        x_today = shift + (self._today + 0.5) * ppd
        if LABEL_WIDTH <= x_today < width:
            painter.fillRect(int(x_today) - 1, _TIER, 2, _TIER, self._today_colour)
        painter.setClipping(False)
        painter.fillRect(0, HEADER_HEIGHT - 1, width, 1, self._strong_grid)
        # The corner: what this is, the zoom, and the group of the top row (it stays visible while scrolling).
        painter.fillRect(0, 0, LABEL_WIDTH, HEADER_HEIGHT, self._header_background)
        painter.fillRect(LABEL_WIDTH - 1, 0, 1, HEADER_HEIGHT, self._strong_grid)
        painter.setFont(self._bold_font)
        painter.drawText(8, 0, LABEL_WIDTH - 16, _TIER, _LEFT,
                         f"任务时间轴（{ZOOM_LABELS[zoom]}）")
        if self._rows:
            group = self._model.data(self._model.index(top_row, 0), GROUP_ROLE) or ""
            painter.setFont(self._small_font)
            painter.setPen(self._muted_pen)
            painter.drawText(8, _TIER, LABEL_WIDTH - 16, _TIER, _LEFT,
                             self._small_metrics.elidedText(str(group), Qt.TextElideMode.ElideRight, LABEL_WIDTH - 16))

    @staticmethod
    def _next_period(start: int, step: int) -> int:
        """Ordinal of the first day after the `step`-month period beginning at `start`."""
        day = date.fromordinal(start)
        month = day.month - 1 + step
        return date(day.year + month // 12, month % 12 + 1, 1).toordinal()
