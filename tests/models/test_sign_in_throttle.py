"""Failed sign-ins: a growing delay, a lock after ten, the office unlocks, every attempt audited.

The clock is injected (``authenticate(..., clock=...)``): no test sleeps.
The embedded registry's only: on a server PostgreSQL checks passwords, and a refused
connection leaves Duban nothing to count with (models/access/server_accounts.py).
"""
from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from models.access import accounts, throttle
from models.access.accounts import (WRONG_CREDENTIALS, AuthenticationError, authenticate, create_account, list_accounts,
                                    set_active, unlock)
from models.access.actor import Actor, sign_in, sign_out
from models.access.audit import entries
from models.errors import PermissionDenied
from models.registry.schema import db

PASSWORD = "correct horse 17"
WRONG = "wrong password 1"


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.at = datetime(2026, 3, 2, 9, 0, 0)

    def __call__(self) -> datetime:
        return self.at

    def advance(self, seconds: float) -> None:
        self.at += timedelta(seconds=seconds)


@pytest.fixture
def registry(sqlite_registry: Path) -> Path:
    return sqlite_registry


@pytest.fixture
def office(registry: Path) -> Actor:
    sign_out()
    create_account("admin", PASSWORD, "office", display_name="王主任")
    actor = authenticate("admin", PASSWORD)
    sign_in(actor)
    create_account("leader", PASSWORD, "leader")
    return actor


def _refusal(username: str, password: str, clock: Clock) -> str:
    with pytest.raises(AuthenticationError) as caught:
        authenticate(username, password, clock=clock)
    return str(caught.value)


def test_the_policy_two_free_then_doubling_then_a_lock() -> None:
    delays = [throttle.delay_after(n).total_seconds() for n in range(1, throttle.LOCK_AFTER)]
    assert delays == [0, 0, 1, 2, 4, 8, 16, 32, 64]
    assert throttle.delay_after(10 ** 9) == throttle.MAX_DELAY


def test_the_delay_is_enforced_even_for_the_right_password(office: Actor) -> None:
    clock = Clock()
    for _ in range(3):
        assert _refusal("leader", WRONG, clock) == WRONG_CREDENTIALS
    clock.advance(0.4)
    # Refused before the password is checked: the right one does not get through either.
    assert _refusal("leader", PASSWORD, clock) == throttle.wait_message(1)
    clock.advance(0.6)
    assert _refusal("leader", WRONG, clock) == WRONG_CREDENTIALS       # the fourth: 2 s now
    clock.advance(1.5)
    assert _refusal("leader", PASSWORD, clock) == throttle.wait_message(1)
    clock.advance(0.5)
    assert authenticate("leader", PASSWORD, clock=clock).role == "leader"
    # A success starts again: two free failures.
    for _ in range(2):
        assert _refusal("leader", WRONG, clock) == WRONG_CREDENTIALS
    assert authenticate("leader", PASSWORD, clock=clock).role == "leader"
    # Other accounts are not held up by the leader's failures.
    assert authenticate("admin", PASSWORD, clock=clock).is_office


def _fail_until_locked(username: str, clock: Clock) -> list[str]:
    said = []
    for _ in range(throttle.LOCK_AFTER):
        said.append(_refusal(username, WRONG, clock))
        clock.advance(3600)      # waits out every delay
    return said


def test_locked_after_ten_until_the_office_unlocks(office: Actor) -> None:
    clock = Clock()
    said = _fail_until_locked("leader", clock)
    assert said == [WRONG_CREDENTIALS] * (throttle.LOCK_AFTER - 1) + [throttle.LOCKED]
    clock.advance(30 * 24 * 3600)            # time does not lift a lock
    assert _refusal("leader", PASSWORD, clock) == throttle.LOCKED
    assert [account.locked for account in list_accounts()] == [False, True]
    set_active("leader", False)              # disabling and enabling is not unlocking
    set_active("leader", True)
    assert _refusal("leader", PASSWORD, clock) == throttle.LOCKED

    leader = Actor("leader", "", "leader", None, db.execute_sql(
        "SELECT id FROM account WHERE username = 'leader'").fetchone()[0])
    with pytest.raises(PermissionDenied, match="只有督查室"):
        unlock("leader", actor=leader)
    assert unlock("leader") is True
    assert unlock("leader") is False         # nothing left to lift: no second entry
    assert authenticate("leader", PASSWORD, clock=clock).role == "leader"
    [entry] = entries(action="account_unlock")
    assert (entry.actor, entry.target, entry.before) == ("admin", "account:leader",
                                                         {"failures": throttle.LOCK_AFTER, "locked": True})


def test_the_lock_is_in_the_registry_for_every_machine(office: Actor) -> None:
    clock = Clock()
    _fail_until_locked("leader", clock)
    # Nothing is held in this process: another machine reads the same row.
    assert db.execute_sql('SELECT "failures", "locked_at" IS NOT NULL FROM "sign_in_throttle" '
                          "WHERE username = 'leader'").fetchone() == (throttle.LOCK_AFTER, True)


def test_an_unknown_name_is_refused_exactly_as_an_account(office: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    checks: list[str] = []
    verify = accounts.verify_password
    monkeypatch.setattr(accounts, "verify_password", lambda password, stored: checks.append(stored) or
                        verify(password, stored))
    known, unknown = Clock(), Clock()
    assert _fail_until_locked("leader", known) == _fail_until_locked("nobody", unknown)
    # One scrypt check per attempt either way, and none once locked or waiting.
    assert len(checks) == 2 * throttle.LOCK_AFTER
    assert _refusal("leader", PASSWORD, known) == _refusal("nobody", PASSWORD, unknown) == throttle.LOCKED
    assert len(checks) == 2 * throttle.LOCK_AFTER
    create_account("leader2", PASSWORD, "leader")
    for _ in range(3):
        _refusal("leader2", WRONG, known)
        _refusal("nobody2", WRONG, unknown)
    assert _refusal("leader2", WRONG, known) == _refusal("nobody2", WRONG, unknown) == throttle.wait_message(1)
    # The office cannot unlock a name that is no account (and nobody can sign in under it).
    with pytest.raises(LookupError):
        unlock("nobody")


def test_failures_and_successes_are_in_the_audit_log(office: Actor) -> None:
    clock = Clock()
    _refusal("leader", WRONG, clock)
    _refusal("leader", WRONG, clock)
    authenticate("leader", PASSWORD, clock=clock)
    _refusal("somebody's password", WRONG, clock)      # a password typed as the username
    set_active("leader", False)
    _refusal("leader", PASSWORD, clock)
    log = [(entry.action, entry.actor, entry.target, entry.after) for entry in entries()
           if entry.action != "account_create"][::-1]
    assert log == [
        ("sign_in", "admin", "account:admin", None),
        ("sign_in_failure", "leader", "account:leader", {"failures": 1, "locked": False}),
        ("sign_in_failure", "leader", "account:leader", {"failures": 2, "locked": False}),
        ("sign_in", "leader", "account:leader", None),
        ("sign_in_failure", accounts.UNKNOWN_USERNAME, "account:", {"failures": 1, "locked": False}),
        ("account_active", "admin", "account:leader", {"active": False}),
        ("sign_in_failure", "leader", "account:leader", {"failures": 1, "locked": False}),
    ]
    assert "停用" in entries(limit=1)[0].summary
    text = "".join(str(row) for row in db.execute_sql('SELECT * FROM "audit_entry"').fetchall())
    assert "somebody" not in text and WRONG not in text and PASSWORD not in text
