"""The printed weekly report: what its PDF says, the seeds' report, the preview, the window's job, the command."""
from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrinter

from desktop.paper_commands import report_command
from desktop.pdf_preview import print_pdf
from desktop.report import ReportPreviewDialog, show_print_preview, write_week_report
from desktop.workers import Cancelled
from importers.pipeline import extract_file, extract_text
from importers.records import ExtractedFile
from models.access.actor import signed_in
from models.paper.report_pdf import write_report_pdf
from models.supervision.listing import load_task_table
from models.upkeep.importing import store_extracted
from models.paper.reports import weekly_report
from models.registry.schema import Task
from models.rules.status import OVERDUE
from models.supervision.updates import record_status_update
from tests.models.builders import clock_at

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))
MONDAY = date(2023, 11, 6)
PLAN = ("某县人民政府办公室\n关于印发某县2023年城市建设工作方案的通知\n某政办发〔2023〕9号\n2023年3月1日\n"
        "1.新建城区污水管网10公里。（牵头单位：县住建局；配合单位：县财政局；完成时限：2023年6月底前）\n"
        "2.改造老旧小区12个。（责任单位：县水利局；完成时限：2023年10月底前）\n"
        "3.清理河道淤泥。（责任单位：县水利局；完成时限：2023年9月底前）\n"
        "4.长效管护。（责任单位：县财政局；完成时限：长期坚持）\n")


def store(text: str) -> None:
    store_extracted(ExtractedFile("plan.txt", "plan.txt", "x" * 64, "utf-8", tuple(extract_text(text, "plan.txt"))))


def pdf_text(path: Path) -> list[str]:
    # Line breaks fall wherever a cell wraps: compare without them; pypdf reads spaces as tabs.
    return [page.extract_text().replace("\n", "").replace("\t", " ") for page in PdfReader(path).pages]


@pytest.fixture
def small_registry(registry: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    clock_at(monkeypatch, datetime(2023, 11, 1, 9))       # reported before the week's Monday
    store(PLAN)
    ids = {task.text: task.id for task in Task.select()}
    record_status_update(ids["新建城区污水管网10公里。"], "推进中", 30, note="已铺设管网3公里")
    record_status_update(ids["清理河道淤泥。"], "已完成", 100, completed_on=date(2023, 9, 20))
    return ids


def test_pdf_lists_departments_tasks_days_and_notes(small_registry: dict[str, int], tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    pages = write_report_pdf(weekly_report(MONDAY, county="某县"), path)
    text = "".join(pdf_text(path))
    assert pages == len(PdfReader(path).pages) >= 1
    assert "某县2023年第45周 逾期任务通报" in text
    assert "截至2023年11月6日" in text
    for name in ("县住房和城乡建设局", "县水利局"):
        assert name in text
    assert "新建城区污水管网10公里" in text and "改造老旧小区12个" in text
    assert "2023年6月30日" in text and "129" in text     # 6-30 to 11-06
    assert "2023年10月31日" in text
    assert "已铺设管网3公里" in text
    assert "清理河道淤泥" not in text                      # done: never listed
    assert "长效管护" not in text
    assert "配合：县财政局" in text                        # listed beside the task, not counted
    assert "1. 县住房和城乡建设局" in text and "2. 县水利局" in text and "3. 县财政局" not in text


def test_empty_week_still_prints_one_page(registry: Path, tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    assert write_report_pdf(weekly_report(MONDAY, county="某县"), path) == 1
    assert "本周无逾期任务" in pdf_text(path)[0]


def test_seed_gazettes_report(registry: Path, tmp_path: Path) -> None:
    for seed in SEEDS:
        store_extracted(extract_file(seed))
    report = weekly_report(MONDAY)
    path = tmp_path / "seeds.pdf"
    pages = write_report_pdf(report, path)
    texts = pdf_text(path)
    assert pages == len(texts) > 1
    assert all(text.strip() for text in texts)          # no blank page from a page break
    assert all(f"第 {n} 页，共 {pages} 页" in text for n, text in enumerate(texts, 1))
    text = "".join(texts)
    table = load_task_table()
    states = table.states(MONDAY)
    overdue = [row for row, state in enumerate(states) if state == OVERDUE]
    assert overdue and report.overdue_total == len(overdue)
    for row in overdue:
        units = table.units["lead"][row] + table.units["responsible"][row]
        for ident in units:
            assert table.department_names[ident] in text
        if not units:
            assert "未明确牵头或责任单位" in text


def test_seed_report_pages_carry_the_header_and_no_row_is_cut(registry: Path, tmp_path: Path) -> None:
    for seed in SEEDS:
        store_extracted(extract_file(seed))
    report = weekly_report(date(2024, 6, 3))
    path = tmp_path / "june.pdf"
    pages = write_report_pdf(report, path)
    texts = [text.replace(" ", "") for text in pdf_text(path)]
    assert pages > 5
    header = "文件任务完成时限逾期天数最新进展"
    assert all(header in text for text in texts[1:] if "天数" in text)     # every page of task rows
    # Each row's overdue days sit beside its deadline: never on the next page.
    for section in report.sections:
        for task in section.tasks:
            assert any(f"{task.deadline.year}年{task.deadline.month}月{task.deadline.day}日{task.days_overdue}"
                       in text for text in texts), task


def on_a_worker(function, *arguments):
    """As the window runs it: off the GUI thread (whose registry calls the desktop tests refuse)."""
    with ThreadPoolExecutor(max_workers=1) as worker:
        return worker.submit(function, *arguments).result()


class FakeJob:
    """What the worker's Job does for write_week_report: progress, and Cancelled once asked."""

    def __init__(self, cancel_at: int | None = None) -> None:
        self.calls: list[tuple[int, int, str]] = []
        self.cancel_at = cancel_at

    def progress(self, done: int, total: int, label: str = "") -> None:
        self.calls.append((done, total, label))
        if self.cancel_at is not None and len(self.calls) > self.cancel_at:
            raise Cancelled()


def test_window_job_reports_progress_page_by_page_and_cancels(registry: Path, tmp_path: Path) -> None:
    for seed in SEEDS:
        store_extracted(extract_file(seed))
    job = FakeJob()
    title, pages = on_a_worker(write_week_report, date(2024, 6, 5), 7, tmp_path / "week.pdf", job)
    assert title.endswith("2024年第23周 逾期任务通报") and pages > 5
    assert len(job.calls) == pages + 1                                   # the report, then each page
    done = [call[0] for call in job.calls[1:]]
    assert done == sorted(done) and job.calls[-1][0] == job.calls[-1][1]
    assert job.calls[-1][2] == f"正在排版（第 {pages} 页）…"
    cancelled = tmp_path / "cancelled.pdf"
    with pytest.raises(Cancelled):
        on_a_worker(write_week_report, date(2024, 6, 5), 7, cancelled, FakeJob(cancel_at=3))
    assert not [path for path in tmp_path.iterdir() if "cancelled" in path.name]   # no file, no leftover


def test_print_preview_shows_and_prints_the_pdf_pages(small_registry: dict[str, int], qtbot, qtmodeltester,
                                                      monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    shown: list[ReportPreviewDialog] = []

    def fake_run(cls, dialog: ReportPreviewDialog) -> int:
        qtbot.addWidget(dialog)
        shown.append(dialog)
        return 0

    monkeypatch.setattr(ReportPreviewDialog, "run", classmethod(fake_run))
    report = weekly_report(MONDAY, county="某县")
    path = tmp_path / "report.pdf"
    pages = write_report_pdf(report, path)
    assert show_print_preview(None, path, report.title) == 0
    (dialog,) = shown
    assert report.title in dialog.windowTitle()
    model = dialog.pages
    qtmodeltester.check(model)
    assert model.rowCount() == pages
    image = model.data(model.index(0, 0), Qt.ItemDataRole.DecorationRole)
    assert isinstance(image, QImage) and abs(image.height() / image.width() - 297 / 210) < 0.01
    assert image.pixelColor(image.width() // 2, 3).name() == "#ffffff"     # paper, not a blank render
    dialog.zoom_by(1)
    assert model.data(model.index(0, 0), Qt.ItemDataRole.DecorationRole).width() > image.width()
    # Printing renders the PDF's pages onto the printer, one after another.
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setFullPage(True)
    printer.setResolution(150)
    assert print_pdf(model.document, printer) == pages
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == pages
    dialog.reject()
    assert model.rowCount() == 0                                           # the file let go


def test_report_command(small_registry: dict[str, int], registry: Path, tmp_path: Path,
                        capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "out.pdf"
    assert report_command(date(2023, 11, 8), str(path), "某县", signed_in()) == 0
    out = capsys.readouterr().out
    assert str(path) in out and "1 页" in out and "某县2023年第45周" in out
    assert path.exists()
    assert report_command(MONDAY, str(tmp_path / "missing" / "out.pdf"), None, signed_in()) == 1
    assert "无法写入 PDF 文件" in capsys.readouterr().err


def test_report_command_loads_no_qt(small_registry: dict[str, int], registry: Path, tmp_path: Path) -> None:
    code = ("import sys\nfrom desktop.cli import main\n"
            f"assert main(['--db', {str(registry)!r}, 'report', '--week', '2023-11-06', "
            f"'--pdf', {str(tmp_path / 'q.pdf')!r}]) == 0\n"
            "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"
