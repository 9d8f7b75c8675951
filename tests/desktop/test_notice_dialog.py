"""生成督办单 through the real window: the dialog first, nothing numbered before 签发, who signs,
a second notice within the reply time asks first, and every action dated by the clock."""
from __future__ import annotations

import shutil
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSettings

import desktop.notice
import models.paper.notices
from desktop.main_window import MainWindow
from desktop.notice_dialog import NoticeChoice, NoticeDialog
from models.access.accounts import create_account
from models.access.actor import Actor, sign_in
from models.access.signer import office_signer, set_office_signer
from models.paper.notices import issue_notice
from models.registry.database import close_registry, open_registry
from models.registry.schema import SupervisionNotice, Task
from models.rules.workdays import add_weekdays
from models.supervision.queries import task_history
from models.upkeep.importing import store_extracted
from tests.models.builders import extracted, plan, task

from .windows import open_main_window

AS_OF = date(2023, 11, 6)                  # the day the office looks at
CLOCK = datetime(2023, 11, 8, 10, 30)      # the day it acts: a Wednesday
PASSWORD = "correct-horse-1"


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> datetime:
    monkeypatch.setattr(models.paper.notices, "now", lambda: CLOCK)
    return CLOCK


@pytest.fixture
def tasks(tmp_path: Path) -> dict[str, int]:
    path = tmp_path / "office" / "registry.sqlite3"
    open_registry(path)
    store_extracted(extracted([plan("平政办发〔2023〕9号", "城市建设工作方案", [
        task("修建乡村公路20公里", seq="1", lead=("县交通局",), responsible=("县财政局",), due=date(2023, 10, 27)),
        task("改造老旧小区12个", seq="2", responsible=("县住建局",), due=date(2023, 9, 1)),
    ], issue_date=date(2023, 1, 1))]))
    found = {row.seq: row.id for row in Task.select()}
    yield {"road": found["1"], "housing": found["2"], "path": path}
    close_registry()


@pytest.fixture
def open_window(qtbot, tmp_path: Path, tasks, clock):
    windows: list[MainWindow] = []

    def make(actor: Actor | None = None, liaison_name: str = "赵丽") -> MainWindow:
        actor = actor or Actor.local()
        if actor.account_id is not None:
            sign_in(actor)
        settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
        settings.setValue("update/who", liaison_name)      # the liaison who last reported: never a signer
        window = open_main_window(qtbot, tasks["path"], tmp_path, actor=actor, as_of=AS_OF, settings=settings,
                                  until=lambda window: len(window.presenter.table) == 2 and not window.runner.busy)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.runner.shutdown()


class Person:
    """Stands in for the office at the notice dialog: ``exec`` shows it and runs the next act on it."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, qtbot) -> None:
        self.qtbot = qtbot
        self.acts: list = []
        self.dialogs: list[NoticeDialog] = []
        self.previews: list = []                 # (sheet, path) of issued notices' print previews
        monkeypatch.setattr(NoticeDialog, "exec", lambda dialog: self._exec(dialog))
        monkeypatch.setattr(desktop.notice, "show_notice_preview", self._preview)

    def _exec(self, dialog: NoticeDialog) -> int:
        dialog.show()
        self.dialogs.append(dialog)
        self.acts.pop(0)(dialog)
        if dialog.isVisible():
            dialog.reject()
        return dialog.result()

    def _preview(self, _parent, sheet, path: Path) -> int:
        self.previews.append(sheet)
        shutil.rmtree(path.parent, ignore_errors=True)
        return 0

    def wait_for_preview(self, dialog: NoticeDialog) -> str:
        """The text of the would-be notice's PDF, once drafted for what the form says now."""
        self.qtbot.waitUntil(lambda: dialog.previewed() == dialog.choice(), timeout=10_000)
        return "".join(page.extract_text() for page in PdfReader(dialog.preview_file()).pages).replace("\n", "")

    def open(self, window: MainWindow, task_id: int, *acts) -> None:
        """生成督办单 on ``task_id``; ``acts`` run on the dialog(s) it opens, in turn."""
        self.acts.extend(acts)
        opened = len(self.dialogs) + len(acts)
        window.select_row(window.model.row_of_task(task_id))
        window.tasks.issue_notice()
        self.qtbot.waitUntil(lambda: len(self.dialogs) == opened, timeout=10_000)
        self.qtbot.waitUntil(lambda: not window.runner.busy, timeout=10_000)


@pytest.fixture
def person(monkeypatch: pytest.MonkeyPatch, qtbot) -> Person:
    return Person(monkeypatch, qtbot)


def notices() -> list[SupervisionNotice]:
    return list(SupervisionNotice.select().order_by(SupervisionNotice.id))


# -- nothing is numbered before 签发 ------------------------------------------------------------

def test_the_dialog_previews_an_unnumbered_notice_and_only_signing_issues_it(open_window, person: Person, tasks,
                                                                             no_queries_on_the_gui_thread) -> None:
    window = open_window()
    set_office_signer("督查室王主任")
    seen: dict[str, object] = {}

    def look_then_cancel(dialog: NoticeDialog) -> None:
        assert "黄色督办单" in dialog.suggested.text() and "逾期10天" in dialog.suggested.text()
        assert "截至2023年11月6日" in dialog.suggested.text()        # judged on the as-of date …
        assert dialog.reply.text() == "3个工作日，2023年11月13日前反馈"   # … counted from the clock's day
        assert [dialog.colour.itemData(row) for row in range(dialog.colour.count())] == ["黄", "红"]
        assert dialog.department.currentText() == "县交通运输局" and dialog.signer.text() == "督查室王主任"
        text = person.wait_for_preview(dialog)
        assert "（签发时编号）" in text and "督〔" not in text
        assert "县交通运输局：" in text and "签发人：督查室王主任" in text and "2023年11月13日前" in text
        dialog.colour.setCurrentIndex(1)                              # the office raises it to 红
        assert dialog.reply.text() == "1个工作日，2023年11月9日前反馈" and "提级" in dialog.raised.text()
        text = person.wait_for_preview(dialog)
        assert "红色督办单" in text and "督查室提级为红色督办（问责）" in text
        seen["file"] = dialog.preview_file()
        with no_queries_on_the_gui_thread.allow():
            assert notices() == []
        dialog.reject()

    person.open(window, tasks["road"], look_then_cancel)
    assert notices() == [] and not Path(seen["file"]).exists()       # the draft went with the dialog
    assert task_history(tasks["road"]) == []

    def sign_red(dialog: NoticeDialog) -> None:
        dialog.colour.setCurrentIndex(1)
        person.wait_for_preview(dialog)
        dialog.issue_button.click()

    person.open(window, tasks["road"], sign_red)
    (notice,) = notices()
    assert (notice.number, notice.colour, notice.issued_by) == ("督〔2023〕1号", "红", "督查室王主任")
    assert notice.issued_at == CLOCK and notice.reply_by == date(2023, 11, 9)   # the clock, not 11-06
    assert [sheet.number for sheet in person.previews] == ["督〔2023〕1号"]
    assert task_history(tasks["road"])[-1].created_at == CLOCK
    assert "已签发红色督办单 督〔2023〕1号" in window.statusBar().currentMessage()


def test_a_task_that_needs_no_notice_opens_no_dialog(open_window, person: Person, tasks, qtbot) -> None:
    window = open_window()
    from models.supervision.updates import record_status_update
    record_status_update(tasks["road"], "已完成", 100)
    window.load(tasks["road"])
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=10_000)
    window.select_row(window.model.row_of_task(tasks["road"]))
    window.tasks.issue_notice()
    qtbot.waitUntil(lambda: window.errors.isVisible(), timeout=10_000)
    assert "无需督办：已完成" in window.errors.label.text()
    assert person.dialogs == [] and notices() == []


# -- who signs ------------------------------------------------------------------------------------

def test_the_zero_setup_office_names_itself_once_never_the_liaison(open_window, person: Person, tasks) -> None:
    window = open_window(liaison_name="赵丽")

    def unnamed(dialog: NoticeDialog) -> None:
        assert dialog.signer.text() == "" and not dialog.signer.isReadOnly()     # not 赵丽
        assert "首次签发" in dialog.signer_hint.text()
        dialog.issue_button.click()
        assert dialog.isVisible() and "签发人" in dialog.error.text()
        dialog.signer.setText("督查室王主任")
        text = person.wait_for_preview(dialog)
        assert "签发人：督查室王主任" in text
        dialog.issue_button.click()

    person.open(window, tasks["road"], unnamed)
    assert [notice.issued_by for notice in notices()] == ["督查室王主任"]
    assert task_history(tasks["road"])[-1].who == "督查室王主任"
    assert office_signer() == "督查室王主任"                       # kept for the next notice

    def named(dialog: NoticeDialog) -> None:
        assert dialog.signer.text() == "督查室王主任" and "改动后" in dialog.signer_hint.text()
        dialog.signer.setText("督查室李主任")
        person.wait_for_preview(dialog)
        dialog.issue_button.click()

    person.open(window, tasks["housing"], named)
    assert [notice.issued_by for notice in notices()] == ["督查室王主任", "督查室李主任"]
    assert office_signer() == "督查室李主任"


def test_with_accounts_the_signed_in_office_account_signs(open_window, person: Person, tasks) -> None:
    office = Actor.of_account(create_account("office1", PASSWORD, "office", display_name="督查室 王五"))
    window = open_window(office, liaison_name="赵丽")

    def sign(dialog: NoticeDialog) -> None:
        assert dialog.signer.text() == "督查室 王五" and dialog.signer.isReadOnly()
        dialog.issue_button.click()

    person.open(window, tasks["road"], sign)
    assert [notice.issued_by for notice in notices()] == ["督查室 王五"]
    assert office_signer() == ""                     # an account's name is not the office's setting


# -- a second notice within the reply time asks first -------------------------------------------

def test_a_second_notice_within_the_reply_time_asks_first(open_window, person: Person, tasks,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window()
    set_office_signer("督查室王主任")
    issue_notice(tasks["road"], as_of=AS_OF)                                 # 黄, reply by 2023-11-13
    asked: list[str] = []
    answers = [False, True]

    def confirm(cls, parent, text: str) -> bool:
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(NoticeDialog, "confirm_again", classmethod(confirm))

    def try_twice(dialog: NoticeDialog) -> None:
        assert "督〔2023〕1号 黄色督办单，2023年11月8日签发，反馈期限2023年11月13日（尚未届满）" in dialog.earlier.text()
        dialog.issue_button.click()                      # asked; 暂不签发
        assert dialog.isVisible() and len(asked) == 1
        dialog.issue_button.click()                      # asked again; 仍要签发
        assert not dialog.isVisible()

    person.open(window, tasks["road"], try_twice)
    assert "反馈期限2023年11月13日（尚未届满）" in asked[0] and "仍要再签发一份黄色督办单吗" in asked[0]
    assert [notice.number for notice in notices()] == ["督〔2023〕1号", "督〔2023〕2号"]


def test_no_question_once_the_reply_time_ran_out(open_window, person: Person, tasks,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window()
    set_office_signer("督查室王主任")
    monkeypatch.setattr(models.paper.notices, "now", lambda: datetime(2023, 11, 1, 9))
    issue_notice(tasks["housing"], issued_by="督查室王主任", as_of=date(2023, 11, 1))     # 红, reply by 11-02
    monkeypatch.setattr(models.paper.notices, "now", lambda: CLOCK)
    monkeypatch.setattr(NoticeDialog, "confirm_again", classmethod(lambda cls, parent, text: pytest.fail(text)))

    def sign(dialog: NoticeDialog) -> None:
        assert "反馈期限2023年11月2日（已过）" in dialog.earlier.text()
        dialog.issue_button.click()

    person.open(window, tasks["housing"], sign)
    assert len(notices()) == 2


def test_ask_returns_the_choice(tasks, clock, qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    from models.paper.notices import propose_notice
    proposal = propose_notice(tasks["road"], AS_OF)

    def exec_(dialog: NoticeDialog) -> int:
        qtbot.addWidget(dialog)
        dialog.signer.setText("督查室王主任")
        dialog.issue_button.click()
        return dialog.result()

    monkeypatch.setattr(NoticeDialog, "exec", exec_)
    assert NoticeDialog.ask(None, "1 修建乡村公路", proposal) == NoticeChoice("黄", "县交通运输局", "督查室王主任")
    monkeypatch.setattr(NoticeDialog, "exec", lambda dialog: dialog.reject() or dialog.result())
    assert NoticeDialog.ask(None, "1 修建乡村公路", proposal) is None


def test_a_late_preview_after_closing_is_removed(tasks, clock, qtbot, tmp_path: Path) -> None:
    from models.paper.notices import propose_notice
    dialog = NoticeDialog(None, "1 修建乡村公路", propose_notice(tasks["road"], AS_OF))
    qtbot.addWidget(dialog)
    choice = dialog.choice()
    dialog.reject()
    late = tmp_path / "duban-notice-late"
    late.mkdir()
    (late / "黄色督办单.pdf").write_bytes(b"%PDF")
    dialog.show_preview(choice, late / "黄色督办单.pdf")
    assert not late.exists() and dialog.previewed() is None


def test_the_window_offers_the_office_s_name_to_review_not_the_liaison_s(open_window, tasks, qtbot,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.closure_dialog import ClosureReviewDialog
    from desktop.extension_dialog import ExtensionReviewDialog
    from models.access.signer import Signer
    from models.supervision.workflow import apply_for_closure, request_extension

    window = open_window(liaison_name="赵丽")
    set_office_signer("督查室王主任")
    request_extension(tasks["road"], date(2023, 12, 31), "雨季停工", requested_by="赵丽")
    apply_for_closure(tasks["housing"], "已完工", applied_by="赵丽")
    offered: list[Signer] = []
    monkeypatch.setattr(ExtensionReviewDialog, "ask", classmethod(
        lambda cls, parent, text, requests, reviewer=None: offered.append(reviewer)))
    monkeypatch.setattr(ClosureReviewDialog, "ask", classmethod(
        lambda cls, parent, text, closure, evidence=(), reviewer=None: offered.append(reviewer)))
    window.select_row(window.model.row_of_task(tasks["road"]))
    window.tasks.review_extension()
    qtbot.waitUntil(lambda: len(offered) == 1, timeout=10_000)
    window.select_row(window.model.row_of_task(tasks["housing"]))
    window.tasks.review_closure()
    qtbot.waitUntil(lambda: len(offered) == 2, timeout=10_000)
    assert offered == [Signer("督查室王主任", False)] * 2


def test_from_the_window_closing_is_dated_by_the_clock_and_returning_keeps_progress(
        open_window, tasks, qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.closure_dialog import ClosureDecision, ClosureReviewDialog
    from models.supervision.updates import record_status_update
    from models.supervision.workflow import apply_for_closure, pending_closures

    window = open_window()
    record_status_update(tasks["road"], "推进中", 60, note="路基完成")
    apply_for_closure(tasks["road"], "已通车", applied_by="赵丽")
    apply_for_closure(tasks["housing"], "已完工", applied_by="赵丽")
    decisions = {tasks["road"]: (False, "缺少验收报告"), tasks["housing"]: (True, "")}
    monkeypatch.setattr(ClosureReviewDialog, "ask", classmethod(
        lambda cls, parent, text, closure, evidence=(), reviewer=None:
        ClosureDecision(closure.id, *decisions[closure.task_id], "督查室王主任")))
    for task_id in decisions:
        window.select_row(window.model.row_of_task(task_id))
        window.tasks.review_closure()
        qtbot.waitUntil(lambda: not window.runner.busy and not pending_closures(task_id), timeout=10_000)
    road, housing = Task.get_by_id(tasks["road"]), Task.get_by_id(tasks["housing"])
    assert (road.status, road.progress) == ("推进中", 60)                # as last reported, not 90
    assert housing.closed_on == date.today() != AS_OF                   # the day it was done


# -- the last days of a year the calendar does not know the next of ------------------------------

def test_past_the_calendar_the_office_sets_the_reply_day_and_the_notice_carries_it(
        open_window, person: Person, tasks, monkeypatch: pytest.MonkeyPatch) -> None:
    from models.rules.workdays import LAST_DAY
    late_december = datetime(LAST_DAY.year, 12, 30, 9, 0)     # a 黄 notice's 3 working days run into next year
    monkeypatch.setattr(models.paper.notices, "now", lambda: late_december)
    window = open_window()
    seen: dict[str, object] = {}

    def set_the_day_and_sign(dialog: NoticeDialog) -> None:
        seen["asked"] = dialog.form.isRowVisible(dialog.reply_date)
        seen["said"] = dialog.reply.text()
        seen["offered"] = dialog.reply_date.date().toPython()
        dialog.reply_date.setDate(dialog.reply_date.date().addDays(1))       # the office checks and corrects it
        dialog.signer.setText("督查室王主任")
        seen["preview"] = person.wait_for_preview(dialog)
        dialog.issue_button.click()

    person.open(window, tasks["road"], set_the_day_and_sign)
    person.qtbot.waitUntil(lambda: len(person.previews) == 1, timeout=10_000)
    assert seen["asked"] and f"{LAST_DAY.year + 1}年节假日安排尚未收录" in str(seen["said"])
    offered = add_weekdays(late_december.date(), 3)                          # 黄: 3 days, Monday to Friday
    assert seen["offered"] == offered and offered.year == LAST_DAY.year + 1
    corrected = offered + timedelta(days=1)
    assert notices()[-1].reply_by == corrected
    assert f"{corrected.year}年{corrected.month}月{corrected.day}日" in str(seen["preview"])


def test_within_the_calendar_the_reply_day_is_counted_not_asked(tasks, clock, qtbot) -> None:
    from models.paper.notices import propose_notice
    dialog = NoticeDialog(None, "1 修建乡村公路", propose_notice(tasks["road"], AS_OF))
    qtbot.addWidget(dialog)
    assert not dialog.form.isRowVisible(dialog.reply_date)
    assert dialog.choice().reply_by is None
    assert "3个工作日，2023年11月13日前反馈" == dialog.reply.text()
