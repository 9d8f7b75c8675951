"""Physical lines of a converted document: page furniture dropped, text folded."""
from __future__ import annotations

import re
from typing import NamedTuple

from .text import fold, width, without_web_markup

# Page furniture left by PDF conversion: "—— 49", "- 12 -", "1 / 2023 平顺县人民政府公报…".
_FURNITURE = re.compile(
    r"^\s*(?:[—\-－–]{1,3}\s*\d{1,4}\s*[—\-－–]{0,3}"
    r"|\d{1,3}\s*/\s*\d{4}\s*\S*公报.*"
    r"|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?"
    r"|[-—–\s]*\t[-—–\s]*"
    r"|\|?(?:\s*[:：]?-{3,}[:：]?\s*\|)+\s*[:：]?-*[:：]?\s*"
    r")\s*$")
# Markup some converters leave: Markdown headings and bold, list bullets before a number.
_MARKUP_START = re.compile(r"^\s*(?:#{1,6}\s+|[-*•·▪]\s+(?=\S))")
_BOLD = re.compile(r"\*\*(.+?)\*\*")


class _LineFields(NamedTuple):
    number: int         # 1-based line number in the source
    text: str           # folded text, right-stripped (tabs kept)
    after_blank: bool   # a blank line came before it (a cell or paragraph gap)
    stripped: str
    width: int
    is_row: bool        # a table row: tab separated, or Markdown pipes


class Line(_LineFields):
    """One physical line. What every step reads of it (its stripped text, width and
    row-ness) is computed once, when it is made. A tuple: as immutable as a frozen
    dataclass, and made several times faster (a document has tens of thousands)."""

    __slots__ = ()

    def __new__(cls, number: int, text: str, after_blank: bool = False) -> Line:
        stripped = text.strip()
        return tuple.__new__(cls, (number, text, after_blank, stripped, width(stripped),
                                   "\t" in stripped or stripped.startswith("|")))


# The first character a page-furniture line can have after its leading spaces (a dash,
# 第, a pipe or colon of a Markdown rule, or a digit): most lines need no regex at all.
_FURNITURE_START = "—-－–第|:："
_MARKUP_CHARACTERS = "#-*•·▪"


def lines_of(text: str) -> list[Line]:
    """Non-blank lines with their numbers; page furniture removed."""
    lines = []
    blank = False
    for number, raw in enumerate(fold(without_web_markup(text)).splitlines(), 1):
        folded = raw.rstrip()
        start = folded.lstrip()[:1]
        if not start:
            blank = True
            continue
        if (start in _FURNITURE_START or start.isdecimal()) and _FURNITURE.match(folded):
            continue
        if "\t" not in folded and start != "|" and (start in _MARKUP_CHARACTERS or "**" in folded):
            folded = _BOLD.sub(r"\1", _MARKUP_START.sub("", folded)).replace("**", "")
        lines.append(Line(number, folded, blank))
        blank = False
    return lines
