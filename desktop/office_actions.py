"""Office work with files and the whole registry: importing gazettes, Excel
ledgers and status sheets, the weekly report, finding the same task in two
documents. Long work runs on the worker with a progress dialog that appears
only when it is slow."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QLabel, QPlainTextEdit,
                               QPushButton, QVBoxLayout, QWidget)

from importers.records import ADVICE

from .action_context import ActionContext
from .operations import USER_ERRORS
from .progress import run_with_progress
from .workers import Cancelled


class OfficeActions:
    def __init__(self, context: ActionContext) -> None:
        self.context = context
        self.import_action = QAction("导入公报…", context.parent)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.triggered.connect(self.import_dialog)

    def find_duplicates(self) -> None:
        """Pairs of similar tasks in different documents, computed on the worker; the office
        confirms each link in the dialog (never merged silently)."""
        # Loaded when first asked for, as the importer is below: the window starts without them.
        from models.supervision.duplicates import candidate_pairs

        from .duplicates_dialog import DuplicatesDialog

        table = self.context.presenter.table
        threshold = float(self.context.settings.value("duplicates/threshold", DUPLICATE_THRESHOLD))
        def finished(result) -> None:
            if isinstance(result, Cancelled):
                return
            if isinstance(result, BaseException):
                self.context.bug(result)
                return
            if not result:
                self.context.status("没有发现跨文件的相似任务", 8000)
                return
            linked = DuplicatesDialog.run(self.context.parent, self.context.runner, self.context.actor(), table, result,
                                          str(self.context.settings.value("update/who", "")),
                                          self.context.presenter.state_of)
            if linked:
                self.context.status(f"已关联 {len(linked)} 对任务：今后一次填报同步到关联任务", 8000)

        run_with_progress(self.context, "正在比对各文件的任务…", "查找重复任务",
                          lambda job: candidate_pairs(table, threshold, progress=job.progress), finished)

    def import_dialog(self) -> None:
        paths = self.choose_import_files()
        if paths:
            self.import_paths(paths)

    def choose_import_files(self) -> list[str]:
        folder = str(self.context.settings.value("import/folder", str(Path.home())))
        paths, _ = QFileDialog.getOpenFileNames(
            self.context.parent, "导入公报或方案", folder, "公报与方案 (*.txt *.docx *.doc *.pdf *.rtf *.html *.htm *.mht *.mhtml *.xlsx *.xls *.et);;所有文件 (*)")
        if paths:
            self.context.settings.setValue("import/folder", str(Path(paths[0]).parent))
        return paths

    def import_paths(self, paths: list[str]) -> None:
        """Import on the worker with a progress dialog (shown only if slow) and cancel."""
        from .import_job import import_files, outcome_lines, reviewable_plans

        def finished(outcomes: list | BaseException) -> None:
            if isinstance(outcomes, Cancelled):
                self.context.report("导入已取消，登记册没有改动。")
                return
            if isinstance(outcomes, BaseException):
                self.context.bug(outcomes)
                return
            self.show_import_results(outcome_lines(outcomes), reviewable_plans(outcomes))
            errors = [outcome.error for outcome in outcomes if outcome.error]
            if errors:
                self.context.report("；".join(errors))
            self.context.reload()

        run_with_progress(self.context, "正在导入…", "导入公报", lambda job: import_files(paths, job), finished,
                          show_labels=True, busy=(self.import_action,))

    def show_import_results(self, lines: list[str], plans: list[tuple[int, str]] | None = None) -> None:
        ImportResultDialog.present(self.context.parent, lines, plans=plans or [], review=self.context.open_review)

    def _week_start(self) -> date:
        as_of = self.context.presenter.as_of
        return as_of - timedelta(days=as_of.weekday())

    def print_report(self) -> None:
        from .report import preview_week_report
        preview_week_report(self.context, self._week_start(), self.context.presenter.due_soon_days)

    def export_report(self) -> None:
        from .report import export_week_report
        week = self._week_start()
        suggested = str(Path(str(self.context.settings.value("report/folder", str(Path.home())))) / f"逾期周报_{week}.pdf")
        path, _ = QFileDialog.getSaveFileName(self.context.parent, "导出逾期周报", suggested, "PDF (*.pdf)")
        if not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        self.context.settings.setValue("report/folder", str(Path(path).parent))
        export_week_report(self.context, week, self.context.presenter.due_soon_days, path)

    def _save_path(self, title: str, name: str, pattern: str) -> str:
        folder = Path(str(self.context.settings.value("export/folder", str(Path.home()))))
        path, _ = QFileDialog.getSaveFileName(self.context.parent, title, str(folder / name), pattern)
        if path:
            # The dialog does not add the suffix a person leaves off (台账 → 台账.xlsx).
            suffix = Path(name).suffix
            if suffix and not path.lower().endswith(suffix):
                path += suffix
            self.context.settings.setValue("export/folder", str(Path(path).parent))
        return path

    def _scope_department(self) -> int | None:
        scope = self.context.presenter.scope
        return scope.ident if scope.kind == "department" else None

    def export_ledger(self) -> None:
        """导出台账: the shown department's sheet, or every department's, on the worker."""
        from models.paper.ledger import export_ledger

        department = self._scope_department()
        label = self.context.presenter.scope.label if department is not None else "全部单位"
        path = self._save_path("导出台账", f"督办台账_{label}_{self.context.presenter.as_of}.xlsx", "Excel (*.xlsx)")
        if not path:
            return
        as_of, actor = self.context.presenter.as_of, self.context.actor()
        self.context.status("正在导出台账…")
        self.context.runner.run(lambda job: export_ledger(path, department=department, as_of=as_of, actor=actor),
                        lambda summary: self.context.status(
                            f"已导出台账 {path}（{len(summary.sheets)} 张工作表）", 8000),
                        self._export_failed)

    def export_status_sheet(self) -> None:
        """A 进展填报表 for the department chosen on the left, to be filled in Excel."""
        from models.paper.ledger import export_status_sheet

        department = self._scope_department()
        if department is None:
            self.context.report("请先在左侧选择一个单位，再导出该单位的进展填报表。")
            return
        name = self.context.presenter.scope.label
        path = self._save_path("导出进展填报表", f"进展填报表_{name}_{self.context.presenter.as_of}.xlsx", "Excel (*.xlsx)")
        if path:
            as_of, actor = self.context.presenter.as_of, self.context.actor()
            self.context.runner.run(lambda job: export_status_sheet(path, department, as_of=as_of, actor=actor),
                            lambda summary: self.context.status(f"已导出 {path}", 8000),
                            self._export_failed)

    def import_status_sheets(self) -> None:
        """导入进展填报表: each changed row becomes a status update; the rest is reported."""
        from models.paper.ledger import SheetFileError
        from models.paper.ledger_updates import import_status_sheet

        folder = str(self.context.settings.value("export/folder", str(Path.home())))
        paths, _ = QFileDialog.getOpenFileNames(self.context.parent, "导入进展填报表", folder, "Excel (*.xlsx)")
        if not paths:
            return
        who = str(self.context.settings.value("update/who", ""))

        def work(job):
            results = []
            for path in paths:
                try:
                    results.append((path, import_status_sheet(path, who=who), None))
                except SheetFileError as error:
                    results.append((path, None, str(error)))
            return results

        def done(results) -> None:
            lines = []
            for path, outcome, error in results:
                if error:
                    lines.append(f"✗ {error}")
                    continue
                lines.append(f"{Path(path).name}（{outcome.department}）：新增进展 {len(outcome.applied)} 条，"
                             f"未改动 {outcome.unchanged} 行，此前已导入 {outcome.already_applied} 行，"
                             f"未导入 {len(outcome.problems)} 行")
                lines += [f"    {problem}" for problem in outcome.problems]
            self.show_import_results(lines)
            self.context.reload()

        self.context.runner.run(work, done, self.context.bug)

    def _export_failed(self, error: BaseException) -> None:
        if isinstance(error, USER_ERRORS):
            self.context.report(f"导出失败：{error}")
        else:
            self.context.bug(error)


# Similarity at which two tasks of different documents are proposed as one: on the seeds
# 0.5 proposes nothing, while the real pairs (the same 10万亩 托管 task in a plan and
# in the 政府工作报告 分解方案) score 0.15 to 0.2. Proposals cost one click to dismiss.
DUPLICATE_THRESHOLD = 0.15

class ImportResultDialog(QDialog):
    """What was imported, per file and plan. `present` is replaced in tests."""

    def __init__(self, parent: QWidget | None, lines: list[str], plans: list[tuple[int, str]] | None = None,
                 review: Callable[[int], object] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("导入结果")
        self.resize(720, 420)
        layout = QVBoxLayout(self)
        from .import_job import WARNING_PREFIX
        warnings = sum(1 for line in lines if line.startswith(WARNING_PREFIX))
        self.warning = None
        if warnings:
            # Never silent: what could not be read is said first, not left in the list.
            self.warning = QLabel(f"⚠ 有 {warnings} 处写有分工（牵头单位、责任单位、完成时限等）却没有读出任务，"
                                  f"{ADVICE}。这些文件在左侧“文件”中标有 ⚠，直到重新导入读出为止。")
            self.warning.setWordWrap(True)
            self.warning.setStyleSheet("color: #b45309; font-weight: bold;")
            layout.addWidget(self.warning)
        text = QPlainTextEdit("\n".join(lines))
        text.setReadOnly(True)
        layout.addWidget(text)
        self.plans = QComboBox()
        self.review_button = QPushButton("对照原文审核…")
        if plans and review is not None:
            # What was just read, checked against the document while it is in mind (导入审核).
            for plan_id, label in plans:
                self.plans.addItem(label, plan_id)
            row = QHBoxLayout()
            row.addWidget(QLabel("导入审核："))
            row.addWidget(self.plans, 1)
            row.addWidget(self.review_button)
            self.review_button.clicked.connect(lambda: review(self.plans.currentData()))
            layout.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)

    @classmethod
    def present(cls, parent: QWidget | None, lines: list[str], plans: list[tuple[int, str]] | None = None,
                review: Callable[[int], object] | None = None) -> None:
        cls(parent, lines, plans, review).open()

