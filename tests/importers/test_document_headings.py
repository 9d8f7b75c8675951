"""The heading of a numbered document as real pages write it, made-up shapes: a masthead under
a web page's title, the issuer and the title on one line, a party document's date in brackets
under its title. Each had named the plan wrongly or lost its year."""
from __future__ import annotations

from datetime import date

import pytest

from importers.pipeline import extract_text

ITEM = "一、推进农村改厕\n1.完成农村户厕改造800户。（责任单位：县农业农村局；完成时限：10月底前）\n"


def only(text: str):
    (document,) = extract_text(text, "page.txt")
    return document


def test_a_masthead_under_a_web_page_s_title_is_not_the_title_s_second_line() -> None:
    document = only("关于做好2025年农村人居环境整治重点工作的意见\n发布日期：2025-03-20\n中共平安县委文件\n"
                    "平发〔2025〕3号\n" + ITEM)
    assert document.title == "关于做好2025年农村人居环境整治重点工作的意见"
    assert document.number == "平发〔2025〕3号"


def test_the_issuer_and_a_title_of_measures_on_one_line_under_the_number() -> None:
    document = only("平政发〔2025〕6号\n平安市人民政府关于2025年促进消费的若干措施\n各县（市、区）人民政府：\n" + ITEM)
    assert document.title == "关于2025年促进消费的若干措施"
    assert [task.deadline.due for task in document.tasks] == [date(2025, 10, 31)]


def test_a_party_document_s_date_in_brackets_under_its_title_is_its_issue_date() -> None:
    document = only("平发〔2025〕2号\n中共平安县委 平安县人民政府\n关于加快推进农村人居环境整治的意见\n"
                    "（2025年3月18日）\n" + ITEM)
    assert document.issue_date == date(2025, 3, 18)
    assert [task.deadline.due for task in document.tasks] == [date(2025, 10, 31)]


def test_a_date_in_brackets_between_the_title_and_the_number_is_the_issue_date() -> None:
    document = only("平安县人民政府关于印发春耕生产工作安排的通知\n（2009年3月12日）\n平政发〔2009〕7号\n"
                    "各乡镇人民政府：\n" + ITEM)
    assert document.issue_date == date(2009, 3, 12)
    assert document.title == "春耕生产工作安排"
    assert [task.deadline.due for task in document.tasks] == [date(2009, 10, 31)]


def test_policies_and_opinions_and_a_year_s_division_of_work_name_their_plans() -> None:
    documents = extract_text("平政发〔2025〕6号\n平安县推进乡村振兴的实施意见\n" + ITEM
                             + "平政办发〔2025〕9号\n平安县2025年重点工作责任分工\n" + ITEM, "gazette.txt")
    assert [document.title for document in documents] == ["平安县推进乡村振兴的实施意见", "平安县2025年重点工作责任分工"]
    assert [task.deadline.due for task in documents[1].tasks] == [date(2025, 10, 31)]


def test_a_number_a_crawler_cut_still_starts_its_document() -> None:
    notice = ("平安县人民政府办公室关于印发{}的通知\n{}\n各乡镇人民政府：\n现将《{}》印发给你们。\n"
              "平安县人民政府办公室\n{}\n{}\n1.{}（责任单位：县住建局；完成时限：6月底前）\n")
    first, second = extract_text(
        notice.format("城区绿化工作方案", "平政办发〔2023〕65号", "城区绿化工作方案", "2023年12月28日", "城区绿化工作方案",
                      "新建口袋公园5处。")
        + notice.format("公路养护工作方案", "平政办发〔20252", "公路养护工作方案", "2025年1月6日", "公路养护工作方案",
                        "修补县乡道路面80公里。"), "gazette.txt")
    assert (second.number, second.issue_date) == ("平政办发〔20252", date(2025, 1, 6))
    assert [task.deadline.due for task in second.tasks] == [date(2025, 6, 30)]
    assert first.number == "平政办发〔2023〕65号"


def test_a_number_in_a_converter_s_symbol_brackets() -> None:
    document = only("平政办发„2023‟15号\n平安县人民政府办公室关于印发城区停车治理方案的通知\n" + ITEM)
    assert document.number == "平政办发„2023‟15号"


def test_a_notice_without_a_number_after_a_numbered_one_is_a_document_of_its_own() -> None:
    first, second = extract_text(
        "平安县人民政府办公室关于印发城区绿化工作方案的通知\n平政办发〔2023〕65号\n各乡镇人民政府：\n"
        "现将《城区绿化工作方案》印发给你们。\n平安县人民政府办公室\n2023年12月28日\n城区绿化工作方案\n"
        "1.新建口袋公园5处。（责任单位：县住建局；完成时限：6月底前）\n部门文件\n"
        "平安县残疾人联合会关于做好2025年康复服务工作的通知\n各乡镇残联：\n现就有关工作通知如下：\n"
        "1.开展残疾儿童康复筛查。（责任单位：县残联康复部；完成时限：3月底前）\n平安县残疾人联合会\n2025年1月5日\n",
        "gazette.txt")
    assert (first.number, first.issue_date) == ("平政办发〔2023〕65号", date(2023, 12, 28))
    assert (second.number, second.issue_date) == (None, date(2025, 1, 5))
    assert [task.deadline.due for task in second.tasks] == [date(2025, 3, 31)]


def test_a_title_in_traditional_characters_after_the_number() -> None:
    document = only("平府〔2021〕54號\n平安縣人民政府關於加強農村公路養護的實施意見\n各鄉鎮人民政府：\n" + ITEM)
    assert document.title == "關於加強農村公路養護的實施意見"


def test_a_number_opening_a_web_title_line_is_the_plan_s_number() -> None:
    document = only("平政办〔2019〕3号—县人民政府办公室关于印发2019年重点工作责任分解方案的通知\n"
                    "各乡镇人民政府：\n" + ITEM)
    assert document.number == "平政办〔2019〕3号"


def test_a_number_written_twice_at_one_heading_starts_one_document() -> None:
    documents = extract_text("平政发〔2023〕2号\n发布日期：2023-02-10\n"
                             "平政发〔2023〕2号平安县人民政府关于印发2023年重点工作分解方案的通知\n"
                             "各乡镇人民政府：\n" + ITEM, "page.txt")
    assert [document.number for document in documents] == ["平政发〔2023〕2号"]



@pytest.mark.parametrize("written", ["平政发〔\n2025〕27号", "平政发\n〔2025〕27号", "平政发〔2025〕\n27号", "平政发〔2025〕27\n号"])
def test_a_number_a_line_break_cut_in_two_is_the_plan_s_number(written: str) -> None:
    document = only("平安县人民政府文件\n" + written + "\n平安县人民政府关于印发集贸市场提升工作方案的通知\n"
                    "各乡镇人民政府：\n" + ITEM)
    assert document.number == "平政发〔2025〕27号"
    assert document.title == "集贸市场提升工作方案"


def test_two_numbered_documents_in_a_gazette_each_with_its_number_cut_by_a_line_break() -> None:
    documents = extract_text("平政发〔\n2025〕3号\n平安县人民政府关于印发春耕方案的通知\n" + ITEM
                             + "平政办发〔2025〕\n4号\n平安县人民政府办公室关于印发秋收方案的通知\n" + ITEM, "gazette.txt")
    assert [document.number for document in documents] == ["平政发〔2025〕3号", "平政办发〔2025〕4号"]
    assert [len(document.tasks) for document in documents] == [1, 1]


def test_the_issuer_and_the_date_on_one_signature_line_give_the_issue_date_and_no_title() -> None:
    document = only("平政办发〔2025〕8号\n平安县人民政府办公室关于印发背街小巷整治工作方案的通知\n各乡镇人民政府：\n"
                    "现将《背街小巷整治工作方案》印发给你们，请认真贯彻执行。\n平安县人民政府办公室          2025年3月2日\n"
                    "平安县背街小巷整治工作方案\n一、主要任务\n1.整治背街小巷20条。（责任单位：县住建局，10月底前完成）\n")
    assert document.issue_date == date(2025, 3, 2)
    assert [task.plan_title for task in document.tasks] == ["平安县背街小巷整治工作方案"]
    assert [task.deadline.due for task in document.tasks] == [date(2025, 10, 31)]


def test_a_masthead_line_of_the_office_and_the_date_without_its_day_mark() -> None:
    document = only("平安县人民政府督查室          2025年8月19\n关于重点工作上半年落实情况的通报\n"
                    "一、进展滞后的工作\n1.城区污水管网改造工程进度滞后。（责任单位：县住建局，10月底前完成）\n")
    assert document.issue_date == date(2025, 8, 19)
    assert [task.deadline.due for task in document.tasks] == [date(2025, 10, 31)]


@pytest.mark.parametrize("title", ["平安镇2025年重点工作任务", "平安县2025年民生实事", "平安县2025年为民办实事",
                                   "关于2025年整改任务销号的公示"])
def test_a_title_naming_the_year_s_tasks_gives_their_year(title: str) -> None:
    document = only(title + "\n" + ITEM)
    assert [task.plan_title for task in document.tasks] == [title]
    assert [task.deadline.due for task in document.tasks] == [date(2025, 10, 31)]


@pytest.mark.parametrize("issuer", ["平安县人民政府督查室", "平安县政府", "平安县防汛抗旱指挥部", "平安经济开发区管委会",
                                    "平安县城乡环境整治领导小组", "平安县总河长办"])
def test_a_notice_without_a_number_after_a_numbered_one_by_any_office(issuer: str) -> None:
    documents = extract_text("平政发〔2024〕9号\n平安县人民政府关于印发供水提升方案的通知\n2024年6月2日\n" + ITEM
                             + issuer + "关于开展村庄清洁专项督查的通知\n各乡镇人民政府：\n" + ITEM + "2025年7月3日\n",
                             "gazette.txt")
    assert [document.number for document in documents] == ["平政发〔2024〕9号", None]
    assert documents[1].title == "关于开展村庄清洁专项督查的通知"
    assert [task.deadline.due for task in documents[1].tasks] == [date(2025, 10, 31)]


def test_a_number_in_brackets_after_a_plan_s_own_title_line() -> None:
    documents = extract_text("平政发〔2021〕9号\n平安县人民政府关于印发供水提升方案的通知\n2021年3月2日\n" + ITEM
                             + "2022年县政府重点工作任务（平政发〔2022〕2号）\n2022年2月20日\n" + ITEM, "gazette.txt")
    assert [document.number for document in documents] == ["平政发〔2021〕9号", "平政发〔2022〕2号"]
    assert [task.plan_title for task in documents[1].tasks] == ["2022年县政府重点工作任务"]
    assert [task.deadline.due for task in documents[1].tasks] == [date(2022, 10, 31)]


@pytest.mark.parametrize("block", [
    "文件名称 | 平安县重点工作推进情况的通报 | ||\n公开责任部门 | 平安县政府办公室 | 公开形式: | 主动公开 |\n"
    "文号 | 平政办发〔2025〕17号 | 成文日期: | 2025年09月14日 |\n",
    "[ 发布机构 ] | 平安县人民政府办公室 | [ 发文日期 ] | 2025-09-14 |\n[ 文 号 ] | 平政办发〔2025〕17号 |\n"
    "[ 名 称 ] | 平安县重点工作推进情况的通报 |\n"])
def test_a_disclosure_block_s_number_and_date_in_other_sites_labels(block: str) -> None:
    document = only(block + ITEM)
    assert document.number == "平政办发〔2025〕17号"
    assert document.issue_date == date(2025, 9, 14)
    assert [task.deadline.due for task in document.tasks] == [date(2025, 10, 31)]


@pytest.mark.parametrize("written", ["二〇二五年三月十日", "2025年3月10日"])
def test_the_number_and_the_issue_date_on_one_masthead_line(written: str) -> None:
    document = only(f"平安县人民政府\n关于落实2025年县政府工作报告重点工作的分工意见\n平府发〔2025〕3号 {written}\n"
                    "各乡（镇）人民政府，县级有关部门：\n" + ITEM)
    assert document.number == "平府发〔2025〕3号"
    assert document.issue_date == date(2025, 3, 10)
    assert [task.deadline.due for task in document.tasks] == [date(2025, 10, 31)]


@pytest.mark.parametrize(("digits", "above", "expected"), [
    ("20231228", "平安县人民政府办公室", date(2023, 12, 28)),
    ("2024327", "平安县人民政府", date(2024, 3, 27)),      # only 3-27 fits
    ("2015115", "平安县人民政府", None),                   # 1-15 or 11-5: not read
    ("20241301", "平安县人民政府", None),                  # no month 13
    ("20231228", "现将方案印发给你们，请认真贯彻落实。", None),  # a figure in the body, not under the issuer
])
def test_a_signature_date_that_lost_its_characters(digits: str, above: str, expected) -> None:
    from importers.documents import _date_in_digits

    assert _date_in_digits(digits, above) == expected


@pytest.mark.parametrize("number", ["平政办函〔2025〕10003号", "平政发〔2025〕6号"])
def test_a_number_of_up_to_five_digits_starts_its_document(number: str) -> None:
    document = only("平安县人民政府文件\n" + number + "\n平安县人民政府关于印发集贸市场提升工作方案的通知\n"
                    "各乡镇人民政府：\n" + ITEM)
    assert document.number == number
    assert document.title == "集贸市场提升工作方案"


@pytest.mark.parametrize("line", ["2025-03-12", "2025-03-12   作者: 点击数:", "2025-03-12 09:30 来源：县水利局"])
def test_a_site_s_date_alone_under_a_title_is_the_issue_date(line: str) -> None:
    """(not a content farm's date of its copy, 2024-07-18 来源:某某范文网: see the test below)"""
    document = only("平安县农村改厕工作方案——县农业农村局\n" + line + "\n" + ITEM)
    assert document.title == "平安县农村改厕工作方案——县农业农村局"
    assert document.issue_date == date(2025, 3, 12)
    assert [task.deadline.due for task in document.tasks] == [date(2025, 10, 31)]


@pytest.mark.parametrize("block", [
    "索引号:  PA-2025-000456 主题分类:  农业\n发文机构:  县政府办公室 发文文号:  平政办发〔2025〕9号\n"
    "发文日期:  2025年03月05日 公文时效:  有效\n",
    "  • 索引号:\n\n    PA-2025-000456\n  • 发布机构:\n\n    县政府办公室\n  • 发文字号:\n\n    平政办发〔2025〕9号\n"
    "  • 发文日期:\n\n    2025年03月05日 16:40\n  • 有效性:\n\n  • 内容概述:\n\n",
    # (the office by other words after the number on its line: 发布机关, 发布部门)
    "发文文号: 平政办发〔2025〕9号 发布机关: 县政府办公室\n发文日期: 2025年03月05日\n",
    "文号：平政办发〔2025〕9号 发布部门：县政府办公室 成文日期：2025年03月05日\n"])
def test_a_disclosure_block_in_other_sites_words_and_values_under_their_labels(block: str) -> None:
    document = only("平安县人民政府办公室关于春耕生产重点工作分工的通知\n" + block + "各乡镇人民政府：\n" + ITEM)
    assert document.number == "平政办发〔2025〕9号"
    assert document.issue_date == date(2025, 3, 5)
    assert [task.deadline.due for task in document.tasks] == [date(2025, 10, 31)]


def test_a_content_farm_s_date_of_its_copy_is_no_issue_date() -> None:
    document = only("平安县农村改厕工作方案范文\n2024-07-18 来源:某某范文网\n" + ITEM)
    assert document.issue_date is None


def test_an_annex_s_list_named_only_by_its_kind_keeps_the_plan_s_title() -> None:
    """附件 / 重点任务清单 over a table: the list's kind, no title of its own (no year, no place); its rows are
    the plan's, titled and dated by it."""
    document = only("平安县2025年工业园区提质增效行动方案\n一、总体要求\n按照县委县政府部署，推动园区高质量发展。\n附件\n"
                    "重点任务清单\n序号\t工作任务\t牵头单位\t完成时限\n1\t新建标准化厂房5万平方米。\t县工业园区管委会\t10月底前\n")
    assert [task.plan_title for task in document.tasks] == ["平安县2025年工业园区提质增效行动方案"]
