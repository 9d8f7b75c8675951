"""Task tables: tab or pipe rows with a header (tables flattened to text in other forms
are flat_tables.py's). A row with a responsibility column is a task."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

# Column meanings and header words: one vocabulary for every table reader (headers.py).
from .cell_text import is_assigning_cell, join_cell_lines
from .compiled_patterns import regex
from .headers import (DEADLINE, OTHER_UNIT, ROLE_COLUMNS, SEQ, TEXT, UNIT_MARKS, first_column_as_text, meaning_of,
                      milestone_meaning, milestones_below, progress_columns, unit_mark_columns, with_text_column)
from .layout import Line
from .text import simplified, squeeze


@dataclass
class Header:
    columns: list[str | None]        # meaning of each cell position

    @property
    def has_roles(self) -> bool:
        return any(column in ROLE_COLUMNS or column == DEADLINE or column and column.startswith(UNIT_MARKS)
                   for column in self.columns)


@dataclass
class Row:
    cells: dict[str, list[str]] = field(default_factory=dict)   # meaning -> cell texts
    lines: list[Line] = field(default_factory=list)
    # (a cell filled to the right of every unit column: the row was not cut before its units)
    past_the_units: bool = False

    def get(self, meaning: str, separator: str = "\n") -> str:
        return separator.join(value for value in self.cells.get(meaning, []) if value.strip())


# A cell that opens a row of its own: a 序号 alone, or text after a list number (4.及时…, 二、做好…).
_ROW_OPENING = regex(r"[（(]?(?:\d{1,3}|[一二三四五六七八九十]{1,3})(?:[）)、.．]|$)")


def cut_inside_a_cell(cells: list[str], following: list[str], width: int, more: bool = False) -> bool:
    """Is the next line the rest of this row, cut by a line break inside one of its cells
    (…｜县财政局、县自然 / 资源局｜11月底前)? Between them the two lines hold exactly one
    row's cells, the cut one counted once (or fewer, where the next line is cut inside a cell
    too, ``more``), and the next line opens no row of its own: its first cell is text, not
    empty (a continuation row), a 序号 or an item's number."""
    held = len(cells) + len(following) - 1
    return (len(cells) < width and len(following) < width and (held == width or more and held < width)
            and bool(cells[-1]) and bool(following[0]) and not _ROW_OPENING.match(following[0]))


def cut_at_a_cell_edge(cells: list[str], following: list[str], width: int) -> bool:
    """Is the next line the rest of this row, which a converter broke between two cells
    (1 | 城关镇 | 北山水库 | / 生活污染 | … | 县生态环境分局 |)? This line opens a row with its number
    and is short of the table's cells; the next holds exactly the rest and opens no row."""
    return (len(cells) < width and len(cells) + len(following) == width and bool(cells) and bool(following[0])
            and bool(_ROW_OPENING.fullmatch(cells[0]))
            and (not _ROW_OPENING.match(following[0]) or _a_figure_out_of_turn(cells[0], following[0])))


def _a_figure_out_of_turn(number: str, first: str) -> bool:
    """Is `first`, the first cell of the line after row `number`, a figure and not the next row's number (2 / 150:
    a 计划投资 cell the row's line break put first)?"""
    number, first = number.strip(), first.strip()
    return number.isdecimal() and first.isdecimal() and int(first) not in (int(number), int(number) + 1)


_CUT_LAST_CELL = regex(r"(?:^\d{4}年|、)$")
_GOES_ON_A_CUT_CELL = regex(r"\d{1,2}月|[县市区镇乡各]")


def inside_a_cut_cell(run: list[Line], lines: list[Line], index: int) -> bool:
    """Is lines[index], a line with no cells of its own, the middle of a cell that line breaks
    cut in three or more (…新开工20个； / 完成投资50亿元； / 争取专项债券10亿元。⇥县发改局⇥…)?
    The row above it is short of the table's cells, a row follows, and it opens no row or item;
    or it is the rest of the last cell of a whole row (⇥2023年 / 11月底前), the table's last row too."""
    if not run or not run[-1].is_row:
        return False
    text = lines[index].stripped
    if _ROW_OPENING.match(text) or _HEADING_CELL.match(text):
        return False
    last = split_cells(run[-1])
    if _goes_on_its_last_cell(last, text):
        return True                     # (the table's last row too)
    if index + 1 >= len(lines) or not lines[index + 1].is_row:
        return False
    return len(last) < max(len(split_cells(line)) for line in run[-8:])


def _goes_on_its_last_cell(cells: list[str], text: str) -> bool:
    """A whole row whose last cell a line cut, the line its rest: 2023年 / 11月底前, 县教育局、 / 县公安局."""
    return bool(cells) and _CUT_LAST_CELL.search(cells[-1].strip()) is not None and _GOES_ON_A_CUT_CELL.match(text) is not None


def group_column(columns: list[str | None]) -> int | None:
    """The column of a unit that heads a group of rows (牵头单位 | 目标任务 | 责任单位): a role column
    first, right before the task's words, with a column of another role after them."""
    if len(columns) < 3 or columns[0] not in ROLE_COLUMNS or columns[1] != TEXT:
        return None
    others = [column for column in columns[2:] if column in ROLE_COLUMNS]
    return 0 if others and columns[0] not in others else None


def _under_merged_seq(cells: list[str], header: Header) -> bool:
    """A short row whose first cell is a sentence, under a header that starts with 序号: a
    sentence is no 序号, so that cell was merged down from the row above (a web table's
    rowspan, copied as text, leaves the row without it) and the row starts at the second column."""
    return (len(cells) < len(header.columns) and header.columns[0] == SEQ and bool(cells) and len(cells[0]) > 6
            and not _ROW_OPENING.match(cells[0]))


# A note in a county's table of who leads the work at the level above (市牵头单位：市住建局):
# the county's units are its own, and the note is neither a unit nor a task.
UPPER_LEVEL_NOTE = regex(r"^\s*[省市州][级級]?\s*[牵牽][头頭](?:单位|單位|部门|部門)\s*[：:]")


def split_cells(line: Line) -> list[str]:
    text = line.text.strip()
    if text.startswith("|"):
        cells = [cell.strip() for cell in text.strip("|").split("|")]
    else:
        cells = [cell.strip() for cell in line.text.split("\t")]
    if "头" in text or "頭" in text:
        cells = ["" if UPPER_LEVEL_NOTE.match(cell) else cell for cell in cells]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def align(cells: list[str], header: "Header") -> list[str]:
    """A row with more cells than its header was shifted by empty cells at
    its start (seen after page breaks): drop them."""
    width = len(header.columns)
    while len(cells) > width and cells and not cells[0]:
        cells = cells[1:]
    if len(cells) == width + 1 and SEQ not in header.columns and header.columns[:1] == [TEXT] \
            and ROW_NUMBER_CELL.fullmatch(cells[0]) and not _TASK_NUMBER.match(cells[1]):
        # 1 | 新建… | 县住建局 under 工作任务 | 牵头单位: the row's number, its header cell left out (序号), is
        # the task's number
        cells = [f"{cells[0]}.{cells[1]}", *cells[2:]]
    return cells


ROW_NUMBER_CELL = regex(r"\d{1,3}")       # a row's number alone in its cell


def header_with_wrapped_tail(row: Line, fragment: Line) -> Line | None:
    """A header row whose last cell a line break cut (序号⇥重点任务⇥责任单位⇥完成 / 时限): the
    row whole, when the cut cell names no column and the two pieces together do."""
    if fragment.is_row or len(fragment.stripped) > 6:
        return None                  # (most rows: the next line is a row, no cell is split)
    cells = split_cells(row)
    if not cells or meaning_of(cells[-1]):
        return None
    whole = cells[-1] + fragment.stripped
    if not meaning_of(whole) or read_header([*cells[:-1], whole]) is None:
        return None
    return Line(row.number, row.text + fragment.stripped, row.after_blank)


def header_below(header: Header, cells: list[str]) -> Header | None:
    """A header's second row (序号 | 重点任务 | 责任分工 | 责任分工 | 完成时限 over
    | | 牵头县领导 | 牵头单位 | ): the words under a merged group cell name its columns.
    Every word of that row names a column; a data row has sentences and units."""
    words = [(column, cell) for column, cell in enumerate(cells) if cell.strip()]
    meanings = milestones_below(header.columns, [cell for _, cell in words]) \
        or [meaning_of(cell) for _, cell in words]
    known = [meaning for meaning in meanings if meaning]
    # (…all of them but one, where the row numbers its rows and names two more: 序号 | 条款 | 类型 | 内容 under
    # 国家卫生县城标准 | | 工作内容及要求 |: the standard's clause is no column of ours)
    if len(words) < 2 or not (len(known) == len(words) or SEQ in known and len(known) >= 3 and len(words) - len(known) == 1) \
            or any(len(squeeze(cell)) > 12 for _, cell in words):
        return None
    roles = [column for column, meaning in enumerate(header.columns) if meaning in ROLE_COLUMNS]
    if len(words) == len(cells) < len(header.columns) and len(roles) == 1 \
            and all(meaning in ROLE_COLUMNS for meaning in meanings):
        # | 序号 | 工作任务 | 责任单位 | 完成时限 | over | 牵头站所 | 配合站所 |: the second row writes only the
        # cells it divides the one role column into, without the empty ones under the others
        return Header([*header.columns[:roles[0]], *meanings, *header.columns[roles[0] + 1:]])
    columns = list(header.columns) + [None] * max(0, len(cells) - len(header.columns))
    for (column, _), meaning in zip(words, meanings):
        columns[column] = meaning
    combined = Header(columns)
    return combined if combined.has_roles else None


def read_header(cells: list[str]) -> Header | None:
    """A header row names at least a text or seq column and a role/deadline column."""
    meanings: list[str | None] = []
    while cells and not cells[-1].strip():
        cells = cells[:-1]
    for cell in cells:
        meanings.append(meaning_of(cell))
    meanings = progress_columns(cells, meanings)
    if DEADLINE not in meanings:
        # | 项目名称 | 责任单位 | 3月 | 6月 | 9月 | 12月 |: months heading columns of milestones, with no
        # 时间节点 over them (milestones_below); the last one a row fills is its deadline
        milestones = [milestone_meaning(cell, years=True) if meaning is None else None
                      for cell, meaning in zip(cells, meanings)]
        if sum(map(bool, milestones)) >= 2:
            meanings = [milestone or meaning for milestone, meaning in zip(milestones, meanings)]
    header = Header(first_column_as_text(unit_mark_columns(cells, meanings), cells))   # (| 重点任务 | 县卫健局 | 县医保局 | over ★ √)
    meanings = header.columns
    if header.has_roles and (TEXT in meanings or SEQ in meanings):
        return Header(with_text_column(meanings))
    return None


def _place(cells: list[str], header: Header) -> list[tuple[int, str]]:
    """(header column, cell) pairs. A row whose cell count differs from its
    header lost or gained empty cells somewhere in the middle: its left half
    is placed from the left, its right half from its last unit cell, which
    belongs under the header's last unit column; unless, placed from the
    left, its units already stand under unit columns and nothing else does,
    when only its trailing cells were empty."""
    columns = len(header.columns)
    unit_columns = [i for i, m in enumerate(header.columns) if m in ROLE_COLUMNS or m == OTHER_UNIT]
    unit_cells = [i for i, cell in enumerate(cells) if cell and is_assigning_cell(cell)]
    role_columns = [i for i, m in enumerate(header.columns) if m in ROLE_COLUMNS]
    in_place = any(i in unit_cells for i in role_columns)
    if len(cells) == columns and (in_place or not unit_cells):
        return list(enumerate(cells))
    if len(cells) < columns and in_place and all(i in unit_columns for i in unit_cells) \
            and all(i in unit_cells or not cells[i] for i in unit_columns if i < len(cells)):
        # Placed from the left, its units stand under unit columns and nothing else does: the
        # empty cells it lacks were its last ones (no 配合单位, no 完成时限, no 备注), dropped
        # with the line's trailing tabs.
        return list(enumerate(cells))
    if not unit_columns or not unit_cells:
        return [(i, cell) for i, cell in enumerate(cells) if i < columns]
    shift = unit_columns[-1] - unit_cells[-1]
    half = min(len(cells), columns) // 2
    placed = [(i, cell) for i, cell in enumerate(cells[:half])]
    placed += [(i + shift, cell) for i, cell in enumerate(cells) if i >= half and 0 <= i + shift < columns
               and i + shift >= half]
    return placed


_HEADING_CELL = regex(r"^[一二三四五六七八九十]+、")
_TASK_NUMBER = regex(r"^(\d{1,3})[.．、]\s*(?!\d)")


def number_inside(row: Row) -> None:
    """A section heading cell (一、…) beside the task cell is the group, not the
    task; a number at the start of the task cell (1.…) is its 序号."""
    texts = row.cells.get(TEXT, [])
    if len(texts) > 1:
        texts = [text for text in texts if not _HEADING_CELL.match(text.strip())] or texts
    if texts and not row.get(SEQ):
        # (the task's cell, or its name's before a cell that describes it: 1.新建城东幼儿园 | 完成主体工程…)
        for place in dict.fromkeys((len(texts) - 1, 0)):
            number = _TASK_NUMBER.match(texts[place].strip())
            if number and place and number.group(1) == "1" and _SECOND_PART.search(texts[place], number.end()):
                continue                # name | 1.每周巡查。2.完成…: a list of the second cell's own, not the row's number
            if number:
                row.cells[SEQ] = [number.group(1)]
                texts[place] = texts[place].strip()[number.end():]
                break
    if texts:
        row.cells[TEXT] = texts


_SECOND_PART = regex(r"[。；;，,]\s*2\s*[.．、]\s*\S")


# A cell saying it holds what the cell above holds (同上, 〃): a ledger's ditto mark.
_DITTO = frozenset(("同上", "同前", "〃", "″", "”", "同上。"))


def fill_dittos(rows: list[Row]) -> list[Row]:
    """Rows with each ditto cell (同上) replaced by the cell above it, in the same column."""
    for above, row in zip(rows, rows[1:]):
        for meaning, values in row.cells.items():
            if squeeze("".join(values)) in _DITTO and above.cells.get(meaning):
                row.cells[meaning] = list(above.cells[meaning])
    return rows


def inherit_merged_units(rows: list[Row], last_may_be_cut: bool = False) -> list[Row]:
    """A numbered row with no unit at all under a row that has units: the unit cells were one
    cell merged down over both (a web table's rowspan, dropped when the page was copied as
    text), so they assign it too. A row that has any unit of its own keeps its own. (Word and
    Excel readers repeat a merged cell themselves: a tab row lacking its units is a table gone
    wrong, not a merge.) ``last_may_be_cut``: the table is the document's end, where a row may
    lack its units because the copy stops inside it (a web page's text cut short): only rows
    before the last one that has units of its own are read as merged."""
    end = len(rows)
    if last_may_be_cut:
        # (…or a row with a cell past the unit columns, 4 / 新建城市书房2个。 / 已建成1个。: whole, its
        # units merged from above)
        end = max((index + 1 if _whole(row, rows[index - 1] if index else None) else index
                   for index, row in enumerate(rows)
                   if row.past_the_units or any(row.get(role) for role in ROLE_COLUMNS)), default=0)
    for above, row in zip(rows, rows[1:end]):
        if is_group_or_sum_row(row):
            continue                    # (| 二 | 社会事业类 | | |, | 合计 | | 2450 |: nothing merged down is theirs)
        if row.get(SEQ).strip() and row.get(TEXT).strip() and not any(row.get(role) for role in ROLE_COLUMNS):
            for role in ROLE_COLUMNS:
                if above.cells.get(role):
                    row.cells[role] = list(above.cells[role])
    # So is a deadline cell merged down over numbered rows (4月底前 beside two tasks): the
    # rows below it lack the cell, and a person reads the merged date as theirs.
    for above, row in zip(rows, rows[1:end]):
        if is_group_or_sum_row(row):
            continue
        if row.get(SEQ).strip() and row.get(TEXT).strip() and not row.get(DEADLINE) and above.get(DEADLINE):
            row.cells[DEADLINE] = list(above.cells[DEADLINE])
    return rows


def is_group_or_sum_row(row: Row) -> bool:
    """A row that heads a group of rows by its numeral (| 二 | 社会事业类 | | |) or sums them up (小计, 合计):
    no task, whatever a cell merged down beside it says."""
    number, text = squeeze(row.get(SEQ)), squeeze(row.get(TEXT))
    if _SUM.fullmatch(number) or _SUM.fullmatch(text):
        return True
    return bool(_GROUP_NUMERAL.fullmatch(number)) and len(text) <= _GROUP_NAME_LONGEST \
        and not re.search(r"[，。；,;]", text) and not any(row.get(role) for role in ROLE_COLUMNS)


_SUM = regex(r"(?:小\s*计|合\s*计|总\s*计|共\s*计|总\s*数)[:：]?")
_GROUP_NUMERAL = regex(r"[一二三四五六七八九十]{1,3}[、.．]?")
_GROUP_NAME_LONGEST = 16


def _whole(row: Row, above: Row | None) -> bool:
    """Is a table's last row, without units of its own, whole: a cell past the unit columns, and
    numbered after the row above (a progress cell's own 1、… is no row)?"""
    number, before = row.get(SEQ).strip(), above.get(SEQ).strip() if above is not None else ""
    return row.past_the_units and number.isdecimal() and before.isdecimal() and int(number) > int(before)


def _rest_of_a_row_cut_by_a_page(above: Row, after_header: bool) -> bool:
    """Is a row without a number, with words and units of its own, the rest of the row above
    that a page break cut (…新建加压泵站 | 县水利局、县财政局、 / header again / 1座。 | 县发改局)?
    So when the units above end in a list's separator, or the page's header came between and
    the words above end mid-sentence. Else it is a task of its own (a continuation row)."""
    units = [above.get(role) for role in ROLE_COLUMNS if above.get(role)]
    if units and units[-1].rstrip().endswith(("、", "，", ",")):
        return True
    return after_header and not above.get(TEXT).rstrip().endswith(("。", "；", ";", ".", "）", ")"))


def wrapped_cell_below(text: str, above: str | None = None) -> bool:
    """⇥⇥局 or ⇥⇥⇥⇥月底前 under a row: one cell a narrow column wrapped onto a line of its own,
    beyond the task's words (two tabs or more before it), or the task's words going on where they
    cannot open a task (⇥1栋，…). A task's words that open as a task does are a row of their own
    whose other cells were lost (a page cut inside the row)."""
    cells = text.split("\t")
    filled = [cell for cell in cells if cell.strip()]
    if len(filled) != 1 or not text.startswith("\t"):
        return False
    before = len(cells) - len(text.lstrip("\t").split("\t"))      # (the empty cells before it)
    if before >= 2 or filled[0].strip()[:1].isdecimal() or filled[0].strip()[:1] in "，、；）)":
        return True
    # (…⇥实施城区雨污分⇥… over ⇥流改造，…: the cell above stops mid-sentence, a narrow column's wrap, not a row's end)
    # (…and the words below end the sentence: a row of a table whose cells hold no stops, ⇥清理河道两岸垃圾, is one of its
    # own, its other cells lost where a page was cut)
    above_cells = above.split("\t") if above is not None else []
    cell_above = above_cells[before].strip() if len(above_cells) > before + 1 else ""
    return len(cell_above) >= 4 and "\u4e00" <= cell_above[-1] <= "\u9fff" and filled[0].rstrip().endswith(("。", "；"))


def parse_rows(lines: list[Line], header: Header | None) -> tuple[list[Row], Header | None]:
    """Rows of a tab/pipe table; continuation rows are merged or kept as tasks."""
    rows: list[Row] = []
    index = 0
    header_just_read = False            # (a page's repeated header came right before this row)
    while index < len(lines):
        line = lines[index]
        index += 1
        cells = split_cells(line)
        found = read_header(cells)
        after_header, header_just_read = header_just_read, found is not None
        if found is not None:
            header = found
            if index < len(lines):
                below = header_below(header, split_cells(lines[index]))
                if below is not None:
                    header = below
                    index += 1
            continue
        if cells and simplified(squeeze(cells[0])) in ("序号", "编号", "序"):
            header = None            # another table's header, with no task columns: not ours
            continue
        if header is None:
            continue
        row = Row(lines=[line])
        # A cell cut by line breaks: its middle pieces are lines with no cells of their own
        # (pipeline keeps them in the table: tables.inside_a_cut_cell), its last piece opens a row.
        while index < len(lines) and not lines[index].is_row \
                and (index + 1 < len(lines) and lines[index + 1].is_row and len(cells) < len(header.columns)
                     or _goes_on_its_last_cell(cells, lines[index].stripped)):
            cells = [*cells[:-1], join_cell_lines([cells[-1], lines[index].stripped])]
            row.lines.append(lines[index])
            index += 1
        if index < len(lines) and cut_inside_a_cell(cells, following := split_cells(lines[index]),
                                                     len(header.columns)):
            cells = [*cells[:-1], join_cell_lines([cells[-1], following[0]]), *following[1:]]
            row.lines.append(lines[index])
            index += 1
        cells = align(cells, header)
        under_merged_seq = _under_merged_seq(cells, header)
        if under_merged_seq:
            cells = ["", *cells]
        group = group_column(header.columns)
        if group is not None and rows and len(cells) == len(header.columns) - 1 \
                and cells[0] and not is_assigning_cell(cells[0]):
            cells = ["", *cells]        # 牵头单位 | 目标任务 | 责任单位 over ⇥盘活…⇥县国资中心: the group's cell merged down
        for column, cell in _place(cells, header):
            if header.columns[column] and cell:
                row.cells.setdefault(header.columns[column], []).append(cell)
        number_inside(row)
        seq = row.get(SEQ).strip()
        text = row.get(TEXT).strip()
        has_unit = any(row.get(role) for role in ROLE_COLUMNS)
        if rows and not seq and wrapped_cell_below(line.text, lines[index - 2].text if index >= 2 else None):
            # a single cell a narrow column wrapped onto a line of its own (⇥⇥局, ⇥⇥⇥⇥月底前, a task's
            # words going on: ⇥1栋，…): the rest of that cell in the row above. (A task's words that
            # open as a task does are a row of its own, its other cells lost: a page cut short.)
            for meaning, values in row.cells.items():
                above = rows[-1].cells.setdefault(meaning, [])
                if above:
                    # (a unit cell's line end kept: the unit reader joins a name a wrap cut, 县交通运输 / 局, and splits
                    # between whole ones, 县财政局 / 县发改局)
                    above[-1] += ("\n" if meaning in ROLE_COLUMNS else "") + "".join(values)
                else:
                    above.extend(values)
            rows[-1].lines.extend(row.lines)
            continue
        if not text and not has_unit:
            continue                          # sub-header or empty row
        if group is not None and rows and text and has_unit and not row.get(header.columns[group]) \
                and not cells[group].strip():
            # a unit heading a group of rows, left of their words, merged down over the group
            row.cells[header.columns[group]] = list(rows[-1].cells.get(header.columns[group], []))
        if re.fullmatch(r"[一二三四五六七八九十]+、.*|合\s*计|小\s*计|总\s*计", seq or text) and not has_unit:
            continue                          # a section row or a total
        # …or under a unit cell merged down from the left, with words and a date of its own after the
        # row above ended its sentence (责任单位 | 工作任务 | 完成时限 over ⇥改造…。⇥9月底前).
        own_row = rows and not seq and text and not has_unit and not cells[0].strip() and row.get(DEADLINE) \
            and rows[-1].get(DEADLINE) and rows[-1].get(TEXT).rstrip().endswith(("。", "；"))
        if rows and (under_merged_seq or own_row) and text and not has_unit:
            # A row of its own under the 序号 and unit cells of the row above, merged down over
            # it (a web table's rowspan): those units assign it too, as a merged cell in Word does.
            for role in ROLE_COLUMNS:
                if rows[-1].cells.get(role):
                    row.cells[role] = list(rows[-1].cells[role])
        elif rows and not seq and (not (text and has_unit) or _rest_of_a_row_cut_by_a_page(rows[-1], after_header)):
            # a cell split across rows: merge into the row above; after a page's header, each
            # cell goes on where the page cut it (…新建加压泵站 + 1座。), with no joint between
            for meaning, values in row.cells.items():
                above = rows[-1].cells.setdefault(meaning, [])
                if after_header and above and values:
                    above[-1] += values[0]
                    values = values[1:]
                above.extend(values)
            rows[-1].lines.extend(row.lines)
            continue
        rows.append(row)
    return rows, header
