"""The county's server going away (issue 12 §14), on a throwaway cluster halted and started mid-run.

Before: a fast shutdown during `import-updates` and a server killed before BEGIN gave tracebacks (the
dead connection's ROLLBACK failed with "connection already closed" and hid the cause), and a
long-running writer never recovered once the server was back (200+ "connection already closed").
Now: one line and exit code 2 on the command line, and the next statement connects again.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.cli import main
from desktop.exit_codes import EXIT_OK, EXIT_REGISTRY
from models.access.actor import OFFICE, Actor, sign_in
from models.errors import RegistryError
from models.paper import ledger_updates
from models.registry.database import close_registry, open_registry
from models.registry.schema import StatusUpdate, db
from models.supervision.updates import record_status_update
from models.upkeep.importing import store_extracted
from tests.models.builders import extracted, plan, task
from tests.test_cli import PLAN

PASSWORD = "server-office-2023"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["--user", "admin", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def returned_sheet(server_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                   capsys: pytest.CaptureFixture[str]) -> Path:
    """PLAN on the server, imported by its office account, and 县水利局's sheet come back with a note."""
    monkeypatch.setenv("DUBAN_DB", server_url)
    monkeypatch.setenv("DUBAN_NEW_PASSWORD", PASSWORD)
    monkeypatch.setenv("DUBAN_PASSWORD", PASSWORD)
    assert main(["account", "add", "admin", "--role", "office"]) == EXIT_OK
    plan_file = tmp_path / "plan.txt"
    plan_file.write_text(PLAN, encoding="utf-8")
    sheet = tmp_path / "水利局.xlsx"
    assert run(capsys, "import", "--quiet", str(plan_file))[0] == EXIT_OK
    assert run(capsys, "export", "--dept", "县水利局", "--for-update", "--xlsx", str(sheet))[0] == EXIT_OK
    book = load_workbook(sheet)
    header = {cell.value: cell.column for cell in book.worksheets[0][3]}
    book.worksheets[0].cell(4, header["进展情况"], "管网已铺设一半")
    book.save(sheet)
    yield sheet
    close_registry()
    db.initialize(None)


def checkpoint(url: str) -> None:
    import psycopg2

    connection = psycopg2.connect(url)
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")
    finally:
        connection.close()


def one_line_unreachable(code: int, err: str) -> None:
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == EXIT_REGISTRY and len(lines) == 1, err
    assert "服务器" in lines[0] and "Traceback" not in err


@pytest.mark.parametrize("mode, hook", [("fast", "write_update"), ("immediate", "read_status_sheet")],
                         ids=["fast shutdown during the sheet", "killed before BEGIN"])
def test_the_command_line_says_it_in_one_line_and_the_next_run_works(
        returned_sheet: Path, restartable_server, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], mode: str, hook: str) -> None:
    real = getattr(ledger_updates, hook)

    def halting(*args, **kwargs):
        if mode == "immediate":
            # The test cluster commits without waiting for its WAL (tests/pg_server.py): what the
            # fixture wrote is made durable first, so the crash loses nothing but the command's work.
            checkpoint(restartable_server.url)
        restartable_server.halt(mode)          # the server goes, the command is mid-way
        return real(*args, **kwargs)

    with monkeypatch.context() as patched:
        patched.setattr(ledger_updates, hook, halting)
        code, out, err = run(capsys, "import-updates", str(returned_sheet))
    one_line_unreachable(code, err)
    code, out, err = run(capsys, "import-updates", str(returned_sheet))        # still down: the same line
    one_line_unreachable(code, err)
    restartable_server.start()
    code, out, err = run(capsys, "import-updates", str(returned_sheet))
    assert code == EXIT_OK and "导入进展 1 条" in out, err                      # nothing half-written before


def test_a_long_running_writer_connects_again_when_the_server_is_back(server_url: str, restartable_server) -> None:
    sign_in(Actor("writer", "", OFFICE))
    open_registry(server_url)
    try:
        store_extracted(extracted([plan("平政发〔2023〕3号", "方案", [task("修路", lead=("县交通局",))])]))
        task_id = db.execute_sql("SELECT id FROM task").fetchone()[0]
        record_status_update(task_id, "推进中", 10)
        restartable_server.halt("fast")
        for progress in (20, 30):                     # while it is down: said, each time, never a bug
            with pytest.raises(RegistryError) as caught:
                record_status_update(task_id, "推进中", progress)
            assert caught.value.kind == "unreachable" and "\n" not in str(caught.value)
        restartable_server.start()
        record_status_update(task_id, "推进中", 40)   # the same process, the same registry object
        assert [update.progress for update in StatusUpdate.select().order_by(StatusUpdate.id)] == [10, 40]
    finally:
        close_registry()
        db.initialize(None)
