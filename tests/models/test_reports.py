"""The weekly overdue report: who is listed, what is counted, which note is shown."""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

import models.supervision.updates
from models import record_status_update, store_extracted
from models.paper.reports import UNASSIGNED, dominant_county, latest_notes, report_title, week_monday, weekly_report
from models.registry.schema import Task
from tests.models.builders import clock_at, extracted, plan, task

MONDAY = date(2023, 11, 6)          # ISO 2023-W45
WEDNESDAY = date(2023, 11, 8)       # same week: the report normalises to its Monday


@pytest.fixture(autouse=True)
def _reported_before_the_monday(monkeypatch: pytest.MonkeyPatch) -> None:
    """Updates are recorded in the week before: the report reads them as they stood on its Monday."""
    clock_at(monkeypatch, datetime(2023, 11, 1, 9))


@pytest.fixture
def tasks(registry: Path) -> dict[str, int]:
    store_extracted(extracted([
        plan("平政发〔2023〕3号", "城市更新方案", [
            task("修复道路", seq="1", lead=("县住建局",), cooperating=("县交通局",), due=date(2023, 10, 31)),
            task("改造管网", seq="2", lead=("县住建局",), responsible=("各乡镇",), due=date(2023, 11, 5)),
            task("种植行道树", seq="3", lead=("县林业局",), due=date(2023, 9, 1)),
            task("清理河道", seq="4", lead=("县水利局",), responsible=("各乡镇",), due=date(2023, 11, 15)),
            task("今日到期", seq="5", lead=("县住建局",), due=MONDAY),
            task("长效管护", seq="6", lead=("县住建局",), ongoing=True, deadline_text="长期坚持"),
            task("下下周到期", seq="7", lead=("县财政局",), due=date(2023, 11, 20)),
            task("无人牵头", seq="8", cooperating=("县交通局",), due=date(2023, 10, 1)),
            task("集合下周到期", seq="9", responsible=("县直有关部门",), due=date(2023, 11, 13)),
        ]),
        plan("平政发〔2023〕4号", "防汛方案", [
            task("加固堤坝", seq="1", responsible=("县住建局",), due=date(2023, 8, 6)),
        ]),
    ]))
    ids = {row.text: row.id for row in Task.select()}
    record_status_update(ids["种植行道树"], "已完成", 100, completed_on=date(2023, 8, 30))
    return ids


def test_summary_counts_lead_and_responsible_not_cooperating(tasks: dict[str, int]) -> None:
    report = weekly_report(WEDNESDAY)
    rows = {row.name: row for row in report.summary}
    assert (rows["县住房和城乡建设局"].overdue, rows["县住房和城乡建设局"].due_next_week) == (3, 0)
    assert (rows["县水利局"].overdue, rows["县水利局"].due_next_week) == (0, 1)
    group = next(row for row in report.summary if row.is_group)
    assert (group.overdue, group.due_next_week) == (1, 1)
    assert rows[UNASSIGNED].overdue == 1
    # Cooperating only, done only, due the week after next: not listed.
    assert "县交通运输局" not in rows and "县林业局" not in rows and "县财政局" not in rows
    # A group with nothing overdue is left out even when something is due next week.
    assert [row.name for row in report.summary if row.is_group] == [group.name]
    assert report.overdue_total == 4 and report.due_next_week_total == 2


def test_summary_order_named_first_by_overdue_then_groups_then_unassigned(tasks: dict[str, int]) -> None:
    report = weekly_report(MONDAY)
    kinds = [("unassigned" if row.department_id is None else "group" if row.is_group else "named", row.overdue)
             for row in report.summary]
    assert kinds == [("named", 3), ("named", 0), ("group", 1), ("unassigned", 1)]


def test_sections_list_overdue_tasks_with_days(tasks: dict[str, int]) -> None:
    report = weekly_report(WEDNESDAY)
    assert report.as_of == MONDAY and report.week_end == date(2023, 11, 12)
    assert (report.due_from, report.due_to) == (date(2023, 11, 13), date(2023, 11, 19))
    sections = {section.name: section for section in report.sections}
    assert "县水利局" not in sections   # due next week only: a summary row, no section
    housing = sections["县住房和城乡建设局"]
    assert [(t.text, t.days_overdue) for t in housing.tasks] == [("加固堤坝", 92), ("修复道路", 6), ("改造管网", 1)]
    road = housing.tasks[1]
    assert (road.plan_number, road.plan_title, road.seq, road.deadline) == (
        "平政发〔2023〕3号", "城市更新方案", "1", date(2023, 10, 31))
    assert road.cooperating == ("县交通运输局",)   # shown beside the task, never counted
    group = next(section for section in report.sections if section.is_group)
    assert [t.text for t in group.tasks] == ["改造管网"]
    assert [t.text for t in sections[UNASSIGNED].tasks] == ["无人牵头"]


def test_done_tasks_never_listed(tasks: dict[str, int]) -> None:
    record_status_update(tasks["修复道路"], "已完成", 100, completed_on=date(2023, 11, 2))
    report = weekly_report(MONDAY)
    listed = {t.text for section in report.sections for t in section.tasks}
    assert "种植行道树" not in listed and "修复道路" not in listed
    assert "今日到期" not in listed and "长效管护" not in listed   # due on the Monday; ongoing
    assert report.summary[0].overdue == 2


def test_latest_note_picked(tasks: dict[str, int], monkeypatch: pytest.MonkeyPatch) -> None:
    road = tasks["修复道路"]
    for stamp, note in ((datetime(2023, 10, 20, 9), "已进场施工"), (datetime(2023, 11, 3, 16), "路基完成六成"),
                        (datetime(2023, 11, 4, 8), "")):
        monkeypatch.setattr(models.supervision.updates, "now", lambda stamp=stamp: stamp)
        record_status_update(road, "推进中", 60, note=note)
    report = weekly_report(MONDAY)
    by_text = {t.text: t for section in report.sections for t in section.tasks}
    # A later update without a note does not hide the last one written.
    assert (by_text["修复道路"].note, by_text["修复道路"].note_date) == ("路基完成六成", date(2023, 11, 3))
    assert (by_text["修复道路"].status, by_text["修复道路"].progress) == ("推进中", 60)
    assert by_text["改造管网"].note is None and by_text["改造管网"].note_date is None
    assert latest_notes([]) == {}
    assert set(latest_notes()) == {road}


def test_week_label_around_new_year(registry: Path) -> None:
    assert week_monday(date(2023, 1, 1)) == date(2022, 12, 26)
    first = weekly_report(date(2023, 1, 1), county="平顺县")
    assert (first.iso_year, first.iso_week, first.as_of) == (2022, 52, date(2022, 12, 26))
    assert first.title == "平顺县2022年第52周 逾期任务通报"
    new_year = weekly_report(date(2024, 1, 7), county="平顺县")
    assert (new_year.iso_year, new_year.iso_week, new_year.as_of) == (2024, 1, date(2024, 1, 1))
    assert report_title("平顺县", date(2024, 12, 30)) == "平顺县2025年第1周 逾期任务通报"
    assert report_title(None, MONDAY) == "2023年第45周 逾期任务通报"
    assert first.summary == () and first.sections == ()


def test_title_county_from_issuers(tasks: dict[str, int]) -> None:
    # Every plan of the fixture is issued by 平顺县人民政府办公室.
    assert weekly_report(MONDAY).title == "平顺县2023年第45周 逾期任务通报"
    assert weekly_report(MONDAY, county="偏关县").title == "偏关县2023年第45周 逾期任务通报"


def test_no_county_when_none_dominates(registry: Path) -> None:
    store_extracted(extracted([
        plan("平政发〔2023〕3号", "甲方案", [task("甲", lead=("县水利局",))]),
        plan("偏政发〔2023〕1号", "乙方案", [task("乙", lead=("县水利局",))], issuer="偏关县人民政府"),
        # No issuer: tied to 平顺县 by its number's prefix.
        plan("平政办发〔2023〕9号", "丙方案", [task("丙", lead=("县水利局",))], issuer=None),
    ]))
    assert dominant_county() is None
    assert weekly_report(MONDAY).title == "2023年第45周 逾期任务通报"


def test_lagging_tasks_are_counted_per_department(registry) -> None:
    """A year task at 10 % in November is behind 序时进度 (about 84 %): 欠进度, not overdue."""
    store_extracted(extracted([plan("某政办发〔2023〕5号", "方案", [
        task("建设污水管网", lead=("县住建局",), due=date(2023, 12, 31)),
        task("改造老旧小区", lead=("县住建局",), due=date(2023, 12, 31)),
        task("拆除危房", lead=("县住建局",), due=date(2023, 10, 31))], issue_date=date(2023, 1, 1))]))
    first = Task.select().order_by(Task.id).first()
    record_status_update(first.id, "推进中", 90, note="基本完工")
    report = weekly_report(MONDAY)
    summary = {row.name: row for row in report.summary}
    assert summary["县住房和城乡建设局"].lagging == 1 and summary["县住房和城乡建设局"].overdue == 1
    assert report.lagging_total == 1


def test_summary_counts_red_and_yellow_lights(registry) -> None:
    store_extracted(extracted([plan("某政办发〔2023〕6号", "方案", [
        task("逾期任务", lead=("县水利局",), due=date(2023, 10, 31)),
        task("三天内到期", lead=("县水利局",), due=date(2023, 11, 8))], issue_date=date(2023, 11, 1))]))
    soon = Task.get(Task.text == "三天内到期")
    record_status_update(soon.id, "推进中", 90)            # on pace, but due within 3 days: 黄
    row = next(row for row in weekly_report(MONDAY).summary if row.name == "县水利局")
    assert (row.red, row.yellow) == (1, 1)


def test_the_report_names_the_plans_still_to_be_reviewed(tasks: dict[str, int], tmp_path: Path) -> None:
    from pypdf import PdfReader

    from models.paper.report_pdf import write_report_pdf
    from models.registry.schema import Plan
    from models.upkeep.review import mark_reviewed

    report = weekly_report(MONDAY)
    numbers = {number for number, _title, _flagged in report.unreviewed}
    assert numbers == {number for (number,) in Plan.select(Plan.number).tuples()}
    path = tmp_path / "report.pdf"
    write_report_pdf(report, path)
    text = "".join(page.extract_text() for page in PdfReader(path).pages).replace("\n", "")
    assert f"尚待审核的文件 {len(numbers)} 件" in text
    for number in numbers:
        mark_reviewed(number)
    assert weekly_report(MONDAY).unreviewed == ()


def test_a_past_weeks_report_is_made_again_as_it_was_issued(tasks: dict[str, int],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 12 §18: a task reported done in 2026 dropped out of the report of 2023-11-06, and its
    2026 note showed as that week's latest progress."""
    from models.supervision.workflow import decide_extension, request_extension

    record_status_update(tasks["修复道路"], "推进中", 50, note="路基已完成")       # 2023-11-01
    issued = weekly_report(MONDAY)
    road = next(task for section in issued.sections for task in section.tasks if task.text == "修复道路")
    assert (road.status, road.progress, road.note) == ("推进中", 50, "路基已完成")

    clock_at(monkeypatch, datetime(2026, 3, 2, 10))
    record_status_update(tasks["修复道路"], "已完成", 100, note="2026年已通车", completed_on=date(2026, 3, 1))
    record_status_update(tasks["加固堤坝"], "推进中", 80, note="2026年的进展")
    decide_extension(request_extension(tasks["改造管网"], date(2026, 6, 30), "资金未到位").id, True, "李主任")
    assert weekly_report(WEDNESDAY) == issued                                   # the same report, whole
    now_overdue = {task.text for section in weekly_report(date(2026, 3, 2)).sections for task in section.tasks}
    assert "修复道路" not in now_overdue and "改造管网" not in now_overdue        # as things are now
