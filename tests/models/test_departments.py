"""Resolving written unit names, the shipped alias table, and merging."""
from __future__ import annotations

from pathlib import Path

import pytest

from models import find_department, merge_departments, record_status_update, resolve_department, store_extracted
from models.registry.departments import (
    DepartmentResolver,
    is_collective,
    load_alias_table,
    name_core,
    normalise_name,
    parse_alias_table,
    sync_alias_table,
)
from models.registry.schema import Assignment, Department, DepartmentAlias, StatusUpdate, Task, db
from tests.models.builders import extracted, plan, task


def _resolve(*names: str) -> list[int]:
    with db.atomic():
        resolver = DepartmentResolver()
        idents = [resolver.resolve(name) for name in names]
        resolver.flush()
    return idents


def _name(ident: int) -> str:
    return Department.get_by_id(ident).name


def test_normalise_folds_brackets_spaces_and_traditional() -> None:
    assert normalise_name(" 各乡(镇)人民 政府\n") == "各乡（镇）人民政府"
    assert normalise_name("各乡<镇>人民政府") == "各乡（镇）人民政府"
    assert normalise_name("縣財政局") == "县财政局"
    assert normalise_name("县发展改革和科学技术\n\n局") == "县发展改革和科学技术局"


def test_core_strips_county_prefix_but_keeps_city_bodies() -> None:
    assert name_core("县住建局") == name_core("住建局") == name_core("平顺县住建局") == "住建局"
    assert name_core("长治市生态环境局平顺分局") == "市生态环境局平顺分局"
    assert name_core("市场监管局") == "市场监管局"  # 市场 is not a city
    assert name_core("新关镇政府") == name_core("新关镇人民政府") == "新关镇"


def test_housing_bureau_written_three_ways_is_one_department(registry: Path) -> None:
    idents = _resolve("县住建局", "住建局", "县住房和城乡建设管理局", "平顺县住建局", "县住房和城乡建设局")
    assert len(set(idents)) == 1
    assert _name(idents[0]) == "县住房和城乡建设局"


def test_branch_of_city_bureau_is_not_the_city_bureau(registry: Path) -> None:
    branch, city, branch_again, other_branch = _resolve(
        "市生态环境局平顺分局", "市生态环境局", "长治市生态环境局平顺分局", "市生态环境局偏关分局")
    assert branch != city
    assert branch == branch_again
    assert other_branch not in (branch, city)


def test_county_prefix_rule_for_names_not_in_the_table(registry: Path) -> None:
    first, bare, named = _resolve("县档案馆", "档案馆", "平顺县档案馆")
    assert first == bare == named
    assert _name(first) == "县档案馆"
    # Learnt written forms are stored, so later lookups and queries find them.
    assert DepartmentAlias.get(DepartmentAlias.name == "平顺县档案馆").department_id == first
    # The order they are met in does not matter.
    bare_first, with_prefix = _resolve("融媒体服务站", "县融媒体服务站")
    assert bare_first == with_prefix
    # A county's own name first: the department is still listed as 县X.
    named_first, plain = _resolve("平顺县战备渠管理中心", "县战备渠管理中心")
    assert named_first == plain and _name(plain) == "县战备渠管理中心"


def test_ambiguous_core_resolves_to_nothing(registry: Path) -> None:
    a, b = _resolve("县检测站", "平顺县检测站")
    assert a == b
    # Two bodies with one core (made on purpose here): a bare name is not guessed.
    other = Department.create(name="偏关县检测站")
    DepartmentAlias.create(name="偏关县检测站x", department=other)
    resolver = DepartmentResolver()
    assert resolver.lookup("偏关县检测站") == other.id  # exact still works
    assert resolver.lookup("检测站") is None


@pytest.mark.parametrize("name", [
    "各乡（镇）人民政府", "各乡镇", "各乡(镇)政府", "县直各有关部门", "有关单位", "各县（市）、区人民政府",
    "县人工增雨防雹工作领导小组各成员单位", "其他负有安全监管职责的部门", "全县政府系统各单位",
])
def test_collective_names_become_groups(registry: Path, name: str) -> None:
    assert is_collective(name)
    (ident,) = _resolve(name)
    assert Department.get_by_id(ident).is_group


def test_collective_synonyms_share_one_group(registry: Path) -> None:
    idents = _resolve("各乡镇", "各乡（镇）人民政府", "各乡镇政府", "各乡(镇)政府")
    assert len(set(idents)) == 1


def test_real_units_are_not_groups(registry: Path) -> None:
    for name in ("县直属机关事务服务中心", "县住建局", "市生态环境局平顺分局", "新关镇人民政府"):
        assert not is_collective(name), name
        (ident,) = _resolve(name)
        assert not Department.get_by_id(ident).is_group


def test_uncertain_bodies_stay_separate(registry: Path) -> None:
    # Different names in different counties: not merged without evidence.
    fa_gai, fa_ke, jiao_ke, jiao_yu = _resolve("县发改局", "县发展改革和科学技术局", "县教科局", "县教育局")
    assert len({fa_gai, fa_ke, jiao_ke, jiao_yu}) == 4
    assert _resolve("县发科局") == [fa_ke]


def test_shipped_table_is_consistent_and_loaded_once() -> None:
    table = load_alias_table()
    assert load_alias_table() is table  # cached: read once per process
    assert any(entry.alias == "县住建局" for entry in table)
    groups = {entry.canonical for entry in table if entry.is_group}
    assert "各乡（镇）人民政府" in groups
    assert all(is_collective(name) for name in groups)


def test_table_rejects_an_alias_of_two_bodies() -> None:
    with pytest.raises(ValueError, match="同时属于"):
        parse_alias_table(["县甲局\t甲局", "县乙局\t甲局"])
    with pytest.raises(ValueError, match="既是规范名称"):
        parse_alias_table(["县甲局\t县乙局", "县乙局\t乙局"])


def test_sync_does_not_undo_a_merge(registry: Path) -> None:
    merge_departments("县交通运输局", "县住房和城乡建设局")
    assert sync_alias_table() == 0
    assert not Department.select().where(Department.name == "县住房和城乡建设局").exists()


def test_find_department_by_any_alias(registry: Path) -> None:
    department = find_department("住建局")
    assert department is not None and department.name == "县住房和城乡建设局"
    assert find_department("县不存在局") is None
    assert find_department(department.id) == department
    assert resolve_department("县新设局").name == "县新设局"


def test_merge_moves_assignments_updates_and_aliases(registry: Path) -> None:
    store_extracted(extracted([plan("平政发〔2023〕1号", "方案", [
        task("甲任务", seq="1", lead=("县小微企业发展促进中心",), cooperating=("县小企业发展促进中心",)),
        task("乙任务", seq="2", lead=("县小微企业发展促进中心", "县小企业发展促进中心")),
        task("丙任务", seq="3", responsible=("县小微企业发展促进中心",)),
    ])]))
    keep = find_department("县小企业发展促进中心")
    absorb = find_department("县小微企业发展促进中心")
    assert keep is not None and absorb is not None and keep.id != absorb.id
    third = Task.get(Task.text == "丙任务")
    record_status_update(third.id, "推进中", 20, who="小微中心", department="县小微企业发展促进中心")

    merged = merge_departments(keep.name, absorb.id)

    assert merged.id == keep.id
    assert not Department.select().where(Department.id == absorb.id).exists()
    roles = {(row.task.text, row.role, row.written_name)
             for row in Assignment.select().where(Assignment.department == keep.id)}
    assert roles == {
        ("甲任务", "lead", "县小微企业发展促进中心"),
        ("甲任务", "cooperating", "县小企业发展促进中心"),
        ("乙任务", "lead", "县小企业发展促进中心"),  # keep's own row wins the collision
        ("丙任务", "responsible", "县小微企业发展促进中心"),
    }
    assert Assignment.select().join(Task).where(Task.text == "乙任务").count() == 1
    assert StatusUpdate.get().department_id == keep.id
    assert find_department("县小微企业发展促进中心") == keep
    assert _resolve("县小微企业发展促进中心") == [keep.id]


def test_merge_refuses_a_department_with_itself(registry: Path) -> None:
    with pytest.raises(ValueError):
        merge_departments("县住建局", "住建局")
    with pytest.raises(LookupError):
        merge_departments("县住建局", "县不存在局")


def test_a_group_is_never_merged_into_one_unit(registry) -> None:
    from models.upkeep.importing import store_extracted
    from .builders import extracted, plan, task
    store_extracted(extracted([plan("某政办发〔2023〕7号", "方案", [
        task("修路", responsible=("县水利局", "各乡镇"))])]))
    with pytest.raises(ValueError, match="集合名称"):
        merge_departments("县水利局", "各乡镇")
