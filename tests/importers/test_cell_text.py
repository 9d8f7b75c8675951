"""One cell's text from its lines: whole names on lines of their own are a list; a line
break inside a name (the cell's width wrapped it) or inside a sentence joins with nothing.
And which cells assign: unit names, or names beside role words."""
import pytest

from importers.cell_text import is_assigning_cell, join_cell_lines

CASES = [
    (["县财政局、县市场", "监管局"], "县财政局、县市场监管局"),       # wrapped inside 县市场监管局
    (["县财政局", "县市场监管局"], "县财政局、县市场监管局"),         # a whole name per line
    (["县林场", "县财政局"], "县林场、县财政局"),                   # 县… opens a name of its own
    (["县交通", "运输局"], "县交通运输局"),                         # half a name is no unit line
    (["各乡镇", "县直各部门"], "各乡镇、县直各部门"),
    (["县委宣传部", "县文旅局"], "县委宣传部、县文旅局"),
    (["县财政局、", "县税务局"], "县财政局、县税务局"),             # the separator is written
    (["推行企业开办全程网办，压缩开", "办时间至1个工作日。"], "推行企业开办全程网办，压缩开办时间至1个工作日。"),
    (["Smart", "city"], "Smart city"),
    (["县市场监管局", "稽查大队"], "县市场监管局稽查大队"),           # the body's own part a cell wrapped (a PDF's)
    (["各乡镇", "卫生院"], "各乡镇卫生院"),
    (["县财政局", "县自然资", "源局"], "县财政局、县自然资源局"),     # two names, the second one wrapped
]


@pytest.mark.parametrize("lines, joined", CASES, ids=[joined for _, joined in CASES])
def test_cell_lines(lines, joined):
    assert join_cell_lines(lines) == joined


ASSIGNING = [
    ("县财政局、县税务局", True),
    ("办公室牵头，各科室配合", True),       # bare office names count beside role words
    ("县发改局牵头，县财政局配合", True),
    ("办公室", False),                       # alone, a bare name may be a task's words
    ("及时更新微信公众号信息", False),
    ("改造老旧小区12个", False),
]


@pytest.mark.parametrize("text, assigning", ASSIGNING, ids=[text for text, _ in ASSIGNING])
def test_assigning_cells(text, assigning):
    assert is_assigning_cell(text) is assigning
