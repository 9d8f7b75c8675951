"""A writer killed (SIGKILL) in the middle of an import leaves the registry
intact, holding exactly what was committed before; the import can be run
again and gives what a clean import gives.

The child process imports with a progress callback that, once the second
plan is written inside the open transaction, leaves a marker file and
sleeps; the parent waits for the marker and kills it. No timing guesswork.
"""
import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from models.registry.database import close_registry, open_registry
from models.upkeep.importing import store_extracted
from models.registry.schema import Assignment, ImportRun, Plan, Task, db

from .builders import extracted, plan, task

ROOT = Path(__file__).resolve().parents[2]
PLANS, TASKS_PER_PLAN = 6, 40

CHILD = """
import os, sys, time
from pathlib import Path
from models.access.actor import Actor, OFFICE, sign_in
from models.registry.database import open_registry
from models.upkeep.importing import store_extracted
from tests.models.test_killed_import import large_file

open_registry(sys.argv[1])
sign_in(Actor("tests", "", OFFICE))     # a server registry needs someone signed in
marker = Path(sys.argv[2])

def progress(done, total):
    if done == 2:                       # two plans written, the transaction still open
        marker.write_text(str(os.getpid()))
        time.sleep(120)

store_extracted(large_file(), progress=progress)
print("the import finished: it should have been killed", file=sys.stderr)
"""


def large_file():
    """Six plans of forty tasks each, every task with units, one file."""
    return extracted([
        plan(f"平政办发〔2024〕{number}号", f"实施方案{number}",
             [task(f"方案{number}第{index}项任务：完成道路硬化{index}公里", seq=f"{index}.",
                   lead=("县交通运输局",), responsible=("县住建局", f"{'东西南北中'[index % 5]}寨乡"),
                   due=date(2024, 12, 31), line=index * 2)
              for index in range(1, TASKS_PER_PLAN + 1)])
        for number in range(1, PLANS + 1)], source="large.txt")


def earlier_file():
    """A file imported (committed) before the killed one."""
    return extracted([plan("平政发〔2023〕1号", "早先的方案", [task("早先的任务", responsible=("县水利局",))])],
                     source="earlier.txt")


def counts() -> tuple[int, int, int]:
    return Plan.select().count(), Task.select().count(), Assignment.select().count()


def clean_counts(tmp_path: Path) -> tuple[int, int, int]:
    """What a clean import of both files gives, in a fresh embedded registry."""
    open_registry(tmp_path / "clean" / "registry.sqlite3")
    try:
        store_extracted(earlier_file())
        store_extracted(large_file())
        return counts()
    finally:
        close_registry()


def kill_mid_import(location: str, tmp_path: Path) -> None:
    marker = tmp_path / "in-transaction"
    child = subprocess.Popen([sys.executable, "-c", CHILD, location, str(marker)], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            if child.poll() is not None:
                pytest.fail(f"the importing child ended before the marker: {child.stderr.read()}")
            if time.monotonic() > deadline:
                pytest.fail("the importing child never reached its second plan")
            time.sleep(0.02)
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL


def test_killed_import_leaves_the_registry_intact(registry, backend, tmp_path):
    expected = clean_counts(tmp_path)
    open_registry(registry)
    store_extracted(earlier_file())
    before = counts()
    close_registry()        # the child is the only writer

    kill_mid_import(str(registry), tmp_path)

    open_registry(registry)
    if backend == "sqlite":
        assert db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute_sql("PRAGMA foreign_key_check").fetchall() == []
    # Exactly the state committed before: none of the killed import's plans or tasks.
    assert counts() == before
    assert not Plan.select().where(Plan.number.startswith("平政办发〔2024〕")).exists()
    assert [run.source_file for run in ImportRun.select()] == ["earlier.txt"]

    summary = store_extracted(large_file())

    assert summary.outcome == "imported" and summary.added == PLANS * TASKS_PER_PLAN
    assert counts() == expected
