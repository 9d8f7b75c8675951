"""Physical lines of a converted document: page furniture dropped, text folded."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .text import fold, width

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


@dataclass(frozen=True, slots=True)
class Line:
    number: int      # 1-based line number in the source
    text: str        # folded text, right-stripped (tabs kept)
    after_blank: bool = False   # a blank line came before it (a cell or paragraph gap)
    # Read many times by every step, so computed once when the line is made.
    stripped: str = field(init=False, compare=False, repr=False)
    width: int = field(init=False, compare=False, repr=False)
    is_row: bool = field(init=False, compare=False, repr=False)   # a table row: tab separated, or Markdown pipes

    def __post_init__(self) -> None:
        stripped = self.text.strip()
        object.__setattr__(self, "stripped", stripped)
        object.__setattr__(self, "width", width(stripped))
        object.__setattr__(self, "is_row", "\t" in stripped or stripped.startswith("|"))


# The first character a page-furniture line can have after its leading spaces (a dash,
# 第, a pipe or colon of a Markdown rule, or a digit): most lines need no regex at all.
_FURNITURE_START = "—-－–第|:："
_MARKUP_CHARACTERS = "#-*•·▪"


def lines_of(text: str) -> list[Line]:
    """Non-blank lines with their numbers; page furniture removed."""
    lines = []
    blank = False
    for number, raw in enumerate(fold(text).splitlines(), 1):
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
