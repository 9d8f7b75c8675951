"""Builders for extracted records, so tests need no extractor."""
from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta

from importers.records import Deadline, ExtractedFile, PlanDocument, TaskRecord
from models.supervision.listing import TaskTable


def task(
    text: str,
    seq: str | None = None,
    lead: tuple[str, ...] = (),
    responsible: tuple[str, ...] = (),
    cooperating: tuple[str, ...] = (),
    due: date | None = None,
    deadline_text: str | None = None,
    recurrence: str | None = None,
    ongoing: bool = False,
    source: str = "gazette.txt",
    line: int = 1,
) -> TaskRecord:
    """A TaskRecord with plan fields filled in later by :func:`plan`."""
    return TaskRecord(
        source=source, plan_number=None, plan_title=None, plan_date=None, seq=seq, text=text,
        lead=lead, responsible=responsible, cooperating=cooperating,
        deadline=Deadline(text=deadline_text, due=due, recurrence=recurrence, ongoing=ongoing),
        line_start=line, line_end=line + 1,
    )


def plan(
    number: str | None,
    title: str | None,
    tasks: list[TaskRecord],
    source: str = "gazette.txt",
    issue_date: date | None = date(2023, 2, 7),
    issuer: str | None = "平顺县人民政府办公室",
) -> PlanDocument:
    """A PlanDocument whose tasks carry its number, title and date."""
    filled = tuple(
        TaskRecord(**{**record.__dict__, "source": source, "plan_number": number,
                      "plan_title": title, "plan_date": issue_date})
        for record in tasks
    )
    return PlanDocument(source=source, number=number, title=title, issuer=issuer, issue_date=issue_date,
                        line_start=1, line_end=1000, tasks=filled)


def extracted(documents: list[PlanDocument], source: str = "gazette.txt", salt: str = "") -> ExtractedFile:
    """An ExtractedFile whose sha256 follows its content (plus ``salt``)."""
    digest = hashlib.sha256((repr(documents) + salt).encode()).hexdigest()
    return ExtractedFile(path=f"/input/{source}", source=source, sha256=digest, encoding="utf-8",
                         documents=tuple(documents))


def synthetic_table(rows: int) -> TaskTable:
    """A TaskTable of ``rows`` tasks in 1,000 plans, without a registry: deadlines spread over
    2023-06 to 2024-05, a third each 未开始, 推进中 (60 %) and 已完成; 县住建局 leads, 县水利局 is responsible."""
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
    return table


def clock_at(monkeypatch, moment: datetime) -> None:
    """Date what status updates and workflow steps record at ``moment``: a report of a past week
    reads the history as it stood then (models.supervision.listing.load_task_table(stood_at=))."""
    import models.supervision.updates
    import models.supervision.workflow

    for module in (models.supervision.updates, models.supervision.workflow):
        monkeypatch.setattr(module, "now", lambda: moment)
