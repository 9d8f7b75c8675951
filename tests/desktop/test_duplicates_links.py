"""同一项工作 in the task's detail: a confirmed link shown, its partner opened, the link parted."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from desktop.links_panel import LinksPanel
from models.registry.database import close_registry
from models.registry.schema import Task
from models.supervision.duplicates import link_tasks, linked_tasks
from models.upkeep.importing import store_extracted
from tests.models.builders import extracted, plan, task

from .windows import open_main_window

ROAD = "加快推进农村公路提质改造，2023年底前完成县乡道改造30公里。"
WATER = "实施农村饮水安全巩固提升工程，提高自来水普及率。"


@pytest.fixture
def ids(registry) -> dict[str, int]:
    """The report's breakdown and the transport bureau's plan carry the same road work (linked),
    and a third plan carries it again, linked to the second only."""
    store_extracted(extracted([
        plan("平政办发〔2023〕18号", "政府工作报告重点工作任务分解方案", [
            task(ROAD, seq="一/1", lead=("县交通运输局",), due=date(2023, 12, 31)),
            task(WATER, seq="一/2", lead=("县水利局",)),
        ]),
        plan("平交发〔2023〕5号", "农村公路提质改造实施方案", [
            task(ROAD.replace("，", "工程，"), seq="三/（一）", lead=("县交通运输局",)),
        ], source="transport.txt"),
        plan("平交发〔2023〕9号", "交通运输重点工作", [
            task(ROAD + "同步完善沿线设施。", seq="2", lead=("县交通运输局",)),
        ], source="transport2.txt"),
    ]))
    found = {f"{row.plan.number}|{row.seq}": row.id for row in Task.select()}
    ids = {"report": found["平政办发〔2023〕18号|一/1"], "water": found["平政办发〔2023〕18号|一/2"],
           "transport": found["平交发〔2023〕5号|三/（一）"], "again": found["平交发〔2023〕9号|2"]}
    link_tasks(ids["report"], ids["transport"], linked_by="督查室")
    link_tasks(ids["transport"], ids["again"])
    return ids


@pytest.fixture
def window(qtbot, tmp_path, registry, ids):
    window = open_main_window(qtbot, registry, tmp_path, size=(1300, 860),
                              until=lambda window: window.model.rowCount() == 4)
    yield window
    window.runner.shutdown(close=close_registry)


def links_of(window) -> LinksPanel:
    return window.detail.findChild(LinksPanel)


def select_task(window, qtbot, task_id: int) -> LinksPanel:
    window.select_row(window.model.row_of_task(task_id))
    panel = links_of(window)
    qtbot.waitUntil(lambda: panel.task_id == task_id and all(link.task_id != task_id for link in panel.links))
    return panel


def button(panel: LinksPanel, name: str) -> QPushButton:
    found = panel.findChild(QPushButton, name)
    assert found is not None, name
    return found


def test_a_linked_task_shows_its_partners(window, qtbot, ids):
    panel = select_task(window, qtbot, ids["transport"])
    qtbot.waitUntil(panel.isVisible)
    assert [(link.task_id, link.direct) for link in panel.links] == [(ids["report"], True), (ids["again"], True)]
    texts = " ".join(label.text() for label in panel.findChildren(QLabel))
    assert "平政办发〔2023〕18号 一/1" in texts and "平交发〔2023〕9号 2" in texts
    # The report's task is linked to the third only through the transport bureau's: no 取消关联 there.
    panel = select_task(window, qtbot, ids["report"])
    qtbot.waitUntil(lambda: len(panel.links) == 2)
    assert [(link.task_id, link.direct) for link in panel.links] == [(ids["transport"], True), (ids["again"], False)]
    assert panel.findChild(QPushButton, f"unlink-{ids['again']}") is None
    assert "经由另一关联任务" in " ".join(label.text() for label in panel.findChildren(QLabel))


def test_a_task_without_links_shows_nothing(window, qtbot, ids):
    panel = select_task(window, qtbot, ids["transport"])
    qtbot.waitUntil(panel.isVisible)
    window.select_row(window.model.row_of_task(ids["water"]))
    qtbot.waitUntil(lambda: panel.task_id == ids["water"] and not panel.isVisible())
    assert panel.links == []


def test_open_selects_the_partner_in_the_list(window, qtbot, ids):
    panel = select_task(window, qtbot, ids["report"])
    qtbot.waitUntil(lambda: len(panel.links) == 2)
    qtbot.mouseClick(button(panel, f"open-{ids['transport']}"), Qt.MouseButton.LeftButton)
    assert window.model.task_id(window.table.currentIndex().row()) == ids["transport"]
    assert window.detail.title.text().startswith("三/（一）")
    qtbot.waitUntil(lambda: panel.task_id == ids["transport"] and len(panel.links) == 2)


def test_open_says_so_when_the_partner_is_filtered_out(window, qtbot, ids):
    window.filters.search.setText("政府工作报告")
    window.filters.flush()
    qtbot.waitUntil(lambda: window.model.rowCount() == 2)
    panel = select_task(window, qtbot, ids["report"])
    qtbot.waitUntil(lambda: len(panel.links) == 2)
    qtbot.mouseClick(button(panel, f"open-{ids['transport']}"), Qt.MouseButton.LeftButton)
    assert window.model.task_id(window.table.currentIndex().row()) == ids["report"]
    assert "不在当前列表中" in window.statusBar().currentMessage()


def test_unlink_parts_the_two_after_asking(window, qtbot, ids, monkeypatch):
    asked = []
    monkeypatch.setattr(LinksPanel, "confirm_unlink", staticmethod(lambda parent, question: asked.append(question)))
    panel = select_task(window, qtbot, ids["report"])
    qtbot.waitUntil(lambda: len(panel.links) == 2)
    qtbot.mouseClick(button(panel, f"unlink-{ids['transport']}"), Qt.MouseButton.LeftButton)
    assert asked and "平交发〔2023〕5号" in asked[0]
    assert len(panel.links) == 2                                # declined: nothing parted
    monkeypatch.setattr(LinksPanel, "confirm_unlink", staticmethod(lambda parent, question: True))
    qtbot.mouseClick(button(panel, f"unlink-{ids['transport']}"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.isVisible())
    assert "已取消关联" in window.statusBar().currentMessage()
    done = []
    window.runner.run(lambda job: (linked_tasks(ids["report"]), linked_tasks(ids["transport"])), done.append,
                      done.append)
    qtbot.waitUntil(lambda: bool(done))
    assert done[0] == ([], [ids["again"]])
