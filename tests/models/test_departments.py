"""Resolving written unit names per county, the shipped alias table, and merging."""
from __future__ import annotations

from pathlib import Path

import pytest

from models import find_department, merge_departments, record_status_update, resolve_department, store_extracted
from models.registry.departments import (
    DepartmentResolver,
    alias_rules,
    is_collective,
    load_alias_table,
    name_core,
    normalise_name,
    parse_alias_table,
    sync_alias_table,
)
from models.registry.schema import Assignment, Department, DepartmentAlias, StatusUpdate, Task, db
from tests.models.builders import extracted, plan, task

PINGSHUN, PIANGUAN = "平顺县", "偏关县"


def _resolve(*names: str, county: str = "") -> list[int]:
    with db.atomic():
        resolver = DepartmentResolver()
        idents = [resolver.resolve(name, county) for name in names]
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
    idents = _resolve("县住建局", "住建局", "县住房和城乡建设管理局", "平顺县住建局", "县住房和城乡建设局",
                      county=PINGSHUN)
    assert len(set(idents)) == 1
    assert _name(idents[0]) == "县住房和城乡建设局"
    assert Department.get_by_id(idents[0]).county == PINGSHUN


def test_branch_of_city_bureau_is_not_the_city_bureau(registry: Path) -> None:
    branch, city, branch_again, other_branch = _resolve(
        "市生态环境局平顺分局", "市生态环境局", "长治市生态环境局平顺分局", "市生态环境局偏关分局", county=PINGSHUN)
    assert branch != city
    assert branch == branch_again
    assert other_branch not in (branch, city)


def test_county_prefix_rule_for_names_not_in_the_table(registry: Path) -> None:
    first, bare, named = _resolve("县档案馆", "档案馆", "平顺县档案馆", county=PINGSHUN)
    assert first == bare == named
    assert _name(first) == "县档案馆"
    # Learnt written forms are stored, so later lookups and queries find them.
    alias = DepartmentAlias.get(DepartmentAlias.name == "平顺县档案馆")
    assert (alias.department_id, alias.county) == (first, PINGSHUN)
    # The order they are met in does not matter.
    bare_first, with_prefix = _resolve("融媒体服务站", "县融媒体服务站", county=PINGSHUN)
    assert bare_first == with_prefix and _name(bare_first) == "县融媒体服务站"
    # A county's own name first: the department is still listed as 县X.
    named_first, plain = _resolve("平顺县战备渠管理中心", "县战备渠管理中心", county=PINGSHUN)
    assert named_first == plain and _name(plain) == "县战备渠管理中心"


def test_ambiguous_core_resolves_to_nothing(registry: Path) -> None:
    (first,) = _resolve("县检测站", county=PINGSHUN)
    # Two bodies of one county with one core (made on purpose here): a name is not guessed.
    other = Department.create(name="检测站", county=PINGSHUN)
    resolver = DepartmentResolver(county=PINGSHUN)
    assert resolver.find("检测站", PINGSHUN) == other.id and resolver.find("县检测站", PINGSHUN) == first
    assert resolver.find("平顺县检测站", PINGSHUN) is None


@pytest.mark.parametrize("name", [
    "各乡（镇）人民政府", "各乡镇", "各乡(镇)政府", "县直各有关部门", "有关单位", "各县（市）、区人民政府",
    "县人工增雨防雹工作领导小组各成员单位", "其他负有安全监管职责的部门", "全县政府系统各单位",
])
def test_collective_names_become_groups(registry: Path, name: str) -> None:
    assert is_collective(name)
    (ident,) = _resolve(name, county=PINGSHUN)
    assert Department.get_by_id(ident).is_group


def test_collective_synonyms_share_one_group(registry: Path) -> None:
    idents = _resolve("各乡镇", "各乡（镇）人民政府", "各乡镇政府", "各乡(镇)政府", county=PINGSHUN)
    assert len(set(idents)) == 1


def test_real_units_are_not_groups(registry: Path) -> None:
    for name in ("县直属机关事务服务中心", "县住建局", "市生态环境局平顺分局", "新关镇人民政府"):
        assert not is_collective(name), name
        (ident,) = _resolve(name, county=PINGSHUN)
        assert not Department.get_by_id(ident).is_group


# -- county-scoped aliases -------------------------------------------------------------


def test_the_development_office_is_whatever_its_county_calls_it(registry: Path) -> None:
    """平顺's 县发改局 is its 县发展改革和科学技术局 (the table's 平顺县 rows); 偏关's is its 县发展和改革局."""
    fa_gai, fa_ke, short, bare = _resolve("县发改局", "县发展改革和科学技术局", "县发科局", "发改局", county=PINGSHUN)
    assert fa_gai == fa_ke == short == bare and _name(fa_gai) == "县发展改革和科学技术局"
    pianguan, pianguan_full = _resolve("县发改局", "县发展和改革局", county=PIANGUAN)
    assert pianguan == pianguan_full != fa_gai and _name(pianguan) == "县发展和改革局"
    # Bodies the table does not join stay apart.
    jiao_ke, jiao_yu = _resolve("县教科局", "县教育局", county=PINGSHUN)
    assert jiao_ke != jiao_yu
    # A listed county body written without 县 is still that body, listed by its name.
    weather, weather_again = _resolve("气象局", "县气象局", county=PIANGUAN)
    assert weather == weather_again and _name(weather) == "县气象局"
    civil_bare, civil = _resolve("民政局", county=PINGSHUN) + _resolve("平顺县民政局", county=PINGSHUN)
    assert civil_bare == civil and _name(civil) == "县民政局"


def test_a_county_without_rows_of_its_own_keeps_the_short_name(registry: Path) -> None:
    """No row says what 县发改局 is in 某县: it is not guessed to be another county's body."""
    (other,) = _resolve("县发改局", county="沁源县")
    assert _name(other) == "县发改局" and Department.get_by_id(other).county == "沁源县"
    assert alias_rules().rule("沁源县", "县发改局") is None
    assert alias_rules().rule("沁源县", "县住建局") == ("县住房和城乡建设局", False)   # a row for every county


def test_imports_resolve_within_the_plans_county(registry: Path) -> None:
    """The issue's example: 平顺's 县发改局 and 县发展改革和科学技术局 are one department, 偏关's 县住建局 is not 平顺's."""
    store_extracted(extracted([
        plan("平政办发〔2023〕1号", "平顺方案", [
            task("平顺甲", seq="1", lead=("县发改局",), cooperating=("县住建局",)),
            task("平顺乙", seq="2", lead=("县发展改革和科学技术局",)),
        ], issuer="平顺县人民政府办公室"),
        plan("偏政办发〔2023〕1号", "偏关方案", [
            task("偏关甲", seq="1", lead=("县住建局",), cooperating=("县发改局",)),
            task("偏关乙", seq="2", lead=("平顺县住建局",)),      # another county's body, named as such
        ], issuer="偏关县人民政府办公室"),
    ]))

    def units(text: str) -> dict[str, tuple[str, str]]:
        return {row.role: (row.department.name, row.department.county)
                for row in Assignment.select().join(Task).where(Task.text == text)}

    assert units("平顺甲") == {"lead": ("县发展改革和科学技术局", PINGSHUN),
                              "cooperating": ("县住房和城乡建设局", PINGSHUN)}
    assert units("平顺乙") == {"lead": ("县发展改革和科学技术局", PINGSHUN)}
    assert units("偏关甲") == {"lead": ("县住房和城乡建设局", PIANGUAN), "cooperating": ("县发展和改革局", PIANGUAN)}
    assert units("偏关乙") == {"lead": ("县住房和城乡建设局", PINGSHUN)}
    pingshun = Department.get(Department.name == "县发展改革和科学技术局")
    assert Assignment.select().where(Assignment.department == pingshun).count() == 2
    housing = Department.select().where(Department.name == "县住房和城乡建设局")
    assert sorted(row.county for row in housing) == [PIANGUAN, PINGSHUN]


def test_a_person_names_the_registry_counties_body_or_writes_the_county(registry: Path) -> None:
    pingshun, pianguan = _resolve("县住建局", county=PINGSHUN) + _resolve("县住建局", county=PIANGUAN)
    resolver = DepartmentResolver(county="")
    with pytest.raises(ValueError, match="偏关县、平顺县 都有.*写明县名"):
        resolver.require("县住建局")
    assert resolver.require("偏关县住建局") == pianguan
    assert DepartmentResolver(county=PINGSHUN).require("住建局") == pingshun
    assert DepartmentResolver(county=PIANGUAN).require("县住房和城乡建设局") == pianguan
    (only_pianguan,) = _resolve("县教科局", county=PIANGUAN)
    assert DepartmentResolver(county=PINGSHUN).require("县教科局") == only_pianguan   # the one county that has it


def test_departments_of_no_county_still_serve_every_county(registry: Path) -> None:
    """A registry older than counties keeps its departments for all (county "")."""
    old = Department.create(name="县住房和城乡建设局")
    DepartmentAlias.create(name="县住建局", department=old)
    assert _resolve("县住建局", county=PIANGUAN) == [old.id]
    assert _resolve("县住房和城乡建设管理局", county=PINGSHUN) == [old.id]


# -- the table ------------------------------------------------------------------------


def test_shipped_table_is_consistent_and_loaded_once() -> None:
    table = load_alias_table()
    assert load_alias_table() is table  # cached: read once per process
    assert any(entry.alias == "县住建局" and entry.county == "" for entry in table)
    assert {entry.county for entry in table} >= {"", PINGSHUN, PIANGUAN, "稷山县"}
    groups = {entry.canonical for entry in table if entry.is_group}
    assert "各乡（镇）人民政府" in groups
    assert all(is_collective(name) for name in groups)


def test_table_rows_name_their_county() -> None:
    entries = parse_alias_table(["*\t县甲局\t甲局", "平顺县\t县甲乙局\t甲局", "偏关县\t县丙局\t\tgroup"])
    assert [(entry.county, entry.canonical, entry.alias, entry.is_group) for entry in entries] == [
        ("", "县甲局", "甲局", False), (PINGSHUN, "县甲乙局", "甲局", False), (PIANGUAN, "县丙局", None, True)]
    rules = alias_rules(entries)
    assert rules.rule(PINGSHUN, "甲局") == ("县甲乙局", False)      # the county's own row first
    assert rules.rule(PIANGUAN, "甲局") == ("县甲局", False)
    with pytest.raises(ValueError, match="第一列应为县名或"):
        parse_alias_table(["县住房和城乡建设局\t县住建局"])         # the format before counties


def test_table_rejects_an_alias_of_two_bodies_in_one_county() -> None:
    with pytest.raises(ValueError, match="同时属于"):
        parse_alias_table(["*\t县甲局\t甲局", "*\t县乙局\t甲局"])
    with pytest.raises(ValueError, match="既是规范名称"):
        parse_alias_table(["平顺县\t县甲局\t县乙局", "平顺县\t县乙局\t乙局"])
    parse_alias_table(["平顺县\t县甲局\t甲局", "偏关县\t县乙局\t甲局"])   # two counties, two bodies: fine


def test_sync_gives_departments_their_counties_aliases(registry: Path) -> None:
    pingshun = Department.create(name="县发展改革和科学技术局", county=PINGSHUN)
    pianguan = Department.create(name="县发展和改革局", county=PIANGUAN)
    assert sync_alias_table() > 0
    aliases = {(row.county, row.name): row.department_id for row in DepartmentAlias.select()}
    assert aliases[(PINGSHUN, "县发改局")] == pingshun.id and aliases[(PIANGUAN, "县发改局")] == pianguan.id
    assert (PINGSHUN, "县发展和改革局") not in aliases
    assert sync_alias_table() == 0


def test_an_import_gives_the_departments_it_makes_their_table_aliases(registry: Path) -> None:
    """Not left to the next open: a first import's next command wrote 80 aliases, a read one too."""
    store_extracted(extracted([plan("平政办发〔2023〕1号", "平顺方案", [
        task("平顺甲", seq="1", lead=("县发展改革和科学技术局",)),
    ], issuer="平顺县人民政府办公室")]))
    development = Department.get(Department.name == "县发展改革和科学技术局")
    assert (PINGSHUN, "县发改局") in {(row.county, row.name) for row in development.aliases}
    assert sync_alias_table() == 0


def test_sync_does_not_undo_a_merge(registry: Path) -> None:
    _resolve("县交通运输局", "县住房和城乡建设局", county=PINGSHUN)
    merge_departments("县交通运输局", "县住房和城乡建设局")
    sync_alias_table()      # the merged body's table aliases go to the body it joined
    assert sync_alias_table() == 0
    assert not Department.select().where(Department.name == "县住房和城乡建设局").exists()
    assert _resolve("县住建局", county=PINGSHUN) == [find_department("县交通运输局").id]


def test_find_department_by_any_alias(registry: Path) -> None:
    _resolve("县住房和城乡建设局", county=PINGSHUN)
    department = find_department("住建局")
    assert department is not None and department.name == "县住房和城乡建设局"
    assert find_department("县不存在局") is None
    assert find_department(department.id) == department
    made = resolve_department("县新设局")
    assert made.name == "县新设局"


# -- merging --------------------------------------------------------------------------


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
    assert DepartmentAlias.get(DepartmentAlias.name == "县小微企业发展促进中心").county == PINGSHUN
    assert _resolve("县小微企业发展促进中心", county=PINGSHUN) == [keep.id]


def test_merge_refuses_a_department_with_itself(registry: Path) -> None:
    _resolve("县住建局", county=PINGSHUN)
    with pytest.raises(ValueError):
        merge_departments("县住建局", "住建局")
    with pytest.raises(LookupError):
        merge_departments("县住建局", "县不存在局")


def test_merge_refuses_two_counties_bodies(registry: Path) -> None:
    pingshun, pianguan = _resolve("县住建局", county=PINGSHUN) + _resolve("县住建局", county=PIANGUAN)
    with pytest.raises(ValueError, match="不是同一个县的单位"):
        merge_departments(pingshun, pianguan)


def test_a_group_is_never_merged_into_one_unit(registry) -> None:
    store_extracted(extracted([plan("某政办发〔2023〕7号", "方案", [
        task("修路", responsible=("县水利局", "各乡镇"))])]))
    with pytest.raises(ValueError, match="集合名称"):
        merge_departments("县水利局", "各乡镇")
