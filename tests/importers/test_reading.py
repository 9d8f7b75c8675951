"""Bad input gets a clear message naming the file, never a traceback."""
import codecs
from pathlib import Path

import pytest

from importers.errors import ImportFileError
from importers.layout import is_breadcrumb
from importers.pipeline import extract_file
from importers.reading import read_source

PLAN = "某县2023年工作方案\n1.新建公园。（责任单位：县住建局；完成时限：2023年12月底前）\n"


def write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("encoding, name", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gb18030", "gb18030"), ("gbk", "gb18030")])
def test_encodings_are_detected(tmp_path, encoding, name):
    path = write(tmp_path, "plan.txt", PLAN.encode(encoding))
    source = read_source(path)
    assert source.encoding == name
    assert source.text.startswith("某县2023年工作方案")
    assert extract_file(path).tasks[0].responsible == ("县住建局",)


def test_utf16_with_bom(tmp_path):
    path = write(tmp_path, "plan.txt", codecs.BOM_UTF16_LE + PLAN.encode("utf-16-le"))
    assert read_source(path).encoding == "utf-16"


@pytest.mark.parametrize("data, words", [
    (b"", "empty"),
    (b"   \n\n  ", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
    (bytes([0x81, 0x30, 0xFF, 0xFE, 0x80]) * 200, "encoding"),
])
def test_bad_files_name_the_file_and_the_problem(tmp_path, data, words):
    path = write(tmp_path, "bad.txt", data)
    with pytest.raises(ImportFileError) as caught:
        extract_file(path)
    assert str(path) in str(caught.value)
    assert words in str(caught.value)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(ImportFileError, match="no such file"):
        extract_file(tmp_path / "nowhere.txt")
    with pytest.raises(ImportFileError, match="folder"):
        extract_file(tmp_path)


def test_document_without_tasks_is_a_result_not_an_error(tmp_path):
    path = write(tmp_path, "notice.txt", "关于放假的通知\n\n各单位：国庆节放假七天。\n".encode())
    extracted = extract_file(path)
    assert extracted.tasks == []
    assert len(extracted.documents) == 1


def test_table_with_a_missing_column(tmp_path):
    rows = "序号\t任务\t责任单位\n1\t新建公园\t县住建局\n2\t改造道路\n3\t\t县交通局\n"
    path = write(tmp_path, "table.txt", ("某县2023年方案\n" + rows).encode())
    tasks = extract_file(path).tasks
    assert [task.text for task in tasks] == ["新建公园"]
    assert tasks[0].responsible == ("县住建局",)


def test_a_50_mb_file_is_refused_with_its_size(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)        # sparse: instant, no disk used
    with pytest.raises(ImportFileError) as caught:
        extract_file(path)
    assert str(path) in str(caught.value) and "50 MB" in str(caught.value)


def test_number_before_the_notice_title(tmp_path):
    """Some layouts put the number first: the title under it is still the notice's."""
    source = Path(__file__).parent / "data" / "shapes" / "number_before_title.txt"
    document = extract_file(source).documents[0]
    assert (document.number, document.issuer) == ("某政办发〔2023〕5号", "某县人民政府办公室")
    assert document.title == "某县2023年农村人居环境整治工作方案"


def test_a_number_in_brackets_under_its_title_or_closing_it(tmp_path):
    """（某政发〔2023〕3号） on its own line, and …的通知（某政办发〔2023〕12号）: each starts a document."""
    path = write(tmp_path, "gazette.txt", (
        "某县人民政府关于印发某县2023年城乡环境整治工作方案的通知\n（某政发〔2023〕3号）\n各乡镇人民政府：\n"
        "现将方案印发给你们。\n某县人民政府\n2023年3月10日\n某县2023年城乡环境整治工作方案\n"
        "1.新建城区公园3个。（责任单位：县住建局；完成时限：9月底前）\n"
        "某县人民政府办公室关于印发某县农村道路提升行动实施方案的通知（某政办发〔2023〕12号）\n各乡镇人民政府：\n"
        "现将方案印发给你们。\n某县人民政府办公室\n2023年4月6日\n某县农村道路提升行动实施方案\n"
        "1.新改建农村公路30公里。（责任单位：县交通局；完成时限：11月底前）\n").encode("utf-8"))
    documents = extract_file(path).documents
    assert [(document.number, document.issue_date.isoformat(), len(document.tasks)) for document in documents] == [
        ("某政发〔2023〕3号", "2023-03-10", 1), ("某政办发〔2023〕12号", "2023-04-06", 1)]
    assert (documents[1].issuer, documents[1].title) == ("某县人民政府办公室", "某县农村道路提升行动实施方案")
    assert [task.plan_title for document in documents for task in document.tasks] == [
        "某县2023年城乡环境整治工作方案", "某县农村道路提升行动实施方案"]


def test_web_markup_keeps_every_line_where_it_was(tmp_path):
    # A line break written as a reference (&#10;) must not move the lines after it:
    # a task's line numbers point the office to the source.
    path = write(tmp_path, "plan.txt", ("某县2023年工作方案&#10;&nbsp;\n"
                                        "1.新建公园。（责任单位：县住建局<br/>县林业局；完成时限：2023年12月底前）\n"
                                        ).encode("utf-8"))
    task = extract_file(path).tasks[0]
    assert (task.line_start, task.responsible) == (2, ("县住建局", "县林业局"))


WEB_PAGE = """首页 > 政务公开 > 政策文件
城区环境整治工作方案
发布时间：2024-03-15 10:23:45  来源：县城管局  浏览次数：1024
一、整治任务
1.清理城区占道经营，6月底前完成。（责任单位：县城管局）
2.整治背街小巷环境卫生。（责任单位：各街道办事处；完成时限：年底前）
"""


def test_a_web_page_s_breadcrumb_and_publishing_line_are_the_page_s(tmp_path):
    # The breadcrumb ran into the title below it; 发布时间 is the year the
    # deadlines without one are in.
    document = extract_file(write(tmp_path, "page.txt", WEB_PAGE.encode("utf-8"))).documents[0]
    assert document.title == "城区环境整治工作方案"
    assert str(document.issue_date) == "2024-03-15"
    assert [str(task.deadline.due) for task in document.tasks] == ["2024-06-30", "2024-12-31"]


@pytest.mark.parametrize("line, crumb", [
    ("当前位置:首页", True), ("首页 〉 政务公开 〉 政策文件", True), ("〉 政务公开 〉 工作报告", True),
    ("您当前的位置是:首页〉 专题报道〉 河长制", True),
    ("〉90", False),                                   # a table cell: more than 90
    ("关于修订〈林业改革发展资金管理办法〉的通知", False),
    ("空气质量优良天数占比〉80%", False),
])
def test_breadcrumbs(line, crumb):
    assert is_breadcrumb(line) is crumb


def test_invisible_characters_inside_words_are_dropped(tmp_path):
    # A web page's zero-width space inside 责任单位 hid the label and split the unit.
    path = write(tmp_path, "plan.txt", "某县2024年工作方案\n1.新建公园。（责\u200b任单位：县住\u200b建局；完成时\u00ad限：2024年12月\u2060底前）\n"
                 .encode("utf-8"))
    task = extract_file(path).tasks[0]
    assert (task.responsible, str(task.deadline.due)) == (("县住建局",), "2024-12-31")


@pytest.mark.parametrize("cut", [1, 2])
def test_a_utf8_file_cut_inside_its_last_character_is_read_without_it(tmp_path, cut):
    """A download or a copy that stopped short inside a character: the rest is the file's text."""
    whole = (PLAN + "2.改造公厕。（责任单位：县城管局）").encode("utf-8")
    source = read_source(write(tmp_path, "cut.txt", whole[:-cut]))
    assert source.encoding == "utf-8"
    assert source.text == PLAN + "2.改造公厕。（责任单位：县城管局"
