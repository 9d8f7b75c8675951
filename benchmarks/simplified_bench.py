"""Speed of importers.text.simplified(): a traditional-script seed and a simplified one,
line by line (as the importer asks) and whole, each against a floor timed in the same run.

    .venv/bin/python benchmarks/simplified_bench.py [--repeat 20]

Floors: for text with traditional characters, str.translate with a one-entry table (one
copy of the text, the least a conversion costs); for text without, a regex search for a
character that is not there (one scan, the least the no-copy fast path costs). Each figure
is the best of --repeat runs; the line cache is emptied before each run, so every line is
converted afresh as in a first import. The first call's table load is timed on its own.
"""
from __future__ import annotations

import argparse
import re
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRADITIONAL = ROOT / "tests" / "importers" / "data" / "traditional" / "000_71ea830a6c40bc71.txt"
SIMPLIFIED = ROOT / "seeds" / "000_71ea830a6c40bc71.txt"


def best(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    repeat = parser.parse_args().repeat

    start = time.perf_counter()
    from importers import text
    text.simplified("")
    print(f"import and first call (table load): {1000 * (time.perf_counter() - start):.1f} ms")

    copy_floor = str.maketrans({"\x01": "\x02"})
    absent = re.compile("[\x01]")

    def by_line(lines: list[str]) -> Callable[[], object]:
        def run() -> None:
            text._simplified_short.cache_clear()
            for line in lines:
                text.simplified(line)
        return run

    for label, path, floor_name, floor_one in (
            ("traditional seed", TRADITIONAL, "translate", lambda s: s.translate(copy_floor)),
            ("simplified seed", SIMPLIFIED, "regex scan", lambda s: absent.search(s))):
        document = path.read_text(encoding="utf-8")
        lines = document.splitlines()
        for shape, run, floor in (
                (f"{len(lines)} lines", by_line(lines), lambda: [floor_one(line) for line in lines]),
                (f"whole, {len(document)} chars", lambda: text.simplified(document), lambda: floor_one(document))):
            seconds, floor_seconds = best(run, repeat), best(floor, repeat)
            print(f"{label:17} {shape:22} simplified {1000 * seconds:7.3f} ms   "
                  f"{floor_name} floor {1000 * floor_seconds:7.3f} ms   ratio {seconds / floor_seconds:5.2f}")


if __name__ == "__main__":
    main()
