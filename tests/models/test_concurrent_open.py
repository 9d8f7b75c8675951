"""Many processes opening one registry at once (liaisons' windows at nine o'clock).

Every open adds the shipped aliases the registry lacks. That used to read and then
write in one deferred transaction, which in WAL mode fails at once, without waiting,
when another process wrote in between: 2 of 20 liaisons opening together were told
the registry was locked.
"""
from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from models import close_registry, open_registry, store_extracted
from models.registry.schema import DepartmentAlias, db
from tests.models.builders import extracted, plan, task

PROCESSES = 12


def _open_when_all_are_ready(path: str, barrier, results) -> None:
    from models import close_registry, open_registry
    from models.errors import RegistryError
    barrier.wait()
    try:
        open_registry(path)
        results.put("ok")
    except RegistryError as error:
        results.put(str(error))
    finally:
        close_registry()


def test_processes_opening_together_are_all_let_in(tmp_path: Path) -> None:
    path = tmp_path / "registry.sqlite3"
    open_registry(path)
    store_extracted(extracted([plan("平政发〔2023〕5号", "方案", [
        task("修路", seq="1", lead=("县交通局",)), task("建房", seq="2", lead=("县住建局",)),
        task("治水", seq="3", lead=("县水利局",))])]))
    DepartmentAlias.delete().execute()        # every process's open will find aliases to add
    close_registry()

    spawn = multiprocessing.get_context("spawn")
    barrier, results = spawn.Barrier(PROCESSES), spawn.Queue()
    processes = [spawn.Process(target=_open_when_all_are_ready, args=(str(path), barrier, results))
                 for _ in range(PROCESSES)]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=60) for _ in processes]
    for process in processes:
        process.join(timeout=60)
    assert outcomes == ["ok"] * PROCESSES

    open_registry(path)
    try:
        names = [name for (name,) in db.execute_sql("SELECT name FROM department_alias")]
        assert "县交通局" in names and len(names) == len(set(names))     # added once, by one of them
    finally:
        close_registry()
