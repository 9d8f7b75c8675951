"""Hostile inputs at 1x, 2x and 4x size: does extraction stay linear?

    .venv/bin/python benchmarks/hostile_bench.py [--scale 1.0] [--shape NAME]

Each shape is made at three sizes and extracted in a fresh process
(`extract_file`, as `duban extract` runs it), timed there, with its peak
memory. Printed: seconds and peak MB per size, and the time ratios 2x/1x and
4x/1x. A linear stage gives about 2 and 4; a quadratic one about 4 and 16.

The shapes:
- labels: one task followed by N `责任单位：…、` labels (100,000 labels, 3 MB,
  took 331 s when find_labels was quadratic);
- long line: one line of prose with no line break (10 MB took 3.9 s and 343 MB);
- brackets: one item with N bracketed asides, each a labelled assignment;
- items: one plan of N numbered items, each with its own units;
- plans: N plans in one file, each a title and one task under it;
- table: one tab-separated table of N rows.
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
SIZES = (1, 2, 4)


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


# name -> (maker, count at 1x)
SHAPES: dict[str, tuple[Callable[[int], str], int]] = {
    "labels": (labels, 10_000),
    "long line": (long_line, 30_000),
    "brackets": (brackets, 5_000),
    "items": (items, 5_000),
    "plans": (plans, 2_000),
    "table": (table, 5_000),
}


def measure(path: str) -> dict:
    """In this process: extract one file; seconds, tasks and peak memory."""
    sys.path.insert(0, str(ROOT))
    from importers.pipeline import extract_file

    started = time.perf_counter()
    extracted = extract_file(path)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "tasks": len(extracted.tasks),
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


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
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.shape or SHAPES:
            make, base = SHAPES[name]
            first = None
            for size in SIZES:
                count = max(1, round(base * args.scale * size))
                path = Path(tmp) / f"{name.replace(' ', '_')}_{size}.txt"
                path.write_text(make(count), encoding="utf-8")
                row = run(path)
                first = first or row["seconds"]
                print(f"{name:<11}{size:>4}x{count:>9}{path.stat().st_size / 1e6:>7.2f}{row['tasks']:>8}"
                      f"{row['seconds']:>9.3f}{row['peak_mb']:>9.1f}{row['seconds'] / first:>7.2f}", flush=True)
    print("ratio: seconds / seconds at 1x (linear: about 2 and 4)")


if __name__ == "__main__":
    main()
