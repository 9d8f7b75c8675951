"""The numbered structure of a plan: items (一、 （一） 1. （1） ①) in a tree.

Physical lines are joined into items: an item starts at a numbering marker
and takes the lines after it until the next marker, except where a finished
paragraph is followed by free text (that text is an item of its own, with no
number). Line breaks inside an item are kept as "\n" so that a unit list
broken over short lines can still be split; everything else ignores them.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import accumulate

from .compiled_patterns import regex
from .deadlines import DATE_ALONE, MILESTONE_LINE, TIME_ALONE, number_of
from .labels import (ASSIGNING_LABELS, TASK_TEXT_LABEL, TASK_TEXT_LABELS, ends_with_a_person_aside, ends_with_a_role_bracket,
                     ends_with_a_unit_bracket, ends_with_assignment, field_start,
                     find_labels, label_role, lone_field_word, opens_a_field, split_deadline)
from .headers import DEADLINE, meaning_of
from .layout import Line, signs_the_document
from .text import ASIDE_AT_THE_END, CLOSE, CN_DIGITS, GOES_ON, MEASURES, OPEN, cut_inside_a_phrase, simplified, squeeze, width
from .units import (COOPERATING, FIRM_END, LEAD, LIST_MARKS, RESPONSIBLE, SHORT_BODIES, UNIT_S_HEAD, its_place_s_body,
                    is_role_list, is_unit_list, joined_on, looks_like_unit, name_goes_on, opens_with_its_own_office,
                    role_of_phrase, wrapped_inside_name)

_CN = f"[{CN_DIGITS}]+"
BULLETS = "◆■▲●◇▶►❖"
# What follows a number that is a figure, not an item's number: a unit of measure.
_NOT_A_FIGURE = rf"(?=[\u4e00-\u9fff“（《])(?![{MEASURES}年月日号期批])"
# Words that number a plan's parts with a numeral after them (实事一：, 任务二：).
_PART_WORDS = ("实事", "任务", "事项", "项目", "目标", "举措")
# …and an activity's or an action's, which may take the list's 、 too (活动二、…), in either script.
_ACTIVITY = "(?:活[动動]|行[动動]|[专專][项項]行[动動]|工程)"
# (kind, pattern) in the order they are tried; the kind decides nesting.
MARKERS: list[tuple[str, re.Pattern]] = [
    ("chapter", regex(rf"^\s*第{_CN}[章节部分]\s*")),
    ("article", regex(rf"^\s*第{_CN}[条條]\s*")),
    ("cn", regex(rf"^\s*({_CN})\s*[、．.]\s*")),
    # 第一，加快项目建设。: an ordinal as the number of a part (not 第一批, 第一季度).
    ("ordinal", regex(rf"^\s*(第{_CN})\s*[，,、．.：:]\s*(?=\S)")),
    # 实事一：…, 任务二：…, 第三项：…, 活动二、…: a word and its numeral numbering a part, before a colon
    # (or the list's 、 after an activity's or an action's numeral).
    ("ordinal", regex(rf"^\s*((?:{'|'.join(_PART_WORDS)}|{_ACTIVITY})[{CN_DIGITS[1:]}]{{1,3}}|第{_CN}项)\s*[：:]\s*(?=\S)")),
    ("ordinal", regex(rf"^\s*({_ACTIVITY}[{CN_DIGITS[1:]}]{{1,3}})\s*[、．.]\s*(?=\S)")),
    ("cn()", regex(rf"^\s*[（［]\s*({_CN})\s*[）］]\s*[、．.]?\s*")),
    # 措施一：…, 措施二：…: a part's measures numbered by the word, under its heading as 1. 2. are
    ("measure", regex(rf"^\s*(措施[{CN_DIGITS[1:]}]{{1,3}})\s*[：:]\s*(?=\S)")),
    ("num()", regex(r"^\s*[（［]\s*(\d{1,3})\s*[）］]\s*[、．.]?\s*")),
    # 6.10月31日前完成…: a date right after the number's point, not a decimal (2.5万亩). A star after
    # the number marks a flagship measure (1*.开展…, 2★、…).
    # (a typist's full stop for the point, 1。推进…, before words only)
    ("num.", regex(r"^\s*[-•·]?\s*(\d{1,3})\s*[*＊★☆]?\s*(?:[、．]|\.(?!\d)|\.(?=\d{1,2}月|\d{4}年)|。(?=[\u4e00-\u9fff“（《]))"
                        r"\s*(?=\S)")),
    ("num)", regex(r"^\s*(\d{1,3})\s*[）]\s*(?=\S)")),
    ("circled", regex(r"^\s*([\u2460-\u2473\u2776-\u277f])\s*")),
    # Word's enclosed numerals: ⒈ ⒉ (a number with its point), ⑴ ⑵ (a number in brackets).
    ("num.", regex(r"^\s*([\u2488-\u249b])\s*(?=\S)")),
    ("num()", regex(r"^\s*([\u2474-\u2487])\s*(?=\S)")),
    # …and the parenthesized ideographs ㈠ ㈡ (a Chinese number in brackets).
    ("cn()", regex(r"^\s*([\u3220-\u3229])\s*(?=\S)")),
    # Decimal numbering (1 / 1.1 / 1.1.1), as planning institutes write it: not a wrapped
    # line that starts with a figure (2.5万亩, 5.024948公顷, 3 个).
    ("dec3", regex(rf"^\s*(\d{{1,2}}\.\d{{1,2}}\.\d{{1,2}})(?:\s+|[、．](?!\d))?{_NOT_A_FIGURE}")),
    ("dec2", regex(rf"^\s*(\d{{1,2}}\.\d{{1,2}})(?:\s+|[、．](?!\d))?{_NOT_A_FIGURE}")),
    # …and with a hyphen, the section's number first (1-1. / （2-3）), as task lists number measures
    ("dec2", regex(rf"^\s*(\d{{1,2}}[-－]\d{{1,2}})\s*[.．、]\s*{_NOT_A_FIGURE}")),
    ("dec2", regex(rf"^\s*[（(]\s*(\d{{1,2}}[-－]\d{{1,2}})\s*[）)]\s*{_NOT_A_FIGURE}")),
    ("dec1", regex(rf"^\s*(\d{{1,2}})\s+{_NOT_A_FIGURE}(?=[^。；，]{{2,24}}$)")),
    ("stage", regex(rf"^\s*(第{_CN}阶段)\s*[：:]?\s*")),
    # A bullet (——, ◆, ■ …) before words, as a 政府工作报告's targets are listed: an item with
    # no number. Not a page number (—— 49) nor a dash that a broken line starts with mid-word.
    # (…or a list's hyphen or dot and a space, as a web page or a Word list leaves it: - 城区…, • 城区…)
    # (…or the 、 a copy left of a list's lost numbers: 、建立…清单。 / 、开展…培训。)
    ("bullet", regex(rf"^\s*(?:(?:——|[{BULLETS}])\s*(?=[\u4e00-\u9fff“《（])|[-－•·▪]\s+(?=[\u4e00-\u9fff“《（]|\d)|"
                     r"、(?=[\u4e00-\u9fff“《]))")),
    # 工作任务：… opening a record of label lines: an item with no number of its own.
    ("record", TASK_TEXT_LABEL),
]
# A line that assigns the items above it: （以上任务牵头单位：…）, 以上2项工作由X牵头，Y配合。
# (or a count alone: 3项目标的责任单位均为X)
ABOVE = regex(r"^\s*[（(]?\s*(?:(?:以上|上述)(?!的)(?P<count>\d{1,2}|[一二两三四五六七八九十]{1,3})?\s*(?:项|条)?|"
                   # (not the end of a count a page's break cut from its words: …审批事项 / 12项。（…）)
                   r"(?P<alone>\d{1,2}|[一二两三四五六七八九十]{1,3})\s*(?:项|条)(?![。；，,;]))"
                   r"(?:工作|任务|目标|事项|指标|措施|内容)?(?:的|均)?")
_ROLE_HINT = regex(r"[由牵负配协单部责]")     # (a line break may cut 牵|头)
_COUNTED = regex(r"[项項条條]")


def assigns_the_items_above(text: str) -> bool:
    """（以上任务牵头单位：…）, 以上2项工作由X牵头: a line that assigns the items above it."""
    opening = text.lstrip(" （(")[:3]
    if opening[:2] not in ("以上", "上述") and not _COUNTED.search(opening):
        return False                    # (most lines: one look at their first characters)
    plain = simplified(text)            # (2項目標的責任單位均為…: traditional characters too)
    above = ABOVE.match(plain)
    return above is not None and above.end() > len(text) - len(text.lstrip()) + 2 \
        and bool(_ROLE_HINT.search(plain, above.end()))


_NAMED_RECORD = regex(r"\s*(?:\d{1,3}\s*)?(?:项目|任务|事项|工程)名称\s*[：:]")
_ITS_CONTENT = regex(r"\s*(?:建设|项目|工作|任务|事项|工程|主要|具体)内容\s*[：:]")
_PUNCTUATION_ONLY = regex(r"^[。；，、.;,]+$")
SENTENCE_ENDS = ("。", "；", "！", "？", "：")


@dataclass
class Item:
    kind: str | None                 # marker kind, None for an unnumbered paragraph
    label: str | None                # the marker as written: "三", "（二）", "5"
    lines: list[Line] = field(default_factory=list)
    parent: "Item | None" = None
    children: list["Item"] = field(default_factory=list)
    typical: int = 10_000            # the width lines were broken at


    @cached_property
    def text(self) -> str:
        """The item's text without its marker, line breaks kept as \\n."""
        texts = [line.stripped for line in self.lines]
        if self.kind and self.kind not in ("stage", "place"):
            kind, _, rest = marker_of(texts[0])
            if kind is None and self.label and texts[0].lstrip().startswith(self.label):
                rest = texts[0].lstrip()[len(self.label):]      # 3关于…: a number glued to its words
            texts[0] = rest
        # A full-width line was broken by the converter: join it without a
        # break. A short one ended where the author ended it.
        joined = [texts[0]]
        for previous, following, line in zip(self.lines, self.lines[1:], texts[1:]):
            if previous.width >= self.typical * 0.9 and not opens_a_field(line, previous.stripped) \
                    and not _two_listed_names(previous.stripped, line) \
                    and not (previous.stripped.endswith(("）", ")")) and ends_with_a_role_bracket(previous.stripped)):
                # (一、强化科技创新（县科技局牵头） / 坚持…: a heading its roles' bracket closed, however wide)
                # (…团县委 县妇联 / ␠新华镇: the break fell on a space between two names, which stays)
                joined.append((" " if following.text[:1] == " " and following.text[1:2] not in " \u3000" else "") + line)
            elif cut_inside_a_phrase(_since_the_last_stop(joined), line):
                # 县财政局牵 / 头县审计局配合, 县直各部门及 / 各乡镇: one phrase, whatever the width (what the line
                # goes on from is the sentence so far: 配合单位：县公安局、县城 / 管局 / 负责…, a label's value)
                joined.append(line)
            else:
                joined.append("\n" + line)
        return "".join(joined)

    @property
    def line_start(self) -> int:
        return self.lines[0].number

    @property
    def line_end(self) -> int:
        return self.lines[-1].number

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def seq(self) -> str | None:
        path = [node for node in [*reversed(list(self.ancestors())), self] if node.kind and node.label]
        return "/".join(node.label for node in path) or None


# The first character of every marker after its leading spaces (第, a Chinese digit, an
# opening bracket, a bullet, a circled number; or a digit, tested apart): most lines
# start with none of them and need no pattern tried.
_MARKER_STARTS = frozenset("第" + CN_DIGITS + "（［-－•·▪—、" + BULLETS
                           + "".join(map(chr, [*range(0x2460, 0x2474), *range(0x2776, 0x2780), *range(0x2474, 0x249C),
                                               *range(0x3220, 0x322A)]))
                           + "".join(label[0] for label in TASK_TEXT_LABELS) + "问問"
                           + "".join(word[0] for word in _PART_WORDS) + "活行专專工措")


@lru_cache(maxsize=1 << 14)     # a line is asked again: as an item's first line, as the line before a title
def marker_of(text: str) -> tuple[str | None, str | None, str]:
    """(kind, label, rest) of a line's numbering marker, or (None, None, text)."""
    first = text.lstrip()[:1]
    if first not in _MARKER_STARTS and not first.isdecimal():
        return None, None, text
    for kind, pattern in MARKERS:
        match = pattern.match(text)
        if match and match.end() < len(text):
            label = match.group(1) if match.groups() else match.group(0).strip()
            if label and len(label) == 1 and "\u2474" <= label <= "\u249b":
                label = str(int(unicodedata.numeric(label)))     # ⒈ -> 1, ⑴ -> 1
            elif label and len(label) == 1 and "\u3220" <= label <= "\u3229":
                label = "一二三四五六七八九十"[ord(label) - 0x3220]     # ㈠ -> 一
            if kind == "cn()":
                label = f"（{label}）"
            elif kind == "num()":
                label = f"（{label}）"
            elif kind in ("chapter", "article"):
                label = match.group(0).strip()
            elif kind in ("record", "bullet"):
                # 问题3：… numbers its record, and so does 01 项目名称：…; 工作任务：… does not.
                numbered = match.groupdict().get("numbered")
                label = simplified(squeeze(numbered)).removeprefix("问题") if numbered else ""
                # (督办事项1：, 交办事项（2）：: a record's label counting the records)
                label = match.groupdict().get("number") or label or match.groupdict().get("count") or ""
            return kind, label, text[match.end():]
    return None, None, text


_TASK_TEXT_WORDS = frozenset(TASK_TEXT_LABELS)
_BEFORE_ITS_TASKS_WORD = ("主要", "重点", "的")


def _the_words_before(lines: list[Line], index: int) -> str:
    """The line before, with the one above it where a break cut a word between them (…主 / 要 / 工作任务：)."""
    before = lines[index - 1].stripped
    if index >= 2 and cut_inside_a_phrase(lines[index - 2].stripped, before):
        return lines[index - 2].stripped + before
    return before
_LABEL_REACH = 12                   # characters of a line where a label would open it
_LONE_NUMBER = regex(r"\d{1,3}")
_SEQ_WORDS = ("序号", "编号")


def label_cards_joined(lines: list[Line]) -> list[Line]:
    """Records whose labels stand alone on their lines over their values, as a task's
    two-column card copied one cell per line leaves them (具体任务 / 新建… / 责任单位 / 县民政局 /
    完成时限 / 10月底前, maybe under 序号 / 1, or under a number alone: 1 / 新建… / 责任单位 / …):
    the task's words join their label (具体任务：新建…), or their number (1.新建…), so that each
    card opens a record; the unit and date labels alone over their values are read as they are."""
    if not any(len(line.stripped) <= 6 and lone_field_word(line.stripped) in _TASK_TEXT_WORDS for line in lines) \
            and not any(_LONE_NUMBER.fullmatch(line.stripped.strip()) for line in lines):
        return lines
    joined: list[Line] = []
    index = 0
    carded = False                      # (a card's opening met: the labels after it are a card's)
    while index < len(lines):
        line = lines[index]
        word = lone_field_word(line.stripped) if len(line.stripped) <= 12 else None
        number = _LONE_NUMBER.fullmatch(line.stripped.strip())
        if (word in _TASK_TEXT_WORDS or number) and index + 3 < len(lines) \
                and _card_value(lines[index + 1]) and _card_label_follows(lines, index + 2) \
                and not (joined and _header_word(joined[-1])):
            value = lines[index + 1].stripped.strip()
            opening = line                    # the card's first line: its number and 序号 over it go
            if number:
                text = f"{number.group()}.{value}"
            else:
                numbered = joined and _LONE_NUMBER.fullmatch(joined[-1].stripped.strip())
                opening = joined.pop() if numbered else line
                text = f"{opening.stripped.strip()} {word}：{value}" if numbered else f"{word}：{value}"
            if joined and joined[-1].stripped.strip() in _SEQ_WORDS:
                opening = joined.pop()
            joined.append(line._replace(text=text, stripped=text, after_blank=opening.after_blank))
            index += 2
            carded = True
            continue
        label = (word if word is not None and word not in _TASK_TEXT_WORDS
                 else line.stripped.strip() if _CARD_LABEL.fullmatch(line.stripped.strip()) else None)
        if carded and label and index + 1 < len(lines) and _card_value(lines[index + 1]):
            # 牵头单位 / 县住建局、县水利局 / 配合单位 / …, 整改目标 / …: in a card, each label with its value
            # on one line, so that the next label ends the units above it
            text = f"{label}：{lines[index + 1].stripped.strip()}"
            joined.append(line._replace(text=text, stripped=text))
            index += 2
            continue
        joined.append(line)
        index += 1
    return joined


# A card's field numbered as if it were an item: 1、比赛时间：… / 2、比赛地点：… / 3、负责单位：镇文化站.
_FIELD_ONE = regex(r"\s*1\s*[、.．]\s*[\u4e00-\u9fff]{2,8}\s*[：:]")
_NUMBERED_FIELD = regex(r"\s*(\d{1,2})\s*[、.．]\s*(?=([\u4e00-\u9fff]{2,8})\s*[：:]\s*\S)")


def numbered_fields_unnumbered(lines: list[Line]) -> list[Line]:
    """An activity's or a record's fields numbered 1、2、3… under its heading, one of them
    naming who does it (负责单位：) or by when: the fields of the heading's item, their numbers
    dropped, so that they are not items of their own with a label and nothing else."""
    if not any(_FIELD_ONE.match(line.stripped) for line in lines):
        return lines                    # (no field numbered 1 anywhere: most documents)
    result = list(lines)
    index = 0
    while index < len(lines):
        if lines[index].stripped.lstrip()[:1] != "1":
            index += 1                  # (a run opens with its field 1: most lines open otherwise)
            continue
        run, end = _numbered_field_run(lines, index)
        if len(run) >= 2 and any(label_role(word) is not None for _, _, word in run):
            for at, match, _ in run:
                text = lines[at].stripped[match.end():]
                result[at] = lines[at]._replace(text=text, stripped=text)
            index = end
        else:
            index += 1
    return result


def _numbered_field_run(lines: list[Line], start: int) -> tuple[list[tuple[int, re.Match[str], str]], int]:
    """The fields numbered 1, 2, 3 … from lines[start] (none unless it is field 1), each maybe
    wrapped onto lines with no number of their own, and the index after the last."""
    run: list[tuple[int, re.Match[str], str]] = []
    index = start
    while index < len(lines):
        text = lines[index].stripped
        match = _NUMBERED_FIELD.match(text)
        if match is not None and int(match.group(1)) == len(run) + 1:
            run.append((index, match, match.group(2)))
        elif not run or match is not None or marker_of(text)[0] or ":" in text or "：" in text:
            break                       # (a wrapped field's rest holds no number and no label)
        index += 1
    return run, index


# A card's other labels, alone on their lines over their words (整改目标, 工作目标, 整改措施, 备注).
_CARD_LABEL = regex(r"[\u4e00-\u9fff]{0,4}(?:目标|措施|要求|情况|备注|成效|说明)")


def _header_word(line: Line) -> bool:
    """A table's header cell on its line (建设地点, 投资（万元）), or a label alone."""
    text = line.stripped.strip()
    return len(text) <= 12 and "：" not in text and (lone_field_word(text) is not None or meaning_of(text) is not None)


def _card_value(line: Line) -> bool:
    """Words or units a card's label stands over: not a table's cell mark (a lone |), nor another label."""
    text = line.stripped.strip()
    return bool(_WORDS.search(text)) and "|" not in text and not _header_word(line) and not marker_of(text)[0]


_WORDS = regex(r"[\u4e00-\u9fff]")


def _card_label_follows(lines: list[Line], start: int) -> bool:
    """Does a unit's or a date's label stand alone on its line next, over its value (责任单位 /
    县民政局)? Not a table's header one cell per line: its words follow one another."""
    word = lone_field_word(lines[start].stripped) if len(lines[start].stripped) <= 12 else None
    return word is not None and word not in _TASK_TEXT_WORDS and start + 1 < len(lines) \
        and _card_value(lines[start + 1])


def build_outline(lines: list[Line], typical_width: int | None = None) -> list[Item]:
    """Items of a run of (non-table) lines, nested by marker kind."""
    typical = typical_width or typical_line_width(lines)
    roots: list[Item] = []
    stack: list[Item] = []
    current: Item | None = None
    lines = list(lines)
    for index, line in enumerate(lines):
        if index + 1 < len(lines) and len(line.stripped) <= 5 and _BARE_NUMBER.match(line.stripped) \
                and not marker_of(lines[index + 1].stripped)[0]:
            # 1. / 新建…: a number a converter left on a line of its own, before its item's words
            joined = line.stripped + lines[index + 1].stripped
            lines[index + 1] = lines[index + 1]._replace(text=joined, stripped=joined, after_blank=line.after_blank)
            continue
        if "。一、" in line.stripped and (cut := _heading_after_the_preamble(lines, index)) is not None:
            # …结合我县实际，制定本方案。一、重点任务1.…（…）2.…: a plan whose breaks a page's copy lost, its
            # first heading after the preamble's stop; the heading opens a line of its own
            tail = line.stripped[cut:]
            lines.insert(index + 1, line._replace(text=tail, stripped=tail, after_blank=True))
            line = lines[index] = Line(line.number, line.stripped[:cut], line.after_blank)
        kind, label, rest = marker_of(line.stripped)
        if kind is None and line.stripped.endswith(("：", ":")) and index + 1 < len(lines) \
                and (alone := TASK_TEXT_LABEL.match(line.stripped + "…")) and alone.end() == len(line.stripped) \
                and not (index and _the_words_before(lines, index).endswith(_BEFORE_ITS_TASKS_WORD)):
            # (not （一）县发改局主要 / 工作任务：, a unit's heading a line cut before its tasks' word)
            following = lines[index + 1].stripped
            if marker_of(following)[0]:
                kind, label, rest = "place", "", ""     # 督办事项： / 1.… / 2.…: a record whose words are the numbered lines
            elif not opens_a_field(following) and not find_labels(following[:_LABEL_REACH]):
                kind, label, rest = "record", "", ""    # 整改任务： / 部分村组…。 / 责任单位：…: the record's words below its label
        first = _first_item_glued(lines, index) \
            if "1" in line.stripped or "一" in line.stripped or kind in ("cn", "cn()") and _DIGIT.search(line.stripped) else None
        if first is not None:
            # 一、重点任务1.改造…（…）2.新增…: a heading and its items on one line, as a page's copy
            # lost their breaks; the items start at their first number
            tail = line.stripped[first:]
            lines.insert(index + 1, line._replace(text=tail, stripped=tail, after_blank=True))
            line = Line(line.number, line.stripped[:first].rstrip(" \u3000"), line.after_blank)
            kind, label, rest = marker_of(line.stripped)
        if kind is not None and (rest[:1] in "；;，,。" or kind == "num)") and current is not None \
                and _brackets_open("".join(previous.stripped for previous in current.lines)) > 0:
            # （责任单位：县生态环境分局 / [2]；完成时限：…: a footnote's mark inside the bracket; …（详见附件 / 2）【…:
            # the rest of a bracket a line broke after its number's word, no item 2)
            kind = label = None
        if kind in ("cn", "num.") and index and not lines[index - 1].stripped.endswith((*SENTENCE_ENDS, "）", ")")) \
                and _counts_on(label, rest):
            kind = label = None         # …推进农业与 / 二、三产业融合发展: a count (二、三), not an item
        if kind is not None and _after_an_ordinal_s_word(lines, index):
            kind = label = None         # 县第 / 一、第二人民医院, 按照方案第 / （二）部分: an ordinal's number
        if kind == "cn" and current is not None and current.kind in _LISTS_GOING_ON \
                and _a_sentence_from(lines, index) and _list_goes_on(lines, index, current) \
                and not find_labels(_to_its_end(lines, index)):   # (二、…。责任股室：…: a chapter over items numbered on)
            # 1、单位名称：… / 隐患情况：…； / 二、应急照明灯损坏； / 三、… / 2、…: a list inside the item, not
            # chapters (a chapter's heading names a part, and the items after it number afresh)
            kind = label = None
        if kind is None and current is not None and line.stripped[:1].isdecimal() and index:
            # (after a sentence's end, or over a label line of its own: 2新建农村幸福院 / 牵头单位：…)
            glued = _number_glued_to_its_words(line.stripped, current) \
                if lines[index - 1].stripped.endswith(SENTENCE_ENDS) \
                or index + 1 < len(lines) and opens_a_field(lines[index + 1].stripped) else None
            if glued is None and current.kind in ("cn", "cn()") and not current.children:
                glued = _first_number_glued_over_labels(lines, index)
            if glued is not None:        # 2、… / 3关于…: the next number, its point left out
                kind, label, rest = "num.", glued, line.stripped.lstrip()[len(glued):]
        if kind in ("cn", "cn()", "num.") and (part := _first_part_run_on(line.stripped, lines[index + 1:index + _PART_LINES])) is not None:
            # 1.深化商事制度改革。（1）推行…（X负责）（2）推进…: the item's parts run on after its heading
            # sentence, each with its own units, as a page that lost its breaks gives them
            lines.insert(index + 1, line._replace(text=line.stripped[part:], stripped=line.stripped[part:],
                                                  after_blank=False))
            line = Line(line.number, line.stripped[:part], line.after_blank)
        records_run_on = False
        if kind is None and ("）" in line.stripped) and not _a_numbered_paragraph_running(current) \
                and (cut := _next_record_run_on(line.stripped, lines[index - 1].stripped if index else "",
                                                lines[index + 1].stripped if index + 1 < len(lines) else "")) is not None:
            # (not where the bracket opened on the line above: …减少10%。（市环 / 保局牵头）城市…, the line's head
            # closes the record above)
            records_run_on = line.stripped[:1] != "（" and "（" in line.stripped[:cut]
            # …达到95%。（县住建局牵头）农村卫生厕所普及率达到90%。（县农业农村局牵头）…: unnumbered
            # targets run together, each closed by its own bracket of units
            lines.insert(index + 1, line._replace(text=line.stripped[cut:], stripped=line.stripped[cut:], after_blank=False))
            line = Line(line.number, line.stripped[:cut], line.after_blank)
        elif kind is None and index + 1 < len(lines) and line.stripped[:1] != "（" and current is not None \
                and (lines[index - 1].stripped.endswith(("。", "）")) or current.kind is not None and len(current.lines) == 1
                     and "。" not in current.lines[0].stripped) \
                and _first_of_records_run_on(lines[index:index + _RECORD_LINES]):
            # 全县常住人口…。（县卫 / 健局牵头）万元…: the first of such records, its bracket closed on a line below
            records_run_on = True
        marks = _next_marks(kind, label) if kind else _next_marks(current.kind, current.label) if current else None
        # (…（县住建局负责）（二）提升…: or the next item of one the item is inside)
        # (…or, after free words under an item, the next item of any open one: …日常管理。 / （各成员单位）二、…)
        rank_here = _RANK.get(kind or current.kind or "", 0) if kind or current is not None and current.kind else _FREE_RANK
        outer = [found for found in (_next_marks(open_item.kind, open_item.label) for open_item in stack
                                     if _RANK.get(open_item.kind or "", 9) < rank_here)
                 if found] if stack and (kind or current is not None) else []
        following = lines[index + 1] if (marks or outer) and index + 1 < len(lines) else None
        cuts = [found for next_marks in ([marks] if marks else []) + outer
                if (found := _next_item_run_on(line.stripped, following.stripped if following else "", next_marks)) is not None]
        if (marks or outer) and ("）" in line.stripped or ")" in line.stripped):
            # …（责任单位：县卫健局、县财政局等）4.开展…, …等）（五）…: the item or part after one a copy left out,
            # right after the bracket of roles that closes this one (a summary's copy skips items)
            levels = [(kind, label)] if kind else [(current.kind, current.label)] if current is not None else []
            levels += [(open_item.kind, open_item.label) for open_item in stack
                       if _RANK.get(open_item.kind or "", 9) < rank_here] if stack else []
            cuts += [gap for level_kind, level_label in levels
                     if (gap := _next_item_after_a_gap(line.stripped, level_kind, level_label)) is not None]
        if cuts and (cut := min(cuts)) is not None:
            # …（县发改局负责）2.争取…: the next item written on, with no line break of its own.
            # The rest ends where the line did: at the margin if the line reached it.
            tail = line.stripped[cut:]
            if following is not None and not marker_of(tail)[0]:
                # …负责）（ / 二）新建…: a page's line break cut the number itself.
                lines[index + 1] = following._replace(text=tail + following.stripped,
                                                      stripped=tail + following.stripped, after_blank=True)
            else:
                lines.insert(index + 1, line._replace(text=tail, stripped=tail, after_blank=True))
            line = Line(line.number, line.stripped[:cut].rstrip(" \u3000\t"), line.after_blank)
            kind, label, rest = marker_of(line.stripped)
            if kind is not None and _after_an_ordinal_s_word(lines, index):
                kind = label = None
        if kind == "record" and current is not None and current.kind not in (None, "record") \
                and not label \
                and len(current.lines) <= 6 and not find_labels("".join(previous.stripped for previous in current.lines)) \
                and not _another_record_follows(lines, index):
            # 1.推进县城更新 / 工作内容：… / 责任单位：…: the label line is the numbered item's body
            # (under 一、督办事项 the records follow one another, each after the last one's labels).
            kind = label = None
        elif kind == "record" and current is not None and current.kind == "record" and len(current.lines) <= 3 \
                and not label and _NAMED_RECORD.match(current.lines[0].stripped) \
                and not find_labels("".join(previous.stripped for previous in current.lines[1:])) \
                and (content := _ITS_CONTENT.match(line.stripped)):
            # 01 项目名称：城南污水厂提标改造 / 建设内容：…: what the named project is, the same record's words
            # (its label no words of the task: 城南污水厂提标改造：改造…)
            line = Line(line.number, "：" + line.stripped[content.end():], line.after_blank)
            kind = label = None
        elif kind == "bullet" and line.stripped.lstrip().startswith("、") \
                and not (index and (lines[index - 1].stripped.endswith((*SENTENCE_ENDS, ":"))
                                    or _a_heading_alone(lines[index - 1].stripped))):
            kind = label = None          # （县财政局 / 、县税务局负责）: a list a page's width broke before its 、
                                         # (a bare 、 opens an item after a sentence's end or a heading alone)
        elif kind in ("bullet", "ordinal") and index and _continues_a_sentence(lines[index - 1], typical):
            # 建设“四个县城” / ——宜居…, 增速位居全市 / 第一，…: a mark the converter's break put first
            kind = label = None
        elif kind == "bullet" and current is not None and _names_units_only(rest, _next_text(lines, index)):
            kind = label = None          # …预案。/ ——县林业局: the units of the item before, after their dash
        if kind is None and _names_a_place_over_numbered_items(lines, index):
            kind = "place"               # 城关农贸市场（责任单位：县市场监管局） / 1、… / 2、…
        if kind is None and is_section_start(lines, index, typical):
            stack = []
        elif kind is None and current is not None and _assigns_parent(line, current):
            # （责任单位：…） on its own line after unlabelled sub-items (1)…(4): it
            # assigns the item they belong to, not the last of them.
            current.parent.lines.append(line)
            current = current.parent          # the label's broken lines follow it there
            continue
        elif kind is None and current is not None \
                and (current.kind is not None or assigns_the_items_above(current.lines[0].stripped)) \
                and assigns_the_items_above(line.stripped) and not _a_count_cut_from_its_words(lines, index):
            # (…after another such line too: 2项目标的责任单位均为X。 / 以上6项目标由Y跟踪督办。)
            # （以上任务牵头单位：…） / 以上2项工作由X牵头: it assigns the items above it, so it is
            # their sibling, not the last one's words (under no heading too: then the outline's).
            item = Item(None, None, [line], typical=typical)
            item.parent = current.parent
            (current.parent.children if current.parent is not None else roots).append(item)
            current = item
            continue
        elif kind is None and current is not None and (_PUNCTUATION_ONLY.match(line.stripped)
                                                        or line.stripped[:1] in GOES_ON
                                                        or not _ends_with_assignment(current.lines)
                                                        or _closes_the_open_bracket(current, lines, index)
                                                        or current.kind is not None and _a_time_label_line(line.stripped)
                                                        or current.kind is not None and (MILESTONE_LINE.match(line.stripped)
                                                                                         or DATE_ALONE.fullmatch(line.stripped))) \
                and not (records_run_on and current.kind is not None and "。" not in current.lines[-1].stripped) \
                and not _names_a_group_between_items(lines, index, current) \
                and not _heads_a_record(lines, index, typical) and not _opens_a_record_after_labels(lines, index, current, typical) \
                and not _another_bracketed_record(lines, index, current, typical) \
                and not _another_labelled_record(lines, index, current, typical) and not _opens_a_place_record(lines, index) \
                and not _roles_then_work_after_a_date(lines, index, current) \
                and not _after_a_sentence_and_its_date(current) \
                and not _a_remark_after_the_labels(current, line) \
                and not _after_a_lead_in(current) \
                and not _first_item_under_a_title(current, line, lines[index + 1:index + 1 + _SENTENCE_LINES]):
            # (a full stop the converter broke onto a line of its own ends the item before it)
            current.lines.append(line)
            continue
        item = Item(kind, label, [line], typical=typical)
        if kind is None:
            # Free text belongs to the innermost open item's level as a sibling leaf.
            parent = stack[-1] if stack else None
        else:
            while stack and not _nests(stack[-1].kind, kind, stack):
                stack.pop()
            parent = stack[-1] if stack else None
        item.parent = parent
        (parent.children if parent else roots).append(item)
        if kind is not None:
            stack.append(item)
        current = item
    return roots


def _after_a_sentence_and_its_date(current: Item) -> bool:
    """县城管局负责，县市场监管局配合，取缔…。 / 2025年5月31日前 / 县商务局督促…: unnumbered measures, each a
    sentence over its date alone on a line (a table's two cells copied without their grid): the date closes
    the measure, and the next line opens another."""
    return current.kind is None and len(current.lines) >= 2 and DATE_ALONE.fullmatch(current.lines[-1].stripped) is not None \
        and current.lines[-2].stripped.endswith("。") and _OPENS_WITH_UNIT.match(current.lines[0].stripped) is not None


_OPENS_WITH_UNIT = regex(r"[县市区镇乡][\u4e00-\u9fff]{1,12}?(?:局|委|办|中心|政府|队|站|所)")


def _a_heading_alone(text: str) -> bool:
    """二、主要任务: a numbered heading's short words with no sentence's marks, nothing else on its line."""
    kind, _, rest = marker_of(text)
    return kind is not None and len(rest) <= 30 and not re.search(r"[，。；（(、]", rest)


def _names_a_group_between_items(lines: list[Line], index: int, current: Item) -> bool:
    """就业创业工作专班 between 1.…。（县人社局） and 2.…: a short line naming the group of the items
    below, after an item its sentence and bracket finished; not the item's last words."""
    if current.kind not in ("num.", "num()", "circled") and not (current.kind is None and _is_a_place_record(current)):
        return False
    text = lines[index].stripped.strip()
    if not 2 <= len(text) <= 16 or index + 1 >= len(lines) \
            or re.search(r"[，。；：、,;:（）()]", text) or DATE_ALONE.fullmatch(text) or text[:1] in _DASHES:
        return False                    # (2024年5月1日前: the item's time, no group's name; ——县应急局: its unit)
    last = current.lines[-1].stripped.rstrip()
    if not last.endswith(("）", "。")) or _brackets_open("".join(line.stripped for line in current.lines)) > 0:
        return False                    # (…〔县商务局，…不再列出。 / 各责任单位按职责分工落实〕: the bracket goes on)
    below = marker_of(lines[index + 1].stripped)[0]
    return below is not None and below == (current.kind or below) or _opens_a_place_record(lines, index + 1)


_DASHES = "—－-–"


def _is_a_place_record(item: Item) -> bool:
    """Does the free item open as a place record (县汽车站（责任单位：…）：…), maybe wrapped?"""
    return _place_record_at(item.lines) is not None


def _place_record_at(lines: list[Line]) -> re.Match[str] | None:
    """The place record the lines open with (its bracket maybe broken over the next lines by a narrow page)."""
    return _PLACE_RECORD.match("".join(line.stripped.strip() for line in lines[:4]))


def _roles_then_work_after_a_date(lines: list[Line], index: int, current: Item) -> bool:
    """县城管局负责，县商务局配合，取缔占道经营。 / 2022年5月1日前 / 县交通局负责，…: a table's rows flattened
    with no numbers, each who then the work, its time cell on the line below. After such a date (or the
    plan's title), a line opening with units and their role opens the next record."""
    if current.kind is not None or not (DATE_ALONE.fullmatch(current.lines[-1].stripped)
                                        or _a_line_or_two_of_free_text(current)
                                        and not current.lines[-1].stripped.endswith(SENTENCE_ENDS + ("，", "、"))):
        return False                    # (…责任分解表 over the rows: the plan's or a table's title, no sentence)
    above = current.lines[-1].stripped
    if above.count("（") > above.count("）") or cut_inside_a_phrase(above, lines[index].stripped):
        return False                    # (…12公里。（县住房和 / 城乡建设局牵头，…: the bracket a page's break cut)
    first = _FIRST_CLAUSE.match(lines[index].stripped)
    return first is not None and is_role_list(first.group(1))


_FIRST_CLAUSE = regex(r"\s*([^，。；：,（(【［]{2,40}?(?:牵头|负责))[，,]")


def _opens_a_place_record(lines: list[Line], index: int) -> bool:
    """县汽车站（责任单位：县交通局）：候车厅座椅破损。: a place (or body) named with its labelled units,
    then a colon and what was found there, as a 督查通报 lists them without numbers; after a
    finished sentence or a short line naming the group, it opens a record of its own."""
    if not index or "（" not in lines[index].stripped[:25]:
        return False
    record = _place_record_at(lines[index:index + 4])
    if record is None or not find_labels(record.group("labels")):
        return False
    above = lines[index - 1].stripped.rstrip()
    kind, _, heading = marker_of(above)
    above = heading.rstrip() if kind else above           # (一、整改未落实的点位: the heading's words)
    return above.endswith(("。", "；", "！")) or len(above) <= 16 and not _SENTENCE_MARK.search(above)


_PLACE_RECORD = regex(r"\s*[^，。；、：:（）\s]{2,24}（(?P<labels>[^（）]{4,80})）\s*[：:]\s*\S")
_SENTENCE_MARK = regex(r"[，。；：、,;:]")


# (after the heading's stop or colon, or right after its words where a page lost its breaks: 1.清理街面（1）目标：…)
_FIRST_PART = regex(r"(?<=[。：:\u4e00-\u9fff])\s*(?:[（(]1[）)]|①)(?=[\u4e00-\u9fff“])")
_SECOND_PART = regex(r"[（(]2[）)]|②")


def _first_part_run_on(text: str, below: list[Line]) -> int | None:
    """Where the first of an item's numbered parts starts after its heading sentence on the same line
    (深化商事制度改革。（1）推行…（2）…), where a second part follows, on the line or on the lines `below` it a
    page's width broke it onto; None for most lines."""
    if "1" not in text and "①" not in text:
        return None
    first = _FIRST_PART.search(text)
    if first is None or first.start() > _HEADING_LONGEST_RUN_ON:
        return None
    window = text + "".join(line.stripped for line in below)[:_PART_REACH]
    second = _SECOND_PART.search(window, first.end())
    # (…or a label's units right before it: （1）目标：…，责任单位：县城管局（2）目标：…, a page that lost its breaks)
    if second is None or not (ends_with_a_role_bracket(window[first.end():second.start()])
                              or _ends_a_label_s_units(window[first.end():second.start()])):
        return None                     # (parts without units of their own are the item's words)
    return first.start() + len(text[first.start():]) - len(text[first.start():].lstrip())


_PART_LINES = 40                   # lines below in which a part's second may start (a narrow page, 16 ems)
_PART_REACH = 600


_HEADING_LONGEST_RUN_ON = 40       # a heading sentence before its parts is short


_CLOSING_BRACKET_THEN_WORDS = regex(r"）[。；]?(?=\s*[\u4e00-\u9fff“])")     # (…）。 a stop after it too)


def _next_record_run_on(text: str, above: str, after: str = "") -> int | None:
    """Where the next unnumbered record starts in `text`: right after a bracket of units with their
    roles that closes a sentence (…。（县住建局牵头）农村卫生厕所…), or that opens the line and closes
    the sentence the line above ended; the words after it make a sentence of their own."""
    for match in _CLOSING_BRACKET_THEN_WORDS.finditer(text):
        close = match.start()
        opening = text.rfind("（", 0, close)
        if opening < 0 and "）" not in text[:close] and "。" not in text[:close]:
            # …减少10%。（市环 / 保局牵头）城市建成区…: the bracket opened on the line above, a page's width broke it
            up = above.rstrip()
            opened = up.rfind("（")
            if opened < 0 or "）" in up[opened:] or not up[:opened].rstrip().endswith("。"):
                continue
            content = up[opened + 1:] + text[:close]
        elif opening < 0 or "）" in text[opening + 1:close]:
            continue
        else:
            before = text[:opening].rstrip()
            if not (before.endswith("。") or not before and above.rstrip().endswith("。")):
                continue
            content = text[opening + 1:close]
        rest = text[match.end():] + after     # (the words after it may end on the line below, a page broke them)
        if len(rest.strip()) < 6 or not re.search(r"[。；）]", rest):
            continue
        if find_labels(content) or is_role_list(split_deadline(content)[0]):
            return match.end()
    return None


def _a_numbered_paragraph_running(current: Item | None) -> bool:
    """Is the open item a numbered one whose paragraph runs on past its first sentence (1.实施…双控。推动煤炭 / …)?
    Its brackets close its own sentences, which the item's reading splits (not records run on under a heading)."""
    return current is not None and current.kind is not None and "。" in current.lines[0].stripped.rstrip("。")


def _first_of_records_run_on(lines: list[Line]) -> bool:
    """Do the lines open with a sentence closed by a bracket of roles, and the next record run on after it, where a
    page's width broke them (全县常住人口控制在52万 / 人左右。（县卫健局、县公 / 安局牵头）万元…)?"""
    joined = "".join(line.stripped for line in lines)
    stop = joined.find("。")
    if stop < 0 or joined[stop + 1:stop + 2] != "（" or stop >= len(lines[0].stripped) + len(lines[1].stripped):
        return False
    cut = _next_record_run_on(joined[stop + 1:], joined[:stop + 1])
    ends = set(accumulate(len(line.stripped) for line in lines))
    # (the next record's words after the bracket on its own line, not the next line's: …配合） / 4.推进…)
    return cut is not None and "（" not in joined[stop + 2:stop + 1 + cut] and stop + 1 + cut not in ends


_RECORD_LINES = 4


# Items whose next one a page may run on after a sentence or its units' bracket, on one line.
_RUN_ON_KINDS = ("num.", "cn()", "num()", "cn")
_RUN_ON_AFTER = "。；;）)〕］]】"


def _next_item_run_on(text: str, following: str, marks: tuple[tuple[str, ...], tuple[str, ...], re.Pattern]) -> int | None:
    """Where the next item starts inside `text` (`…。2.争取…`, `…负责）（二）新建…`), numbered by one of
    `marks` after a sentence's end or a closing bracket; or None. Its number may go on at the start of
    the `following` line (`marks`' second part: the beginnings of the marks a line may end with)."""
    whole, beginnings, anywhere = marks
    if not anywhere.search(text) and not text.endswith(beginnings):
        return None                     # (most lines: no next number in them)
    joined = text + following[:4]
    for mark in whole:
        start = joined.find(mark, 1)
        while 0 < start < len(text):
            after = joined[start + len(mark):start + len(mark) + 1]
            before = joined[:start].rstrip(" \u3000\t")       # (…城关镇人民政府） 2、…: a space between)
            if before and after and ("\u4e00" <= after <= "\u9fff" or after in "（“《") \
                    and not (mark.endswith("、") and after in CN_DIGITS) \
                    and (before[-1] in _RUN_ON_AFTER or _ends_a_label_s_units(before)):
                return start
            start = joined.find(mark, start + 1)
    return None


def _next_item_after_a_gap(text: str, kind: str | None, label: str | None) -> int | None:
    """Where an item numbered two or three on from `label` (1. or （一） kinds) starts right after the
    bracket of roles that closes the item before it (…（责任单位：县卫健局等）4.开展…, 3 left out of the
    copy); or None."""
    if kind not in ("num.", "cn()"):
        return None
    number = _number_of_label(label)
    if number is None or not 0 < number < 97:
        return None
    found = []
    for skip in (2, 3):
        marks = [f"{number + skip}{point}" for point in ".．、"] if kind == "num." else \
            [f"{open_}{_chinese_numeral(number + skip)}{close}" for open_, close in ("（）", "()")]
        for mark in marks:
            start = text.find(mark, 1)
            while 0 < start:
                after = text[start + len(mark):start + len(mark) + 1]
                if after and ("\u4e00" <= after <= "\u9fff" or after in "（“《") \
                        and ends_with_a_role_bracket(text[:start].rstrip(" \u3000\t")):
                    found.append(start)
                    break
                start = text.find(mark, start + 1)
    return min(found, default=None)


def _ends_a_label_s_units(before: str) -> bool:
    """…责任部门：建工股、质监站（二）小街巷…: the words before the next number end a label's units (a
    page that lost its breaks runs the next item on right after them)."""
    labels = find_labels(before[-_LABEL_VALUE_LONGEST:])
    if not labels or labels[-1][2] not in (LEAD, RESPONSIBLE, COOPERATING):
        return False
    value = before[-_LABEL_VALUE_LONGEST:][labels[-1][1]:]
    return bool(value) and is_unit_list(value)


_LABEL_VALUE_LONGEST = 60


@lru_cache(maxsize=1024)
def _next_marks(kind: str | None, label: str | None) -> tuple[tuple[str, ...], tuple[str, ...], re.Pattern] | None:
    """How the item after the one numbered `label` is numbered (2. 2． 2、 for 1.; （二） for （一）), the
    beginnings of those marks a line may end with, and one pattern finding any of them; None for a
    kind never run on."""
    if kind not in _RUN_ON_KINDS:
        return None
    number = _number_of_label(label)
    if number is None or not 0 < number < 99:
        return None
    after_it = number + 1
    if kind == "num.":
        # (a page's copy may put a space before the point, 2 .健全…, or a star, 2*.开展…)
        marks = tuple(f"{after_it}{between}{point}" for between in ("", " ", "*") for point in ".．、")
    elif kind == "num()":
        marks = tuple(f"{open_}{after_it}{close}" for open_, close in ("（）", "()"))
    elif kind == "cn":
        marks = (f"{_chinese_numeral(after_it)}、",)       # (…（各成员单位）二、完善…: the next chapter run on)
    else:
        marks = tuple(f"{open_}{_chinese_numeral(after_it)}{close}" for open_, close in ("（）", "()"))
    return (marks, tuple({mark[:size] for mark in marks for size in range(1, len(mark))}),
            regex("|".join(map(re.escape, marks))))


# The first item's number right after a heading's words, with the second after a sentence or a bracket.
# (maybe a space between: 二、工作任务 1、关于…, 二、攻坚措施1. 梳理…)
# (…or numbered on from the last heading's items: （二）提升服务能力5.建设…6.推进…, a plan whose items number on
# through its headings)
_FIRST_AFTER_WORDS = regex(r"(?<=[\u4e00-\u9fff])[ \u3000]?(?P<number>(?P<value>[1-9]\d?)(?P<point>[.．、])|(?P<cn>[（(])一[）)])(?=[ \u3000]?[\u4e00-\u9fff“])")


def _first_item_glued(lines: list[Line], index: int) -> int | None:
    """Where `1.` opens a list of items glued after a heading's words on the line at `index` (重点
    任务1.改造…。（…）2.新增…, the second maybe on the lines after it a page broke), the heading
    holding no sentence of its own; None otherwise."""
    text = lines[index].stripped
    first = _FIRST_AFTER_WORDS.search(text, 0, _HEADING_REACH + 2)
    # (a heading's words hold no sentence's end; before （一） they may hold a comma: 一、做好详查，掌握状况（一）…)
    if first is None or any(mark in text[:first.start()] for mark in ("。；：;:" if first.group("cn") else "。；，：,;:")):
        return None
    window = (text + "".join(after.stripped for after in lines[index + 1:index + 8]))[:len(text) + _FIRST_ITEM_REACH]
    if first.group("cn"):               # 二、专项整治任务（一）建筑工地…（二）小街巷…
        second = window.find("（二）", first.end())     # (the lines are folded: no half-width bracket)
        if second < 0 and marker_of(text)[0] == "cn" and _one_part_assigned(text, window, first.end()):
            return first.start("number")    # 二、加强建设用地管理（一）建立名录。（责任单位：…）: its one part
        if second < 0 and _ITEMS_RUN_ON.search(window, first.end(), first.end() + _FIRST_ITEM_REACH * 2):
            return first.start("number")    # 一、加快…（一）扩大…。1、…。（X负责）2、…: its part's items run on, no （二） near
    else:
        numbered_on = first.group("value") != "1"
        if numbered_on and marker_of(text)[0] not in ("cn", "cn()"):
            return None                 # (a number after a heading's words goes on only under a chapter or part)
        second = window.find(str(int(first.group("value")) + 1) + first.group("point"), first.end())
        if second < 0 and numbered_on and (_one_part_assigned(text, window, first.end())
                                           or _closed_by_roles_before_the_next_part(window, first.end())):
            return first.start("number")    # （三）加强人才队伍建设8.开展师承教育，（责任单位：…）: its one item
    if second < 0 or window[:second].rstrip(" \u3000")[-1] not in _RUN_ON_AFTER \
            and not _ends_a_label_s_units(window[:second]):
        return None
    return first.start("number")


def _one_part_assigned(text: str, window: str, start: int) -> bool:
    """二、加强…（一）建立名录。（责任单位：…）, or its bracket on the lines after it up to the next chapter
    (…。 / （县行政审批局、县市场监管局）三、…): a chapter's one part glued after its heading, closed by its own
    bracket of units."""
    if ends_with_assignment(text):
        return True
    chapter = _NEXT_CHAPTER.search(window, start)
    part = window[:chapter.start() if chapter else len(window)].rstrip("。； ")
    bracket = ASIDE_AT_THE_END.search(part)
    return bracket is not None and part[:bracket.start()].rstrip().endswith(("。", "；")) \
        and (is_unit_list(bracket.group(1)) or is_role_list(bracket.group(1)) or bool(find_labels(bracket.group(1))))


_DIGIT = regex(r"\d")
# A part's first two items run on after its heading sentence, the second after the first's bracket or stop.
_ITEMS_RUN_ON = regex(r"[。；;]1[、.．][\u4e00-\u9fff“（(\d].{2,200}?[）)。；;]2[、.．](?=[\u4e00-\u9fff“\d])")
_BRACKET_BEFORE_A_PART = regex(r"[）)]\s*(?=[（(][一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]{1,3}、|$)")


def _closed_by_roles_before_the_next_part(window: str, start: int) -> bool:
    """…10.实施高质量发展，（责任单位：区文广旅局）（六）…: the one item after a part's heading closes with its
    bracket of roles right before the next part or chapter."""
    bracket = _BRACKET_BEFORE_A_PART.search(window, start)
    return bracket is not None and ends_with_a_role_bracket(window[:bracket.end()])
_NEXT_CHAPTER = regex(r"(?<=[。；）])[二三四五六七八九十]{1,2}、")
_HEADING_REACH = 24
_FREE_RANK = 99                  # free words under an item: below every numbered kind


def _heading_after_the_preamble(lines: list[Line], index: int) -> int | None:
    """Where `一、` opens the plan's first heading after a sentence's stop on the line at `index`, its
    items glued after its words (制定本方案。一、重点任务1.开展…); None otherwise."""
    text = lines[index].stripped
    cut = text.find("。一、") + 1
    if cut <= 0 or marker_of(text)[0]:
        return None
    trial = [lines[index]._replace(text=text[cut:], stripped=text[cut:]), *lines[index + 1:index + 8]]
    heading = marker_of(text[cut:])[2]
    return cut if _first_item_glued([trial[0]._replace(text=heading, stripped=heading), *trial[1:]], 0) is not None \
        else None
_FIRST_ITEM_REACH = 160          # characters in which the second item starts after the first
_BARE_NUMBER = regex(r"^\s*(?:\d{1,3}\s*[.．、]|[（(]\s*(?:[一二三四五六七八九十]{1,3}|\d{1,3})\s*[）)]|[一二三四五六七八九十]{1,3}、)\s*$")


_LISTS_GOING_ON = ("num.", "record")
_LIST_REACH = 12                        # lines looked ahead for the list's next number


def _list_goes_on(lines: list[Line], index: int, current: Item) -> bool:
    """Does the numbered list the current item belongs to go on with its next number after the
    run of 二、三、 lines starting at `index`, each a sentence (an enumeration inside the item)?"""
    numbered = current
    while numbered is not None and numbered.kind not in ("num.",):
        numbered = numbered.parent
    number = _number_of_label(numbered.label) if numbered is not None else None
    if number is None:
        return False
    for line in lines[index + 1:index + _LIST_REACH]:
        kind, label, _ = marker_of(line.stripped)
        if kind == "num.":
            return _number_of_label(label) == number + 1
        if kind is not None and kind != "cn":
            return False
    return False


def _to_its_end(lines: list[Line], index: int) -> str:
    """The words from lines[index] to the end of their line's last sentence, a page's breaks joined (at most
    three lines)."""
    words = ""
    for line in lines[index:index + 3]:
        words += line.stripped
        if line.stripped.rstrip().endswith(("。", "；", ";")):
            break
    return words


def _a_sentence_from(lines: list[Line], index: int) -> bool:
    """Do the words from lines[index] end a sentence (；。) within a few lines, before any other
    item's number or field: an entry of a list (二、应急照明灯损坏；), not a chapter's heading?"""
    for line in lines[index:index + 3]:
        if line is not lines[index] and (marker_of(line.stripped)[0] or opens_a_field(line.stripped)):
            return False
        if line.stripped.rstrip().endswith(("；", ";", "。")):
            return True
    return False


def _counts_on(label: str | None, rest: str) -> bool:
    """二、三产业, 3、4月份: the words after the number open with the number after it, written the
    same way, as a count of two (secondary and tertiary; March and April) does (not 一、2023年…)."""
    number = _number_of_label(label)
    if number is None or not 0 < number < 99:
        return False
    if label.isdecimal():
        following = str(number + 1)
        return rest.startswith(following) and not rest[len(following):len(following) + 1].isdecimal()
    following = _chinese_numeral(number + 1)
    # (not 一、二〇二五年…: a year written in characters)
    return rest.startswith(following) and rest[len(following):len(following) + 1] not in "〇零○一二三四五六七八九"


_GLUED_NUMBER = regex(rf"^\s*(\d{{1,2}})(?=[\u4e00-\u9fff“《])(?![{MEASURES}年月日号期批届])")


def _number_glued_to_its_words(text: str, current: Item) -> str | None:
    """The number of the item after `current`'s numbered item, written with no point before its
    words (3关于…, after 1、 and 2、), where a sentence ended on the line before; or None."""
    glued = _GLUED_NUMBER.match(text)
    if glued is None:
        return None
    item: Item | None = current
    while item is not None and item.kind != "num.":
        item = item.parent
    if item is None or _number_of_label(item.label) != int(glued.group(1)) - 1:
        return None
    return glued.group(1)


def _first_number_glued_over_labels(lines: list[Line], index: int) -> str | None:
    """一、兜底保障工程 / 1提高城乡低保标准 / 牵头单位：县民政局: the first item's number with no point
    before its short name, right under a section's heading, its labels on the lines after it; or None."""
    glued = _GLUED_NUMBER.match(lines[index].stripped)
    if glued is None or glued.group(1) != "1" or len(lines[index].stripped) > 40 \
            or any(mark in lines[index].stripped for mark in "。；，") or index + 1 >= len(lines) \
            or not opens_a_field(lines[index + 1].stripped):
        return None
    return "1"


def _number_of_label(label: str | None) -> int | None:
    """The number an item's label says (5, （二）, 十二), or None for a label of another kind."""
    digits = (label or "").strip("（）()")
    if not digits or not (digits.isdecimal() or all(char in "一二三四五六七八九十" for char in digits)):
        return None
    return number_of(digits) if digits.isdecimal() or "十" in digits or len(digits) == 1 else None


def _chinese_numeral(number: int) -> str:
    """1 … 99 as written in an item's number: 二, 十, 十二, 二十一."""
    digits = "零一二三四五六七八九"
    tens, units = divmod(number, 10)
    if not tens:
        return digits[units]
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[units] if units else "")


def _continues_a_sentence(previous: Line, typical: int) -> bool:
    """Is the line before a full one that the converter broke with its sentence unfinished? (Not one that ends a
    label's value with a whole unit, …责任单位：县住建局: the value ends there, as no sentence does.)"""
    return previous.width >= typical * 0.9 and not previous.stripped.endswith((*SENTENCE_ENDS, "）", ")")) \
        and not _ends_a_unit_label_s_value(previous.stripped)


def _ends_a_unit_label_s_value(text: str) -> bool:
    labels = find_labels(text) if "：" in text or ":" in text else []
    if not labels or labels[-1][2] not in (LEAD, RESPONSIBLE, COOPERATING):
        return False
    return looks_like_unit(LIST_MARKS.split(text[labels[-1][1]:])[-1])



def _another_record_follows(lines: list[Line], index: int) -> bool:
    """Does another record open (存在问题：…) before the next numbered item? Then the record at
    `index` is the first of a list under a heading, not the body of the item before it."""
    for following in range(index + 1, len(lines)):
        kind = marker_of(lines[following].stripped)[0]
        if kind == "record":
            return True
        if kind is not None:
            return False
    return False


def _next_text(lines: list[Line], index: int) -> str:
    """The next line's text unless it opens an item of its own."""
    following = lines[index + 1].stripped if index + 1 < len(lines) else ""
    return "" if marker_of(following)[0] else following


def _names_units_only(text: str, wrapped: str = "") -> bool:
    """县林业局，2024年9月底前 or 县应急局牵头，县消防救援大队配合: units, their roles and date;
    alone, or with the line after it, where a converter broke it (县林业局，2024年 / 9月底前)."""
    if wrapped and _names_units_only(text + wrapped):
        return True
    who = split_deadline(text.rstrip("。；; "))[0]      # (its stop closes the item: ——X牵头，Y配合。)
    if len(who) > 60 or any(stop in who for stop in "。；！？"):
        return False                 # a sentence: ——地区生产总值增长6%左右。（县发改局牵头）
    bare = _CLOSING_ASIDE.sub("", who.rstrip())
    if bare != who.rstrip() and not is_unit_list(bare):
        return False                 # work and who does it: ——新建城区基站20个（县工信局负责）
    return is_unit_list(who) or is_role_list(who)


_CLOSING_ASIDE = regex(r"[（(][^（）()]*[）)]$")


def _heads_a_record(lines: list[Line], index: int, typical: int) -> bool:
    """督办事项2 or 项目二 on a line of its own before a record's 工作任务：…: the
    record's heading, not the end of the record before it (its 完成时限 value, or the
    rest of a line the converter broke: 2024年10 / 月底前)."""
    text = lines[index].stripped
    return (index + 1 < len(lines) and not text.endswith(SENTENCE_ENDS) and len(text) <= 12
            and _RECORD_NUMBER.search(text) is not None and not _DATE_WORD.search(text)
            and marker_of(lines[index + 1].stripped)[0] == "record" and not find_labels(text)
            and not (index and lines[index - 1].width >= typical * 0.9))


def _opens_a_record_after_labels(lines: list[Line], index: int, current: Item, typical: int) -> bool:
    """新建停车泊位800个。 / 责任单位：… / 完成时限：… / 改造危桥12座。 / 牵头单位：…: unnumbered items,
    each a sentence (maybe wrapped over a few lines) over its own label lines. A sentence of its
    own after the label lines that close the item before (or after the plan's title), and over
    label lines of its own, opens the next item."""
    after_title = _a_line_or_two_of_free_text(current) \
        or len(current.lines) == 3 and current.kind is None and not current.children and _is_the_plan_s_title(current, typical)
    after_labels = len(current.lines) > 1 and (_assigning_label_line(lines[index - 1].stripped)
                                               or _after_a_wrapped_label_line(lines, index, current)) \
        or current.kind is None and current.lines[-1].stripped.rstrip().endswith(("。", "；")) \
        and _closed_by_labels_on_its_line("".join(line.stripped for line in current.lines))
    if after_title and not after_labels and _the_title_s_rest(current, lines[index], typical):
        return False                    # (某县2024年十件民生实事 / 任务分解: the title's second line)
    if not after_title and not after_labels:
        # (…县发改局、新华 / 镇 / 城北商贸物流园 / 牵头单位：…: a name after a label line a page's width broke)
        return current.kind is None and len(current.lines) > 2 and _a_name_over_its_labels(lines, index, typical, True) \
            and _after_a_broken_label_line(lines, index, typical)
    if lines[index].stripped.lstrip()[:1] in _NO_SENTENCE_START:
        return False                    # (头）、县城管局: the rest of a label's value a line broke)
    if index and _a_label_cut_by_the_line_end(lines[index - 1].stripped, lines[index].stripped):
        return False                    # (…；完成时 / 间：第一季度。: the label's rest, with its value)
    if after_labels and _GROUP_WORD_GOING_ON.match(lines[index].stripped.lstrip()):
        return False                    # (责任单位：县城管局、县退役军人事务局 / 等部门和新华镇。: the value's rest)
    if after_labels and UNIT_S_HEAD.match(lines[index].stripped.lstrip()):
        return False                    # (责任单位及责任人：县应急管理局 / 主要领导、…: the value's unit's head)
    above = lines[index - 1].stripped
    labels = find_labels(above) if after_labels else []
    if after_labels and (above.endswith(("、", "，", ",")) or labels and labels[-1][2] in (LEAD, RESPONSIBLE, COOPERATING)
                         and _its_last_name_goes_on(re.split(r"[：:]", above)[-1], _to_the_stop(lines, index))):
        return False                    # (责任单位：县应急局、县交通运 / 输局。, …、新华 / 镇人民政府。: the value's rest)
    if after_labels and labels and labels[-1][2] == DEADLINE and _a_time_cut_short(above[labels[-1][1]:], lines[index].stripped):
        return False                    # (时限：4月底前完成方案制定，11月底前全面 / 完成。: the time's rest)
    if current.kind is None and _a_name_over_its_labels(lines, index, typical, after_labels):
        return after_labels or _is_the_plan_s_title(current, typical)
    end = index
    while end < len(lines) and end - index < _SENTENCE_LINES and not lines[end].stripped.endswith(("。", "；")):
        if _FIELD_OPENING.match(lines[end].stripped):
            return False
        end += 1
        if end < len(lines) and marker_of(lines[end].stripped)[0]:
            return False                # (an item's number: the words above were no sentence of their own)
    if end >= len(lines) - 1 or end - index >= _SENTENCE_LINES or _FIELD_OPENING.match(lines[end].stripped):
        return False                    # (工作目标：年底前完工。 is a field of the record above)
    if not _assigning_label_line(lines[end + 1].stripped):
        return False
    return after_labels or _is_the_plan_s_title(current, typical)


def _a_time_cut_short(value: str, text: str) -> bool:
    """Is `text` (a few words closing a sentence) the rest of a time label's value that stops short of a whole time
    (…，11月底前全面 / 完成。; not 11月底前 over the next item's words)?"""
    clause = re.split(r"[，,]", squeeze(value).strip("：: "))[-1]
    return bool(clause) and not value.rstrip().endswith(("。", "；", ";")) and len(squeeze(text)) <= 12 \
        and text.rstrip().endswith(("。", "；", ";")) and TIME_ALONE.fullmatch(simplified(clause)) is None \
        and TIME_ALONE.fullmatch(simplified(clause + squeeze(text).rstrip("。；;"))) is not None


def _a_label_cut_by_the_line_end(above: str, text: str) -> bool:
    """Does a label run from the end of the line above into this one (…；完成时 / 间：第一季度。), or end the line
    above with its value below (…；完成时限： / 9月底前。)?"""
    tail = above.rstrip()[-8:]
    return any(start < len(tail) <= end for start, end, _ in find_labels(tail + text.lstrip()[:8]))


_GROUP_WORD_GOING_ON = regex(r"等(?:有关|相关|其他|各)?(?:部门|单位|成员单位|职能部门)")


def _its_last_name_goes_on(value: str, rest: str) -> bool:
    """Do the words below go on a label value's last name, not whole (县应急局、县交通运 / 输局。, 县水务局、县住房和城 /
    乡建 / 设局。; not 县发改局、新华镇 / 城北商贸物流园, the next project's name)?"""
    last = LIST_MARKS.split(value)[-1]
    if rest[:1] in "（(" and looks_like_unit(last) and not marker_of(rest)[0]:
        return True                     # (…各乡镇 / （街道）等。: the last name's aside)
    if joined_on(rest):
        return True                     # (…县司法局等部门 / 和县林业局。: the list joined on)
    return wrapped_inside_name(value, rest) or opens_with_its_own_office(last, rest) \
        or (not looks_like_unit(last) or its_place_s_body(last, rest)) and name_goes_on(last, rest)


def _closed_by_labels_on_its_line(text: str) -> bool:
    """改造城区公厕10座。牵头单位：X，配合单位：Y。完成时限：…。: a paragraph's sentence, then its assigning labels run
    on after it (on its line, or on the lines a page's width broke it into), to the paragraph's stop."""
    labels = find_labels(text)
    return bool(labels) and labels[0][2] in (LEAD, RESPONSIBLE, COOPERATING) \
        and text[:labels[0][0]].rstrip().endswith(("。", "，")) and text.rstrip().endswith(("。", "；"))


def _to_the_stop(lines: list[Line], index: int, most: int = 3) -> str:
    """The words from line `index` to the first full stop, over at most `most` lines a page's width broke
    (县住 / 房和城乡建 / 设局。), stopping before a label's line."""
    text = lines[index].stripped
    end = index + 1
    while "。" not in text and end < len(lines) and end - index < most and not find_labels(lines[end].stripped):
        text += lines[end].stripped
        end += 1
    return text.split("。")[0]


def _a_name_over_its_labels(lines: list[Line], index: int, typical: int, after_labels: bool) -> bool:
    """新华工业园二期 / 责任单位：县工信局 / 城东物流园 / 责任单位：…: a project's bare name, no sentence, over a
    label line of its own; after the label line that closed the one before, that line's value ended short of
    the margin, with no 、 after it. (Asked of unnumbered records only: under a numbered item the next record
    has its number.)"""
    name, above = lines[index].stripped.strip(), lines[index - 1].stripped
    labels = index + 1
    # (培育…产业集群 / 工作措施：… / 部门分工：…: the record's other fields first, maybe wrapped)
    while labels < len(lines) and labels - index <= _FIELD_LINES_BEFORE_THE_LABELS \
            and not _assigning_label_line(lines[labels].stripped) \
            and (_FIELD_OPENING.match(lines[labels].stripped)
                 or labels > index + 1 and not lines[labels - 1].stripped.endswith(("。", "；", ";"))):
        labels += 1
    return labels < len(lines) and _assigning_label_line(lines[labels].stripped) \
        and _BARE_NAME.fullmatch(name) is not None \
        and (not after_labels or not above.endswith(("、", "，", ","))
             and (lines[index - 1].width < typical * 0.8 or above.endswith(("。", "；")))   # (a stop ends the value)
             and not wrapped_inside_name(above, name))      # (…县商务局、县市 / 场监管局: the name's rest)


_FIELD_LINES_BEFORE_THE_LABELS = 4
# (words, no sentence's marks and no bracket: not the rest of a value a page's width broke, 00000）)
_BARE_NAME = regex(r"[\u4e00-\u9fff][^，。；：、,;:（）()［］【】]{1,29}")


def _after_a_broken_label_line(lines: list[Line], index: int, typical: int) -> bool:
    """Is the line above the rest of a label line a page's width broke (责任单位：县发改局、新华 / 镇), not the
    last of its units written one per line (县卫健局 / 县住建局 / 各乡镇)?"""
    tail = lines[index - 1].stripped.strip()
    if index < 2 or lines[index - 2].width < typical * 0.9 and not (len(tail) <= 2 and tail not in SHORT_BODIES):
        return False                    # (…新华 / 镇: no name is one or two characters but a few bodies', 妇联)
    for back in range(2, min(_LABEL_LINE_PIECES, index) + 1):
        above = lines[index - back].stripped
        if _assigning_label_line(above):
            return True
        if above.endswith(SENTENCE_ENDS) or _FIELD_OPENING.match(above) or marker_of(above)[0]:
            return False
    return False


def _after_a_wrapped_label_line(lines: list[Line], index: int, current: Item) -> bool:
    """Is the line above the end of a label line a page's width broke (责任单位：县教育局牵头，县消防救援大队配 /
    合。), its value finished with a stop?"""
    if not lines[index - 1].stripped.endswith(("。", "；")):
        return False
    for back in range(2, min(_LABEL_LINE_PIECES, len(current.lines) - 1) + 1):
        above = lines[index - back].stripped
        if _assigning_label_line(above):
            return True
        if above.endswith(SENTENCE_ENDS) or _FIELD_OPENING.match(above):
            return False
    return False


_LABEL_LINE_PIECES = 3                  # lines a page's width breaks one label line into, at most


def _another_bracketed_record(lines: list[Line], index: int, current: Item, typical: int) -> bool:
    """新建城南幼儿园1所（县教育局负责） / 新增停车泊位500个（县城管局牵头）: unnumbered lines, each closed by
    its own bracket of units and roles with no stop before it. After such a line (or after the
    plan's title), a line (maybe wrapped) closed the same way opens the next item."""
    if current.kind is not None:
        return False
    after_title = _a_line_or_two_of_free_text(current)
    if not after_title and not current.lines[-1].stripped.rstrip("。；").endswith(("）", "］", "〕", "】")):
        return False                    # (most lines: the item before ends in no bracket)
    end = index
    while end < len(lines) - 1 and end - index < _SENTENCE_LINES - 1 \
            and not lines[end].stripped.rstrip("。；").endswith(("）", "］", "〕", "】")):
        end += 1
        if marker_of(lines[end].stripped)[0] or _FIELD_OPENING.match(lines[end].stripped):
            return False
    if not ends_with_a_role_bracket("".join(line.stripped for line in lines[index:end + 1])):
        return False
    if after_title and _is_the_plan_s_title(current, typical):
        return True
    return ends_with_a_role_bracket("".join(line.stripped for line in current.lines[-_SENTENCE_LINES:]))


def _another_labelled_record(lines: list[Line], index: int, current: Item, typical: int) -> bool:
    """人民广场流动摊点占道经营。责任单位：县城管局。 / 城南社区楼道杂物堆放。责任单位：城南社区。: unnumbered lines,
    each a sentence closed by its own label fields on the line, with no bracket. After such a line (or after
    the plan's title, or a sentence leading into the list with its colon), a line (maybe wrapped) closed the
    same way opens the next item."""
    if not current.lines[-1].stripped.endswith(("。", "；", "：", ":")):
        return False                    # (most lines: the item before ends in no stop)
    if lines[index].stripped.lstrip()[:1] in _NO_SENTENCE_START:
        return False                    # (：县农业农村局。: the rest of a label a line broke)
    end = index
    while end < len(lines) - 1 and end - index < _SENTENCE_LINES - 1 and not lines[end].stripped.endswith(("。", "；")):
        end += 1                        # (a label a page's width broke goes on: …破损。责任 / 单位：县住建局。)
        if marker_of(lines[end].stripped)[0]:
            return False
    candidate = "".join(line.stripped for line in lines[index:end + 1])
    if not _ends_with_an_inline_label(candidate):
        return False
    if (labels := find_labels(candidate)) and not candidate[:labels[0][0]].strip():
        return False                    # (…牵头单位：X； / 配合单位：Y。完成时限：…: the item's labels go on, no words)
    lead_in = current.lines[-1].stripped
    if current.kind is None and (lead_in.endswith(("：", ":")) and not find_labels(lead_in)
                                 or _a_line_or_two_of_free_text(current) and _is_the_plan_s_title(current, typical)):
        return True                     # (the list's first item, after what leads into it)
    return _ends_with_an_inline_label("".join(line.stripped for line in current.lines[-_SENTENCE_LINES:]))


def _ends_with_an_inline_label(text: str) -> bool:
    """Does the text end with label fields after its own words and a stop or comma, outside any
    bracket (…占道经营。责任单位：县城管局。, …改造，2025年10月底前完成，责任单位：县住建局。)?"""
    if not text.endswith(("。", "；")):
        return False
    colon = max(text.rfind("："), text.rfind(":"))
    if colon < 4:
        return False
    # (the last field, from the stop or comma before its label: one look at a few characters, not the text)
    stop = max(text.rfind(mark, 0, colon) for mark in "。；，,;")
    fields = text[stop + 1:]
    return stop >= 3 and _assigning_label_line(fields) and not any(bracket in fields for bracket in "（(［[〔【")


def _a_line_or_two_of_free_text(item: Item) -> bool:
    """An unnumbered item of a line or two with nothing under it: maybe the plan's title."""
    return item.kind is None and len(item.lines) <= 2 and not item.children


def _the_title_s_rest(item: Item, line: Line, typical: int) -> bool:
    """某县2024年十件民生实事 / 任务分解: a short line of words alone under a title's line or two, together the plan's
    title."""
    if len(item.lines) > 2 or _BARE_NAME.fullmatch(line.stripped.strip()) is None:
        return False
    title = "".join(above.stripped.strip() for above in item.lines) + line.stripped.strip()
    return is_plan_title([item.lines[0]._replace(text=title, stripped=title)], 0, typical, wrapped=True)


def _is_the_plan_s_title(item: Item, typical: int) -> bool:
    """Is the free item (a line or two) the plan's title, the records below it its own?"""
    title = "".join(line.stripped.strip() for line in item.lines)
    return is_plan_title([item.lines[0]._replace(text=title, stripped=title)], 0, typical, wrapped=len(item.lines) > 1)


_SENTENCE_LINES = 4         # lines a PDF may wrap one item's sentence over
_NO_SENTENCE_START = "）)、，,；;。：:］】〕"


def _assigning_label_line(text: str) -> bool:
    """A line that opens with a label of a unit or a time and its colon (责任单位：…, 完成时限：…)."""
    text = text.lstrip()
    labels = find_labels(text) if text[:1] in _LABEL_FIRSTS and ("：" in text or ":" in text) else []
    return bool(labels) and labels[0][0] == 0 and ("：" in text[:labels[0][1]] or ":" in text[:labels[0][1]])


_FIELD_OPENING = regex(r"\s*[\u4e00-\u9fff]{2,8}\s*[：:]")
_LABEL_FIRSTS = frozenset(label[0] for label in ASSIGNING_LABELS) | frozenset("牽責單協時")

def _names_a_place_over_numbered_items(lines: list[Line], index: int) -> bool:
    """城关农贸市场（责任单位：县市场监管局） over 1、… 2、…: a place or a body named with the units
    that answer for it, on a line of its own with no number, heading the numbered items below it
    (a 督查通报's problems found, place by place)."""
    text = lines[index].stripped
    if "（" not in text or len(text) > _PLACE_HEADING_LONGEST:
        return False
    below = index + 1
    while below < len(lines) and below - index <= 2 and not text.endswith(("）", ")", "］", "】", "〕")) \
            and not marker_of(lines[below].stripped)[0]:
        text += lines[below].stripped   # (a page's break inside its bracket: 城关农贸市场（责任单位：县 / 市场监管局）)
        below += 1
    if not text.endswith(("）", ")", "］", "】", "〕")) or len(text) > _PLACE_HEADING_LONGEST or below >= len(lines):
        return False
    kind, label, _ = marker_of(lines[below].stripped)
    if kind not in ("num.", "num()", "circled") or label is None or number_of(label.strip("（()）、.． ")) != 1:
        return False
    opening = text.find("（")
    # (胜利街道办：（责任单位：…）: a colon after the name too)
    return 2 <= opening and not re.search(r"[。；，：:]", text[:opening].rstrip("：: ")) and ends_with_assignment(text)


_PLACE_HEADING_LONGEST = 60

# A record's heading counts the records: 督办事项2, 项目二, 任务卡（三）.
_RECORD_NUMBER = regex(rf"\d|{_CN}")
_DATE_WORD = regex("[年月日底前]")      # …not the rest of a date a converter broke (2024年 / 12月底前)


def _a_time_label_line(text: str) -> bool:
    """完成时限：2025年6月底前。 under an item its stated units closed (…，责任单位为县委宣传部。): the item's time,
    a field of its own."""
    if _A_TIME_STATED.match(text):
        return True                     # (完成时限为2025年10月底前。: the label stated in a sentence)
    labels = find_labels(text)
    return bool(labels) and not text[:labels[0][0]].strip() and all(role == DEADLINE for _s, _e, role in labels)


_A_TIME_STATED = regex(r"\s*(?:完成|办结|整改|工作)?(?:时限|时间|期限)[为為是]\s*(?:\d{4}|\d{1,2}月)")


def _two_listed_names(before: str, after: str) -> bool:
    """…（责任单位：河东镇、河西镇 / 城北镇；…: a list's whole name at a full line's end and another whole name opening
    the next, the list's break left out at the margin: the line's end stays between them (the unit list splits
    there, as it would not inside one name)."""
    if "、" not in before[-_LISTED_NAME_REACH:]:
        return False
    last = re.split(r"[、，,：:（(]", before)[-1]
    first = re.split(r"[、，,；;。）)]", after, maxsplit=1)[0]
    # (not a long official name holding 和 or 及, whose firm-looking end may be a cut: 县发展改革和科 / 学技术局)
    return bool(last) and bool(first) and looks_like_unit(last) and FIRM_END.search(last) is not None \
        and not any(word in last for word in "和及与") and looks_like_unit(first) and not wrapped_inside_name(last, first) \
        and not first.startswith(("有关", "相关", "所属"))     # (县政府 / 有关部门: the body's own departments)


_LISTED_NAME_REACH = 24


def _after_an_ordinal_s_word(lines: list[Line], index: int) -> bool:
    """Does the line open right after 第, so that its number is the ordinal's (按照方案第 / （二）部分…)?"""
    return index > 0 and lines[index - 1].stripped.endswith("第")


def _a_count_cut_from_its_words(lines: list[Line], index: int) -> bool:
    """…新增集成办理事项 / 20项（牵头单位：…）: a line opening with a count after words with no stop, the count the
    page's width cut from them (not 以上2项…, which follows the items' stops)."""
    return index > 0 and lines[index].stripped[:1].isdecimal() \
        and not lines[index - 1].stripped.endswith((*SENTENCE_ENDS, "）", ")"))


def _closes_the_open_bracket(current: Item, lines: list[Line], index: int) -> bool:
    """（责任单位：县市场监管局（联系人：周某）； / 整改时限：…）: the line (or it and the next, a page's width broke it)
    closes the bracket the item left open (its aside closed inside it), so it goes on the item, whatever the line
    above ended with."""
    opened = _brackets_open("".join(previous.stripped for previous in current.lines))
    if opened <= 0:
        return False
    for line in lines[index:index + _LINES_TO_CLOSE_A_BRACKET]:
        if line is not lines[index] and marker_of(line.stripped)[0]:
            return False
        opened += _brackets_open(line.stripped)
        if opened <= 0:
            return opened == 0
    return False


def _brackets_open(text: str) -> int:
    return sum(text.count(mark) for mark in _OPENS) - sum(text.count(mark) for mark in _CLOSES)


_OPENS, _CLOSES = OPEN + "(", CLOSE + ")"


_LINES_TO_CLOSE_A_BRACKET = 3


def _a_remark_after_the_labels(current: Item, line: Line) -> bool:
    """1、…问题。 / 责任单位：县交通运输局 / 各单位要高度重视，…。: a sentence of the document's after an item
    closed by its label lines: the item's words ended with their stop before the labels, the last label's
    value ends whole (a unit's name, a date, a stop), and the line is a sentence of its own, no label
    and no name the label's line wrapped. Left in, the last item had lost its units, or taken the
    remark's 各责任单位 as one more."""
    text = line.stripped
    if current.kind is None or len(current.lines) < 2 or not _A_SENTENCE_S_MARK.search(text) or text[:1] in GOES_ON \
            or _a_label_line(text) or not _a_label_line(current.lines[-1].stripped) or is_unit_list(text) \
            or cut_inside_a_phrase(current.lines[-1].stripped, text) or UNIT_S_HEAD.match(text) or DATE_ALONE.fullmatch(text):
        return False                    # (责任单位：县教育局牵头，县消防救援大队 / 配合。, …县直有关部 / 门配合。: the
                                        # label's roles or its word go on; 年底前完成。: the item's time under its labels)
    if not "\u4e00" <= text[0] <= "\u9fff":
        return False                    # (…4月 / 10前）。: a value's rest)
    body = [previous.stripped for previous in current.lines if not _a_label_line(previous.stripped)]
    if not body or not body[-1].endswith(("。", "！", "？")) or len(body) != _lines_before_the_labels(current.lines):
        return False
    written = "".join(previous.stripped for previous in current.lines)
    if written.count("（") + written.count("(") != written.count("）") + written.count(")"):
        return False                    # (…（责任单位：…；完成时限：…: labels inside a bracket still open)
    labels = find_labels(current.lines[-1].stripped)
    if not labels or labels[-1][2] not in (LEAD, RESPONSIBLE, COOPERATING, DEADLINE):
        return False                    # (整改措施：由县市政设施管理所 / 负责修复。: a measure's sentence goes on)
    value = current.lines[-1].stripped.split("：", 1)[-1].split(":", 1)[-1].rstrip("。；; ")
    last = LIST_MARKS.split(value)[-1]
    if not last or name_goes_on(last, text):
        return False                    # (各乡 / 镇人民政府。: the value's last name, wrapped)
    if labels[-1][2] == DEADLINE and _a_time_cut_short(value, text):
        return False                    # (…11月底前全部 / 建成。: the time's rest)
    return looks_like_unit(last) and not wrapped_inside_name(last, text) or DATE_ALONE.fullmatch(last) is not None


_A_SENTENCE_S_MARK = regex(r"[。！!？?，,]")


def _lines_before_the_labels(lines: list[Line]) -> int:
    return next((index for index, line in enumerate(lines) if _a_label_line(line.stripped)), len(lines))


def _a_label_line(text: str) -> bool:
    """Does the line open with a field's label (责任单位：…, 完成时限：…)?"""
    if opens_a_field(text):
        return True
    word, *value = re.split(r"[。：:，,；;\s]", text.strip(), maxsplit=1)
    if value and value[0].strip() and lone_field_word(word):
        return True                     # (责任单位。县环卫所: a stop typed for the colon)
    labels = find_labels(text)
    return bool(labels) and not text[:labels[0][0]].strip()


def _since_the_last_stop(joined: list[str]) -> str:
    """The words joined so far since the last sentence's stop (its lines' breaks kept)."""
    so_far = "".join(joined[-_SENTENCE_PIECES:])
    return so_far[max(so_far.rfind("。"), so_far.rfind("；")) + 1:] or so_far


_SENTENCE_PIECES = 6                # lines a sentence so far is looked for in


def _first_item_under_a_title(current: Item, line: Line, ahead: list[Line]) -> bool:
    """三、重点问题整治 / 补齐小区消防设施。（责任单位：…）: under a heading's title alone on its line (no stop, no
    bracket, no units of its own, short of the page's width), a sentence closed by its own units is the heading's
    first item, not the title's words going on: the title had opened that task's words, and its sibling paragraphs'
    had none. So is, where the page's width is known, a paragraph that fills its line under a title ended short of
    it. Not the heading's own roles (二、治理蔬菜污染 / 由县农业农村局牵头，…) nor a project's fields under its name
    (一、城东幼儿园 / 建设内容：…)."""
    if current.kind not in ("cn", "cn()") or len(current.lines) != 1 or current.children:
        return False
    title = current.lines[0]
    if title.width >= current.typical * 0.9 or title.stripped.endswith((*SENTENCE_ENDS, "，", "、")) \
            or "。" in title.stripped or "（" in title.stripped or "(" in title.stripped or find_labels(title.stripped):
        return False
    text = line.stripped
    if opens_a_field(text) and lone_field_word(re.split(r"[：:]", text, maxsplit=1)[0]):
        return False
    if role_of_phrase(re.sub(r"^(?:并由|由)", "", re.split(r"[，,。；;]", text, maxsplit=1)[0]))[1] is not None:
        return False
    # (its sentence maybe over the next lines, its units after the stop on its line or the next: …新建户 / 厕1200户。
    # （牵头单位：县农业 / 农村局…), a page's breaks cutting them)
    sentence, rest = text, list(ahead)
    while "。" not in sentence and rest and not marker_of(rest[0].stripped)[0]:
        sentence += rest.pop(0).stripped
    stop = sentence.find("。")
    if 0 <= stop < _TITLE_S_TAIL:
        return False                    # (一、关于城区背街小巷 / 改造问题。会议同意…: the line ends the title's words)
    if stop >= _OWN_SENTENCE:
        after = sentence[stop + 1:] + (rest[0].stripped if rest else "")
        labels = find_labels(after)
        if ends_with_assignment(text) or labels and not after[:labels[0][0]].strip("（( "):
            return True
    # (…or, under a title alone, no comma and well short of the page's width, a paragraph of several sentences,
    # wrapped, closed by its bracket of units: 建设…（含…）。力争… / 1200户。（牵头责任单位：…，主 / …运输局）)
    if "，" not in title.stripped and "," not in title.stripped and title.width <= current.typical * _TITLE_ALONE_WIDTH \
            and _a_wrapped_paragraph_closed_by_its_units(text, ahead):
        return True
    return current.typical < _NO_WIDTH and line.width >= current.typical * 0.9 and not opens_a_field(text)


def _a_wrapped_paragraph_closed_by_its_units(text: str, ahead: list[Line]) -> bool:
    """Do `text` and the lines after it, read to its closing bracket (not one a clause goes on after, …） / ，培训…;
    nor past a stop at a line's end, which ends a paragraph with no units of its own), end with its bracket of units?"""
    paragraph, rest = text, list(ahead)
    while rest and not marker_of(rest[0].stripped)[0] and len(paragraph) - len(text) < _PARAGRAPH_REACH \
            and not paragraph.endswith(("。", "；", ";")) \
            and (not paragraph.endswith(("）", ")", "】", "〕")) or rest[0].stripped[:1] in "，,、；;）)"):
        paragraph += rest.pop(0).stripped
    return paragraph != text and ends_with_a_role_bracket(paragraph)


_TITLE_ALONE_WIDTH = 0.8
_PARAGRAPH_REACH = 120              # characters of a paragraph's lines after its first, to its closing bracket
_OWN_SENTENCE = 4                   # characters of a sentence's words before its stop
_TITLE_S_TAIL = 8                   # characters before a stop that may be a wrapped title's rest
_NO_WIDTH = 10_000                  # (typical_line_width's answer where the lines show no width)


def _after_a_lead_in(current: Item) -> bool:
    """…印发《…分工方案》，将全年目标任务逐项分解到部门。其中明确： / 新建全民健身中心…（…）: free words that lead into
    what follows with a colon end there; the first item after them had taken them (and their date) for its own. Not
    a label's colon (责任单位： / 县住建局: its value on the next line). So do a news post's words that lead in with
    a question or a call (…都有哪些重点工作任务? / 一起来看看吧~)."""
    if current.kind is not None:
        return False
    if not current.lines[-1].stripped.endswith(("：", ":", *_A_CALL_TO_READ)):
        return False
    written = "".join(line.stripped for line in current.lines)
    if written.endswith(_A_CALL_TO_READ):
        return not find_labels(written)
    return len(written) > _LEAD_IN_SHORTEST and (_A_SENTENCE_BEFORE.search(written) is not None
                                                 or _WHAT_FOLLOWS.search(written) is not None) \
        and not find_labels(written[-_LABEL_REACH:])


_LEAD_IN_SHORTEST = 12
# (…or words that say what follows: 督查组在检查中发现以下问题：, 现将有关情况通报如下：)
_WHAT_FOLLOWS = regex(r"(?:以下|如下)[\u4e00-\u9fff]{0,6}[：:]$")
_A_SENTENCE_BEFORE = regex(r"[，。；,;]")
_A_CALL_TO_READ = ("？", "?", "！", "!", "~", "～", "↓", "→")


def _ends_with_assignment(lines: list[Line]) -> bool:
    """Do the item's last lines end with a labelled parenthesis?"""
    # Only a closing bracket before the final stops can: the last line alone says so for
    # most items, without joining its last six lines.
    # (a person's aside after the last unit, 县委组织部（责任人：李某）, closes no parenthesis of units,
    # even where a line broke it: 县委组织部（责任 / 人：李某）)
    if lines[-1].stripped.endswith(("）", ")")) and ends_with_a_person_aside("".join(line.stripped for line in lines[-2:])):
        return False
    last = lines[-1].stripped
    before = lines[-2].stripped if len(lines) > 1 else ""
    if before and _PUNCTUATION_ONLY.match(last):
        # …责任单位为县发改局 / ；: the stop a break left on a line of its own ends the line before
        last, before = before + last, lines[-3].stripped if len(lines) > 2 else ""
    end = len(last)
    while end and (last[end - 1] in "。；.;" or last[end - 1].isspace()):
        end -= 1
    if end and last[end - 1] not in "）］〕】":
        if end < len(last) and ("由" in last or "由" in before) and _closed_by_a_role_sentence(before + last):
            return True                 # …。由县税务局负责落实。: the paragraph's last sentence says who does it
        # …增长8%，责任单位为县工信局；: units stated at the end of a sentence close it too (the
        # line before is looked at with the last: a page's break may cut the units' name)
        if end == len(last) or "为" not in last and "为" not in before:
            return False
        return _STATED_AT_THE_END.search(simplified(before + last)) is not None
    return ends_with_assignment("".join(previous.stripped for previous in lines[-6:]))


_STATED_AT_THE_END = regex(r"[，。；,]\s*(?:(?:该|此|本)项?(?:工作|目标|任务|指标)的?)?"
                                r"(?:牵头|责任|配合|协办|主责)(?:单位|部门)均?为[^，；。为]{2,40}[。；;]\s*$")


# 县审计局牵头的工作, 县财政局负责落实的任务: a heading's words that assign, with 的 before what is assigned, maybe
# counting its items (（8项）)
_ASSIGNS = r"(?:牵头负责|牵头落实|负责落实|牵头|负责)"
_ASSIGNED = r"(?:重点|主要)?(?:工作任务|工作事项|工作|任务|事项)"
ITEM_COUNT = regex(r"[（(]\s*(\d+)\s*项\s*[）)]")
ASSIGNING_HEADING = regex(rf"[^。；，：:]{{2,40}}?{_ASSIGNS}的{_ASSIGNED}\s*(?:{ITEM_COUNT.pattern})?[：:]?")
# …and the contract's own 县发改局牵头工作（8项）, 的 left out, where the heading has its line to itself
ASSIGNING_HEADING_LINE = regex(rf"[^。；，：:\n]{{2,40}}?{_ASSIGNS}{_ASSIGNED}\s*(?:{ITEM_COUNT.pattern})?[：:]?(?=\n)")


def _assigns_parent(line: Line, current: Item) -> bool:
    """A label parenthesis, or a label line, alone on a line after two or more sub-items none of
    which carries one: （1）…（2）…（3）… / 牵头单位：… assigns the item they belong to; not after a
    sub-item that is an assigning heading over words of its own (（二）县住建局牵头的工作 / 新建…
    / 协同单位：…), whose label it is."""
    parent = current.parent
    if parent is None or len(parent.children) < 2 or current.kind is None:
        return False
    if current.lines[-1].stripped.endswith(("（", "(")):
        return False                    # (…征求居民意见。（ / 责任单位：…）: the bracket the item's last line opened)
    # (the item's lines, not its text: that is kept once read, and the item is still growing)
    first = marker_of(current.lines[0].stripped)[2]
    heading = ASSIGNING_HEADING.match(first)
    if heading and (len(current.lines) > 1 or len(first) > heading.end() + 3):
        return False
    if line.stripped.startswith(("（", "［", "〔", "【")):
        if _assigned_by_its_own_lines(parent) or ends_with_a_unit_bracket("".join(line.stripped for line in parent.lines)):
            return False                # (（二）…（县水务公司、县燃气公司） / 3.… / 4.…。 / （责任单位：县住建局）: the item
                                        # assigned already, the bracket is its last part's, which a page's width wrapped)
        text = line.stripped[1:]
    elif parent.lines[-1].stripped.endswith(("。", "：", ":")) or _RANK.get(parent.kind or "", 0) >= _RANK["cn()"]:
        # a label line answers a sentence its sub-items detail, or a numbered item's name (1. 县人民医院 /
        # （1）…（2）…), not a heading (一、稳增长)
        text = line.stripped
    else:
        return False
    labels = find_labels(text)
    if not labels or field_start(text, labels[0][0]) != 0:
        return False
    # …none of which carries one: no label, and no closing parenthesis of units with their roles, in
    # the sub-item or in its own parts (1.… / （1）… / 责任单位：… / 2.…: the parts' labels say the items
    # have their own, and the last line is item 2's).
    return not any(_carries_an_assignment(child) for child in parent.children)


def _assigned_by_its_own_lines(item: Item) -> bool:
    joined = "".join(line.stripped for line in item.lines)
    return bool(find_labels(joined)) or _ends_with_assignment(item.lines) or ends_with_a_role_bracket(joined) \
        or _closed_by_a_role_sentence(joined)


def _carries_an_assignment(item: Item) -> bool:
    # (a sub-item's closing bracket of units with their roles is its own, with or without a stop before it:
    # 2.清理城区僵尸车辆（县交警大队负责）。)
    return _assigned_by_its_own_lines(item) or any(_carries_an_assignment(child) for child in item.children)


def _closed_by_a_role_sentence(text: str) -> bool:
    """…。由县民政局、县财政局负责落实。: the item's last sentence says who does it, by 由 and role words."""
    closing = _BY_WHOM_CLOSING.search(text) if "由" in text else None
    return closing is not None and is_role_list(closing.group("roles"))


_BY_WHOM_CLOSING = regex(r"(?:^|[。；])\s*由(?P<roles>[^。；由]{2,80})[。；]?\s*$")


# The usual order of Chinese numbering, outermost first: 一、 > （一） > 1. > （1） > ①.
_RANK = {"chapter": 0, "article": 1, "cn": 2, "ordinal": 2, "cn()": 3, "stage": 3, "place": 3.5, "measure": 3.8, "num.": 4,
         "num()": 5,
         "num)": 5, "circled": 6, "bullet": 6.5, "record": 7,
         "dec1": 4, "dec2": 4.3, "dec3": 4.6}


def _nests(outer: str | None, inner: str, stack: list[Item]) -> bool:
    """May an item of kind `inner` sit under an open item of kind `outer`?"""
    if outer == inner:
        return False
    if any(node.kind == inner for node in stack):
        return False                 # a kind already open higher up closes what is below it
    return _RANK.get(outer, 0) < _RANK.get(inner, 9)


# (not the rest of a bracket a line broke after its first words: …（详见 / 附件2）。 goes on the item)
_ANNEX = regex(r"^附\s*件\s*\d*\s*[：:]?\s*$|^附\s*件\s*\d+\s*[：:]?\s*(?![）)」』】〕，。；、,;])\S{0,40}$")
_ANNEX_MARK = regex(r"^附\s*件\s*\d*\s*[：:]?")


def without_annex_mark(text: str) -> str:
    """附件 / 附件2： before a title is the annex's mark, not a word of the title."""
    return _ANNEX_MARK.sub("", text)


def is_section_start(lines: list[Line], index: int, typical: int) -> bool:
    """附件 lines and plan titles open a new part of the document. Unnumbered
    text otherwise continues the item before it (its body, its label lines)."""
    text = lines[index].stripped
    if text.startswith("附") and _ANNEX.match(text):
        return True
    if signs_the_document(lines, index):
        return True                     # 平安县交通运输局 / 2024年3月5日: the signature, no item's words
    return is_plan_title(lines, index, typical)


TITLE_YEAR = regex(r"\d{4}\s*年")
_GENERIC_TITLE_LONGEST = 8
_NAMES_ITS_PLACE = regex(r"[县市区镇乡省州旗]")
# 平安市人民政府关于…的若干措施: a document's heading with its issuer, which the document's reader names
_ISSUER_BEFORE_ABOUT = regex(r"^\S{2,30}?(?:人民政府办公室|人民政府|办公室|委员会)关于")     # (a list of 重点任务 is a plan's title only with its year)


def is_plan_title(lines: list[Line], index: int, typical: int, wrapped: bool = False) -> bool:
    """A plan's own title on a line of its own (a reflowed fragment that
    happens to end in 规划 is not: it is full width, after unfinished text).
    ``wrapped``: the line is a title's two short lines joined, as wide as it likes
    (a title's larger type wraps at fewer characters than the body)."""
    written = lines[index].stripped
    if ("-" in written or "—" in written or "－" in written) and (suffix := _DEPARTMENT_SUFFIX.search(written)):
        written = written[:suffix.start()]      # …责任分工-县交通运输局: a department's share, posted under its name
    if not may_end_a_title(written) or not _TITLE_END.search(written):
        return False                    # (most lines: a cheap look at the last characters first)
    text = simplified(written.strip("*# "))
    if not PLAN_TITLE.match(text) or text.startswith(("关于印发", "印发")) or text.endswith("的通知") \
            or _ISSUER_BEFORE_ABOUT.match(text) \
            or "关于印发" in text or text.count("《") != text.count("》") \
            or text.endswith(("重点任务", "重点工作", "目标任务", "工作任务", "实事", "实事项目", "公示", "工作目标")) \
            and not TITLE_YEAR.search(text):
        return False                    # (a notice's heading wrapped inside its quote: 关于印发《……任务分解 / 一览表》的通知)
    if width(text) >= typical * 0.9 and not wrapped:
        return False
    if len(text) <= _GENERIC_TITLE_LONGEST and not TITLE_YEAR.search(text) and not _NAMES_ITS_PLACE.search(text):
        return False                    # 附件 / 重点任务清单: a list's kind, under the plan's own title, no title of its own
    previous = lines[index - 1].stripped if index else ""
    if previous and not previous.endswith(SENTENCE_ENDS) and ("，" in previous or "," in previous):
        return False                    # 1.全面实施…，编制并 / 公布…清单: a sentence going on, not a title
    return not previous or previous.endswith(SENTENCE_ENDS) or bool(marker_of(previous)[0]) or \
        width(previous) < typical * 0.9 and not previous.endswith(("、", "，"))


_DEPARTMENT_SUFFIX = regex(r"\s*[-—－–]{1,2}\s*[\u4e00-\u9fff（）]{2,24}(?:局|委员会|委|办公室|办|中心|政府|院|所|站|队|厅)\s*$")


def may_end_a_title(text: str) -> bool:
    """The last character before trailing *, # and spaces is one _TITLE_END can end with (a
    title's last character or the ） of its aside): one look, no pattern, for most lines."""
    end = len(text)
    while end and (text[end - 1] in "*#" or text[end - 1].isspace()):
        end -= 1
    return end > 0 and text[end - 1] in "案划劃则則点點工单單解务務作策施見见排事示目标要项項报報录錄动動书書知函件）"


# The last character of every PLAN_TITLE ending (方案, 规划, 计划, 细则, 要点, 任务分工, 清单), in either script.
_TITLE_END = regex(r"(?:[案划劃则則点點工单單解务務作策施見见排事示目标要项項录錄动動书書函件]|通[报報知])[*#\s]*(?:（[^）]{0,24}）)?[*#\s]*$")
PLAN_TITLE = regex(
    # (not an item's number; a year may open a title, 2023年区政府工作报告……, but not a date)
    r"^(?![（(一二三四五六七八九十第])(?:(?!\d)|\d{4}年(?!\d|底|前|内|以来|起))[^。；：，]{4,70}"
    r"(实施方案|工作方案|行动方案|攻坚方案|制度方案|方案|规划|行动计划|计划|预案|实施细则|要点|任务分工|分解方案|清单|"
    # a 政府工作报告's breakdown: 重点工作责任分解; a year's list: 2024年新型城镇化建设重点任务
    r"责任分解|任务分解|重点任务|重点工作|目标任务|工作任务|"
    # a year's 民生实事 (为民办实事) and an office's 公示 of the tasks it closed
    r"民生实事|办实事|实事项目|公示|重点工作目标|"
    # policies a county issues as its plan: 若干政策, 若干措施, 政策措施, 实施意见; a year's 责任分工, 工作安排
    r"若干政策|若干措施|政策措施|实施意见|责任分工|工作安排|"
    # a progress report of the year's tasks: 1至6月份民生实事推进情况通报
    r"(?:情况|进度|进展)的?通报|"
    # a meeting's decisions the office follows up: 2024年第5次常务会议纪要, …会议议定事项, …确定事项
    r"会议纪要|纪要|议定事项|决定事项|确定事项|交办事项|"
    # a year's list of decisions to make, a campaign, a pledge of targets: 重大行政决策事项目录, 攻坚行动, 目标责任书
    r"事项目录|重点事项|攻坚行动|专项行动|责任书|"
    # the supervision office's own papers: 督查通报, 督办通知, 交办通知, 督办函, 提示函, 督办单, 督查专报
    r"督查通报|督办通报|督办通知|督查通知|交办通知|催办通知|督办函|提示函|督办单|督办件|督办事项|督查专报)"
    r"(（[^）]{0,24}）)?$")


def typical_line_width(lines: list[Line]) -> int:
    """The width PDF conversion broke lines at: the most common long width."""
    widths = sorted(line.width for line in lines if not line.is_row)
    if not widths:
        return 80
    counts: dict[int, int] = {}
    for value in widths:
        if value >= 24:
            counts[value] = counts.get(value, 0) + 1
    if not counts:
        return max(widths)
    top = max(counts.values())
    # Several widths around the break point are common; take the largest
    # frequent one so that full lines count as full.
    frequent = [value for value, count in counts.items() if count >= top * 0.25]
    best = max(frequent, key=lambda value: counts[value])
    return best if counts[best] >= 5 else _NO_WIDTH
