"""The title, number and date of a plan that comes alone (a saved web page, a bare
table), made-up shapes of what real ones show: the page's disclosure block, the
site's furniture, a covering notice quoting the plan, a file name, no title at all."""
from __future__ import annotations

from datetime import date

import pytest

from importers.pipeline import extract_text

TABLE = ("序号 | 工作任务 | 责任单位 | 完成时限 |\n"
         "1 | 完成老旧小区改造12个 | 县住建局 | 2024年10月底前 |\n"
         "2 | 新建污水管网8公里 | 县水务局 | 2024年12月底前 |\n")


def only(text: str):
    (document,) = extract_text(text, "page.txt")
    return document


def test_a_disclosure_block_in_a_table_gives_title_number_and_date_and_is_never_the_title() -> None:
    document = only("索 引 号 | 000000001/2024-00042 | 公开方式 | 主动公开 |\n"
                    "发布机构 | 某县人民政府办公室 | 文　号 | 某政办发〔2024〕7号 |\n"
                    "名　称 | 某县2024年城市更新重点任务分解表 | 成文日期 | 2024-03-05 |\n" + TABLE)
    assert document.title == "某县2024年城市更新重点任务分解表"
    assert document.number == "某政办发〔2024〕7号"
    assert document.issue_date == date(2024, 3, 5)
    assert [task.plan_title for task in document.tasks] == ["某县2024年城市更新重点任务分解表"] * 2


def test_a_disclosure_block_one_pair_a_line_with_empty_values() -> None:
    document = only("索 引 号:\n发布机构: 某省某某委员会\n名 称: 某省某某委2024年政务公开工作重点任务台账\n"
                    "发文日期: 2024年03月16日\n文 号:\n" + TABLE)
    assert document.title == "某省某某委2024年政务公开工作重点任务台账"
    assert document.number is None and document.issue_date == date(2024, 3, 16)


def test_the_site_s_furniture_is_passed_over_for_the_name_the_covering_notice_quotes() -> None:
    document = only("当前位置:首页 > 政务公开 > 通知公告\n发布日期:2024-05-14 09:44 浏览次数:\n"
                    "某县人民政府办公室关于印发《某县全面推行林长制主要任务\n分解方案》的通知\n"
                    "各乡镇人民政府，县直各单位：\n现将方案印发给你们，请认真贯彻执行。\n" + TABLE)
    assert document.title == "某县全面推行林长制主要任务分解方案"


def test_a_plan_agreed_by_the_government_is_named_by_its_quote_not_by_the_date_line() -> None:
    document = only("各乡镇人民政府，县直各单位：\n《以降低成本为核心优化营商环境的若干措施》已经县政府同意，现印发给你们。\n"
                    "2024年6月30日\n以降低成本为核心优化营商环境的若干措施\n" + TABLE)
    assert document.title == "以降低成本为核心优化营商环境的若干措施"


def test_a_line_that_reads_as_a_title_a_file_name_s_suffix_dropped() -> None:
    assert only("2024年重大民生实事项目目标任务责任分解表.docx\n" + TABLE).title == \
        "2024年重大民生实事项目目标任务责任分解表"
    assert only("编辑：某某 2024-03-14\n某区2024年重点工作（预下达）一季度进展情况表\n" + TABLE).title == \
        "某区2024年重点工作（预下达）一季度进展情况表"


def test_an_annex_mark_above_the_title_is_no_word_of_it() -> None:
    assert only("附件\n某县2024年重点工作任务分解表\n" + TABLE).title == "某县2024年重点工作任务分解表"
    assert only("附件2：某县2024年重点工作任务分解表\n" + TABLE).title == "某县2024年重点工作任务分解表"


def test_no_title_rather_than_a_wrong_one() -> None:
    assert only(TABLE).title is None
    assert only("欢迎来到某县水利局！\n工作任务\n2024年6月30日\n" + TABLE).title is None


def test_a_notice_heading_without_quotes_names_its_plan_and_a_wrapped_title_reads_whole() -> None:
    assert only("关于印发某县2024年安全生产工作要点的通知\n" + TABLE).title == "某县2024年安全生产工作要点"
    assert only("某县2024年重点民生\n实事项目季度推进表\n" + TABLE).title == "某县2024年重点民生实事项目季度推进表"


def test_a_notice_title_above_the_page_s_source_and_date_lines_ends_before_them() -> None:
    (document,) = extract_text("某县人民政府办公室关于对2024年民生实事进行重点督办的通知\n来源:县政府办\n"
                               "发布日期:2024-03-01\n点击数:人次\n某政办〔2024〕20号\n"
                               "各乡镇人民政府:\n现将任务分解下达。\n" + TABLE, "page.txt")
    assert document.number == "某政办〔2024〕20号"
    assert document.title == "关于对2024年民生实事进行重点督办的通知"


def test_a_title_wrapped_below_its_covering_notice_reads_whole_not_as_its_last_piece() -> None:
    # The last piece (任务分解方案, 加快…的实施方案) reads as a title alone: the whole one wins.
    def notice(plan: str) -> str:
        return (f"某县人民政府办公室关于印发{plan}的通知\n\n某政办发〔2024〕3号\n\n各乡镇人民政府，县直各单位：\n\n"
                "现将方案印发给你们，请认真贯彻落实。\n\n某县人民政府办公室\n\n2024年2月20日\n\n")
    items = "一、主要目标\n\n1.地区生产总值增长6%左右。\n\n牵头单位：县发改局\n\n责任单位：各乡镇\n"
    document = only(notice("某县2024年重点工作任务分解方案") + "某县2024年重点工作\n\n任务分解方案\n\n" + items)
    assert [task.plan_title for task in document.tasks] == ["某县2024年重点工作任务分解方案"]
    document = only(notice("全面推进乡村振兴加快农业农村现代化的实施方案")
                    + "全面推进乡村振兴\n加快农业农村现代化的实施方案\n" + items)
    assert [task.plan_title for task in document.tasks] == ["全面推进乡村振兴加快农业农村现代化的实施方案"]


def test_a_line_above_a_title_with_its_own_year_is_no_part_of_it() -> None:
    assert only("欢迎访问某县林业局网站\n某县2024年林长制重点任务责任清单\n" + TABLE).title == \
        "某县2024年林长制重点任务责任清单"
    document = only("某县人民政府办公室关于印发某县2024年春季造林绿化工作方案的通知\n某县2024年造林工作方案\n"
                    "一、重点任务\n（一）完成人工造林1.2万亩。（责任单位：县林业局）\n")
    assert [task.plan_title for task in document.tasks] == ["某县2024年造林工作方案"]


PLAN = ("某县人民政府办公室关于印发某县2024年农村公路建设工作方案的通知\n各乡镇人民政府，县直各部门：\n"
        "现将方案印发给你们，请认真贯彻落实。\n某县2024年农村公路建设工作方案\n一、主要任务\n"
        "1.新建农村公路30公里。\n责任单位：县交通局\n")


@pytest.mark.parametrize("block", [
    # pairs separated by spaces only, two to a line
    "索 引 号 000000001/2024-00012 发文日期 2024-01-03\n发布机构 某县人民政府办公室 文    号 某政办〔2024〕1号\n"
    "分   类 政务公开 有 效 性 有效",
    "文号: 某政办〔2024〕1号 成文日期: 2024-01-03",                    # a value ends where the next label starts
    "• 发文序号:某政办〔2024〕1 号\n• 成文日期:2024-01-03",             # list marks, a space inside the number
    "- 文件编号:某政办〔2024〕1号\n- 发布日期:2024-01-03",
    "【字 号】某政办〔2024〕1号\n【成文日期】2024-01-03",                # labels in brackets
    "名称: 某县人民政府办公室关于印发工作方案的通知 文号: 某政办〔2024〕1号 发文日期: 2024-01-03",
    "名稱: 某县2024年农村公路建设工作方案 文號: 某政办〔2024〕1号\n成文日期: 2024-01-03",   # traditional labels
    "文号：某政办〔2024〕1号 统一编号：ZJ0000-2024-0001\n成文日期：2024-01-03",       # a register's number beside it
])
def test_a_disclosure_block_in_the_forms_sites_write_gives_number_and_date(block: str) -> None:
    document = only(block + "\n" + PLAN)
    assert document.number == "某政办〔2024〕1号"
    assert document.issue_date == date(2024, 1, 3)
    assert [task.plan_title for task in document.tasks] == ["某县2024年农村公路建设工作方案"]


@pytest.mark.parametrize("block", ["文 号: 文件分类: 综合政务 所属机构: 某县人民政府办公室", "文号：无\n成文日期：2024-01-03"])
def test_an_empty_number_in_a_disclosure_block_is_none_not_the_next_label(block: str) -> None:
    assert only(block + "\n" + PLAN).number is None


def test_a_breakdown_titled_by_its_year_or_ending_in_fen_jie_is_a_plan_title_of_its_own() -> None:
    items = "一、经济发展\n1.一般公共预算收入增长6%。\n责任单位：县财政局\n"
    document = only("各乡镇人民政府，县直各单位：\n《某县2024年政府工作报告重点工作责任分解》已经县政府常务会议审议通过，现印发给你们，请认真抓好落实。\n"
                    "某县人民政府办公室\n2024年2月10日\n(此件公开发布)\n某县2024年政府工作报告重点工作责任分解\n" + items)
    assert [task.plan_title for task in document.tasks] == ["某县2024年政府工作报告重点工作责任分解"]
    (document,) = extract_text("某政办〔2024〕1号\n某县人民政府办公室关于印发2024年县《政府工作报告》确定的主要目标任务"
                               "责任分解方案的通知\n各乡镇人民政府：\n现印发给你们。\n某县人民政府办公室\n2024年1月3日\n"
                               "2024年县《政府工作报告》确定的主要目标任务责任分解方案\n" + items, "page.txt")
    assert [task.plan_title for task in document.tasks] == ["2024年县《政府工作报告》确定的主要目标任务责任分解方案"]


def test_each_annexed_table_is_named_by_its_own_title_not_by_the_notice_s_list_of_annexes() -> None:
    document = only("某县人民政府办公室关于印发2024年县政府工作报告目标任务的通知\n各乡镇人民政府，县直各部门：\n"
                    "现将目标任务分解印发给你们，请认真贯彻落实。\n附件:1. 2024年县政府工作报告预期目标任务分解表\n"
                    "2. 2024年县政府工作报告重点工作任务分解表\n某县人民政府办公室\n2024年1月21日\n附件1\n"
                    "2024年县政府工作报告预期目标任务分解表\n序号\n预期目标\n责任单位\n1\n地区生产总值增长6%左右\n县发改局\n"
                    "附件2\n2024年县政府工作报告重点工作任务分解表\n序号\n工作任务\n牵头单位\n配合单位\n1\n建设县城智慧停车平台\n"
                    "县住建局\n县公安局\n")
    assert [task.plan_title for task in document.tasks] == ["2024年县政府工作报告预期目标任务分解表",
                                                             "2024年县政府工作报告重点工作任务分解表"]


def test_a_title_wrapped_in_a_pdf_wider_than_its_body_lines_reads_whole() -> None:
    # A title's larger type wraps at fewer characters: joined, it is wider than a body line.
    body = ("现将《某县农村公路提质增效三年行动\n\n实施方案》印发给你们，请结合实际认真\n\n"
            "贯彻落实。各乡镇要明确专人负责，每月\n\n5日前将工作进展报县交通局，县交通局\n\n"
            "汇总后报县政府办公室。县政府督查室将\n\n适时开展督查，确保各项任务按期完成。\n\n")
    (document,) = extract_text("某政办发〔2023〕12号\n\n各乡镇人民政府，县直各有关单位：\n\n" + body
                               + "某县人民政府办公室\n\n2023年4月6日\n\n某县农村公路提质增效\n\n三年行动实施方案\n\n"
                               "一、重点任务\n\n1.新改建农村公路30公里。（责任单位：\n\n县交通局；完成时限：10月底前）\n",
                               "gazette.txt")
    assert [task.plan_title for task in document.tasks] == ["某县农村公路提质增效三年行动实施方案"]


def test_a_title_s_period_on_the_line_below_is_part_of_it() -> None:
    (document,) = extract_text("某政办发〔2023〕8号\n某县人民政府办公室关于印发某县农村公路提质增效行动方案（2023—2025年）的通知\n"
                               "各乡镇人民政府：\n现将方案印发给你们。\n某县人民政府办公室\n2023年4月6日\n"
                               "某县农村公路提质增效行动方案\n（2023—2025年）\n一、重点任务\n"
                               "1.新改建农村公路30公里。（责任单位：县交通局；完成时限：2023年10月底前）\n", "gazette.txt")
    assert [task.plan_title for task in document.tasks] == ["某县农村公路提质增效行动方案（2023—2025年）"]


def test_a_notice_heading_wrapped_inside_its_quote_is_no_plan_title() -> None:
    (document,) = extract_text("某政发〔2023〕3号\n\n某县人民政府\n\n关于印发《2023年县政府工作报告任务分解\n\n一览表》的通知\n\n"
                               "各乡镇人民政府：\n\n现将《2023年县政府工作报告任务分解一览表》印发给你们。\n\n某县人民政府\n\n"
                               "2023年2月1日\n\n一、经济发展\n\n1.地区生产总值增长6%。（责任单位：县发改局）\n", "gazette.txt")
    assert [task.plan_title for task in document.tasks] == ["2023年县政府工作报告任务分解一览表"]


def test_a_notice_that_carries_its_own_tasks_is_named_by_its_heading_not_by_a_reference_it_quotes() -> None:
    document = only("某县人民政府关于2024年县政府重点工作及责任分解的通知\n各乡镇人民政府，县政府各部门：\n"
                    "现将《政府工作报告》确定的2024年重点工作分解如下，请认真抓好落实。\n一、确保完成主要预期目标\n"
                    "1.地区生产总值增长6%左右。（县发改局负责）\n")
    assert document.title == "某县人民政府关于2024年县政府重点工作及责任分解的通知"
    assert only("关于落实《政府工作报告》重点工作责任分工的意见\n" + TABLE).title != "政府工作报告"


def test_an_issue_date_written_with_a_look_alike_zero() -> None:
    (document,) = extract_text("某政发〔2018〕7号\n某县人民政府关于印发某县城区停车设施建设方案的通知\n各乡镇人民政府：\n"
                               "现将方案印发给你们。\n某县人民政府\n二○一八年四月四日\n某县城区停车设施建设方案\n"
                               "1.新建城区停车位500个。（责任单位：县住建局）\n", "gazette.txt")
    assert document.issue_date == date(2018, 4, 4)


def test_an_urgent_notice_is_named_by_its_heading() -> None:
    document = only("关于开展平安县城区环境提升宣传的紧急通知\n为迎接测评，开展集中宣传。具体方案如下：\n" + TABLE)
    assert document.title == "关于开展平安县城区环境提升宣传的紧急通知"


@pytest.mark.parametrize("suffix", ["_第1页", " 第4页", "（第2/2页）"])
def test_a_mirror_s_page_in_the_title_is_no_part_of_it(suffix) -> None:
    document = only("某县2024年城市更新工作方案" + suffix + "\n" + TABLE)
    assert document.title == "某县2024年城市更新工作方案"


def test_a_site_s_column_tag_before_the_title_is_no_part_of_it() -> None:
    document = only("【县政府文件】某县人民政府关于2024年县政府重点工作及责任分解的通知\n发布时间：2024-02-03 17:29\n" + TABLE)
    assert document.title == "某县人民政府关于2024年县政府重点工作及责任分解的通知"


def test_a_notice_title_after_a_bare_place_names_its_plan() -> None:
    (document,) = extract_text("平安关于印发平安县优化营商环境行动方案的通知\n为优化营商环境，制定本方案。\n"
                               "一、重点任务\n（一）推行审批清单管理。（责任单位：县行政审批局）\n", "page.txt")
    assert document.title == "平安县优化营商环境行动方案"


def test_a_notice_of_progress_is_named_by_its_heading() -> None:
    (document,) = extract_text("关于平安县2025年民生实事项目进展情况的通报\n一、部分项目进展滞后\n"
                               "1.新建城区幼儿园2所。（牵头单位：县教体局；完成时限：9月底前）\n", "page.txt")
    assert document.title == "关于平安县2025年民生实事项目进展情况的通报"



def test_a_progress_report_named_by_its_own_line_not_by_a_section_heading() -> None:
    document = only("某县1至6月份民生实事推进情况通报\n现将1至6月份民生实事推进情况通报如下：\n一、总体情况\n"
                    "全县20项民生实事已完成8项，9项达到序时进度，3项进度滞后，请有关单位加快推进。\n二、部分项目进展情况\n"
                    "1、农村公路提质改造，牵头单位：县交通局。其中，进度较慢的为城关镇。\n")
    assert document.title == "某县1至6月份民生实事推进情况通报"
    assert [(task.text, task.lead) for task in document.tasks] == [("农村公路提质改造", ("县交通局",))]


@pytest.mark.parametrize("crumbs", ["您当前所在位置：首页 > 政务公开 > 重点工作", "您现在所在的位置：首页 > 政务公开",
                                    "关怀版 无障碍\n您的位置：首页 > 政务公开"])
def test_a_site_s_tools_and_any_form_of_its_breadcrumb_are_never_the_title(crumbs: str) -> None:
    document = only(crumbs + "\n关于印发某县2024年民生实事项目的通知\n" + TABLE)
    assert document.title == "某县2024年民生实事项目"


def test_a_plan_quoted_in_angle_brackets_is_named_without_them() -> None:
    document = only("某县人民政府办公室关于印发〈某县2024年政务公开工作要点〉的通知\n" + TABLE)
    assert document.title == "某县2024年政务公开工作要点"


def test_a_gazette_s_contents_and_a_table_s_cells_are_no_title_of_the_table_below() -> None:
    document = only("平安县人民政府公报\n2025年第3号\n目录\n县政府文件\n县人民政府关于印发平安县养犬管理办法的通知\n"
                    "县人民政府办公室关于农村道路提升工作任务分工的通知\n序号\n工作任务\n责任单位\n完成时限\n"
                    "1\n硬化新华镇至东山村道路8公里\n新华镇人民政府\n6月底前\n2\n建立农村公路问题台账\n县交通运输局\n年底前\n")
    assert document.title not in ("平安县养犬管理办法", "县人民政府办公室关于农村道路提升工作任务分工的通知")
    assert "台账" not in (document.title or "")
    assert len(document.tasks) == 2


def test_a_title_written_twice_around_a_site_s_notice_is_one_title() -> None:
    document = only("平安县入河排污口整治攻坚方案\n- 1、下载文档前请自行甄别文档内容的完整性。\n"
                    "平安县入河排污口整治攻坚方案\n一、攻坚任务\n"
                    "1.完成排污口溯源整治30个。（责任单位：县生态环境分局；完成时限：10月底前）\n")
    assert [task.plan_title for task in document.tasks] == ["平安县入河排污口整治攻坚方案"]


def test_a_title_ending_in_zhuangkuang_is_the_title_and_no_header_word_is_taken_into_it() -> None:
    # (…落实状况 over a table one cell per line whose number column has an unknown name: the title had
    # run on into the header's words, 落实状况任务项工作任务)
    document = only("某县交通运输局2025年第三季度重点任务落实状况\n\n任务项\n\n工作任务\n\n责任股室\n\n完成状况\n\n"
                    "1\n\n完成国道改线工程路基施工。\n\n建设股\n\n已完成路基施工12公里。\n")
    assert document.title == "某县交通运输局2025年第三季度重点任务落实状况"
    assert [(task.seq, list(task.responsible)) for task in document.tasks] == [("1", ["建设股"])]
