"""Long work on the worker behind a progress dialog that appears only when it is slow.

One place for what the import, the duplicate search and backup/restore
share: a window-modal QProgressDialog shown after 600 ms, fed by the
runner's progress signal, cancel wired to the job, and everything undone
when the job ends. The actions given as ``busy`` are disabled meanwhile and
get back the state they had (a role may have disabled them; the end of a
job must not enable them).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QProgressDialog

from .action_context import ActionContext
from .workers import Job

SHOW_AFTER_MS = 600     # quick work never flashes a dialog


def run_with_progress(context: ActionContext, label: str, title: str, work: Callable[[Job], object],
                      finished: Callable[[object], None], *, cancellable: bool = True,
                      show_labels: bool = False, busy: Sequence[QAction] = ()) -> Job:
    """Run ``work`` on the worker; ``finished`` gets its result or its exception (Cancelled included)."""
    progress = QProgressDialog(label, "取消" if cancellable else "", 0, 100, context.parent)
    progress.setWindowTitle(title)
    if not cancellable:
        progress.setCancelButton(None)
    progress.setMinimumDuration(SHOW_AFTER_MS)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    was_enabled = [(action, action.isEnabled()) for action in busy]
    for action in busy:
        action.setEnabled(False)

    def progressed(done: int, total: int, text: str) -> None:
        progress.setMaximum(max(total, 1))
        progress.setValue(done)
        if show_labels and text:
            progress.setLabelText(text)

    context.runner.progressed.connect(progressed)

    def ended(result: object) -> None:
        context.runner.progressed.disconnect(progressed)
        progress.reset()
        progress.deleteLater()
        for action, enabled in was_enabled:
            action.setEnabled(enabled)
        finished(result)

    job = context.runner.run(work, ended, ended)
    if cancellable:
        progress.canceled.connect(job.cancel)
    return job
