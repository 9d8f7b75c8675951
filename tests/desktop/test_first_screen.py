"""The window opens on the list's first screen while the rest of a large registry is read:
those rows are the whole list's first rows, the filters wait, and a task chosen meanwhile
stays chosen when the whole list arrives."""
import shutil
import threading
from datetime import date

import pytest

import desktop.main_window as main_window
from desktop.main_window import FIRST_SCREEN_ROWS, MainWindow
from desktop.task_table_model import TEXT
from models.errors import RegistryError
from models.registry.database import close_registry, open_registry
from models.supervision.listing import load_task_table

from .windows import open_main_window

AS_OF = date(2023, 11, 6)


def open_main_window_on_copy(qtbot, tmp_path, seeded_registry) -> MainWindow:
    """A copy of the seeded registry's window, loading."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "registry.sqlite3"
    shutil.copy(seeded_registry, path)
    open_registry(path)
    return open_main_window(qtbot, path, tmp_path, as_of=AS_OF)


@pytest.fixture
def closing():
    """Windows to let go of at the end: their worker stopped, the registry closed."""
    windows: list[MainWindow] = []
    yield windows
    for window in windows:
        window.runner.shutdown(close=close_registry)
    close_registry()


@pytest.fixture
def held_window(qtbot, tmp_path, seeded_registry, monkeypatch, closing):
    """A window whose whole-table load waits until the test lets it go."""
    let_go = threading.Event()
    whole = main_window._loaded

    def held(*args):
        let_go.wait(10)
        return whole(*args)

    monkeypatch.setattr(main_window, "_loaded", held)
    window = open_main_window_on_copy(qtbot, tmp_path, seeded_registry)
    closing.append(window)
    yield window, let_go
    let_go.set()


def test_the_first_screen_comes_first_and_the_whole_list_after(held_window, qtbot):
    window, let_go = held_window
    everything = load_task_table()
    assert len(everything) > FIRST_SCREEN_ROWS
    qtbot.waitUntil(lambda: window.model.rowCount() == FIRST_SCREEN_ROWS, timeout=10_000)
    model = window.model
    assert [model.data(model.index(row, TEXT)) for row in (0, FIRST_SCREEN_ROWS - 1)] == \
        [everything.texts[0], everything.texts[FIRST_SCREEN_ROWS - 1]]
    assert len(window.presenter.table) == 0                  # nothing counted from a part
    assert not window.filters.isEnabled() and not window.alerts.isEnabled() and "正在读取" in window.count_label.text()
    window.select_row(150)
    chosen = model.task_id(150)

    let_go.set()
    qtbot.waitUntil(lambda: len(window.presenter.table) == len(everything), timeout=10_000)
    assert window.model.rowCount() == len(everything) and window.filters.isEnabled() and window.alerts.isEnabled()
    assert window.model.task_id(window.table.currentIndex().row()) == chosen
    assert window.count_label.text() == f"显示 {len(everything)} / 共 {len(everything)} 项"
    assert window.navigator.rowCount() > 0


def test_later_loads_keep_the_whole_list_on_screen(held_window, qtbot):
    window, let_go = held_window
    let_go.set()
    qtbot.waitUntil(lambda: len(window.presenter.table) > FIRST_SCREEN_ROWS, timeout=10_000)
    shown = []
    window.model.modelReset.connect(lambda: shown.append(window.model.rowCount()))
    window.load()
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=10_000)
    assert shown and FIRST_SCREEN_ROWS not in shown


def test_a_whole_load_that_fails_leaves_the_first_screen_said_to_be_part(qtbot, tmp_path, seeded_registry,
                                                                        monkeypatch, closing):
    def unreadable(*_args):
        raise RegistryError(tmp_path / "registry.sqlite3", "读取失败：磁盘 I/O 错误", "io")

    monkeypatch.setattr(main_window, "_loaded", unreadable)
    window = open_main_window_on_copy(qtbot, tmp_path, seeded_registry)
    closing.append(window)
    qtbot.waitUntil(window.errors.isVisible, timeout=10_000)
    assert "读取失败" in window.errors.label.text()
    assert window.model.rowCount() == FIRST_SCREEN_ROWS and window.filters.isEnabled()
    assert window.count_label.text() == f"仅显示前 {FIRST_SCREEN_ROWS} 项：其余未能读取"


def test_a_bug_in_the_first_screen_is_shown_and_a_registry_error_said_once(qtbot, tmp_path, seeded_registry,
                                                                          monkeypatch, closing):
    def broken(*_args):
        raise KeyError("first screen")

    monkeypatch.setattr(main_window, "_first_screen", broken)
    window = open_main_window_on_copy(qtbot, tmp_path, seeded_registry)
    closing.append(window)
    qtbot.waitUntil(lambda: len(window.presenter.table) > FIRST_SCREEN_ROWS, timeout=10_000)
    assert "内部错误" in window.errors.label.text() and "KeyError" in window.errors.label.text()

    said = []
    monkeypatch.setattr(main_window, "_first_screen", lambda *_args: (_ for _ in ()).throw(
        RegistryError(tmp_path, "读取失败", "io")))
    monkeypatch.setattr(main_window, "_loaded", lambda *_args: (_ for _ in ()).throw(
        RegistryError(tmp_path, "读取失败", "io")))
    second = open_main_window_on_copy(qtbot, tmp_path / "second", seeded_registry)
    closing.append(second)
    second.errors.show_error = lambda text: said.append(text)
    qtbot.waitUntil(lambda: bool(said) and not second.runner.busy, timeout=10_000)
    assert len(said) == 1 and "读取失败" in said[0]
