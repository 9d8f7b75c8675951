"""The weekly overdue report in the window: written on the worker, previewed, printed, exported.

The report itself is computed in :mod:`models.paper.reports` and written as
a PDF, page by page, by :mod:`models.paper.report_pdf` (ReportLab, no Qt);
here it is run on the window's worker with progress and cancel, and its PDF
shown in :class:`desktop.pdf_preview.PdfPreviewDialog`, which prints it.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QWidget

from desktop.pdf_preview import PdfPreviewDialog
from models.access.actor import Actor
from models.errors import UserError
from models.paper.report_pdf import write_report_pdf
from models.paper.reports import weekly_report

from .action_context import ActionContext
from .progress import run_with_progress
from .workers import Cancelled, Job


class ReportPreviewDialog(PdfPreviewDialog):
    """The print preview of one weekly report: its PDF's pages, printed as they are."""


def show_print_preview(parent: QWidget | None, path: str | os.PathLike[str], title: str) -> int:
    """Open the preview of the report PDF at ``path`` over ``parent``; return the dialog's result."""
    return ReportPreviewDialog(path, title, parent).present()


def write_week_report(week: date, due_soon_days: int, path: str | os.PathLike[str], job: Job,
                      actor: Actor | None = None) -> tuple[str, int]:
    """On the worker: the week's report from the registry, of what ``actor`` may see, its PDF at
    ``path``; (title, pages).

    Raises Cancelled when the person cancels: no file is left at ``path`` then.
    """
    job.progress(0, 1, "正在汇总逾期任务…")
    report = weekly_report(week, due_soon_days=due_soon_days, actor=actor)
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
    actor = context.actor()

    def finished(result: object) -> None:
        try:
            done = _outcome(context, result, "未能生成逾期周报：")
            if done is not None:
                show_print_preview(context.parent, path, done[0])
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    run_with_progress(context, "正在生成逾期周报…", "逾期周报",
                      lambda job: write_week_report(week, due_soon_days, path, job, actor), finished,
                      show_labels=True)


def export_week_report(context: ActionContext, week: date, due_soon_days: int, path: str) -> None:
    """导出逾期周报 PDF at ``path`` on the worker; the status bar says where and how many pages."""
    def finished(result: object) -> None:
        done = _outcome(context, result, "导出失败：")
        if done is not None:
            context.status(f"已导出 {path}（{done[1]} 页）", 8000)

    actor = context.actor()

    run_with_progress(context, "正在导出逾期周报…", "导出逾期周报",
                      lambda job: write_week_report(week, due_soon_days, path, job, actor), finished,
                      show_labels=True)
