"""What 单位管理 and the likely-typo flags cost with 100,000 tasks across 80 departments (generated).

    .venv/bin/python benchmarks/departments_bench.py [--tasks 100000] [--runs 5]

Prints the median over the runs of: the departments view's read (every
department with its aliases, its tasks by role and its likely typo:
department_overview), the likely typos alone (suspect_departments), and the
likely match of one department (what a plan's review asks of each new
name), each with its ratio to a floor measured in the same run: one plain
read of every assignment's department, task and role, the least any count of
tasks by department can cost. The generated departments are named 县第1局 …
县第80局, so every name looks like a typo of another (县第1局 / 县第11局): the
worst case for the typo search, which reads tasks only for names that look
alike. The registry is the one benchmarks/gui_bench.py builds and caches in /tmp.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def timed(work: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from gui_bench import build_registry   # benchmarks/ is this script's folder

    from models.registry.database import close_registry, open_registry
    from models.registry.department_overview import department_overview
    from models.registry.departments import likely_matches, suspect_departments
    from models.registry.schema import Department, db

    registry = Path(f"/tmp/duban_gui_bench_{args.tasks}.sqlite3")
    if not registry.exists():
        print(f"building a registry of {args.tasks} tasks in {registry} …", flush=True)
        build_registry(registry, args.tasks)
    open_registry(registry)
    one = Department.select(Department.id).order_by(Department.id.desc()).scalar()
    cases: dict[str, Callable[[], object]] = {
        "floor: read every assignment": lambda: db.execute_sql(
            'SELECT "department_id", "task_id", "role" FROM "assignment"').fetchall(),
        "department_overview": department_overview,
        "suspect_departments": suspect_departments,
        "likely match of one": lambda: likely_matches([one]),
    }
    # Interleaved, so a drift of the machine's speed touches every case alike.
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(args.runs):
        for name, work in cases.items():
            times[name].extend(timed(work, 1))
    floor = times["floor: read every assignment"]
    print(f"{'':<30}{'seconds':>10}{'ratio to floor':>16}   ({args.runs} runs, medians; "
          f"{Department.select().count()} departments)")
    for name, values in times.items():
        ratio = statistics.median(value / low for value, low in zip(values, floor))
        print(f"{name:<30}{statistics.median(values):>10.3f}{ratio:>16.2f}")
    close_registry()


if __name__ == "__main__":
    main()
