"""The 三色督办单's print preview in the window: its PDF, shown and printed as the report's is.

The notice is written by :mod:`models.paper.notice_pdf` (ReportLab, no Qt) from
its sheet (:func:`models.paper.notices.notice_sheet`), both on the worker
(:func:`write_notice_preview`), into a temporary folder that goes when the
preview closes; the GUI thread only shows the pages.
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QWidget

from desktop.pdf_preview import PdfPreviewDialog
from models.paper.notice_pdf import notice_title, write_notice_pdf
from models.paper.notices import NoticeSheet


def write_notice_preview(sheet: NoticeSheet) -> Path:
    """On the worker: the notice's PDF in a folder of its own, for the preview to show and remove."""
    folder = Path(tempfile.mkdtemp(prefix="duban-notice-"))
    path = folder / f"{sheet.colour}色督办单.pdf"
    try:
        write_notice_pdf(sheet, path)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return path


class NoticePreviewDialog(PdfPreviewDialog):
    """The print preview of one notice, from the PDF :func:`write_notice_preview` wrote."""

    def __init__(self, sheet: NoticeSheet, path: Path, parent: QWidget | None = None) -> None:
        title = notice_title(sheet)
        super().__init__(path, title, parent, f"打印预览 — {title}（{sheet.department}）")
        self.sheet = sheet
        self.destroyed.connect(lambda _object=None, folder=path.parent: shutil.rmtree(folder, ignore_errors=True))


def show_notice_preview(parent: QWidget | None, sheet: NoticeSheet, path: Path) -> int:
    """Open the print preview of a notice over ``parent``; the dialog's result."""
    return NoticePreviewDialog(sheet, path, parent).present()
