"""Word and PDF versions of seed plans, built by the tests themselves.

A plan's text (as the seeds hold it: hard-wrapped lines, tab tables) is
turned into blocks: logical paragraphs (wrapped lines joined again) and
tables (runs of tab rows). The blocks are written as a .docx (one docx
paragraph per paragraph, one real table per table) or as a PDF through Qt.
"""
from __future__ import annotations

import re
import stat
import sys
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from importers.labels import opens_a_field
from importers.layout import lines_of
from importers.outline import typical_line_width
from importers.pipeline import extract_file
from importers.tables import read_header
from importers.text import width

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"


@dataclass
class Block:
    kind: str                                   # "p" or "table"
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)


def plan_text(seed: str, number: str) -> str:
    """The lines of one plan (by document number) out of a seed gazette."""
    path = next(SEEDS.glob(f"{seed}_*.txt"))
    document = next(d for d in extract_file(path).documents if d.number == number)
    lines = path.read_text(encoding="utf-8").splitlines()
    return "\n".join(lines[document.line_start - 1:document.line_end]) + "\n"


_ENDS_PARAGRAPH = ("。", "；", "：", "！", "？", "）", ")", "”")
_STARTS_ITEM = re.compile(r"^(?:\S*〔\d{4}〕\d+号$|\d{4}年\d{1,2}月\d{1,2}日$|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|[（(]\d+[）)]|\d+[.、．]|- |附件|第[一二三四五六七八九十]+)")


def blocks_of(text: str) -> list[Block]:
    """Logical paragraphs and tables of a converted plan text.

    A line continues the paragraph above when that line was wrapped: as
    wide as the text's usual wrap width and not closed by punctuation; and
    when it opens no item and no field of its own (监督方式：…).
    """
    lines = lines_of(text)
    typical = typical_line_width(lines)
    blocks: list[Block] = []
    previous_full = False
    for line in lines:
        # (⇥⇥县城市管理局 below a page's repeated header: the rest of a row, its leading cells empty)
        if line.is_row or line.text.startswith("\t") and blocks and blocks[-1].kind == "table" \
                and read_header(blocks[-1].rows[-1]) is not None:
            cells = line.text.split("\t")
            if blocks and blocks[-1].kind == "table":
                blocks[-1].rows.append(cells)
            else:
                blocks.append(Block("table", rows=[cells]))
            previous_full = False
            continue
        stripped = line.stripped
        if previous_full and blocks and blocks[-1].kind == "p" and not _STARTS_ITEM.match(stripped) \
                and not opens_a_field(stripped):
            blocks[-1].text += stripped
        else:
            if line.after_blank and blocks and blocks[-1].kind == "p":
                blocks.append(Block("p", ""))      # an empty paragraph, as offices type them
            blocks.append(Block("p", stripped))
        previous_full = (typical * 0.85 <= width(stripped) <= typical * 1.15
                         and not stripped.endswith(_ENDS_PARAGRAPH))
    return blocks


def write_docx(blocks: list[Block], path: Path, merge_continuations: bool = True) -> Path:
    """A .docx with real paragraphs and tables. Continuation rows (empty
    序号) are merged vertically with the row above in the 序号 column, as an
    office would draw them in Word."""
    import docx

    document = docx.Document()
    for block in blocks:
        if block.kind == "p":
            document.add_paragraph(block.text)
            continue
        columns = max(len(row) for row in block.rows)
        table = document.add_table(rows=len(block.rows), cols=columns)
        table.style = "Table Grid"
        for table_row, row in zip(table.rows, block.rows):
            for c, cell in enumerate(table_row.cells):       # one lookup per row: cell(r, c) is slow
                cell.text = row[c].strip() if c < len(row) else ""
        if merge_continuations:
            for top, bottom in _continuation_spans(block.rows):
                table.cell(top, 0).merge(table.cell(bottom, 0))
    document.save(path)
    return path


def _continuation_spans(rows: list[list[str]]) -> list[tuple[int, int]]:
    """(numbered row, last continuation row below it) for each run of rows with an empty 序号."""
    spans = []
    top = None
    for index, row in enumerate(rows):
        first = row[0].strip() if row else ""
        if re.fullmatch(r"\d+", first):
            top = index
        elif not first and top is not None and any(cell.strip() for cell in row[1:]):
            if spans and spans[-1][0] == top:
                spans[-1] = (top, index)
            else:
                spans.append((top, index))
        else:
            top = None
    return spans


def blocks_html(blocks: list[Block]) -> str:
    parts = []
    for block in blocks:
        if block.kind == "p":
            parts.append(f"<p>{escape(block.text)}</p>")
            continue
        columns = max(len(row) for row in block.rows)
        rows = []
        for row in block.rows:
            cells = [escape(cell.strip()) for cell in row] + [""] * (columns - len(row))
            rows.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
        parts.append('<table border="1" cellspacing="0" cellpadding="2" width="100%">' + "".join(rows) + "</table>")
    return "<html><body>" + "".join(parts) + "</body></html>"


def write_pdf(blocks: list[Block], path: Path, point_size: float = 10.5, landscape: bool = False) -> Path:
    """An A4 PDF of the blocks with Qt's text layout (needs a QGuiApplication).

    Wide tables (20 columns) go on landscape pages, as offices print them.
    """
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPdfWriter, QTextDocument

    from desktop.fonts import cjk_family

    writer = QPdfWriter(str(path))
    orientation = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation,
                                     QMarginsF(20, 20, 20, 20), QPageLayout.Unit.Millimeter))
    writer.setResolution(300)
    document = QTextDocument()
    font = QFont(cjk_family())
    font.setPointSizeF(point_size)
    document.setDefaultFont(font)
    document.setHtml(blocks_html(blocks))
    document.print_(writer)
    return path


def write_two_column_pdf(title: str, left: list[str], right: list[str], path: Path) -> Path:
    """One A4 page: a full-width title, then two columns of paragraphs side by side."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QFont, QPageSize, QPainter, QPdfWriter, QTextOption

    from desktop.fonts import cjk_family

    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setResolution(72)
    painter = QPainter(writer)
    font = QFont(cjk_family())
    font.setPointSizeF(10.5)
    painter.setFont(font)
    page = writer.pageLayout().paintRectPixels(72)
    gutter = 24
    column = (page.width() - gutter) / 2
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAnywhere)
    painter.drawText(QRectF(0, 0, page.width(), 30), Qt.AlignmentFlag.AlignHCenter, title)
    for x, paragraphs in ((0.0, left), (column + gutter, right)):
        painter.drawText(QRectF(x, 40, column, page.height() - 40), "\n".join(paragraphs), option)
    painter.end()
    return path


def write_scanned_pdf(text: str, path: Path) -> Path:
    """A PDF page that is only a picture of text, as a scanner makes it."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QImage, QPageSize, QPainter, QPdfWriter

    from desktop.fonts import cjk_family

    image = QImage(600, 300, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setFont(QFont(cjk_family(), 14))
    painter.drawText(QRectF(20, 20, 560, 260), Qt.TextFlag.TextWordWrap, text)
    painter.end()
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    painter = QPainter(writer)
    painter.drawImage(QRectF(0, 0, 4000, 2000), image)
    painter.end()
    return path


def fake_soffice(folder: Path, made: Path, kind: str) -> Path:
    """A stand-in `soffice` (for PATH) that writes `made` where LibreOffice would write
    its conversion to `kind` (docx, xlsx), after checking it was asked to convert headless."""
    bin_dir = folder / "bin"
    bin_dir.mkdir()
    script = bin_dir / "soffice"
    script.write_text(
        f"#!{sys.executable}\n"
        "import shutil, sys, pathlib\n"
        "args = sys.argv[1:]\n"
        f"assert '--headless' in args and args[args.index('--convert-to') + 1].startswith({kind + ':'!r})\n"
        "out = pathlib.Path(args[args.index('--outdir') + 1])\n"
        f"shutil.copy({str(made)!r}, out / (pathlib.Path(args[-1]).stem + {'.' + kind!r}))\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return bin_dir
