"""The weekly overdue report (逾期任务通报): which departments have overdue tasks, and which tasks.

Rules, decided here so that the PDF, the window and the tests agree:

- The report covers one ISO week; any date of it may be given, the week
  starts on its Monday. The as-of date is that Monday: a task is overdue when
  its current deadline is *before* the Monday and it is not done (已完成);
  tasks without a date and 长期坚持 tasks are never overdue (see
  :mod:`models.rules.status`). Days overdue = Monday minus deadline.
- "Due next week" means a deadline in the following ISO week, Monday+7 to
  Monday+13 (``due_soon_days`` long, 7 by default), not done, not ongoing.
- A task counts for every department that leads (牵头) or is responsible for
  it (责任); cooperating units (配合) are shown beside the task but neither
  counted nor given a section of their own.
- Collective names such as 各乡（镇）人民政府 (``Department.is_group``) appear
  only when they have overdue tasks; they come after the named departments,
  since nobody heads a group to send the report to.
- Overdue tasks with no leading or responsible unit are gathered under
  :data:`UNASSIGNED` rather than dropped, so the report never hides one.
- A task whose deadline an approved extension (延期) moved is judged
  against its current deadline and shows its original one beside it
  (``OverdueTask.original_deadline``); see :mod:`models.supervision.workflow`.
- Status, progress, notes and deadlines are read as they stood at the end
  of the Monday (``load_task_table(stood_at=…)``), so a week's report comes
  out the same whenever it is made again: a task reported done in a later
  year is still overdue in it, with the note it had then, and an extension
  approved later has not yet moved its deadline. Tasks are those registered
  now, whenever their plan was imported.
- A liaison the office keeps to its own department (仅本单位) gets the
  report of its department's tasks: the other departments named are those
  that share these tasks, counted over them only, as in the window's tree.

No Qt: :mod:`desktop.report` only lays out what this computes.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from models.registry.dialect import ids_in
from models.errors import translate_errors
from models.supervision.lights import RED, YELLOW, lights_for
from models.supervision.listing import TaskTable, load_task_table
from models.supervision.schedule import pace_for
from models.registry.schema import ROLES, db
from models.rules.status import DONE, OVERDUE
from models.supervision.workflow import extended_originals
from models.upkeep.review import unreviewed_plans

if TYPE_CHECKING:
    from models.access.actor import Actor

UNASSIGNED = "未明确牵头或责任单位"
# The county's share of plans (by issuer) above which it names the report.
COUNTY_MAJORITY = 0.8

# 平顺县人民政府办公室 -> 平顺县; also 区/市/旗 for county-level units. The
# optional 市 prefix (长治市平顺县…) is skipped so that the county is kept.
_COUNTY = re.compile(r"^(?:[\u4e00-\u9fff]{2,6}?[省市])?([\u4e00-\u9fff]{1,8}?(?:自治县|县|区|市|旗))(?:人民)?政府")
# 平政办发〔2023〕4号 -> 平: a number's issuer prefix, tied to a county by plans that have both.
_NUMBER_PREFIX = re.compile(r"^([\u4e00-\u9fff]{1,3}?)(?:政办发|政发|政办函|政函|政办|政)")


@dataclass(frozen=True)
class OverdueTask:
    """One overdue task as the report lists it under a department."""

    task_id: int
    plan_number: str | None
    plan_title: str | None
    seq: str
    text: str
    deadline: date
    days_overdue: int
    lead: tuple[str, ...]
    responsible: tuple[str, ...]
    cooperating: tuple[str, ...]
    status: str
    progress: int
    note: str | None           # the latest non-empty status note, None when there is none
    note_date: date | None
    original_deadline: date | None = None   # the document's date, when an approved extension moved it


@dataclass(frozen=True)
class DepartmentSummary:
    """One row of the summary table."""

    department_id: int | None   # None for UNASSIGNED
    name: str
    is_group: bool
    overdue: int
    due_next_week: int
    lagging: int = 0            # open, not overdue, behind 序时进度 (models.supervision.schedule: 欠进度)
    red: int = 0                # 红灯 and 黄灯 among all its tasks (models.supervision.lights)
    yellow: int = 0


@dataclass(frozen=True)
class DepartmentSection:
    """A department's overdue tasks, longest overdue first."""

    department_id: int | None
    name: str
    is_group: bool
    tasks: tuple[OverdueTask, ...]


@dataclass(frozen=True)
class WeeklyReport:
    """Everything the printed report shows, computed for one ISO week."""

    title: str
    county: str | None
    iso_year: int
    iso_week: int
    as_of: date                 # the week's Monday
    week_end: date              # its Sunday
    due_from: date              # the "due next week" window, both ends included
    due_to: date
    summary: tuple[DepartmentSummary, ...]
    sections: tuple[DepartmentSection, ...]
    overdue_total: int          # distinct tasks, whatever the number of departments each has
    due_next_week_total: int
    lagging_total: int = 0      # distinct tasks behind 序时进度 and not overdue
    # Plans not yet checked against their source (导入审核): their tasks are as the importer
    # read them, so the report says which they are — (number, title, tasks carrying a flag).
    unreviewed: tuple[tuple[str | None, str | None, int], ...] = ()


def week_monday(day: date) -> date:
    """The Monday of the ISO week containing ``day``."""
    return day - timedelta(days=day.isoweekday() - 1)


def report_title(county: str | None, monday: date) -> str:
    """平顺县2023年第45周 逾期任务通报; the year is the ISO year (2023-01-01 is 2022年第52周)."""
    iso_year, iso_week, _ = monday.isocalendar()
    return f"{county or ''}{iso_year}年第{iso_week}周 逾期任务通报"


@translate_errors
def weekly_report(week_start: date, county: str | None = None, due_soon_days: int = 7, *,
                  actor: Actor | None = None) -> WeeklyReport:
    """Build the report of the ISO week containing ``week_start`` from the open registry,
    of what ``actor`` may see (:func:`models.supervision.listing.load_task_table`)."""
    monday = week_monday(week_start)
    iso_year, iso_week, _ = monday.isocalendar()
    due_from = monday + timedelta(days=7)
    due_to = due_from + timedelta(days=due_soon_days - 1)
    end_of_monday = datetime.combine(monday + timedelta(days=1), time.min)
    table = load_task_table(actor=actor, stood_at=end_of_monday)
    states = table.states(monday)
    overdue_rows = [row for row, state in enumerate(states) if state == OVERDUE]
    due_low, due_high = due_from.isoformat(), due_to.isoformat()
    due_rows = [row for row, (deadline, status, ongoing) in
                enumerate(zip(table.deadlines, table.statuses, table.ongoing))
                if deadline is not None and due_low <= deadline[:10] <= due_high
                and status != DONE and not ongoing]

    row_of = {table.ids[row]: row for row in overdue_rows}
    notes = latest_notes(list(row_of), before=end_of_monday)
    # The document's date beside the deadline an extension had moved by then (not one moved since).
    originals = {ident: original for ident, original in extended_originals(list(row_of)).items()
                 if table.deadlines[row_of[ident]][:10] != original.isoformat()}
    tasks = {row: _overdue_task(table, row, monday, notes.get(table.ids[row]), originals.get(table.ids[row]))
             for row in overdue_rows}

    overdue_by: dict[int | None, list[int]] = {}
    for row in overdue_rows:
        for department in _counted_departments(table, row) or (None,):
            overdue_by.setdefault(department, []).append(row)
    due_by: Counter[int | None] = Counter(
        department for row in due_rows for department in _counted_departments(table, row))
    # 欠进度: still open and not yet overdue, but behind the share of its period already elapsed.
    lagging_rows = [row for row, (pace, state) in enumerate(zip(pace_for(table, monday), states))
                    if pace == "欠进度" and state != OVERDUE]
    lagging_by: Counter[int | None] = Counter(
        department for row in lagging_rows for department in _counted_departments(table, row))
    lights = lights_for(table, monday, words=False)
    light_by: dict[str, Counter[int | None]] = {RED: Counter(), YELLOW: Counter()}
    for row, light in enumerate(lights):
        if light.colour in light_by:
            light_by[light.colour].update(_counted_departments(table, row))

    # Listed: departments with overdue tasks or tasks due next week (their 欠进度 is shown beside).
    listed = [department for department in set(overdue_by) | set(due_by)
              if department in overdue_by or department not in table.group_departments]

    def name(department: int | None) -> str:
        return UNASSIGNED if department is None else table.department_names[department]

    def is_group(department: int | None) -> bool:
        return department in table.group_departments

    def order(department: int | None) -> tuple:
        # Named departments first, then groups, then the unassigned tasks.
        return (department is None, is_group(department), -len(overdue_by.get(department, ())),
                -due_by[department], name(department))

    listed.sort(key=order)
    summary = tuple(DepartmentSummary(department, name(department), is_group(department),
                                      len(overdue_by.get(department, ())), due_by[department],
                                      lagging_by[department], light_by[RED][department],
                                      light_by[YELLOW][department])
                    for department in listed)
    sections = tuple(
        DepartmentSection(department, name(department), is_group(department),
                          tuple(sorted((tasks[row] for row in overdue_by[department]),
                                       key=lambda task: (task.deadline, _plan_key(task)))))
        for department in listed if department in overdue_by)
    county = county if county is not None else dominant_county()
    return WeeklyReport(
        title=report_title(county, monday), county=county, iso_year=iso_year, iso_week=iso_week,
        as_of=monday, week_end=monday + timedelta(days=6), due_from=due_from, due_to=due_to,
        summary=summary, sections=sections, overdue_total=len(overdue_rows),
        due_next_week_total=len(due_rows), lagging_total=len(lagging_rows),
        unreviewed=tuple((number, title, flagged) for _ident, number, title, flagged in unreviewed_plans()))


def _plan_key(task: OverdueTask) -> tuple[str, int]:
    return (task.plan_number or task.plan_title or "", task.task_id)


def _counted_departments(table: TaskTable, row: int) -> tuple[int, ...]:
    """Leading and responsible units of a row, each once, in written order."""
    return tuple(dict.fromkeys(table.units["lead"][row] + table.units["responsible"][row]))


def _overdue_task(table: TaskTable, row: int, as_of: date,
                  note: tuple[str, date] | None, original: date | None = None) -> OverdueTask:
    number, title, _ = table.plans[table.plan_ids[row]]
    deadline = date.fromisoformat(table.deadlines[row][:10])
    names = table.department_names
    units = {role: tuple(names[ident] for ident in table.units[role][row])
             for role in ROLES}
    return OverdueTask(
        task_id=table.ids[row], plan_number=number, plan_title=title, seq=table.seqs[row],
        text=table.texts[row], deadline=deadline, days_overdue=(as_of - deadline).days,
        lead=units["lead"], responsible=units["responsible"], cooperating=units["cooperating"],
        status=table.statuses[row], progress=table.progress[row],
        note=note[0] if note else None, note_date=note[1] if note else None, original_deadline=original)


_LATEST_NOTES_SQL = """
SELECT task_id, note, created_at FROM (
    SELECT task_id, note, created_at,
           ROW_NUMBER() OVER (PARTITION BY task_id ORDER BY created_at DESC, id DESC) AS newest
    FROM status_update WHERE TRIM(note) <> '' {where}
) AS latest WHERE newest = 1
"""


@translate_errors
def latest_notes(task_ids: list[int] | None = None, before: datetime | None = None) -> dict[int, tuple[str, date]]:
    """Per task: its latest non-empty status note and the day it was written (``before`` a moment).

    An update without a note (a bare status change) does not hide the last
    thing someone wrote. One query, restricted to ``task_ids`` when given.
    """
    if task_ids is not None and not task_ids:
        return {}
    where, params = "", ()
    if task_ids is not None:
        where, params = ids_in("task_id", task_ids)
        where = f"AND {where}"
    if before is not None:
        where += " AND created_at < ?"
        params = (*params, before.isoformat(sep=" ", timespec="microseconds"))
    return {task_id: (note.strip(), datetime.fromisoformat(created).date())
            for task_id, note, created in db.execute_sql(_LATEST_NOTES_SQL.format(where=where), params)}


@translate_errors
def dominant_county() -> str | None:
    """The county that issued at least COUNTY_MAJORITY of the plans, else None.

    A plan's county comes from its issuer (平顺县人民政府办公室); failing
    that, from a known county opening its title, or from its number's prefix
    (平政办发 -> 平) as tied to a county by the plans that show both. Titles
    alone are not parsed: 开展全县… would read as a county.
    """
    plans = db.execute_sql("SELECT number, title, issuer FROM plan").fetchall()
    issuers = [_county_of(issuer) for _, _, issuer in plans]
    known = {county for county in issuers if county}
    prefix_county: dict[str, Counter[str]] = {}
    for (number, _, _), county in zip(plans, issuers):
        prefix = _number_prefix(number)
        if county and prefix:
            prefix_county.setdefault(prefix, Counter())[county] += 1
    counts: Counter[str] = Counter()
    for (number, title, _), county in zip(plans, issuers):
        if county is None and title:
            opening = re.sub(r"^(?:关于)?(?:印发)?", "", title.strip())
            county = next((name for name in known if opening.startswith(name)), None)
        if county is None and _number_prefix(number) in prefix_county:
            county = prefix_county[_number_prefix(number)].most_common(1)[0][0]
        if county is not None:
            counts[county] += 1
    if not counts:
        return None
    county, count = counts.most_common(1)[0]
    return county if count >= COUNTY_MAJORITY * sum(counts.values()) else None


def _county_of(issuer: str | None) -> str | None:
    match = _COUNTY.match(issuer.strip()) if issuer else None
    return match.group(1) if match else None


def _number_prefix(number: str | None) -> str | None:
    match = _NUMBER_PREFIX.match(number.strip()) if number else None
    return match.group(1) if match else None
