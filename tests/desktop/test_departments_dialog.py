"""单位管理: the departments view, driven as the office would — filter, mark a typo after
seeing what moves, merge, rename, aliases, collective names, confirm, the county."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.departments_dialog import (ALIASES, COUNTY, DEPARTMENT_ROLE, KIND, LEAD, LIKELY, NAME, TASKS,
                                        ChooseDepartmentDialog, ConfirmDialog, DepartmentsDialog,
                                        DepartmentTableModel, NameDialog)
from desktop.workers import TaskRunner
from models.access.accounts import authenticate, create_account
from models.access.actor import Actor
from models.registry.counties import registry_county
from models.registry.department_overview import department_overview
from models.registry.schema import Assignment, Department, DepartmentAlias, Task
from models.upkeep.importing import store_extracted
from tests.models.builders import extracted, plan, task

PIANGUAN, PINGSHUN = "偏关县", "平顺县"


@pytest.fixture
def wetlands(registry):
    """Two counties' plans, imported together (so the registry has no county of its own yet);
    偏关's has the seed's two typos, 县水利财局 and 县政局."""
    store_extracted(extracted([
        plan("偏政办发〔2023〕30号", "湿地保护修复制度方案", [
            task("管控", seq="1", responsible=("县林业局", "县水利财局")),
            task("修复", seq="2", responsible=("县林业局", "县政局", "县自然资源局")),
            task("规范", seq="3", lead=("县水利局",), responsible=("县财政局",)),
            task("惩处", seq="4", responsible=("县水利局", "县财政局")),
            task("救助", seq="5", lead=("县民政局",), cooperating=("各乡镇",)),
        ], issuer="偏关县人民政府办公室"),
        plan("平政办发〔2023〕2号", "平顺方案", [
            task("平顺水利", seq="1", lead=("县水利局",), cooperating=("县发改局",)),
        ], issuer="平顺县人民政府办公室"),
    ]))
    return registry


@pytest.fixture
def runner():
    runner = TaskRunner()
    yield runner
    runner.shutdown()


def settle(qtbot, runner: TaskRunner) -> None:
    qtbot.waitUntil(lambda: not runner.busy, timeout=10_000)


@pytest.fixture
def dialog(qtbot, wetlands, runner):
    dialog = DepartmentsDialog(runner, Actor.local())
    qtbot.addWidget(dialog)
    dialog.show()
    settle(qtbot, runner)
    return dialog


def names(dialog: DepartmentsDialog) -> list[str]:
    model = dialog.model
    return [model.data(model.index(row, NAME)) for row in range(model.rowCount())]


def select(dialog: DepartmentsDialog, name: str, county: str = PIANGUAN) -> None:
    model = dialog.model
    for row in range(model.rowCount()):
        info = model.data(model.index(row, NAME), DEPARTMENT_ROLE)
        if (info.name, info.county) == (name, county):
            dialog.view.selectRow(row)
            return
    raise AssertionError(f"{name}（{county}） not shown")


def answer(monkeypatch, dialog_class, value, asked: list | None = None) -> None:
    def ask(cls, *args, **kwargs):
        if asked is not None:
            asked.append((args, kwargs))
        return value
    monkeypatch.setattr(dialog_class, "ask", classmethod(ask))


def test_the_model_passes_the_model_tester(wetlands, qtmodeltester):
    model = DepartmentTableModel()
    model.set_records(department_overview())
    qtmodeltester.check(model)
    rows = {model.data(model.index(row, NAME)): row for row in range(model.rowCount())
            if model.data(model.index(row, COUNTY)) == PIANGUAN}
    finance = rows["县财政局"]
    assert model.data(model.index(finance, TASKS)) == 2 and model.data(model.index(finance, LEAD)) == 0
    assert model.data(model.index(rows["县政局"], LIKELY)) == "可能是“县财政局”（或 县民政局）"
    assert "县民政局" in model.data(model.index(rows["县政局"], LIKELY), Qt.ItemDataRole.ToolTipRole)
    assert model.data(model.index(rows["各乡（镇）人民政府"], KIND)) == "集合名称"
    assert "未撤销" in model.headerData(TASKS, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)


def test_it_shows_every_department_by_county_and_filters(dialog):
    shown = {(info.county, info.name) for info in dialog.model.records}
    assert {(PIANGUAN, "县水利局"), (PINGSHUN, "县水利局"), (PINGSHUN, "县发展改革和科学技术局")} <= shown
    assert "尚未设定所属县" in dialog.county_line.text() and "偏关县、平顺县" in dialog.county_line.text()
    dialog.county_filter.setCurrentText(PINGSHUN)
    assert sorted(names(dialog)) == ["县发展改革和科学技术局", "县水利局"]
    dialog.county_filter.setCurrentText("全部县")
    dialog.suspects_only.setChecked(True)
    assert sorted(names(dialog)) == ["县政局", "县水利财局"]
    dialog.suspects_only.setChecked(False)
    dialog.search.setText("发改")                  # an alias finds its department
    assert names(dialog) == ["县发展改革和科学技术局"]


def test_a_typo_is_merged_after_seeing_what_moves(dialog, qtbot, runner, monkeypatch):
    select(dialog, "县水利财局")
    water = Department.get((Department.name == "县水利局") & (Department.county == PIANGUAN)).id
    chosen, confirmed = [], []
    monkeypatch.setattr(ChooseDepartmentDialog, "ask", classmethod(
        lambda cls, title, prompt, choices, preselect=None, parent=None: chosen.append((choices, preselect))
        or preselect))
    answer(monkeypatch, ConfirmDialog, True, confirmed)
    dialog.typo_button.click()
    settle(qtbot, runner)
    choices, preselect = chosen[0]
    assert preselect == water                                # the likely match is offered first
    assert all("（偏关县）" in label for _ident, label in choices)   # only its county's departments
    lines = confirmed[0][0][1]                                # (title, lines, accept text, parent)
    assert lines[0] == "县水利财局 并入 县水利局：" and "1 项任务的 1 条分工改记到 县水利局" in lines
    assert not Department.select().where(Department.name == "县水利财局").exists()
    assert DepartmentAlias.get(DepartmentAlias.name == "县水利财局").department_id == water
    assert "县水利财局" not in names(dialog) and dialog.made_changes
    assert dialog.message.text() == "“县水利财局”已并入“县水利局”"
    assert dialog.selected().name == "县水利局"


def test_nothing_changes_when_the_office_says_no(dialog, qtbot, runner, monkeypatch):
    select(dialog, "县政局")
    answer(monkeypatch, ChooseDepartmentDialog, Department.get(Department.name == "县民政局").id)
    answer(monkeypatch, ConfirmDialog, False)
    dialog.merge_button.click()
    settle(qtbot, runner)
    assert Department.select().where(Department.name == "县政局").exists() and not dialog.made_changes


def test_a_refused_merge_is_said_in_the_dialog(dialog, qtbot, runner, monkeypatch):
    select(dialog, "县水利局", PINGSHUN)
    answer(monkeypatch, ChooseDepartmentDialog, Department.get(Department.name == "各乡（镇）人民政府").id)
    answer(monkeypatch, ConfirmDialog, True)
    dialog.merge_button.click()
    settle(qtbot, runner)
    assert "集合名称（多个单位），不能与单个单位合并" in dialog.message.text()
    assert Department.select().where(Department.name == "县水利局").count() == 2


def test_rename_aliases_collective_and_confirm(dialog, qtbot, runner, monkeypatch):
    select(dialog, "县政局")
    answer(monkeypatch, NameDialog, "县政研室")
    dialog.rename_button.click()
    settle(qtbot, runner)
    assert dialog.selected().name == "县政研室" and "县政局" in dialog.selected().aliases

    answer(monkeypatch, NameDialog, "县政研中心")
    dialog.add_alias_button.click()
    settle(qtbot, runner)
    assert set(dialog.selected().aliases) == {"县政局", "县政研中心"}
    model = dialog.model
    row = dialog.view.currentIndex().row()
    assert "县政研中心" in model.data(model.index(row, ALIASES))

    answer(monkeypatch, NameDialog, "县政局")
    dialog.remove_alias_button.click()
    settle(qtbot, runner)
    assert dialog.selected().aliases == ("县政研中心",)

    dialog.confirm_button.click()
    settle(qtbot, runner)
    assert dialog.selected().confirmed and dialog.confirm_button.text() == "取消确认"
    assert dialog.selected().likely is None

    dialog.collective_button.click()
    settle(qtbot, runner)
    assert dialog.selected().is_group and dialog.collective_button.text() == "取消集合名称"


def test_an_alias_of_another_body_moves_after_a_question(dialog, qtbot, runner, monkeypatch):
    """平顺's 县发改局: give it to 县水利局 (a wrong move, for the test) — the office is told first."""
    select(dialog, "县水利局", PINGSHUN)
    answer(monkeypatch, NameDialog, "县发改局")
    asked = []
    answer(monkeypatch, ConfirmDialog, True, asked)
    dialog.add_alias_button.click()
    settle(qtbot, runner)
    lines = asked[0][0][1]
    assert lines[0] == "“县发改局”现在指“县发展改革和科学技术局”。" and "1 条分工" in lines[1]
    water = Department.get((Department.name == "县水利局") & (Department.county == PINGSHUN))
    assert {row.written_name for row in Assignment.select().where(Assignment.department == water)} == {
        "县水利局", "县发改局"}


def test_the_county_is_asked_and_set(dialog, qtbot, runner, monkeypatch):
    asked = []
    answer(monkeypatch, NameDialog, PIANGUAN, asked)
    dialog.county_button.click()
    settle(qtbot, runner)
    assert asked[0][0][3] == [PIANGUAN, PINGSHUN]             # the counties the documents named, offered
    assert registry_county() == PIANGUAN
    assert dialog.county_line.text().startswith("登记册所属县：偏关县")
    assert [info.county for info in dialog.model.records][0] == PIANGUAN   # its departments first


def test_a_liaison_reads_but_changes_nothing(wetlands, qtbot, runner):
    create_account("office1", "office-password-1", "office")
    office = authenticate("office1", "office-password-1")
    water = Department.get((Department.name == "县水利局") & (Department.county == PIANGUAN)).id
    create_account("water", "liaison-password-1", "liaison", department=water, actor=office)
    dialog = DepartmentsDialog(runner, authenticate("water", "liaison-password-1"))
    qtbot.addWidget(dialog)
    settle(qtbot, runner)
    select(dialog, "县水利局")
    assert dialog.model.rowCount() > 0
    assert not any(button.isEnabled() for button in (*dialog.row_buttons, dialog.county_button))


def test_opened_from_the_window_it_reloads_after_a_change(wetlands, qtbot, runner, monkeypatch):
    said, reloaded = [], []

    class Context:
        parent = None

        def __init__(self) -> None:
            self.runner = runner

        @staticmethod
        def actor():
            return Actor.local()

        report = staticmethod(said.append)
        status = staticmethod(lambda text, timeout=0: said.append(text))
        reload = staticmethod(lambda task_id=None, message="": reloaded.append(message))

    def drive(dialog: DepartmentsDialog) -> None:
        qtbot.addWidget(dialog)
        settle(qtbot, runner)
        select(dialog, "县政局")
        dialog.confirm_button.click()
        settle(qtbot, runner)

    monkeypatch.setattr(DepartmentsDialog, "show_dialog", staticmethod(drive))
    DepartmentsDialog.open_for(Context())
    assert said == ["已确认“县政局”是独立的单位"] and reloaded == ["单位已更新"]
    assert Department.get(Department.name == "县政局").confirmed_at is not None
    assert Task.select().count() == 6


def test_the_tools_menu_opens_it(wetlands, qtbot, tmp_path, monkeypatch):
    from PySide6.QtCore import QSettings

    from desktop.main_window import MainWindow

    runner = TaskRunner()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(wetlands, runner, settings, Actor.local())
    qtbot.addWidget(window)
    window.load()
    settle(qtbot, runner)
    shown = []

    def show(dialog: DepartmentsDialog) -> None:
        settle(qtbot, runner)
        shown.append(dialog.model.rowCount())

    monkeypatch.setattr(DepartmentsDialog, "show_dialog", staticmethod(show))
    tools = next(action.menu() for action in window.menuBar().actions() if action.text() == "工具")
    next(action for action in tools.actions() if action.text() == "单位管理…").trigger()
    assert shown == [len(department_overview())]
    runner.shutdown()


def test_an_answer_after_closing_is_dropped(wetlands, qtbot, runner):
    dialog = DepartmentsDialog(runner, Actor.local())      # its first read is on the worker now
    qtbot.addWidget(dialog)
    dialog.reject()
    settle(qtbot, runner)
    assert dialog.model.rowCount() == 0 and dialog.message.text() == " "
