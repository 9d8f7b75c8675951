"""Break a plain text's lines as a PDF's text layer breaks them, for tests.

Unlike test_reflow's cut every N characters, this follows how a typeset page breaks: Chinese line-breaking rules
(no closing mark opens a line, no opening mark ends one), ASCII runs (2025, 3.5) never split, half-width characters
half an em, a first line indented two ems, the plan's title in a larger font (about 0.72 of the body's width), and,
every few lines, a page's furniture between two lines or inside one: its number (— 3 —, -3-, 第3页) and the gazette's
running head (`2 / 2025 平安县人民政府公报县政府文件`, as seed 000 prints it). Table rows (tabs, pipes) and lines the
layout reader does not take for text are left whole, as a converter leaves them.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass

from importers.layout import lines_of

NO_START = set("，。、；：）！？》」』】〕〉”’,.;:)!?]%")
NO_END = set("（《「『【〔〈“‘([")
_TITLE = re.compile(r"(方案|工作要点|的通知)$")
_YEAR = re.compile(r"(20\d\d)年")


@dataclass(frozen=True)
class Breaking:
    width: int                # the body's width in ems
    blank: bool               # a blank line between every two lines, as some converters give
    furniture: bool           # page numbers and running heads between pages
    seed: str                 # what the indent, the pages' length and the number's style are drawn from

    @property
    def name(self) -> str:
        return f"w{self.width}{'-blank' if self.blank else ''}{'-pages' if self.furniture else ''}"


def _em(character: str) -> float:
    return 0.5 if ord(character) < 0x2000 and character != "—" else 1.0


def break_points(line: str, width: float, indent: float) -> list[int]:
    """Where a page `width` ems wide breaks `line` (its first line `indent` ems shorter)."""
    cuts: list[int] = []
    start, room, length = 0, width - indent, len(line)
    while True:
        used, index = 0.0, start
        while index < length and used + _em(line[index]) <= room:
            used += _em(line[index])
            index += 1
        if index >= length:
            return cuts
        cut = index
        while cut < length and line[cut] in NO_START:
            cut += 1                    # a closing mark hangs on the line before
        while cut - 1 > start and line[cut - 1] in NO_END:
            cut -= 1                    # an opening mark moves on
        while cut - 1 > start and cut < length and _ascii_word(line[cut - 1]) and _ascii_word(line[cut]):
            cut -= 1                    # 2025, 3.5 stay whole
        if cut >= length:
            return cuts
        if cut <= start:
            cut = index
        cuts.append(cut)
        start, room = cut, width


def _ascii_word(character: str) -> bool:
    return character.isascii() and not character.isspace()


def _breakable(line: str) -> bool:
    """A line of prose (not a table's row of tabs, pipes or cells set apart by spaces: the PDF reader rebuilds a
    table's cells from where they stand, no page's width breaks them)."""
    return "\t" not in line and "|" not in line and not _SPACED_CELLS.search(line.strip()) and bool(line.strip()) \
        and bool(lines_of(line))


_SPACED_CELLS = re.compile(r"[^\s]\s+[^\s]+\s+[^\s]")


def broken(text: str, breaking: Breaking) -> str:
    """The text as a PDF of it reads: every prose line broken at the page's width, furniture between pages."""
    rng = random.Random(breaking.seed)
    indent = 2 if rng.random() < 0.75 else 0
    lines = text.rstrip("\n").split("\n")
    cuts: dict[int, list[int]] = {}
    for number, line in enumerate(lines):
        if not _breakable(line):
            continue
        if _TITLE.search(line.strip()) and len(line.strip()) >= 8:
            cuts[number] = break_points(line, max(10, round(breaking.width * 0.72)), 0)
        else:
            cuts[number] = break_points(line, breaking.width, indent)
    furniture: set[tuple[int, int]] = set()
    if breaking.furniture:
        bounds = sorted([(number, 0) for number in range(1, len(lines))]
                        + [(number, cut) for number, points in cuts.items() for cut in points])
        every = rng.randint(6, 16)
        count = rng.randrange(every)
        for bound in bounds:
            count += 1
            if count % every == 0:
                furniture.add(bound)
    style = rng.randrange(4)
    kinds = {bound: rng.choice(["number", "number", "number", "head", "both"]) for bound in sorted(furniture)}
    year = next((found.group(1) for found in map(_YEAR.search, lines) if found), "2025")
    out: list[str] = []
    page = 2
    for number, line in enumerate(lines):
        start = 0
        for position in sorted(set(cuts.get(number, [])) | {p for n, p in furniture if n == number}):
            if position > start:
                out.append(line[start:position])
                start = position
            kind = kinds.get((number, position))
            if kind in ("number", "both"):
                out.append([f"— {page} —", f"-{page}-", f"- {page} -", f"第{page}页"][style])
            if kind in ("head", "both"):
                out.append(f"{1 + page % 4} / {year} 平安县人民政府公报县政府文件")
            if kind:
                page += 1
        if start < len(line) or not line:
            out.append(line[start:])
    return ("\n\n" if breaking.blank else "\n").join(out) + "\n"
