"""A task's fields the office corrects, as values to compare, show and keep.

Three kinds, one per entry of :data:`models.registry.schema.DIFFERENCE_FIELDS`:
the text; the units of one role (compared as a set of departments: the order
they are written in, or which alias, changes nothing); and the deadline, one
value with its recurrence and 长期 flag because the importer reads all three
from one phrase (compared by date, recurrence and flag).

The difference rows (:class:`models.registry.schema.TaskDifference`) are
written here, for the import and for the office's edits alike. A row exists
for a task and field exactly while the field is edited and the extraction
reads something else for it; its value is the extraction's. So a re-import
matches the task by the document's words (the text's row), and asks the
office only about a value it has not seen: a row 已保留 (kept) with the
value a re-import reads again stays as it is.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from models.registry.schema import DIFFERENCE_FIELDS, EDITED_MARKS, ROLES, Task, TaskDifference, now

NOTHING = "（无）"
UNIT_SEPARATOR = "、"
TEXT, DEADLINE = "text", "deadline"
DEADLINE_MARKS = frozenset(("deadline", "recurrence", "ongoing"))
PENDING, KEPT = "待处理", "已保留"

Unit = tuple[str, int, str, int]   # role, department id, written name, position (as importing.py)


def parse_marks(stored: str | None) -> frozenset[str]:
    """task.edited_fields as a set."""
    return frozenset(mark for mark in (stored or "").split(",") if mark)


def store_marks(marks: Iterable[str]) -> str:
    """task.edited_fields as stored: the marks in a fixed order."""
    chosen = set(marks)
    return ",".join(mark for mark in EDITED_MARKS if mark in chosen)


def marks_of_field(field: str) -> frozenset[str]:
    """The edit marks one difference field stands for."""
    return DEADLINE_MARKS if field == DEADLINE else frozenset((field,))


def protected_fields(marks: frozenset[str]) -> tuple[str, ...]:
    """The difference fields an import leaves alone for these edit marks."""
    return tuple(field for field in DIFFERENCE_FIELDS if marks & marks_of_field(field))


def as_date(value: object) -> date | None:
    """A stored date (a date from peewee, ISO text from a raw row) as a date."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


@dataclass(frozen=True)
class DeadlineValue:
    """A task's deadline as the importer reads it: a date, the phrase, a recurrence, 长期."""

    due: date | None = None
    text: str | None = None
    recurrence: str | None = None
    ongoing: bool = False

    @property
    def missing(self) -> bool:
        """无完成时限: no date, not 长期, no recurrence."""
        return self.due is None and not self.ongoing and not self.recurrence

    def shown(self) -> str:
        if self.due is not None:
            day = self.due.isoformat()
            return f"{day}（{self.text}）" if self.text and self.text != day else day
        if self.ongoing:
            return self.text or "长期"
        if self.recurrence:
            return self.text or self.recurrence
        return f"{self.text}（无日期）" if self.text else NOTHING

    def to_json(self) -> dict[str, object]:
        return {"due": self.due.isoformat() if self.due else None, "text": self.text,
                "recurrence": self.recurrence, "ongoing": self.ongoing}

    @classmethod
    def from_json(cls, value: dict[str, object]) -> DeadlineValue:
        text, recurrence = value.get("text"), value.get("recurrence")
        return cls(as_date(value.get("due")), None if text is None else str(text),
                   None if recurrence is None else str(recurrence), bool(value.get("ongoing")))


@dataclass(frozen=True)
class FieldValue:
    """One field's value: ``key`` compares, ``shown`` is for people, ``stored`` is kept as JSON."""

    key: object
    shown: str
    stored: object

    @classmethod
    def text(cls, text: str) -> FieldValue:
        return cls(text, text or NOTHING, text)

    @classmethod
    def units(cls, units: Sequence[tuple[int, str]]) -> FieldValue:
        """Units of one role as (department id, written name), in written order."""
        return cls(frozenset(ident for ident, _written in units),
                   UNIT_SEPARATOR.join(written for _ident, written in units) or NOTHING,
                   [[ident, written] for ident, written in units])

    @classmethod
    def deadline(cls, value: DeadlineValue) -> FieldValue:
        return cls((value.due, value.recurrence, value.ongoing), value.shown(), value.to_json())

    @classmethod
    def of_stored(cls, field: str, stored: object) -> FieldValue:
        """The value a difference row keeps, read back."""
        if field == TEXT:
            return cls.text(str(stored))
        if field in ROLES:
            return cls.units([(int(ident), str(written)) for ident, written in stored])  # type: ignore[union-attr]
        return cls.deadline(DeadlineValue.from_json(stored))  # type: ignore[arg-type]


def role_units(units: Iterable[Unit], role: str) -> list[tuple[int, str]]:
    """(department id, written name) of one role, in written order."""
    return [(ident, written) for _role, ident, written, _position in
            sorted((unit for unit in units if unit[0] == role), key=lambda unit: unit[3])]


def field_value(field: str, text: str, units: Iterable[Unit], deadline: DeadlineValue) -> FieldValue:
    """One difference field of a task (stored or extracted)."""
    if field == TEXT:
        return FieldValue.text(text)
    if field in ROLES:
        return FieldValue.units(role_units(units, field))
    return FieldValue.deadline(deadline)


# -- difference rows ----------------------------------------------------------------


@dataclass(frozen=True)
class StoredDifference:
    """A difference row: the extraction's value for an edited field, and whether it is decided."""

    id: int
    task_id: int
    field: str
    value: FieldValue
    state: str


def read_differences(task_ids: Sequence[int]) -> dict[tuple[int, str], StoredDifference]:
    """Difference rows of the tasks by (task id, field); one query per 400 tasks."""
    found: dict[tuple[int, str], StoredDifference] = {}
    for start in range(0, len(task_ids), 400):
        query = (TaskDifference.select(TaskDifference.id, TaskDifference.task, TaskDifference.field,
                                       TaskDifference.value, TaskDifference.state)
                 .where(TaskDifference.task.in_(list(task_ids[start:start + 400]))))
        for ident, task_id, field, value, state in query.tuples():
            found[(task_id, field)] = StoredDifference(ident, task_id, field,
                                                       FieldValue.of_stored(field, json.loads(value)), state)
    return found


def plan_differences(plan_id: int) -> dict[tuple[int, str], StoredDifference]:
    """Difference rows of a plan's tasks (one query)."""
    query = (TaskDifference.select(TaskDifference.id, TaskDifference.task, TaskDifference.field,
                                   TaskDifference.value, TaskDifference.state)
             .join(Task).where(Task.plan == plan_id))
    return {(task_id, field): StoredDifference(ident, task_id, field,
                                               FieldValue.of_stored(field, json.loads(value)), state)
            for ident, task_id, field, value, state in query.tuples()}


def _write(task_id: int, field: str, value: FieldValue, state: str, existing: StoredDifference | None,
           who: str | None = None) -> None:
    stamp = now()
    values = {"extracted": value.shown, "value": json.dumps(value.stored, ensure_ascii=False),
              "state": state, "recorded_at": stamp,
              "resolved_by": who if state == KEPT else None, "resolved_at": stamp if state == KEPT else None}
    if existing is None:
        TaskDifference.insert(task=task_id, field=field, **values).execute()
    else:
        TaskDifference.update(**values).where(TaskDifference.id == existing.id).execute()


def reconcile_extraction(task_id: int, field: str, extracted: FieldValue, current: FieldValue,
                         existing: StoredDifference | None) -> bool:
    """After a re-import read ``extracted`` for an edited field: True when the office has a new choice.

    Equal to the task's value: nothing to choose (the row goes). The value of the
    row already there: as decided before. Anything else: a new row 待处理.
    """
    if extracted.key == current.key:
        if existing is not None:
            TaskDifference.delete().where(TaskDifference.id == existing.id).execute()
        return False
    if existing is not None and existing.value.key == extracted.key:
        return False
    _write(task_id, field, extracted, PENDING, existing)
    return True


def note_edit(task_id: int, field: str, before: FieldValue, after: FieldValue,
              existing: StoredDifference | None, who: str, extraction_known: bool) -> None:
    """After the office set a field from ``before`` to ``after``: keep what the extraction reads.

    With no row, the extraction reads ``before`` (the field was not edited, or
    was edited to what the extraction reads): kept as 已保留, so a re-import
    reading it again asks nothing. ``extraction_known`` is False for a task
    no extraction gave (added by the office): there is nothing to keep.
    """
    if existing is not None:
        if existing.value.key == after.key:
            TaskDifference.delete().where(TaskDifference.id == existing.id).execute()
        return
    if extraction_known and before.key != after.key:
        _write(task_id, field, before, KEPT, None, who)
