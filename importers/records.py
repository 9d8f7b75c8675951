"""What an importer produces: plain frozen records, no database, no Qt.

The command line (`duban extract`), the registry import and the desktop
window all consume these.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Deadline:
    """A deadline phrase as understood: a date, an ongoing marker, or a recurrence."""

    text: str | None = None          # the phrase as written: "12月底前", "长期坚持"
    due: date | None = None          # the explicit deadline, None for ongoing/recurring
    recurrence: str | None = None    # "monthly:5", "quarterly:-1:25", "yearly:12-31"
    ongoing: bool = False            # 长期坚持 / 持续推进: no date on purpose


NO_DEADLINE = Deadline()


@dataclass(frozen=True)
class TaskRecord:
    """One task of a plan, per docs/task_record.md (the office's EXTRACTION.md)."""

    source: str                      # input file's basename
    plan_number: str | None
    plan_title: str | None
    plan_date: date | None
    seq: str | None                  # "三/（二）/5" or a table's 序号
    text: str
    lead: tuple[str, ...] = ()
    responsible: tuple[str, ...] = ()
    cooperating: tuple[str, ...] = ()
    deadline: Deadline = NO_DEADLINE
    line_start: int = 0              # 1-based lines in the source file
    line_end: int = 0

    @property
    def units(self) -> tuple[str, ...]:
        return self.lead + self.responsible + self.cooperating

    def to_json(self) -> dict:
        """The JSON Lines record of docs/task_record.md (plus source lines)."""
        return {
            "source": self.source,
            "plan_number": self.plan_number,
            "plan_title": self.plan_title,
            "plan_date": self.plan_date.isoformat() if self.plan_date else None,
            "seq": self.seq,
            "text": self.text,
            "lead": list(self.lead),
            "responsible": list(self.responsible),
            "cooperating": list(self.cooperating),
            "deadline": self.deadline.due.isoformat() if self.deadline.due else None,
            "deadline_text": self.deadline.text,
            "recurrence": self.deadline.recurrence,
            "line_start": self.line_start,
            "line_end": self.line_end,
        }


@dataclass(frozen=True)
class ExtractionWarning:
    """Something in a document that looks like tasks but gave none (importers/diagnostics.py)."""

    line: int                        # 1-based line in the source where the table or list starts
    message: str                     # for people: what was seen, e.g. 表格（表头含“责任单位”）未识别出任务

    def __str__(self) -> str:
        return f"第 {self.line} 行：{self.message}"


# What the office should do about a warning, and a plan's mark in lists. Here, with the
# warning itself, so that the window can say them without loading the importer.
ADVICE = "请检查原文或手工录入"


def mark(tasks: int) -> str:
    """The short mark of a plan with warnings, in lists: none of its tasks read, or not all."""
    return "⚠ 未识别任务" if tasks == 0 else "⚠ 有未识别的任务"


@dataclass(frozen=True)
class PlanDocument:
    """One document of a gazette (or a lone plan file) with its tasks."""

    source: str
    number: str | None               # 平政发〔2023〕3号, spaces removed
    title: str | None                # 关于印发……的通知 / the plan's own title
    issuer: str | None               # 平顺县人民政府办公室
    issue_date: date | None
    line_start: int
    line_end: int
    tasks: tuple[TaskRecord, ...] = ()
    warnings: tuple[ExtractionWarning, ...] = ()   # never silent: assignment words or a table that gave no task


@dataclass(frozen=True)
class ExtractedFile:
    """Everything read from one input file."""

    path: str                        # as given
    source: str                      # basename
    sha256: str
    encoding: str                    # "utf-8", "utf-8-sig", "gb18030"
    documents: tuple[PlanDocument, ...] = field(default_factory=tuple)
    # The text the line numbers count (line N is text.splitlines()[N - 1]): the registry
    # keeps each plan's lines beside its tasks for review (models/upkeep/review.py).
    text: str = field(default="", repr=False, compare=False)

    @property
    def tasks(self) -> list[TaskRecord]:
        return [task for document in self.documents for task in document.tasks]
