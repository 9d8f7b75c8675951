"""Tables dumped with no cell separators at all.

A Word table copied out of a document site comes as one run of text:
`序号项目名称主要内容区政府分管领导牵头单位配合单位1扩大优质教育资源新建……。张某某区教育局区财政局各街道2提升……`.
A clerk still reads it, by what each stretch holds: a row number in sequence
starts a row; a task's text ends at a full stop; after it come a person's
name (where the header has a person column) and unit names, one after
another, each ending the way unit names end, then the date where the header
has a time column (`县交通局各乡镇2024年12月底前2新建……`). A row may hold a
second task with its own person and units after the first (a continuation row).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .compiled_patterns import regex
from .deadlines import deadline_cell_end
from .headers import DEADLINE, PERSON, ROLE_COLUMNS, SEQ, TEXT, is_task_header, meaning_of, split_run
from .layout import Line
from .tables import Row
from .text import ASIDE_AT_THE_END, MEASURES, simplified
from .units import EVERY_PLACE, OWN_PART, SURNAMES, looks_like_unit

_HEADER_START = regex(r"序号|编号|序(?=[\u4e00-\u9fff]{2,8}(?:任务|内容|事项|项目|举措|措施))")
_FIRST_DIGIT = regex(r"\d")
_LONGEST_HEADER = 64
# A page marker a document site puts at line starts (1、 2、 …), not part of the table.
_PAGE_MARKER = regex(r"^\d{1,3}、")
_FIRM = regex(r"(局|委|办|办公室|委员会|中心|政府|院|部|所|队|站|公司|组|部门|单位|街道|集团|分局|大队|"
                   r"机构|小组|专班|园|区|镇|乡|科|处|室|会|社|馆|行|联)$")
_LONGEST_UNIT = 16
# Two-character unit names are few; anything else that short is a piece of a longer name.
_SHORT_UNIT = regex(r"妇联|残联|团委|侨联|科协|文联|工会")
_PERSON = regex(r"[\u4e00-\u9fff]{2,3}")
# A unit's name never starts with a unit's ending: 区人社|局区总工会 is cut one short.
_SUFFIX_START = regex(r"[局委办社会所站队处室科院部司]|(?:人民)?政府")      # (…各乡镇 / 人民政府: one name)

# How a time column's cell ends, before the next row's number: 2024年12月底前2, 9月30日3, 长期坚持4.
_DEADLINE_END = regex(r"(?:前|底|末|\d[日号]|完成|坚持|推进|开展|长期)$")

# What follows a row number in the text, when the number counts things instead (12个, 5000人).
_MEASURE = regex(rf"[\d.%％{MEASURES}]")


@dataclass(frozen=True)
class GluedHeader:
    meanings: list[str | None]
    line: int            # index of the header's line
    end: int             # character offset after the header in that line
    start: int = 0       # …and of its first character


def find_glued_header(lines: list[Line], index: int) -> GluedHeader | None:
    """A header run together inside a line (序号项目名称…牵头单位配合单位), followed by its cells."""
    text = lines[index].stripped
    if " " in text or "|" in text or "\t" in text:
        return None
    for number, start in enumerate(_HEADER_START.finditer(text)):
        if number == 3:
            break                       # a header is near the start of its line; a hostile line is not searched on
        # (the first row's number ends the header: 备注1在城区推行垃圾分类 holds a header word, 分类, but no header)
        digit = _FIRST_DIGIT.search(text, start.end())
        longest = min(len(text), start.start() + _LONGEST_HEADER, digit.start() if digit else len(text))
        # 序重点任务…: the number column's word cut to 序, which split_run leaves out (its words have two characters)
        words_from = start.end() if start.group() == "序" else start.start()
        for end in range(longest, start.start() + 5, -1):
            words = split_run(text[words_from:end])
            if words is None or len(words) < (2 if words_from > start.start() else 3):
                continue
            meanings = [SEQ] * (words_from > start.start()) + [meaning_of(word) for word in words]
            if is_task_header(meanings) and any(meaning in ROLE_COLUMNS for meaning in meanings):
                return GluedHeader(meanings, index, end, start.start())
    return None


def glued_rows(lines: list[Line], header: GluedHeader) -> tuple[list[Row], int]:
    """The rows after a glued header, and the index of the line after the table."""
    first = lines[header.line]
    header_text = first.stripped[header.start:header.end]
    pieces = [(first.stripped[header.end:], first)]
    index = header.line + 1
    while index < len(lines) and not lines[index].is_row and " " not in lines[index].stripped.strip():
        pieces.append((_PAGE_MARKER.sub("", lines[index].stripped), lines[index]))
        index += 1
    # One stream, each character knowing its line; a header repeated after a page break removed.
    stream = ""
    owners: list[Line] = []
    for text, line in pieces:
        stream += text
        owners += [line] * len(text)
    for repeated in reversed([m.start() for m in re.finditer(re.escape(header_text), stream)]):
        stream = stream[:repeated] + stream[repeated + len(header_text):]
        owners = owners[:repeated] + owners[repeated + len(header_text):]
    rows: list[Row] = []
    for start, end, number in _row_spans(stream, DEADLINE in header.meanings):
        rows.extend(_row_tasks(stream, owners, start, end, number, header.meanings))
    return rows, index


def _row_spans(stream: str, dated: bool) -> list[tuple[int, int, str]]:
    """(start of its text, end, row number) of each row: 1, 2, 3 … each standing
    after a unit's ending (or a date's, in a table with a time column: `dated`) or
    at the very start, not counting things (12个)."""
    first = re.match(r"\d{1,3}", stream)
    if not first:
        return []
    starts = [(0, first.end(), first.group())]
    expected = int(first.group()) + 1
    while True:
        number = str(expected)
        pattern = regex(rf"(?<!\d){number}(?!\d)")
        found = next((hit.start() for hit in pattern.finditer(stream, starts[-1][1])
                      if _starts_row(stream, hit.start(), hit.end(), dated)), None)
        if found is None:
            break
        starts.append((found, found + len(number), number))
        expected += 1
    ends = [at for at, _, _ in starts[1:]] + [len(stream)]
    return [(text_start, end, label) for (_, text_start, label), end in zip(starts, ends)]


def _starts_row(stream: str, start: int, end: int, dated: bool) -> bool:
    after = stream[end:end + 1]
    before = simplified(stream[max(0, start - 16):start])
    if before.endswith(("）", ")")):
        before = ASIDE_AT_THE_END.sub("", before)     # 各区（市）县政府（管委会）2…: the unit's other name after it
    before = before[-4:]
    return bool(after) and not _MEASURE.match(after) and bool(_FIRM.search(before) or dated and _DEADLINE_END.search(before))


def _row_tasks(stream: str, owners: list[Line], start: int, end: int, number: str,
               meanings: list[str | None]) -> list[Row]:
    """One numbered row: its text up to a full stop, then person and units; a
    second text with its own person and units after them is a task of its own."""
    has_person = PERSON in meanings
    roles = [meaning for meaning in meanings if meaning in ROLE_COLUMNS]
    rows: list[Row] = []
    text_start = start
    for stop in [m.end() for m in re.finditer("。", stream[start:end])]:
        tail_start = start + stop
        units, units_end = _units_after(stream, tail_start, end, has_person)
        if not units:
            continue
        row = Row()
        row.cells[TEXT] = [stream[text_start:tail_start]]
        if not rows:
            row.cells[SEQ] = [number]
        row.cells[roles[0]] = [units[0]]
        if len(units) > 1:       # cut apart already: joined so that nothing rejoins them
            row.cells.setdefault(roles[-1], []).append("、".join(units[1:]))
        tail = _ROLE_TAIL.match(stream, units_end, end)
        if DEADLINE in meanings and tail.end() > units_end and deadline_cell_end(stream, tail.end()) > tail.end():
            # 镇（街道）、县委宣传部等按职责分工负责6月底前: the units' role words, then the time cell
            row.cells[roles[-1] if len(units) > 1 else roles[0]][-1] += tail.group()
            units_end = tail.end()
        if DEADLINE in meanings:
            cell_end = deadline_cell_end(stream, units_end)
            if cell_end > units_end:
                row.cells[DEADLINE] = [stream[units_end:cell_end]]
                units_end = cell_end
        row.lines = sorted(set(owners[text_start:units_end]), key=lambda line: line.number)
        rows.append(row)
        text_start = units_end
        if units_end >= end:
            break
    if not rows and (found := _units_closing_the_row(stream, start, end, DEADLINE in meanings)) is not None:
        # 1开展瓶装液化气供应站清查县住建局2024年6月底前2…: a short task cell with no full stop, its units
        # right after its words: where a run of units reaches the row's date (or its end)
        units_start, units, units_end = found
        row = Row()
        row.cells[TEXT] = [stream[start:units_start]]
        row.cells[SEQ] = [number]
        row.cells[roles[0]] = [units[0]]
        if len(units) > 1:
            row.cells.setdefault(roles[-1], []).append("、".join(units[1:]))
        if units_end < end:
            row.cells[DEADLINE] = [stream[units_end:end]]
        row.lines = sorted(set(owners[start:end]), key=lambda line: line.number)
        rows.append(row)
    return rows


def _units_closing_the_row(stream: str, start: int, end: int, dated: bool) -> tuple[int, list[str], int] | None:
    """(where the units start, the units, where they end) of a row whose task cell has no full stop: the
    first place, after a few of the task's characters, from which a run of unit names reaches the row's
    date cell (in a table with a time column) or its end; None if there is none. (A short row only: a
    long one has its stops, and a hostile one is not searched from every character.)"""
    if end - start > _LONGEST_SHORT_ROW:
        return None
    for position in range(start + _SHORTEST_TASK, end - 1):
        if not _UNIT_HEAD.match(stream, position):
            continue
        units, units_end = _unit_run(stream, position, end)
        if units and (units_end == end or dated and deadline_cell_end(stream, units_end) >= end):
            return position, units, units_end
    return None


_SHORTEST_TASK = 4
_LONGEST_SHORT_ROW = 200
_UNIT_HEAD = regex(r"[县市区镇乡各省]")
_AFTER_A_NAME = regex(r"[、，,；;。\d]")


def _a_name_ends(stream: str, position: int, end: int) -> bool:
    return position >= end or bool(_AFTER_A_NAME.match(stream, position)) \
        or next(_unit_names(stream, position, end), None) is not None


def _units_after(stream: str, start: int, end: int, has_person: bool) -> tuple[list[str], int]:
    """Unit names written one after another from `start` (after a person's name
    if the table has a person column), and where they end."""
    if not has_person:
        return _unit_run(stream, start, end)
    if not stream[start:start + 1] or stream[start] not in SURNAMES:
        return [], start
    # Most names have three characters; a two-character one where three leave no clean unit.
    tries = [_unit_run(stream, start + length, end) for length in (3, 2)
             if _PERSON.fullmatch(stream[start:start + length])]
    tries = [found for found in tries if found[0]]
    if not tries:
        return [], start
    return min(tries, key=lambda found: (_glued_inside(found[0][0]), -len(found[0])))


def _glued_inside(name: str) -> bool:
    """A unit ending inside the name (政局高新园): a person's name cut one character short."""
    return bool(re.search(r"(局|委|办|中心|公司|街道)(?=.)", simplified(re.sub(r"（.*?）", "", name))))


def _unit_run(stream: str, position: int, end: int) -> tuple[list[str], int]:
    """Unit names one after another from `position`, glued or listed with 、 and commas
    (县城管局、县文明办,新华镇), and where the last one ends."""
    units: list[str] = []
    while position < end:
        start = position + 1 if units and stream[position] in _LIST_MARKS else position
        names = [name for name in _unit_names(stream, start, end)
                 if not _SUFFIX_START.match(stream[start + len(name):start + len(name) + 4])]
        # (the shortest after which the list goes on, the cell ends or a name starts: not 县委社 of 县委社治委、县发改委,
        # where 治委 is none; else the shortest)
        name = next((name for name in names if _a_name_ends(stream, start + len(name), end)), names[0] if names else None)
        if name is None:
            break
        if units and start == position and OWN_PART.fullmatch(simplified(name)):
            units[-1] += name               # 县公安局交警大队: the bureau's branch, one name
        else:
            units.append(name)
        position = start + len(name)
    return units, position


_LIST_MARKS = "、，,；;"
# What a unit cell may say after its names: 等按职责分工负责, 牵头, 等部门配合
_ROLE_TAIL = regex(r"等?(?:有关)?(?:部门|单位)?(?:按职责分工|按职责|分工)?(?:负责|落实|牵头|配合|参与|协助)?")
# 各镇, 各乡 (units.EVERY_PLACE): a whole name in two characters where no name's character follows (各镇12月底前, not
# 各乡镇); 镇（街道）, 各乡（镇）: with the other level in brackets
_A_NAME_S_CHARACTER = regex(r"[\u4e00-\u9fff（(]")
_PLACES_IN_BRACKETS = regex(r"各?[县市区乡镇街村]{1,2}（[县市区乡镇街道村社居]{1,4}）")


def _unit_names(stream: str, position: int, end: int):
    """Unit names starting at `position`, shortest first, each with a parenthesis
    right after it (高新园（邹区镇）); none where the text goes on instead."""
    for length in range(2, _LONGEST_UNIT + 1):
        if length == 2 and not _SHORT_UNIT.fullmatch(stream[position:position + 2]) \
                and not (EVERY_PLACE.fullmatch(stream[position:position + 2])
                         and not _A_NAME_S_CHARACTER.match(stream, position + 2)):
            continue
        if position + length > end:
            return
        name = stream[position:position + length]
        if re.search(r"[。，；：、\d]", name):
            return
        plain = simplified(name).replace("(", "（").replace(")", "）")
        if plain.count("（") != plain.count("）"):
            continue                        # (镇(街道: a name goes on to its bracket's close)
        # (镇(街道), 各乡(镇): a set of places, its other level in brackets, where the name ends there: not
        # 各区(市)县政府)
        if (_FIRM.search(plain) or _PLACES_IN_BRACKETS.fullmatch(plain)
                and not _A_NAME_S_CHARACTER.match(stream, position + length)) and looks_like_unit(plain):
            bracket = re.match(r"[（(][^（）()]{1,10}[）)]", stream[position + length:end])
            yield name + bracket.group() if bracket else name
