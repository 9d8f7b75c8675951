"""A registry on a PostgreSQL server: location, messages for people, writers queueing."""
from __future__ import annotations

import threading
from pathlib import Path

import psycopg2
import pytest

from models import RegistryError, close_registry, open_registry, record_status_update, store_extracted
from models.registry.database import describe_location, resolve_registry_path
from models.registry.dialect import is_postgres, qmark_to_format, redact
from models.registry.schema import StatusUpdate, Task, db
from tests import pg_server
from tests.models.builders import extracted, plan, task


def test_urls_stay_urls_and_passwords_stay_hidden(tmp_path: Path) -> None:
    url = "postgresql://duban:s3cret@db.county.gov.cn:5432/duban"
    assert resolve_registry_path(url) == url
    assert resolve_registry_path(None, {"DUBAN_DB": url}) == url
    assert resolve_registry_path(str(tmp_path / "a.sqlite3")) == tmp_path / "a.sqlite3"
    assert describe_location(url) == "postgresql://duban:***@db.county.gov.cn:5432/duban"
    assert redact("postgresql://duban@host/duban") == "postgresql://duban@host/duban"


def test_placeholders_become_the_drivers() -> None:
    assert qmark_to_format("SELECT 1 FROM t WHERE a = ? AND b LIKE '%x'") == \
        "SELECT 1 FROM t WHERE a = %s AND b LIKE '%%x'"
    assert qmark_to_format("SELECT '%'") == "SELECT '%'"   # nothing bound: left alone


def test_unreachable_server_names_the_server_not_the_password() -> None:
    with pytest.raises(RegistryError) as caught:
        open_registry("postgresql://duban:s3cret@127.0.0.1:9/duban", busy_timeout=1)
    assert caught.value.kind == "unreachable"
    assert "s3cret" not in str(caught.value) and "127.0.0.1:9" in str(caught.value)
    assert "无法连接" in caught.value.problem


def test_missing_database_and_foreign_database(postgres_url: str) -> None:
    missing = postgres_url.replace(f"/{pg_server.DATABASE}?", "/no_such_registry?")
    with pytest.raises(RegistryError) as caught:
        open_registry(missing)
    assert caught.value.kind == "cantopen" and "no_such_registry" in str(caught.value)

    pg_server.reset(postgres_url)
    connection = psycopg2.connect(postgres_url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE payroll (id serial primary key)")
    connection.close()
    with pytest.raises(RegistryError) as caught:
        open_registry(postgres_url)
    assert caught.value.kind == "not_registry"


@pytest.fixture
def office() -> None:
    """A server registry always needs someone signed in."""
    from models.access.actor import Actor, OFFICE, sign_in

    sign_in(Actor("tests", "", OFFICE))


def test_reopening_a_server_registry_keeps_its_data(postgres_url: str, office: None) -> None:
    pg_server.reset(postgres_url)
    open_registry(postgres_url)
    try:
        assert is_postgres()
        store_extracted(extracted([plan("平政发〔2023〕3号", "方案", [task("修路", lead=("县交通局",))])]))
        close_registry()
        open_registry(postgres_url)
        assert Task.select().count() == 1
    finally:
        close_registry()
        db.initialize(None)


@pytest.fixture
def one_task(registry: Path | str) -> int:
    store_extracted(extracted([plan("平政发〔2023〕3号", "方案", [task("修路", lead=("县交通局",))])]))
    return int(Task.get().id)


def test_concurrent_writers_lose_nothing(one_task: int) -> None:
    """Eight threads, each its own connection, 15 updates each on the same task."""
    writers, each = 8, 15
    errors: list[BaseException] = []
    start = threading.Barrier(writers)

    def write(number: int) -> None:
        try:
            start.wait()
            for step in range(each):
                record_status_update(one_task, "推进中", step, note=f"{number}-{step}", who=f"联络员{number}")
        except BaseException as exc:   # collected and asserted on below
            errors.append(exc)
        finally:
            db.close()

    threads = [threading.Thread(target=write, args=(number,)) for number in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    history = list(StatusUpdate.select().where(StatusUpdate.task == one_task).order_by(StatusUpdate.id))
    assert len(history) == writers * each
    assert len({entry.note for entry in history}) == writers * each
    latest = history[-1]
    current = Task.get_by_id(one_task)
    assert (current.progress, current.version) == (latest.progress, writers * each)


def test_two_forms_on_one_version_one_is_told_to_reload(one_task: int) -> None:
    from models.supervision.updates import StaleTaskError

    seen = Task.get_by_id(one_task).version
    outcomes: list[str] = []
    start = threading.Barrier(2)

    def submit(name: str) -> None:
        try:
            start.wait()
            record_status_update(one_task, "推进中", 40, note=name, who=name, expected_version=seen)
            outcomes.append("saved")
        except StaleTaskError:
            outcomes.append("reload")
        finally:
            db.close()

    threads = [threading.Thread(target=submit, args=(name,)) for name in ("甲", "乙")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["reload", "saved"]
    assert StatusUpdate.select().where(StatusUpdate.task == one_task).count() == 1


def test_checking_a_location_reads_without_opening(postgres_url: str, tmp_path: Path, office: None) -> None:
    from models.registry.database import check_location

    pg_server.reset(postgres_url)
    assert "空数据库" in check_location(postgres_url)
    open_registry(postgres_url)
    try:
        store_extracted(extracted([plan("平政发〔2023〕3号", "方案", [task("修路", lead=("县交通局",))])]))
    finally:
        close_registry()
        db.initialize(None)
    assert "任务 1 项" in check_location(postgres_url)
    assert "尚不存在" in check_location(tmp_path / "new.sqlite3")
    with pytest.raises(RegistryError) as caught:
        check_location("postgresql://duban@127.0.0.1:9/duban")
    assert caught.value.kind == "unreachable"
    with pytest.raises(RegistryError):
        check_location(tmp_path)
