"""Operations: every registry call the window makes, run on the one worker.

After Anki's ``aqt/operations`` over its Qt-free ``pylib``: an operation is a
plain function of the registry (models/ does the work and checks the rules),
run on the window's single worker thread (:class:`desktop.workers.TaskRunner`),
with its result, or its failure, delivered on the GUI thread. The GUI thread
never waits on a database: on the county's server every call is a network
round trip, and a write may wait on another writer's lock.

Failures come in two tiers (qutebrowser's): an error of the user's world
(:data:`USER_ERRORS`: every :class:`models.errors.UserError`, a file that
cannot be read or written) goes to the operation's own handler or the
window's banner; anything else is a bug, shown as one and written out in full
(:mod:`desktop.bug_log`). The desktop tests fail any SQL statement the
window's code runs on the GUI thread (tests/desktop/gui_thread_guard.py).

    Operation(lambda: extensions_of(task_id)).success(show).failure(say).run_on(context)
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QEventLoop

from importers.errors import ImportFileError
from models.errors import UserError

from .bug_log import bug_message

if TYPE_CHECKING:
    from .action_context import ActionContext
    from .workers import Job, TaskRunner

T = TypeVar("T")

# Errors of the user's world: a file that cannot be read or written, and every
# models.errors.UserError (a refused value, a name not in the registry, a locked or
# unwritable registry, a step the person's role does not allow, a task someone else
# changed first). Anything else — a KeyError, a TypeError — is a bug.
USER_ERRORS: tuple[type[BaseException], ...] = (UserError, ImportFileError, OSError)


class Operation(Generic[T]):
    """A function of the registry to run on the worker, with what to do when it returns."""

    def __init__(self, work: Callable[[], T]) -> None:
        self._work = work
        self._success: Callable[[T], Any] = lambda _value: None
        self._failure: Callable[[BaseException], Any] | None = None
        self._prefix = ""

    def success(self, callback: Callable[[T], Any]) -> Operation[T]:
        """``callback(result)`` on the GUI thread when the work returned."""
        self._success = callback
        return self

    def failure(self, callback: Callable[[BaseException], Any]) -> Operation[T]:
        """``callback(error)`` on the GUI thread for an error of the user's world (never for a bug)."""
        self._failure = callback
        return self

    def explained(self, prefix: str) -> Operation[T]:
        """Say ``prefix`` before the error in the banner (e.g. 「进展未保存：」)."""
        self._prefix = prefix
        return self

    def run_on(self, context: ActionContext) -> Job:
        """Run with the window's worker; failures to the window's banner or bug path."""
        return self.run(context.runner, report=context.report, bug=context.bug)

    def run(self, runner: TaskRunner, *, report: Callable[[str], Any],
            bug: Callable[[BaseException], Any]) -> Job:
        """Run on ``runner``; an unhandled user error goes to ``report`` as a message, a bug to ``bug``."""
        def failed(error: BaseException) -> None:
            if not isinstance(error, USER_ERRORS):
                bug(error)
            elif self._failure is not None:
                self._failure(error)
            else:
                report(f"{self._prefix}{error}")

        work = self._work
        return runner.run(lambda job: work(), self._success, failed)

    def run_saying(self, runner: TaskRunner, say: Callable[[str], Any]) -> Job:
        """Run on ``runner`` for a dialog with a line of its own: a refusal and a bug (written
        out in full first) are both said there."""
        return self.run(runner, report=say, bug=lambda error: say(bug_message(error)))


def wait_for(runner: TaskRunner, work: Callable[[], T]) -> T:
    """Run ``work`` on the worker and return its result (or raise its error), keeping
    Qt's events flowing meanwhile. Only for the start, before any window exists
    to stay responsive (opening the registry, asking whether to sign in)."""
    outcome: dict[str, Any] = {}
    loop = QEventLoop()

    def finish(key: str, value: Any) -> None:
        outcome[key] = value
        loop.quit()

    runner.run(lambda job: work(), lambda value: finish("value", value), lambda error: finish("error", error))
    if not outcome:                      # a fast worker may already have delivered
        loop.exec()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
