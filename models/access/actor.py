"""Who acts: the actor, the three roles, and the person signed in to this process.

An :class:`Actor` is an account (or, in the zero-setup mode, the computer's
user with the office's rights: :meth:`Actor.local`). The command line and the
window sign one person in per process (:func:`sign_in`) and hand that actor to
the functions they call; :func:`acting` is where a write function turns the
actor it was given into the account as it is now (role and department read
again). The checks of what each role may do are :mod:`models.access.permissions`,
which takes the actor as an argument and imports nothing of this module.

An embedded (SQLite) registry with no account yet is the zero-setup
single-user mode. Once the first account exists, or always on a PostgreSQL
registry, someone must sign in.
"""
from __future__ import annotations

import getpass
from dataclasses import dataclass

import peewee

from models.errors import PermissionDenied, translate_errors
from models.registry.dialect import is_postgres
from models.registry.schema import ACCOUNT_ROLES, Account, db

OFFICE, LIAISON, LEADER = ACCOUNT_ROLES
ACCOUNT_ROLE_LABELS = {OFFICE: "督查室", LIAISON: "单位联络员", LEADER: "领导（只读）"}
LOCAL_DISPLAY_NAME = "本机用户"


class SignInRequired(PermissionDenied):
    """Nobody is signed in and the registry is not in the zero-setup mode."""


@dataclass(frozen=True)
class Actor:
    """Who is acting: an account, or the computer's user in the zero-setup mode (``account_id`` None)."""

    username: str
    display_name: str
    role: str
    department_id: int | None = None
    account_id: int | None = None

    @classmethod
    def local(cls) -> Actor:
        """The computer's user, with the office's rights: an embedded registry without accounts."""
        try:
            user = getpass.getuser()
        except (OSError, KeyError):   # no login name in the environment nor the password database
            user = "local"
        return cls(user, LOCAL_DISPLAY_NAME, OFFICE)

    @classmethod
    def of_account(cls, row: Account) -> Actor:
        return cls(row.username, row.display_name, row.role, row.department_id, row.id)

    @property
    def is_office(self) -> bool:
        return self.role == OFFICE

    @property
    def is_liaison(self) -> bool:
        return self.role == LIAISON

    @property
    def is_leader(self) -> bool:
        return self.role == LEADER

    @property
    def label(self) -> str:
        """The name history entries carry: the display name, else the username."""
        return self.display_name or self.username

    @property
    def role_label(self) -> str:
        return ACCOUNT_ROLE_LABELS.get(self.role, self.role)


# -- the person at the keyboard -------------------------------------------------------

_current: Actor | None = None


def sign_in(actor: Actor) -> None:
    """Make ``actor`` the process's actor (one person per desktop process)."""
    global _current
    _current = actor


def sign_out() -> None:
    global _current
    _current = None


def signed_in() -> Actor:
    """The signed-in actor; in the zero-setup mode the computer's user; else PermissionDenied."""
    if _current is not None:
        return _current
    if not needs_sign_in():
        return Actor.local()
    raise SignInRequired("请先登录 (sign in first)")


@translate_errors
def needs_sign_in() -> bool:
    """Whether someone must sign in before working: any account exists, or a server registry."""
    return is_postgres() or Account.select().exists()


def _has_accounts() -> bool:
    """Whether any account exists; False for a registry older than accounts (backed up before migrating)."""
    try:
        return Account.select().exists()
    except peewee.OperationalError:
        if not db.table_exists("account"):
            return False
        raise


@translate_errors
def acting(actor: Actor | None = None) -> Actor:
    """The actor a write function acts as: ``actor``, else the signed-in one.

    An account's role and department are read again, so a change by the
    office (another role, a disabled account) counts from the next write on.
    """
    actor = signed_in() if actor is None else actor
    if actor.account_id is None:
        # Someone without an account acts only while the registry has none: a window
        # opened before the first account was made elsewhere must sign in now.
        if _has_accounts():
            raise SignInRequired("登记册已设账户，请先登录 (sign in first)")
        return actor
    row = Account.get_or_none(Account.id == actor.account_id)
    if row is None or not row.active:
        raise PermissionDenied(f"账户“{actor.username}”已停用，请联系督查室 (account disabled)")
    return Actor.of_account(row)
