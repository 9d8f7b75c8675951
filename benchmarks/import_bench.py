"""Import speed and memory: the five seeds, and a corpus of the seeds repeated
20 times as distinct plans. Prints seconds, tasks per second and peak memory.

    .venv/bin/python benchmarks/import_bench.py [--copies 20]

Each measurement runs in a fresh process with a fresh registry, so that peak
memory (ru_maxrss) is that run's own. Target: the seeds in well under a
second of import work; the 20x corpus in at most 25x the seeds' time.
"""
from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def make_corpus(folder: Path, copies: int) -> list[Path]:
    """The seeds `copies` times, each copy's document numbers changed so that
    every copy is a set of distinct plans."""
    paths = []
    for copy in range(copies):
        for seed in SEEDS:
            text = seed.read_text(encoding="utf-8")
            text = re.sub(r"〔(\d{4})〕(\d+)号", lambda m: f"〔{m.group(1)}〕{copy * 1000 + int(m.group(2))}号", text)
            path = folder / f"copy{copy:02d}_{seed.name}"
            path.write_text(text, encoding="utf-8")
            paths.append(path)
    return paths


def measure(paths: list[str], registry: str) -> dict:
    """Run in this process: extract and store every path; report figures."""
    sys.path.insert(0, str(ROOT))
    from importers.pipeline import extract_file
    from models.database import open_registry
    from models.registry_import import store_extracted

    open_registry(registry)
    tasks = 0
    extract_seconds = store_seconds = 0.0
    for path in paths:
        started = time.perf_counter()
        extracted = extract_file(path)
        middle = time.perf_counter()
        summary = store_extracted(extracted)
        extract_seconds += middle - started
        store_seconds += time.perf_counter() - middle
        tasks += summary.tasks_found
    total = extract_seconds + store_seconds
    return {"files": len(paths), "tasks": tasks, "seconds": round(total, 3),
            "extract_seconds": round(extract_seconds, 3), "store_seconds": round(store_seconds, 3),
            "tasks_per_second": round(tasks / total) if total else 0,
            "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def run_child(paths: list[Path], folder: Path, name: str) -> dict:
    registry = folder / f"{name}.sqlite3"
    output = subprocess.run(
        [sys.executable, __file__, "--child", str(registry), *map(str, paths)],
        check=True, capture_output=True, text=True).stdout
    return json.loads(output)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child[1:], args.child[0])))
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        seeds = run_child(SEEDS, folder, "seeds")
        corpus = run_child(make_corpus(folder, args.copies), folder, "corpus")
    size = sum(seed.stat().st_size for seed in SEEDS) / 1e6
    print(f"{'run':<14}{'files':>6}{'MB':>7}{'tasks':>8}{'seconds':>9}{'extract':>9}{'store':>8}"
          f"{'tasks/s':>9}{'peak MB':>9}")
    for name, row, megabytes in (("seeds", seeds, size), (f"{args.copies}x corpus", corpus, size * args.copies)):
        print(f"{name:<14}{row['files']:>6}{megabytes:>7.1f}{row['tasks']:>8}{row['seconds']:>9.3f}"
              f"{row['extract_seconds']:>9.3f}{row['store_seconds']:>8.3f}{row['tasks_per_second']:>9}"
              f"{row['peak_mb']:>9.1f}")
    ratio = corpus["seconds"] / seeds["seconds"] if seeds["seconds"] else float("nan")
    print(f"time ratio {args.copies}x corpus / seeds: {ratio:.1f} (target <= {args.copies * 1.25:.0f})")


if __name__ == "__main__":
    main()
