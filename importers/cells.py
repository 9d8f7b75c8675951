"""Table cells from Word, PDF, web pages and workbooks as the tab-separated
rows the text extractor reads."""
from __future__ import annotations

from collections.abc import Iterator

from .labels import DEADLINE
from .headers import OTHER_UNIT, PERIOD, ROLE_COLUMNS
from .tables import Header, read_header

# A cell merged down over several rows in these columns assigns every row it
# covers (a unit merged over three tasks leads all three); merged elsewhere
# (序号, a group name) it is said once, and an empty 序号 marks a continuation.
REPEATED_WHEN_MERGED = (*ROLE_COLUMNS, DEADLINE, PERIOD, OTHER_UNIT)
# How a grid position is filled: by its own cell (None), by a cell to its
# left spanning columns, or by a cell above merged down into it.
SPAN, CONTINUE = "span", "continue"
GridCell = tuple[str, str | None]

def row_line(cells: list[str]) -> str:
    """A table row as one tab-separated line (tabs inside a cell would add columns)."""
    return "\t".join(cell.replace("\t", " ").replace("\n", " ") for cell in cells)


def grid_lines(grid: list[list[GridCell]]) -> Iterator[str]:
    """A table laid out on its grid (every row as wide as the table) as
    tab-separated lines, with merged cells filled the way a reader sees them.

    Word tables, HTML rowspan/colspan and Excel merged ranges all come down
    to this grid, so they are filled by one rule: a cell merged down is
    repeated when `repeats_when_merged` says so and left empty otherwise; a
    cell spanning columns leaves the columns it covers empty, except in a
    header row, where it names each of them. Empty rows are dropped.
    """
    header: Header | None = None
    above: dict[int, str] = {}          # last cell text by grid column, for vertical merges
    for row in grid:
        cells: list[str] = []
        for column, (text, merge) in enumerate(row):
            if merge == CONTINUE:
                text = above.get(column, "") if repeats_when_merged(header, column) else ""
            elif merge == SPAN:
                text = ""
            else:
                above[column] = text
            cells.append(text)
        found = read_header([_span_origin(row, column) if merge == SPAN else text
                             for column, (text, merge) in enumerate(row)])
        if found is not None:
            header = found
            cells = [_span_origin(row, column) if merge == SPAN else cells[column]
                     for column, (_text, merge) in enumerate(row)]
        if any(cell.strip() for cell in cells):
            yield row_line(cells)


def repeats_when_merged(header: Header | None, column: int) -> bool:
    """Whether a cell merged down into `column` is repeated there (see REPEATED_WHEN_MERGED)."""
    meaning = header.columns[column] if header and column < len(header.columns) else None
    return meaning in REPEATED_WHEN_MERGED


def _span_origin(row: list[GridCell], column: int) -> str:
    """The text of the cell whose column span covers `column`."""
    while column > 0 and row[column][1] == SPAN:
        column -= 1
    return row[column][0]
