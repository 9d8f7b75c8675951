"""Actions on the selected task: 更新进展, 延期, 办结/销号, 督办单. The rules are
in models/ (updates, workflow, notices); these ask the person and report.

Each registry call is an operation on the worker (desktop/operations.py): what a
dialog needs is read first, the dialog opens when it arrives, and what the
person decided is written by a second operation.

Who acts is the signed-in actor, passed to every write. Who *signs* a notice or a
review is :func:`models.access.signer.signer_of` that actor (the account's name, or
the zero-setup office's own), read with the dialog's data; the name a liaison
last reported under (``update/who``) is only 更新进展's and the applications'.
Actions are dated by the clock: the as-of date only judges lateness.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from models.access.actor import Actor, acting
from models.access.permissions import require_can_update
from models.access.signer import signer_of
from models.supervision.duplicates import linked_tasks
from models.supervision.evidence import record_update_with_evidence
from models.supervision.listing import apply_update
from models.errors import RegistryError
from models.supervision.updates import StaleTaskError
from models.supervision.waiting import CLOSURE, EXTENSION, Waiting
from models.rules.status import DONE

from .action_context import ActionContext
from .operations import Operation
from .update_dialog import UpdateDialog, UpdateRequest

if TYPE_CHECKING:
    from pathlib import Path

    from models.access.signer import Signer
    from models.paper.notices import NoticeProposal, NoticeSheet

    from .notice_dialog import NoticeChoice, NoticeDialog


class TaskActions:
    def __init__(self, context: ActionContext) -> None:
        self.context = context
        # What someone typed for a task that another writer changed first (task id ->
        # request): the next 更新进展 on it opens prefilled, so nothing typed is lost.
        self.drafts: dict[int, UpdateRequest] = {}

    def _actor(self) -> Actor | None:
        return self.context.actor()

    def _who(self) -> str:
        """The name a liaison last reported under: 更新进展 and the applications, never a signature."""
        return str(self.context.settings.value("update/who", ""))

    def update_selected(self) -> None:
        """更新进展 for the selected task: append to its history, never overwrite.

        The task's version as loaded goes with the update (optimistic locking):
        if someone else updated the task meanwhile, nothing is written, the
        banner says who and when, the list and history reload, and what was
        typed is kept for the next 更新进展 on the task.
        """
        index = self.context.current_index()
        if not index.isValid():
            return
        table, row = self.context.model.table, self.context.model.rows[index.row()]
        task_id, version, actor = table.ids[row], table.version(row), self._actor()

        def ask(_allowed: None) -> None:
            if self.context.model.table is not table:
                return                  # the list was reloaded meanwhile: the row is another one now
            request = UpdateDialog.ask(self.context.parent, table.texts[row], table.statuses[row], table.progress[row],
                                       self._task_departments(row), who=self._who(),
                                       today=self.context.presenter.as_of, draft=self.drafts.get(task_id),
                                       own_department=self._own_department())
            if request is not None:
                self._record_update(table, task_id, version, request)

        # Double-click and Enter reach here too, whatever the menu allows.
        Operation(lambda: require_can_update(acting(actor), task_id)).success(ask).run_on(self.context)

    def _record_update(self, table, task_id: int, version: int, request: UpdateRequest) -> None:
        actor = self._actor()

        def write() -> tuple[Any, bool]:
            update = record_update_with_evidence(
                task_id, request.status, request.progress, note=request.note, who=request.who,
                department=request.department, completed_on=request.completed_on, files=request.files,
                expected_version=version, actor=acting(actor))
            return update, bool(linked_tasks(task_id))

        def written(result: tuple[Any, bool]) -> None:
            update, linked = result
            self.drafts.pop(task_id, None)
            self.context.settings.setValue("update/who", request.who)
            # 已完成 reported or taken back changes what waits for the office (待办, read with the table).
            queue_changed = (request.status == DONE) != (table.statuses[table.ids.index(task_id)] == DONE)
            if linked or queue_changed or self.context.model.table is not table:
                # Copied to the linked tasks (or the list was reloaded meanwhile): read it all again.
                self.context.reload(task_id, "已记录进展，并同步到关联任务" if linked else "已记录进展")
                return
            apply_update(table, task_id, request.status, request.progress, str(update.created_at))
            self.context.presenter.set_table(table)            # recompute states, counts, alerts
            self.context.select_row(self.context.model.row_of_task(task_id))

        def refused(error: BaseException) -> None:
            if isinstance(error, StaleTaskError):
                self.drafts[task_id] = request
                self.context.report(f"{error}。您填写的内容已保留：刷新后再点“更新进展”，即可在最新进展上修改后提交。")
                self.context.reload(task_id, "任务已被他人更新，已重新读取登记册")
            elif isinstance(error, RegistryError):
                # The server went away, or the disk is full: nothing was saved, and what was typed
                # waits for the next 更新进展, which connects again.
                self.drafts[task_id] = request
                self.context.report(f"进展未保存：{error}。您填写的内容已保留，稍后再点“更新进展”即可提交。")
            else:
                self.context.report(f"进展未保存：{error}")

        Operation(write).success(written).failure(refused).run_on(self.context)

    def _own_department(self) -> str | None:
        """A liaison's department, in whose name every report and request of theirs is filed."""
        actor = self._actor()
        if actor is None or not actor.is_liaison or actor.department_id is None:
            return None
        return self.context.model.table.department_names.get(actor.department_id)

    def _task_departments(self, row: int) -> list[str]:
        table = self.context.model.table
        return [name for role in ("lead", "responsible", "cooperating")
                for name in table.unit_text(row, role).split("、") if name]

    def _workflow_step(self, step: Callable[[Actor], Any], task_id: int, done_message: str) -> None:
        """Write a decision on the worker as the signed-in person; reload and say so when done."""
        actor = self._actor()
        Operation(lambda: step(acting(actor))).success(
            lambda _result: self.context.reload(task_id, done_message)).run_on(self.context)

    def request_extension(self) -> None:
        from models.registry.schema import Task
        from models.supervision.workflow import request_extension

        from .extension_dialog import ExtensionRequestDialog
        selected = self.context.selected()
        if selected is None:
            return
        row, task_id = selected
        text, departments = self.context.model.table.texts[row], self._task_departments(row)

        def deadlines() -> tuple:
            task = Task.get_by_id(task_id)
            return task.current_deadline, task.original_deadline

        def ask(found: tuple) -> None:
            current, original = found
            asked = ExtensionRequestDialog.ask(self.context.parent, text, current, original, departments,
                                               who=self._who(), today=self.context.presenter.as_of,
                                               own_department=self._own_department())
            if asked is not None:
                self._workflow_step(lambda actor: request_extension(task_id, asked.new_deadline, asked.reason,
                                                                    asked.requested_by, asked.department, actor=actor),
                                    task_id, "已提交延期申请，待督查室审批")

        Operation(deadlines).success(ask).run_on(self.context)

    def review_extension(self) -> None:
        selected = self.context.selected()
        if selected is not None:
            self.review_extension_of(*selected)

    def review_extension_of(self, row: int, task_id: int) -> None:
        """审批延期 of the task at table ``row`` (the list's selection, or an item of 待办)."""
        from models.supervision.workflow import decide_extension, extensions_of

        from .extension_dialog import ExtensionReviewDialog
        text = self.context.model.table.texts[row]

        actor = self._actor()

        def ask(found: tuple) -> None:
            requests, reviewer = found
            if not any(request.state == "待审批" for request in requests):
                self.context.report("该任务没有待审批的延期申请。")
                return
            decision = ExtensionReviewDialog.ask(self.context.parent, text, requests, reviewer=reviewer)
            if decision is not None:
                self._workflow_step(lambda actor: decide_extension(decision.request_id, decision.approve,
                                                                   decision.decided_by, decision.note, actor=actor),
                                    task_id, "已批准延期" if decision.approve else "已驳回延期申请")

        Operation(lambda: (extensions_of(task_id), signer_of(acting(actor)))).success(ask).run_on(self.context)

    def apply_closure(self) -> None:
        selected = self.context.selected()
        if selected is not None:
            self.apply_closure_of(*selected)

    def apply_closure_of(self, row: int, task_id: int) -> None:
        """申请办结 for the task at table ``row``: by its department, or by the office for it."""
        from models.supervision.workflow import apply_for_closure

        from .closure_dialog import ClosureApplyDialog
        asked = ClosureApplyDialog.ask(self.context.parent, self.context.model.table.texts[row],
                                       self._task_departments(row), who=self._who(),
                                       own_department=self._own_department())
        if asked is not None:
            # Completed on the clock's day, not the as-of date the list is judged on.
            self._workflow_step(lambda actor: apply_for_closure(task_id, asked.note, asked.applied_by, asked.department,
                                                                asked.files, actor=actor),
                                task_id, "已申请办结，待督查室审核")

    def review_closure(self) -> None:
        selected = self.context.selected()
        if selected is not None:
            self.review_closure_of(*selected)

    def review_closure_of(self, row: int, task_id: int) -> None:
        """审核办结 (销号 or 退回) of the task at table ``row``."""
        from models.supervision.workflow import closure_evidence, decide_closure, pending_closures

        from .closure_dialog import ClosureReviewDialog
        text, actor = self.context.model.table.texts[row], self._actor()

        def pending() -> tuple | None:
            found = pending_closures(task_id)
            if not found:
                return None
            return found[0], closure_evidence([found[0].id])[found[0].id], signer_of(acting(actor))

        def ask(found: tuple | None) -> None:
            if found is None:
                self.context.report("该任务没有待审核的办结申请。")
                return
            closure, evidence, reviewer = found
            decision = ClosureReviewDialog.ask(self.context.parent, text, closure, evidence, reviewer=reviewer)
            if decision is not None:
                # 销号 on the clock's day (the model's default), whatever day the list is judged on.
                self._workflow_step(lambda actor: decide_closure(decision.request_id, decision.close,
                                                                 decision.decided_by, decision.reason, actor=actor),
                                    task_id, "已销号" if decision.close else "已退回办结申请")

        Operation(pending).success(ask).run_on(self.context)

    def handle_waiting(self, item: Waiting) -> None:
        """What the office does about an item of 待办: 审批延期, 审核办结, or 申请办结 for a task
        reported 已完成 without an application (销号 follows its review)."""
        if self.context.model.table.ids[item.row:item.row + 1] != [item.task_id]:
            self.context.report("待办已变化，请稍候再处理。")       # a reload replaced the table meanwhile
            return
        handle = {EXTENSION: self.review_extension_of, CLOSURE: self.review_closure_of}.get(item.kind,
                                                                                         self.apply_closure_of)
        handle(item.row, item.task_id)

    def issue_notice(self) -> None:
        """生成督办单 for the selected task: the dialog shows the would-be notice, only 签发 issues it.

        Read first (the colour, the addressees, earlier notices, who signs), then
        the dialog, its previews drafted on the worker as the choices change; on
        签发 the notice is issued and numbered, the zero-setup office's name kept
        if it was typed or changed, and the issued notice's print preview opens.
        """
        from models.paper.notices import propose_notice

        from .notice_dialog import NoticeDialog
        selected = self.context.selected()
        if selected is None:
            return
        row, task_id = selected
        text, as_of, actor = self.context.model.table.texts[row], self.context.presenter.as_of, self._actor()

        def ask(proposal: NoticeProposal) -> None:
            if proposal.colour is None:
                self.context.report(f"该任务无需督办：{proposal.reason}")
                return
            choice = NoticeDialog.ask(self.context.parent, text, proposal,
                                      lambda dialog, choice: self._draft_notice(dialog, task_id, as_of, choice))
            if choice is not None:
                self._issue_notice(task_id, as_of, choice, proposal.signer)

        Operation(lambda: propose_notice(task_id, as_of, actor=acting(actor))).success(ask).explained(
            "未生成督办单：").run_on(self.context)

    def _draft_notice(self, dialog: NoticeDialog, task_id: int, as_of: date, choice: NoticeChoice) -> None:
        """The PDF of the notice ``choice`` would issue, written on the worker, to the dialog's preview."""
        from models.paper.notices import draft_notice

        from . import notice
        actor = self._actor()

        def draft() -> Path:
            return notice.write_notice_preview(draft_notice(task_id, choice.department, choice.issued_by, as_of,
                                                            choice.colour, actor=acting(actor),
                                                            reply_by=choice.reply_by))

        Operation(draft).success(lambda path: dialog.show_preview(choice, path)).failure(
            lambda error: dialog.preview_failed(choice, str(error))).run_on(self.context)

    def _issue_notice(self, task_id: int, as_of: date, choice: NoticeChoice, signer: Signer) -> None:
        from models.access.signer import set_office_signer
        from models.paper.notices import issue_notice, notice_sheet

        from . import notice
        actor = self._actor()

        def issue() -> tuple[NoticeSheet, Path]:
            acting_now = acting(actor)
            issued = issue_notice(task_id, choice.department, choice.issued_by, as_of, choice.colour,
                                  actor=acting_now, reply_by=choice.reply_by)
            if not signer.from_account and choice.issued_by != signer.name:
                set_office_signer(choice.issued_by, actor=acting_now)     # the office named itself here
            sheet = notice_sheet(issued.id)
            return sheet, notice.write_notice_preview(sheet)

        def issued(written: tuple[NoticeSheet, Path]) -> None:
            sheet, path = written
            self.context.reload(task_id, f"已签发{sheet.colour}色督办单 {sheet.number}")
            notice.show_notice_preview(self.context.parent, sheet, path)

        Operation(issue).success(issued).explained("未签发督办单：").run_on(self.context)
