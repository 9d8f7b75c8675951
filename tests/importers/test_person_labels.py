"""Label lines naming a leader beside an item's units: the person is neither a unit nor the task's words."""
from __future__ import annotations

import pytest

from importers.pipeline import extract_text


@pytest.mark.parametrize("label", ["牵头县领导", "责任县领导", "分管县领导", "联系县领导", "牵头负责领导", "分管副县长",
                                   "分管省领导", "领衔县领导"])
def test_a_leader_s_label_line_is_no_unit_and_no_words(label: str) -> None:
    text = f"某县2025年工作方案\n一、重点任务\n1.新建城区公园3个。\n{label}：张某某\n牵头单位：县住建局\n"
    (task,) = [task for document in extract_text(text, "plan.txt") for task in document.tasks]
    assert (task.text, task.lead, task.responsible) == ("新建城区公园3个。", ("县住建局",), ())
