"""File → 连接登记册…: choose the embedded file or the county's server, check it, save it."""
import pytest
from PySide6.QtCore import QSettings

from desktop.registry_location import SETTING, RegistryLocationDialog, saved_location
from desktop.workers import TaskRunner
from models.registry.database import resolve_registry_path
from tests import pg_server


@pytest.fixture
def runner():
    runner = TaskRunner()
    yield runner
    runner.shutdown()


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def test_server_url_is_checked_and_saved(qtbot, runner, settings, tmp_path, postgres_url):
    pg_server.reset(postgres_url)
    dialog = RegistryLocationDialog(settings, runner, str(tmp_path / "registry.sqlite3"))
    qtbot.addWidget(dialog)
    assert dialog.embedded.isChecked() and not dialog.url_edit.isEnabled()
    dialog.server.setChecked(True)
    dialog.url_edit.setText("db.county.gov.cn/duban")
    dialog.check()
    assert "postgresql://" in dialog.check_result.text()          # refused before anything is tried
    dialog.url_edit.setText(postgres_url)
    dialog.check()
    qtbot.waitUntil(lambda: "可以连接" in dialog.check_result.text(), timeout=10_000)
    assert "空数据库" in dialog.check_result.text()
    dialog.save_button.click()
    assert saved_location(settings) == postgres_url
    # The saved location comes after --db and $DUBAN_DB, before the default.
    assert resolve_registry_path(None, {}, configured=saved_location(settings)) == postgres_url
    assert resolve_registry_path(None, {"DUBAN_DB": "/tmp/x.sqlite3"}, configured=postgres_url) != postgres_url


def test_unreachable_server_is_a_message_and_nothing_is_saved(qtbot, runner, settings, tmp_path):
    dialog = RegistryLocationDialog(settings, runner, "postgresql://duban:secret@127.0.0.1:9/duban")
    qtbot.addWidget(dialog)
    assert dialog.server.isChecked()
    dialog.check()
    qtbot.waitUntil(lambda: "无法连接" in dialog.check_result.text(), timeout=10_000)
    assert "secret" not in dialog.check_result.text()
    dialog.embedded.setChecked(True)
    dialog.file_edit.setText("postgresql://duban@host/duban")
    dialog.save_button.click()
    assert settings.value(SETTING) is None
    dialog.file_edit.setText(str(tmp_path / "county.sqlite3"))
    dialog.reopen_button.click()
    assert dialog.reopen_requested and saved_location(settings) == str(tmp_path / "county.sqlite3")


def test_a_password_in_the_address_is_never_saved(qtbot, runner, settings, tmp_path):
    """Issue 12 §11: the window saved postgresql://duban:pw@… in its settings file."""
    dialog = RegistryLocationDialog(settings, runner, str(tmp_path / "registry.sqlite3"))
    qtbot.addWidget(dialog)
    dialog.server.setChecked(True)
    dialog.url_edit.setText("postgresql://duban:s3cret-pw@10.1.2.3:5432/duban?sslmode=require&password=s3cret-pw")
    dialog.reopen_button.click()
    assert dialog.result() != RegistryLocationDialog.DialogCode.Accepted
    assert dialog.url_edit.text() == "postgresql://duban@10.1.2.3:5432/duban?sslmode=require"
    assert "~/.pgpass" in dialog.check_result.text() and settings.value(SETTING) is None
    dialog.save_button.click()                  # what is kept is what the person now sees
    assert saved_location(settings) == "postgresql://duban@10.1.2.3:5432/duban?sslmode=require"
    settings.sync()
    assert "s3cret" not in (tmp_path / "settings.ini").read_text(encoding="utf-8")
