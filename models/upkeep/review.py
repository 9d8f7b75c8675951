"""导入审核: a plan's tasks beside the lines of the document they came from, flagged.

What the review view (desktop/review_view.py) and ``duban review`` show, and
the plan's review state: every import leaves a plan 待审核 until the office
marks it 已审核 (:func:`mark_reviewed`); a re-import that changes its tasks
makes it 待审核 again (:mod:`models.upkeep.importing`).

The flags say what a clerk should look at, each a rule over shapes:

- 无责任单位: no unit in any role.
- 无完成时限: no date, not 长期, no recurrence.
- 新单位: a unit whose department the curated table (resources/departments.tsv)
  does not name, nor does any of its aliases, and that the office never
  touched by hand (added, merged, renamed …): the import created it from what
  the document wrote, a typo as readily as a new body.
- 疑似非任务: a stage of the plan's timetable (准备阶段（…）, 第二阶段：… with its
  period), a text that is nothing but a date, or a very short text.
- 单位含人名: a unit written with a person in it (县应急局李某某, 县水利局（张某）,
  王副县长).

Withdrawn tasks carry no flag: the office has dealt with them.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

from importers.units import looks_like_person
from models.access import audit
from models.access.actor import Actor, acting
from models.access.permissions import require_office, require_sees_all
from models.errors import InvalidInput, NotFound, translate_errors
from models.registry.departments import load_alias_table, normalise_name
from models.registry.dialect import ids_in
from models.registry.schema import (DIFFERENCE_FIELDS, REVIEW_STATES, ROLES, AuditEntry, Plan, PlanSource, Task,
                                    TaskDifference, db, now)
from models.upkeep.task_fields import (PENDING, DeadlineValue, StoredDifference, as_date, field_value, parse_marks,
                                       plan_differences)

NO_UNIT = "无责任单位"
NO_DEADLINE = "无完成时限"
NEW_UNIT = "新单位"
NOT_A_TASK = "疑似非任务"
PERSON_IN_UNIT = "单位含人名"
FLAGS = (NO_UNIT, NO_DEADLINE, NEW_UNIT, NOT_A_TASK, PERSON_IN_UNIT)
UNREVIEWED, REVIEWED = REVIEW_STATES

# Fewer characters than this (letters and digits, punctuation not counted) is hardly a task.
SHORT_TEXT = 6


@dataclass(frozen=True)
class Difference:
    """An edited field the extraction reads otherwise: the office's value and the document's."""

    id: int
    task_id: int
    field: str            # text, lead, responsible, cooperating or deadline (with recurrence and 长期)
    current: str
    extracted: str


@dataclass(frozen=True)
class ReviewTask:
    """One task of a plan under review; units by their registry names."""

    id: int
    seq: str | None
    text: str
    line_start: int
    line_end: int
    lead: tuple[str, ...]
    responsible: tuple[str, ...]
    cooperating: tuple[str, ...]
    deadline: date | None
    deadline_text: str | None
    ongoing: bool
    recurrence: str | None
    withdrawn: bool
    withdrawn_reason: str | None
    edited: frozenset[str]
    flags: tuple[str, ...]
    differences: tuple[Difference, ...]
    version: int
    # (role, name as the document wrote it), for marking the units in the source lines.
    written_units: tuple[tuple[str, str], ...] = ()
    added_by_office: bool = False


@dataclass(frozen=True)
class PlanReview:
    """A plan, its source lines (``first_line`` is the number of ``lines[0]``) and its tasks.

    ``lines`` is empty for a plan imported before the registry kept source
    text (schema v8): importing the same file again keeps it.
    """

    plan_id: int
    number: str | None
    title: str | None
    issuer: str | None
    issue_date: date | None
    state: str
    reviewed_by: str | None
    reviewed_at: datetime | None
    first_line: int
    lines: tuple[str, ...]
    tasks: tuple[ReviewTask, ...] = field(default_factory=tuple)

    @property
    def flag_counts(self) -> dict[str, int]:
        """Tasks carrying each flag, every flag present (0 when none)."""
        counts = dict.fromkeys(FLAGS, 0)
        for task in self.tasks:
            for flag in task.flags:
                counts[flag] += 1
        return counts

    def task_at_line(self, line: int) -> ReviewTask | None:
        """The task whose source lines cover ``line``: the narrowest, a live one before a withdrawn one."""
        covering = [task for task in self.tasks if task.line_start <= line <= task.line_end]
        if not covering:
            return None
        return min(covering, key=lambda task: (task.withdrawn, task.line_end - task.line_start, task.line_start))

    def line_text(self, line: int) -> str | None:
        """The source line numbered ``line``, or None outside the kept lines."""
        index = line - self.first_line
        return self.lines[index] if 0 <= index < len(self.lines) else None


# -- flags: rules over shapes --------------------------------------------------------

Unit = tuple[str, int, str, str]   # role, department id, written name, department name

_CN_NUMBER = "〇零一二三四五六七八九十"
# A stage of the timetable: 准备阶段, 整改迎检阶段, 第二阶段：招聘录用 (a name of its own after the colon).
_STAGE = re.compile(rf"^(?:第[{_CN_NUMBER}\d]{{1,3}}阶段|[^，。；：:,;（()）\s]{{1,24}}阶段)(?:\s*[：:][^，。；（(]{{0,12}})?")
# Its period, right after it: （2023年10月）, （2023年8月—9月）, 2023年5月底前 …
_PERIOD = re.compile(rf"^\s*[（(]?\s*(?:\d{{4}}|[{_CN_NUMBER}]{{4}})\s*年|^\s*[（(]\s*[{_CN_NUMBER}\d]{{1,2}}\s*月")
# Nothing but a date: digits and the words of a date, brackets and punctuation.
_DATE_ONLY = re.compile(rf"^[\s\d{_CN_NUMBER}年月日号旬季度半底前内末初上中下至到—–\-~～.．/、，,。；;：:（）()止完成]+$")
_DATE_WORD = re.compile(r"\d|年|月|日|季度")
_CONTENT = re.compile(r"[\w]", re.UNICODE)
# A person's title in a unit's place (县长, 王副县长, 县委书记, 张局长 …); 常委会 is a body.
_PERSON_TITLE = re.compile(r"副?[县市省区镇乡]长|书记|同志|常委(?!会)|政委|[局部处科股所站院]长|主任")
# A unit, then a name of two or three characters (县应急局李某某, 县水利局（张某）).
_UNIT_THEN_NAME = re.compile(r"(?:局|委|办|院|所|站|中心|公司|部|队|会|室|厅|处|科|股|镇|乡|政府|街道|组)"
                             r"\s*[（(]?\s*([\u4e00-\u9fff]{2,3})\s*[）)]?$")


def is_stage(text: str, seq: str | None = None) -> bool:
    """A stage of the plan's timetable, with its period: a heading of the schedule, not an assignment."""
    label = _STAGE.match(text.strip())
    if label is not None and _PERIOD.match(text.strip()[label.end():]):
        return True
    last = (seq or "").rsplit("/", 1)[-1]
    return last.endswith("阶段") and bool(_PERIOD.match(text.strip()[len(last):] if text.startswith(last) else ""))


def is_date_only(text: str) -> bool:
    return bool(_DATE_ONLY.match(text)) and bool(_DATE_WORD.search(text))


def is_short(text: str) -> bool:
    # A text three times that long is not mostly punctuation: no need to count.
    return len(text) < 3 * SHORT_TEXT and len(_CONTENT.findall(text)) < SHORT_TEXT


def not_a_task(text: str, seq: str | None = None) -> bool:
    """疑似非任务: a stage heading, nothing but a date, or a very short text."""
    return is_stage(text, seq) or is_date_only(text) or is_short(text)


@lru_cache(maxsize=8192)      # a plan names a few dozen units thousands of times
def has_person(name: str) -> bool:
    """单位含人名: a person's title, or a person's name after the unit or in brackets."""
    if _PERSON_TITLE.search(name):
        return True
    match = _UNIT_THEN_NAME.search(name)
    return match is not None and looks_like_person(match.group(1))


def _curated_names() -> frozenset[str]:
    """Every name the curated table knows: canonical names and aliases, normalised."""
    names: set[str] = set()
    for entry in load_alias_table():
        names.add(entry.canonical)
        if entry.alias:
            names.add(entry.alias)
    return frozenset(names)


def _handled_by_office(department_ids: Iterable[int]) -> set[int]:
    """Those of the departments the office has acted on by hand (any audit entry about one)."""
    wanted = {f"department:{ident}": ident for ident in department_ids}
    if not wanted:
        return set()
    rows = AuditEntry.select(AuditEntry.target).where(AuditEntry.target.in_(list(wanted))).distinct().tuples()
    return {wanted[target] for (target,) in rows}


def new_departments(departments: dict[int, str]) -> dict[int, int]:
    """Of ``departments`` (id -> name), those an import created: department id -> the plan that did.

    Not named by the curated table, never touched by the office, and the plan
    is the one holding the department's first task (task ids follow import
    order): later plans naming it matched a department that was there.
    """
    curated = _curated_names()
    unknown = {ident for ident, name in departments.items() if normalise_name(name) not in curated}
    unknown -= _handled_by_office(unknown)
    if not unknown:
        return {}
    condition, params = ids_in('"department_id"', unknown)
    return {ident: plan_id for ident, plan_id in db.execute_sql(
        'SELECT m."department_id", t."plan_id" FROM (SELECT "department_id", MIN("task_id") AS "first" '
        f'FROM "assignment" WHERE {condition} GROUP BY "department_id") AS m '
        'JOIN "task" AS t ON t."id" = m."first"', params).fetchall()}


def task_flags(text: str, seq: str | None, deadline: DeadlineValue, units: list[Unit],
               new: set[int]) -> tuple[str, ...]:
    """The flags of a live task; ``units`` are (role, department id, written name, department name),
    ``new`` the departments its plan's import created."""
    flags = []
    if not units:
        flags.append(NO_UNIT)
    if deadline.missing:
        flags.append(NO_DEADLINE)
    if any(ident in new for _role, ident, _written, _name in units):
        flags.append(NEW_UNIT)
    if not_a_task(text, seq):
        flags.append(NOT_A_TASK)
    if any(has_person(written) or has_person(name) for _role, _ident, written, name in units):
        flags.append(PERSON_IN_UNIT)
    return tuple(flags)


# -- reading ------------------------------------------------------------------------


def find_plan(plan: int | str) -> Plan:
    """A plan by id or document number; NotFound otherwise."""
    found = None
    if isinstance(plan, int):
        found = Plan.get_or_none(Plan.id == plan)
    else:
        text = str(plan).strip()
        found = Plan.get_or_none(Plan.number == text)
        if found is None and text.isdigit():
            found = Plan.get_or_none(Plan.id == int(text))
    if found is None:
        raise NotFound(f"登记册里没有文件“{plan}”（请写文号，如 平政办发〔2023〕16号，或文件编号）")
    return found


_TASK_UNITS = (
    'SELECT a."task_id", a."role", a."department_id", a."written_name", d."name" FROM "assignment" AS a '
    'JOIN "task" AS t ON t."id" = a."task_id" JOIN "department" AS d ON d."id" = a."department_id" '
    'WHERE {tasks} ORDER BY a."task_id", a."position"'
)


def _units_of(tasks_where: str, params: tuple[object, ...]) -> tuple[dict[int, list[Unit]], dict[int, int]]:
    """Units by task (in written order) of the tasks ``t`` matching the condition, and the 新单位
    among them with the plan whose import created each."""
    units: dict[int, list[Unit]] = {}
    for task_id, role, ident, written, name in db.execute_sql(_TASK_UNITS.format(tasks=tasks_where),
                                                              params).fetchall():
        units.setdefault(task_id, []).append((role, ident, written, name))
    new = new_departments({ident: name for rows in units.values() for _role, ident, _written, name in rows})
    return units, new


def _current(field_name: str, text: str, units: list[Unit], deadline: DeadlineValue) -> str:
    """A field's value as the task has it now, for showing beside the extraction's."""
    positioned = [(role, ident, written, position) for position, (role, ident, written, _name) in enumerate(units)]
    return field_value(field_name, text, positioned, deadline).shown


@translate_errors
def plan_review(plan: int | str, *, actor: Actor | None = None) -> PlanReview:
    """One plan for review: its source lines, its tasks in order with flags and differences.

    Five queries whatever the plan's size (plan, source, tasks, units,
    differences) and one for the departments the office touched. A plan shows
    every department's tasks: PermissionDenied for a liaison the office keeps
    to its own department (the window and the command line alike).
    """
    require_sees_all(acting(actor), "查看导入审核")
    row = find_plan(plan)
    source = PlanSource.select(PlanSource.first_line, PlanSource.text).where(PlanSource.plan == row.id).first()
    tasks = db.execute(Task.select(
        Task.id, Task.seq, Task.text, Task.line_start, Task.line_end, Task.current_deadline, Task.deadline_text,
        Task.ongoing, Task.recurrence, Task.withdrawn, Task.withdrawn_reason, Task.edited_fields, Task.version,
        Task.added_by_office).where(Task.plan == row.id).order_by(Task.position, Task.id)).fetchall()
    units, new = _units_of('t."plan_id" = ?', (row.id,))
    created_here = {ident for ident, plan_id in new.items() if plan_id == row.id}
    pending: dict[int, list[tuple[str, StoredDifference]]] = {}
    for (task_id, name), stored in plan_differences(row.id).items():
        if stored.state == PENDING:
            pending.setdefault(task_id, []).append((name, stored))

    reviewed: list[ReviewTask] = []
    for (ident, seq, text, line_start, line_end, due, deadline_text, ongoing, recurrence, withdrawn,
         reason, edited, version, added) in tasks:
        deadline = DeadlineValue(as_date(due), deadline_text, recurrence, bool(ongoing))
        own = units.get(ident, [])
        by_role: dict[str, list[str]] = {role: [] for role in ROLES}
        for role, _ident, _written, name in own:
            by_role[role].append(name)
        differences = tuple(Difference(stored.id, ident, name, _current(name, text, own, deadline), stored.value.shown)
                            for name, stored in sorted(pending.get(ident, ()),
                                                       key=lambda item: DIFFERENCE_FIELDS.index(item[0]))
                            if not withdrawn)
        reviewed.append(ReviewTask(
            id=ident, seq=seq, text=text, line_start=line_start, line_end=line_end,
            lead=tuple(by_role["lead"]), responsible=tuple(by_role["responsible"]),
            cooperating=tuple(by_role["cooperating"]),
            deadline=deadline.due, deadline_text=deadline_text, ongoing=bool(ongoing), recurrence=recurrence,
            withdrawn=bool(withdrawn), withdrawn_reason=reason, edited=parse_marks(edited),
            flags=() if withdrawn else task_flags(text, seq, deadline, own, created_here),
            differences=differences, version=int(version or 0),
            written_units=tuple((role, written) for role, _ident, written, _name in own),
            added_by_office=bool(added)))
    return PlanReview(
        plan_id=row.id, number=row.number, title=row.title, issuer=row.issuer, issue_date=as_date(row.issue_date),
        state=row.review_state, reviewed_by=row.reviewed_by, reviewed_at=row.reviewed_at,
        first_line=source.first_line if source is not None else 1,
        lines=tuple(source.text.split("\n")) if source is not None else (), tasks=tuple(reviewed))


@translate_errors
@translate_errors
def unreviewed_plan_ids() -> frozenset[int]:
    """The plans still 待审核 (one query), for the file list's mark."""
    return frozenset(ident for (ident,) in Plan.select(Plan.id).where(Plan.review_state == UNREVIEWED).tuples())


def unreviewed_plans() -> list[tuple[int, str | None, str | None, int]]:
    """Plans still 待审核, oldest import first: (id, number, title, tasks carrying a flag).

    Three queries for all of them (plans, their live tasks, their units).
    """
    plans = list(Plan.select(Plan.id, Plan.number, Plan.title).where(Plan.review_state == UNREVIEWED)
                 .order_by(Plan.imported_at, Plan.id).tuples())
    if not plans:
        return []
    unreviewed = 'SELECT "id" FROM "plan" WHERE "review_state" = ?'
    tasks = db.execute_sql(
        'SELECT "id", "plan_id", "seq", "text", "current_deadline", "deadline_text", "ongoing", "recurrence" '
        f'FROM "task" WHERE NOT "withdrawn" AND "plan_id" IN ({unreviewed})', (UNREVIEWED,)).fetchall()
    units, new = _units_of(f'NOT t."withdrawn" AND t."plan_id" IN ({unreviewed})', (UNREVIEWED,))
    created: dict[int, set[int]] = {}
    for department, plan_id in new.items():
        created.setdefault(plan_id, set()).add(department)
    flagged: dict[int, int] = {}
    for ident, plan_id, seq, text, due, deadline_text, ongoing, recurrence in tasks:
        deadline = DeadlineValue(as_date(due), deadline_text, recurrence, bool(ongoing))
        if task_flags(text, seq, deadline, units.get(ident, []), created.get(plan_id, set())):
            flagged[plan_id] = flagged.get(plan_id, 0) + 1
    return [(ident, number, title, flagged.get(ident, 0)) for ident, number, title in plans]


# -- the review state ---------------------------------------------------------------


def _review_state(plan: Plan) -> dict[str, object]:
    return {"review_state": plan.review_state, "reviewed_by": plan.reviewed_by,
            "reviewed_at": plan.reviewed_at.isoformat(sep=" ") if isinstance(plan.reviewed_at, datetime)
            else plan.reviewed_at}


@translate_errors
def mark_reviewed(plan: int | str, *, actor: Actor | None = None) -> None:
    """已审核: the office has looked at the plan's tasks beside its source (who and when kept).

    Office only, audited; a plan already 已审核 is left as it is. Refused while
    a re-import's value for an edited field waits for the office's choice.
    """
    with db.atomic("IMMEDIATE"):
        actor = acting(actor)
        require_office(actor, "标记方案已审核")
        row = find_plan(plan)
        if row.review_state == REVIEWED:
            return
        waiting = (TaskDifference.select().join(Task)
                   .where(Task.plan == row.id, Task.withdrawn == False, TaskDifference.state == PENDING)  # noqa: E712
                   .count())
        if waiting:
            raise InvalidInput(f"{row.number or row.title or row.id} 还有 {waiting} 处重新导入读出的内容与督查室的修改不同，"
                               "请先逐项选择保留哪一个，再标记已审核")
        before = _review_state(row)
        Plan.update(review_state=REVIEWED, reviewed_by=actor.label, reviewed_at=now()).where(
            Plan.id == row.id).execute()
        after = _review_state(Plan.get_by_id(row.id))
        audit.record(actor, "review", f"plan:{row.id}", before, after,
                     f"方案 {row.number or row.title or row.id} 已审核")
