"""Reading back a 进展填报表 (status sheet) that a department filled in Excel.

Each row whose 状态, 进度 or 进展情况 differs from what was exported becomes a
StatusUpdate attributed to the sheet's department, all in one transaction.
Rows are applied only when it is safe; otherwise they are reported:

* the task id is unknown (deleted, or a sheet from another registry), or no
  id at all: every bad cell (1E+21, NaN, -3, 2.5, a date, text) is a reported row;
* the value is invalid (状态 not in the list, 进度 not 0–100, or the two
  disagree: 未开始 with 20 %, :func:`models.rules.status.progress_problem`);
* the task was withdrawn, or its text or deadline changed since export (the
  row's version stamp, :func:`models.paper.ledger.content_stamp`, no longer matches);
* the same department reported on the task after the export by another
  route (another sheet, the desktop): the sheet is older than that report;
* the sheet's department has no part in the task (牵头, 责任 or 配合): a
  sheet speaks for its department only, whoever imports it, the office
  included; or a liaison imports it and the task is closed (销号)
  (:mod:`models.access.permissions`).

Idempotence: every applied row leaves a :class:`SheetReceipt` (sheet id,
row, update). A row whose values equal the latest update this same sheet
already recorded for the task is skipped, so importing a sheet twice adds
nothing, while a row the liaison changed again in the same file is applied.
"""
from __future__ import annotations

import os
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from importers.zip_limits import check_zip
from models.registry.departments import DepartmentResolver
from models.errors import InvalidInput, translate_errors
from models.paper.ledger import (
    COL_ID,
    COL_NOTE,
    COL_OLD_PROGRESS,
    COL_OLD_STATUS,
    COL_PROGRESS,
    COL_STAMP,
    COL_STATUS,
    META_SHEET,
    STATUS_SHEET_FORMAT,
    STATUS_SHEET_VERSION,
    SheetFileError,
    content_stamp,
)
from models.access import audit
from models.access.actor import acting, Actor
from models.errors import PermissionDenied
from models.access.permissions import department_task_ids, require_writer, updatable_task_ids
from models.registry.schema import SheetReceipt, Task, db, now
from models.rules.status import IN_PROGRESS, NOT_STARTED, STATUSES, progress_problem
from models.supervision.updates import write_update

_REQUIRED = (COL_ID, COL_STAMP, COL_OLD_STATUS, COL_OLD_PROGRESS, COL_STATUS, COL_PROGRESS, COL_NOTE)
_HEADER_SEARCH = 10   # rows to look through for the header, should someone insert a line above it

# Kinds of reported rows.
UNKNOWN_TASK, INVALID, WITHDRAWN, CHANGED, CONFLICT, DUPLICATE, FORBIDDEN = (
    "unknown_task", "invalid", "withdrawn", "changed", "conflict", "duplicate", "forbidden")


@dataclass(frozen=True)
class RowProblem:
    """A row that was not applied, with why, for people."""

    row: int
    task_id: int | None
    kind: str
    message: str

    def __str__(self) -> str:
        task = f"（任务 {self.task_id}）" if self.task_id is not None else ""
        return f"第 {self.row} 行{task}：{self.message}"


@dataclass(frozen=True)
class AppliedRow:
    row: int
    task_id: int
    update_id: int
    status: str
    progress: int
    note: str


@dataclass
class SheetImport:
    """The outcome of importing one status sheet."""

    path: Path
    department: str
    sheet_id: str
    exported_at: datetime
    applied: list[AppliedRow] = field(default_factory=list)
    unchanged: int = 0            # rows the liaison did not touch
    already_applied: int = 0      # rows this sheet had brought in before
    problems: list[RowProblem] = field(default_factory=list)


@dataclass(frozen=True)
class _SheetRow:
    row: int
    task_id: Any
    stamp: Any
    old_status: Any
    old_progress: Any
    status: Any
    progress: Any
    note: Any


@dataclass(frozen=True)
class StatusSheet:
    """What a returned status sheet says, before anything is checked against the registry."""

    path: Path
    sheet_id: str
    department_id: int | None
    department: str
    exported_at: datetime
    rows: tuple[_SheetRow, ...]


# -- reading the file ---------------------------------------------------------------

def read_status_sheet(path: str | os.PathLike[str]) -> StatusSheet:
    """Parse a returned status sheet; SheetFileError when it is not one (or not readable)."""
    source = Path(path)
    workbook = _open_workbook(source)
    try:
        meta = _metadata(source, workbook)
        worksheet = _data_sheet(workbook, meta)
        rows = tuple(_rows(source, worksheet))
    finally:
        workbook.close()
    department_id = _registry_id(meta.get("department_id"))
    try:
        exported_at = datetime.fromisoformat(str(meta["exported_at"]))
    except (KeyError, ValueError) as exc:
        raise SheetFileError(source, "填报表的导出信息已损坏 (sheet metadata damaged)") from exc
    if department_id is None and not _blank(meta.get("department_id")):
        raise SheetFileError(source, "填报表的导出信息已损坏 (sheet metadata damaged)")
    department = str(meta.get("department") or "").strip()
    if not department or not meta.get("sheet_id"):
        raise SheetFileError(source, "填报表缺少单位或表格编号 (sheet metadata damaged)")
    return StatusSheet(source, str(meta["sheet_id"]), department_id, department, exported_at, rows)


def _open_workbook(source: Path) -> Workbook:
    if not source.is_file():
        raise SheetFileError(source, "文件不存在 (no such file)")
    if source.suffix.lower() == ".xls":
        raise SheetFileError(source, "是旧版 .xls 文件，请在 Excel 或 WPS 中另存为 .xlsx 后再导入")
    if not zipfile.is_zipfile(source):
        raise SheetFileError(source, "不是 Excel .xlsx 文件或文件已损坏 (not an .xlsx workbook)")
    check_zip(source, source, SheetFileError)      # openpyxl holds every part in memory: no zip bombs
    try:
        # data_only: a formula typed into 进度 counts by its value as Excel saved it.
        return load_workbook(source, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ParseError, ValueError, TypeError, OSError,
            EOFError) as exc:
        # The user's file, not our bug: openpyxl raises all of these for damaged parts.
        raise SheetFileError(source, f"不是 Excel .xlsx 文件或文件已损坏 ({type(exc).__name__})") from exc


def _metadata(source: Path, workbook: Workbook) -> dict[str, object]:
    if META_SHEET not in workbook.sheetnames:
        raise SheetFileError(source, "不是督办台导出的进展填报表（用 duban export --for-update 导出）")
    meta: dict[str, object] = {}
    for row in workbook[META_SHEET].iter_rows(min_col=1, max_col=2, values_only=True):
        if row[0] is not None:
            meta[str(row[0])] = row[1]
    if meta.get("format") != STATUS_SHEET_FORMAT:
        raise SheetFileError(source, "不是督办台导出的进展填报表（用 duban export --for-update 导出）")
    try:
        version = int(meta.get("format_version") or 0)
    except (TypeError, ValueError):
        version = 0
    if version > STATUS_SHEET_VERSION:
        raise SheetFileError(source, f"填报表由更新版本的督办台导出（格式 {version}），请升级程序")
    return meta


def _data_sheet(workbook: Workbook, meta: dict[str, object]) -> Worksheet:
    """The sheet named in the metadata; else the first other one (the liaison may rename it)."""
    title = meta.get("sheet")
    if isinstance(title, str) and title in workbook.sheetnames:
        return workbook[title]
    return next(sheet for sheet in workbook.worksheets if sheet.title != META_SHEET)


def _rows(source: Path, worksheet: Worksheet) -> Iterable[_SheetRow]:
    header_row, columns = None, {}
    for number, values in enumerate(worksheet.iter_rows(max_row=_HEADER_SEARCH, values_only=True), 1):
        labels = {str(value).strip(): index for index, value in enumerate(values) if value is not None}
        if COL_ID in labels:
            header_row, columns = number, labels
            break
    missing = [label for label in _REQUIRED if label not in columns]
    if header_row is None or missing:
        raise SheetFileError(source, f"填报表的表头不完整，缺少：{'、'.join(missing)}")
    picks = [columns[label] for label in _REQUIRED]
    for number, values in enumerate(worksheet.iter_rows(min_row=header_row + 1, values_only=True), header_row + 1):
        cells = [values[index] if index < len(values) else None for index in picks]
        if all(_blank(value) for value in cells):
            continue
        yield _SheetRow(number, *cells)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# -- checking values ------------------------------------------------------------------

# The largest id SQLite and PostgreSQL store (a signed 64-bit integer): a bigger number
# names no row, and the drivers raise OverflowError rather than find nothing.
_LARGEST_ID = 2 ** 63 - 1


def _registry_id(value: object) -> int | None:
    """The task (or department) a cell names: a positive whole number (12, 12.0, "12"); None for any other.

    A hand-edited or hostile sheet may carry anything here (1E+21, NaN, -3, a
    date, the text of a formula's error); every such row is reported, none reaches SQL.
    """
    if isinstance(value, float) and value.is_integer():       # False for NaN and ±inf
        value = int(value)
    elif isinstance(value, str):
        text = value.strip()
        # ASCII digits only: str.isdigit also takes ² (which int() refuses), and a
        # string of thousands of digits is refused by int() itself.
        value = int(text) if text.isascii() and text.isdigit() and len(text) <= 19 else None
    if type(value) is not int:                                # bool, date, None, a fraction …
        return None
    return value if 0 < value <= _LARGEST_ID else None


def _progress(value: object) -> int:
    """进度 as an int 0–100; accepts 40, 40.0, "40", "40%", "４０％"; InvalidInput (a ValueError) otherwise."""
    given = value
    if isinstance(value, float) and value.is_integer():       # False for NaN and ±inf
        value = int(value)
    elif isinstance(value, str):
        text = value.strip().rstrip("%％").strip()
        # Full-width digits are what a Chinese input method types; int() reads them.
        value = int(text) if text.isdecimal() and len(text) <= 3 else None
    if type(value) is not int or not 0 <= value <= 100:
        raise InvalidInput(f"进度“{_shown(given)}”不是 0 到 100 的整数")
    return value


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _shown(value: object, limit: int = 20) -> str:
    """A cell's value as a message quotes it: a long one cut short, so the row's problem stays one line."""
    text = " ".join(_text(value).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


# -- applying ---------------------------------------------------------------------------

@translate_errors
def import_status_sheet(path: str | os.PathLike[str], who: str = "", *, actor: Actor | None = None) -> SheetImport:
    """Apply the changed rows of a returned status sheet; report the rest.

    ``actor`` (default: the signed-in one): the office imports any
    department's sheet; a liaison only their own department's, and rows for
    tasks the department has no part in (or closed ones) are reported, not
    applied; a leader none. Each applied row has its audit entry.

    Raises SheetFileError when the file is not a readable status sheet,
    NotFound when its department is no longer in the registry and
    PermissionDenied as above.
    """
    sheet = read_status_sheet(path)
    with db.atomic("IMMEDIATE"):   # one transaction for the whole sheet, checks and writes alike
        actor = acting(actor)
        require_writer(actor, "导入进展填报表")
        resolver = DepartmentResolver()
        department_id = _sheet_department(resolver, sheet)
        if actor.is_liaison and department_id != actor.department_id:
            raise PermissionDenied(f"这是“{resolver.names[department_id]}”的填报表，联络员只能导入本单位的填报表 "
                                   "(not your department's sheet)")
        result = SheetImport(sheet.path, resolver.names[department_id], sheet.sheet_id, sheet.exported_at)
        _apply(actor, sheet, department_id, who, result)
    return result


def _sheet_department(resolver: DepartmentResolver, sheet: StatusSheet) -> int:
    """The department the sheet was exported for.

    Its id, while that department still goes by the sheet's name in its own
    county: 平顺's, 稷山's and 偏关's 县水利局 share a name, and the name alone
    would read another county's sheet as the registry county's. Else the name
    (any alias): a merge removes the absorbed department's id and keeps its
    name as an alias of the one it joined.
    """
    ident = sheet.department_id
    if ident is not None and ident in resolver.names and \
            resolver.find(sheet.department, resolver.counties.get(ident, "")) == ident:
        return ident
    found = resolver.lookup(sheet.department)
    return found if found is not None else resolver.require(sheet.department if ident is None else ident)


def _apply(actor: Actor, sheet: StatusSheet, department_id: int, who: str, result: SheetImport) -> None:
    ids = {ident for ident in (_registry_id(row.task_id) for row in sheet.rows) if ident is not None}
    tasks = _tasks(ids)
    # A sheet speaks for its department only, whoever imports it: the office's import of a
    # department's sheet applies no row for a task that department has no role in.
    allowed = department_task_ids(department_id, tasks) & updatable_task_ids(actor, tasks)
    receipts = _sheet_receipts(sheet.sheet_id)
    later = _later_reports(ids, department_id, sheet.sheet_id, sheet.exported_at)
    seen: set[int] = set()

    for row in sheet.rows:
        task_id = _registry_id(row.task_id)
        if task_id is None or task_id not in tasks:
            result.problems.append(RowProblem(row.row, task_id, UNKNOWN_TASK, (
                f"登记册里没有编号为 {task_id} 的任务（可能已删除，或填报表来自别的登记册），未导入"
                if task_id is not None else
                f"任务编号“{_shown(row.task_id)}”被改动，无法对应任务，未导入" if not _blank(row.task_id) else
                "任务编号缺失，无法对应任务，未导入")))
            continue
        if task_id in seen:
            result.problems.append(RowProblem(row.row, task_id, DUPLICATE, "同一任务在表中出现两次，只导入第一行"))
            continue
        seen.add(task_id)

        try:
            old_status, old_progress = _text(row.old_status), _progress(row.old_progress)
        except ValueError:
            old_status, old_progress = "", -1     # hidden columns edited: any filled value counts as a change
        status = _text(row.status) or old_status   # blank means "not filled in"
        if status not in STATUSES:
            result.problems.append(RowProblem(row.row, task_id, INVALID,
                                              f"状态“{_shown(status)}”不是 {'、'.join(STATUSES)} 之一，未导入"))
            continue
        try:
            progress = old_progress if _blank(row.progress) else _progress(row.progress)
            if progress < 0:
                raise InvalidInput(row.progress)
        except ValueError:
            result.problems.append(RowProblem(row.row, task_id, INVALID,
                                              f"进度“{_shown(row.progress)}”不是 0 到 100 的整数，未导入"))
            continue
        note = _text(row.note)
        if (status, progress, note) == (old_status, old_progress, ""):
            result.unchanged += 1
            continue
        if status == old_status == NOT_STARTED and progress > 0:
            # Progress typed beside the 未开始 the sheet was exported with: started, as the
            # window's form reads it (models.rules.status.progress_problem).
            status = IN_PROGRESS
        disagreement = progress_problem(status, progress) if (status, progress) != (old_status, old_progress) else None
        if disagreement:
            result.problems.append(RowProblem(row.row, task_id, INVALID, f"{disagreement}，未导入"))
            continue

        stamp, withdrawn, closed = tasks[task_id]
        if withdrawn:
            result.problems.append(RowProblem(row.row, task_id, WITHDRAWN,
                                              "该任务已从修订后的方案中撤销，未导入"))
            continue
        if task_id not in allowed or (closed and not actor.is_office):
            result.problems.append(RowProblem(row.row, task_id, FORBIDDEN, (
                "该任务已销号，联络员不能再更新，未导入" if task_id in allowed else
                f"该任务不是{result.department}（牵头、责任或配合）承办的任务，"
                "填报表只能报送本单位的任务，未导入")))
            continue
        if _text(row.stamp) != stamp:
            result.problems.append(RowProblem(row.row, task_id, CHANGED,
                                              "导出后任务内容或完成时限已变更（方案重新导入），未导入；"
                                              "请重新导出填报表"))
            continue
        if receipts.get(task_id) == (status, progress, note):
            result.already_applied += 1
            continue
        if task_id in later:
            when, by = later[task_id]
            result.problems.append(RowProblem(row.row, task_id, CONFLICT,
                                              f"本单位在导出后已另行报送过进展（{when:%Y-%m-%d %H:%M}"
                                              f"{'，' + by if by else ''}），此表较旧，未导入"))
            continue

        # Each row is one task's own report; a linked task has its own row on the sheet.
        before = Task.select(Task.status, Task.progress, Task.version).where(Task.id == task_id).first()
        update = write_update(actor, task_id, status, progress, note=note, who=who, department=department_id,
                              audited=False)
        SheetReceipt.create(sheet_id=sheet.sheet_id, row=row.row, task=task_id, status_update=update.id,
                            file_name=sheet.path.name, created_at=now())
        audit.record(actor, "status_update", f"task:{task_id}",
                     {"status": before.status, "progress": before.progress, "version": before.version},
                     {"status": status, "progress": progress, "version": before.version + 1, "note": note,
                      "who": update.who, "department": result.department, "sheet": sheet.path.name, "row": row.row},
                     f"任务 {task_id}：{before.status} {before.progress}% → {status} {progress}%"
                     f"（进展填报表 {sheet.path.name} 第 {row.row} 行）")
        result.applied.append(AppliedRow(row.row, task_id, int(update.id), status, progress, note))


def _tasks(ids: set[int]) -> dict[int, tuple[str, bool, bool]]:
    """Per existing task: its content stamp now, whether it is withdrawn, whether closed (销号)."""
    found: dict[int, tuple[str, bool, bool]] = {}
    ordered = sorted(ids)
    for start in range(0, len(ordered), 500):   # stay under SQLite's parameter limit
        chunk = ordered[start:start + 500]
        marks = ", ".join("?" * len(chunk))
        for ident, text, deadline, deadline_text, recurrence, ongoing, withdrawn, closed in db.execute_sql(
                "SELECT id, text, current_deadline, deadline_text, recurrence, ongoing, withdrawn, closed_on "
                f"FROM task WHERE id IN ({marks})", chunk):
            found[ident] = (content_stamp(text, deadline, deadline_text, recurrence, bool(ongoing)), bool(withdrawn),
                            closed is not None)
    return found


def _sheet_receipts(sheet_id: str) -> dict[int, tuple[str, int, str]]:
    """Per task, the values of the latest update this sheet brought in."""
    latest: dict[int, tuple[str, int, str]] = {}
    for task_id, status, progress, note in db.execute_sql(
            "SELECT r.task_id, s.status, s.progress, s.note FROM sheet_receipt AS r "
            "JOIN status_update AS s ON s.id = r.status_update_id WHERE r.sheet_id = ? ORDER BY s.created_at, s.id",
            (sheet_id,)):
        latest[task_id] = (status, progress, note)
    return latest


def _later_reports(ids: set[int], department_id: int, sheet_id: str,
                   exported_at: datetime) -> dict[int, tuple[datetime, str]]:
    """Updates by the same department after the export that did not come from this sheet."""
    later: dict[int, tuple[datetime, str]] = {}
    for task_id, created, who in db.execute_sql(
            "SELECT s.task_id, s.created_at, s.who FROM status_update AS s "
            "LEFT JOIN sheet_receipt AS r ON r.status_update_id = s.id AND r.sheet_id = ? "
            "WHERE s.department_id = ? AND r.id IS NULL ORDER BY s.created_at",
            (sheet_id, department_id)):
        when = datetime.fromisoformat(created)
        if task_id in ids and when > exported_at:
            later[task_id] = (when, who)
    return later
