"""A page a crawler joined onto one line is split at its gaps; a long row of spaced cells whose cells
number their steps is not (made-up shapes)."""
from __future__ import annotations

from importers.layout import lines_of

STEPS = "； ".join(f"{step}.完成第{step}阶段建设任务并于{month}月底前组织验收" for step, month in
                 ((1, 3), (2, 6), (3, 9), (4, 11)))


def test_a_joined_page_is_a_line_for_each_paragraph_and_item() -> None:
    page = ("平安县人民政府办公室关于印发重点工作分解的通知 各乡镇人民政府，县政府各部门： 《重点工作分解》已经县政府"
            "同意，现印发给你们，请结合实际认真贯彻执行，每季度末向县政府督查室报送进展情况。 "
            "平安县人民政府办公室 2025年2月20日 一、县长牵头重点工作 1.建成城北污水处理厂二期工程。 "
            "责任单位：县住建局 2.改造农村危桥12座。 责任单位：县交通局 二、副县长牵头重点工作 1.新增城镇就业2500人。 "
            "责任单位：县人社局、县财政局")
    texts = [line.stripped for line in lines_of(page)]
    assert len(page) > 200
    assert "1.建成城北污水处理厂二期工程。" in texts and "责任单位：县交通局" in texts
    assert "2025年2月20日" in texts


def test_a_long_row_of_spaced_cells_numbering_its_steps_stays_one_line() -> None:
    row = f"3 新建城区幼儿园2所 县教育局 {STEPS} " + "主体工程已开工建设，正在加快推进 " * 8
    assert len(row) > 200
    assert [line.stripped for line in lines_of(row)] == [row.strip()]


def test_a_web_page_s_tools_in_paragraph_tags_are_no_lines_of_the_document() -> None:
    text = "<p>县商务局</p><p>12月底前</p><p>分享到:</p><p>— 3 —</p><p>相关推荐</p>"
    assert [line.stripped for line in lines_of(text)] == ["县商务局", "12月底前"]


def test_a_row_s_number_under_a_unit_cell_ending_in_deng_is_no_page_number() -> None:
    """县住建局、县财政局等 / 2 / 建设城市书房3处。: a list ends at 等 (the row's number stays); 等 / 部门配合 goes on,
    so a page's bare number between those is the page's (made-up cells)."""
    table = "1\n开展送戏下乡演出100场。\n县文化馆\n县住建局、县财政局等\n2\n建设城市书房3处。\n县图书馆\n"
    assert "2" in [line.stripped for line in lines_of(table)]
    wrapped = "加强城区排水设施维护（责任单位：县住建局、县水利局等\n2\n部门配合）。\n"
    assert "2" not in [line.stripped for line in lines_of(wrapped)]
