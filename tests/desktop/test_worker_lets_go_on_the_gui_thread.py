"""What a piece of work holds is let go on the GUI thread, never on the worker.

A closure whose last reference is dropped on the worker takes its captured
objects with it there; for a Qt widget's wrapper that is a crash (a rare
segmentation fault in the import tests, at the worker's ``del work_item``).
"""
from __future__ import annotations

import threading
import weakref

from desktop.workers import TaskRunner


class Witness:
    """Says on which thread it was let go."""

    def __init__(self, seen: list[str]) -> None:
        self.seen = seen

    def __del__(self) -> None:
        self.seen.append(threading.current_thread().name)


def test_work_callbacks_and_outcome_are_let_go_on_the_gui_thread(qtbot) -> None:
    runner = TaskRunner()
    seen: list[str] = []
    delivered: list[object] = []
    finalizers: list = []
    try:
        for fails in (False, True):
            in_work, in_callback = Witness(seen), Witness(seen)
            let_go = threading.Event()

            def work(_job, held=in_work, fails=fails, let_go=let_go):
                let_go.wait(5)                           # until this thread has dropped its own references
                if fails:
                    raise RuntimeError("refused")
                return Witness(seen)                     # the outcome too

            def done(value, held=in_callback):
                delivered.append(type(value).__name__)

            job = runner.run(work, done, done)
            # PySide disconnects a dying job's connected cancel from whichever thread drops it.
            finalizers.append(weakref.finalize(job, lambda: seen.append(threading.current_thread().name)))
            del in_work, in_callback, work, done, job
            let_go.set()
            qtbot.waitUntil(lambda: not runner.busy, timeout=5_000)
        qtbot.wait(50)                                    # the worker is past its last line
    finally:
        runner.shutdown()
    assert delivered == ["Witness", "RuntimeError"]
    assert len(seen) == 7 and set(seen) == {threading.main_thread().name}     # the jobs too
