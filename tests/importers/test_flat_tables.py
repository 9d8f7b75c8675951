"""Flattened tables: header words in every form, and a table that cannot be
aligned is reported with its line instead of read with shifted columns."""
import pytest

from importers.headers import header_words, meaning_of
from importers.pipeline import extract_text


@pytest.mark.parametrize("line, words", [
    ("序号 | 工作任务 | 责任单位 | 完成时限 |", ["序号", "工作任务", "责任单位", "完成时限"]),
    ("序号项目名称主要内容区政府分管领导牵头单位配合单位",
     ["序号", "项目名称", "主要内容", "区政府分管领导", "牵头单位", "配合单位"]),
    ("序号 类别 主要任务 牵头单位 参与单位 责任单位", ["序号", "类别", "主要任务", "牵头单位", "参与单位", "责任单位"]),
    ("主 要 工 作 任 务", ["主要工作任务"]),
    ("责任主体与协同单位 |", ["责任主体与协同单位"]),
    ("序号 | 实施地点 | 工作任务 | 责任单位 |", ["序号", "实施地点", "工作任务", "责任单位"]),
])
def test_header_words_in_any_form(line, words):
    assert header_words(line) == words


@pytest.mark.parametrize("line", ["明确具体要求、责任科室及完成时限", "2023年工作任务", "县教育局负责"])
def test_prose_is_no_header(line):
    assert header_words(line) is None


def test_column_meanings_of_distractors():
    assert [meaning_of(word) for word in ("分管领导", "1-10月推进情况", "是否达序", "备注", "责任主体与协同单位")] == [
        "person", "note", "note", "note", "responsible"]


def test_a_project_table_s_start_is_a_period_and_its_completion_a_deadline():
    # A task's text is its name and contents: a 竣工 column counts as its 完工 synonym does.
    assert [meaning_of(word) for word in ("计划开工时间", "计划竣工时间", "竣工时间", "计划完工时间")] == [
        "period", "deadline", "deadline", "deadline"]


def test_column_words_other_counties_use():
    assert [meaning_of(word) for word in ("重点工作", "主要工作", "工作要点", "主责单位", "主责部门", "时间要求",
                                          "完成节点", "具体要求")] == [
        "text", "text", "text", "lead", "lead", "deadline", "deadline", "text"]


@pytest.mark.parametrize("word", ["责任股室", "责任站所", "牵头办所"])
def test_a_town_s_and_a_bureau_s_column_words_are_header_words(word):
    assert header_words(word) == [word]


def test_column_words_of_schools_villages_and_offices_keep_the_older_ones():
    # 责任学校/责任村 name a column only as the whole word; 责任部门（单位） stays a unit column.
    assert [meaning_of(word) for word in ("责任学校", "责任村", "责任部门（单位）", "负责股室", "考核责任单位", "帮扶单位",
                                          "牵头办理单位", "分办单位", "整改期限", "指标")] == [
        "responsible", "responsible", "responsible", "responsible", "other_unit", "other_unit",
        "lead", "responsible", "deadline", "text"]


def test_a_table_that_cannot_be_aligned_says_where():
    text = "某县2024年重点工作任务表\n序号 | 工作任务 | 责任单位 | 完成时限 |\n| 甲 | 乙 |\n"
    document, = extract_text(text, "table.txt")
    assert document.tasks == ()
    assert [warning.line for warning in document.warnings] == [2]


@pytest.mark.parametrize("separator", ["\t", " | "])
def test_a_placeholder_in_the_deadline_cell_is_no_deadline_phrase(separator):
    # — or / or 无 says the cell was left empty: the registry would show "—" as the task's deadline.
    rows = [["序号", "重点任务", "牵头单位", "配合单位", "完成时限"], ["1", "新建游园2个", "县林业局", "无", "——"],
            ["2", "整治河道", "县水利局", "县财政局", "/"], ["3", "新建公园3个", "县城管局", "—", "9月底前"]]
    text = "某县2024年重点任务分解表\n" + "\n".join(separator.join(row) for row in rows) + "\n"
    tasks = [task for document in extract_text(text, "x.txt") for task in document.tasks]
    assert [(task.cooperating, task.deadline.text) for task in tasks] == [
        ((), None), (("县财政局",), None), ((), "9月底前")]


@pytest.mark.parametrize("note, leads", [
    ("注：责任单位中排在首位的为牵头单位", True), ("列第一位的为牵头单位", True), ("第一个单位为牵头单位", True),
    ("注：責任單位中排在首位的為牽頭單位", True),
    ("第一责任人为牵头单位主要负责同志", False),     # a person answers first: no reading of the lists
])
def test_a_plan_saying_its_first_unit_leads(note, leads):
    text = f"某县2024年重点任务\n{note}\n1.新建公园。（责任单位：县城管局、县财政局）\n"
    (task,) = [task for document in extract_text(text, "x.txt") for task in document.tasks]
    assert (task.lead, task.responsible) == ((("县城管局",), ("县财政局",)) if leads else ((), ("县城管局", "县财政局")))


def test_a_note_of_the_upper_level_s_lead_in_a_tab_row_is_no_task_and_no_unit():
    text = ("某县2025年任务分解\n序号\t重点工作任务\t责任单位\n1\t新建城区公园3个。\t县住建局、县自然资源局\n"
            "\t\t市牵头单位：市住建局\n2\t改造供水管网5公里。\t县水利局\n")
    tasks = [task for document in extract_text(text, "x.txt") for task in document.tasks]
    assert [(task.seq, task.lead, task.responsible) for task in tasks] == [
        ("1", (), ("县住建局", "县自然资源局")), ("2", (), ("县水利局",))]
