"""三色督办单: the colour rule, escalation, issuing (number, reply deadline, history, signer, the clock's
date), the draft shown before 签发, candidates."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

import models.paper.notices
from models import record_status_update, store_extracted, task_history
from models.access import audit
from models.access.accounts import create_account
from models.access.actor import Actor
from models.access.signer import Signer, office_signer, set_office_signer
from models.errors import InvalidInput, PermissionDenied
from models.paper.notices import (
    BLUE,
    DRAFT_NUMBER,
    RED,
    YELLOW,
    NoticeRefused,
    NoticeSettings,
    PreviousNotice,
    TaskFacts,
    awaiting_reply,
    candidates,
    describe_previous,
    draft_notice,
    issue_notice,
    notice_colour,
    notice_sheet,
    notices_of,
    propose_notice,
    reply_deadline,
)
from models.registry.schema import AuditEntry, StatusUpdate, SupervisionNotice, Task
from tests.models.builders import extracted, plan, synthetic_table, task

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

class Clock:
    """The notices' clock, set by the test: a notice is dated when it is issued."""

    def __init__(self, day: date) -> None:
        self.at = datetime.combine(day, datetime.min.time()).replace(hour=10)

    def now(self) -> datetime:
        return self.at

    def set(self, day: date, hour: int = 10) -> None:
        self.at = datetime.combine(day, datetime.min.time()).replace(hour=hour)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """The clock reads AS_OF, 10:00, unless a test moves it."""
    fixed = Clock(AS_OF)
    monkeypatch.setattr(models.paper.notices, "now", fixed.now)
    return fixed


def issue_on(day: date, clock: Clock, task_id: int, *args, **kwargs):
    """Issue a notice on ``day`` (the clock) as the office sees it that day (the as-of date)."""
    clock.set(day)
    return issue_notice(task_id, *args, as_of=day, **kwargs)


@pytest.fixture
def ids(registry: Path, clock: Clock) -> dict[str, int]:
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


def test_addressee_defaults_to_the_first_responsible_and_takes_any_alias(ids: dict[str, int], clock: Clock) -> None:
    assert issue_notice(ids["housing"], as_of=AS_OF).department.name == "县住房和城乡建设局"
    assert issue_notice(ids["housing"], "县水利局", as_of=AS_OF, colour=RED).department.name == "县水利局"
    assert issue_on(date(2023, 12, 29), clock, ids["sewer"], "县住建局").department.name == "县住房和城乡建设局"
    clock.set(AS_OF)
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


def test_numbers_run_per_year_of_issue(ids: dict[str, int], clock: Clock) -> None:
    numbers = [issue_on(date(2023, 12, 28), clock, ids["road"]).number,
               issue_on(date(2023, 12, 29), clock, ids["housing"]).number,
               issue_on(date(2024, 1, 2), clock, ids["road"]).number,
               issue_on(date(2024, 1, 3), clock, ids["housing"]).number]
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


def test_issued_notice_counts_its_reply_deadline_across_a_holiday(ids: dict[str, int], clock: Clock) -> None:
    notice = issue_on(date(2023, 9, 28), clock, ids["housing"])        # overdue 27 days: 黄
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


def test_a_lapsed_blue_escalates_to_yellow(ids: dict[str, int], clock: Clock) -> None:
    blue = issue_notice(ids["river"], as_of=AS_OF)
    assert (blue.colour, blue.reply_by) == (BLUE, date(2023, 11, 15))
    # Past the 7 days, but the department still has until 11-15 to reply: not listed.
    assert ids["river"] not in {item.task_id for item in candidates(date(2023, 11, 14))}
    after = {item.task_id: item for item in candidates(date(2023, 11, 16))}[ids["river"]]
    assert after.colour == YELLOW
    assert "已发蓝色督办单（督〔2023〕1号），2023年11月15日反馈期限已过" in after.reason
    yellow = issue_on(date(2023, 11, 16), clock, ids["river"])
    assert yellow.colour == YELLOW and yellow.number == "督〔2023〕2号"
    # Once the task is done, no more.
    record_status_update(ids["river"], "已完成", 100, completed_on=date(2023, 11, 20))
    assert ids["river"] not in {item.task_id for item in candidates(date(2023, 12, 1))}


def test_a_lapsed_yellow_on_an_overdue_task_gives_red(ids: dict[str, int], clock: Clock) -> None:
    issue_notice(ids["road"], as_of=AS_OF)                               # 黄, reply by 11-09
    red = issue_on(date(2023, 11, 10), clock, ids["road"])
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
    """Every colour among 100,000 tasks; how fast is benchmarks/notice_bench.py's question."""
    listed = candidates(AS_OF, table=synthetic_table(100_000))
    assert {item.colour for item in listed} == {RED, YELLOW, BLUE}
    assert all(item.department == "县住建局" for item in listed[:100])


def test_history_entry_is_a_plain_status_update(ids: dict[str, int]) -> None:
    notice = issue_notice(ids["road"], as_of=AS_OF, issued_by="李四")
    update = StatusUpdate.select().order_by(StatusUpdate.id.desc()).get()
    assert update.task_id == ids["road"] and update.department is None
    assert update.created_at == notice.issued_at


# -- dated by the clock ------------------------------------------------------------------

def test_a_notice_is_dated_by_the_clock_not_the_as_of_date(ids: dict[str, int], clock: Clock) -> None:
    """The office looks at 2023-11-06 and issues on 2026-12-04: the colour is 2023-11-06's lateness,
    the notice's time, number and reply deadline are the day it is issued."""
    clock.set(date(2026, 12, 4), hour=15)
    notice = issue_notice(ids["road"], issued_by="张三", as_of=AS_OF)
    assert notice.issued_at == datetime(2026, 12, 4, 15)
    assert notice.number == "督〔2026〕1号"
    assert (notice.colour, notice.reply_by) == (YELLOW, date(2026, 12, 9))     # 3 working days from the 4th
    assert notice.reason == "逾期10天（截至2023年11月6日）"
    entry = task_history(ids["road"])[-1]
    assert entry.created_at == datetime(2026, 12, 4, 15)
    assert entry.note.startswith("已发黄色督办单 督〔2026〕1号，限2026年12月9日前反馈")
    assert notice_sheet(notice.id).issued_at == datetime(2026, 12, 4, 15)


def test_as_of_defaults_to_the_clock(ids: dict[str, int], clock: Clock) -> None:
    clock.set(date(2023, 11, 10))
    notice = issue_notice(ids["road"])
    assert notice.reason == "逾期14天" and notice.issued_at.date() == date(2023, 11, 10)


# -- the draft before 签发 -------------------------------------------------------------------

def test_a_draft_is_the_notice_to_be_issued_recording_nothing(ids: dict[str, int], clock: Clock) -> None:
    entries, history = AuditEntry.select().count(), task_history(ids["road"])
    draft = draft_notice(ids["road"], issued_by="王主任", as_of=AS_OF, colour=RED)
    assert draft.number == DRAFT_NUMBER == "（签发时编号）" and draft.notice_id == 0
    assert SupervisionNotice.select().count() == 0
    assert task_history(ids["road"]) == history and AuditEntry.select().count() == entries
    issued = notice_sheet(issue_notice(ids["road"], issued_by="王主任", as_of=AS_OF, colour=RED).id)
    assert issued.number == "督〔2023〕1号"
    for field in ("colour", "kind", "department", "issued_by", "issued_at", "reason", "reply_by", "status",
                  "progress", "light", "units", "history", "text", "current_deadline"):
        assert getattr(draft, field) == getattr(issued, field), field
    # Refused as issuing would be.
    with pytest.raises(NoticeRefused, match="不能降为蓝色"):
        draft_notice(ids["road"], as_of=AS_OF, colour=BLUE)
    with pytest.raises(NoticeRefused, match="正常推进"):
        draft_notice(ids["sewer"], as_of=AS_OF)


def test_the_proposal_shows_colour_addressees_and_earlier_notices(ids: dict[str, int], clock: Clock) -> None:
    proposal = propose_notice(ids["road"], AS_OF)
    assert (proposal.colour, proposal.reason, proposal.colours()) == (YELLOW, "逾期10天", (YELLOW, RED))
    assert proposal.departments == ("县交通运输局", "县财政局") and proposal.department == "县交通运输局"
    assert proposal.reply_by(YELLOW) == date(2023, 11, 9) and proposal.previous == ()
    assert proposal.signer == Signer("", False)
    orphan = propose_notice(ids["orphan"], AS_OF)
    assert orphan.department is None and orphan.departments == ("县财政局",)
    assert propose_notice(ids["sewer"], AS_OF).colour is None

    issue_notice(ids["road"], as_of=AS_OF)                     # 黄, reply by 2023-11-09
    clock.set(date(2023, 11, 8))
    waiting = propose_notice(ids["road"], date(2023, 11, 8)).awaiting_reply()
    assert [notice.number for notice in waiting] == ["督〔2023〕1号"]
    assert describe_previous(waiting[0], date(2023, 11, 8)) == \
        "督〔2023〕1号 黄色督办单，2023年11月6日签发，反馈期限2023年11月9日（尚未届满）"
    clock.set(date(2023, 11, 10))
    later = propose_notice(ids["road"], date(2023, 11, 10))
    assert later.awaiting_reply() == []
    assert describe_previous(later.previous[0], later.today).endswith("反馈期限2023年11月9日（已过）")
    assert later.colour == RED                                  # the lapsed 黄 escalates


def test_awaiting_reply_counts_the_reply_day_itself() -> None:
    notice = PreviousNotice(YELLOW, "督〔2023〕1号", datetime(2023, 11, 6, 10), date(2023, 11, 9))
    assert awaiting_reply([notice], date(2023, 11, 9)) == [notice]
    assert awaiting_reply([notice], date(2023, 11, 10)) == []


# -- who signs -------------------------------------------------------------------------------

def test_the_zero_setup_office_signs_with_its_own_name(ids: dict[str, int]) -> None:
    assert issue_notice(ids["road"], as_of=AS_OF).issued_by == ""          # not named yet
    assert set_office_signer("  督查室王主任 ") == "督查室王主任" == office_signer()
    notice = issue_notice(ids["housing"], as_of=AS_OF)
    assert notice.issued_by == "督查室王主任" and task_history(ids["housing"])[-1].who == "督查室王主任"
    assert propose_notice(ids["river"], AS_OF).signer == Signer("督查室王主任", False)
    assert draft_notice(ids["river"], as_of=AS_OF).issued_by == "督查室王主任"
    set_office_signer("督查室李主任")
    assert office_signer() == "督查室李主任"
    changes = [entry.summary for entry in audit.entries(action="setting") if entry.summary.startswith("督查室")]
    assert changes == ["督查室签发人：督查室李主任", "督查室签发人：督查室王主任"]
    with pytest.raises(ValueError, match="签发人"):
        set_office_signer("  ")


def test_with_accounts_the_signed_in_account_signs(ids: dict[str, int]) -> None:
    office = Actor.of_account(create_account("office", "correct horse battery", "office", display_name="督查室王五"))
    liaison = Actor.of_account(create_account("liaison", "correct horse battery", "liaison", department="县交通局",
                                              display_name="赵丽", actor=office))
    notice = issue_notice(ids["road"], as_of=AS_OF, actor=office)
    assert notice.issued_by == "督查室王五" and task_history(ids["road"])[-1].who == "督查室王五"
    assert propose_notice(ids["road"], AS_OF, actor=office).signer == Signer("督查室王五", True)
    with pytest.raises(PermissionDenied):
        propose_notice(ids["road"], AS_OF, actor=liaison)
    with pytest.raises(PermissionDenied):
        set_office_signer("赵丽", actor=liaison)


def test_past_the_calendar_the_office_gives_the_reply_day(ids: dict[str, int], clock: Clock) -> None:
    from models.rules.workdays import LAST_DAY, UnknownCalendarYear
    clock.set(date(LAST_DAY.year, 12, 30))           # 黄's 3 working days run into a year not yet published
    with pytest.raises(UnknownCalendarYear, match="请由督查室指定反馈期限"):
        issue_notice(ids["road"], as_of=AS_OF)
    with pytest.raises(InvalidInput, match="须在签发日"):
        issue_notice(ids["road"], as_of=AS_OF, reply_by=date(LAST_DAY.year, 12, 30))
    assert SupervisionNotice.select().count() == 0
    given = date(LAST_DAY.year + 1, 1, 6)
    notice = issue_notice(ids["road"], as_of=AS_OF, reply_by=given)
    assert notice.reply_by == given and notice.colour == YELLOW
    assert f"限{given.year}年1月6日前反馈" in task_history(ids["road"])[-1].note
