"""The weekly overdue report (逾期任务通报) as an A4 PDF, laid out once and written page by page.

What is overdue and who is listed is decided in :mod:`models.paper.reports`;
this module only sets it on paper: the title and the week, a note on what is
counted, the summary table, then each department's overdue tasks under its
heading, with the table's header repeated on every page it runs onto and a
footer 第 n 页，共 N 页.

Why ReportLab and not Qt's text layout (its QTextDocument, used before):
the document was one HTML string laid out whole, twice or more (a
continuous layout to find the breaks, a paginated one, again for each
break Qt moved), and held whole: 0.8 MB a page, and time growing faster
than the pages. Here each department's table makes, measures and draws its
rows as the pages reach them (:mod:`models.paper.pdf_table`), once, and a
page's content is compressed when the page ends (:mod:`models.paper.pdf_pages`).
benchmarks/report_bench.py, 10,000 generated tasks (482 pages): 3.0 s CPU
and 80 MB peak against Qt's 21.6 s and 470 MB; 100,000 tasks (6,652 pages)
37 s and 204 MB, of which 110 MB is the report's data (Qt: 181 s and
3.9 GB); time per page the same at every size, and about 10 KB a page
(ReportLab keeps the finished pages until it writes the file). And the
command line writes it without loading Qt.
"""
from __future__ import annotations

import os
from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph

from models.paper.pdf_pages import BODY_HEIGHT, BODY_WIDTH, BORDER, FONT, HEADER_SHADE, QUIET, Progress, \
    centred, style, write_pdf
from models.paper.pdf_table import PADDING, Cell, Counter, PagedTable
from models.paper.pdf_text import TextBlock
from models.paper.reports import DepartmentSummary, OverdueTask, WeeklyReport
from models.rules.wording import chinese_date

BODY_SIZE = 9.5
SMALL_SIZE = 7.5
# Column shares of the body's width, as the Qt layout had them.
TASK_COLUMNS = (("文件", 19), ("任务", 34), ("完成时限", 13), ("逾期天数", 10), ("最新进展", 24))
SUMMARY_COLUMNS = (("单位", 44), ("逾期任务数", 14), ("下周到期数", 14), ("欠进度数", 14), ("红灯/黄灯", 14))
RED, YELLOW = "#d32f2f", "#b8860b"
_PT = 0.75                          # points per CSS pixel at 96 dpi: the Qt layout's spacings, kept


def _widths(columns: tuple[tuple[str, int], ...]) -> list[float]:
    return [BODY_WIDTH * share / 100 for _, share in columns]


class _Styles:
    """The report's paragraph styles, made once per write (the font is registered first)."""

    def __init__(self) -> None:
        self.title = style("title", 18, align=TA_CENTER, after=4 * _PT)
        self.week = style("week", 11, align=TA_CENTER, after=8 * _PT)
        self.note = style("note", 8.5, colour=QUIET, after=8 * _PT)
        self.empty = style("empty", 12)
        self.part = style("part", 13, before=8 * _PT, after=2 * _PT)
        self.section = style("section", 11.5, before=8 * _PT, after=4 * _PT)
        self.totals = style("totals", 9, before=2 * _PT, after=10 * _PT)
        self.body = style("body", BODY_SIZE)
        self.body_centred = centred(self.body)
        self.small = style("small", SMALL_SIZE, colour=QUIET)
        self.small_centred = centred(self.small)
        self.header = style("header", BODY_SIZE, align=TA_CENTER)


def _p(text: str, paragraph_style) -> Paragraph:
    return Paragraph(escape(text), paragraph_style)


def _t(text: str, paragraph_style) -> TextBlock:
    """A table cell's text in a paragraph style's font, size, leading, colour and alignment."""
    return TextBlock(text, paragraph_style.fontName, paragraph_style.fontSize, paragraph_style.leading,
                     paragraph_style.textColor, "centre" if paragraph_style.alignment == TA_CENTER else "left")


def _header(columns: tuple[tuple[str, int], ...], styles: _Styles) -> list[Cell]:
    return [[_p(label, styles.header)] for label, _ in columns]


def _one_line(text: str, width: float, align: str = "left") -> TextBlock:
    """A document number or a date on one line, made smaller if need be: 〔2023〕3 / 号 or 24 / 日 broken reads badly."""
    natural = stringWidth(text, FONT, BODY_SIZE)
    size = BODY_SIZE if natural <= width else max(5.0, round(BODY_SIZE * width / natural - 0.05, 1))
    return TextBlock(text, FONT, size, round(BODY_SIZE * 1.35, 2), align=align)


def task_row(task: OverdueTask, styles: _Styles, plan_width: float, deadline_width: float) -> list[Cell]:
    """The five cells of one overdue task: document, task and units, deadline, days, latest note."""
    plan: Cell = [_one_line(task.plan_number or "（无文号）", plan_width - 2 * PADDING)]
    if task.plan_title:
        plan.append(_t(task.plan_title, styles.small))
    seq = task.seq.strip()
    text = f"{seq}．{task.text}" if seq.isdigit() else f"{seq} {task.text}".strip()
    what: Cell = [_t(text, styles.body)]
    units = [f"{label}：{'、'.join(names)}" for label, names in
             (("牵头", task.lead), ("责任", task.responsible), ("配合", task.cooperating)) if names]
    if units:
        what.append(_t("；".join(units), styles.small))
    deadline: Cell = [_one_line(chinese_date(task.deadline), deadline_width - 2 * PADDING, "centre")]
    if task.original_deadline is not None:
        deadline.append(_t(f"（原定{chinese_date(task.original_deadline)}，已延期）", styles.small_centred))
    progress = f"{task.status} {task.progress}%" if task.progress else task.status
    if task.note:
        latest: Cell = [_t(task.note, styles.body), _t(f"{chinese_date(task.note_date)}（{progress}）", styles.small)]
    else:
        latest = [_t("—", styles.body), _t(progress, styles.small)]
    return [plan, what, deadline, [_t(str(task.days_overdue), styles.body_centred)], latest]


def summary_row(row: DepartmentSummary, styles: _Styles) -> list[Cell]:
    lights = (f'<font color="{RED}">{row.red}</font> / <font color="{YELLOW}">{row.yellow}</font>')
    return [[_p(row.name, styles.body)]] + [[_p(str(count), styles.body_centred)] for count in
                                           (row.overdue, row.due_next_week, row.lagging)] + \
        [[Paragraph(lights, styles.body_centred)]]


def _short_date(value: date) -> str:
    return f"{value.month}月{value.day}日"


def report_story(report: WeeklyReport, counter: Counter) -> list[Flowable]:
    """The report's flowables; the tables make their rows only as the pages reach them."""
    styles = _Styles()
    as_of = chinese_date(report.as_of)
    story: list[Flowable] = [
        _p(report.title, styles.title),
        _p(f"截至{as_of}（{_short_date(report.as_of)}—{_short_date(report.week_end)}）", styles.week),
        _p(f"说明：完成时限早于{as_of}且尚未办结的任务计为逾期，逾期天数为{as_of}与完成时限相差的天数；"
           f"下周到期指完成时限在{chinese_date(report.due_from)}至{chinese_date(report.due_to)}之间的未办结任务。"
           "任务计入其牵头单位和责任单位（一项任务有多个单位时各计一次），配合单位随任务列出但不计数；"
           "“各乡镇”等集合名称仅在有逾期任务时列出。", styles.note),
    ]
    if not report.summary:
        story.append(_p("本周无逾期任务，下周无到期任务。", styles.empty))
        story.extend(_unreviewed(report, styles))
        return story
    counter.total = len(report.summary) + sum(len(section.tasks) for section in report.sections)

    def table(columns, rows, make_row, lead: list[Flowable]) -> PagedTable:
        return PagedTable(_widths(columns), _header(columns, styles), rows, make_row, lead=lead,
                          page_height=BODY_HEIGHT, counter=counter, space_after=10 * _PT,
                          header_shade=HEADER_SHADE, border=BORDER)

    story.append(table(SUMMARY_COLUMNS, report.summary, lambda row: summary_row(row, styles),
                       [_p("一、汇总", styles.part)]))
    story.append(_p(f"逾期任务共 {report.overdue_total} 项，下周到期任务共 {report.due_next_week_total} 项，"
                    f"未逾期但落后于序时进度（欠进度）的任务共 {report.lagging_total} 项。", styles.totals))
    plan_width, _, deadline_width, _, _ = _widths(TASK_COLUMNS)
    for index, section in enumerate(report.sections):
        lead = [_p("二、各单位逾期任务", styles.part)] if index == 0 else []
        lead.append(_p(f"{index + 1}. {section.name}（逾期 {len(section.tasks)} 项）", styles.section))
        story.append(table(TASK_COLUMNS, section.tasks, lambda task: task_row(task, styles, plan_width, deadline_width), lead))
    story.extend(_unreviewed(report, styles))
    return story


def _unreviewed(report: WeeklyReport, styles: _Styles) -> list[Flowable]:
    """The files still 待审核: what this report says of their tasks is the importer's reading."""
    if not report.unreviewed:
        return []
    plans = "；".join(f"{escape(number or '无文号')}《{escape(title or '')}》"
                     + (f"（{flagged} 项待核）" if flagged else "")
                     for number, title, flagged in report.unreviewed)
    return [_p(f"附：尚待审核的文件 {len(report.unreviewed)} 件。其任务、单位和完成时限以导入读取为准，"
               f"未经督查室对照原文核对：{plans}。", styles.note)]


def write_report_pdf(report: WeeklyReport, path: str | os.PathLike[str],
                     progress: Progress | None = None) -> int:
    """Write ``report`` as an A4 PDF at ``path``; return its page count.

    ``progress(rows done, rows in all, "第 n 页")`` is called after each page
    and may raise to cancel: then no file is left at ``path`` but the one
    that was there. Raises :class:`models.paper.pdf_pages.PdfWriteError`
    when the file cannot be written.
    """
    counter = Counter()
    story = report_story(report, counter)

    def after_page(page: int) -> None:
        if progress is not None:
            progress(min(counter.done, counter.total), counter.total, f"第 {page} 页")

    return write_pdf(path, story, report.title, after_page)
