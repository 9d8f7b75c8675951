import gc
import os
from pathlib import Path

import pytest

from importers.pipeline import extract_file
from models.registry.database import close_registry, open_registry
from models.upkeep.importing import store_extracted

from .gui_thread_guard import GuiThreadQueries


@pytest.fixture(autouse=True)
def garbage_on_the_gui_thread():
    """No automatic collection while worker threads run (it could free a Qt
    object on a worker thread, as desktop/gc_guard explains); collect here, on
    the GUI thread, after each test."""
    gc.disable()
    yield
    gc.collect()
    gc.enable()


@pytest.fixture(autouse=True)
def no_queries_on_the_gui_thread(monkeypatch):
    """Fail a test in which the window ran an SQL statement on the GUI thread (see gui_thread_guard)."""
    guard = GuiThreadQueries()
    guard.install(monkeypatch)
    yield guard
    if guard.found and os.environ.get("DUBAN_GUARD_REPORT"):
        with open(os.environ["DUBAN_GUARD_REPORT"], "a", encoding="utf-8") as log:
            log.write(guard.report() + "\n")
    elif guard.found:
        pytest.fail("the window queried the registry on the GUI thread:\n" + guard.report(), pytrace=False)


@pytest.fixture
def registry(tmp_path, monkeypatch):
    """A fresh registry file, opened as the process's registry."""
    path = tmp_path / "registry.sqlite3"
    monkeypatch.setenv("DUBAN_DB", str(path))
    open_registry(path)
    yield path
    close_registry()


@pytest.fixture(scope="session")
def seeded_registry(tmp_path_factory):
    """The five seed gazettes imported once for the whole run; tests copy the file before using it."""
    path = tmp_path_factory.mktemp("seeded") / "registry.sqlite3"
    open_registry(path)
    for seed in sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt")):
        store_extracted(extract_file(seed))
    close_registry()
    return path
