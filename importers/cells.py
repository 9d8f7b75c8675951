"""Table cells from Word and PDF as the tab-separated rows the text extractor reads."""
from __future__ import annotations

import re

from .units import looks_like_unit, role_of_phrase

_SEPARATORS = "、，,；;"
_PIECES = re.compile(f"[{_SEPARATORS}]")


def is_unit_line(text: str) -> bool:
    """A cell paragraph (or PDF cell line) that holds only unit names, maybe with role words."""
    pieces = [piece.strip() for piece in _PIECES.split(text) if piece.strip()]
    return bool(pieces) and all(looks_like_unit(role_of_phrase(piece)[0]) for piece in pieces)


def join_cell_lines(lines: list[str]) -> str:
    """One cell's paragraphs (Word) or wrapped lines (PDF) as one line of text.

    A unit list is often written one unit per paragraph: joined with nothing
    they would fuse into one long name, so lines that are all unit names are
    joined with 、. Anything else is text broken by the cell's width, which
    is joined with nothing (Chinese needs no space).
    """
    parts = [" ".join(line.split()) for line in lines]
    parts = [part for part in parts if part]
    if len(parts) < 2:
        return parts[0] if parts else ""
    units = all(is_unit_line(part) for part in parts)
    joined = parts[0]
    for part in parts[1:]:
        if units and not joined.endswith(tuple(_SEPARATORS)) and not part.startswith(tuple(_SEPARATORS)):
            joined += "、"
        elif _latin_boundary(joined, part):
            joined += " "
        joined += part
    return joined


def row_line(cells: list[str]) -> str:
    """A table row as one tab-separated line (tabs inside a cell would add columns)."""
    return "\t".join(cell.replace("\t", " ").replace("\n", " ") for cell in cells)


def _latin_boundary(before: str, after: str) -> bool:
    """English words broken across lines need their space back."""
    return before[-1:].isascii() and before[-1:].isalnum() and after[:1].isascii() and after[:1].isalpha()
