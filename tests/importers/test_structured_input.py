"""Web pages (.html, .mht) and Excel workbooks: tables read as cells, not guessed from text.

Every input is built here in tmp_path (a made-up county, 某县, and made-up
departments), so no binary fixture is committed.
"""
import datetime
import zipfile
from email.message import EmailMessage

import openpyxl
import pytest

from importers.errors import ImportFileError
from importers.pipeline import extract_file
from importers.reading import read_source

from .office_documents import fake_soffice

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def tasks_of(path):
    return [(task.seq, task.text, task.lead, task.responsible, task.cooperating,
             task.deadline.due and task.deadline.due.isoformat()) for task in extract_file(path).tasks]


def one_line_error(path) -> str:
    with pytest.raises(ImportFileError) as caught:
        extract_file(path)
    message = str(caught.value)
    assert str(path) in message and "\n" not in message and "Traceback" not in message
    return message


# --- web pages -----------------------------------------------------------------

# Chrome that would give tasks if it were read as text: a menu item and a
# footer line each name a unit and a deadline.
PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head>
<meta {charset}>
<title>某县2024年城乡环境整治工作方案_某县人民政府</title>
<script>var menu = "1.网站改版（责任单位：县信息中心；完成时限：3月底前）";</script>
<style>.nav {{ color: red }}</style>
</head>
<body>
<div class="header"><div class="logo">某县人民政府门户网站</div>
  <ul id="mainNav"><li><a href="/">首页</a></li><li><a href="/gk">政务公开</a></li><li>1.网站改版（责任单位：县信息中心；完成时限：3月底前）</li></ul>
</div>
<nav><a href="/hd">互动交流</a> <a href="/zj">走进某县</a></nav>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zc">政策文件</a> &gt; 县政府文件</div>
<div class="main"><div class="article">
  <div class="article-header"><h1>某县2024年城乡环境整治工作方案</h1>
  <div class="info">发布日期：2024-03-01　来源：县政府办 <span class="bdshare">分享到：<a>微信</a> <a>微博</a></span></div></div>
  <div class="content">
    <p>　　各乡镇人民政府，县直各有关单位：为进一步改善城乡人居环境，经县政府同意，
    现将有关工作任务分解如下，请认真抓好落实。</p>
    <table border="1" cellspacing="0">
      <thead><tr><th>序号</th><th>工作任务</th><th>责任单位</th><th>完成时限</th></tr></thead>
      <tbody>
      <tr><td>1</td><td>新建城区污水管网10公里</td><td rowspan="2">县住建局</td><td>6月底前</td></tr>
      <tr><td>2</td><td><p>改造老旧小区5个</p></td><td>12月底前</td></tr>
      <tr><td>3</td><td>整治城区河道{extra}</td><td>县水利局</td><td>9月底前</td></tr>
      <tr><td></td><td>清理河道两岸垃圾</td><td>县城管局</td><td>10月底前</td></tr>
      <tr><td>4</td><td>开展农村人居环境整治</td><td><p>县农业农村局</p><p>县生态环境分局</p></td><td>11月底前</td></tr>
      </tbody>
    </table>
  </div>
</div></div>
<div id="footer"><p>主办：某县人民政府办公室　承办：某县信息中心</p>
  <p>2.网站维护（责任单位：县信息中心；完成时限：12月底前）　网站标识码：0000000000</p></div>
</body></html>
"""
PAGE_TASKS = [
    ("1", "新建城区污水管网10公里", (), ("县住建局",), (), "2024-06-30"),
    ("2", "改造老旧小区5个", (), ("县住建局",), (), "2024-12-31"),      # 责任单位 rowspan=2
    ("3", "整治城区河道", (), ("县水利局",), (), "2024-09-30"),
    (None, "清理河道两岸垃圾", (), ("县城管局",), (), "2024-10-31"),     # empty 序号
    ("4", "开展农村人居环境整治", (), ("县农业农村局", "县生态环境分局"), (), "2024-11-30"),
]


def page(charset: str = 'charset="utf-8"', extra: str = "") -> str:
    return PAGE.format(charset=charset, extra=extra)


def test_page_gives_its_table_tasks_and_no_chrome(tmp_path):
    path = tmp_path / "方案.html"
    path.write_text(page(), encoding="utf-8")
    source = read_source(path)
    assert source.encoding == "html"
    lines = source.text.splitlines()
    assert lines[0] == "某县2024年城乡环境整治工作方案"
    assert "序号\t工作任务\t责任单位\t完成时限" in lines
    assert "2\t改造老旧小区5个\t县住建局\t12月底前" in lines
    for chrome in ("首页", "当前位置", "互动交流", "网站改版", "网站维护", "主办", "分享到", "var menu"):
        assert chrome not in source.text
    assert tasks_of(path) == PAGE_TASKS
    assert extract_file(path).documents[0].title == "某县2024年城乡环境整治工作方案"


def test_page_wrapped_in_one_form_is_not_dropped_as_chrome(tmp_path):
    """ASP.NET sites put the whole page in <form id="form1">."""
    path = tmp_path / "default.aspx.html"
    path.write_text(page().replace("<body>", '<body><form id="form1" method="post">')
                    .replace("</body>", "</form></body>"), encoding="utf-8")
    assert tasks_of(path) == PAGE_TASKS


def test_format_is_read_from_the_bytes_not_the_name(tmp_path):
    path = tmp_path / "saved_page.txt"
    path.write_text(page(), encoding="utf-8")
    assert read_source(path).encoding == "html"
    assert tasks_of(path) == PAGE_TASKS
    fragment = tmp_path / "fragment.doc"                   # a table cut from a page, misnamed
    fragment.write_text("\n<table><tr><th>序号</th><th>工作任务</th><th>责任单位</th></tr>"
                        "<tr><td>1</td><td>修缮县图书馆</td><td>县文旅局</td></tr></table>", encoding="utf-8")
    assert read_source(fragment).encoding == "html"
    assert tasks_of(fragment) == [("1", "修缮县图书馆", (), ("县文旅局",), (), None)]


def test_gbk_page_with_a_meta_charset(tmp_path):
    # 堃 is in GBK, not in GB2312: sites declare gb2312 and write GBK.
    path = tmp_path / "gbk.htm"
    path.write_bytes(page('http-equiv="Content-Type" content="text/html; charset=gb2312"', "（堃园段）")
                     .encode("gbk"))
    assert read_source(path).encoding == "html"
    tasks = tasks_of(path)
    assert tasks[2][1] == "整治城区河道（堃园段）"
    assert [task[1:] for task in tasks[:2]] == [task[1:] for task in PAGE_TASKS[:2]]
    bom = tmp_path / "bom.html"
    bom.write_bytes(b"\xef\xbb\xbf" + page().encode("utf-8"))
    assert tasks_of(bom) == PAGE_TASKS


def test_page_cut_off_mid_tag_gives_the_rows_before_the_cut(tmp_path):
    data = page().encode("utf-8")
    cut = data.index("县城管局".encode()) - len("<td cla")
    path = tmp_path / "cut.html"
    path.write_bytes(data[:cut] + b"<td cla")
    assert tasks_of(path)[:3] == PAGE_TASKS[:3]


@pytest.mark.parametrize("data, words", [
    (b"<html><body>" + bytes(range(256)) * 40, "网页"),
    ("<!DOCTYPE html><html><head><title>t</title></head><body><nav><a>首页</a></nav>"
     "<script>alert(1)</script></body></html>".encode(), "正文"),
    ("<html><body><p>".encode() + "\u0e01\u0e02\u0e03\u0400\u0401".encode("utf-8") * 500, "乱码"),
], ids=["binary-after-html", "only-chrome", "garbage-text"])
def test_unreadable_page_is_one_clear_line(tmp_path, data, words):
    path = tmp_path / "page.html"
    path.write_bytes(data)
    assert words in one_line_error(path)


def test_mht_web_archive(tmp_path):
    archive = EmailMessage()
    archive["Subject"] = "某县2024年城乡环境整治工作方案"
    archive.set_content(page('http-equiv="Content-Type" content="text/html; charset=gb2312"'),
                        subtype="html", charset="gb18030", cte="quoted-printable")
    archive.add_related(b"\x89PNG\r\n\x1a\n" + bytes(64), maintype="image", subtype="png", cid="<logo>")
    path = tmp_path / "方案.mht"
    path.write_bytes(archive.as_bytes())
    assert read_source(path).encoding == "mht"
    assert tasks_of(path) == PAGE_TASKS
    no_html = tmp_path / "pictures.mht"             # IE names the root's type even when it is missing
    no_html.write_bytes(b'MIME-Version: 1.0\r\nContent-Type: multipart/related; type="text/html"; boundary="b"\r\n'
                        b'\r\n--b\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\n'
                        b'iVBORw0K\r\n--b--\r\n')
    assert "HTML" in one_line_error(no_html)


# --- workbooks -----------------------------------------------------------------

def workbook(path):
    book = openpyxl.Workbook()
    city = book.active
    city.title = "城市建设"
    city.append(["某县2024年重点工作任务清单"])
    city.append(["序号", "类别", "工作任务", "责任单位", "完成时限"])
    city.append([1, "城市更新", "新建城区污水管网10公里", "县住建局", datetime.datetime(2024, 6, 30)])
    city.append([2, None, "改造老旧小区5个", "县住建局\n县财政局", "12月底前"])
    city.append([3, None, "建设智慧停车场一处", "县交通局", "9月底前"])
    city.append([4, None, "整治背街小巷20条", None, "10月底前"])
    city.merge_cells("A1:E1")
    city.merge_cells("B3:B6")                       # a group cell over four tasks
    city.merge_cells("D5:D6")                       # one 责任单位 for two tasks
    village = book.create_sheet("乡村振兴")
    village.append(["序号", "工作任务", "牵头单位", "配合单位", "完成时限"])
    village.append(["一、产业发展"])
    village.append([1, "建设高标准农田2万亩", "县农业农村局", "县财政局", "2024年11月底前"])
    village.append([2, "培育农业龙头企业3家", None, "县工信局", "2024年12月底前"])
    village.merge_cells("A2:E2")                    # a section row across the table
    village.merge_cells("C3:C4")
    notes = book.create_sheet("填表说明")
    notes.append(["1.请各单位于6月底前报送进展（责任单位：县政府办）"])
    notes.append(["备注", "联系人"])
    hidden = book.create_sheet("旧版")
    hidden.append(["序号", "工作任务", "责任单位", "完成时限"])
    hidden.append([1, "已作废的任务", "县档案馆", "3月底前"])
    hidden.sheet_state = "hidden"
    book.save(path)
    return path


WORKBOOK_TASKS = [
    ("1", "新建城区污水管网10公里", (), ("县住建局",), (), "2024-06-30"),
    ("2", "改造老旧小区5个", (), ("县住建局", "县财政局"), (), "2024-12-31"),
    ("3", "建设智慧停车场一处", (), ("县交通局",), (), "2024-09-30"),
    ("4", "整治背街小巷20条", (), ("县交通局",), (), "2024-10-31"),
    ("1", "建设高标准农田2万亩", ("县农业农村局",), (), ("县财政局",), "2024-11-30"),
    ("2", "培育农业龙头企业3家", ("县农业农村局",), (), ("县工信局",), "2024-12-31"),
]


def test_workbook_sheets_with_task_tables(tmp_path):
    path = workbook(tmp_path / "任务清单.xlsx")
    source = read_source(path)
    assert source.encoding == "xlsx"
    lines = source.text.splitlines()
    assert lines[1:4] == ["城市建设", "序号\t类别\t工作任务\t责任单位\t完成时限",
                          "1\t城市更新\t新建城区污水管网10公里\t县住建局\t2024年6月30日"]
    assert "4\t\t整治背街小巷20条\t县交通局\t10月底前" in lines       # group cell said once, unit repeated
    assert "乡村振兴" in lines
    assert "填表说明" not in source.text and "已作废" not in source.text
    assert tasks_of(path) == WORKBOOK_TASKS
    renamed = tmp_path / "任务清单.docx"
    renamed.write_bytes(path.read_bytes())
    assert read_source(renamed).encoding == "xlsx"


def test_workbook_without_a_task_table_says_so(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["姓名", "电话"])
    path = tmp_path / "通讯录.xlsx"
    book.save(path)
    assert "任务表" in one_line_error(path)


def test_encrypted_workbook_is_one_clear_line(tmp_path):
    path = tmp_path / "locked.xlsx"
    path.write_bytes(OLE2 + bytes(504) + "EncryptedPackage".encode("utf-16-le") + bytes(512))
    message = one_line_error(path)
    assert "加密" in message and "Excel" in message


def test_workbook_declaring_a_huge_unpacked_size_is_refused(tmp_path):
    path = workbook(tmp_path / "bomb.xlsx")
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open("xl/media/padding.bin", "w", force_zip64=True) as member:
            chunk = bytes(1 << 20)
            for _ in range(201):
                member.write(chunk)
    assert path.stat().st_size < 2 * 1024 * 1024
    assert "200 MB" in one_line_error(path)


def _ole2_workbook() -> bytes:
    """The first bytes of an old .xls: the compound-file magic and a Workbook stream name."""
    return OLE2 + bytes(504) + "Workbook".encode("utf-16-le") + bytes(1000)


def test_xls_without_libreoffice_says_how_to_convert(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    path = tmp_path / "old.xls"
    path.write_bytes(_ole2_workbook())
    assert "另存为 .xlsx" in one_line_error(path)


def test_xls_is_converted_by_libreoffice_when_installed(tmp_path, monkeypatch):
    """A stand-in `soffice` that writes an .xlsx where LibreOffice would."""
    made = workbook(tmp_path / "made.xlsx")
    bin_dir = fake_soffice(tmp_path, made, "xlsx")
    monkeypatch.setenv("PATH", str(bin_dir))
    path = tmp_path / "old.et"
    path.write_bytes(_ole2_workbook())
    assert read_source(path).encoding == "xls"
    assert tasks_of(path) == WORKBOOK_TASKS
