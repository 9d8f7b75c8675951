"""The 三色督办单 as an A4 PDF (ReportLab, no Qt), as the weekly report is written.

Which colour, why and by when are decided in :mod:`models.paper.notices`; this
module only sets the notice on paper: the office, the colour band, the
addressee and the request, the task's facts, its history, the reason and the
reply deadline, and the reply box the department fills in by hand. A notice
is one page in most cases; when a long history pushes it onto a second, the
reply section (heading and box) moves whole to the next page rather than
being cut in two, and the history's header repeats there.

Moved from Qt's text layout with the report, so that ``duban notice`` loads no
Qt and the window previews and prints both from their PDFs the same way.
"""
from __future__ import annotations

import os
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Table, TableStyle

from models.paper.notices import NoticeSheet
from models.registry.schema import ROLE_LABELS
from models.paper.pdf_pages import BODY_HEIGHT, BODY_WIDTH, BORDER, HEADER_SHADE, QUIET, centred, style, write_pdf
from models.paper.pdf_table import PADDING, PagedTable
from models.paper.pdf_text import TextBlock
from models.rules.wording import chinese_date, chinese_datetime
from models.rules.workdays import working_days_between

# Band colour and the text colour readable on it (white on yellow is not).
BAND_COLOURS = {"蓝": ("#1f5fa8", "#ffffff"), "黄": ("#f2c200", "#3a2e00"), "红": ("#c62828", "#ffffff")}
LABEL_SHADE = colors.HexColor("#f0f0f0")
REPLY_HEADING = "承办单位反馈"
_PT = 0.75                          # points per CSS pixel at 96 dpi: the Qt layout's spacings, kept
_HISTORY_COLUMNS = (("时间", 20), ("状态", 9), ("进度", 8), ("填报人", 17), ("进展情况", 46))


def notice_title(sheet: NoticeSheet) -> str:
    """红色督办单 督〔2023〕3号: the document's title and the footer's."""
    return f"{sheet.colour}色督办单 {sheet.number}"


class _Styles:
    def __init__(self, ink: str) -> None:
        self.office = style("office", 12, align=TA_CENTER, after=6 * _PT)
        self.band = style("band", 24, align=TA_CENTER, colour=colors.HexColor(ink))
        self.band_small = style("band-small", 11, align=TA_CENTER, colour=colors.HexColor(ink))
        self.meta = style("meta", 9, colour=QUIET)
        self.meta_right = style("meta-right", 9, colour=QUIET, align=TA_RIGHT)
        self.addressee = style("addressee", 13, after=4 * _PT)
        self.request = style("request", 11, after=8 * _PT, indent=28 * _PT)
        self.section = style("section", 12, before=8 * _PT, after=4 * _PT)
        self.body = style("body", 9.5)
        self.body_centred = centred(self.body)
        self.body_right = style("body-right", 9.5, align=TA_RIGHT)
        self.small = style("small", 8.5, colour=QUIET)
        self.plain = style("plain", 10, after=6 * _PT)
        self.closing = style("closing", 8.5, colour=QUIET, before=6 * _PT)


def _p(text: str, paragraph_style) -> Paragraph:
    return Paragraph(escape(text), paragraph_style)


def _t(text: str, paragraph_style) -> TextBlock:
    return TextBlock(text, paragraph_style.fontName, paragraph_style.fontSize, paragraph_style.leading,
                     paragraph_style.textColor, "centre" if paragraph_style.alignment == TA_CENTER else "left")


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


def _deadline(sheet: NoticeSheet) -> str:
    current, original = sheet.current_deadline, sheet.original_deadline
    if current is None:
        return sheet.deadline_text or "未设完成时限"
    if original is not None and original != current:
        return f"{chinese_date(current)}（原定{chinese_date(original)}，已批准延期）"
    return chinese_date(current)


def _grid(rows: list[list], widths: list[float], shaded: list[tuple[int, int]], extra: list = ()) -> Table:
    """A bordered table; the cells in ``shaded`` (column, row) get the label shade."""
    commands = [("GRID", (0, 0), (-1, -1), 0.5, BORDER), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                *[(name, (0, 0), (-1, -1), PADDING) for name in
                  ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")],
                *[("BACKGROUND", cell, cell, LABEL_SHADE) for cell in shaded], *extra]
    return Table(rows, colWidths=widths, style=TableStyle(commands), hAlign="LEFT", spaceAfter=6 * _PT)


def _facts(rows: list[tuple[str, list[Flowable]]], styles: _Styles) -> Table:
    """Two columns, label and value."""
    return _grid([[_p(label, styles.body_centred), value] for label, value in rows],
                 [BODY_WIDTH * 0.16, BODY_WIDTH * 0.84], [(0, row) for row in range(len(rows))])


def _task_facts(sheet: NoticeSheet, styles: _Styles) -> Table:
    seq = sheet.seq.strip()
    task = f"{seq}．{sheet.text}" if seq.isdigit() else f"{seq} {sheet.text}".strip()
    source = [_p(f"{sheet.plan_number or '（无文号）'}" + (f"　{sheet.plan_title}" if sheet.plan_title else ""),
                 styles.body)]
    extra = [text for text in (sheet.plan_issuer, sheet.plan_issue_date and
                               f"{chinese_date(sheet.plan_issue_date)}印发") if text]
    if extra:
        source.append(_p("，".join(extra), styles.small))
    units = "；".join(f"{label}：{'、'.join(sheet.units[role])}" for role, label in ROLE_LABELS.items()
                     if sheet.units.get(role))
    light = f"亮{sheet.light.colour}灯：{sheet.light.reason}" if sheet.light.colour else sheet.light.reason
    state = [_p(f"{sheet.status}，进度{sheet.progress}%", styles.body),
             Paragraph(f"{escape(light)}<font size=8.5 color=#555555>（截至{escape(chinese_date(sheet.issued_at))}）"
                       "</font>", styles.body)]
    return _facts([("任务", [_p(task, styles.body)]), ("来源文件", source),
                   ("承办单位", [_p(units or "文件未明确承办单位", styles.body)]),
                   ("完成时限", [_p(_deadline(sheet), styles.body)]), ("当前状态", state)], styles)


def _history(sheet: NoticeSheet, styles: _Styles) -> Flowable:
    heading = _p("二、进展记录", styles.section)
    if not sheet.history:
        return KeepTogether([heading, _p("暂无进展记录（承办单位未填报进展）。", styles.plain)])

    def row(entry) -> list[list[Flowable]]:
        who = "，".join(dict.fromkeys(text for text in (entry.department, entry.who) if text)) or "—"
        return [[_t(chinese_datetime(entry.created_at), styles.body_centred)],
                [_t(entry.status, styles.body_centred)], [_t(f"{entry.progress}%", styles.body_centred)],
                [_t(who, styles.body)], [_t(entry.note.strip() or "—", styles.body)]]

    widths = [BODY_WIDTH * share / 100 for _, share in _HISTORY_COLUMNS]
    header = [[_t(label, styles.body_centred)] for label, _ in _HISTORY_COLUMNS]
    return PagedTable(widths, header, sheet.history, row, lead=[heading], page_height=BODY_HEIGHT,
                      space_after=6 * _PT, header_shade=HEADER_SHADE, border=BORDER)


def _reply(styles: _Styles) -> KeepTogether:
    """The reply section: its heading and the boxes the department fills in by hand, never apart."""
    gap = "&nbsp;" * 8            # a paragraph folds spaces, even 　; these it keeps
    opinion = [Paragraph("<br/>" * 8, styles.body), Paragraph(f"（单位盖章）{gap}{gap}", styles.body_right)]
    label = styles.body_centred
    rows = [[_p("承办单位意见", label), opinion, "", ""],
            [_p("负责人签字", label), Paragraph("<br/><br/>", styles.body), _p("日期", label),
             Paragraph(f"年{gap}月{gap}日", styles.body_centred)],
            [_p("联系人及电话", label), Paragraph("<br/><br/>", styles.body), "", ""]]
    widths = [BODY_WIDTH * share for share in (0.16, 0.42, 0.12, 0.30)]
    box = _grid(rows, widths, [(0, 0), (0, 1), (2, 1), (0, 2)],
                [("SPAN", (1, 0), (3, 0)), ("SPAN", (1, 2), (3, 2)),
                 *[(name, (0, 0), (-1, -1), 4.5) for name in ("TOPPADDING", "BOTTOMPADDING")]])
    return KeepTogether([_p(f"四、{REPLY_HEADING}", styles.section), box])


def notice_story(sheet: NoticeSheet) -> list[Flowable]:
    band, ink = BAND_COLOURS[sheet.colour]
    styles = _Styles(ink)
    issued = chinese_date(sheet.issued_at)
    reply_by = chinese_date(sheet.reply_by) if sheet.reply_by else "（未定）"
    banner = Table([[[_p(f"{sheet.colour}色督办单", styles.band),
                      Paragraph(f"（{escape(sheet.kind)}）&nbsp;&nbsp;&nbsp;{escape(sheet.number)}", styles.band_small)]]],
                   colWidths=[BODY_WIDTH],
                   style=TableStyle([("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(band)),
                                     *[(name, (0, 0), (-1, -1), 10 * _PT) for name in
                                       ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")]]),
                   spaceAfter=8 * _PT)
    signed = escape(f"签发日期：{issued}") + (f"&nbsp;&nbsp;&nbsp;签发人：{escape(sheet.issued_by)}"
                                              if sheet.issued_by else "")
    meta = Table([[_p(f"督办单编号：{sheet.number}", styles.meta), Paragraph(signed, styles.meta_right)]],
                 colWidths=[BODY_WIDTH / 2] * 2, spaceAfter=8 * _PT,
                 style=TableStyle([(name, (0, 0), (-1, -1), 0) for name in
                                   ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")]))
    limit = f"{reply_by}前" + (f"（{_working_days(sheet)}）" if sheet.reply_by and _working_days(sheet) else "")
    return [
        _p(sheet.office, styles.office),
        banner,
        meta,
        _p(f"{sheet.department}：", styles.addressee),
        _p(f"你单位承办的下列任务{_situation(sheet)}，现予{sheet.colour}色督办（{sheet.kind}）。"
           f"请于{reply_by}前将整改落实情况书面反馈{sheet.office}。", styles.request),
        _p("一、任务情况", styles.section),
        _task_facts(sheet, styles),
        _history(sheet, styles),
        KeepTogether([_p("三、督办事由及反馈时限", styles.section),
                      _facts([("督办事由", [_p(sheet.reason or "—", styles.body)]),
                              ("反馈时限", [_p(limit, styles.body)])], styles)]),
        _reply(styles),
        _p(f"本督办单一式两份，一份送承办单位，一份由{sheet.office}留存。"
           "承办单位填写后于反馈时限前报回，并在督办台登记进展。", styles.closing),
    ]


def write_notice_pdf(sheet: NoticeSheet, path: str | os.PathLike[str]) -> int:
    """Write the notice as an A4 PDF at ``path``; its page count.

    Raises :class:`models.paper.pdf_pages.PdfWriteError` when the file cannot be written.
    """
    return write_pdf(path, notice_story(sheet), notice_title(sheet))
