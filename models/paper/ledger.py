"""Excel ledgers (台账): the office's task ledger, and status sheets that departments fill in.

Two kinds of workbook, both Qt-free:

* :func:`export_ledger` writes the supervision ledger as an office keeps it:
  one sheet per department (or one for all), a title row, a frozen header
  that repeats on every printed page, A4 landscape fitted to the width,
  overdue rows in light red.
* :func:`export_status_sheet` writes a 进展填报表 for one department that has
  no access to the registry: read-only task columns, three editable ones
  (状态, 进度, 进展情况) with data validation, and hidden columns carrying each
  task's id, a version stamp and the values as exported. A very hidden
  sheet holds the sheet's own id and department; :mod:`models.paper.ledger_updates`
  reads the returned file back.

Both are written in openpyxl's write-only mode through
:mod:`models.paper.typed_sheet`: rows stream to the file, and every text is
a text cell, never a formula, whatever it starts with.
"""
from __future__ import annotations

import hashlib
import os
import re
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from importers.text import width
from models.rules.wording import chinese_date
from models.registry.departments import DepartmentResolver
from models.errors import NotFound, translate_errors, UserError
from models.supervision.queries import TaskRow, task_rows
from models.paper.reports import latest_notes
from models.paper.typed_sheet import RowStyle, TypedSheet, typed_sheet
from models.registry.schema import ROLE_NAMES, db, now
from models.rules.status import DONE, OVERDUE, STATUSES
from models.supervision.workflow import deadline_text, extended_originals

if TYPE_CHECKING:
    from models.access.actor import Actor

# -- what both kinds of workbook share -------------------------------------------

FONT_NAME = "宋体"        # what county offices print ledgers in; LibreOffice falls back to any CJK font
DATE_FORMAT = 'yyyy"年"m"月"d"日"'   # real Excel dates (they sort), shown the Chinese way
PROGRESS_FORMAT = '0"%"'
OVERDUE_FILL = "FFC7CE"   # Excel's own "light red fill"
EDITABLE_FILL = "FFF2CC"  # light yellow: "write here"
HEADER_FILL = "D9E1F2"

NO_UNIT_SHEET = "未明确单位"
ALL_SHEET = "全部任务"

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_SHEET_MAX = 31


class SheetFileError(UserError):
    """A workbook that cannot be written or read as asked; the message names the file."""

    def __init__(self, path: str | os.PathLike[str], problem: str) -> None:
        self.path = os.fspath(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


@dataclass(frozen=True)
class ExportSummary:
    """What an export wrote: sheet titles with their task rows."""

    path: Path
    sheets: tuple[tuple[str, int], ...]

    @property
    def rows(self) -> int:
        return sum(count for _, count in self.sheets)




def sheet_titles(names: Iterable[str]) -> list[str]:
    """Valid, unique worksheet titles for ``names``, in order.

    Excel allows at most 31 characters, none of ``[]:*?/\\``, no leading or
    trailing apostrophe, and compares titles without case.
    """
    titles: list[str] = []
    seen: set[str] = set()
    for name in names:
        base = _SHEET_FORBIDDEN.sub("_", name).strip().strip("'") or "工作表"
        if base.casefold() == "history":   # reserved by Excel
            base = f"{base}_"
        candidate, number = base[:_SHEET_MAX], 2
        while candidate.casefold() in seen:
            suffix = f"({number})"
            candidate, number = base[:_SHEET_MAX - len(suffix)] + suffix, number + 1
        seen.add(candidate.casefold())
        titles.append(candidate)
    return titles


def content_stamp(text: str, current_deadline: str | date | None, deadline_text: str | None,
                  recurrence: str | None, ongoing: bool) -> str:
    """A short hash of what a department was asked to do: the task's text and deadline.

    Not ``updated_at``: that moves when a re-import only shifts line numbers
    and when anyone records progress, which would flag rows that are fine.
    """
    deadline = current_deadline.isoformat() if isinstance(current_deadline, date) else (current_deadline or "")
    payload = "\x1f".join((text, deadline[:10], deadline_text or "", recurrence or "", "1" if ongoing else "0"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def _deadline_value(row: TaskRow) -> date | str:
    """A date when there is one, else the words the plan used (长期坚持, 每季度…)."""
    if row.current_deadline is not None:
        return row.current_deadline
    if row.ongoing:
        return row.deadline_text or "长期"
    return row.deadline_text or row.recurrence or ""


def _latest_notes(task_ids: list[int] | None = None) -> dict[int, str]:
    """Per task (of ``task_ids``, else all), the latest non-empty note (the weekly report's rule)."""
    return {task: note for task, (note, _) in latest_notes(task_ids).items()}


def _plan_id(plan: str | int | None) -> int | None:
    """The id of a plan given by id or number; NotFound if there is none."""
    if plan is None:
        return None
    if isinstance(plan, int):
        found = db.execute_sql("SELECT id FROM plan WHERE id = ?", (plan,)).fetchone()
    else:
        found = db.execute_sql("SELECT id FROM plan WHERE number = ? OR title = ?", (plan, plan)).fetchone()
    if found is None:
        raise NotFound(f"登记册里没有文件“{plan}”")
    return int(found[0])


def _check_target(path: str | os.PathLike[str]) -> Path:
    """The target as a Path, refused before any work: a write-only workbook once begun must be saved."""
    checked = Path(path)
    if checked.suffix.lower() != ".xlsx":
        raise SheetFileError(checked, "文件名应以 .xlsx 结尾 (Excel workbook expected)")
    if checked.is_dir():
        raise SheetFileError(checked, "是一个文件夹，不能写成 Excel 文件")
    return checked


def _save_atomically(workbook: Workbook, path: Path) -> None:
    """Write beside the target, then rename: a failed export never leaves half a file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SheetFileError(path, f"无法创建所在文件夹（{exc.strerror or exc}）") from exc
    # Not mkstemp: its 0600 mode would survive the rename, and a ledger is
    # meant to be shared like any other file the user saves.
    temporary = path.with_name(f".{path.stem}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        workbook.save(temporary)
        os.replace(temporary, path)
    except PermissionError as exc:
        raise SheetFileError(path, f"无法写入，文件可能正在 Excel 中打开（{exc.strerror or exc}）") from exc
    except OSError as exc:
        raise SheetFileError(path, f"无法写入（{exc.strerror or exc}）") from exc
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _page_setup(sheet: Worksheet, title_rows: str) -> None:
    """A4 landscape, fitted to one page wide, header rows repeated on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0          # as many pages down as needed
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.print_options.horizontalCentered = True
    sheet.print_title_rows = title_rows
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"


LINE_HEIGHT = 14.0      # points per line of 10.5 pt text
MIN_ROW_HEIGHT = 18.0


def row_height(values: Sequence[object], widths: Sequence[float]) -> float:
    """Points for a row whose wrapped texts fit their columns.

    Set explicitly because LibreOffice does not fit rows to wrapped text in
    a file it opens (it keeps the default height and the text overlaps), and
    Excel only fits rows it has edited itself.
    """
    lines = 1
    for value, column_width in zip(values, widths):
        if isinstance(value, str) and value:
            usable = max(column_width - 1.5, 1.0)     # cell padding
            if len(value) * 3 <= usable and "\n" not in value:
                continue                       # one line whatever its characters (none is wider than 3)
            needed = sum(-(-width(part) // usable) or 1 for part in value.split("\n"))
            lines = max(lines, int(needed))
    return max(MIN_ROW_HEIGHT, lines * LINE_HEIGHT + 4)


_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def _style(name: str, *, bold: bool = False, size: float = 10.5, horizontal: str = "left",
           fill: str | None = None, number_format: str = "General", border: bool = True,
           locked: bool = True, wrap: bool = True) -> NamedStyle:
    style = NamedStyle(name=name)
    style.font = Font(name=FONT_NAME, size=size, bold=bold)
    style.alignment = Alignment(horizontal=horizontal, vertical="center" if horizontal == "center" else "top",
                                wrap_text=wrap)
    if fill:
        style.fill = PatternFill("solid", start_color=fill, end_color=fill)
    if border:
        style.border = _BORDER
    style.number_format = number_format
    style.protection = Protection(locked=locked)
    return style


# Body cell kinds; each exists plain and overdue ("…!"), so a row is styled
# by name, which is much cheaper in openpyxl than setting font, fill and
# alignment on 100,000 cells one by one.
_KINDS = {"text": {}, "center": {"horizontal": "center"},
          "date": {"horizontal": "center", "number_format": DATE_FORMAT},
          "progress": {"horizontal": "center", "number_format": PROGRESS_FORMAT}}


def _register_styles(workbook: Workbook) -> None:
    # The title runs across empty cells to its right, so it must not wrap in narrow column A.
    workbook.add_named_style(_style("duban title", bold=True, size=14, border=False, wrap=False))
    workbook.add_named_style(_style("duban note", size=10, border=False))
    workbook.add_named_style(_style("duban header", bold=True, horizontal="center", fill=HEADER_FILL))
    for kind, options in _KINDS.items():
        workbook.add_named_style(_style(f"duban {kind}", **options))
        workbook.add_named_style(_style(f"duban {kind}!", fill=OVERDUE_FILL, **options))
        workbook.add_named_style(_style(f"duban {kind} edit", fill=EDITABLE_FILL, locked=False, **options))


# -- the ledger -------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    title: str
    width: float
    kind: str


LEDGER_COLUMNS: tuple[Column, ...] = (
    # Widths in Excel units (a CJK character is two): 文件 fits 偏政办发〔2023〕18号,
    # the unit columns 县住房和城乡建设局, the date columns 2023年12月31日.
    Column("序号", 5, "center"),
    Column("文件", 22, "text"),
    Column("任务内容", 48, "text"),
    Column("牵头单位", 18, "text"),
    Column("责任单位", 18, "text"),
    Column("配合单位", 16, "text"),
    Column("完成时限", 16, "date"),
    Column("当前状态", 9, "center"),
    Column("进度", 6, "progress"),
    Column("最新进展", 26, "text"),
    Column("更新时间", 16, "date"),
    Column("是否逾期", 9, "center"),
)
LEDGER_HEADER_ROW = 2          # row 1 is the title
LEDGER_FIRST_ROW = LEDGER_HEADER_ROW + 1


class SheetLine(NamedTuple):
    """One task as a row shows it: the values after 序号 (which depends on the sheet)."""

    values: tuple[object, ...]
    overdue: bool
    height: float      # points, for the wrapped texts (the same on every sheet the task is on)


@dataclass
class LedgerSheet:
    """One worksheet of the ledger: its title, its heading and which task rows it lists."""

    title: str
    heading: str
    rows: list[int] = field(default_factory=list)     # indexes into the ledger's lines


@dataclass(frozen=True)
class Ledger:
    """What a ledger holds, before it is written: its sheets over one list of task lines."""

    sheets: list[LedgerSheet]
    lines: list[SheetLine]


def ledger_content(department: int | str | None = None, plan: int | str | None = None,
                   one_sheet: bool = False, as_of: date | None = None, *, actor: Actor | None = None) -> Ledger:
    """The ledger's sheets and rows for :func:`export_ledger` (arguments as there)."""
    as_of = as_of or date.today()
    plan_id = _plan_id(plan)
    resolver = DepartmentResolver()
    department_id = resolver.require(department) if department is not None else None
    rows = task_rows(department=department_id, plan=plan_id, as_of=as_of, actor=actor)
    notes = _latest_notes()
    originals = extended_originals()   # few: only tasks an approved extension moved
    lines = [_ledger_line(row, notes, originals) for row in rows]

    scope = "" if plan is None else f"（{plan}）"
    if one_sheet or department_id is not None:
        name = resolver.names[department_id] if department_id is not None else ALL_SHEET
        sheets = [LedgerSheet(name, f"督办任务台账　{name}{scope}", list(range(len(rows))))]
    else:
        sheets = _sheets_by_department(rows, resolver, scope)
    if not sheets:  # an empty registry still gives a workbook with its header
        sheets = [LedgerSheet(ALL_SHEET, f"督办任务台账{scope}")]
    for sheet, title in zip(sheets, sheet_titles(sheet.title for sheet in sheets)):
        sheet.title = title
    for sheet in sheets:   # the title row: the heading and the sheet's counts
        overdue = sum(1 for index in sheet.rows if lines[index].overdue)
        done = sum(1 for index in sheet.rows if rows[index].status == DONE)
        sheet.heading = (f"{sheet.heading}　截至{chinese_date(as_of)}　共 {len(sheet.rows)} 项，"
                         f"已完成 {done} 项，逾期 {overdue} 项")
    return Ledger(sheets, lines)


@translate_errors
def export_ledger(
    path: str | os.PathLike[str],
    department: int | str | None = None,
    plan: int | str | None = None,
    one_sheet: bool = False,
    as_of: date | None = None,
    *,
    actor: Actor | None = None,
) -> ExportSummary:
    """Write the task ledger to ``path`` (.xlsx): one sheet per department, or one for all.

    ``department`` (id or any alias) keeps that department's tasks, in any
    role; ``plan`` (id or number) keeps one plan's; ``actor``: only what that
    person may see (:func:`models.supervision.listing.load_task_table`). Raises
    NotFound for an unknown department or plan, PermissionDenied for another
    department's tasks asked by a liaison kept to its own, SheetFileError when
    the file cannot be written.
    """
    target = _check_target(path)
    ledger = ledger_content(department, plan, one_sheet, as_of, actor=actor)
    # Write-only: rows stream to the file. Styles must be registered first.
    workbook = Workbook(write_only=True)
    _register_styles(workbook)
    for sheet in ledger.sheets:
        _write_ledger_sheet(workbook, sheet, ledger.lines)
    _save_atomically(workbook, target)
    return ExportSummary(target, tuple((sheet.title, len(sheet.rows)) for sheet in ledger.sheets))


def _sheets_by_department(rows: Sequence[TaskRow], resolver: DepartmentResolver, scope: str) -> list[LedgerSheet]:
    """A sheet per named department (groups such as 各乡镇 after them), each task under every unit it has."""
    by_name: dict[str, list[int]] = {}
    without: list[int] = []
    for index, row in enumerate(rows):
        names = dict.fromkeys(row.lead + row.responsible + row.cooperating)   # once per task, in order
        if not names:
            without.append(index)
        for name in names:
            by_name.setdefault(name, []).append(index)
    groups = {resolver.names[ident] for ident in resolver.groups}
    # Busiest departments first (code-point order of Chinese names means
    # nothing to a reader); collective names such as 各乡镇 last.
    ordered = sorted(by_name, key=lambda name: (name in groups, -len(by_name[name]), name))
    sheets = [LedgerSheet(name, f"督办任务台账　{name}{scope}", by_name[name]) for name in ordered]
    if without:
        sheets.append(LedgerSheet(NO_UNIT_SHEET, f"督办任务台账　{NO_UNIT_SHEET}{scope}", without))
    return sheets


_LEDGER_WIDTHS = [column.width for column in LEDGER_COLUMNS]


def _ledger_line(row: TaskRow, notes: dict[int, str], originals: dict[int, date]) -> SheetLine:
    """One task's ledger values, computed once however many department sheets list it.

    完成时限 is a real date, except after an approved extension: then text
    with both dates, 2023年12月31日（原定2023年10月31日，已延期）.
    """
    overdue = row.state == OVERDUE
    original = originals.get(row.id)
    values = (
        row.plan_number or row.plan_title or "",
        f"{row.seq} {row.text}" if row.seq else row.text,
        "、".join(row.lead), "、".join(row.responsible), "、".join(row.cooperating),
        deadline_text(row.current_deadline, original) if original else _deadline_value(row),
        row.status,
        row.progress,
        notes.get(row.id, ""),
        row.last_update.date() if row.last_update else None,
        "是" if overdue else "否",
    )
    return SheetLine(values, overdue, row_height((None, *values), _LEDGER_WIDTHS))


def _write_ledger_sheet(workbook: Workbook, sheet: LedgerSheet, lines: Sequence[SheetLine]) -> None:
    worksheet = typed_sheet(workbook, sheet.title)
    # Before the first row: a write-only sheet writes these out with it.
    for index, column in enumerate(LEDGER_COLUMNS, 1):
        worksheet.column_dimensions[get_column_letter(index)].width = column.width
    worksheet.freeze_panes = f"A{LEDGER_FIRST_ROW}"
    _page_setup(worksheet, f"{LEDGER_HEADER_ROW}:{LEDGER_HEADER_ROW}")
    last = get_column_letter(len(LEDGER_COLUMNS))
    worksheet.print_area = f"A1:{last}{LEDGER_HEADER_ROW + max(len(sheet.rows), 1)}"
    worksheet.merged_cells.add(f"A1:{last}1")   # write-only sheets have no merge_cells(); the range is written as is

    worksheet.write([sheet.heading], RowStyle(worksheet, ["duban title"]))
    worksheet.write([column.title for column in LEDGER_COLUMNS],
                    RowStyle(worksheet, ["duban header"] * len(LEDGER_COLUMNS)))
    plain = RowStyle(worksheet, [f"duban {column.kind}" for column in LEDGER_COLUMNS])
    late = RowStyle(worksheet, [f"duban {column.kind}!" for column in LEDGER_COLUMNS])
    for number, index in enumerate(sheet.rows, 1):
        line = lines[index]
        worksheet.write((number, *line.values), late if line.overdue else plain, line.height)


# -- the status sheet for one department --------------------------------------

STATUS_SHEET_FORMAT = "duban-status-sheet"
STATUS_SHEET_VERSION = 1
META_SHEET = "_duban"

# Header labels that models.paper.ledger_updates looks for; the hidden ones carry
# what the office needs to apply a row safely.
COL_ID, COL_STAMP, COL_OLD_STATUS, COL_OLD_PROGRESS = "任务编号（勿改）", "版本（勿改）", "导出时状态", "导出时进度"
COL_STATUS, COL_PROGRESS, COL_NOTE = "状态", "进度", "进展情况"

STATUS_COLUMNS: tuple[Column, ...] = (
    Column("序号", 5, "center"),
    Column("文件", 22, "text"),
    Column("任务内容", 48, "text"),
    Column("本单位职责", 11, "center"),
    Column("完成时限", 16, "date"),
    Column("最新进展", 26, "text"),
    Column(COL_STATUS, 10, "center edit"),
    Column(COL_PROGRESS, 8, "progress edit"),
    Column(COL_NOTE, 36, "text edit"),
    Column(COL_ID, 10, "center"),
    Column(COL_STAMP, 18, "center"),
    Column(COL_OLD_STATUS, 10, "center"),
    Column(COL_OLD_PROGRESS, 10, "center"),
)
STATUS_HIDDEN = (COL_ID, COL_STAMP, COL_OLD_STATUS, COL_OLD_PROGRESS)
STATUS_HEADER_ROW = 3          # title, instructions, header
STATUS_VISIBLE = len(STATUS_COLUMNS) - len(STATUS_HIDDEN)
_STATUS_WIDTHS = [column.width for column in STATUS_COLUMNS]


@translate_errors
def export_status_sheet(
    path: str | os.PathLike[str],
    department: int | str,
    plan: int | str | None = None,
    as_of: date | None = None,
    sheet_id: str | None = None,
    clock: Callable[[], datetime] = now,
    *,
    actor: Actor | None = None,
) -> ExportSummary:
    """Write a 进展填报表 for ``department`` (id or any alias): its tasks in any role.

    The liaison edits 状态/进度/进展情况; :func:`models.paper.ledger_updates.import_status_sheet`
    applies the changed rows. Raises NotFound for an unknown department or plan,
    PermissionDenied when ``actor`` is a liaison kept to another department.
    """
    target = _check_target(path)
    content = status_sheet_content(department, plan, as_of, actor=actor)
    name, lines = content.department, content.lines
    exported_at = clock()

    workbook = Workbook(write_only=True)
    _register_styles(workbook)
    worksheet = typed_sheet(workbook, sheet_titles([name])[0])
    first, end = STATUS_HEADER_ROW + 1, STATUS_HEADER_ROW + max(len(lines), 1)
    _lay_out_status_sheet(worksheet, first, end)
    last = get_column_letter(STATUS_VISIBLE)
    worksheet.merged_cells.add(f"A1:{last}1")
    worksheet.merged_cells.add(f"A2:{last}2")
    worksheet.write([f"{name}　督办任务进展填报表"], RowStyle(worksheet, ["duban title"]))
    worksheet.write([f"填报单位：{name}　导出日期：{chinese_date(exported_at.date())}　"
                     f"请只填写黄色的“{COL_STATUS}”“{COL_PROGRESS}”“{COL_NOTE}”三列，其他列和行请勿增删改动。"],
                    RowStyle(worksheet, ["duban note"]), height=30)
    worksheet.write([column.title for column in STATUS_COLUMNS],
                    RowStyle(worksheet, ["duban header"] * len(STATUS_COLUMNS)))
    plain = RowStyle(worksheet, [f"duban {column.kind}" for column in STATUS_COLUMNS])
    late = RowStyle(worksheet, [f"duban {column.kind}{'' if 'edit' in column.kind else '!'}"
                                for column in STATUS_COLUMNS])
    for number, line in enumerate(lines, 1):
        worksheet.write((number, *line.values), late if line.overdue else plain, line.height)

    meta = typed_sheet(workbook, META_SHEET)
    meta.sheet_state = "veryHidden"   # not even listed under "Unhide" in Excel
    meta.protection.sheet = True
    unstyled = RowStyle(meta, [None, None])
    for key, value in (("format", STATUS_SHEET_FORMAT), ("format_version", STATUS_SHEET_VERSION),
                       ("sheet_id", sheet_id or str(uuid.uuid4())), ("department_id", content.department_id),
                       ("department", name), ("exported_at", exported_at.isoformat(" ", timespec="microseconds")),
                       ("as_of", content.as_of.isoformat()), ("sheet", worksheet.title),
                       ("header_row", STATUS_HEADER_ROW), ("tasks", len(lines))):
        meta.write((key, value), unstyled)
    _save_atomically(workbook, target)
    return ExportSummary(target, ((worksheet.title, len(lines)),))


@dataclass(frozen=True)
class StatusSheetContent:
    """What a status sheet holds, before it is written."""

    department_id: int
    department: str
    as_of: date
    lines: list[SheetLine]


def status_sheet_content(department: int | str, plan: int | str | None = None,
                         as_of: date | None = None, *, actor: Actor | None = None) -> StatusSheetContent:
    """The rows of :func:`export_status_sheet` (arguments as there)."""
    as_of = as_of or date.today()
    plan_id = _plan_id(plan)
    resolver = DepartmentResolver()
    department_id = resolver.require(department)
    rows = task_rows(department=department_id, plan=plan_id, as_of=as_of, actor=actor)
    task_ids = [row.id for row in rows]
    notes = _latest_notes(task_ids)   # a department's share, not the whole registry's
    roles = _roles_of(department_id, task_ids)
    lines = []
    for row in rows:
        values = (
            row.plan_number or row.plan_title or "",
            f"{row.seq} {row.text}" if row.seq else row.text,
            roles.get(row.id, ""), _deadline_value(row), notes.get(row.id, ""),
            row.status, row.progress, "",
            row.id,
            content_stamp(row.text, row.current_deadline, row.deadline_text, row.recurrence, row.ongoing),
            row.status, row.progress,
        )
        # Room for three lines of 进展情况 at least: the liaison writes there.
        height = max(row_height((None, *values[:STATUS_VISIBLE - 1]), _STATUS_WIDTHS), 3 * LINE_HEIGHT + 4)
        lines.append(SheetLine(values, row.state == OVERDUE, height))
    return StatusSheetContent(department_id, resolver.names[department_id], as_of, lines)


def _lay_out_status_sheet(worksheet: TypedSheet, first: int, end: int) -> None:
    """Widths, hidden columns, frozen header, validation, protection and print set-up (rows ``first``..``end``)."""
    for index, column in enumerate(STATUS_COLUMNS, 1):
        letter = get_column_letter(index)
        worksheet.column_dimensions[letter].width = column.width
        worksheet.column_dimensions[letter].hidden = column.title in STATUS_HIDDEN
    worksheet.freeze_panes = f"A{first}"
    _page_setup(worksheet, f"{STATUS_HEADER_ROW}:{STATUS_HEADER_ROW}")
    worksheet.print_area = f"A1:{get_column_letter(STATUS_VISIBLE)}{end}"

    status_letter, progress_letter = (get_column_letter(STATUS_VISIBLE - 2), get_column_letter(STATUS_VISIBLE - 1))
    status_rule = DataValidation(type="list", formula1='"' + ",".join(STATUSES) + '"', allow_blank=True,
                                 showErrorMessage=True, errorTitle="状态",
                                 error=f"请从 {'、'.join(STATUSES)} 中选择")
    progress_rule = DataValidation(type="whole", operator="between", formula1="0", formula2="100",
                                   allow_blank=True, showErrorMessage=True, errorTitle="进度",
                                   error="请填写 0 到 100 之间的整数")
    status_rule.add(f"{status_letter}{first}:{status_letter}{end}")
    progress_rule.add(f"{progress_letter}{first}:{progress_letter}{end}")
    worksheet.data_validations.append(status_rule)    # add_data_validation() is not on write-only sheets
    worksheet.data_validations.append(progress_rule)

    # Locked task columns keep the liaison from editing them by accident; no
    # password, so the office can still correct a sheet by hand.
    worksheet.protection.sheet = True
    worksheet.protection.formatColumns = False
    worksheet.protection.formatRows = False


def _roles_of(department_id: int, task_ids: list[int]) -> dict[int, str]:
    """Per task, the department's roles in it (牵头、责任…)."""
    roles: dict[int, list[str]] = {}
    for task_id, role in db.execute_sql(
            "SELECT task_id, role FROM assignment WHERE department_id = ? ORDER BY task_id, role",
            (department_id,)):
        roles.setdefault(task_id, []).append(role)
    order = list(ROLE_NAMES)
    return {task_id: "、".join(ROLE_NAMES[role] for role in sorted(set(found), key=order.index))
            for task_id, found in roles.items()}
