"""Files extracted side by side give what one after another gives, in the order given."""
import sys
from pathlib import Path

import pytest

from importers.batch import WORTH_A_POOL, extract_files
from importers.errors import ImportFileError

SHAPES = Path(__file__).parent / "data" / "shapes"
SEEDS = Path(__file__).parents[2] / "seeds"


def _files(tmp_path: Path) -> list[str]:
    empty = tmp_path / "空文件.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "图片.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    shapes = sorted(SHAPES.glob("*.txt"))[:6]
    return [str(shapes[0]), str(empty), *map(str, shapes[1:4]), str(binary), *map(str, shapes[4:])]


def _outcomes(pairs) -> list[tuple[str, object]]:
    return [(path, outcome.problem if isinstance(outcome, ImportFileError)
             else [task.to_json() for task in outcome.tasks]) for path, outcome in pairs]


def test_a_pool_gives_the_files_in_order_with_the_same_tasks_and_errors(tmp_path: Path) -> None:
    paths = _files(tmp_path)
    alone = _outcomes(extract_files(paths, processes=1))
    pooled = _outcomes(extract_files(paths, processes=2))
    assert [path for path, _ in pooled] == paths
    assert pooled == alone
    problems = [outcome for _, outcome in pooled if isinstance(outcome, str)]
    assert len(problems) == 2 and all(problems)
    assert sum(len(outcome) for _, outcome in pooled if isinstance(outcome, list)) > 0


def test_an_error_from_a_worker_names_its_file(tmp_path: Path) -> None:
    paths = _files(tmp_path)
    errors = [outcome for _, outcome in extract_files(paths, processes=2) if isinstance(outcome, ImportFileError)]
    assert [Path(error.path).name for error in errors] == ["空文件.txt", "图片.txt"]
    assert all(error.path in str(error) for error in errors)


def test_progress_inside_each_file_when_read_one_by_one(tmp_path: Path) -> None:
    paths = _files(tmp_path)
    heard: list[tuple[int, int, int]] = []
    list(extract_files(paths, progress=lambda *call: heard.append(call), processes=1))
    readable = {index for index, path in enumerate(paths) if "文件" not in path and "图片" not in path}
    assert {index for index, _, _ in heard} == readable
    assert all(0 < done <= total for _, done, total in heard)


def test_a_pool_says_which_file_it_waits_for(tmp_path: Path) -> None:
    paths = _files(tmp_path)
    heard: list[tuple[int, int, int]] = []
    list(extract_files(paths, progress=lambda *call: heard.append(call), processes=2))
    assert heard == [(index, 0, 0) for index in range(len(paths))]


def test_stopping_early_leaves_no_worker_behind(tmp_path: Path) -> None:
    import multiprocessing

    paths = _files(tmp_path) * 3
    extracting = extract_files(paths, processes=2)
    first_path, _ = next(extracting)
    extracting.close()
    assert first_path == paths[0]
    assert multiprocessing.active_children() == []


def test_a_cancel_raised_by_progress_stops_the_pool(tmp_path: Path) -> None:
    import multiprocessing

    class Cancelled(Exception):
        pass

    def cancel_at_the_third(index: int, done: int, total: int) -> None:
        if index == 2:
            raise Cancelled

    paths = _files(tmp_path)
    with pytest.raises(Cancelled):
        list(extract_files(paths, progress=cancel_at_the_third, processes=2))
    assert multiprocessing.active_children() == []


def test_small_imports_stay_in_this_process() -> None:
    from importers import batch

    one = [str(sorted(SEEDS.glob("*.txt"))[-1])]
    shapes = [str(path) for path in sorted(SHAPES.glob("*.txt"))[:5]]
    assert batch._processes_for(one) == 1
    assert sum(Path(path).stat().st_size for path in shapes) < WORTH_A_POOL
    assert batch._processes_for(shapes) == 1


def test_a_pool_started_from_a_worker_thread_gives_the_same(tmp_path: Path) -> None:
    """The window imports on its worker thread: a process with threads is not forked."""
    import threading

    from importers import batch

    paths = _files(tmp_path)
    got: list = []
    methods: list[str] = []

    def work() -> None:
        methods.append(batch._context().get_start_method())
        got.extend(_outcomes(extract_files(paths, processes=2)))

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    assert methods == ["forkserver"]
    assert got == _outcomes(extract_files(paths, processes=1))


_KILLED_AT: dict[str, object] = {}


def _killed_at_one_file(path, progress=None):
    """extract_file, but a worker process given the marked file is killed as the system would."""
    import os
    import signal

    from importers.pipeline import extract_file

    if path == _KILLED_AT.get("path") and os.getpid() != _KILLED_AT.get("parent"):
        os.kill(os.getpid(), signal.SIGKILL)
    return extract_file(path, progress)


def test_a_worker_killed_midway_leaves_the_files_read_here(tmp_path: Path, monkeypatch) -> None:
    """A worker the system kills (out of memory) breaks the pool: the files it had not given
    back are read in this process instead, none lost or reported as unreadable."""
    import os

    from importers import batch

    paths = _files(tmp_path)
    monkeypatch.setitem(_KILLED_AT, "path", paths[3])
    monkeypatch.setitem(_KILLED_AT, "parent", os.getpid())
    monkeypatch.setattr(batch, "extract_file", _killed_at_one_file)
    got = _outcomes(extract_files(paths, processes=2))
    assert got == _outcomes(extract_files(paths, processes=1))


def _read_for_a_long_time(path, progress=None):
    """extract_file, but as slow as a 20 MB file: the worker sleeps first."""
    import time

    from importers.pipeline import extract_file

    time.sleep(_SLOW_SECONDS)
    return extract_file(path, progress)


_SLOW_SECONDS = 30


def test_a_cancel_does_not_wait_for_the_files_being_read(tmp_path: Path, monkeypatch) -> None:
    """Cancelling ends the workers still reading (a large file took 25 s to be given back)."""
    import multiprocessing
    import time

    from importers import batch

    class Cancelled(Exception):
        pass

    def cancel(index: int, done: int, total: int) -> None:
        raise Cancelled

    monkeypatch.setattr(batch, "extract_file", _read_for_a_long_time)
    started = time.monotonic()
    with pytest.raises(Cancelled):
        list(extract_files(_files(tmp_path), progress=cancel, processes=2))
    assert time.monotonic() - started < _SLOW_SECONDS / 2
    assert multiprocessing.active_children() == []


_POOL_THEN_WAIT = """
import sys, time
sys.path.insert(0, {root!r})
from importers import batch
import importers.pipeline

def slow(path, progress=None):
    time.sleep(60)

batch.extract_file = slow
if __name__ == "__main__":
    extracting = batch.extract_files({paths!r}, processes=2)
    next(extracting)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the kernel's parent-death signal is Linux's")
def test_workers_end_with_an_import_that_is_killed(tmp_path: Path) -> None:
    """A killed import (SIGKILL, or SIGTERM with no handler) leaves no worker waiting for ever
    with the registry's files open."""
    import os
    import signal
    import subprocess
    import time

    script = tmp_path / "import.py"
    script.write_text(_POOL_THEN_WAIT.format(root=str(Path(__file__).parents[2]), paths=_files(tmp_path)),
                      encoding="utf-8")
    importing = subprocess.Popen([sys.executable, str(script)])
    workers: list[int] = []
    for _ in range(100):
        time.sleep(0.1)
        workers = _children_of(importing.pid)
        if len(workers) >= 2:
            break
    assert len(workers) >= 2
    os.kill(importing.pid, signal.SIGKILL)
    importing.wait()
    for _ in range(50):
        if not any(_alive(pid) for pid in workers):
            break
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers)


def _children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[1] == str(pid):
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
