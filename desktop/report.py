"""The weekly overdue report in the window: written on the worker, previewed, printed, exported.

The report itself is computed in :mod:`models.paper.reports` and written as
a PDF, page by page, by :mod:`models.paper.report_pdf` (ReportLab, no Qt);
here it is run on the window's worker with progress and cancel, and its PDF
shown in :class:`desktop.pdf_preview.PdfPreviewDialog`, which prints it.

Below that: the Qt text layout that the 督办单 (desktop/notice.py) still uses
(an A4 QTextDocument at a fixed 96 dpi, painted page by page with a footer,
and its QPrintPreviewDialog). A notice is one or two pages, where the Qt
layout's cost does not show; the weekly report left it for a layout that is
linear in the pages (see report_pdf's docstring for the figures).
"""
from __future__ import annotations

import html
import os
import shutil
import sys
import tempfile
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
    QPen,
    QTextDocument,
)
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QApplication, QWidget

from desktop.fonts import cjk_family, cjk_font
from desktop.pdf_preview import PdfPreviewDialog
from models.errors import UserError
from models.paper.report_pdf import write_report_pdf
from models.paper.reports import weekly_report

from .action_context import ActionContext
from .progress import run_with_progress
from .workers import Cancelled, Job

# -- the weekly report ------------------------------------------------------------------

class ReportPreviewDialog(PdfPreviewDialog):
    """The print preview of one weekly report: its PDF's pages, printed as they are."""


def show_print_preview(parent: QWidget | None, path: str | os.PathLike[str], title: str) -> int:
    """Open the preview of the report PDF at ``path`` over ``parent``; return the dialog's result."""
    return ReportPreviewDialog(path, title, parent).present()


# tests/desktop/test_workflow_dialogs.py writes a report through this name; new code calls
# models.paper.report_pdf.write_report_pdf, which it is.
export_pdf = write_report_pdf


def write_week_report(week: date, due_soon_days: int, path: str | os.PathLike[str], job: Job) -> tuple[str, int]:
    """On the worker: the week's report from the registry, its PDF at ``path``; (title, pages).

    Raises Cancelled when the person cancels: no file is left at ``path`` then.
    """
    job.progress(0, 1, "正在汇总逾期任务…")
    report = weekly_report(week, due_soon_days=due_soon_days)
    pages = write_report_pdf(report, path, lambda done, total, page: job.progress(done, total, f"正在排版（{page}）…"))
    return report.title, pages


def _outcome(context: ActionContext, result: object, failed: str) -> tuple[str, int] | None:
    """The (title, pages) of a finished job; None after saying why there is none."""
    if isinstance(result, Cancelled):
        context.status("已取消逾期周报", 5000)
    elif isinstance(result, (UserError, OSError)):
        context.report(f"{failed}{result}")
    elif isinstance(result, BaseException):
        context.bug(result)
    else:
        return result   # type: ignore[return-value]
    return None


def preview_week_report(context: ActionContext, week: date, due_soon_days: int) -> None:
    """打印逾期周报: written on the worker into a temporary file, then previewed (and printed from there)."""
    folder = Path(tempfile.mkdtemp(prefix="duban-report-"))
    path = folder / f"逾期周报_{week}.pdf"

    def finished(result: object) -> None:
        try:
            done = _outcome(context, result, "未能生成逾期周报：")
            if done is not None:
                show_print_preview(context.parent, path, done[0])
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    run_with_progress(context, "正在生成逾期周报…", "逾期周报",
                      lambda job: write_week_report(week, due_soon_days, path, job), finished, show_labels=True)


def export_week_report(context: ActionContext, week: date, due_soon_days: int, path: str) -> None:
    """导出逾期周报 PDF at ``path`` on the worker; the status bar says where and how many pages."""
    def finished(result: object) -> None:
        done = _outcome(context, result, "导出失败：")
        if done is not None:
            context.status(f"已导出 {path}（{done[1]} 页）", 8000)

    run_with_progress(context, "正在导出逾期周报…", "导出逾期周报",
                      lambda job: write_week_report(week, due_soon_days, path, job), finished, show_labels=True)


# -- the Qt text layout of the 督办单 ----------------------------------------------------

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


def html_body(content: str) -> str:
    return (f'<html><body style="font-family: \'{_e(cjk_family())}\'; font-size: 9.5pt;">'
            f"{content}</body></html>")


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


