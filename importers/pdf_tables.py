"""Ruled tables on a PDF page, found from its ruling lines.

The lattice method of pdfplumber's TableFinder (after Nurminen's thesis and
Tabula), with its default settings, which the reader's yields were measured
with: edges within 3 pt of one line snap onto it and join across gaps of up
to 3 pt; a cell is the smallest rectangle whose four corners are crossings
of edges that run between them; cells sharing a corner form one table.
Written over plain tuples, with crossings looked up by row and column
rather than by scanning every pair.
"""
from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field

from .pdf_page import Char, Edge
from .pdf_text import clusters, text_of

SNAP = 3.0          # edges closer than this across are one line
JOIN = 3.0          # collinear edges with a gap up to this are one edge
CROSS = 3.0         # an edge ending this close to another still meets it
SHORTEST = 3.0      # edges shorter than this (a rectangle's thin ends) rule nothing
Box = tuple[float, float, float, float]          # x0, top, x1, bottom


@dataclass
class Table:
    """A ruled table: its cells, and its rows as slots under every column start."""

    cells: list[Box]
    bbox: Box = field(init=False)
    rows: list[list[Box | None]] = field(init=False)

    def __post_init__(self) -> None:
        self.bbox = (min(c[0] for c in self.cells), min(c[1] for c in self.cells),
                     max(c[2] for c in self.cells), max(c[3] for c in self.cells))
        # Each row holds a slot for every column start in the table; a cell
        # merged across columns or down from the row above leaves None.
        columns = sorted({cell[0] for cell in self.cells})
        by_top: dict[float, dict[float, Box]] = defaultdict(dict)
        for cell in sorted(self.cells, key=lambda cell: (cell[1], cell[0])):
            by_top[cell[1]][cell[0]] = cell
        self.rows = [[row.get(x) for x in columns] for _top, row in sorted(by_top.items())]

    def extract(self, chars: list[Char]) -> list[list[str | None]]:
        """Each cell's text (None for a merged slot); a char belongs to the
        cell that holds its centre."""
        ordered = sorted(range(len(chars)), key=lambda i: chars[i].top + chars[i].bottom)
        middles = [(chars[i].top + chars[i].bottom) / 2 for i in ordered]
        out = []
        for row in self.rows:
            present = [cell for cell in row if cell is not None]
            row_top, row_bottom = min(cell[1] for cell in present), max(cell[3] for cell in present)
            within = ordered[bisect_left(middles, row_top):bisect_left(middles, row_bottom)]
            # In page order, as pdfplumber passed them: text_of breaks ties by that order.
            row_chars = [chars[i] for i in sorted(within)]
            texts: list[str | None] = []
            for cell in row:
                if cell is None:
                    texts.append(None)
                    continue
                x0, top, x1, bottom = cell
                inside = [char for char in row_chars if x0 <= (char.x0 + char.x1) / 2 < x1
                          and top <= (char.top + char.bottom) / 2 < bottom]
                texts.append(text_of(inside) if inside else "")
            out.append(texts)
        return out


def find_tables(edges: list[Edge], page_height: float) -> list[Table]:
    """Tables ruled on a page, top to bottom; a copy drawn below or above the
    page (as Qt draws a row cut by the page end) is not one."""
    merged = _merge([edge for edge in edges if edge.end - edge.start >= 1])
    merged = [edge for edge in merged if edge.end - edge.start >= SHORTEST]
    cells = _cells(merged)
    tables = [Table(group) for group in _groups(cells) if len(group) > 1]
    return [table for table in tables if 0 <= (table.bbox[1] + table.bbox[3]) / 2 <= page_height]


def _merge(edges: list[Edge]) -> list[Edge]:
    snapped = _snap([e for e in edges if e.orientation == "v"]) + _snap([e for e in edges if e.orientation == "h"])
    lines: dict[tuple[str, float], list[Edge]] = defaultdict(list)
    for edge in snapped:
        lines[(edge.orientation, edge.position)].append(edge)
    joined = []
    for (_orientation, _position), group in sorted(lines.items()):
        group.sort(key=lambda edge: edge.start)
        current = group[0]
        for edge in group[1:]:
            if edge.start <= current.end + JOIN:
                if edge.end > current.end:
                    current = Edge(current.orientation, current.position, current.start, edge.end)
            else:
                joined.append(current)
                current = edge
        joined.append(current)
    return joined


def _snap(edges: list[Edge]) -> list[Edge]:
    """Edges whose positions chain within SNAP of each other move to their mean position."""
    out = []
    for cluster in clusters(edges, lambda edge: edge.position, SNAP):
        mean = sum(edge.position for edge in cluster) / len(cluster)
        out.extend(Edge(edge.orientation, mean, edge.start, edge.end) for edge in cluster)
    return out


def _cells(edges: list[Edge]) -> list[Box]:
    verticals = sorted((e for e in edges if e.orientation == "v"), key=lambda e: (e.position, e.start))
    horizontals = sorted((e for e in edges if e.orientation == "h"), key=lambda e: (e.position, e.start))
    # Each crossing and the edges through it (by their index, as an edge's identity).
    through_v: dict[tuple[float, float], set[int]] = defaultdict(set)
    through_h: dict[tuple[float, float], set[int]] = defaultdict(set)
    h_positions = [h.position for h in horizontals]
    for vi, v in enumerate(verticals):
        first = bisect_left(h_positions, v.start - CROSS)
        for hi in range(first, len(horizontals)):
            h = horizontals[hi]
            if h.position > v.end + CROSS:
                break
            if h.start - CROSS <= v.position <= h.end + CROSS:
                point = (v.position, h.position)
                through_v[point].add(vi)
                through_h[point].add(hi)
    points = sorted(through_v)
    below: dict[float, list[tuple[float, float]]] = defaultdict(list)      # by x, top to bottom
    right: dict[float, list[tuple[float, float]]] = defaultdict(list)      # by y, left to right
    place: dict[tuple[float, float], tuple[int, int]] = {}                   # index in its column and its row
    for point in points:
        place[point] = (len(below[point[0]]), len(right[point[1]]))
        below[point[0]].append(point)
        right[point[1]].append(point)

    def down(p, q) -> bool:
        return bool(through_v[p] & through_v[q])

    def across(p, q) -> bool:
        return bool(through_h[p] & through_h[q])

    cells = []
    for point in points:
        x, y = point
        in_column, in_row = place[point]
        found = None
        for lower in below[x][in_column + 1:]:
            if not down(point, lower):
                continue
            for beside in right[y][in_row + 1:]:
                if not across(point, beside):
                    continue
                corner = (beside[0], lower[1])
                if corner in through_v and down(beside, corner) and across(lower, corner):
                    found = (x, y, corner[0], corner[1])
                    break
            if found:
                break
        if found:
            cells.append(found)
    return cells


def _groups(cells: list[Box]) -> list[list[Box]]:
    """Cells that share corners, directly or through others, top-left group first."""
    parent = list(range(len(cells)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[tuple[float, float], int] = {}
    for i, (x0, top, x1, bottom) in enumerate(cells):
        for corner in ((x0, top), (x0, bottom), (x1, top), (x1, bottom)):
            if corner in owner:
                parent[root(i)] = root(owner[corner])
            else:
                owner[corner] = i
    groups: dict[int, list[Box]] = defaultdict(list)
    for i, cell in enumerate(cells):
        groups[root(i)].append(cell)
    return sorted(groups.values(), key=lambda group: min((cell[1], cell[0]) for cell in group))
