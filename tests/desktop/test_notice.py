"""The printed 三色督办单: what its PDF says, the colour band, a long history, the preview, the command."""
from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, time
from pathlib import Path

import pypdfium2
import pytest
from pypdf import PdfReader
from PySide6.QtGui import QColor
from PySide6.QtPrintSupport import QPrinter

import models.paper.notices
from desktop.notice import NoticePreviewDialog, show_notice_preview, write_notice_preview
from desktop.paper_commands import notice_command
from desktop.pdf_preview import print_pdf, render_page
from models.access.actor import signed_in
from models.paper.notice_pdf import BAND_COLOURS, write_notice_pdf
from models.paper.notices import issue_notice, notice_sheet
from models.paper.pdf_pages import MARGIN_LEFT
from models.upkeep.importing import store_extracted
from models.registry.schema import SupervisionNotice, Task
from models.supervision.updates import record_status_update
from tests.models.builders import extracted, plan, task

ROOT = Path(__file__).resolve().parents[2]
AS_OF = date(2023, 11, 6)


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Notices are dated by the clock: these are issued on AS_OF, at 10:00."""
    monkeypatch.setattr(models.paper.notices, "now", lambda: datetime.combine(AS_OF, time(10)))


def pdf_text(path: Path) -> list[str]:
    # Line breaks fall wherever a cell wraps: compare without them; pypdf reads spaces as tabs.
    return [page.extract_text().replace("\n", "").replace("\t", " ") for page in PdfReader(path).pages]


@pytest.fixture
def ids(registry: Path) -> dict[str, int]:
    tasks = [
        task("修建乡村公路20公里，完成路面硬化和安防设施建设", seq="1", lead=("县交通局",), responsible=("县财政局",),
             due=date(2023, 10, 27)),
        task("改造老旧小区12个", seq="2", responsible=("县住建局",), due=date(2023, 9, 1)),
        task("完成河道清淤", seq="3", responsible=("县水利局",), due=date(2023, 12, 31)),
    ]
    store_extracted(extracted([plan("某政发〔2023〕9号", "某县2023年重点工作任务分解方案", tasks,
                                    issue_date=date(2023, 1, 1))]))
    found = {row.seq: row.id for row in Task.select()}
    record_status_update(found["1"], "推进中", 30, note="已完成路基10公里", who="交通局联络员", department="县交通局")
    record_status_update(found["3"], "推进中", 70, note="清淤进行中")
    return {"road": found["1"], "housing": found["2"], "river": found["3"]}


def test_pdf_has_the_task_department_number_and_reply_deadline(ids: dict[str, int], tmp_path: Path) -> None:
    notice = issue_notice(ids["road"], issued_by="张三", as_of=AS_OF)
    path = tmp_path / "notice.pdf"
    assert write_notice_pdf(notice_sheet(notice.id), path) == 1
    text = "".join(pdf_text(path))
    assert "黄色督办单" in text and "（警告）" in text
    assert "督〔2023〕1号" in text
    assert "县交通运输局：" in text                                  # the addressee
    assert "修建乡村公路20公里" in text
    assert "某政发〔2023〕9号" in text and "某县2023年重点工作任务分解方案" in text and "2023年1月1日印发" in text
    assert "2023年10月27日" in text                                 # the deadline
    assert "牵头单位：县交通运输局" in text and "责任单位：县财政局" in text
    assert "推进中，进度30%" in text and "亮红灯：逾期10天" in text
    assert "已完成路基10公里" in text and "交通局联络员" in text       # the history
    assert "督办事由逾期10天" in text.replace(" ", "")
    assert "2023年11月9日前" in text and "3个工作日" in text         # the reply deadline
    for blank in ("承办单位意见", "负责人签字", "日期", "联系人及电话"):
        assert blank in text
    assert "第 1 页，共 1 页" in text
    assert PdfReader(path).metadata.title == "黄色督办单 督〔2023〕1号"


def test_extended_deadline_shows_both(ids: dict[str, int], tmp_path: Path) -> None:
    Task.update(current_deadline=date(2023, 10, 31)).where(Task.id == ids["housing"]).execute()
    notice = issue_notice(ids["housing"], as_of=AS_OF)
    path = tmp_path / "notice.pdf"
    write_notice_pdf(notice_sheet(notice.id), path)
    text = "".join(pdf_text(path))
    assert "2023年10月31日（原定2023年9月1日，已批准延期）" in text
    assert "暂无进展记录" in text


def first_coloured_row(notice_id: int, tmp_path: Path) -> QColor:
    """The colour a little below the first non-white pixel down the body's left edge: the band's."""
    path = tmp_path / "band.pdf"
    write_notice_pdf(notice_sheet(notice_id), path)
    document = pypdfium2.PdfDocument(str(path))
    try:
        image = render_page(document, 0, 96)
    finally:
        document.close()
    x = round(MARGIN_LEFT / 72 * 96) + 3
    for y in range(image.height() // 3):
        if image.pixelColor(x, y) != QColor("white"):
            return image.pixelColor(x, y + 3)          # past the edge's anti-aliased row
    raise AssertionError("no band")


@pytest.mark.parametrize(("task", "colour"), [("road", "黄"), ("housing", "红"), ("river", "蓝")])
def test_band_is_the_notice_colour(ids: dict[str, int], task: str, colour: str, tmp_path: Path) -> None:
    notice = issue_notice(ids[task], as_of=AS_OF)
    assert notice.colour == colour
    assert first_coloured_row(notice.id, tmp_path).name() == BAND_COLOURS[colour][0]


def test_long_history_keeps_the_reply_section_whole(ids: dict[str, int], tmp_path: Path) -> None:
    for step in range(30):
        record_status_update(ids["river"], "推进中", 40 + step, note=f"第{step + 1}次进展：清淤工程按计划推进，"
                                                                     "已完成河道测量、淤泥清运和堤岸修整等工作")
    Task.update(progress=50).where(Task.id == ids["river"]).execute()   # 35 points behind: 红
    notice = issue_notice(ids["river"], as_of=AS_OF)
    path = tmp_path / "long.pdf"
    pages = write_notice_pdf(notice_sheet(notice.id), path)
    texts = pdf_text(path)
    assert pages == len(texts) >= 2
    assert all(f"第 {n} 页，共 {pages} 页" in text for n, text in enumerate(texts, 1))
    assert "第30次进展" in "".join(texts)
    reply = next(text for text in texts if "承办单位反馈" in text)
    assert "承办单位意见" in reply and "负责人签字" in reply and "联系人及电话" in reply


def test_preview_builds_its_dialog_without_blocking(ids: dict[str, int], qtbot, monkeypatch: pytest.MonkeyPatch,
                                                    tmp_path: Path) -> None:
    notice = issue_notice(ids["road"], as_of=AS_OF)
    shown: list[NoticePreviewDialog] = []

    def fake_run(cls, dialog: NoticePreviewDialog) -> int:
        qtbot.addWidget(dialog)
        shown.append(dialog)
        return 0

    monkeypatch.setattr(NoticePreviewDialog, "run", classmethod(fake_run))
    sheet = notice_sheet(notice.id)
    written = write_notice_preview(sheet)
    assert show_notice_preview(None, sheet, written) == 0
    (dialog,) = shown
    assert "黄色督办单 督〔2023〕1号" in dialog.windowTitle()
    assert dialog.pages.rowCount() == 1
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setResolution(150)
    assert print_pdf(dialog.pages.document, printer) == 1
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == 1


def test_unknown_notice(registry: Path, tmp_path: Path) -> None:
    with pytest.raises(LookupError, match="督办单"):
        write_notice_pdf(notice_sheet(42), tmp_path / "x.pdf")


def test_notice_command(ids: dict[str, int], registry: Path, tmp_path: Path,
                        capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "out.pdf"
    assert notice_command(ids["road"], str(path), "红", "县交通局", AS_OF, "张三", signed_in()) == 0
    out = capsys.readouterr().out
    assert "已发红色督办单 督〔2023〕1号：致县交通运输局，限2023年11月7日前反馈" in out and str(path) in out
    assert "县交通运输局" in "".join(pdf_text(path))
    # A path that cannot be written: one line, and no notice recorded.
    missing = tmp_path / "missing" / "out.pdf"
    assert notice_command(ids["housing"], str(missing), None, None, AS_OF, "", signed_in()) == 1
    assert "无法写入 PDF 文件" in capsys.readouterr().err
    assert SupervisionNotice.select().count() == 1
    # Refused: no file left behind; an existing file is left untouched.
    record_status_update(ids["housing"], "已完成", 100)
    refused = tmp_path / "refused.pdf"
    assert notice_command(ids["housing"], str(refused), None, None, AS_OF, "", signed_in()) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "已完成" in err
    assert not refused.exists()
    assert notice_command(ids["housing"], str(path), None, None, AS_OF, "", signed_in()) == 1
    assert "县交通运输局" in "".join(pdf_text(path))


def test_notice_command_loads_no_qt(ids: dict[str, int], registry: Path, tmp_path: Path) -> None:
    code = ("import sys\nfrom datetime import datetime\nfrom desktop.cli import main\n"
            "import models.paper.notices\nmodels.paper.notices.now = lambda: datetime(2023, 11, 6, 10)\n"
            f"assert main(['--db', {str(registry)!r}, 'notice', '--task', '{ids['road']}', "
            f"'--pdf', {str(tmp_path / 'n.pdf')!r}, '--as-of', '2023-11-06']) == 0\n"
            "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"
