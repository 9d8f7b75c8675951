"""Fixtures: a fresh registry file per test."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from models import close_registry, open_registry
from models.schema import db


@pytest.fixture
def registry_path(tmp_path: Path) -> Path:
    return tmp_path / "registry" / "registry.sqlite3"


@pytest.fixture
def registry(registry_path: Path) -> Iterator[Path]:
    """An open, empty registry; yields its path."""
    open_registry(registry_path)
    try:
        yield registry_path
    finally:
        close_registry()
        db.init(None)  # no test may reach the previous test's file
