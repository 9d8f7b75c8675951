"""Hostile inputs at 1x, 2x and 4x size: does reading them stay linear, and under 1 GB?

    .venv/bin/python benchmarks/hostile_inputs.py [--scale 1.0] [--shape NAME]

Each shape is made at three sizes and extracted in a fresh process
(`extract_file`, as `duban extract` and `duban import` run it), timed there,
with its peak memory. Printed: seconds and peak MB per size, and the time
ratios 2x/1x and 4x/1x, then the worst of each against its bound: a linear
stage gives about 2 and 4 (a quadratic one about 4 and 16), and no file may
take 1 GB. The floor every ratio is read against is the same shape at 1x,
measured in the same run.

The text shapes (issue 12 §3):
- labels: one task followed by N `责任单位：…、` labels (100,000 labels, 3 MB,
  took 331 s when find_labels was quadratic);
- long line: one line of prose with no line break (10 MB took 3.9 s and 343 MB);
- brackets: one item with N bracketed asides, each a labelled assignment;
- items: one plan of N numbered items, each with its own units;
- plans: N plans in one file, each a title and one task under it;
- table: one tab-separated table of N rows;
- wrapped: one unnumbered paragraph a page wrapped onto N short lines with no stop
  (6,000 lines took 8.9 s when each line re-joined the paragraph so far, stop 34);
- run on: one paragraph of N clauses, each naming units and a role, none with a
  time and no stop (1,000 clauses took 59 s, 6,000 past 5 minutes, when one
  pattern retried every role word against every comma after it).

The archives (issue 12 §2), refused before any parser unpacks them, so their
time and memory should stay flat however far they inflate:
- docx bomb: a .docx whose document.xml inflates to N MB of paragraphs (a
  0.8 MB one inflating to 256 MB ran past 10 minutes at 5.2 GB);
- lying docx: the same, its directory claiming the document is 1 KB;
- xlsx bomb: an .xlsx whose sheet inflates to N MB of rows.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SIZES = (1, 2, 4)

from tests.importers import hostile_archives  # noqa: E402


def labels(count: int) -> str:
    units = "".join(f"责任单位：县第{number}局、" for number in range(count))
    return f"一、加强安全生产监管，2023年12月底前完成。\n（{units}）\n"


def long_line(count: int) -> str:
    sentence = "加强安全生产监管，落实企业主体责任，推进隐患排查治理，县应急管理局负责。"
    return "关于加强安全生产的实施方案\n" + sentence * count + "\n"


def brackets(count: int) -> str:
    asides = "".join(f"推进第{number}项工作（责任单位：县第{number}局）；" for number in range(count))
    return f"一、重点任务\n（一）{asides}\n"


def items(count: int) -> str:
    body = "".join(f"{number}．推进第{number}项重点工作。（责任单位：县第{number}局，2023年12月底前完成）\n"
                   for number in range(1, count + 1))
    return f"平顺县2023年重点工作实施方案\n一、重点任务\n{body}"


def plans(count: int) -> str:
    return "".join(f"平顺县第{number}项工作实施方案\n一、推进第{number}项工作。（责任单位：县第{number}局，"
                   f"2023年12月底前完成）\n" for number in range(count))


def table(count: int) -> str:
    rows = "".join(f"{number}\t推进第{number}项重点工作\t县第{number}局\t2023年12月底前\n"
                   for number in range(1, count + 1))
    return f"平顺县2023年重点工作任务分解表\n序号\t工作任务\t责任单位\t完成时限\n{rows}"


def wrapped(count: int) -> str:
    return "平顺县2023年重点工作实施方案\n" + "推进城乡环境整治工作持续深化\n" * count + "。（县住建局负责）\n"


def run_on(count: int) -> str:
    clauses = "".join(f"推进第{number}片区环境整治，县第{number}局配合落实，\n" for number in range(count))
    return "平顺县2023年重点工作实施方案\n一、重点任务\n" + clauses + "各乡镇负责。\n"


def docx_bomb(megabytes: int) -> bytes:
    return hostile_archives.docx_bomb(megabytes * hostile_archives.MB)


def lying_docx(megabytes: int) -> bytes:
    return hostile_archives.lying(docx_bomb(megabytes), "word/document.xml", 1024)


def xlsx_bomb(megabytes: int) -> bytes:
    return hostile_archives.xlsx_bomb(megabytes * hostile_archives.MB)


# name -> (maker, count at 1x, file suffix); a text maker's str is written as UTF-8
SHAPES: dict[str, tuple[Callable[[int], str | bytes], int, str]] = {
    "labels": (labels, 10_000, ".txt"),
    "long line": (long_line, 30_000, ".txt"),
    "brackets": (brackets, 5_000, ".txt"),
    "items": (items, 5_000, ".txt"),
    "plans": (plans, 2_000, ".txt"),
    "table": (table, 5_000, ".txt"),
    "wrapped": (wrapped, 3_000, ".txt"),
    "run on": (run_on, 6_000, ".txt"),
    "docx bomb": (docx_bomb, 64, ".docx"),
    "lying docx": (lying_docx, 64, ".docx"),
    "xlsx bomb": (xlsx_bomb, 64, ".xlsx"),
}
LINEAR_AT_4X = 6.0          # 4x the input in at most 6x the time: linear with room for a noisy machine
MEMORY_CAP_MB = 1024


def measure(path: str) -> dict:
    """In this process: extract one file; seconds, tasks (None when refused) and peak memory."""
    from importers.errors import ImportFileError
    from importers.pipeline import extract_file

    started = time.perf_counter()
    try:
        tasks: int | None = len(extract_file(path).tasks)
    except ImportFileError:
        tasks = None
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "tasks": tasks, "peak_mb": peak_mb()}


def peak_mb() -> float:
    """This process's peak resident memory. Linux's VmHWM, which starts again at exec: ru_maxrss
    carries the parent's peak over into the child, and the parent has just built a 256 MB bomb."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(path: Path) -> dict:
    output = subprocess.run([sys.executable, __file__, "--child", str(path)],
                            check=True, capture_output=True, text=True).stdout
    return json.loads(output)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every 1x size (default 1)")
    parser.add_argument("--shape", choices=sorted(SHAPES), action="append", help="only these shapes")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child)))
        return
    print(f"{'shape':<11}{'size':>5}{'count':>9}{'MB':>7}{'tasks':>8}{'seconds':>9}{'peak MB':>9}{'ratio':>7}")
    worst_ratio, worst_memory = (0.0, ""), (0.0, "")
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.shape or SHAPES:
            make, base, suffix = SHAPES[name]
            first = None
            for size in SIZES:
                count = max(1, round(base * args.scale * size))
                path = Path(tmp) / f"{name.replace(' ', '_')}_{size}{suffix}"
                content = make(count)
                path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
                del content
                row = run(path)
                first = first or row["seconds"]
                ratio = row["seconds"] / first
                tasks = "refused" if row["tasks"] is None else row["tasks"]
                print(f"{name:<11}{size:>4}x{count:>9}{path.stat().st_size / 1e6:>7.2f}{tasks:>8}"
                      f"{row['seconds']:>9.3f}{row['peak_mb']:>9.1f}{ratio:>7.2f}", flush=True)
                path.unlink()
                worst_ratio = max(worst_ratio, (ratio, f"{name} {size}x"))
                worst_memory = max(worst_memory, (row["peak_mb"], f"{name} {size}x"))
    print("ratio: seconds / seconds of the same shape at 1x (linear: about 2 and 4)")
    print(f"worst ratio {worst_ratio[0]:.2f} ({worst_ratio[1]}), bound {LINEAR_AT_4X:.0f} at 4x: "
          f"{'linear' if worst_ratio[0] <= LINEAR_AT_4X else 'NOT LINEAR'}")
    print(f"largest peak {worst_memory[0]:.0f} MB ({worst_memory[1]}), bound {MEMORY_CAP_MB} MB: "
          f"{'under' if worst_memory[0] < MEMORY_CAP_MB else 'OVER'}")


if __name__ == "__main__":
    main()
