"""Matching a plan's stored tasks to its corrected version."""
from __future__ import annotations

from models.upkeep.matching import match_tasks


def test_exact_then_renumbered_then_same_seq_then_similar() -> None:
    old = [("1", "新建城区污水管网10公里"), ("2", "改造老旧小区20个"), ("3", "建设公园一处"),
           ("4", "完成全县农村危房改造任务并建立动态监测机制")]
    new = [("1", "新建城区污水管网10公里"),          # exact
           ("3", "改造老旧小区20个"),                # renumbered, same text
           ("2", "建设口袋公园两处"),                # reworded... but seq 2 is now another task's
           ("9", "完成全县农村危房改造任务，并建立动态监测机制"),  # renumbered and retouched
           ("5", "全新的任务")]
    mapping = match_tasks(old, new)
    assert mapping[0] == 0
    assert mapping[1] == 1
    assert mapping[3] == 3
    assert 4 not in mapping
    # 建设口袋公园两处 vs 建设公园一处: same seq? no (2 vs 3) and not similar enough: unmatched.
    assert 2 not in mapping


def test_same_seq_with_reworded_text() -> None:
    old = [("三/（二）/5", "推进城乡供水一体化建设")]
    new = [("三/（二）/5", "加快推进城乡供水一体化工程建设")]
    assert match_tasks(old, new) == {0: 0}


def test_each_old_task_is_used_once() -> None:
    old = [(None, "开展安全检查")]
    new = [(None, "开展安全检查"), (None, "开展安全检查")]
    assert match_tasks(old, new) == {0: 0}
