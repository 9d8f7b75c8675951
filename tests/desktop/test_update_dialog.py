"""更新进展's layout: marking 已完成 shows 完成日期 without squeezing the evidence list onto its buttons."""
from datetime import date

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from desktop.update_dialog import UpdateDialog, UpdateRequest


SHORT = "一/3 加快推进农村公路提质改造，2023年底前完成县乡道改造30公里。"
# A task as long as the gazettes' longest: wrapped over several lines.
LONG = ("二/（三） 强化电子签名支撑。依托电子签章平台，拓展全县电子签名服务功能，并与省电子签名系统互联互通，"
        "实现个人电子签名申请、采集、生成、签署、验签、注销等功能，开放遵循标准且安全合规的技术对接服务接口，"
        "为具有手写签名环节的政务服务事项“网上办”、“指尖办”提供支撑，促进电子材料“随时随地随签”，提升企业和群众的办事体验。")


@pytest.fixture(params=[SHORT, LONG], ids=["short task", "long task"])
def dialog(qtbot, request):
    dialog = UpdateDialog(None, request.param, "推进中", 40, ["县交通运输局", "县财政局"], who="张三",
                          today=date(2023, 11, 6))
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    return dialog


def name(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, (QLabel, QAbstractButton)) else ""
    return f"{type(widget).__name__}「{text[:12]}」" if text else type(widget).__name__


def touching(dialog: QWidget) -> list[tuple[str, str]]:
    """Pairs of visible widgets laid out in the dialog that overlap or lie within 2 px of each other."""
    widgets = [child for child in dialog.findChildren(QWidget)
               if child.parentWidget() is dialog and child.isVisible() and not child.isWindow()]
    return [(name(a), name(b)) for i, a in enumerate(widgets) for b in widgets[i + 1:]
            if a.geometry().adjusted(-2, -2, 2, 2).intersects(b.geometry())]


def test_marking_done_shows_the_date_in_the_same_height(qtbot, dialog):
    assert not dialog.completed_on.isVisible()
    assert touching(dialog) == []
    height, floor = dialog.height(), dialog.minimumSizeHint().height()
    dialog.status.setCurrentText("已完成")
    qtbot.waitUntil(dialog.completed_on.isVisible)
    assert dialog.progress.value() == 100
    # Nothing grows: a window manager that keeps the dialog's size has nothing to squeeze.
    assert dialog.minimumSizeHint().height() == floor
    assert dialog.height() == height
    assert dialog.completed_on.geometry().center().y() == pytest.approx(dialog.status.geometry().center().y(), abs=2)
    assert touching(dialog) == []


@pytest.mark.parametrize("status", ["推进中", "已完成"])
def test_no_widget_touches_another_even_at_the_smallest_size(qtbot, dialog, status):
    dialog.status.setCurrentText(status)
    dialog.resize(dialog.minimumSizeHint())
    qtbot.waitUntil(lambda: dialog.size() == dialog.minimumSizeHint())
    assert touching(dialog) == []
    files, buttons = dialog.files.geometry(), dialog.buttons.geometry()
    assert files.bottom() < buttons.top()


def test_the_request_carries_the_date_only_when_done(dialog):
    assert dialog.request().completed_on is None
    dialog.status.setCurrentText("已完成")
    assert dialog.request().completed_on == date(2023, 11, 6)


def test_a_restored_draft_says_so_without_crowding_the_form(qtbot):
    draft = UpdateRequest(status="已完成", progress=100, note="已上线", who="张三", department=None,
                          completed_on=date(2023, 11, 1), files=())
    dialog = UpdateDialog(None, LONG, "推进中", 60, ["县交通运输局"], today=date(2023, 11, 6), draft=draft)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    assert "已恢复" in dialog.error.text()
    qtbot.waitUntil(lambda: dialog.error.height() >= dialog.error.heightForWidth(dialog.error.width()))
    assert touching(dialog) == []
    assert dialog.request().completed_on == date(2023, 11, 1)


def test_not_started_is_nought_percent(qtbot):
    """Issue 12 §17: the dialog accepted 未开始 with 20 %."""
    dialog = UpdateDialog(None, SHORT, "未开始", 0, ["县交通运输局"], today=date(2023, 11, 6))
    qtbot.addWidget(dialog)
    dialog.progress.setValue(20)                   # progress on a task not started: it has started
    assert dialog.status.currentText() == "推进中"
    dialog.status.setCurrentText("未开始")          # and back: nought again
    assert dialog.progress.value() == 0
    dialog.status.blockSignals(True)               # a pair the form itself would not make
    dialog.status.setCurrentText("未开始")
    dialog.progress.blockSignals(True)
    dialog.progress.setValue(20)
    dialog.accept()
    assert dialog.result() != UpdateDialog.DialogCode.Accepted and "0%" in dialog.error.text()


def test_a_liaison_reports_in_its_departments_name_only(qtbot):
    """Issue 12 §17: 填报单位 showed 「（不指定）」 to a liaison, whose entry is filed under its department."""
    dialog = UpdateDialog(None, SHORT, "推进中", 40, ["县交通运输局", "县财政局"], today=date(2023, 11, 6),
                          own_department="县财政局")
    qtbot.addWidget(dialog)
    assert [dialog.department.itemText(index) for index in range(dialog.department.count())] == ["县财政局"]
    assert not dialog.department.isEnabled() and dialog.request().department == "县财政局"
    office = UpdateDialog(None, SHORT, "推进中", 40, ["县交通运输局", "县财政局"], today=date(2023, 11, 6))
    qtbot.addWidget(office)
    assert office.department.currentText() == "（不指定）" and office.request().department is None
    office.department.setCurrentIndex(2)
    assert office.request().department == "县财政局"
