"""Text of a set of PDF characters: words from gaps, lines from heights.

The rules of pdfplumber's extract_text with its defaults, on which the
reader's yields were measured: characters whose tops chain within 3 pt
are one line, read left to right; a gap of more than 3 pt, a step back or
a jump of more than 3 pt in height starts a word; a space the PDF draws
ends one; words of a line are joined by one space.
"""
from __future__ import annotations

from operator import itemgetter
from typing import Callable, TypeVar

from .compiled_patterns import regex
from .pdf_page import Char

TOLERANCE = 3.0
# Ligature glyphs read as their letters (pdfplumber's expand_ligatures).
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"})
_SPACE = regex(r"\s")
T = TypeVar("T")


def clusters(items: list[T], key: Callable[[T], float], tolerance: float) -> list[list[T]]:
    """Items grouped by key values that chain within `tolerance`, lowest first;
    each group keeps the items' order."""
    index: dict[float, int] = {}
    group = -1
    last = None
    for value in sorted(set(map(key, items))):
        if last is None or value > last + tolerance:
            group += 1
        index[value] = group
        last = value
    grouped: list[list[T]] = [[] for _ in range(group + 1)]
    for item in items:
        grouped[index[key(item)]].append(item)
    return grouped


# Char fields, fast; a word is (text, top), so _TOP serves it too.
_X0, _TOP, _TEXT = itemgetter(0), itemgetter(1), itemgetter(4)


def text_of(chars: list[Char]) -> str:
    """Lines separated by newlines, as pdfplumber's extract_text gave them."""
    words: list[tuple[str, float]] = []
    for line in clusters(chars, _TOP, TOLERANCE):
        line.sort(key=_X0)
        for run in _between_spaces(line):
            start = 0
            for i in range(1, len(run)):
                previous, char = run[i - 1], run[i]
                if char.x0 < previous.x0 or char.x0 > previous.x1 + TOLERANCE \
                        or abs(char.top - previous.top) > TOLERANCE:
                    words.append(_word(run[start:i]))
                    start = i
            words.append(_word(run[start:]))
    return "\n".join(" ".join(text for text, _top in line) for line in clusters(words, _TOP, TOLERANCE))


def _between_spaces(line: list[Char]) -> list[list[Char]]:
    """The runs of a line that a space the PDF draws separates."""
    if not _SPACE.search("".join(map(_TEXT, line))):
        return [line]
    runs: list[list[Char]] = [[]]
    for char in line:
        if char.text.isspace():
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append(char)
    return [run for run in runs if run]


def _word(chars: list[Char]) -> tuple[str, float]:
    return "".join(map(_TEXT, chars)).translate(_LIGATURES), min(map(_TOP, chars))
