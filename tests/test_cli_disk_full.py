"""`duban import` onto a disk that fills up (issue 12 §13), on a real 1 MB tmpfs where the test may mount
one (as root; skipped elsewhere: tests/models/test_disk_full.py fails the COMMIT the same way everywhere).

Before: a 58-line traceback, the cause hidden by "cannot rollback - no transaction is active".
Now: one line saying 磁盘空间不足, exit code 2, and the registry as it was."""
from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.exit_codes import EXIT_REGISTRY
from models.registry.database import close_registry

SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))


@pytest.fixture
def small_disk(tmp_path: Path):
    folder = tmp_path / "small"
    folder.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode(errors='replace').strip()}")
    try:
        yield folder
    finally:
        close_registry()
        subprocess.run(["umount", str(folder)], check=True)


def registry_counts(path: Path) -> tuple[tuple[int, int], str]:
    connection = sqlite3.connect(path)
    try:
        counts = connection.execute("SELECT (SELECT count(*) FROM plan), (SELECT count(*) FROM task)").fetchone()
        return counts, connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()


def test_a_full_disk_is_one_line_and_the_registry_is_as_it_was(small_disk: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    registry = small_disk / "registry.sqlite3"
    assert main(["--db", str(registry), "import", "--quiet", str(SEEDS[0])]) == 0   # 18 tasks fit
    close_registry()
    before = registry_counts(registry)
    free = os.statvfs(small_disk).f_bavail * os.statvfs(small_disk).f_frsize
    (small_disk / "filler").write_bytes(b"\0" * (free - 128 * 1024))      # 128 KB left
    capsys.readouterr()
    code = main(["--db", str(registry), "import", "--quiet", str(SEEDS[1])])         # 159 tasks do not fit
    close_registry()
    err = capsys.readouterr().err
    assert code == EXIT_REGISTRY
    assert [line for line in err.splitlines() if line] == [
        f"duban: {SEEDS[1].name}：未导入：{registry}: 磁盘空间不足，无法写入登记册；这次的改动没有写入，登记册保持原样 "
        "(database or disk is full)"]
    assert registry_counts(registry) == before and before[1] == "ok"
