"""Never silent: say where a document looks like it holds tasks that were not read.

A plan whose tasks sit in a layout the extractor cannot read gives zero
tasks, and nothing else would tell the office. This module looks at a
document's lines for the marks of an assignment and at the tasks extracted,
and returns one warning per place that promised tasks and gave none:

- a labelled field (``牵头单位：``, ``责任单位:``, ``【完成时限】``, with spaces
  possibly inside the words, traditional characters too);
- a table header carrying a role column: a cell of its own (``责任单位`` on a
  line, ``牵头 单位 |``), a cell of a tab, pipe or space separated row, or
  column names run together (``实事内容工作任务责任单位进展情况``);
- a table the table reader could not align (it passes their lines in).

The bare words (``牵头``, ``配合``, ``责任单位``) in running prose are not
marks: regulations and notices use them everywhere (``请各责任单位……``,
``密切配合``), and the five seed gazettes must raise no false alarm.

A document with no task warns once, at the first such place. A document
with tasks warns only for a region of several labelled fields, or a table
header, with no task in or right after it. Qt-free, database-free.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate

from .compiled_patterns import regex
from .headers import role_word_lines
from .labels import ASSIGNING_LABELS, BUILDER_LABELS
from .layout import Line
from .records import ADVICE, ExtractedFile, ExtractionWarning, PlanDocument, TaskRecord
from .text import simplified, squeeze


# Field labels that assign a task (traditional forms are simplified first): the
# extractor's own (labels.py), so that a warning never names a label it reads.
WRITTEN_ROLE_LABELS = ASSIGNING_LABELS
# Other column names of task tables: only next to a role label do they make a header.
_COLUMN_NAMES = (
    "序号", "编号", "工作任务", "主要任务", "重点任务", "任务内容", "工作内容", "主要内容", "具体内容",
    "具体要求", "具体措施", "工作措施", "细化措施", "工作举措", "进展情况", "推进情况", "项目名称",
    "实事内容", "项目内容", "分管领导", "责任领导", "牵头领导", "责任人", "备注",
)
_PER_REGION_GAP = 80        # lines between two marks of one table or list, at most
_HEADER_REACH = 60          # a table's first task starts this close after its header
_SLACK = 2                  # a label line just outside a task's lines still belongs to it
_REGION_MARKS = 3           # labelled fields without a task that make a region worth a warning
_CELL_WIDTH = 12            # characters of a header cell on a line of its own
_HEADER_LINES = 16          # header cells looked back over, one per line


def _spaced(word: str) -> str:
    """The word with any whitespace allowed between its characters (牵头 单位)."""
    return r"\s*".join(map(re.escape, word))


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(_spaced(word) for word in sorted(set(words), key=lambda word: (-len(word), word)))


_ROLE = _alternatives(WRITTEN_ROLE_LABELS)
# 牵头单位：… / 责任单位（部门）：… / 牵头：… / 【完成时限】…
_LABELLED = regex(r"(?P<word>" + _ROLE + r"|" + _spaced("牵头") + r")(?:\s*（[^（）：]{1,6}）)?\s*："
                       r"|[【［]\s*(?P<bracketed>" + _ROLE + r")\s*[】］]")
# A role label as a whole cell: between separators (space, tab, pipe) or the line's ends (not a builder's
# column: a project table's 实施主体 assigns nothing).
_COLUMN_ROLES = tuple(label for label in WRITTEN_ROLE_LABELS if label not in BUILDER_LABELS)
_CELL = regex(r"(?:(?<=^)|(?<=[\s|｜]))(?P<word>" + _alternatives(_COLUMN_ROLES) + r")(?=$|[\s|｜])")
_COLUMN = regex(r"(?P<word>" + _alternatives(_COLUMN_ROLES + _COLUMN_NAMES) + r")")
_ROLE_WORDS = set(_COLUMN_ROLES)
# Only lines naming a role word (headers.role_word_lines, one search of the document)
# are searched with the slower patterns.
_SEQ_CELL = regex(r"^[|｜\s]*(?:序\s*号|编\s*号)[|｜\s]*$")
_SENTENCE_END = regex(r"[。；，：、]\s*[|｜]?\s*$")


@dataclass(frozen=True)
class Mark:
    """A line that promises a task: a labelled field or a table header."""

    line: int                    # the line carrying the words
    start: int                   # where its table or list starts (a header's first cell)
    header: bool
    words: tuple[str, ...]       # the role words as read, spaces removed: 责任单位, 完成时限


def assignment_marks(lines: Sequence[Line]) -> list[Mark]:
    """Every line of ``lines`` with a labelled field or a role column header, in order."""
    marks = []
    for index in sorted(role_word_lines(lines)):
        line = lines[index]
        text = simplified(line.text)
        # (a label has its colon or its square bracket: lines without them are not searched)
        labelled = [_word(match) for match in _LABELLED.finditer(text)] \
            if "：" in text or "【" in text or "［" in text else []
        if labelled:
            marks.append(Mark(line.number, line.number, False, tuple(dict.fromkeys(labelled))))
            continue
        cells = [squeeze(match.group("word")) for match in _CELL.finditer(text)]
        cells += _run_together(text)
        if cells:
            marks.append(Mark(line.number, _header_start(lines, index), True, tuple(dict.fromkeys(cells))))
    return marks


def _word(match: re.Match[str]) -> str:
    return squeeze(match.group("word") or match.group("bracketed"))


def _run_together(text: str) -> list[str]:
    """Role labels in a chain of three or more column names with no separator
    (实事内容工作任务责任单位进展情况, …分管领导牵头单位配合单位…): a header run together."""
    found: list[str] = []
    chain: list[str] = []
    end = 0
    for match in _COLUMN.finditer(text):
        if text[end:match.start()].strip(" \t|｜"):      # words between: a new chain
            chain = []
        chain.append(squeeze(match.group("word")))
        end = match.end()
        roles = [word for word in chain if word in _ROLE_WORDS]
        if len(chain) >= 3 and roles:
            found.extend(word for word in roles if word not in found)
    return found


def _header_start(lines: Sequence[Line], index: int) -> int:
    """A header written one cell per line starts at its first cell (序号), not at
    the role column; a header row starts where it is."""
    line = lines[index]
    if _cell_text(line.text) is None:
        return line.number
    start = line.number
    for back in range(index - 1, max(index - _HEADER_LINES, 0) - 1, -1):
        text = lines[back].text
        cell = _cell_text(text)
        if cell is None:
            break
        if cell:
            start = lines[back].number
        if _SEQ_CELL.match(text):
            break
    return start


def _cell_text(text: str) -> str | None:
    """The text of a line that is one short header cell (or a lone pipe: ""), else None."""
    stripped = text.strip()
    if "\t" in stripped or stripped.strip("|｜ ").count("|") > 0:
        return None
    cell = squeeze(stripped.strip("|｜ "))
    if len(cell) > _CELL_WIDTH or _SENTENCE_END.search(stripped):
        return None
    return cell


@dataclass
class _Region:
    marks: list[Mark]

    @property
    def start(self) -> int:
        return min(mark.start for mark in self.marks)

    @property
    def end(self) -> int:
        return self.marks[-1].line

    @property
    def header(self) -> bool:
        return any(mark.header for mark in self.marks)

    def words(self, most: int = 3) -> str:
        words = dict.fromkeys(word for mark in self.marks for word in mark.words)
        return "".join(f"“{word}”" for word in list(words)[:most])


def document_warnings(lines: Sequence[Line], tasks: Sequence[TaskRecord],
                      unaligned_tables: Sequence[tuple[int, str]] = ()) -> tuple[ExtractionWarning, ...]:
    """What a clerk must check in one document, in line order.

    ``lines``: the document's lines; ``tasks``: what was extracted from them;
    ``unaligned_tables``: (line number, reason) of each table the table
    reader could not align.
    """
    spans = sorted((task.line_start, task.line_end or task.line_start) for task in tasks)
    starts = [start for start, _ in spans]
    reach = list(accumulate((end for _, end in spans), max))      # the furthest end so far, by start
    unread = [mark for mark in assignment_marks(lines) if not _covered(mark, starts, reach)]
    regions = _regions(unread, starts)
    tables = sorted(dict(unaligned_tables).items())
    warnings = [ExtractionWarning(line, f"表格未能对齐（{reason}），表中任务未读出") for line, reason in tables]
    table_lines = [line for line, _ in tables]
    regions = [region for region in regions if not _holds_table(region, table_lines)]
    if not tasks:
        if regions and not tables:
            warnings.append(_no_task_warning(regions[0], sum(len(region.marks) for region in regions)))
    else:
        warnings.extend(_unread_region_warning(region) for region in regions
                        if region.header or len(region.marks) >= _REGION_MARKS)
    return tuple(sorted(warnings, key=lambda warning: warning.line))


def _holds_table(region: _Region, table_lines: list[int]) -> bool:
    """An unaligned table starts within the region (give or take a line): it has its own warning."""
    first = bisect_left(table_lines, region.start - _SLACK)
    return first < len(table_lines) and table_lines[first] <= region.end


def _covered(mark: Mark, starts: list[int], reach: list[int]) -> bool:
    """Inside a task's lines (give or take a line), or a header with a task right after it.
    Binary searches over the tasks sorted by their first line: documents have hundreds."""
    before = bisect_right(starts, mark.line + _SLACK)
    if before and reach[before - 1] + _SLACK >= mark.line:
        return True
    first = bisect_left(starts, mark.start)
    return mark.header and first < len(starts) and starts[first] <= mark.line + _HEADER_REACH


def _regions(marks: list[Mark], task_starts: list[int]) -> list[_Region]:
    """Marks close together with no task between them: one table or list each."""
    regions: list[_Region] = []
    for mark in marks:
        if regions:
            last = regions[-1].marks[-1].line
            between = bisect_right(task_starts, last)
            if mark.line - last <= _PER_REGION_GAP and not (between < len(task_starts)
                                                              and task_starts[between] < mark.line):
                regions[-1].marks.append(mark)
                continue
        regions.append(_Region([mark]))
    return regions


def _no_task_warning(region: _Region, count: int) -> ExtractionWarning:
    if region.header:
        return ExtractionWarning(region.start, f"表格（表头含{region.words()}）未识别出任务")
    return ExtractionWarning(region.start, f"有{region.words()}等分工字样（{count} 处），但未识别出任务")


def _unread_region_warning(region: _Region) -> ExtractionWarning:
    if region.header:
        return ExtractionWarning(region.start, f"表格（表头含{region.words()}）未识别出任务，其余任务已识别")
    return ExtractionWarning(region.start, f"此处起有{region.words()}等分工字样（{len(region.marks)} 处），"
                                           "未从中识别出任务，其余任务已识别")


# -- for people ---------------------------------------------------------------------

def document_name(document: PlanDocument) -> str:
    """平政发〔2023〕3号《关于……的通知》, whichever of the two it has."""
    title = document.title or ""
    if len(title) > 40:
        title = title[:39] + "…"
    parts = [document.number or "", f"《{title}》" if title else ""]
    return "".join(parts)


def describe(source: str, document: PlanDocument, warning: ExtractionWarning) -> str:
    """One line for the clerk: file, line, document, what was seen, what to do."""
    name = document_name(document)
    where = f"{source} 第 {warning.line} 行" + (f"（{name}）" if name else "")
    return f"{where}：{warning.message}，{ADVICE}"


def file_warnings(extracted: ExtractedFile) -> list[str]:
    """Every warning of the file, one line each (the command line and the window show these)."""
    return [describe(extracted.source, document, warning)
            for document in extracted.documents for warning in document.warnings]


def stored_text(warnings: Iterable[ExtractionWarning]) -> str | None:
    """The plan's warnings as the registry keeps them (plan.import_warnings): one a line, or None."""
    text = "\n".join(str(warning) for warning in warnings)
    return text or None
