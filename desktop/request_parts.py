"""The parts the request and review dialogs share: 更新进展, 申请延期, 申请办结 and their reviews.

A liaison's dialogs show the task, ask in whose name (单位 and person) and take
evidence files, then submit; the office's reviews show the request, name the
reviewer and decide. Each part is made here once, so the three dialogs look
and behave alike.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
                               QHBoxLayout, QLineEdit, QListWidget, QPushButton, QWidget)

from models.access.signer import OWN_REVIEW, Signer, is_own_review

from .dialog_parts import WrappedLabel


def task_label(text: str) -> WrappedLabel:
    """The task (or a request) as the dialog's reader sees it: wrapped, selectable, as tall as its lines."""
    label = WrappedLabel(text)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def department_box(departments: Sequence[str], own: str | None = None) -> QComboBox:
    """Which department a report or request is in the name of; its ``currentData()`` is the name or None.

    ``own``: a liaison's department, the only name it writes in (the domain files
    it there whatever is chosen), so the box shows that one alone instead of
    「（不指定）」 and a list it could not pick from.
    """
    box = QComboBox()
    if own is not None:
        box.addItem(own, own)
        box.setEnabled(False)
        box.setToolTip("联络员以本单位名义填报")
        return box
    box.addItem("（不指定）", None)
    for name in departments:
        box.addItem(name, name)
    return box


def applicant_rows(form: QFormLayout, departments: Sequence[str], own_department: str | None, who: str,
                   labels: tuple[str, str] = ("申请单位", "申请人")) -> tuple[QComboBox, QLineEdit]:
    """The two rows naming who asks: the department (:func:`department_box`) and the liaison's name."""
    department = department_box(departments, own_department)
    form.addRow(labels[0], department)
    person = QLineEdit(who)
    person.setPlaceholderText("联络员姓名")
    form.addRow(labels[1], person)
    return department, person


def submit_buttons(dialog: QDialog, submit: str) -> tuple[QDialogButtonBox, QPushButton]:
    """`submit` (the default, it calls ``dialog.accept``) and 取消."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(submit)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons, ok


def decision_buttons(dialog: QDialog, yes: str, no: str,
                     decide: Callable[[bool], None]) -> tuple[QDialogButtonBox, QPushButton, QPushButton]:
    """The buttons of a review: `yes` and `no` call decide(True/False), 取消 rejects.
    Neither is a default button: Enter must not decide by accident."""
    buttons = QDialogButtonBox()
    made = []
    for text, role, answer in ((yes, QDialogButtonBox.ButtonRole.AcceptRole, True),
                               (no, QDialogButtonBox.ButtonRole.DestructiveRole, False)):
        button = buttons.addButton(text, role)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False, answer=answer: decide(answer))
        made.append(button)
    buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole).clicked.connect(dialog.reject)
    return buttons, made[0], made[1]


class EvidenceList(QListWidget):
    """佐证材料: the files a liaison attaches, each once, in the order chosen.

    ``add_button`` and ``remove_button`` are for the dialog to place; the registry
    copies the files when the request is saved.
    """

    def __init__(self, add_text: str = "添加佐证材料…", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.add_button = QPushButton(add_text)
        self.add_button.setToolTip("添加佐证材料（照片、文件），保存时复制到登记册旁")
        self.remove_button = QPushButton("移除")
        self.add_button.clicked.connect(self._choose)
        self.remove_button.clicked.connect(self.remove_selected)

    def add_files(self, paths: Sequence[str]) -> None:
        existing = set(self.paths())
        for path in paths:
            if path not in existing:
                self.addItem(path)
                existing.add(path)

    def paths(self) -> tuple[str, ...]:
        return tuple(self.item(row).text() for row in range(self.count()))

    def remove_selected(self) -> None:
        for item in self.selectedItems():
            self.takeItem(self.row(item))

    def _choose(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self.window(), "选择佐证材料")
        self.add_files(paths)


class ReviewerField(QWidget):
    """审核人 / 审批人: prefilled with who signs for the office; a review of one's own request needs a tick.

    The tick (「本人申请、本人审核」) shows only when the reviewer's name is the
    applicant's; the decision then says so in its note, so the history does too.
    """

    def __init__(self, signer: Signer | None, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        signer = signer or Signer("", False)
        self.name = QLineEdit(signer.name)
        self.name.setPlaceholderText(placeholder)
        if signer.from_account:
            self.name.setReadOnly(True)
            self.name.setToolTip("以登录账户署名")
        elif not signer.name:
            self.name.setToolTip("督查室签发人尚未设置：请填写审核人姓名")
        self.own = QCheckBox(OWN_REVIEW)
        self.own.setToolTip("审核人与申请人为同一人：确需本人审核时勾选，记录中将注明")
        self.own.setVisible(False)
        self.applicant = ""
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.name, 1)
        layout.addWidget(self.own)
        self.name.textChanged.connect(self._changed)

    def set_applicant(self, applicant: str) -> None:
        self.applicant = applicant or ""
        self._changed()

    def own_review(self) -> bool:
        return is_own_review(self.name.text(), self.applicant)

    def _changed(self, *_args) -> None:
        own = self.own_review()
        self.own.setVisible(own)
        if not own:
            self.own.setChecked(False)

    def refusal(self) -> str | None:
        """Why the review cannot go ahead as it stands (one's own request, not ticked), else None."""
        if self.own_review() and not self.own.isChecked():
            return (f"审核人与申请人同为“{self.applicant.strip()}”。如确由本人审核，请勾选“{OWN_REVIEW}”；"
                    "否则请由督查室其他人员审核。")
        return None

    def marked(self, note: str) -> str:
        """``note`` with 「（本人申请、本人审核）」 when the review is of one's own request."""
        if not self.own_review():
            return note
        return f"{note}（{OWN_REVIEW}）" if note else OWN_REVIEW
