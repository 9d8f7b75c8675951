"""Fixtures: a fresh registry per test, on each backend.

Tests taking ``registry`` run twice: on the embedded SQLite file and on the
PostgreSQL server of the test run (tests/pg_server.py; skipped where there
is none, a failure in CI). A test module about the file itself overrides
``registry`` with :func:`sqlite_registry`.

The SQLite registry has no accounts: the zero-setup mode, where the
computer's user acts as the office. A server registry always needs someone
signed in, so the PostgreSQL variant signs in an office actor (not backed
by an account; tests about accounts create their own).
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from models import close_registry, open_registry
from models.access.actor import Actor, OFFICE, sign_in, sign_out
from models.registry.schema import db
from tests import pg_server

BACKENDS = ("sqlite", "postgresql")


@pytest.fixture
def registry_path(tmp_path: Path) -> Path:
    return tmp_path / "registry" / "registry.sqlite3"


def _open(location: Path | str) -> Iterator[Path | str]:
    open_registry(location)
    try:
        yield location
    finally:
        close_registry()
        db.initialize(None)  # no test may reach the previous test's registry


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def registry(request: pytest.FixtureRequest, backend: str, registry_path: Path) -> Iterator[Path | str]:
    """An open, empty registry; yields its path (SQLite) or URL (PostgreSQL)."""
    if backend == "postgresql":
        url = request.getfixturevalue("postgres_url")
        pg_server.reset(url)
        sign_in(Actor("tests", "", OFFICE))
        try:
            yield from _open(url)
        finally:
            sign_out()
    else:
        yield from _open(registry_path)


@pytest.fixture
def sqlite_registry(registry_path: Path) -> Iterator[Path]:
    """An open, empty embedded registry file; yields its path."""
    yield from _open(registry_path)
