"""Physical lines of a converted document: page furniture dropped, text folded."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

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


@dataclass(frozen=True)
class Line:
    number: int      # 1-based line number in the source
    text: str        # folded text, right-stripped (tabs kept)
    after_blank: bool = False   # a blank line came before it (a cell or paragraph gap)

    # Read many times by every step: computed on first use, then read from the instance's
    # dict (cached_property is a non-data descriptor; the dataclass is frozen, but
    # cached_property writes the dict directly).
    @cached_property
    def stripped(self) -> str:
        return self.text.strip()

    @cached_property
    def width(self) -> int:
        return width(self.text)

    @cached_property
    def is_row(self) -> bool:
        """A table row: tab separated, or Markdown pipes."""
        text = self.stripped
        return "\t" in text or text.startswith("|")


def lines_of(text: str) -> list[Line]:
    """Non-blank lines with their numbers; page furniture removed."""
    lines = []
    blank = False
    for number, raw in enumerate(fold(text).splitlines(), 1):
        folded = raw.rstrip()
        if not folded.strip():
            blank = True
            continue
        if _FURNITURE.match(folded):
            continue
        if "\t" not in folded and not folded.lstrip().startswith("|"):
            folded = _BOLD.sub(r"\1", _MARKUP_START.sub("", folded)).replace("**", "")
        lines.append(Line(number, folded, blank))
        blank = False
    return lines
