"""Timeline speed and memory at 100,000 tasks, and a screenshot of a small example.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/timeline_bench.py [--rows 100000]
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/timeline_bench.py --png out.png

Prints: seconds to set the model, average and worst repaint over 100
`viewport().repaint()` calls while scrolling (target: at most 40 ms), a zoom
change plus repaint, and peak memory (ru_maxrss). The floor, measured in the
same run at the same 100 scroll positions, is what any paint must do: read the
rows on screen from the model (the roles the timeline reads) and fill the
viewport once; the repaint is printed as a ratio to it. The data is synthetic
and built in memory: 80 departments, plans issued over two years, tasks
numbered as plans number them (三/（十六）/104).
"""
from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from PySide6.QtGui import QColor, QImage, QPainter  # noqa: E402

from desktop.fonts import install_application_font  # noqa: E402
from desktop.roles import END_ROLE, GROUP_ROLE, LIGHT_ROLE, ONGOING_ROLE, START_ROLE, STATE_ROLE  # noqa: E402
from desktop.task_table_model import TaskTableModel  # noqa: E402
from desktop.timeline_view import HEADER_HEIGHT, ROW_HEIGHT, TimelineView  # noqa: E402
from models.supervision.assessment import assess
from models.supervision.listing import TaskTable  # noqa: E402

AS_OF = date(2024, 6, 15)
FIRST_DAY = date(2023, 1, 1)
VERBS = ("推进", "完善", "落实", "开展", "加快", "建立健全", "组织实施", "督促整改")
OBJECTS = ("城区污水管网改造", "老旧小区改造", "农村人居环境整治", "营商环境优化", "安全生产专项整治",
           "高标准农田建设", "义务教育薄弱环节改善", "县域医共体建设", "河湖长制工作", "招商引资项目")
CHAPTERS = "一二三四五六七八九十"
SECTIONS = ("（一）", "（二）", "（三）", "（四）", "（五）", "（六）", "（七）", "（八）", "（九）", "（十）",
            "（十一）", "（十二）", "（十三）", "（十四）", "（十五）", "（十六）")


def outline_number(position: int) -> str:
    """A plan's numbering of its position-th task: 一/（一）/1 … 三/（十六）/104, as the gazettes write it."""
    return f"{CHAPTERS[position // 40 % 10]}/{SECTIONS[position // 8 % 16]}/{position + 1}"


def synthetic_table(rows: int, departments: int = 80, seed: int = 7) -> TaskTable:
    """`rows` tasks in plans of 200, dates over two years; some ongoing, some done."""
    rng = random.Random(seed)
    table = TaskTable()
    plan_count = max(1, rows // 200)
    for plan in range(plan_count):
        issued = FIRST_DAY + timedelta(days=rng.randrange(540))
        table.plans[plan] = (f"某政办发〔{issued.year}〕{plan + 1}号", f"工作方案{plan + 1}", issued.isoformat())
    table.department_names = {ident: f"县第{ident}局" for ident in range(departments)}
    for row in range(rows):
        plan = row * plan_count // rows
        issued = date.fromisoformat(table.plans[plan][2])
        ongoing = rng.random() < 0.06
        deadline = None if ongoing else (issued + timedelta(days=rng.randrange(30, 400))).isoformat()
        table.ids.append(row + 1)
        table.plan_ids.append(plan)
        table.seqs.append(outline_number(row % 200))
        table.texts.append(f"{rng.choice(VERBS)}{rng.choice(OBJECTS)}（第{row + 1}项）")
        table.deadlines.append(deadline)
        table.deadline_texts.append("长期坚持" if ongoing else None)
        table.recurrences.append(None)
        table.ongoing.append(ongoing)
        table.statuses.append(rng.choice(("未开始", "推进中", "推进中", "已完成")))
        table.progress.append(rng.randrange(0, 101, 10))
        table.last_updates.append(None)
    table.units = {role: [(rng.randrange(departments),) for _ in range(rows)]
                   for role in ("lead", "responsible", "cooperating")}
    return table


def example_table() -> TaskTable:
    """A few dozen realistic rows in three plans, for the screenshot."""
    table = TaskTable()
    table.plans = {1: ("某政办发〔2024〕3号", "关于印发2024年城市建设工作方案的通知", "2024-02-20"),
                   2: ("某政发〔2024〕11号", "关于优化营商环境的实施意见", "2024-04-08"),
                   3: ("某办发〔2023〕27号", "农村人居环境整治提升五年行动方案", "2023-11-15")}
    table.department_names = {1: "县住建局", 2: "县财政局", 3: "县发改局", 4: "县农业农村局", 5: "县生态环境局"}
    tasks = [  # plan, text, deadline or None, ongoing, status
        (1, "新建城区污水管网10公里，完成雨污分流改造", "2024-06-30", False, "推进中"),
        (1, "改造老旧小区12个，同步实施加装电梯试点", "2024-10-31", False, "推进中"),
        (1, "完成城区主干道“白改黑”提升工程", "2024-05-31", False, "已完成"),
        (1, "城市黑臭水体长效管护", None, True, "推进中"),
        (1, "建成智慧停车管理平台并投入运行", "2024-06-20", False, "推进中"),
        (1, "推进城市更新片区规划编制", "2024-12-31", False, "未开始"),
        (1, "开展城市体检，形成问题清单", "2024-03-31", False, "推进中"),
        (1, "完成燃气管道老化更新改造30公里", "2024-09-30", False, "推进中"),
        (2, "全面推行“一网通办”，政务服务事项网上可办率达95%", "2024-08-31", False, "推进中"),
        (2, "压缩工程建设项目审批时限至60个工作日以内", "2024-06-25", False, "推进中"),
        (2, "建立企业诉求“直通车”制度", None, True, "推进中"),
        (2, "开展涉企违规收费专项整治", "2024-06-10", False, "推进中"),
        (2, "落实减税降费政策，组织政策宣讲不少于10场", "2024-11-30", False, "未开始"),
        (2, "清理拖欠中小企业账款", "2024-07-31", False, "已完成"),
        (2, "优化不动产登记流程，一般登记3个工作日内办结", "2024-06-18", False, "推进中"),
        (3, "农村生活垃圾收运处置体系覆盖所有行政村", "2024-12-31", False, "推进中"),
        (3, "完成农村户厕改造2000户", "2024-04-30", False, "推进中"),
        (3, "村庄清洁行动常态化开展", None, True, "推进中"),
        (3, "建设美丽宜居示范村15个", "2025-06-30", False, "推进中"),
        (3, "农村生活污水治理率提高到40%", "2025-12-31", False, "未开始"),
        (3, "编制村庄规划，实现应编尽编", "2024-02-29", False, "已完成"),
        (3, "开展畜禽养殖污染专项整治", "2024-06-16", False, "推进中"),
    ]
    for ident, (plan, text, deadline, ongoing, status) in enumerate(tasks, start=1):
        table.ids.append(ident)
        table.plan_ids.append(plan)
        # Numbered as the plans number them: 一/（一）, 二/（三）, 三/（十六）/104 …
        position = sum(1 for other in tasks[:ident] if other[0] == plan) - 1
        table.seqs.append(("一/（一）", "二/（一）", "二/（三）", "三/（一）", "三/（十六）/104", "四/（二）",
                           "五", "六/（十二）/3")[position % 8])
        table.texts.append(text)
        table.deadlines.append(deadline)
        table.deadline_texts.append("长期坚持" if ongoing else None)
        table.recurrences.append(None)
        table.ongoing.append(ongoing)
        table.statuses.append(status)
        table.progress.append(0)
        table.last_updates.append(None)
    # One task with a deadline but no start: its plan has no issue date.
    table.plans[4] = ("某督查通知〔2024〕5号", "关于开展汛期安全检查的通知", None)
    for text, deadline in (("完成汛前隐患排查并报送台账", "2024-06-28"), ("汛期值班值守落实情况检查", "2024-07-15")):
        table.ids.append(len(table.ids) + 1)
        table.plan_ids.append(4)
        table.seqs.append(str(len(table.ids) - len(tasks)))
        table.texts.append(text)
        table.deadlines.append(deadline)
        table.deadline_texts.append(None)
        table.recurrences.append(None)
        table.ongoing.append(False)
        table.statuses.append("推进中")
        table.progress.append(0)
        table.last_updates.append(None)
    rows = len(table.ids)
    table.units = {role: [(1 + row % 5,) for row in range(rows)] for role in ("lead", "responsible", "cooperating")}
    return table


def screenshot(path: str, zoom: str) -> None:
    table = example_table()
    model = TaskTableModel()
    model.set_table(table, assess(table, AS_OF))
    view = TimelineView()
    view.resize(1200, 760)
    view.setToday(AS_OF)
    view.setModel(model)
    view.setZoom(zoom)
    view.show()
    view.selectRow(4)
    QApplication.processEvents()
    view.grab().save(path)


def bench(rows: int) -> None:
    table = synthetic_table(rows)
    model = TaskTableModel()
    model.set_table(table, assess(table, AS_OF))
    view = TimelineView()
    view.resize(1400, 900)
    view.setToday(AS_OF)
    view.show()
    QApplication.processEvents()

    started = time.perf_counter()
    view.setModel(model)
    set_model = time.perf_counter() - started
    view.viewport().repaint()

    vbar, hbar = view.verticalScrollBar(), view.horizontalScrollBar()
    rng = random.Random(1)
    times, floors = [], []
    visible = (view.viewport().height() - HEADER_HEIGHT) // ROW_HEIGHT + 1
    canvas = QImage(view.viewport().size(), QImage.Format.Format_RGB32)
    for step in range(100):
        vbar.setValue(rng.randrange(vbar.maximum() + 1) if step % 2 else vbar.value() + 30)
        hbar.setValue(rng.randrange(hbar.maximum() + 1))
        started = time.perf_counter()
        view.viewport().repaint()
        times.append(time.perf_counter() - started)
        floors.append(floor(model, vbar.value(), visible, canvas))
    zoom_times = {}
    for zoom in ("week", "quarter", "year", "month"):
        started = time.perf_counter()
        view.setZoom(zoom)
        view.viewport().repaint()
        zoom_times[zoom] = time.perf_counter() - started
    later = assess(table, AS_OF + timedelta(days=30))
    started = time.perf_counter()
    model.set_assessment(later)   # dataChanged over every row: the view re-reads a sample of dates
    view.viewport().repaint()
    states_changed = time.perf_counter() - started

    print(f"rows                      {rows}")
    print(f"set model                 {set_model * 1000:.1f} ms")
    average, floor_average = sum(times) / len(times), sum(floors) / len(floors)
    print(f"repaint average           {average * 1000:.2f} ms  (100 repaints, scrolling)")
    print(f"repaint worst             {max(times) * 1000:.2f} ms")
    print(f"floor average             {floor_average * 1000:.2f} ms  (read the rows on screen, fill the viewport)")
    print(f"repaint / floor           {average / floor_average:.1f}x")
    for zoom, seconds in zoom_times.items():
        print(f"zoom to {zoom:<8} + repaint {seconds * 1000:.2f} ms")
    print(f"new states + repaint      {states_changed * 1000:.1f} ms")
    print(f"peak memory (ru_maxrss)   {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


def floor(model: TaskTableModel, top: int, rows: int, canvas: QImage) -> float:
    """Seconds to do what any paint of these rows must: read their data and fill the viewport."""
    started = time.perf_counter()
    index, data = model.index, model.data
    for row in range(top, min(top + rows, model.rowCount())):
        cell = index(row, 0)
        for role in (GROUP_ROLE, START_ROLE, END_ROLE, STATE_ROLE, ONGOING_ROLE, LIGHT_ROLE):
            data(cell, role)
        data(cell)
        data(index(row, 1))
    painter = QPainter(canvas)
    painter.fillRect(canvas.rect(), QColor("#ffffff"))
    painter.end()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--png", help="save a screenshot of a small example here instead")
    parser.add_argument("--zoom", default="month", choices=("week", "month", "quarter", "year"))
    args = parser.parse_args()
    app = QApplication(sys.argv)
    install_application_font(app)
    if args.png:
        screenshot(args.png, args.zoom)
    else:
        bench(args.rows)
    del app


if __name__ == "__main__":
    main()
