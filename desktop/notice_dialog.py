"""生成督办单: the notice the office is about to issue, seen before anything is recorded.

The dialog shows what :func:`models.paper.notices.propose_notice` read on the
worker: the colour the rules give and why, the colours the office may raise it
to (never lower: :func:`models.paper.notices.issue_notice` refuses that too), the
addressee, the reply deadline in working days for the chosen colour, who signs
(the signed-in account, not editable; in the zero-setup registry the office's
own name, asked the first time and changeable here), the task's earlier notices
with when their reply time ran or runs out, and the PDF of the would-be notice
(numbered 「（签发时编号）」) beside the form. Only 签发 issues and numbers it; a
second notice while an earlier one is still within its reply time asks first.

Like the other dialogs it only collects input: the preview is drafted by
whoever opens the dialog (``preview(dialog, choice)``, an operation on the
worker that calls :meth:`NoticeDialog.show_preview`), and ``ask`` returns the
choice for the window to issue. Tests replace ``ask`` or ``confirm_again``, so
none blocks on exec().
"""
from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QListView, QMessageBox, QVBoxLayout, QWidget)
from shiboken6 import isValid

from models.paper.notice_pdf import BAND_COLOURS
from models.paper.notices import KINDS, NoticeProposal, describe_previous
from models.rules.wording import chinese_date
from models.rules.workdays import UnknownCalendarYear, add_weekdays

from .dialog_parts import error_label
from .pdf_preview import PdfPagesModel
from .request_parts import task_label

PREVIEW_PAUSE_MS = 400       # a signer's name is drafted once typing pauses, not per keystroke
PREVIEW_ZOOM = 0.75          # an A4 page beside the form on a 1366-pixel screen
CHOOSE = "（请选择督办单位）"


@dataclass(frozen=True)
class NoticeChoice:
    """What the office decided in the dialog, for :func:`models.paper.notices.issue_notice`."""

    colour: str
    department: str | None
    issued_by: str
    reply_by: date | None = None       # set by the office where the calendar does not know the year


def colour_chip(colour: str) -> str:
    """Rich text: 黄色督办单（警告） on the notice's own band colour."""
    band, ink = BAND_COLOURS[colour]
    return (f"<span style='background:{band}; color:{ink}; padding:2px 6px'>&nbsp;{colour}色督办单&nbsp;</span>"
            f"&nbsp;（{KINDS[colour]}）")


class NoticeDialog(QDialog):
    """The would-be notice: colour, addressee, reply deadline, signer, earlier notices and its preview."""

    previewRequested = Signal(object)          # NoticeChoice: draft this one

    def __init__(self, parent: QWidget | None, task_text: str, proposal: NoticeProposal) -> None:
        super().__init__(parent)
        assert proposal.colour is not None, "a task that warrants no notice gets no dialog"
        self.setWindowTitle("生成督办单")
        self.proposal = proposal
        self._closed = False
        self._shown: tuple[NoticeChoice, Path] | None = None     # the preview on screen, and its file
        self.pages: PdfPagesModel | None = None

        self.form = form = QFormLayout()
        form.addRow(task_label(task_text))
        judged = f"（截至{chinese_date(proposal.as_of)}）" if proposal.as_of != proposal.today else ""
        self.suggested = QLabel(f"{colour_chip(proposal.colour)}<br>{proposal.reason}{judged}")
        self.suggested.setTextFormat(Qt.TextFormat.RichText)
        self.suggested.setWordWrap(True)
        form.addRow("建议", self.suggested)
        self.colour = QComboBox()
        for colour in proposal.colours():
            self.colour.addItem(f"{colour}色（{KINDS[colour]}）", colour)
        self.colour.setToolTip("督查室可提级，不能低于建议颜色")
        self.raised = QLabel()
        self.raised.setWordWrap(True)
        form.addRow("颜色", self.colour)
        form.addRow("", self.raised)
        self.department = QComboBox()
        if proposal.department is None:
            self.department.addItem(CHOOSE, None)
        for name in proposal.departments:
            self.department.addItem(name, name)
        if proposal.department is not None:
            self.department.setCurrentIndex(self.department.findData(proposal.department))
        form.addRow("督办单位", self.department)
        self.reply = QLabel()
        self.reply.setWordWrap(True)
        form.addRow("反馈时限", self.reply)
        # Only where the calendar does not know the year the reply falls in: the office sets the day.
        self.reply_date = QDateEdit()
        self.reply_date.setCalendarPopup(True)
        self.reply_date.setDisplayFormat("yyyy年M月d日")
        self.reply_date.setMinimumDate(_qdate(proposal.today).addDays(1))
        form.addRow("反馈期限", self.reply_date)
        form.setRowVisible(self.reply_date, False)
        self.signer = QLineEdit(proposal.signer.name)
        self.signer.setPlaceholderText("签发人姓名")
        self.signer_hint = QLabel()
        self.signer_hint.setWordWrap(True)
        self.signer_hint.setStyleSheet("color: #555555")
        if proposal.signer.from_account:
            self.signer.setReadOnly(True)
            self.signer.setToolTip("以登录账户署名")
        elif not proposal.signer.name:
            self.signer_hint.setText("首次签发：请填写督查室签发人姓名，以后签发督办单、审核时自动填入")
        else:
            self.signer_hint.setText("督查室签发人；改动后以新姓名保存")
        form.addRow("签发人", self.signer)
        form.addRow("", self.signer_hint)
        self.earlier = QLabel(self._earlier_text())
        self.earlier.setWordWrap(True)
        if proposal.awaiting_reply():
            self.earlier.setStyleSheet("color: #a15c00")
        form.addRow("此前督办", self.earlier)

        self.error = error_label()
        self.buttons = QDialogButtonBox()
        self.issue_button = self.buttons.addButton("签发", QDialogButtonBox.ButtonRole.AcceptRole)
        self.issue_button.setAutoDefault(False)       # Enter in the signer's box must not issue
        self.issue_button.setToolTip("编号、登记并打开打印预览")
        self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.issue_button.clicked.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        left = QVBoxLayout()
        left.addLayout(form)
        left.addStretch(1)
        left.addWidget(self.error)
        left.addWidget(self.buttons)
        self.preview_state = QLabel("正在生成预览…")
        self.preview = QListView()
        self.preview.setUniformItemSizes(True)
        self.preview.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.preview.setStyleSheet("QListView { background: #808080; }")
        self.preview.setSpacing(6)
        page_width = round(595 / 72 * 96 * PREVIEW_ZOOM)
        self.preview.setMinimumWidth(page_width + 36)
        right = QVBoxLayout()
        right.addWidget(self.preview_state)
        right.addWidget(self.preview, 1)
        layout = QHBoxLayout(self)
        form_side = QWidget()
        form_side.setLayout(left)
        form_side.setMinimumWidth(420)
        form_side.setMaximumWidth(520)
        layout.addWidget(form_side)
        layout.addLayout(right, 1)
        self.resize(page_width + 36 + 520 + 40, 780)

        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(PREVIEW_PAUSE_MS)
        self._pause.timeout.connect(self._request_preview)
        self.colour.currentIndexChanged.connect(self._colour_changed)
        self.department.currentIndexChanged.connect(self._request_preview)
        self.signer.textChanged.connect(self._pause.start)
        self.reply_date.dateChanged.connect(self._pause.start)
        self._colour_changed()

    # -- what is chosen ---------------------------------------------------------------

    def choice(self) -> NoticeChoice:
        set_by_hand = self.form.isRowVisible(self.reply_date)
        return NoticeChoice(self.colour.currentData(), self.department.currentData(), self.signer.text().strip(),
                            self.reply_date.date().toPython() if set_by_hand else None)

    def _earlier_text(self) -> str:
        if not self.proposal.previous:
            return "无"
        return "\n".join(describe_previous(notice, self.proposal.today, self.proposal.settings)
                         for notice in self.proposal.previous)

    def _colour_changed(self, *_args) -> None:
        colour = self.colour.currentData()
        raised = colour != self.proposal.colour
        self.raised.setText(f"督查室提级：由{self.proposal.colour}色提为{colour}色，督办事由中注明" if raised else "")
        self.form.setRowVisible(self.raised, raised)
        days = self.proposal.settings.reply_days(colour)
        try:
            reply_by = self.proposal.reply_by(colour)
        except UnknownCalendarYear as error:
            # Late in December, before the calendar knows next year's 节假日安排: the office sets
            # the day, offered Monday to Friday counted and told to check it against the holidays.
            self.reply.setText(f"{days}个工作日：{error.day.year}年节假日安排尚未收录，无法自动推算；"
                               f"请按国务院办公厅放假通知核定反馈期限（预填为按周一至周五推算）")
            self.reply_date.setDate(_qdate(add_weekdays(self.proposal.today, days)))
            self.form.setRowVisible(self.reply_date, True)
        else:
            self.reply.setText(f"{days}个工作日，{chinese_date(reply_by)}前反馈")
            self.form.setRowVisible(self.reply_date, False)
        self._request_preview()

    # -- the preview -------------------------------------------------------------------

    def _request_preview(self, *_args) -> None:
        self._pause.stop()
        choice = self.choice()
        if choice.department is None:          # a task without units: the office picks one first
            self.preview_state.setText("选择督办单位后显示预览")
            return
        self.preview_state.setText("正在生成预览…")
        self.previewRequested.emit(choice)

    def show_preview(self, choice: NoticeChoice, path: Path) -> None:
        """The drafted PDF of ``choice``; kept only while ``choice`` is still what the form says."""
        # A draft may arrive after the dialog closed (the worker was still writing it).
        if self._closed or not isValid(self) or choice != self.choice():
            shutil.rmtree(path.parent, ignore_errors=True)
            return
        self._drop_preview()
        self.pages = PdfPagesModel(path, self)
        self.pages.set_zoom(PREVIEW_ZOOM)
        self.preview.setModel(self.pages)
        self._shown = (choice, path)
        self.preview_state.setText(f"预览（{self.pages.pages} 页，签发时编号）")

    def preview_failed(self, choice: NoticeChoice, message: str) -> None:
        """A draft refused (the task changed meanwhile …): said in the dialog, where 签发 would say it too."""
        if not self._closed and isValid(self) and choice == self.choice():
            self.preview_state.setText("无法预览")
            self.error.setText(message)

    def previewed(self) -> NoticeChoice | None:
        """The choice whose preview is on screen, if any."""
        return self._shown[0] if self._shown else None

    def preview_file(self) -> Path | None:
        """The PDF on screen (removed when the preview changes or the dialog closes)."""
        return self._shown[1] if self._shown else None

    def _drop_preview(self) -> None:
        if self._shown is None:
            return
        _choice, path = self._shown
        self._shown = None
        self.preview.setModel(None)
        if self.pages is not None:
            self.pages.close()
            self.pages.deleteLater()
            self.pages = None
        shutil.rmtree(path.parent, ignore_errors=True)

    # -- 签发 ---------------------------------------------------------------------------

    def accept(self) -> None:
        choice = self.choice()
        if not choice.issued_by:
            self.error.setText("请填写签发人姓名")
            self.signer.setFocus()
            return
        if choice.department is None:
            self.error.setText("请选择督办单位")
            return
        waiting = self.proposal.awaiting_reply()
        if waiting:
            latest = max(waiting, key=lambda notice: notice.issued_at)
            told = describe_previous(latest, self.proposal.today, self.proposal.settings)
            if not type(self).confirm_again(self, f"该任务已发 {told}，承办单位仍在反馈期内。\n\n"
                                                  f"仍要再签发一份{choice.colour}色督办单吗？"):
                return
        super().accept()

    @classmethod
    def confirm_again(cls, parent: QWidget, text: str) -> bool:
        """Ask before a second notice within the reply time; tests replace this."""
        box = QMessageBox(QMessageBox.Icon.Question, "再次督办", text, QMessageBox.StandardButton.NoButton, parent)
        again = box.addButton("仍要签发", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(box.addButton("暂不签发", QMessageBox.ButtonRole.RejectRole))
        box.exec()
        return box.clickedButton() is again

    def done(self, result: int) -> None:
        self._closed = True
        self._pause.stop()
        self._drop_preview()
        super().done(result)

    @classmethod
    def ask(cls, parent: QWidget | None, task_text: str, proposal: NoticeProposal,
            preview: Callable[[NoticeDialog, NoticeChoice], None] | None = None) -> NoticeChoice | None:
        """The office's choice after 签发, or None; ``preview(dialog, choice)`` drafts each preview."""
        dialog = cls(parent, task_text, proposal)
        if preview is not None:
            dialog.previewRequested.connect(lambda choice: preview(dialog, choice))
            dialog._request_preview()
        try:
            return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)
