"""Plain text set in lines, in one font, size and colour: the report's table cells.

ReportLab's Paragraph reads its text as markup and keeps a fragment per run
of style; a table cell here is one run, and a report of 100,000 tasks has
half a million of them, so a Paragraph's parse and its general drawing were
most of the write. This breaks lines the way a Paragraph with
``wordWrap="CJK"`` does (ReportLab's own ``dumbSplit``: between any two
characters, not before 。，、 and the like), with each character's width
looked up once per font and size, and draws a cell's lines as one text object.
"""
from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.textsplit import dumbSplit
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable

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
                self.lines.extend((room, line) for room, line in
                                  dumbSplit(paragraph, char_widths(paragraph, self.font, self.size), availWidth))
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
