"""The five seed gazettes (平顺, 稷山, 偏关) imported into a fresh registry: each county's
departments are its own, 平顺's development office is one department, the typos are flagged."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from importers.pipeline import extract_file
from models import close_registry, open_registry, store_extracted
from models.registry.counties import registry_county
from models.registry.departments import normalise_name, suspect_departments
from models.registry.schema import Assignment, Department, Plan, Task, db

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))
PINGSHUN, JISHAN, PIANGUAN = "平顺县", "稷山县", "偏关县"


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("seeds") / "registry.sqlite3"
    open_registry(path)
    try:
        for seed in SEEDS:
            store_extracted(extract_file(seed))
        yield path
    finally:
        close_registry()
        db.initialize(None)


def _department(name: str, county: str) -> Department:
    return Department.get((Department.name == name) & (Department.county == county))


def _written(department: Department) -> dict[str, int]:
    counts: dict[str, int] = {}
    for (written,) in Assignment.select(Assignment.written_name).where(Assignment.department == department).tuples():
        counts[written] = counts.get(written, 0) + 1
    return counts


def test_the_registry_takes_the_county_of_its_first_gazette(seeds: Path) -> None:
    assert registry_county() == PINGSHUN          # seeds/000 is 平顺县's gazette
    assert {county for (county,) in Department.select(Department.county).distinct().tuples()} == {
        PINGSHUN, JISHAN, PIANGUAN}


def test_pingshuns_development_office_is_one_department_with_all_its_tasks(seeds: Path) -> None:
    office = _department("县发展改革和科学技术局", PINGSHUN)
    assert _written(office) == {"县发改局": 26, "县发展改革和科学技术局": 7, "县发科局": 2}
    assert not Department.select().where(Department.county == PINGSHUN,
                                         Department.name.in_(["县发展和改革局", "县发改局"])).exists()
    # Every 平顺 task that names the office, however written, is its.
    pingshun_plans = [plan.id for plan in Plan.select() if (plan.issuer or "").startswith(PINGSHUN)]
    forms = {"县发改局", "发改局", "县发科局", "县发展改革和科学技术局", "平顺县发展改革和科学技术局"}
    named = (Assignment.select(Assignment.department, Assignment.written_name).join(Task)
             .where(Task.plan.in_(pingshun_plans)))
    assert {row.department_id for row in named if normalise_name(row.written_name) in forms} == {office.id}


def test_each_countys_housing_bureau_is_its_own(seeds: Path) -> None:
    housing = {row.county: row for row in Department.select().where(Department.name == "县住房和城乡建设局")}
    assert set(housing) == {PINGSHUN, JISHAN, PIANGUAN}
    for county, department in housing.items():
        plans = {(plan.issuer or "")[:3] for plan in Plan.select().join(Task).join(Assignment)
                 .where(Assignment.department == department)}
        assert plans == {county}, county
    assert _department("县发展和改革局", PIANGUAN) and _department("县发展改革局", JISHAN)


def test_the_two_typos_are_flagged_with_their_likely_match(seeds: Path) -> None:
    suspects = {(suspect.county, suspect.name): suspect for suspect in suspect_departments()}
    assert suspects[(PIANGUAN, "县水利财局")].likely[1] == "县水利局"
    # 县政局 is one character from both; 县财政局 is named in the same 湿地 plan, 县民政局 is not.
    assert [name for _ident, name in suspects[(PIANGUAN, "县政局")].matches] == ["县财政局", "县民政局"]
    assert set(suspects) == {(PIANGUAN, "县水利财局"), (PIANGUAN, "县政局")}


def test_the_task_table_and_the_resolver_carry_each_departments_county(seeds: Path) -> None:
    """What the tree, the weekly report and the ledger read, for grouping by county."""
    from models.registry.departments import DepartmentResolver
    from models.supervision.listing import load_task_table

    table = load_task_table()
    resolver = DepartmentResolver()
    for department in Department.select():
        assert table.department_counties[department.id] == resolver.counties[department.id] == department.county
    housing = {table.department_counties[ident]: name for ident, name in table.department_names.items()
               if name.startswith("县住房和城乡建设局")}
    assert set(housing) == {PINGSHUN, JISHAN, PIANGUAN}
    # Shown apart wherever they are listed (the tree, the report, one ledger sheet each): the
    # registry's own county's by its name, the others' with their county.
    assert housing == {PINGSHUN: "县住房和城乡建设局", JISHAN: f"县住房和城乡建设局（{JISHAN}）",
                       PIANGUAN: f"县住房和城乡建设局（{PIANGUAN}）"}
