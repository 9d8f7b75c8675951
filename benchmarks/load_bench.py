"""Concurrent liaisons against one registry: updates per second, errors, nothing lost.

    .venv/bin/python benchmarks/load_bench.py [--backend sqlite|postgresql|both]
                                              [--liaisons 20] [--updates 50] [--url URL]

A registry is filled with the five seeds; one liaison account is created for
each of the departments with the most tasks. Then every liaison is its own
process (as on its own computer): it signs in with its password (scrypt, as
in the window), waits for the others at a barrier, and records ``--updates``
status updates on its department's tasks as fast as it can, each carrying a
unique note. Printed per backend: wall time, updates per second, latency
percentiles, errors, and the check that every update is in the history
(expected: liaisons x updates of liaisons x updates).

PostgreSQL: ``--url`` names a database the benchmark may empty; without it a
throwaway server is started as the tests do (tests/pg_server.py).
"""
from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
PASSWORD = "load-test-password"
MARK = "负载测试"


def prepare(location: str, liaisons: int) -> list[tuple[str, list[int]]]:
    """Seeds imported, one liaison account per busiest department; (username, task ids) each."""
    from importers.pipeline import extract_file
    from models import close_registry, open_registry, store_extracted
    from models.access.accounts import authenticate, create_account
    from models.access.actor import sign_in, sign_out
    from models.registry.schema import db

    open_registry(location)
    try:
        create_account("office", PASSWORD, "office", display_name="督查室")   # the first account
        sign_in(authenticate("office", PASSWORD))
        for seed in SEEDS:
            store_extracted(extract_file(seed))
        busiest = db.execute_sql(
            "SELECT a.department_id, COUNT(DISTINCT a.task_id) AS n FROM assignment AS a "
            "JOIN task AS t ON t.id = a.task_id JOIN department AS d ON d.id = a.department_id "
            "WHERE NOT t.withdrawn AND NOT d.is_group GROUP BY a.department_id ORDER BY n DESC, a.department_id "
            "LIMIT ?", (liaisons,)).fetchall()
        plan = []
        for number, (department_id, _count) in enumerate(busiest):
            username = f"liaison{number:02d}"
            create_account(username, PASSWORD, "liaison", department=department_id, display_name=f"联络员{number:02d}")
            tasks = [row[0] for row in db.execute_sql(
                "SELECT DISTINCT task_id FROM assignment WHERE department_id = ? ORDER BY task_id",
                (department_id,))]
            plan.append((username, tasks))
        sign_out()
        return plan
    finally:
        close_registry()


def liaison(location: str, username: str, tasks: list[int], updates: int, barrier) -> tuple[list[float], list[str]]:
    """One liaison's process: sign in, wait for the others, write ``updates`` updates."""
    from models import close_registry, open_registry, record_status_update
    from models.access.accounts import authenticate

    open_registry(location)
    latencies: list[float] = []
    errors: list[str] = []
    try:
        actor = authenticate(username, PASSWORD)
        barrier.wait()
        for step in range(updates):
            task_id = tasks[step % len(tasks)]
            started = time.perf_counter()
            try:
                record_status_update(task_id, "推进中", min(99, step + 1), note=f"{MARK} {username} #{step}",
                                     actor=actor)
            except Exception as error:   # counted and printed, the run goes on
                errors.append(f"{type(error).__name__}: {error}")
            latencies.append(time.perf_counter() - started)
    finally:
        close_registry()
    return latencies, errors


def run(location: str, liaisons: int, updates: int) -> dict:
    plan = prepare(location, liaisons)
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        barrier = manager.Barrier(len(plan) + 1)
        with context.Pool(len(plan)) as pool:
            pending = [pool.apply_async(liaison, (location, username, tasks, updates, barrier))
                       for username, tasks in plan]
            barrier.wait()            # every liaison signed in: the clock starts
            started = time.perf_counter()
            results = [result.get() for result in pending]
            wall = time.perf_counter() - started
    latencies = sorted(latency for found, _ in results for latency in found)
    errors = [error for _, found in results for error in found]

    from models import close_registry, open_registry
    from models.registry.schema import StatusUpdate

    open_registry(location)
    try:
        recorded = StatusUpdate.select().where(StatusUpdate.note.startswith(MARK)).count()
    finally:
        close_registry()
    expected = len(plan) * updates
    return {
        "liaisons": len(plan), "expected": expected, "recorded": recorded, "errors": errors, "wall": wall,
        "per_second": (expected - len(errors)) / wall if wall else 0.0,
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[int(len(latencies) * 0.95) - 1] * 1000,
        "max": latencies[-1] * 1000,
    }


def report(name: str, figures: dict) -> None:
    ok = "OK" if figures["recorded"] == figures["expected"] and not figures["errors"] else "FAILED"
    print(f"{name:<11} {figures['liaisons']} liaisons x {figures['expected'] // figures['liaisons']} updates: "
          f"{figures['wall']:.2f} s, {figures['per_second']:.0f} updates/s, "
          f"latency p50 {figures['p50']:.1f} ms, p95 {figures['p95']:.1f} ms, max {figures['max']:.0f} ms; "
          f"errors {len(figures['errors'])}; in history {figures['recorded']:,} of {figures['expected']:,} [{ok}]")
    for error in sorted(set(figures["errors"]))[:5]:
        print(f"    {error}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--liaisons", type=int, default=20)
    parser.add_argument("--updates", type=int, default=50)
    parser.add_argument("--url", help="a PostgreSQL database the benchmark may empty")
    args = parser.parse_args()
    failed = False
    if args.backend in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as folder:
            figures = run(str(Path(folder) / "registry.sqlite3"), args.liaisons, args.updates)
            report("SQLite", figures)
            failed |= figures["recorded"] != figures["expected"]
    if args.backend in ("postgresql", "both"):
        from tests import pg_server

        server = None if args.url else pg_server.ThrowawayServer()
        url = args.url or server.url
        try:
            pg_server.reset(url)
            figures = run(url, args.liaisons, args.updates)
            report("PostgreSQL", figures)
            failed |= figures["recorded"] != figures["expected"]
        finally:
            if server is not None:
                server.stop()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
