"""The task list model: cells, roles, sorting; the presenter driving it; the
tree's department counts; and Qt's own model checks."""
from datetime import date

from PySide6.QtCore import Qt

from desktop.roles import END_ROLE, START_ROLE, STATE_ROLE, TASK_ID_ROLE
from desktop.navigator import NavigatorModel
from desktop.presenter import TaskListPresenter
from desktop.task_table_model import DEADLINE, LEAD, SCHEDULE, STATE, TEXT, TaskTableModel
from importers.pipeline import extract_text
from importers.records import ExtractedFile
from models.supervision.assessment import assess
from models.supervision.listing import load_task_table
from models.upkeep.importing import store_extracted

PLAN = ("某县人民政府办公室\n关于印发某县2023年城市建设工作方案的通知\n某政办发〔2023〕9号\n2023年3月1日\n"
        "1.新建城区污水管网10公里。（牵头单位：县住建局；完成时限：2023年6月底前）\n"
        "2.改造老旧小区12个。（责任单位：县财政局；完成时限：2023年10月底前）\n"
        "3.长效管护。（责任单位：县财政局；完成时限：长期坚持）\n")


def store(text: str) -> None:
    store_extracted(ExtractedFile("plan.txt", "plan.txt", "x" * 64, "utf-8", tuple(extract_text(text, "plan.txt"))))


def loaded_model(qtmodeltester, as_of=date(2023, 7, 1)):
    store(PLAN)
    table = load_task_table()
    model = TaskTableModel()
    model.set_table(table, assess(table, as_of))
    qtmodeltester.check(model)
    return model


def test_cells_and_roles(registry, qtmodeltester):
    model = loaded_model(qtmodeltester)
    assert model.rowCount() == 3
    first = model.index(0, TEXT)
    assert model.data(first) == "新建城区污水管网10公里。"
    assert model.data(model.index(0, LEAD)) == "县住房和城乡建设局"
    assert model.data(model.index(0, DEADLINE)) == "2023年6月30日"
    assert model.data(model.index(2, DEADLINE)) == "长期坚持"
    assert model.data(model.index(0, STATE)) == "逾期"
    assert model.data(first, START_ROLE) == date(2023, 3, 1)
    assert model.data(first, END_ROLE) == date(2023, 6, 30)
    assert model.data(model.index(2, 0), STATE_ROLE) == "长期"
    assert isinstance(model.data(first, TASK_ID_ROLE), int)


def test_sort_by_deadline_and_back(registry, qtmodeltester):
    model = loaded_model(qtmodeltester)
    model.sort(DEADLINE, Qt.SortOrder.DescendingOrder)
    # Undated rows last in either direction.
    assert [model.data(model.index(row, DEADLINE)) for row in range(3)] == \
        ["2023年10月31日", "2023年6月30日", "长期坚持"]
    model.sort(DEADLINE, Qt.SortOrder.AscendingOrder)
    assert model.data(model.index(0, DEADLINE)) == "2023年6月30日"
    qtmodeltester.check(model)


def test_filter_rows(registry, qtmodeltester):
    model = loaded_model(qtmodeltester)
    table = model.table
    model.set_rows(table.select(text="老旧小区"))
    assert model.rowCount() == 1
    model.set_rows(table.select(states=["逾期"], state_of=model.state_of))
    assert model.rowCount() == 1
    qtmodeltester.check(model)


def test_a_new_snapshot_resets_the_list_once(registry, qtmodeltester):
    store(PLAN)
    table = load_task_table()
    model = TaskTableModel()
    presenter = TaskListPresenter(model)
    presenter.set_as_of(date(2023, 7, 1))
    resets = []
    model.modelReset.connect(lambda: resets.append(True))
    presenter.set_table(table)
    assert resets == [True] and model.rowCount() == 3
    assert model.date_range() == (date(2023, 3, 1), date(2023, 10, 31))
    presenter.set_filters(text="污水")
    assert model.rowCount() == 1 and model.date_range() == (date(2023, 3, 1), date(2023, 6, 30))
    qtmodeltester.check(model)


def test_schedule_cells_need_no_column_of_every_row(registry, qtmodeltester):
    model = loaded_model(qtmodeltester, as_of=date(2023, 5, 1))
    assert model.data(model.index(0, SCHEDULE)) == "51% 欠进度"       # 3月1日 to 6月30日 at 5月1日: 2 months and a day of 4
    model.sort(DEADLINE, Qt.SortOrder.AscendingOrder)
    assert "expected" not in model.assessment.__dict__                 # shown rows only, until a sort needs all
    model.sort(SCHEDULE, Qt.SortOrder.AscendingOrder)
    assert model.data(model.index(0, SCHEDULE)) == "51% 欠进度"


def test_department_counts_say_which_roles_they_count(registry, qapp):
    store(PLAN)
    table = load_task_table()
    assessment = assess(table, date(2023, 7, 1))
    navigator = NavigatorModel()
    navigator.populate(table, table.tallies(assessment.states, assessment.lights), {})
    departments = navigator.item(2)                 # after 全部任务 and 待办
    assert departments.text() == "单位（任务数含配合）" and "牵头、责任、配合均计入，每项任务计一次" in departments.toolTip()
    housing = departments.child(0)
    assert housing.toolTip().startswith("县") and "“统计”页默认只计牵头、责任，可切换为与此一致" in housing.toolTip()
