"""The weekly overdue report's PDF at 10,000 and 25,000 tasks (100,000 with --large): time, pages, memory.

    .venv/bin/python benchmarks/report_bench.py [--large] [--runs 1] [--week 2023-11-06]
                                                [--writer module:function] [--no-floor]

Registries are generated as benchmarks/gui_bench.py makes them (80 departments,
plans of 500, one lead, two responsible and one cooperating unit per task) and
a status note on every third task, so the 最新进展 column is filled; each is
built once and cached in /tmp.

For each size, in a child process of its own (so ``ru_maxrss`` is that write's
peak): the report computed from the registry (models.paper.reports), then its
PDF written. Printed: seconds for the report and CPU seconds for the PDF (the
wall time beside), pages, milliseconds per page, the child's peak memory and
its peak before the PDF was begun; then the ratio of PDF time between the
sizes beside the ratio of their pages (equal when the time is linear in the
pages) and what the PDF adds to the peak per added page.

The floor, in the same run: ReportLab writing the same number of pages, each
with as many table rows of the same cells' texts, one line per cell, drawn
with the canvas (no wrapping, no page logic, the same embedded font). What is
above it is the layout's own cost.

``--writer module:function`` times another writer with the signature
``function(report, path) -> pages``: e.g. the Qt text layout it replaced,
``desktop.report:export_pdf`` from an older checkout (``--root`` that checkout).
"""
from __future__ import annotations

import argparse
import importlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
NOTE = "已完成年度目标的{}%，正在推进后续工作，资金已落实"


def registry_path(tasks: int) -> Path:
    return Path(f"/tmp/duban_report_bench_{tasks}.sqlite3")


def build_registry(path: Path, tasks: int) -> None:
    """gui_bench's generated registry, plus one status note on every third task."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from gui_bench import build_registry as build_tasks
    from models.registry.database import close_registry, open_registry
    from models.registry.schema import db

    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    build_tasks(partial, tasks)
    open_registry(partial)
    with db.atomic():
        ids = [row[0] for row in db.execute_sql("SELECT id FROM task ORDER BY id")]
        db.execute_sql("UPDATE task SET status = '推进中', progress = 40 WHERE id % 3 = 0")
        rows = [(ident, "推进中", 40, NOTE.format(ident % 90 + 5), f"2023-10-{ident % 28 + 1:02d} 09:00:00")
                for ident in ids if ident % 3 == 0]
        for start in range(0, len(rows), 5000):
            chunk = rows[start:start + 5000]
            db.execute_sql("INSERT INTO status_update (task_id, status, progress, note, created_at, who) VALUES "
                           + ", ".join(["(?, ?, ?, ?, ?, '')"] * len(chunk)),
                           [value for row in chunk for value in row])
    close_registry()
    partial.rename(path)


def child(tasks: int, week: date, writer: str, root: str, output: str) -> dict:
    """In this fresh process: the report from the registry, then its PDF; figures as a dict."""
    sys.path.insert(0, root)
    if writer.startswith("desktop."):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from models.paper.reports import weekly_report
    from models.registry.database import open_registry

    module, function = writer.split(":")
    write = getattr(importlib.import_module(module), function)
    open_registry(registry_path(tasks))
    started = time.perf_counter()
    report = weekly_report(week)
    computed, computed_cpu = time.perf_counter(), time.process_time()
    report_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    pages = write(report, output)
    written, written_cpu = time.perf_counter(), time.process_time()
    return {"overdue": report.overdue_total, "rows": sum(len(section.tasks) for section in report.sections),
            "pages": pages, "report_s": computed - started, "pdf_s": written - computed,
            "pdf_cpu_s": written_cpu - computed_cpu,
            "report_peak_mb": report_peak, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def floor_child(tasks: int, week: date, pages: int, output: str) -> dict:
    """The same library writing ``pages`` pages of the report's rows, one line per cell: no layout."""
    sys.path.insert(0, str(ROOT))
    from reportlab.pdfgen.canvas import Canvas

    from models.paper.pdf_pages import BODY_WIDTH, FONT, MARGIN_LEFT, PAGE_HEIGHT, cjk_font
    from models.paper.reports import weekly_report
    from models.registry.database import open_registry
    from models.rules.wording import chinese_date

    open_registry(registry_path(tasks))
    report = weekly_report(week)
    cjk_font()
    rows = [(task.plan_number or "", f"{task.seq}．{task.text}", chinese_date(task.deadline),
             str(task.days_overdue), task.note or task.status)
            for section in report.sections for task in section.tasks]
    per_page = -(-len(rows) // pages)
    columns = [MARGIN_LEFT + BODY_WIDTH * share for share in (0, 0.19, 0.53, 0.66, 0.76)]
    started, started_cpu = time.perf_counter(), time.process_time()
    canvas = Canvas(output, pageCompression=1, invariant=1)
    for first in range(0, len(rows), per_page):
        y = PAGE_HEIGHT - 60
        canvas.setFont(FONT, 9.5)
        for row in rows[first:first + per_page]:
            for x, text in zip(columns, row):
                canvas.drawString(x + 3, y, text[:24])
            canvas.line(MARGIN_LEFT, y - 4, MARGIN_LEFT + BODY_WIDTH, y - 4)
            y -= 700 / per_page
        canvas.showPage()
    canvas.save()
    return {"pdf_s": time.perf_counter() - started, "pdf_cpu_s": time.process_time() - started_cpu,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def in_child(*arguments: str) -> dict:
    result = subprocess.run([sys.executable, __file__, "--child", *arguments], capture_output=True, text=True)
    if result.returncode:
        sys.exit(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", action="store_true", help="also 100,000 tasks (about 2 minutes more)")
    parser.add_argument("--week", type=date.fromisoformat, default=date(2023, 11, 6))
    parser.add_argument("--runs", type=int, default=1, help="runs per size; the fastest is kept")
    parser.add_argument("--writer", default="models.paper.report_pdf:write_report_pdf")
    parser.add_argument("--root", default=str(ROOT), help="the checkout the writer is imported from")
    parser.add_argument("--no-floor", action="store_true")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, tasks, week, *rest = args.child
        if kind == "floor":
            figures = floor_child(int(tasks), date.fromisoformat(week), int(rest[0]), rest[1])
        else:
            figures = child(int(tasks), date.fromisoformat(week), rest[0], rest[1], rest[2])
        print(json.dumps(figures))
        return 0

    sizes = [10_000, 25_000] + ([100_000] if args.large else [])
    for tasks in sizes:
        if not registry_path(tasks).exists():
            print(f"building a registry of {tasks:,} tasks in {registry_path(tasks)} …", flush=True)
            build_registry(registry_path(tasks), tasks)
    print(f"writer {args.writer} (from {args.root}); week of {args.week}; fastest of {args.runs}")
    print("Times are the PDF write's CPU seconds (wall beside them: a busy machine stretches wall time only);")
    print("peak MB is the child's whole peak, 'report' the peak before the PDF was begun.")
    print(f"{'tasks':>8} {'overdue':>8} {'rows':>7} {'pages':>6} {'report s':>9} {'pdf cpu s':>10} {'(wall)':>8} "
          f"{'ms/page':>8} {'peak MB':>8} {'report MB':>10} {'floor cpu s':>12} {'pdf/floor':>10}")
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for tasks in sizes:
            output = str(Path(folder) / f"report_{tasks}.pdf")
            runs = [in_child("report", str(tasks), args.week.isoformat(), args.writer, args.root, output)
                    for _ in range(args.runs)]
            figures = min(runs, key=lambda run: run["pdf_cpu_s"])
            floor = None if args.no_floor else min(
                (in_child("floor", str(tasks), args.week.isoformat(), str(figures["pages"]), output + ".floor")
                 for _ in range(args.runs)), key=lambda run: run["pdf_cpu_s"])
            results[tasks] = figures
            print(f"{tasks:>8,} {figures['overdue']:>8,} {figures['rows']:>7,} {figures['pages']:>6,} "
                  f"{figures['report_s']:>9.2f} {figures['pdf_cpu_s']:>10.2f} {figures['pdf_s']:>8.2f} "
                  f"{1000 * figures['pdf_cpu_s'] / figures['pages']:>8.1f} {figures['peak_mb']:>8.0f} "
                  f"{figures['report_peak_mb']:>10.0f} "
                  + (f"{floor['pdf_cpu_s']:>12.2f} {figures['pdf_cpu_s'] / floor['pdf_cpu_s']:>10.1f}" if floor else ""),
                  flush=True)
    base = results[sizes[0]]
    for tasks in sizes[1:]:
        figures = results[tasks]
        pdf_memory = (figures["peak_mb"] - figures["report_peak_mb"]) - (base["peak_mb"] - base["report_peak_mb"])
        print(f"{tasks // 1000}k/{sizes[0] // 1000}k: PDF CPU time x{figures['pdf_cpu_s'] / base['pdf_cpu_s']:.2f} for "
              f"pages x{figures['pages'] / base['pages']:.2f} (linear: equal); the PDF's own memory "
              f"{1024 * pdf_memory / (figures['pages'] - base['pages']):+.1f} KB per added page")
    return 0


if __name__ == "__main__":
    sys.exit(main())
