"""File → 备份登记册… and 从备份恢复…, and the daily backup when the window opens.

The work is models/backup's, run on the worker; a progress dialog appears
only when it is slow. After a restore the window reads the registry again.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from models.upkeep.backup import BackupError, BackupSummary, DailyBackup, RestoreSummary, daily_backup, make_backup, \
    restore_backup
from models.registry.dialect import is_postgres

from .action_context import ActionContext
from .dialog_parts import asked_yes
from .operations import USER_ERRORS
from .progress import run_with_progress
from .workers import Cancelled, Job

BACKUP_ERRORS: tuple[type[BaseException], ...] = (BackupError, *USER_ERRORS)


class BackupActions:
    def __init__(self, context: ActionContext) -> None:
        self.context = context
        self.backup_action = QAction("备份登记册…", context.parent)
        self.backup_action.triggered.connect(self.backup_dialog)
        self.restore_action = QAction("从备份恢复…", context.parent)
        self.restore_action.triggered.connect(self.restore_dialog)

    # -- the daily backup ------------------------------------------------------------

    def daily(self) -> None:
        """Today's backup on the worker; a failure shows in the banner and nothing stops."""
        self.context.runner.run(lambda job: daily_backup(), self._daily_done, self._daily_failed)

    def _daily_done(self, outcome: DailyBackup | None) -> None:
        if outcome is None:
            return
        if outcome.problem:
            self.context.report(outcome.problem)
        elif outcome.created:
            self.context.status(f"已自动备份登记册：{outcome.path}", 8000)

    def _daily_failed(self, error: BaseException) -> None:
        self.context.bug(error)

    # -- 备份登记册 -------------------------------------------------------------------

    def backup_dialog(self) -> None:
        suffix, pattern = (".dump", "PostgreSQL 备份 (*.dump)") if is_postgres() else (".zip", "督办台备份 (*.zip)")
        folder = Path(str(self.context.settings.value("backup/folder", str(Path.home()))))
        suggested = folder / f"督办台备份_{datetime.now():%Y-%m-%d_%H%M}{suffix}"
        path = self.choose_save_path(self.context.parent, str(suggested), pattern)
        if not path:
            return
        if not path.lower().endswith(suffix):
            path += suffix          # the dialog does not add the suffix a person leaves off
        self.context.settings.setValue("backup/folder", str(Path(path).parent))
        self.backup_to(path)

    @staticmethod
    def choose_save_path(parent: QWidget, suggested: str, pattern: str) -> str:
        """Replaced in tests (no modal dialog in a test run)."""
        return QFileDialog.getSaveFileName(parent, "备份登记册", suggested, pattern)[0]

    def backup_to(self, path: str) -> None:
        def done(summary: BackupSummary) -> None:
            evidence = f"，佐证材料 {summary.evidence_files} 个" if summary.backend == "sqlite" else ""
            self.context.status(f"已备份登记册到 {summary.path}（任务 {summary.tasks} 项{evidence}）", 10000)
            if summary.missing_evidence:
                self.context.report(f"备份已完成，但有 {len(summary.missing_evidence)} 个佐证材料已不在文件夹中，"
                                    f"未能备份：{'、'.join(summary.missing_evidence[:3])}")

        self._run("正在备份登记册…", "备份登记册", lambda job: make_backup(path, progress=job.progress), done,
                  "备份失败", cancellable=True)

    # -- 从备份恢复 -------------------------------------------------------------------

    def restore_dialog(self) -> None:
        pattern = ("PostgreSQL 备份 (*.dump);;所有文件 (*)" if is_postgres()
                   else "督办台备份 (*.zip);;登记册文件 (*.sqlite3 *.bak-v*);;所有文件 (*)")
        folder = str(self.context.settings.value("backup/folder", str(Path.home())))
        path = self.choose_open_path(self.context.parent, folder, pattern)
        if not path:
            return
        self.context.settings.setValue("backup/folder", str(Path(path).parent))
        question = (f"用备份 {path} 替换当前登记册的全部内容？\n\n"
                    "当前登记册会先另存为一份备份（恢复完成后显示其位置），需要时可再恢复回来。")
        if self.confirm(self.context.parent, question):
            self.restore_from(path)

    @staticmethod
    def choose_open_path(parent: QWidget, folder: str, pattern: str) -> str:
        """Replaced in tests."""
        return QFileDialog.getOpenFileName(parent, "从备份恢复", folder, pattern)[0]

    @staticmethod
    def confirm(parent: QWidget, question: str) -> bool:
        """Replaced in tests."""
        return asked_yes(parent, "从备份恢复", question)

    @staticmethod
    def show_result(parent: QWidget, text: str) -> None:
        """Where the safety copy went must outlast a status-bar message; not modal. Replaced in tests."""
        box = QMessageBox(QMessageBox.Icon.Information, "从备份恢复", text, QMessageBox.StandardButton.Ok, parent)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def restore_from(self, path: str) -> None:
        def done(summary: RestoreSummary) -> None:
            migrated = (f"，已由结构版本 {summary.schema_version} 升级到 {summary.migrated_to}"
                        if summary.migrated_to != summary.schema_version else "")
            self.context.reload()
            self.show_result(self.context.parent, f"已从 {path} 恢复登记册{migrated}。\n\n"
                                                  f"恢复前的登记册另存为：\n{summary.safety_copy}")

        # Not cancellable: once the backup is checked the swap is one short transaction.
        self._run("正在恢复登记册…", "从备份恢复", lambda job: restore_backup(path, progress=job.progress), done,
                  "恢复失败", cancellable=False)

    # -- both ---------------------------------------------------------------------

    def _run(self, label: str, title: str, work: Callable[[Job], object], done: Callable, failure: str,
             cancellable: bool) -> None:
        def finished(result) -> None:
            if isinstance(result, Cancelled):
                self.context.status("备份已取消", 5000)
            elif isinstance(result, BACKUP_ERRORS):
                self.context.report(f"{failure}：{result}")
            elif isinstance(result, BaseException):
                self.context.bug(result)
            else:
                done(result)

        run_with_progress(self.context, label, title, work, finished, cancellable=cancellable,
                          busy=(self.backup_action, self.restore_action))
