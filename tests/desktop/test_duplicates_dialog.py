"""疑似同一任务: the pairs model, the side-by-side panels, 关联 and 不是同一任务."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from desktop.workers import TaskRunner
from desktop.duplicates_dialog import PAIR_ROLE, PLAN_A, SCORE, SHARED, DuplicatePairsModel, DuplicatesDialog
from models.supervision.duplicates import candidate_pairs, linked_tasks
from models.supervision.listing import load_task_table
from models.upkeep.importing import store_extracted
from models.registry.schema import TaskLink
from tests.models.builders import extracted, plan, task

ROAD = "加快推进农村公路提质改造，2023年底前完成县乡道改造30公里。"


@pytest.fixture
def table(registry):
    store_extracted(extracted([
        plan("平政办发〔2023〕18号", "政府工作报告重点工作任务分解方案", [
            task(ROAD, seq="一/1", lead=("县交通运输局",), due=date(2023, 12, 31)),
            task("实施农村饮水安全巩固提升工程，提高自来水普及率。", seq="一/2", lead=("县水利局",)),
        ]),
        plan("平交发〔2023〕5号", "农村公路提质改造实施方案", [
            task(ROAD.replace("，", "工程，"), seq="三/（一）", lead=("县交通运输局",)),
            task("实施农村饮水安全巩固提升工程，提高自来水普及率", seq="三/（二）", lead=("县水利局",)),
        ], source="transport.txt"),
    ]))
    return load_task_table()


def test_pairs_model_passes_the_model_tester(table, qtmodeltester):
    pairs = candidate_pairs(table)
    assert len(pairs) == 2
    model = DuplicatePairsModel(table, pairs)
    qtmodeltester.check(model)
    assert model.data(model.index(0, SCORE)).endswith("%")
    assert "平政办发〔2023〕18号" in model.data(model.index(0, PLAN_A))
    assert model.data(model.index(0, SHARED)) in ("县交通运输局", "县水利局")
    assert model.data(model.index(0, 0), PAIR_ROLE) == pairs[0]
    model.remove_pair(0)
    qtmodeltester.check(model)
    assert model.rowCount() == 1


def test_the_dialog_links_the_selected_pair_and_dismisses_another(table, qtbot):
    pairs = candidate_pairs(table)
    runner = TaskRunner()
    dialog = DuplicatesDialog(runner, None, table, pairs, linked_by="督查室")
    qtbot.addWidget(dialog)
    dialog.view.selectRow(1)
    second = pairs[1]
    assert table.texts[table.ids.index(second.task_a)] in dialog.left.toPlainText()
    assert "平交发〔2023〕5号" in dialog.right.toPlainText()
    with qtbot.waitSignal(dialog.linked) as signal:
        qtbot.mouseClick(dialog.link_button, Qt.MouseButton.LeftButton)
    assert signal.args == [second.task_a, second.task_b]
    assert linked_tasks(second.task_a) == [second.task_b]
    assert TaskLink.get().linked_by == "督查室"
    assert dialog.model.pairs == [pairs[0]] and dialog.linked_pairs == [second]
    # 不是同一任务: gone from the list for this session, nothing stored.
    qtbot.mouseClick(dialog.dismiss_button, Qt.MouseButton.LeftButton)
    assert dialog.model.rowCount() == 0 and dialog.dismissed == [pairs[0]]
    assert TaskLink.select().count() == 1
    assert not dialog.link_button.isEnabled()
    assert "没有待确认" in dialog.summary.text()
    # Linked pairs are not proposed again.
    assert candidate_pairs(load_task_table()) == [pairs[0]]
    runner.shutdown()


def test_run_is_a_hook_tests_can_replace(table, monkeypatch):
    calls = []
    monkeypatch.setattr(DuplicatesDialog, "run", classmethod(lambda cls, parent, *args, **kw: calls.append(args) or []))
    assert DuplicatesDialog.run(None, table, []) == []
    assert calls == [(table, [])]
