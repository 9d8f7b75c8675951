"""`duban import` and `extract` of hostile files (issue 12 §2, §4): a zip bomb,
a FIFO, /dev/zero. One line naming the file, exit code 1, registry unchanged,
and never a hang (the FIFO runs in a child process under a timeout)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.importers.hostile_archives import MB, docx_bomb
from tests.test_cli import PLAN, registry, run, task_count  # noqa: F401  (registry is a fixture)

ROOT = Path(__file__).resolve().parents[1]


def test_import_of_a_docx_bomb_is_one_line_and_changes_nothing(registry, capsys, tmp_path):
    good = tmp_path / "plan.txt"
    good.write_text(PLAN, encoding="utf-8")
    run(capsys, "import", str(good))
    bomb = tmp_path / "通知.docx"
    bomb.write_bytes(docx_bomb(64 * MB))
    code, _, err = run(capsys, "import", str(bomb))
    assert code == 1
    assert str(bomb) in err and "压缩炸弹" in err and len(err.strip().splitlines()) == 1
    assert task_count(capsys) == 2


def duban(tmp_path: Path, *argv: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "import sys, desktop.cli; sys.exit(desktop.cli.main(sys.argv[1:]))",
         "--db", str(tmp_path / "r.sqlite3"), *argv],
        capture_output=True, text=True, cwd=ROOT, timeout=120)


def hostile_paths(tmp_path: Path) -> list[Path]:
    fifo = tmp_path / "plan.txt"
    os.mkfifo(fifo)
    paths = [fifo]
    if os.path.exists("/dev/zero"):
        link = tmp_path / "zero.txt"
        link.symlink_to("/dev/zero")
        paths += [Path("/dev/zero"), link]
    return paths


@pytest.mark.parametrize("command", ["extract", "import"])
def test_a_fifo_and_dev_zero_are_refused_without_hanging(tmp_path, command):
    good = tmp_path / "good.txt"
    good.write_text(PLAN, encoding="utf-8")
    for path in hostile_paths(tmp_path):
        result = duban(tmp_path, command, str(path), str(good))
        assert result.returncode == 1, result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and str(path) in lines[0] and "不是普通文件" in lines[0]
    if command == "import":
        # The good file beside them was imported, each time once.
        listed = duban(tmp_path, "tasks")
        assert listed.returncode == 0 and "改造老旧小区" in listed.stdout


@pytest.mark.skipif(sys.platform == "win32", reason="names are text on Windows")
def test_a_name_in_windows_chinese_encoding_is_imported_under_its_chinese_name(tmp_path):
    """A file copied from a Windows USB stick keeps its GBK name (公报第三期.txt as bytes that are no
    UTF-8): stored and shown as 公报第三期.txt, not a traceback that stops the batch."""
    folder = tmp_path / "u"
    folder.mkdir()
    good = folder / "plan.txt"
    good.write_text(PLAN, encoding="utf-8")
    gbk = os.fsencode(folder) + b"/" + "公报第三期".encode("gbk") + b".txt"
    with open(gbk, "wb") as stream:
        stream.write(PLAN.replace("〔2023〕9号", "〔2023〕19号").encode("utf-8"))
    done = duban(tmp_path, "import", os.fsdecode(gbk), str(good))
    assert done.returncode == 0, done.stderr
    assert "公报第三期.txt：已导入" in done.stdout and "plan.txt：已导入" in done.stdout
    assert "Traceback" not in done.stderr
