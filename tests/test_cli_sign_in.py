"""Once accounts exist, every command signs in, and a liaison kept to its department sees only its
tasks in every listing, export and report (issue 12 §7); a refused command writes nothing first,
not even the daily backup (§12). On the embedded registry and on the PostgreSQL server alike."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.cli import main
from models.registry.database import close_registry
from models.registry.schema import db
from tests import pg_server
from tests.test_cli import PLAN

OFFICE, LIAISON, LEADER = ("admin", "office-pass-2023"), ("lia", "liaison-pass-2023"), ("boss", "leader-pass-2023")


def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, who: tuple[str, str] | None,
        *argv: str) -> tuple[int, str, str]:
    """``duban`` as ``who`` (username, password), or with no --user and no password at all."""
    if who is None:
        monkeypatch.delenv("DUBAN_PASSWORD", raising=False)
        code = main(list(argv))
    else:
        monkeypatch.setenv("DUBAN_PASSWORD", who[1])
        code = main(["--user", who[0], *argv])
    close_registry()
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(params=("sqlite", "postgresql"))
def people(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
           capsys: pytest.CaptureFixture[str]):
    """PLAN imported by the office; a liaison of 县水利局, kept to its department's tasks; a leader.

    PLAN's first task is 县住建局's, with 县水利局 responsible; its second is 县住建局's alone.
    """
    if request.param == "postgresql":
        location = request.getfixturevalue("postgres_url")
        pg_server.reset(location)
    else:
        location = str(tmp_path / "registry" / "registry.sqlite3")
    monkeypatch.setenv("DUBAN_DB", location)
    plan = tmp_path / "plan.txt"
    plan.write_text(PLAN, encoding="utf-8")
    monkeypatch.setenv("DUBAN_NEW_PASSWORD", OFFICE[1])
    assert run(capsys, monkeypatch, None, "account", "add", OFFICE[0], "--role", "office")[0] == 0
    assert run(capsys, monkeypatch, OFFICE, "import", "--quiet", str(plan))[0] == 0
    for (name, password), role in ((LIAISON, "liaison"), (LEADER, "leader")):
        monkeypatch.setenv("DUBAN_NEW_PASSWORD", password)
        assert run(capsys, monkeypatch, OFFICE, "account", "add", name, "--role", role,
                   *(("--dept", "县水利局") if role == "liaison" else ()))[0] == 0
    monkeypatch.delenv("DUBAN_NEW_PASSWORD")
    assert run(capsys, monkeypatch, OFFICE, "account", "scope", "own")[0] == 0
    backups = Path(location).parent / "backups"
    shutil.rmtree(backups, ignore_errors=True)     # the office's import made today's: the next write would again
    yield {"location": location, "plan": plan, "backend": request.param, "backups": backups}
    close_registry()
    db.initialize(None)


def commands(tmp_path: Path, plan: Path) -> list[tuple[str, ...]]:
    """Every command that opens the registry, reading or writing; the files they would write are in tmp_path."""
    return [
        ("tasks",), ("tasks", "--json", "--overdue", "--as-of", "2023-11-06"), ("departments",),
        ("departments", "--suspect"), ("county",), ("export", "--xlsx", str(tmp_path / "台账.xlsx")),
        ("export", "--dept", "县水利局", "--for-update", "--xlsx", str(tmp_path / "填报表.xlsx")),
        ("report", "--week", "2023-11-06", "--pdf", str(tmp_path / "周报.pdf")), ("notice", "--list"),
        ("notice", "--task", "1", "--pdf", str(tmp_path / "督办单.pdf")), ("review",), ("audit",),
        ("account", "list"), ("account", "scope"), ("backup", str(tmp_path / "备份.zip")),
        ("import", "--quiet", str(plan)), ("import-updates", str(tmp_path / "填报表.xlsx")),
        ("task", "withdraw", "1", "--reason", "测试"), ("departments", "merge", "县住建局", "县水利局"),
        ("county", "某县"), ("account", "unlock", LEADER[0]),
    ]


def test_every_command_refuses_without_a_valid_sign_in(people, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    written = tmp_path / "written"
    written.mkdir()
    for argv in commands(written, people["plan"]):
        code, out, err = run(capsys, monkeypatch, None, *argv)
        assert (code, out) == (77, ""), argv
        assert "请先登录" in err and "--user" in err and len(err.strip().splitlines()) == 1, argv
        # A wrong password: refused, or told to wait after a few (models.access.throttle).
        code, out, err = run(capsys, monkeypatch, (OFFICE[0], "not-the-password"), *argv)
        assert (code, out) == (77, "") and len(err.strip().splitlines()) == 1, argv
        assert "用户名或密码错误" in err or "秒后再试" in err, argv
    assert list(written.iterdir()) == []
    assert not people["backups"].exists()      # no daily backup either


def test_a_liaison_kept_to_its_department_sees_only_its_tasks_everywhere(
        people, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, monkeypatch, OFFICE, "tasks", "--json")
    everything = {row["text"][:4]: row["id"] for row in json.loads(out)}
    assert code == 0 and set(everything) == {"新建城区", "改造老旧"}

    code, out, _ = run(capsys, monkeypatch, LIAISON, "tasks", "--json")
    assert code == 0 and [row["text"][:4] for row in json.loads(out)] == ["新建城区"]

    # Another department's tasks, asked by name: refused, in one line, and no file. Refusing rather
    # than writing an empty ledger: an empty sheet would read as "that department has no task".
    for argv in (("export", "--dept", "县住建局", "--xlsx", str(tmp_path / "住建.xlsx")),
                 ("export", "--dept", "县住建局", "--for-update", "--xlsx", str(tmp_path / "住建填报.xlsx")),
                 ("tasks", "--dept", "县住建局"), ("departments", "--suspect"), ("review",)):
        code, out, err = run(capsys, monkeypatch, LIAISON, *argv)
        assert (code, out) == (77, "") and "本单位" in err and len(err.strip().splitlines()) == 1, argv
    assert not (tmp_path / "住建.xlsx").exists() and not (tmp_path / "住建填报.xlsx").exists()

    # The ledger without --dept: the department's task alone.
    ledger = tmp_path / "台账.xlsx"
    assert run(capsys, monkeypatch, LIAISON, "export", "--xlsx", str(ledger))[0] == 0
    cells = {str(cell.value) for sheet in load_workbook(ledger).worksheets for row in sheet.iter_rows()
             for cell in row if cell.value}
    assert any("新建城区污水管网" in cell for cell in cells)
    assert not any("改造老旧小区" in cell for cell in cells)

    # The weekly report counts its overdue task only; the office's counts both.
    code, out, _ = run(capsys, monkeypatch, LIAISON, "report", "--week", "2023-11-06",
                       "--pdf", str(tmp_path / "周报.pdf"))
    assert code == 0 and "逾期任务 1 项" in out
    code, out, _ = run(capsys, monkeypatch, OFFICE, "report", "--week", "2023-11-06",
                       "--pdf", str(tmp_path / "全部.pdf"))
    assert code == 0 and "逾期任务 2 项" in out

    # The notices due, and the departments' counts, over its task alone.
    code, out, _ = run(capsys, monkeypatch, LIAISON, "notice", "--list", "--as-of", "2023-11-06")
    assert code == 0 and {line.split("\t")[1] for line in out.splitlines()} == {str(everything["新建城区"])}
    code, out, _ = run(capsys, monkeypatch, OFFICE, "notice", "--list", "--as-of", "2023-11-06")
    assert {line.split("\t")[1] for line in out.splitlines()} == {str(ident) for ident in everything.values()}
    code, out, err = run(capsys, monkeypatch, LIAISON, "departments", "--as-of", "2023-11-06")
    assert code == 0 and "只计本单位承办的任务" in err
    assert {line.split("\t")[1] for line in out.splitlines()} == {"任务 1"}


def test_a_leader_reads_everything_and_a_refused_write_leaves_no_backup(
        people, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, monkeypatch, LEADER, "tasks", "--json")
    assert code == 0 and len(json.loads(out)) == 2
    backups = people["backups"]
    for argv in (("import", "--quiet", str(people["plan"])), ("import-updates", str(tmp_path / "x.xlsx")),
                 ("task", "withdraw", "1", "--reason", "测试"), ("review", "1", "--done"),
                 ("departments", "merge", "县住建局", "县水利局")):
        code, out, err = run(capsys, monkeypatch, LEADER, *argv)
        assert (code, out) == (77, "") and len(err.strip().splitlines()) == 1, argv
        assert not backups.exists(), argv      # a copy of every password hash, written by no one who may write
    if people["backend"] == "sqlite":
        code, _, _ = run(capsys, monkeypatch, OFFICE, "import", "--quiet", str(people["plan"]))
        assert code == 0 and len(list(backups.glob("*.zip"))) == 1
