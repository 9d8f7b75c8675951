"""Several files extracted side by side: one process per processor, results in the order given.

Extraction is Python code bound by the processor (about 2 MB of text a second), so threads
would share one core; processes do not. The caller keeps what must stay in one process —
storing into the registry, one file at a time — and stores each file while the next ones
are still being read (`duban import` and the window's 导入公报 both go through here).

A pool costs a process start per processor, so a small import (one file, or a few pages in
all) is extracted here in this process as before, with its progress inside each file.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
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
    Stopping the iteration early (a cancelled import) drops the files not yet started."""
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
    running: deque[tuple[int, str, Future[ExtractedFile]]] = deque()
    pool = ProcessPoolExecutor(max_workers=processes, mp_context=_context())
    try:
        while waiting or running:
            try:
                while waiting and len(running) < processes * _AHEAD_PER_PROCESS:
                    index, path = waiting[0]
                    future = pool.submit(extract_file, path)
                    waiting.popleft()
                    running.append((index, path, future))
                index, path, future = running[0]
                if progress is not None:
                    progress(index, 0, 0)          # waiting for this file; its documents are not known here
                try:
                    outcome: Outcome = future.result()
                except ImportFileError as error:
                    outcome = error
                running.popleft()
            except BrokenProcessPool:
                # A worker was killed (out of memory, by hand): the files not given back yet are
                # read here, one by one, as without a pool.
                yield from _one_by_one([*((index, path) for index, path, _ in running), *waiting], progress)
                return
            yield path, outcome
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


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
