"""Word and PDF plans read as text: the same tasks as from the text they were made of.

The documents are built here from seed plans (office_documents.py), so no
binary fixture is committed.
"""
import hashlib
import io
import re
import zipfile

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from importers.docx_reader import chinese_numeral
from importers.errors import ImportFileError
from importers.pipeline import extract_file
from importers.reading import read_source

from .office_documents import (SEEDS, blocks_of, fake_soffice, plan_text, write_docx, write_pdf, write_scanned_pdf,
                               write_two_column_pdf)

# Plans of different shapes: labelled parentheses and hard-wrapped lines
# (平政办发4号); an assigning-heading list (偏政办发18号, 217 tasks); a tab
# table with continuation rows and a repeated header (偏政发1号's 附件); a
# 20-column table with empty cells and totals (偏政发3号), printed landscape.
PLANS = [("000", "平政办发〔2023〕4号"), ("004", "偏政办发〔2023〕18号"),
         ("004", "偏政发〔2023〕1号"), ("004", "偏政发〔2023〕3号")]
LANDSCAPE = {"偏政发〔2023〕3号"}


def key(task):
    return (re.sub(r"\s+", "", task.text), task.lead, task.responsible, task.cooperating,
            task.deadline.due, task.deadline.text and re.sub(r"\s+", "", task.deadline.text))


def tasks_of(path):
    return [key(task) for task in extract_file(path).tasks]


@pytest.fixture(scope="module", params=PLANS, ids=[number for _seed, number in PLANS])
def plan(request, tmp_path_factory):
    seed, number = request.param
    folder = tmp_path_factory.mktemp("plan")
    text = plan_text(seed, number)
    path = folder / "plan.txt"
    path.write_text(text, encoding="utf-8")
    expected = tasks_of(path)
    assert expected, "the plan has tasks to compare"
    return folder, blocks_of(text), expected, number


def test_docx_gives_the_tasks_of_the_text(plan):
    folder, blocks, expected, _number = plan
    path = write_docx(blocks, folder / "plan.docx")
    source = read_source(path)
    assert source.encoding == "docx"
    assert source.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert tasks_of(path) == expected


def test_pdf_gives_the_tasks_of_the_text(plan, qapp):
    folder, blocks, expected, number = plan
    if number in LANDSCAPE:
        path = write_pdf(blocks, folder / "plan.pdf", point_size=9, landscape=True)
    else:
        path = write_pdf(blocks, folder / "plan.pdf")
    assert read_source(path).encoding == "pdf"
    assert tasks_of(path) == expected


def test_format_is_told_by_content_not_name(tmp_path, qapp):
    blocks = blocks_of(plan_text("000", "平政办发〔2023〕4号"))
    pdf = write_pdf(blocks, tmp_path / "plan.pdf")
    word = write_docx(blocks, tmp_path / "plan.docx")
    expected = tasks_of(word)
    renamed_pdf = tmp_path / "really_a_pdf.txt"
    renamed_pdf.write_bytes(pdf.read_bytes())
    renamed_docx = tmp_path / "really_a_docx.doc"
    renamed_docx.write_bytes(word.read_bytes())
    assert read_source(renamed_pdf).encoding == "pdf"
    assert read_source(renamed_docx).encoding == "docx"
    assert tasks_of(renamed_pdf) == tasks_of(pdf) == expected
    assert tasks_of(renamed_docx) == expected


def test_pdf_of_a_whole_seed_is_read_to_its_last_page(tmp_path, qapp):
    """001 is the 326 KB seed: 127 A4 pages. How fast is benchmarks/pdf_bench.py's question (against
    pdftotext in the same run): a time limit here failed on a busy machine (issue 12 §20)."""
    seed = next(SEEDS.glob("001_*.txt"))
    lines = [line.strip() for line in seed.read_text(encoding="utf-8").splitlines() if len(line.strip()) > 8]
    path = write_pdf(blocks_of(seed.read_text(encoding="utf-8")), tmp_path / "gazette.pdf")
    text = re.sub(r"\s+", "", read_source(path).text)
    assert re.sub(r"\s+", "", lines[0]) in text and re.sub(r"\s+", "", lines[-1]) in text


def test_two_column_page_is_read_column_by_column(tmp_path, qapp):
    left = ["1.新建城区污水管网10公里。（责任单位：县住建局；完成时限：2023年6月底前）",
            "2.改造老旧小区5个。（责任单位：县住建局、各乡镇）"] * 6
    right = ["3.建设智慧停车场一处。（牵头单位：县交通局；配合单位：县公安局）",
             "4.完成河道清淤20公里。（责任单位：县水利局；完成时限：2023年底前）"] * 6
    path = write_two_column_pdf("某县2023年城市建设工作方案", left, right, tmp_path / "columns.pdf")
    text = read_source(path).text
    squeezed = re.sub(r"\s+", "", text)
    assert squeezed.startswith("某县2023年城市建设工作方案")
    # Every left paragraph comes before every right one, each in one piece.
    assert squeezed.rindex("改造老旧小区5个") < squeezed.index("建设智慧停车场一处")
    for paragraph in left[:2] + right[:2]:
        assert paragraph in squeezed
    tasks = extract_file(path).tasks
    assert [task.text[:4] for task in tasks] == ["新建城区", "改造老旧"] * 6 + ["建设智慧", "完成河道"] * 6
    assert tasks[-1].responsible == ("县水利局",) and tasks[-1].deadline.due.isoformat() == "2023-12-31"
    assert tasks[-2].lead == ("县交通局",) and tasks[-2].cooperating == ("县公安局",)


def test_one_column_page_is_not_split(tmp_path, qapp):
    blocks = blocks_of(plan_text("004", "偏政办发〔2023〕18号"))
    text = read_source(write_pdf(blocks, tmp_path / "plan.pdf")).text
    assert "（三）县发改局(县粮食局、县能源局)牵头负责的工作".replace("(", "（").replace(")", "）") in \
        text.replace("(", "（").replace(")", "）").replace(" ", "")


def test_scanned_pdf_says_it_is_a_scan(tmp_path, qapp):
    path = write_scanned_pdf("某县2023年工作方案 1.新建公园。（责任单位：县住建局）", tmp_path / "scan.pdf")
    with pytest.raises(ImportFileError) as caught:
        extract_file(path)
    assert str(path) in str(caught.value)
    assert "扫描件" in str(caught.value) and "OCR" in str(caught.value)


def test_encrypted_and_corrupt_pdf(tmp_path, qapp):
    import pypdf

    plain = write_pdf(blocks_of("某县2023年方案\n1.新建公园。（责任单位：县住建局）\n"), tmp_path / "plain.pdf")
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(plain))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    locked = tmp_path / "locked.pdf"
    with locked.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(ImportFileError, match="加密"):
        extract_file(locked)
    # Only an owner password (opens without asking): readable.
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(plain))
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-128")
    open_lock = tmp_path / "owner_only.pdf"
    with open_lock.open("wb") as handle:
        writer.write(handle)
    assert extract_file(open_lock).tasks[0].responsible == ("县住建局",)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(plain.read_bytes()[:400])
    with pytest.raises(ImportFileError) as caught:
        extract_file(broken)
    assert str(broken) in str(caught.value) and "PDF" in str(caught.value)
    garbage = tmp_path / "garbage.pdf"
    garbage.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    with pytest.raises(ImportFileError, match="PDF"):
        extract_file(garbage)


@pytest.mark.parametrize("data", [
    b"this is not a word file at all, just words",
    bytes(range(256)) * 8,
    b"PK\x03\x04" + bytes(range(256)) * 4,
], ids=["text", "garbage", "broken-zip"])
def test_corrupt_docx_names_the_file(tmp_path, data):
    path = tmp_path / "plan.docx"
    path.write_bytes(data)
    with pytest.raises(ImportFileError) as caught:
        extract_file(path)
    assert str(path) in str(caught.value)
    assert "损坏" in str(caught.value)


def test_zip_that_is_not_a_docx_and_a_docx_missing_its_body(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    path = tmp_path / "plan.docx"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(ImportFileError, match="not a .docx"):
        extract_file(path)
    good = tmp_path / "good.docx"
    docx.Document().save(good)
    buffer = io.BytesIO()
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]           # cut mid-XML
            target.writestr(item, data)
    path.write_bytes(buffer.getvalue())
    with pytest.raises(ImportFileError, match="损坏"):
        extract_file(path)


def _ole2_word() -> bytes:
    """The first bytes of an old .doc: the compound-file magic and a WordDocument stream name."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "WordDocument".encode("utf-16-le") + bytes(1000)


def test_doc_without_libreoffice_says_how_to_convert(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    path = tmp_path / "old.doc"
    path.write_bytes(_ole2_word())
    with pytest.raises(ImportFileError) as caught:
        extract_file(path)
    assert str(path) in str(caught.value)
    assert "另存为 .docx" in str(caught.value)


def test_doc_is_converted_by_libreoffice_when_installed(tmp_path, monkeypatch):
    """A stand-in `soffice` that writes a .docx where LibreOffice would."""
    made = tmp_path / "made.docx"
    document = docx.Document()
    document.add_paragraph("某县2023年工作方案")
    document.add_paragraph("1.新建公园。（责任单位：县住建局；完成时限：2023年12月底前）")
    document.save(made)
    bin_dir = fake_soffice(tmp_path, made, "docx")
    monkeypatch.setenv("PATH", str(bin_dir))
    path = tmp_path / "old.doc"
    path.write_bytes(_ole2_word())
    source = read_source(path)
    assert source.encoding == "doc"
    task = extract_file(path).tasks[0]
    assert task.responsible == ("县住建局",) and task.deadline.due.isoformat() == "2023-12-31"


def test_encrypted_docx_and_spreadsheet_are_refused_clearly(tmp_path):
    path = tmp_path / "locked.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptedPackage".encode("utf-16-le"))
    with pytest.raises(ImportFileError, match="加密"):
        extract_file(path)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    sheet = tmp_path / "ledger.docx"
    sheet.write_bytes(buffer.getvalue())
    with pytest.raises(ImportFileError, match="Excel"):
        extract_file(sheet)


# --- Word details: numbering, merged cells, unit lists in cells ----------------

_NUMBERING = """<w:abstractNum {ns} w:abstractNumId="90">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
</w:abstractNum>"""


def _numbered(document, text: str, level: int, num_id: int):
    paragraph = document.add_paragraph(text)
    paragraph._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))
    return paragraph


def test_automatic_numbering_is_rebuilt(tmp_path):
    document = docx.Document()
    numbering = document.part.numbering_part.element
    # abstractNum elements go before the num elements.
    numbering.insert(0, parse_xml(_NUMBERING.format(ns=nsdecls("w"))))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    document.add_paragraph("某县2023年工作方案")
    _numbered(document, "重点任务", 0, 90)
    _numbered(document, "城市建设", 1, 90)
    _numbered(document, "新建公园。（责任单位：县住建局）", 2, 90)
    _numbered(document, "改造道路。（责任单位：县交通局）", 2, 90)
    _numbered(document, "乡村振兴", 1, 90)
    _numbered(document, "修建水渠。（责任单位：县水利局）", 2, 90)
    _numbered(document, "保障措施", 0, 90)
    document.add_paragraph("已编号的列表样式", style="List Number")
    path = tmp_path / "numbered.docx"
    document.save(path)
    lines = read_source(path).text.splitlines()
    assert lines[1:8] == ["一、重点任务", "（一）城市建设", "1.新建公园。（责任单位：县住建局）",
                          "2.改造道路。（责任单位：县交通局）", "（二）乡村振兴",
                          "1.修建水渠。（责任单位：县水利局）", "二、保障措施"]
    assert lines[8] == "1.已编号的列表样式"
    tasks = extract_file(path).tasks
    assert [task.seq for task in tasks] == ["一/（一）/1", "一/（一）/2", "一/（二）/1"]


def test_chinese_numerals():
    assert [chinese_numeral(n) for n in (1, 10, 11, 20, 21, 99, 100, 105, 110)] == \
        ["一", "十", "十一", "二十", "二十一", "九十九", "一百", "一百零五", "一百一十"]


def _table_document(tmp_path, rows, merges=(), spans=()):
    document = docx.Document()
    document.add_paragraph("某县2023年重点工作任务分解")
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, list):                 # one paragraph per item
                cell = table.cell(r, c)
                cell.text = value[0]
                for item in value[1:]:
                    cell.add_paragraph(item)
            else:
                table.cell(r, c).text = value
    for (r1, c1), (r2, c2) in [*merges, *spans]:
        table.cell(r1, c1).merge(table.cell(r2, c2))
    document.add_paragraph("附件：无")
    path = tmp_path / "table.docx"
    document.save(path)
    return path


def test_table_cells_merges_and_unit_paragraphs(tmp_path):
    rows = [
        ["序号", "工作任务", "牵头单位", "配合单位", "完成时限"],
        ["1", "新建公园", "县住建局", ["县财政局", "县自然资源局"], "6月底前"],
        ["2", "改造道路", "县交通局", "", "12月底前"],      # 牵头 and 时限 merged down from row 2
        ["3", "整治河道", "", "县水利局", ""],
        ["", "清理河道两岸垃圾", "县环卫中心", "", "9月底前"],  # continuation row: 序号 merged from 3
        ["一、其他", "", "", "", ""],                          # a section row spanning the table
    ]
    path = _table_document(tmp_path, rows, merges=[((2, 2), (3, 2)), ((2, 4), (3, 4)), ((3, 0), (4, 0))],
                           spans=[((5, 0), (5, 4))])
    lines = read_source(path).text.splitlines()
    assert lines[1] == "序号\t工作任务\t牵头单位\t配合单位\t完成时限"
    assert lines[2] == "1\t新建公园\t县住建局\t县财政局、县自然资源局\t6月底前"
    # A merged unit or deadline cell repeats; a merged 序号 stays empty (a continuation row).
    assert lines[4] == "3\t整治河道\t县交通局\t县水利局\t12月底前"
    assert lines[5] == "\t清理河道两岸垃圾\t县环卫中心\t\t9月底前"
    assert lines[6].split("\t") == ["一、其他", "", "", "", ""]
    tasks = {task.text: task for task in extract_file(path).tasks}
    assert tasks["新建公园"].cooperating == ("县财政局", "县自然资源局")
    assert tasks["整治河道"].lead == ("县交通局",) and tasks["整治河道"].deadline.due.isoformat() == "2023-12-31"
    assert tasks["清理河道两岸垃圾"].lead == ("县环卫中心",)


def test_header_spanning_two_columns_names_both(tmp_path):
    rows = [
        ["序号", "任务", "责任单位", ""],
        ["1", "新建公园", "县住建局", "县财政局"],
    ]
    path = _table_document(tmp_path, rows, spans=[((0, 2), (0, 3))])
    assert read_source(path).text.splitlines()[1] == "序号\t任务\t责任单位\t责任单位"
    assert extract_file(path).tasks[0].responsible == ("县住建局", "县财政局")


def test_tabs_in_paragraphs_are_not_columns_and_tables_keep_their_place(tmp_path):
    document = docx.Document()
    document.add_paragraph("某县2023年工作方案")
    document.add_paragraph("一、\t重点任务")
    table = document.add_table(rows=2, cols=3)
    for c, value in enumerate(["序号", "任务", "责任单位"]):
        table.cell(0, c).text = value
    for c, value in enumerate(["1", "新建公园", "县住建局"]):
        table.cell(1, c).text = value
    document.add_paragraph("二、保障措施")
    path = tmp_path / "order.docx"
    document.save(path)
    lines = read_source(path).text.splitlines()
    assert lines == ["某县2023年工作方案", "一、 重点任务", "序号\t任务\t责任单位", "1\t新建公园\t县住建局", "二、保障措施"]


def test_text_box_is_read_once_after_its_paragraph_and_symbol_marks_are_marks(tmp_path):
    """A text box Word anchors in an item's paragraph is stored twice (the shape and a fallback for
    older readers): read once, on a line after the paragraph's own words; a ★ or ✓ inserted from a
    symbol font (w:sym) reads as the mark it shows."""
    document = docx.Document()
    document.add_paragraph("某县2025年工作方案")
    item = document.add_paragraph()
    box = ('<w:txbxContent {0}><w:p><w:r><w:t>提示：九小场所指小商店等</w:t></w:r></w:p></w:txbxContent>'
           .format(nsdecls("w")))
    item._p.append(parse_xml(
        '<w:r {0} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent>'
        '<mc:Choice Requires="wps"><w:drawing><wps:txbx>{1}</wps:txbx></w:drawing></mc:Choice>'
        '<mc:Fallback><w:pict><v:textbox>{1}</v:textbox></w:pict></mc:Fallback>'
        '</mc:AlternateContent></w:r>'.format(nsdecls("w"), box)))
    item.add_run("1.排查九小场所火灾隐患。（县消防救援大队负责）")
    marked = document.add_paragraph("县城管局")
    marked._p.append(parse_xml('<w:r {0}><w:sym w:font="Wingdings" w:char="F0AB"/></w:r>'.format(nsdecls("w"))))
    path = tmp_path / "box.docx"
    document.save(path)
    lines = read_source(path).text.splitlines()
    assert lines == ["某县2025年工作方案", "1.排查九小场所火灾隐患。（县消防救援大队负责）", "提示：九小场所指小商店等",
                     "县城管局★"]


def test_row_cut_by_a_page_end_is_joined_even_under_a_repeated_header():
    from importers.pdf_reader import Block, _stitch
    from importers.tables import read_header

    header = ["序号", "任务", "责任单位"]
    blocks = [Block(rows=[header, ["1", "按照地方党政领", "县安委办、各部"]], header=read_header(header))]
    _stitch(blocks, [Block(rows=[header, ["", "导干部要求落实。", "门、各乡镇"],
                                 ["", "每月召开一次会议。", "县安委会"]])])
    assert blocks[0].rows[1:] == [["1", "按照地方党政领导干部要求落实。", "县安委办、各部门、各乡镇"],
                                  ["", "每月召开一次会议。", "县安委会"]]
    # After a finished row, a continuation row with its own unit stays a row of its own.
    blocks = [Block(rows=[header, ["2", "完成清单。", "县应急局"]], header=read_header(header))]
    _stitch(blocks, [Block(rows=[["", "压实监管责任。", "县应急局、县发改局"]])])
    assert blocks[0].rows[1:] == [["2", "完成清单。", "县应急局"], ["", "压实监管责任。", "县应急局、县发改局"]]


def _run(text: str, properties: str = "") -> str:
    return f'<w:r><w:rPr>{properties}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>'


def test_the_final_view_is_read_not_tracked_deletions_moves_or_hidden_text(tmp_path):
    """What a reader of the final document sees: an item deleted whole (its mark too) leaves no number
    behind, a bracket moved away is not read at its old place, hidden text is not read."""
    document = docx.Document()
    document.add_paragraph("某县2025年工作方案")
    body = document.element.body
    deleted = ('<w:p {0}><w:pPr><w:rPr><w:del w:id="1" w:author="a" w:date="2025-01-01T00:00:00Z"/></w:rPr></w:pPr>'
               '<w:del w:id="2" w:author="a" w:date="2025-01-01T00:00:00Z"><w:r><w:delText>2.旧的任务。</w:delText></w:r>'
               '</w:del></w:p>').format(nsdecls("w"))
    moved = ('<w:p {0}><w:r><w:t>1.新建城区公园2座。</w:t></w:r>'
             '<w:moveFrom w:id="3" w:author="a" w:date="2025-01-01T00:00:00Z">{1}</w:moveFrom>'
             '{2}{3}</w:p>').format(nsdecls("w"), _run("（牵头单位：县文旅局）"), _run("（责任单位：县住建局）"),
                                   _run("（责任单位：县环保局）", "<w:vanish/>"))
    body[-1].addprevious(parse_xml(moved))      # (before the section's properties, the body's last child)
    body[-1].addprevious(parse_xml(deleted))
    document.add_paragraph("2.改造城区道路5公里。（责任单位：县交通运输局）")
    path = tmp_path / "final.docx"
    document.save(path)
    lines = [line for line in read_source(path).text.splitlines() if line]
    assert lines == ["某县2025年工作方案", "1.新建城区公园2座。（责任单位：县住建局）", "2.改造城区道路5公里。（责任单位：县交通运输局）"]


def test_a_text_box_s_paragraphs_are_lines_and_content_controls_keep_their_rows(tmp_path):
    """A red-head box of two paragraphs (the issuer, the document number) gives two lines; a row and a
    cell a form's content control wraps are read in their places."""
    document = docx.Document()
    box = ('<w:txbxContent {0}><w:p><w:r><w:t>某县人民政府办公室文件</w:t></w:r></w:p>'
           '<w:p><w:r><w:t>某政办发〔2025〕6号</w:t></w:r></w:p></w:txbxContent>').format(nsdecls("w"))
    head = document.add_paragraph()
    head._p.append(parse_xml(
        '<w:r {0} xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<w:drawing><wps:txbx>{1}</wps:txbx></w:drawing></w:r>'.format(nsdecls("w"), box)))
    table = document.add_table(rows=3, cols=3)
    for r, values in enumerate((["序号", "工作任务", "责任单位"], ["1", "新建公园", "县住建局"], ["2", "改造道路", "县交通局"])):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    tbl = table._tbl
    rows = tbl.findall(qn("w:tr"))
    wrapper = parse_xml('<w:sdt {0}><w:sdtPr/><w:sdtContent/></w:sdt>'.format(nsdecls("w")))
    rows[2].addprevious(wrapper)
    wrapper.find(qn("w:sdtContent")).append(rows[2])
    cells = rows[1].findall(qn("w:tc"))
    cell_wrapper = parse_xml('<w:sdt {0}><w:sdtPr/><w:sdtContent/></w:sdt>'.format(nsdecls("w")))
    cells[2].addprevious(cell_wrapper)
    cell_wrapper.find(qn("w:sdtContent")).append(cells[2])
    path = tmp_path / "form.docx"
    document.save(path)
    lines = [line for line in read_source(path).text.splitlines() if line]
    assert lines == ["某县人民政府办公室文件", "某政办发〔2025〕6号", "序号\t工作任务\t责任单位", "1\t新建公园\t县住建局",
                     "2\t改造道路\t县交通局"]


def test_a_two_row_header_dividing_the_units_into_their_roles(tmp_path):
    """Word's head of two rows: 责任单位 spanning 牵头 | 配合 over them, the other header cells merged down."""
    rows = [
        ["序号", "主要任务", "责任单位", "", "完成时间"],
        ["", "", "牵头", "配合", ""],
        ["1", "推进义务教育优质均衡发展", "县教育局", "县住建局", "8月底前"],
        ["2", "实施校园安全提升工程", "县教育局", "县公安局", "10月底前"],
    ]
    path = _table_document(tmp_path, rows, merges=[((0, 0), (1, 0)), ((0, 1), (1, 1)), ((0, 4), (1, 4))],
                           spans=[((0, 2), (0, 3))])
    tasks = {task.text: task for task in extract_file(path).tasks}
    assert set(tasks) == {"推进义务教育优质均衡发展", "实施校园安全提升工程"}
    assert tasks["实施校园安全提升工程"].lead == ("县教育局",)
    assert tasks["实施校园安全提升工程"].cooperating == ("县公安局",)
    assert tasks["实施校园安全提升工程"].responsible == ()


def test_numbering_through_a_style_based_on_a_numbered_one_and_a_level_restarting_only_after_the_first(tmp_path):
    """Word numbers a paragraph whose style is based on a numbered style; and a level whose w:lvlRestart says
    1 restarts after the first level only, its items numbered on across the second (（一）1 2 （二）3 4)."""
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(_NUMBERING.format(ns=nsdecls("w")).replace(
        '<w:lvl w:ilvl="2"><w:start w:val="1"/>', '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:lvlRestart w:val="1"/>')))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="91"><w:abstractNumId w:val="90"/></w:num>'))
    styles = document.styles.element
    styles.append(parse_xml(f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="Chapter"><w:name w:val="Chapter"/>'
                            '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="91"/></w:numPr></w:pPr></w:style>'))
    styles.append(parse_xml(f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="MyChapter">'
                            '<w:name w:val="MyChapter"/><w:basedOn w:val="Chapter"/></w:style>'))
    document.add_paragraph("某县2025年工作方案")
    chapter = document.add_paragraph("重点任务")
    chapter._p.get_or_add_pPr().append(parse_xml(f'<w:pStyle {nsdecls("w")} w:val="MyChapter"/>'))
    _numbered(document, "城市建设", 1, 91)
    _numbered(document, "新建公园。（责任单位：县住建局）", 2, 91)
    _numbered(document, "改造道路。（责任单位：县交通局）", 2, 91)
    _numbered(document, "乡村振兴", 1, 91)
    _numbered(document, "修建水渠。（责任单位：县水利局）", 2, 91)
    path = tmp_path / "styled.docx"
    document.save(path)
    lines = read_source(path).text.splitlines()
    assert lines[1:7] == ["一、重点任务", "（一）城市建设", "1.新建公园。（责任单位：县住建局）", "2.改造道路。（责任单位：县交通局）",
                          "（二）乡村振兴", "3.修建水渠。（责任单位：县水利局）"]


def test_a_table_inside_a_unit_cell_gives_its_roles(tmp_path):
    """A small 牵头 | X / 配合 | Y table inside the unit cell: its rows are the cell's label lines."""
    document = docx.Document()
    document.add_paragraph("某县2025年数字政府建设工作方案")
    table = document.add_table(rows=2, cols=3)
    for c, value in enumerate(["序号", "工作任务", "责任单位"]):
        table.cell(0, c).text = value
    table.cell(1, 0).text = "1"
    table.cell(1, 1).text = "推动集成服务事项达到30项。"
    inner = table.cell(1, 2).add_table(rows=2, cols=2)
    for r, (role, units) in enumerate((("牵头", "县行政审批局"), ("配合", "县大数据中心、县政务服务中心"))):
        inner.cell(r, 0).text = role
        inner.cell(r, 1).text = units
    path = tmp_path / "nested.docx"
    document.save(path)
    (task,) = extract_file(path).tasks
    assert task.lead == ("县行政审批局",)
    assert task.cooperating == ("县大数据中心", "县政务服务中心")


def _embed(document, name: str, content_type: str, blob: bytes, relationship: str) -> str:
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    part = Part(PackURI(name), content_type, blob, document.part.package)
    return document.part.relate_to(part, relationship)


def test_an_html_chunk_and_a_pasted_worksheet_are_read_where_they_stand(tmp_path):
    """A body imported as an altChunk of HTML (as office systems export it), and a 任务分解表 pasted from
    Excel as an object: both read in their places, not silently left out."""
    import openpyxl
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    document = docx.Document()
    html = ("<html><body><p>某县2025年食品安全工作要点</p><p>一、重点任务</p>"
            "<p>1.开展校园食品安全专项检查。（责任单位：县市场监管局；完成时限：9月底前）</p></body></html>").encode("utf-8")
    chunk = _embed(document, "/word/afchunk1.htm", "text/html", html, RT.A_F_CHUNK)
    document.element.body[-1].addprevious(parse_xml(f'<w:altChunk {nsdecls("w", "r")} r:id="{chunk}"/>'))
    book = openpyxl.Workbook()
    for row in (["序号", "工作任务", "责任单位", "完成时限"], [2, "建成农贸市场快检室3个", "县市场监管局", "10月底前"]):
        book.active.append(row)
    data = io.BytesIO()
    book.save(data)
    sheet = _embed(document, "/word/embeddings/Microsoft_Excel_Worksheet1.xlsx",
                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", data.getvalue(), RT.PACKAGE)
    holder = document.add_paragraph()
    holder._p.append(parse_xml(
        f'<w:r {nsdecls("w", "r")} xmlns:o="urn:schemas-microsoft-com:office:office"><w:object>'
        f'<o:OLEObject Type="Embed" ProgID="Excel.Sheet.12" r:id="{sheet}"/></w:object></w:r>'))
    path = tmp_path / "embedded.docx"
    document.save(path)
    tasks = {task.text: task for task in extract_file(path).tasks}
    assert tasks["开展校园食品安全专项检查。"].responsible == ("县市场监管局",)
    assert tasks["建成农贸市场快检室3个"].deadline.due.isoformat() == "2025-10-31"
