"""Word (.docx) plans as text: paragraphs and tables in document order.

Paragraphs become lines, with the automatic list numbering Word shows
(python-docx does not render it) put back in front; tables become one
tab-separated line per row, the shape `tables.parse_rows` reads. Merged
cells keep every row on the table's grid: a horizontally merged cell leaves
the columns it covers empty; a vertically merged cell is repeated below in
unit and deadline columns (a unit cell merged over three tasks assigns all
three) and left empty in the others (an empty 序号 marks a continuation row).
"""
from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterator

from .cell_text import join_cell_lines
from .cells import CONTINUE, SPAN, GridCell, grid_lines
from .errors import ImportFileError
from .zip_limits import check_zip

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_text(data: bytes, path: str | os.PathLike) -> str:
    """The text of a .docx file's body. Raises ImportFileError for a broken file."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    check_zip(data, path)           # python-docx holds every part in memory: no zip bombs
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, XMLSyntaxError, EOFError) as error:
        raise ImportFileError(path, f"Word 文件已损坏，无法打开 (corrupt .docx: {error})") from None
    numbering = _Numbering(document)
    lines = list(_blocks(document.element.body, numbering))
    return "\n".join(lines) + "\n"


def _blocks(container, numbering: "_Numbering") -> Iterator[str]:
    """Lines of paragraphs and tables in their order inside a body, cell or content control."""
    for child in container.iterchildren():
        if child.tag == W + "p":
            text = _paragraph_text(child)
            if not text.strip() and _mark_deleted(child):
                continue                # (a numbered item deleted whole, its mark too: no number in the final view)
            label = numbering.label(child)
            if label is not None and (text.strip() or label):
                text = label + text
            yield text
            for sheet in child.iter(_OLE_OBJECT):
                # A worksheet pasted as an object (a 任务分解表 from Excel): its rows after the paragraph
                if (sheet.get("ProgID") or "").startswith("Excel.Sheet"):
                    yield from _embedded_lines(numbering.part, sheet.get(_R + "id"), "xlsx")
        elif child.tag == W + "altChunk":
            # The body, or part of it, imported as a chunk of HTML (or of another .docx) Word merges on opening
            yield from _embedded_lines(numbering.part, child.get(_R + "id"), "chunk")
        elif child.tag == W + "tbl":
            yield from _table_lines(child, numbering)
        elif child.tag == W + "sdt":
            content = child.find(W + "sdtContent")
            if content is not None:
                yield from _blocks(content, numbering)


_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_OLE_OBJECT = "{urn:schemas-microsoft-com:office:office}OLEObject"


def _embedded_lines(part, relationship: str | None, kind: str) -> Iterator[str]:
    """The lines of a part the document embeds (a worksheet, an HTML or Word chunk); none where it cannot
    be read (the document's own text is read all the same)."""
    from .html_reader import html_text, mht_text
    from .xlsx_reader import xlsx_text
    embedded = part.related_parts.get(relationship) if part is not None and relationship else None
    if embedded is None:
        return
    data, name = embedded.blob, str(embedded.partname)
    content_type = (embedded.content_type or "").lower()
    try:
        if kind == "xlsx":
            text = xlsx_text(data, name)
        elif "html" in content_type or name.endswith((".htm", ".html", ".xhtml")):
            text = html_text(data, name)
        elif "message/rfc822" in content_type or name.endswith((".mht", ".mhtml")):
            text = mht_text(data, name)
        elif "wordprocessingml" in content_type or name.endswith(".docx"):
            text = docx_text(data, name)
        else:
            return
    except (ImportFileError, ValueError, KeyError, zipfile.BadZipFile):
        return
    yield from text.splitlines()


_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_TEXT_BOX = W + "txbxContent"
# Marks Word's Insert Symbol stores as a symbol font's code, not a character (✓ and ★ of Wingdings).
_SYMBOLS = {"F0FC": "✓", "F0FE": "☑", "F0AB": "★", "F06C": "●", "F06E": "■", "F0A1": "○", "F075": "◆", "F0B5": "☆"}


def _symbol(sym) -> str:
    """The character a w:sym stands for, where it is a mark a table uses (★ ✓ ●); else nothing."""
    return _SYMBOLS.get((sym.get(W + "char") or "").upper(), "")


# What a reader of the final document does not see: tracked deletions and moves away (their text is w:t inside
# w:moveFrom, and their breaks and tabs are read like any), and the paragraph holding them.
_UNSEEN = frozenset((W + "del", W + "moveFrom"))


def _mark_deleted(p) -> bool:
    """Is the paragraph's own mark a tracked deletion (the paragraph deleted whole)?"""
    properties = p.find(W + "pPr")
    mark = properties.find(W + "rPr") if properties is not None else None
    return mark is not None and mark.find(W + "del") is not None


def _hidden(element) -> bool:
    """A run Word hides (w:vanish in its properties: hidden text is not printed)."""
    run = next((ancestor for ancestor in element.iterancestors(W + "r")), None)
    properties = run.find(W + "rPr") if run is not None else None
    vanish = properties.find(W + "vanish") if properties is not None else None
    return vanish is not None and vanish.get(W + "val", "true") not in ("0", "false")


def _paragraph_text(p) -> str:
    """Visible text of a paragraph: runs, hyperlinks, fields' results, insertions; not tracked deletions or
    moves away, nor hidden text.

    A tab inside a paragraph aligns text; it is not a column, so it becomes
    a space (the extractor reads tab-separated lines as table rows).
    """
    parts: list[str] = []
    boxed: list[str] = []               # a text box anchored in the paragraph: a line of its own after it
    for element in p.iter(W + "t", W + "tab", W + "br", W + "cr", W + "noBreakHyphen", W + "sym"):
        ancestors = {ancestor.tag for ancestor in element.iterancestors()}
        if _FALLBACK in ancestors or ancestors & _UNSEEN or _hidden(element):
            continue                    # (the text box again, for readers older than Word 2010: read once)
        if _TEXT_BOX in ancestors:
            if element.tag == W + "t":
                # (each of the box's paragraphs a line: 平安县人民政府办公室文件 / 平政办发〔2025〕6号)
                paragraph = next(element.iterancestors(W + "p"))
                if boxed and boxed[-1][0] is not paragraph:
                    boxed.append((paragraph, "\n"))
                boxed.append((paragraph, element.text or ""))
            continue
        if element.tag == W + "t":
            parts.append(element.text or "")
        elif element.tag == W + "sym":
            parts.append(_symbol(element))
        elif element.tag == W + "tab":
            if element.getparent().tag == W + "r":      # not a tab stop definition in pPr
                parts.append(" ")
        elif element.tag in (W + "br", W + "cr"):
            if element.get(W + "type") in (None, "textWrapping"):
                parts.append("\n")
        elif element.tag == W + "noBreakHyphen":
            parts.append("-")
        # Tracked deletions are w:delText, not w:t: they are not read.
    own = "".join(parts)
    box = "".join(text for _, text in boxed)
    return f"{own}\n{box}" if box and own.strip() else own + box


def _table_lines(tbl, numbering: "_Numbering") -> Iterator[str]:
    grid = _grid(tbl, numbering)
    if max((len(row) for row in grid), default=0) <= 1:
        # A one-column table is a frame around text (a boxed notice): its
        # paragraphs are lines, not cells.
        for tr in _inside_controls(tbl, W + "tr"):
            for tc in _inside_controls(tr, W + "tc"):
                yield from _blocks(tc, numbering)
        return
    yield from grid_lines(grid)


def _grid(tbl, numbering: "_Numbering") -> list[list[GridCell]]:
    """Each row as (text, merge) per grid column; merge is None, SPAN for a
    column covered by a cell to its left, or CONTINUE for a vertical merge."""
    rows = []
    for tr in _inside_controls(tbl, W + "tr"):
        row: list[GridCell] = []
        pr = tr.find(W + "trPr")
        row += [("", SPAN)] * _int_val(pr, "gridBefore", 0)
        for tc in _inside_controls(tr, W + "tc"):
            tc_pr = tc.find(W + "tcPr")
            span = _int_val(tc_pr, "gridSpan", 1)
            v_merge = tc_pr.find(W + "vMerge") if tc_pr is not None else None
            if v_merge is not None and v_merge.get(W + "val", "continue") == "continue":
                row.append(("", CONTINUE))
            else:
                row.append((_cell_text(tc, numbering), None))
            row += [("", SPAN)] * (span - 1)
        rows.append(row)
    width = max((len(row) for row in rows), default=0)
    return [row + [("", None)] * (width - len(row)) for row in rows]


def _inside_controls(parent, tag: str) -> Iterator:
    """The rows of a table (or the cells of a row), those a content control wraps included (a form's
    w:sdt around a row or a cell: its w:sdtContent holds them)."""
    for child in parent.iterchildren():
        if child.tag == tag:
            yield child
        elif child.tag == W + "sdt":
            content = child.find(W + "sdtContent")
            if content is not None:
                yield from _inside_controls(content, tag)


def _cell_text(tc, numbering: "_Numbering") -> str:
    lines: list[str] = []
    for line in _blocks(tc, numbering):
        if "\t" in line:
            # A table inside the cell (牵头 | 县行政审批局 over 配合 | 县大数据中心): a row of a label and its value
            # is a label line; other rows' cells go on with a space
            cells = [cell for cell in line.split("\t") if cell.strip()]
            line = f"{cells[0]}：{cells[1]}" if len(cells) == 2 and len(cells[0]) <= _LABEL_CELL_LONGEST \
                else " ".join(cells)
        lines.extend(line.split("\n"))
    return join_cell_lines(lines)


_LABEL_CELL_LONGEST = 6


def _int_val(pr, tag: str, default: int) -> int:
    element = pr.find(W + tag) if pr is not None else None
    try:
        return int(element.get(W + "val")) if element is not None else default
    except (TypeError, ValueError):
        return default


class _Numbering:
    """Word's automatic list labels (`1.`, `（一）`, `一、`) rebuilt from numbering.xml.

    Counters are kept per abstract list and level, as Word does: a deeper
    level restarts when a shallower one advances.
    """

    def __init__(self, document) -> None:
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}   # (abstract, ilvl) -> fmt, text, start
        self.abstract_of: dict[str, str] = {}                          # numId -> abstractNumId
        self.overrides: dict[tuple[str, int], int] = {}                 # (numId, ilvl) -> start
        self.counters: dict[str, list[int | None]] = {}
        self.started: set[str] = set()
        self.style_numbering: dict[str, tuple[str, int]] = {}           # styleId -> numId, ilvl
        self.style_links: dict[str, str] = {}                           # abstract -> the list style it takes
        self.restarts: dict[tuple[str, int], int] = {}                  # (abstract, ilvl) -> lvlRestart
        # (the document's part, for what it embeds: a worksheet object, an altChunk)
        self.part = document.part if document is not None else None
        if document is None:
            return
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            numbering = None
        if numbering is not None:
            self._read_definitions(numbering)
        try:
            styles = document.styles.element
        except (KeyError, AttributeError):
            styles = None
        if styles is not None:
            based_on: dict[str, str] = {}
            for style in styles.iterchildren(W + "style"):
                style_id = style.get(W + "styleId")
                num_pr = style.find(f"{W}pPr/{W}numPr")
                num_id = _child_val(num_pr, "numId")
                if num_id is not None:
                    self.style_numbering[style_id] = (num_id, int(_child_val(num_pr, "ilvl") or 0))
                parent = _child_val(style, "basedOn")
                if parent is not None:
                    based_on[style_id] = parent
            # A style based on a numbered one numbers its paragraphs too (标题 2 based on a list's heading style).
            for style_id in based_on:
                ancestor, steps = based_on.get(style_id), 0
                while style_id not in self.style_numbering and ancestor is not None and steps < 10:
                    if ancestor in self.style_numbering:
                        self.style_numbering[style_id] = self.style_numbering[ancestor]
                    ancestor, steps = based_on.get(ancestor), steps + 1
            # A list whose definition is a list style's (w:numStyleLink): its levels are the style's list's.
            for num_id, abstract in list(self.abstract_of.items()):
                style_id = self.style_links.get(abstract)
                if style_id in self.style_numbering:
                    self.abstract_of[num_id] = self.abstract_of.get(self.style_numbering[style_id][0], abstract)

    def _read_definitions(self, numbering) -> None:
        for abstract in numbering.iterchildren(W + "abstractNum"):
            abstract_id = abstract.get(W + "abstractNumId")
            link = _child_val(abstract, "numStyleLink")
            if link is not None:
                self.style_links[abstract_id] = link
            for lvl in abstract.iterchildren(W + "lvl"):
                level = int(lvl.get(W + "ilvl", "0"))
                self.levels[(abstract_id, level)] = (
                    _child_val(lvl, "numFmt") or "decimal",
                    _child_val(lvl, "lvlText") or "",
                    int(_child_val(lvl, "start") or 1))
                restart = _child_val(lvl, "lvlRestart")
                if restart is not None and restart.isdecimal():
                    self.restarts[(abstract_id, level)] = int(restart)
        for num in numbering.iterchildren(W + "num"):
            num_id = num.get(W + "numId")
            self.abstract_of[num_id] = _child_val(num, "abstractNumId") or ""
            for override in num.iterchildren(W + "lvlOverride"):
                start = _child_val(override, "startOverride")
                if start is not None:
                    self.overrides[(num_id, int(override.get(W + "ilvl", "0")))] = int(start)

    def label(self, p) -> str | None:
        """The label Word shows before this paragraph, or None when it has none."""
        num_pr = p.find(f"{W}pPr/{W}numPr")
        num_id = _child_val(num_pr, "numId")
        ilvl = _child_val(num_pr, "ilvl")
        if num_id is None:
            style_id = _child_val(p.find(W + "pPr"), "pStyle")
            if style_id not in self.style_numbering:
                return None
            num_id, level = self.style_numbering[style_id]
            if ilvl is not None:
                level = int(ilvl)
        else:
            level = int(ilvl or 0)
        abstract = self.abstract_of.get(num_id)
        if num_id == "0" or abstract is None or (abstract, level) not in self.levels:
            return None
        counters = self.counters.setdefault(abstract, [None] * 9)
        if num_id not in self.started:
            # A list instance with a start override begins again.
            self.started.add(num_id)
            for (override_num, override_level), start in self.overrides.items():
                if override_num == num_id and 0 <= override_level < 9:
                    counters[override_level] = start - 1
        fmt, text, start = self.levels[(abstract, level)]
        counters[level] = start if counters[level] is None else counters[level] + 1
        for deeper in range(level + 1, 9):
            # (a level restarts after any shallower one, unless its w:lvlRestart names which: after level n,
            # 1-based, or never for 0: items numbered 1–4 on across （一）（二）)
            restart = self.restarts.get((abstract, deeper))
            if restart is None or level < restart:
                counters[deeper] = None
        if fmt == "none":
            return ""
        if fmt == "bullet":
            return ""          # a bullet is decoration, not part of the item's path

        def number(index: int) -> str:
            value = counters[index]
            if value is None:
                value = self.levels.get((abstract, index), ("decimal", "", 1))[2]
            return format_number(value, self.levels.get((abstract, index), ("decimal",))[0])

        label = text
        for index in range(8, -1, -1):
            label = label.replace(f"%{index + 1}", number(index))
        return label


def _child_val(element, tag: str) -> str | None:
    if element is None:
        return None
    child = element.find(W + tag)
    return child.get(W + "val") if child is not None else None


_DIGITS = "零一二三四五六七八九"
_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_STEMS = "甲乙丙丁戊己庚辛壬癸"


def format_number(value: int, fmt: str) -> str:
    """A list counter in one of Word's number formats (the common ones; others as digits)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographDigital", "taiwaneseCounting",
               "taiwaneseCountingThousand", "japaneseCounting"):
        return chinese_numeral(value)
    if fmt == "chineseLegalSimplified":
        return chinese_numeral(value).translate(str.maketrans(_DIGITS + "十百", _LEGAL + "拾佰"))
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= value <= len(_CIRCLED):
        return _CIRCLED[value - 1]
    if fmt == "ideographTraditional" and 1 <= value <= len(_STEMS):
        return _STEMS[value - 1]
    if fmt in ("lowerLetter", "upperLetter") and value >= 1:
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman") and 1 <= value < 4000:
        roman = _roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt == "decimalFullWidth":
        return str(value).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    return str(value)


def chinese_numeral(value: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (as written in plans)."""
    if value <= 0:
        return str(value)
    if value < 10:
        return _DIGITS[value]
    if value < 20:
        return "十" + (_DIGITS[value % 10] if value % 10 else "")
    if value < 100:
        return _DIGITS[value // 10] + "十" + (_DIGITS[value % 10] if value % 10 else "")
    if value < 1000:
        rest = value % 100
        tail = "" if not rest else ("零" + _DIGITS[rest] if rest < 10 else
                                    (_DIGITS[1] if rest < 20 else "") + chinese_numeral(rest))
        return _DIGITS[value // 100] + "百" + tail
    return str(value)


def _roman(value: int) -> str:
    numerals = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for number, letters in numerals:
        while value >= number:
            out += letters
            value -= number
    return out
