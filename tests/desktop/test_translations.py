"""Qt's own dialogs speak Chinese: make_application loads Qt's zh_CN catalogue."""
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QLabel

import desktop.app
from desktop.app import make_application
from desktop.translations import CATALOGUE, qt_translations_folder


@pytest.fixture
def chinese_qt(qapp, monkeypatch):
    """The application as make_application leaves it; Qt's English again afterwards,
    so no other test depends on running after this one."""
    monkeypatch.setattr(desktop.app, "collect_on_gui_thread", lambda app: None)   # the test's gc fixture rules
    font, locale = qapp.font(), QLocale()
    names = qapp.applicationName(), qapp.organizationName()
    before = set(qapp.findChildren(QTranslator))
    app = make_application()
    yield app
    for translator in set(app.findChildren(QTranslator)) - before:
        app.removeTranslator(translator)
        translator.setParent(None)
    QLocale.setDefault(locale)
    app.setFont(font)
    app.setApplicationName(names[0])
    app.setOrganizationName(names[1])


def test_the_wheel_ships_the_catalogue():
    # PySide6-Essentials carries Qt's translations: nothing to install beside it.
    assert (Path(qt_translations_folder()) / f"{CATALOGUE}.qm").is_file()


def test_a_standard_button_reads_chinese(qtbot, chinese_qt):
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Save)
    qtbot.addWidget(buttons)
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"
    assert buttons.button(QDialogButtonBox.StandardButton.Save).text() == "保存"


def test_the_file_dialog_and_the_calendar_speak_chinese(qtbot, chinese_qt, tmp_path):
    dialog = QFileDialog(None, "导出台账", str(tmp_path))
    qtbot.addWidget(dialog)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    labels = {label.objectName(): label.text() for label in dialog.findChildren(QLabel)}
    # 「Look in」 and 「Files of type」 are missing from Qt's own catalogue: filled by ours.
    assert labels["lookInLabel"] == "查找范围(&L)："
    assert labels["fileNameLabel"] == "文件名称(&N)："
    assert labels["fileTypeLabel"] == "文件类型(&T)："
    assert QLocale().monthName(11) == "十一月"


def test_loaded_once(chinese_qt):
    make_application()
    assert len(chinese_qt.findChildren(QTranslator, CATALOGUE)) == 1
    assert QApplication.translate("QPlatformTheme", "Cancel") == "取消"

