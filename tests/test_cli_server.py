"""`duban server init`: the administrator's one command, the URL it hands out, and
each person then signing in as their own account on it."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest

from desktop.cli import main
from models.registry.database import close_registry
from models.registry.dialect import without_credentials
from models.registry.schema import db
from tests import pg_server

ROOT = Path(__file__).resolve().parents[1]
SEED = str(sorted((ROOT / "seeds").glob("*.txt"))[0])
OFFICE_PASSWORD, LIAISON_PASSWORD = "督查室的密码2024", "联络员的密码2024"


@pytest.fixture
def empty_server(postgres_url: str):
    pg_server.reset(postgres_url)
    try:
        yield postgres_url
    finally:
        close_registry()
        db.initialize(None)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_administrator_sets_up_and_each_person_signs_in_as_themselves(
        empty_server: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DUBAN_NEW_PASSWORD", OFFICE_PASSWORD)
    code, out, _err = run(capsys, "server", "init", empty_server, "--office", "admin", "--name", "王主任")
    assert code == 0 and "已建立服务器登记册" in out and "督查室账户 admin：已新建" in out
    handed_out = out.splitlines()[out.splitlines().index(next(line for line in out.splitlines()
                                                              if line.startswith("发给各单位"))) + 1].strip()
    assert handed_out == without_credentials(empty_server) and "postgres@" not in handed_out

    # The URL alone names nobody.
    code, _out, err = run(capsys, "--db", handed_out, "tasks")
    assert code == 77 and "须以账户登录" in err and "--user" in err

    monkeypatch.setenv("DUBAN_PASSWORD", OFFICE_PASSWORD)
    office = ("--db", handed_out, "--user", "admin")
    assert run(capsys, *office, "import", "--quiet", SEED)[0] == 0
    department = run(capsys, *office, "departments")[1].splitlines()[0].split("\t")[0]
    monkeypatch.setenv("DUBAN_NEW_PASSWORD", LIAISON_PASSWORD)
    assert run(capsys, *office, "account", "add", "lia", "--role", "liaison", "--dept", department)[0] == 0

    monkeypatch.setenv("DUBAN_PASSWORD", LIAISON_PASSWORD)
    liaison = ("--db", handed_out, "--user", "lia")
    code, out, _err = run(capsys, *liaison, "tasks", "--json")
    assert code == 0 and out.count('"id"') > 0
    code, _out, err = run(capsys, *liaison, "account", "list")
    assert code == 77 and err.strip().splitlines() == ["duban: 只有督查室可以查看账户，lia（单位联络员）无此权限 (office only)"]
    monkeypatch.setenv("DUBAN_PASSWORD", "wrong-password-1")
    code, _out, err = run(capsys, *liaison, "tasks")
    assert code == 77 and "用户名或密码错误" in err

    # Only the administrator runs init; run again, it changes nothing but the office's password.
    as_liaison = handed_out.replace("://", f"://duban.lia:{quote(LIAISON_PASSWORD)}@", 1)
    code, _out, err = run(capsys, "server", "init", as_liaison, "--office", "admin")
    assert code == 77 and "数据库管理员" in err
    monkeypatch.setenv("DUBAN_NEW_PASSWORD", OFFICE_PASSWORD)
    code, out, _err = run(capsys, "server", "init", empty_server, "--office", "admin")
    assert code == 0 and "已是最新" in out and "已设置服务器密码" in out
