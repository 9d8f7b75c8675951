"""The guard every desktop test runs under catches a query the window's code makes on
the GUI thread, and lets the worker's and the test's own through."""
import threading

from models.registry.schema import Task

from .gui_thread_guard import DESKTOP, GuiThreadQueries


def _as_window_code(source: str):
    """Code that the guard takes for the window's (its file is under desktop/)."""
    return compile(source, f"{DESKTOP}/probe.py", "eval")


def test_a_query_from_the_windows_code_on_the_gui_thread_is_caught(registry, monkeypatch):
    guard = GuiThreadQueries()
    guard.install(monkeypatch)
    from models.registry.database import close_registry, open_registry
    close_registry()
    open_registry(registry)            # a connection opened after the guard: it is watched
    eval(_as_window_code("Task.select().count()"), {"Task": Task})
    assert guard.found and guard.found[0][0] == "SELECT" and "desktop/probe.py" in guard.found[0][1]


def test_the_tests_own_queries_and_the_workers_pass(registry, monkeypatch):
    guard = GuiThreadQueries()
    guard.install(monkeypatch)
    from models.registry.database import close_registry, open_registry
    close_registry()
    open_registry(registry)
    Task.select().count()                                   # the test itself, on the GUI thread
    worker = threading.Thread(target=lambda: eval(_as_window_code("Task.select().count()"), {"Task": Task}))
    worker.start()
    worker.join()
    with guard.allow():
        eval(_as_window_code("Task.select().count()"), {"Task": Task})
    assert guard.found == []
