"""PDF pages without Qt: a table kept as print keeps it, page numbers, cancel, unwritable paths."""
from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.platypus import Paragraph

from models.paper.pdf_pages import BODY_HEIGHT, BODY_WIDTH, FONT, PdfWriteError, cjk_font, style, write_pdf
from models.paper.pdf_table import Counter, PagedTable
from models.paper.pdf_text import TextBlock, break_lines


def page_texts(path: Path) -> list[str]:
    return [page.extract_text().replace("\n", "").replace("\t", " ").replace(" ", "") for page in PdfReader(path).pages]


def lines_table(line_counts: list[int], heading: str = "", counter: Counter | None = None) -> PagedTable:
    """Row i has line_counts[i] lines, each 行i-k, in its second column."""
    cjk_font()

    def make_row(index: int):
        lines = "\n".join(f"行{index}-{k}" for k in range(line_counts[index]))
        return [[TextBlock(f"第{index}行", FONT, 9.5, 13)], [TextBlock(lines, FONT, 9.5, 13)]]

    header = [[TextBlock("序号", FONT, 9.5, 13)], [TextBlock("内容", FONT, 9.5, 13)]]
    lead = [Paragraph(heading, style("h", 12))] if heading else []
    return PagedTable([BODY_WIDTH * 0.3, BODY_WIDTH * 0.7], header, list(range(len(line_counts))), make_row,
                      lead=lead, page_height=BODY_HEIGHT, counter=counter)


def test_rows_stay_whole_and_the_header_repeats(tmp_path: Path) -> None:
    counts = [1 + (index * 7) % 9 for index in range(300)]
    counter = Counter(len(counts))
    path = tmp_path / "rows.pdf"
    pages = write_pdf(path, [lines_table(counts, "一、表格", counter)], "测试")
    texts = page_texts(path)
    assert pages == len(texts) > 5
    assert counter.done == len(counts)
    for index, count in enumerate(counts):
        holding = [page for page, text in enumerate(texts) if f"第{index}行" in text]
        assert len(holding) == 1, index                       # each row on exactly one page ...
        assert all(f"行{index}-{k}" in texts[holding[0]] for k in range(count))   # ... with all its lines
    assert all("序号内容" in text for text in texts)           # the header on every page
    assert all(f"第{n}页，共{pages}页" in text for n, text in enumerate(texts, 1))


def test_a_heading_goes_to_the_next_page_with_its_first_row(tmp_path: Path) -> None:
    # One row leaves about 40 points at the page's foot: room for the heading, not for the header and a row.
    filler = lines_table([52])
    assert BODY_HEIGHT - filler.wrap(BODY_WIDTH, BODY_HEIGHT)[1] > 30
    path = tmp_path / "heading.pdf"
    assert write_pdf(path, [filler, lines_table([3, 3], "二、下一个")], "测试") == 2
    texts = page_texts(path)
    assert "二、下一个" not in texts[0]
    assert texts[1].index("二、下一个") < texts[1].index("序号内容") < texts[1].index("行0-0")


def test_a_row_taller_than_a_page_is_cut_where_the_page_ends(tmp_path: Path) -> None:
    path = tmp_path / "tall.pdf"
    pages = write_pdf(path, [lines_table([2, 120, 2])], "测试")
    texts = page_texts(path)
    assert pages == 3
    assert all(any(f"行1-{k}" in text for text in texts) for k in range(120))
    assert "行2-1" in texts[-1]


def test_cancel_leaves_no_file_and_keeps_an_old_one(tmp_path: Path) -> None:
    class Stop(Exception):
        pass

    def stop_after_two(page: int) -> None:
        if page == 2:
            raise Stop()

    fresh = tmp_path / "fresh.pdf"
    with pytest.raises(Stop):
        write_pdf(fresh, [lines_table([5] * 200)], "测试", stop_after_two)
    assert list(tmp_path.iterdir()) == []
    old = tmp_path / "old.pdf"
    old.write_bytes(b"old")
    with pytest.raises(Stop):
        write_pdf(old, [lines_table([5] * 200)], "测试", stop_after_two)
    assert old.read_bytes() == b"old" and list(tmp_path.iterdir()) == [old]


def test_unwritable_path_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(PdfWriteError, match="无法写入 PDF 文件"):
        write_pdf(tmp_path / "missing" / "x.pdf", [lines_table([1])], "测试")



@pytest.mark.parametrize(("width", "lines"), [
    (5, ["发展种植", "业、养殖", "业、加工", "业，计划", "2023年完成", "3500元", "（含）补贴"]),
    (6, ["发展种植业、", "养殖业、加工", "业，计划2023", "年完成3500元", "（含）补贴"]),
    (7, ["发展种植业、养", "殖业、加工业，", "计划2023年完成", "3500元（含）补", "贴"]),
])
def test_lines_break_by_the_chinese_rules_and_never_overflow(width: float, lines: list[str]) -> None:
    text = "发展种植业、养殖业、加工业，计划2023年完成3500元（含）补贴"
    widths = [1.0 if ord(char) >= 0x3000 else 0.5 for char in text]
    broken = break_lines(text, widths, width)
    assert [line for _, line in broken] == lines
    assert all(room >= 0 for room, _ in broken)
    assert not any(line[0] in "，、）" or line[-1] == "（" for line in lines)
