"""Never silent in the window: an imported plan whose tasks could not be read is
said in the import result and marked in the file list, also after a restart."""
import os
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.fonts import install_application_font
from desktop.import_job import WARNING_PREFIX
from desktop.main_window import MainWindow
from desktop.navigator import KIND_ROLE, WARNING_COLOUR, WARNING_ROLE
from desktop.office_actions import ImportResultDialog
from desktop.workers import TaskRunner
from models.registry.database import close_registry, open_registry
from models.upkeep.importing import store_extracted
from tests.models.builders import extracted, plan, task

from .windows import open_main_window

AS_OF = date(2023, 11, 6)
# A plan whose task table did not survive conversion: its header, then nothing readable.
UNREAD = ("某县人民政府办公室\n关于印发某县2023年水利工作方案的通知\n某政办发〔2023〕10号\n2023年3月2日\n"
          "某县2023年水利工作方案\n附件\n重点任务分工表\n序号\t工作任务\t责任单位\t完成时限\n（表格为图片，未能转换）\n")


@pytest.fixture
def registry(tmp_path):
    path = tmp_path / "office" / "registry.sqlite3"
    open_registry(path)
    store_extracted(extracted([plan("平政办发〔2023〕9号", "城市建设工作方案", [
        task(f"新建城区污水管网{index}公里", seq=f"{index}.", lead=("县住建局",), due=date(2023, 6, 30))
        for index in range(1, 4)])]))
    close_registry()
    return path


def open_window(qtbot, path: Path, tmp_path: Path) -> tuple[MainWindow, TaskRunner]:
    install_application_font(QApplication.instance())     # Chinese in the screenshots, as in the app
    open_registry(path)
    window = open_main_window(qtbot, path, tmp_path, as_of=AS_OF, size=(1100, 600),
                              until=lambda window: len(window.presenter.table) == 3 and bool(plan_nodes(window)))
    return window, window.runner


def plan_nodes(window: MainWindow) -> list:
    model = window.navigator
    for row in range(model.rowCount()):
        heading = model.item(row)
        if heading.text() == "文件":
            return [heading.child(child) for child in range(heading.rowCount())
                    if heading.child(child).data(KIND_ROLE) == "plan"]
    return []


def marked(window: MainWindow) -> list:
    return [node for node in plan_nodes(window) if node.data(WARNING_ROLE)]


def screenshots(tmp_path: Path) -> Path:
    """Where the PNG files go: $DUBAN_SCREENSHOTS for a person to look at, else the test's folder."""
    folder = Path(os.environ.get("DUBAN_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_unread_plan_is_said_in_the_result_and_marked_in_the_file_list(qtbot, tmp_path, monkeypatch, registry):
    window, runner = open_window(qtbot, registry, tmp_path)
    unread = tmp_path / "水利方案.txt"
    unread.write_text(UNREAD, encoding="utf-8")
    shown = []
    monkeypatch.setattr(ImportResultDialog, "present", classmethod(lambda cls, parent, lines, **kwargs: shown.append(lines)))
    window.office.import_paths([str(unread)])
    qtbot.waitUntil(lambda: bool(shown) and bool(marked(window)), timeout=10_000)

    lines = shown[0]
    assert lines[0].startswith("水利方案.txt：没有识别出任务")
    assert "    某政办发〔2023〕10号 某县2023年水利工作方案：任务 0  ⚠ 未识别任务" in lines
    (warning,) = [line for line in lines if line.startswith(WARNING_PREFIX)]
    assert warning.startswith("⚠ 水利方案.txt 第 8 行（某政办发〔2023〕10号《")
    assert "表头含“责任单位”“完成时限”" in warning and warning.endswith("请检查原文或手工录入")

    dialog = ImportResultDialog(window, lines)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.warning is not None and "有 1 处" in dialog.warning.text() and "标有 ⚠" in dialog.warning.text()
    folder = screenshots(tmp_path)
    assert dialog.grab().save(str(folder / "import_result.png"))

    (node,) = marked(window)
    assert node.text() == "⚠ 未识别任务｜某政办发〔2023〕10号 某县2023年水利工作方案（待审核）"
    assert "第 8 行：表格（表头含“责任单位”“完成时限”）未识别出任务" in node.toolTip()
    assert "请检查原文或手工录入" in node.toolTip()
    assert node.foreground().color() == WARNING_COLOUR
    assert [other.text() for other in plan_nodes(window) if other is not node] == ["平政办发〔2023〕9号 城市建设工作方案（待审核）"]
    window.tree.expandToDepth(0)
    assert window.tree.grab().save(str(folder / "file_list.png"))
    window.tree.setCurrentIndex(window.navigator_filter.mapFromSource(node.index()))
    assert "第 8 行" in window.statusBar().currentMessage()
    assert window.model.rowCount() == 0                     # no task of it to list
    assert window.grab().save(str(folder / "window.png"))

    # After a restart the mark is still there: the registry remembers it.
    runner.shutdown(close=close_registry)
    window.close()
    window, runner = open_window(qtbot, registry, tmp_path)
    try:
        (node,) = marked(window)
        assert node.text().startswith("⚠ 未识别任务｜某政办发〔2023〕10号")
        assert "第 8 行" in node.data(WARNING_ROLE)
        window.department_search.setText("未识别")       # the search box finds the marked plans
        assert window.navigator_filter.rowCount() >= 1
    finally:
        runner.shutdown(close=close_registry)
        close_registry()


def test_a_plan_read_in_full_is_not_marked(qtbot, tmp_path, registry):
    window, runner = open_window(qtbot, registry, tmp_path)
    try:
        assert [node.data(WARNING_ROLE) for node in plan_nodes(window)] == [None]
        assert plan_nodes(window)[0].foreground().color() != WARNING_COLOUR
        assert plan_nodes(window)[0].data(Qt.ItemDataRole.DisplayRole) == "平政办发〔2023〕9号 城市建设工作方案（待审核）"
    finally:
        runner.shutdown(close=close_registry)
        close_registry()
