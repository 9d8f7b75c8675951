"""One task across documents: candidate pairs, links and groups, one update serving a group."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from models.registry.dialect import is_postgres
from models import store_extracted, task_history
from models.supervision.duplicates import (
    Pair,
    candidate_pairs,
    link_tasks,
    linked_tasks,
    normalise_text,
    similarity,
    task_links,
    unlink_tasks,
)
from models.supervision.evidence import record_update_with_evidence
from models.supervision.listing import load_task_table
from models.registry.schema import Assignment, Department, StatusUpdate, Task, TaskLink, db
from models.supervision.updates import record_status_update
from tests.models.builders import extracted, plan, task

ROAD = "加快推进农村公路提质改造，2023年底前完成县乡道改造30公里。"
ROAD_AGAIN = "加快推进农村公路提质改造工程，年底前完成县乡道改造30公里"
WATER = "实施农村饮水安全巩固提升工程，提高自来水普及率。"


@pytest.fixture
def ids(registry: Path) -> dict[str, int]:
    """Two plans: the report's breakdown and the transport bureau's own plan."""
    store_extracted(extracted([
        plan("平政办发〔2023〕18号", "政府工作报告重点工作任务分解方案", [
            task(ROAD, seq="一/1", lead=("县交通运输局",), due=date(2023, 12, 31)),
            task(WATER, seq="一/2", lead=("县水利局",)),
            task(ROAD + "同步完善沿线设施。", seq="一/3", lead=("县交通运输局",)),   # same plan as 一/1
        ]),
        plan("平交发〔2023〕5号", "农村公路提质改造实施方案", [
            task(ROAD_AGAIN, seq="三/（一）", lead=("县交通运输局",), responsible=("县财政局",)),
            task(WATER, seq="三/（二）", lead=("县住建局",)),            # same text, other unit
        ], source="transport.txt"),
    ], source="gazette.txt"))
    return {f"{row.plan.number}|{row.seq}": row.id for row in Task.select()}


def test_normalised_text_drops_punctuation_and_spaces() -> None:
    assert normalise_text("（一）加快 推进“散煤清零”，ＡＢ１") == "一加快推进散煤清零AB1"
    assert similarity("推进散煤清零。", "推进散煤清零") == 1.0
    assert similarity("", "") == 0.0


def test_same_units_and_near_identical_text_make_the_only_pair(ids: dict[str, int]) -> None:
    pairs = candidate_pairs(load_task_table())
    road, road_again = ids["平政办发〔2023〕18号|一/1"], ids["平交发〔2023〕5号|三/（一）"]
    other_road = ids["平政办发〔2023〕18号|一/3"]
    found = {(pair.task_a, pair.task_b) for pair in pairs}
    # 一/3 is as close to 三/（一）, in another plan too; 一/1 with 一/3 is one plan: never.
    assert found == {tuple(sorted((road, road_again))), tuple(sorted((other_road, road_again)))}
    best = pairs[0]
    assert isinstance(best, Pair) and best.score >= 0.5 and best.task_a < best.task_b
    assert [load_task_table().department_names[ident] for ident in best.shared] == ["县交通运输局"]
    # The same water text under different units is no pair.
    water = {ids["平政办发〔2023〕18号|一/2"], ids["平交发〔2023〕5号|三/（二）"]}
    assert not any({pair.task_a, pair.task_b} == water for pair in pairs)


PIANGUAN_ISSUER = "偏关县人民政府办公室"
FLOOD = "开展汛前河道隐患排查整治，6月底前完成全部河道清障。"


def test_a_pair_never_spans_two_counties(registry: Path) -> None:
    """Two counties' plans name 县水利局: a department kept for every county (a registry
    older than counties) serves both, but their tasks are two counties' work."""
    Department.create(name="县水利局", county="")
    store_extracted(extracted([
        plan("平政办发〔2023〕20号", "防汛工作方案", [task(FLOOD, seq="一/1", lead=("县水利局",))]),
        plan("平政办发〔2023〕21号", "河湖长制工作要点", [task(FLOOD + "建立台账。", seq="二/3", lead=("县水利局",))],
             source="rivers.txt"),
        plan("偏政办发〔2023〕9号", "防汛工作方案", [task(FLOOD, seq="一/1", lead=("县水利局",))],
             issuer=PIANGUAN_ISSUER, source="pianguan.txt"),
    ], source="gazette.txt"))
    water = Department.get(Department.name == "县水利局")
    assert Assignment.select().where(Assignment.department != water.id).count() == 0   # one body for all three
    ids = {row.plan.number: row.id for row in Task.select()}
    pairs = candidate_pairs(load_task_table())
    assert [(pair.task_a, pair.task_b, pair.shared) for pair in pairs] == [
        (ids["平政办发〔2023〕20号"], ids["平政办发〔2023〕21号"], (water.id,))]
    # The counties as the caller knows them: here all three plans are one county's.
    one_county = {plan_id: "平顺县" for plan_id in load_task_table().plans}
    assert len(candidate_pairs(load_task_table(), plan_counties=one_county)) == 3


def test_a_department_of_a_county_pairs_its_own_tasks(registry: Path) -> None:
    """Departments per county: 平顺's and 偏关's 县水利局 are two bodies, whatever the plans say."""
    store_extracted(extracted([
        plan("平政办发〔2023〕20号", "防汛工作方案", [task(FLOOD, seq="一/1", lead=("县水利局",))]),
        plan("偏政办发〔2023〕9号", "防汛工作方案", [task(FLOOD, seq="一/1", lead=("县水利局",))],
             issuer=PIANGUAN_ISSUER, source="pianguan.txt"),
    ], source="gazette.txt"))
    assert Department.select().where(Department.name == "县水利局").count() == 2
    every_plan_one_county = {plan_id: "" for plan_id in load_task_table().plans}
    assert candidate_pairs(load_task_table(), plan_counties=every_plan_one_county) == []


def test_linked_pairs_and_their_groups_are_excluded(ids: dict[str, int]) -> None:
    road, road_again = ids["平政办发〔2023〕18号|一/1"], ids["平交发〔2023〕5号|三/（一）"]
    other_road = ids["平政办发〔2023〕18号|一/3"]
    link_tasks(road, road_again, linked_by="督查室")
    assert {(pair.task_a, pair.task_b) for pair in candidate_pairs(load_task_table())} == {
        tuple(sorted((other_road, road_again)))}
    link_tasks(road_again, other_road)
    assert candidate_pairs(load_task_table()) == []
    # A link given by the caller instead of the registry.
    assert len(candidate_pairs(load_task_table(), exclude=())) == 2


def test_threshold_is_checked(ids: dict[str, int]) -> None:
    with pytest.raises(ValueError):
        candidate_pairs(load_task_table(), threshold=0)
    assert len(candidate_pairs(load_task_table(), threshold=1.0)) == 0


def test_link_unlink_and_groups(ids: dict[str, int]) -> None:
    a, b, c = ids["平政办发〔2023〕18号|一/1"], ids["平交发〔2023〕5号|三/（一）"], ids["平政办发〔2023〕18号|一/3"]
    link = link_tasks(b, a, linked_by="王五")
    assert (link.task_id, link.other_id, link.linked_by) == (min(a, b), max(a, b), "王五")
    assert link_tasks(a, b) is None                      # already linked: nothing new
    link_tasks(b, c)
    assert linked_tasks(a) == sorted((b, c)) and linked_tasks(c) == sorted((a, b))
    assert link_tasks(a, c) is None                      # same group through b
    assert TaskLink.select().count() == 2
    assert unlink_tasks(a, c) is False                   # only linked through b
    assert unlink_tasks(b, a) is True
    assert linked_tasks(a) == [] and linked_tasks(c) == [b]
    with pytest.raises(ValueError):
        link_tasks(a, a)
    with pytest.raises(LookupError):
        link_tasks(a, 99_999)


def test_a_task_links_direct_ones_first(ids: dict[str, int]) -> None:
    a, b, c = ids["平政办发〔2023〕18号|一/1"], ids["平交发〔2023〕5号|三/（一）"], ids["平政办发〔2023〕18号|一/3"]
    assert task_links(a) == []
    link_tasks(a, b, linked_by="王五")
    link_tasks(b, c)
    first, second = task_links(a)
    assert (first.task_id, first.direct, first.linked_by, first.plan, first.seq) == (
        b, True, "王五", "平交发〔2023〕5号", "三/（一）")
    assert first.text == ROAD_AGAIN and first.status == "未开始" and len(first.linked_at) == 16
    assert (second.task_id, second.direct, second.linked_by, second.linked_at) == (c, False, "", "")
    assert [(link.task_id, link.direct) for link in task_links(b)] == [(min(a, c), True), (max(a, c), True)]


def test_one_update_serves_the_linked_tasks_once(ids: dict[str, int]) -> None:
    a, b, c = ids["平政办发〔2023〕18号|一/1"], ids["平交发〔2023〕5号|三/（一）"], ids["平政办发〔2023〕18号|一/3"]
    link_tasks(a, b)
    link_tasks(b, c)
    update = record_status_update(b, "推进中", 40, note="已完成招标", who="张三", department="县交通运输局")
    assert update.task_id == b
    for other in (a, c):
        history = task_history(other)
        assert [(entry.status, entry.progress, entry.who) for entry in history] == [("推进中", 40, "张三")]
        assert history[0].note == "已完成招标（同步自关联任务 平交发〔2023〕5号 三/（一））"
        assert (Task.get_by_id(other).status, Task.get_by_id(other).progress) == ("推进中", 40)
    # The source keeps exactly its own update: nothing comes back.
    assert [entry.note for entry in task_history(b)] == ["已完成招标"]
    assert StatusUpdate.select().count() == 3


def test_propagation_can_be_turned_off_and_skips_closed_or_withdrawn(ids: dict[str, int]) -> None:
    a, b, c = ids["平政办发〔2023〕18号|一/1"], ids["平交发〔2023〕5号|三/（一）"], ids["平政办发〔2023〕18号|一/3"]
    link_tasks(a, b)
    link_tasks(a, c)
    record_status_update(a, "推进中", 10, propagate=False)
    assert task_history(b) == [] and task_history(c) == []
    Task.update(closed_on=date(2023, 9, 1), status="已完成", progress=100).where(Task.id == b).execute()
    Task.update(withdrawn=True).where(Task.id == c).execute()
    record_status_update(a, "推进中", 20)
    assert task_history(b) == [] and task_history(c) == []
    assert Task.get_by_id(b).status == "已完成"


def test_a_failed_update_writes_no_copy(ids: dict[str, int]) -> None:
    a, b = ids["平政办发〔2023〕18号|一/1"], ids["平交发〔2023〕5号|三/（一）"]
    link_tasks(a, b)
    with pytest.raises(LookupError):
        record_status_update(a, "推进中", 10, department="县不存在局")
    assert StatusUpdate.select().count() == 0


def test_evidence_stays_with_the_original_update(ids: dict[str, int], tmp_path: Path) -> None:
    a, b = ids["平政办发〔2023〕18号|一/1"], ids["平交发〔2023〕5号|三/（一）"]
    link_tasks(a, b)
    photo = tmp_path / "现场照片.jpg"
    photo.write_bytes(b"jpeg")
    update = record_update_with_evidence(a, "推进中", 60, note="路基完工", files=[photo])
    copy = StatusUpdate.get(StatusUpdate.task == b)
    assert copy.note.startswith("路基完工（同步自关联任务 平政办发〔2023〕18号 一/1）")
    assert db.execute_sql("SELECT status_update_id FROM evidence").fetchall() == [(update.id,)]
    if not is_postgres():   # a server registry keeps the bytes in the evidence row
        stored = list((tmp_path / "registry" / "evidence").rglob("*.jpg"))
        assert len(stored) == 1
