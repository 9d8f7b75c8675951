"""The 三色督办单 on paper: an A4 QTextDocument, a PDF, a print preview.

Which colour, why and by when are decided in :mod:`models.paper.notices`; this
module only lays the notice out, with the weekly report's machinery
(:mod:`desktop.report`): the same fixed-dpi layout, the same painter with
its footer, the same full-page A4. A notice is one page in most cases; when
a long history pushes it onto a second, the reply section is moved whole
to the next page rather than cut in two.
"""
from __future__ import annotations

import os
from html import escape
from pathlib import Path

from PySide6.QtGui import QPdfWriter, QTextDocument
from PySide6.QtWidgets import QWidget

from desktop.report import (
    BODY,
    PDF_DPI,
    DocumentPreviewDialog,
    bordered_table,
    ensure_gui_application,
    full_page_a4,
    html_body,
    new_document,
    paint_document,
)
from models.paper.notices import NoticeSheet
from models.rules.wording import chinese_date, chinese_datetime
from models.rules.workdays import working_days_between

# Band colour and the text colour readable on it (white on yellow is not).
BAND_COLOURS = {"蓝": ("#1f5fa8", "#ffffff"), "黄": ("#f2c200", "#3a2e00"), "红": ("#c62828", "#ffffff")}
_LABEL_SHADE = "#f0f0f0"
_BORDER = "#808080"
_QUIET = "#555555"
_REPLY_HEADING = "承办单位反馈"
_GAP = "&nbsp;&nbsp;"   # Qt's HTML collapses spaces, full-width ones too
_ROLE_LABELS = (("lead", "牵头单位"), ("responsible", "责任单位"), ("cooperating", "配合单位"))


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def notice_title(sheet: NoticeSheet) -> str:
    """红色督办单 督〔2023〕3号: the document's title and the footer's."""
    return f"{sheet.colour}色督办单 {sheet.number}"


# -- the document ------------------------------------------------------------------

def notice_html(sheet: NoticeSheet, reply_on_new_page: bool = False) -> str:
    """The notice's HTML (Qt's rich-text subset)."""
    band, ink = BAND_COLOURS[sheet.colour]
    issued = chinese_date(sheet.issued_at)
    reply_by = chinese_date(sheet.reply_by) if sheet.reply_by else "（未定）"
    parts = [
        f'<p align="center" style="font-size: 12pt; margin-bottom: 6px;">{_e(sheet.office)}</p>',
        # The band: one full-width shaded cell; a table, since Qt shades paragraphs only as wide as their text.
        f'<table width="100%" cellspacing="0" cellpadding="10" bgcolor="{band}" style="margin-bottom: 8px;">'
        f'<tr><td align="center" bgcolor="{band}">'
        f'<p align="center" style="font-size: 24pt; color: {ink}; margin: 0;">{_e(sheet.colour)}色督办单</p>'
        f'<p align="center" style="font-size: 11pt; color: {ink}; margin: 0;">'
        f"（{_e(sheet.kind)}）&nbsp;&nbsp;{_e(sheet.number)}</p></td></tr></table>",
        f'<table width="100%" cellspacing="0" cellpadding="0" style="margin-bottom: 8px;"><tr>'
        f'<td style="font-size: 9pt; color: {_QUIET};">督办单编号：{_e(sheet.number)}</td>'
        f'<td align="right" style="font-size: 9pt; color: {_QUIET};">签发日期：{_e(issued)}'
        + (f"&nbsp;&nbsp;&nbsp;签发人：{_e(sheet.issued_by)}" if sheet.issued_by else "") + "</td></tr></table>",
        f'<p style="font-size: 13pt; margin-bottom: 4px;">{_e(sheet.department)}：</p>',
        f'<p style="font-size: 11pt; margin-bottom: 8px; text-indent: 28px;">你单位承办的下列任务{_e(_situation(sheet))}，'
        f"现予{_e(sheet.colour)}色督办（{_e(sheet.kind)}）。请于{_e(reply_by)}前将整改落实情况"
        f"书面反馈{_e(sheet.office)}。</p>",
        _section("一、任务情况"),
        _facts_table(sheet),
        _section("二、进展记录"),
        _history_table(sheet),
        _section("三、督办事由及反馈时限", new_page=False),
        _facts(((("督办事由", _e(sheet.reason or "—")),
                 ("反馈时限", f"{_e(reply_by)}前" + (f"（{_e(_working_days(sheet))}）" if sheet.reply_by else ""))))),
        _section(f"四、{_REPLY_HEADING}", new_page=reply_on_new_page),
        _reply_box(),
        f'<p style="font-size: 8.5pt; color: {_QUIET}; margin-top: 6px;">'
        f"本督办单一式两份，一份送承办单位，一份由{_e(sheet.office)}留存。"
        f"承办单位填写后于反馈时限前报回，并在督办台登记进展。</p>",
    ]
    return html_body("".join(parts))


def _situation(sheet: NoticeSheet) -> str:
    """The reason's first part as the opening sentence says it: 已逾期45天, 进度滞后，欠进度…, 2天后到期，尚未完成."""
    first = sheet.reason.split("；")[0] if sheet.reason else ""
    if first.startswith("逾期"):
        return f"已{first}"
    if first.startswith("欠进度"):
        return f"进度滞后，{first}"
    return f"{first}，尚未完成" if first else "需要督办"


def _working_days(sheet: NoticeSheet) -> str:
    """3个工作日: the time limit as counted, or "" outside the calendar's years."""
    assert sheet.reply_by is not None
    try:
        return f"{working_days_between(sheet.issued_at.date(), sheet.reply_by)}个工作日"
    except ValueError:   # UnknownCalendarYear: say nothing rather than guess
        return ""


def _section(title: str, new_page: bool = False) -> str:
    page_break = " page-break-before: always;" if new_page else ""
    return f'<p style="font-size: 12pt; margin-top: 8px; margin-bottom: 4px;{page_break}">{_e(title)}</p>'


def _facts(rows: tuple[tuple[str, str], ...]) -> str:
    """A two-column bordered table: label, value (values already escaped)."""
    body = "".join(f'<tr><td width="16%" bgcolor="{_LABEL_SHADE}" align="center">{_e(label)}</td>'
                   f"<td>{value}</td></tr>" for label, value in rows)
    return (f'<table width="100%" border="1" cellspacing="0" cellpadding="4" '
            f'style="border-collapse: collapse; border-color: {_BORDER}; border-style: solid; '
            f'margin-bottom: 6px;">{body}</table>')


def _facts_table(sheet: NoticeSheet) -> str:
    seq = sheet.seq.strip()
    task = f"{_e(seq)}．{_e(sheet.text)}" if seq.isdigit() else f"{_e(seq)} {_e(sheet.text)}".strip()
    source = _e(sheet.plan_number or "（无文号）")
    if sheet.plan_title:
        source += f"　{_e(sheet.plan_title)}"
    extra = [text for text in (sheet.plan_issuer, chinese_date(sheet.plan_issue_date) and
                               f"{chinese_date(sheet.plan_issue_date)}印发") if text]
    if extra:
        source += f'<br/><span style="font-size: 8.5pt; color: {_QUIET};">{_e("，".join(extra))}</span>'
    units = "；".join(f"{label}：{'、'.join(sheet.units[role])}" for role, label in _ROLE_LABELS
                     if sheet.units.get(role))
    progress = f"{sheet.status}，进度{sheet.progress}%"
    light = f"亮{sheet.light.colour}灯：{sheet.light.reason}" if sheet.light.colour else sheet.light.reason
    rows = (("任务", task), ("来源文件", source), ("承办单位", _e(units or "文件未明确承办单位")),
            ("完成时限", _e(_deadline(sheet))),
            ("当前状态", f"{_e(progress)}<br/>{_e(light)}"
                         f'<span style="font-size: 8.5pt; color: {_QUIET};">（截至{_e(chinese_date(sheet.issued_at))}）</span>'))
    return _facts(rows)


def _deadline(sheet: NoticeSheet) -> str:
    current, original = sheet.current_deadline, sheet.original_deadline
    if current is None:
        return sheet.deadline_text or "未设完成时限"
    if original is not None and original != current:
        return f"{chinese_date(current)}（原定{chinese_date(original)}，已批准延期）"
    return chinese_date(current)


def _history_table(sheet: NoticeSheet) -> str:
    if not sheet.history:
        return '<p style="font-size: 10pt; margin-bottom: 6px;">暂无进展记录（承办单位未填报进展）。</p>'
    rows = []
    for entry in sheet.history:
        who = "，".join(dict.fromkeys(text for text in (entry.department, entry.who) if text)) or "—"
        rows.append(f'<tr><td align="center">{_e(chinese_datetime(entry.created_at))}</td>'
                    f'<td align="center">{_e(entry.status)}</td><td align="center">{entry.progress}%</td>'
                    f"<td>{_e(who)}</td><td>{_e(entry.note.strip() or '—')}</td></tr>")
    return bordered_table([("时间", 20), ("状态", 9), ("进度", 8), ("填报人", 17), ("进展情况", 46)], rows)


def _reply_box() -> str:
    """Blank boxes for the department to fill in by hand."""
    blank = "".join('<p style="margin: 0;">&nbsp;</p>' for _ in range(8))
    cell = f'bgcolor="{_LABEL_SHADE}" align="center"'
    return (f'<table width="100%" border="1" cellspacing="0" cellpadding="6" '
            f'style="border-collapse: collapse; border-color: {_BORDER}; border-style: solid;">'
            f'<tr><td width="16%" {cell}>承办单位意见</td><td colspan="3">{blank}'
            f'<p align="right" style="margin: 0;">（单位盖章）{_GAP * 6}</p></td></tr>'
            f'<tr><td {cell}>负责人签字</td><td width="42%">&nbsp;<br/>&nbsp;</td>'
            f'<td width="12%" {cell}>日期</td><td align="center">年{_GAP * 4}月{_GAP * 4}日</td></tr>'
            f'<tr><td {cell}>联系人及电话</td><td colspan="3">&nbsp;<br/>&nbsp;</td></tr></table>')


def notice_document(sheet: NoticeSheet) -> QTextDocument:
    """The notice (its sheet, read by models.paper.notices.notice_sheet) as a paginated A4 document."""
    ensure_gui_application()
    title = notice_title(sheet)
    document = new_document(title, notice_html(sheet))
    if _reply_split(document):
        document = new_document(title, notice_html(sheet, reply_on_new_page=True))
    return document


def _reply_split(document: QTextDocument) -> bool:
    """Whether the reply section (heading to the end) starts on one page and ends on another."""
    layout = document.documentLayout()
    block = document.begin()
    while block.isValid() and not block.text().endswith(_REPLY_HEADING):
        block = block.next()
    if not block.isValid():
        return False
    height = BODY.height()
    top = layout.blockBoundingRect(block).top()
    bottom = layout.documentSize().height()
    # Compare page indexes; a section taller than a page cannot be kept whole anyway.
    return int(top // height) != int((bottom - 0.5) // height) and bottom - top < height


def write_notice_pdf(sheet: NoticeSheet, path: str | os.PathLike[str]) -> int:
    """Write the notice as an A4 PDF at ``path``; its page count. OSError when the file cannot be written."""
    path = Path(path)
    check_writable(path)
    document = notice_document(sheet)
    title = notice_title(sheet)
    writer = QPdfWriter(os.fspath(path))
    writer.setResolution(PDF_DPI)
    writer.setPageLayout(full_page_a4())
    writer.setTitle(title)
    writer.setCreator("督办台 Duban")
    return paint_document(document, writer, title)


def check_writable(path: str | os.PathLike[str]) -> bool:
    """Raise OSError, with a message for people, when a PDF cannot be written at ``path``.

    QPdfWriter only fails later, with a Qt warning; find out first, with a
    reason. Appends nothing and truncates nothing: an existing file is
    left as it is until the PDF replaces it. Returns whether it existed.
    """
    path = Path(path)
    existed = path.exists()
    try:
        path.open("ab").close()
    except OSError as exc:
        raise OSError(f"无法写入 PDF 文件 {path}（{exc.strerror or exc}）") from exc
    return existed


# -- print preview -------------------------------------------------------------------

class NoticePreviewDialog(DocumentPreviewDialog):
    """The print preview of one notice."""

    def __init__(self, sheet: NoticeSheet, parent: QWidget | None = None) -> None:
        title = notice_title(sheet)
        super().__init__(notice_document(sheet), title, parent, f"打印预览 — {title}（{sheet.department}）")
        self.sheet = sheet


def show_notice_preview(parent: QWidget | None, sheet: NoticeSheet) -> int:
    """Open the print preview of a notice (its sheet, read on the worker) over ``parent``; the dialog's result."""
    return NoticePreviewDialog(sheet, parent).present()
