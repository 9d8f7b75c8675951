"""`duban review` and `duban task`: an import reviewed beside its source and corrected from the command line."""
import json

import pytest

from desktop.cli import main
from desktop.exit_codes import EXIT_DENIED, EXIT_INPUT, EXIT_OK, EXIT_USAGE

NUMBER = "某政办发〔2023〕9号"
PLAN = ("某县人民政府办公室\n关于印发某县2023年城市建设工作方案的通知\n某政办发〔2023〕9号\n"    # 1-3
        "2023年3月1日\n某县2023年城市建设工作方案\n"                                          # 4-5
        "一、工作任务\n"                                                                  # 6
        "1.新建城区污水管网10公里。（牵头单位：县住建局；责任单位：县交通局；完成时限：2023年6月底前）\n"  # 7
        "2.改造老旧小区12个。（责任单位：县住房和城乡建设局；完成时限：2023年10月底前）\n"           # 8
        "二、实施步骤\n"                                                                  # 9
        "（一）准备阶段（2023年4月）。\n"                                                    # 10
        "（二）加强城区绿化管护，县林业局负责，2023年9月底前完成。\n")                             # 11


@pytest.fixture
def registry(tmp_path, monkeypatch, capsys):
    """PLAN imported into a fresh registry."""
    from models.registry.database import close_registry

    monkeypatch.setenv("DUBAN_DB", str(tmp_path / "registry.sqlite3"))
    plan = tmp_path / "plan.txt"
    plan.write_text(PLAN, encoding="utf-8")
    assert run(capsys, "import", str(plan))[0] == EXIT_OK
    yield tmp_path / "registry.sqlite3"
    close_registry()


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def tasks(capsys) -> dict[str, dict]:
    code, out, _ = run(capsys, "tasks", "--json")
    assert code == EXIT_OK
    return {row["text"][:6]: row for row in json.loads(out)}


def test_review_lists_flagged_tasks_with_their_source_lines(registry, capsys):
    code, out, err = run(capsys, "review")
    assert code == EXIT_OK and NUMBER in out and "待审核 1 个文件" in err
    code, out, _ = run(capsys, "review", NUMBER)
    assert code == EXIT_OK
    assert "待审核" in out and "疑似非任务 1" in out and "无责任单位 1" in out
    assert "准备阶段（2023年4月）" in out and "   10│ （一）准备阶段（2023年4月）。" in out
    assert "新建城区污水管网" not in out                    # no flag: not listed
    code, out, _ = run(capsys, "review", NUMBER, "--all")
    assert "新建城区污水管网" in out and "    7│ 1.新建城区污水管网10公里。" in out


def test_review_done_marks_the_plan_once(registry, capsys):
    code, out, _ = run(capsys, "review", NUMBER, "--done")
    assert code == EXIT_OK and "已审核（" in out
    code, out, err = run(capsys, "review")
    assert out == "" and "待审核 0 个文件" in err
    assert run(capsys, "review", NUMBER, "--done")[0] == EXIT_OK
    code, out, _ = run(capsys, "audit", "--action", "review")
    assert len(out.splitlines()) == 1


def test_review_of_an_unknown_plan_or_without_one(registry, capsys):
    code, _, err = run(capsys, "review", "某政办发〔2099〕1号")
    assert code == EXIT_INPUT and "没有文件" in err
    assert run(capsys, "review", "--done")[0] == EXIT_USAGE


def test_task_edit_sets_units_and_deadline(registry, capsys):
    heading = tasks(capsys)["准备阶段（2"]["id"]
    code, out, _ = run(capsys, "task", "edit", str(heading), "--text", "做好创建准备工作",
                       "--lead", "县住建局,县交通局", "--deadline", "5月底前")
    assert code == EXIT_OK and f"已修改任务 {heading}" in out and "2023年5月31日" in out
    row = tasks(capsys)["做好创建准备"]
    assert row["lead"] == ["县住房和城乡建设局", "县交通运输局"] and row["deadline"] == "2023-05-31"
    code, _, _ = run(capsys, "task", "edit", str(heading), "--ongoing")
    assert code == EXIT_OK and tasks(capsys)["做好创建准备"]["deadline"] is None
    code, out, _ = run(capsys, "audit", "--action", "task_edit")
    assert len(out.splitlines()) == 2


def test_task_edit_refuses_an_unknown_unit_until_asked_to_create_it(registry, capsys):
    task_id = tasks(capsys)["新建城区污水"]["id"]
    code, _, err = run(capsys, "task", "edit", str(task_id), "--responsible", "县河长办")
    assert code == EXIT_INPUT and "县河长办" in err and "--create-departments" in err
    code, out, _ = run(capsys, "task", "edit", str(task_id), "--responsible", "县河长办", "--create-departments")
    assert code == EXIT_OK and "县河长办" in out
    code, _, err = run(capsys, "task", "edit", str(task_id), "--deadline", "尽快")
    assert code == EXIT_INPUT and "读不出完成时限" in err
    assert run(capsys, "task", "edit", "999", "--text", "x")[0] == EXIT_INPUT


def test_task_add_from_source_lines(registry, capsys):
    before = len(tasks(capsys))
    code, out, _ = run(capsys, "task", "add", "--plan", NUMBER, "--lines", "11-11")
    assert code == EXIT_OK and "已新增任务" in out and "（二）加强城区绿化管护" in out
    assert "2023年9月30日" in out                           # the importer's reading of the line
    assert len(tasks(capsys)) == before + 1
    code, _, err = run(capsys, "task", "add", "--plan", NUMBER, "--lines", "40-41")
    assert code == EXIT_INPUT and "不在此方案的原文中" in err
    with pytest.raises(SystemExit):
        run(capsys, "task", "add", "--plan", NUMBER, "--lines", "十一")


def test_task_withdraw_needs_a_reason_and_keeps_the_task(registry, capsys):
    heading = tasks(capsys)["准备阶段（2"]["id"]
    assert run(capsys, "task", "withdraw", str(heading), "--reason", " ")[0] == EXIT_INPUT
    code, out, _ = run(capsys, "task", "withdraw", str(heading), "--reason", "阶段标题，不是任务")
    assert code == EXIT_OK and "已撤销任务" in out and "撤销原因：阶段标题，不是任务" in out
    assert "准备阶段（2" not in tasks(capsys)
    code, out, _ = run(capsys, "review", NUMBER)
    assert "疑似非任务 0" in out and "另撤销 1 项" in out


def test_only_the_office_corrects_or_marks(registry, capsys, monkeypatch):
    task_id = tasks(capsys)["新建城区污水"]["id"]
    monkeypatch.setenv("DUBAN_NEW_PASSWORD", "office-review-pass")
    assert run(capsys, "account", "add", "admin", "--role", "office")[0] == EXIT_OK
    monkeypatch.setenv("DUBAN_PASSWORD", "office-review-pass")
    monkeypatch.setenv("DUBAN_NEW_PASSWORD", "water-review-pass")
    assert run(capsys, "--user", "admin", "account", "add", "water", "--role", "liaison",
               "--dept", "县交通局")[0] == EXIT_OK
    monkeypatch.setenv("DUBAN_PASSWORD", "water-review-pass")
    for argv in (("task", "edit", str(task_id), "--text", "改"), ("review", NUMBER, "--done"),
                 ("task", "withdraw", str(task_id), "--reason", "重复")):
        code, _, err = run(capsys, "--user", "water", *argv)
        assert code == EXIT_DENIED and "只有督查室" in err
    code, _, err = run(capsys, "task", "edit", str(task_id), "--text", "改")
    assert code == EXIT_DENIED and "--user" in err
