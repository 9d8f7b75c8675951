"""Store an extracted file in the registry, in one transaction.

A plan is identified by its document number, else by its title within its
source file. A plan met again with different content is a corrected version:
its tasks are updated in place (ids, status, progress and history kept),
new ones added, and vanished ones deleted — or, when they have history or
the office's edits, marked withdrawn.

The office's corrections (:mod:`models.upkeep.editing`) outlast a re-import:
an edited field keeps the office's value, and where the new extraction reads
something else for it a difference is recorded for the office to choose
(:mod:`models.upkeep.task_fields`); a task the office withdrew stays
withdrawn, and one it added stays. Each import stores the plan's source lines
(the review view shows them beside the tasks) and leaves a plan whose tasks
changed 待审核 (:mod:`models.upkeep.review`).
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

import peewee
from peewee import chunked, fn

from importers.diagnostics import stored_text
from importers.records import Deadline, ExtractedFile, PlanDocument, TaskRecord
from models.access import audit
from models.access.actor import acting, Actor
from models.registry.dialect import executemany, sync_sequence
from models.rules.workdays import working_day_deadline
from models.registry.departments import DepartmentResolver, sync_alias_table
from models.errors import classify, translate_errors
from models.upkeep.department_changes import adopt_first_county
from models.upkeep.matching import match_tasks
from models.upkeep.task_fields import (DEADLINE, TEXT, DeadlineValue, StoredDifference, as_date, field_value,
                                       parse_marks, plan_differences, protected_fields, reconcile_extraction)
from models.errors import PermissionDenied
from models.access.permissions import require_office
from models.registry.schema import (
    REVIEW_STATES,
    ROLES,
    Assignment,
    ImportRun,
    Plan,
    PlanSource,
    StatusUpdate,
    Task,
    db,
    now,
)
from models.rules.status import NOT_STARTED

UNREVIEWED = REVIEW_STATES[0]

ProgressCallback = Callable[[int, int], None]

# Bulk inserts go through executemany with fixed statements: building
# peewee's multi-row INSERT cost ~4x the time SQLite spends storing the rows.
_INSERT_TASK = (
    'INSERT INTO "task" ("id", "plan_id", "seq", "text", "line_start", "line_end", "original_deadline", '
    '"current_deadline", "deadline_text", "recurrence", "ongoing", "status", "progress", "position", '
    '"withdrawn", "created_at", "updated_at") '
    f"VALUES ({', '.join('?' * 17)})"
)
_INSERT_ASSIGNMENT = (
    'INSERT INTO "assignment" ("task_id", "department_id", "role", "written_name", "position") '
    "VALUES (?, ?, ?, ?, ?)"
)
_CHUNK = 400  # ids per IN (...) list, far below SQLite's variable limit
# Why a re-import withdrew a task (one the office withdrew keeps its own reason).
GONE_FROM_DOCUMENT = "更正后的文件中已无此任务"


@dataclass(frozen=True)
class PlanSummary:
    """What happened to one plan of the file."""

    number: str | None
    title: str | None
    tasks_found: int
    tasks_without_unit: int
    tasks_without_deadline: int   # no date, no recurrence, not ongoing
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    withdrawn: int = 0            # vanished but kept for their history
    deleted: int = 0              # vanished, no history
    plan_id: int | None = None
    new_plan: bool = False
    warnings: tuple[str, ...] = ()   # "第 N 行：…": places that promised tasks and gave none
    differences: int = 0          # edited fields the new extraction reads otherwise: the office chooses


@dataclass(frozen=True)
class ImportSummary:
    """What happened to one file: ``outcome`` is imported, unchanged or updated."""

    source: str
    sha256: str
    outcome: str
    message: str
    plans: tuple[PlanSummary, ...] = field(default_factory=tuple)
    run_id: int | None = None

    def _total(self, name: str) -> int:
        return sum(getattr(plan, name) for plan in self.plans)

    @property
    def tasks_found(self) -> int:
        return self._total("tasks_found")

    @property
    def added(self) -> int:
        return self._total("added")

    @property
    def updated(self) -> int:
        return self._total("updated")

    @property
    def unchanged(self) -> int:
        return self._total("unchanged")

    @property
    def withdrawn(self) -> int:
        return self._total("withdrawn")

    @property
    def deleted(self) -> int:
        return self._total("deleted")

    @property
    def differences(self) -> int:
        return self._total("differences")


Unit = tuple[str, int, str, int]   # role, department id, written name, position


@dataclass
class _Incoming:
    """A task of the file, its units resolved."""

    record: TaskRecord
    position: int
    due: str | None
    units: tuple[Unit, ...]

    def content(self) -> tuple[object, ...]:
        deadline = self.record.deadline
        return (self.record.seq, self.record.text, self.due, deadline.text,
                deadline.recurrence, bool(deadline.ongoing), _unit_set(self.units))


@dataclass
class _Stored:
    """A task already in the registry."""

    id: int
    seq: str | None
    text: str
    original_deadline: str | None
    current_deadline: str | None
    deadline_text: str | None
    recurrence: str | None
    ongoing: bool
    withdrawn: bool
    line_start: int
    line_end: int
    position: int
    edited: frozenset[str] = frozenset()
    withdrawn_reason: str | None = None
    added_by_office: bool = False
    units: list[Unit] = field(default_factory=list)

    def content(self) -> tuple[object, ...]:
        return (self.seq, self.text, self.original_deadline, self.deadline_text,
                self.recurrence, self.ongoing, _unit_set(self.units))


def _unit_set(units: Sequence[Unit]) -> tuple[tuple[str, int, str], ...]:
    return tuple(sorted((role, ident, written) for role, ident, written, _ in units))


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _plan_key(document: PlanDocument) -> tuple[str, ...]:
    if document.number:
        return ("number", document.number)
    return ("title", document.title or "", document.source)


def _due(task: TaskRecord) -> date | None:
    """The task's due date; a 完成时限 written in working days (5个工作日内) counts
    from the plan's issue date on China's official calendar (调休 included)."""
    deadline = task.deadline
    if deadline.due is None and not deadline.recurrence and not deadline.ongoing:
        return working_day_deadline(deadline.text, task.plan_date)
    return deadline.due


def _without_deadline(task: TaskRecord) -> bool:
    deadline = task.deadline
    return _due(task) is None and deadline.recurrence is None and not deadline.ongoing


def _warnings(fields: dict[str, object]) -> tuple[str, ...]:
    text = fields.get("import_warnings")
    return tuple(str(text).splitlines()) if text else ()


def _plan_counts(number: str | None, title: str | None, tasks: Sequence[TaskRecord]) -> dict[str, object]:
    return {
        "number": number,
        "title": title,
        "tasks_found": len(tasks),
        "tasks_without_unit": sum(1 for task in tasks if not task.units),
        "tasks_without_deadline": sum(1 for task in tasks if _without_deadline(task)),
    }


class _FileImport:
    """One call of store_extracted, inside its transaction."""

    def __init__(self, extracted: ExtractedFile, progress: ProgressCallback | None, actor: Actor | None) -> None:
        self.extracted = extracted
        self.progress = progress
        self.actor = actor
        self.stamp = now()
        self.resolver: DepartmentResolver | None = None
        # Per updated plan id: what it was, for the audit log; and those whose title, issuer or date changed.
        self.before: dict[int, dict[str, object]] = {}
        self.retitled: set[int] = set()
        # Plans whose row this import rewrote (source file, its text), changed tasks or not.
        self.touched: set[int] = set()
        self.lines: list[str] | None = None

    # -- entry ------------------------------------------------------------

    def run(self) -> ImportSummary:
        actor = acting(self.actor)
        require_office(actor, "导入方案")
        extracted = self.extracted
        earlier = (ImportRun.select(ImportRun.finished_at)
                   .where(ImportRun.sha256 == extracted.sha256, ImportRun.outcome != "failed")
                   .order_by(ImportRun.id).first())
        if earlier is not None and not self._left_warnings():
            return self._already_imported(earlier.finished_at)

        # The registry's first import names its county when its documents' issuers agree on one.
        adopt_first_county((document.issuer for document in extracted.documents if document.tasks), actor)
        self.resolver = DepartmentResolver()
        groups = self._group_documents()
        existing = self._existing_plans(list(groups))
        summaries: list[PlanSummary] = []
        plan_fields_changed = False
        for done, (key, documents) in enumerate(groups.items(), start=1):
            tasks = [task for document in documents for task in document.tasks]
            plan = existing.get(key)
            if plan is None:
                summaries.append(self._insert_plan(documents, tasks))
            elif not tasks:
                summaries.append(self._flag_plan(plan, documents))
            else:
                changed, summary = self._update_plan(plan, documents, tasks)
                plan_fields_changed |= changed
                summaries.append(summary)
            if self.progress is not None:
                self.progress(done, len(groups))
        self.resolver.flush()
        sync_alias_table()     # the departments this import made have their table aliases now, not at the next open

        outcome, message = self._outcome(summaries, plan_fields_changed)
        run = self._write_run(outcome, message, summaries)
        self._audit(actor, summaries)
        return ImportSummary(extracted.source, extracted.sha256, outcome, message, tuple(summaries), run)

    # -- plans ------------------------------------------------------------

    def _group_documents(self) -> dict[tuple[str, ...], list[PlanDocument]]:
        """Documents with tasks, or with warnings (kept so that the window marks
        them until they are read), by plan identity; repeats of one plan in a
        file are joined."""
        groups: dict[tuple[str, ...], list[PlanDocument]] = {}
        for document in self.extracted.documents:
            if document.tasks or document.warnings:  # notices, appointments …: nothing to supervise
                groups.setdefault(_plan_key(document), []).append(document)
        return groups

    def _left_warnings(self) -> bool:
        """Whether an earlier import of these very bytes left a plan marked: importing
        them again reads them again (a newer importer may read what the old one could not)."""
        return (Plan.select(Plan.id)
                .where(Plan.source_sha256 == self.extracted.sha256, Plan.import_warnings.is_null(False))
                .exists())

    def _existing_plans(self, keys: list[tuple[str, ...]]) -> dict[tuple[str, ...], Plan]:
        found: dict[tuple[str, ...], Plan] = {}
        numbers = [key[1] for key in keys if key[0] == "number"]
        for chunk in chunked(numbers, _CHUNK):
            for plan in Plan.select().where(Plan.number.in_(chunk)):
                found[("number", str(plan.number))] = plan
        if any(key[0] == "title" for key in keys):
            source = self.extracted.source
            for plan in Plan.select().where(Plan.number.is_null(), Plan.source_file == source):
                found[("title", plan.title or "", source)] = plan
        return found

    def _plan_fields(self, documents: list[PlanDocument]) -> dict[str, object]:
        first = documents[0]
        return {
            "number": first.number,
            "title": first.title,
            "issuer": first.issuer,
            "issue_date": _iso(first.issue_date),
            "source_file": self.extracted.source,
            "source_sha256": self.extracted.sha256,
            "line_start": min(document.line_start for document in documents),
            "line_end": max(document.line_end for document in documents),
            "import_warnings": stored_text(warning for document in documents for warning in document.warnings),
        }

    def _insert_plan(self, documents: list[PlanDocument], tasks: list[TaskRecord]) -> PlanSummary:
        fields = self._plan_fields(documents)
        plan_id = Plan.insert(**fields, imported_at=self.stamp, updated_at=self.stamp).execute()
        incoming = self._prepare(tasks, fields["issuer"])
        self._insert_tasks(plan_id, incoming)
        self._store_source(plan_id, documents)
        return PlanSummary(**_plan_counts(fields["number"], fields["title"], tasks),  # type: ignore[arg-type]
                           added=len(incoming), plan_id=plan_id, new_plan=True, warnings=_warnings(fields))

    def _flag_plan(self, plan: Plan, documents: list[PlanDocument]) -> PlanSummary:
        """A registered plan met again with no task read, only warnings: its tasks
        are never withdrawn for that (this copy is what could not be read); a plan
        registered with no task has its fields and warnings brought up to date."""
        fields = self._plan_fields(documents)
        if not Task.select(Task.id).where(Task.plan == plan.id).exists():
            Plan.update(**fields, updated_at=self.stamp).where(Plan.id == plan.id).execute()
            self._store_source(plan.id, documents)
            self.touched.add(plan.id)
        return PlanSummary(**_plan_counts(fields["number"], fields["title"], []),  # type: ignore[arg-type]
                           plan_id=plan.id, warnings=_warnings(fields))

    def _update_plan(self, plan: Plan, documents: list[PlanDocument],
                     tasks: list[TaskRecord]) -> tuple[bool, PlanSummary]:
        fields = self._plan_fields(documents)
        meta_changed = (plan.title, plan.issuer, _iso(plan.issue_date)) != (
            fields["title"], fields["issuer"], fields["issue_date"])
        Plan.update(**fields, updated_at=self.stamp).where(Plan.id == plan.id).execute()
        self.touched.add(plan.id)

        stored = self._stored_tasks(plan.id)
        self.before[plan.id] = {"title": plan.title, "issuer": plan.issuer, "issue_date": _iso(plan.issue_date),
                                "tasks": sum(1 for task in stored if not task.withdrawn),
                                "withdrawn": sum(1 for task in stored if task.withdrawn)}
        if meta_changed:
            self.retitled.add(plan.id)
        incoming = self._prepare(tasks, fields["issuer"])
        differences = plan_differences(plan.id)
        mapping = match_tasks([(task.seq, _document_text(task, differences)) for task in stored],
                              [(task.record.seq, task.record.text) for task in incoming])
        with_history = {
            task_id for (task_id,) in StatusUpdate.select(StatusUpdate.task).join(Task)
            .where(Task.plan == plan.id).distinct().tuples()
        }

        added: list[_Incoming] = []
        reassigned: list[int] = []
        new_units: list[tuple[int, Unit]] = []
        moved: list[tuple[int, int, int, str, int]] = []
        updated = unchanged = to_choose = 0
        for new_index, extracted in enumerate(incoming):
            old_index = mapping.get(new_index)
            if old_index is None:
                added.append(extracted)
                continue
            old = stored[old_index]
            protected = protected_fields(old.edited)
            if protected and not _office_withdrew(old):   # a withdrawn task's fields ask nothing
                to_choose += _note_differences(old, extracted, protected, differences)
            task = _keeping_edits(old, extracted, protected)
            if task.content() == old.content() and old.withdrawn == _office_withdrew(old) \
                    and not old.added_by_office:
                unchanged += 1
                if (old.line_start, old.line_end, old.position) != (
                        task.record.line_start, task.record.line_end, task.position):
                    moved.append((task.record.line_start, task.record.line_end, task.position,
                                  self.stamp.isoformat(" "), old.id))
                continue
            updated += 1
            self._update_task(old, task, keep_deadline=DEADLINE in protected)
            if _unit_set(old.units) != _unit_set(task.units):
                reassigned.append(old.id)
                new_units.extend((old.id, unit) for unit in task.units)

        if moved:
            # Line numbers shift whenever anything above them changes: one
            # executemany, not one query per row.
            executemany(
                'UPDATE "task" SET "line_start" = ?, "line_end" = ?, "position" = ?, "updated_at" = ? '
                'WHERE "id" = ?', moved)

        matched_old = set(mapping.values())
        # A task the office added is in no extraction: a re-import never takes it away.
        vanished = [task for index, task in enumerate(stored) if index not in matched_old and not task.added_by_office]
        kept = with_history | {task.id for task in vanished if task.edited}   # the office's edits are history too
        to_withdraw = [task.id for task in vanished if task.id in kept and not task.withdrawn]
        to_delete = [task.id for task in vanished if task.id not in kept]
        for chunk in chunked(to_withdraw, _CHUNK):
            Task.update(withdrawn=True, withdrawn_reason=GONE_FROM_DOCUMENT,
                        updated_at=self.stamp).where(Task.id.in_(chunk)).execute()
        for chunk in chunked(to_delete, _CHUNK):
            Task.delete().where(Task.id.in_(chunk)).execute()  # assignments cascade
        for chunk in chunked(reassigned, _CHUNK):
            Assignment.delete().where(Assignment.task.in_(chunk)).execute()
        self._insert_assignments(new_units)
        self._insert_tasks(plan.id, added)
        self._store_source(plan.id, documents)
        if added or updated or to_withdraw or to_delete or to_choose:
            # What the office reviewed is not what the registry holds now.
            Plan.update(review_state=UNREVIEWED, reviewed_by=None, reviewed_at=None).where(
                Plan.id == plan.id).execute()

        summary = PlanSummary(**_plan_counts(fields["number"], fields["title"], tasks),  # type: ignore[arg-type]
                              added=len(added), updated=updated, unchanged=unchanged,
                              withdrawn=len(to_withdraw), deleted=len(to_delete), plan_id=plan.id,
                              warnings=_warnings(fields), differences=to_choose)
        return meta_changed, summary

    # -- tasks ------------------------------------------------------------

    def _prepare(self, tasks: list[TaskRecord], issuer: object) -> list[_Incoming]:
        """Resolve units once per written name (the resolver caches), among the departments
        of the county the plan's issuer names (else the registry's)."""
        assert self.resolver is not None
        county = self.resolver.county_of_plan(issuer if isinstance(issuer, str) else None)
        resolve = self.resolver.resolve
        prepared: list[_Incoming] = []
        for position, task in enumerate(tasks):
            units: list[Unit] = []
            seen: set[tuple[str, int]] = set()
            for role, names in zip(ROLES, (task.lead, task.responsible, task.cooperating)):
                order = 0
                for written in names:
                    if not written or not written.strip():
                        continue
                    ident = resolve(written, county)   # the plan's county's department of that name
                    if (role, ident) in seen:  # 县住建局、县住房和城乡建设局 in one list: one row
                        continue
                    seen.add((role, ident))
                    units.append((role, ident, written.strip(), order))
                    order += 1
            prepared.append(_Incoming(task, position, _iso(_due(task)), tuple(units)))
        return prepared

    def _stored_tasks(self, plan_id: int) -> list[_Stored]:
        query = (Task.select(Task.id, Task.seq, Task.text, Task.original_deadline, Task.current_deadline,
                             Task.deadline_text, Task.recurrence, Task.ongoing, Task.withdrawn,
                             Task.line_start, Task.line_end, Task.position, Task.edited_fields,
                             Task.withdrawn_reason, Task.added_by_office)
                 .where(Task.plan == plan_id).order_by(Task.position, Task.id))
        stored: list[_Stored] = []
        by_id: dict[int, _Stored] = {}
        for row in db.execute(query).fetchall():
            task = _Stored(row[0], row[1], row[2], _iso(as_date(row[3])), _iso(as_date(row[4])), row[5], row[6],
                           bool(row[7]), bool(row[8]), row[9], row[10], row[11], parse_marks(row[12]),
                           row[13], bool(row[14]))
            stored.append(task)
            by_id[task.id] = task
        units = (Assignment.select(Assignment.task, Assignment.role, Assignment.department,
                                   Assignment.written_name, Assignment.position)
                 .join(Task).where(Task.plan == plan_id))
        for task_id, role, department, written, position in db.execute(units).fetchall():
            by_id[task_id].units.append((role, department, written, position))
        return stored

    def _update_task(self, old: _Stored, task: _Incoming, keep_deadline: bool) -> None:
        record = task.record
        office_withdrew = _office_withdrew(old)
        values: dict[str, object] = {
            "seq": record.seq,
            "text": record.text,
            "line_start": record.line_start,
            "line_end": record.line_end,
            "position": task.position,
            "withdrawn": office_withdrew,
            "withdrawn_reason": old.withdrawn_reason if office_withdrew else None,
            "added_by_office": False,      # an extraction gives it now
            "updated_at": self.stamp,
        }
        if not keep_deadline:              # else the office's deadline, recurrence and 长期 flag stay
            values.update(deadline_text=record.deadline.text, recurrence=record.deadline.recurrence,
                          ongoing=bool(record.deadline.ongoing))
            # An approved extension (current differs from original) outranks the
            # document; without one the corrected deadline replaces both.
            if old.current_deadline == old.original_deadline:
                values["original_deadline"] = task.due
                values["current_deadline"] = task.due
        Task.update(**values).where(Task.id == old.id).execute()

    def _insert_tasks(self, plan_id: int, tasks: list[_Incoming]) -> None:
        if not tasks:
            return
        # Ids assigned here, safe inside the IMMEDIATE transaction: no other
        # writer can take one, and we need them for the assignment rows.
        next_id = (Task.select(fn.MAX(Task.id)).scalar() or 0) + 1
        stamp = self.stamp.isoformat(" ")
        rows = []
        units: list[tuple[int, Unit]] = []
        for offset, task in enumerate(tasks):
            record = task.record
            task_id = next_id + offset
            rows.append((task_id, plan_id, record.seq, record.text, record.line_start, record.line_end,
                         task.due, task.due, record.deadline.text, record.deadline.recurrence,
                         bool(record.deadline.ongoing), NOT_STARTED, 0, task.position, False, stamp, stamp))
            units.extend((task_id, unit) for unit in task.units)
        executemany(_INSERT_TASK, rows)
        sync_sequence("task")
        self._insert_assignments(units)

    def _store_source(self, plan_id: int, documents: list[PlanDocument]) -> None:
        """The plan's lines, from its first line or its first task's to its last, replacing
        the earlier import's (whose line numbers no longer hold); none when the file's
        text did not come with the extraction."""
        PlanSource.delete().where(PlanSource.plan == plan_id).execute()
        if not self.extracted.text:
            return
        lines = self._lines()
        tasks = [task for document in documents for task in document.tasks]
        first = max(1, min([document.line_start for document in documents] + [task.line_start for task in tasks]))
        last = min(len(lines), max([document.line_end for document in documents] + [task.line_end for task in tasks]))
        if last < first:
            return
        PlanSource.insert(plan=plan_id, first_line=first, text="\n".join(lines[first - 1:last]),
                          stored_at=self.stamp).execute()

    def _lines(self) -> list[str]:
        """The file's lines as the importer numbered them (once per file: a gazette holds many plans)."""
        if self.lines is None:
            self.lines = self.extracted.text.splitlines()
        return self.lines

    def _insert_assignments(self, units: list[tuple[int, Unit]]) -> None:
        if units:
            executemany(_INSERT_ASSIGNMENT, [
                (task_id, ident, role, written, order) for task_id, (role, ident, written, order) in units])

    # -- outcome ----------------------------------------------------------

    def _audit(self, actor: Actor, summaries: list[PlanSummary]) -> None:
        """One audit entry per plan the file added or changed; when it changed none but still
        pointed plans at this file and its text (a copy read again), one entry saying so: every
        transaction that writes has its entry (on a server, one without is reported as a change
        made around Duban)."""
        described = False
        for plan in summaries:
            changes = plan.added + plan.updated + plan.withdrawn + plan.deleted + plan.differences
            if not (plan.new_plan or changes or plan.plan_id in self.retitled):
                continue
            described = True
            name = plan.number or plan.title or self.extracted.source
            verb = "新登记" if plan.new_plan else "更新"
            audit.record(actor, "import", f"plan:{plan.plan_id}",
                         None if plan.new_plan else self.before.get(plan.plan_id or 0),
                         {"number": plan.number, "title": plan.title, "source": self.extracted.source,
                          "sha256": self.extracted.sha256, "tasks": plan.tasks_found, "added": plan.added,
                          "updated": plan.updated, "unchanged": plan.unchanged, "withdrawn": plan.withdrawn,
                          "deleted": plan.deleted, "differences": plan.differences, "warnings": list(plan.warnings)},
                         f"{verb}方案 {name}：新增 {plan.added}、修改 {plan.updated}、"
                         f"撤销 {plan.withdrawn}、删除 {plan.deleted}"
                         + (f"、与督查室修改不同待选择 {plan.differences}" if plan.differences else ""))
        if not described and self.touched:
            source = self.extracted.source
            audit.record(actor, "import", f"file:{source}", None,
                         {"source": source, "sha256": self.extracted.sha256, "plans": sorted(self.touched)},
                         f"重新读取 {source}：{len(self.touched)} 个方案的任务未变，来源文件与原文改为此文件")

    def _already_imported(self, when: object) -> ImportSummary:
        extracted = self.extracted
        summaries = tuple(
            PlanSummary(**_plan_counts(document.number, document.title, document.tasks),  # type: ignore[arg-type]
                        unchanged=len(document.tasks))
            for document in extracted.documents if document.tasks
        )
        when_text = f"于 {str(when)[:16]} " if when else ""
        message = (f"{extracted.source}：相同内容的文件（SHA-256 {extracted.sha256[:12]}…）已{when_text}导入过，"
                   "登记册未做任何更改")
        run = self._write_run("unchanged", message, list(summaries), counted=False)
        return ImportSummary(extracted.source, extracted.sha256, "unchanged", message, summaries, run)

    def _outcome(self, summaries: list[PlanSummary], plan_fields_changed: bool) -> tuple[str, str]:
        source = self.extracted.source
        found = sum(plan.tasks_found for plan in summaries)
        if not summaries:
            return "imported", f"{source}：没有找到任务，登记册未改动"
        if found == 0:
            new_plans = sum(1 for plan in summaries if plan.new_plan)
            registered = f"，其中 {new_plans} 个新登记并标记“未识别任务”" if new_plans else ""
            return ("imported" if new_plans else "unchanged",
                    f"{source}：没有识别出任务；{len(summaries)} 个文件有分工字样而未读出任务{registered}，请核对")
        if all(plan.new_plan for plan in summaries):
            return "imported", f"{source}：新登记 {len(summaries)} 个方案、{found} 项任务"
        changes = sum(plan.added + plan.updated + plan.withdrawn + plan.deleted + plan.differences
                      for plan in summaries)
        if changes == 0 and not plan_fields_changed and not any(plan.new_plan for plan in summaries):
            return "unchanged", f"{source}：{len(summaries)} 个方案的内容与登记册一致，任务未做更改"
        totals = {name: sum(getattr(plan, name) for plan in summaries)
                  for name in ("added", "updated", "unchanged", "withdrawn", "deleted", "differences")}
        new_plans = sum(1 for plan in summaries if plan.new_plan)
        to_choose = (f"；{totals['differences']} 处与督查室的修改不同，保留修改，待审核时选择"
                     if totals["differences"] else "")
        return "updated", (
            f"{source}：更新 {len(summaries) - new_plans} 个方案，新登记 {new_plans} 个；任务新增 {totals['added']}、"
            f"修改 {totals['updated']}、未变 {totals['unchanged']}、撤销（保留进展记录）{totals['withdrawn']}、"
            f"删除 {totals['deleted']}{to_choose}")

    def _write_run(self, outcome: str, message: str, summaries: list[PlanSummary],
                   counted: bool = True) -> int:
        extracted = self.extracted
        totals = {name: (sum(getattr(plan, name) for plan in summaries) if counted else 0)
                  for name in ("added", "updated", "unchanged", "withdrawn", "deleted")}
        return int(ImportRun.insert(
            started_at=self.stamp, finished_at=now(), source_file=extracted.source,
            source_path=extracted.path, sha256=extracted.sha256, outcome=outcome,
            plans=len(summaries), tasks=sum(plan.tasks_found for plan in summaries),
            message=message, **totals,
        ).execute())


def _office_withdrew(task: _Stored) -> bool:
    return "withdrawn" in task.edited


def _document_text(task: _Stored, differences: dict[tuple[int, str], StoredDifference]) -> str:
    """What the document said for a task's text: the extraction's value where the office edited it."""
    row = differences.get((task.id, TEXT))
    return str(row.value.stored) if row is not None else task.text


def _stored_deadline(task: _Stored) -> DeadlineValue:
    return DeadlineValue(as_date(task.original_deadline), task.deadline_text, task.recurrence, task.ongoing)


def _incoming_deadline(task: _Incoming) -> DeadlineValue:
    deadline = task.record.deadline
    return DeadlineValue(as_date(task.due), deadline.text, deadline.recurrence, bool(deadline.ongoing))


def _note_differences(old: _Stored, extracted: _Incoming, protected: tuple[str, ...],
                      differences: dict[tuple[int, str], StoredDifference]) -> int:
    """Record what the extraction reads for each edited field; how many are new choices for the office."""
    fresh = 0
    for name in protected:
        new = field_value(name, extracted.record.text, extracted.units, _incoming_deadline(extracted))
        current = field_value(name, old.text, old.units, _stored_deadline(old))
        fresh += reconcile_extraction(old.id, name, new, current, differences.get((old.id, name)))
    return fresh


def _keeping_edits(old: _Stored, extracted: _Incoming, protected: tuple[str, ...]) -> _Incoming:
    """The extracted task with the office's values in the fields it edited."""
    if not protected:
        return extracted
    record, due = extracted.record, extracted.due
    if TEXT in protected:
        record = replace(record, text=old.text)
    if DEADLINE in protected:
        record = replace(record, deadline=Deadline(old.deadline_text, as_date(old.original_deadline),
                                                   old.recurrence, old.ongoing))
        due = old.original_deadline
    units = extracted.units
    kept_roles = set(protected) & set(ROLES)
    if kept_roles:
        units = tuple(unit for unit in extracted.units if unit[0] not in kept_roles) + \
            tuple(unit for unit in old.units if unit[0] in kept_roles)
    return _Incoming(record, extracted.position, due, units)


def _record_failure(extracted: ExtractedFile, started: object, exc: Exception) -> None:
    """Log a failed attempt after the rollback; best effort, the original error is what matters."""
    problem = classify(exc, db.database)
    message = problem.problem if problem is not None else f"{type(exc).__name__}: {exc}"
    try:
        with db.atomic():
            ImportRun.insert(started_at=started, finished_at=now(), source_file=extracted.source,
                             source_path=extracted.path, sha256=extracted.sha256, outcome="failed",
                             message=message[:2000]).execute()
    except (peewee.DatabaseError, sqlite3.Error):
        # The database itself may be what failed (locked, full): the caller
        # still gets the original exception below.
        pass


@translate_errors
def store_extracted(extracted: ExtractedFile, progress: ProgressCallback | None = None, *,
                    actor: Actor | None = None) -> ImportSummary:
    """Store every plan and task of ``extracted``; all or nothing.

    ``progress(done, total)`` is called after each plan; raising from it
    cancels the import (the transaction rolls back). Office only (``actor``:
    default the signed-in one); each plan added or changed has an audit entry.
    """
    importer = _FileImport(extracted, progress, actor)
    try:
        # IMMEDIATE takes the write lock before the first read, so the plans
        # we compare against cannot change under us.
        with db.atomic("IMMEDIATE"):
            return importer.run()
    except PermissionDenied:
        raise          # not an attempt to import: nothing to log
    except Exception as exc:
        _record_failure(extracted, importer.stamp, exc)
        raise
