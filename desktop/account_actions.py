"""账户 menu: 修改密码, 账户管理, 审计日志 (退出登录 is the window's: it reloads for the next person)."""
from __future__ import annotations

from collections.abc import Callable

from models.access.accounts import list_accounts
from models.access.actor import Actor, acting

from .accounts_dialog import AccountsDialog, NewPasswordDialog
from .action_context import ActionContext
from .audit_log import AuditLogDialog
from .operations import Operation


class AccountActions:
    def __init__(self, context: ActionContext, identity_changed: Callable[[Actor], None]) -> None:
        self.context = context
        self.identity_changed = identity_changed        # the window shows the new person and reloads
        self.audit_dialog: AuditLogDialog | None = None

    def change_password(self) -> None:
        """修改密码: one's own, the old password first."""
        actor = self.context.actor()
        if actor is None or actor.account_id is None:
            self.context.report("未设账户，无需密码：督查室在“账户管理”中建立账户后即可登录。")
            return
        if NewPasswordDialog.ask(actor.username, True, self.context.runner, actor, self.context.parent):
            self.context.status("密码已修改", 8000)

    def manage_accounts(self) -> None:
        """账户管理 (office). The first account created in the zero-setup mode ends that
        mode: the dialog signs its creator in as it, and the window says so."""
        actor = self.context.actor()
        if actor is None:
            self.context.report("请先登录。")
            return
        dialog = AccountsDialog(self.context.runner, actor, self.context.parent)
        dialog.signedIn.connect(self.identity_changed)
        self.open_accounts(dialog)
        if dialog.signed_in_as is None:
            self.context.reload()              # the scope setting may have changed what a liaison sees

    def forget(self) -> None:
        """On 退出登录: the audit log was the last person's to read, not the next one's."""
        if self.audit_dialog is not None:
            self.audit_dialog.close()
            self.audit_dialog.deleteLater()
            self.audit_dialog = None

    @staticmethod
    def open_accounts(dialog: AccountsDialog) -> None:
        """Replaced in tests."""
        dialog.exec()

    def show_audit_log(self) -> None:
        """审计日志 (office): not modal, so the window stays usable beside it."""
        actor = self.context.actor()

        def show(usernames: list[str]) -> None:
            if self.audit_dialog is None:
                self.audit_dialog = AuditLogDialog(self.context.runner, usernames, actor, self.context.parent)
            if self.audit_dialog.isVisible():
                self.audit_dialog.raise_()         # opened again from the menu: bring it forward
            self.audit_dialog.show()
            self.audit_dialog.reload()

        Operation(lambda: [account.username for account in list_accounts(acting(actor))]).success(show).run_on(
            self.context)
