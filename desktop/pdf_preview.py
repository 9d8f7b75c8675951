"""A print preview of a PDF already written: its pages drawn as they scroll into view, and printed.

Why not QPrintPreviewDialog: it asks for every page at once and keeps each
as a recorded picture, so a report of 500 pages would sit in memory whole,
as the Qt layout it replaces did. Here pypdfium2 renders a page when the list
shows it (a few are kept), and printing renders one page at a time at the
printer's resolution (at most 300 dpi): the window's memory does not grow
with the report, and what is printed is exactly the PDF.
(QtPdf's QPdfDocument would do the rendering, but PySide6-Essentials does not ship QtPdf.)
"""
from __future__ import annotations

import os
from collections import OrderedDict

import pypdfium2
from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QPoint, QRectF, QSize, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

PRINT_DPI_LIMIT = 300       # enough for 7.5 pt text; a 1200-dpi printer would ask for 140 MB a page
KEPT_PAGES = 8              # rendered pages kept for scrolling back
ZOOMS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0)


def render_page(document: pypdfium2.PdfDocument, index: int, dpi: float) -> QImage:
    """Page ``index`` as an RGB image at ``dpi``, on white."""
    page = document[index]
    try:
        bitmap = page.render(scale=dpi / 72, rev_byteorder=True)   # RGB, as QImage's RGB888
        image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB888)
        return image.copy()      # its own pixels: the bitmap's are freed with it
    finally:
        page.close()


class PdfPagesModel(QAbstractListModel):
    """One row per page of a PDF; the page's image (at the current zoom) as its decoration."""

    def __init__(self, path: str | os.PathLike[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = pypdfium2.PdfDocument(os.fspath(path))
        self.pages = len(self.document)
        width, height = self.document.get_page_size(0) if self.pages else (595.0, 842.0)
        self.page_points = (width, height)
        self.zoom = 1.0
        self._images: OrderedDict[int, QImage] = OrderedDict()

    def close(self) -> None:
        """Let the file go; the model is empty from then on."""
        if not self.pages and not self._images:
            return
        self.beginResetModel()
        self.pages = 0
        self._images.clear()
        self.document.close()
        self.endResetModel()

    @property
    def dpi(self) -> float:
        return 96 * self.zoom

    def page_size(self) -> QSize:
        width, height = self.page_points
        return QSize(round(width / 72 * self.dpi), round(height / 72 * self.dpi))

    def set_zoom(self, zoom: float) -> None:
        self.beginResetModel()
        self.zoom = zoom
        self._images.clear()
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else self.pages

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < self.pages:
            return None
        if role == Qt.ItemDataRole.DecorationRole:
            return self._image(index.row())
        if role == Qt.ItemDataRole.SizeHintRole:
            return self.page_size()
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"第 {index.row() + 1} 页，共 {self.pages} 页"
        return None

    def _image(self, page: int) -> QImage:
        if page in self._images:
            self._images.move_to_end(page)
        else:
            self._images[page] = render_page(self.document, page, self.dpi)
            while len(self._images) > KEPT_PAGES:
                self._images.popitem(last=False)
        return self._images[page]


def print_pdf(document: pypdfium2.PdfDocument, printer: QPrinter) -> int:
    """Print the pages the printer's range asks for (all by default), one at a time; how many."""
    pages = len(document)
    first, last = printer.fromPage(), printer.toPage()
    chosen = range(first - 1, min(last, pages)) if first > 0 and last > 0 else range(pages)
    dpi = min(printer.resolution(), PRINT_DPI_LIMIT)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("无法开始打印（打印机不可用）")
    try:
        for count, index in enumerate(chosen):
            if count:
                printer.newPage()
            image = render_page(document, index, dpi)
            # The whole sheet, shrunk to fit a smaller paper rather than cut.
            target = QRectF(printer.paperRect(QPrinter.Unit.DevicePixel))
            scale = min(target.width() / image.width(), target.height() / image.height())
            painter.drawImage(QRectF(0, 0, image.width() * scale, image.height() * scale), image)
    finally:
        painter.end()
    return len(chosen)


class PdfPreviewDialog(QDialog):
    """A PDF's pages in a scrolling list, with zoom and 打印…."""

    def __init__(self, path: str | os.PathLike[str], title: str, parent: QWidget | None = None,
                 window_title: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(window_title or f"打印预览 — {title}")
        self.title = title
        self.pages = PdfPagesModel(path, self)
        self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self.printer.setFullPage(True)       # the PDF's pages carry their own margins
        self.printer.setDocName(title)
        self.view = QListView(self)
        self.view.setUniformItemSizes(True)  # the view asks only for the pages it shows
        self.view.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)   # a page is taller than the view
        self.view.verticalScrollBar().setSingleStep(40)
        self.view.setSpacing(8)
        self.view.setStyleSheet("QListView { background: #808080; }")
        self.view.setModel(self.pages)
        self.position = QLabel(self)
        buttons = QHBoxLayout()
        for label, step in (("缩小", -1), ("放大", 1)):
            button = QPushButton(label, self)
            button.clicked.connect(lambda _checked=False, step=step: self.zoom_by(step))
            buttons.addWidget(button)
        self.print_button = QPushButton("打印…", self)
        self.print_button.clicked.connect(self.print_dialog)
        close = QPushButton("关闭", self)
        close.clicked.connect(self.reject)
        buttons.addWidget(self.position)
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.view)
        self.view.verticalScrollBar().valueChanged.connect(self._show_position)
        self._show_position()
        self.resize(self.pages.page_size().width() + 80, 900)

    def zoom_by(self, step: int) -> None:
        position = min(range(len(ZOOMS)), key=lambda index: abs(ZOOMS[index] - self.pages.zoom))
        self.pages.set_zoom(ZOOMS[max(0, min(len(ZOOMS) - 1, position + step))])
        self._show_position()

    def _show_position(self) -> None:
        # The page showing at the middle of the view (the spacing between pages holds none).
        middle = self.view.viewport().height() // 2
        index = next((found for y in (middle, middle + 20) if (found := self.view.indexAt(QPoint(40, y))).isValid()),
                     None)
        page = index.row() + 1 if index is not None else 1
        self.position.setText(f"第 {page} 页，共 {self.pages.pages} 页（{round(self.pages.zoom * 100)}%）")

    def print_dialog(self) -> None:
        dialog = QPrintDialog(self.printer, self)
        dialog.setMinMax(1, max(self.pages.pages, 1))
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                print_pdf(self.pages.document, self.printer)
            finally:
                QGuiApplication.restoreOverrideCursor()

    def done(self, result: int) -> None:
        self.pages.close()
        super().done(result)

    @classmethod
    def run(cls, dialog: PdfPreviewDialog) -> int:
        """Show ``dialog`` modally; tests replace this so that none blocks."""
        return dialog.exec()

    def present(self) -> int:
        """Run this preview through its class's (replaceable) `run`, then let it go."""
        try:
            return type(self).run(self)
        finally:
            self.deleteLater()

