"""`duban backup` and `duban restore`, and the daily backup the writing commands take."""
import json
from datetime import date
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.exit_codes import EXIT_INPUT, EXIT_OK

ROOT = Path(__file__).resolve().parents[1]

PLAN = ("某县人民政府办公室\n关于印发某县2023年城市建设工作方案的通知\n某政办发〔2023〕9号\n"
        "2023年3月1日\n某县2023年城市建设工作方案\n"
        "1.新建城区污水管网10公里。（牵头单位：县住建局；责任单位：县水利局；完成时限：2023年6月底前）\n"
        "2.改造老旧小区12个。（责任单位：县住房和城乡建设局；完成时限：2023年10月底前）\n")
SECOND = PLAN.replace("9号", "10号").replace("城市建设", "农村公路").replace("污水管网", "农村公路")


@pytest.fixture
def registry(tmp_path, monkeypatch):
    path = tmp_path / "office" / "registry.sqlite3"
    monkeypatch.setenv("DUBAN_DB", str(path))
    yield path


def run(capsys, *argv):
    code = main([str(arg) for arg in argv])
    out, err = capsys.readouterr()
    return code, out, err


def task_count(capsys) -> int:
    code, out, _ = run(capsys, "tasks", "--json")
    assert code == EXIT_OK
    return len(json.loads(out))


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_backup_then_restore(registry, tmp_path, capsys):
    assert run(capsys, "import", write(tmp_path, "plan.txt", PLAN))[0] == EXIT_OK
    backup = tmp_path / "备份.zip"
    code, out, err = run(capsys, "backup", backup)
    assert code == EXIT_OK and f"已备份登记册到 {backup}" in out and "任务 2 项" in out and not err
    assert run(capsys, "import", write(tmp_path, "second.txt", SECOND))[0] == EXIT_OK
    assert task_count(capsys) == 4

    code, out, err = run(capsys, "restore", backup)

    assert code == EXIT_OK and not err
    assert f"已从 {backup} 恢复登记册" in out
    safety = Path(out.split("恢复前的登记册已另存为 ", 1)[1].strip())
    assert safety.parent == registry.parent and safety.exists()
    assert task_count(capsys) == 2
    # The safety copy undoes the restore.
    assert run(capsys, "restore", safety)[0] == EXIT_OK
    assert task_count(capsys) == 4


def test_restore_into_a_new_registry(tmp_path, capsys, monkeypatch, registry):
    run(capsys, "import", write(tmp_path, "plan.txt", PLAN))
    run(capsys, "backup", tmp_path / "b.zip")
    elsewhere = tmp_path / "new-machine" / "registry.sqlite3"
    monkeypatch.setenv("DUBAN_DB", str(elsewhere))
    assert run(capsys, "restore", tmp_path / "b.zip")[0] == EXIT_OK
    assert task_count(capsys) == 2


@pytest.mark.parametrize("name, content, problem", [
    ("nowhere.zip", None, "备份文件不存在"),
    ("notes.txt", "不是备份", "不是督办台备份文件"),
    ("broken.zip", b"PK\x03\x04broken", "已损坏"),
])
def test_restore_refuses_a_bad_file(registry, tmp_path, capsys, monkeypatch, name, content, problem):
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    elif content is not None:
        path.write_bytes(content)
    code, out, err = run(capsys, "restore", path)
    assert code == EXIT_INPUT and not out
    assert err.startswith(f"duban: {path}: ") and problem in err
    assert not registry.exists()          # a bad backup does not even create the registry


def test_backup_needs_an_existing_registry(registry, tmp_path, capsys):
    code, _, err = run(capsys, "backup", tmp_path / "b.zip")
    assert code == 2 and "登记册不存在" in err and not (tmp_path / "b.zip").exists()


def test_backup_into_a_missing_folder(registry, tmp_path, capsys):
    run(capsys, "import", write(tmp_path, "plan.txt", PLAN))
    code, _, err = run(capsys, "backup", tmp_path / "no" / "such" / "b.zip")
    assert code == EXIT_INPUT and "文件夹不存在" in err


def test_writing_commands_take_the_daily_backup(registry, tmp_path, capsys):
    run(capsys, "import", write(tmp_path, "plan.txt", PLAN))
    today = registry.parent / "backups" / f"registry-{date.today().isoformat()}.zip"
    assert today.exists()
    first = today.stat().st_mtime_ns
    run(capsys, "import", write(tmp_path, "second.txt", SECOND))
    assert today.stat().st_mtime_ns == first                # one a day
    # Reading commands take none.
    today.unlink()
    run(capsys, "tasks")
    assert not today.exists()
    run(capsys, "departments", "merge", "县住建局", "县住房和城乡建设管理局")
    assert today.exists()


def test_a_failing_daily_backup_is_one_line_and_the_import_goes_on(registry, tmp_path, capsys):
    registry.parent.mkdir(parents=True)
    (registry.parent / "backups").write_text("a file where the folder should be")
    code, out, err = run(capsys, "import", write(tmp_path, "plan.txt", PLAN))
    assert code == EXIT_OK and "已导入" in out
    assert len(err.splitlines()) == 1 and err.startswith("duban: 自动备份失败")
    assert task_count(capsys) == 2


def test_a_liaison_may_not_back_up_or_restore(tmp_path, monkeypatch, capsys):
    registry = tmp_path / "registry.sqlite3"
    monkeypatch.setenv("DUBAN_DB", str(registry))
    monkeypatch.setenv("DUBAN_NEW_PASSWORD", "督查室的密码2023")
    monkeypatch.setenv("DUBAN_PASSWORD", "督查室的密码2023")
    assert main(["import", "--quiet", str(ROOT / "seeds" / "000_71ea830a6c40bc71.txt")]) == 0
    assert main(["account", "add", "admin", "--role", "office"]) == 0
    assert main(["--user", "admin", "account", "add", "li", "--role", "liaison", "--dept", "县住建局"]) == 0
    capsys.readouterr()
    assert main(["--user", "li", "backup", str(tmp_path / "b.zip")]) == 77
    assert "督查室" in capsys.readouterr().err and not (tmp_path / "b.zip").exists()
    assert main(["--user", "admin", "backup", str(tmp_path / "b.zip")]) == 0
    assert main(["--user", "li", "restore", str(tmp_path / "b.zip")]) == 77
    assert main(["--user", "admin", "restore", str(tmp_path / "b.zip")]) == 0
    capsys.readouterr()
    assert main(["--user", "admin", "audit", "--action", "restore"]) == 0
    assert "admin" in capsys.readouterr().out
