"""Cells into rows and columns by what each cell holds.

A table flattened to text loses its grid: a row may have fewer cells than
its header (an empty cell dropped, a merged cell written once), cells may
run on with no row breaks, a cell may be broken into several pieces. A
clerk still reads it, because a row number, a task sentence, a person's
name, a list of units and a date look different. This module does the same:
each cell gets a kind, each column a meaning, and a dynamic programme finds
the placement of cells into rows and columns, in order, that fits best.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .compiled_patterns import regex
from .deadlines import NAMED_MILESTONE, is_event_time, parse_deadline
from .labels import find_labels, parse_fields
from .headers import (COOPERATING, DEADLINE, LEAD, MILESTONE, NOTE, OTHER_UNIT, PAIRED_COLUMNS, PERIOD, PERSON, PLACE,
                      RESPONSIBLE, ROLE_COLUMNS, SEQ, TEXT)
from .text import simplified, split_top_level, squeeze
from .units import (ACTION, BARE_UNIT, CELL_LABEL, CUT_NAME, EACH_LEVEL, LIST_MARKS, PLACED_NAME, QUANTITY, SHORT_OFFICE,
                    another_unit_s_share_apart, is_unit_list, looks_like_cell_unit, looks_like_unit, role_of_phrase,
                    two_levels)

EMPTY, NUMBER, FLAG, DATE, NAME, UNITS, WORDS, ROW_NUMBER, PIECE, PHRASE = (
    "empty", "number", "flag", "date", "name", "units", "words", "row_number", "piece", "phrase")

# How well a cell of each kind fits a column of each meaning.
_FIT: dict[str, dict[str | None, float]] = {
    EMPTY: {None: 0.5},
    ROW_NUMBER: {SEQ: 4, TEXT: -3, NOTE: -1, PERIOD: -2, None: -1},
    NUMBER: {SEQ: -1, TEXT: -1, NOTE: 1.5, PERIOD: 0, DEADLINE: -2, None: 0.5},
    FLAG: {TEXT: -1, NOTE: 2, PERIOD: -1, DEADLINE: -2, None: 0.5},
    DATE: {TEXT: -1, DEADLINE: 4, PERIOD: 1, NOTE: 0.5, None: 0},
    NAME: {TEXT: -1, PERSON: 4, NOTE: 0, None: 0},
    # (a column named for units of no role holds units: more than a role column's second line)
    UNITS: {TEXT: -0.5, PERSON: -2, LEAD: 4, RESPONSIBLE: 4, COOPERATING: 4, OTHER_UNIT: 3,
            **{paired: 4 for paired in PAIRED_COLUMNS},
            NOTE: 1.0, None: 0},
    WORDS: {TEXT: 2, NOTE: 0.5, DEADLINE: -1, PERIOD: -2, None: 0},
    # A few words with no punctuation: a short task (烟花爆竹), a category, or the end of a
    # cell broken by a space (7月底前制定 扬尘治理方案).
    PHRASE: {TEXT: 1, NOTE: 0.5, DEADLINE: 0.5, PERIOD: 0, None: 0},
    PIECE: {None: 0},
}
# A place column (建设地点) takes what a notes column takes, and a town's name before the units more
# readily than the unit column takes it as a second line.
for _fits in _FIT.values():
    if NOTE in _fits:
        _fits.setdefault(PLACE, _fits[NOTE])
_FIT[UNITS][PLACE] = 3.5
_MISFIT = {EMPTY: 0.5, ROW_NUMBER: -4, NUMBER: -3, FLAG: -3, DATE: -3, NAME: -3, UNITS: -3, WORDS: -3,
           PIECE: 0, PHRASE: -2}
# Joining two cells into one column: cheap for a fragment, dear for a whole list of units.
_MERGE_COST = {PIECE: 0.0, EMPTY: 0.0, PHRASE: 0.0, WORDS: 1.0, UNITS: 2.0, DATE: 3.6, NAME: 1.0}


def _merge_cost(kind: str, text: str) -> float:
    """A unit piece with no place of its own (运输局, 督查室) ends a name broken by a space; a government's
    ending alone (人民政府) ends the name above it rather than fill a column of its own."""
    if kind == PIECE and _NAME_ENDING_ALONE.fullmatch(squeeze(text)):
        return -0.5
    if kind == UNITS and not PLACED_NAME.match(squeeze(text)) and len(squeeze(text)) <= 4:
        return 0.5
    return _MERGE_COST.get(kind, 0.5)


ROW_DONE = 1.0         # …less where the row before already has its units
NEW_ROW = 3.0          # a row break nobody wrote costs this much
SKIPPED_COLUMN = 0.1   # prefer filling columns from the left
UNNUMBERED_ROW = 2.5   # a row break with no row number, in a table whose rows have numbers
DROPPED_CELL = 5.0     # a cell that fits no column at all
_PERSON_NAME = regex(r"[\u4e00-\u9fff]{2,3}")
_FLAG = regex(r"是|否|有|无|已完成|未完成|正常推进|滞后|达序|未达序|√|×|[A-Za-z]")
# How far the work has got, in a progress table's cell (已完成1处, 已安置150人, 正在施工): a status, as a flag is
# (…or with what has got there before it: 主体已封顶, 设备已进场)
_STATUS = regex(r"(?:[\u4e00-\u9fff]{1,4}(?=已|正在))?(?:已|正在|尚未|未)(?:完成|建成|开工|安置|启动|实施|落实|招标|竣工|完工|投用|"
                r"发布|制定|出台|印发|办结|施工|整改|验收|签约|开展|上线|封顶|进场|进驻|挂牌|运营|运行|通车|投产|拆除|交付|"
                r"对接|选址|立项|批复|动工|复工)[^，。；,;：:]{0,12}")
# A schedule's stages in one cell, each opened by its time (第一季度：完成选型。第四季度：上线运行。, 3月：…；11月：…)
_STAGE_TIME = r"(?:\d{4}年)?(?:第?[一二三四1-4]季度(?:末)?|\d{1,2}月(?:份|底|末|中旬|下旬|上旬)?(?:前)?|[上下]半年|年底|年末)"
_MILESTONES = regex(rf"(?:{_STAGE_TIME}[：:][^：:]{{2,150}}?(?:[。；;]|$)){{2,}}")
_COUNTED = regex(r"[（(]\d{1,4}\s*[个项件处条座家所]\s*[）)]$")
_PLAN_NUMBER = regex(r"[（(][一二三四五六七八九十]{1,3}[）)]")
# A government's or an office's ending alone in a cell: the rest of the name above it, which a narrow
# column wrapped after its place (新华镇 / 人民政府).
_NAME_ENDING_ALONE = regex(r"(?:人民)?政府|(?:街道)?办事处|管委会|管理委员会|委员会")
# An office named by its line of work (建设股, 规划股, 管理科, 建设局): its name opens as a verb does, but no task
# builds or manages a 股 or a 局.
_OFFICE_NAMED_BY_ITS_WORK = regex(r"[\u4e00-\u9fff]{2,3}(?:股|科|局)")
_DOTTED_DATE = regex(r"(?:19|20)\d{2}[.．](?:0?[1-9]|1[0-2])(?:[.．](?:0?[1-9]|[12]\d|3[01]))?")
_NUMBER = regex(r"[\d.,，%％‰万亿元个项件户家所条人次平方米公里千瓦-]+")


@dataclass(frozen=True)
class Cell:
    text: str
    line: int                  # 1-based line number in the source


# A plan-wide note in brackets after a unit cell's names (…各乡镇人民政府（列在首位的为牵头部门，下同）).
_NOTE_IN_BRACKETS = regex(r"[（(][^（）()]*(?:下同|首位|第一位|排名第一|以下|不再列出|均需)[^（）()]*[）)]\s*$")


PLACEHOLDERS = frozenset(("/", "／", "—", "——", "-", "--", "－", "\\"))
# 新（改、扩）建, 改（扩）建: a verb written with its other forms in brackets
_VERB_ALTERNATIVES = regex(r"([\u4e00-\u9fff])[（(][改扩新续增提][、，,]?[改扩新续增提]?[）)]")


def cell_kind(text: str) -> str:
    """What a cell holds, as a clerk would tell at a glance."""
    if ("）" in text or ")" in text) and _NOTE_IN_BRACKETS.search(text):
        text = _NOTE_IN_BRACKETS.sub("", text)     # (the note says how to read the names: they are names)
    compact = simplified(squeeze(text))
    if not compact:
        return EMPTY
    if compact[0] in "（(" and (marker := _PLAN_NUMBER.match(compact)) and marker.end() < len(compact):
        compact = compact[marker.end():]    # （一）新建城南幼儿园一所: the plan's number before the cell's words
    if _FLAG.fullmatch(compact) or _STATUS.fullmatch(compact):
        return FLAG
    if "：" in compact and (labels := list(CELL_LABEL.finditer(compact))) and labels[0].start() == 0 and all(
            is_unit_list(compact[label.end():following].rstrip("；;"))
            for label, following in zip(labels, [*(label.start() for label in labels[1:]), len(compact)])):
        return UNITS                    # 牵头：县发改局 / 配合：县工信局、县财政局: a unit cell's roles, labelled
    if compact in PLACEHOLDERS:
        return EMPTY                    # (/, —: a cell a table marks as having nothing)
    if len(compact) == 1 or _NAME_ENDING_ALONE.fullmatch(compact):
        return PIECE
    if _DOTTED_DATE.fullmatch(compact):
        return DATE                     # 2024.11, 2021.8.30: a date a table wrote with dots, no figure
    if compact[0] in "（(" and compact[-1] in "）)" and len(compact) <= 32 and _is_date(compact[1:-1]):
        return DATE                     # （2024年6月30日前）: a time cell written in brackets
    if compact[-1] in "）)" and (dated := _TIME_THEN_ITS_DATE.fullmatch(compact)) and _is_date(dated.group("date")) \
            and (dated.group("head").endswith(("前", "底", "内")) or _is_date(dated.group("head"))):
        return DATE                     # 汛期前（5月底前）, 春节前（2月10日前）: a time the office knows, then its date
    if _NUMBER.fullmatch(compact) or len(compact) <= 20 and _COUNTED.search(compact):
        return NUMBER                   # (…or a count: 民生实事项目（2个）, a 项目数量 column's cell)
    if compact[1:2] in "（(" and _VERB_ALTERNATIVES.match(compact):
        compact = _VERB_ALTERNATIVES.sub(r"\1", compact, count=1)   # 新（改、扩）建一批中小学校: a verb with its others
    if ACTION.match(compact) and not SHORT_OFFICE.fullmatch(compact) and not _OFFICE_NAMED_BY_ITS_WORK.fullmatch(compact):
        if len(compact) <= 30 and _is_date(compact):
            return DATE
        return PHRASE if _is_phrase(compact) else WORDS
    # (镇政府（具体由乡村振兴办负责）、各村: the office in brackets that does its unit's share is a name too)
    pieces = [_without_role(piece) for piece in _cell_pieces(another_unit_s_share_apart(text)) if piece]
    if len(pieces) > 1 and len(pieces[0]) == 1:
        # (县、乡编办: one office at two levels, its first level alone)
        pieces = [piece for index, piece in enumerate(pieces)
                  if not (index + 1 < len(pieces) and two_levels(piece, pieces[index + 1]))]
    if pieces and pieces[-1].endswith(("。", "；", ";")):
        # 县财政局。: a unit cell a clerk closed with a full stop (names that open with their place;
        # 成功创建首批…美丽城镇。 is a sentence). In a list of names, one placed name is enough
        # for the others to be units too (县财政局、县卫健委、街道办事处。).
        stopped = [*pieces[:-1], pieces[-1].rstrip("。；;")]
        placed = sum(1 for piece in stopped if PLACED_NAME.match(piece))
        if placed == len(stopped) or placed and all(looks_like_unit(piece) for piece in stopped):
            pieces = stopped
    if len(pieces) > 1 and CUT_NAME.fullmatch(pieces[-1]):
        pieces.pop()                # 区财政局、区商务局、区: a list cut (by a line or the text's end) in its last name
    if pieces and len(pieces) <= 40 and all(looks_like_unit(piece) or BARE_UNIT.match(piece) for piece in pieces):
        return UNITS
    if " " in text.strip() and len(compact) <= 20 and not LIST_MARKS.search(text) and looks_like_unit(compact):
        return UNITS                # 节能与综合 利用司: one name a narrow cell wrapped, its break a space
    if len(compact) <= 30 and _is_date(compact) or len(compact) <= 800 and _MILESTONES.fullmatch(compact):
        return DATE
    if _PERSON_NAME.fullmatch(compact) and not CUT_NAME.match(compact):
        return NAME                 # (市发, 县住: a unit's name cut short, not a person)
    if pieces and len(pieces) <= 40 and all(map(looks_like_cell_unit, pieces)) and any(map(looks_like_unit, pieces)):
        return UNITS
    if ("：" in compact or ":" in compact) and _labels_of_units_only(compact):
        return UNITS                # 牵头单位：县行政审批局 / 配合单位：县住建局: a unit cell in its labels' words
    return PHRASE if _is_phrase(compact) else WORDS


def _labels_of_units_only(compact: str) -> bool:
    """Is the cell nothing but role labels and their units (牵头单位：X；配合单位：Y)?"""
    labels = find_labels(compact)
    if not labels or labels[0][0] != 0 or any(role not in ROLE_COLUMNS for _, _, role in labels):
        return False
    fields = parse_fields(compact)
    return bool(fields.units) and not fields.deadline_text


def _cell_pieces(text: str) -> list[str]:
    """A cell's parts between separators, not inside a bracket: 县发改局（县粮食局、县能源局) is one unit,
    and so is 各县、市、区政府 (every place of three levels)."""
    if "各" in text:
        text = EACH_LEVEL.sub(lambda match: match.group().replace("、", ""), simplified(text))
    pieces = re.split(r"[、，,；;\s]+", text.strip())
    if "（" not in text:
        return pieces
    return split_top_level("、".join(pieces), "、")


def _is_phrase(compact: str) -> bool:
    return len(compact) <= 8 and not re.search(r"[，。；：,.;:]", compact)


def _without_role(piece: str) -> str:
    # (县科技局*: the mark a table puts after the unit that leads)
    name, _ = role_of_phrase(piece.rstrip("*＊★▲"))
    return re.sub(r"^(?:由|并由)", "", name)


_TIME_THEN_ITS_DATE = regex(r"(?P<head>[^（(]{1,10})[（(](?P<date>[^（）()]{2,16})[）)]")
_BARE_PERIOD = regex(r"每(?:年度?|季度?|月度?|周|半年|旬)(?![\d一二三四五六七八九十末底初中上下])")


def _is_date(compact: str) -> bool:
    if QUANTITY.search(compact):
        return False                    # 10月底前完成新建高标准农田2万亩: a task's words, its date first
    if len(compact) <= 12 and is_event_time(compact):
        return True                     # 汛期前, 春节前: a date the office knows (not a person's name)
    deadline = parse_deadline(compact, 2000)
    if deadline.recurrence and (bare := _BARE_PERIOD.match(compact)) and len(compact) - bare.end() > 4:
        return False                    # 每年度公开财政预决算信息: a requirement each year, its work named (每年度: a time)
    if deadline.ongoing or deadline.recurrence:
        return len(compact) <= 16 and not re.search(r"[，。；]", compact)
    return deadline.due is not None and (bool(re.match(r"(?:\d{4}年?)?\d{1,2}月|\d{4}年|年底|年内|全年|上半年|下半年|"
                                                      r"[一二三四]季度|第[一二三四]季度|今年|本年", compact))
                                         # 滨河桥4月开工，9月完工: a milestone cell naming the part it dates
                                         or len(compact) <= 24 and NAMED_MILESTONE.match(compact) is not None)


def row_numbers(cells: list[Cell], width: int = 0) -> set[int]:
    """Indexes of the cells that number rows: 1, 2, 3 … (or 24, 25 …) in order; or, where a
    ledger keeps the numbers of the list it comes from (6, 52, 53), numbers that rise a row's
    `width` of cells apart."""
    found: set[int] = set()
    expected: int | None = None
    numbered: dict[int, int] = {}
    for index, cell in enumerate(cells):
        compact = squeeze(cell.text).rstrip("、.．*＊★▲")      # (1*: a row the city itself leads)
        if re.fullmatch(r"\d{1,3}", compact):
            numbered[index] = int(compact)
    last = -1
    for index, value in numbered.items():
        if index <= last or expected is not None and value != expected:
            continue
        if found and index + 1 < len(cells) and (index + 1 in numbered or cell_kind(cells[index + 1].text) == DATE):
            continue                    # (…目标数 4 / 已完成数 4 / 11月底前: figures, no row opens with a figure or a date)
        # (1 / 新建幸福院 / 县民政局 / 2 / 2 / 10月底前 / 2 / …: a count that happens to be the next row's
        # number, before the number itself a row's width on)
        if width >= 2 and found and last + width > index and numbered.get(last + width) == value:
            index = last + width
        found.add(index)
        last, expected = index, value + 1
    if len(found) >= 2 or (len(found) == 1 and len(cells) < 12):
        last = max(found)
        while width >= 2 and last + width in numbered and numbered[last + width] > numbered[last]:
            last += width           # 1, 2, 4, 5: a row left out of the list, the rows a width apart
            found.add(last)
        return found
    if width >= 2:
        for first in numbered:
            chain = [first]
            while chain[-1] + width in numbered and numbered[chain[-1] + width] > numbered[chain[-1]]:
                chain.append(chain[-1] + width)
            if len(chain) >= 3:
                return set(chain)
    return set()


def fit(kind: str, meaning: str | None) -> float:
    table = _FIT[kind]
    if meaning is not None and meaning.startswith(MILESTONE):
        meaning = NOTE                  # a milestone's target (开工15个) reads like a note
    if meaning in table:
        return table[meaning]
    if meaning is None:
        return table.get(None, 0)
    return _MISFIT[kind]


def align(cells: list[Cell], meanings: list[str | None], breaks: list[bool | None],
          merge: bool | frozenset[str] = False) -> list[list[tuple[int | None, Cell]]]:
    """Place cells into rows of columns; returns rows of (column or None, cell).

    `breaks[i]` says whether a new row starts at cell i: True (it does),
    False (it does not: same line of a row-per-line table) or None (free).
    With `merge`, consecutive cells may share one column (a cell broken by
    spaces); a set of kinds limits that to cells of those kinds. A row
    number with no 序号 column in the header floats: it belongs to the row
    without taking a column. A row that already has its units ends more
    readily than one that has none yet.
    """
    if not cells:
        return []
    columns = len(meanings)
    numbers = row_numbers(cells, columns)
    has_seq = SEQ in meanings
    kinds = [ROW_NUMBER if index in numbers else cell_kind(cell.text) for index, cell in enumerate(cells)]
    role_rank = [0] * columns
    for rank, column in enumerate(c for c, meaning in enumerate(meanings) if meaning in ROLE_COLUMNS):
        role_rank[column] = rank
    is_role = [meaning in ROLE_COLUMNS for meaning in meanings]
    is_text = [meaning == TEXT for meaning in meanings]
    # A state is (column of the last placed cell or -1 at a row's start, whether the row has
    # units, whether it has words in a text column). A row with no task words is no task: the
    # reader drops it, so ending one costs what a row break nobody wrote costs.
    State = tuple[int, bool, bool]
    textless = NEW_ROW if TEXT in meanings else 0.0
    # In a table that numbers its rows, a row that opens without its number is a continuation
    # (an empty 序号 cell): it happens, but less often than a cell of the row before.
    unnumbered = UNNUMBERED_ROW if has_seq and len(numbers) >= 2 else 0.0
    best: list[dict[State, float]] = [{} for _ in cells]
    back: list[dict[State, tuple[State, str]]] = [{} for _ in cells]

    def offer(index: int, state: State, score: float, previous: State, action: str) -> None:
        if score > best[index].get(state, float("-inf")):
            best[index][state] = score
            back[index][state] = (previous, action)

    for index, kind in enumerate(kinds):
        must_break = breaks[index] is True or index == 0
        may_break = breaks[index] is not False
        previous_states = {(-1, False, False): 0.0} if index == 0 else best[index - 1]
        for state, score in previous_states.items():
            previous, done, texted = state
            ending = ROW_DONE if done and index > 0 else 0.0
            ending_textless = textless if index > 0 and not texted else 0.0
            for column in range(columns):
                # Between two role columns the earlier one wins a tie (责任单位 before an empty 配合单位).
                gain = fit(kind, meanings[column]) - 0.05 * role_rank[column]
                units_here = kind == UNITS and is_role[column]
                text_here = is_text[column] and kind != EMPTY
                if not must_break and column > previous:
                    offer(index, (column, done or units_here, texted or text_here),
                          score + gain - SKIPPED_COLUMN * (column - previous - 1), state, "next")
                # (a progress cell of several paragraphs, 基本完成。 / 主体完工，正在装修。: words go on in a notes column)
                # (sentences one per line go on in a text or notes column: after a row's date or units
                # they open a row of their own, a sub-row under cells merged down)
                if merge and (merge is True or kind in merge and (kind != WORDS or meanings[column] in (TEXT, NOTE))
                              or kind == WORDS and meanings[column] == NOTE) \
                        and not must_break and column == previous and kind != ROW_NUMBER:
                    # 牵头单位 is most often one unit: a second goes on to the next unit column.
                    extra = 0.5 if meanings[column] == LEAD and kind == UNITS else 0.0
                    offer(index, (column, done or units_here, texted or text_here),
                          score + gain - _merge_cost(kind, cells[index].text) - extra, state, "merge")
                if may_break:
                    cost = (0.0 if must_break else NEW_ROW - ending + (unnumbered if kind != ROW_NUMBER else 0.0)) \
                        + ending_textless
                    offer(index, (column, units_here, text_here), score + gain - cost - SKIPPED_COLUMN * column,
                          state, "new")
            # A row number outside any column (no 序号 in the header), or a stray cell.
            if kind == ROW_NUMBER and not has_seq:
                if may_break:
                    cost = (0.0 if must_break else NEW_ROW - 2 - ending) + ending_textless
                    offer(index, (-1, False, False), score + 2 - cost, state, "new-float")
                if not must_break:
                    offer(index, state, score + 2, state, "float")
            elif not must_break:
                offer(index, state, score - DROPPED_CELL, state, "drop")
    # Trace back.
    state = max(best[-1], key=lambda end: best[-1][end] - (0.0 if end[2] else textless))
    placed: list[tuple[int | None, str]] = []
    for index in range(len(cells) - 1, -1, -1):
        previous, action = back[index][state]
        column = None if action in ("float", "new-float", "drop") else state[0]
        placed.append((column, action))
        state = previous
    placed.reverse()
    rows: list[list[tuple[int | None, Cell]]] = []
    for (column, action), cell in zip(placed, cells):
        if action.startswith("new") or not rows:
            rows.append([])
        if action != "drop":
            rows[-1].append((column, cell))
    return rows
