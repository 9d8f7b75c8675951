"""Split a gazette into its documents: number, notice title, issuer, date, lines."""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date

from .compiled_patterns import regex
from .layout import Line
from .lone_title import lone_title
from .page_metadata import is_metadata_line, page_metadata
from .text import simplified, squeeze
from .units import ISSUER_END

# (a converter's „2023‟ for 〔2023〕; a crawler that dropped 〕 and 号 leaves 平政办发〔202361, or 号 alone)
_NUMBER = (r"[\u4e00-\u9fff]{1,12}\s*[〔［【（\[„]\s*(?:19|20)\d{2}\s*"
           r"(?:[〕］】）\]‟]\s*第?\s*\d{1,5}\s*[号號]?|(?<=\d)\d{1,4}(?=\s*$))")
# Alone on a line, maybe in brackets under its title: （平政发〔2023〕3号）; or with the issue date after it
# on a masthead's line (平府发〔2023〕3号 二〇二三年三月十日, which the date reader takes too).
_DATE_AFTER = (r"(?:\s+(?:(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|"
               r"[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日))?")
DOC_NUMBER_RE = regex(rf"^\s*(?P<open>[（(])?\s*(?P<number>{_NUMBER})\s*(?(open)[）)]){_DATE_AFTER}\s*$")
# …or closing its notice's title line: 关于印发……的通知（平政办发〔2023〕12号）.
# (a plan's own title too: 2022年县政府重点工作任务（平政发〔2022〕2号）, …工作要点, …清单, …的通报)
_TITLE_WITH_NUMBER = regex(rf"^\s*(?P<title>\S.{{3,}}?(?:通知|通报|意见|决定|方案|办法|批复|函|要点|任务|清单|规划|计划))"
                                rf"\s*[（(]\s*(?P<number>{_NUMBER})\s*[）)]\s*$")


# How a notice's title ends, beside a number on its line (below).
_NOTICE_TITLE = r"\S.{3,}?(?:通知|通报|意见|决定|方案|办法|批复|函)"
# …or after it with a space, as a site's list puts it: 关于印发……的通知 平政发〔2024〕1号.
_TITLE_THEN_NUMBER = regex(rf"^\s*(?P<title>{_NOTICE_TITLE})[ \t\u3000]+(?P<number>{_NUMBER})\s*$")


# …or opening it, as a web page's title line puts it: 平政办〔2019〕3号—县人民政府办公室关于印发……的通知.
_NUMBER_THEN_TITLE = regex(rf"^\s*[（(]?\s*(?P<number>{_NUMBER})\s*[）)]?\s*[—\-－–]*\s*(?P<title>{_NOTICE_TITLE})\s*$")


_NUMBER_AFTER = regex(rf"\s*[（(]\s*{_NUMBER}\s*[）)]\s*$")


def without_its_number(title: str) -> str:
    """2022年县政府重点工作任务（平政发〔2022〕2号） -> 2022年县政府重点工作任务."""
    return _NUMBER_AFTER.sub("", title) if title.endswith(("号）", "號）", "号)", "號)")) else title


def number_in_title(text: str) -> re.Match | None:
    """A notice title line with its number: after it in brackets or after a space, or before it."""
    if "号" not in text and "號" not in text:
        return None
    end = text.rstrip()[-1:]
    if end in "）)":
        return _TITLE_WITH_NUMBER.match(text)
    if end in "号號":
        return _TITLE_THEN_NUMBER.match(text)
    return _NUMBER_THEN_TITLE.match(text) if end and end in "知报见定案法复函" else None


def _number_at(line: Line) -> str:
    return squeeze((number_in_title(line.text) or DOC_NUMBER_RE.match(line.text)).group("number"))


def _once_each(marks: list[int], lines: list[Line]) -> list[int]:
    """The lines that start documents, a number written twice at one heading counted once (a web
    page's 平政发〔2023〕2号 over its 平政发〔2023〕2号平安县人民政府关于…的通知): the later, which has
    the title."""
    kept: list[int] = []
    for mark in marks:
        if kept and mark - kept[-1] <= _ONE_HEADING and _number_at(lines[mark]) == _number_at(lines[kept[-1]]):
            kept[-1] = mark
        else:
            kept.append(mark)
    return kept


_ONE_HEADING = 8        # lines a document's heading spans


def is_doc_number(text: str) -> bool:
    """A document number alone on a line (平政发〔2023〕3号)."""
    # Every number ends in 号: most lines are done without the pattern.
    return ("号" in text or "號" in text or "〔" in text or "„" in text) and DOC_NUMBER_RE.match(text) is not None


# (in brackets under a party document's title: （2024年3月18日）)
# A date alone on its line, or after its issuer and a wide gap (平安县人民政府办公室      2023年3月2日: a
# signature, a masthead's line); 日 may be lost at the line's end (2022年8月19).
_SIGNED = (r"(?:\S{2,30}?(?:人民政府办公室|人民政府|办公室|委员会|督查室|局|委|办)[ \t\u3000]{2,}|"
           rf"{_NUMBER}\s+)?")
_DATE_RE = regex(r"^\s*" + _SIGNED + r"[（(]?\s*((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*(?:日|(?=\s*$))\s*[）)]?\s*$")
_CN_DATE_RE = regex(r"^\s*" + _SIGNED + r"[（(]?\s*([〇○零一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月"
                         r"\s*([一二三四五六七八九十]{1,3})\s*日\s*[）)]?\s*$")
_MASTHEAD = regex(r"^(?!关于)\S{2,24}(?:文件|令)$")
_ISSUER_RE = regex(r"(人民政府|办公室|委员会|政府|局|指挥部|领导小组)$")
_NOTICE_END_RE = regex(r"(通知|通报|意见|报告|通告|决定|批复|函|公告|方案|办法|规定|命令|纪要|措施|细则|计划|要点)$")
# 平安市人民政府关于……: the issuer and its title on one line
_ISSUER_THEN_ABOUT = regex(rf"^\S{{2,30}}?{ISSUER_END}关于")


@dataclass(frozen=True)
class DocumentSpan:
    number: str | None
    notice_title: str | None
    issuer: str | None
    issue_date: date | None
    lines: list[Line]          # the document's lines, from its heading to the next one

    @property
    def line_start(self) -> int:
        return self.lines[0].number if self.lines else 0

    @property
    def line_end(self) -> int:
        return self.lines[-1].number if self.lines else 0


def _broken_numbers_joined(lines: list[Line]) -> list[Line]:
    """平政发〔 / 2023〕27号, 平政发 / 〔2023〕27号, 平政发〔2023〕27 / 号: a number a page's line
    break cut in two, on one line again (the first line's number kept)."""
    joined: list[Line] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if index + 1 < len(lines) and len(line.stripped) <= 16 and len(lines[index + 1].stripped) <= 12 \
                and _CUT_NUMBER_START.search(line.stripped):
            whole = line.stripped + lines[index + 1].stripped
            if ("号" in whole or "號" in whole) and DOC_NUMBER_RE.match(whole) \
                    and not (is_doc_number(line.text) and "号" in line.stripped):
                joined.append(Line(line.number, whole, line.after_blank))
                index += 2
                continue
        joined.append(line)
        index += 1
    return joined


# How the first piece of a cut number ends: its issuer's code (平政发), its opening bracket, its year, or
# its figure without 号.
_CUT_NUMBER_START = regex(r"(?:[发字函办]|[〔［【]|[〔［【]\s*(?:19|20)\d{2}\s*[〕］】]?|[〕］】]\s*\d{1,5})\s*$")


def split_documents(lines: list[Line]) -> list[DocumentSpan]:
    """Documents start near their number alone on a line; a file without
    numbers is one document."""
    lines = _broken_numbers_joined(lines)
    marks = _once_each([index for index, line in enumerate(lines)
                        if is_doc_number(line.text) or number_in_title(line.text)], lines)
    # One call for the whole document (simplified() maps character for character, and no line
    # holds a line break): most documents have no traditional character and need no copy.
    plain = simplified("\n".join(line.stripped for line in lines)).split("\n") if lines else []
    if not marks:
        if not lines:
            return []
        # A page saved from a government site: its disclosure block may give what the text does not.
        page = page_metadata(lines)
        return [DocumentSpan(page.number, lone_title(lines, page), None, _issue_date(lines) or page.issue_date,
                             lines)]
    unnumbered = _unnumbered_notices(plain, lines, marks)
    marks = sorted(marks + unnumbered)
    starts = []
    previous_end = 0
    for mark in marks:
        start = mark if mark in unnumbered or number_in_title(lines[mark].text) \
            else _heading_start(plain, lines, mark, previous_end)
        starts.append(start)
        previous_end = mark + 1
    documents = []
    # A page saved from a government site may date its one document only in its disclosure block
    # or by the site's 发布时间 (来源：… 发布时间：2023-03-16) under the title and the number.
    page_date = page_metadata(lines).issue_date
    for number, (mark, start) in enumerate(zip(marks, starts)):
        end = starts[number + 1] if number + 1 < len(starts) else len(lines)
        body = lines[start:end]
        if mark in unnumbered:
            joined = _ISSUER_THEN_ABOUT.match(plain[mark])
            issuer = lines[mark].stripped[:joined.end() - 2] if joined else None
            title = lines[mark].stripped[joined.end() - 2:] if joined else lines[mark].stripped
            documents.append(DocumentSpan(None, squeeze(title), issuer, _issue_date(body), body))
            continue
        title_lines = [line.stripped for line in lines[start:mark] if not is_metadata_line(line.stripped)
                       and not _DATE_RE.match(line.text) and not _CN_DATE_RE.match(line.text)]
        # 中共平安县委文件 under a web page's title: the masthead, not the title's second line
        title_lines = [text for text in title_lines if not _MASTHEAD.match(simplified(squeeze(text)))] or title_lines
        own = number_in_title(lines[mark].text)
        if own:
            title_lines.append(own.group("title"))
        issuer = None
        if title_lines and _ISSUER_RE.search(simplified(title_lines[0])) \
                and not simplified(title_lines[0]).startswith("关于"):
            issuer = title_lines.pop(0)
        title = squeeze("".join(title_lines)).strip("*#") or None
        if not title or not simplified(title).startswith("关于") and "关于" not in simplified(title):
            # Some layouts put the number first and the title under it.
            after = _title_after(plain, lines, mark, end)
            if after:
                # The line above the number, if any, names the issuer (…办公室文件).
                above = lines[mark - 1].stripped if mark > 0 else ""
                if issuer is None and _ISSUER_RE.search(simplified(above).removesuffix("文件")):
                    issuer = squeeze(above).removesuffix("文件")
                title = after
        if title and issuer is None:
            # "平顺县人民政府办公室关于印发……的通知" on one line
            joined = re.match(r"^(?P<issuer>\S{2,30}?(?:人民政府办公室|人民政府|办公室|委员会))(?P<title>关于.+)$",
                              simplified(title))
            if joined:
                issuer, title = title[:joined.end("issuer")], title[joined.start("title"):]
        documents.append(DocumentSpan(
            squeeze((own or DOC_NUMBER_RE.match(lines[mark].text)).group("number")),
            title, issuer, _issue_date(lines[start:end]) or (page_date if not number else None), body))
    return documents


_UNNUMBERED_NOTICE = regex(rf"^(?:\S{{2,30}}?{ISSUER_END})?关于.{{4,60}}的"
                                r"(?:通知|意见|决定)$")


def _unnumbered_notices(plain: list[str], lines: list[Line], marks: list[int]) -> list[int]:
    """Notices without a number after a numbered one, as a gazette's 部门文件 print them: a line
    (平安县残联关于做好…的通知) over its addressees (各乡镇残联：), with no number near it. Each
    starts a document of its own; it had been read as part of the numbered one before it."""
    found = []
    for index in range(marks[0] + 1, len(lines) - 1):
        if not plain[index].endswith(("通知", "意见", "决定")) or not _UNNUMBERED_NOTICE.match(plain[index]):
            continue
        near = bisect_left(marks, index - 3)     # (marks are in order: the nearest by bisection)
        if near < len(marks) and marks[near] <= index + 3 or "《" in plain[index]:
            continue
        addressed = any(plain[following].endswith(("：", ":")) and len(plain[following]) <= 40
                        for following in range(index + 1, min(index + 3, len(lines))))
        if addressed:
            found.append(index)
    return found


def _title_after(plain: list[str], lines: list[Line], mark: int, end: int) -> str | None:
    """A notice title (关于……) within the three lines after the number, wrapped or not."""
    for index in range(mark + 1, min(end, mark + 4)):
        if plain[index].startswith("关于") or _ISSUER_THEN_ABOUT.match(plain[index]):
            parts = [lines[index].stripped]
            for following in range(index + 1, min(end, index + 3)):
                if _NOTICE_END_RE.search(simplified(squeeze("".join(parts)))):
                    break
                parts.append(lines[following].stripped)
            joined = squeeze("".join(parts))         # (its ending read simplified: 實施意見 ends as 实施意见)
            return joined if _NOTICE_END_RE.search(simplified(joined)) else None
    return None


def _heading_start(plain: list[str], lines: list[Line], mark: int, floor: int) -> int:
    """Walk back from the number over the notice title and the issuer line
    (`plain`: the lines with traditional characters simplified)."""
    start = mark
    for index in range(mark - 1, max(floor, mark - 8) - 1, -1):
        text = plain[index]
        if is_metadata_line(text):
            continue                 # 来源：… / 发布日期：… between a web page's title and the number
        if index == mark - 1 and text.lstrip().startswith(("（", "(")) and (_DATE_RE.match(text) or _CN_DATE_RE.match(text)):
            continue                 # a title, its date in brackets, then the number
        if lines[index].is_row or _DATE_RE.match(text) or text.endswith(("。", "）", "：")) and not text.startswith("关于"):
            break
        start = index
        if text.startswith("关于") and index > floor and _ISSUER_RE.search(plain[index - 1]) \
                and not plain[index - 1].endswith("。"):
            start = index - 1
            break
        if text.startswith("关于"):
            break
    # Keep only a real title: it must end like a notice or begin with 关于.
    joined = "".join(plain[start:mark])
    if start < mark and not (_NOTICE_END_RE.search(joined) or "关于" in joined):
        return mark
    return start


def _issue_date(lines: list[Line]) -> date | None:
    for index, line in enumerate(lines[:400]):
        if index and line.stripped.strip().isdecimal() \
                and (signed := _date_in_digits(line.stripped.strip(), lines[index - 1].stripped.strip())):
            return signed
        match = _DATE_RE.match(line.text)
        if match:
            try:
                return date(*map(int, match.groups()))
            except ValueError:
                continue
        match = _CN_DATE_RE.match(line.text)
        if match:
            year = int("".join(str("〇一二三四五六七八九".index(ch)) if ch in "〇一二三四五六七八九" else "0"
                               for ch in match.group(1).replace("零", "〇").replace("○", "〇")))
            try:
                return date(year, _cn_number(match.group(2)), _cn_number(match.group(3)))
            except ValueError:
                continue
    return None


# The line a signature's date follows: the issuer's name.
_ISSUER_LINE = regex(rf"^\S{{2,30}}?(?:{ISSUER_END}|办公厅)$")


def _date_in_digits(digits: str, above: str) -> date | None:
    """20231228 or 2024327 under the issuer's name: a site that lost the date's 年月日 (a font's
    characters dropped). Seven digits are read only where one month and day fit (327: 3-27; 115
    could be 1-15 or 11-5, and is not read)."""
    if not 7 <= len(digits) <= 8 or not digits.startswith(("19", "20")) or not _ISSUER_LINE.match(above):
        return None
    year, rest = int(digits[:4]), digits[4:]
    fits = set()
    for cut in ((2,) if len(rest) == 4 else (1, 2)):
        try:
            fits.add(date(year, int(rest[:cut]), int(rest[cut:])))
        except ValueError:
            continue
    return fits.pop() if len(fits) == 1 else None


def _cn_number(text: str) -> int:
    digits = "零一二三四五六七八九"
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + digits.index(text[1])
    if "十" in text:
        tens, _, ones = text.partition("十")
        return digits.index(tens) * 10 + (digits.index(ones) if ones else 0)
    return digits.index(text)
