"""Desktop speed with 100,000 tasks across 80 departments (generated).

    .venv/bin/python benchmarks/gui_bench.py [--tasks 100000] [--runs 3]

Prints: process start to the list's first screen painted (its first 200
tasks, read and shown before the rest), process start to the window painted
with everything read and counted (the whole list, the tree's counts, the
banner), department switch, a 2-character text filter, sort by deadline
(each including the repaint), a timeline repaint, and peak memory. Targets
(issue 14): start <= 1.2 s, held against both start figures, peak <= 200 MB;
(issue 3) switch and filter <= 100 ms, timeline repaint <= 40 ms, sort <=
150 ms.

The floor, measured in the same run in a process of its own: Python and
PySide6 imported, an empty QTableView of the same size painted. Each run
starts the floor and the window one after the other; the figures are
medians over the runs, and `ratio` is the window's over the floor's.
`start_to_painted_cpu_s` is the CPU time the process used up to then (every
thread): on a shared, busy machine the wall time waits for a core, the CPU
time much less. The registry is built once and cached in /tmp.
"""
from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WORDS = ("推进", "完善", "加强", "建设", "污水", "管网", "改造", "老旧小区", "养老", "服务", "中心", "道路",
         "农村", "饮水", "安全", "生产", "监管", "数字", "政务", "平台", "教育", "医疗", "文化", "旅游")


def build_registry(path: Path, tasks: int, departments: int = 80) -> None:
    """A registry of `tasks` synthetic tasks in plans of 500, stored the normal way."""
    from importers.records import Deadline, ExtractedFile, PlanDocument, TaskRecord
    from models.registry.database import close_registry, open_registry
    from models.upkeep.importing import store_extracted

    rng = random.Random(7)
    names = [f"县第{number}局" for number in range(1, departments + 1)]
    open_registry(path)
    per_plan, start = 500, date(2023, 1, 1)
    for plan_number in range(tasks // per_plan):
        issued = start + timedelta(days=rng.randrange(0, 300))
        number = f"测政发〔2023〕{plan_number + 1}号"
        records = []
        for index in range(per_plan):
            due = issued + timedelta(days=rng.randrange(20, 500))
            records.append(TaskRecord(
                source="bench.txt", plan_number=number, plan_title=f"测试方案{plan_number}", plan_date=issued,
                seq=str(index + 1), text="".join(rng.choice(WORDS) for _ in range(8)),
                lead=(rng.choice(names),), responsible=tuple(rng.sample(names, 2)), cooperating=(rng.choice(names),),
                deadline=Deadline(text=f"{due.month}月底前", due=due)))
        document = PlanDocument("bench.txt", number, f"测试方案{plan_number}", "测试县人民政府", issued, 1, 1,
                                tuple(records))
        store_extracted(ExtractedFile(f"bench{plan_number}.txt", f"bench{plan_number}.txt",
                                      f"{plan_number:064d}", "utf-8", (document,)))
    close_registry()


def child(registry: str, started: float) -> None:
    """In a fresh process: open the window and time what a user waits for."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QSettings
    from PySide6.QtWidgets import QApplication

    from desktop.app import make_application
    from desktop.main_window import MainWindow
    from models.access.actor import Actor
    from desktop.task_table_model import DEADLINE
    from desktop.workers import TaskRunner
    from models.registry.database import open_registry

    app = make_application()
    open_registry(registry)
    settings = QSettings(str(Path(registry).with_suffix(".ini")), QSettings.Format.IniFormat)
    window = MainWindow(Path(registry), TaskRunner(), settings, Actor.local(), as_of=date(2023, 11, 6))
    window.resize(1400, 860)
    window.show()
    # Wait the way app.exec() does (a busy processEvents loop would hold the
    # GIL and starve the worker that loads the registry).
    loop = QEventLoop()
    window.presenter.tableChanged.connect(loop.quit)
    first_screen: dict[str, float] = {}

    def painted_first_screen() -> None:
        if not first_screen:
            window.repaint()
            first_screen.update(at=time.time() - started, cpu=time.process_time())

    window.model.modelReset.connect(painted_first_screen)
    window.load()
    loop.exec()
    window.repaint()
    figures = {"start_to_first_screen_s": first_screen["at"], "start_to_first_screen_cpu_s": first_screen["cpu"],
               "start_to_painted_s": time.time() - started, "start_to_painted_cpu_s": time.process_time()}

    def timed(action) -> float:
        begin = time.perf_counter()
        action()
        window.table.viewport().repaint()
        return (time.perf_counter() - begin) * 1000

    departments = list(window.presenter.table.by_department)
    from desktop.presenter import Scope
    switches = [timed(lambda ident=ident: window.presenter.set_scope(Scope("department", ident)))
                for ident in departments[:10]]
    window.presenter.set_scope(Scope())
    filters = [timed(lambda text=text: window.presenter.set_filters(text=text)) for text in ("污水", "养老", "平台")]
    window.presenter.set_filters(text="")
    sort = timed(lambda: window.presenter.set_sort(DEADLINE, window.presenter.sort_order))
    window.tabs.setCurrentWidget(window.timeline)
    app.processEvents()
    repaints = []
    bar = window.timeline.verticalScrollBar()
    for step in range(50):
        bar.setValue(step * bar.maximum() // 50)
        begin = time.perf_counter()
        window.timeline.viewport().repaint()
        repaints.append((time.perf_counter() - begin) * 1000)
    figures.update({
        "department_switch_ms": max(switches), "text_filter_2_chars_ms": max(filters),
        "sort_by_deadline_ms": sort, "timeline_repaint_ms": sum(repaints) / len(repaints),
        "timeline_repaint_worst_ms": max(repaints),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})
    for name, value in figures.items():
        print(f"{name} {value:.3f}")
    window.runner.shutdown()
    QApplication.quit()


def floor(started: float) -> None:
    """In a fresh process: what any Qt window costs, an empty table of the same size painted."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QStandardItemModel
    from PySide6.QtWidgets import QApplication, QTableView

    app = QApplication(sys.argv[:1])
    view = QTableView()
    view.setModel(QStandardItemModel(0, 11))
    view.resize(1400, 860)
    view.show()
    app.processEvents()
    view.repaint()
    at, cpu = time.time() - started, time.process_time()
    figures = {"start_to_first_screen_s": at, "start_to_first_screen_cpu_s": cpu,
               "start_to_painted_s": at, "start_to_painted_cpu_s": cpu,
               "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    for name, value in figures.items():
        print(f"{name} {value:.3f}")


TARGETS = {"start_to_first_screen_s": 1.2, "start_to_painted_s": 1.2, "department_switch_ms": 100, "text_filter_2_chars_ms": 100,
           "sort_by_deadline_ms": 150, "timeline_repaint_ms": 40, "peak_mb": 200}


def measured(*arguments: str) -> dict[str, float]:
    """Figures printed by this script run with `arguments` in a fresh process, timed from just before it starts."""
    output = subprocess.run([sys.executable, __file__, *arguments, str(time.time())], capture_output=True,
                            text=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    if output.returncode:
        sys.exit(output.stderr)
    return {name: float(value) for name, value in (line.split() for line in output.stdout.splitlines() if line.strip())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--registry", type=Path, help="an existing registry to open instead of the generated one")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--floor", nargs=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], float(args.child[1]))
        return
    if args.floor:
        floor(float(args.floor[0]))
        return
    registry = args.registry or Path(f"/tmp/duban_gui_bench_{args.tasks}.sqlite3")
    if not registry.exists():
        print(f"building a registry of {args.tasks} tasks in {registry} …", flush=True)
        build_registry(registry, args.tasks)
    floors, windows = [], []
    for _ in range(args.runs):
        floors.append(measured("--floor"))
        windows.append(measured("--child", str(registry)))
    print(f"{'figure':<26}{'value':>10}{'floor':>10}{'ratio':>8}{'target':>10}   ({args.runs} runs, medians)")
    for name in windows[0]:
        value = statistics.median(run[name] for run in windows)
        base = statistics.median(run[name] for run in floors) if name in floors[0] else None
        ratio = statistics.median(run[name] / low[name] for run, low in zip(windows, floors)) if base else None
        target = TARGETS.get(name)
        print(f"{name:<26}{value:>10.3f}{_cell(base, 10, 3)}{_cell(ratio, 8, 2)}"
              f"{('<= ' + str(target)) if target else '':>10}")


def _cell(value: float | None, width: int, digits: int) -> str:
    return f"{value:>{width}.{digits}f}" if value is not None else " " * width


if __name__ == "__main__":
    main()
