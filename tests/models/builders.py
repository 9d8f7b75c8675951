"""Builders for extracted records, so tests need no extractor."""
from __future__ import annotations

import hashlib
from datetime import date

from importers.records import Deadline, ExtractedFile, PlanDocument, TaskRecord


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
