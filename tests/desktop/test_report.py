"""The printed weekly report: what its PDF says, the seeds' report, the preview dialog."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrinter

import desktop.report
from desktop.paper_commands import report_command
from desktop.report import ReportPreviewDialog, export_pdf, show_print_preview
from importers.pipeline import extract_file, extract_text
from importers.records import ExtractedFile
from models.supervision.listing import load_task_table
from models.upkeep.importing import store_extracted
from models.paper.reports import weekly_report
from models.registry.schema import Task
from models.rules.status import OVERDUE
from models.supervision.updates import record_status_update

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
def small_registry(registry: Path) -> dict[str, int]:
    store(PLAN)
    ids = {task.text: task.id for task in Task.select()}
    record_status_update(ids["新建城区污水管网10公里。"], "推进中", 30, note="已铺设管网3公里")
    record_status_update(ids["清理河道淤泥。"], "已完成", 100, completed_on=date(2023, 9, 20))
    return ids


def test_pdf_lists_departments_tasks_days_and_notes(small_registry: dict[str, int], tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    pages = export_pdf(weekly_report(MONDAY, county="某县"), path)
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
    assert export_pdf(weekly_report(MONDAY, county="某县"), path) == 1
    assert "本周无逾期任务" in pdf_text(path)[0]


def test_seed_gazettes_report(registry: Path, tmp_path: Path) -> None:
    for seed in SEEDS:
        store_extracted(extract_file(seed))
    report = weekly_report(MONDAY)
    path = tmp_path / "seeds.pdf"
    pages = export_pdf(report, path)
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


def test_pages_keep_rows_whole(registry: Path) -> None:
    for seed in SEEDS:
        store_extracted(extract_file(seed))
    document, chunks = desktop.report._paginated(weekly_report(date(2024, 6, 3)))
    assert document.pageCount() > 5
    assert desktop.report._first_bad_break(document, chunks) is None
    assert not desktop.report._skips_a_page(document, chunks)


def test_print_preview_builds_its_dialog_without_blocking(small_registry: dict[str, int], qtbot,
                                                          monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    shown: list[ReportPreviewDialog] = []

    def fake_run(cls, dialog: ReportPreviewDialog) -> int:
        qtbot.addWidget(dialog)
        shown.append(dialog)
        return 0

    monkeypatch.setattr(ReportPreviewDialog, "run", classmethod(fake_run))
    report = weekly_report(MONDAY, county="某县")
    assert show_print_preview(None, report) == 0
    (dialog,) = shown
    assert report.title in dialog.windowTitle()
    assert dialog.printer.pageLayout().pageSize().id() == QPageSize.PageSizeId.A4
    # The preview paints through the same function as the PDF: paint once into a PDF printer.
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "preview.pdf"))
    printer.setFullPage(True)
    printer.setPageLayout(dialog.printer.pageLayout())
    dialog.paint(printer)
    assert "县水利局" in "".join(pdf_text(tmp_path / "preview.pdf"))


def test_report_command(small_registry: dict[str, int], registry: Path, tmp_path: Path,
                        capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "out.pdf"
    assert report_command(date(2023, 11, 8), str(path), "某县", str(registry)) == 0
    out = capsys.readouterr().out
    assert str(path) in out and "1 页" in out and "某县2023年第45周" in out
    assert path.exists()
    assert report_command(MONDAY, str(tmp_path / "missing" / "out.pdf"), None, str(registry)) == 1
    assert "无法写入 PDF 文件" in capsys.readouterr().err
