"""Tables that PDF conversion printed column by column (a "column dump").

A page of such a table comes out as all cells of its first column, then all
of the second, and so on, cells separated by blank lines, with the header
("项目名称 项目责任单位 …", words separated by spaces) closing the page.
Rows are rebuilt by position: the k-th name of a page goes with the k-th
unit of that page.
"""
from __future__ import annotations

import re

from .compiled_patterns import regex
from .deadlines import parse_deadline
from .labels import DEADLINE
from .layout import Line
from .headers import COLUMN_MEANINGS, ROLE_COLUMNS, TEXT
from .tables import Row
from .text import simplified, squeeze
from .units import looks_like_unit

_TITLE = regex(r"^\s*附\s*[表件]")


def find_column_dumps(lines: list[Line]) -> list[tuple[int, int, list[Row]]]:
    """(first index, index after the last, rows) of every column-dumped table."""
    headers = [index for index in range(len(lines)) if _header_meanings(lines, index)]
    found: list[tuple[int, int, list[Row]]] = []
    consumed = 0
    for number, index in enumerate(headers):
        if index < consumed:
            continue
        meanings, header_end = _header_meanings(lines, index)
        # The table runs from its title (附表…) through every page whose
        # header follows closely: pages are at most a few hundred lines.
        start = _title_before(lines, index, consumed)
        if start is None:
            continue
        pages = [(start, index)]
        last_end = header_end
        for later in headers[number + 1:]:
            if later - last_end > 400 or not _header_meanings(lines, later):
                break
            pages.append((last_end, later))
            last_end = _header_meanings(lines, later)[1]
        rows = [row for page_start, page_end in pages
                for row in _page_rows(lines[page_start:page_end], meanings)]
        if rows:
            found.append((start, last_end, rows))
            consumed = last_end
    return found


def _header_meanings(lines: list[Line], index: int) -> tuple[list[str | None], int] | None:
    """Column meanings of a space-separated header starting at `index`
    (it may wrap over a few lines), and the index after it."""
    if "名" not in lines[index].stripped:      # (名 is 名 in either script: most lines stop here, unsimplified)
        return None
    text = simplified(lines[index].stripped)
    if lines[index].is_row or "名称" not in text or len(text.split()) < 2:
        return None
    block = [text]
    end = index + 1
    while end < len(lines) and end - index < 4 and len(lines[end].stripped) <= 40 \
            and not re.search(r"[。；]", lines[end].stripped):
        block.append(simplified(lines[end].stripped))
        end += 1
        if re.fullmatch(r"[（(].*[)）]", lines[end - 1].stripped):
            break
    words: list[str] = []
    for word in " ".join(block).split():
        if words and (words[-1].endswith(("责任", "牵头", "配合", "完成", "计划")) or word.startswith(("（", "("))):
            words[-1] += word
        else:
            words.append(word)
    meanings = [next((m for m, pattern in COLUMN_MEANINGS if pattern.search(word)), None) for word in words]
    if TEXT not in meanings or not any(m in ROLE_COLUMNS for m in meanings):
        return None
    return meanings, end


def _title_before(lines: list[Line], index: int, floor: int) -> int | None:
    for back in range(index - 1, max(floor, index - 400) - 1, -1):
        if _TITLE.match(simplified(lines[back].stripped)):
            return back + 1
    return None


def _cells(lines: list[Line]) -> list[list[Line]]:
    cells: list[list[Line]] = []
    for line in lines:
        if line.after_blank or not cells:
            cells.append([line])
        else:
            cells[-1].append(line)
    # A cell broken by a stray blank line: a lone fragment of one or two
    # characters finishes the cell before it.
    merged: list[list[Line]] = []
    for cell in cells:
        text = squeeze(cell[0].stripped)
        if merged and len(cell) == 1 and len(text) <= 2 and not text.isdigit() \
                and len(squeeze(merged[-1][-1].stripped)) >= 3:
            merged[-1].extend(cell)
        else:
            merged.append(cell)
    return merged


def _page_rows(lines: list[Line], meanings: list[str | None]) -> list[Row]:
    cells = _cells(lines)
    texts = [squeeze("".join(line.stripped for line in cell)) for cell in cells]
    is_unit = [looks_like_unit(text) and not re.match(r"^[一二三四五六七八九十]+、", text) for text in texts]
    # The longest run of unit cells is the unit column of this page.
    best_start, best_length, run_start = 0, 0, None
    for position, unit in enumerate([*is_unit, False]):
        if unit and run_start is None:
            run_start = position
        elif not unit and run_start is not None:
            if position - run_start > best_length:
                best_start, best_length = run_start, position - run_start
            run_start = None
    if best_length == 0 or best_start < best_length:
        return []
    role = next(m for m in meanings if m in ROLE_COLUMNS)
    if meanings.index(TEXT) > meanings.index(role):
        return []                    # names after units: not a layout seen yet
    names = _names_before(cells, best_start, best_length)
    if names is None:
        return []
    deadlines: list[str] = []
    if DEADLINE in meanings:
        dated = [text for text in texts[best_start + best_length:]
                 if parse_deadline(text, None).due or re.fullmatch(r"\d{4}年\d{1,2}月(底)?", text)]
        if len(dated) >= best_length:
            deadlines = dated[:best_length]
    rows = []
    for k, name_cells in enumerate(names):
        name_lines = [line for cell in name_cells for line in cell]
        row = Row(lines=name_lines + cells[best_start + k])
        row.cells[TEXT] = [squeeze("".join(line.stripped for line in name_lines))]
        row.cells[role] = [texts[best_start + k]]
        if deadlines:
            row.cells[DEADLINE] = [deadlines[k]]
        rows.append(row)
    return rows


def _names_before(cells: list[list[Line]], run_start: int, count: int) -> list[list[list[Line]]] | None:
    """The `count` name cells right before the unit column, a name broken by a
    stray blank line rejoined: a cell whose last line fills the column width,
    followed by a short fragment or a bracket, continues into that fragment."""
    window = cells[max(0, run_start - 3 * count):run_start]
    widths = [len(squeeze(line.stripped)) for cell in window for line in cell]
    if not widths:
        return None
    full = max(set(widths), key=lambda w: (widths.count(w), w))
    names: list[list[list[Line]]] = []
    index = run_start - 1
    while index >= 0 and len(names) < count:
        group = [cells[index]]
        while index - 1 >= 0 and _continues(cells[index - 1], group[0], full):
            index -= 1
            group.insert(0, cells[index])
        names.insert(0, group)
        index -= 1
    if len(names) < count or any(looks_like_unit(squeeze("".join(l.stripped for l in c[0]))) for c in names[:1]):
        return None
    return names


def _continues(before: list[Line], after: list[Line], full: int) -> bool:
    head = squeeze("".join(line.stripped for line in before))
    tail = squeeze("".join(line.stripped for line in after))
    if head.count("（") > head.count("）"):
        return True
    return len(squeeze(before[-1].stripped)) >= full and (len(tail) <= 3 or tail.startswith("（"))


__all__ = ["find_column_dumps"]
