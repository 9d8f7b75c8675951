"""The importer as one function: a file (or text) in, plan documents with tasks out.

`duban extract`, `duban import` and the desktop window all call `extract_file`.
"""
from __future__ import annotations

import os
import re
from bisect import bisect_left, bisect_right
from dataclasses import replace
from itertools import accumulate
from collections.abc import Callable
from pathlib import Path

from .columns import find_column_dumps
from .compiled_patterns import regex
from .deadlines import find_last_deadline, parse_deadline, working_year, written_in
from .diagnostics import document_warnings
from .flat_tables import find_flat_table, header_places
from .headers import MILESTONE, PAIRED_COLUMNS, UNIT_MARKS, unit_mark_role
from .documents import DocumentSpan, is_doc_number, split_documents, without_its_number
from .labels import DEADLINE, field_row_as_label_line, find_labels, parse_fields, split_deadline
from .alignment import NUMBER, cell_kind
from .layout import Line, lines_of
from .lone_title import PAGE_SUFFIX, as_title
from .outline import (ASSIGNING_HEADING, SENTENCE_ENDS, TITLE_YEAR, Item, build_outline, is_plan_title, label_cards_joined, marker_of, may_end_a_title, numbered_fields_unnumbered, typical_line_width,
                      without_annex_mark)
from .reading import read_source
from .records import NO_DEADLINE, ExtractedFile, PlanDocument, TaskRecord
from .tables import (ROLE_COLUMNS, SEQ, TEXT, Row, fill_dittos, header_with_wrapped_tail, inherit_merged_units, is_group_or_sum_row,
                     inside_a_cut_cell, parse_rows, read_header, split_cells, wrapped_cell_below)
from .tasks import TaskDraft, closing_parenthesis, heading_assignment, item_tasks
from .text import fold, has_traditional, simplified, squeeze, tidy, written_forms
from .units import CUT_NAME, FIRST_UNIT_LEADS, RESPONSIBLE, UnitRoles, parse_paired_cell, parse_unit_cell

Progress = Callable[[int, int], None]

# Numbered milestones glued to their month (1.4月底前……2.8月底前……): the number is not a date.
_MILESTONE_NUMBER = regex(r"(?:^|(?<=[\s。；;]))\d{1,2}[.．、](?=\d{1,2}月)")
_PLACEHOLDER = regex(r"[—\-－–/／、.…]+|无|暂无|空")
_NOTICE_PLAN = regex(r"关于印发[《〈<]?(?P<plan>.+?)[》〉>]?的通知")


def extract_file(path: str | os.PathLike, progress: Progress | None = None) -> ExtractedFile:
    """Read and extract one file. Raises ImportFileError for unreadable input."""
    source = read_source(path)
    shown = readable_path(path)
    documents = extract_text(source.text, Path(shown).name, progress)
    return ExtractedFile(shown, Path(shown).name, source.sha256, source.encoding, tuple(documents), source.text)


def readable_path(path: str | os.PathLike) -> str:
    """The path as text a person (and the registry) can keep: a name that is no UTF-8 (a Windows
    USB stick's 公报第三期.txt in GBK) read in the encoding Chinese Windows writes, part by part,
    else with its undecodable bytes replaced; Python hands such a name over with stand-ins that
    cannot be stored or printed."""
    text = os.fspath(path)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    parts = []
    for part in os.fsencode(text).split(b"/"):
        try:
            parts.append(part.decode("utf-8"))
        except UnicodeDecodeError:
            try:
                parts.append(part.decode("gb18030"))
            except UnicodeDecodeError:
                parts.append(part.decode("utf-8", "replace"))
    return "/".join(parts)


def extract_text(text: str, source: str, progress: Progress | None = None) -> list[PlanDocument]:
    if not has_traditional(text):
        return _extract_documents(text, source, progress)
    # A document in traditional characters (or with some) is read in simplified ones, one for one, and what is read put
    # back as the document writes it: every rule reads one script. (2026年任務： had not been a year's heading.)
    written = _WrittenForms(text)
    return [written.document(document) for document in _extract_documents(simplified(text), source, progress)]


_WRITTEN_REACH = 20_000         # characters around a task's lines in which its strings are looked for


class _WrittenForms:
    """What was read from a document's simplified copy, put back in the characters the document writes: each string
    found in the copy (near its task's lines) and the document's own characters taken at the same place; a string
    the reading put together (…：… between a table's cells) character by character where the document writes a
    character one way only."""

    def __init__(self, text: str) -> None:
        lines = fold(text).split("\n")
        self._written = "".join(squeeze(line) for line in lines)
        self._read = simplified(self._written)
        self._line_starts = list(accumulate((len(squeeze(line)) for line in lines), initial=0))
        self._characters = written_forms(text) or {}

    def __call__(self, text: str | None, line: int = 0) -> str | None:
        if not text:
            return text
        near = self._line_starts[min(max(line - 3, 0), len(self._line_starts) - 1)]
        whole = self._found(text, near)
        if whole is not None:
            return whole
        # (a table's cells joined with a colon, 项目名称：建设内容, or words a page's foot came between: each stretch
        # where it stands, the longest first)
        key = squeeze(text)
        written: list[str] = []
        start = 0
        while start < len(key):
            end = self._longest_found(key, start, near)
            written.append(self._found(key[start:end], near) if end > start else key[start].translate(self._characters))
            start = max(end, start + 1)
        out = iter("".join(written))
        return "".join(char if char.isspace() else next(out) for char in text)

    def _longest_found(self, key: str, start: int, near: int) -> int:
        """The end of the longest stretch of `key` from `start` that the copy holds near `near` (start: none)."""
        low, high = start, len(key)
        while low < high:               # (a stretch found has every shorter one found too)
            middle = (low + high + 1) // 2
            if self._found(key[start:middle], near) is not None:
                low = middle
            else:
                high = middle - 1
        return low

    def _found(self, text: str, near: int) -> str | None:
        """`text` as written where the simplified copy holds it, after `near` first, then before it (a heading's units
        above its items), within a reach of it; None where it holds none."""
        key = squeeze(text)
        if not key:
            return None
        at = self._read.find(key, near, near + _WRITTEN_REACH)
        if at < 0:
            at = self._read.rfind(key, max(near - _WRITTEN_REACH, 0), near + len(key))
        if at < 0:
            return None
        written = iter(self._written[at:at + len(key)])
        return "".join(char if char.isspace() else next(written) for char in text)

    def document(self, document: PlanDocument) -> PlanDocument:
        tasks = tuple(self._task(task) for task in document.tasks)
        return replace(document, number=self(document.number, document.line_start), tasks=tasks,
                       title=self(document.title, document.line_start), issuer=self(document.issuer, document.line_start))

    def _task(self, task: TaskRecord) -> TaskRecord:
        line = task.line_start
        return replace(task, plan_number=self(task.plan_number, line), plan_title=self(task.plan_title, line), seq=self(task.seq, line),
                       text=self(task.text, line), lead=tuple(self(name, line) for name in task.lead),
                       responsible=tuple(self(name, line) for name in task.responsible),
                       cooperating=tuple(self(name, line) for name in task.cooperating),
                       deadline=replace(task.deadline, text=self(task.deadline.text, line)))


def _extract_documents(text: str, source: str, progress: Progress | None) -> list[PlanDocument]:
    lines = [_as_label_line(line) if line.is_row or line.stripped.endswith("|") else line for line in lines_of(text)]
    spans = split_documents(lines)
    documents = []
    for index, span in enumerate(spans):
        documents.append(_extract_document(span, source))
        if progress is not None:
            progress(index + 1, len(spans))
    return documents


def _as_label_line(line: Line) -> Line:
    """A task card's row (牵头单位⇥县住建局, | 完成时限 | 10月底前 |, 牵头单位: | 县住建局 |) as the
    label line it stands for."""
    cells = line.stripped.strip("|").split("|") if "|" in line.stripped else line.stripped.split("\t")
    written = field_row_as_label_line(cells)
    return line if written is None else Line(line.number, written, line.after_blank)


def _extract_document(span: DocumentSpan, source: str) -> PlanDocument:
    default_title = _plan_title_of_notice(span.notice_title)
    typical = typical_line_width(span.lines)
    titles = _plan_titles(span.lines, typical)
    tasks: list[TaskRecord] = []

    title_lines = [number for number, _ in titles]      # in document order

    def title_at(line_number: int) -> str | None:
        # The last title at or before the line (a bisection: a file of many plans has many titles).
        before = bisect_right(title_lines, line_number)
        return titles[before - 1][1] if before else default_title

    number_year = _year_of_number(span.number)
    purpose_year = _year_of_its_purpose(span.lines)

    def year_at(line_number: int) -> int | None:
        # The plan's own title, else the notice's title, else the issue year (else, with no date
        # anywhere, the year its number gives: 平政〔2023〕5号 was issued in 2023; else the year its
        # opening sentence works for: 为全力做好2025年大气污染防治工作，…制定本计划).
        return written_in(working_year(title_at(line_number), None)
                          or working_year(default_title, span.issue_date, number_year or purpose_year), span.issue_date)

    # (the text's lines joined, for its notes on how to read unit lists: a page breaks a note anywhere)
    joined = "".join(line.stripped for line in span.lines)
    first_leads = _first_unit_leads(span.lines, joined)
    rest_of_the_marked = "其" in joined and _MARKED_LEAD_THE_REST.search(joined) is not None

    def add(draft: TaskDraft, own_title: str | None = None, row: bool = False) -> None:
        title = title_at(draft.line_start)
        if own_title and not (title and own_title in title):
            title = own_title       # (a fuller name of the same plan, from the page's record, stays)
        lead, responsible, cooperating = draft.units.lead, draft.units.responsible, draft.units.cooperating
        if first_leads is not None and draft.line_end >= first_leads and not lead and responsible:
            lead, responsible = responsible[:1], responsible[1:]
        if row and rest_of_the_marked and lead and responsible and not cooperating:
            # 注：责任单位中标注“★”的为牵头单位，其余为配合单位: a note under the table, as in its header's aside
            cooperating, responsible = responsible, []
        tasks.append(TaskRecord(
            source=source, plan_number=span.number, plan_title=title, plan_date=span.issue_date,
            seq=draft.seq, text=draft.text, lead=tuple(lead),
            responsible=tuple(responsible), cooperating=tuple(cooperating),
            deadline=draft.deadline, line_start=draft.line_start, line_end=draft.line_end))

    def read_text(run: list[Line]) -> tuple[int, UnitRoles] | None:
        """The tasks of a run of text lines, added; the assigning heading it ends with, if any."""
        outline = build_outline(run, typical)
        for draft in item_tasks(outline, year_at(run[0].number)):
            year = year_at(draft.line_start)
            if year != year_at(run[0].number):
                draft = _redate(draft, year)
            add(draft)
        return _heading_at_the_end(outline)

    header = None
    unaligned: list[tuple[int, str]] = []      # (line number, why) of tables that could not be read
    # An assigning heading right over a table (一、各乡镇负责落实的工作任务 / 序号 任务事项 …): its units
    # are the rows', and it is no task of its own.
    over_the_table: tuple[int, UnitRoles] | None = None
    line_numbers = [line.number for line in span.lines]
    run_end = 0                         # the last line number of the run before
    for kind, run in _runs(label_cards_joined(numbered_fields_unnumbered(span.lines))):
        if kind in ("table", "flat") and over_the_table is not None:
            heading_line, heading = over_the_table
            if heading_line and tasks and tasks[-1].line_start == heading_line:
                tasks.pop()             # (the heading's own draft, the text run's last: once, not per table run)
            over_the_table = (0, heading)
        else:
            heading = None
        if kind == "unaligned":
            unaligned.append(run)
        elif kind == "table" and (text := _rows_as_items(run, header)) is not None:
            read_text(text)         # (a table with no column of units whose task cells carry their own labels)
        elif kind == "table":
            rows, header = parse_rows(run, header)
            ends_the_text = bool(rows) and rows[-1].lines[-1].number == span.lines[-1].number
            for row in fill_dittos(rows):
                draft = _row_task(row, year_at(row.lines[0].number), cut=ends_the_text and row is rows[-1],
                                  heading=heading)
                if draft:
                    add(draft, row=True)
        elif kind == "flat":
            rows, table_title = run          # a flattened table's rows and its own title line, if any
            # A table that runs to the document's end may end in a row the page's copy cut short,
            # unless its last row closes with its pipe.
            cut_short = bool(rows) and rows[-1].lines[-1].number == span.lines[-1].number \
                and not rows[-1].lines[-1].stripped.endswith(("|", "｜"))
            # Its title line (2024年县政府工作报告预期目标任务分解表, after 附件1) names its plan.
            own_title = as_title(table_title) if table_title else None
            previous_end = run_end     # (from the line before the table: its header holds no heading)
            for row in inherit_merged_units(fill_dittos(rows), last_may_be_cut=cut_short):
                year = written_in(working_year(table_title, None), span.issue_date) or year_at(row.lines[0].number)
                # (a group row inside the table that assigns, 二、县政府办公室牵头的工作任务（1项）, for the rows below it)
                heading = _heading_between(span.lines, line_numbers, previous_end, row.lines[0].number) or heading
                previous_end = row.lines[-1].number
                draft = _row_task(row, year, cut=cut_short and row is rows[-1], heading=heading)
                if draft:
                    add(draft, own_title, row=True)
        else:
            over_the_table = read_text(run)
            run_end = run[-1].number
    title = default_title or (titles[0][1] if titles else None)
    if tasks and _answers_a_proposal(span):
        tasks = []                      # (a unit's reply to a deputy's proposal: its heading's 承办单位 assigns nothing)
    warnings = document_warnings(span.lines, tasks, unaligned)   # never silent: what promised tasks and gave none
    return PlanDocument(source, span.number, title, span.issuer, span.issue_date,
                        span.line_start, span.line_end, tuple(tasks), warnings)


def _rows_as_items(run: list[Line], header) -> list[Line] | None:
    """序号 | 工作任务 over 1 | 建设…。（牵头单位：…；完成时限：…）: a table with no column of units or time, whose
    task cells carry their own labels, as the numbered items it lists (1.建设…（…）); None for any other table."""
    if header is not None or not run or read_header(split_cells(run[0])) is not None:
        return None
    cells = [[cell.strip() for cell in re.split(r"\t|\s*[|｜]\s*", line.stripped.strip("|｜ "))] for line in run]
    if not _HEADER_ROW_START.match(cells[0][0]) or not any(find_labels(" ".join(row)) for row in cells[1:]):
        return None
    items = []
    for line, row in zip(run[1:], cells[1:]):
        words = [cell for cell in row if cell]
        if words and _ROW_NUMBER.fullmatch(words[0]):
            words = [f"{words[0]}.{words[1] if len(words) > 1 else ''}", *words[2:]]
        # (cells apart as a clause is from its words: 助餐服务：新建…; after a sentence's stop, nothing between)
        text = "".join(word if not index or words[index - 1].endswith(("。", "；", "）", "：")) else "：" + word
                       for index, word in enumerate(words))
        items.append(Line(line.number, text, line.after_blank))
    return items


_HEADER_ROW_START = regex(r"序\s*号|编\s*号")
_ROW_NUMBER = regex(r"\d{1,3}")


def _answers_a_proposal(span: DocumentSpan) -> bool:
    """Is the document a unit's reply to a deputy's proposal or a member's motion (…关于…第25号建议的答复, 答复函),
    its title among its first lines, maybe wrapped onto the next (…第25号建 / 议的答复)? It reports what was done;
    it assigns nothing."""
    opening = [simplified(squeeze(line.stripped)) for line in span.lines[:_REPLY_TITLE_LINES + 1]]
    titles = [*opening[:_REPLY_TITLE_LINES], *(first + second for first, second in zip(opening, opening[1:]))]
    if span.notice_title:
        titles.append(simplified(squeeze(span.notice_title)))
    return any(_PROPOSAL_REPLY.search(title) for title in titles)


_PROPOSAL_REPLY = regex(r"(?:建议|提案|议案|意见)的(?:答复|复函)(?:函)?$|^关于对?.{2,60}(?:建议|提案|议案)(?:的)?答复函?$")
_REPLY_TITLE_LINES = 4


_NUMBER_YEAR = regex(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


# The year a plan's opening sentence says it works for (为全力做好2025年大气污染防治工作，…).
_PURPOSE_YEAR = regex(r"^\s*为了?(?:全力|切实|进一步|扎实|认真|全面|高质量)?(?:做好|推进|抓好|完成|确保|落实|打好|开展|实现)"
                      r"(?:全[县市区镇乡])?(\d{4})\s*年(?!\s*[-—－~～至到])|"
                      # (…or the plan's title a copy glued to that sentence: 平安县2025年河湖长制工作要点为持续改善…)
                      r"^\s*[\u4e00-\u9fff]{0,12}?(\d{4})\s*年(?!\s*[-—－~～至到])[^。，；\d]{2,40}?"
                      r"(?:方案|要点|计划|规划|清单|分工|安排)(?=为了?|根据|按照|结合)")
_PURPOSE_REACH = 12                     # lines of the document's opening where the sentence stands


def _year_of_its_purpose(lines: list[Line]) -> int | None:
    opening = lines[:_PURPOSE_REACH]
    for index, line in enumerate(opening):
        # (with the next two lines: a page's width may break the title before its last word)
        found = _PURPOSE_YEAR.match(simplified("".join(following.stripped for following in opening[index:index + 3])))
        if found:
            return int(found.group(1) or found.group(2))
    return None


def _year_of_number(number: str | None) -> int | None:
    found = _NUMBER_YEAR.search(number or "")
    return int(found.group(1)) if found else None


def _first_unit_leads(lines: list[Line], joined: str) -> int | None:
    """From which line the document reads the first unit of a list as its lead
    (headers.FIRST_UNIT_LEADS), or None where it never says so: from its start, or, where the
    note says 下同 (the same below), from the line that says it. `joined`: the lines' text joined."""
    note = FIRST_UNIT_LEADS.search(joined)
    if note is None:
        return None
    if not _SAME_BELOW.search(joined, note.end(), note.end() + _SAME_BELOW_REACH):
        return 0
    starts = list(accumulate((len(line.stripped) for line in lines), initial=0))
    return lines[bisect_right(starts, note.start()) - 1].number


_SAME_BELOW = regex(r"下同")
# 注：责任单位中标注“★”的为牵头单位，其余为配合单位 (a note under a table; its header's aside says the same, headers)
_MARKED_LEAD_THE_REST = regex(r"[★☆▲●*＊][”\"]?的?(?:单位|部门)?(?:为|是)牵头(?:单位|部门)[，,；;]?\s*其余(?:单位|部门)?(?:为|是)(?:配合|协办|参与|协作|协同)")
_SAME_BELOW_REACH = 24


def _runs(lines: list[Line]):
    """Split a document into text runs, table runs and flattened tables."""
    index = 0
    text_run: list[Line] = []
    dumps = {start: (end, rows) for start, end, rows in find_column_dumps(lines)}
    places = header_places(lines)
    while index < len(lines):
        line = lines[index]
        if index in dumps:
            if text_run:
                yield "text", text_run
                text_run = []
            index, rows = dumps[index]
            yield "flat", (rows, None)
            continue
        table = find_flat_table(lines, index) if places[index] else None
        if table is not None:
            if text_run:
                yield "text", text_run
                text_run = []
            if table.problem:
                yield "unaligned", (line.number, table.problem)
            else:
                yield "flat", (table.rows, table.title)
            index = table.end
            continue
        if line.is_row and not _title_cell_over_a_table(lines, index, places):
            if text_run:
                yield "text", text_run
                text_run = []
            run = []
            end = index
            while end < len(lines) and (lines[end].is_row or inside_a_cut_cell(run, lines, end)
                                        or _rest_after_a_page_break(lines[end], run)):
                whole = header_with_wrapped_tail(lines[end], lines[end + 1]) if end + 1 < len(lines) else None
                run.append(whole or lines[end])
                end += 2 if whole else 1
            yield "table", run
            index = end
            continue
        text_run.append(line)
        index += 1
    if text_run:
        yield "text", text_run


def _title_cell_over_a_table(lines: list[Line], index: int, places: list[bool]) -> bool:
    """| 平安县民政局2025年度重点工作任务分解 | over a table one cell per line (| 序号 | / 责任单位 | / …):
    the table's title in a cell of its own, not a row of a table of pipes."""
    cells = [cell for cell in lines[index].stripped.strip("|｜ ").split("|") if cell.strip()]
    return len(cells) == 1 and index + 1 < len(lines) and places[index + 1] \
        and find_flat_table(lines, index + 1) is not None


def _rest_after_a_page_break(line: Line, run: list[Line]) -> bool:
    """⇥⇥县城市管理局 or ⇥各方面；…: a row's rest below the page's repeated header, its empty
    cells before it (a line with no tab between words is no row of its own); or below the row
    itself, one cell of it that a narrow column wrapped (⇥⇥局 under …⇥县交通运输⇥…)."""
    if not line.text.startswith("\t") or not run:
        return False
    if read_header(split_cells(run[-1])) is not None:
        return True
    return run[-1].is_row and "\t" in run[-1].text and wrapped_cell_below(line.text, run[-1].text)


def _assigning_heading(text: str) -> UnitRoles | None:
    """The units of a heading that assigns what follows it (各乡镇、县政府各部门负责落实的工作任务,
    县发改局牵头的工作（3项）), its number taken off, or None."""
    if not ASSIGNING_HEADING.fullmatch(text.strip()):
        return None
    return heading_assignment(text) or None


def _heading_at_the_end(outline: list[Item]) -> tuple[int, UnitRoles] | None:
    """The first line's number and the units of a numbered heading that ends a text run with nothing
    under it (一、各乡镇…负责落实的工作任务, maybe wrapped over lines), where a table follows."""
    if not outline:
        return None
    last = outline[-1]
    while last.children:
        last = last.children[-1]
    if last.kind is None or len(last.lines) > 3:
        return None
    roles = _assigning_heading(last.text.replace("\n", ""))
    return (last.line_start, roles) if roles else None


def _heading_between(lines: list[Line], numbers: list[int], after: int, before: int) -> UnitRoles | None:
    """The units of the last assigning heading on the lines numbered between two rows (`numbers`:
    the lines' numbers, in order)."""
    found = None
    for line in lines[bisect_right(numbers, after):bisect_left(numbers, before)]:
        kind, _, rest = marker_of(line.stripped) if "的" in line.stripped else (None, None, "")
        found = (_assigning_heading(rest) if kind is not None else None) or found
    return found


def _text_of_cells(cells: list[str]) -> str:
    """A row's text cells as one text (名称：内容): a colon after a name, nothing after a sentence's
    end (问题：…直排。整改措施…, not 。：)."""
    text = ""
    for cell in (cell for cell in cells if cell.strip()):
        text += cell if not text or text.rstrip().endswith(SENTENCE_ENDS) else "：" + cell
    return text


def _row_task(row: Row, year: int | None, cut: bool = False, heading: UnitRoles | None = None) -> TaskDraft | None:
    """The task of a table's row; `cut`: the row is the text's last, which may stop inside a name;
    `heading`: the units of an assigning heading over the table, each row's where it names none
    of that role."""
    text = tidy(_text_of_cells(row.cells.get(TEXT, [])))
    if not text or is_group_or_sum_row(row) or cell_kind(text) == NUMBER:
        return None                     # (| 1 | 县住建局 | 128 | 98.4% |: a results table's figures, no task's words)
    units = UnitRoles()
    deadline_cell = row.get(DEADLINE) or _last_milestone(row)
    for column in ROLE_COLUMNS:
        cell = row.get(column)
        if cell and ("：" in cell or ":" in cell) and (labels := find_labels(cell)) and labels[0][0] == 0 \
                and (fields := parse_fields(cell)).units:
            # 牵头单位：县人社局 / 配合单位：县住建局、新华镇 / 完成时限：6月底前: a cell of the row's own label
            # lines, one paragraph each (under 责任分工, 责任单位及时限)
            units.extend(fields.units)
            deadline_cell = deadline_cell or fields.deadline_text or ""
            continue
        if cell:
            # 县住建局，2024年12月底前 under 责任单位及完成时限: the date after the units is the task's.
            cell, when = split_deadline(cell)
            deadline_cell = deadline_cell or when
            if column in PAIRED_COLUMNS:
                units.extend(parse_paired_cell(cell, *PAIRED_COLUMNS[column]))
            else:
                units.extend(parse_unit_cell(cell, default=column))
            name = _cut_last_name(cell, row) if cut and column not in PAIRED_COLUMNS else None
            if name is not None and name not in getattr(units, column):
                units.add(column, name)     # …城乡一体化示范区、高: the name the text's end cut, as written
    for meaning, marks in row.cells.items():
        if meaning.startswith(UNIT_MARKS) and (role := unit_mark_role("".join(marks))) is not None:
            units.add(role, meaning[len(UNIT_MARKS):])      # ★ under 县卫健局: it leads
    if deadline_cell and _PLACEHOLDER.fullmatch(squeeze(deadline_cell)):
        deadline_cell = ""                  # — / 无: a cell left empty on purpose
    last_line = squeeze(row.lines[-1].stripped.strip("|｜ ")) if cut and not units else ""
    if last_line and CUT_NAME.fullmatch(last_line) and squeeze(text) != last_line \
            and not parse_deadline(last_line, year).due:
        # …告知制度。 | 县数据资, …统筹安排 / 县: the unit's name the text's end cut, aligned past its column
        units.add(RESPONSIBLE, last_line)
        if squeeze(deadline_cell) == last_line:
            deadline_cell = ""
    closing = None if units else closing_parenthesis(text)
    if closing is not None:                 # 新建公园（责任单位：县城管局）, in a table without units
        units, when, text = closing
        deadline_cell = deadline_cell or when or ""
    elif not units and len(cells := row.cells.get(TEXT, [])) > 1:
        # 新建幼儿园1所。（牵头单位：县教育局；…） | 完成选址和立项。: the item's own bracket closing the first
        # of two text cells (the plan's item, then the work it takes) assigns the row as it would alone
        for position, cell in enumerate(cells):
            if (closing := closing_parenthesis(cell.rstrip())) is not None and closing[0]:
                units, when, kept = closing
                deadline_cell = deadline_cell or when or ""
                text = tidy(_text_of_cells([*cells[:position], kept, *cells[position + 1:]]))
                break
    if heading is not None:
        units = UnitRoles(lead=units.lead or list(heading.lead), responsible=units.responsible or list(heading.responsible),
                          cooperating=units.cooperating or list(heading.cooperating))
    if deadline_cell:
        deadline = parse_deadline(deadline_cell.replace("\n", ""), year)
    else:
        found = find_last_deadline(_MILESTONE_NUMBER.sub("；", text), year)
        deadline = found[0] if found else NO_DEADLINE
    if not units and deadline is NO_DEADLINE:
        return None
    seq = squeeze(row.get(SEQ)) or None
    return TaskDraft(seq, text, units, deadline, row.lines[0].number, row.lines[-1].number)


def _cut_last_name(cell: str, row: Row) -> str | None:
    """The cell's last name where the text ends inside it (a name of a few characters after a
    separator, no sentence's end or bracket after it), or None."""
    last = re.split(r"[、，,；;\s]+", cell.strip())[-1]
    if not _CUT_NAME_END.fullmatch(last) or not row.lines[-1].stripped.endswith(last) \
            or last == cell.strip() and not CUT_NAME.fullmatch(last) or parse_unit_cell(last):
        return None                 # (县发改局等: a whole name with its tail, read already)
    read = parse_unit_cell(cell)
    if any(name.endswith(last) for name in (*read.lead, *read.responsible, *read.cooperating)):
        return None                 # (县交通运输 / 局: the end of a name a wrap cut, read with it already)
    return last


_CUT_NAME_END = regex(r"[\u4e00-\u9fff]{1,6}")


def _last_milestone(row: Row) -> str:
    """The date of the last milestone column (6月底前 | 12月底前) whose cell the row fills."""
    # (— or 无 in a milestone's cell: nothing due then)
    dates = [meaning[len(MILESTONE):] for meaning in row.cells if meaning.startswith(MILESTONE) and row.get(meaning).strip()
             and not _PLACEHOLDER.fullmatch(squeeze(row.get(meaning)))
             and (not _A_YEAR_S_END.fullmatch(meaning[len(MILESTONE):]) or _CELL_OF_WORK.search(row.get(meaning)))]
    return dates[-1] if dates else ""


# Under a year's column a milestone cell says what is done by then (开工建设, 投入使用, 完成前期); a figure
# (2.5, 80%左右, 3万人) is an indicator's value for that year, no milestone.
_A_YEAR_S_END = regex(r"\d{4}年底")
_CELL_OF_WORK = regex(r"开工|完工|竣工|建成|投用|投入|使用|运营|运行|完成|实施|启动|开园|开业|通车|验收|封顶|主体|前期|"
                      r"招标|设计|立项|选址|拆迁|征地|[\u4e00-\u9fff]{2,}(?:前|底)")


def _redate(draft: TaskDraft, year: int | None) -> TaskDraft:
    if not draft.deadline.text:
        return draft
    deadline = parse_deadline(draft.deadline.text, year)
    return TaskDraft(draft.seq, draft.text, draft.units, deadline, draft.line_start, draft.line_end)


def _plan_title_of_notice(notice: str | None) -> str | None:
    if not notice:
        return None
    match = _NOTICE_PLAN.search(simplified(notice))
    return notice[match.start("plan"):match.end("plan")] if match else notice


_PERIOD_ASIDE = regex(r"^[（(]\s*\d{4}\s*(?:年\s*)?[—\-－–~～至到]+\s*\d{4}\s*年?\s*[）)]$")


def _plan_titles(lines: list[Line], typical: int) -> list[tuple[int, str]]:
    """Stand-alone plan title lines (a title may wrap onto a second line)."""
    titles = []
    joined_to_the_last = -1
    for index, line in enumerate(lines):
        if line.is_row or is_doc_number(line.text) or index == joined_to_the_last:
            continue                    # (the second line of a title found whole is not one of its own)
        joined = _title_over_two_lines(lines, index, typical)
        if joined is not None:
            # 某县2024年重点工作 / 任务分解方案: whole, even where its first line reads as a title
            titles.append((line.number, joined))
            joined_to_the_last = index + 1
        elif is_plan_title(lines, index, typical):
            title = _bare_title(line.stripped)
            if index + 1 < len(lines) and _PERIOD_ASIDE.match(lines[index + 1].stripped):
                title += squeeze(lines[index + 1].stripped)      # （2023—2025年） on the line below
                joined_to_the_last = index + 1
            titles.append((line.number, title))
    return titles


# A signature's line (平安县人民政府办公室      2023年3月2日) ends with its date: no title's first line.
_ENDS_WITH_A_DATE = regex(r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日?\s*$")


def _title_over_two_lines(lines: list[Line], index: int, typical: int) -> str | None:
    """The title that the line at `index` and the next make together, when they wrap one."""
    if index + 1 >= len(lines) or not may_end_a_title(lines[index + 1].stripped):
        return None                     # (most lines: the next one cannot end a title)
    line, following = lines[index], lines[index + 1]
    if line.width >= typical * 0.9 or following.width >= typical * 0.9 or following.is_row \
            or line.stripped.endswith(("。", "；", "：", "，", "、")) or _ENDS_WITH_A_DATE.search(line.stripped) \
            or marker_of(following.stripped)[0] is not None or marker_of(line.stripped)[0] is not None \
            or squeeze(following.stripped) == squeeze(line.stripped):
        return None                     # (the joined line ends as its second does; an item is no title's end; a
                                        # title repeated, as a page's head and the document's, is one title)
    if TITLE_YEAR.search(following.stripped) and is_plan_title(lines, index + 1, typical):
        return None                     # the next line is a title that opens with its own year and place
    joined = Line(line.number, line.stripped + following.stripped)
    # is_plan_title reads the line and the one before it: no copy of the document's lines.
    if is_plan_title([*lines[max(0, index - 1):index], joined], min(index, 1), typical, wrapped=True):
        return _bare_title(joined.stripped)
    return None


def _bare_title(text: str) -> str:
    return without_its_number(without_annex_mark(PAGE_SUFFIX.sub("", squeeze(text).strip("*#"))))     # (…方案（第2/2页）: a mirror's page)
