"""导入审核's read: plan_review() on the largest seed plan and on a plan of 5,000 tasks.

    .venv/bin/python benchmarks/review_bench.py [--repeat 7] [--tasks 5000]

The issue asks for the review view to open a 217-task plan in under 300 ms
and a 5,000-task plan in under 1 s. plan_review() is what the view waits for
on the worker. Each figure is the median of ``--repeat`` calls, beside a
floor measured in the same run on the same registry: one SELECT of the
plan's task rows (what any view of the plan must read at least), and the
ratio of the two. unreviewed_plans() (the file list and the weekly report)
is timed over the seeds and over the seeds plus the big plan.
"""
from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
UNITS = ("县住建局", "县交通局", "县人社局", "县发改局", "县财政局", "县水利局", "县林业局", "县民政局",
         "县教育局", "县公安局", "县卫健局", "县应急局", "县市场监管局", "县自然资源局", "县农业农村局",
         "各乡（镇）人民政府", "县直有关部门", "县委宣传部", "县融媒体中心", "县统计局")


def median_seconds(call, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def big_plan(tasks: int):
    """One plan of ``tasks`` tasks over 2 lines each, with units, deadlines and some stage headings."""
    from importers.records import Deadline, ExtractedFile, PlanDocument, TaskRecord

    number, title, issued = "偏政办发〔2023〕99号", "2023年重点工作任务分解方案", date(2023, 3, 1)
    lines = ["偏关县人民政府办公室", title]
    records = []
    for index in range(tasks):
        first = len(lines) + 1
        stage = index % 50 == 0
        text = f"第{index // 50 + 1}阶段（2023年{index % 12 + 1}月）" if stage else \
            f"推进第{index + 1}项重点工作，完成年度目标任务。"
        lead = () if stage else (UNITS[index % len(UNITS)],)
        responsible = () if stage else (UNITS[(index * 7 + 3) % len(UNITS)], UNITS[(index * 3 + 5) % len(UNITS)])
        due = None if index % 3 == 0 else issued + timedelta(days=30 + index % 300)
        lines += [f"（{index + 1}）{text}", f"（牵头单位：{'、'.join(lead)}；责任单位：{'、'.join(responsible)}）"]
        records.append(TaskRecord(
            source="big.txt", plan_number=number, plan_title=title, plan_date=issued, seq=str(index + 1), text=text,
            lead=lead, responsible=responsible, deadline=Deadline(text="年内" if due else None, due=due),
            line_start=first, line_end=first + 1))
    text = "\n".join(lines)
    document = PlanDocument(source="big.txt", number=number, title=title, issuer="偏关县人民政府办公室",
                            issue_date=issued, line_start=1, line_end=len(lines), tasks=tuple(records))
    return ExtractedFile("big.txt", "big.txt", hashlib.sha256(text.encode()).hexdigest(), "utf-8", (document,),
                         text)


def floor(plan_id: int) -> None:
    from models.registry.schema import Task, db

    db.execute(Task.select(Task.id, Task.seq, Task.text, Task.line_start, Task.line_end, Task.current_deadline,
                           Task.deadline_text, Task.ongoing, Task.recurrence, Task.withdrawn, Task.version)
               .where(Task.plan == plan_id).order_by(Task.position, Task.id)).fetchall()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--tasks", type=int, default=5000)
    args = parser.parse_args()

    from importers.pipeline import extract_file
    from models import close_registry, open_registry, store_extracted
    from models.registry.schema import Plan, Task
    from peewee import fn
    from models.upkeep.review import plan_review, unreviewed_plans

    with tempfile.TemporaryDirectory() as folder:
        open_registry(Path(folder) / "review.sqlite3")
        try:
            for seed in SEEDS:
                store_extracted(extract_file(seed))
            seeds_list = median_seconds(unreviewed_plans, args.repeat)
            largest, count = (Task.select(Task.plan, fn.COUNT(Task.id)).group_by(Task.plan)
                              .order_by(fn.COUNT(Task.id).desc()).tuples().first())
            number = Plan.get_by_id(largest).number
            big = store_extracted(big_plan(args.tasks)).plans[0].plan_id
            rows = []
            for label, plan_id, tasks, budget in ((f"largest seed plan {number}", largest, count, 0.3),
                                                  ("synthetic plan", big, args.tasks, 1.0)):
                review = median_seconds(lambda: plan_review(plan_id), args.repeat)
                select = median_seconds(lambda: floor(plan_id), args.repeat)
                flagged = sum(1 for task in plan_review(plan_id).tasks if task.flags)
                rows.append((label, tasks, flagged, review, select, budget))
            all_list = median_seconds(unreviewed_plans, args.repeat)
        finally:
            close_registry()

    print(f"plan_review(), median of {args.repeat} calls, against one SELECT of the plan's task rows:")
    for label, tasks, flagged, review, select, budget in rows:
        print(f"  {label}: {tasks} tasks ({flagged} flagged)  plan_review {review * 1000:7.1f} ms  "
              f"SELECT {select * 1000:6.1f} ms  ratio {review / select:5.1f}x  "
              f"(budget {budget * 1000:.0f} ms: {'within' if review < budget else 'OVER'})")
    print(f"unreviewed_plans(): seeds {seeds_list * 1000:.1f} ms; seeds + synthetic plan {all_list * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
