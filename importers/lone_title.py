"""The title of a plan that comes alone, not inside a gazette.

A gazette's documents are found by their numbers and their 关于……的通知
headings (importers/documents.py). A plan saved on its own, often from a
web page, has neither; its first line is as likely to be the site's
navigation (当前位置：首页), an editor's byline, a date, a file name or a
table's header as its title. In order of trust:

1. the page's disclosure block (名称/标题: importers/page_metadata.py);
2. the name the covering notice quotes: 现将《X》印发给你们, 《X》已经县政府
   同意, 关于印发《X》的通知 (lines may wrap inside the quote);
3. a line near the top, or two or three wrapped ones, that reads as a
   plan's title: long enough, ending the way titles of plans, ledgers and
   progress tables end (方案, 计划, 台账, 分解表, 进展情况表 …), a trailing
   (截至9月底) or (2025年版) allowed; or a notice's own heading, 关于印发
   ……的通知, from which the plan's name is taken as in a gazette;
4. nothing: no title is better than a wrong one, which the office would
   read in every list.
"""
from __future__ import annotations

import re

from .compiled_patterns import regex
from .layout import Line
from .outline import PLAN_TITLE, marker_of, without_annex_mark
from .page_metadata import PageMetadata, is_metadata_line
from .text import simplified, squeeze
from .units import ISSUER_END

_LOOK = 40                   # lines from the top that may hold the title
# (A quote that a sentence goes on from is a reference, not the plan: 关于落实《政府工作报告》重点工作…)
_QUOTED = regex(r"(?:现将|将|印发|发布|制定|确定|出台)[^《》。；]{0,24}《(?P<title>[^《》]{6,70})》"
                     r"(?=[^《》。；，]{0,6}?(?:印发|下发|的通知|的意见|的决定)|[，。；,;（(]|方案|$)"
                     r"|《(?P<agreed>[^《》]{6,70})》(?:已经|经)[^。；]{0,16}(?:同意|研究)")
_TITLE_END = regex(r"(?:方案|计划|规划|台账|分工|清单|措施|举措|要点|任务分解|分解|情况|状况|意见|办法|细则|安排|"
                        r"目标任务|工作重点|重点工作|"
                        r"(?:分解|推进|进度|进展|计划|统计|汇总|清单|任务|项目|责任|明细|一览|情况|分工|"
                        r"交办|分办|督办|办理|安排|落实)表|交办单|(?:情况|进度|进展)通报)$"
                        # (its issuer before it, or a web page's bare place: 泰州关于印发…的通知)
                        rf"|^(?:\S{{2,20}}?{ISSUER_END}|[\u4e00-\u9fff]{{2,4}})?关于.{{4,}}的(?:紧急|补充)?"
                        r"(?:通知|通报|意见|决定|批复)$")
_TRAILING_NOTE = regex(r"[（(][^（）()]{1,16}[)）]$")
# A mirror site's page of the document in its title: …方案_第1页, …方案 第4页, …方案(2).
PAGE_SUFFIX = regex(r"(?:[_\s]*第\s*\d{1,3}\s*页|[（(]\d{1,2}[）)]|[（(]第\s*\d{1,3}\s*[/／]\s*\d{1,3}\s*页[）)])$")
# A site's column tag before the title (【县政府文件】关于…的通知).
_SITE_TAG = regex(r"^【[^【】]{2,10}】")
_FILE_SUFFIX = regex(r"\.(?:docx?|pdf|xlsx?|wps|et|txt)$", re.IGNORECASE)
_NOT_A_TITLE = regex(r"^(?:(?:您|你)?(?:当前|现在)?(?:所在)?的?位置|首页|欢迎|编辑|来源|作者|发布时间|发布日期|浏览次数|字体|分享|"
                          r"打印|关闭|关怀版|无障碍|适老化|长辈版|【)|[。；：:]$|https?://|"
                          r"^\d{1,2}\s*[.．、]|"       # 附件：1.…分解表: one of the notice's list of annexes
                          r"^[一二三四五六七八九十]{1,3}、|^[（(][一二三四五六七八九十]{1,3}[）)]")    # 二、部分项目进展情况: a section
_MIN_LENGTH = 8
_NEVER_WRAPPED = regex(r"^\s*(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|附\s*件\s*\d*\s*[：:]?)\s*$")


def lone_title(lines: list[Line], page: PageMetadata) -> str | None:
    """The title of a document without a number heading, or None when none reads as one."""
    if page.title:
        return page.title
    head = lines[:_LOOK]
    table = next((index for index, line in enumerate(head) if _TABLE_OPENING.match(line.stripped)), None)
    if table is not None:
        head = head[:table]             # (a table's cells, one per line, are no title: 9月底前 / 3 / 开展…台账)
    listed = _listed_in_contents(head)
    top = [line for line in head if not line.is_row and "|" not in line.stripped
           and line.number not in page.lines and not is_metadata_line(line.stripped) and line.number not in listed]
    quoted = _quoted_title("".join(line.stripped for line in top))
    if quoted:
        return quoted
    for index in range(len(top)):
        # A title wrapped by the page's width reads whole again over two or three lines.
        joined = ""
        for line in top[index:index + 3]:
            if joined and (_NEVER_WRAPPED.match(line.stripped) or marker_of(line.stripped)[0]):
                break                   # a date, an annex mark or an item is a line of its own, not a title's end
            joined += line.stripped
            title = as_title(joined)
            if title:
                return title
    return None


def _listed_in_contents(lines: list[Line]) -> set[int]:
    """Line numbers of a gazette's table of contents (目录 / 县政府文件 / 县人民政府关于…的通知 / …): the
    titles of other documents, none of them the one below."""
    listed: set[int] = set()
    for index, line in enumerate(lines):
        if not _CONTENTS.fullmatch(line.stripped):
            continue
        for entry in lines[index + 1:]:
            if not (_CONTENTS_ENTRY.search(entry.stripped) or _CONTENTS_GROUP.fullmatch(entry.stripped)):
                break
            listed.add(entry.number)
    return listed


_CONTENTS = regex(r"\s*目\s*录\s*")
_TABLE_OPENING = regex(r"\s*序\s*号\s*(?:$|[|\t])")
# (an entry, maybe with its page: 县人民政府关于印发…的通知 ……… 3; or a group of them: 县政府文件, 县政府办公室文件)
_CONTENTS_ENTRY = regex(r"(?:通知|通报|意见|决定|办法|方案|规划|批复|函|令|公告|规定|细则)[\s.…·．\-—]*\(?\d{0,3}\)?\s*$")
_CONTENTS_GROUP = regex(r"\s*[\u4e00-\u9fff]{2,12}(?:文件|文件选登|办公室文件|部门文件|人事任免|大事记)\s*")


def _quoted_title(text: str) -> str | None:
    match = _QUOTED.search(simplified(text))
    if match is None:
        return None
    group = "title" if match.group("title") else "agreed"
    start, end = match.span(group)
    return squeeze(text[start:end])          # the document's own characters (simplified() maps one for one)


def as_title(text: str) -> str | None:
    """`text` as a plan's title (file suffix and annex mark dropped), or None when it does not read as one."""
    text = without_annex_mark(squeeze(PAGE_SUFFIX.sub("", _FILE_SUFFIX.sub("", _SITE_TAG.sub("", text.strip("*# "))))))
    if len(text) < _MIN_LENGTH or len(text) > 70 or _NOT_A_TITLE.search(text) or "。" in text:
        return None                     # (a title holds no sentence's end: 现将……落实。附件：1.…分解表)
    core = simplified(_TRAILING_NOTE.sub("", text))
    # (…or as a plan's title line in the body ends: 督查通报, 事项目录, 攻坚行动, outline.PLAN_TITLE)
    return text if _TITLE_END.search(core) or PLAN_TITLE.match(core) else None
