"""Accounts: hashing, the bootstrap account, signing in, who manages whom, the zero-setup mode."""
from __future__ import annotations

from pathlib import Path

import pytest

from models import store_extracted
from models.access.actor import acting, Actor, LOCAL_DISPLAY_NAME, needs_sign_in, sign_in, sign_out, signed_in
from models.access.accounts import (WRONG_CREDENTIALS, AuthenticationError, authenticate, create_account, hash_password,
                                    list_accounts, set_active, set_liaisons_see_all, set_password, verify_password)
from models.access.permissions import liaisons_see_all
from models.registry.dialect import is_postgres
from models.errors import PermissionDenied
from models.registry.schema import Account, db
from tests.models.builders import extracted, plan, task

PASSWORD = "correct horse 17"


@pytest.fixture
def office(registry: Path) -> Actor:
    """The bootstrap office account, signed in."""
    sign_out()      # the PostgreSQL fixture's stand-in actor would hide the bootstrap rule
    create_account("admin", PASSWORD, "office", display_name="王主任")
    actor = authenticate("admin", PASSWORD)
    sign_in(actor)
    return actor


def test_hashes_are_salted_self_describing_and_verified() -> None:
    first, second = hash_password(PASSWORD), hash_password(PASSWORD)
    assert first != second                      # a random salt each time
    assert first.startswith("scrypt$16384$8$1$") and first.count("$") == 5
    assert verify_password(PASSWORD, first) and verify_password(PASSWORD, second)
    assert not verify_password(PASSWORD + "x", first)
    for damaged in ("", "scrypt$x$8$1$a$b", "bcrypt$1$2$3$4$5", first.replace("$8$", "$4096$"), first[:-8]):
        assert not verify_password(PASSWORD, damaged)


def test_the_first_account_needs_no_actor_and_must_be_the_office(registry: Path) -> None:
    sign_out()
    with pytest.raises(ValueError, match="第一个账户必须是督查室账户"):
        create_account("li", PASSWORD, "leader")
    account = create_account("Admin", PASSWORD, "office", display_name="王主任")
    assert account.username == "admin"          # stored in one case: sign-in ignores case
    assert authenticate("ADMIN", PASSWORD).label == "王主任"
    # Now that an account exists, nobody signed in may create another.
    with pytest.raises(PermissionDenied, match="请先登录"):
        create_account("second", PASSWORD, "office")


def test_one_message_for_unknown_user_and_wrong_password(office: Actor) -> None:
    for username, password in (("nobody", PASSWORD), ("admin", "wrong password")):
        with pytest.raises(AuthenticationError) as caught:
            authenticate(username, password)
        assert str(caught.value) == WRONG_CREDENTIALS
    actor = authenticate("admin", PASSWORD)
    assert (actor.role, actor.is_office, actor.account_id) == ("office", True, office.account_id)


def test_no_clear_text_password_anywhere_in_the_registry(office: Actor) -> None:
    store_extracted(extracted([plan("平政发〔2023〕3号", "方案", [task("修路", lead=("县交通局",))])]))
    create_account("jiaotong", "liaison-secret-1", "liaison", department="县交通局", display_name="交通局联络员")
    set_password("jiaotong", "liaison-secret-2")
    set_password("admin", "office-secret-3")
    secrets = (PASSWORD, "liaison-secret-1", "liaison-secret-2", "office-secret-3")
    found = []
    for table in db.get_tables():
        rows = db.execute_sql(f'SELECT * FROM "{table}"').fetchall()
        text = "\n".join(str(value) for row in rows for value in row)
        found += [(table, secret) for secret in secrets if secret in text]
    assert found == []
    assert authenticate("jiaotong", "liaison-secret-2").department_id is not None
    with pytest.raises(AuthenticationError):
        authenticate("jiaotong", "liaison-secret-1")


def test_account_rules(office: Actor) -> None:
    store_extracted(extracted([plan("平政发〔2023〕3号", "方案", [task("修路", lead=("县交通局", "各乡镇"))])]))
    with pytest.raises(ValueError, match="必须指定所属单位"):
        create_account("liaison1", PASSWORD, "liaison")
    with pytest.raises(ValueError, match="集合名称"):
        create_account("liaison1", PASSWORD, "liaison", department="各乡镇")
    with pytest.raises(LookupError):
        create_account("liaison1", PASSWORD, "liaison", department="县不存在局")
    with pytest.raises(ValueError, match="只有单位联络员"):
        create_account("leader1", PASSWORD, "leader", department="县交通局")
    with pytest.raises(ValueError, match="至少 8 个字符"):
        create_account("leader1", "short", "leader")
    with pytest.raises(ValueError, match="用户名"):
        create_account("a b", PASSWORD, "leader")
    with pytest.raises(ValueError, match="用户名"):
        create_account("-x", PASSWORD, "leader")
    with pytest.raises(ValueError, match="角色"):
        create_account("boss", PASSWORD, "admin")
    with pytest.raises(ValueError, match="已被使用"):
        create_account("ADMIN", PASSWORD, "office")
    create_account("张三", PASSWORD, "liaison", department="县交通局")   # Chinese usernames are fine
    assert [account.username for account in list_accounts()] == ["admin", "张三"]


def test_only_the_office_manages_accounts_and_anyone_their_own_password(office: Actor) -> None:
    create_account("leader", PASSWORD, "leader", display_name="李县长")
    leader = authenticate("leader", PASSWORD)
    with pytest.raises(PermissionDenied, match="只有督查室"):
        create_account("other", PASSWORD, "office", actor=leader)
    with pytest.raises(PermissionDenied):
        set_password("admin", "hijacked-pass", actor=leader)
    with pytest.raises(PermissionDenied):
        set_active("admin", False, actor=leader)
    with pytest.raises(PermissionDenied):
        list_accounts(actor=leader)
    with pytest.raises(PermissionDenied):
        set_liaisons_see_all(False, actor=leader)
    set_password("leader", "new leader pass", actor=leader)
    assert authenticate("leader", "new leader pass").is_leader
    set_password("leader", "reset by office")          # the office, for anyone
    assert authenticate("leader", "reset by office").is_leader


def test_a_disabled_account_cannot_sign_in_nor_keep_writing(office: Actor) -> None:
    create_account("second", PASSWORD, "office")
    second = authenticate("second", PASSWORD)
    set_active("second", False)
    with pytest.raises(AuthenticationError, match="已停用"):
        authenticate("second", PASSWORD)
    with pytest.raises(PermissionDenied, match="已停用"):
        acting(second)                  # signed in before: refused from the next write on
    set_active("second", True)
    assert acting(second).username == "second"


def test_the_last_active_office_account_stays(office: Actor) -> None:
    with pytest.raises(ValueError, match="最后一个"):
        set_active("admin", False)
    create_account("second", PASSWORD, "office")
    set_active("admin", False)
    with pytest.raises(ValueError, match="最后一个"):
        set_active("second", False, actor=authenticate("second", PASSWORD))
    assert [account.active for account in list_accounts(actor=authenticate("second", PASSWORD))] == [False, True]


def test_liaisons_see_all_is_a_setting_of_the_office(office: Actor) -> None:
    assert liaisons_see_all() is True
    set_liaisons_see_all(False)
    assert liaisons_see_all() is False
    set_liaisons_see_all(True)
    assert liaisons_see_all() is True


def test_zero_setup_only_for_an_embedded_registry_without_accounts(registry: Path) -> None:
    sign_out()
    if is_postgres():
        assert needs_sign_in()
        with pytest.raises(PermissionDenied, match="请先登录"):
            signed_in()
        return
    local = signed_in()
    assert local.is_office and local.account_id is None and local.label == LOCAL_DISPLAY_NAME
    assert not needs_sign_in()
    create_account("admin", PASSWORD, "office")
    assert needs_sign_in()
    with pytest.raises(PermissionDenied, match="请先登录"):
        signed_in()
    sign_in(authenticate("admin", PASSWORD))
    assert signed_in().username == "admin"
    assert Account.select().count() == 1


def test_the_computers_user_stops_acting_once_an_account_exists(registry: Path) -> None:
    """A window opened in the zero-setup mode keeps no office rights after the first account
    is made elsewhere: its next write asks for a sign-in."""
    local = Actor.local()
    assert acting(local) == local
    create_account("admin", "a-long-password", "office")
    with pytest.raises(PermissionDenied, match="请先登录"):
        acting(local)
