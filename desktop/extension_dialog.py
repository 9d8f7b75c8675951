"""申请延期 and 审批延期: the two dialogs of an extension.

They only collect input; the rules (a later date, a reason, a named
approver) are :mod:`models.supervision.workflow`'s ``check_*`` functions, and the window
calls :func:`models.supervision.workflow.request_extension` / ``decide_extension`` with
what ``ask`` returns. Tests replace ``ask``, so none blocks on exec().

The approver is who signs for the office (:class:`models.access.signer.Signer`):
the signed-in account, shown and not editable, or in the zero-setup registry the
office's own name, editable per review. Never the liaison who asked.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QDialog, QFormLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from models.access.signer import Signer
from models.errors import InvalidInput
from models.registry.schema import ExtensionRequest
from models.rules.wording import chinese_date, chinese_datetime
from models.supervision.workflow import EXTENSION_PENDING, check_decider, check_extension, deadline_text

from .dialog_parts import error_label
from .filter_bar import to_date, to_qdate
from .request_parts import ReviewerField, applicant_rows, decision_buttons, submit_buttons, task_label


@dataclass(frozen=True)
class ExtensionInput:
    """What a liaison asked for, for :func:`models.supervision.workflow.request_extension`."""

    new_deadline: date
    reason: str
    requested_by: str
    department: str | None


@dataclass(frozen=True)
class ExtensionDecision:
    """The office's answer, for :func:`models.supervision.workflow.decide_extension`."""

    request_id: int
    approve: bool
    note: str
    decided_by: str


class ExtensionRequestDialog(QDialog):
    """申请延期: a new date after the current deadline, and a reason."""

    def __init__(self, parent: QWidget | None, task_text: str, current_deadline: date | None,
                 original_deadline: date | None = None, departments: Sequence[str] = (), who: str = "",
                 today: date | None = None, own_department: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("申请延期")
        self.setMinimumWidth(520)
        self.current_deadline = current_deadline
        layout = QVBoxLayout(self)
        layout.addWidget(task_label(task_text))

        form = QFormLayout()
        current = deadline_text(current_deadline, original_deadline) if current_deadline else "无明确完成时限"
        self.current = QLabel(current)
        form.addRow("当前完成时限", self.current)
        start = current_deadline or today or date.today()
        # No minimum date: an earlier date gets an explanation instead of being silently clamped.
        self.new_date = QDateEdit(to_qdate(start).addMonths(1))
        self.new_date.setCalendarPopup(True)
        self.new_date.setDisplayFormat("yyyy年M月d日")
        self.later = QLabel()
        self.new_date.dateChanged.connect(self._date_changed)
        form.addRow("申请延至", self.new_date)
        form.addRow("", self.later)
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText("未能按期完成的原因、已做的工作、延期后的安排（必填）")
        self.reason.setFixedHeight(96)
        form.addRow("延期理由", self.reason)
        self.department, self.who = applicant_rows(form, departments, own_department, who)
        layout.addLayout(form)

        self.error = error_label()
        layout.addWidget(self.error)
        self.buttons, self.ok_button = submit_buttons(self, "提交申请")
        layout.addWidget(self.buttons)
        self._date_changed(self.new_date.date())

    def _date_changed(self, value: QDate) -> None:
        if self.current_deadline is None:
            self.later.clear()
            return
        days = (to_date(value) - self.current_deadline).days
        self.later.setText(f"较当前完成时限延后 {days} 天" if days > 0 else "须晚于当前完成时限")

    def request(self) -> ExtensionInput:
        department = self.department.currentData()
        return ExtensionInput(new_deadline=to_date(self.new_date.date()),
                              reason=self.reason.toPlainText().strip(), requested_by=self.who.text().strip(),
                              department=department)

    def accept(self) -> None:
        request = self.request()
        try:
            check_extension(self.current_deadline, request.new_deadline, request.reason)
        except InvalidInput as error:
            self.error.setText(str(error))
            return
        super().accept()

    @classmethod
    def ask(cls, parent: QWidget | None, task_text: str, current_deadline: date | None,
            original_deadline: date | None = None, departments: Sequence[str] = (), who: str = "",
            today: date | None = None, own_department: str | None = None) -> ExtensionInput | None:
        dialog = cls(parent, task_text, current_deadline, original_deadline, departments, who, today, own_department)
        try:
            return dialog.request() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()


def describe_request(request: ExtensionRequest) -> str:
    """One request as the office reads it before deciding."""
    department = request.department.name if request.department_id is not None else ""
    applicant = "、".join(part for part in (request.requested_by, department) if part) or "未署名"
    lines = [f"申请人：{applicant}，{chinese_datetime(request.requested_at)}",
             f"完成时限：{chinese_date(request.previous_deadline) or '无'} → 申请延至"
             f"{chinese_date(request.requested_deadline)}"
             + (f"（延后 {(request.requested_deadline - request.previous_deadline).days} 天）"
                if request.previous_deadline else ""),
             f"理由：{request.reason}"]
    return "\n".join(lines)


class ExtensionReviewDialog(QDialog):
    """审批延期: the task's pending request(s) with reason and dates; 批准 or 驳回 with an optional note."""

    def __init__(self, parent: QWidget | None, task_text: str, requests: Sequence[ExtensionRequest],
                 reviewer: Signer | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("审批延期")
        self.setMinimumWidth(560)
        self.pending = [request for request in requests if request.state == EXTENSION_PENDING]
        decided = [request for request in requests if request.state != EXTENSION_PENDING]
        self._decision: ExtensionDecision | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(task_label(task_text))

        form = QFormLayout()
        # Usually one (a task has at most one pending request); a list only if the data says otherwise.
        self.requests_box = QComboBox()
        for request in self.pending:
            self.requests_box.addItem(f"申请延至{chinese_date(request.requested_deadline)}"
                                      f"（{chinese_date(request.requested_at)}提出）", request.id)
        form.addRow("待审批申请", self.requests_box)
        self.details = task_label("")
        form.addRow("", self.details)
        if decided:
            earlier = "；\n".join(
                f"{chinese_date(request.requested_at)}申请延至{chinese_date(request.requested_deadline)}，"
                f"{request.state}" + (f"（{request.decided_by}）" if request.decided_by else "")
                + (f"：{request.decision_note}" if request.decision_note else "") for request in decided)
            self.earlier = task_label(earlier)
            form.addRow("此前申请", self.earlier)
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("审批意见（可不填）")
        self.note.setFixedHeight(72)
        form.addRow("审批意见", self.note)
        self.reviewer = ReviewerField(reviewer, "审批人姓名")
        self.decided_by, self.own_review = self.reviewer.name, self.reviewer.own
        form.addRow("审批人", self.reviewer)
        layout.addLayout(form)

        self.error = error_label()
        layout.addWidget(self.error)
        self.buttons, self.approve_button, self.reject_button = decision_buttons(self, "批准", "驳回", self.decide)
        layout.addWidget(self.buttons)

        self.requests_box.currentIndexChanged.connect(self._show)
        if self.pending:
            self._show(self.requests_box.currentIndex())
        else:
            self.error.setText("该任务没有待审批的延期申请")
            self.approve_button.setEnabled(False)
            self.reject_button.setEnabled(False)

    def _show(self, row: int) -> None:
        chosen = self.pending[row] if 0 <= row < len(self.pending) else None
        self.details.setText(describe_request(chosen) if chosen else "")
        self.reviewer.set_applicant(chosen.requested_by if chosen else "")

    def decision(self) -> ExtensionDecision | None:
        """The decision taken (after 批准 or 驳回), else None."""
        return self._decision

    def decide(self, approve: bool) -> None:
        row = self.requests_box.currentIndex()
        if not 0 <= row < len(self.pending):
            self.error.setText("请选择一项待审批的申请")
            return
        decided_by = self.decided_by.text().strip()
        try:
            check_decider(decided_by)
        except InvalidInput as error:
            self.error.setText(str(error))
            return
        refusal = self.reviewer.refusal()
        if refusal:
            self.error.setText(refusal)
            return
        self._decision = ExtensionDecision(self.pending[row].id, approve,
                                           self.reviewer.marked(self.note.toPlainText().strip()), decided_by)
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, task_text: str, requests: Sequence[ExtensionRequest],
            reviewer: Signer | None = None) -> ExtensionDecision | None:
        dialog = cls(parent, task_text, requests, reviewer)
        try:
            return dialog.decision() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
