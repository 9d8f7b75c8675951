import gc

import pytest

from models.registry.database import close_registry, open_registry


@pytest.fixture(autouse=True)
def garbage_on_the_gui_thread():
    """No automatic collection while worker threads run (it could free a Qt
    object on a worker thread, as desktop/gc_guard explains); collect here, on
    the GUI thread, after each test."""
    gc.disable()
    yield
    gc.collect()
    gc.enable()


@pytest.fixture
def registry(tmp_path, monkeypatch):
    """A fresh registry file, opened as the process's registry."""
    path = tmp_path / "registry.sqlite3"
    monkeypatch.setenv("DUBAN_DB", str(path))
    open_registry(path)
    yield path
    close_registry()
