"""三色督办单: the colour rule, escalation, issuing (number, reply deadline, history), candidates."""
from __future__ import annotations

import time
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from models import record_status_update, store_extracted, task_history
from models.supervision.listing import TaskTable
from models.paper.notices import (
    BLUE,
    RED,
    YELLOW,
    NoticeRefused,
    NoticeSettings,
    PreviousNotice,
    TaskFacts,
    candidates,
    issue_notice,
    notice_colour,
    notice_sheet,
    notices_of,
    reply_deadline,
)
from models.registry.schema import StatusUpdate, SupervisionNotice, Task
from tests.models.builders import extracted, plan, task

AS_OF = date(2023, 11, 6)   # a Monday
START = "2023-01-01"        # 序时进度 runs from here: 85% of a year task at 2023-11-06


def facts(deadline: str | None = "2023-12-31", status: str = "推进中", progress: int = 50, **more) -> TaskFacts:
    return TaskFacts(deadline, status, progress, start=more.pop("start", START), **more)


# -- the colour the facts give ------------------------------------------------------------

@pytest.mark.parametrize(("task_facts", "colour", "reason"), [
    (facts("2023-10-27"), YELLOW, "逾期10天"),
    (facts("2023-10-07"), YELLOW, "逾期30天"),                      # up to 30 days: 黄
    (facts("2023-10-06"), RED, "逾期31天"),
    (facts("2023-10-27", progress=0), YELLOW, "逾期10天"),          # overdue: lateness alone judges
    (facts(progress=0), RED, "欠进度85个百分点（序时进度85%，实际0%）"),
    (facts(progress=70), BLUE, "欠进度15个百分点（序时进度85%，实际70%）"),
    (facts("2023-11-08", progress=95), BLUE, "2天后到期"),
    (facts("2023-11-06", progress=99), BLUE, "今天到期"),
    (facts("2023-11-30", start=None, progress=0), None, "正常推进"),  # no start: no 序时进度
    (facts(progress=85), None, "正常推进"),
    (facts("2023-10-27", status="已完成", progress=100), None, "已完成"),
    (facts("2023-10-27", closed_on=date(2023, 11, 1)), None, "已销号（2023年11月1日）"),
    (facts("2023-10-27", withdrawn=True), None, "已撤销"),
    (facts(None, ongoing=True, progress=0), None, "长期任务，不设时限"),
    (facts(None, recurrence="monthly:5", progress=0), None, "周期任务，按期次督办"),
    (facts(None, progress=0), None, "未设完成时限"),
])
def test_colour_from_the_facts(task_facts: TaskFacts, colour: str | None, reason: str) -> None:
    assert notice_colour(task_facts, [], AS_OF) == (colour, reason)


def test_thresholds_are_settings() -> None:
    assert notice_colour(facts("2023-10-27"), [], AS_OF, NoticeSettings(red_after_days=5)).colour == RED
    assert notice_colour(facts("2023-11-08", progress=95), [], AS_OF, NoticeSettings(due_soon_days=1)).colour is None
    assert notice_colour(facts(progress=70), [], AS_OF, NoticeSettings(behind_threshold=20)).colour is None
    assert notice_colour(facts(progress=40), [], AS_OF, NoticeSettings(far_behind_threshold=50)).colour == BLUE


def earlier(colour: str, issued: date, reply_by: date, number: str = "督〔2023〕1号") -> PreviousNotice:
    return PreviousNotice(colour, number, datetime.combine(issued, datetime.min.time()), reply_by)


@pytest.mark.parametrize(("task_facts", "previous", "colour"), [
    # A 蓝 whose reply time ran out: at least 黄.
    (facts(progress=70), [earlier(BLUE, date(2023, 10, 20), date(2023, 10, 31))], YELLOW),
    # Still within its reply time: the department is answering; no escalation.
    (facts(progress=70), [earlier(BLUE, date(2023, 11, 3), date(2023, 11, 14))], BLUE),
    # A 黄 lapsed and the task is still overdue: 红.
    (facts("2023-10-27"), [earlier(YELLOW, date(2023, 10, 30), date(2023, 11, 2))], RED),
    # A 黄 lapsed, the task behind but not overdue: 黄 again.
    (facts(progress=70), [earlier(YELLOW, date(2023, 10, 20), date(2023, 10, 25))], YELLOW),
    # After a 红, 红.
    (facts(progress=70), [earlier(RED, date(2023, 10, 20), date(2023, 10, 23))], RED),
    # A notice issued after the day judged does not count.
    (facts(progress=70), [earlier(YELLOW, date(2023, 11, 20), date(2023, 11, 23))], BLUE),
    # Lateness already gives more than the step: it stays.
    (facts("2023-09-01"), [earlier(BLUE, date(2023, 9, 5), date(2023, 9, 14))], RED),
])
def test_earlier_notices_escalate(task_facts: TaskFacts, previous: list[PreviousNotice], colour: str) -> None:
    assert notice_colour(task_facts, previous, AS_OF).colour == colour


def test_escalation_reason_names_the_earlier_notice() -> None:
    result = notice_colour(facts("2023-10-27"), [earlier(YELLOW, date(2023, 10, 30), date(2023, 11, 2),
                                                         "督〔2023〕7号")], AS_OF)
    assert result == (RED, "逾期10天；已发黄色督办单（督〔2023〕7号），2023年11月2日反馈期限已过，仍逾期")


def test_done_tasks_never_escalate() -> None:
    previous = [earlier(RED, date(2023, 10, 1), date(2023, 10, 2))]
    assert notice_colour(facts("2023-09-01", status="已完成", progress=100), previous, AS_OF).colour is None


# -- the registry ---------------------------------------------------------------------

@pytest.fixture
def ids(registry: Path) -> dict[str, int]:
    """Tasks of a plan issued 2023-01-01, by a short name."""
    tasks = [
        task("修建乡村公路", seq="1", lead=("县交通局",), responsible=("县财政局",), due=date(2023, 10, 27)),
        task("改造老旧小区", seq="2", responsible=("县住建局", "县水利局"), due=date(2023, 9, 1)),
        task("建设污水管网", seq="3", lead=("县住建局",), cooperating=("县财政局",), due=date(2023, 12, 31)),
        task("完成河道清淤", seq="4", responsible=("县水利局",), due=date(2023, 12, 31)),
        task("长效管护", seq="5", responsible=("县财政局",), ongoing=True, deadline_text="长期坚持"),
        task("无人牵头的任务", seq="6", cooperating=("县财政局",), due=date(2023, 10, 1)),
    ]
    store_extracted(extracted([plan("某政发〔2023〕1号", "2023年重点工作方案", tasks, issue_date=date(2023, 1, 1))]))
    found = {row.text: row.id for row in Task.select()}
    result = {"road": found["修建乡村公路"], "housing": found["改造老旧小区"], "sewer": found["建设污水管网"],
              "river": found["完成河道清淤"], "ongoing": found["长效管护"], "orphan": found["无人牵头的任务"]}
    record_status_update(result["sewer"], "推进中", 85, note="管网已铺设大半")   # on pace
    record_status_update(result["river"], "推进中", 70, note="清淤进行中", who="王五")  # 15 points behind
    return result


def test_issue_records_the_notice_and_the_history(ids: dict[str, int]) -> None:
    before = Task.get_by_id(ids["road"])
    notice = issue_notice(ids["road"], issued_by="张三", as_of=AS_OF)
    assert notice.colour == YELLOW
    assert notice.number == "督〔2023〕1号"
    assert notice.reason == "逾期10天"
    assert notice.reply_by == date(2023, 11, 9)           # 黄: 3 working days
    assert notice.department.name == "县交通运输局"        # the lead unit, canonical name
    assert notice.issued_by == "张三" and notice.issued_at.date() == AS_OF
    assert [item.id for item in notices_of(ids["road"])] == [notice.id]
    entry = task_history(ids["road"])[-1]
    assert entry.note.startswith("已发黄色督办单 督〔2023〕1号，限2023年11月9日前反馈")
    assert "县交通运输局" in entry.note and entry.who == "张三"
    assert entry.created_at == notice.issued_at
    after = Task.get_by_id(ids["road"])
    assert (entry.status, entry.progress) == (after.status, after.progress) == (before.status, before.progress)


def test_addressee_defaults_to_the_first_responsible_and_takes_any_alias(ids: dict[str, int]) -> None:
    assert issue_notice(ids["housing"], as_of=AS_OF).department.name == "县住房和城乡建设局"
    assert issue_notice(ids["housing"], "县水利局", as_of=AS_OF, colour=RED).department.name == "县水利局"
    assert issue_notice(ids["sewer"], "县住建局", as_of=date(2023, 12, 29)).department.name == "县住房和城乡建设局"
    with pytest.raises(NoticeRefused, match="不是任务"):
        issue_notice(ids["road"], "县水利局", as_of=AS_OF)
    with pytest.raises(LookupError, match="不存在的局"):
        issue_notice(ids["road"], "不存在的局", as_of=AS_OF)
    with pytest.raises(NoticeRefused, match="请指定督办单位"):
        issue_notice(ids["orphan"], as_of=AS_OF)
    assert issue_notice(ids["orphan"], "县财政局", as_of=AS_OF).department.name == "县财政局"
    with pytest.raises(NoticeRefused, match="不是任务"):
        issue_notice(ids["orphan"], "县水利局", as_of=AS_OF, colour=RED)


def test_a_task_without_units_may_go_to_any_department(ids: dict[str, int]) -> None:
    from models.registry.schema import Assignment
    Assignment.delete().where(Assignment.task == ids["road"]).execute()
    with pytest.raises(NoticeRefused, match="请指定督办单位"):
        issue_notice(ids["road"], as_of=AS_OF)
    assert issue_notice(ids["road"], "县水利局", as_of=AS_OF).department.name == "县水利局"


def test_numbers_run_per_year(ids: dict[str, int]) -> None:
    numbers = [issue_notice(ids["road"], as_of=date(2023, 12, 28)).number,
               issue_notice(ids["housing"], as_of=date(2023, 12, 29)).number,
               issue_notice(ids["road"], as_of=date(2024, 1, 2)).number,
               issue_notice(ids["housing"], as_of=date(2024, 1, 3)).number]
    assert numbers == ["督〔2023〕1号", "督〔2023〕2号", "督〔2024〕1号", "督〔2024〕2号"]


@pytest.mark.parametrize(("colour", "issued", "reply_by"), [
    (RED, date(2023, 9, 28), date(2023, 10, 7)),      # 1 working day: the 调休 Saturday after National Day
    (YELLOW, date(2023, 9, 28), date(2023, 10, 9)),   # 3: 9-29 to 10-6 off, 10-7 and 10-8 worked
    (BLUE, date(2023, 9, 28), date(2023, 10, 13)),
    (BLUE, date(2024, 2, 8), date(2024, 2, 23)),      # 7 across the 2024 Spring Festival (2-18 worked)
    (YELLOW, date(2024, 2, 8), date(2024, 2, 19)),    # 2-9 worked, 2-10 to 2-17 off, 2-18 worked
])
def test_reply_deadline_counts_working_days(colour: str, issued: date, reply_by: date) -> None:
    assert reply_deadline(colour, issued) == reply_by


def test_issued_notice_counts_its_reply_deadline_across_a_holiday(ids: dict[str, int]) -> None:
    notice = issue_notice(ids["housing"], as_of=date(2023, 9, 28))      # overdue 27 days: 黄
    assert (notice.colour, notice.reply_by) == (YELLOW, date(2023, 10, 9))
    assert "限2023年10月9日前反馈" in task_history(ids["housing"])[-1].note


def test_the_office_may_raise_the_colour_never_lower_it(ids: dict[str, int]) -> None:
    raised = issue_notice(ids["road"], as_of=AS_OF, colour=RED)
    assert raised.colour == RED and raised.reply_by == date(2023, 11, 7)
    assert raised.reason == "逾期10天；督查室提级为红色督办（问责）"
    with pytest.raises(NoticeRefused, match="应发黄色督办单（逾期10天），不能降为蓝色"):
        issue_notice(ids["road"], as_of=AS_OF, colour=BLUE)
    with pytest.raises(ValueError, match="颜色"):
        issue_notice(ids["road"], as_of=AS_OF, colour="绿")
    assert len(notices_of(ids["road"])) == 1


def test_never_for_done_or_closed_tasks(ids: dict[str, int]) -> None:
    record_status_update(ids["road"], "已完成", 100, completed_on=date(2023, 11, 1))
    with pytest.raises(NoticeRefused, match="无需督办：已完成"):
        issue_notice(ids["road"], as_of=AS_OF)
    with pytest.raises(NoticeRefused, match="无需督办：已完成"):
        issue_notice(ids["road"], as_of=AS_OF, colour=RED)
    Task.update(closed_on=date(2023, 11, 2)).where(Task.id == ids["housing"]).execute()
    with pytest.raises(NoticeRefused, match="已销号"):
        issue_notice(ids["housing"], as_of=AS_OF)
    with pytest.raises(NoticeRefused, match="正常推进"):
        issue_notice(ids["sewer"], as_of=AS_OF)
    with pytest.raises(NoticeRefused, match="长期任务"):
        issue_notice(ids["ongoing"], as_of=AS_OF)
    with pytest.raises(LookupError, match="没有编号为 9999 的任务"):
        issue_notice(9999, as_of=AS_OF)
    assert SupervisionNotice.select().count() == 0
    listed = {item.task_id for item in candidates(AS_OF)}
    assert not listed & {ids["road"], ids["housing"], ids["sewer"], ids["ongoing"]}


def test_candidates_with_colours(ids: dict[str, int]) -> None:
    listed = candidates(AS_OF)
    assert [(item.task_id, item.colour, item.reason, item.department) for item in listed] == [
        (ids["housing"], RED, "逾期66天", "县住房和城乡建设局"),
        (ids["orphan"], RED, "逾期36天", ""),
        (ids["road"], YELLOW, "逾期10天", "县交通运输局"),
        (ids["river"], BLUE, "欠进度15个百分点（序时进度85%，实际70%）", "县水利局"),
    ]
    road = next(item for item in listed if item.task_id == ids["road"])
    assert (road.plan, road.seq, road.deadline, road.days_overdue) == (
        "某政发〔2023〕1号", "1", date(2023, 10, 27), 10)


def test_no_second_notice_of_a_colour_within_seven_days(ids: dict[str, int]) -> None:
    issue_notice(ids["housing"], as_of=AS_OF)                        # 红, reply by 11-07
    for days in range(7):
        later = AS_OF + timedelta(days=days)
        assert ids["housing"] not in {item.task_id for item in candidates(later)}, later
    again = {item.task_id: item for item in candidates(AS_OF + timedelta(days=7))}[ids["housing"]]
    assert again.colour == RED and again.earlier_notices == 1


def test_a_lapsed_blue_escalates_to_yellow(ids: dict[str, int]) -> None:
    blue = issue_notice(ids["river"], as_of=AS_OF)
    assert (blue.colour, blue.reply_by) == (BLUE, date(2023, 11, 15))
    # Past the 7 days, but the department still has until 11-15 to reply: not listed.
    assert ids["river"] not in {item.task_id for item in candidates(date(2023, 11, 14))}
    after = {item.task_id: item for item in candidates(date(2023, 11, 16))}[ids["river"]]
    assert after.colour == YELLOW
    assert "已发蓝色督办单（督〔2023〕1号），2023年11月15日反馈期限已过" in after.reason
    yellow = issue_notice(ids["river"], as_of=date(2023, 11, 16))
    assert yellow.colour == YELLOW and yellow.number == "督〔2023〕2号"
    # Once the task is done, no more.
    record_status_update(ids["river"], "已完成", 100, completed_on=date(2023, 11, 20))
    assert ids["river"] not in {item.task_id for item in candidates(date(2023, 12, 1))}


def test_a_lapsed_yellow_on_an_overdue_task_gives_red(ids: dict[str, int]) -> None:
    issue_notice(ids["road"], as_of=AS_OF)                               # 黄, reply by 11-09
    red = issue_notice(ids["road"], as_of=date(2023, 11, 10))
    assert red.colour == RED
    assert red.reason == "逾期14天；已发黄色督办单（督〔2023〕1号），2023年11月9日反馈期限已过，仍逾期"
    notes = [entry.note for entry in task_history(ids["road"])]
    assert [note[:8] for note in notes] == ["已发黄色督办单 ", "已发红色督办单 "]


def test_notice_sheet_reads_the_task_as_issued(ids: dict[str, int]) -> None:
    notice = issue_notice(ids["river"], as_of=AS_OF, issued_by="督查室")
    record_status_update(ids["river"], "推进中", 90, note="反馈：已完成九成")
    sheet = notice_sheet(notice.id)
    assert (sheet.number, sheet.colour, sheet.kind, sheet.department) == ("督〔2023〕1号", BLUE, "提醒", "县水利局")
    assert (sheet.plan_number, sheet.plan_title, sheet.plan_issue_date) == (
        "某政发〔2023〕1号", "2023年重点工作方案", date(2023, 1, 1))
    assert (sheet.status, sheet.progress, sheet.light.colour) == ("推进中", 70, "黄")
    assert [entry.note for entry in sheet.history] == ["清淤进行中"]      # before the notice only
    assert sheet.units == {"responsible": ("县水利局",)}
    with pytest.raises(LookupError):
        notice_sheet(9999)


def test_candidates_over_a_hundred_thousand_tasks(registry: Path) -> None:
    rows = 100_000
    table = TaskTable(plans={plan_id: (f"某政发〔2023〕{plan_id}号", "方案", "2023-01-01") for plan_id in range(1000)},
                      department_names={1: "县住建局", 2: "县水利局"})
    first = date(2023, 6, 1)
    deadlines = [(first + timedelta(days=day)).isoformat() for day in range(365)]
    table.ids = list(range(1, rows + 1))
    table.plan_ids = [row // 100 for row in range(rows)]
    table.seqs = [str(row % 100 + 1) for row in range(rows)]
    table.texts = [f"推进第{row}项工作" for row in range(rows)]
    table.deadlines = [deadlines[row % 365] for row in range(rows)]
    table.deadline_texts = [None] * rows
    table.recurrences = [None] * rows
    table.ongoing = [False] * rows
    table.statuses = [("未开始", "推进中", "已完成")[row % 3] for row in range(rows)]
    table.progress = [(0, 60, 100)[row % 3] for row in range(rows)]
    table.last_updates = [None] * rows
    table.units = {"lead": [(1,)] * rows, "responsible": [(2,)] * rows, "cooperating": [()] * rows}
    start = time.perf_counter()
    listed = candidates(AS_OF, table=table)
    elapsed = time.perf_counter() - start
    assert {item.colour for item in listed} == {RED, YELLOW, BLUE}
    assert all(item.department == "县住建局" for item in listed[:100])
    assert elapsed < 3.0, elapsed   # measured ~0.3 s (60,000 candidates); generous for slow machines


def test_history_entry_is_a_plain_status_update(ids: dict[str, int]) -> None:
    notice = issue_notice(ids["road"], as_of=AS_OF, issued_by="李四")
    update = StatusUpdate.select().order_by(StatusUpdate.id.desc()).get()
    assert update.task_id == ids["road"] and update.department is None
    assert update.created_at == notice.issued_at
