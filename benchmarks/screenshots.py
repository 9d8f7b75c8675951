"""Screenshots of what people see, written as PNG files for a person to look at:
the main window on the seed gazettes, a department's list after an approved 延期 and
with the timeline, the 待办 tab (a pending 延期, a 办结 application, a task reported
已完成), the statistics tab, the notice dialog before 签发, and the first page of the
weekly overdue report.

    .venv/bin/python benchmarks/screenshots.py [OUT_FOLDER]   (default: out/screenshots)

The report page needs pdftoppm (Debian's poppler-utils); without it the PDF is kept.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
AS_OF = date(2023, 11, 6)
DEPARTMENT = "市生态环境局平顺分局"      # the department with the most dated tasks in the seeds


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "out" / "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    from PySide6.QtCore import QEventLoop, QSettings

    from desktop.app import make_application
    from desktop.main_window import MainWindow
    from PySide6.QtCore import Qt

    from desktop.task_table_model import DEADLINE, STATE
    from models.access.actor import Actor
    from models.paper.report_pdf import write_report_pdf
    from desktop.workers import TaskRunner
    from importers.pipeline import extract_file
    from models.registry.database import close_registry, open_registry
    from models.upkeep.importing import store_extracted
    from models.paper.reports import weekly_report
    from models.registry.schema import Task
    from models.supervision.updates import record_status_update

    app = make_application()
    with tempfile.TemporaryDirectory() as tmp:
        registry = Path(tmp) / "registry.sqlite3"
        open_registry(registry)
        for seed in sorted((ROOT / "seeds").glob("*.txt")):
            store_extracted(extract_file(seed))
        first = Task.select().order_by(Task.id).first()
        record_status_update(first.id, "推进中", 60, note="平台已上线试运行，正在对接省电子证照库", who="审批局联络员")
        extended = _office_workflow()
        runner = TaskRunner()
        window = MainWindow(registry, runner, QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat),
                            Actor.local(), as_of=AS_OF)
        window.resize(1500, 900)
        window.show()
        loop = QEventLoop()
        window.presenter.tableChanged.connect(loop.quit)
        window.load()
        loop.exec()
        window.tree.expandToDepth(0)
        window.select_row(0)
        _wait_for(app, lambda: window.detail.history.rowCount() > 0)    # the history is read on the worker
        window.grab().save(str(out / "main_window.png"))
        window.select_department(DEPARTMENT)
        window.department_search.clear()
        header = window.table.horizontalHeader()
        header.setSortIndicator(DEADLINE, Qt.SortOrder.AscendingOrder)      # its dated tasks first
        window.select_row(window.model.row_of_task(extended))
        window.table.scrollTo(window.model.index(window.model.row_of_task(extended), STATE))   # deadlines and state
        _wait_for(app, lambda: window.detail.history.rowCount() > 0)
        window.grab().save(str(out / "list_extended.png"))
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)           # back to the documents' order
        window.show_waiting()
        window.waiting.view.selectRow(0)                                  # its task's history below
        _wait_for(app, lambda: window.detail.history.rowCount() > 0)
        window.grab().save(str(out / "waiting.png"))
        window.tabs.setCurrentWidget(window.timeline)
        window.timeline.setZoom("month")
        window.select_row(window.model.row_of_task(extended))
        _wait_for(app, lambda: window.detail.history.rowCount() > 0)
        window.grab().save(str(out / "timeline.png"))
        window.tabs.setCurrentWidget(window.statistics)
        while window.statistics.model.rowCount() == 0:      # computed on the worker
            app.processEvents()
        window.grab().save(str(out / "statistics.png"))
        from desktop.departments_dialog import DepartmentsDialog   # 工具 → 单位管理…, on a likely typo
        departments = DepartmentsDialog(runner, Actor.local(), window)
        departments.show()
        while departments.model.rowCount() == 0:            # read on the worker
            app.processEvents()
        departments.county_filter.setCurrentText("偏关县")
        typo = next(row for row, info in enumerate(departments.model.records) if info.likely)
        departments.view.selectRow(typo)
        departments.view.scrollTo(departments.model.index(typo, 0))
        app.processEvents()
        departments.grab().save(str(out / "departments.png"))
        # 导入审核 of the plan with units inside its tasks' lines, on a task whose units are marked.
        from models.registry.schema import Plan
        review = window.open_review(Plan.get(Plan.number == "平政办发〔2023〕4号").id)
        while review.loading or runner.busy:                  # read on the worker
            app.processEvents()
        review.select_row(3)
        app.processEvents()
        review.grab().save(str(out / "review.png"))
        # 生成督办单 on an overdue task given a notice two days ago: the would-be notice beside the choices.
        from desktop.notice import write_notice_preview
        from desktop.notice_dialog import NoticeDialog
        from models.access.signer import set_office_signer
        from models.paper.notices import candidates, draft_notice, issue_notice, propose_notice
        set_office_signer("督查室王主任")
        chosen = next(item for item in candidates(AS_OF) if item.colour == "黄" and item.department)
        issue_notice(chosen.task_id, as_of=AS_OF)
        notice_dialog = NoticeDialog(window, f"{chosen.seq} {chosen.text}", propose_notice(chosen.task_id, AS_OF))
        notice_dialog.show()
        choice = notice_dialog.choice()
        notice_dialog.show_preview(choice, write_notice_preview(
            draft_notice(chosen.task_id, choice.department, choice.issued_by, AS_OF, choice.colour)))
        app.processEvents()
        notice_dialog.grab().save(str(out / "notice_dialog.png"))
        notice_dialog.reject()
        pdf = out / "weekly_report.pdf"
        pages = write_report_pdf(weekly_report(AS_OF), str(pdf))
        runner.shutdown(close=close_registry)
        close_registry()
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "2", str(pdf), str(out / "report_page")],
                       check=True)
    print(f"wrote {out}/main_window.png, list_extended.png, waiting.png, timeline.png, statistics.png, "
          "departments.png, review.png, notice_dialog.png, "
          f"weekly_report.pdf ({pages} pages) "
          "and its page PNGs")


def _wait_for(app, condition, seconds: float = 10) -> None:
    """Let the worker's results arrive until ``condition()`` holds (or ``seconds`` pass)."""
    import time
    end = time.monotonic() + seconds
    while not condition() and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def _office_workflow() -> int:
    """What the office meets on a Monday, on DEPARTMENT's dated tasks: one 延期 approved, one asked
    nine days ago, a 办结 application of three days ago, a task reported 已完成 today.
    Returns the task whose deadline was extended."""
    from datetime import datetime, timedelta

    from models.registry.departments import DepartmentResolver
    from models.registry.schema import ExtensionRequest, ClosureRequest, Task
    from models.supervision.listing import load_task_table
    from models.supervision.updates import record_status_update
    from models.supervision.workflow import apply_for_closure, decide_extension, request_extension

    table = load_task_table()
    department = DepartmentResolver().require(DEPARTMENT)
    dated = [table.ids[row] for row in table.rows_of_department(department) if table.deadlines[row]]
    extended, asked, applied, reported = dated[:4]
    later = date.fromisoformat(Task.get_by_id(extended).current_deadline.isoformat()) + timedelta(days=61)
    decide_extension(request_extension(extended, later, "汛期施工受限，设备进场推迟", "生态环境分局联络员",
                                       DEPARTMENT).id, True, "督查室王主任")
    request = request_extension(asked, date.fromisoformat(Task.get_by_id(asked).current_deadline.isoformat())
                                + timedelta(days=45), "项目资金尚未拨付到位", "生态环境分局联络员", DEPARTMENT)
    ExtensionRequest.update(requested_at=datetime.now() - timedelta(days=9)).where(
        ExtensionRequest.id == request.id).execute()
    closure = apply_for_closure(applied, "工程已完工并通过初验", "生态环境分局联络员", DEPARTMENT)
    ClosureRequest.update(applied_at=datetime.now() - timedelta(days=3)).where(
        ClosureRequest.id == closure.id).execute()
    record_status_update(reported, "已完成", 100, note="已完成整改", who="生态环境分局联络员", department=DEPARTMENT)
    return extended


if __name__ == "__main__":
    main()
