"""Several files extracted side by side: one process per processor, results in the order given.

Extraction is Python code bound by the processor (about 2 MB of text a second), so threads
would share one core; processes do not. The caller keeps what must stay in one process —
storing into the registry, one file at a time — and stores each file while the next ones
are still being read (`duban import` and the window's 导入公报 both go through here).

A pool costs a process start per processor, so a small import (one file, or a few pages in
all) is extracted here in this process as before, with its progress inside each file. A worker
hands each file back through a file of its own in a temporary folder, ends with the process that
started it, and a killed worker's files are read here instead.
"""
from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import pickle
import shutil
import signal
import sys
import tempfile
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from .errors import ImportFileError
from .pipeline import extract_file
from .records import ExtractedFile

# Below this many bytes of input in all, starting processes costs about what it saves.
WORTH_A_POOL = 1_000_000
# Files handed out ahead of the one being stored, per process: enough to keep each busy,
# few enough that a long list does not pile up extracted files in memory.
_AHEAD_PER_PROCESS = 2

FileProgress = Callable[[int, int, int], None]     # (which file: its index in the paths, documents done, in all)
Outcome = ExtractedFile | ImportFileError


def extract_files(paths: Sequence[str], progress: FileProgress | None = None, *,
                  processes: int | None = None) -> Iterator[tuple[str, Outcome]]:
    """Each path with its extracted file, or the ImportFileError that says why it cannot be read,
    in the order given. `progress` hears of documents inside a file when the files are read here,
    one after another; with a pool, of each file waited for, with 0 documents in all (not known).
    Stopping the iteration early (a cancelled import, a registry that failed) ends the files
    being read and drops those not yet started."""
    processes = processes or _processes_for(paths)
    if processes < 2:
        yield from _one_by_one(enumerate(paths), progress)
        return
    yield from _side_by_side(paths, processes, progress)


def _processes_for(paths: Sequence[str]) -> int:
    if len(paths) < 2 or _input_size(paths) < WORTH_A_POOL:
        return 1
    return min(len(paths), _processors())


def _processors() -> int:
    if hasattr(os, "sched_getaffinity"):           # the processors this process may use
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _input_size(paths: Sequence[str]) -> int:
    size = 0
    for path in paths:
        try:
            size += os.stat(path).st_size
        except OSError:                            # extract_file says what is wrong with it
            pass
    return size


def _one_by_one(files: Iterable[tuple[int, str]], progress: FileProgress | None) -> Iterator[tuple[str, Outcome]]:
    for index, path in files:
        inside = None if progress is None else (lambda done, total, index=index: progress(index, done, total))
        try:
            outcome: Outcome = extract_file(path, progress=inside)
        except ImportFileError as error:
            outcome = error
        yield path, outcome


def _side_by_side(paths: Sequence[str], processes: int,
                  progress: FileProgress | None) -> Iterator[tuple[str, Outcome]]:
    waiting = deque(enumerate(paths))
    running: deque[tuple[int, str, Future[str | None]]] = deque()
    folder = tempfile.mkdtemp(prefix="duban-extract-")
    pool = ProcessPoolExecutor(max_workers=processes, mp_context=_context(), initializer=_die_with_the_parent)
    finished = False
    try:
        while waiting or running:
            try:
                while waiting and len(running) < processes * _AHEAD_PER_PROCESS:
                    index, path = waiting[0]
                    future = pool.submit(_extract_into, path, folder)
                    waiting.popleft()
                    running.append((index, path, future))
                index, path, future = running[0]
                if progress is not None:
                    progress(index, 0, 0)          # waiting for this file; its documents are not known here
                try:
                    outcome: Outcome | None = _read_back(future.result())
                except ImportFileError as error:
                    outcome = error
                running.popleft()
            except BrokenProcessPool:
                # A worker was killed (out of memory, by hand): the files not given back yet are
                # read here, one by one, as without a pool.
                yield from _one_by_one([*((index, path) for index, path, _ in running), *waiting], progress)
                finished = True
                return
            if outcome is None:                    # (the worker could not hand it over: read it here)
                outcome = next(_one_by_one([(index, path)], progress))[1]
            yield path, outcome
        finished = True
    finally:
        _stop(pool, finished)
        shutil.rmtree(folder, ignore_errors=True)


def _extract_into(path: str, folder: str) -> str | None:
    """In a worker: the file extracted, and written to a file of its own in `folder`, whose name is
    what goes back. A result sent whole down the pool's pipe is cut if the worker is killed while
    writing it, and the pool then waits for the rest for ever; a name is one write, whole or not
    at all. None where the folder cannot take it (a full disk): the caller reads the file itself."""
    extracted = extract_file(path)
    handle, name = tempfile.mkstemp(dir=folder, suffix=".pickle")
    try:
        with os.fdopen(handle, "wb") as stream:
            pickle.dump(extracted, stream, protocol=pickle.HIGHEST_PROTOCOL)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(name)
        return None
    return name


def _read_back(name: str | None) -> ExtractedFile | None:
    if name is None:
        return None
    try:
        with open(name, "rb") as stream:
            return pickle.load(stream)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(name)


def _die_with_the_parent() -> None:
    """In a worker, first: end when the process that started it ends, however it ends (killed, a
    SIGTERM): left alone, a worker of a killed import waits for work for ever, holding the
    registry's files open. Linux says so to the kernel; elsewhere a worker ends with its pool."""
    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:                    # (it ended before the kernel was told)
        os._exit(1)


_PR_SET_PDEATHSIG = 1


def _stop(pool: ProcessPoolExecutor, finished: bool) -> None:
    """The pool shut down; where the caller stopped early (a cancel, an error), the files being read
    are not waited for: their workers end now (a cancelled import of a large file returned only when
    the file was read, 25 s later)."""
    if finished:
        pool.shutdown(wait=True)
        return
    processes = list(getattr(pool, "_processes", {}).values())    # (no public way to end them)
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            process.terminate()
    for process in processes:
        with contextlib.suppress(OSError, ValueError, AttributeError, AssertionError):
            process.join(_WORKER_END_WAIT)


_WORKER_END_WAIT = 5.0        # seconds a terminated worker is given to end


def _context() -> multiprocessing.context.BaseContext:
    """Forking copies a process whose modules are loaded already: the quickest start, but only
    safe from a process with one thread (the window's worker thread is not one). Elsewhere a
    fork server, itself started before any thread, forks the workers; Windows has only spawn."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1 and sys.platform != "darwin":
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["importers.pipeline"])
        return context
    return multiprocessing.get_context("spawn")
