"""PDF reading through pdfium: what pdfplumber gave the reader, kept.

The PDFs are made here with Qt from plan texts (office_documents.py) and
then reshaped with pypdf the way other writers shape pages: turned by
/Rotate, drawn through a form XObject. Each must read as the plain PDF does.
"""
from pathlib import Path

import pypdf
import pytest
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from importers.errors import ImportFileError
from importers.pdf_page import Edge
from importers.pdf_reader import pdf_text
from importers.pdf_tables import find_tables
from importers.pipeline import extract_file
from importers.reading import read_source

from .office_documents import blocks_of, plan_text, write_pdf
from .test_office_formats import tasks_of

DATA = Path(__file__).parent / "data" / "pdf"


def _units_plan(folder: Path) -> Path:
    text = (DATA / "units_spaced_in_cells.txt").read_text(encoding="utf-8")
    (folder / "plan.txt").write_text(text, encoding="utf-8")
    return write_pdf(blocks_of(text), folder / "plan.pdf", point_size=9)


def test_a_space_between_units_in_a_small_cell_still_parts_them(tmp_path, qapp):
    # At 9 pt Qt's space is 2.7 pt wide, under the 3 pt that parts words, and
    # pdfium's text page leaves out a text object of nothing but a space:
    # without the blank glyph the two units would read as one name.
    path = _units_plan(tmp_path)
    assert "\t县住建局 县财政局\t" in read_source(path).text
    assert tasks_of(path) == tasks_of(tmp_path / "plan.txt")
    assert extract_file(path).tasks[1].responsible == ("县水利局", "县农业农村局", "各乡镇")


def test_a_unit_name_wrapped_by_its_cell_stays_one_name(tmp_path, qapp):
    # 县财政局、县市场监管局 in a narrow 协办单位 cell wraps as 县财政局、县市场 / 监管局: the wrap
    # falls inside a name (县市场 is no whole one), so no 、 goes in; whole names on lines of their
    # own still get one.
    text = (DATA / "unit_name_wrapped_in_a_cell.txt").read_text(encoding="utf-8")
    (tmp_path / "plan.txt").write_text(text, encoding="utf-8")
    path = write_pdf(blocks_of(text), tmp_path / "plan.pdf")
    assert "\t县财政局、县市场监管局\t" in read_source(path).text
    assert tasks_of(path) == tasks_of(tmp_path / "plan.txt")
    assert extract_file(path).tasks[1].cooperating == ("县财政局", "县市场监管局")


def _turned(source: Path, path: Path) -> Path:
    """The same pages drawn a quarter turn round and shown upright by /Rotate 90."""
    writer = pypdf.PdfWriter(clone_from=source)
    for page in writer.pages:
        page.rotate(-90)
        page.transfer_rotation_to_content()
        page.rotate(90)
    writer.write(path)
    return path


def _through_a_form(source: Path, path: Path) -> Path:
    """Each page's content moved into a form XObject that the page draws, shifted 5 pt."""
    writer = pypdf.PdfWriter(clone_from=source)
    for page in writer.pages:
        form = DecodedStreamObject()
        form.set_data(page.get_contents().get_data())
        form.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
                     NameObject("/BBox"): page.mediabox, NameObject("/Resources"): page["/Resources"]})
        reference = writer._add_object(form)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/XObject"): DictionaryObject({NameObject("/Fm0"): reference})})
        content = DecodedStreamObject()
        content.set_data(b"q 1 0 0 1 5 0 cm /Fm0 Do Q")
        page[NameObject("/Contents")] = writer._add_object(content)
    writer.write(path)
    return path


@pytest.mark.parametrize("reshape", [_turned, _through_a_form], ids=["rotate-90", "form-xobject"])
def test_reshaped_pages_read_as_the_plain_pdf(reshape, tmp_path, qapp):
    table = _units_plan(tmp_path)
    prose = write_pdf(blocks_of(plan_text("000", "平政办发〔2023〕4号")), tmp_path / "prose.pdf")
    for plain in (table, prose):
        reshaped = reshape(plain, tmp_path / f"{reshape.__name__}_{plain.name}")
        assert pdf_text(reshaped.read_bytes(), reshaped) == pdf_text(plain.read_bytes(), plain)


def test_pdf_without_pages_says_so(tmp_path):
    path = tmp_path / "empty.pdf"
    pypdf.PdfWriter().write(path)
    with pytest.raises(ImportFileError) as caught:
        extract_file(path)
    assert str(path) in str(caught.value) and "没有页面" in str(caught.value)


def _grid(xs: list[float], ys: list[float]) -> list[Edge]:
    return ([Edge("h", y, xs[0], xs[-1]) for y in ys] + [Edge("v", x, ys[0], ys[-1]) for x in xs])


def test_ruled_cells_rows_and_merged_slots():
    # Three columns, three rows; the first column's last two cells are one (no rule between).
    edges = _grid([10, 50, 200, 300], [10, 30]) + [
        Edge("h", 60, 50, 300), Edge("h", 90, 10, 300),
        Edge("v", 10, 30, 90), Edge("v", 50, 30, 90), Edge("v", 200, 30, 90), Edge("v", 300, 30, 90)]
    # A rule drawn twice 0.7 pt apart (a thin filled bar) is one line.
    edges += [Edge("h", 90.7, 10, 300)]
    [table] = find_tables(edges, page_height=842)
    assert table.bbox[0] == 10 and table.bbox[2] == 300
    assert [[cell is not None for cell in row] for row in table.rows] == [
        [True, True, True], [True, True, True], [False, True, True]]
    # Outside the page: a copy of a row drawn past the page's bottom is no table.
    assert find_tables(edges, page_height=40) == []
