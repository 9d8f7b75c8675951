"""Excel task tables (.xlsx; .xls/.et arrive here converted by LibreOffice) as text.

Offices keep 任务分解表 as workbooks. Each sheet that holds a task table
(a row `tables.read_header` recognises: 序号/工作任务 with 责任单位 or
完成时限) becomes its rows as tab-separated lines on the sheet's grid,
merged ranges filled as Word's merged cells are (cells.grid_lines): a
责任单位 merged over two tasks assigns both, a merged 序号 or group cell is
said once. A line naming the sheet goes just above its header row, after
any title rows, so that the workbook's title row, not a sheet name, is
the first line the extractor may take for the plan's title; names Excel
gives new sheets (Sheet1, 工作表1) say nothing and are left out. Other
sheets (notes, lookup lists, charts' data) are skipped, and so are hidden
sheets: what the author hid is not part of the plan they sent.
"""
from __future__ import annotations

import io
import os
import warnings
import zipfile
from datetime import date, datetime, time
from xml.etree.ElementTree import ParseError

from .cell_text import join_cell_lines
from .cells import CONTINUE, SPAN, GridCell, grid_lines
from .compiled_patterns import regex
from .errors import ImportFileError
from .tables import read_header
from .zip_limits import check_zip

# A task table's header is near the top of its sheet; only that far is looked
# at before a sheet is skipped, so a big data sheet costs little.
HEADER_ROWS = 50
# Rows × columns of a sheet read in full (openpyxl makes a cell object for
# every position read): 10 000 tasks of 50 columns.
MAX_CELLS = 500_000
# Names Excel and WPS give new sheets: they say nothing about the tasks.
_DEFAULT_NAME = regex(r"(?i)^(sheet|工作表)\s*\d*$")


def xlsx_text(data: bytes, path: str | os.PathLike) -> str:
    """The task tables of a workbook as text. Raises ImportFileError for a
    damaged, oversized or task-less workbook."""
    check_zip(data, path)           # openpyxl holds every part in memory: no zip bombs
    book = _load(data, path)
    lines: list[str] = []
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible":
            continue
        top = list(grid_lines(_grid(sheet, min(sheet.max_row, sheet.min_row + HEADER_ROWS - 1))))
        if _header_index(top) is None:
            continue
        if (sheet.max_row - sheet.min_row + 1) * (sheet.max_column - sheet.min_column + 1) > MAX_CELLS:
            raise ImportFileError(path, f"工作表“{sheet.title}”过大（{sheet.max_row} 行 × {sheet.max_column} 列），"
                                        "请只保留任务表后再导入 (sheet too large)")
        rows = list(grid_lines(_grid(sheet, sheet.max_row)))
        at = _header_index(rows) or 0
        name = [] if _DEFAULT_NAME.match(sheet.title.strip()) else [sheet.title.strip()]
        lines += rows[:at] + name + rows[at:]
    if not lines:
        raise ImportFileError(path, "工作簿中没有任务表（找不到“序号/工作任务/责任单位/完成时限”表头）"
                                    "(no sheet with a task table header)")
    return "\n".join(lines) + "\n"


def _header_index(rows: list[str]) -> int | None:
    return next((index for index, row in enumerate(rows) if read_header(row.split("\t")) is not None), None)


def _load(data: bytes, path):
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with warnings.catch_warnings():
            # openpyxl warns about features it drops (data validation
            # extensions, unknown styles); none of them are task text.
            warnings.simplefilter("ignore")
            # read_only=False: a read-only workbook does not know its merged
            # cells. data_only: a formula counts by the value Excel saved.
            return load_workbook(io.BytesIO(data), data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ParseError, ValueError, TypeError, OSError,
            EOFError, AttributeError, IndexError) as error:
        # The user's file, not our bug: openpyxl raises all of these for damaged parts.
        raise ImportFileError(path, f"Excel 文件已损坏，无法打开 (corrupt .xlsx: {type(error).__name__})") from None


def _grid(sheet, last_row: int) -> list[list[GridCell]]:
    """Rows min_row..last_row as (text, merge) per column, merged ranges
    laid out as Word lays out merged cells: SPAN to the right of a range's
    first column, CONTINUE below its first row in that column."""
    merged: dict[tuple[int, int], str] = {}
    for cells in sheet.merged_cells.ranges:
        for row in range(cells.min_row, min(cells.max_row, last_row) + 1):
            for column in range(cells.min_col, cells.max_col + 1):
                if (row, column) != (cells.min_row, cells.min_col):
                    merged[(row, column)] = SPAN if column > cells.min_col else CONTINUE
    grid = []
    for row in sheet.iter_rows(min_row=sheet.min_row, max_row=last_row,
                               min_col=sheet.min_column, max_col=sheet.max_column):
        grid.append([("", merged[(cell.row, cell.column)]) if (cell.row, cell.column) in merged
                     else (_text(cell.value, cell.number_format), None) for cell in row])
    return grid


def _text(value: object, number_format: str) -> str:
    """A cell's value as a reader sees it: dates as 2024年6月30日 (what the
    deadline parser reads), whole numbers without .0, percentages with %."""
    if value is None:
        return ""
    if isinstance(value, str):
        return join_cell_lines(value.splitlines())
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        day = f"{value.year}年{value.month}月{value.day}日"
        return day if value.time() == time() else f"{day} {value:%H:%M}"
    if isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, time):
        return f"{value:%H:%M}"
    if isinstance(value, float):
        if "%" in (number_format or ""):
            return f"{value * 100:.10g}%"
        return str(int(value)) if value.is_integer() else f"{value:.10g}"
    return str(value)
