"""账户 menu: 修改密码, 账户管理, 审计日志 (退出登录 is the window's: it reloads for the next person)."""
from __future__ import annotations

from collections.abc import Callable

from models.access.accounts import list_accounts

from models.access.actor import needs_sign_in, signed_in

from .accounts_dialog import AccountsDialog, NewPasswordDialog
from .action_context import USER_ERRORS, ActionContext
from .audit_log import AuditLogDialog


class AccountActions:
    def __init__(self, context: ActionContext, identity_changed: Callable[[], None]) -> None:
        self.context = context
        self.identity_changed = identity_changed        # the window shows the new person and reloads
        self.audit_dialog: AuditLogDialog | None = None

    def change_password(self) -> None:
        """修改密码: one's own, the old password first."""
        try:
            actor = signed_in()
        except USER_ERRORS as error:
            self.context.report(str(error))
            return
        if actor.account_id is not None and NewPasswordDialog.ask(actor.username, own=True,
                                                                    parent=self.context.parent):
            self.context.status("密码已修改", 8000)

    def manage_accounts(self) -> None:
        """账户管理 (office). The first account created in the zero-setup mode ends that
        mode: the dialog signs its creator in as it, and the window says so."""
        try:
            zero_setup = signed_in().account_id is None
            dialog = AccountsDialog(self.context.parent)
        except USER_ERRORS as error:
            self.context.report(str(error))
            return
        self.open_accounts(dialog)
        if zero_setup and needs_sign_in():
            self.identity_changed()
        else:
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
        try:
            usernames = [account.username for account in list_accounts()]
        except USER_ERRORS as error:
            self.context.report(str(error))
            return
        if self.audit_dialog is None:
            self.audit_dialog = AuditLogDialog(self.context.runner, usernames, self.context.parent)
        if self.audit_dialog.isVisible():
            self.audit_dialog.raise_()         # opened again from the menu: bring it forward
        self.audit_dialog.show()
        self.audit_dialog.reload()
