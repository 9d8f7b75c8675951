"""`duban report` and `duban notice`: the office's paper from the command line.

Kept apart from the command line's parsing (desktop/cli.py) because these two lay
out PDFs, which the other commands never do. Both are written with ReportLab
(models.paper.report_pdf, models.paper.notice_pdf): no Qt is loaded. The command
line opens the registry and signs in first (desktop/cli.py, _open), as for every
other command.
"""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.exit_codes import EXIT_INPUT, EXIT_OK, EXIT_REGISTRY
from models.paper.notices import notice_sheet
from models.paper.report_pdf import write_report_pdf
from models.paper.reports import weekly_report
from models.rules.wording import chinese_date

if TYPE_CHECKING:
    from models.access.actor import Actor


def report_command(week: date, pdf: str, county: str | None, actor: Actor) -> int:
    """`duban report --week DATE --pdf PATH [--county NAME]`: write the week's report of what
    ``actor`` may see, from the registry the command line opened; an exit code."""
    report = weekly_report(week, county, actor=actor)
    try:
        pages = write_report_pdf(report, pdf)
    except OSError as error:
        print(f"duban: {error}", file=sys.stderr)
        return EXIT_INPUT
    print(f"{report.title}：已写入 {pdf}（{pages} 页；逾期任务 {report.overdue_total} 项，"
          f"涉及 {len(report.sections)} 个单位）")
    return EXIT_OK


def notice_command(task_id: int, pdf: str, colour: str | None, department: str | None, as_of: date | None,
                   issued_by: str, actor: Actor, reply_by: date | None = None) -> int:
    """`duban notice --task ID --pdf PATH …`: issue a notice as ``actor`` and write its PDF; an exit code.

    The PDF's path is checked before the notice is recorded, so a bad path
    records nothing.
    """
    from models.errors import RegistryError, UserError
    from models.paper.notice_pdf import write_notice_pdf
    from models.paper.notices import issue_notice
    from models.paper.pdf_pages import check_writable

    try:
        existed = check_writable(pdf)
    except OSError as error:
        print(f"duban: {error}", file=sys.stderr)
        return EXIT_INPUT
    try:
        notice = issue_notice(task_id, department, issued_by=issued_by, as_of=as_of, colour=colour, actor=actor,
                              reply_by=reply_by)
        sheet = notice_sheet(notice.id)
    except RegistryError as error:
        print(f"duban: {error}", file=sys.stderr)
        return EXIT_REGISTRY
    except UserError as error:   # unknown task or department, no notice warranted, no permission
        if not existed:
            Path(pdf).unlink(missing_ok=True)   # the probe's empty file
        print(f"duban: {error}", file=sys.stderr)
        return EXIT_INPUT
    try:
        pages = write_notice_pdf(sheet, pdf)
    except OSError as error:
        print(f"duban: {error}（督办单 {sheet.number} 已登记，可在督办台重新导出）", file=sys.stderr)
        return EXIT_INPUT
    print(f"已发{sheet.colour}色督办单 {sheet.number}：致{sheet.department}，"
          f"限{chinese_date(sheet.reply_by)}前反馈（{sheet.reason}）；已写入 {pdf}（{pages} 页）")
    return EXIT_OK
