"""Never silent: a document that promises tasks and gives none says where (Qt-free)."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from importers.diagnostics import assignment_marks, describe, document_warnings, file_warnings, stored_text
from importers.layout import lines_of
from importers.pipeline import extract_file, extract_text
from importers.records import ExtractedFile, ExtractionWarning, TaskRecord

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))

NOTICE = (
    "某县人民政府办公室\n"                                   # 1
    "关于印发某县2023年城市建设工作方案的通知\n"             # 2
    "某政办发〔2023〕9号\n"                                  # 3
    "2023年3月1日\n"                                          # 4
    "各乡镇人民政府，县直各有关单位：\n"                     # 5
    "现将方案印发给你们，请各责任单位认真贯彻落实，密切配合。\n"  # 6
    "某县2023年城市建设工作方案\n"                           # 7
)


def task_at(start: int, end: int) -> TaskRecord:
    return TaskRecord(source="plan.txt", plan_number=None, plan_title=None, plan_date=None, seq=None,
                      text="新建城区污水管网10公里", responsible=("县住建局",), line_start=start, line_end=end)


def test_labelled_fields_and_no_task_warn_once_at_the_first_label():
    text = NOTICE + ("一、重点任务\n"                                  # 8
                     "新建城区污水管网10公里\n"                        # 9
                     "牵头 单位：县住建局\n"                           # 10: a space inside the label
                     "完成时限：2023年6月底前\n"                       # 11
                     "改造老旧小区12个\n"                              # 12
                     "責任單位：縣住房和城鄉建設局\n")                # 13: traditional characters
    warnings = document_warnings(lines_of(text), ())
    assert len(warnings) == 1
    assert warnings[0].line == 10
    assert "“牵头单位”" in warnings[0].message and "（3 处）" in warnings[0].message
    assert "未识别出任务" in warnings[0].message


def test_a_covering_notice_with_role_words_and_tasks_found_does_not_warn():
    text = NOTICE + ("1.新建城区污水管网10公里。（责任单位：县住建局；完成时限：2023年6月底前）\n"   # 8
                     "2.改造老旧小区12个。\n"                                                    # 9
                     "牵头单位：县住房和城乡建设局\n")                                          # 10
    assert document_warnings(lines_of(text), (task_at(8, 8), task_at(9, 10))) == ()


def test_role_words_in_running_prose_are_not_marks():
    text = NOTICE + ("县住建局牵头，县财政局配合，明确责任单位和时间节点。\n"
                     "管护责任单位或者责任人应当及时报告。\n"
                     "由县应急局牵头负责，各成员单位密切配合。\n")
    assert assignment_marks(lines_of(text)) == []
    assert document_warnings(lines_of(text), ()) == ()


def test_a_table_header_one_cell_per_line_warns_at_its_first_cell():
    text = NOTICE + ("序号 |\n"            # 8
                     "主要任务 |\n"        # 9
                     "分管 领导 |\n"       # 10
                     "牵头 单位 |\n"       # 11
                     "24 |\n"
                     "优化提升50条背街后巷交通组织。 |\n"
                     "城管局 |\n")
    (warning,) = document_warnings(lines_of(text), ())
    assert warning.line == 8
    assert warning.message == "表格（表头含“牵头单位”）未识别出任务"


@pytest.mark.parametrize("header", [
    "序号\t工作任务\t责任单位\t完成时限",
    "| 序号 | 工作任务 | 责任单位 | 完成时限 |",
    "序号 类别 主要任务 细化措施 牵头单位 参与单位 责任单位",
    "实事内容工作任务责任单位进展情况",            # a header run together
])
def test_table_headers_of_every_kind_are_marks(header):
    text = NOTICE + "附件\n" + header + "\n（表格为图片，未能转换）\n"
    (warning,) = document_warnings(lines_of(text), ())
    assert warning.line == 9 and warning.message.startswith("表格（表头含")


def test_a_document_with_tasks_warns_only_for_a_region_it_did_not_read():
    items = "".join(f"{n}.任务{n}。（责任单位：县住建局）\n" for n in range(1, 5))                # 8-11
    unread = "".join(f"第{n}项\n责任单位：县水利局\n完成时限：2023年底\n" for n in range(1, 4))  # 12-20
    text = NOTICE + items + "附件：水利任务清单\n" + unread                                     # 12: 附件
    tasks = [task_at(line, line) for line in range(8, 12)]
    (warning,) = document_warnings(lines_of(text), tasks)
    assert warning.line == 14                           # the first label after the attachment's heading
    assert "（6 处）" in warning.message and "其余任务已识别" in warning.message
    # Two stray labels are not a region worth a warning.
    few = NOTICE + items + "附件\n第1项\n责任单位：县水利局\n"
    assert document_warnings(lines_of(few), tasks) == ()


def test_a_table_that_could_not_be_aligned_is_said_where_it_starts():
    text = NOTICE + "序号\t工作任务\t责任单位\n1\t新建公园\n"   # 8: header
    warnings = document_warnings(lines_of(text), (), unaligned_tables=[(8, "列数不一致")])
    assert warnings == (ExtractionWarning(8, "表格未能对齐（列数不一致），表中任务未读出"),)
    # With tasks found elsewhere the table still warns.
    tasks = [task_at(20, 20)]
    assert [w.line for w in document_warnings(lines_of(text), tasks, [(8, "列数不一致")])] == [8]


def test_the_pipeline_attaches_warnings_to_the_document():
    text = NOTICE + "附件\n重点任务分工表\n序号\t工作任务\t责任单位\t完成时限\n（表格为图片，未能转换）\n"
    (document,) = extract_text(text, "plan.txt")
    assert document.tasks == ()
    assert [warning.line for warning in document.warnings] == [10]
    extracted = ExtractedFile("plan.txt", "plan.txt", "0" * 64, "utf-8", (document,))
    (line,) = file_warnings(extracted)
    assert line.startswith("plan.txt 第 10 行（某政办发〔2023〕9号《")
    assert line.endswith("未识别出任务，请检查原文或手工录入")
    assert stored_text(document.warnings) == "第 10 行：表格（表头含“责任单位”“完成时限”）未识别出任务"


def test_describe_names_file_line_document_and_what_to_do():
    text = NOTICE + "牵头单位：县住建局\n"
    (document,) = extract_text(text, "plan.txt")
    warning = ExtractionWarning(8, "有“牵头单位”等分工字样（1 处），但未识别出任务")
    unnamed = replace(document, number=None, title=None)
    assert describe("plan.txt", unnamed, warning) == \
        "plan.txt 第 8 行：有“牵头单位”等分工字样（1 处），但未识别出任务，请检查原文或手工录入"


@pytest.mark.parametrize("seed", SEEDS, ids=lambda path: path.name[:3])
def test_seeds_give_no_warning(seed):
    extracted = extract_file(seed)
    assert extracted.tasks
    assert file_warnings(extracted) == []
