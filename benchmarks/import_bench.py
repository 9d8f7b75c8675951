"""Import speed against a floor measured in the same run.

    .venv/bin/python benchmarks/import_bench.py [--copies 20] [--runs 5]

Two inputs: the five seeds, and a corpus of the seeds repeated `--copies`
times as distinct plans. For each, two whole processes are timed in turn
(A B A B …, after one warm-up each, so a drift of the machine's speed hits
both alike):

- import: `duban --db NEW import --quiet FILES`, the command people run,
  into a fresh registry;
- floor: a process that reads the same files, runs two fixed regex passes
  over every line (a role label, a date) and writes as many task rows as the
  import stored into a fresh SQLite file in one transaction (plain sqlite3).

It prints each one's median wall and CPU seconds and the median of the
per-pair ratios import / floor (target: at most 3). A last line splits the
import's work in one process into reading the modules, extracting and
storing, with its peak memory.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
TARGET = 3.0
_IMPORT = "import sys; from desktop.cli import main; sys.exit(main())"

# The floor's two passes: what any reader of these plans must at least look for.
_FLOOR_LABEL = re.compile(r"(?:牵头|责任|配合|协办)(?:单位|部门)[：:]")
_FLOOR_DATE = re.compile(r"(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日)?底?前?")


def make_corpus(folder: Path, copies: int) -> list[Path]:
    """The seeds `copies` times, each copy's document numbers changed so that
    every copy is a set of distinct plans. The numbers stay within four digits,
    as real ones are: copy 10's 10003号 was no document number, and each of its
    files was read as one document."""
    if copies > 99:
        raise SystemExit("at most 99 copies: document numbers have four digits")
    paths = []
    for copy in range(copies):
        for seed in SEEDS:
            text = seed.read_text(encoding="utf-8")
            text = re.sub(r"〔(\d{4})〕(\d+)号",
                          lambda m: f"〔{m.group(1)}〕{copy * 100 + int(m.group(2)) % 100}号", text)
            path = folder / f"copy{copy:02d}_{seed.name}"
            path.write_text(text, encoding="utf-8")
            paths.append(path)
    return paths


def floor(registry: str, rows: int, paths: list[str]) -> None:
    """The floor process: read, two regex passes per line, `rows` rows in one transaction."""
    found = 0
    for path in paths:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            found += sum(1 for _ in _FLOOR_LABEL.finditer(line)) + sum(1 for _ in _FLOOR_DATE.finditer(line))
    connection = sqlite3.connect(registry)
    connection.execute("CREATE TABLE task (id INTEGER PRIMARY KEY, plan_id INTEGER, seq TEXT, text TEXT, "
                       "line_start INTEGER, line_end INTEGER, deadline TEXT, status TEXT)")
    with connection:
        connection.executemany(
            "INSERT INTO task (plan_id, seq, text, line_start, line_end, deadline, status) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(1, str(number), "任务" * 60, number, number, "2023-12-31", "未开始") for number in range(rows)])
    connection.close()
    print(found)


def stages(paths: list[str], registry: str) -> dict:
    """In this process: module loading, extraction and storing, timed apart."""
    started = time.perf_counter()
    sys.path.insert(0, str(ROOT))
    from importers.pipeline import extract_file
    from models.registry.database import open_registry
    from models.upkeep.importing import store_extracted

    loaded = time.perf_counter()
    open_registry(registry)
    tasks = 0
    extract_seconds = store_seconds = 0.0
    for path in paths:
        begin = time.perf_counter()
        extracted = extract_file(path)
        middle = time.perf_counter()
        tasks += store_extracted(extracted).tasks_found
        extract_seconds += middle - begin
        store_seconds += time.perf_counter() - middle
    return {"tasks": tasks, "load": loaded - started, "extract": extract_seconds, "store": store_seconds,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def _environment() -> dict:
    # Bytecode is written on the warm-up run, as an installed program has it.
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    environment["PYTHONPATH"] = str(ROOT)
    return environment


def _fresh(registry: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{registry}{suffix}").unlink(missing_ok=True)


def _timed(command: list[str], registry: Path) -> tuple[float, float, str]:
    """(wall, cpu) seconds of one child process into a fresh registry, and what it printed."""
    _fresh(registry)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=_environment(), cwd=ROOT)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode not in (0, 3):           # 3: a file without tasks, still imported
        raise SystemExit(f"{command[:4]} failed:\n{result.stderr}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu, result.stdout


def compare(paths: list[Path], folder: Path, runs: int) -> dict:
    """Import and floor in turn; medians and the per-pair ratios."""
    files = [str(path) for path in paths]
    registry = folder / "registry.sqlite3"
    _fresh(registry)
    child = subprocess.run([sys.executable, __file__, "--stages", str(registry), *files],
                           capture_output=True, text=True, env=_environment(), check=True)
    split = json.loads(child.stdout)
    importing = [sys.executable, "-c", _IMPORT, "--db", str(registry), "import", "--quiet", *files]
    flooring = [sys.executable, __file__, "--floor", str(registry), str(split["tasks"]), *files]
    walls: dict[str, list[float]] = {"import": [], "floor": []}
    cpus: dict[str, list[float]] = {"import": [], "floor": []}
    for run in range(runs + 1):                   # run 0 is the warm-up
        for name, command in (("import", importing), ("floor", flooring)):
            wall, cpu, _ = _timed(command, registry)
            if run:
                walls[name].append(wall)
                cpus[name].append(cpu)
    return {"split": split,
            "wall": {name: statistics.median(values) for name, values in walls.items()},
            "cpu": {name: statistics.median(values) for name, values in cpus.items()},
            "ratio_wall": statistics.median(a / b for a, b in zip(walls["import"], walls["floor"])),
            "ratio_cpu": statistics.median(a / b for a, b in zip(cpus["import"], cpus["floor"]))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--floor", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--stages", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.floor:
        floor(args.floor[0], int(args.floor[1]), args.floor[2:])
        return
    if args.stages:
        print(json.dumps(stages(args.stages[1:], args.stages[0])))
        return
    size = sum(seed.stat().st_size for seed in SEEDS) / 1e6
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        results = [("seeds", size, compare(SEEDS, folder, args.runs))]
        (folder / "corpus").mkdir()
        corpus = make_corpus(folder / "corpus", args.copies)
        results.append((f"{args.copies}x corpus", size * args.copies, compare(corpus, folder, args.runs)))
    print(f"{'run':<12}{'MB':>6}{'tasks':>7}{'import s':>10}{'floor s':>9}{'ratio':>7}{'cpu ratio':>11}"
          f"{'  | in one process: load':>24}{'extract':>9}{'store':>7}{'peak MB':>9}")
    for name, megabytes, row in results:
        split = row["split"]
        print(f"{name:<12}{megabytes:>6.1f}{split['tasks']:>7}{row['wall']['import']:>10.3f}"
              f"{row['wall']['floor']:>9.3f}{row['ratio_wall']:>7.2f}{row['ratio_cpu']:>11.2f}"
              f"{split['load']:>24.3f}{split['extract']:>9.3f}{split['store']:>7.3f}{split['peak_mb']:>9.1f}")
    print(f"ratio: median of per-pair import/floor wall seconds over {args.runs} pairs (target <= {TARGET:g})")


if __name__ == "__main__":
    main()
