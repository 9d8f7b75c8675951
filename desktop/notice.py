"""The 三色督办单's print preview in the window: its PDF, shown and printed as the report's is.

The notice is written by :mod:`models.paper.notice_pdf` (ReportLab, no Qt)
from its sheet, which the window reads on the worker
(:func:`models.paper.notices.notice_sheet`); one or two pages, written here
into a temporary file that goes when the preview closes.
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QWidget

from desktop.pdf_preview import PdfPreviewDialog
from models.paper.notice_pdf import notice_title, write_notice_pdf
from models.paper.notices import NoticeSheet


class NoticePreviewDialog(PdfPreviewDialog):
    """The print preview of one notice."""

    def __init__(self, sheet: NoticeSheet, parent: QWidget | None = None) -> None:
        title = notice_title(sheet)
        self._folder = Path(tempfile.mkdtemp(prefix="duban-notice-"))
        path = self._folder / f"{sheet.colour}色督办单.pdf"
        write_notice_pdf(sheet, path)
        super().__init__(path, title, parent, f"打印预览 — {title}（{sheet.department}）")
        self.sheet = sheet
        self.destroyed.connect(lambda _object=None, folder=self._folder: shutil.rmtree(folder, ignore_errors=True))


def show_notice_preview(parent: QWidget | None, sheet: NoticeSheet) -> int:
    """Open the print preview of a notice (its sheet, read on the worker) over ``parent``; the dialog's result."""
    return NoticePreviewDialog(sheet, parent).present()
