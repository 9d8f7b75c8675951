"""三色督办单 (supervision notices): which colour a task warrants, issuing one, and the list of candidates.

The rule, decided here so that the window, the command line, the PDF and
the tests agree (thresholds are :class:`NoticeSettings`):

- **No notice** for a task that is done (已完成) or closed (销号,
  ``closed_on``), withdrawn, ongoing (长期坚持), recurring (no record of
  each occurrence, as in :mod:`models.supervision.lights`), without a deadline, or on
  track (not overdue, not behind 序时进度, not due soon).
- **The facts give a first colour**, read from the task's 红黄绿 light
  (:mod:`models.supervision.lights`, the same thresholds, 序时进度 from the plan's issue
  date):
  - overdue by more than ``red_after_days`` (30) calendar days → 红 (问责);
  - overdue by 1 to ``red_after_days`` days → 黄 (警告); an overdue task
    is judged on its lateness only, not on 序时进度 (which is 100% by then);
  - not yet due and more than ``far_behind_threshold`` (30) points behind
    序时进度 → 红;
  - more than ``behind_threshold`` (10) points behind, or due within
    ``due_soon_days`` (3) calendar days → 蓝 (提醒).
- **Earlier notices escalate it.** An earlier notice of the task (to any
  of its departments) counts once its reply deadline has passed (the
  department had its time limit and the task still warrants a notice):
  after a 蓝 the task gets at least 黄; after a 黄, 红 if it is overdue
  (else 黄 again); after a 红, 红. A notice still within its reply time
  does not escalate: the department is still answering it.
- **Candidates** (:func:`candidates`) are the tasks that warrant a notice
  now, except those given a notice of that colour within the last
  ``repeat_days`` (7) days, or holding one of that colour or higher whose
  reply deadline has not passed yet.
- **Issuing** (:func:`issue_notice`): the office may raise the colour
  above the computed one (the reason says so), never lower it; a task
  that warrants no notice gets none. The reply deadline follows 13710's
  1/3/7 working days: 红 (问责) 1 working day, 黄 3, 蓝 7, counted on
  China's official calendar (:func:`models.rules.workdays.add_working_days`,
  调休 included). Numbers are 督〔2023〕12号, sequential per calendar year
  of issue. Each notice is also appended to the task's history as a
  StatusUpdate that keeps its status and progress.
- **Dates**: a notice is issued when it is issued. Its time, its number's
  year and its reply deadline come from the clock; the as-of date the
  office is looking at only decides the colour (how late the task is),
  and when it is not the day of issue the reason says which day it was
  judged on (逾期10天（截至2023年11月6日）).
- **Before issuing**, the office sees the notice it would issue
  (:func:`propose_notice`, :func:`draft_notice`: the same decision, the
  same sheet, numbered 「（签发时编号）」 and recorded nowhere), and is asked
  first when an earlier notice of the task is still within its reply
  time (:func:`awaiting_reply`).
- **The signer** is the signed-in account's name, or in the zero-setup
  registry the office's own (:mod:`models.access.signer`).

No Qt: :mod:`desktop.notice` lays out the printed notice from :func:`notice_sheet`.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import NamedTuple

from models.access import audit
from models.access.actor import acting, Actor
from models.access.signer import Signer, signer_of
from models.registry.departments import DepartmentResolver
from models.errors import InvalidInput, NotFound, translate_errors
from models.supervision.lights import RED as LIGHT_RED, YELLOW as LIGHT_YELLOW, YELLOW_LIGHT_DAYS, Light, LightClassifier, LightSettings
from models.supervision.lights import light as task_light, lights_for
from models.access.permissions import require_office
from models.supervision.listing import TaskTable, load_task_table
from models.supervision.queries import HistoryEntry, task_history
from models.paper.reports import dominant_county
from models.registry.schema import NOTICE_COLOURS, ROLES, Plan, StatusUpdate, SupervisionNotice, Task, db, now
from models.rules.status import DONE
from models.rules.wording import chinese_date
from models.rules.workdays import UnknownCalendarYear, add_working_days

__all__ = ["BLUE", "YELLOW", "RED", "COLOURS", "KINDS", "DRAFT_NUMBER", "NoticeSettings", "DEFAULT_SETTINGS",
           "TaskFacts", "PreviousNotice", "NoticeColour", "NoticeRefused", "NoticeProposal", "Candidate",
           "NoticeSheet", "notice_colour", "task_facts", "propose_notice", "draft_notice", "issue_notice",
           "notices_of", "awaiting_reply", "describe_previous", "candidates", "notice_sheet", "notice_number",
           "reply_deadline"]

BLUE, YELLOW, RED = NOTICE_COLOURS            # 蓝, 黄, 红: in rising order
COLOURS: tuple[str, ...] = NOTICE_COLOURS
KINDS = {BLUE: "提醒", YELLOW: "警告", RED: "问责"}
_RANK = {colour: rank for rank, colour in enumerate(COLOURS)}
_NUMBER = re.compile(r"^督〔(\d{4})〕(\d+)号$")
DRAFT_NUMBER = "（签发时编号）"          # a draft's number: only 签发 numbers a notice


@dataclass(frozen=True)
class NoticeSettings:
    due_soon_days: int = YELLOW_LIGHT_DAYS   # 蓝 when due within this many calendar days (today included): the yellow light
    behind_threshold: float = 10         # points behind 序时进度 for 蓝
    far_behind_threshold: float = 30     # points behind 序时进度 for 红 (not yet due)
    red_after_days: int = 30             # overdue more than this many calendar days: 红
    repeat_days: int = 7                 # no second notice of a colour within this many days
    reply_working_days: tuple[int, int, int] = (7, 3, 1)   # 蓝, 黄, 红: 13710's 7/3/1

    def light_settings(self) -> LightSettings:
        return LightSettings(yellow_days=self.due_soon_days, behind_threshold=self.behind_threshold,
                             far_behind_threshold=self.far_behind_threshold)

    def reply_days(self, colour: str) -> int:
        return self.reply_working_days[_RANK[colour]]


DEFAULT_SETTINGS = NoticeSettings()


@dataclass(frozen=True)
class TaskFacts:
    """What the colour depends on; dates as dates or ISO strings."""

    deadline: date | str | None
    status: str
    progress: int
    ongoing: bool = False
    recurrence: str | None = None
    start: date | str | None = None       # the plan's issue date: 序时进度 runs from it
    closed_on: date | str | None = None
    withdrawn: bool = False


class PreviousNotice(NamedTuple):
    colour: str
    number: str
    issued_at: datetime
    reply_by: date | None


class NoticeColour(NamedTuple):
    colour: str | None     # None: no notice
    reason: str            # for people: 逾期45天；已发黄色督办单…; or why none


class NoticeRefused(InvalidInput):
    """The task warrants no notice (done, closed, on track …) or not of the colour asked."""


def _iso(value: date | str | None) -> str | None:
    if value is None or value == "":
        return None
    return value.isoformat() if isinstance(value, date) else value[:10]


def _lapsed(notice: PreviousNotice, as_of: date, settings: NoticeSettings) -> bool:
    """Whether the notice's time to reply ran out before `as_of` (it escalates the next one)."""
    if notice.issued_at.date() > as_of:
        return False
    if notice.reply_by is None:
        return notice.issued_at.date() + timedelta(days=settings.repeat_days) <= as_of
    return notice.reply_by < as_of


class _Judge:
    """Notice colours of many tasks on one `as_of`; light windows computed once."""

    def __init__(self, as_of: date, settings: NoticeSettings) -> None:
        self.as_of = as_of
        self.today = as_of.isoformat()
        self.settings = settings
        self.lights = LightClassifier(as_of, settings.light_settings())
        self._days: dict[str, int] = {}

    def days_overdue(self, deadline: str) -> int:
        days = self._days.get(deadline)
        if days is None:
            days = self._days[deadline] = (self.as_of - date.fromisoformat(deadline)).days
        return days

    def refusal(self, facts: TaskFacts) -> str | None:
        """Why the task can get no notice at all, else None."""
        if facts.withdrawn:
            return "已撤销"
        if facts.closed_on:
            return f"已销号（{chinese_date(facts.closed_on)}）"
        if facts.status == DONE:
            return "已完成"
        if facts.recurrence:
            return "周期任务，按期次督办"
        if facts.ongoing:
            return "长期任务，不设时限"
        if not _iso(facts.deadline):
            return "未设完成时限"
        return None

    def base(self, light: Light, deadline: str) -> str | None:
        """The colour the facts alone give, from the task's light."""
        if light.colour == LIGHT_RED:
            if deadline < self.today:
                return RED if self.days_overdue(deadline) > self.settings.red_after_days else YELLOW
            return RED                      # far behind 序时进度
        if light.colour == LIGHT_YELLOW:
            return BLUE                     # behind, or due soon
        return None

    def escalate(self, colour: str, overdue: bool, previous: Sequence[PreviousNotice]) -> tuple[str, str]:
        """The colour after lapsed earlier notices, and words for the step (or "")."""
        lapsed = [notice for notice in previous if _lapsed(notice, self.as_of, self.settings)]
        if not lapsed:
            return colour, ""
        last = max(lapsed, key=lambda notice: (_RANK[notice.colour], notice.issued_at))
        floor = {BLUE: YELLOW, YELLOW: RED if overdue else YELLOW, RED: RED}[last.colour]
        if _RANK[floor] <= _RANK[colour]:
            return colour, ""
        deadline = f"，{chinese_date(last.reply_by)}反馈期限已过" if last.reply_by else ""
        still = "逾期" if overdue else "未完成"
        return floor, f"已发{last.colour}色督办单（{last.number}）{deadline}，仍{still}"

    def __call__(self, facts: TaskFacts, previous: Sequence[PreviousNotice]) -> NoticeColour:
        refusal = self.refusal(facts)
        if refusal is not None:
            return NoticeColour(None, refusal)
        deadline = _iso(facts.deadline)
        assert deadline is not None
        light = self.lights(deadline, facts.status, facts.progress, facts.ongoing, None, _iso(facts.start))
        colour = self.base(light, deadline)
        if colour is None:
            return NoticeColour(None, light.reason)
        colour, step = self.escalate(colour, deadline < self.today, previous)
        return NoticeColour(colour, f"{light.reason}；{step}" if step else light.reason)


def notice_colour(facts: TaskFacts, previous_notices: Sequence[PreviousNotice], as_of: date,
                  settings: NoticeSettings = DEFAULT_SETTINGS) -> NoticeColour:
    """The colour a task warrants on `as_of` (None for no notice) and the reason in words.

    `previous_notices`: the task's earlier notices (see the module doc for
    how they escalate).
    """
    return _Judge(as_of, settings)(facts, previous_notices)


# -- the registry ------------------------------------------------------------------

def _previous(task_id: int) -> list[PreviousNotice]:
    return [PreviousNotice(colour, number, _datetime(issued), date.fromisoformat(reply) if reply else None)
            for colour, number, issued, reply in db.execute_sql(
                "SELECT colour, number, issued_at, reply_by FROM supervision_notice WHERE task_id = ? "
                "ORDER BY issued_at, id", (task_id,))]


def _datetime(value: str | datetime) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def _task(task_id: int) -> Task:
    task = Task.get_or_none(Task.id == task_id)
    if task is None:
        raise NotFound(f"没有编号为 {task_id} 的任务")
    return task


@translate_errors
def task_facts(task_id: int) -> TaskFacts:
    """The facts of one stored task; NotFound for an unknown id."""
    task = _task(task_id)
    issue_date = Plan.select(Plan.issue_date).where(Plan.id == task.plan_id).scalar()
    return TaskFacts(task.current_deadline, task.status, task.progress, task.ongoing, task.recurrence,
                     issue_date, task.closed_on, task.withdrawn)


def notice_number(year: int) -> str:
    """The next number of `year`: 督〔2023〕N号, one more than the highest issued that year."""
    highest = 0
    for (number,) in db.execute_sql("SELECT number FROM supervision_notice WHERE number LIKE ?",
                                    (f"督〔{year}〕%",)):
        match = _NUMBER.match(number)
        if match:
            highest = max(highest, int(match.group(2)))
    return f"督〔{year}〕{highest + 1}号"


def reply_deadline(colour: str, issued: date, settings: NoticeSettings = DEFAULT_SETTINGS) -> date:
    """The day a reply is due: 7, 3 or 1 working days after `issued` for 蓝, 黄, 红."""
    return add_working_days(issued, settings.reply_days(colour))


def _reply_by(colour: str, issued: date, settings: NoticeSettings, given: date | None) -> date:
    """The reply deadline the office set, or the one counted in working days.

    In the last days of a year whose successor's 节假日安排 the calendar does
    not know yet, the working days cannot be counted; rather than guess, the
    office sets the day itself (it has the State Council's notice by then).
    """
    if given is not None:
        if given <= issued:
            raise InvalidInput(f"反馈期限{chinese_date(given)}须在签发日{chinese_date(issued)}之后")
        return given
    try:
        return reply_deadline(colour, issued, settings)
    except UnknownCalendarYear as error:
        raise UnknownCalendarYear(error.day, hint="请由督查室指定反馈期限 (set the reply deadline by hand)") from None


def _units(task_id: int) -> list[tuple[int, str]]:
    """The task's units, (department id, role), in the document's order."""
    return db.execute_sql("SELECT department_id, role FROM assignment WHERE task_id = ? ORDER BY position, id",
                          (task_id,)).fetchall()


def _addressee(task_id: int, department: int | str | None) -> tuple[int, str]:
    """The department a notice goes to, id and name: the one given (one of the task's units, or
    any department for a task without units), else the task's lead unit, else its first responsible unit."""
    units = _units(task_id)
    resolver = DepartmentResolver()
    if department is None:
        for role in ("lead", "responsible"):
            found = next((ident for ident, unit_role in units if unit_role == role), None)
            if found is not None:
                return found, resolver.names[found]
        raise NoticeRefused(f"任务 {task_id} 没有牵头单位或责任单位，请指定督办单位")
    ident = resolver.require(department)
    # A task the document gave no unit may go to any department (its text often names one).
    if units and ident not in {unit for unit, _ in units}:
        raise NoticeRefused(
            f"“{resolver.names[ident]}”不是任务 {task_id} 的承办单位（牵头、责任或配合单位）")
    return ident, resolver.names[ident]


def _check_colour(colour: str | None) -> None:
    if colour is not None and colour not in _RANK:
        raise InvalidInput(f"督办单颜色必须是 {'、'.join(COLOURS)} 之一，而不是 {colour!r}")


class _Decision(NamedTuple):
    """What a notice issued now would be: the task's facts, colour, reason, addressee, reply deadline."""

    facts: TaskFacts
    colour: str
    reason: str
    department_id: int
    department: str
    reply_by: date


def _decide(task_id: int, department: int | str | None, colour: str | None, as_of: date, issued_on: date,
            settings: NoticeSettings, reply_by: date | None = None) -> _Decision:
    """The notice of ``task_id`` judged on ``as_of`` and issued on ``issued_on``; refusals as issue_notice's."""
    facts = task_facts(task_id)
    computed = notice_colour(facts, _previous(task_id), as_of, settings)
    if computed.colour is None:
        raise NoticeRefused(f"任务 {task_id} 无需督办：{computed.reason}")
    reason = computed.reason
    if as_of != issued_on:
        # Judged on another day than it is issued: say which, or the lateness reads as today's.
        lateness, step, rest = reason.partition("；")
        reason = f"{lateness}（截至{chinese_date(as_of)}）{step}{rest}"
    if colour is None:
        colour = computed.colour
    elif _RANK[colour] < _RANK[computed.colour]:
        raise NoticeRefused(f"任务 {task_id} 应发{computed.colour}色督办单（{computed.reason}），"
                            f"不能降为{colour}色")
    elif colour != computed.colour:
        reason = f"{reason}；督查室提级为{colour}色督办（{KINDS[colour]}）"
    department_id, department_name = _addressee(task_id, department)
    return _Decision(facts, colour, reason, department_id, department_name,
                     _reply_by(colour, issued_on, settings, reply_by))


@translate_errors
def issue_notice(task_id: int, department: int | str | None = None, issued_by: str = "",
                 as_of: date | None = None, colour: str | None = None,
                 settings: NoticeSettings = DEFAULT_SETTINGS, *, actor: Actor | None = None,
                 reply_by: date | None = None) -> SupervisionNotice:
    """Issue a notice for a task now, recorded against it and in its history.

    Issued at the clock's time: its number's year and its reply deadline
    count from today. `as_of` (default today) is the day the colour is
    judged on. `department`: one of the task's units by id or any alias
    (any department when the task has none; default: its lead unit, else
    its first responsible unit). `colour`: the computed one unless given;
    a given colour may be higher, never lower. `issued_by`: default the
    signer of ``actor`` (:func:`models.access.signer.signer_of`). Raises
    NotFound for an unknown task or department, NoticeRefused (a
    InvalidInput) for a task that warrants no notice or a colour below the
    computed one, UnknownCalendarYear when the reply deadline falls in a
    year the calendar does not know and ``reply_by`` (the office's own
    deadline, after today) is not given, PermissionDenied unless ``actor``
    (default: the signed-in one) is the office.
    """
    _check_colour(colour)
    with db.atomic("IMMEDIATE"):
        actor = acting(actor)
        require_office(actor, "签发督办单")
        issued_at = now()
        issued_by = issued_by.strip() or signer_of(actor).name
        decided = _decide(task_id, department, colour, as_of or issued_at.date(), issued_at.date(), settings,
                          reply_by)
        colour, reason, reply_by = decided.colour, decided.reason, decided.reply_by
        notice = SupervisionNotice.create(
            task=task_id, department=decided.department_id, colour=colour, number=notice_number(issued_at.year),
            reason=reason, reply_by=reply_by, issued_by=issued_by, issued_at=issued_at)
        StatusUpdate.create(
            task=task_id, department=None, who=issued_by, status=decided.facts.status,
            progress=decided.facts.progress,
            note=f"已发{colour}色督办单 {notice.number}，限{chinese_date(reply_by)}前反馈"
                 f"（致{decided.department}：{reason}）",
            created_at=issued_at)
        audit.record(actor, "notice", f"task:{task_id}", None,
                     {"number": notice.number, "colour": colour, "department": decided.department,
                      "reply_by": reply_by, "reason": reason, "issued_by": issued_by},
                     f"任务 {task_id}：{colour}色督办单 {notice.number}，致{decided.department}")
    return notice


@translate_errors
def notices_of(task_id: int) -> list[SupervisionNotice]:
    """The task's notices, oldest first."""
    return list(SupervisionNotice.select().where(SupervisionNotice.task == task_id)
                .order_by(SupervisionNotice.issued_at, SupervisionNotice.id))


# -- before issuing: what the office decides on ------------------------------------------

def awaiting_reply(previous: Sequence[PreviousNotice], today: date,
                   settings: NoticeSettings = DEFAULT_SETTINGS) -> list[PreviousNotice]:
    """The notices whose time to reply has not run out on ``today`` (the clock's day).

    A department still within its reply time is answering: another notice
    now is the office's deliberate choice, asked for first.
    """
    return [notice for notice in previous if not _lapsed(notice, today, settings)]


def describe_previous(notice: PreviousNotice, today: date, settings: NoticeSettings = DEFAULT_SETTINGS) -> str:
    """督〔2023〕1号 黄色督办单，2023年11月6日签发，反馈期限2023年11月9日（已过）: one earlier notice."""
    issued = chinese_date(notice.issued_at.date())
    if notice.reply_by is None:
        limit = f"签发后{settings.repeat_days}日内反馈"
    else:
        limit = f"反馈期限{chinese_date(notice.reply_by)}"
    state = "（已过）" if _lapsed(notice, today, settings) else "（尚未届满）"
    return f"{notice.number} {notice.colour}色督办单，{issued}签发，{limit}{state}"


@dataclass(frozen=True)
class NoticeProposal:
    """What the notice dialog shows before anything is issued."""

    task_id: int
    colour: str | None                   # the computed colour; None: no notice warranted
    reason: str                          # why that colour, or why none
    as_of: date                          # the day the colour is judged on
    today: date                          # the clock's day: the notice's date, its reply time counts from it
    departments: tuple[str, ...]         # where it may go: the task's units (every department if it has none)
    department: str | None               # the default addressee: lead, else first responsible unit
    previous: tuple[PreviousNotice, ...]  # the task's earlier notices, oldest first
    signer: Signer
    settings: NoticeSettings = DEFAULT_SETTINGS

    def colours(self) -> tuple[str, ...]:
        """The colours the office may choose: the computed one and any higher."""
        return COLOURS[_RANK[self.colour]:] if self.colour else ()

    def reply_by(self, colour: str) -> date:
        """The reply deadline of a notice of ``colour`` issued today (UnknownCalendarYear past the calendar)."""
        return reply_deadline(colour, self.today, self.settings)

    def awaiting_reply(self) -> list[PreviousNotice]:
        return awaiting_reply(self.previous, self.today, self.settings)


@translate_errors
def propose_notice(task_id: int, as_of: date | None = None, settings: NoticeSettings = DEFAULT_SETTINGS, *,
                   actor: Actor | None = None) -> NoticeProposal:
    """The colour the task warrants on ``as_of`` (default today) and what the office chooses from.

    Office only (PermissionDenied), NotFound for an unknown task.
    """
    with db.atomic():
        actor = acting(actor)
        require_office(actor, "签发督办单")
        today = now().date()
        as_of = as_of or today
        previous = _previous(task_id)
        computed = notice_colour(task_facts(task_id), previous, as_of, settings)
        resolver = DepartmentResolver()
        units = _units(task_id)
        named = [resolver.names[ident] for ident, _role in sorted(units, key=lambda unit: ROLES.index(unit[1]))]
        default = next((resolver.names[ident] for role in ("lead", "responsible")
                        for ident, unit_role in units if unit_role == role), None)
        departments = tuple(dict.fromkeys(named)) if units else tuple(sorted(set(resolver.names.values())))
        return NoticeProposal(task_id, computed.colour, computed.reason, as_of, today, departments, default,
                              tuple(previous), signer_of(actor), settings)


@translate_errors
def draft_notice(task_id: int, department: int | str | None = None, issued_by: str = "",
                 as_of: date | None = None, colour: str | None = None,
                 settings: NoticeSettings = DEFAULT_SETTINGS, *, actor: Actor | None = None,
                 reply_by: date | None = None) -> NoticeSheet:
    """The sheet of the notice :func:`issue_notice` would issue now with these choices, recording nothing.

    Its number is :data:`DRAFT_NUMBER` (only 签发 numbers a notice) and its
    id 0; everything else is what the issued notice will show. Refusals as
    issue_notice's.
    """
    _check_colour(colour)
    with db.atomic():
        actor = acting(actor)
        require_office(actor, "签发督办单")
        issued_at = now()
        decided = _decide(task_id, department, colour, as_of or issued_at.date(), issued_at.date(), settings,
                          reply_by)
        return _sheet(Task.get_by_id(task_id), task_history(task_id), notice_id=0, number=DRAFT_NUMBER,
                      colour=decided.colour, department=decided.department,
                      issued_by=issued_by.strip() or signer_of(actor).name, issued_at=issued_at,
                      reason=decided.reason, reply_by=decided.reply_by)


# -- candidates ----------------------------------------------------------------------

class Candidate(NamedTuple):
    """A task that warrants a notice now, with the colour it would get.

    A NamedTuple rather than a frozen dataclass: tens of thousands are built at once.
    """

    task_id: int
    colour: str
    reason: str
    plan: str                       # number, else title
    seq: str
    text: str
    deadline: date
    days_overdue: int               # 0 when not yet due
    department_id: int | None       # the default addressee: lead, else first responsible unit
    department: str
    earlier_notices: int


@translate_errors
def candidates(as_of: date | None = None, settings: NoticeSettings = DEFAULT_SETTINGS,
               table: TaskTable | None = None, *, actor: Actor | None = None) -> list[Candidate]:
    """Tasks that warrant a notice on `as_of` (default today): 红 first, longest overdue first.

    Skips tasks given a notice of that colour within `repeat_days`, or
    holding one of that colour or higher still within its reply time.
    `table`: a snapshot already loaded (the window's); else one is read, of what
    ``actor`` may see (:func:`models.supervision.listing.load_task_table`).
    Bulk: lights without words for every row; words only for flagged rows,
    memoised on their inputs (tasks of a plan share them), as in lights_for.
    """
    as_of = as_of or date.today()
    table = table if table is not None else load_task_table(actor=actor)
    closed = {ident for (ident,) in db.execute_sql("SELECT id FROM task WHERE closed_on IS NOT NULL")}
    earlier: dict[int, list[PreviousNotice]] = {}
    for task_id, colour, number, issued, reply in db.execute_sql(
            "SELECT task_id, colour, number, issued_at, reply_by FROM supervision_notice ORDER BY issued_at, id"):
        earlier.setdefault(task_id, []).append(
            PreviousNotice(colour, number, _datetime(issued), date.fromisoformat(reply) if reply else None))

    judge = _Judge(as_of, settings)
    colours = lights_for(table, as_of, settings.light_settings(), words=False)
    start_of_plan = {plan: issue_date for plan, (_, _, issue_date) in table.plans.items()}
    repeat_from = as_of - timedelta(days=settings.repeat_days - 1)   # within the last 7 days, today included
    seen: dict[tuple, NoticeColour] = {}
    days: dict[str, tuple[date, int]] = {}
    names, lead_of, responsible_of = table.department_names, table.units["lead"], table.units["responsible"]
    found: list[Candidate] = []
    for row, light in enumerate(colours):
        if light.colour is not LIGHT_RED and light.colour is not LIGHT_YELLOW:
            continue
        if table.recurrences[row]:
            continue
        task_id = table.ids[row]
        if task_id in closed:
            continue
        previous = earlier.get(task_id, ())
        key = (table.deadlines[row], table.statuses[row], table.progress[row], start_of_plan[table.plan_ids[row]])
        result = seen.get(key) if not previous else None
        if result is None:
            result = judge(TaskFacts(key[0], key[1], key[2], table.ongoing[row], None, key[3]), previous)
            if not previous:
                seen[key] = result
        colour = result.colour
        if colour is None or (previous and _held(colour, previous, as_of, repeat_from)):
            continue
        deadline = key[0][:10]
        due = days.get(deadline)
        if due is None:
            due = days[deadline] = (date.fromisoformat(deadline), max(0, judge.days_overdue(deadline)))
        units = lead_of[row] or responsible_of[row]
        addressee = units[0] if units else None
        found.append(Candidate(
            task_id, colour, result.reason, table.plan_number(row), table.seqs[row], table.texts[row], due[0], due[1],
            addressee, names[addressee] if addressee is not None else "",
            sum(1 for notice in previous if notice.issued_at.date() <= as_of)))
    found.sort(key=lambda item: (-_RANK[item.colour], -item.days_overdue, item.deadline))
    return found


def _held(colour: str, previous: Sequence[PreviousNotice], as_of: date, repeat_from: date) -> bool:
    """Whether an earlier notice already covers `colour` on `as_of` (the repeat rule)."""
    for notice in previous:
        issued = notice.issued_at.date()
        if issued > as_of:
            continue
        if notice.colour == colour and issued >= repeat_from:
            return True
        if _RANK[notice.colour] >= _RANK[colour] and notice.reply_by is not None and notice.reply_by >= as_of:
            return True
    return False


# -- what the printed notice shows ------------------------------------------------------

@dataclass(frozen=True)
class NoticeSheet:
    """Everything the printed 督办单 shows; the task as it stood when the notice was issued."""

    notice_id: int
    number: str
    colour: str
    kind: str                        # 提醒, 警告, 问责
    office: str                      # 平顺县人民政府督查室 (the county of most plans), else 县人民政府督查室
    department: str
    issued_by: str
    issued_at: datetime
    reason: str
    reply_by: date | None
    task_id: int
    seq: str
    text: str
    plan_number: str | None
    plan_title: str | None
    plan_issuer: str | None
    plan_issue_date: date | None
    original_deadline: date | None
    current_deadline: date | None
    deadline_text: str | None
    status: str                      # at issue: from the latest history entry before it
    progress: int
    light: Light                     # on the day of issue
    units: dict[str, tuple[str, ...]] = field(default_factory=dict)   # role -> names
    history: tuple[HistoryEntry, ...] = ()    # before the notice, oldest first


@translate_errors
def notice_sheet(notice_id: int) -> NoticeSheet:
    """The printed notice's content; NotFound for an unknown notice.

    Status, progress and light are those at issue (the history recorded
    before the notice, else the task's own); deadlines are as they are now.
    """
    notice = SupervisionNotice.get_or_none(SupervisionNotice.id == notice_id)
    if notice is None:
        raise NotFound(f"没有编号为 {notice_id} 的督办单")
    task = Task.get_by_id(notice.task_id)
    issued_at = _datetime(notice.issued_at)
    # "Before the notice" is what was recorded before its own history entry,
    # whatever the dates (earlier versions dated a notice by the as-of day the office looked at).
    own = db.execute_sql("SELECT MIN(id) FROM status_update WHERE task_id = ? AND created_at = ? AND note LIKE ?",
                         (task.id, issued_at, f"%{notice.number}%")).fetchone()[0]
    history = [entry for entry in task_history(task.id)
               if (entry.id < own if own is not None else entry.created_at < issued_at)]
    return _sheet(task, history, notice_id=notice.id, number=notice.number, colour=notice.colour,
                  department=notice.department.name, issued_by=notice.issued_by, issued_at=issued_at,
                  reason=notice.reason, reply_by=notice.reply_by)


def _sheet(task: Task, history: Sequence[HistoryEntry], *, notice_id: int, number: str, colour: str,
           department: str, issued_by: str, issued_at: datetime, reason: str, reply_by: date | None) -> NoticeSheet:
    """The sheet of a notice of ``task``, issued or drafted; ``history``: what was recorded before it."""
    plan = Plan.get_by_id(task.plan_id)
    latest = max(history, key=lambda entry: entry.id, default=None)
    status, progress = (latest.status, latest.progress) if latest else (task.status, task.progress)
    units: dict[str, list[str]] = {}
    for name, role in db.execute_sql(
            "SELECT d.name, a.role FROM assignment AS a JOIN department AS d ON d.id = a.department_id "
            "WHERE a.task_id = ? ORDER BY a.position, a.id", (task.id,)):
        units.setdefault(role, []).append(name)
    return NoticeSheet(
        notice_id=notice_id, number=number, colour=colour, kind=KINDS[colour],
        office=f"{dominant_county() or '县'}人民政府督查室",
        department=department, issued_by=issued_by, issued_at=issued_at,
        reason=reason, reply_by=reply_by, task_id=task.id, seq=task.seq or "", text=task.text,
        plan_number=plan.number, plan_title=plan.title, plan_issuer=plan.issuer, plan_issue_date=plan.issue_date,
        original_deadline=task.original_deadline, current_deadline=task.current_deadline,
        deadline_text=task.deadline_text, status=status, progress=progress,
        light=task_light(task.current_deadline, status, progress, as_of=issued_at.date(), ongoing=task.ongoing,
                         recurrence=task.recurrence, start=plan.issue_date),
        units={role: tuple(names) for role, names in units.items()}, history=tuple(history))
