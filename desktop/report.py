"""The weekly overdue report on paper: an A4 QTextDocument, a PDF, a print preview.

What is overdue and who is listed is decided in :mod:`models.paper.reports`; this
module only lays it out. The document is laid out at a fixed 96 dpi (not
the screen's), with page breaks of our choosing (no row cut in two, no
heading alone at a page's foot), then painted page by page, scaled, onto the
PDF writer or the printer: PDF and preview paginate identically, and each
page gets a footer (第 n 页，共 N 页) drawn with the same painter.
"""
from __future__ import annotations

import html
import os
import sys
from datetime import date
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPagedPaintDevice,
    QPainter,
    QPdfWriter,
    QPen,
    QAbstractTextDocumentLayout,
    QTextDocument,
    QTextTable,
)
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QApplication, QWidget

from models.rules.wording import chinese_date
from desktop.fonts import cjk_family, cjk_font
from models.paper.reports import OverdueTask, WeeklyReport

LAYOUT_DPI = 96
PDF_DPI = 300
_MM = LAYOUT_DPI / 25.4                      # layout units per millimetre
PAGE_WIDTH, PAGE_HEIGHT = 210 * _MM, 297 * _MM   # A4 portrait
MARGIN_LEFT = MARGIN_RIGHT = 18 * _MM
MARGIN_TOP = 16 * _MM
MARGIN_BOTTOM = 20 * _MM                      # room for the footer
FOOTER_BASELINE = PAGE_HEIGHT - 10 * _MM
BODY = QRectF(MARGIN_LEFT, MARGIN_TOP, PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT,
              PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM)

Chunk = tuple[int, int]   # a table's (section, first task row); section -1 is the summary

# Layout units kept free at a page's foot when choosing breaks: content that
# ends too close to it can make Qt start a page of its own before our break,
# leaving a blank one; then the breaks are chosen again with more room.
_SLACKS = (14.0, 40.0, 90.0)
# No bold anywhere: the bundled font has no bold face, and Qt's synthetic bold
# draws each glyph twice, so a PDF's text would read every heading twice.
_HEADER_SHADE = "#e4e4e4"
_BORDER = "#808080"
_QUIET = "#555555"
_gui_application: QGuiApplication | None = None
_layout_device: QImage | None = None


def use_offscreen_without_display() -> None:
    """On Linux without X11 or Wayland, let Qt run headless instead of aborting."""
    if (sys.platform.startswith("linux") and not os.environ.get("DISPLAY")
            and not os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def ensure_gui_application() -> QGuiApplication:
    """The running application, created (headless when need be) if there is none: the command line.

    A QApplication although fonts and PDFs need only a QGuiApplication: a
    later widget (the preview, pytest-qt's ``qapp`` in the same process)
    cannot replace a bare QGuiApplication, and QtWidgets is loaded here anyway.
    """
    global _gui_application
    app = QGuiApplication.instance()
    if app is None:
        use_offscreen_without_display()
        app = _gui_application = QApplication([sys.argv[0] if sys.argv else "duban"])
    return app


def _layout_paint_device() -> QImage:
    """A 1-pixel image at LAYOUT_DPI: fonts are measured the same whatever the screen."""
    global _layout_device
    if _layout_device is None:
        image = QImage(1, 1, QImage.Format.Format_RGB32)
        dots_per_metre = round(LAYOUT_DPI / 0.0254)
        image.setDotsPerMeterX(dots_per_metre)
        image.setDotsPerMeterY(dots_per_metre)
        _layout_device = image
    return _layout_device


# -- the document ------------------------------------------------------------

def report_document(report: WeeklyReport) -> QTextDocument:
    """The report as a paginated A4 document (page size = the body inside the margins).

    Qt would split a table row across two pages and leave a heading alone at
    the foot of a page; neither reads well on paper. So page breaks are
    chosen by us: one continuous layout gives every row's height, a page
    filler picks the breaks (the table then continues under its repeated
    header), and the paginated layout is checked; a break the filler missed
    is added and the layout redone (rarely needed, at most once per page).
    """
    return _paginated(report)[0]


def _paginated(report: WeeklyReport) -> tuple[QTextDocument, list[Chunk]]:
    """The document and, for each of its tables in order, its (section, first row)."""
    ensure_gui_application()
    content, whole_tables = _report_html(report, frozenset())
    continuous = new_document(report.title, content, paginate=False)
    for slack in _SLACKS:
        breaks = set(_plan_breaks(continuous, whole_tables, slack))
        while True:
            content, chunks = _report_html(report, frozenset(breaks))
            document = new_document(report.title, content)
            fix = _first_bad_break(document, chunks)
            if fix is None or fix in breaks or len(breaks) > 2 * document.pageCount():
                break
            breaks.add(fix)
        if not _skips_a_page(document, chunks):
            break
    return document, chunks   # with the last slack, even if a page was left blank


def new_document(title: str, content: str, paginate: bool = True) -> QTextDocument:
    document = QTextDocument()
    document.setUseDesignMetrics(True)   # print-accurate advances, no screen hinting
    document.documentLayout().setPaintDevice(_layout_paint_device())
    document.setDefaultFont(cjk_font(10))
    document.setDocumentMargin(0)         # the page margins are painted around it
    document.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, title)
    document.setHtml(content)
    if paginate:
        document.setPageSize(BODY.size())
    else:
        document.setTextWidth(BODY.width())   # one endless page: the heights as they are
    return document


def _tables(document: QTextDocument, chunks: list[Chunk]) -> list[tuple[QTextTable, Chunk]]:
    tables = [frame for frame in document.rootFrame().childFrames() if isinstance(frame, QTextTable)]
    return list(zip(tables, chunks))


def _units(document: QTextDocument, chunks: list[Chunk]):
    """Every place a page may break: (key, top, bottom, header height) in document order.

    Key (section, 0) is "before the heading", whose unit runs to the end of
    the table's first row; (section, r) is "before task row r".
    """
    layout = document.documentLayout()
    for table, (section, first_row) in _tables(document, chunks):
        spans = [_row_span(layout, table, row) for row in range(table.rows())]
        gap = spans[1][0] - spans[0][1] if len(spans) > 1 else 0.0   # padding and border between rows
        header = spans[1][0] - spans[0][0] if len(spans) > 1 else 0.0
        for row in range(1, table.rows()):
            top, bottom = spans[row][0], spans[row][1] + gap
            if row == 1 and first_row == 0:
                heading = document.findBlock(table.firstPosition() - 1)
                if section == 0:   # the part heading 二、… goes with the first department
                    heading = heading.previous()
                yield (section, 0), layout.blockBoundingRect(heading).top(), bottom, 0.0
            else:
                yield (section, first_row + row - 1), top, bottom, header


def _plan_breaks(document: QTextDocument, chunks: list[Chunk], slack: float) -> list[Chunk]:
    """Fill pages with whole units (rows, heading + first row) of a continuous layout."""
    height = BODY.height()
    breaks: list[Chunk] = []
    origin = 0.0   # the continuous y that sits at the top of the current page
    for key, top, bottom, header in _units(document, chunks):
        if bottom - origin > height - slack and top - header > origin:
            breaks.append(key)
            origin = top - header   # the repeated header, then this unit
    return breaks


def _first_bad_break(document: QTextDocument, chunks: list[Chunk]) -> Chunk | None:
    """The first place where the paginated layout splits a unit across pages, else None."""
    height = BODY.height()
    for key, top, bottom, header in _units(document, chunks):
        if int(top // height) != int((bottom - 0.5) // height):
            # A unit taller than a page is left for Qt to split: a break would not help.
            if bottom - top < height - header:
                return key
    return None


def _skips_a_page(document: QTextDocument, chunks: list[Chunk]) -> bool:
    """True when some page holds none of the units (a blank page between two)."""
    height = BODY.height()
    last_page = 0
    for _, top, bottom, _ in _units(document, chunks):
        if int(top // height) > last_page + 1:
            return True
        last_page = int((bottom - 0.5) // height)
    return False


def _row_span(layout: QAbstractTextDocumentLayout, table: QTextTable, row: int) -> tuple[float, float]:
    """Top of the row's first lines and bottom of its last lines, in document coordinates."""
    top, bottom = float("inf"), 0.0
    for column in range(table.columns()):
        cell = table.cellAt(row, column)
        top = min(top, layout.blockBoundingRect(cell.firstCursorPosition().block()).top())
        bottom = max(bottom, layout.blockBoundingRect(cell.lastCursorPosition().block()).bottom())
    return top, bottom


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def bordered_table(headers: list[tuple[str, int]], rows: list[str], new_page: bool = False) -> str:
    """A bordered table; ``<thead>`` makes Qt repeat the header row on every page."""
    page_break = " page-break-before: always;" if new_page else ""
    head = "".join(f'<th width="{width}%" bgcolor="{_HEADER_SHADE}" align="center" '
                   f'style="font-weight: normal;">{_e(label)}</th>' for label, width in headers)
    return (f'<table width="100%" border="1" cellspacing="0" cellpadding="4" '
            f'style="border-collapse: collapse; border-color: {_BORDER}; border-style: solid; '
            f'margin-bottom: 10px;{page_break}"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def _small(text: str) -> str:
    return f'<br/><span style="font-size: 7.5pt; color: {_QUIET};">{text}</span>'


def _task_row(task: OverdueTask) -> str:
    # A document number broken before its last character (…3 / 号) reads badly: one unbreakable line.
    plan = (f'<p style="white-space: nowrap; margin: 0;">{_e(task.plan_number or "（无文号）")}</p>'
            + (f'<p style="font-size: 7.5pt; color: {_QUIET}; margin: 0;">{_e(task.plan_title)}</p>'
               if task.plan_title else ""))
    seq = task.seq.strip()
    text = f"{_e(seq)}．{_e(task.text)}" if seq.isdigit() else f"{_e(seq)} {_e(task.text)}".strip()
    units = [f"{label}：{'、'.join(names)}" for label, names in
             (("牵头", task.lead), ("责任", task.responsible), ("配合", task.cooperating)) if names]
    if units:
        text += _small(_e("；".join(units)))
    progress = f"{task.status} {task.progress}%" if task.progress else task.status
    if task.note:
        latest = f"{_e(task.note)}{_small(_e(f'{chinese_date(task.note_date)}（{progress}）'))}"
    else:
        latest = f"—{_small(_e(progress))}"
    deadline = _e(chinese_date(task.deadline))
    if task.original_deadline is not None:
        deadline += _small(_e(f"（原定{chinese_date(task.original_deadline)}，已延期）"))
    return (f"<tr><td>{plan}</td><td>{text}</td>"
            f'<td align="center">{deadline}</td>'
            f'<td align="center">{task.days_overdue}</td><td>{latest}</td></tr>')


def _report_html(report: WeeklyReport, breaks: frozenset[Chunk]) -> tuple[str, list[Chunk]]:
    """The HTML with page breaks before the (section, row) pairs in ``breaks``; and its tables' chunks."""
    chunks: list[Chunk] = []

    def chunked_table(section: int, headers: list[tuple[str, int]], rows: list[str]) -> str:
        cuts = [0] + sorted(row for number, row in breaks if number == section and row > 0) + [len(rows)]
        chunks.extend((section, start) for start in cuts[:-1])
        return "".join(bordered_table(headers, rows[start:end], new_page=start > 0)
                       for start, end in zip(cuts, cuts[1:]))

    as_of = chinese_date(report.as_of)
    parts = [
        f'<p align="center" style="font-size: 18pt; margin-bottom: 4px;">'
        f"{_e(report.title)}</p>",
        f'<p align="center" style="font-size: 11pt; margin-bottom: 8px;">截至{_e(as_of)}'
        f"（{_e(_short_date(report.as_of))}—{_e(_short_date(report.week_end))}）</p>",
        f'<p style="font-size: 8.5pt; color: {_QUIET}; margin-bottom: 8px;">'
        f"说明：完成时限早于{_e(as_of)}且尚未办结的任务计为逾期，逾期天数为{_e(as_of)}与完成时限相差的天数；"
        f"下周到期指完成时限在{_e(chinese_date(report.due_from))}至{_e(chinese_date(report.due_to))}之间的未办结任务。"
        f"任务计入其牵头单位和责任单位（一项任务有多个单位时各计一次），配合单位随任务列出但不计数；"
        f"“各乡镇”等集合名称仅在有逾期任务时列出。</p>",
    ]
    if not report.summary:
        parts.append('<p style="font-size: 12pt;">本周无逾期任务，下周无到期任务。</p>')
        return html_body("".join(parts)), chunks

    parts.append('<p style="font-size: 13pt; margin-top: 6px;">一、汇总</p>')
    rows = [f'<tr><td>{_e(row.name)}</td><td align="center">{row.overdue}</td>'
            f'<td align="center">{row.due_next_week}</td><td align="center">{row.lagging}</td>'
            f'<td align="center"><span style="color: #d32f2f;">{row.red}</span> / '
            f'<span style="color: #b8860b;">{row.yellow}</span></td></tr>'
            for row in report.summary]
    parts.append(chunked_table(-1, [("单位", 44), ("逾期任务数", 14), ("下周到期数", 14), ("欠进度数", 14),
                                    ("红灯/黄灯", 14)], rows))
    parts.append(f'<p style="font-size: 9pt; margin-bottom: 10px;">逾期任务共 {report.overdue_total} 项，'
                 f"下周到期任务共 {report.due_next_week_total} 项，"
                 f"未逾期但落后于序时进度（欠进度）的任务共 {report.lagging_total} 项。</p>")

    headers = [("文件", 19), ("任务", 34), ("完成时限", 13), ("逾期天数", 10), ("最新进展", 24)]
    for index, section in enumerate(report.sections):
        # Moving the first department's heading takes the part heading with it.
        heading_break = " page-break-before: always;" if (index, 0) in breaks else ""
        if index == 0:
            parts.append(f'<p style="font-size: 13pt; margin-top: 8px;{heading_break}">'
                         "二、各单位逾期任务</p>")
            heading_break = ""
        parts.append(f'<p style="font-size: 11.5pt; margin-top: 8px; margin-bottom: 4px;'
                     f'{heading_break}">{index + 1}. {_e(section.name)}（逾期 {len(section.tasks)} 项）</p>')
        parts.append(chunked_table(index, headers, [_task_row(task) for task in section.tasks]))
    return html_body("".join(parts)), chunks


def html_body(content: str) -> str:
    return (f'<html><body style="font-family: \'{_e(cjk_family())}\'; font-size: 9.5pt;">'
            f"{content}</body></html>")


def _short_date(value: date) -> str:
    return f"{value.month}月{value.day}日"


# -- painting pages ------------------------------------------------------------

def paint_document(document: QTextDocument, device: QPagedPaintDevice, title: str = "") -> int:
    """Paint every page of ``document`` (from report_document) with its footer; return the page count.

    The device's page must start at the paper's corner (no device margins):
    our margins are part of the layout.
    """
    pages = document.pageCount()
    painter = QPainter()
    if not painter.begin(device):
        raise OSError(f"无法在 {type(device).__name__} 上绘制报告")
    try:
        scale = device.logicalDpiX() / LAYOUT_DPI
        # A smaller paper than A4 (chosen in a print dialog): shrink to fit rather than cut.
        scale = min(scale, device.width() / PAGE_WIDTH, device.height() / PAGE_HEIGHT)
        # The painter is scaled from layout units; a point size would be scaled twice.
        footer_font = cjk_font(8 * LAYOUT_DPI / device.logicalDpiY())
        for page in range(pages):
            if page:
                device.newPage()
            painter.save()
            painter.scale(scale, scale)
            painter.save()
            painter.translate(BODY.left(), BODY.top() - page * BODY.height())
            document.drawContents(painter, QRectF(0, page * BODY.height(), BODY.width(), BODY.height()))
            painter.restore()
            _paint_footer(painter, footer_font, title, page + 1, pages)
            painter.restore()
    finally:
        painter.end()
    return pages


def _paint_footer(painter: QPainter, font: QFont, title: str, page: int, pages: int) -> None:
    painter.setFont(font)
    painter.setPen(QPen(QColor(_QUIET)))
    metrics = QFontMetricsF(font, painter.device())   # in layout units: the size was chosen so
    rule_y = FOOTER_BASELINE - metrics.ascent() - 2 * _MM
    painter.drawLine(QPointF(BODY.left(), rule_y), QPointF(BODY.right(), rule_y))
    label = f"第 {page} 页，共 {pages} 页"
    painter.drawText(QPointF(BODY.right() - metrics.horizontalAdvance(label), FOOTER_BASELINE), label)
    if title:
        painter.drawText(QPointF(BODY.left(), FOOTER_BASELINE), title)


def full_page_a4() -> QPageLayout:
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                       QMarginsF(0, 0, 0, 0))


def export_pdf(report: WeeklyReport, path: str | os.PathLike[str]) -> int:
    """Write the report as an A4 PDF at ``path``; return its page count.

    Raises OSError, with a message for people, when the file cannot be written.
    """
    ensure_gui_application()
    path = Path(path)
    try:
        # QPdfWriter only fails later, with a Qt warning; find out now, with a reason.
        path.open("wb").close()
    except OSError as exc:
        raise OSError(f"无法写入 PDF 文件 {path}（{exc.strerror or exc}）") from exc
    document = report_document(report)
    writer = QPdfWriter(os.fspath(path))
    writer.setResolution(PDF_DPI)
    writer.setPageLayout(full_page_a4())
    writer.setTitle(report.title)
    writer.setCreator("督办台 Duban")
    return paint_document(document, writer, report.title)


# -- print preview ---------------------------------------------------------------

class DocumentPreviewDialog(QPrintPreviewDialog):
    """A print preview of an A4 document; the pages are painted exactly as in its PDF."""

    def __init__(self, document: QTextDocument, title: str, parent: QWidget | None = None,
                 window_title: str | None = None) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setFullPage(True)        # origin at the paper's corner: our margins are in the layout
        printer.setPageLayout(full_page_a4())
        printer.setDocName(title)
        super().__init__(printer, parent)
        self.printer = printer           # the dialog does not own it; keep it alive as long as we are
        self.document, self.title = document, title
        self.setWindowTitle(window_title or f"打印预览 — {title}")
        self.paintRequested.connect(self.paint)

    def paint(self, printer: QPrinter) -> None:
        paint_document(self.document, printer, self.title)

    @classmethod
    def run(cls, dialog: DocumentPreviewDialog) -> int:
        """Show ``dialog`` modally; tests replace this so that none blocks."""
        return dialog.exec()

    def present(self) -> int:
        """Run this preview through its class's (replaceable) `run`, then let it go."""
        try:
            return type(self).run(self)
        finally:
            self.deleteLater()


class ReportPreviewDialog(DocumentPreviewDialog):
    """The print preview of one weekly report."""

    def __init__(self, report: WeeklyReport, parent: QWidget | None = None) -> None:
        super().__init__(report_document(report), report.title, parent)
        self.report = report


def show_print_preview(parent: QWidget | None, report: WeeklyReport) -> int:
    """Open the print preview of ``report`` over ``parent``; return the dialog's result."""
    return ReportPreviewDialog(report, parent).present()
