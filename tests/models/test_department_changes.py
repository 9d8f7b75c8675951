"""The office's changes to departments (rename, aliases, collective, typo, confirm), the
registry's county, likely typos, and schema v9 on an older file."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from models import close_registry, open_registry, store_extracted
from models.access.accounts import authenticate, create_account
from models.access.audit import entries
from models.errors import PermissionDenied
from models.registry import migrations
from models.registry.counties import check_county, county_of_issuer, registry_county
from models.registry.department_overview import department_overview
from models.registry.departments import (DepartmentResolver, likely_match, likely_matches, suspect_departments,
                                         typo_distance)
from models.registry.schema import Assignment, AuditEntry, Department, DepartmentAlias, Task, db
from models.upkeep.department_changes import (add_alias, alias_move, confirm_department, mark_typo, merge_preview,
                                              remove_alias, rename_department, set_collective, set_registry_county)
from tests.models.builders import extracted, plan, task

PINGSHUN, PIANGUAN = "平顺县", "偏关县"
PINGSHUN_OFFICE, PIANGUAN_OFFICE = "平顺县人民政府办公室", "偏关县人民政府办公室"


def _ident(name: str, county: str) -> int:
    return Department.get((Department.name == name) & (Department.county == county)).id


def _last_audit() -> AuditEntry:
    return AuditEntry.select().order_by(AuditEntry.id.desc()).first()


@pytest.fixture
def wetlands(registry: Path) -> Path:
    """偏关's wetland plan as the seed writes it: 县水利财局 and 县政局 once each, beside
    县水利局 and 县财政局 named often; 县民政局 in another plan of the county."""
    store_extracted(extracted([
        plan("偏政办发〔2023〕30号", "湿地保护修复制度方案", [
            task("管控", seq="1", responsible=("县林业局", "县水利财局")),
            task("修复", seq="2", responsible=("县林业局", "县政局", "县自然资源局")),
            task("规范", seq="3", responsible=("县水利局", "县财政局")),
            task("惩处", seq="4", responsible=("县水利局", "县财政局")),
            task("补偿", seq="5", responsible=("县财政局",)),
        ], issuer=PIANGUAN_OFFICE),
        plan("偏政办发〔2023〕31号", "社会救助方案", [
            task(f"救助{number}", seq=str(number), lead=("县民政局",)) for number in range(1, 6)
        ], issuer=PIANGUAN_OFFICE),
        plan("平政办发〔2023〕2号", "平顺方案", [
            task("平顺水利", seq="1", lead=("县水利局",)),
            task("平顺水务", seq="2", lead=("县水务局",)),
        ], issuer=PINGSHUN_OFFICE),
    ]))
    return registry


# -- likely typos ------------------------------------------------------------------


def test_typo_distance_counts_one_slip_of_the_pen() -> None:
    assert typo_distance("县水利财局", "县水利局") == 1        # a character added
    assert typo_distance("县政局", "县民政局") == typo_distance("县政局", "县财政局") == 1   # one dropped
    assert typo_distance("县人民政府", "县政府") == 2
    assert typo_distance("县住房和城乡建没局", "县住房和城乡建设局") == 1   # replaced, in a long name
    # In short names a different character is usually another body.
    assert typo_distance("县水务局", "县水利局") is None
    assert typo_distance("县林业局", "县农业局") is None
    assert typo_distance("新关镇人民政府", "尚峪镇人民政府") is None
    assert typo_distance("县委", "县委办") is None                    # too short to tell
    assert typo_distance("县教育局", "县教育科学技术局") is None       # more than two characters


def test_typos_are_flagged_with_their_likely_match(wetlands: Path) -> None:
    water, typo_water = _ident("县水利局", PIANGUAN), _ident("县水利财局", PIANGUAN)
    finance, civil, typo_civil = (_ident("县财政局", PIANGUAN), _ident("县民政局", PIANGUAN),
                                  _ident("县政局", PIANGUAN))
    assert likely_match(typo_water) == (water, "县水利局")
    # Both are one character away; 县财政局 is named in the typo's own plan, 县民政局 is not.
    assert likely_match(typo_civil) == (finance, "县财政局")
    suspects = {suspect.name: suspect for suspect in suspect_departments()}
    assert set(suspects) == {"县水利财局", "县政局"}
    assert suspects["县政局"].matches == ((finance, "县财政局"), (civil, "县民政局"))
    assert suspects["县政局"].county == PIANGUAN and suspects["县政局"].tasks == 1
    # The well-known body is never a typo of the rare one; nothing crosses counties.
    assert likely_match(water) is None and likely_match(_ident("县水务局", PINGSHUN)) is None
    assert likely_matches([typo_water, water]) == {typo_water: (water, "县水利局")}


def test_a_name_listed_beside_its_likely_match_is_not_its_typo(registry: Path) -> None:
    store_extracted(extracted([plan("偏政办发〔2023〕5号", "方案", [
        task("甲", seq="1", responsible=("县政局", "县民政局")),
        task("乙", seq="2", responsible=("县民政局",)),
    ], issuer=PIANGUAN_OFFICE)]))
    assert likely_match(_ident("县政局", PIANGUAN)) is None


def test_the_office_confirms_a_body_of_its_own(wetlands: Path) -> None:
    typo = _ident("县水利财局", PIANGUAN)
    confirm_department(typo)
    assert likely_match(typo) is None
    # Confirmed, it does not make the busier body its typo either.
    assert [suspect.name for suspect in suspect_departments()] == ["县政局"]
    assert _last_audit().action == "department_change"
    confirm_department(typo, False)
    assert likely_match(typo) is not None


def test_marking_a_typo_merges_it_and_keeps_it_as_an_alias(wetlands: Path) -> None:
    typo, water = _ident("县水利财局", PIANGUAN), _ident("县水利局", PIANGUAN)
    preview = merge_preview(water, typo)
    assert (preview.assignments, preview.tasks, preview.refusal) == (1, 1, None)
    assert preview.describe()[0] == "县水利财局 并入 县水利局："
    mark_typo(typo, water)
    assert not Department.select().where(Department.id == typo).exists()
    assert Assignment.select().join(Task).where(Task.text == "管控", Assignment.department == water).exists()
    alias = DepartmentAlias.get(DepartmentAlias.name == "县水利财局")
    assert (alias.department_id, alias.county) == (water, PIANGUAN)
    entry = _last_audit()
    assert entry.action == "merge" and "笔误" in entry.summary and json.loads(entry.after)["typo"] is True
    assert suspect_departments() and all(suspect.name != "县水利财局" for suspect in suspect_departments())


# -- one department ----------------------------------------------------------------


def test_rename_keeps_the_old_name_as_an_alias(wetlands: Path) -> None:
    water = _ident("县水利局", PIANGUAN)
    rename_department(water, "县水利发展中心")
    assert Department.get_by_id(water).name == "县水利发展中心"
    assert DepartmentResolver(county=PIANGUAN).require("县水利局") == water
    entry = _last_audit()
    assert (json.loads(entry.before)["name"], json.loads(entry.after)["name"]) == ("县水利局", "县水利发展中心")
    with pytest.raises(ValueError, match="请用“合并”"):
        rename_department(water, "县财政局")


def test_an_alias_that_meant_another_body_moves_with_its_assignments(wetlands: Path) -> None:
    finance, typo = _ident("县财政局", PIANGUAN), _ident("县政局", PIANGUAN)
    add_alias(typo, "县政府财政")          # a new written form: nothing moves
    assert alias_move(finance, "县政府财政").owner == "县政局"
    assert alias_move(finance, "县政府财政").assignments == 0
    add_alias(finance, "县政府财政")
    assert DepartmentAlias.get(DepartmentAlias.name == "县政府财政").department_id == finance
    with pytest.raises(ValueError, match="另一个单位的名称"):
        add_alias(finance, "县政局")
    remove_alias(finance, "县政府财政")
    assert not DepartmentAlias.select().where(DepartmentAlias.name == "县政府财政").exists()
    with pytest.raises(LookupError):
        remove_alias(finance, "县政府财政")


def test_alias_move_takes_the_assignments_written_that_way(registry: Path) -> None:
    """平顺's 县发改局 filed under a 县发展和改革局 (as before the table knew better): giving the
    alias to 县发展改革和科学技术局 takes those assignments along."""
    wrong = Department.create(name="县发展和改革局", county=PINGSHUN)
    DepartmentAlias.create(name="县发改局", county=PINGSHUN, department=wrong)
    store_extracted(extracted([plan("平政办发〔2023〕9号", "方案", [
        task("甲", seq="1", lead=("县发改局",)),
        task("乙", seq="2", lead=("县发展改革和科学技术局",), cooperating=("县发展和改革局",)),
    ], issuer=PINGSHUN_OFFICE)]))
    right = _ident("县发展改革和科学技术局", PINGSHUN)
    assert Assignment.select().where(Assignment.department == wrong).count() == 2
    assert alias_move(right, "县发改局").assignments == 1
    add_alias(right, "县发改局")
    assert sorted(row.task.text for row in Assignment.select().where(Assignment.department == right)) == ["乙", "甲"]
    assert [row.written_name for row in Assignment.select().where(Assignment.department == wrong)] == ["县发展和改革局"]


def test_collective_mark(wetlands: Path) -> None:
    forest = _ident("县林业局", PIANGUAN)
    set_collective(forest, True)
    assert Department.get_by_id(forest).is_group
    with pytest.raises(ValueError, match="已是集合名称"):
        set_collective(forest, True)
    set_collective(forest, False)
    assert not Department.get_by_id(forest).is_group


def test_changes_are_the_offices_and_audited(wetlands: Path) -> None:
    create_account("office1", "office-password-1", "office")
    office = authenticate("office1", "office-password-1")
    water = _ident("县水利局", PIANGUAN)
    create_account("water", "liaison-password-1", "liaison", department=water, actor=office)
    liaison = authenticate("water", "liaison-password-1")
    before = AuditEntry.select().count()
    for change in (lambda: rename_department(water, "县水利中心", actor=liaison),
                   lambda: add_alias(water, "水利", actor=liaison),
                   lambda: set_collective(water, True, actor=liaison),
                   lambda: confirm_department(water, actor=liaison),
                   lambda: mark_typo(_ident("县水利财局", PIANGUAN), water, actor=liaison),
                   lambda: set_registry_county("偏关县", actor=liaison)):
        with pytest.raises(PermissionDenied):
            change()
    assert AuditEntry.select().count() == before and Department.get_by_id(water).name == "县水利局"
    with pytest.raises(ValueError, match="有联络员账户"):
        set_collective(water, True, actor=office)
    add_alias(water, "水利", actor=office)
    assert [entry.summary for entry in entries(office, limit=1)] == ["“水利”记为“县水利局”的别名（偏关县）"]


# -- the county ------------------------------------------------------------------


def test_counties_named_by_issuers_and_by_people() -> None:
    assert county_of_issuer("平顺县人民政府办公室") == PINGSHUN
    assert county_of_issuer("中共偏关县委办公室") == PIANGUAN
    assert county_of_issuer("山西省长治市平顺县人民政府") == PINGSHUN
    assert county_of_issuer("平顺县发展改革和科学技术局") == PINGSHUN
    assert county_of_issuer("长治市人民政府") == "长治市"
    assert county_of_issuer("山西省人民政府") is None and county_of_issuer(None) is None
    assert county_of_issuer("县市场监督管理局") is None
    assert check_county(" 平顺县 ") == PINGSHUN
    with pytest.raises(ValueError, match="不是县"):
        check_county("县住建局")


def test_the_first_import_names_the_registrys_county(registry: Path) -> None:
    assert registry_county() == ""
    store_extracted(extracted([plan("平政办发〔2023〕1号", "方案", [task("甲", lead=("县住建局",))])]))
    assert registry_county() == PINGSHUN
    setting = AuditEntry.get(AuditEntry.action == "setting")
    assert "首次导入" in setting.summary and json.loads(setting.after)["county"] == PINGSHUN
    # A later import of another county's documents leaves it.
    store_extracted(extracted([plan("偏政办发〔2023〕1号", "方案", [task("乙", lead=("县住建局",))],
                                    issuer=PIANGUAN_OFFICE)]))
    assert registry_county() == PINGSHUN


def test_a_first_import_of_several_counties_names_none(registry: Path) -> None:
    store_extracted(extracted([
        plan("平政办发〔2023〕1号", "方案", [task("甲", lead=("县住建局",))], issuer=PINGSHUN_OFFICE),
        plan("偏政办发〔2023〕1号", "方案", [task("乙", lead=("县住建局",))], issuer=PIANGUAN_OFFICE),
    ]))
    assert registry_county() == ""


def test_setting_the_county_adopts_the_departments_of_no_county(registry: Path) -> None:
    """A registry older than counties: its departments belong to none until the office names its county."""
    store_extracted(extracted([
        plan("某政办发〔2023〕1号", "方案", [task("甲", lead=("县住建局", "县档案馆"))], issuer=None)]))
    store_extracted(extracted([
        plan("偏政办发〔2023〕1号", "方案", [task("乙", lead=("县档案馆",))], issuer=PIANGUAN_OFFICE)]))
    assert {row.county for row in Department.select()} == {""}
    change = set_registry_county("平顺县")
    assert (change.county, change.previous, change.adopted) == (PINGSHUN, "", 1)
    housing = Department.get(Department.name == "县住房和城乡建设局")
    assert housing.county == PINGSHUN
    assert Department.get(Department.name == "县档案馆").county == ""    # 偏关 names it too
    assert {row.county for row in DepartmentAlias.select().where(DepartmentAlias.department == housing)} == {PINGSHUN}
    assert json.loads(_last_audit().after) == {"county": PINGSHUN, "adopted": 1}
    with pytest.raises(ValueError):
        set_registry_county("住建局")


def test_the_overview_counts_roles_and_groups_by_county(wetlands: Path) -> None:
    rows = {(row.county, row.name): row for row in department_overview()}
    finance = rows[(PIANGUAN, "县财政局")]
    assert (finance.lead, finance.responsible, finance.cooperating, finance.tasks) == (0, 3, 0, 3)
    assert rows[(PIANGUAN, "县民政局")].lead == 5
    typo = rows[(PIANGUAN, "县政局")]
    assert typo.likely == (finance.id, "县财政局") and typo.alternatives == ((rows[(PIANGUAN, "县民政局")].id,
                                                                              "县民政局"),)
    set_registry_county(PINGSHUN)
    counties = [row.county for row in department_overview()]
    assert counties == [PINGSHUN] * counties.count(PINGSHUN) + [PIANGUAN] * counties.count(PIANGUAN)


# -- schema v9 -------------------------------------------------------------------


def test_v8_departments_become_of_no_county(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "v8.sqlite3"
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:8])
    open_registry(path)
    db.execute_sql("INSERT INTO department (name, is_group, created_at) VALUES ('县住房和城乡建设局', 0, '2023-01-01')")
    db.execute_sql("INSERT INTO department_alias (name, department_id) VALUES ('县住建局', 1)")
    close_registry()
    monkeypatch.undo()
    open_registry(path)
    try:
        housing = Department.get()
        assert (housing.name, housing.county, housing.confirmed_at) == ("县住房和城乡建设局", "", None)
        assert DepartmentAlias.get(DepartmentAlias.name == "县住建局").county == ""
        # One name per county now, not one per registry.
        Department.create(name="县住房和城乡建设局", county=PIANGUAN)
        DepartmentAlias.create(name="县住建局", county=PIANGUAN, department=2)
        with pytest.raises(Exception, match="UNIQUE"):
            Department.create(name="县住房和城乡建设局", county=PIANGUAN)
    finally:
        close_registry()
        db.initialize(None)
    copy = sqlite3.connect(f"{path}.bak-v8")
    try:
        assert "county" not in [row[1] for row in copy.execute('PRAGMA table_info("department")')]
    finally:
        copy.close()
