"""One table cell's text from the lines it was written or wrapped on: a Word cell's
paragraphs, a PDF cell's lines, a text table's row broken across two lines."""
from __future__ import annotations

from .compiled_patterns import regex
from .labels import split_deadline
from .text import simplified
from .units import FIRM_END, LIST_MARKS, OWN_PART, looks_like_cell_unit, looks_like_unit, name_goes_on, role_of_phrase, wrapped_inside_name

_SEPARATORS = "、，,；;"
_WORDS_MARK = regex(r"[。；，：,;:]|\d")
_A_NEW_NAME = regex(r"(?:县|市|省|州|各)")
_CELL_PIECES = regex(f"[{_SEPARATORS}/／]")


def is_unit_line(text: str) -> bool:
    """A cell paragraph (or PDF cell line) that holds only unit names, maybe with role words."""
    pieces = [piece.strip() for piece in LIST_MARKS.split(text) if piece.strip()]
    return bool(pieces) and all(looks_like_unit(role_of_phrase(piece)[0]) for piece in pieces)


# What a cell of two roles holds where it has no unit of the second (县城管局/无, 县城管局/—).
_NO_UNIT = regex(r"[无無—\-－/／]*")


def is_assigning_cell(text: str) -> bool:
    """A cell that assigns: unit names with role words (办公室牵头，各科室配合), even bare office
    names that prose never uses alone, or unit names alone (县财政局、县税务局, 县城管局/无)."""
    text = split_deadline(text)[0]          # 县商务局，12月底前建成: the units, then when
    pieces = [piece.strip() for piece in _CELL_PIECES.split(text) if not _NO_UNIT.fullmatch(piece.strip())]
    if not pieces:
        return False
    bare = [role_of_phrase(piece) for piece in pieces]
    if any(role is not None for _, role in bare):
        return all(looks_like_cell_unit(name) for name, _ in bare)
    return all(looks_like_unit(name) for name, _ in bare)


def join_cell_lines(lines: list[str]) -> str:
    """One cell's paragraphs (Word) or wrapped lines (PDF) as one line of text.

    A unit list is often written one unit per paragraph: joined with nothing
    they would fuse into one long name, so lines that are all unit names are
    joined with 、, unless the break falls inside a name the cell's width
    wrapped (县财政局、县市场 / 监管局). Anything else is text broken by the
    cell's width, which is joined with nothing (Chinese needs no space).
    """
    parts = [" ".join(line.split()) for line in lines]
    parts = [part for part in parts if part]
    if len(parts) < 2:
        return parts[0] if parts else ""
    units = all(is_unit_line(part) for part in parts)
    # (names alone, one of them a name's half a narrow cell wrapped: 县财政局 / 县自然资 / 源局)
    names = not units and not any(_WORDS_MARK.search(part) for part in parts)
    joined = parts[0]
    for part in parts[1:]:
        if units and not joined.endswith(tuple(_SEPARATORS)) and not part.startswith(tuple(_SEPARATORS)) \
                and not wrapped_inside_name(joined, part) and not OWN_PART.fullmatch(simplified(part)):
            joined += "、"              # (not 县市场监管局 / 稽查大队: the body's own part, one name)
        elif names and FIRM_END.search(last := LIST_MARKS.split(joined)[-1]) and looks_like_unit(last) \
                and _A_NEW_NAME.match(part) and not name_goes_on(last, part):
            joined += "、"              # 县财政局 / 县自然资…: a whole name (not 偏关县 / 乡村振兴), then the next one's place
        elif _latin_boundary(joined, part):
            joined += " "
        joined += part
    return joined


def _latin_boundary(before: str, after: str) -> bool:
    """English words broken across lines need their space back."""
    return before[-1:].isascii() and before[-1:].isalnum() and after[:1].isascii() and after[:1].isalpha()
