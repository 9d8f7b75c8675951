"""The disclosure block a government web page puts above a document.

A plan saved from a 政府信息公开 page starts with the page's own record of
it, in label/value pairs, as a table (pipes or tabs) or one pair per line:

    索引号 | 000330185/2022-83945 | 公开方式 | 主动公开 |
    发布机构: 某省卫生健康委员会
    名  称: 某省卫生健康委2021年政务公开工作重点任务台账
    发文日期: 2021年03月16日
    文  号:

These lines are the page's, not the document's: none of them is a title.
What they say is kept where the document itself does not say it: the
title (名称/标题), the number (文号) and the issue date (成文/发文/发布日期).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .compiled_patterns import regex
from .layout import Line
from .text import simplified, squeeze

# The labels such blocks use; spaces inside a label are padding (索 引 号, 名 称).
_LABELS = {
    "索引号": None, "公开方式": None, "公开范围": None, "公开时限": None, "公开形式": None,
    "发布单位": None, "发布机构": None, "发文单位": None, "发文机关": None, "组配分类": None,
    "主题分类": None, "分类": None, "体裁分类": None, "主题词": None, "有效性": None, "废止日期": None,
    "生效日期": None, "信息来源": None, "文件分类": None, "信息分类": None, "内容分类": None,
    "所属机构": None, "所属主题": None, "公文种类": None, "效力状态": None, "统一编号": None, "登记号": None,
    "规范性文件登记号": None,
    "名称": "title", "标题": "title", "文件名称": "title",
    "文号": "number", "发文字号": "number", "发文序号": "number", "文件编号": "number", "字号": "number",
    "成文日期": "date", "发文日期": "date", "发布日期": "date", "印发日期": "date", "发布时间": "date",
    "成文时间": "date", "日期": "date",
    "来源": None, "浏览次数": None, "点击数": None, "公开责任部门": None, "公开日期": None,
    "生成日期": "date", "公文生成日期": "date",
    # (other sites' words: 发文机构, 发文文号, 公文时效, 内容概述, 备注/文号)
    "发文机构": None, "公文时效": None, "时效": None, "内容概述": None, "摘要": None, "发文文号": "number",
    "发布机关": None, "发布部门": None, "发文部门": None,
    # (a site's own words for when it put the page up: 发布于：2024-03-15 09:30, 更新时间：…, 时间：…)
    "发布于": "date", "更新时间": "date", "更新日期": "date", "时间": "date",
}
# The days a document was written or issued, before any day a site posted or updated it.
_WRITTEN_ON = frozenset(("成文日期", "发文日期", "印发日期", "成文时间"))
_LABEL = "|".join(r"\s*".join(label) for label in sorted(_LABELS, key=len, reverse=True))
# A label opens the line or follows a cell's edge (|, a tab, spaces, a list mark, a bracket) and
# is followed by its separator: a colon, a cell's edge, a closing bracket or spaces.
# ([日期:2023-06-11] 来源:办公室: a site's bracketed pairs)
# ([ 文 号 ] | X |: a label in square brackets with spaces inside them)
_PAIR_LABEL = regex(rf"(?:^|(?<=[\s|•·\-【\[［]))(?P<label>{_LABEL})[ \u3000]*(?:[|:：\t】\]］]|[ \u3000]+(?=\S))")
_STARTS_WITH_LABEL = regex(rf"^\s*[|•·\-]?\s*[【\[［]?\s*(?:{_LABEL})[ \u3000]*(?:[|:：\t】\]］]|[ \u3000]+(?=\S)|$)")
_DATE = regex(r"((?:19|20)\d{2})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})")
# A document number has its year in brackets or ends in 号; 无 or a value the next label took is none.
_NUMBER_VALUE = regex(r"[〔［\[(（]\s*(?:19|20)\d{2}\s*[〕］\])）]|号$")
_LOOK = 15        # the block is at the very top of the page


@dataclass(frozen=True)
class PageMetadata:
    lines: frozenset[int]           # line numbers of the block's lines
    title: str | None = None
    number: str | None = None
    issue_date: date | None = None


def is_metadata_line(text: str) -> bool:
    return _STARTS_WITH_LABEL.match(simplified(text)) is not None     # (名稱, 文號: traditional labels too)


def page_metadata(lines: list[Line]) -> PageMetadata:
    """The block at the top of ``lines`` (empty when there is none)."""
    found: dict[str, str] = {}
    found_date_label = ""            # (the day the document was written beats the day a site posted it)
    numbers = set()
    posted: date | None = None       # a site's date on a line of its own words (湖南省人民政府 发布时间: 2019-02-20)
    waiting = ""                     # a label whose value is on the next line (• 发文日期: / 2025年02月26日)
    for line in lines[:_LOOK]:
        if not is_metadata_line(line.stripped):
            value = squeeze(line.stripped.strip(" \u3000\t|•·-"))
            if waiting and len(value) <= _VALUE_LONGEST and _fits(_LABELS[waiting], value):
                numbers.add(line.number)
                pairs = [(waiting, value)]
                waiting = ""
            elif numbers:
                break                # the block has ended; the document begins
            else:
                posted = posted or _posted_on(line.stripped)
                continue
        else:
            numbers.add(line.number)
            pairs = _pairs(line.stripped)
            waiting = pairs[-1][0] if pairs and not pairs[-1][1] else ""
        for label, value in pairs:
            meaning = _LABELS[label]
            if meaning == "number" and not _NUMBER_VALUE.search(value):
                continue
            if meaning and value and (meaning not in found or meaning == "date" and label in _WRITTEN_ON
                                      and found_date_label not in _WRITTEN_ON):
                found[meaning] = value
                found_date_label = label if meaning == "date" else found_date_label
    return PageMetadata(frozenset(numbers), found.get("title"), found.get("number"), _date(found.get("date")) or posted)


def _fits(meaning: str | None, value: str) -> bool:
    """Does a line read as the value of a label of that meaning (a date, a number or 无, a title)?"""
    if meaning == "date":
        return _date(value) is not None
    if meaning == "number":
        return value in ("无", "暂无") or _NUMBER_VALUE.search(value) is not None
    # (a label the importer skips, 索引号 / 1234560000/2025-000123: not the document's own first lines,
    # its salutation or its title)
    return meaning == "title" or meaning is None and not value.endswith(("：", ":")) and not _DOCUMENT_LINE.search(value)


_DOCUMENT_LINE = regex(r"关于|(?:通知|通报|意见|决定|方案|办法|规划|计划|要点|清单)$")


def _posted_on(text: str) -> date | None:
    """The day a site's line says it put the page up, after its other words (某省人民政府门户网站
    发布时间: 2019-02-20 11:02 【字体: 大 中 小】): a date label and a whole date after it."""
    for label, value in _pairs(text):
        if _LABELS[label] == "date" and label != "时间" and (day := _date(value[:_DATE_LONGEST])) is not None:
            return day
    # …or the site's date in figures alone on its line, maybe with the site's empty fields after it
    # (2025-03-10   作者: 点击数:, 2024-02-05 来源: 芜湖市人民政府; not a site's own copy, 2024-07-18 来源:某某网)
    alone = _SITE_DATE_ALONE.match(text)
    return _date(alone.group()) if alone is not None else None


_DATE_LONGEST = 12
_VALUE_LONGEST = 40
_SITE_DATE_ALONE = regex(r"\s*(?:19|20)\d{2}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?"
                         r"(?=\s*$|\s+(?:作者|点击数|浏览次数|阅读次数|访问量)\s*[:：]|\s+来源\s*[:：]\s*(?![^\s:：]*网))")


def _pairs(text: str) -> list[tuple[str, str]]:
    """(label, value) pairs of one line: each value runs to the next label (文号: X 成文日期: Y)."""
    labels = list(_PAIR_LABEL.finditer(simplified(text)))     # (simplifying keeps offsets)
    pairs = []
    for index, match in enumerate(labels):
        end = labels[index + 1].start() if index + 1 < len(labels) else len(text)
        value = squeeze(text[match.end():end].strip(" \u3000\t|•·-【】[]［］")).strip("：:")
        pairs.append((re.sub(r"\s+", "", match.group("label")), value))
    return pairs


def _date(text: str | None) -> date | None:
    match = _DATE.search(text or "")
    if match is None:
        return None
    try:
        return date(*map(int, match.groups()))
    except ValueError:
        return None
