"""The office corrects a plan's tasks: edit, add, split, merge, withdraw, and choose
between its own value and a re-import's.

Rules, here so that the review view, ``duban task`` and the tests agree:

- Office only (:func:`models.access.permissions.require_office`); each call is
  one transaction with one audit entry (before and after), bumps the task's
  version (a form opened on the older one is refused with
  :class:`models.errors.StaleTaskError`) and adds the fields it set to
  ``task.edited_fields``: a re-import leaves those as the office set them
  (:mod:`models.upkeep.importing`).
- Units are names, any alias, read as the import reads them: among the
  departments of the plan's county (平顺's 县住建局 for a 平顺 plan, 偏关's for
  a 偏关 one). A name no department has is refused (:class:`UnknownDepartments`,
  with the names) unless the caller says to create it (in that county,
  audited as a new department).
- A deadline is a date, a phrase read by the importer's own grammar with the
  plan's working year (``12月底前``, ``长期坚持``, ``每月5日前``, ``10个工作日内``
  counted from the issue date), or "" for none. A date replaces recurrence and
  长期; 长期 replaces the date and recurrence. The deadline in force and the
  one written both take the office's value (an approved extension is history:
  the office decided anew).
- Nothing is deleted: a task that is no task is withdrawn with a reason and
  keeps its history; one absorbed by a merge is withdrawn the same way.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from importers.deadlines import find_last_deadline, parse_deadline, working_year
from importers.layout import lines_of
from importers.outline import build_outline
from importers.tasks import item_tasks
from models.access import audit
from models.access.actor import Actor, acting
from models.access.permissions import require_office
from models.errors import InvalidInput, NotFound, StaleTaskError, translate_errors
from models.registry.departments import DepartmentResolver, plan_county
from models.registry.schema import (DIFFERENCE_FIELDS, ROLE_LABELS, ROLES, Assignment, AuditEntry, Plan, PlanSource, Task,
                                    TaskDifference, db, now)
from models.rules.status import NOT_STARTED
from models.rules.workdays import working_day_deadline
from models.upkeep.department_changes import resolve_department
from models.upkeep.review import find_plan
from models.upkeep.task_fields import (DEADLINE, KEPT, TEXT, UNIT_SEPARATOR, DeadlineValue, FieldValue,
                                       Unit, as_date, field_value, marks_of_field, note_edit, parse_marks,
                                       read_differences, store_marks)

FIELD_NAMES = {"text": "内容", **ROLE_LABELS, "deadline": "完成时限", "recurrence": "周期", "ongoing": "长期"}
MERGED_INTO = "并入任务 {}"
# A recurrence as the importer codes it (monthly:5, quarterly:3-last, yearly:12-31, weekly:1).
_RECURRENCE_CODE = re.compile(r"^(?:monthly:(?:\d{1,2}(?:,\d{1,2})*|last)|quarterly:[123]-(?:\d{1,2}|last)"
                              r"|yearly:\d{2}-\d{2}|weekly:[1-7])$")
_DATE = re.compile(r"^\s*(\d{4})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{1,2})\s*$")
_SEPARATORS = "、,，;；"
_OPEN, _CLOSE = "（(〔[【", "）)〕]】"


class UnknownDepartments(InvalidInput):
    """Unit names no department has (nor alias): create them, or pick existing ones."""

    def __init__(self, names: Sequence[str]) -> None:
        self.names = tuple(names)
        super().__init__(f"登记册里没有这些单位：{UNIT_SEPARATOR.join(self.names)}"
                         "（可新建，或改写为已有单位的名称、简称）")


@dataclass(frozen=True)
class DeadlinePreview:
    """What a deadline phrase will be saved as."""

    deadline: date | None
    ongoing: bool
    recurrence: str | None
    text: str | None

    @property
    def understood(self) -> bool:
        """A date, 长期 or a recurrence was read: something to supervise against."""
        return self.deadline is not None or self.ongoing or self.recurrence is not None


# -- reading what the office typed ---------------------------------------------------


def split_names(names: str | Iterable[str]) -> list[str]:
    """Unit names from a list, or from one text separated by 、 or a comma (not inside
    brackets: 县发改局（县粮食局、县能源局） is one name)."""
    texts = [names] if isinstance(names, str) else list(names)
    found: list[str] = []
    for text in texts:
        depth, current = 0, []
        for char in str(text):
            depth += (char in _OPEN) - (char in _CLOSE)
            if char in _SEPARATORS and depth <= 0:
                found.append("".join(current))
                current = []
            else:
                current.append(char)
        found.append("".join(current))
    return list(dict.fromkeys(name.strip() for name in found if name.strip()))


def _working_year(plan: Plan) -> int | None:
    return working_year(plan.title, as_date(plan.issue_date))


def read_deadline(plan: Plan, phrase: str | date) -> DeadlineValue:
    """A date or a phrase as the office's deadline for a task of ``plan`` ("" for none)."""
    if isinstance(phrase, date):
        return DeadlineValue(due=phrase)
    text = phrase.strip()
    if not text:
        return DeadlineValue()
    written = _DATE.match(text)
    if written is not None:
        try:
            return DeadlineValue(due=date(*(int(part) for part in written.groups())))
        except ValueError:
            raise InvalidInput(f"没有这一天：{text}") from None
    parsed = parse_deadline(text, _working_year(plan))
    due = parsed.due
    if due is None and not parsed.recurrence and not parsed.ongoing:
        due = working_day_deadline(parsed.text, as_date(plan.issue_date))   # 10个工作日内: from the issue date
    return DeadlineValue(due, parsed.text, parsed.recurrence, bool(parsed.ongoing))


def _read_recurrence(plan: Plan, value: str) -> tuple[str | None, str | None]:
    """A recurrence phrase (每月5日前) or code (monthly:5) as (code, phrase); (None, None) for ""."""
    text = value.strip()
    if not text:
        return None, None
    if _RECURRENCE_CODE.match(text):
        return text, None
    parsed = parse_deadline(text, _working_year(plan))
    if not parsed.recurrence:
        raise InvalidInput(f"读不出周期：“{text}”（可写 每月5日前、每季度末、每年12月底前）")
    return parsed.recurrence, parsed.text


@translate_errors
def preview_deadline(plan: int | str, phrase: str) -> DeadlinePreview:
    """What ``phrase`` (or a date written 2023-12-31) will become as a deadline in ``plan``."""
    value = read_deadline(find_plan(plan), phrase)
    return DeadlinePreview(value.due, value.ongoing, value.recurrence, value.text)


# -- the task as it is ----------------------------------------------------------------


def _task(task_id: int) -> Task:
    task = Task.get_or_none(Task.id == task_id)
    if task is None:
        raise NotFound(f"没有编号为 {task_id} 的任务")
    return task


def _units(task_id: int) -> list[Unit]:
    """(role, department id, written name, position) of a task, in written order."""
    return [(role, department, written, position) for role, department, written, position in
            Assignment.select(Assignment.role, Assignment.department, Assignment.written_name, Assignment.position)
            .where(Assignment.task == task_id).order_by(Assignment.role, Assignment.position).tuples()]


def _deadline(task: Task) -> DeadlineValue:
    return DeadlineValue(as_date(task.current_deadline), task.deadline_text, task.recurrence, bool(task.ongoing))


def _snapshot(task: Task, units: list[Unit], deadline: DeadlineValue | None = None) -> dict[str, object]:
    """A task as the audit log keeps it."""
    deadline = deadline or _deadline(task)
    shown = {role: [written for unit_role, _ident, written, _position in units if unit_role == role]
             for role in ROLES}
    return {"text": task.text, **shown, "deadline": deadline.due.isoformat() if deadline.due else None,
            "deadline_text": deadline.text, "recurrence": deadline.recurrence, "ongoing": deadline.ongoing,
            "withdrawn": bool(task.withdrawn), "withdrawn_reason": task.withdrawn_reason,
            "edited": sorted(parse_marks(task.edited_fields)), "version": int(task.version or 0)}


def _check_version(task: Task, expected: int | None) -> None:
    """Refuse a form opened on an older version, naming the change it did not see."""
    if expected is None or int(task.version or 0) == expected:
        return
    latest = (AuditEntry.select(AuditEntry.actor, AuditEntry.at, AuditEntry.summary)
              .where(AuditEntry.target == f"task:{task.id}").order_by(AuditEntry.id.desc()).first())
    told = "该任务在您打开后已被修改"
    if latest is not None:
        when = latest.at if isinstance(latest.at, str) else latest.at.strftime("%m月%d日 %H:%M")
        told = f"该任务在您打开后已被{latest.actor}于{when}修改（{latest.summary}）"
    raise StaleTaskError(task.id, expected, int(task.version or 0),
                         f"{told}，您的修改未保存，请刷新后再改 (task changed since you opened it; reload)")


# -- units ----------------------------------------------------------------------------


class _Units:
    """Names to departments of the plan's county, as the import resolves them: unknown names
    refused, or created there when asked."""

    def __init__(self, actor: Actor, create: bool, plan_id: int) -> None:
        self.actor, self.create = actor, create
        self.resolver = DepartmentResolver()
        self.county = plan_county(plan_id)

    def find(self, name: str) -> int | None:
        return self.resolver.find(name, self.county)

    def resolve(self, role_names: dict[str, list[str]]) -> dict[str, list[tuple[int, str]]]:
        """(department id, name as given) per role, in order, one row per department."""
        unknown = [name for names in role_names.values() for name in names if self.find(name) is None]
        if unknown and not self.create:
            raise UnknownDepartments(list(dict.fromkeys(unknown)))
        created = {name: int(resolve_department(name, self.county, actor=self.actor).id)
                   for name in dict.fromkeys(unknown)}
        resolved: dict[str, list[tuple[int, str]]] = {}
        for role, names in role_names.items():
            rows: dict[int, str] = {}
            for name in names:
                ident = created.get(name) or self.find(name)
                rows.setdefault(int(ident), name)   # type: ignore[arg-type]
            resolved[role] = list(rows.items())
        return resolved


def _replace_units(task_id: int, role: str, units: list[tuple[int, str]]) -> None:
    Assignment.delete().where(Assignment.task == task_id, Assignment.role == role).execute()
    if units:
        Assignment.insert_many([{"task": task_id, "department": ident, "role": role, "written_name": written,
                                 "position": position} for position, (ident, written) in enumerate(units)]).execute()


def _role_units(units: list[Unit], role: str) -> list[tuple[int, str]]:
    return [(ident, written) for unit_role, ident, written, _position in units if unit_role == role]


# -- writing ---------------------------------------------------------------------------


def _note_edits(task: Task, before_units: list[Unit], after_units: list[Unit], before: DeadlineValue,
                after: DeadlineValue, before_text: str, fields: Iterable[str], who: str) -> None:
    """Keep what the extraction reads for each difference field the edit changed."""
    existing = read_differences([task.id])
    for name in fields:
        old = field_value(name, before_text, before_units, before)
        new = field_value(name, task.text, after_units, after)
        if old.key != new.key:
            note_edit(task.id, name, old, new, existing.get((task.id, name)), who, not task.added_by_office)


def _difference_fields(marks: Iterable[str]) -> list[str]:
    chosen = set(marks)
    return [name for name in DIFFERENCE_FIELDS if chosen & marks_of_field(name)]


def _write_deadline(task_id: int, value: DeadlineValue, **more: object) -> None:
    Task.update(original_deadline=value.due, current_deadline=value.due, deadline_text=value.text,
                recurrence=value.recurrence, ongoing=value.ongoing, **more).where(Task.id == task_id).execute()


def _summary(task: Task, marks: Iterable[str]) -> str:
    return f"修改任务 {task.id}：" + "、".join(FIELD_NAMES[mark] for mark in marks if mark in FIELD_NAMES)


@translate_errors
def edit_task(task_id: int, *, actor: Actor | None = None, expected_version: int | None = None,
              text: str | None = None, lead: str | Iterable[str] | None = None,
              responsible: str | Iterable[str] | None = None, cooperating: str | Iterable[str] | None = None,
              deadline: date | str | None = None, recurrence: str | None = None, ongoing: bool | None = None,
              create_departments: bool = False) -> None:
    """Set the given fields of a task (None: left as it is); nothing happens when none changes.

    ``lead``/``responsible``/``cooperating``: names (a list, or one text
    separated by 、 or a comma), () or "" for none. ``deadline``: a date, a
    phrase, or "" for none; ``recurrence``: a phrase (每月5日前) or a code
    (monthly:5), "" for none; ``ongoing``: 长期 or not.
    """
    with db.atomic("IMMEDIATE"):
        actor = acting(actor)
        require_office(actor, "修改任务")
        task = _task(task_id)
        _check_version(task, expected_version)
        plan = Plan.get_by_id(task.plan_id)
        units = _units(task_id)
        before_deadline = _deadline(task)
        changed: list[str] = []

        new_text = task.text
        if text is not None:
            new_text = text.strip()
            if not new_text:
                raise InvalidInput("任务内容不能为空")
            if new_text != task.text:
                changed.append("text")

        wanted = {role: split_names(names) for role, names in
                  (("lead", lead), ("responsible", responsible), ("cooperating", cooperating)) if names is not None}
        new_units = list(units)
        for role, rows in _Units(actor, create_departments, task.plan_id).resolve(wanted).items():
            if rows != _role_units(units, role):
                changed.append(role)
                new_units = [unit for unit in new_units if unit[0] != role] + \
                    [(role, ident, written, position) for position, (ident, written) in enumerate(rows)]

        new_deadline = _new_deadline(plan, before_deadline, deadline, recurrence, ongoing)
        if new_deadline != before_deadline:
            asked = [name for name, value in (("deadline", deadline), ("recurrence", recurrence),
                                              ("ongoing", ongoing)) if value is not None]
            changed.extend(asked)
        if not changed:
            return

        before = _snapshot(task, units)
        marks = parse_marks(task.edited_fields) | set(changed)
        Task.update(text=new_text, edited_fields=store_marks(marks), version=Task.version + 1,
                    updated_at=now()).where(Task.id == task_id).execute()
        if new_deadline != before_deadline:
            _write_deadline(task_id, new_deadline)
        for role in ROLES:
            if role in changed:
                _replace_units(task_id, role, _role_units(new_units, role))
        after_task = _task(task_id)
        _note_edits(after_task, units, new_units, before_deadline, new_deadline, task.text,
                    _difference_fields(changed), actor.label)
        audit.record(actor, "task_edit", f"task:{task_id}", before, _snapshot(after_task, _units(task_id)),
                     _summary(task, changed))


def _new_deadline(plan: Plan, current: DeadlineValue, deadline: date | str | None, recurrence: str | None,
                  ongoing: bool | None) -> DeadlineValue:
    """The deadline after the office's deadline, recurrence and 长期 (each None: as it is)."""
    value = current
    if deadline is not None:
        value = read_deadline(plan, deadline)
        if isinstance(deadline, str) and deadline.strip() and not (value.due or value.recurrence or value.ongoing):
            raise InvalidInput(f"读不出完成时限：“{deadline.strip()}”（可写 2023-12-31、12月底前、长期坚持、"
                               "每月5日前、10个工作日内；清除请留空）")
    if recurrence is not None:
        code, phrase = _read_recurrence(plan, recurrence)
        text = value.text if value.due is not None else phrase   # a date's phrase stays the date's
        value = DeadlineValue(value.due, text, code, False if code else value.ongoing)
    if ongoing is not None:
        if ongoing and value.due is not None and deadline is not None and not value.ongoing:
            raise InvalidInput("长期任务没有完成日期：请只写其一")
        if ongoing:
            value = DeadlineValue(None, value.text if value.ongoing else "长期", None, True)
        elif value.ongoing:
            value = DeadlineValue(value.due, value.text if value.due or value.recurrence else None,
                                  value.recurrence, False)
    return value


# -- adding, splitting, merging, withdrawing ------------------------------------------


def _make_room(plan_id: int, after_position: int) -> int:
    """Shift the plan's tasks after ``after_position`` down one; the freed position."""
    Task.update(position=Task.position + 1).where(Task.plan == plan_id, Task.position > after_position).execute()
    return after_position + 1


def _source_lines(plan: Plan, line_start: int, line_end: int) -> list[str] | None:
    """The plan's kept lines from line_start to line_end; None when no source was kept."""
    source = PlanSource.get_or_none(PlanSource.plan == plan.id)
    if source is None:
        return None
    lines = source.text.split("\n")
    last = source.first_line + len(lines) - 1
    if line_start < source.first_line or line_end > last:
        raise InvalidInput(f"第 {line_start}–{line_end} 行不在此方案的原文中（原文为第 {source.first_line}–{last} 行）")
    return lines[line_start - source.first_line:line_end - source.first_line + 1]


def read_lines(lines: list[str], year: int | None) -> tuple[dict[str, list[str]], DeadlineValue]:
    """Units and deadline the importer reads from some lines of a document, as an item of its outline
    (its own parentheses, labels, a closing role sentence); else only the last deadline phrase."""
    drafts = item_tasks(build_outline(lines_of("\n".join(lines))), year)
    units: dict[str, list[str]] = {role: [] for role in ROLES}
    deadline = DeadlineValue()
    for draft in drafts:
        for role in ROLES:
            units[role].extend(name for name in getattr(draft.units, role) if name not in units[role])
        found = draft.deadline
        if found.due or found.recurrence or found.ongoing:
            deadline = DeadlineValue(found.due, found.text, found.recurrence, bool(found.ongoing))
    if not drafts:
        found_last = find_last_deadline("".join(line.strip() for line in lines), year)
        if found_last is not None:
            found = found_last[0]
            deadline = DeadlineValue(found.due, found.text, found.recurrence, bool(found.ongoing))
    return units, deadline


@translate_errors
def add_task(plan: int | str, line_start: int, line_end: int, *, actor: Actor | None = None,
             text: str | None = None, lead: str | Iterable[str] = (), responsible: str | Iterable[str] = (),
             cooperating: str | Iterable[str] = (), deadline: date | str | None = None,
             create_departments: bool = False) -> int:
    """A task the importer missed, from lines of the plan's source; its id.

    ``text`` defaults to those lines joined; units and deadline not given are
    what the importer reads from the lines (:func:`read_lines`), names it
    reads that no department has being created as an import would. Placed
    among the plan's tasks by its first line.
    """
    with db.atomic("IMMEDIATE"):
        actor = acting(actor)
        require_office(actor, "新增任务")
        row = find_plan(plan)
        if line_start < 1 or line_end < line_start:
            raise InvalidInput(f"行号应为 起始行-结束行，起始不大于结束：{line_start}-{line_end}")
        lines = _source_lines(row, line_start, line_end)
        if lines is None and not (text and text.strip()):
            raise InvalidInput("此方案导入时未保存原文：请填写任务内容，或重新导入该文件后再从原文新增")
        body = (text or "").strip() or "".join(line.strip() for line in lines or ())
        if not body:
            raise InvalidInput(f"第 {line_start}–{line_end} 行没有文字，请填写任务内容")
        given = {role: split_names(names) for role, names in
                 (("lead", lead), ("responsible", responsible), ("cooperating", cooperating))}
        read_units, read_deadline_value = read_lines(lines, _working_year(row)) if lines else ({}, DeadlineValue())
        marks = {"text"} if text and text.strip() else set()
        marks |= {role for role, names in given.items() if names}
        units_helper = _Units(actor, create_departments, row.id)
        resolved = units_helper.resolve({role: names for role, names in given.items() if names})
        for role in ROLES:
            if role not in resolved and read_units.get(role):
                resolved[role] = [(units_helper.resolver.resolve(name, units_helper.county), name)
                                  for name in read_units[role]]
        units_helper.resolver.flush()
        value = read_deadline_value
        if deadline is not None:
            value = _new_deadline(row, DeadlineValue(), deadline, None, None)
            marks.add("deadline")

        before = (Task.select(Task.position).where(Task.plan == row.id, Task.line_start <= line_start)
                  .order_by(Task.position.desc()).scalar())
        position = _make_room(row.id, before if before is not None else -1)
        stamp = now()
        task = Task.create(plan=row.id, seq=None, text=body, line_start=line_start, line_end=line_end,
                           original_deadline=value.due, current_deadline=value.due, deadline_text=value.text,
                           recurrence=value.recurrence, ongoing=value.ongoing, status=NOT_STARTED, progress=0,
                           position=position, withdrawn=False, edited_fields=store_marks(marks),
                           added_by_office=True, created_at=stamp, updated_at=stamp)
        for role, rows in resolved.items():
            _replace_units(task.id, role, rows)
        audit.record(actor, "task_add", f"task:{task.id}", None, _snapshot(task, _units(task.id)),
                     f"新增任务 {task.id}（{row.number or row.title or row.id} 第 {line_start}–{line_end} 行）")
        return int(task.id)


@translate_errors
def split_task(task_id: int, first_text: str, second_text: str, *, actor: Actor | None = None) -> tuple[int, int]:
    """One task in two: the first keeps the id and the history, the second is new; both keep
    the units and the deadline. Returns both ids."""
    with db.atomic("IMMEDIATE"):
        actor = acting(actor)
        require_office(actor, "拆分任务")
        first, second = first_text.strip(), second_text.strip()
        if not first or not second:
            raise InvalidInput("拆分后的两项任务都要有内容")
        task = _task(task_id)
        if task.withdrawn:
            raise InvalidInput(f"任务 {task_id} 已撤销，不能拆分")
        units = _units(task_id)
        before = _snapshot(task, units)
        deadline = _deadline(task)
        marks = parse_marks(task.edited_fields)
        Task.update(text=first, edited_fields=store_marks(marks | {"text"}), version=Task.version + 1,
                    updated_at=now()).where(Task.id == task_id).execute()
        kept = _task(task_id)
        if first != task.text:
            _note_edits(kept, units, units, deadline, deadline, task.text, [TEXT], actor.label)
        stamp = now()
        new = Task.create(plan=task.plan_id, seq=task.seq, text=second, line_start=task.line_start,
                          line_end=task.line_end, original_deadline=task.original_deadline,
                          current_deadline=task.current_deadline, deadline_text=task.deadline_text,
                          recurrence=task.recurrence, ongoing=task.ongoing, status=NOT_STARTED, progress=0,
                          position=_make_room(task.plan_id, task.position), withdrawn=False,
                          edited_fields=store_marks(marks | {"text"}), added_by_office=True,
                          created_at=stamp, updated_at=stamp)
        for role in ROLES:
            _replace_units(new.id, role, _role_units(units, role))
        audit.record(actor, "task_split", f"task:{task_id}", before,
                     {"first": _snapshot(kept, units), "second": {"id": new.id, **_snapshot(new, units)}},
                     f"拆分任务 {task_id} 为 {task_id} 与 {new.id}")
        return int(task_id), int(new.id)


@translate_errors
def merge_tasks(keep_id: int, absorb_id: int, *, actor: Actor | None = None) -> int:
    """Two tasks of one plan as one: ``keep`` takes the other's units (and its deadline when it
    has none); the absorbed one is withdrawn (并入任务 …) with its history. Returns keep's id."""
    with db.atomic("IMMEDIATE"):
        actor = acting(actor)
        require_office(actor, "合并任务")
        if keep_id == absorb_id:
            raise InvalidInput("不能把任务与自己合并")
        keep, absorb = _task(keep_id), _task(absorb_id)
        if keep.plan_id != absorb.plan_id:
            raise InvalidInput("只能合并同一文件中的任务")
        for task in (keep, absorb):
            if task.withdrawn:
                raise InvalidInput(f"任务 {task.id} 已撤销，不能合并")
        keep_units, absorb_units = _units(keep_id), _units(absorb_id)
        before = {"keep": {"id": keep_id, **_snapshot(keep, keep_units)},
                  "absorb": {"id": absorb_id, **_snapshot(absorb, absorb_units)}}
        changed: list[str] = []
        united = list(keep_units)
        for role in ROLES:
            have = _role_units(keep_units, role)
            ids = {ident for ident, _written in have}
            extra = [(ident, written) for ident, written in _role_units(absorb_units, role) if ident not in ids]
            if extra:
                changed.append(role)
                _replace_units(keep_id, role, have + extra)
                united += [(role, ident, written, len(have) + offset) for offset, (ident, written) in enumerate(extra)]
        keep_deadline, absorb_deadline = _deadline(keep), _deadline(absorb)
        new_deadline = keep_deadline
        if keep_deadline.missing and not absorb_deadline.missing:
            new_deadline = absorb_deadline
            changed.append("deadline")
            _write_deadline(keep_id, new_deadline)
        stamp = now()
        Task.update(edited_fields=store_marks(parse_marks(keep.edited_fields) | set(changed)),
                    version=Task.version + 1, updated_at=stamp).where(Task.id == keep_id).execute()
        kept = _task(keep_id)
        _note_edits(kept, keep_units, united, keep_deadline, new_deadline, keep.text, _difference_fields(changed),
                    actor.label)
        reason = MERGED_INTO.format(f"{keep.seq}（编号 {keep_id}）" if keep.seq else keep_id)
        Task.update(withdrawn=True, withdrawn_reason=reason,
                    edited_fields=store_marks(parse_marks(absorb.edited_fields) | {"withdrawn"}),
                    version=Task.version + 1, updated_at=stamp).where(Task.id == absorb_id).execute()
        audit.record(actor, "task_merge", f"task:{keep_id}", before,
                     {"keep": {"id": keep_id, **_snapshot(kept, _units(keep_id))},
                      "absorb": {"id": absorb_id, **_snapshot(_task(absorb_id), absorb_units)}},
                     f"任务 {absorb_id} 并入任务 {keep_id}")
        return int(keep_id)


@translate_errors
def withdraw_task(task_id: int, reason: str, *, actor: Actor | None = None) -> None:
    """Withdraw a task that is no task (a stage heading, a line read twice …): never deleted,
    its history kept, and a re-import does not bring it back. A reason is required."""
    with db.atomic("IMMEDIATE"):
        actor = acting(actor)
        require_office(actor, "撤销任务")
        why = (reason or "").strip()
        if not why:
            raise InvalidInput("撤销任务须写明原因（例如：阶段标题，不是任务）")
        task = _task(task_id)
        marks = parse_marks(task.edited_fields)
        if task.withdrawn and "withdrawn" in marks and task.withdrawn_reason == why:
            return
        units = _units(task_id)
        before = _snapshot(task, units)
        Task.update(withdrawn=True, withdrawn_reason=why, edited_fields=store_marks(marks | {"withdrawn"}),
                    version=Task.version + 1, updated_at=now()).where(Task.id == task_id).execute()
        audit.record(actor, "task_withdraw", f"task:{task_id}", before, _snapshot(_task(task_id), units),
                     f"撤销任务 {task_id}：{why}")


@translate_errors
def resolve_difference(difference_id: int, take_extracted: bool, *, actor: Actor | None = None) -> None:
    """The office's choice where a re-import reads an edited field otherwise: the document's
    value (the field follows the document again) or its own (kept; asked again only when a
    later import reads something else still)."""
    with db.atomic("IMMEDIATE"):
        actor = acting(actor)
        require_office(actor, "处理导入差异")
        row = TaskDifference.get_or_none(TaskDifference.id == difference_id)
        if row is None:
            raise NotFound(f"没有编号为 {difference_id} 的导入差异（可能已处理）")
        task = _task(row.task_id)
        units = _units(task.id)
        name = row.field
        extracted = read_differences([task.id])[(task.id, name)].value
        current = field_value(name, task.text, units, _deadline(task))
        summary_field = FIELD_NAMES.get(name, name)
        if not take_extracted:
            if row.state == KEPT:
                return
            TaskDifference.update(state=KEPT, resolved_by=actor.label, resolved_at=now()).where(
                TaskDifference.id == row.id).execute()
            audit.record(actor, "task_difference", f"task:{task.id}",
                         {"field": name, "current": current.shown, "extracted": extracted.shown, "state": row.state},
                         {"field": name, "kept": current.shown, "state": KEPT},
                         f"任务 {task.id} 的{summary_field}：保留督查室的修改")
            return
        before = _snapshot(task, units)
        _apply(task, name, extracted)
        marks = parse_marks(task.edited_fields) - marks_of_field(name)
        Task.update(edited_fields=store_marks(marks), version=Task.version + 1, updated_at=now()).where(
            Task.id == task.id).execute()
        TaskDifference.delete().where(TaskDifference.id == row.id).execute()
        audit.record(actor, "task_difference", f"task:{task.id}", before,
                     {**_snapshot(_task(task.id), _units(task.id)), "field": name, "taken": extracted.shown},
                     f"任务 {task.id} 的{summary_field}：采用重新导入读出的“{extracted.shown}”")


def _apply(task: Task, name: str, value: FieldValue) -> None:
    """Set one difference field of a task to a stored value."""
    if name == TEXT:
        Task.update(text=str(value.stored)).where(Task.id == task.id).execute()
    elif name == DEADLINE:
        _write_deadline(task.id, DeadlineValue.from_json(value.stored))  # type: ignore[arg-type]
    else:
        rows = [(int(ident), str(written)) for ident, written in value.stored]  # type: ignore[union-attr]
        resolver = DepartmentResolver()
        county = plan_county(task.plan_id)
        units = []
        for ident, written in rows:
            if ident not in resolver.names:        # merged away since: the name finds where it went
                found = resolver.find(written, county)
                if found is None:
                    raise InvalidInput(f"单位“{written}”已不在登记册中，请改为修改任务")
                ident = found
            units.append((ident, written))
        _replace_units(task.id, name, list(dict(units).items()))
