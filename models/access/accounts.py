"""Accounts and passwords: signing in, and the office managing accounts.

Three roles (:data:`models.registry.schema.ACCOUNT_ROLES`): 督查室 staff (office),
a department's liaison (联络员), a read-only leader. What each may do is
decided in :mod:`models.access.permissions`.

Passwords are hashed with scrypt (memory-hard; n=2**14, r=8, p=1, a random
16-byte salt) and stored as ``scrypt$n$r$p$salt$hash`` (base64), so the
parameters can be raised later without breaking stored hashes. Neither a
password nor its hash is ever logged or written to the audit log.

On a server registry an account is a PostgreSQL role and the server checks its
password (:mod:`models.access.server_accounts`): the functions below keep their
rules and messages there, and hand the role's part to the server.

Who acts, the roles and the signed-in person are :mod:`models.access.actor`.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from peewee import JOIN

from models.access import audit, server_accounts, throttle
from models.access.actor import ACCOUNT_ROLE_LABELS, LIAISON, OFFICE, Actor, acting, sign_in
from models.access.permissions import LIAISONS_SEE_ALL, liaisons_see_all, require_office
from models.errors import InvalidInput, NotFound, RegistryError, translate_errors, UserError
from models.registry.database import open_server_registry
from models.registry.departments import DepartmentResolver, sync_alias_table
from models.registry.dialect import is_postgres, may_insert
from models.registry.server_roles import check_role_name
from models.registry.schema import ACCOUNT_ROLES, Account, Department, Setting, db, now

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2 ** 14, 8, 1
SALT_BYTES, HASH_BYTES = 16, 32
MIN_PASSWORD = 8
WRONG_CREDENTIALS = "用户名或密码错误 (wrong username or password)"

# Letters (any script, so 张三 is fine), digits, _ . @ -; not starting with "-" (an option on the command line).
_USERNAME = re.compile(r"^(?!-)[\w.@-]{2,32}$")


class AuthenticationError(UserError):
    """Sign-in refused; one message for an unknown user and a wrong password.

    ``kind``: "auth" (wrong name or password, the usual), "login_disabled", or on a
    server "no_password" (none given and none in ~/.pgpass: the caller may ask for one)."""

    def __init__(self, message: str, kind: str = "auth") -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class AccountInfo:
    """An account as listed: never its password hash."""

    id: int
    username: str
    display_name: str
    role: str
    department_id: int | None
    department: str | None
    active: bool
    created_at: datetime
    locked: bool = False      # after too many failed sign-ins, until the office unlocks

    @property
    def role_label(self) -> str:
        return ACCOUNT_ROLE_LABELS.get(self.role, self.role)


# -- passwords --------------------------------------------------------------------

def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str) -> str:
    """``scrypt$n$r$p$salt$hash`` for a new random salt."""
    salt = os.urandom(SALT_BYTES)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P,
                            dklen=HASH_BYTES)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches a stored hash; False for anything malformed."""
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        return False
    try:
        n, r, p = (int(part) for part in parts[1:4])
        salt, expected = base64.b64decode(parts[4], validate=True), base64.b64decode(parts[5], validate=True)
    except ValueError:
        return False
    # Bounds keep a damaged row from asking for gigabytes.
    if not (2 <= n <= 2 ** 20 and n & (n - 1) == 0 and 1 <= r <= 32 and 1 <= p <= 16
            and len(expected) >= HASH_BYTES):
        return False
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=len(expected),
                            maxmem=256 * n * r + (1 << 20))
    return hmac.compare_digest(digest, expected)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    # Checked against for an unknown username, so both refusals take the same time.
    return hash_password(os.urandom(12).hex())


def normalise_username(username: str) -> str:
    """The stored form: NFKC, no surrounding spaces, lower case."""
    return unicodedata.normalize("NFKC", username).strip().lower()


def check_username(username: str) -> str:
    """The normalised username, or InvalidInput saying what is wrong."""
    name = normalise_username(username)
    if not _USERNAME.match(name):
        raise InvalidInput("用户名须为 2 到 32 个字符（汉字、字母、数字或 _ . @ -），不能以 - 开头 (invalid username)")
    return name


def check_password(password: str, username: str = "") -> None:
    """InvalidInput, with a message for people, for a password that is too weak."""
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"密码至少 {MIN_PASSWORD} 个字符 (password too short)")
    if username and normalise_username(password) == normalise_username(username):
        raise InvalidInput("密码不能与用户名相同 (password equals username)")


# What the audit log shows as the actor of a failed sign-in under a name that is no
# account. The typed name itself is left out: it is now and then a password typed
# into the wrong field, and no password goes in the log.
UNKNOWN_USERNAME = "（未知用户名）"


@translate_errors
def authenticate(username: str, password: str, clock: Callable[[], datetime] = now) -> Actor:
    """The actor for a username and password; AuthenticationError otherwise.

    Failed attempts are delayed and then locked (:mod:`models.access.throttle`);
    every checked attempt, failed or not, is in the audit log. ``clock`` is for tests.
    On a server the server checks the password and counts nothing (a connection
    as the account's role: :func:`_authenticate_on_server`); signing in to a server
    is :func:`sign_in_to_server`.
    """
    name = normalise_username(username)
    if is_postgres():
        return _authenticate_on_server(name, password)
    with db.atomic("IMMEDIATE"):
        refusal = throttle.reserve(name, clock())
    if refusal is not None:
        raise AuthenticationError(refusal)
    # The slow check runs outside the write lock, and against a dummy hash for an
    # unknown name, so both refusals take the same time. The dummy is made (once per
    # process, itself a scrypt) whoever signs in, so the first unknown name is not slower.
    dummy = _dummy_hash()
    row = Account.get_or_none(Account.username == name)
    correct = verify_password(password, row.password_hash if row is not None else dummy)
    with db.atomic("IMMEDIATE"):
        if row is not None and correct and row.active:
            throttle.clear(name)
            actor = Actor.of_account(row)
            audit.record(actor, "sign_in", f"account:{row.username}", None, None, f"{row.username} 登录")
            return actor
        count, locked = throttle.failures(name)
        reason = "账户已停用" if row is not None and correct else "用户名或密码错误"
        audit.record(Actor(row.username if row is not None else UNKNOWN_USERNAME, "", ""), "sign_in_failure",
                     f"account:{row.username}" if row is not None else "account:", None,
                     {"failures": count, "locked": locked},
                     f"登录失败：{reason}，连续第 {count} 次" + ("，已锁定" if locked else ""))
    if row is not None and correct:
        raise AuthenticationError(_disabled(row.username), "login_disabled")
    raise AuthenticationError(throttle.LOCKED if locked else WRONG_CREDENTIALS)


def _disabled(username: str) -> str:
    return f"账户“{username}”已停用，请联系督查室 (account disabled)"


def _authenticate_on_server(name: str, password: str) -> Actor:
    """The server checks the password (a connection as the account's role, closed at once);
    the registry's own connection is left as it is. No delay or lock: see server_accounts."""
    row = Account.get_or_none(Account.username == name)
    outcome = server_accounts.password_check(name, password)    # an unknown name too, so both take as long
    if row is None or outcome == "wrong":
        raise AuthenticationError(WRONG_CREDENTIALS)
    if outcome == "disabled" or not row.active:
        raise AuthenticationError(_disabled(row.username), "login_disabled")
    actor = Actor.of_account(row)
    with db.atomic():
        audit.record(actor, "sign_in", f"account:{row.username}", None, None, f"{row.username} 登录")
    return actor


@translate_errors
def sign_in_to_server(url: str, username: str, password: str | None) -> Actor:
    """Connect the registry at ``url`` as the account ``username``, sign it in; the actor.

    The connection is the sign-in: the server checks the password, and every
    statement from here on runs with the account's role. ``password`` None: libpq's
    ~/.pgpass (or $PGPASSWORD). A wrong name or password, a disabled account or no
    password is AuthenticationError (its ``kind`` says which); a server that cannot be
    reached or used is RegistryError.
    """
    name = normalise_username(username)
    try:
        role = check_role_name(name)
    except InvalidInput:
        raise AuthenticationError(WRONG_CREDENTIALS) from None
    try:
        open_server_registry(url, user=role, password=password)
    except RegistryError as error:
        if error.kind == "auth":
            raise AuthenticationError(WRONG_CREDENTIALS, error.kind) from None
        if error.kind == "login_disabled":
            raise AuthenticationError(_disabled(name), error.kind) from None
        if error.kind == "no_password":
            raise AuthenticationError(f"需要 {name} 的密码 (no password given, none in ~/.pgpass)",
                                      error.kind) from None
        raise
    row = Account.get_or_none(Account.username == name)
    if row is None or not row.active:
        # A role of that name left on the cluster by another registry, or an account disabled just now.
        db.close()
        if row is None:
            raise AuthenticationError(WRONG_CREDENTIALS)
        raise AuthenticationError(_disabled(name), "login_disabled")
    actor = Actor.of_account(row)
    with db.atomic():
        audit.record(actor, "sign_in", f"account:{row.username}", None, None, f"{row.username} 登录")
    if may_insert("department_alias"):
        _add_shipped_aliases(actor)
    sign_in(actor)
    return actor


def _add_shipped_aliases(actor: Actor) -> None:
    """The aliases of resources/departments.tsv that the registry's departments lack, as the
    embedded registry adds them at every open; on a server by the office's sign-in, with the
    readable entry every change of an account has."""
    with db.atomic():
        added = sync_alias_table()
        if added:
            audit.record(actor, "department_change", "department_alias", None, {"aliases_added": added},
                         f"按内置别名表为单位补充别名 {added} 个")


@translate_errors
def unlock(username: str, actor: Actor | None = None) -> bool:
    """Lift the lock and the delay after failed sign-ins (office); whether it was locked."""
    with db.atomic("IMMEDIATE"):
        actor = acting(actor)
        require_office(actor, "解锁账户")
        row = _account(username)
        count, _locked = throttle.failures(row.username)
        if count == 0:
            return False
        was_locked = throttle.clear(row.username)
        audit.record(actor, "account_unlock", f"account:{row.username}", {"failures": count, "locked": was_locked},
                     {"failures": 0, "locked": False}, f"解锁账户 {row.username}")
    return was_locked


# -- managing accounts ----------------------------------------------------------------

def _account(username: str) -> Account:
    row = Account.get_or_none(Account.username == normalise_username(username))
    if row is None:
        raise NotFound(f"没有用户名为“{username}”的账户")
    return row


def _department_of(role: str, department: int | str | None) -> int | None:
    if role not in ACCOUNT_ROLES:
        raise InvalidInput(f"角色必须是 {'、'.join(ACCOUNT_ROLES)} 之一，而不是 {role!r}")
    if role != LIAISON:
        if department is not None:
            raise InvalidInput("只有单位联络员账户需要指定单位 (only a liaison has a department)")
        return None
    if department is None:
        raise InvalidInput("单位联络员账户必须指定所属单位 (a liaison needs a department)")
    resolver = DepartmentResolver()
    ident = resolver.require(department)
    if ident in resolver.groups:
        raise InvalidInput(f"“{resolver.names[ident]}”是集合名称（多个单位），不能作为联络员的单位")
    return ident


def _department_name(ident: int | None) -> str | None:
    return None if ident is None else Department.select(Department.name).where(Department.id == ident).scalar()


@translate_errors
def create_account(username: str, password: str, role: str, department: int | str | None = None,
                   display_name: str = "", actor: Actor | None = None) -> Account:
    """A new account. The first one of a registry needs no actor and must be the office's
    (the bootstrap: ``duban account add``); later ones are created by the office."""
    name = check_username(username)
    check_password(password, name)
    display_name = display_name.strip()
    if len(display_name) > 40:
        raise InvalidInput("显示名不能超过 40 个字符")
    server = is_postgres()
    if server:
        check_role_name(name)
    stored = "" if server else hash_password(password)   # slow on purpose: outside the write lock
    with db.atomic("IMMEDIATE"):
        first = not Account.select().exists()
        if first:
            if role != OFFICE:
                raise InvalidInput("第一个账户必须是督查室账户 (the first account must be an office account)")
            actor = actor or Actor(name, display_name, OFFICE)
        else:
            actor = acting(actor)
            require_office(actor, "新建账户")
        department_id = _department_of(role, department)
        if Account.select().where(Account.username == name).exists():
            raise InvalidInput(f"用户名“{name}”已被使用 (username taken)")
        stamp = now()
        if server:
            account = Account.get_by_id(server_accounts.create(name, display_name, role, department_id, password,
                                                               stamp))
        else:
            account = Account.create(username=name, display_name=display_name, role=role, department=department_id,
                                     password_hash=stored, active=True, created_at=stamp, updated_at=stamp)
        department_name = _department_name(department_id)
        audit.record(actor, "account_create", f"account:{name}", None,
                     {"username": name, "display_name": display_name, "role": role,
                      "department": department_name},
                     f"新建{ACCOUNT_ROLE_LABELS[role]}账户 {name}" + (f"（{department_name}）" if department_name else ""))
    return account


@translate_errors
def set_password(username: str, new_password: str, actor: Actor | None = None) -> None:
    """Change a password: the office for anyone, anyone for their own account."""
    name = normalise_username(username)
    check_password(new_password, name)
    server = is_postgres()
    stored = "" if server else hash_password(new_password)
    with db.atomic("IMMEDIATE"):
        actor = acting(actor)
        row = _account(name)
        if actor.account_id != row.id:
            require_office(actor, "修改他人的密码")
        if server:
            server_accounts.set_password(row.username, new_password, now())
        else:
            Account.update(password_hash=stored, updated_at=now()).where(Account.id == row.id).execute()
        audit.record(actor, "account_password", f"account:{row.username}", None, {"username": row.username},
                     f"修改账户 {row.username} 的密码")


@translate_errors
def set_active(username: str, active: bool, actor: Actor | None = None) -> None:
    """Disable or enable an account (office); the last active office account stays enabled."""
    with db.atomic("IMMEDIATE"):
        actor = acting(actor)
        require_office(actor, "停用或启用账户")
        row = _account(username)
        if bool(row.active) == active:
            return
        if not active and row.role == OFFICE:
            others = Account.select().where((Account.role == OFFICE) & (Account.active == True)  # noqa: E712
                                            & (Account.id != row.id)).exists()
            if not others:
                raise InvalidInput("不能停用最后一个可用的督查室账户 (the last active office account)")
        if is_postgres():
            server_accounts.set_active(row.username, active, now())
        else:
            Account.update(active=active, updated_at=now()).where(Account.id == row.id).execute()
        audit.record(actor, "account_active", f"account:{row.username}", {"active": bool(row.active)},
                     {"active": active}, f"{'启用' if active else '停用'}账户 {row.username}")


@translate_errors
def list_accounts(actor: Actor | None = None) -> list[AccountInfo]:
    """Every account, by username (office only)."""
    require_office(acting(actor), "查看账户")
    rows = (Account.select(Account.id, Account.username, Account.display_name, Account.role,
                           Account.department, Account.active, Account.created_at, Department.name)
            .join(Department, on=(Account.department == Department.id), join_type=JOIN.LEFT_OUTER)
            .order_by(Account.username).tuples())
    locked = throttle.locked_names()
    return [AccountInfo(ident, username, display, role, department_id, department, bool(active),
                        created if isinstance(created, datetime) else datetime.fromisoformat(created),
                        username in locked)
            for ident, username, display, role, department_id, active, created, department in rows]


# -- settings -----------------------------------------------------------------------

@translate_errors
def set_liaisons_see_all(value: bool, actor: Actor | None = None) -> None:
    """Let liaisons see every task, or only their department's (office only)."""
    with db.atomic("IMMEDIATE"):
        actor = acting(actor)
        require_office(actor, "修改设置")
        before = liaisons_see_all()
        if before == value:
            return
        stored = "1" if value else "0"
        if Setting.select().where(Setting.key == LIAISONS_SEE_ALL).exists():
            Setting.update(value=stored).where(Setting.key == LIAISONS_SEE_ALL).execute()
        else:
            Setting.insert(key=LIAISONS_SEE_ALL, value=stored).execute()
        audit.record(actor, "setting", f"setting:{LIAISONS_SEE_ALL}", {LIAISONS_SEE_ALL: before},
                     {LIAISONS_SEE_ALL: value},
                     "联络员可查看全部任务" if value else "联络员只能查看本单位任务")
