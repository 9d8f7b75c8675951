"""Task tables: tab or pipe rows with a header, and tables flattened to one
cell per line. A row with a responsibility column is a task."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

# Column meanings and header words: one vocabulary for every table reader (headers.py).
from .headers import COLUMN_MEANINGS, DEADLINE, OTHER_UNIT, ROLE_COLUMNS, SEQ, TEXT, meaning_of
from .layout import Line
from .text import simplified, squeeze
from .units import looks_like_unit


@dataclass
class Header:
    columns: list[str | None]        # meaning of each cell position

    @property
    def has_roles(self) -> bool:
        return any(column in ROLE_COLUMNS or column == DEADLINE for column in self.columns)


@dataclass
class Row:
    cells: dict[str, list[str]] = field(default_factory=dict)   # meaning -> cell texts
    lines: list[Line] = field(default_factory=list)

    def get(self, meaning: str, separator: str = "\n") -> str:
        return separator.join(value for value in self.cells.get(meaning, []) if value.strip())


def split_cells(line: Line) -> list[str]:
    text = line.text.strip()
    if text.startswith("|"):
        cells = [cell.strip() for cell in text.strip("|").split("|")]
    else:
        cells = [cell.strip() for cell in line.text.split("\t")]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def align(cells: list[str], header: "Header") -> list[str]:
    """A row with more cells than its header was shifted by empty cells at
    its start (seen after page breaks): drop them."""
    width = len(header.columns)
    while len(cells) > width and cells and not cells[0]:
        cells = cells[1:]
    return cells


def read_header(cells: list[str]) -> Header | None:
    """A header row names at least a text or seq column and a role/deadline column."""
    meanings: list[str | None] = []
    while cells and not cells[-1].strip():
        cells = cells[:-1]
    for cell in cells:
        meanings.append(meaning_of(cell))
    header = Header(meanings)
    if header.has_roles and (TEXT in meanings or SEQ in meanings):
        if TEXT not in meanings:
            # The widest unnamed column after 序号 is the task text.
            for index, meaning in enumerate(meanings):
                if meaning is None and index > 0:
                    meanings[index] = TEXT
                    break
        return header
    return None


def _place(cells: list[str], header: Header) -> list[tuple[int, str]]:
    """(header column, cell) pairs. A row whose cell count differs from its
    header lost or gained empty cells somewhere in the middle: its left half
    is placed from the left, its right half from its last unit cell, which
    belongs under the header's last unit column."""
    columns = len(header.columns)
    unit_columns = [i for i, m in enumerate(header.columns) if m in ROLE_COLUMNS or m == OTHER_UNIT]
    unit_cells = [i for i, cell in enumerate(cells) if cell and looks_like_unit(cell)]
    role_columns = [i for i, m in enumerate(header.columns) if m in ROLE_COLUMNS]
    in_place = any(i in unit_cells for i in role_columns)
    if len(cells) == columns and (in_place or not unit_cells):
        return list(enumerate(cells))
    if not unit_columns or not unit_cells:
        return [(i, cell) for i, cell in enumerate(cells) if i < columns]
    shift = unit_columns[-1] - unit_cells[-1]
    half = min(len(cells), columns) // 2
    placed = [(i, cell) for i, cell in enumerate(cells[:half])]
    placed += [(i + shift, cell) for i, cell in enumerate(cells) if i >= half and 0 <= i + shift < columns
               and i + shift >= half]
    return placed


def parse_rows(lines: list[Line], header: Header | None) -> tuple[list[Row], Header | None]:
    """Rows of a tab/pipe table; continuation rows are merged or kept as tasks."""
    rows: list[Row] = []
    for line in lines:
        cells = split_cells(line)
        found = read_header(cells)
        if found is not None:
            header = found
            continue
        if cells and simplified(squeeze(cells[0])) in ("序号", "编号", "序"):
            header = None            # another table's header, with no task columns: not ours
            continue
        if header is None:
            continue
        row = Row(lines=[line])
        cells = align(cells, header)
        for column, cell in _place(cells, header):
            if header.columns[column] and cell:
                row.cells.setdefault(header.columns[column], []).append(cell)
        seq = row.get(SEQ).strip()
        text = row.get(TEXT).strip()
        has_unit = any(row.get(role) for role in ROLE_COLUMNS)
        if not text and not has_unit:
            continue                          # sub-header or empty row
        if re.fullmatch(r"[一二三四五六七八九十]+、.*|合\s*计|小\s*计|总\s*计", seq or text) and not has_unit:
            continue                          # a section row or a total
        if rows and not seq and not (text and has_unit):
            # a cell split across rows: merge into the row above
            for meaning, values in row.cells.items():
                rows[-1].cells.setdefault(meaning, []).extend(values)
            rows[-1].lines.extend(row.lines)
            continue
        rows.append(row)
    return rows, header


def flattened_rows(lines: list[Line]) -> tuple[list[Row], int] | None:
    """A table printed one cell per line: 序号 / 工作任务 / 责任单位 / 完成时限 / 1 / …

    Returns the rows and how many lines they used, or None when the lines do
    not start such a table.
    """
    header_cells: list[str] = []
    index = 0
    while index < len(lines) and len(header_cells) < 12:
        name = squeeze(lines[index].stripped)
        meaning = next((m for m, pattern in COLUMN_MEANINGS if pattern.search(name)), None) if len(name) <= 10 else None
        if meaning is None:
            break
        header_cells.append(meaning)
        index += 1
    if len(header_cells) < 3 or header_cells[0] != SEQ or not any(m in ROLE_COLUMNS for m in header_cells):
        return None
    rows: list[Row] = []
    expected = 1
    current: list[Line] = []

    def close() -> None:
        if current:
            rows.append(_flat_row(current, header_cells))

    while index < len(lines):
        text = lines[index].stripped
        if re.fullmatch(r"\d{1,3}", text) and int(text) == expected:
            close()
            current = [lines[index]]
            expected += 1
        elif current:
            if _ends_table(text):
                break
            current.append(lines[index])
        else:
            break
        index += 1
    close()
    return (rows, index) if rows else None


def _ends_table(text: str) -> bool:
    return bool(re.match(r"^[一二三四五六七八九十]+、|^附件|^[（(][一二三四五六七八九十]+[）)]", text)) or len(text) > 80


def _flat_row(lines: list[Line], header: list[str]) -> Row:
    """Assign the lines of one flattened row to columns: units are the lines
    that look like units, the deadline the line that reads as one."""
    from .deadlines import parse_deadline

    row = Row(lines=list(lines))
    row.cells[SEQ] = [lines[0].stripped]
    rest = [line.stripped for line in lines[1:]]
    role_columns = [m for m in header if m in ROLE_COLUMNS]
    if DEADLINE in header and rest:
        phrase = parse_deadline(rest[-1], None)
        if phrase.due or phrase.recurrence or phrase.ongoing or re.search(r"月|年|季度|长期|持续", rest[-1]):
            row.cells[DEADLINE] = [rest.pop()]
    units = []
    while rest and looks_like_unit(rest[-1]) and len(rest) > 1:
        units.insert(0, rest.pop())
    if units:
        # One role column: all units go there; several: one unit line per column.
        if len(role_columns) == 1 or len(units) != len(role_columns):
            row.cells[role_columns[0]] = units
        else:
            for meaning, unit in zip(role_columns, units):
                row.cells.setdefault(meaning, []).append(unit)
    row.cells[TEXT] = rest
    return row
