"""Deadline phrases (完成时限) of county plans: a small grammar of our own.

The contract is docs/task_record.md (the office's EXTRACTION.md), its deadlines. Three entry
points:

- `working_year(title, issue_date)`: the year a relative phrase refers to;
- `parse_deadline(phrase, year)`: a 完成时限 cell, a parenthesised deadline or
  a phrase already cut out of a sentence, read as a `Deadline`;
- `find_deadline(text, year)`: the first deadline phrase inside a task's own
  sentence, with its span, or None.

The layout readers ask whether a line or a value is a time written alone, in one of five
shapes kept here with the grammar: `TIME_ALONE` (a value's trailing time, labels), `SCHEDULE_CLAUSE`
(a clause of a value's closing schedule, `6月底前完成初稿`), `DATE_ALONE` (a flattened time cell on its
own line, outline), `MILESTONE_LINE` (`3月底前：完成…` under an item) and `NAMED_MILESTONE`
(`滨河桥4月开工`, a milestone cell).

Text is matched on a *compact* copy (whitespace removed, full-width digits
and dash variants folded one character for one character) so that broken
lines and spaces (`9月 20日前`, `2023年\\n12月底前`) need no special case;
spans are mapped back to the original text.

Recurrences follow the gold files: `monthly:5`, `monthly:10,25`,
`monthly:last`, `quarterly:3-25` (month of the quarter, day), `yearly:05-31`,
`weekly:5` (1 = Monday).
"""
from __future__ import annotations

import calendar
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from importers.records import Deadline
from importers.text import MEASURES, simplified

from .compiled_patterns import regex

__all__ = ["working_year", "written_in", "WorkingYear", "parse_deadline", "find_deadline"]

# --- normalisation -----------------------------------------------------------

# One character for one character, so compact offsets map straight back.
_FOLD = {chr(0xFF10 + i): str(i) for i in range(10)}
_FOLD.update({c: "-" for c in "－—–―‐‑‒−─━"})
_FOLD.update({c: "~" for c in "～〜"})
_FOLDABLE = regex(f"[{''.join(_FOLD)}]")
_SPACES = regex(r"\s+")


class _Offsets:
    """Where each character of a compact copy stands in the text it was made from:
    kept per run of characters between spaces, not per character (a long text
    would hold a list of millions of numbers)."""

    def __init__(self, text: str) -> None:
        self.compact_starts = [0]     # where each run starts in the compact copy
        self.text_starts = [0]        # and in the text
        removed = 0
        for space in _SPACES.finditer(text):
            removed += space.end() - space.start()
            self.compact_starts.append(space.end() - removed)
            self.text_starts.append(space.end())

    def __getitem__(self, index: int) -> int:
        run = bisect_right(self.compact_starts, index) - 1
        return self.text_starts[run] + index - self.compact_starts[run]


def _compact(text: str) -> tuple[str, _Offsets]:
    """Text without whitespace, folded; and where each kept character stands in the text."""
    compact = _SPACES.sub("", text)
    for char in set(_FOLDABLE.findall(compact)):
        compact = compact.replace(char, _FOLD[char])
    # Traditional characters simplified (one for one): 長期堅持 reads as 长期坚持.
    return simplified(compact), _Offsets(text)


# A deadline field written with figures, as ledgers often do: 2024.6.30, 2024/06/30, 2024-6-30, 2024.6.
_NUMERIC_DAY = regex(r"((?:19|20)\d{2})([./\-])(\d{1,2})\2(\d{1,2})(?!\d)")
_NUMERIC_MONTH = regex(r"((?:19|20)\d{2})[./\-](\d{1,2})(?![\d./\-])")
# A month and day with no year, as a ledger's cell has it: 6.30前, 12.31, 5/31前.
# Not a figure with its measure (完成2.5万亩).
_NUMERIC_MONTH_DAY = regex(r"(?<![\d./\-年])(1[0-2]|0?[1-9])[./](3[01]|[12]\d|0?[1-9])"
                                rf"(?![\d./\-%{MEASURES}])")


# A spreadsheet's day numbers (the 1900 system, as Excel and WPS count): 2000-01-01 to 2049-12-31.
_SERIAL_ORIGIN = date(1899, 12, 30)
_SERIAL_DAYS = ((date(2000, 1, 1) - _SERIAL_ORIGIN).days, (date(2049, 12, 31) - _SERIAL_ORIGIN).days)


def _written_out(compact: str) -> str:
    """Dates written with figures as the parser reads them: 2024.6.30 -> 2024年6月30日, 2024-06 -> 2024年6月,
    6.30 -> 6月30日, and a workbook's date that lost its format, 45565 -> 2024年9月30日 (a field's
    value only: the text a task is searched in keeps its offsets)."""
    if compact.isdecimal() and len(compact) == 5 and _SERIAL_DAYS[0] <= int(compact) <= _SERIAL_DAYS[1]:
        day = _SERIAL_ORIGIN + timedelta(days=int(compact))
        return f"{day.year}年{day.month}月{day.day}日"
    if not any(separator in compact for separator in "./-"):
        return compact
    compact = _NUMERIC_DAY.sub(lambda m: f"{m.group(1)}年{int(m.group(3))}月{int(m.group(4))}日", compact)
    compact = _NUMERIC_MONTH.sub(lambda m: f"{m.group(1)}年{int(m.group(2))}月", compact)
    return _NUMERIC_MONTH_DAY.sub(lambda m: f"{int(m.group(1))}月{int(m.group(2))}日", compact)


def _clean_text(phrase: str) -> str:
    """The phrase as written, stripped of whitespace (inside too) and of enclosing brackets."""
    text = re.sub(r"\s+", "", phrase)
    while len(text) >= 2 and text[0] in _OPEN and text[-1] in _CLOSE:
        text = text[1:-1]
    return text


_OPEN = "（(〔[【［｛{"
_CLOSE = "）)〕]】］｝}"

# --- numbers -----------------------------------------------------------------

_CN_DIGIT = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def number_of(token: str) -> int:
    """An Arabic or a small Chinese numeral (一 … 三十一, 二〇二三) as an int; a circled one (②) as its number."""
    if token.isdecimal():
        return int(token)
    if len(token) == 1 and token not in _CN_DIGIT and token != "十" and unicodedata.numeric(token, None) is not None:
        return int(unicodedata.numeric(token))      # ②, ⑩, ⑵: an item's circled or bracketed number
    if "十" not in token:
        # Digit by digit, as years are written: 二〇二三.
        value = 0
        for char in token:
            value = value * 10 + _CN_DIGIT[char]
        return value
    tens, _, units = token.partition("十")
    return (_CN_DIGIT[tens] if tens else 1) * 10 + (_CN_DIGIT[units] if units else 0)


# --- grammar: named parts ----------------------------------------------------

_YEAR = r"(?:(?<!\d)(?:19|20)\d{2}(?!\d)|二[〇零][〇零一二三四五六七八九]{2})"
_MONTH_DIGIT = r"(?<![\d.])(?:1[0-2]|0?[1-9])(?![\d.])"
_MONTH = rf"(?:{_MONTH_DIGIT}|十[一二]?|(?<![十])[一二三四五六七八九](?!十))"
_DAY_DIGIT = r"(?<![\d.])(?:3[01]|[12]\d|0?[1-9])(?![\d.])"
_DAY = rf"(?:{_DAY_DIGIT}|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])"
_RELATIVE_YEAR = r"(?:今年|本年度|本年|当年|明年|次年|翌年)"
_QUARTER = r"第?[一二三四1-4]季度"
_BEFORE = r"之前|以前|前"
_UNTIL = r"为止|止"
# 年内/年底 alone, but not 三年内/二年内/每年底 (a length of time, a recurrence). 年中: mid-year.
_YEAR_PART = r"(?<![\d〇零一二三四五六七八九十两个半多几数每])年(?:底|末|内|初(?![一二三四五六七八九十])|中)"


# A year whose 年 a site's copy lost, glued to the month's figures (202412月底前, 20246月30日前): only where a
# month and 月 follow, and only this century's working years (an amount, 投资2000, is no year).
_YEAR_GLUED = r"(?<!\d)20[1-4]\d(?=(?:1[0-2]|[1-9])月)"
_MONTH_GLUED = r"(?<=(?<!\d)20[1-4]\d)(?:1[0-2]|[1-9])(?=月)"


def _point_pattern(p: str) -> str:
    """A point in time, groups named with prefix `p`: [year] then a month (day, part) or a part of the year.

    A bare 底/末/内/初 is only a year part right after a written year
    (`2023年底`, `今年内`); `_point` drops it otherwise (县内, 周末).
    """
    return rf"""
    (?P<{p}year>(?:{_YEAR})年度?|{_RELATIVE_YEAR}|{_YEAR_GLUED})?
    (?:
        (?P<{p}month>{_MONTH}|{_MONTH_GLUED})月份?
        (?:(?P<{p}day>{_DAY})(?:[日号]|(?=之前|以前|前))|(?P<{p}mpart>月?(?:底|末|上旬|中旬|下旬|初|内)))?
      | (?P<{p}ypart>前三季度|上半年|下半年|{_QUARTER}(?:末|底)?|{_YEAR_PART}|底|末|内|初|中(?![央国共小心华部西东南北医药期]))
    )?
    (?P<{p}suffix>{_BEFORE}|{_UNTIL}|内)?
"""


# Periods: `2023年10月-11月`, `2023年10—11月`, `5月25--6月5日`, `2023-2024`.
# The start may leave its unit to the end (`10—11月`, Arabic digits only);
# only the end matters, the start lends its year (and month) to it.
_START = rf"""
    (?:
        (?P<ayear>(?:{_YEAR})年?|{_RELATIVE_YEAR})(?:(?P<amonth>{_MONTH_DIGIT})月?|(?P<amonthcn>{_MONTH})月)?
      | (?P<amonth2>{_MONTH_DIGIT})月?|(?P<amonthcn2>{_MONTH})月
    )
    (?:(?P<aday>{_DAY_DIGIT})[日号]?)?
"""
_SEPARATOR = r"(?:[-~]{1,3}|至|到)"
_END_BARE_YEAR = rf"(?P<byearonly>{_YEAR})(?!年)"
_END_DAY = rf"(?P<bdayonly>{_DAY})[日号](?P<bdaysuffix>{_BEFORE})?"

_RECURRING = rf"""
    每(?:个)?月(?:的)?(?:
        (?P<mdays>(?:{_DAY})[日号](?:[、,，和及](?:{_DAY})[日号])*)
      | (?P<mend>月?(?:底|末)|下旬)
      | (?P<mearly>上旬)
      | (?P<mmid>中旬)
    )
  | 每(?:个)?季度(?:的)?(?P<qmonth>首月|第一个月|第二个月|末月|最后一个月|第三个月)?
        (?:(?P<qday>{_DAY})[日号]|(?P<qend>末|底))
  | 每(?:个)?季度(?P<qmonthend>首月|末月)(?:底|末)
  | 每年(?:的)?(?:度)?(?:
        (?:(?P<ystartmonth>{_MONTH})月份?(?:{_DAY}[日号])?{_SEPARATOR})?
        (?P<ymonth>{_MONTH})月份?(?:(?P<yday>{_DAY})[日号]|(?P<ympart>底|末|上旬|中旬|下旬))?
      | (?P<yend>年?底|年?末)
      | (?P<yhalf>上半年|下半年)
    )
  | 每周(?P<weekday>[一二三四五六日天])(?=之前|以前|前)
"""
_RECURRING_SUFFIX = rf"(?P<rsuffix>{_BEFORE})?"

# A holiday's or a campaign's days (春节期间, 中秋国庆期间, “119”消防宣传月期间, 全国两会期间, 百日攻坚行动期间).
# The holidays plans time their work by (春节前, 国庆期间, 2025年中秋前): one list for every reading below.
_HOLIDAYS = "春节|元旦|国庆|中秋|端午|清明|五一|七一|十一|两会"
_EVENT_DAYS = rf"[“\"]?[\u4e00-\u9fff\d]{{0,12}}?[”\"]?[\u4e00-\u9fff]{{0,8}}?(?:{_HOLIDAYS}|春运|会|月|周|节|行动)期间"


# Times the office knows without a date, kept as written: an event (春节前, 汛期前, 中考前; maybe quoted,
# maybe after a few words of whose: 村“两委”换届前完成, “七一”前, 端午节前完成首场), or a season or a
# school term, as a school's or a farm's plan times its work (春秋两季, 每学期初, 2025年秋季学期,
# 寒暑假期间, 节假日, 按月推进). A pattern's source, for the patterns that read a time alone.
EVENT_TIME = (
    rf"[^，；。、]{{0,6}}?[“\"]?(?:(?:{_HOLIDAYS})节?|汛期|主汛期|供暖季|"
    r"秋季开学|开学|年中|换届|秋收|夏收|麦收|春耕|中考|高考)[”\"]?(?:前|以前|之前)(?:完成|建成|完工)?(?:首场|首批|首次)?"
    r"|(?:\d{4}年)?(?:春季|夏季|秋季|冬季|春秋两季|春秋季|汛期|主汛期|寒假|暑假|暑期|寒暑假)(?:学期)?(?:前|期间|初|末|中|内)?"
    # …or a holiday's or a campaign's days: 春节期间, 中秋国庆期间, 2024年“119”消防宣传月期间, 百日攻坚行动期间
    rf"|(?:\d{{4}}年)?{_EVENT_DAYS}"
    r"|(?:每逢|重大)?节假日(?:期间)?"
    r"|每?学期(?:初|末|中|内)|按(?:月|季度?|周|年度?)推进")
_EVENT_TIME = regex(EVENT_TIME)


def is_event_time(text: str) -> bool:
    """汛期前, 春秋两季: a time of the year with no date, kept as written."""
    return _EVENT_TIME.fullmatch(text) is not None


# Every character a non-empty match can start with (the prefix, 每, a year, a month, a part of
# the year, a suffix). Every other position would give an empty match, skipped one by one in
# Python: this lookahead rejects it inside the regex engine instead.
_MATCH_STARTS = "截到每0123456789二今本当明次翌十一三四五六七八九前上下第年底末内初之以为止"

_SCANNER = regex(
    rf"""
    (?=[{_MATCH_STARTS}])
    (?P<prefix>截至|截止到|截止|(?<![达收得做办遇感提想受找拿报])到)?
    (?:
        (?P<recurring>{_RECURRING}){_RECURRING_SUFFIX}
      | (?P<period>{_START}{_SEPARATOR}(?:{_END_BARE_YEAR}|{_END_DAY}|(?P<bpoint>{_point_pattern('b')})))
      | (?P<point>{_point_pattern('')})
    )
    """,
    re.VERBOSE,
)

# In a cell the whole text says "no date on purpose".
_ONGOING = regex(r"长期|持续|常态化|常年|经常性|久久为功|不定期|动态")
# A whole parenthesis or text that is nothing but such a phrase (not 持续推进污水管网建设).
_ONGOING_PHRASE = regex(
    r"(?:年内|全年)?(?:长期|持续|常态化|常年|经常性|不定期|动态)"
    r"(?:坚持|推进|开展|实施|落实|进行|抓好|管理|调整|更新)?(?:中|完成)?"
)
# A date that outweighs an ongoing word: a written year or month, not 年内/今年.
_WRITTEN_DATE = regex(rf"{_YEAR}|{_MONTH}月|季度|半年|年底|年末")

# Words after a date that make it a starting point or a past fact, not a deadline.
# 为: a date defining a stage or season (5月25--6月5日为集中摸底阶段).
_NOT_A_DEADLINE_AFTER = ("以来", "起", "开始", "以后", "之后", "后", "至今", "为")
# What a bare date opening a report's finding was the day of (10月9日督查发现…, 3月5日暗访时…): a past visit.
_INSPECTED = ("督查", "检查", "暗访", "巡查", "抽查", "明察暗访", "督导", "走访", "回头看", "发现", "复查", "核查")
# How long a policy or a plan holds before its date (政策延续至2027年底, 有效期至…, 本方案执行到…): its term, no task's
# deadline.
_TERM_UNTIL = regex(r"(?:延续|延长|有效期|执行期|实施期|执行|施行)(?:执行|实施)?(?:至|到)$")
# Verbs that make a bare date (`9月投入使用`, `今年完成`) a deadline.
_COMPLETION = ("完成", "建成", "完工", "竣工", "投入使用", "投用", "投入运营", "运行",
               "上线", "到位", "办结", "实现", "达到", "通车", "开工", "全面", "全部",
               "基本")
# Goal words before a bare relative year (`确保本年度……建成`).
_GOAL = regex(r"(?:确保|力争|争取|务必|必须|要|计划|预计)(?:在|于)?$")
# 年度 as "annual" (`年度资产收益分配方案`), not `2023年度`/`本年度`.
_ANNUAL = regex(r"每年|(?<![\d〇零一二三四五六七八九十本该当全今明去次跨新各这此])年度")
_SEASON = regex(r"[季期][（(〔\[【]?$")
# Item numbering before a schedule item's leading date: (二), 3., 一、, - 11.
_LEADS = regex(r"^[-•·]?(?:第?[（(]?[\d一二三四五六七八九十]{1,3}[)）、.．]?)$")
_CLAUSE_END = "，,；;。！？!?：:"
_SENTENCE_END = "。！？!?"


def deadline_cell_end(text: str, position: int) -> int:
    """Where a deadline cell that starts at `position` ends (`2024年12月底前`, `9月30日前完成`,
    `长期坚持`), in a table whose cells are run together; `position` where none starts there."""
    found = _SCANNER.match(text, position)
    if found and found.end() > position and _WRITTEN_DATE.search(found.group()):
        return found.end() + 2 if text.startswith("完成", found.end()) else found.end()
    ongoing = _ONGOING_PHRASE.match(text, position)
    return ongoing.end() if ongoing else position


# --- reading one match -------------------------------------------------------

def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _safe_date(year: int | None, month: int, day: int) -> date | None:
    """A date, or None for an impossible one (2月30日) or an unknown year."""
    if year is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _year_of(written: str | None, working: int | None) -> int | None:
    """The year a point refers to: written digits win, relative words shift the working year."""
    if not written:
        return working
    head = written.rstrip("年度") if written[0].isdigit() or written[0] == "二" else written
    if re.fullmatch(_YEAR, head):
        return number_of(head)
    if working is None:
        return None
    if written == "明年":            # (from the year of writing; 次年 and 翌年 follow the plan's year)
        return (getattr(working, "written_in", None) or working) + 1
    if written in ("次年", "翌年"):
        return working + 1
    return working  # 今年, 本年, 本年度, 当年


@dataclass(frozen=True)
class _Point:
    """A parsed point: its due date (or None) and how precise the writing was."""

    due: date | None
    kind: str  # "day", "month", "part", "year" (bare year or 今年), "vague" (年初)


def _point(m: re.Match[str], p: str, year: int | None) -> _Point | None:
    """Read a point match (group prefix `p`); None when it is no date."""
    g = m.groupdict()
    written_year, month, day = g[p + "year"], g[p + "month"], g[p + "day"]
    mpart, ypart, suffix = g[p + "mpart"], g[p + "ypart"], g[p + "suffix"]
    if ypart in ("底", "末", "内", "初", "中") and not written_year:
        return None  # 县内, 周末: no year before the part
    if not (written_year or month or ypart):
        return None
    y = _year_of(written_year, year)
    before = suffix in ("之前", "以前", "前")
    if month:
        mo = number_of(month)
        if not 1 <= mo <= 12:
            return None
        if day:
            return _Point(_safe_date(y, mo, number_of(day)), "day")
        part = (mpart or "").lstrip("月")
        if part == "初":
            return _Point(None, "vague")
        if y is None:
            return _Point(None, "month")
        if part == "上旬":
            return _Point(date(y, mo, 10), "month")
        if part == "中旬":
            return _Point(date(y, mo, 20), "month")
        if not part and before:
            # 11月前: before November, so the end of October.
            return _Point(date(y, mo, 1) - timedelta(days=1), "month")
        return _Point(_month_end(y, mo), "month")
    if ypart:
        part = ypart.lstrip("年")
        if part == "初":
            return _Point(None, "vague")
        if y is None:
            return _Point(None, "part")
        if part in ("上半年", "中"):
            return _Point(date(y, 6, 30), "part")
        if part == "前三季度":
            return _Point(date(y, 9, 30), "part")
        if "季度" in part:
            quarter = number_of(part.lstrip("第")[0])
            return _Point(_month_end(y, quarter * 3), "part")
        return _Point(date(y, 12, 31), "part")  # 年底, 年末, 年内, 下半年
    if y is None:
        return _Point(None, "year")
    if before and re.match(_YEAR, written_year or ""):
        # 2025年前: before 2025, so the end of 2024.
        return _Point(date(y - 1, 12, 31), "year")
    return _Point(date(y, 12, 31), "year")


def _next_year(due: date) -> date | None:
    """The same day a year later; a month end stays a month end (Feb 28 → 29)."""
    if due == _month_end(due.year, due.month):
        return _month_end(due.year + 1, due.month)
    return _safe_date(due.year + 1, due.month, due.day)


def _period_due(m: re.Match[str], year: int | None) -> tuple[date | None, bool]:
    """The end of a period; and whether it is a period of bare years (no deadline)."""
    g = m.groupdict()
    start_year = _year_of(g["ayear"], year)
    start_month = next((g[k] for k in ("amonth", "amonthcn", "amonth2", "amonthcn2") if g[k]), None)
    if g["byearonly"]:
        return None, True
    if g["bdayonly"]:
        # 5月1日-15日: the end lends the start's month.
        if not start_month:
            return None, False
        return _safe_date(start_year, number_of(start_month), number_of(g["bdayonly"])), False
    if not (g["bmonth"] or g["bypart"]):
        return None, True  # 2022—2023年: years only
    end = _point(m, "b", start_year)
    due = end.due if end else None
    if due and not g["byear"] and start_month and g["bmonth"]:
        if number_of(g["bmonth"]) < number_of(start_month):
            due = _next_year(due)  # 2023年11月-2月 runs into the next year
    return due, False


def _day_list(days: str) -> list[int]:
    return [number_of(d) for d in re.findall(_DAY, days)]


def _recurrence(m: re.Match[str]) -> str | None:
    """The recurrence code of a `_RECURRING` match."""
    g = m.groupdict()
    if g["mdays"]:
        return "monthly:" + ",".join(str(d) for d in _day_list(g["mdays"]))
    if g["mend"]:
        return "monthly:last"
    if g["mearly"]:
        return "monthly:10"
    if g["mmid"]:
        return "monthly:20"
    if g["qday"] or g["qend"] or g["qmonthend"]:
        which = g["qmonth"] or g["qmonthend"]
        if which in ("末月", "最后一个月", "第三个月") or (not which and g["qend"]):
            month = 3
        elif which == "第二个月":
            month = 2
        else:
            month = 1  # 首月, or a day with no month named (每季度5日前)
        day = str(number_of(g["qday"])) if g["qday"] else "last"
        return f"quarterly:{month}-{day}"
    if g["ymonth"]:
        month = number_of(g["ymonth"])
        if not 1 <= month <= 12:
            return None
        # 每年5月—9月, 每年4月1日至6月30日: due each year by the end of the span.
        if g["yday"]:
            day = number_of(g["yday"])
        elif g["ympart"] == "上旬":
            day = 10
        elif g["ympart"] == "中旬":
            day = 20
        else:
            # A non-leap reference year: an annual February deadline is the 28th.
            day = calendar.monthrange(2023, month)[1]
        return f"yearly:{month:02d}-{day:02d}"
    if g["yend"]:
        return "yearly:12-31"
    if g["yhalf"]:
        return "yearly:06-30" if g["yhalf"] == "上半年" else "yearly:12-31"
    if g["weekday"]:
        weekday = g["weekday"]
        return f"weekly:{7 if weekday in '日天' else number_of(weekday)}"
    return None


@dataclass(frozen=True)
class _Candidate:
    """One scanner match read as a deadline, before deciding whether it counts."""

    start: int          # compact offsets, prefix included
    end: int            # suffix included, 完成 excluded
    due: date | None
    recurrence: str | None
    kind: str           # "recurring", "period", "yearperiod", or a _Point kind
    strong: bool        # carries its own deadline marker (前, 底, 内, 止, a day-part)
    prefix: str


# Events a deadline may be set by (春节前, 汛期前, 开学前): their day is not written.
_EVENT = regex(_HOLIDAYS + r"|汛期|汛前|主汛期|冬季|夏季|秋季|春季|开学|供暖季|采暖季|暑期|暑假|寒假|寒暑假|春运|" + _EVENT_DAYS)


_LUNAR = ("农历", "阴历", "農曆", "陰曆")


def _candidates(compact: str, year: int | None) -> Iterator[_Candidate]:
    """Every scanner match in `compact`, read (not a lunar date's: 农历八月十五前 is no 8月15日, and
    the year before 农历腊月二十 is the lunar year's)."""
    lunar = "农历" in compact or "阴历" in compact or "農曆" in compact
    for m in _SCANNER.finditer(compact):
        if m.end() == m.start():
            continue
        if lunar and (compact[max(0, m.start() - 2):m.start()] in _LUNAR or compact[m.end():m.end() + 2] in _LUNAR):
            continue
        prefix = m.group("prefix") or ""
        if m.group("recurring"):
            recurrence = _recurrence(m)
            if recurrence:
                # 每年4月 alone (植树活动月) names a month, not a due day.
                strong = not (m.group("ymonth") and not (m.group("yday") or m.group("ympart")
                              or m.group("ystartmonth") or m.group("rsuffix")))
                yield _Candidate(m.start(), m.end(), None, recurrence, "recurring", strong, prefix)
            continue
        if m.group("period"):
            due, years_only = _period_due(m, year)
            kind = "yearperiod" if years_only else "period"
            strong = bool(m.group("bsuffix") or m.group("bmpart") or m.group("bdaysuffix"))
            yield _Candidate(m.start(), m.end(), due, None, kind, strong, prefix)
            continue
        point = _point(m, "", year)
        if point is None:
            continue
        if point.kind == "year" and _EVENT.match(compact, m.end()):
            continue                  # 2025年春节前: before an event of that year, not by its end
        ypart = m.group("ypart") or ""
        # 年底 with no year and no 前 is often a noun (年底补充方案, 年底一次性救助).
        strong = bool(m.group("suffix") or m.group("mpart") or ypart.endswith("内")
                      or (ypart[-1:] in ("底", "末") and m.group("year")))
        yield _Candidate(m.start(), m.end(), point.due, None, point.kind, strong, prefix)


# --- a time written alone: the shapes the layout readers test a line or a value for ------

# A time written alone (after the units inside a labelled parenthesis, without a label of
# its own: （责任单位：县交通局，2023年10月底前完成）; labels.split_deadline).
# (its year, month and day in figures or in numerals: 2008年12月31日, 二〇〇八年十二月底)
_Y, _M, _D = r"(?:(?:\d{4}|二[〇零][〇零一二三四五六七八九]{2})年|20[1-4]\d(?=(?:1[0-2]|[1-9])月))", r"(?:\d{1,2}|十[一二]?|[一二三四五六七八九])月份?", \
    r"(?:\d{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])日"
TIME_ALONE = regex(
    # (maybe as the end of a period from now: 即日起至12月31日, 自即日起到年底)
    rf"^(?:自?即日起?[至到—\-－~～])?(?:{_Y}|今年|明年|次年|本年|当年|本年度)?(?:{_M}(?:{_D}|\d{{1,2}}(?=前|以前|之前))?底?|底|年底|年末|(?<=年)末|年内|(?<=年)内|(?<=年度)内|"
    r"全年|上半年|下半年|年中|年初|年前|首季|第?[一二三四]季度末?)"
    # …or a period, 2024年6月—12月: it ends when the task does
    rf"(?:[—\-－~～至到](?:{_Y})?{_M}(?:{_D})?底?)?"
    # …then what is done by then: 完成, 建成, 基本完成, 投入使用, 上线; a rule 出台, 印发, 实施
    r"(?:前|以前|之前)?(?:(?:基本|全面|全部)?(?:完成|办结|建成|完工|竣工|开工|上线|投入使用|投用|达标|见效|"
    r"出台|印发|制定|上线运行|运行|实施|启动|落地|到位|投运|通车|验收|挂牌|成立|报送|建立|推开|全覆盖|"
    # …or fixed, as a rectification list says it: 6月20日前整改到位, 整改完毕, 完成整改, 整改销号
    r"整改到位|整改完毕|整改完成|完成整改|整改销号|销号|整改)[\u4e00-\u9fff\d]{0,6})?$"
    r"|^(?:年内)?(?:长期坚持|持续推进|长期推进|持续开展|常态化推进|常态化|长期|动态调整|动态更新)[\u4e00-\u9fff]{0,4}$"
    # …or a plan's stage or its whole period: 近期, 中远期, 分年度实施, 逐年推进, 规划期内完成, 规划期末
    r"|^(?:近期|中期|远期|中远期|近中期|分年度实施|分年度推进|逐年推进|逐步推进|分步实施|规划期内|规划期末|规划期间|"
    r"分季度开展|分季度实施|分季度推进)"
    r"(?:完成|实施|推进)?$"
    # …or at once, as a rectification plan says it (立行立改, 即知即改, 立即整改并长期坚持): no date
    r"|^(?:立行立改|立知立改|即知即改|立查立改|即查即改|边查边改|立改立行|立即整改|马上就改|马上就办)(?:[并，,]?长期坚持)?$"
    # …or a year alone, a span of years, a plan's period: 2025年, 2023年完成, 到2025年, 2021—2025年, “十四五”期间
    rf"|^(?:到|至)?{_Y}(?:底|前|以前)?(?:完成|建成|完工|实现)?$|^\d{{4}}\s*[—\-－~～至到]\s*{_Y}$"
    # …or this year named: 当年完成, 今年内完成, 本年度完成
    r"|^(?:今年|当年|本年度?)内?(?:完成|建成|完工|实现|办结)$"
    r"|^[“\"]?十[一二三四五六七八九]五[”\"]?(?:期间|期末|时期|末|期内)(?:完成|前)?$"
    # …or how often: 每季度开展一次, 每月5日前报送, 每年一次
    r"|^每(?:年度?|半年|季度?|月|周|旬|学期|学年)[^，；。,;]{0,10}$"
    # …or a time the office knows without a date: an event (春节前, 汛期前), a season or a term
    rf"|^(?:{EVENT_TIME})(?:完成|开展|实施|集中开展)?$")

# 2024年5月1日前 / 9月底前完成 alone under an item its bracket closed: the item's time cell, flattened
DATE_ALONE = regex(r"\s*(?:\d{4}年)?(?:\d{1,2}月(?:\d{1,2}日|底|上旬|中旬|下旬|末)?|年底|年内)(?:前|以前|之前)?"
                   r"(?:完成|完工|建成)?[。；]?\s*")
# 3月底前：完成初步设计批复； under an item its bracket closed: a milestone of its schedule, its words
MILESTONE_LINE = regex(r"\s*(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日|底|上旬|中旬|下旬|末)?(?:前|以前)?[：:，,]?"
                        r"(?:完成|开工|建成|实现|启动|通水|投用|投入|竣工|主体|开展|全面|整改|销号)")
# 6月底前完成初稿, 9月启动, 年内完成: a clause of a schedule, a time and what is done by then (labels, a
# value's closing schedule)
SCHEDULE_CLAUSE = regex(r"(?:\d{4}年)?(?:\d{1,2}月(?:\d{1,2}日)?(?:底|末|中旬|上旬|下旬)?|年底|年内|年中|上半年|下半年|"
                        r"[一二三四]季度)(?:前|以前)?[\u4e00-\u9fff\d]{0,8}$")
# 滨河桥4月开工，9月完工: a milestone cell naming the part it dates (alignment)
NAMED_MILESTONE = regex(r"[\u4e00-\u9fff]{1,6}?\d{1,2}月[^。；]{0,12}?(?:开工|完工|竣工|建成|完成|投用|投入使用)")


# --- public API --------------------------------------------------------------

class WorkingYear(int):
    """A plan's working year (the year `年底前` means), knowing the year its words were written in
    (its issue date's), from which `明年` counts: in a 2024 plan issued in December 2023, quoting
    the report read then, `明年6月份建成` is June 2024, not 2025."""

    written_in: int | None

    def __new__(cls, year: int, written_in: int | None = None) -> "WorkingYear":
        value = super().__new__(cls, year)
        value.written_in = written_in
        return value


def written_in(year: int | None, issue_date: date | None) -> int | None:
    """The working `year` of a plan issued on `issue_date`, knowing when it was written."""
    return WorkingYear(year, issue_date.year) if year is not None and issue_date is not None else year


@lru_cache(maxsize=1024)     # asked for each task of a plan, with the plan's title
def working_year(title: str | None, issue_date: date | None, default: int | None = None) -> int | None:
    """The plan's working year: the one year its title names, else the issue year, else `default`
    (a WorkingYear knowing the issue year where there is one).

    A title naming a span (`2022-2023年行动计划`, `2021—2025年`, `十四五`) or
    several different years names no single working year, so the issue year
    is used: a relative phrase (`12月底前`) in such a plan is most often meant
    for the year it was issued.
    """
    if title:
        compact, _ = _compact(title)
        years = {number_of(y) for y in re.findall(rf"({_YEAR})(?=年|{_SEPARATOR})", compact)}
        spans_years = re.search(rf"(?:{_YEAR})年?{_SEPARATOR}(?:{_YEAR})", compact)
        if len(years) == 1 and not spans_years:
            return written_in(years.pop(), issue_date)
    if issue_date is not None:
        return written_in(issue_date.year, issue_date)
    return default


_STARTING = ("起", "开始", "以来")


_MONTH_LEFT_OUT = regex(r"(?<=\d年)(1[0-2]|0?[1-9])(?=底|末)")
_TWO_DIGIT_YEAR = regex(r"(?<![\d.])([12]\d)年(?=\d{1,2}月|底|末|内|前|全年|上半年|下半年|第?[一二三四]季度)")


# A quarter with the month it means in brackets (第四季度（11月份）, 三季度(8月底前)): the month, where it lies in it.
_QUARTER_AND_ITS_MONTH = regex(r"第?(?P<quarter>[一二三四1-4])季度[（(](?P<month>(?P<number>\d{1,2})月(?:份|底|末)?(?:前)?)[）)]")
_QUARTER_NUMBER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def _its_month(match: re.Match[str]) -> str:
    quarter, month = _QUARTER_NUMBER[match.group("quarter")], int(match.group("number"))
    return match.group("month") if 3 * quarter - 2 <= month <= 3 * quarter else match.group()


_TARGET_YEAR = regex(r"到(?:19|20)\d{2}年")


def parse_deadline(phrase: str, year: int | None) -> Deadline:
    """Read a deadline phrase (a 完成时限 cell, a parenthesis, a phrase cut from a sentence).

    `year` is the working year for phrases that write none. The first date
    expression decides; words around it (`完成`, `投入使用`) are ignored.
    Phrases with no date of their own (`与城市规划同步完成`, `于本方案印发1周内`,
    `2023年初`) keep their text with no due date.
    """
    text = _clean_text(phrase)
    if not text:
        return Deadline()
    compact = _written_out(_compact(text)[0])
    if "年" in compact:
        compact = _TWO_DIGIT_YEAR.sub(r"20\1年", compact)       # 24年底前, 25年3月底: this century's
        compact = _MONTH_LEFT_OUT.sub(r"\1月", compact)           # 2016年6底前: a typist's 月 left out
    if "季度" in compact and ("（" in compact or "(" in compact):
        compact = _QUARTER_AND_ITS_MONTH.sub(_its_month, compact)    # 第四季度（11月份）: the month says when
    if year and re.fullmatch(r"全年内?(?:完成|实施|推进)?", compact):
        return Deadline(text=text, due=date(year, 12, 31))     # a 完成时限 cell saying 全年: by the year's end
    if compact.startswith("到") and _TARGET_YEAR.fullmatch(compact):
        return Deadline(text=text)      # 到2020年: a target year, no deadline (EXTRACTION.md), in a time cell too
    # 2024年3月起: where the work starts, not when it ends.
    candidates = [candidate for candidate in _candidates(compact, year)
                  if not compact.startswith(_STARTING, candidate.end)]
    first = candidates[0] if candidates else None
    dated = [candidate for candidate in candidates if candidate.due and candidate.kind != "recurring"]
    if len(dated) > 1:
        # A bare year among dates names the year a thing is about (明确2023年金融指标), not a due day.
        dated = [candidate for candidate in dated if candidate.kind != "year" or candidate.strong] or dated
    if first is not None and first.kind != "recurring" and (len(dated) > 1 or dated and first not in dated):
        # Several dates in one cell (2月公布预算，8月公布决算): the latest completes the task.
        first = _latest(dated)
    if _ONGOING.search(compact) and (first is None or (
            first.kind != "recurring" and not _WRITTEN_DATE.search(compact[first.start:first.end])
            and not compact.startswith(_COMPLETION, first.end))):
        # 长期坚持, 年内持续推进: no date on purpose (年内 yields to 持续; 2023年底前, 每月25日前
        # and a time the work is done by, 年内完成，长期坚持, do not).
        return Deadline(text=text, ongoing=True)
    if first is not None and first.kind == "recurring" and dated:
        # 每月5日前报送进展，12月底前完成: a rhythm of reports, and the day the work is done.
        return Deadline(text=text, due=_latest(dated).due, recurrence=first.recurrence)
    if first is not None:
        return Deadline(text=text, due=first.due, recurrence=first.recurrence)
    bare = _bare_recurrence(compact)
    if bare:
        return Deadline(text=text, recurrence=bare)
    return Deadline(text=text)


def _bare_recurrence(compact: str) -> str | None:
    """A cell that only says 每月/每季度/每年: due by the end of each period."""
    if compact.startswith("每月") or compact.startswith("每个月"):
        return "monthly:last"
    if compact.startswith("每季度") or compact.startswith("每个季度"):
        return "quarterly:3-last"
    if compact.startswith("每年"):
        # (每年汛期前, 每年春节前: before an event each year, a day no one wrote: no rhythm to date)
        return None if _EVENT.search(compact) else "yearly:12-31"
    return None


_WINDOW, _OVERLAP = 320, 100
_MAY_HOLD_A_DATE = regex(r"[0-9０-９年月季旬期续态每底内〇零一二三四五六七八九十]")


def find_last_deadline(text: str, year: int | None) -> tuple[Deadline, int, int] | None:
    """The deadline phrase that completes a text of milestones (1.4月底前……2.8月底前……3.11月底前……):
    the last one, or the latest date where every milestone has one (a cell may list two strands
    of work, 1.……11月底前建成。2.……10月底前全面完成: the task is done when both are)."""
    found = []
    start = 0
    while start < len(text):
        if found and not _MAY_HOLD_A_DATE.search(text, start):
            break                       # (the rest holds no character a deadline is written with)
        # A window, not the rest of the text: copying the rest for every date made a long text of
        # many dates quadratic. A date is short; the windows overlap by more than one.
        hit = find_deadline(text[start:start + _WINDOW], year)
        if hit is None:
            if start + _WINDOW >= len(text):
                break
            start += _WINDOW - _OVERLAP
            continue
        deadline, begin, end = hit
        carried = _carried_year(text, start + begin, start + end)
        if carried is not None and carried != year:
            hit = find_deadline(text[start:start + _WINDOW], carried)     # (the same phrase, found again)
            deadline, begin, end = hit if hit is not None else (deadline, begin, end)
        found.append((deadline, start + begin, start + end))
        if end <= 0:
            break
        start += end
    if found and all(deadline.due for deadline, _, _ in found):
        return max(reversed(found), key=lambda hit: hit[0].due)      # of equal dates, the last written
    return found[-1] if found else None


# A year said once for the dates after it: 2025年任务：一是4月底前…；二是10月底前…, or a sentence's
# first date, 须于2025年6月底前下达60%、11月底前全部下达.
_YEAR_HEADING = regex(r"((?:19|20)\d{2})年度?(?:任务|目标|工作|计划|重点)?[：:]")
_DATED_YEAR = regex(r"((?:19|20)\d{2})年\d{1,2}月")
_ANY_SENTENCE_END = regex(r"[。；;]")


def _carried_year(text: str, begin: int, end: int) -> int | None:
    """The year a date without one (10月底前) takes from before it in the item, or None."""
    # (a look back of its own for each date, with the line breaks out, as a PDF cuts a year: 202 / 6年)
    before = "".join(text[max(0, begin - _YEAR_REACH):begin].split())
    if "年" not in before or _OWN_YEAR.search("".join(text[begin:end].split())):
        return None
    headings = list(_YEAR_HEADING.finditer(before))
    sentence = max((match.end() for match in _ANY_SENTENCE_END.finditer(before)), default=0)
    dated = list(_DATED_YEAR.finditer(before, sentence))
    if dated and (not headings or dated[-1].start() > headings[-1].start()):
        return int(dated[-1].group(1))
    return int(headings[-1].group(1)) if headings else None


_OWN_YEAR = regex(r"(?:19|20)\d{2}|[今明去次]年")
_YEAR_REACH = 200


def _latest(dated: list[_Candidate]) -> _Candidate:
    """Of dated candidates, the latest; of equal dates, the last written."""
    return max(reversed(dated), key=lambda candidate: candidate.due)


def find_deadline(text: str, year: int | None) -> tuple[Deadline, int, int] | None:
    """The first deadline phrase in a task's own text, with its [start, end) span in `text`.

    A date counts when it is marked as a deadline: `前`/`底`/`末`/`内`/`止`
    (`2023年底前`, `到今年6月底`), a completion verb right after it
    (`9月投入使用`, `今年完成`), a recurrence (`每月25日前`), or being the
    whole content of a parenthesis (`（2023年9月—2025年12月）`). Skipped:
    starting points and past facts (`2022年以来`, `1月1日起`,
    `截至2022年底，全县已建成`), bare and goal years (`2025年，全县……`),
    periods of years (`2022—2023年`).

    Recurrence from the sentence, not from the phrase: a month date with no
    year in a clause that says 每年 or annual 年度 (`年度分配方案要在3月底前拟定`)
    recurs yearly (due None); a one-off deadline followed in the same
    sentence by a recurring one (`6月5日前报回……，以后每月5日前上报`) keeps its
    date and takes that recurrence.
    """
    compact, where = _compact(text)
    candidates = list(_candidates(compact, year))
    for index, candidate in enumerate(candidates):
        if not _counts(compact, candidate, year):
            continue
        start, end = candidate.start, candidate.end
        due, recurrence = candidate.due, candidate.recurrence
        if recurrence is None:
            recurrence_from_context = _annual_context(compact, candidate)
            if recurrence_from_context:
                due, recurrence = None, recurrence_from_context
            else:
                recurrence = _later_recurrence(compact, candidates[index + 1:], end)
        original = text[where[start]:where[end - 1] + 1]
        deadline = Deadline(text=_clean_text(original), due=due, recurrence=recurrence)
        return deadline, where[start], where[end - 1] + 1
    return _find_ongoing(text)


def _inner_span(text: str, start: int, end: int) -> tuple[int, int]:
    """`text[start:end]` without surrounding whitespace and one pair of brackets."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start >= 2 and text[start] in _OPEN and text[end - 1] in _CLOSE:
        return _inner_span(text, start + 1, end - 1)
    return start, end


_SHORT_PARENTHESIS = regex(r"[（(〔\[【]([^（(）)〔〕\[\]【】]{1,10})[）)〕\]】]")


def _find_ongoing(text: str) -> tuple[Deadline, int, int] | None:
    """（长期坚持）or a whole text saying so; never 持续推进 as a verb inside a sentence."""
    spans = [_inner_span(text, 0, len(text))]
    spans += [(m.start(1), m.end(1)) for m in _SHORT_PARENTHESIS.finditer(text)]
    for start, end in spans:
        inner = _clean_text(text[start:end])
        if _ONGOING_PHRASE.fullmatch(simplified(inner)):
            start, end = _inner_span(text, start, end)
            return Deadline(text=inner, ongoing=True), start, end
    return None


_EVENT_AFTER_A_DATE = regex(rf"(?:{_HOLIDAYS}|开学|开园|开业|开放|开通|通车|入汛|供暖|中考|高考)(?:前|之前|以前)")


def _counts(compact: str, c: _Candidate, year: int | None) -> bool:
    """Whether a candidate date is a deadline in its sentence (see find_deadline)."""
    after = compact[c.end:]
    before = compact[:c.start]
    if c.kind == "yearperiod":
        return False
    if c.due and year and c.due.year < year:
        # 2018年9月30日印发的…, 2021年12月底完成全部建设: a past fact.
        return False
    if _SEASON.search(before):
        # 春季（3—5月）, 汛期（5-9月份）: a season each year, not a deadline.
        return False
    if after.startswith(_NOT_A_DEADLINE_AFTER):
        return False
    if ("至" in before[-4:] or c.prefix == "到") and _TERM_UNTIL.search(before + c.prefix) \
            and not after.startswith(("前", "之前", "以前", *_COMPLETION)):
        return False                    # 政策延续至2027年底: a term (not 工期延长至6月底前完成)
    if c.prefix.startswith("截") and after[:1] in "，,":
        # 截至2022年底，全县已建成……: the state at a date, not a deadline.
        return False
    if c.kind == "recurring":
        return c.strong or after.startswith(_COMPLETION)
    if not c.strong and after.startswith(_INSPECTED):
        return False                    # 10月9日督查发现，…: the day of a visit that found the problem, past
    # Its own parenthesis, a labelled field (完成时限：…, 第五阶段：…), or the
    # head of a schedule item ((二)2023年4月-5月各乡镇完成…).
    opens = before == "" or before[-1] in _OPEN or _LEADS.search(before) is not None
    labelled = before[-1:] in "：:"
    completes = after.startswith(_COMPLETION)
    if c.kind == "year":
        # Bare years and 今年/本年度: with 前/底/内 (strong), 完成 & co. right after,
        # or a goal word before a relative year (确保本年度……建成); never a topic
        # (2025年，全县……).
        written = compact[c.start + len(c.prefix):c.end]
        if c.strong:
            return True
        # "2023年完成5个……" is the year of an annual target, "今年完成……" a deadline.
        return not re.match(_YEAR, written) and (completes or bool(_GOAL.search(before)))
    if c.strong or opens or labelled or _EVENT_AFTER_A_DATE.match(after):
        return True                     # (9月1日开学前完成: the day, named by what happens on it)
    if before[-1:] in "；;" and _completed_in_its_clause(after):
        return True                     # …；四季度新改建公厕投入使用。: a schedule's step opened by its time
    if c.kind == "vague":
        return completes
    return completes or bool(c.prefix) or bool(_GOAL.search(before))


def _completed_in_its_clause(after: str) -> bool:
    """Does the clause after a time say the work is done then (…新改建公厕投入使用, …主体工程完工)?"""
    end = _ANY_SENTENCE_END.search(after)
    clause = after[:end.start()] if end else after
    return len(clause) <= _STEP_LONGEST and any(word in clause for word in _COMPLETION)


_STEP_LONGEST = 40


def _clause_start(compact: str, position: int) -> int:
    """Where the clause holding `position` begins."""
    return max(compact.rfind(mark, 0, position) for mark in _CLAUSE_END) + 1


def _annual_context(compact: str, c: _Candidate) -> str | None:
    """yearly:MM-DD for a yearless month date in a clause that says 每年 or annual 年度."""
    if c.kind not in ("day", "month") or c.due is None:
        return None
    written = compact[c.start + len(c.prefix):c.end]
    if re.match(rf"(?:{_YEAR})|{_RELATIVE_YEAR}", written):
        return None
    clause = compact[_clause_start(compact, c.start):c.start]
    if not _ANNUAL.search(clause):
        return None
    return f"yearly:{c.due.month:02d}-{min(c.due.day, 28) if c.due.month == 2 else c.due.day:02d}"


def _later_recurrence(compact: str, later: list[_Candidate], end: int) -> str | None:
    """The recurrence of a recurring phrase later in the same sentence, if any."""
    stops = [compact.find(mark, end) for mark in _SENTENCE_END]
    sentence_end = min((s for s in stops if s != -1), default=len(compact))
    for candidate in later:
        if candidate.start >= sentence_end:
            break
        if candidate.kind == "recurring" and candidate.strong:
            return candidate.recurrence
    return None
