"""`duban account unlock`: the office lifts a lock left by failed sign-ins; nobody else can."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from desktop.cli import main
from models.access import throttle
from models.access.accounts import AuthenticationError, authenticate
from models.registry.database import close_registry, open_registry

OFFICE_PASSWORD, LEADER_PASSWORD = "office-cli-pass", "leader-cli-pass"


def run(capsys, monkeypatch, user, password, *argv):
    if password is not None:
        monkeypatch.setenv("DUBAN_PASSWORD", password)
    code = main(["--user", user, *argv] if user else list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def locked_leader(tmp_path, monkeypatch, capsys):
    """An office account, and a leader locked out by ten wrong passwords (the clock moved by hand)."""
    path = tmp_path / "registry.sqlite3"
    monkeypatch.setenv("DUBAN_DB", str(path))
    monkeypatch.setenv("DUBAN_NEW_PASSWORD", OFFICE_PASSWORD)
    assert run(capsys, monkeypatch, None, None, "account", "add", "admin", "--role", "office")[0] == 0
    monkeypatch.setenv("DUBAN_NEW_PASSWORD", LEADER_PASSWORD)
    assert run(capsys, monkeypatch, "admin", OFFICE_PASSWORD, "account", "add", "leader", "--role", "leader")[0] == 0
    open_registry(path)
    try:
        at = datetime.now()
        for attempt in range(throttle.LOCK_AFTER):
            with pytest.raises(AuthenticationError):
                authenticate("leader", "not the password", clock=lambda: at + timedelta(hours=attempt))
    finally:
        close_registry()
    yield path
    close_registry()


def test_the_office_unlocks_from_the_command_line(locked_leader, monkeypatch, capsys):
    code, _, err = run(capsys, monkeypatch, "leader", LEADER_PASSWORD, "tasks")
    assert code == 77 and "已锁定" in err
    code, out, _ = run(capsys, monkeypatch, "admin", OFFICE_PASSWORD, "account", "list")
    assert code == 0 and [line for line in out.splitlines() if line.startswith("leader")][0].endswith("已锁定")
    code, out, _ = run(capsys, monkeypatch, "admin", OFFICE_PASSWORD, "account", "unlock", "leader")
    assert code == 0 and "已解锁账户 leader" in out
    code, out, _ = run(capsys, monkeypatch, "admin", OFFICE_PASSWORD, "account", "unlock", "leader")
    assert code == 0 and "未被锁定" in out
    assert run(capsys, monkeypatch, "leader", LEADER_PASSWORD, "tasks")[0] == 0
    code, _, err = run(capsys, monkeypatch, "admin", OFFICE_PASSWORD, "account", "unlock", "nobody")
    assert code == 1 and "nobody" in err


def test_only_the_office_unlocks(locked_leader, monkeypatch, capsys):
    monkeypatch.setenv("DUBAN_NEW_PASSWORD", "second-leader-1")
    assert run(capsys, monkeypatch, "admin", OFFICE_PASSWORD, "account", "add", "leader2", "--role", "leader")[0] == 0
    code, _, err = run(capsys, monkeypatch, "leader2", "second-leader-1", "account", "unlock", "leader")
    assert code == 77 and "督查室" in err
    code, _, err = run(capsys, monkeypatch, "leader", LEADER_PASSWORD, "tasks")
    assert code == 77 and "已锁定" in err
