"""File → 备份登记册… / 从备份恢复… and the daily backup at start, in the real window."""
from datetime import date

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop.backup_actions import BackupActions
from models.registry.database import close_registry, open_registry
from models.upkeep.importing import store_extracted
from models.registry.schema import Task
from models.supervision.updates import record_status_update
from tests.models.builders import extracted, plan, task

from .windows import open_main_window

AS_OF = date(2023, 11, 6)


@pytest.fixture
def window(qtbot, tmp_path):
    path = tmp_path / "office" / "registry.sqlite3"
    open_registry(path)
    store_extracted(extracted([plan("平政办发〔2023〕9号", "城市建设工作方案", [
        task(f"新建城区污水管网{index}公里", seq=f"{index}.", lead=("县住建局",), due=date(2023, 6, 30))
        for index in range(1, 6)])]))
    window = open_main_window(qtbot, path, tmp_path, as_of=AS_OF,
                              until=lambda window: len(window.presenter.table) == 5)
    yield window
    window.runner.shutdown(close=close_registry)
    close_registry()


def file_menu_texts(window) -> list[str]:
    menu = window.menuBar().actions()[0].menu()
    return [action.text() for action in menu.actions()]


def test_backup_and_restore_from_the_file_menu(window, qtbot, monkeypatch, tmp_path):
    assert {"备份登记册…", "从备份恢复…"} <= set(file_menu_texts(window))
    backup = tmp_path / "督办台备份"          # the suffix left off, as people do
    monkeypatch.setattr(BackupActions, "choose_save_path", staticmethod(lambda *args: str(backup)))
    window.backups.backup_action.trigger()
    qtbot.waitUntil(lambda: "已备份登记册" in window.statusBar().currentMessage(), timeout=10_000)
    assert backup.with_suffix(".zip").exists()

    first = Task.select().order_by(Task.id).first().id
    record_status_update(first, "已完成", 100, note="已完工")
    window.load()
    qtbot.waitUntil(lambda: 100 in window.presenter.table.progress, timeout=10_000)

    asked, shown = [], []
    monkeypatch.setattr(BackupActions, "show_result", staticmethod(lambda parent, text: shown.append(text)))
    monkeypatch.setattr(BackupActions, "choose_open_path", staticmethod(lambda *args: str(backup) + ".zip"))
    monkeypatch.setattr(BackupActions, "confirm", staticmethod(lambda parent, question: asked.append(question) or True))
    window.backups.restore_action.trigger()
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    qtbot.waitUntil(lambda: 100 not in window.presenter.table.progress, timeout=10_000)
    assert "恢复前的登记册另存为" in shown[0] and ".before-restore-" in shown[0]
    assert "替换当前登记册" in asked[0]
    assert Task.get_by_id(first).progress == 0
    assert window.backups.restore_action.isEnabled() and not window.errors.isVisible()


def test_restore_result_box_is_not_modal(window, qtbot, tmp_path):
    BackupActions.show_result(window, "已从 /media/usb/督办台备份.zip 恢复登记册。\n\n恢复前的登记册另存为：\n"
                                      "/home/office/.local/share/duban/registry.sqlite3.before-restore-20240301T090000.zip")
    box = window.findChild(QMessageBox)
    qtbot.waitExposed(box)
    assert "before-restore" in box.text()
    box.grab().save(str(tmp_path / "restored.png"))
    box.accept()


def test_a_bad_backup_is_a_message_and_changes_nothing(window, qtbot, monkeypatch, tmp_path):
    bad = tmp_path / "notes.zip"
    bad.write_text("不是备份", encoding="utf-8")
    monkeypatch.setattr(BackupActions, "choose_open_path", staticmethod(lambda *args: str(bad)))
    monkeypatch.setattr(BackupActions, "confirm", staticmethod(lambda parent, question: True))
    window.backups.restore_action.trigger()
    qtbot.waitUntil(window.errors.isVisible, timeout=10_000)
    assert "恢复失败" in window.errors.label.text() and str(bad) in window.errors.label.text()
    assert Task.select().count() == 5


def test_declined_restore_does_nothing(window, monkeypatch, tmp_path):
    opened = []
    monkeypatch.setattr(BackupActions, "choose_open_path", staticmethod(lambda *args: str(tmp_path / "b.zip")))
    monkeypatch.setattr(BackupActions, "confirm", staticmethod(lambda parent, question: False))
    monkeypatch.setattr(BackupActions, "restore_from", lambda self, path: opened.append(path))
    window.backups.restore_action.trigger()
    assert opened == []


def test_daily_backup_at_start(window, qtbot):
    window.backups.daily()
    qtbot.waitUntil(lambda: "已自动备份" in window.statusBar().currentMessage(), timeout=10_000)
    assert (window.registry_path.parent / "backups" / f"registry-{date.today()}.zip").exists()


def test_a_failing_daily_backup_shows_in_the_banner(window, qtbot, tmp_path):
    (window.registry_path.parent / "backups").write_text("a file where the folder should be")
    window.backups.daily()
    qtbot.waitUntil(window.errors.isVisible, timeout=10_000)
    assert window.errors.label.text().startswith("自动备份失败")
    window.grab().save(str(tmp_path / "daily-failed.png"))
