"""Concurrent liaisons against one registry: updates per second, errors, nothing lost.

    .venv/bin/python benchmarks/load_bench.py [--backend sqlite|postgresql|both]
                                              [--liaisons 20] [--updates 50] [--rounds 2] [--url URL]

A registry is filled with the five seeds; one liaison account is created for
each of the departments with the most tasks. Then every liaison is its own
process (as on its own computer): it signs in, waits for the others at a
barrier, and records ``--updates`` status updates on its department's tasks as
fast as it can, each carrying a unique note. Printed per run: wall time,
updates per second, latency percentiles, errors, and the check that every
update is in the history (expected: liaisons x updates of liaisons x updates).

SQLite: each liaison signs in with its password (scrypt, as in the window).

PostgreSQL: the registry is set up as ``duban server init`` does and filled by
the office through its own role; each liaison signs in by connecting as its own
role (schema v11: grants, row-level security, the row-log triggers). Beside it,
on the same registry and in turn (A B C A B C …), the same load through one
shared superuser login, as every client connected before v11: with the
triggers (row-level security and grants do not apply to a superuser), and with
them switched off for the session (session_replication_role = replica), the
floor. The ratios say what the per-account roles, the policies and the
triggers cost. ``--url`` names a database the benchmark may empty (as a
superuser); without it a throwaway server is started as the tests do
(tests/pg_server.py).
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


# How a liaison's process connects (see the module's docstring).
EMBEDDED, ROLES, SHARED, SHARED_NO_TRIGGERS = "embedded", "roles", "shared", "shared-no-triggers"
LABELS = {EMBEDDED: "SQLite", ROLES: "PostgreSQL, a role per account",
          SHARED: "PostgreSQL, one shared login", SHARED_NO_TRIGGERS: "PostgreSQL, one login, no triggers"}


def prepare(location: str, liaisons: int) -> list[tuple[str, list[int]]]:
    """Seeds imported, one liaison account per busiest department; (username, task ids) each.

    On a server, as in the county: set up by its administrator, then filled by the office's own role."""
    from importers.pipeline import extract_file
    from models import close_registry, open_registry, store_extracted
    from models.access.accounts import authenticate, create_account, sign_in_to_server
    from models.access.actor import sign_in, sign_out
    from models.access.server_setup import hand_out_url, set_up_server
    from models.registry.dialect import is_server_url
    from models.registry.schema import db

    if is_server_url(location):
        set_up_server(location, "office", PASSWORD, "督查室")
        close_registry()
        sign_in_to_server(hand_out_url(location), "office", PASSWORD)
    else:
        open_registry(location)
        create_account("office", PASSWORD, "office", display_name="督查室")   # the first account
        sign_in(authenticate("office", PASSWORD))
    try:
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


def liaison(location: str, mode: str, username: str, tasks: list[int], updates: int, barrier,
            mark: str) -> tuple[list[float], list[str]]:
    """One liaison's process: sign in, wait for the others, write ``updates`` updates."""
    from models import close_registry, open_registry, record_status_update
    from models.access.accounts import authenticate, sign_in_to_server
    from models.access.server_setup import hand_out_url
    from models.registry.schema import db

    latencies: list[float] = []
    errors: list[str] = []
    try:
        try:
            if mode == ROLES:
                actor = sign_in_to_server(hand_out_url(location), username, PASSWORD)
            else:
                open_registry(location)
                if mode == SHARED_NO_TRIGGERS:
                    db.execute_sql("SET session_replication_role = replica")
                actor = authenticate(username, PASSWORD)
        except Exception as error:   # said as text (not every error pickles), and the barrier is still met
            barrier.wait()
            return [], [f"sign-in: {type(error).__name__}: {error}"] * updates
        barrier.wait()
        for step in range(updates):
            task_id = tasks[step % len(tasks)]
            started = time.perf_counter()
            try:
                record_status_update(task_id, "推进中", min(99, step + 1),
                                     note=f"{MARK} {mark} {username} #{step}", actor=actor)
            except Exception as error:   # counted and printed, the run goes on
                errors.append(f"{type(error).__name__}: {error}")
            latencies.append(time.perf_counter() - started)
    finally:
        close_registry()
    return latencies, errors


def run(location: str, mode: str, plan: list[tuple[str, list[int]]], updates: int, round_: int) -> dict:
    """One load of every liaison at once; ``location`` as the administrator (superuser) knows it."""
    context = multiprocessing.get_context("spawn")
    mark = f"{mode}#{round_}"
    with context.Manager() as manager:
        barrier = manager.Barrier(len(plan) + 1)
        with context.Pool(len(plan)) as pool:
            pending = [pool.apply_async(liaison, (location, mode, username, tasks, updates, barrier, mark))
                       for username, tasks in plan]
            barrier.wait()            # every liaison signed in: the clock starts
            started = time.perf_counter()
            results = [result.get() for result in pending]
            wall = time.perf_counter() - started
    latencies = sorted(latency for found, _ in results for latency in found) or [0.0]
    errors = [error for _, found in results for error in found]

    from models import close_registry, open_registry
    from models.registry.schema import StatusUpdate

    open_registry(location)
    try:
        recorded = StatusUpdate.select().where(StatusUpdate.note.startswith(f"{MARK} {mark} ")).count()
    finally:
        close_registry()
    expected = len(plan) * updates
    return {
        "mode": mode, "liaisons": len(plan), "expected": expected, "recorded": recorded, "errors": errors, "wall": wall,
        "per_second": (expected - len(errors)) / wall if wall else 0.0,
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[int(len(latencies) * 0.95) - 1] * 1000,
        "max": latencies[-1] * 1000,
    }


def report(figures: dict) -> None:
    ok = "OK" if figures["recorded"] == figures["expected"] and not figures["errors"] else "FAILED"
    print(f"{LABELS[figures['mode']]:<36} {figures['liaisons']} liaisons x {figures['expected'] // figures['liaisons']} updates: "
          f"{figures['wall']:.2f} s, {figures['per_second']:.0f} updates/s, "
          f"latency p50 {figures['p50']:.1f} ms, p95 {figures['p95']:.1f} ms, max {figures['max']:.0f} ms; "
          f"errors {len(figures['errors'])}; in history {figures['recorded']:,} of {figures['expected']:,} [{ok}]")
    for error in sorted(set(figures["errors"]))[:5]:
        print(f"    {error}")


def ratios(runs: list[dict]) -> None:
    """Updates per second of each PostgreSQL mode against the floor, round by round, and their medians."""
    floors = {figures["round"]: figures["per_second"] for figures in runs if figures["mode"] == SHARED_NO_TRIGGERS}
    for mode in (ROLES, SHARED):
        found = [figures["per_second"] / floors[figures["round"]] for figures in runs
                 if figures["mode"] == mode and floors.get(figures["round"])]
        if found:
            print(f"{LABELS[mode]} / {LABELS[SHARED_NO_TRIGGERS]}: "
                  f"{' '.join(f'{ratio:.2f}' for ratio in found)} (median {statistics.median(found):.2f}) "
                  "of the floor's updates per second")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--liaisons", type=int, default=20)
    parser.add_argument("--updates", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=2, help="PostgreSQL: each mode this many times, in turn")
    parser.add_argument("--url", help="a PostgreSQL database the benchmark may empty (as a superuser)")
    args = parser.parse_args()
    failed = False
    if args.backend in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as folder:
            location = str(Path(folder) / "registry.sqlite3")
            figures = run(location, EMBEDDED, prepare(location, args.liaisons), args.updates, 0)
            report(figures)
            failed |= figures["recorded"] != figures["expected"] or bool(figures["errors"])
    if args.backend in ("postgresql", "both"):
        from tests import pg_server

        server = None if args.url else pg_server.ThrowawayServer()
        url = args.url or server.url
        try:
            pg_server.reset(url)
            plan = prepare(url, args.liaisons)
            runs = []
            for round_ in range(args.rounds):
                for mode in (ROLES, SHARED, SHARED_NO_TRIGGERS):
                    figures = {**run(url, mode, plan, args.updates, round_), "round": round_}
                    report(figures)
                    runs.append(figures)
                    failed |= figures["recorded"] != figures["expected"] or bool(figures["errors"])
            ratios(runs)
        finally:
            if server is not None:
                server.stop()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
