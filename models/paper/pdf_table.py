"""A bordered table laid out as the pages reach it: rows built, measured and drawn once.

Why not ReportLab's own ``Table``: it measures all its rows before it draws
or splits, and the part left after a page break is a new table measured
again, so a department with 1,000 overdue tasks over 70 pages cost 70
measurings of what was left (quadratic), and every row's paragraphs existed
at once. Here a row is made from its record only when the page it goes on
is being filled, measured once, drawn, and dropped: time linear in the rows,
memory one page of rows.

What it keeps of a printed table: the header row repeated on each page the
table runs onto; no row cut in two (a row is cut only when it is taller than
a whole page); headings placed before the table (``lead``) kept on the page
of its first row, never alone at a page's foot.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Flowable

from models.paper.pdf_text import TextBlock

Cell = list[Flowable]                 # a cell's paragraphs, top to bottom
PADDING = 3.0                         # points inside each cell's border
LINE_WIDTH = 0.5


class Counter:
    """Rows drawn so far out of all the document's table rows: the write's progress."""

    def __init__(self, total: int = 0) -> None:
        self.done, self.total = 0, total


class _Row:
    __slots__ = ("cells", "heights", "height")

    def __init__(self, cells: list[Cell], widths: Sequence[float]) -> None:
        self.cells = cells
        self.heights = [[item.wrap(width - 2 * PADDING, 1e9)[1] for item in cell]
                        for cell, width in zip(cells, widths)]
        self.height = max(sum(heights) for heights in self.heights) + 2 * PADDING


class PagedTable(Flowable):
    """``rows[start:stop]`` as a table of ``widths``; ``make_row(record)`` gives a row's cells."""

    def __init__(self, widths: Sequence[float], header: list[Cell], rows: Sequence[Any],
                 make_row: Callable[[Any], list[Cell]], *, lead: Sequence[Flowable] = (),
                 page_height: float, counter: Counter | None = None, space_after: float = 0.0,
                 header_shade: colors.Color = colors.HexColor("#e4e4e4"),
                 border: colors.Color = colors.HexColor("#808080"), start: int = 0, stop: int | None = None,
                 measured: list[_Row] | None = None) -> None:
        super().__init__()
        self.widths, self.header, self.rows, self.make_row = list(widths), header, rows, make_row
        self.lead, self.page_height, self.counter = list(lead), page_height, counter or Counter()
        self.space_after, self.header_shade, self.border = space_after, header_shade, border
        self.start, self.stop = start, len(rows) if stop is None else stop
        self._measured = measured or []     # rows[start:start + len] already made and measured
        self._header_row = _Row(header, self.widths) if header else None
        self._lead_heights: list[float] | None = None
        self.width = sum(self.widths)

    # -- measuring ---------------------------------------------------------------

    def _lead_height(self) -> float:
        if self._lead_heights is None:
            self._lead_heights = [item.wrap(self.width, 1e9)[1] for item in self.lead]
        spaces = sum(item.getSpaceBefore() for item in self.lead[1:]) + sum(
            item.getSpaceAfter() for item in self.lead)
        return sum(self._lead_heights) + spaces

    def _top(self) -> float:
        """Height of what comes before the first row: the lead, then the header row."""
        return self._lead_height() + (self._header_row.height if self._header_row else 0.0)

    def _row(self, offset: int) -> _Row:
        """Row ``start + offset``, made and measured on first use."""
        while len(self._measured) <= offset:
            self._measured.append(_Row(self.make_row(self.rows[self.start + len(self._measured)]), self.widths))
        return self._measured[offset]

    def _fitting(self, height: float) -> tuple[int, float]:
        """How many rows fit under the top in ``height``, and the height they take with it."""
        used, count = self._top(), 0
        while self.start + count < self.stop:
            row = self._row(count)
            if used + row.height > height + 1e-6:
                break
            used += row.height
            count += 1
        return count, used

    # -- the Flowable interface ---------------------------------------------------------

    def getSpaceBefore(self) -> float:
        return self.lead[0].getSpaceBefore() if self.lead else 0.0

    def getSpaceAfter(self) -> float:
        return self.space_after

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        # Measured only as far as the space given: the frame needs no more to see that it must split.
        count, used = self._fitting(availHeight)
        if self.start + count < self.stop:
            used += self._row(count).height
        self.height = used
        return self.width, used

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        count, _ = self._fitting(availHeight)
        if count == 0 and self.start < self.stop:
            if self._top() + self._row(0).height <= self.page_height + 1e-6:
                return []            # the heading goes to the next page with its first row
            # A row taller than a whole page: cut it where this page ends.
            top, rest = _cut_row(self._row(0), self.widths, availHeight - self._top())
            if top is None:
                return []
            self._measured[0:1] = [top, rest]
            self.rows, self.stop = _Extended(self.rows, self.start), self.stop + 1
            count = 1
        if count == 0:
            return []
        piece = PagedTable(self.widths, self.header, self.rows, self.make_row, lead=self.lead,
                           page_height=self.page_height, counter=self.counter, start=self.start,
                           stop=self.start + count, header_shade=self.header_shade, border=self.border,
                           measured=self._measured[:count])
        rest = PagedTable(self.widths, self.header, self.rows, self.make_row, page_height=self.page_height,
                          counter=self.counter, space_after=self.space_after, start=self.start + count,
                          stop=self.stop,
                          header_shade=self.header_shade, border=self.border, measured=self._measured[count:])
        self._measured = []
        return [piece, rest]

    def draw(self) -> None:
        canvas = self.canv
        y = self.height
        for item, height in zip(self.lead, self._lead_heights or []):
            if item is not self.lead[0]:
                y -= item.getSpaceBefore()
            item.drawOn(canvas, 0, y - height)
            y -= height + item.getSpaceAfter()
        rows = ([self._header_row] if self._header_row else []) + self._measured
        tops = [y]
        for row in rows:
            tops.append(tops[-1] - row.height)
        canvas.saveState()
        if self._header_row:
            canvas.setFillColor(self.header_shade)
            canvas.rect(0, tops[1], self.width, self._header_row.height, stroke=0, fill=1)
        canvas.restoreState()
        text, current = canvas.beginText(), []     # the page's plain cells: one text object
        for row, top in zip(rows, tops):
            x = 0.0
            for cell, heights, width in zip(row.cells, row.heights, self.widths):
                cell_y = top - PADDING
                for item, height in zip(cell, heights):
                    if isinstance(item, TextBlock):
                        item.draw_into(text, x + PADDING, cell_y, current)
                    else:
                        item.drawOn(canvas, x + PADDING, cell_y - height)
                    cell_y -= height
                x += width
        canvas.drawText(text)
        canvas.saveState()
        canvas.setStrokeColor(self.border)
        canvas.setLineWidth(LINE_WIDTH)
        canvas.lines([(0, top, self.width, top) for top in tops])
        x, columns = 0.0, [0.0]
        for width in self.widths:
            x += width
            columns.append(x)
        canvas.lines([(x, tops[0], x, tops[-1]) for x in columns])
        canvas.restoreState()
        self.counter.done += len(self._measured)
        self._measured = []          # drawn: the page's rows are not needed again


class _Extended:
    """``rows`` seen with one extra slot at ``index``: a row cut in two takes two places."""

    def __init__(self, rows: Sequence[Any], index: int) -> None:
        self.rows, self.index = rows, index

    def __len__(self) -> int:
        return len(self.rows) + 1

    def __getitem__(self, position: int) -> Any:
        return self.rows[position - 1 if position > self.index else position]


def _cut_row(row: _Row, widths: Sequence[float], height: float) -> tuple[_Row | None, _Row]:
    """The part of an over-tall row that fits in ``height`` and the rest, cell by cell."""
    room = height - 2 * PADDING
    tops: list[Cell] = []
    rests: list[Cell] = []
    for cell, heights, width in zip(row.cells, row.heights, widths):
        top: Cell = []
        rest: Cell = []
        used = 0.0
        for item, item_height in zip(cell, heights):
            if rest:
                rest.append(item)
            elif used + item_height <= room:
                top.append(item)
                used += item_height
            else:
                parts = item.split(width - 2 * PADDING, room - used)
                if parts:
                    top.append(parts[0])
                    rest.extend(parts[1:])
                else:
                    rest.append(item)
        tops.append(top)
        rests.append(rest)
    if not any(tops):
        return None, row
    return _Row(tops, widths), _Row(rests, widths)
