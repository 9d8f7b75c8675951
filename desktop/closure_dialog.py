"""申请办结 and 审核办结 (销号 / 退回): the two dialogs of a completion review.

They only collect input; the rules are :mod:`models.supervision.workflow`'s, and the
window calls :func:`models.supervision.workflow.apply_for_closure` / ``decide_closure``
with what ``ask`` returns. Tests replace ``ask``, so none blocks on exec().
The reviewer is who signs for the office, as in 审批延期 (:class:`desktop.request_parts.ReviewerField`).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtWidgets import QDialog, QFormLayout, QHBoxLayout, QLabel, QListWidget, QPlainTextEdit, QVBoxLayout, QWidget

from models.access.signer import Signer
from models.errors import InvalidInput
from models.registry.schema import ClosureRequest
from models.rules.wording import chinese_datetime
from models.supervision.workflow import check_closure_application, check_closure_decision

from .dialog_parts import error_label
from .request_parts import (EvidenceList, ReviewerField, applicant_rows, decision_buttons, submit_buttons,
                            task_label)


@dataclass(frozen=True)
class ClosureInput:
    """A liaison's application, for :func:`models.supervision.workflow.apply_for_closure`."""

    note: str
    applied_by: str
    department: str | None
    files: tuple[str, ...]


@dataclass(frozen=True)
class ClosureDecision:
    """The office's review, for :func:`models.supervision.workflow.decide_closure`: close (销号) or return (退回)."""

    request_id: int
    close: bool
    reason: str
    decided_by: str


class ClosureApplyDialog(QDialog):
    """申请办结: what was done (required) and the evidence files."""

    def __init__(self, parent: QWidget | None, task_text: str, departments: Sequence[str] = (),
                 who: str = "", own_department: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("申请办结")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.addWidget(task_label(task_text))
        hint = QLabel("提交后任务记为“已完成”（进度 100%），经督查室审核销号后方计为办结。")
        hint.setWordWrap(True)
        layout.addWidget(hint)

        form = QFormLayout()
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("完成情况、取得成效（必填）")
        self.note.setFixedHeight(110)
        form.addRow("办结情况", self.note)
        self.files = EvidenceList()
        self.files.setFixedHeight(72)
        row = QHBoxLayout()
        row.addWidget(self.files.add_button)
        row.addWidget(self.files.remove_button)
        row.addStretch(1)
        files_box = QVBoxLayout()
        files_box.addWidget(self.files)
        files_box.addLayout(row)
        form.addRow("佐证材料", files_box)
        self.department, self.who = applicant_rows(form, departments, own_department, who)
        layout.addLayout(form)

        self.error = error_label()
        layout.addWidget(self.error)
        self.buttons, self.ok_button = submit_buttons(self, "提交申请")
        layout.addWidget(self.buttons)

    def add_files(self, paths: Sequence[str]) -> None:
        self.files.add_files(paths)

    def request(self) -> ClosureInput:
        return ClosureInput(note=self.note.toPlainText().strip(), applied_by=self.who.text().strip(),
                            department=self.department.currentData(), files=self.files.paths())

    def accept(self) -> None:
        try:
            check_closure_application(self.request().note)
        except InvalidInput as error:
            self.error.setText(str(error))
            return
        super().accept()

    @classmethod
    def ask(cls, parent: QWidget | None, task_text: str, departments: Sequence[str] = (),
            who: str = "", own_department: str | None = None) -> ClosureInput | None:
        dialog = cls(parent, task_text, departments, who, own_department)
        try:
            return dialog.request() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()


class ClosureReviewDialog(QDialog):
    """审核办结: the application (note, evidence names); 销号, or 退回 with a reason."""

    def __init__(self, parent: QWidget | None, task_text: str, closure: ClosureRequest,
                 evidence: Sequence[str] = (), reviewer: Signer | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("审核办结")
        self.setMinimumWidth(560)
        self.closure = closure
        self._decision: ClosureDecision | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(task_label(task_text))

        form = QFormLayout()
        department = closure.department.name if closure.department_id is not None else ""
        applicant = "、".join(part for part in (closure.applied_by, department) if part) or "未署名"
        form.addRow("申请人", task_label(f"{applicant}，{chinese_datetime(closure.applied_at)}"))
        self.application = task_label(closure.note)
        form.addRow("办结情况", self.application)
        self.evidence = QListWidget()
        self.evidence.addItems(list(evidence) or ["（未附佐证材料）"])
        self.evidence.setFixedHeight(72)
        form.addRow("佐证材料", self.evidence)
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText("退回时必填：还缺什么、需要补充什么")
        self.reason.setFixedHeight(80)
        form.addRow("审核意见", self.reason)
        self.reviewer = ReviewerField(reviewer, "审核人姓名")
        self.reviewer.set_applicant(closure.applied_by)
        self.decided_by, self.own_review = self.reviewer.name, self.reviewer.own
        form.addRow("审核人", self.reviewer)
        layout.addLayout(form)

        self.error = error_label()
        layout.addWidget(self.error)
        self.buttons, self.close_button, self.return_button = decision_buttons(self, "销号", "退回", self.decide)
        layout.addWidget(self.buttons)

    def decision(self) -> ClosureDecision | None:
        """The decision taken (after 销号 or 退回), else None."""
        return self._decision

    def decide(self, close: bool) -> None:
        reason, decided_by = self.reason.toPlainText().strip(), self.decided_by.text().strip()
        try:
            check_closure_decision(close, decided_by, reason)
        except InvalidInput as error:
            self.error.setText(str(error))
            return
        refusal = self.reviewer.refusal()
        if refusal:
            self.error.setText(refusal)
            return
        self._decision = ClosureDecision(self.closure.id, close, self.reviewer.marked(reason), decided_by)
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, task_text: str, closure: ClosureRequest, evidence: Sequence[str] = (),
            reviewer: Signer | None = None) -> ClosureDecision | None:
        dialog = cls(parent, task_text, closure, evidence, reviewer)
        try:
            return dialog.decision() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
