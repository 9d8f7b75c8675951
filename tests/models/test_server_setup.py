"""Setting up and upgrading a server registry: only its administrator does, and a
registry of the previous release (one shared login, scrypt hashes) comes over whole."""
from __future__ import annotations

from collections.abc import Iterator

import psycopg2
import pytest

from models.access.accounts import AuthenticationError, hash_password, set_password, sign_in_to_server
from models.access.actor import sign_out
from models.access.server_setup import hand_out_url, set_up_server
from models.errors import PermissionDenied, RegistryError
from models.registry import migrations
from models.registry.database import check_location, close_registry, open_registry, open_server_registry
from models.registry.schema import Account, Department, db, now
from tests import pg_server

PASSWORD = "server-setup-test-1"


@pytest.fixture
def empty_server(postgres_url: str) -> Iterator[str]:
    pg_server.reset(postgres_url)
    try:
        yield postgres_url
    finally:
        sign_out()
        close_registry()
        db.initialize(None)


def _as_account(url: str, username: str, password: str) -> str:
    """``url`` connecting as an account's role instead of the administrator."""
    return hand_out_url(url).replace("://", f"://duban.{username}:{password}@", 1)


def test_a_registry_of_the_last_release_is_upgraded_by_init(empty_server: str,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:10])
    open_registry(empty_server)                       # as the last release made it: one shared login
    transport = Department.create(name="县交通局").id   # rows only: this program's writes expect version 11
    for username, role, department, active in (("admin", "office", None, True), ("lia", "liaison", transport, True),
                                               ("gone", "leader", None, False)):
        Account.create(username=username, display_name="", role=role, department=department, active=active,
                       password_hash=hash_password("old-password-1"), created_at=now(), updated_at=now())
    close_registry()
    monkeypatch.undo()

    setup = set_up_server(empty_server, "admin", PASSWORD)
    assert (setup.version_before, setup.version, setup.office_created) == (10, 11, False)
    assert setup.waiting == ("lia",)                  # enabled, with no server password yet
    assert {hashed for (hashed,) in db.execute_sql("SELECT password_hash FROM account")} == {""}
    assert {owner for (owner,) in db.execute_sql("SELECT DISTINCT tableowner FROM pg_tables "
                                                 "WHERE schemaname = 'public'")} == {"duban_owner"}
    close_registry()

    with pytest.raises(AuthenticationError):          # its old password was Duban's, not the server's
        sign_in_to_server(setup.url, "lia", "old-password-1")
    office = sign_in_to_server(setup.url, "admin", PASSWORD)
    set_password("lia", "lia-new-password", actor=office)
    liaison = sign_in_to_server(setup.url, "lia", "lia-new-password")
    assert (liaison.role, liaison.department_id) == ("liaison", transport)


def test_only_the_administrator_sets_up_a_server(empty_server: str) -> None:
    set_up_server(empty_server, "office", PASSWORD)
    close_registry()
    with pytest.raises(PermissionDenied, match="数据库管理员"):
        set_up_server(_as_account(empty_server, "office", PASSWORD), "office", PASSWORD)


def test_an_account_cannot_make_a_registry_of_an_empty_database(empty_server: str) -> None:
    connection = psycopg2.connect(empty_server)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("""CREATE ROLE "duban.visitor" LOGIN PASSWORD 'visitor-password-1'""")
        cursor.execute(f'GRANT CONNECT ON DATABASE {pg_server.DATABASE} TO "duban.visitor"')
    connection.close()
    with pytest.raises(RegistryError) as caught:
        open_server_registry(hand_out_url(empty_server), user="duban.visitor", password="visitor-password-1")
    assert caught.value.kind == "needs_admin" and "duban server init" in caught.value.problem


def test_later_steps_run_as_the_owner(empty_server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    set_up_server(empty_server, "office", PASSWORD)
    close_registry()

    def add_table(database) -> None:
        database.execute_sql('CREATE TABLE "later" ("id" SERIAL PRIMARY KEY)')

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, add_table])
    open_registry(empty_server)
    assert db.execute_sql("SELECT tableowner FROM pg_tables WHERE tablename = 'later'").fetchone() == ("duban_owner",)
    assert db.execute_sql("SELECT current_user").fetchone() == ("postgres",)      # the step's role ended with it


def test_the_handed_out_address_answers_and_asks_who_comes(empty_server: str) -> None:
    setup = set_up_server(empty_server, "office", PASSWORD)
    close_registry()
    assert "以自己的账户和密码登录" in check_location(setup.url)


def test_an_administrator_with_createrole_alone_sets_up_its_own_database(empty_server: str) -> None:
    """Not a superuser: a role with CREATEROLE that owns the database (as ``createdb -O`` makes it)."""
    administrator = psycopg2.connect(empty_server)
    administrator.autocommit = True
    with administrator.cursor() as cursor:
        cursor.execute("CREATE ROLE county_admin LOGIN CREATEROLE PASSWORD 'county-admin-1'")
        cursor.execute("CREATE DATABASE county_registry OWNER county_admin")
    try:
        url = hand_out_url(empty_server).replace(f"/{pg_server.DATABASE}?", "/county_registry?").replace(
            "://", "://county_admin:county-admin-1@", 1)
        setup = set_up_server(url, "office", PASSWORD)
        close_registry()
        assert (setup.version_before, setup.version) == (0, migrations.latest_version())
        assert sign_in_to_server(setup.url, "office", PASSWORD).is_office
        close_registry()
    finally:
        with administrator.cursor() as cursor:
            cursor.execute("DROP DATABASE IF EXISTS county_registry")
            for role in ("duban.office", "county_admin"):
                cursor.execute(f'DROP ROLE IF EXISTS "{role}"')
        administrator.close()
