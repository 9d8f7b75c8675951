"""Long work on one worker thread, results back on the GUI thread.

After Anki's taskman: a single-thread executor, so database work is never
concurrent with itself, and a signal that carries each result back to the
GUI thread. Progress is throttled; a cancel request makes the next progress
callback raise `Cancelled`, which the importer's transaction rolls back.
"""
from __future__ import annotations

import threading
import time
from itertools import count
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot


class Cancelled(Exception):
    """The user pressed cancel; the work's transaction rolls back (and an import's log says so)."""

    def __init__(self, message: str = "用户取消 (cancelled by the user)") -> None:
        super().__init__(message)


class Job:
    """What the worker function receives: progress reporting and cancellation."""

    def __init__(self, runner: "TaskRunner", interval: float = 0.05) -> None:
        self._runner = runner
        self._cancel = threading.Event()
        self._interval = interval
        self._last = 0.0

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def progress(self, done: int, total: int, label: str = "") -> None:
        """Report progress (throttled); raise Cancelled once cancel was asked."""
        if self._cancel.is_set():
            raise Cancelled()
        now = time.monotonic()
        if now - self._last >= self._interval or done >= total:
            self._last = now
            self._runner._progress.emit(done, total, label)


class TaskRunner(QObject):
    """Runs functions on one worker thread; `on_done`/`on_error` run on the GUI thread."""

    progressed = Signal(int, int, str)               # always emitted on the GUI thread
    _progress = Signal(int, int, str)                # from the worker; relayed by _relay_progress
    _finished = Signal(int)                          # the token of a finished piece of work
    busyChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="duban-worker")
        self._pending = 0
        self._closed = False
        # The work, its job, its callbacks and its outcome are held here, by token, and let go on
        # the GUI thread only: a closure's last reference dropped on the worker can take a Qt
        # object's wrapper with it there (a dialog deleted off the GUI thread crashes), and a job
        # whose cancel is connected to a dialog's signal is disconnected by PySide when it dies,
        # from whichever thread drops it. The worker keeps no reference once it said it finished.
        self._tokens = count()
        self._waiting: dict[int, tuple[Callable[[Job], Any], Job, Callable[[Any], None],
                                       Callable[[BaseException], None]]] = {}
        self._outcomes: dict[int, tuple[Any, bool]] = {}
        # Queued explicitly: whatever is connected to `progressed` (progress
        # dialogs) must run on the GUI thread, never on the worker's.
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._progress.connect(self._relay_progress, Qt.ConnectionType.QueuedConnection)

    def run(self, work: Callable[[Job], Any], on_done: Callable[[Any], None],
            on_error: Callable[[BaseException], None]) -> Job:
        job = Job(self)
        if self._closed:
            # The window is closing: results queued just before (a reload after an
            # import) would start work nobody will see.
            job.cancel()
            return job
        self._pending += 1
        if self._pending == 1:
            self.busyChanged.emit(True)
        token = next(self._tokens)
        self._waiting[token] = (work, job, on_done, on_error)
        self._executor.submit(self._work, token)
        return job

    def _work(self, token: int) -> None:
        """On the worker: run the work; its outcome is left for the GUI thread, then announced."""
        work, job = self._waiting[token][:2]
        try:
            outcome = (work(job), False)
        except BaseException as error:    # noqa: BLE001 - every failure goes to on_error, as a Future's would
            outcome = (error, True)
        del work, job
        self._outcomes[token] = outcome
        del outcome                       # before announcing: the GUI thread may let go of it at once
        self._finished.emit(token)

    @Slot(int, int, str)
    def _relay_progress(self, done: int, total: int, label: str) -> None:
        if not self._closed:
            self.progressed.emit(done, total, label)

    @Slot(int)
    def _deliver(self, token: int) -> None:
        _work, _job, on_done, on_error = self._waiting.pop(token)
        value, failed = self._outcomes.pop(token)
        if self._closed:
            return                   # the window that asked is gone: nobody to show it to
        self._pending -= 1
        if self._pending == 0:
            self.busyChanged.emit(False)
        (on_error if failed else on_done)(value)

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def shutdown(self, close: Callable[[], None] | None = None) -> None:
        """Finish queued work; close the worker's own database connection."""
        self._closed = True
        if close is not None:
            self._executor.submit(close)
        self._executor.shutdown(wait=True)
