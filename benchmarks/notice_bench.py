"""Which tasks warrant a 督办单 (models.paper.notices.candidates), against a floor measured in the same run.

    .venv/bin/python benchmarks/notice_bench.py [--rows 100000] [--runs 5]

The table is tests/models/builders.synthetic_table: ``--rows`` tasks in 1,000
plans, deadlines over a year, a third each 未开始, 推进中 and 已完成, so every
colour is warranted somewhere. The floor is the first thing candidates must do
for every row: its light (models.supervision.lights.lights_for, without words).
Each run times the two in turn (A B A B …, after one warm-up each, so a drift of
the machine's speed hits both alike) in one process with an empty registry (no
earlier notices). It prints the median seconds of each and the median of the
per-pair ratios candidates / floor, and the process's peak memory.

This is where the speed of the notice list is watched; the test suite only
checks what it lists (tests/models/test_notices.py), since a time limit in a
test fails on a busy machine (issue 12 §20).
"""
from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from models.paper.notices import DEFAULT_SETTINGS, candidates  # noqa: E402
from models.registry.database import close_registry, open_registry  # noqa: E402
from models.supervision.lights import lights_for  # noqa: E402
from tests.models.builders import synthetic_table  # noqa: E402

AS_OF = date(2023, 11, 6)


def timed(work) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    table = synthetic_table(options.rows)
    with tempfile.TemporaryDirectory() as folder:
        open_registry(Path(folder) / "registry.sqlite3")
        try:
            def listed() -> None:
                candidates(AS_OF, table=table)

            def floor() -> None:
                lights_for(table, AS_OF, DEFAULT_SETTINGS.light_settings(), words=False)

            listed(), floor()                       # warm-up
            pairs = [(timed(listed), timed(floor)) for _ in range(options.runs)]
            found = len(candidates(AS_OF, table=table))
        finally:
            close_registry()
    print(f"{options.rows} tasks, {found} candidates, {options.runs} runs")
    print(f"candidates: {statistics.median(a for a, _ in pairs):.3f} s   "
          f"floor (lights alone): {statistics.median(b for _, b in pairs):.3f} s   "
          f"ratio: {statistics.median(a / b for a, b in pairs):.2f}x")
    print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
