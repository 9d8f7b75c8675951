import pytest

from models.database import close_registry, open_registry


@pytest.fixture
def registry(tmp_path, monkeypatch):
    """A fresh registry file, opened as the process's registry."""
    path = tmp_path / "registry.sqlite3"
    monkeypatch.setenv("DUBAN_DB", str(path))
    open_registry(path)
    yield path
    close_registry()
