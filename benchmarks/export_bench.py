"""`duban export --xlsx` against a plain openpyxl write of the same cells (issue 14).

    .venv/bin/python benchmarks/export_bench.py [--tasks 100000] [--layout all|departments|one-sheet|for-update]
                                                [--pairs 3]

The registry is gui_bench's (N synthetic tasks in plans of 500, 80 departments,
four units per task) with a note on every third task, built once and cached in
/tmp. Layouts: ``departments`` is the plain command (a sheet per department,
so each task is on about four sheets), ``one-sheet`` is ``--one-sheet``,
``for-update`` is ``--for-update`` for the busiest department.

Each run is a process of its own, export and floor in turn (A B A B ...):

* export: the function the command calls (export_ledger / export_status_sheet),
  timed from the call to the saved file, the registry queries included;
* floor: the same sheets, rows and values appended as plain values to an
  openpyxl write-only workbook (no styles, widths, heights or validation),
  timed from the first append to the saved file.

Printed per layout: the median wall and CPU seconds of each, the median of
the per-pair ratios export/floor (target <= 1.5) and each one's peak memory.
"""
from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

AS_OF = date(2024, 1, 1)
LAYOUTS = ("departments", "one-sheet", "for-update")
NOTE = "已召开专题会议研究部署，完成方案编制，正在推进实施，预计按期完成。"


def build(path: Path, tasks: int) -> None:
    from gui_bench import build_registry
    from models.registry.database import close_registry, open_registry
    from models.registry.schema import StatusUpdate, Task, db

    build_registry(path, tasks)
    open_registry(path)
    # Straight into the history table: a benchmark fixture, not a liaison's
    # update (record_status_update would audit and propagate each one).
    with db.atomic():
        ids = [task.id for task in Task.select(Task.id).order_by(Task.id)][::3]
        for start in range(0, len(ids), 500):
            StatusUpdate.insert_many([{"task": ident, "status": "推进中", "progress": 40, "note": NOTE}
                                      for ident in ids[start:start + 500]]).execute()
    close_registry()


def busiest_department() -> int:
    from models.registry.schema import db

    return db.execute_sql("SELECT department_id FROM assignment GROUP BY department_id "
                          "ORDER BY COUNT(DISTINCT task_id) DESC, department_id LIMIT 1").fetchone()[0]


def run_export(layout: str, target: Path) -> tuple[float, float]:
    """The export as the command runs it; its wall and CPU seconds."""
    from models.paper.ledger import export_ledger, export_status_sheet

    department = busiest_department() if layout == "for-update" else None
    started_wall, started_cpu = time.perf_counter(), time.process_time()
    if department is not None:
        export_status_sheet(target, department, as_of=AS_OF)
    else:
        export_ledger(target, one_sheet=layout == "one-sheet", as_of=AS_OF)
    return time.perf_counter() - started_wall, time.process_time() - started_cpu


def floor_rows(layout: str) -> list[tuple[str, list[tuple[object, ...]]]]:
    """Each sheet's title and rows, as the export writes them (built before the clock starts)."""
    from models.paper import ledger

    if layout == "for-update":
        content = ledger.status_sheet_content(busiest_department(), as_of=AS_OF)
        rows = [(f"{content.department}　督办任务进展填报表",), ("填报单位：…",),
                tuple(column.title for column in ledger.STATUS_COLUMNS)]
        rows += [(number, *line.values) for number, line in enumerate(content.lines, 1)]
        meta = [("format", ledger.STATUS_SHEET_FORMAT)] * 10
        return [(content.department, rows), (ledger.META_SHEET, meta)]
    content = ledger.ledger_content(one_sheet=layout == "one-sheet", as_of=AS_OF)
    header = tuple(column.title for column in ledger.LEDGER_COLUMNS)
    return [(sheet.title, [(sheet.heading,), header]
             + [(number, *content.lines[index].values) for number, index in enumerate(sheet.rows, 1)])
            for sheet in content.sheets]


def run_floor(layout: str, target: Path) -> tuple[float, float]:
    """The plain write; its wall and CPU seconds (the rows are built first, untimed)."""
    from openpyxl import Workbook

    sheets = floor_rows(layout)
    started_wall, started_cpu = time.perf_counter(), time.process_time()
    workbook = Workbook(write_only=True)
    for title, rows in sheets:
        worksheet = workbook.create_sheet(title)
        for row in rows:
            worksheet.append(row)
    workbook.save(target)
    return time.perf_counter() - started_wall, time.process_time() - started_cpu


def child(kind: str, layout: str, registry: str) -> None:
    from models.registry.database import open_registry

    open_registry(registry)
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "bench.xlsx"
        if kind == "floor":
            wall, cpu = run_floor(layout, target)
        else:
            wall, cpu = run_export(layout, target)
        size = target.stat().st_size
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"wall": wall, "cpu": cpu, "peak_mb": peak_mb, "bytes": size}))


def measure(kind: str, layout: str, registry: Path) -> dict:
    output = subprocess.run([sys.executable, __file__, "--child", kind, layout, str(registry)],
                            capture_output=True, text=True)
    if output.returncode:
        sys.exit(output.stderr)
    return json.loads(output.stdout.strip().splitlines()[-1])


def bench(layout: str, registry: Path, pairs: int) -> None:
    exports, floors = [], []
    for _ in range(pairs):
        exports.append(measure("export", layout, registry))
        floors.append(measure("floor", layout, registry))
    ratio = statistics.median(e["wall"] / f["wall"] for e, f in zip(exports, floors))
    cpu_ratio = statistics.median(e["cpu"] / f["cpu"] for e, f in zip(exports, floors))
    for name, runs in (("export", exports), ("floor", floors)):
        print(f"{layout:<12}{name:<8}{statistics.median(r['wall'] for r in runs):>9.2f}"
              f"{statistics.median(r['cpu'] for r in runs):>9.2f}{max(r['peak_mb'] for r in runs):>10.0f}"
              f"{statistics.median(r['bytes'] for r in runs) / 1e6:>9.1f}")
    print(f"{layout:<12}{'ratio':<8}{ratio:>9.2f}{cpu_ratio:>9.2f}   (target <= 1.5, median of {pairs} pairs)",
          flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--layout", choices=("all", *LAYOUTS), default="all")
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    registry = Path(f"/tmp/duban_export_bench_{args.tasks}.sqlite3")
    if not registry.exists():
        print(f"building a registry of {args.tasks} tasks in {registry} …", flush=True)
        build(registry, args.tasks)
    print(f"{'layout':<12}{'run':<8}{'wall s':>9}{'cpu s':>9}{'peak MB':>10}{'MB out':>9}")
    for layout in LAYOUTS if args.layout == "all" else (args.layout,):
        bench(layout, registry, args.pairs)


if __name__ == "__main__":
    main()
