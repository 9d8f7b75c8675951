"""Plain text set in lines, in one font, size and colour: the report's table cells.

ReportLab's Paragraph reads its text as markup and keeps a fragment per run
of style; a table cell here is one run, and a report of 100,000 tasks has
half a million of them, so a Paragraph's parse and its general drawing were
most of the write. This breaks lines itself, with each character's width
looked up once per font and size, and draws a cell's lines into one text
object for the whole page.

Lines break between any two Chinese characters, under the usual rules (禁则):
no line starts with ，。、；：？！）》」 and the like, none ends with （《“,
and a number or a Latin word is not cut (2023 / 年 rather than 20 / 23年).
Nothing hangs past the width: ReportLab's CJK wrapping hangs such punctuation
in the margin, which in a table crosses the cell's border, and lets ， start a line.
"""
from __future__ import annotations

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable

NO_LINE_START = frozenset("，。、；：？！）》」』】〕〉”’…—％‰·,.;:?!)]}%")
NO_LINE_END = frozenset("（《「『【〔〈“‘([{")


def _in_word(char: str) -> bool:
    """Part of a number or a Latin word, which a line does not cut."""
    return char.isascii() and (char.isalnum() or char in ".-/%")


def break_lines(text: str, widths: list[float], width: float) -> list[tuple[float, str]]:
    """``text`` (one paragraph) as lines of at most ``width``: (room left, line) each."""
    lines: list[tuple[float, str]] = []
    start, used, index = 0, 0.0, 0
    while index < len(text):
        if used + widths[index] <= width + 1e-6 or index == start:
            used += widths[index]
            index += 1
            continue
        cut = index
        for _ in range(2):     # pull one or two characters down rather than break a rule
            if cut - 1 > start and (text[cut] in NO_LINE_START or text[cut - 1] in NO_LINE_END):
                cut -= 1
        if _in_word(text[cut]) and _in_word(text[cut - 1]):
            word = cut - 1
            while word > start and _in_word(text[word - 1]):
                word -= 1
            if word > start:
                cut = word
        line = text[start:cut]
        lines.append((width - sum(widths[start:cut]), line))
        start = index = cut
        while start < len(text) and text[start] == " ":      # a break eats the space it falls on
            start += 1
        index, used = start, 0.0
    if start < len(text) or not lines:
        lines.append((width - sum(widths[start:]), text[start:]))
    return lines


_widths: dict[tuple[str, float], dict[str, float]] = {}


def char_widths(text: str, font: str, size: float) -> list[float]:
    """Each character's advance, from a table kept per font and size."""
    table = _widths.setdefault((font, size), {})
    try:
        return [table[char] for char in text]
    except KeyError:
        for char in text:
            if char not in table:
                table[char] = stringWidth(char, font, size)
        return [table[char] for char in text]


class TextBlock(Flowable):
    """``text`` broken into lines of the width given; "left" or "centre" aligned."""

    def __init__(self, text: str, font: str, size: float, leading: float,
                 colour: colors.Color = colors.black, align: str = "left") -> None:
        super().__init__()
        self.text, self.font, self.size, self.leading = text, font, size, leading
        self.colour, self.align = colour, align
        self.lines: list[tuple[float, str]] = []     # (room left on the line, its text)
        self.width = self.height = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.lines = []
        for paragraph in self.text.split("\n"):
            if paragraph:
                self.lines.extend(break_lines(paragraph, char_widths(paragraph, self.font, self.size), availWidth))
            else:
                self.lines.append((availWidth, ""))
        self.width, self.height = availWidth, len(self.lines) * self.leading
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """The lines that fit in ``availHeight`` and the rest: for a cell taller than a page."""
        self.wrap(availWidth, availHeight)
        fit = int(availHeight // self.leading)
        if fit <= 0 or fit >= len(self.lines):
            return []
        return [self._with_lines(self.lines[:fit]), self._with_lines(self.lines[fit:])]

    def _with_lines(self, lines: list[tuple[float, str]]) -> TextBlock:
        part = TextBlock("\n".join(line for _, line in lines), self.font, self.size, self.leading,
                         self.colour, self.align)
        return part

    def draw(self) -> None:
        text = self.canv.beginText()
        self.draw_into(text, 0.0, self.height, [])
        self.canv.drawText(text)

    def draw_into(self, text: PDFTextObject, x: float, top: float, current: list) -> None:
        """Add the lines below ``top`` to ``text``, one text object for a whole page of cells.

        ``current`` is the object's [font, size, colour], so that they are set only when they change.
        """
        if current[:2] != [self.font, self.size]:
            text.setFont(self.font, self.size)
            current[:2] = [self.font, self.size]
        if current[2:] != [self.colour]:
            text.setFillColor(self.colour)
            current[2:] = [self.colour]
        ascent, descent = getAscentDescent(self.font, self.size)
        # Each line's glyphs centred in its line box, as a browser (and Qt) sets them.
        baseline = top - (self.leading - (ascent - descent)) / 2 - ascent
        for room, line in self.lines:
            shift = max(room, 0.0) / 2 if self.align == "centre" else 0.0
            text.setTextOrigin(x + shift, baseline)
            text.textOut(line)
            baseline -= self.leading
