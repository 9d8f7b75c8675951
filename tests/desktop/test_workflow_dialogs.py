"""The 延期 and 办结 dialogs, driven through their widgets (who reviews, a review of one's own request),
the history's columns, and the report's two deadlines on paper."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from desktop.detail_panel import DetailPanel
from desktop.closure_dialog import ClosureApplyDialog, ClosureDecision, ClosureInput, ClosureReviewDialog
from desktop.extension_dialog import (ExtensionDecision, ExtensionInput, ExtensionRequestDialog,
                                      ExtensionReviewDialog)
from models.access.signer import Signer
from models.paper.report_pdf import write_report_pdf
from models.supervision.queries import task_history
from models.upkeep.importing import store_extracted
from models.paper.reports import weekly_report
from models.registry.schema import Task
from models.supervision.workflow import (apply_for_closure, closure_evidence, decide_closure, decide_extension,
                             extensions_of, is_closed, pending_closures, pending_extensions, request_extension)
from tests.models.builders import clock_at, extracted, plan, task

OCTOBER_END = date(2023, 10, 31)
NOVEMBER_END = date(2023, 11, 30)
DECEMBER_END = date(2023, 12, 31)
TEXT = "1 修复道路（牵头：县住建局）"


@pytest.fixture
def road(registry: Path) -> int:
    store_extracted(extracted([plan("平政发〔2023〕3号", "城市更新方案", [
        task("修复道路", seq="1", lead=("县住建局",), due=OCTOBER_END)])]))
    return Task.get().id


def shown(dialog: QDialog, qtbot) -> QDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def answer_modal(act: Callable[[QWidget], None]) -> None:
    """Act on the modal dialog that ``ask`` opens, once it is open; reject it if it never acts."""
    attempts = [0]

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        attempts[0] += 1
        if dialog is None and attempts[0] < 200:
            QTimer.singleShot(10, run)
        elif dialog is not None:
            act(dialog)
            if dialog.isVisible():   # the test's input was refused: do not block the suite
                dialog.reject()

    QTimer.singleShot(0, run)


# -- 申请延期 ---------------------------------------------------------------------------

def test_request_dialog_shows_both_deadlines_and_refuses_a_date_not_later(road: int, qtbot) -> None:
    decide_extension(request_extension(road, NOVEMBER_END, "雨季停工").id, True, "李主任")
    current = Task.get_by_id(road)
    dialog = shown(ExtensionRequestDialog(None, TEXT, current.current_deadline, current.original_deadline,
                                          ["县住房和城乡建设局"], who="张三"), qtbot)
    assert dialog.current.text() == "2023年11月30日（原定2023年10月31日，已延期）"
    dialog.new_date.setDate(QDate(2023, 11, 30))
    dialog.reason.setPlainText("材料未到货")
    assert dialog.later.text() == "须晚于当前完成时限"
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "必须晚于当前完成时限2023年11月30日" in dialog.error.text()

    dialog.new_date.setDate(QDate(2023, 12, 31))
    dialog.reason.setPlainText("  ")
    assert dialog.later.text() == "较当前完成时限延后 31 天"
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "延期理由" in dialog.error.text()

    dialog.reason.setPlainText("材料未到货")
    dialog.department.setCurrentIndex(1)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Accepted
    request = dialog.request()
    assert request == ExtensionInput(DECEMBER_END, "材料未到货", "张三", "县住房和城乡建设局")
    stored = request_extension(road, request.new_deadline, request.reason, request.requested_by,
                               request.department)
    assert (stored.previous_deadline, stored.requested_deadline, stored.state) == (NOVEMBER_END, DECEMBER_END,
                                                                                   "待审批")


def test_request_dialog_ask_returns_the_input_or_none(road: int, qtbot) -> None:
    def fill(dialog: QWidget) -> None:
        dialog.new_date.setDate(QDate(2023, 11, 30))
        dialog.reason.setPlainText("雨季停工")
        dialog.ok_button.click()

    answer_modal(fill)
    assert ExtensionRequestDialog.ask(None, TEXT, OCTOBER_END, OCTOBER_END) == ExtensionInput(
        NOVEMBER_END, "雨季停工", "", None)
    answer_modal(lambda dialog: dialog.reject())
    assert ExtensionRequestDialog.ask(None, TEXT, OCTOBER_END, OCTOBER_END) is None


# -- 审批延期 ---------------------------------------------------------------------------

def test_review_dialog_shows_the_request_and_approves(road: int, qtbot) -> None:
    request_extension(road, NOVEMBER_END, "雨季停工", requested_by="张三", department="县住建局")
    dialog = shown(ExtensionReviewDialog(None, TEXT, extensions_of(road)), qtbot)
    details = dialog.details.text()
    for words in ("张三、县住房和城乡建设局", "2023年10月31日 → 申请延至2023年11月30日", "延后 30 天", "理由：雨季停工"):
        assert words in details
    assert dialog.requests_box.count() == 1
    qtbot.mouseClick(dialog.approve_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "审核人" in dialog.error.text() and dialog.decision() is None

    dialog.decided_by.setText("李主任")
    dialog.note.setPlainText("同意")
    qtbot.mouseClick(dialog.approve_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Accepted
    decision = dialog.decision()
    assert decision == ExtensionDecision(pending_extensions(road)[0].id, True, "同意", "李主任")
    decide_extension(decision.request_id, decision.approve, decision.decided_by, decision.note)
    assert Task.get_by_id(road).current_deadline == NOVEMBER_END


def test_review_dialog_rejects_and_lists_earlier_decisions(road: int, qtbot) -> None:
    decide_extension(request_extension(road, NOVEMBER_END, "雨季停工").id, False, "李主任")
    request_extension(road, DECEMBER_END, "材料未到货")
    dialog = shown(ExtensionReviewDialog(None, TEXT, extensions_of(road), Signer("王科长", False)), qtbot)
    assert "申请延至2023年11月30日，已驳回" in dialog.earlier.text()
    assert "申请延至2023年12月31日" in dialog.details.text()
    qtbot.mouseClick(dialog.reject_button, Qt.MouseButton.LeftButton)
    assert dialog.decision() == ExtensionDecision(pending_extensions(road)[0].id, False, "", "王科长")
    decide_extension(dialog.decision().request_id, False, "王科长")
    assert Task.get_by_id(road).current_deadline == OCTOBER_END


def test_the_approver_is_the_office_s_signer_editable_only_without_accounts(road: int, qtbot) -> None:
    request_extension(road, NOVEMBER_END, "雨季停工", requested_by="张三")
    account = shown(ExtensionReviewDialog(None, TEXT, extensions_of(road), Signer("督查室 王五", True)), qtbot)
    assert account.decided_by.text() == "督查室 王五" and account.decided_by.isReadOnly()
    office = shown(ExtensionReviewDialog(None, TEXT, extensions_of(road), Signer("督查室王主任", False)), qtbot)
    assert office.decided_by.text() == "督查室王主任" and not office.decided_by.isReadOnly()
    unnamed = shown(ExtensionReviewDialog(None, TEXT, extensions_of(road)), qtbot)
    assert unnamed.decided_by.text() == "" and not unnamed.own_review.isVisible()


def test_approving_one_s_own_request_takes_a_deliberate_tick(road: int, qtbot) -> None:
    request_extension(road, NOVEMBER_END, "雨季停工", requested_by="王主任")
    dialog = shown(ExtensionReviewDialog(None, TEXT, extensions_of(road), Signer("李主任", False)), qtbot)
    assert not dialog.own_review.isVisible()
    dialog.decided_by.setText("王主任")                      # the one who asked
    assert dialog.own_review.isVisible() and not dialog.own_review.isChecked()
    qtbot.mouseClick(dialog.approve_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.decision() is None
    assert "审核人与申请人同为“王主任”" in dialog.error.text() and "本人申请、本人审核" in dialog.error.text()
    dialog.own_review.setChecked(True)
    dialog.note.setPlainText("同意")
    qtbot.mouseClick(dialog.approve_button, Qt.MouseButton.LeftButton)
    decision = dialog.decision()
    assert decision == ExtensionDecision(pending_extensions(road)[0].id, True, "同意（本人申请、本人审核）", "王主任")
    decide_extension(decision.request_id, decision.approve, decision.decided_by, decision.note)
    assert "本人申请、本人审核" in task_history(road)[-1].note           # the history says so


def test_the_tick_goes_when_the_names_differ_again(road: int, application, qtbot) -> None:
    dialog = shown(ClosureReviewDialog(None, TEXT, application, reviewer=Signer("张三", False)), qtbot)
    assert dialog.own_review.isVisible()                       # 张三 applied
    dialog.own_review.setChecked(True)
    dialog.decided_by.setText("李主任")
    assert not dialog.own_review.isVisible() and not dialog.own_review.isChecked()
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert dialog.decision() == ClosureDecision(application.id, True, "", "李主任")


def test_closing_one_s_own_application_is_marked(road: int, application, qtbot) -> None:
    dialog = shown(ClosureReviewDialog(None, TEXT, application, reviewer=Signer("张三", False)), qtbot)
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "审核人与申请人同为“张三”" in dialog.error.text()
    dialog.own_review.setChecked(True)
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert dialog.decision() == ClosureDecision(application.id, True, "本人申请、本人审核", "张三")


def test_review_dialog_without_a_pending_request_cannot_decide(road: int, qtbot) -> None:
    dialog = shown(ExtensionReviewDialog(None, TEXT, []), qtbot)
    assert not dialog.approve_button.isEnabled() and not dialog.reject_button.isEnabled()
    assert "没有待审批" in dialog.error.text()


# -- 申请办结 ---------------------------------------------------------------------------

def test_apply_dialog_requires_a_note_and_returns_the_files(road: int, qtbot, tmp_path: Path) -> None:
    photo = tmp_path / "验收照片.jpg"
    photo.write_bytes(b"jpeg")
    dialog = shown(ClosureApplyDialog(None, TEXT, ["县住房和城乡建设局"], who="张三"), qtbot)
    dialog.add_files([str(photo), str(photo)])
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "办结情况说明" in dialog.error.text()

    dialog.note.setPlainText("道路已通车")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Accepted
    application = dialog.request()
    assert application == ClosureInput("道路已通车", "张三", None, (str(photo),))
    closure = apply_for_closure(road, application.note, application.applied_by, application.department,
                                application.files)
    assert closure.state == "待审核" and closure_evidence([closure.id]) == {closure.id: ["验收照片.jpg"]}


# -- 审核办结 ---------------------------------------------------------------------------

@pytest.fixture
def application(road: int, tmp_path: Path):
    photo = tmp_path / "验收照片.jpg"
    photo.write_bytes(b"jpeg")
    apply_for_closure(road, "道路已通车", applied_by="张三", department="县住建局", files=[photo])
    return pending_closures(road)[0]


def test_review_closure_dialog_returns_only_with_a_reason(road: int, application, qtbot) -> None:
    dialog = shown(ClosureReviewDialog(None, TEXT, application, closure_evidence([application.id])[application.id],
                                       Signer("李主任", False)), qtbot)
    assert dialog.application.text() == "道路已通车"
    assert [dialog.evidence.item(row).text() for row in range(dialog.evidence.count())] == ["验收照片.jpg"]
    qtbot.mouseClick(dialog.return_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "退回理由" in dialog.error.text() and dialog.decision() is None

    dialog.reason.setPlainText("缺少验收报告")
    qtbot.mouseClick(dialog.return_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    decision = dialog.decision()
    assert decision == ClosureDecision(application.id, False, "缺少验收报告", "李主任")
    decide_closure(decision.request_id, decision.close, decision.decided_by, decision.reason)
    assert Task.get_by_id(road).status == "推进中"
    assert task_history(road)[-1].note == "退回办结申请：缺少验收报告"


def test_review_closure_dialog_closes(road: int, application, qtbot) -> None:
    dialog = shown(ClosureReviewDialog(None, TEXT, application), qtbot)
    assert dialog.evidence.item(0).text() == "（未附佐证材料）"
    dialog.decided_by.setText("李主任")
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    decision = dialog.decision()
    assert (decision.close, decision.reason) == (True, "")
    decide_closure(decision.request_id, decision.close, decision.decided_by, today=date(2023, 11, 2))
    assert is_closed(road) and Task.get_by_id(road).closed_on == date(2023, 11, 2)


def test_review_dialogs_ask_return_none_when_cancelled(road: int, application, qtbot) -> None:
    """``ask`` opens the dialog modally and gives back its decision."""
    answer_modal(lambda dialog: dialog.reject())
    assert ClosureReviewDialog.ask(None, TEXT, application) is None

    def close(dialog: QWidget) -> None:
        dialog.decided_by.setText("李主任")
        dialog.close_button.click()

    answer_modal(close)
    assert ClosureReviewDialog.ask(None, TEXT, application).close is True


# -- the history ----------------------------------------------------------------------------

def test_the_history_s_time_column_fits_its_text(road: int, application, qtbot) -> None:
    decide_closure(application.id, False, "李主任", reason="缺少验收报告")
    panel = DetailPanel()
    qtbot.addWidget(panel)
    panel.resize(700, 300)
    panel.show()
    panel.history.set_history(task_history(road), {})
    view, metrics = panel.history_view, panel.history_view.fontMetrics()
    for column in (0, 1, 2):        # time, status, progress: never cut
        widest = max(metrics.horizontalAdvance(panel.history.data(panel.history.index(row, column)))
                     for row in range(panel.history.rowCount()))
        assert view.columnWidth(column) >= widest, column


# -- the weekly report on paper -------------------------------------------------------------

def test_report_pdf_shows_original_and_current_deadline(road: int, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    clock_at(monkeypatch, datetime(2023, 11, 20, 9))      # approved before the report's Monday
    decide_extension(request_extension(road, NOVEMBER_END, "雨季停工").id, True, "李主任")
    path = tmp_path / "report.pdf"
    write_report_pdf(weekly_report(date(2023, 12, 4), county="平顺县"), path)
    text = "".join(page.extract_text() for page in PdfReader(path).pages).replace("\n", "")
    assert "2023年11月30日" in text and "原定2023年10月31日，已延期" in text


# A task as long as the gazettes' longest, wrapped over several lines at the dialogs' width.
LONG_TASK = ("二/（三） 强化电子签名支撑。依托电子签章平台，拓展全县电子签名服务功能，并与省电子签名系统互联互通，"
             "实现个人电子签名申请、采集、生成、签署、验签、注销等功能，开放遵循标准且安全合规的技术对接服务接口，"
             "为具有手写签名环节的政务服务事项“网上办”、“指尖办”提供支撑，促进电子材料“随时随地随签”。") * 2


@pytest.mark.parametrize("make", [
    lambda: ClosureApplyDialog(None, LONG_TASK, ["县住建局"], "张三"),
    lambda: ExtensionRequestDialog(None, LONG_TASK, OCTOBER_END, departments=["县住建局"], who="张三",
                                   today=date(2023, 10, 1)),
], ids=["申请办结", "申请延期"])
def test_a_long_task_grows_the_request_dialog_instead_of_crowding_its_form(qtbot, make):
    """Shrunk as far as it goes, the wrapped task text still sits above the form, not on it."""
    dialog = make()
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    dialog.resize(dialog.width(), 120)
    qtbot.wait(20)
    siblings = sorted((child for child in dialog.findChildren(QWidget)
                       if child.parentWidget() is dialog and child.isVisible() and not child.isWindow()),
                      key=lambda child: child.geometry().top())
    overlaps = [(type(a).__name__, type(b).__name__) for i, a in enumerate(siblings) for b in siblings[i + 1:]
                if a.geometry().intersects(b.geometry())]
    assert overlaps == []
    assert dialog.buttons.geometry().bottom() <= dialog.height()
