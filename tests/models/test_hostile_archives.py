"""Zip bombs handed to the registry (issue 12 §2): a backup to restore or
inspect and a status sheet to import back. Each is refused with one line
naming the file, before anything is unpacked, and the registry is unchanged."""
from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest

from models.paper.ledger import SheetFileError
from models.paper.ledger_updates import import_status_sheet
from models.registry.schema import Plan, SheetReceipt, StatusUpdate, Task
from models.upkeep.backup import BackupError, inspect_backup, make_backup, restore_backup
from models.upkeep.importing import store_extracted
from tests.importers.hostile_archives import MB, lying, xlsx_bomb

from .builders import extracted, plan, task


def store_plan() -> None:
    store_extracted(extracted([plan("平政办发〔2023〕1号", "方案", [
        task(f"任务{index}", seq=f"{index}.", responsible=("县水利局",), due=date(2023, 6, 30))
        for index in range(1, 4)])]))


def state() -> tuple:
    return (sorted(Plan.select(Plan.number).tuples()),
            sorted(Task.select(Task.id, Task.status, Task.progress).tuples()),
            StatusUpdate.select().count(), SheetReceipt.select().count())


def backup_with(tmp_path: Path, name: str, replace: dict[str, bytes]) -> Path:
    """A real backup with some members' data replaced (deflated, as a bomb would be)."""
    good = make_backup(tmp_path / "good.zip").path
    bad = tmp_path / name
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, replace.get(item.filename, source.read(item)),
                            compress_type=zipfile.ZIP_DEFLATED)
    return bad


@pytest.mark.parametrize("member", ["registry.sqlite3", "manifest.json"])
def test_a_backup_bomb_is_refused_and_nothing_changes(sqlite_registry, tmp_path, member):
    store_plan()
    kept = state()
    bomb = backup_with(tmp_path, "bomb.zip", {member: b"\x00" * (64 * MB)})
    files_before = sorted(path.name for path in sqlite_registry.parent.iterdir())
    for attempt in (inspect_backup, restore_backup):
        with pytest.raises(BackupError, match="压缩炸弹") as caught:
            attempt(bomb)
        assert str(caught.value).startswith(f"{bomb}: ") and "\n" not in str(caught.value)
        assert caught.value.kind == "corrupt"
    assert state() == kept
    assert sorted(path.name for path in sqlite_registry.parent.iterdir()) == files_before


def test_a_backup_member_lying_about_its_size_is_refused(sqlite_registry, tmp_path):
    store_plan()
    kept = state()
    honest = backup_with(tmp_path, "honest.zip", {})
    forged = tmp_path / "forged.zip"
    forged.write_bytes(lying(honest.read_bytes(), "registry.sqlite3", 4096))
    with pytest.raises(BackupError, match="与声明的大小") as caught:
        restore_backup(forged)
    assert str(caught.value).startswith(f"{forged}: ")
    assert state() == kept


def test_an_ordinary_backup_still_restores(sqlite_registry, tmp_path):
    store_plan()
    kept = state()
    restore_backup(backup_with(tmp_path, "plain.zip", {}))
    assert state() == kept


def test_a_status_sheet_bomb_is_refused_and_nothing_changes(sqlite_registry, tmp_path):
    store_plan()
    kept = state()
    bomb = tmp_path / "县水利局进展填报.xlsx"
    bomb.write_bytes(xlsx_bomb(64 * MB))
    with pytest.raises(SheetFileError, match="压缩炸弹") as caught:
        import_status_sheet(bomb)
    assert str(caught.value).startswith(f"{bomb}: ") and "\n" not in str(caught.value)
    assert state() == kept
