"""`duban departments --suspect / typo / confirm / merge` and `duban county` end to end."""
from pathlib import Path

import pytest

from desktop.cli import main

WETLANDS = ("偏关县人民政府办公室\n关于印发偏关县湿地保护修复制度方案的通知\n偏政办发〔2023〕30号\n2023年3月1日\n"
            "偏关县湿地保护修复制度方案\n"
            "1.建立湿地用途管控机制。（责任单位：县林业局、县水利财局；完成时限：2023年6月底前）\n"
            "2.明确湿地修复责任主体。（责任单位：县林业局、县政局、县自然资源局；完成时限：2023年10月底前）\n"
            "3.规范湿地用途管理。（责任单位：县水利局、县财政局；完成时限：2023年10月底前）\n"
            "4.严肃惩处破坏湿地行为。（责任单位：县水利局、县财政局；完成时限：2023年10月底前）\n"
            "5.健全湿地保护补偿制度。（责任单位：县财政局；完成时限：2023年12月底前）\n"
            "6.做好湿地周边困难群众救助。（责任单位：县民政局；完成时限：2023年12月底前）\n")
PINGSHUN = ("平顺县人民政府办公室\n关于印发平顺县城市建设工作方案的通知\n平政办发〔2023〕9号\n2023年3月1日\n"
            "平顺县城市建设工作方案\n"
            "1.新建城区污水管网10公里。（牵头单位：县住建局；配合单位：县发改局、县财政局；完成时限：2023年6月底前）\n")


@pytest.fixture
def registry(tmp_path, monkeypatch):
    path = tmp_path / "registry.sqlite3"
    monkeypatch.setenv("DUBAN_DB", str(path))
    yield path
    from models.registry.database import close_registry
    close_registry()


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def imported(capsys, tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert run(capsys, "import", "--quiet", str(path))[0] == 0


def test_suspects_are_listed_and_settled(registry, capsys, tmp_path):
    imported(capsys, tmp_path, "wetlands.txt", WETLANDS)
    code, out, err = run(capsys, "departments", "--suspect")
    assert code == 0
    assert out.splitlines() == ["偏关县\t县政局\t任务 1\t疑似笔误：县财政局（或 县民政局）",
                                "偏关县\t县水利财局\t任务 1\t疑似笔误：县水利局"]
    assert "共 2 个疑似笔误的单位" in err
    code, out, _ = run(capsys, "departments", "typo", "县水利财局", "县水利局")
    assert code == 0 and out.splitlines()[0] == "已合并：“县水利财局”是笔误，并入“县水利局”，其分工全部保留"
    assert "1 项任务的 1 条分工改记到 县水利局" in out
    assert run(capsys, "departments", "confirm", "县政局")[1] == "已确认“县政局”是独立的单位\n"
    assert run(capsys, "departments", "--suspect")[1] == ""
    code, out, _ = run(capsys, "tasks", "--json", "--dept", "县水利财局")      # the typo is now an alias
    assert code == 0 and out.count('"id"') == 3


def test_the_county_is_shown_and_set(registry, capsys, tmp_path):
    imported(capsys, tmp_path, "wetlands.txt", WETLANDS)
    assert run(capsys, "county")[1] == "登记册所属县：偏关县\n"     # taken from the first import's issuer
    imported(capsys, tmp_path, "pingshun.txt", PINGSHUN)
    assert run(capsys, "county")[1] == "登记册所属县：偏关县\n另有单位属于：平顺县\n"
    # Each county has its 县财政局; a bare name means the registry county's, a county's name the other.
    assert run(capsys, "tasks", "--json", "--dept", "县财政局")[1].count('"id"') == 3
    assert run(capsys, "tasks", "--json", "--dept", "平顺县财政局")[1].count('"id"') == 1
    # Only 平顺 has a 县发改局 (its 县发展改革和科学技术局): the one county that has it answers.
    assert run(capsys, "tasks", "--json", "--dept", "县发改局")[1].count('"id"') == 1
    assert run(capsys, "county", "平顺县")[1] == "登记册所属县：平顺县\n"
    assert run(capsys, "tasks", "--json", "--dept", "县财政局")[1].count('"id"') == 1
    code, _, err = run(capsys, "county", "住建局")
    assert code != 0 and "不是县" in err


def test_merge_says_what_moved_and_refuses_two_counties(registry, capsys, tmp_path):
    imported(capsys, tmp_path, "wetlands.txt", WETLANDS)
    imported(capsys, tmp_path, "pingshun.txt", PINGSHUN.replace("县住建局", "县林业局"))
    code, _, err = run(capsys, "departments", "merge", "县林业局", "平顺县林业局")
    assert code != 0 and "不是同一个县的单位" in err
    code, out, _ = run(capsys, "departments", "merge", "县财政局", "县政局")
    assert code == 0 and "“县政局”今后都认作 县财政局" in out
