"""Task tables flattened to text by web pages, Word and PDF converters.

The forms met (see tests/importers/data/shapes/cells_*):

- pipe rows on one line, with or without a leading pipe, lone `|` lines
  between rows (`1 | 任务 | 县教育局 | 6月底前 |`);
- one cell per line, each maybe ending in ` |`, with `|` or blank lines
  between cells, the header one word per line too;
- rows on one line with single spaces between cells (cells may hold spaces
  of their own, where a converter wrapped them);
- a header run together with no separator (`实事内容工作任务责任单位`) over
  cells one per line.

Each form is cut into cells (with the row breaks it shows, if any), the
header into column meanings, and `alignment.align` places the cells. A
table that cannot be placed is reported, never read with shifted columns.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .alignment import DATE, EMPTY, NAME, PHRASE, PIECE, PLACEHOLDERS, UNITS, WORDS, Cell, align, cell_kind, row_numbers
from .compiled_patterns import regex
from .headers import (COOPERATING, DEADLINE, LEAD, MARK_RULE_ASIDE, NOTE, RESPONSIBLE, ROLE_COLUMNS, SEQ, TEXT, first_column_as_text,
                      header_words, is_task_header, meaning_of, milestone_meaning, progress_columns, role_word_lines,
                      split_run, unit_mark_columns, with_text_column)
from .glued_tables import find_glued_header, glued_rows
from .layout import Line, signs_the_document
from .cell_text import join_cell_lines
from .tables import ROW_NUMBER_CELL, UPPER_LEVEL_NOTE, Row, cut_at_a_cell_edge, group_column, cut_inside_a_cell, header_below, number_inside, read_header, split_cells
from .text import ASIDE_AT_THE_END, squeeze
from .units import CELL_LABEL, CUT_NAME, LIST_MARKS, is_unit_list, joined_name, looks_like_unit, office_of_its_place, wrapped_inside_name

PIPES, LINES, SPACED, RUN_ON = "pipes", "lines", "spaced", "run_on"
_LONE_PIPE = regex(r"^[|｜\s]*$")
_SECTION = regex(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|附\s*件)")
_ROW_START = regex(r"^\d{1,3}(?:\s+|$)")
# A row of spaced cells opening with its group's cell, then its number (产业发展 1 建成…)
_GROUP_THEN_ROW = regex(r"[\u4e00-\u9fff（）()]{2,16}\s+(?P<number>\d{1,3})\s+[\u4e00-\u9fff“]")
# A group row of spaced cells, its numeral in the number column: 二 养老服务
_SPACED_GROUP = regex(r"\s*[一二三四五六七八九十]{1,3}[、.．]?\s+[^\s，。；]{2,16}\s*")
_MAX_HEADER_LINES = 16
_UNFINISHED = ("，", "、", ",")
_NO_CELL_OPENS = ("，", "。", "、", "；", "：", ",", ";", "）", ")")   # (a line opening so: a cell's words go on)
_NOTE_UNDER_A_TABLE = regex(r"^(?:注|备注|说明|附注)\s*[：:]")
_GROUP_DEPTH = 3                 # group cells merged over the rows below: 一、 over （一） over 1.
_EMPTY_GROUPS_LONGEST = 12       # group lines in a run, most of them groups with no rows kept


def _section_kind(text: str) -> str:
    """一、 / （一） / 附件: which kind of group line."""
    return "（" if text.startswith(("（", "(")) else "附" if text.startswith("附") else "、"
_NUMBERED_MEASURE = regex(r"^\d{1,3}[.．、](?!\d)")
_YEAR_BEFORE_A_WORD = regex(r"\d{4}年度?(?=[\u4e00-\u9fff]{2,10}(?:[（(][^（）()]{1,8}[）)])?$)")
# (maybe with its measure: 建设规模（万亩）, 面积（亩）)
_UNKNOWN_LINE = regex(r"[\u4e00-\u9fff]{2,12}(?:[（(][\u4e00-\u9fff%％]{1,4}[）)])?")
_YEAR_CELL = regex(r"\d{4}\s*年[\u4e00-\u9fff]{0,6}")         # 2020年, 2025年目标: an indicator's year


@dataclass
class FlatTable:
    start: int                              # index of the header's first line
    end: int                                # index after the table's last line
    rows: list[Row] = field(default_factory=list)
    problem: str | None = None              # why no row could be read
    title: str | None = None                # the table's own title line, if it has one


_SENTENCE_MARK = regex(r"[，。；：、,;:]")


def header_places(lines: list[Line]) -> list[bool]:
    """Where a table header may start: near a line naming a role or a time
    (one cheap pass, so that prose is not searched for headers line by line)."""
    places = [False] * len(lines)
    for index in sorted(role_word_lines(lines)):
        if len(lines[index].text) <= 400:
            places[index] = True
            if index and lines[index - 1].stripped.endswith(("|", "｜")):
                places[index - 1] = True        # (a pipe header whose role columns wrapped onto this line)
            # A header one word per line starts with short lines (序号, 工作任务) before its role word.
            for back in range(max(0, index - _MAX_HEADER_LINES), index):
                text = lines[back].text
                if len(text) > 16 and text.rstrip().endswith(("）", ")")):
                    text = ASIDE_AT_THE_END.sub("", text.rstrip())   # 工作任务（对应县委县政府2025年度工作要点）
                if len(text) <= 16 and not _SENTENCE_MARK.search(text):
                    places[back] = True
    return places


def find_flat_table(lines: list[Line], index: int) -> FlatTable | None:
    """A flattened task table whose header starts at lines[index], or None."""
    header = _header_at(lines, index)
    if header is None:
        glued = find_glued_header(lines, index)
        if glued is None:
            return None
        rows, end = glued_rows(lines, glued)
        table = FlatTable(index, end, rows, title=_title_in(lines[index].stripped[:glued.end]))
        if not rows:
            table.problem = "表格没有分隔符，无法拆分成行 (a table run together could not be cut into rows)"
        return table
    meanings, form, after = header
    read_cells, merge = _FORMS[form]
    if form == LINES and NOTE not in meanings:
        # A task cell of several paragraphs, one per line: with no notes column (进展情况)
        # beside the task's, whose sentences would run into it, a sentence may join the one above.
        merge = merge | {WORDS}
    cells, breaks, end = read_cells(lines, *after) if isinstance(after, tuple) else read_cells(lines, after)
    if form == LINES:
        cells, breaks = _without_the_header_again(cells, breaks, lines, index, after)
    if form == LINES and meanings[0] == SEQ:
        cells, breaks, end = _cut_at_the_blank_after_the_rows(lines, index, end, cells, breaks, len(meanings))
        if meanings[1:2] == [TEXT] and TEXT not in meanings[2:]:
            cells, breaks = _task_cells_put_back(cells, breaks, len(meanings))
    if form == PIPES:
        open_lines = {line.number for line in lines[index:end] if not line.stripped.endswith(("|", "｜"))}
        pipe_first = {line.number for line in lines[index:end] if line.stripped.startswith(("|", "｜"))}
        cells, breaks = _rows_put_back(cells, breaks, len(meanings), open_lines, pipe_first)
        if index + 1 < len(lines) and _figures_subdivided(lines[index + 1].stripped):
            meanings = _with_subdivided_columns(meanings, cells, breaks)
        if meanings[0] == TEXT:
            cells, breaks = _without_unnamed_group_cells(cells, breaks)
    titled = _TITLE_THEN_HEADER.search(lines[index].stripped)
    table = FlatTable(index, end, title=titled["title"] if titled else _title_before(lines, index, after))
    if not any(squeeze(cell.text) for cell in cells):
        return None
    if form == LINES:
        breaks = _rows_numbered_by_their_tasks(cells, breaks, len(meanings))
    placed = align(cells, meanings, breaks, merge)
    by_number = {line.number: line for line in lines[index:end]}
    table.rows = _rows(placed, meanings, by_number)
    if not table.rows:
        table.problem = "表格的行无法与表头对齐 (table rows could not be aligned with the header)"
    return table


# -- the header ---------------------------------------------------------------

def _meanings(words: list[str]) -> list[str | None]:
    return first_column_as_text(unit_mark_columns(words, progress_columns(words, [meaning_of(word) for word in words])), words)


def _wrapped_header_cells(header: str, line: str) -> list[str] | None:
    """配合部门（单位） | under | 类别 | 重点任务 | 牵头部门 |: a pipe header's last cells, which a line
    break put on a line of their own without an opening pipe; every one names a column, one of
    them a role or a time. (A second header row under merged cells, 中央资金 | 省级资金 | |||, has
    empty cells after its words.)"""
    if not header.endswith(("|", "｜")) or line.startswith(("|", "｜")) or not line.endswith(("|", "｜")):
        return None
    cells = [squeeze(cell) for cell in re.split(r"[|｜]", line)[:-1]]
    meanings = [meaning_of(cell) for cell in cells]
    if not cells or not all(meanings) or len(cells) < 2 \
            and not any(meaning in ROLE_COLUMNS or meaning == DEADLINE for meaning in meanings):
        return None
    return cells


def _header_at(lines: list[Line], index: int) -> tuple[list[str | None], str, int] | None:
    """(column meanings, form, index of the first line after the header)."""
    text = lines[index].stripped
    if _LONE_PIPE.match(text):
        return None
    words = header_words(text)
    titled = _TITLE_THEN_HEADER.search(text) if words is None and "序号" in text else None
    if titled is not None:
        words = header_words(text[titled.end():])   # 平安县2024年政府工作任务分解表 序号 名称 工作任务 …
    if " " in text and "|" not in text and "\t" not in text \
            and (wrapped := _spaced_header_wrapped(lines, index, len(words or ()))) is not None:
        # 序号 工作任务 责任 / 单位 完成 / 时限: a spaced header whose cells' words a narrow column wrapped; read
        # as written on one line, its rows after its last line
        joined, last = wrapped
        found = _header_at([*lines[:index], lines[index]._replace(text=joined, stripped=joined), *lines[last + 1:]], index)
        if found is not None and found[1] == SPACED:
            meanings, form, after = found
            shift = last - index
            return meanings, form, (after[0] + shift, after[1]) if isinstance(after, tuple) else after + shift
    if words is None:
        return _run_on_header(lines, index)
    if len(words) >= 3 and "|" in text and not is_task_header(_meanings(words)) and index + 1 < len(lines):
        # | 序号 | 乡镇 | 水源地名称 | / 问题描述 | … | 责任单位 |: the columns that make it a task
        # table's wrapped onto the next line
        tail = _wrapped_header_cells(text, lines[index + 1].stripped)
        if tail and is_task_header(_meanings([*words, *tail])):
            return with_text_column(_meanings([*words, *tail])), PIPES, index + 2
    # (two columns, the task and who does it, between pipes: 重点任务 | 责任股室 |)
    two_piped = len(words) == 2 and ("|" in text or "｜" in text) and TEXT in _meanings(words)
    if (len(words) >= 3 or two_piped) and is_task_header(_meanings(words)):
        if ("|" in text or "\t" in text) and not ("\t" in text and _cells_one_per_line(lines, index + 1)):
            form = PIPES
        elif "\t" in text:
            form = LINES        # a header row copied with its tabs over cells one per line
        else:
            following = _next_content(lines, index + 1)
            while following is not None and (_SECTION.match(lines[following].stripped)
                                             or _SPACED_GROUP.fullmatch(lines[following].stripped)
                                             or _SUM_LINE.fullmatch(lines[following].stripped)) \
                    and following - index <= _GROUP_DEPTH + 2:
                following = _next_content(lines, following + 1)      # (一、… a group row first; 合计 2360 a sum's)
            spaced = len(text.split()) >= 3
            form = SPACED if spaced and following is not None and (
                _ROW_START.match(lines[following].stripped)
                or _GROUP_THEN_ROW.match(lines[following].stripped) and _number_of_a_group_s_row(lines[following].stripped) == 1) \
                else LINES
            if form == LINES and spaced and following is not None and _unnumbered_spaced_rows(lines, following, len(words)):
                # 整治内容 牵头单位 配合单位 完成时限 / 清理… 县城管局 各乡镇人民政府 4月底前: rows without their number,
                # a line each
                return with_text_column(_meanings(words)), SPACED, (following, len(words))
        tail = _wrapped_header_cells(text, lines[index + 1].stripped) \
            if form == PIPES and index + 1 < len(lines) else None
        if tail:
            # | 类别 | 重点任务 | 牵头部门 | / 配合部门（单位） |: the last cells wrapped onto a line
            return with_text_column(_meanings([*words, *tail])), form, index + 2
        if form == PIPES:
            # | 序号 | 重点任务 | 责任分工 | | 完成时限 | over | | | 牵头单位 | 配合单位 | |: the words
            # under a merged group cell name its columns (tables.header_below).
            top = read_header(split_cells(lines[index]))
            below = header_below(top, split_cells(lines[index + 1])) if top and index + 1 < len(lines) else None
            if below is not None:
                return below.columns, form, index + 2
        # A second header row (一季度 二季度 …) subdivides a notes column: no columns of its own,
        # its cells are written under that column as one.
        after = _second_header_row(lines, index + 1)
        return with_text_column(_meanings(words)), form, after
    # One header word per line (or two), maybe with pipes between.
    collected = list(words)
    milestones: dict[int, str] = {}     # position in collected -> milestone meaning
    milestone_lines: list[int] = []
    end = index + 1
    while end < len(lines) and end - index < _MAX_HEADER_LINES:
        line = lines[end].stripped
        if _LONE_PIPE.match(line) or collected and _HEADER_ASIDE.fullmatch(line.rstrip("|").strip()):
            end += 1                # (单位) under 责任股室: the cell's aside, wrapped onto a line of its own
            continue
        aside_end = _mark_rule_below(lines, end) if collected and meaning_of(collected[-1]) in ROLE_COLUMNS else None
        if aside_end is not None and len(marked := header_words(collected[-1] + _joined_cell(lines, end, aside_end))
                                             or []) == 1:
            # 责任单位 / （标*的为牵头单位， / 其余为配合单位）: the column's rule of marks, wrapped onto lines of its own
            collected[-1] = marked[0]
            end = aside_end
            continue
        milestone = milestone_meaning(line) if collected else None
        if milestone and (len(collected) - 1 in milestones or meaning_of(collected[-1]) == DEADLINE):
            # 时间节点 / 6月底前 / 12月底前: the dates name the columns under the time header
            milestones[len(collected)] = milestone
            milestone_lines.append(end)
            collected.append(line)
            end += 1
            continue
        if milestone and _a_time_column_after_the_periods(lines, end):
            # 责任科室 / 1月 / 2月 / 3月 / 完成时限: the periods' columns of a plan before its time column, notes
            collected.append(line)
            end += 1
            continue
        more = header_words(line)
        joined = _word_cut_by_a_break(line, lines[_next_content(lines, end + 1) or end].stripped) \
            if end + 1 < len(lines) and (more is None or len(more) == 1) else None
        if joined is not None:
            # 责任 / 领导: a header word a narrow cell broke over two lines (责任领导).
            collected.append(joined)
            end = (_next_content(lines, end + 1) or end) + 1
            continue
        if more is None and collected and (year := _YEAR_BEFORE_A_WORD.match(squeeze(line.rstrip("|")))):
            more = header_words(squeeze(line.rstrip("|"))[year.end():])   # 2024年预期目标, 2025年完成时限
        if more is None and end + 1 < len(lines) and (_header_word_ahead(lines, end + 1)
                                                      or _last_unlisted_columns(lines, end, collected)):
            cell = squeeze(line.rstrip("|"))
            if _UNKNOWN_LINE.fullmatch(cell) or _YEAR_CELL.fullmatch(cell):
                more = [cell]                       # a column nobody listed (单位, 2025年), between known ones
        if more is None or len(more) > 2 or _first_row_s_name(collected, more, lines, end):
            break
        collected.extend(more)
        end += 1
    if len(milestones) == 1:            # one date after the time header: the rows' first cell
        collected.pop(min(milestones))
        end, milestones = milestone_lines[0], {}
    meanings = _meanings(collected)
    if len(milestones) >= 2:
        first = min(milestones)
        meanings = [milestones.get(position, meaning) for position, meaning in enumerate(meanings)]
        del meanings[first - 1]         # the time header over them is no column of its own
    if (len(collected) >= 3 or len(collected) == 2 and _units_in_the_first_row(lines, end)) and is_task_header(meanings):
        return with_text_column(_roles_divided_below(meanings)), LINES, end
    return None


def _mark_rule_below(lines: list[Line], index: int) -> int | None:
    """Where a unit column's rule of marks that opens at lines[index] ends (（标*的为牵头单位， / 其余为配合单位）,
    a few lines at most), the index after it; None where no such rule opens there."""
    if not lines[index].stripped.startswith(("（", "(")):
        return None
    for end in range(index + 1, min(index + _MARK_RULE_LINES, len(lines)) + 1):
        if MARK_RULE_ASIDE.fullmatch(squeeze(_joined_cell(lines, index, end))):
            return end
    return None


def _joined_cell(lines: list[Line], start: int, end: int) -> str:
    return "".join(lines[number].stripped.rstrip("|｜").strip() for number in range(start, end))


_MARK_RULE_LINES = 4


def _a_time_column_after_the_periods(lines: list[Line], index: int) -> bool:
    """Do the period words from lines[index] on (1月 / 2月 / 3月) end in a time column's word (完成时限)?"""
    for following in range(index + 1, min(index + _MAX_HEADER_LINES, len(lines))):
        word = lines[following].stripped.rstrip("|").strip()
        if milestone_meaning(word):
            continue
        return meaning_of(word) == DEADLINE
    return False


def _roles_divided_below(meanings: list[str | None]) -> list[str | None]:
    """序号 / 实事项目 / 责任单位 / 完成时限 / 牵头单位 / 配合单位, a header of two rows one cell per line: the role
    cells after the others divide the one role column above them (牵头 and 配合 under 责任单位)."""
    if meanings[-2:] != [LEAD, COOPERATING] or meanings.count(RESPONSIBLE) != 1:
        return meanings
    divided = meanings.index(RESPONSIBLE)
    if any(meaning in ROLE_COLUMNS for meaning in meanings[:divided] + meanings[divided + 1:-2]) \
            or divided + 1 == len(meanings) - 2:
        return meanings                 # (责任单位 / 牵头单位 / 配合单位 side by side: three columns)
    return [*meanings[:divided], LEAD, COOPERATING, *meanings[divided + 1:-2]]


def _first_row_s_name(collected: list[str], more: list[str], lines: list[Line], index: int) -> bool:
    """… / 牵头单位 / 进展情况 / 养老服务项目 / 新增8家…。: a task's name that reads like a header word
    (…项目), after a header that has its task's and its units' columns, over a sentence: the first row."""
    meanings = _meanings(collected)
    following = _next_content(lines, index + 1)
    return [meaning_of(word) for word in more] == [TEXT] and TEXT in meanings \
        and any(meaning in ROLE_COLUMNS for meaning in meanings) and following is not None \
        and lines[following].stripped.endswith(("。", "；"))


def _units_in_the_first_row(lines: list[Line], index: int) -> bool:
    """工作任务 / 责任单位 / 1.新生儿疾病筛查率达到98%以上。 / 县卫健局: a header of two words only
    (the task's and its units') over a first row of the task, then a cell of units."""
    first = _next_content(lines, index)
    second = _next_content(lines, first + 1) if first is not None else None
    return second is not None and cell_kind(lines[first].stripped) != UNITS \
        and cell_kind(lines[second].stripped.strip("|｜ ")) == UNITS


_TITLE = regex(r"[^，。；：]{0,40}\d{4}\s*年[^，。；：]{2,60}")


def _header_word_ahead(lines: list[Line], index: int) -> bool:
    """A header word on one of the next few lines, with only columns nobody listed before it
    (指标 / 单位 / 2020年 / 2025年 / 属性 / 责任单位)."""
    for ahead in range(index, min(len(lines), index + _UNLISTED_RUN)):
        text = lines[ahead].stripped
        if header_words(text):
            return True
        cell = squeeze(text.rstrip("|"))
        if not (_LONE_PIPE.match(text) or _UNKNOWN_LINE.fullmatch(cell) or _YEAR_CELL.fullmatch(cell)):
            return False
    return False


def _last_unlisted_columns(lines: list[Line], index: int, collected: list[str]) -> bool:
    """序号 / 工作任务 / 责任单位 / 开展方式 / 对象范围 / 1 / …: columns nobody listed after the last known
    one, in a table numbered by its 序号 column: the header runs on to the first row's number."""
    if not collected or meaning_of(collected[0]) != SEQ:
        return False
    for ahead in range(index, min(len(lines), index + _UNLISTED_RUN)):
        cell = squeeze(lines[ahead].stripped.strip("|｜ "))
        if _FIRST_ROW_NUMBER.fullmatch(cell):
            return ahead > index
        if not _UNKNOWN_LINE.fullmatch(cell):
            return False
    return False


_FIRST_ROW_NUMBER = regex(r"0?1[.、．]?")
_UNLISTED_RUN = 5
# (…or the month a progress column reports on: 进展情况 / (6月), (1-6月), (截至9月底))
_HEADER_ASIDE = regex(r"[（(](?:[^（）()\d]{1,8}|[截至\s]*\d{1,2}(?:\s*[-—～~至]\s*\d{1,2})?\s*月(?:份|底|末)?)[）)]")


_WRAPPED_HEADER_LINES = 3
_A_HEADER_S_WRAP = regex(r"[\u4e00-\u9fff（）() ]{1,16}")


def _spaced_header_wrapped(lines: list[Line], index: int, alone: int) -> tuple[str, int] | None:
    """The header of spaced cells that starts at lines[index] and whose cells' words wrapped onto the next few
    short lines (序号 工作任务 责任 / 单位 完成 / 时限), joined as one line, and the index of its last line; where
    it names more columns than its first line `alone` does."""
    joined = lines[index].stripped
    if any(len(piece) < 2 for piece in joined.split()):
        return None                     # (主 / 要 内 容: a word spaced out, no cells)
    for last in range(index + 1, min(index + 1 + _WRAPPED_HEADER_LINES, len(lines))):
        piece = lines[last].stripped
        if not _A_HEADER_S_WRAP.fullmatch(piece):
            return None
        joined += piece                 # (the wrap joins a word: 责任 / 单位)
        words = header_words(joined)
        if words is not None and len(words) >= 3 and len(words) > alone and len(joined.split()) >= 3 \
                and (last + 1 == len(lines) or header_words(joined + lines[last + 1].stripped) is None):
            return joined, last
    return None


# A table's title and its header on one line (a page's copy lost the break between them), the attachment's
# mark before it too (附件 督查情况汇总表 序号 具体点位 存在问题 整改责任单位), and the covering notice before
# them where the copy ran it all onto one line (…平安县人民政府办公室 2021年2月20日 附件:…分解表 序号 …).
_TITLE_THEN_HEADER = regex(r"(?:(?<=\s)|^)(?:附件\s*[\d一二三四五六七八九十]*\s*[：:]?\s*)?"
                           r"(?P<title>[^\s|\t]{6,60}?(?:表|清单|台账|方案|任务))\s+(?=序号)")


def _title_in(text: str) -> str | None:
    match = _TITLE.search(text)
    return match.group(0) if match else None


_NOTE_OVER_A_HEADER = regex(r"^[（(]?\s*(?:注|备注|说明)\s*[：:]")


def _title_before(lines: list[Line], index: int, after) -> str | None:
    """The table's title: on the line before its header, or before the header on its line."""
    if isinstance(after, tuple):
        prefix = " ".join(lines[index].stripped.split(" ")[:after[1]])
        candidates = [prefix]
    else:
        candidates = [lines[index - 1].stripped] if index else []
        if index >= 2 and _NOTE_OVER_A_HEADER.match(lines[index - 1].stripped):
            candidates.append(lines[index - 2].stripped)    # title / （注：A类指…） / header
    for text in candidates:
        match = _TITLE.search(text.replace("|", ""))
        if match and len(text) <= 120:
            return match.group(0).strip()
    return None


def _run_on_header(lines: list[Line], index: int):
    """A header in the middle of a line, its words separated by single spaces,
    with the table's cells running on after it (no row breaks at all)."""
    if lines[index].text.count(" ") < 3:
        return None
    tokens = lines[index].stripped.split(" ")
    for start in range(len(tokens)):
        words: list[str] = []
        end = start
        while end < len(tokens) and (run := _token_words(tokens[end])):
            words.extend(run)
            end += 1
        if len(words) >= 3 and is_task_header(_meanings(words)) and end < len(tokens):
            return _meanings(words), RUN_ON, (index, end)
    return None


def _token_words(token: str) -> tuple[str, ...] | None:
    return split_run(token) if token and not re.search(r"[，。；：、,.;]", token) else None


def _second_header_row(lines: list[Line], index: int) -> int:
    """Past a second header row that only subdivides notes (一季度 二季度 …), or figures and
    progress (2025年计划 | 1-6月完成情况 over 投资 | 形象进度 | 完成投资 | 占比% | 形象进度)."""
    while index < len(lines):
        words = header_words(lines[index].stripped)
        if words and all(meaning_of(word) == NOTE for word in words) or _figures_subdivided(lines[index].stripped):
            index += 1
            continue
        break
    return index


def _figures_subdivided(text: str) -> bool:
    """投资 | 形象进度 | 完成投资 | 占比% |: short words naming figures and progress, none a role, a
    time or the task's words, and no row's number or unit among them."""
    if "|" not in text and "｜" not in text:
        return False
    cells = [squeeze(cell) for cell in re.split(r"[|｜]", text.strip("|｜ "))]
    meanings = [meaning_of(cell) for cell in cells]
    return len(cells) >= 2 and all(0 < len(cell) <= _SUBDIVISION_LONGEST and _FIGURE_WORD.search(cell) for cell in cells) \
        and NOTE in meanings and all(meaning in (NOTE, None) for meaning in meanings)


_SUBDIVISION_LONGEST = 6
_FIGURE_WORD = regex(r"投资|进度|占比|比例|%|％|金额|资金|数量|完成|计划|实际|规模")


def _with_subdivided_columns(meanings: list[str | None], cells: list[Cell],
                             breaks: list[bool | None]) -> list[str | None]:
    """The header's meanings with a column more for each cell its second row added under a merged
    one (2025年工作计划 over 投资 | 主要形象进度): so many figures' columns before the first unit
    column as the rows' unit cells stand to the right of it (most rows agreeing)."""
    first_role = next((column for column, meaning in enumerate(meanings) if meaning in ROLE_COLUMNS), None)
    if first_role is None:
        return meanings
    starts = [position for position, starts_row in enumerate(breaks) if starts_row] + [len(cells)]
    shifts = Counter()
    for start, stop in zip(starts, starts[1:]):
        units = [position - start for position in range(start, stop) if cell_kind(cells[position].text) == UNITS]
        if units:
            shifts[units[0] - first_role] += 1
    if not shifts:
        return meanings
    shift, rows = shifts.most_common(1)[0]
    if shift <= 0 or rows * 3 < sum(shifts.values()) * 2:
        return meanings
    return [*meanings[:first_role], *[NOTE] * shift, *meanings[first_role:]]


_PERIOD = regex(r"季度$|月份?$|半年$")


_ROLE_WORDS_ALONE = frozenset(("责任", "牵头", "主办", "主责", "配合", "协办", "参与", "协助", "协同", "承办"))


def _word_cut_by_a_break(line: str, following: str) -> str | None:
    """The header word that `line` and the line after it make together (责任 + 领导, 攻坚目标 +
    任务), when the first names no column alone; None otherwise."""
    first, second = squeeze(line.strip("|")), squeeze(following.strip("|"))
    if not first or not second or len(first) > 6 or len(second) > 6:
        return None
    if meaning_of(first) is not None:
        # 第二季度 / 完成情况 is one column, the quarter's progress; 进展情况 / 备注 are two, and
        # 完成时限 / 1 is the header's end and a row's start. A role's word alone (责任, 牵头) names a column
        # only where the word after it does not make one with it (责任 / 领导, 责任 / 科室 are one each).
        if _PERIOD.search(first) and meaning_of(second) == NOTE \
                or first in _ROLE_WORDS_ALONE and meaning_of(first + second) is not None \
                and meaning_of(second) != meaning_of(first):
            return first + second
        return None
    if len(second) > 2 and meaning_of(second) is not None:
        return None                  # 民生实事 / 责任单位: a column nobody listed, then a word whole
    words = header_words(first + second)
    return words[0] if words and len(words) == 1 and meaning_of(words[0]) is not None else None


def _cells_one_per_line(lines: list[Line], index: int) -> bool:
    """Do the lines from `index` hold cells one per line (not rows: no tabs, no pipes)? The
    next three lines say so; one alone may be the rest of a header cell a break cut."""
    following = [line for line in lines[index:index + 3] if not _LONE_PIPE.match(line.stripped)]
    return len(following) == 3 and not any(line.is_row for line in following)


def _next_content(lines: list[Line], index: int) -> int | None:
    while index < len(lines):
        if not _LONE_PIPE.match(lines[index].stripped):
            return index
        index += 1
    return None


def _is_header(text: str) -> bool:
    words = header_words(text)
    return bool(words) and len(words) >= 3 and is_task_header(_meanings(words))


# -- cells --------------------------------------------------------------------

def _pipe_cells(lines: list[Line], index: int) -> tuple[list[Cell], list[bool | None], int]:
    cells: list[Cell] = []
    breaks: list[bool | None] = []
    open_cell = False                   # the last line ended inside a cell (no closing pipe)
    widest = last_width = 0             # cells on the widest line so far, and on the last
    opening: list[Line] = []            # a row's first words, cut off its line before the first pipe
    while index < len(lines):
        line = lines[index]
        text = line.stripped
        if _LONE_PIPE.match(text):
            open_cell = False
            index += 1
            continue
        if "|" not in text:
            if not open_cell or _SECTION.match(text) or _is_header(text) or _the_page_s_signature(lines, index):
                break                   # (平安县人民政府办公室 / 2026年1月23日 after the last row: the page's signature)
            if opening and index + 1 < len(lines):
                opening.append(line)    # (its words on two lines or more)
                index += 1
                continue
            piped = next((after for after in lines[index + 1:index + 4] if "|" in after.stripped), None)
            if widest >= 2 and last_width == widest and piped is not None and not piped.stripped.startswith("|") \
                    and not ROW_NUMBER_CELL.fullmatch(piped.stripped.split("|", 1)[0].strip()) \
                    and cell_kind(text) in (WORDS, PHRASE) and cell_kind(cells[-1].text) not in (WORDS, PHRASE):
                # 开展…整治 | 县住建局 | 第一季度 / 开展农村人居环境整治，完成户厕改造1 / 500户。 | 县财政局 | …: after a
                # whole row (no outer pipes), a line with none is the next row's first cell, cut by a break, where
                # its words are not of the kind the row's last cell holds (县住建局 / 县交通运输局等部门, a unit cell's
                # wrap; …开工，全 / 年完成…。, a last text cell's) and the next line opens with no row number
                opening = [line]
                index += 1
                continue
            cells[-1] = Cell(cells[-1].text + "\n" + text, cells[-1].line)
            index += 1
            continue
        if _is_header(text):
            index += 1                  # the header repeated after a page break
            continue
        body = text[1:] if text.startswith("|") else text
        open_cell = not body.rstrip().endswith("|")
        if not open_cell:
            body = body.rstrip()[:-1]
        parts = [part.strip() for part in body.split("|")]
        while len(parts) > 1 and not parts[-1]:
            parts.pop()
        parts = _without_group_cells(parts)
        widest, last_width = max(widest, len(parts)), len(parts)
        for number, part in enumerate(parts):
            if number == 0 and opening:
                cells.append(Cell("\n".join([*(cut.stripped for cut in opening), part]), opening[0].number))
            else:
                cells.append(Cell(part, line.number))
            breaks.append(number == 0)
        opening = []
        index += 1
    return cells, breaks, index


def _without_group_cells(parts: list[str]) -> list[str]:
    """一、助力经济发展。 | （一）加强信息公开。 | 1 | …: the merged group cells a row carries before its
    number name the groups it opens, not its task; the row starts at its number."""
    for index, part in enumerate(parts[1:4], 1):
        if ROW_NUMBER_CELL.fullmatch(part):
            return parts[index:] if all(_SECTION.match(group) for group in parts[:index]) else parts
        if not _SECTION.match(part):
            break
    return parts




def _without_unnamed_group_cells(cells: list[Cell], breaks: list[bool | None]) -> tuple[list[Cell], list[bool | None]]:
    """| 重点任务 | 完成时限 | … | over | 一、优化政务服务 | 1.推行… | 6月底前 | …: under a header whose first
    column is the task's words, a group's cell merged down before a task's numbered cell names no
    column: the row starts at the task."""
    dropped = {position for position, starts_row in enumerate(breaks[:-1])
               if starts_row and _SECTION.match(cells[position].text) and breaks[position + 1] is False
               and _NUMBERED_TASK_CELL.match(cells[position + 1].text)}
    if not dropped:
        return cells, breaks
    kept = [position for position in range(len(cells)) if position not in dropped]
    return [cells[position] for position in kept], \
        [True if position - 1 in dropped else breaks[position] for position in kept]


_NUMBERED_TASK_CELL = regex(r"\d{1,3}[.．、](?=[\u4e00-\u9fff“])")


def _rows_put_back(cells: list[Cell], breaks: list[bool | None], width: int,
                   open_lines: set[int], pipe_first: frozenset[int] | set[int] = frozenset()) -> tuple[list[Cell], list[bool | None]]:
    """Pipe rows a line break cut inside a cell (1|…|县财政局、县自然 / 资源局|11月底前): the second
    line's first cell ends the first line's last, as in a tab table (tables.cut_inside_a_cell),
    where the first line ends inside a cell (no closing pipe); or between two cells (1 | 城关镇 |
    北山水库 | / 生活污染 | … |, tables.cut_at_a_cell_edge): the second line's cells go on the row."""
    starts = [index for index, starts_row in enumerate(breaks) if starts_row] + [len(cells)]
    rows = [list(range(start, end)) for start, end in zip(starts, starts[1:])]
    if starts[0]:
        rows.insert(0, list(range(starts[0])))
    kept_cells: list[Cell] = []
    kept_breaks: list[bool | None] = []
    previous: list[Cell] = []
    # (a header may name more columns than it has cells, 重点工作目标任务 two of them: a row may be
    # whole as wide as the widest a number opens)
    numbered = [len(row) for row in rows if ROW_NUMBER_CELL.fullmatch(cells[row[0]].text.strip())]
    whole = min(width, max(numbered)) if numbered else width
    for row in rows:
        texts = [cells[index].text for index in row]
        if previous and texts[0].strip() and not any(text.strip() for text in texts[1:]) \
                and (filled := next((back for back in range(1, len(previous) + 1) if kept_cells[-back].text.strip()), None)) \
                and office_of_its_place(kept_cells[-filled].text.strip(), texts[0].strip()):
            # 1 | …品质河道建设工程 | … | 完成 | 六横镇 | / 人民政府 | |||||: the unit cell's second line printed as a row of
            # its own, the place's office, its other cells empty
            last = kept_cells[-filled]
            kept_cells[-filled] = Cell(last.text.strip() + texts[0].strip(), last.line)
            continue
        if previous and previous[-1].line in open_lines and cells[row[0]].line in pipe_first \
                and len(previous) + len(row) <= width:
            # 1 | 东风社区邻里食堂建设 / | 在东风社区…。 / | 社会事务办 / | 已建成… |: a row broken before each cell's
            # pipe, not inside a cell: its cells go on the row as they are
            kept_cells.extend(cells[index] for index in row)
            kept_breaks.extend(False for _ in row)
            previous = [*previous, *(cells[index] for index in row)] if cells[row[-1]].line in open_lines else []
            continue
        if previous and previous[-1].line in open_lines \
                and (any(cut_inside_a_cell([cell.text for cell in previous], texts, cells_in_a_row,
                                           more=cells[row[-1]].line in open_lines) for cells_in_a_row in {width, whole})
                     # (| 完成城区老旧小区 / 改造12个，… | 县财政局 | 各乡镇 | 8月底前 |: in a table whose rows open with a
                     # pipe, a line opening without one goes on the cell the line above left open)
                     or previous[0].line in pipe_first and cells[row[0]].line not in pipe_first
                     and not ROW_NUMBER_CELL.fullmatch(texts[0].strip()) and len(previous) + len(row) - 1 == width):
            last = kept_cells[-1]
            kept_cells[-1] = Cell(join_cell_lines([last.text, texts[0]]), last.line)
            row = row[1:]
            kept_cells.extend(cells[index] for index in row)
            kept_breaks.extend(False for _ in row)
            # (put back again where the row is still short and its last line open too: | 1 | 开展…， /
            # 完成…。 | 县住建局、 / 县应急局 | 10月底前 |, a row broken inside two cells)
            joined = [*previous[:-1], kept_cells[-len(row) - 1], *(cells[index] for index in row)]
            previous = joined if len(joined) < width and row and cells[row[-1]].line in open_lines else []
            continue
        if previous and previous[-1].line not in open_lines \
                and any(cut_at_a_cell_edge([cell.text for cell in previous], texts, cells_in_a_row)
                        for cells_in_a_row in {width, whole}):
            kept_cells.extend(cells[index] for index in row)
            kept_breaks.extend(False for _ in row)
            previous = []
            continue
        kept_cells.extend(cells[index] for index in row)
        kept_breaks.extend(breaks[index] for index in row)
        previous = [cells[index] for index in row]
    return kept_cells, kept_breaks


# A unit's name a line cut before its ending: its place, then a few characters (县市场监督管理, 县发展和改).
_NAME_CUT_BY_A_LINE = regex(r"[县縣区區市镇鎮乡鄉省州][\u4e00-\u9fff]{2,10}")     # (in either script)
_PLACE_ALONE = tuple("县縣区區市镇鎮乡鄉省州")


def _name_cut_by_the_line(cell: str, text: str) -> bool:
    """Does the line finish the name the cell's last line ends with: the whole line (县市场监督管理 / 局), or the
    first of a list's names, a character or two before its mark (省商务厅、省文化 / 厅、省旅游局)?"""
    last_line = cell.rsplit("\n", 1)[-1]
    if len(text) <= 4 and _NAME_CUT_BY_A_LINE.fullmatch(last_line):
        return joined_name(last_line, text)
    # (…or the last of a list: 县城管局、县交通运输 / 局)
    if len(text) <= 4 and not LIST_MARKS.search(text) and LIST_MARKS.search(last_line):
        last = LIST_MARKS.split(last_line)[-1]
        return bool(_NAME_CUT_BY_A_LINE.fullmatch(last)) and not looks_like_unit(last) and joined_name(last, text)
    last, first = LIST_MARKS.split(last_line)[-1], LIST_MARKS.split(text, maxsplit=1)[0]
    if last in _PLACE_ALONE and LIST_MARKS.search(last_line):
        return looks_like_unit(last + first)        # (…、县自然资源局、县 / 行政审批局: the place alone before the line's end)
    if not LIST_MARKS.search(last_line) or not LIST_MARKS.search(text[1:3]):
        return False
    return len(first) <= 2 and bool(_NAME_CUT_BY_A_LINE.fullmatch(last)) and not looks_like_unit(last) \
        and looks_like_unit(last + first)


_SHORT_PIECE = regex(r"[\u4e00-\u9fff]{1,3}")


def _name_in_short_lines(lines: list[Line], index: int) -> int | None:
    """Where a unit's name broken into lines of a few characters each (市政 / 府办 / 公厅) ends, starting at `index`;
    None where the line opens none: two such lines or more, the first no unit (市政), that read as a unit together."""
    end = index
    while end < len(lines) and end - index < _SHORT_PIECES_MOST and _SHORT_PIECE.fullmatch(lines[end].stripped):
        end += 1
    pieces = [lines[number].stripped for number in range(index, end)]
    # (broken at one width: every piece but the last as long, the last going on the name the others began, not a
    # name of its own after a person's or an office's: not 李某某 / 新华镇, 办公室 / 人事股)
    if len(pieces) < 2 or len({len(piece) for piece in pieces[:-1]}) > 1 or len(pieces[-1]) > len(pieces[0]) \
            or looks_like_unit(pieces[0]) or not wrapped_inside_name("".join(pieces[:-1]), pieces[-1]):
        return None
    return end if looks_like_unit("".join(pieces)) else None


_SHORT_PIECES_MOST = 8


def _other_names_below(cell: str, line: str) -> bool:
    """Is `line` a bracket of other names (（县安委办）) for the unit that ends the cell above it?"""
    aside = _ASIDE_LINE.fullmatch(line.strip("|｜ "))
    return aside is not None and looks_like_unit(cell.rsplit("\n", 1)[-1].strip("|｜ ")) \
        and is_unit_list(aside.group(1))


_ASIDE_LINE = regex(r"[（(]([^（）()]{2,30})[）)]")
_BRACKETED_FIGURE = regex(r"[（(]\s*\d+(?:\.\d+)?\s*[%％]?\s*[）)]")


def _line_cells(lines: list[Line], index: int) -> tuple[list[Cell], list[bool | None], int]:
    cells: list[Cell] = []
    # Where every cell is followed by a `|` line of its own, the lines between two
    # of them are one cell, however many lines a converter broke it into.
    # (a window of two dozen lines: a group cell over the first rows may be broken into many, one per line)
    window = [line.stripped for line in lines[index:index + 24]]
    piped = sum(1 for text in window if _LONE_PIPE.match(text)) >= len(window) // 4 > 0
    if piped:
        # …unless the cells carry their own pipe (` X | ` or `| X`): then a lone `|` ends a row.
        contents = [text for text in window if not _LONE_PIPE.match(text)]
        piped = sum(1 for text in contents if text[:1] in "|｜" or text[-1:] in "|｜") * 2 < len(contents)
    # Where a blank line comes before most cells (two in three or more; rows set apart by one put it
    # before one cell in three or fewer), a line with none before it is the cell above's own next
    # line (a task cell holding a line break): no cell of its own.
    # (a line a page's width broke off the cell above says nothing of how cells are set apart)
    full = None if piped else _the_page_s_width(lines[index:index + _WIDTH_WINDOW])
    after_blanks = [line.after_blank for number, line in enumerate(lines[index + 1:index + 24], index + 1)
                    if not _LONE_PIPE.match(line.stripped) and not (full and _may_go_on_below(lines[number - 1], full))]
    gapped = len(after_blanks) >= 8 and sum(after_blanks) * 3 >= len(after_blanks) * 2
    # (there a line with no blank before it is the cell's already; but where a blank line comes between every two
    # lines, a line the page's width broke off has one too)
    full, across_blanks = (None, full) if gapped else (full, None)
    joining = False
    breaks: list[bool | None] = []
    while index < len(lines):
        line = lines[index]
        text = line.stripped
        breaks += [None] * (len(cells) - len(breaks))
        if text in ("||", "| |"):
            cells.append(Cell("", line.number))
            joining = False
        elif _LONE_PIPE.match(text):
            joining = False
        elif UPPER_LEVEL_NOTE.match(text):
            joining = False                 # 市牵头单位：市住建局 under the county's units: the level above's
        elif _SECTION.match(text) and _heads_a_group_of_rows(lines, index):
            # 一、经济发展（3项） between rows, or a merged group cell said once (一、… over
            # （一）… over the first measure): the group of the rows below, no task. A row starts
            # with the next cell. (Its number alone on a line, （一） / 落实…责任: its title too.)
            if len(breaks) == len(cells):
                breaks.append(True)
            joining = False
            index = _group_title_end(lines, index)
        elif _SECTION.match(text) and not _numbers_its_row(lines, index) and not _after_a_row_number(cells) \
                or _is_header(text) or _the_page_s_signature(lines, index) \
                or _NOTE_UNDER_A_TABLE.match(text):
            break                   # (注：… under the table: the plan's note on it, no row)
        elif cells and CELL_LABEL.match(text) and not (piped and joining):
            # 牵头：县发改局 / 配合：县工信局、县财政局: a unit cell's roles, a label line each (the first opens the cell,
            # though the task's cell above fills the page's width)
            if CELL_LABEL.match(cells[-1].text.rsplit("\n", 1)[-1]):
                cells[-1] = Cell(cells[-1].text + "\n" + text, cells[-1].line)
            else:
                cells.append(Cell(text.strip("|｜ "), line.number))
                joining = piped or gapped
        elif full and cells and _wrapped_at_the_page_s_width(lines[index - 1], line, full) \
                or across_blanks and cells and _wrapped_at_the_page_s_width(lines[index - 1], line, across_blanks, True):
            # 围绕我市…全市相关 / 经济政策…: a long cell's line the page's width broke, no line of the cell's own
            cells[-1] = Cell(cells[-1].text + text, cells[-1].line)
        elif cells and _name_cut_by_the_line(cells[-1].text, text):
            # 县住建局 / 县市场监督管理 / 局: the last name of a unit cell a narrow column wrapped (or the last of a
            # list: …省商务厅、省文化 / 厅、省旅游局)
            cells[-1] = Cell(cells[-1].text + text, cells[-1].line)
        elif piped and joining or gapped and joining and not line.after_blank \
                or cells and (cells[-1].text.endswith(_UNFINISHED) or text.startswith(_NO_CELL_OPENS)):
            # (a cell broken after a comma, or before one: a cell of a table neither ends nor opens with one)
            cells[-1] = Cell(cells[-1].text + "\n" + text.strip("|｜ "), cells[-1].line)
        elif cells and _next_item_of_the_cell(cells, text):
            # 8,9 / 1、做好… / 2、开设…: a row that merged several of the plan's items lists them one per line
            cells[-1] = Cell(cells[-1].text + "\n" + text, cells[-1].line)
        elif (end := _name_in_short_lines(lines, index)) is not None:
            # 市政 / 府办 / 公厅: a narrow column's unit name a converter broke every two or three characters
            cells.append(Cell("".join(lines[number].stripped for number in range(index, end)), line.number))
            joining = piped or gapped
            index = end
            continue
        elif cells and _BRACKETED_FIGURE.fullmatch(text):
            # 完成率 / （ 60 %）: a figure in brackets is the rest of the cell above, never a cell
            cells[-1] = Cell(cells[-1].text + squeeze(text), cells[-1].line)
        elif cells and _other_names_below(cells[-1].text, text):
            # 县应急管理局 / （县安委办）: the unit's other name, wrapped onto a line of its own
            cells[-1] = Cell(cells[-1].text + squeeze(text.strip("|｜ ")), cells[-1].line)
        else:
            # (/ or — in a cell: the table marks it as having nothing, an empty cell)
            cells.append(Cell("" if squeeze(text.strip("|｜ ")) in PLACEHOLDERS else text.strip("|｜ "), line.number))
            joining = piped or gapped
        index += 1
    breaks += [None] * (len(cells) - len(breaks))
    return cells, breaks, index


_ITEM_IN_A_CELL = regex(r"(\d{1,2})[、.．]")
_ROW_NUMBERS = regex(r"\d{1,4}(?:\s*[,，、]\s*\d{1,3})*")      # 5, 8,9, 1213 (a converter's 12,13)


def _next_item_of_the_cell(cells: list[Cell], text: str) -> bool:
    """Is the line the next item of a task cell that lists several, each on a line of its own, the
    first numbered 1 right after the row's number (8,9 / 1、… / 2、…)? Items numbered on from the
    rows' own numbers (1. / 县教育局 / 2. / 3.) are rows of their own."""
    following = _ITEM_IN_A_CELL.match(text)
    if following is None or following.group(1) == "1" or len(cells) < 2:
        return False
    # (the last of the cell's lines an item opens: an item's own line a page's width broke goes on under it)
    last = next((found for line in reversed(cells[-1].text.split("\n")) if (found := _ITEM_IN_A_CELL.match(line))), None)
    first = _ITEM_IN_A_CELL.match(cells[-1].text)
    # (…or a notes cell's list whose items end with a semicolon: 1、已对接…；/ 2、…；/ 3、…; or any cell's list
    # a few cells after the row's own bare number: 1 / 完善…体系。 / 1.出台…。 / 2.完成…。, a progress cell's)
    return last is not None and first is not None and first.group(1) == "1" \
        and int(following.group(1)) == int(last.group(1)) + 1 \
        and (_ROW_NUMBERS.fullmatch(cells[-2].text.strip()) is not None or cells[-1].text.endswith(("；", ";"))
             or any(_ROW_NUMBERS.fullmatch(cell.text.strip()) for cell in cells[-4:-2]))


_TASK_NUMBER = regex(r"(\d{1,3})[.．、](?=[\u4e00-\u9fff])")


def _rows_numbered_by_their_tasks(cells: list[Cell], breaks: list[bool | None], width: int) -> list[bool | None]:
    """3 / 县水利局 / 21.完成… / 已完成… / 80% / 22.新建… / 已开工… / 40%: a task cell numbered on from the
    last task cell (its plan's item numbers), with no row number before it, opens a row of its own,
    whose number and unit cells were merged down from the row above; left free, its words had gone on
    in the notes column before it."""
    numbers = row_numbers(cells, width)
    last: int | None = None
    marked = list(breaks)
    for index, cell in enumerate(cells):
        if index in numbers:
            continue
        number = _TASK_NUMBER.match(cell.text)
        if number is None or cell_kind(cell.text) != WORDS:
            continue
        value = int(number.group(1))
        if last is not None and value == last + 1 and index - 1 not in numbers and marked[index] is None \
                and not _a_group_s_name(cells[index - 1].text):
            marked[index] = True
        last = value
    return marked


def _a_group_s_name(text: str) -> bool:
    """做好财政信息公开 before 6.积极推进…: a category's cell, merged over its numbered tasks, that the row
    opens with (no sentence: no stop)."""
    return cell_kind(text) == WORDS and not text.rstrip().endswith(("。", "；", ";", "）", ")")) \
        and _TASK_NUMBER.match(text) is None


def _after_a_row_number(cells: list[Cell]) -> bool:
    """1 / 一、就业促进（2项） / …: a group's name right after a row's number is the row's category
    cell (a 类别 column, said once for the rows of its group), not a heading after the table."""
    return bool(cells) and re.fullmatch(r"\d{1,3}", squeeze(cells[-1].text)) is not None


def _numbers_its_row(lines: list[Line], index: int) -> bool:
    """（一）加强企业财税支持 / 县财政局、各乡镇人民政府: a task cell carrying its own number (a table
    with no 序号 column), its units in one of the next two cells (a target's cell may come first),
    or its time in the next (1 / 县委组织部 / （一）完成…述职评议 / 3月底前: the units came first);
    a heading after the table is followed by words."""
    if len(lines[index].stripped) > 90:
        return False
    following = index
    # (each cell closed by its own pipe, | after its words: the units a few cells on, the row's measure, its
    # requirement and its time between)
    piped = lines[index].stripped.endswith(("|", "｜"))
    for step in range(_PIPED_CELLS_BEFORE_THE_UNITS if piped else 2):
        following = _next_content(lines, following + 1)
        if following is None or _SECTION.match(lines[following].stripped) \
                or step >= 2 and not lines[following].stripped.endswith(("|", "｜")):
            return False
        cell = lines[following].stripped.strip("|｜ ")
        kind = cell_kind(cell)
        if kind == UNITS or step == 0 and kind == DATE and len(cell) <= 12 and not lines[index].stripped.startswith("附"):
            return True                 # (…or its time right after it: （二）改造运动场3处 / 10月底前)
        if step == 0 and lines[following].width >= _WIDE_ENOUGH:
            # (a long cell the page's width broke over lines: the next cell after its last)
            full = _the_page_s_width(lines[max(0, index - _WIDTH_WINDOW):index + _WIDTH_WINDOW])
            while full and following + 1 < len(lines) and _wrapped_at_the_page_s_width(lines[following], lines[following + 1], full):
                following += 1
    return False


def _without_the_header_again(cells: list[Cell], breaks: list[bool | None], lines: list[Line], index: int,
                              after: int | tuple) -> tuple[list[Cell], list[bool | None]]:
    """The cells without the header's words where a page's break printed them again among the rows (项目 / 编号 / 主要任务
    / … after — 5 —), one cell per line as at the table's top: no row, though its words would otherwise be placed as
    one (主要任务：责任领导)."""
    first = after[0] if isinstance(after, tuple) else after
    words = [line.stripped.strip("|｜ ") for line in lines[index:first] if not _LONE_PIPE.match(line.stripped)]
    if len(words) < 3:
        return cells, breaks
    texts = [cell.text.strip() for cell in cells]
    dropped: set[int] = set()
    position = 0
    while position < len(texts):
        if texts[position] == words[0] and texts[position:position + len(words)] == words:
            dropped.update(range(position, position + len(words)))
            position += len(words)
        else:
            position += 1
    if not dropped:
        return cells, breaks
    return ([cell for position, cell in enumerate(cells) if position not in dropped],
            [flag for position, flag in enumerate(breaks) if position not in dropped])


def _task_cells_put_back(cells: list[Cell], breaks: list[bool | None], width: int) -> tuple[list[Cell], list[bool | None]]:
    """1 / 加强河湖长制落实，完成河道清淤整治40 / 公里。 / 县文旅局 / …: a numbered row one cell wider than its
    header, whose task cell stops mid-sentence and whose next cell ends the sentence, is a task cell a line
    broke: put back together (beside a progress or notes column, words alone cannot say whose they are)."""
    numbers = sorted(row_numbers(cells, width))
    if len(numbers) < 2:
        return cells, breaks
    joined: set[int] = set()
    for start, following in zip(numbers, [*numbers[1:], len(cells)]):
        task, rest = start + 1, start + 2
        if following - start == width + 1 and rest < following \
                and cell_kind(cells[task].text) in (WORDS, PHRASE) and not cells[task].text.rstrip().endswith(_SENTENCE_ENDS) \
                and cells[rest].text.rstrip().endswith(_SENTENCE_ENDS) and cell_kind(cells[rest].text) in (WORDS, PIECE) \
                and breaks[rest] is not True:
            joined.add(rest)
    if not joined:
        return cells, breaks
    kept_cells: list[Cell] = []
    kept_breaks: list[bool | None] = []
    for position, cell in enumerate(cells):
        if position in joined:
            kept_cells[-1] = Cell(kept_cells[-1].text + "\n" + cell.text, kept_cells[-1].line)
        else:
            kept_cells.append(cell)
            kept_breaks.append(breaks[position])
    return kept_cells, kept_breaks


_SENTENCE_ENDS = ("。", "；", ";", "！", "？")      # (a cell's sentence: no colon ends one, as outline's may)


def _the_page_s_signature(lines: list[Line], index: int) -> bool:
    """平安县人民政府办公室 / 2026年1月23日 under a table, after a blank line: the page's signature, no row's rest (a last
    unit cell, a blank line, then a date alone is the row's)."""
    return lines[index].after_blank and signs_the_document(lines, index)


def _the_page_s_width(lines: list[Line]) -> int | None:
    """The width a page broke a table's long cells at, where it did: the widest lines, three or more of about one
    width stopping mid-sentence (a copy of a PDF's text, one cell per line and each long cell over several lines);
    else None."""
    widths = [line.width for line in lines if line.stripped]
    if not widths:
        return None
    widest = max(widths)
    broken = sum(1 for line in lines if line.width >= widest - 2 and not line.stripped.endswith(_SENTENCE_ENDS))
    return widest if widest >= _WIDE_ENOUGH and broken >= 3 else None


_WIDTH_WINDOW = 60
_AN_INDENT = 7                  # (a paragraph's first line, two characters in, and a line a character or so short)
_WIDE_ENOUGH = 36               # (eighteen characters: narrower, the lines are a narrow column's, whose cells are short)


def _may_go_on_below(above: Line, full: int) -> bool:
    """Might the line above go on on the next, a long line that stops mid-sentence (however far its first line is
    indented)?"""
    return above.width >= full * 0.75 and not above.stripped.endswith(_SENTENCE_ENDS)


def _wrapped_at_the_page_s_width(above: Line, line: Line, full: int, across_a_blank: bool = False) -> bool:
    """Is the line the rest of the cell above, whose line the page's width broke (围绕我市…全市相关 / 经济政策…)? The
    line above fills the width (but for a first line's indent) and stops mid-sentence; the line opens no row and is
    no time or number of its own. Where a blank line comes between every two lines (``across_a_blank``), the line
    has one before it too, and is no cell of units of its own either (…确保 / ␤ / 地区生产总值增长7%左右。)."""
    return above.width >= full - _AN_INDENT and not above.stripped.endswith(_SENTENCE_ENDS) \
        and line.after_blank == across_a_blank and not _SECTION.match(line.stripped) \
        and not _BARE_ROW_NUMBER.fullmatch(line.stripped) \
        and cell_kind(line.stripped) not in ((DATE, UNITS) if across_a_blank else (DATE,))


def _cut_at_the_blank_after_the_rows(lines: list[Line], index: int, end: int, cells: list[Cell],
                                     breaks: list[bool | None], width: int) -> tuple[list[Cell], list[bool | None], int]:
    """序号 / … / 3 / … / 12月底前 / ␤ / 请各责任单位认真抓好落实。 / 平安县人民政府办公室: a table of numbered rows one cell
    per line, no blank line inside a row, ends at a blank line after a whole row where no number follows: the page's
    closing words and its signature are no row; the header again after a page's break opens the table's next part."""
    if not cells or not cells[0].text.strip().isdigit():
        return cells, breaks, end
    blank = {line.number for line in lines[index:end] if line.after_blank}
    for position in range(1, len(cells)):
        if cells[position].line not in blank:
            continue
        if position % width:
            break                       # (a blank line as an empty cell: blank lines say nothing of the table's end)
        if cells[position].text.strip().isdigit():
            continue                    # (the next row: the table goes on)
        stop = next(number for number in range(index, end) if lines[number].number == cells[position].line)
        return cells[:position], breaks[:position], stop
    return cells, breaks, end


def _heads_a_group_of_rows(lines: list[Line], index: int) -> bool:
    """Is the section line at `index` a group row inside the table? A row number follows it,
    or (merged group cells over numbered measures) further group lines, a numbered measure
    and a cell of units: prose after a table has no bare line of units."""
    if len(lines[index].stripped) > 90:
        return False
    following = _next_content(lines, _group_title_end(lines, index) + 1)
    # (groups of one kind in a run are groups with none of the rows kept, as a bureau's copy of a
    # county's table leaves them: 二、… / 三、… / 四、… / 五、… / 六、… / 68 / …)
    kinds = {_section_kind(lines[index].stripped)}
    for _ in range(_EMPTY_GROUPS_LONGEST):
        if following is None or not _SECTION.match(lines[following].stripped) \
                or len(lines[following].stripped) > 90:
            break
        kinds.add(_section_kind(lines[following].stripped))
        if len(kinds) > _GROUP_DEPTH:
            break
        if _numbers_its_row(lines, following):
            return True                 # 一、… / （一）对重点企业给予… / 县税务局: a task cell of its own below
        following = _next_content(lines, _group_title_end(lines, following) + 1)
    if following is None:
        return False
    text = lines[following].stripped.strip("|｜ ")     # (1 |: a cell with its pipe)
    if _BARE_ROW_NUMBER.fullmatch(text):
        return True
    if _A_MERGED_CELL_S_WORDS.fullmatch(text) and (after := _next_content(lines, following + 1)) is not None \
            and _BARE_ROW_NUMBER.fullmatch(lines[after].stripped.strip("|｜ ")):
        return True                     # 一、… / 属地党 / 1: a cell merged down the group's rows, no column of its own
    if not _NUMBERED_MEASURE.match(text):
        return False
    after = _next_content(lines, following + 1)
    # (where a blank line sets the cells apart, a measure's lines with none before them are its own, wrapped)
    for _ in range(_A_CELL_S_LINES_MOST):
        if after is None or not lines[following].after_blank or lines[after].after_blank \
                or cell_kind(lines[after].stripped.strip("|｜ ")) == UNITS:
            break
        after = _next_content(lines, after + 1)
    # (…or a cell or two after it: 1.整治农贸市场 | / 完成摊位改造 | / 县市场监管局、各镇 |, the row's requirement between)
    for _ in range(_CELLS_BEFORE_THE_UNITS):
        if after is None or cell_kind(lines[after].stripped.strip("|｜ ")) == UNITS:
            break
        after = _next_content(lines, after + 1)
    return after is not None and cell_kind(lines[after].stripped.strip("|｜ ")) == UNITS


_CELLS_BEFORE_THE_UNITS = 2
_PIPED_CELLS_BEFORE_THE_UNITS = 5


_A_CELL_S_LINES_MOST = 6


_BARE_ROW_NUMBER = regex(r"\d{1,3}[*＊★▲]?")
# the words a merged cell shows on the first of its rows, cut short or whole: 属地党, 镇村两级责任
_A_MERGED_CELL_S_WORDS = regex(r"[\u4e00-\u9fff]{2,10}")


def _group_title_end(lines: list[Line], index: int) -> int:
    """The line a group's cell ends on: its own, or, where a merged cell put its number on a line of its own
    （一） / 落实领导干部责任, the title's after it."""
    marker = lines[index].stripped.strip("|｜ ")
    if (wrapped := _the_title_s_wrapped_lines(lines, index)) > index:
        return wrapped
    if not (found := _SECTION.match(marker)) or found.end() < len(marker) or marker.startswith("附"):
        return index
    title = _next_content(lines, index + 1)
    # (a title may close with a stop, （一） / 办好教育卫生。, but holds no other mark)
    if title is None or len(lines[title].stripped) > 30 or _SENTENCE_MARK.search(lines[title].stripped.rstrip("。")) \
            or _SECTION.match(lines[title].stripped) or re.fullmatch(r"\d{1,3}", lines[title].stripped.strip("|｜ ")):
        return index
    end = title
    while end + 1 < len(lines) and end - title < _TITLE_PIECES_MOST and _A_TITLE_S_PIECE.fullmatch(lines[end + 1].stripped):
        end += 1
    # （二） / 加强 / 生活 / 垃圾 / 治理 / |: a narrow merged cell's title a word per line, up to the pipe closing the cell
    return end if end > title and end + 1 < len(lines) and _LONE_PIPE.match(lines[end + 1].stripped) else title


def _the_title_s_wrapped_lines(lines: list[Line], index: int) -> int:
    """Where a blank line comes before the group's title and its cells, the lines after the title with none before
    them are the title's own, which a page's width broke (一、主要经济社会发展指标、…、生态 / 环境、…等工作目标(…)): the
    last of them; else the title's line."""
    end = index
    if not lines[index].after_blank:
        return index
    while end + 1 < len(lines) and end - index < _TITLE_PIECES_MOST and not lines[end + 1].after_blank \
            and not lines[end].stripped.endswith(_SENTENCE_ENDS) and not _SECTION.match(lines[end + 1].stripped) \
            and not _BARE_ROW_NUMBER.fullmatch(lines[end + 1].stripped.strip("|｜ ")):
        end += 1
    # (…then a blank line before the next cell, as before every cell)
    return end if end > index and end + 1 < len(lines) and lines[end + 1].after_blank else index


_A_TITLE_S_PIECE = regex(r"[\u4e00-\u9fff“”\"]{1,8}")
_TITLE_PIECES_MOST = 12


def _unnumbered_spaced_rows(lines: list[Line], index: int, width: int) -> bool:
    """Are the next two lines rows of spaced cells as many as the header's (or one fewer), with no number?"""
    rows = [[cell.text for cell in _rejoin([Cell(token, 0) for token in line.stripped.split()])]
            for line in lines[index:index + 2]]
    # (cells, not sentences a space happens to split: …整治任务。2019 年底前完成…, though a task's cell may end its
    # sentence; and units among them)
    return len(rows) == 2 and all(not _ROW_START.match(cells[0]) and width - 1 <= len(cells) <= width
                                  and not any("。" in cell.rstrip("。") for cell in cells)
                                  and any(cell_kind(cell) == UNITS for cell in cells) for cells in rows)


def _spaced_cells(lines: list[Line], index: int, width: int | None = None) -> tuple[list[Cell], list[bool | None], int]:
    """Cells of rows of spaced cells; ``width``: the rows carry no number, each line one row (where it holds
    nearly as many cells as the header)."""
    cells: list[Cell] = []
    breaks: list[bool | None] = []
    last_number: int | None = None
    while index < len(lines):
        line = lines[index]
        text = line.stripped
        if _a_spaced_group_line(text) and _heads_a_group_of_spaced_rows(lines, index) or _SUM_LINE.fullmatch(text):
            index += 1                  # 一、主要预期目标 (or 二 养老服务) between rows: the group of the rows below
            continue                    # (合计 2360: the table's sum, no row)
        if _SECTION.match(text) or _is_header(text) or _the_page_s_signature(lines, index):
            break
        tokens = _rejoin([Cell(token, line.number) for token in text.split(" ")])
        starts_row: bool | None = bool(_ROW_START.match(text))
        if starts_row:
            last_number = int(_ROW_START.match(text).group().strip())
        elif _GROUP_THEN_ROW.match(text) and _number_of_a_group_s_row(text) == (last_number or 0) + 1:
            # 产业发展 1 建成… / 2 加强… / 民生保障 4 开展…: a row opening with the group's cell merged over its rows,
            # numbered on from the row above
            starts_row, last_number = True, (last_number or 0) + 1
        if width is not None:
            starts_row = True if len(tokens) >= width - 1 else None
        if not starts_row and len(tokens) == 1 and (task := _task_cell_left_open(cells, breaks)) is not None \
                and cell_kind(tokens[0].text) in (WORDS, PHRASE):
            # 2 健全社会救助体 县供电公司 县城管局 6月底前 / 系，及时足额发放各类救助资金。: the row's task cell a
            # line broke, its rest alone under it (the cells after it whole): the task's, not the last cell's
            cells[task] = Cell(cells[task].text + tokens[0].text, cells[task].line)
            index += 1
            continue
        if not starts_row and len(tokens) == 1 and cell_kind(tokens[0].text) == UNITS \
                and (listed := _unit_cell_left_open(cells, breaks)) is not None:
            # 4 推进… 县人社局、 县住建局 2026年底前 / 县水利局: a unit cell's list a line broke after its 、
            cells[listed] = Cell(cells[listed].text + tokens[0].text, cells[listed].line)
            index += 1
            continue
        for number, cell in enumerate(tokens):
            cells.append(cell)
            breaks.append(starts_row if number == 0 else False)
        index += 1
    return cells, breaks, index


# A sum's row of spaced cells: its word, then figures (合计 2360, 小计 3 1800)
_SUM_LINE = regex(r"\s*(?:合\s*计|小\s*计|总\s*计|共\s*计)(?:\s+[\d.,，%％]+(?:万元|亿元|万|亿|元|个|项)?)*\s*")


def _number_of_a_group_s_row(text: str) -> int:
    return int(_GROUP_THEN_ROW.match(text).group("number"))


def _a_spaced_group_line(text: str) -> bool:
    return bool(_SECTION.match(text) or _SPACED_GROUP.fullmatch(text) or _NUMBERED_GROUP.match(text))


# A group's title numbered as a list's item, its number glued to its words (1.以园区扩容为抓手…): no row of spaced cells,
# whose number a space sets apart.
_NUMBERED_GROUP = regex(r"\d{1,2}[.．、](?=[\u4e00-\u9fff])[^\s]{2,60}$")


def _last_row_s_start(breaks: list[bool | None]) -> int | None:
    return next((position for position in range(len(breaks) - 1, -1, -1) if breaks[position]), None)


def _task_cell_left_open(cells: list[Cell], breaks: list[bool | None]) -> int | None:
    """The row's task cell, where it stops mid-sentence and the row's last cell is whole (a time or units),
    numbered row only; or None."""
    start = _last_row_s_start(breaks)
    if start is None or len(cells) - start < 3 or not _ROW_START.match(cells[start].text + " "):
        return None
    if cell_kind(cells[-1].text) not in (DATE, UNITS):
        return None
    task = start + 1
    if cell_kind(cells[task].text) not in (WORDS, PHRASE) or cells[task].text.rstrip().endswith(_SENTENCE_ENDS):
        return None
    return task


def _unit_cell_left_open(cells: list[Cell], breaks: list[bool | None]) -> int | None:
    """The one cell of the last row whose list of units ends with its separator (县人社局、), or None."""
    start = _last_row_s_start(breaks)
    if start is None:
        return None
    open_cells = [position for position in range(start, len(cells)) if cells[position].text.endswith(("、", "，", ","))]
    return open_cells[0] if len(open_cells) == 1 else None


def _heads_a_group_of_spaced_rows(lines: list[Line], index: int) -> bool:
    """Is the section line at `index` a group row of a table whose rows are lines of spaced
    cells (a row, 1 新建…, follows it, maybe after the titles of the groups inside it: 二、重点工作 /
    （一）以园区扩容为抓手… / 2 启动…)?"""
    if len(lines[index].stripped) > 90:
        return False
    following = _next_content(lines, index + 1)
    for _ in range(_GROUP_DEPTH - 1):
        if following is None or not _a_spaced_group_line(lines[following].stripped) \
                or len(lines[following].stripped) > 90:
            break
        following = _next_content(lines, following + 1)
    return following is not None \
        and bool(_ROW_START.match(lines[following].stripped)) and len(lines[following].stripped.split()) >= 3


def _run_on_cells(lines: list[Line], index: int, offset: int) -> tuple[list[Cell], list[bool | None], int]:
    cells = [Cell(token, lines[index].number) for token in lines[index].stripped.split(" ")[offset:] if token]
    index += 1
    while index < len(lines) and not _SECTION.match(lines[index].stripped) and not _is_header(lines[index].stripped):
        cells += [Cell(token, lines[index].number) for token in lines[index].stripped.split(" ") if token]
        index += 1
    cells = _rejoin(cells)
    return cells, [None] * len(cells), index


def _rejoin(cells: list[Cell]) -> list[Cell]:
    """A unit name broken by a space (县交通 运输局, 县委县政府 督查室) is one cell again."""
    joined: list[Cell] = []
    for cell in cells:
        if joined and joined_name(joined[-1].text, cell.text):
            joined[-1] = Cell(joined[-1].text + cell.text, joined[-1].line)
        else:
            joined.append(cell)
    return joined


# How each form is cut into cells, and which cells may share a column: none in pipe rows
# (the pipes say where cells end), units one per line in one-cell-per-line tables, any
# piece where spaces separate cells (a cell may hold spaces of its own).
_FORMS = {
    PIPES: (_pipe_cells, False),
    LINES: (_line_cells, frozenset((UNITS, PIECE, EMPTY, NAME, DATE))),      # (persons, milestones one per line too)
    SPACED: (_spaced_cells, True),
    RUN_ON: (_run_on_cells, True),
}


# -- rows ---------------------------------------------------------------------

def _header_again(filled: list[str]) -> bool:
    """序号 / 工作任务 / 责任单位 / 完成时限, or an indicator table's 序号 / 指标名称 / 单位 / 2023年 / … /
    牵头单位: a row of header words (a year's or a measure's column among them), its number's too."""
    meanings = [meaning_of(cell) if len(cell) <= 12 else None for cell in filled]
    return SEQ in meanings and all(meaning or _YEAR_CELL.fullmatch(cell) or cell in ("单位", "计量单位")
                                   for cell, meaning in zip(filled, meanings))


def _rows(placed, meanings: list[str | None], by_number: dict[int, Line]) -> list[Row]:
    rows: list[Row] = []
    last_unit_column = max((index for index, meaning in enumerate(meanings) if meaning in ROLE_COLUMNS), default=None)
    group = group_column(meanings)
    for placed_row in placed:
        filled = [cell.text.strip() for _, cell in placed_row if cell.text.strip()]
        if len(filled) == 1 and _SECTION.match(filled[0]):
            continue                    # | 二、城乡建设（1项） | | | |: the group of the rows below
        if len(filled) >= 2 and _header_again(filled):
            continue                    # 序号 / 工作任务 / 责任单位 / 完成时限: the header again, after a page break
        row = Row()
        numbers: list[int] = []
        previous_column = -2
        for column, cell in placed_row:
            numbers.append(cell.line)
            meaning = meanings[column] if column is not None else SEQ
            same_cell = column == previous_column and column is not None
            previous_column = column
            if meaning is None or not cell.text.strip():
                continue
            if last_unit_column is not None and column is not None and column > last_unit_column \
                    and cell_kind(cell.text) != UNITS and not CUT_NAME.fullmatch(squeeze(cell.text)):
                row.past_the_units = True   # (not a unit's name the text's end cut, put past its column: 县数据资)
            text = cell.text
            if meaning in ROLE_COLUMNS:
                # Units of one cell separated by spaces or line ends: the unit
                # reader splits there only between whole names.
                text = re.sub(r"\s+", "\n", text.strip())
            values = row.cells.setdefault(meaning, [])
            if same_cell and values:
                values[-1] += "\n" + text       # pieces of one cell (a wrap, a unit per line)
            else:
                values.append(text)
        number_inside(row)
        row.lines = [by_number[number] for number in sorted(set(numbers)) if number in by_number]
        if not row.lines:
            continue
        if rows and filled and not row.get(SEQ) and DEADLINE in meanings and rows[-1].cells.get(DEADLINE) \
                and placed_row is not placed[-1] and all(cell_kind(text) == DATE for text in filled):
            # 3月 / 县教育局 / 6月 / 9月 / 12月: a time cell's milestones, one per line, the unit cell merged beside
            # them flattened in after the first: the rest of the row's time, no row (not after the last row: a
            # date alone there is the page's)
            rows[-1].cells[DEADLINE][-1] += "\n" + "\n".join(filled)
            rows[-1].lines = sorted({*rows[-1].lines, *row.lines}, key=lambda line: line.number)
            continue
        has_text = bool(row.get(TEXT).strip())
        has_units = any(row.get(role) for role in ROLE_COLUMNS)
        opens_empty = bool(placed_row) and not placed_row[0][1].text.strip()
        if has_text and not has_units and not row.get(SEQ) and rows and (SEQ in meanings or opens_empty):
            # A continuation row under a unit cell merged over several rows (| | | 整治… |: with no
            # 序号 column, its first cells written empty).
            for role in ROLE_COLUMNS:
                if rows[-1].cells.get(role):
                    row.cells[role] = list(rows[-1].cells[role])
            # …and under its date cell merged down the same way, where the row has no date of its own
            if not row.get(DEADLINE) and rows[-1].cells.get(DEADLINE):
                row.cells[DEADLINE] = list(rows[-1].cells[DEADLINE])
        if group is not None and has_text and has_units and rows and not row.get(meanings[group]):
            # a unit heading a group of rows, left of their words, merged down over the group
            row.cells[meanings[group]] = list(rows[-1].cells.get(meanings[group], []))
        if has_text:
            rows.append(row)
        elif has_units and rows and not row.get(SEQ):
            _joined_to_the_task_above(rows[-1], row)
    return rows


def _joined_to_the_task_above(above: Row, row: Row) -> None:
    """对人民路…提升改造； | 10月 | 县住建局 | over 2024.8 | 县城投公司 | ||: a row of only a time and units
    under a task whose cell was merged down over it: its units are the task's too (its time only where
    the task has none: the task's own cell says when it is done)."""
    for role in ROLE_COLUMNS:
        above.cells.setdefault(role, []).extend(row.cells.get(role, []))
    if not above.get(DEADLINE) and row.get(DEADLINE):
        above.cells[DEADLINE] = list(row.cells[DEADLINE])
    above.lines = [*above.lines, *row.lines]


__all__ = ["FlatTable", "find_flat_table", "header_places"]
