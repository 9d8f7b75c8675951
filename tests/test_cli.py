"""`duban` end to end: import, re-import, list, merge, accounts, and every bad input."""
import io
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli import main

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted(str(path) for path in (ROOT / "seeds").glob("*.txt"))
PLAN = ("某县人民政府办公室\n关于印发某县2023年城市建设工作方案的通知\n某政办发〔2023〕9号\n"
        "2023年3月1日\n某县2023年城市建设工作方案\n"
        "1.新建城区污水管网10公里。（牵头单位：县住建局；责任单位：县水利局；完成时限：2023年6月底前）\n"
        "2.改造老旧小区12个。（责任单位：县住房和城乡建设局；完成时限：2023年10月底前）\n")


@pytest.fixture
def registry(tmp_path, monkeypatch):
    """An empty registry that exists (only `import` creates one)."""
    from models.registry.database import close_registry, open_registry
    path = tmp_path / "registry.sqlite3"
    monkeypatch.setenv("DUBAN_DB", str(path))
    open_registry(path)
    close_registry()
    yield path
    close_registry()


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def task_count(capsys, *filters):
    code, out, _ = run(capsys, "tasks", "--json", *filters)
    assert code == 0
    return len(json.loads(out))


def test_seeds_import_once(registry, capsys):
    code, out, _ = run(capsys, "extract", *SEEDS, "--jsonl")
    extracted = len(out.splitlines())
    assert code == 0 and extracted > 600
    code, out, _ = run(capsys, "import", *SEEDS)
    assert code == 0 and "已导入" in out
    assert task_count(capsys) == extracted
    code, out, _ = run(capsys, "import", *SEEDS)
    assert code == 0
    assert out.count("已导入过") == len(SEEDS)
    assert task_count(capsys) == extracted


def test_department_by_alias_and_overdue(registry, capsys, tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text(PLAN, encoding="utf-8")
    assert run(capsys, "import", str(plan))[0] == 0
    assert task_count(capsys, "--dept", "县住建局") == 2      # 县住房和城乡建设局 is the same body
    assert task_count(capsys, "--overdue", "--as-of", "2023-07-01") == 1
    assert task_count(capsys, "--overdue", "--as-of", "2023-06-30") == 0
    code, _, err = run(capsys, "tasks", "--dept", "不存在的局")
    assert code != 0 and "不存在的局" in err


def test_corrected_plan_keeps_history(registry, capsys, tmp_path):
    from models.supervision.queries import task_history, task_rows
    from models.supervision.updates import record_status_update

    plan = tmp_path / "plan.txt"
    plan.write_text(PLAN, encoding="utf-8")
    run(capsys, "import", str(plan))
    first = task_rows()[0]
    record_status_update(first.id, "推进中", 40, note="管网已开工", who="县住建局联络员")
    plan.write_text(PLAN.replace("10公里", "12公里"), encoding="utf-8")
    code, out, _ = run(capsys, "import", str(plan))
    assert code == 0 and "已更新" in out
    rows = task_rows()
    assert len(rows) == 2
    again = next(row for row in rows if row.id == first.id)
    assert "12公里" in again.text and again.status == "推进中" and again.progress == 40
    assert [entry.note for entry in task_history(first.id)] == ["管网已开工"]


def test_departments_count_like_the_window_and_say_what_they_count(registry, capsys, tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text(PLAN, encoding="utf-8")
    assert run(capsys, "import", str(plan))[0] == 0
    code, out, err = run(capsys, "departments", "--as-of", "2023-07-01")
    assert code == 0 and out.splitlines() == [
        "县住房和城乡建设局\t任务 2\t逾期 1\t即将到期 0\t已完成 0",      # most overdue first
        "县水利局\t任务 1\t逾期 1\t即将到期 0\t已完成 0"]
    assert "牵头、责任、配合均计入" in err
    code, _, err = run(capsys, "tasks", "--plan", "某政发〔2023〕99号")
    assert code != 0 and "某政发〔2023〕99号" in err


def test_merge_keeps_assignments(registry, capsys, tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text(PLAN.replace("县水利局", "县水务局"), encoding="utf-8")
    run(capsys, "import", str(plan))
    code, out, _ = run(capsys, "departments", "merge", "县水利局", "县水务局")
    assert code != 0                                       # 县水利局 is not in this registry yet
    code, out, _ = run(capsys, "departments", "merge", "县住房和城乡建设局", "县水务局")
    assert code == 0 and "已合并" in out
    assert task_count(capsys, "--dept", "县水务局") == 2


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02binary\xff" * 50, bytes([0x81, 0x30, 0xFF]) * 300])
def test_bad_file_is_one_line_and_registry_untouched(registry, capsys, tmp_path, content):
    good = tmp_path / "plan.txt"
    good.write_text(PLAN, encoding="utf-8")
    run(capsys, "import", str(good))
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    code, _, err = run(capsys, "import", str(bad))
    assert code == 1
    assert str(bad) in err and len(err.strip().splitlines()) == 1
    assert task_count(capsys) == 2


# A plan whose task table did not survive conversion: a header, then nothing readable.
UNREAD = ("某县人民政府办公室\n关于印发某县2023年水利工作方案的通知\n某政办发〔2023〕10号\n2023年3月2日\n"
          "某县2023年水利工作方案\n附件\n重点任务分工表\n序号\t工作任务\t责任单位\t完成时限\n（表格为图片，未能转换）\n")
UNREAD_HEADER = "序号\t工作任务\t责任单位\t完成时限"


def header_line(text: str) -> int:
    return text.splitlines().index(UNREAD_HEADER) + 1


def test_extract_says_what_it_could_not_read_on_stderr(capsys, tmp_path):
    gazette = tmp_path / "gazette.txt"
    gazette.write_text(PLAN + UNREAD, encoding="utf-8")
    code, out, err = run(capsys, "extract", str(gazette), "--jsonl")
    assert code == 0
    assert [json.loads(line)["plan_number"] for line in out.splitlines()] == ["某政办发〔2023〕9号"] * 2
    (warning,) = err.splitlines()
    assert warning.startswith(f"duban: 警告：gazette.txt 第 {header_line(PLAN + UNREAD)} 行（某政办发〔2023〕10号《")
    assert "表头含“责任单位”“完成时限”" in warning and warning.endswith("请检查原文或手工录入")

    code, out, err = run(capsys, "extract", str(gazette))
    assert code == 0
    assert "某政办发〔2023〕9号" in out and "任务 2，" in out
    assert "某政办发〔2023〕10号" in out and "任务 0  ⚠ 未识别任务（1 处，见警告）" in out
    assert len(err.splitlines()) == 1


def test_import_of_a_file_without_any_task_exits_3_and_marks_the_plan(registry, capsys, tmp_path):
    unread = tmp_path / "unread.txt"
    unread.write_text(UNREAD, encoding="utf-8")
    code, out, err = run(capsys, "import", str(unread))
    assert code == 3
    assert "unread.txt：没有识别出任务" in out and "⚠ 未识别任务" in out
    assert f"unread.txt 第 {header_line(UNREAD)} 行" in err and "没有识别出任何任务（退出码 3）" in err
    assert task_count(capsys) == 0
    connection = sqlite3.connect(registry)
    try:
        plans = connection.execute("SELECT number, import_warnings FROM plan").fetchall()
        tasks = connection.execute("SELECT count(*) FROM task").fetchone()[0]
    finally:
        connection.close()
    assert plans == [("某政办发〔2023〕10号", f"第 {header_line(UNREAD)} 行：表格（表头含“责任单位”“完成时限”）未识别出任务")]
    assert tasks == 0

    code, out, _ = run(capsys, "import", str(unread))          # read again while it is marked, still nothing
    assert code == 3 and "已导入过" not in out
    good = tmp_path / "plan.txt"
    good.write_text(PLAN, encoding="utf-8")
    assert run(capsys, "import", str(good))[0] == 0
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    assert run(capsys, "import", str(unread), str(bad))[0] == 1    # an unreadable file outranks it


def test_import_help_documents_the_exit_codes(capsys):
    with pytest.raises(SystemExit):
        main(["import", "--help"])
    out = capsys.readouterr().out
    assert "退出码" in out and "3 有文件没有识别出任何任务" in out


def test_corrupt_registry_names_the_file(tmp_path, capsys, monkeypatch):
    path = tmp_path / "broken.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    code, _, err = run(capsys, "--db", str(path), "tasks")
    assert code == 2 and str(path) in err and "Traceback" not in err


def test_locked_registry_names_the_file(tmp_path, capsys, monkeypatch):
    path = tmp_path / "locked.sqlite3"
    plan = tmp_path / "plan.txt"
    plan.write_text(PLAN, encoding="utf-8")
    assert run(capsys, "--db", str(path), "import", str(plan))[0] == 0
    from models.registry.database import close_registry
    close_registry()
    monkeypatch.setattr("models.registry.database.BUSY_TIMEOUT", 0.2)
    holder = sqlite3.connect(path)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        code, _, err = run(capsys, "--db", str(path), "import", str(plan).replace("plan", "plan"))
    finally:
        holder.rollback()
        holder.close()
        close_registry()
    assert code == 2 and str(path) in err


def test_console_script_runs_without_qt(tmp_path):
    """The command line must not need a screen or Qt to import and list tasks."""
    result = subprocess.run(
        [sys.executable, "-c", "import sys, desktop.cli; "
         "desktop.cli.main(['--db', sys.argv[1], 'import', '--quiet', sys.argv[2]]); "
         "sys.exit(desktop.cli.main(['--db', sys.argv[1], 'tasks']))",
         str(tmp_path / "r.sqlite3"), SEEDS[0]],
        capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("platform", [None, "", "xcb"], ids=["unset", "empty", "xcb"])
def test_no_screen_is_a_message_not_a_crash(monkeypatch, capsys, platform):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    if platform is None:
        monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    else:
        monkeypatch.setenv("QT_QPA_PLATFORM", platform)     # Qt would abort the process on xcb here
    monkeypatch.setattr(sys, "platform", "linux")
    code, _, err = run(capsys, "gui")
    assert code == 2 and "DISPLAY" in err


def test_missing_x11_library_is_named(monkeypatch, capsys):
    import ctypes.util
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None if name == "xcb-cursor" else name)
    code, _, err = run(capsys, "gui")
    assert code == 2 and "libxcb-cursor0" in err


# -- Excel ledgers -----------------------------------------------------------------


def test_export_ledger_and_one_line_errors(registry, capsys, tmp_path):
    from openpyxl import load_workbook

    plan = tmp_path / "plan.txt"
    plan.write_text(PLAN, encoding="utf-8")
    run(capsys, "import", str(plan))
    target = tmp_path / "台账.xlsx"
    code, out, _ = run(capsys, "export", "--xlsx", str(target), "--as-of", "2023-07-01")
    assert code == 0 and str(target) in out
    book = load_workbook(target)
    assert book.sheetnames == ["县住房和城乡建设局", "县水利局"]
    assert book["县住房和城乡建设局"].max_row == 2 + 2
    code, _, _ = run(capsys, "export", "--xlsx", str(target), "--one-sheet", "--plan", "某政办发〔2023〕9号")
    assert code == 0 and load_workbook(target).sheetnames == ["全部任务"]
    for argv, expected in ((("--dept", "不存在的局"), "不存在的局"), (("--plan", "无此文号"), "无此文号")):
        code, _, err = run(capsys, "export", "--xlsx", str(target), *argv)
        assert code == 1 and expected in err and len(err.strip().splitlines()) == 1
    code, _, err = run(capsys, "export", "--xlsx", str(tmp_path / "ledger.xls"))
    assert code == 1 and "ledger.xls" in err and len(err.strip().splitlines()) == 1
    code, _, err = run(capsys, "export", "--xlsx", str(target), "--for-update")
    assert code == 64 and "--dept" in err


def test_status_sheet_round_trip(registry, capsys, tmp_path):
    from openpyxl import load_workbook

    plan = tmp_path / "plan.txt"
    plan.write_text(PLAN, encoding="utf-8")
    run(capsys, "import", str(plan))
    sheet = tmp_path / "水利局.xlsx"
    code, out, _ = run(capsys, "export", "--dept", "县水利局", "--for-update", "--xlsx", str(sheet))
    assert code == 0 and "1 行" in out
    book = load_workbook(sheet)
    book.worksheets[0]["G4"] = "推进中"
    book.worksheets[0]["I4"] = "管网已开工"
    book.save(sheet)
    code, out, _ = run(capsys, "import-updates", str(sheet), "--who", "王五")
    assert code == 0 and "导入进展 1 条" in out
    code, out, _ = run(capsys, "import-updates", str(sheet))
    assert code == 0 and "导入进展 0 条" in out and "此前已导入 1 行" in out
    code, out, _ = run(capsys, "tasks", "--json", "--dept", "县水利局")
    assert json.loads(out)[0]["status"] == "推进中"

    book = load_workbook(sheet)
    book.worksheets[0]["H4"] = 300
    book.save(sheet)
    code, out, _ = run(capsys, "import-updates", str(sheet))
    assert code == 1 and "第 4 行" in out and "300" in out


def test_import_updates_of_a_file_that_is_not_a_sheet(registry, capsys, tmp_path):
    for name, content in (("plan.txt", PLAN.encode()), ("empty.xlsx", b""), ("junk.xlsx", b"PK\x03\x04junk" * 20)):
        path = tmp_path / name
        path.write_bytes(content)
        code, _, err = run(capsys, "import-updates", str(path))
        assert code == 1 and str(path) in err and len(err.strip().splitlines()) == 1
        assert "Traceback" not in err


# -- 三色督办单 ------------------------------------------------------------------------

def test_notice_list_and_issue(registry, capsys, tmp_path, monkeypatch):
    from datetime import datetime

    from pypdf import PdfReader

    import models.paper.notices
    # A notice is dated by the clock (its number's year, its reply deadline): issued on the day listed.
    monkeypatch.setattr(models.paper.notices, "now", lambda: datetime(2023, 11, 6, 10))
    plan = tmp_path / "plan.txt"
    plan.write_text(PLAN, encoding="utf-8")
    assert run(capsys, "import", str(plan))[0] == 0
    code, out, err = run(capsys, "notice", "--list", "--as-of", "2023-11-06")
    assert code == 0
    lines = [line.split("\t") for line in out.splitlines()]
    assert [(line[0], line[3], line[4]) for line in lines] == [
        ("红", "县住房和城乡建设局", "逾期129天"), ("黄", "县住房和城乡建设局", "逾期6天")]
    assert "应督办 2 项（红 1，黄 1，蓝 0）" in err
    first, second = (int(line[1]) for line in lines)

    pdf = tmp_path / "notice.pdf"
    code, out, err = run(capsys, "notice", "--task", str(second), "--pdf", str(pdf), "--as-of", "2023-11-06",
                         "--by", "张三")
    assert code == 0, err
    assert "已发黄色督办单 督〔2023〕1号：致县住房和城乡建设局，限2023年11月9日前反馈" in out
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "改造老旧小区12个" in text and "督〔2023〕1号" in text
    # Issued today: within 7 days it is no candidate any more.
    code, out, _ = run(capsys, "notice", "--list", "--as-of", "2023-11-06")
    assert code == 0 and len(out.splitlines()) == 1
    # Raised by the office, to a responsible unit by alias.
    code, out, err = run(capsys, "notice", "--task", str(first), "--pdf", str(tmp_path / "2.pdf"),
                         "--colour", "red", "--dept", "县水利局", "--as-of", "2023-11-06")
    assert code == 0, err
    assert "已发红色督办单 督〔2023〕2号：致县水利局" in out


@pytest.mark.parametrize(("argv", "code", "message"), [
    (["--task", "999", "--pdf", "{tmp}/x.pdf"], 1, "没有编号为 999 的任务"),
    (["--task", "{done}", "--pdf", "{tmp}/x.pdf"], 1, "无需督办：已完成"),
    (["--task", "{open}", "--pdf", "{tmp}/x.pdf", "--colour", "蓝", "--as-of", "2023-11-06"], 1, "不能降为蓝色"),
    (["--task", "{open}", "--pdf", "{tmp}/x.pdf", "--dept", "不存在的局"], 1, "不存在的局"),
    (["--task", "{open}", "--pdf", "{tmp}/no/such/folder/x.pdf"], 1, "无法写入 PDF 文件"),
    (["--task", "{open}"], 64, "--pdf"),
    (["--list", "--pdf", "{tmp}/x.pdf"], 64, "--list"),
])
def test_notice_errors_are_one_line(registry, capsys, tmp_path, argv, code, message):
    from models.supervision.queries import task_rows
    from models.registry.schema import SupervisionNotice
    from models.supervision.updates import record_status_update

    plan = tmp_path / "plan.txt"
    plan.write_text(PLAN, encoding="utf-8")
    run(capsys, "import", str(plan))
    done, open_task = (row.id for row in task_rows())
    record_status_update(done, "已完成", 100)
    argv = [arg.format(tmp=tmp_path, done=done, open=open_task) for arg in argv]
    result, out, err = run(capsys, "notice", *argv)
    assert result == code
    assert out == "" and err.count("\n") == 1 and message in err
    assert not (tmp_path / "x.pdf").exists()
    assert SupervisionNotice.select().count() == 0


def test_notice_needs_a_known_colour(registry, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["notice", "--task", "1", "--pdf", "x.pdf", "--colour", "紫"])
    assert exit_info.value.code == 2
    assert "督办单颜色应为 蓝、黄 或 红：紫" in capsys.readouterr().err


def test_a_mistyped_registry_path_is_not_created(tmp_path, capsys):
    missing = tmp_path / "no" / "such" / "registry.sqlite3"
    for command in (["tasks"], ["departments"], ["export", "--xlsx", str(tmp_path / "x.xlsx")]):
        code, _, err = run(capsys, "--db", str(missing), *command)
        assert code == 2 and "登记册不存在" in err
    assert not missing.parent.exists()


# -- accounts, permissions and the audit log ------------------------------------------------

OFFICE_PASSWORD, WATER_PASSWORD = "office-cli-pass", "water-cli-pass"


def as_user(monkeypatch, capsys, user, password, *argv):
    monkeypatch.setenv("DUBAN_PASSWORD", password)
    return run(capsys, "--user", user, *argv)


@pytest.fixture
def accounts(registry, capsys, tmp_path, monkeypatch):
    """PLAN imported in the zero-setup mode, then an office account (the bootstrap) and a liaison of 县水利局."""
    plan = tmp_path / "plan.txt"
    plan.write_text(PLAN, encoding="utf-8")
    assert run(capsys, "import", str(plan))[0] == 0
    monkeypatch.setenv("DUBAN_NEW_PASSWORD", OFFICE_PASSWORD)
    code, out, _ = run(capsys, "account", "add", "admin", "--role", "office", "--name", "王主任")
    assert code == 0 and "admin" in out
    monkeypatch.setenv("DUBAN_NEW_PASSWORD", WATER_PASSWORD)
    code, _, _ = as_user(monkeypatch, capsys, "admin", OFFICE_PASSWORD,
                         "account", "add", "water", "--role", "liaison", "--dept", "县水利局", "--name", "水利局联络员")
    assert code == 0
    monkeypatch.delenv("DUBAN_NEW_PASSWORD")
    monkeypatch.delenv("DUBAN_PASSWORD")
    return {row["text"][:4]: row["id"] for row in json.loads(
        as_user(monkeypatch, capsys, "admin", OFFICE_PASSWORD, "tasks", "--json")[1])}


def test_the_first_account_is_the_offices_and_then_everyone_signs_in(registry, capsys, monkeypatch):
    monkeypatch.setenv("DUBAN_NEW_PASSWORD", OFFICE_PASSWORD)
    code, _, err = run(capsys, "account", "add", "boss", "--role", "leader")
    assert code == 1 and "第一个账户必须是督查室账户" in err
    assert run(capsys, "account", "add", "admin", "--role", "office")[0] == 0
    code, _, err = run(capsys, "account", "add", "second", "--role", "office")
    assert code == 77 and "请先登录" in err and "--user" in err and len(err.strip().splitlines()) == 1
    code, _, err = as_user(monkeypatch, capsys, "admin", "wrong-password", "account", "list")
    assert code == 77 and "用户名或密码错误" in err
    code, out, err = as_user(monkeypatch, capsys, "admin", OFFICE_PASSWORD, "account", "list")
    assert code == 0 and out.startswith("admin\t督查室")
    assert OFFICE_PASSWORD not in out + err


def test_no_password_on_a_pipe_is_a_message_not_a_prompt(registry, capsys, monkeypatch):
    monkeypatch.setenv("DUBAN_NEW_PASSWORD", OFFICE_PASSWORD)
    run(capsys, "account", "add", "admin", "--role", "office")
    monkeypatch.delenv("DUBAN_PASSWORD", raising=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO())   # not a terminal
    code, _, err = run(capsys, "--user", "admin", "account", "list")
    assert code == 77 and "DUBAN_PASSWORD" in err


def test_a_liaison_cannot_update_another_departments_task_from_the_command_line(
        accounts, registry, capsys, tmp_path, monkeypatch):
    from openpyxl import load_workbook

    water, office = ("water", WATER_PASSWORD), ("admin", OFFICE_PASSWORD)
    housing = tmp_path / "住建局.xlsx"
    assert as_user(monkeypatch, capsys, *office, "export", "--dept", "县住建局", "--for-update",
                   "--xlsx", str(housing))[0] == 0
    book = load_workbook(housing)
    book.worksheets[0]["G4"] = "推进中"
    book.save(housing)
    code, _, err = as_user(monkeypatch, capsys, *water, "import-updates", str(housing))
    assert code == 77 and "本单位的填报表" in err

    own = tmp_path / "水利局.xlsx"
    as_user(monkeypatch, capsys, *office, "export", "--dept", "县水利局", "--for-update", "--xlsx", str(own))
    book = load_workbook(own)
    sheet = book.worksheets[0]
    column = {cell.value: cell.column for cell in sheet[3]}
    sheet.cell(4, column["任务编号（勿改）"], accounts["改造老旧"])   # a task of 住建局 alone, over the row's id
    sheet.cell(4, column["状态"], "已完成")
    sheet.cell(4, column["进度"], 100)
    book.save(own)
    code, out, _ = as_user(monkeypatch, capsys, *water, "import-updates", str(own))
    assert code == 1 and "导入进展 0 条" in out and "只能报送本单位的任务" in out

    for argv in (("import", str(tmp_path / "plan.txt")), ("departments", "merge", "县住建局", "县水利局"),
                 ("notice", "--task", str(accounts["新建城区"]), "--pdf", str(tmp_path / "n.pdf"),
                  "--as-of", "2023-11-06"),
                 ("account", "add", "x1", "--role", "leader"), ("audit",)):
        code, _, err = as_user(monkeypatch, capsys, *water, *argv)
        assert code == 77 and "只有督查室" in err and len(err.strip().splitlines()) == 1, argv
    assert not (tmp_path / "n.pdf").exists()
    office = as_user(monkeypatch, capsys, "admin", OFFICE_PASSWORD, "tasks", "--json")[1]
    assert {row["status"] for row in json.loads(office)} == {"未开始"}


def test_a_liaison_sees_its_own_tasks_when_the_office_says_so(accounts, capsys, monkeypatch):
    water = ("water", WATER_PASSWORD)
    assert len(json.loads(as_user(monkeypatch, capsys, *water, "tasks", "--json")[1])) == 2
    code, out, _ = as_user(monkeypatch, capsys, *water, "account", "scope", "own")
    assert code == 77
    code, out, _ = as_user(monkeypatch, capsys, "admin", OFFICE_PASSWORD, "account", "scope", "own")
    assert code == 0 and "(own)" in out
    rows = json.loads(as_user(monkeypatch, capsys, *water, "tasks", "--json")[1])
    assert [row["id"] for row in rows] == [accounts["新建城区"]]
    code, _, err = as_user(monkeypatch, capsys, *water, "tasks", "--dept", "县住建局")
    assert code == 77 and "本单位" in err
    assert len(json.loads(as_user(monkeypatch, capsys, "admin", OFFICE_PASSWORD, "tasks", "--json")[1])) == 2


def test_audit_log_and_account_changes_from_the_command_line(accounts, capsys, monkeypatch):
    office = ("admin", OFFICE_PASSWORD)
    monkeypatch.setenv("DUBAN_NEW_PASSWORD", "water-new-pass")
    assert as_user(monkeypatch, capsys, "water", WATER_PASSWORD, "account", "passwd", "water")[0] == 0
    code, _, err = as_user(monkeypatch, capsys, "water", WATER_PASSWORD, "account", "list")
    assert code == 77 and "用户名或密码错误" in err          # the old password no longer signs in
    assert as_user(monkeypatch, capsys, *office, "account", "disable", "water")[0] == 0
    code, _, err = as_user(monkeypatch, capsys, "water", "water-new-pass", "tasks")
    assert code == 77 and "已停用" in err
    code, out, _ = as_user(monkeypatch, capsys, *office, "audit", "--json")
    # Every command signs in: the sign-ins are there, the old password's refusal among them.
    signed = [(entry["action"], entry["actor"]) for entry in json.loads(out) if entry["action"].startswith("sign_in")]
    assert ("sign_in_failure", "water") in signed and ("sign_in", "admin") in signed
    changes = [entry for entry in json.loads(out) if not entry["action"].startswith("sign_in")]
    kinds = [entry["action"] for entry in changes]
    # The first import also named the registry's county (its documents' issuer): a setting.
    assert kinds == ["account_active", "account_password", "account_create", "account_create", "import", "setting"]
    assert changes[1]["actor"] == "water"
    code, out, _ = as_user(monkeypatch, capsys, *office, "audit", "--action", "import", "--limit", "5")
    assert code == 0 and len(out.splitlines()) == 1 and "导入方案" in out
    assert "water-new-pass" not in out and WATER_PASSWORD not in out
    code, _, err = as_user(monkeypatch, capsys, *office, "audit", "--action", "nonsense")
    assert code == 64


def test_a_registry_that_fails_mid_import_names_the_file_and_the_ones_left(registry, capsys, tmp_path, monkeypatch):
    """Files before it stay imported; the one being stored and those after it are said not to be."""
    from models.errors import RegistryError
    from models.upkeep import importing

    real = importing.store_extracted
    calls = []

    def store(extracted, progress=None):
        calls.append(extracted.source)
        if len(calls) == 2:
            raise RegistryError(registry, "登记册正被其他程序占用（数据库已锁定）", "locked")
        return real(extracted, progress)

    monkeypatch.setattr(importing, "store_extracted", store)
    paths = []
    for number in (1, 2, 3):
        path = tmp_path / f"plan{number}.txt"
        path.write_text(PLAN.replace("〔2023〕9号", f"〔2023〕{number}号"), encoding="utf-8")
        paths.append(str(path))
    code, out, err = run(capsys, "import", *paths)
    assert code == 2 and calls == ["plan1.txt", "plan2.txt"]
    assert "plan1.txt：已导入" in out
    assert [line for line in err.splitlines() if line] == [
        f"duban: plan2.txt：未导入（其后的文件也未导入）：{registry}: 登记册正被其他程序占用（数据库已锁定）"]
