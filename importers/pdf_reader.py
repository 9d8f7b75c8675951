"""PDF plans with a text layer as text: reading order, two columns, ruled tables.

Library: pdfium (pypdfium2), for speed. pdfium gives each character's box
(pdf_page) and the ruling lines; the reading rules here, in pdf_text and
in pdf_tables were built and measured on pdfplumber (pdfminer underneath)
and are ported with its geometry, so the text and the yields stay. Tasks
equal to those extracted from the text itself (text, units, deadline) and
CPU seconds (one run each, the machine busy), PDFs that Qt made from the
seeds (A4, 10.5 pt, ruled tables; the 20-column table of 偏政发〔2023〕3号
landscape, 9 pt):

| PDF of                         | pages | pypdfium2 (this reader) | pdfplumber (before) |
| ------------------------------ | ----- | ----------------------- | ------------------- |
| 平政办发〔2023〕4号 (labels)    | 4     | 12/12, 0.03 s           | 12/12, 0.51 s       |
| 偏政办发〔2023〕18号 (headings) | 14    | 217/217, 0.10 s         | 217/217, 1.4 s      |
| 偏政发〔2023〕1号 (附件 table)  | 23    | 51/51, 0.26 s           | 51/51, 3.0 s        |
| 偏政发〔2023〕3号 (wide table)  | 31    | 37/37, 0.51 s           | 37/37, 8.5 s        |
| seed 000, whole gazette        | 59    | 18/18, 0.44 s           | 18/18, 6.1 s        |
| seed 001 (326 KB of text)      | 127   | 127/159, 0.96 s         | 127/159, 13.9 s     |
| seed 002                       | 57    | 36/36, 0.55 s           | 36/36, 6.0 s        |
| seed 003                       | 77    | 46/46, 0.71 s           | 46/46, 7.6 s        |
| seed 004 (many tables)         | 306   | 389/389, 3.6 s          | 389/389, 54 s       |

The text is pdfplumber's, but for glyphs the PDF draws blank (Ⅴ and ℃
missing from the font Qt embedded here): pdfium reads nothing there, as a
person sees nothing. (The 32 tasks of seed 001 missing are a table that
the seed's text holds as a column dump separated by blank lines; a PDF made
of its paragraphs no longer has that shape. From a .docx they are all
found.) pdfminer spent 89 % of pdfplumber's time parsing pages in Python.
Plain text extraction (pdftotext, pypdfium2's get_text_range) is faster
still but loses columns and table cells: 0/51 and 0/37 on the two table
plans, 271-276/389 on seed 004. benchmarks/pdf_bench.py measures this
reader against `pdftotext -layout`.
"""
from __future__ import annotations

import math
import os
import re
import statistics
import threading
from contextlib import closing
from dataclasses import dataclass, field
from operator import itemgetter

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .cell_text import is_unit_line, join_cell_lines
from .cells import REPEATED_WHEN_MERGED, repeats_when_merged, row_line
from .compiled_patterns import regex
from .errors import ImportFileError
from .labels import DEADLINE
from .pdf_page import Char, PageContent, read_page
from .pdf_tables import Table, find_tables
from .pdf_text import text_of
from .tables import OTHER_UNIT, ROLE_COLUMNS, Header, read_header

# pdfium is not thread-safe: one document at a time in this process.
_PDFIUM = threading.Lock()
_ENCRYPTED = "PDF 文件已加密，需要密码才能打开，请先解除密码 (encrypted PDF)"
_NO_PAGES = "PDF 文件没有页面 (a PDF without pages)"


def pdf_text(data: bytes, path: str | os.PathLike) -> str:
    """The text of a PDF, page by page. Raises ImportFileError for a scan, an
    encrypted or a broken file."""
    read: list[list[Block]] = []
    chars_seen = 0
    with _PDFIUM, closing(_pages(data, path)) as pages:      # closed while the lock is held
        for content in pages:
            page_blocks, count = _page_blocks(content)
            read.append(page_blocks)
            chars_seen += count
    if not read:
        raise ImportFileError(path, _NO_PAGES)
    if chars_seen == 0:
        raise ImportFileError(path, "此PDF为扫描件，没有文字层，无法提取文字；本系统不支持文字识别（OCR）"
                                    "(a scanned PDF without a text layer: OCR is not supported)")
    blocks: list[Block] = []
    for page_blocks in read:
        _stitch(blocks, page_blocks)
    lines = []
    for block in blocks:
        lines.extend(block.lines if block.rows is None else [row_line(row) for row in block.rows])
    return "\n".join(lines) + "\n"


def _pages(data: bytes, path: str | os.PathLike):
    """Each page's content, one page in memory at a time."""
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if error.err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise ImportFileError(path, _ENCRYPTED) from None
        if _without_pages(data):
            raise ImportFileError(path, _NO_PAGES) from None
        raise ImportFileError(path, f"PDF 文件已损坏，无法读取 (corrupt PDF: {error})") from None
    try:
        for index in range(len(document)):
            try:
                page = document[index]
                try:
                    content = read_page(page)
                finally:
                    page.close()
            except pdfium.PdfiumError as error:
                raise ImportFileError(path, f"PDF 文件已损坏，第 {index + 1} 页无法读取 "
                                            f"(corrupt PDF: page {index + 1}: {error})") from None
            yield content
    finally:
        document.close()


def _without_pages(data: bytes) -> bool:
    """Is this a PDF whose page tree is empty? pdfium refuses to open one with
    the error of a broken file; its uncompressed objects tell it apart (a page
    tree inside a compressed object stream stays "corrupt")."""
    return re.search(rb"/Count\s+0\b", data) is not None and re.search(rb"/Type\s*/Page\b", data) is None


@dataclass
class Block:
    """Lines of text, or the rows of a ruled table, in reading order on a page."""

    lines: list[str] = field(default_factory=list)
    rows: list[list[str]] | None = None
    header: Header | None = None


def _stitch(blocks: list[Block], page_blocks: list[Block]) -> None:
    """Append a page's blocks; a table row broken by the page end is joined again.

    Word and Qt let a row break across pages: its rest opens the next page
    as a row with an empty 序号, just like a continuation row (a task of its
    own in the text tables). Page geometry does not tell them apart (Qt
    draws every page's last row down to the page end), the text does: the
    rest of a cut row continues a cell that stopped unfinished, or it
    names no unit and no deadline of its own.
    """
    if blocks and page_blocks and blocks[-1].rows and page_blocks[0].rows:
        before, after = blocks[-1], page_blocks[0]
        repeated = read_header(list(after.rows[0]))
        if repeated is not None and before.header is not None and repeated.columns == before.header.columns \
                and len(after.rows) > 1:
            after.rows = after.rows[1:]            # a header row Word repeats on each page
        last, first = before.rows[-1], after.rows[0]
        if len(last) == len(first) and first and not first[0] and read_header(list(first)) is None:
            if _cut(last, first, before.header):
                # A cut falls inside a cell's text flow: the halves join as they are.
                before.rows[-1] = [a + b for a, b in zip(last, first)]
                after.rows = after.rows[1:]
        if len(last) == len(after.rows[0] if after.rows else last):
            before.rows.extend(after.rows)
            if after.header is not None:
                before.header = after.header
            page_blocks = page_blocks[1:]
    for block in page_blocks:
        if block.rows is not None and block.header is None and blocks:
            block.header = next((b.header for b in reversed(blocks) if b.header is not None), None)
        blocks.append(block)


_SENTENCE_END = ("。", "；", ";", "！", "？", "）", ")")
_SEPARATORS = ("、", "，", ",", "；", ";")


def _cut(last: list[str], first: list[str], header: Header | None) -> bool:
    """Is `first` (atop a page, 序号 empty) the rest of row `last`?"""
    from .deadlines import parse_deadline

    meanings = header.columns if header else []
    for i, (a, b) in enumerate(zip(last, first)):
        if not (a and b):
            continue
        meaning = meanings[i] if i < len(meanings) else None
        if meaning in (*ROLE_COLUMNS, OTHER_UNIT):
            # 县安委办、各部 | 门、各乡镇; 发改（能 | 源）局
            if (not is_unit_line(a) or not is_unit_line(b) or a.endswith(_SEPARATORS)
                    or b.startswith(_SEPARATORS) or b.count("）") > b.count("（")):
                return True
        elif meaning == DEADLINE:
            if parse_deadline(a + b, None) != parse_deadline(a, None) and \
                    parse_deadline(a + b, None).due is not None:          # 2023年10 | 月
                return True
        elif not a.endswith(_SENTENCE_END):                               # 按照地方党政领 | 导干部……
            return True
    own = [i for i, meaning in enumerate(meanings) if meaning in REPEATED_WHEN_MERGED]
    return bool(own) and not any(first[i] for i in own if i < len(first))


def _page_blocks(page: PageContent) -> tuple[list[Block], int]:
    """A page's blocks: text bands between tables, read column by column, and tables."""
    chars = _shown([char for char in page.chars if char.text.strip()], page)
    count = len(chars)
    rows = _rows(chars)
    dropped = _page_number(rows)
    if dropped:
        chars = [char for char in chars if id(char) not in dropped]
        rows = [row for row in rows if id(row[0]) not in dropped]
    if not chars:
        return [], count
    tables = find_tables(page.edges, page.height) if page.edges else []
    if not tables:
        return [Block(lines=_band_lines(chars, rows))], count
    placed: list[tuple[float, Block]] = []
    for table in tables:
        table_rows, header = _table_rows(table, page.chars)
        if table_rows:
            placed.append((table.bbox[1], Block(rows=table_rows, header=header)))
    boxes = [table.bbox for table in tables]
    free = [char for char in chars if not any(_inside(char, box) for box in boxes)]
    # Text between tables: bands split at each table's top.
    cuts = sorted(box[1] for box in boxes)
    bands: list[list[Char]] = [[] for _ in range(len(cuts) + 1)]
    for char in free:
        bands[sum(1 for cut in cuts if char.top >= cut)].append(char)
    for band in bands:
        if band:
            placed.append((min(char.top for char in band), Block(lines=_band_lines(band, _rows(band)))))
    placed.sort(key=lambda item: item[0])
    return [block for _top, block in placed], count


_PAGE_NUMBER = regex(r"^[-—–－\s]*\d{1,4}[-—–－\s]*$|^第\s*\d+\s*页.*$|^\d{1,4}\s*/\s*\d{1,4}$")


def _page_number(rows: list[list[Char]]) -> set[int]:
    """The ids of the chars of a page number alone in the first or last row: it
    would join the lines around it.

    (Its place varies: centred, at the outer edge, close under the text;
    a lone number is never a line of a plan's own text.)
    """
    if len(rows) < 3:
        return set()
    return {id(char) for row in (rows[0], rows[-1])
            if _PAGE_NUMBER.match("".join(char.text for char in row)) for char in row}


def _shown(chars: list[Char], page: PageContent) -> list[Char]:
    """Chars on the page: text outside the page box is not shown (Qt and some
    converters draw a line cut by the page end on both pages, the copy outside
    the page)."""
    width, height = page.width, page.height
    return [char for char in chars
            if 0 <= char.top + char.bottom <= 2 * height and 0 <= char.x0 + char.x1 <= 2 * width]


def _inside(char: Char, box: tuple[float, float, float, float]) -> bool:
    x = (char.x0 + char.x1) / 2
    y = (char.top + char.bottom) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _table_rows(table: Table, chars: list[Char]) -> tuple[list[list[str]], Header | None]:
    """A ruled table as tab rows. Merged cells come back as None: a vertical
    merge in a unit or deadline column repeats the cell above (it assigns
    every row it covers); other merged cells stay empty so columns keep
    their places and an empty 序号 still marks a continuation row."""
    rows = table.extract(chars)
    boxes = table.rows
    header = None
    out = []
    for r, row in enumerate(rows):
        cells = []
        for c, value in enumerate(row):
            if value is None:
                value = _merged_from_above(rows, boxes, r, c) if repeats_when_merged(header, c) else ""
            cells.append(join_cell_lines(value.split("\n")) if value else "")
        found = read_header(list(cells))
        if found is not None:
            header = found
        if any(cells):
            out.append(cells)
    return out, header


def _merged_from_above(rows, boxes, r: int, c: int) -> str:
    """The text of the cell above that reaches down into row r, if one does."""
    for above in range(r - 1, -1, -1):
        box = boxes[above][c] if c < len(boxes[above]) else None
        if box is not None:
            row_bottom = max((cell[3] for cell in boxes[r] if cell is not None), default=box[3])
            return rows[above][c] or "" if box[3] >= row_bottom - 1 else ""
    return ""


def _band_lines(chars: list[Char], rows: list[list[Char]]) -> list[str]:
    """Lines of text in reading order; a two-column layout is read left column first.
    `rows` are the chars' rows (_rows)."""
    gap = _gap(chars)
    gutter = _gutter(rows, gap)
    if gutter is None:
        return _text_lines(text_of(chars))
    lines: list[str] = []
    column_rows: list[list[Char]] = []

    def flush() -> None:
        left = [char for row in column_rows for char in row if char.x1 <= gutter]
        right = [char for row in column_rows for char in row if char.x1 > gutter]
        for part in (left, right):
            if part:
                lines.extend(_text_lines(text_of(part)))
        column_rows.clear()

    for row in rows:
        if any(a < gutter < b for a, b in _segments(row, gap)):
            flush()                        # a title or line across both columns
            lines.extend(_text_lines(text_of(row)))
        else:
            column_rows.append(row)
    flush()
    return lines


def _text_lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def _gap(chars: list[Char]) -> float:
    """The smallest gap that separates text blocks rather than letters: 1.5 characters."""
    return max(1.5 * statistics.median(char.x1 - char.x0 for char in chars), 6.0)


def _rows(chars: list[Char]) -> list[list[Char]]:
    """Chars grouped into physical rows by their vertical position."""
    rows: list[list[Char]] = []
    row: list[Char] = []
    row_top = 0.0
    for char in sorted(chars, key=_TOP_X0):
        top = char.top
        tolerance = (char.bottom - top) * 0.3
        if row and abs(top - row_top) <= (tolerance if tolerance > 1.0 else 1.0):
            row.append(char)
        else:
            row = [char]
            rows.append(row)
            row_top = top
    for row in rows:
        row.sort(key=_X0)
    return rows


_TOP_X0, _X0 = itemgetter(1, 0), itemgetter(0)          # Char fields (top, x0) and x0, fast


def _segments(row: list[Char], gap: float) -> list[tuple[float, float]]:
    """The runs of text in a row, split where chars are more than `gap` apart."""
    segments: list[tuple[float, float]] = []
    start = end = row[0].x0
    for char in row:
        if char.x0 - end > gap:
            segments.append((start, end))
            start = char.x0
        if char.x1 > end:
            end = char.x1
    segments.append((start, end))
    return segments


def _gutter(rows: list[list[Char]], gap: float) -> float | None:
    """The x of a gap between two columns of prose, or None for one column.

    A gutter is an x in the middle of the text that at least a third of the
    rows (and at least 3) leave empty with wide text on both sides, and that
    at most a fifth of the rows cross (titles spanning both columns).
    Narrow text on one side (a borderless table's 序号 column, a label)
    does not make a column.
    """
    if len(rows) < 6:
        return None
    left_edge = min(row[0].x0 for row in rows)
    right_edge = max(row[-1].x1 for row in rows)
    span = right_edge - left_edge
    if span < gap * 10:
        return None
    low, high = int(left_edge + span * 0.3), int(left_edge + span * 0.7)
    # Whole points from low to high, counted as runs: each row adds its runs of
    # crossed points and of points in a gap with wide text both sides.
    crossed = [0] * (high - low + 2)
    split = [0] * (high - low + 2)

    def count(counts: list[int], first: int, last: int) -> None:
        first, last = max(first, low), min(last, high)
        if first <= last:
            counts[first - low] += 1
            counts[last - low + 1] -= 1

    wide = span * 0.2
    for row in rows:
        segments = _segments(row, gap)
        total = sum(b - a for a, b in segments)
        left = 0.0
        for i, (a, b) in enumerate(segments):
            count(crossed, math.floor(a) + 1, math.ceil(b) - 1)           # a < x < b
            left += b - a
            if i + 1 < len(segments) and left >= wide and total - left >= wide:
                count(split, math.ceil(b), math.floor(segments[i + 1][0]))  # b <= x <= next a
    scores: dict[int, int] = {}
    crossing = splitting = 0
    for x in range(low, high + 1):
        crossing += crossed[x - low]
        splitting += split[x - low]
        if splitting >= max(3, len(rows) / 3) and crossing <= len(rows) / 5:
            scores[x] = splitting - crossing
    if not scores:
        return None
    best = max(scores.values())
    # The middle of the widest run of best positions: the middle of the gap.
    run: list[int] = []
    widest: list[int] = []
    for x in sorted(scores):
        run = run + [x] if run and x == run[-1] + 1 and scores[x] == best else ([x] if scores[x] == best else [])
        if len(run) > len(widest):
            widest = run
    return (widest[0] + widest[-1]) / 2
