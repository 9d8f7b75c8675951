"""The window tells a mistake of the user's world from a bug: the first in its
banner as it is, the second as 内部错误 with the traceback kept in the bug log."""

import pytest

from desktop.operations import USER_ERRORS
from importers.errors import ImportFileError
from models.registry.database import close_registry, open_registry
from models.errors import InvalidInput, NotFound, RegistryError

from .windows import open_main_window


@pytest.mark.parametrize("error, users", [
    (InvalidInput("请填写延期理由"), True),
    (NotFound("没有这个任务"), True),
    (RegistryError("x.sqlite3", "登记册已损坏", "corrupt"), True),
    (ImportFileError("a.txt", "文件为空"), True),
    (PermissionError("只读"), True),
    (KeyError("task_id"), False),
    (ValueError("invalid literal for int()"), False),
    (TypeError("unsupported operand"), False),
])
def test_user_errors_are_told_from_bugs_by_kind(error, users):
    assert isinstance(error, USER_ERRORS) is users


@pytest.fixture
def window(qtbot, tmp_path):
    path = tmp_path / "registry.sqlite3"
    open_registry(path)
    window = open_main_window(qtbot, path, tmp_path, load=False)
    yield window
    window.runner.shutdown(close=close_registry)
    close_registry()


def test_a_bug_is_shown_as_one_and_its_traceback_kept(window, qtbot, tmp_path, monkeypatch, capsys):
    log = tmp_path / "errors.log"
    monkeypatch.setenv("DUBAN_BUG_LOG", str(log))

    def failing_work(job):
        return {}["missing"]

    window.runner.run(failing_work, lambda result: None, window.show_error)
    qtbot.waitUntil(lambda: "内部错误" in window.errors.label.text(), timeout=10_000)
    text = window.errors.label.text()
    assert "KeyError" in text and str(log) in text
    written = log.read_text(encoding="utf-8")
    assert "Traceback" in written and "failing_work" in written
    assert "failing_work" in capsys.readouterr().err      # and on stderr, as before


def test_a_mistake_of_the_user_is_shown_as_it_is(window, qtbot, tmp_path, monkeypatch):
    log = tmp_path / "errors.log"
    monkeypatch.setenv("DUBAN_BUG_LOG", str(log))
    window.context.report(str(InvalidInput("请填写延期理由")))
    assert window.errors.label.text() == "请填写延期理由" and not log.exists()
