"""Actions on the selected task: 更新进展, 延期, 办结/销号, 督办单. The rules are
in models/ (updates, workflow, notices); these ask the person and report."""
from __future__ import annotations

from models.access.actor import acting
from models.supervision.duplicates import linked_tasks
from models.supervision.evidence import record_update_with_evidence
from models.supervision.listing import apply_update
from models.access.permissions import require_can_update
from models.supervision.updates import StaleTaskError

from .action_context import USER_ERRORS, ActionContext
from .update_dialog import UpdateDialog, UpdateRequest


class TaskActions:
    def __init__(self, context: ActionContext) -> None:
        self.context = context
        # What someone typed for a task that another writer changed first (task id ->
        # request): the next 更新进展 on it opens prefilled, so nothing typed is lost.
        self.drafts: dict[int, UpdateRequest] = {}

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
        view_row = index.row()
        table, row = self.context.model.table, self.context.model.rows[view_row]
        task_id = table.ids[row]
        try:
            require_can_update(acting(), task_id)     # double-click and Enter reach here too
        except USER_ERRORS as error:
            self.context.report(str(error))
            return
        version = table.version(row)
        draft = self.drafts.get(task_id)
        request = UpdateDialog.ask(self.context.parent, table.texts[row], table.statuses[row], table.progress[row],
                                   self._task_departments(row), who=str(self.context.settings.value("update/who", "")),
                                   today=self.context.presenter.as_of, draft=draft)
        if request is None:
            return
        try:
            update = record_update_with_evidence(
                task_id, request.status, request.progress, note=request.note, who=request.who,
                department=request.department, completed_on=request.completed_on, files=request.files,
                expected_version=version)
        except StaleTaskError as error:
            self.drafts[task_id] = request
            self.context.report(f"{error}。您填写的内容已保留：刷新后再点“更新进展”，即可在最新进展上修改后提交。")
            self.context.reload(task_id, "任务已被他人更新，已重新读取登记册")
            return
        except USER_ERRORS as error:
            self.context.report(f"进展未保存：{error}")
            return
        self.drafts.pop(task_id, None)
        self.context.settings.setValue("update/who", request.who)
        if linked_tasks(task_id):
            # The update was copied to the linked tasks: reload them all.
            self.context.reload(task_id, "已记录进展，并同步到关联任务")
            return
        apply_update(table, task_id, request.status, request.progress, str(update.created_at))
        self.context.presenter.set_table(table)            # recompute states, counts, alerts
        self.context.select_row(self.context.model.row_of_task(task_id))

    def _task_departments(self, row: int) -> list[str]:
        table = self.context.model.table
        return [name for role in ("lead", "responsible", "cooperating")
                for name in table.unit_text(row, role).split("、") if name]

    def _workflow_step(self, step, task_id: int, done_message: str) -> None:
        try:
            step()
        except USER_ERRORS as error:
            self.context.report(str(error))
            return
        self.context.reload(task_id, done_message)

    def request_extension(self) -> None:
        from models.registry.schema import Task
        from models.supervision.workflow import request_extension

        from .extension_dialog import ExtensionRequestDialog
        selected = self.context.selected()
        if selected is None:
            return
        row, task_id = selected
        task = Task.get_by_id(task_id)
        asked = ExtensionRequestDialog.ask(self.context.parent, self.context.model.table.texts[row], task.current_deadline,
                                           task.original_deadline, self._task_departments(row),
                                           who=str(self.context.settings.value("update/who", "")), today=self.context.presenter.as_of)
        if asked is not None:
            self._workflow_step(lambda: request_extension(task_id, asked.new_deadline, asked.reason,
                                                          asked.requested_by, asked.department),
                                task_id, "已提交延期申请，待督查室审批")

    def review_extension(self) -> None:
        from models.supervision.workflow import decide_extension, extensions_of

        from .extension_dialog import ExtensionReviewDialog
        selected = self.context.selected()
        if selected is None:
            return
        row, task_id = selected
        requests = extensions_of(task_id)
        if not any(request.state == "待审批" for request in requests):
            self.context.report("该任务没有待审批的延期申请。")
            return
        decision = ExtensionReviewDialog.ask(self.context.parent, self.context.model.table.texts[row], requests,
                                             who=str(self.context.settings.value("update/who", "")))
        if decision is not None:
            self._workflow_step(lambda: decide_extension(decision.request_id, decision.approve,
                                                         decision.decided_by, decision.note),
                                task_id, "已批准延期" if decision.approve else "已驳回延期申请")

    def apply_closure(self) -> None:
        from models.supervision.workflow import apply_for_closure

        from .closure_dialog import ClosureApplyDialog
        selected = self.context.selected()
        if selected is None:
            return
        row, task_id = selected
        asked = ClosureApplyDialog.ask(self.context.parent, self.context.model.table.texts[row], self._task_departments(row),
                                       who=str(self.context.settings.value("update/who", "")))
        if asked is not None:
            self._workflow_step(lambda: apply_for_closure(task_id, asked.note, asked.applied_by, asked.department,
                                                          asked.files, today=self.context.presenter.as_of),
                                task_id, "已申请办结，待督查室审核")

    def review_closure(self) -> None:
        from models.supervision.workflow import closure_evidence, decide_closure, pending_closures

        from .closure_dialog import ClosureReviewDialog
        selected = self.context.selected()
        if selected is None:
            return
        row, task_id = selected
        pending = pending_closures(task_id)
        if not pending:
            self.context.report("该任务没有待审核的办结申请。")
            return
        closure = pending[0]
        decision = ClosureReviewDialog.ask(self.context.parent, self.context.model.table.texts[row], closure,
                                           closure_evidence([closure.id])[closure.id],
                                           who=str(self.context.settings.value("update/who", "")))
        if decision is not None:
            self._workflow_step(lambda: decide_closure(decision.request_id, decision.close, decision.decided_by,
                                                       decision.reason, today=self.context.presenter.as_of),
                                task_id, "已销号" if decision.close else "已退回办结申请")

    def issue_notice(self) -> None:
        """生成督办单 for the selected task, coloured by the rules, then its print preview."""
        from models.paper.notices import issue_notice

        from .notice import show_notice_preview
        selected = self.context.selected()
        if selected is None:
            return
        _row, task_id = selected
        try:
            notice = issue_notice(task_id, issued_by=str(self.context.settings.value("update/who", "")),
                                  as_of=self.context.presenter.as_of)
        except USER_ERRORS as error:
            self.context.report(f"未生成督办单：{error}")
            return
        self.context.reload(task_id, f"已生成{notice.colour}色督办单 {notice.number}")
        show_notice_preview(self.context.parent, notice.id)
