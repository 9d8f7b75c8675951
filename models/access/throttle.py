"""Failed sign-ins: a growing delay, then a lock the office lifts.

The policy, and why:

- two failures in a row cost nothing (a typo, the caps-lock key);
- from the third on, the next attempt is refused for ``2 ** (n - 3)`` seconds
  (1, 2, 4 … 64 s, never more than :data:`MAX_DELAY`): a person retyping
  hardly notices, a guessing script is down to a handful of tries a minute;
- the :data:`LOCK_AFTER`-th failure in a row locks the name until the office
  unlocks it (``duban account unlock``). Ten guesses against a password of at
  least eight characters are nothing, and a guesser who waits out the delays
  still stops there;
- a successful sign-in, or the office's unlock, starts the count again.

The state lives in the registry (table ``sign_in_throttle``), so every machine
sharing a server registry sees the same delay and lock. It is kept per typed
username, whether an account of that name exists or not: an unknown name is
delayed and locked at the same failures, with the same messages, so a guesser
cannot tell which names exist.

An attempt is counted as a failure *before* its password is checked
(:func:`reserve`), in one write transaction: attempts fired at once from many
machines each see the count the one before left, so none slips past the delay.
A correct password then clears the count (:func:`clear`).
"""
from __future__ import annotations

import math
from datetime import datetime, timedelta

from models.registry.schema import SignInThrottle

LOCK_AFTER = 10
FREE_FAILURES = 2
MAX_DELAY = timedelta(minutes=5)

# The key's column is VARCHAR(255); a real username has at most 32 characters,
# so cutting a longer typed name never merges two names that could be accounts.
KEY_LENGTH = 64

LOCKED = "登录失败次数过多，账户已锁定，请联系督查室解锁 (locked after too many failed sign-ins)"


def key(username: str) -> str:
    """The row a normalised typed username is counted under."""
    return username[:KEY_LENGTH]


def delay_after(failures: int) -> timedelta:
    """How long the next attempt waits after ``failures`` failures in a row."""
    if failures <= FREE_FAILURES:
        return timedelta(0)
    # Capped before the power is taken: a huge count must not build a huge number.
    exponent = min(failures - FREE_FAILURES - 1, 32)
    return min(timedelta(seconds=2 ** exponent), MAX_DELAY)


def wait_message(seconds: int) -> str:
    return f"登录失败次数过多，请 {seconds} 秒后再试 (too many failed sign-ins: wait {seconds} s)"


def _datetime(value: datetime | str | None) -> datetime | None:
    # A server registry reads TIMESTAMP back as ISO text (models.registry.dialect).
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value)


def reserve(username: str, at: datetime) -> str | None:
    """Count an attempt at ``at`` as a failure, or say why it may not be made now.

    Returns the refusal message (locked, or the seconds left to wait), else None.
    Call inside a write transaction; a refused attempt changes nothing.
    """
    name = key(username)
    row = SignInThrottle.get_or_none(SignInThrottle.username == name)
    failures = row.failures if row is not None else 0
    if row is not None and row.locked_at is not None:
        return LOCKED
    allowed = _datetime(row.next_allowed_at) if row is not None else None
    if allowed is not None and at < allowed:
        return wait_message(math.ceil((allowed - at).total_seconds()))
    failures += 1
    values = {SignInThrottle.failures: failures, SignInThrottle.next_allowed_at: at + delay_after(failures),
              SignInThrottle.locked_at: at if failures >= LOCK_AFTER else None}
    if row is None:
        SignInThrottle.insert({SignInThrottle.username: name, **values}).execute()
    else:
        SignInThrottle.update(values).where(SignInThrottle.username == name).execute()
    return None


def failures(username: str) -> tuple[int, bool]:
    """Failures in a row under ``username`` and whether it is locked."""
    row = SignInThrottle.get_or_none(SignInThrottle.username == key(username))
    return (0, False) if row is None else (row.failures, row.locked_at is not None)


def clear(username: str) -> bool:
    """Start the count again (a success, or the office's unlock); whether it was locked."""
    _count, locked = failures(username)
    SignInThrottle.delete().where(SignInThrottle.username == key(username)).execute()
    return locked


def locked_names() -> set[str]:
    """Every locked username (the accounts view marks those that are accounts)."""
    return {name for (name,) in SignInThrottle.select(SignInThrottle.username)
            .where(SignInThrottle.locked_at.is_null(False)).tuples()}
