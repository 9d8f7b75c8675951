"""Round trip of a status sheet: export for one department, edit in "Excel" (openpyxl), import back."""
from __future__ import annotations

import re
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from models.paper import ledger_updates
from models.paper.ledger import SheetFileError, export_ledger, export_status_sheet
from models.paper.ledger_updates import (
    CHANGED,
    CONFLICT,
    DUPLICATE,
    INVALID,
    UNKNOWN_TASK,
    WITHDRAWN,
    import_status_sheet,
)
from models.supervision.queries import task_history, task_rows
from models.upkeep.importing import store_extracted
from models.registry.schema import AuditEntry, Department, SheetReceipt, StatusUpdate
from models.supervision.updates import record_status_update
from tests.models.builders import extracted, plan, task

DEPT = "县水利局"
FIRST_ROW = 4      # title, instructions, header above


def water_plan(texts: tuple[str, ...] = ("建设供水工程。", "完成河道清淤。", "新建提灌站2座。",
                                         "治理水土流失5平方公里。", "开展节水宣传。")) -> None:
    tasks = [task(text, seq=f"{number}.", responsible=(DEPT,), due=date(2023, 12, 31))
             for number, text in enumerate(texts, 1)]
    store_extracted(extracted([plan("平政发〔2023〕1号", "某县水利工作方案", tasks)], salt="|".join(texts)))


def export(tmp_path: Path, name: str = "水利局.xlsx", **options: object) -> Path:
    return export_status_sheet(tmp_path / name, DEPT, **options).path


def edit(path: Path, changes: dict[tuple[int, str], object], target: Path | None = None) -> Path:
    """Change cells by (row, header label), as a liaison would in Excel."""
    book = load_workbook(path)
    sheet = book.worksheets[0]
    header = {cell.value: cell.column for cell in sheet[3]}
    for (row, label), value in changes.items():
        sheet.cell(row, header[label], value)
    target = target or path
    book.save(target)
    return target


def ids() -> list[int]:
    return [row.id for row in task_rows(department=DEPT)]


def test_three_changed_rows_become_three_updates_once(registry: Path, tmp_path: Path) -> None:
    water_plan()
    sheet = edit(export(tmp_path), {
        (FIRST_ROW, "状态"): "推进中", (FIRST_ROW, "进度"): 30,
        (FIRST_ROW + 1, "进展情况"): "已完成清淤3公里",
        (FIRST_ROW + 3, "状态"): "已完成", (FIRST_ROW + 3, "进度"): 100, (FIRST_ROW + 3, "进展情况"): "已验收",
    })
    result = import_status_sheet(sheet, who="李四")
    assert [(row.row, row.status, row.progress, row.note) for row in result.applied] == [
        (4, "推进中", 30, ""), (5, "未开始", 0, "已完成清淤3公里"), (7, "已完成", 100, "已验收")]
    assert result.unchanged == 2 and result.problems == [] and result.department == DEPT
    updates = list(StatusUpdate.select().order_by(StatusUpdate.id))
    assert len(updates) == 3
    assert {update.department.name for update in updates} == {DEPT}
    assert [update.note for update in updates] == ["", "已完成清淤3公里", "已验收"]
    assert {update.who for update in updates} == {"李四"}
    task_ids = ids()
    assert [entry.note for entry in task_history(task_ids[3])] == ["已验收"]
    assert task_rows(department=DEPT)[3].status == "已完成"

    again = import_status_sheet(sheet)
    assert again.applied == [] and again.already_applied == 3 and again.problems == []
    assert StatusUpdate.select().count() == 3 and SheetReceipt.select().count() == 3


def test_a_row_changed_again_in_the_same_file_is_applied(registry: Path, tmp_path: Path) -> None:
    water_plan()
    sheet = edit(export(tmp_path), {(FIRST_ROW, "状态"): "推进中", (FIRST_ROW, "进度"): 30})
    import_status_sheet(sheet)
    edit(sheet, {(FIRST_ROW, "进度"): 60, (FIRST_ROW, "进展情况"): "主体完工"})
    result = import_status_sheet(sheet)
    assert [(row.progress, row.note) for row in result.applied] == [(60, "主体完工")]
    assert [entry.progress for entry in task_history(ids()[0])] == [30, 60]


def test_unknown_task_id_is_reported(registry: Path, tmp_path: Path) -> None:
    water_plan()
    sheet = edit(export(tmp_path), {(FIRST_ROW + 2, "任务编号（勿改）"): 99999,
                                    (FIRST_ROW + 2, "进展情况"): "无法对应",
                                    (FIRST_ROW + 4, "任务编号（勿改）"): "乱填"})
    result = import_status_sheet(sheet)
    assert [(problem.row, problem.task_id, problem.kind) for problem in result.problems] == [
        (6, 99999, UNKNOWN_TASK), (8, None, UNKNOWN_TASK)]
    assert "99999" in str(result.problems[0]) and "第 6 行" in str(result.problems[0])
    assert result.applied == [] and StatusUpdate.select().count() == 0


def test_task_changed_by_reimport_is_reported_not_applied(registry: Path, tmp_path: Path) -> None:
    water_plan()
    sheet = edit(export(tmp_path), {(FIRST_ROW, "进展情况"): "已开工", (FIRST_ROW + 1, "进展情况"): "清淤中"})
    water_plan(("建设供水工程（扩大规模）。", "完成河道清淤。", "新建提灌站2座。", "治理水土流失5平方公里。",
                "开展节水宣传。"))
    result = import_status_sheet(sheet)
    assert [(problem.row, problem.kind) for problem in result.problems] == [(FIRST_ROW, CHANGED)]
    assert [row.row for row in result.applied] == [FIRST_ROW + 1]
    assert task_history(ids()[0]) == []


def test_withdrawn_and_deleted_tasks_are_reported(registry: Path, tmp_path: Path) -> None:
    water_plan()
    record_status_update(ids()[0], "推进中", 10)                # history: re-import withdraws it
    sheet = edit(export(tmp_path), {(FIRST_ROW, "进展情况"): "继续推进", (FIRST_ROW + 1, "进展情况"): "清淤中"})
    water_plan(("新建提灌站2座。", "治理水土流失5平方公里。", "开展节水宣传。"))
    result = import_status_sheet(sheet)
    assert [(problem.row, problem.kind) for problem in result.problems] == [
        (FIRST_ROW, WITHDRAWN), (FIRST_ROW + 1, UNKNOWN_TASK)]     # no history: deleted
    assert result.applied == []


def test_bad_values_are_reported_with_row_numbers(registry: Path, tmp_path: Path) -> None:
    water_plan()
    sheet = edit(export(tmp_path), {
        (FIRST_ROW, "状态"): "完成了",
        (FIRST_ROW + 1, "进度"): 150,
        (FIRST_ROW + 2, "进度"): "大约一半",
        (FIRST_ROW + 3, "进度"): "80%",            # typed as text with a percent sign: accepted
        (FIRST_ROW + 4, "进度"): 45.0,             # a float from a copy-paste: accepted
    })
    result = import_status_sheet(sheet)
    assert [(problem.row, problem.kind) for problem in result.problems] == [
        (4, INVALID), (5, INVALID), (6, INVALID)]
    assert {row.status for row in result.applied} == {"推进中"}      # progress beside the exported 未开始
    assert "完成了" in str(result.problems[0]) and "150" in str(result.problems[1])
    assert [(row.row, row.progress) for row in result.applied] == [(7, 80), (8, 45)]


def test_status_and_progress_that_disagree_are_reported(registry: Path, tmp_path: Path) -> None:
    """Issue 12 §17: 未开始 is 0 % and 已完成 is 100 %, on a sheet as in the window."""
    water_plan()
    record_status_update(ids()[0], "推进中", 30)
    sheet = edit(export(tmp_path), {(FIRST_ROW, "状态"): "未开始", (FIRST_ROW, "进度"): 20,
                                    (FIRST_ROW + 1, "状态"): "已完成", (FIRST_ROW + 1, "进度"): 90})
    result = import_status_sheet(sheet)
    assert [(problem.row, problem.kind) for problem in result.problems] == [(4, INVALID), (5, INVALID)]
    assert "0%" in str(result.problems[0]) and "100%" in str(result.problems[1]) and result.applied == []


def test_duplicated_row_is_reported(registry: Path, tmp_path: Path) -> None:
    water_plan()
    first = ids()[0]
    sheet = edit(export(tmp_path), {(FIRST_ROW, "进展情况"): "甲", (FIRST_ROW + 1, "任务编号（勿改）"): first,
                                    (FIRST_ROW + 1, "进展情况"): "乙"})
    result = import_status_sheet(sheet)
    assert [(problem.row, problem.kind) for problem in result.problems] == [(FIRST_ROW + 1, DUPLICATE)]
    assert [row.note for row in result.applied] == ["甲"]


def test_older_sheet_than_a_later_report_of_the_same_department(registry: Path, tmp_path: Path) -> None:
    water_plan()
    past = datetime.now() - timedelta(days=3)
    sheet = edit(export_status_sheet(tmp_path / "old.xlsx", DEPT, clock=lambda: past).path,
                 {(FIRST_ROW, "进度"): 20, (FIRST_ROW + 1, "进度"): 20})
    record_status_update(ids()[0], "推进中", 50, note="电话报送", department=DEPT)
    record_status_update(ids()[1], "推进中", 50, note="牵头单位报送")      # another department or the office
    result = import_status_sheet(sheet)
    assert [(problem.row, problem.kind) for problem in result.problems] == [(FIRST_ROW, CONFLICT)]
    assert [row.row for row in result.applied] == [FIRST_ROW + 1]


def test_one_transaction_per_sheet(registry: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    water_plan()
    sheet = edit(export(tmp_path), {(FIRST_ROW, "进展情况"): "甲", (FIRST_ROW + 1, "进展情况"): "乙"})
    real = ledger_updates.write_update
    calls: list[int] = []

    def failing_second(*args: object, **kwargs: object) -> StatusUpdate:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("bug on the second row")
        return real(*args, **kwargs)

    monkeypatch.setattr(ledger_updates, "write_update", failing_second)
    with pytest.raises(RuntimeError):
        import_status_sheet(sheet)
    assert StatusUpdate.select().count() == 0 and SheetReceipt.select().count() == 0
    assert not AuditEntry.select().where(AuditEntry.action == "status_update").exists()   # rolled back too


def test_files_that_are_not_status_sheets(registry: Path, tmp_path: Path) -> None:
    water_plan()
    text = tmp_path / "notes.xlsx"
    text.write_text("不是表格", encoding="utf-8")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(export(tmp_path).read_bytes()[:2000])
    other = tmp_path / "other.xlsx"
    Workbook().save(other)
    ledger = export_ledger(tmp_path / "ledger.xlsx").path
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0" * 100)
    for path in (text, broken, other, ledger, old, tmp_path / "missing.xlsx"):
        with pytest.raises(SheetFileError) as caught:
            import_status_sheet(path)
        assert str(path) in str(caught.value) and "\n" not in str(caught.value)
    assert StatusUpdate.select().count() == 0


def test_sheet_whose_header_lost_a_column(registry: Path, tmp_path: Path) -> None:
    water_plan()
    sheet = edit(export(tmp_path), {(3, "进展情况"): "备注"})
    with pytest.raises(SheetFileError, match="进展情况"):
        import_status_sheet(sheet)


def raw_cell(path: Path, row: int, label: str, cell_xml: str) -> Path:
    """Put ``cell_xml`` (``t="…"`` attributes and the cell's children) at (row, label) of the data sheet,
    as a hand-edited or hostile file could: NaN, INF, a formula with the value Excel cached."""
    book = load_workbook(path)
    column = next(cell.column_letter for cell in book.worksheets[0][3] if cell.value == label)
    reference = f"{column}{row}"
    member = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    xml, found = re.subn(rf'<c r="{reference}"[^>]*?(?:/>|>.*?</c>)'.encode(),
                         f'<c r="{reference}" {cell_xml}</c>'.encode(), parts[member], count=1)
    assert found == 1, reference
    parts[member] = xml
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


# Cells a sheet may come back with in 任务编号 or 进度: each must be a reported row, never a traceback.
HOSTILE_CELLS = {
    "huge": 't="n"><v>1e+21</v>',
    "huge formula": '><f>10^21</f><v>1E+21</v>',
    "formula without a value": '><f>A1*2</f><v></v>',
    "inf": 't="n"><v>1e999</v>',             # float() of it: openpyxl refuses a literal NaN or INF outright
    "minus inf": 't="n"><v>-1e999</v>',
    "negative": 't="n"><v>-3</v>',
    "fraction": 't="n"><v>2.5</v>',
    "date": 's="0" t="d"><v>2023-11-06T00:00:00</v>',
    "error": 't="e"><v>#NUM!</v>',
    "text": 't="inlineStr"><is><t>第三项</t></is>',
    "digits beyond bigint": 't="inlineStr"><is><t>99999999999999999999999</t></is>',
    "superscript digit": 't="inlineStr"><is><t>²</t></is>',
    "five thousand digits": f't="inlineStr"><is><t>{"9" * 5000}</t></is>',
}


@pytest.mark.parametrize("cell", HOSTILE_CELLS.values(), ids=HOSTILE_CELLS.keys())
def test_a_hostile_task_id_is_a_reported_row(registry: Path, tmp_path: Path, cell: str) -> None:
    water_plan()
    sheet = raw_cell(edit(export(tmp_path), {(FIRST_ROW, "进展情况"): "甲", (FIRST_ROW + 1, "进展情况"): "乙"}),
                     FIRST_ROW, "任务编号（勿改）", cell)
    result = import_status_sheet(sheet)
    assert [(problem.row, problem.task_id, problem.kind) for problem in result.problems] == [
        (FIRST_ROW, None, UNKNOWN_TASK)]
    assert "\n" not in str(result.problems[0]) and "未导入" in str(result.problems[0])
    assert [(row.row, row.note) for row in result.applied] == [(FIRST_ROW + 1, "乙")]   # the rest of the sheet


@pytest.mark.parametrize("cell", [cell for name, cell in HOSTILE_CELLS.items() if name != "formula without a value"],
                         ids=[name for name in HOSTILE_CELLS if name != "formula without a value"])
def test_a_hostile_progress_is_a_reported_row(registry: Path, tmp_path: Path, cell: str) -> None:
    water_plan()
    sheet = raw_cell(edit(export(tmp_path), {(FIRST_ROW + 1, "进展情况"): "乙"}), FIRST_ROW, "进度", cell)
    result = import_status_sheet(sheet)
    assert [(problem.row, problem.kind) for problem in result.problems] == [(FIRST_ROW, INVALID)]
    assert [row.row for row in result.applied] == [FIRST_ROW + 1]


@pytest.mark.parametrize("value", [1e21, -3.0, 2.5, "某单位"])
def test_a_hostile_department_id_in_the_metadata_is_a_damaged_sheet(registry: Path, tmp_path: Path,
                                                                     value: object) -> None:
    water_plan()
    path = export(tmp_path)
    book = load_workbook(path)
    meta = book["_duban"]
    for row in meta.iter_rows(min_col=1, max_col=2):
        if row[0].value == "department_id":
            row[1].value = value
    book.save(path)
    with pytest.raises(SheetFileError, match="导出信息已损坏") as caught:
        import_status_sheet(path)
    assert "\n" not in str(caught.value)
    assert StatusUpdate.select().count() == 0


UNUSABLE_CELLS = [float("nan"), float("inf"), -float("inf"), 1e21, 2 ** 63, -3, 2.5, True, date(2023, 11, 6),
                  datetime(2023, 11, 6, 8), "1e21", "²", "9" * 5000, "-3"]


@pytest.mark.parametrize("value", UNUSABLE_CELLS + [0, "１２"])
def test_an_id_is_a_positive_integer_written_in_ascii(value: object) -> None:
    """What openpyxl can hand over for a cell, NaN included, which no file above can carry."""
    assert ledger_updates._registry_id(value) is None
    assert ledger_updates._registry_id(" 12 ") == ledger_updates._registry_id(12.0) == 12


@pytest.mark.parametrize("value", UNUSABLE_CELLS + [101, "101%"])
def test_a_progress_is_a_whole_percentage(value: object) -> None:
    with pytest.raises(ValueError):
        ledger_updates._progress(value)
    assert [ledger_updates._progress(given) for given in (0, 40.0, " 40 ", "40%", "４０％")] == [0, 40, 40, 40, 40]


def test_another_countys_sheet_of_a_shared_name_is_that_countys(registry: Path, tmp_path: Path) -> None:
    """平顺's and 偏关's 县水利局 share a name: 偏关's sheet, imported by the office, reports 偏关's tasks
    under 偏关's department, not as rows of 平顺's that it has no role in (issue 12 §9)."""
    water_plan()                                                  # 平顺县, the registry's county
    store_extracted(extracted([plan("偏政发〔2023〕2号", "偏关县水利工作方案",
                                    [task("修复淤地坝。", seq="1.", responsible=(DEPT,), due=date(2023, 12, 31))],
                                    issuer="偏关县人民政府办公室")], source="pianguan.txt"))
    pianguan = next(department for department in Department.select().where(Department.name == DEPT)
                    if department.county == "偏关县")
    path = export_status_sheet(tmp_path / "偏关水利局.xlsx", pianguan.id).path
    sheet = edit(path, {(FIRST_ROW, "进展情况"): "淤地坝已完工"})
    result = import_status_sheet(sheet)
    assert result.problems == [] and [row.note for row in result.applied] == ["淤地坝已完工"]
    update = StatusUpdate.get()
    assert update.department_id == pianguan.id and update.task.plan.number == "偏政发〔2023〕2号"
