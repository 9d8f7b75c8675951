"""A guard for the desktop tests: no SQL statement from the window's code on the GUI thread.

Every registry call the window makes is an operation on the one worker
(desktop/operations.py). This watches every SQLite connection peewee opens:
a statement executed on the main thread while a frame of the window's code
(desktop/, not the command line) is on the stack is recorded, with that frame,
and the test fails at teardown. Test code itself may set up and inspect the
registry on the main thread (its frames are not the window's).
"""
from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import peewee

DESKTOP = str(Path(__file__).resolve().parents[2] / "desktop")
# Not the window: the command line runs on the main thread by design.
COMMAND_LINE = {"cli.py", "paper_commands.py", "exit_codes.py"}


def window_frame() -> str | None:
    """The innermost frame of the window's code on this stack, as file:line function."""
    frame = sys._getframe(1)
    while frame is not None:
        path = frame.f_code.co_filename
        if path.startswith(DESKTOP) and Path(path).name not in COMMAND_LINE:
            return f"desktop/{Path(path).name}:{frame.f_lineno} {frame.f_code.co_name}"
        frame = frame.f_back
    return None


class GuiThreadQueries:
    """Records (statement, window frame) for each statement the window ran on the GUI thread."""

    def __init__(self) -> None:
        self.found: list[tuple[str, str]] = []
        self.allowed = 0          # > 0 inside `allow()`: a test that means to query on the GUI thread

    def trace(self, statement: str) -> None:
        if self.allowed or threading.current_thread() is not threading.main_thread():
            return
        where = window_frame()
        if where is not None:
            self.found.append((statement.split(None, 1)[0].upper() if statement.strip() else "", where))

    @contextlib.contextmanager
    def allow(self) -> Iterator[None]:
        """For a test that stands in for someone else writing meanwhile, from inside the window's code."""
        self.allowed += 1
        try:
            yield
        finally:
            self.allowed -= 1

    def install(self, monkeypatch) -> None:
        original = peewee.SqliteDatabase._add_conn_hooks

        def add_hooks(database, connection):
            original(database, connection)
            connection.set_trace_callback(self.trace)

        monkeypatch.setattr(peewee.SqliteDatabase, "_add_conn_hooks", add_hooks)

    def report(self) -> str:
        places: dict[str, int] = {}
        for _, where in self.found:
            places[where] = places.get(where, 0) + 1
        return "\n".join(f"  {where} ({count} statements)" for where, count in sorted(places.items()))
