"""The Excel ledger (台账): rows per department, styles, print set-up, sheet titles."""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from models.paper.ledger import (
    DATE_FORMAT,
    LEDGER_COLUMNS,
    OVERDUE_FILL,
    SheetFileError,
    content_stamp,
    export_ledger,
    export_status_sheet,
    row_height,
    sheet_titles,
)
from models.supervision.queries import task_rows
from models.upkeep.importing import store_extracted
from models.supervision.updates import record_status_update
from tests.models.builders import extracted, plan, task

AS_OF = date(2023, 11, 30)


def store_plans() -> None:
    """Two plans; 县水利局 has three tasks (one overdue on AS_OF), 县住建局 two, one task has no unit."""
    first = plan("平政发〔2023〕1号", "某县水利工作方案", [
        task("新建污水管网10公里。", seq="1.", lead=("县住建局",), responsible=("县水利局",), due=date(2023, 6, 30)),
        task("完成河道清淤。", seq="2.", responsible=("县水利局",), due=date(2023, 12, 31)),
        task("长期坚持河长制巡河。", seq="3.", responsible=("县水利局",), ongoing=True, deadline_text="长期坚持"),
    ])
    second = plan("平政发〔2023〕2号", "某县城建工作方案", [
        task("改造老旧小区12个。", seq="1.", responsible=("县住建局",), due=date(2023, 10, 31)),
        task("做好宣传工作。", seq="2.", due=date(2024, 3, 31)),
    ], source="second.txt")
    store_extracted(extracted([first, second]))


def data_rows(sheet: Worksheet) -> list[tuple[object, ...]]:
    return [row for row in sheet.iter_rows(min_row=3, values_only=True)]


def test_one_sheet_per_department_with_the_right_rows(registry: Path, tmp_path: Path) -> None:
    store_plans()
    summary = export_ledger(tmp_path / "台账.xlsx", as_of=AS_OF)
    book = load_workbook(summary.path)
    # Busiest first; the task without a unit gets a sheet of its own.
    assert book.sheetnames == ["县水利局", "县住房和城乡建设局", "未明确单位"]
    assert dict(summary.sheets) == {"县水利局": 3, "县住房和城乡建设局": 2, "未明确单位": 1}
    water = book["县水利局"]
    assert [cell.value for cell in water[2]] == [column.title for column in LEDGER_COLUMNS]
    rows = data_rows(water)
    assert [row[0] for row in rows] == [1, 2, 3]
    assert [row[2] for row in rows] == ["1. 新建污水管网10公里。", "2. 完成河道清淤。", "3. 长期坚持河长制巡河。"]
    assert rows[0][1] == "平政发〔2023〕1号"
    assert rows[0][3:6] == ("县住房和城乡建设局", "县水利局", None)
    assert rows[0][6] == datetime(2023, 6, 30)            # a real date, shown the Chinese way
    assert rows[2][6] == "长期坚持"
    assert [row[11] for row in rows] == ["是", "否", "否"]
    assert "截至2023年11月30日" in water["A1"].value and "逾期 1 项" in water["A1"].value


def test_header_frozen_overdue_filled_and_printable(registry: Path, tmp_path: Path) -> None:
    store_plans()
    book = load_workbook(export_ledger(tmp_path / "l.xlsx", as_of=AS_OF).path)
    sheet = book["县水利局"]
    assert sheet.freeze_panes == "A3"
    assert sheet.print_title_rows == "$2:$2"
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == int(Worksheet.PAPERSIZE_A4)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    overdue, fine = sheet[3], sheet[4]
    assert all(cell.fill.fgColor.rgb.endswith(OVERDUE_FILL) for cell in overdue)
    assert not any(cell.fill.fgColor.rgb.endswith(OVERDUE_FILL) for cell in fine)
    assert overdue[6].number_format == DATE_FORMAT
    assert overdue[2].alignment.wrap_text
    assert sheet.column_dimensions["C"].width == 48
    assert sheet.row_dimensions[3].height >= 18


def test_one_sheet_department_and_plan_filters(registry: Path, tmp_path: Path) -> None:
    store_plans()
    everything = load_workbook(export_ledger(tmp_path / "a.xlsx", one_sheet=True, as_of=AS_OF).path)
    assert everything.sheetnames == ["全部任务"] and len(data_rows(everything["全部任务"])) == 5
    by_alias = load_workbook(export_ledger(tmp_path / "b.xlsx", department="县住房和城乡建设局", as_of=AS_OF).path)
    assert by_alias.sheetnames == ["县住房和城乡建设局"] and len(data_rows(by_alias.active)) == 2
    one_plan = export_ledger(tmp_path / "c.xlsx", plan="平政发〔2023〕2号", as_of=AS_OF)
    assert dict(one_plan.sheets) == {"县住房和城乡建设局": 1, "未明确单位": 1}
    with pytest.raises(LookupError):
        export_ledger(tmp_path / "d.xlsx", department="不存在的局")
    with pytest.raises(LookupError):
        export_ledger(tmp_path / "d.xlsx", plan="平政发〔2099〕9号")


def test_latest_note_and_update_time(registry: Path, tmp_path: Path) -> None:
    store_plans()
    first = task_rows()[0].id
    record_status_update(first, "推进中", 40, note="管网已开工")
    record_status_update(first, "推进中", 50)               # no note: the last note stays the latest progress
    row = data_rows(load_workbook(export_ledger(tmp_path / "l.xlsx", as_of=AS_OF).path)["县水利局"])[0]
    assert row[7:10] == ("推进中", 50, "管网已开工")
    assert row[10].date() == date.today()


def test_empty_registry_still_has_a_header(registry: Path, tmp_path: Path) -> None:
    book = load_workbook(export_ledger(tmp_path / "empty.xlsx").path)
    assert book.sheetnames == ["全部任务"]
    assert book.active["A2"].value == "序号"


def test_unwritable_targets_are_sheet_file_errors(registry: Path, tmp_path: Path) -> None:
    with pytest.raises(SheetFileError, match="xlsx"):
        export_ledger(tmp_path / "ledger.xls")
    (tmp_path / "folder.xlsx").mkdir()
    with pytest.raises(SheetFileError) as caught:
        export_ledger(tmp_path / "folder.xlsx")
    assert str(tmp_path / "folder.xlsx") in str(caught.value)
    left = sorted(path.name for path in tmp_path.iterdir() if path.name != "registry")
    assert left == ["folder.xlsx"]   # no temporary left


def test_status_sheet_is_protected_validated_and_carries_its_metadata(registry: Path, tmp_path: Path) -> None:
    store_plans()
    summary = export_status_sheet(tmp_path / "水利局.xlsx", "县水利局", as_of=AS_OF)
    book = load_workbook(summary.path)
    assert book.sheetnames == ["县水利局", "_duban"] and book["_duban"].sheet_state == "veryHidden"
    meta = {key: value for key, value in book["_duban"].iter_rows(values_only=True)}
    assert meta["format"] == "duban-status-sheet" and meta["department"] == "县水利局" and meta["tasks"] == 3
    sheet = book["县水利局"]
    assert "县水利局" in sheet["A1"].value and "导出日期" in sheet["A2"].value
    assert sheet.freeze_panes == "A4" and sheet.print_title_rows == "$3:$3"
    assert sheet.protection.sheet
    header = [cell.value for cell in sheet[3]]
    status, progress, note, ident = (header.index(name) for name in ("状态", "进度", "进展情况", "任务编号（勿改）"))
    row = sheet[4]
    assert not row[status].protection.locked and not row[note].protection.locked
    assert row[2].protection.locked
    assert all(sheet.column_dimensions[letter].hidden for letter in "JKLM")
    rules = {rule.type: str(rule.sqref) for rule in sheet.data_validations.dataValidation}
    assert rules == {"list": "G4:G6", "whole": "H4:H6"}
    first = task_rows(department="县水利局")[0]
    assert row[ident].value == first.id
    assert row[ident + 1].value == content_stamp(first.text, first.current_deadline, first.deadline_text,
                                                 first.recurrence, first.ongoing)


def test_sheet_titles_are_valid_and_unique() -> None:
    long = "县" * 40
    titles = sheet_titles(["县水利局", "a/b:c", long, long, "History", "ABC", "abc", "'quoted'"])
    assert titles[:2] == ["县水利局", "a_b_c"]
    assert titles[2] == "县" * 31 and titles[3] == "县" * 28 + "(2)"
    assert titles[4] == "History_"
    assert titles[5:7] == ["ABC", "abc(2)"]            # Excel compares titles without case
    assert titles[7] == "quoted"
    assert all(len(title) <= 31 for title in titles)


def test_row_height_follows_the_wrapped_text() -> None:
    one = row_height(["短"], [20])
    three = row_height(["字" * 25], [20])      # 50 units in a column that holds about 18
    assert one == 18 and three > 2 * one
