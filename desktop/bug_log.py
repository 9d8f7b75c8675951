"""Bugs written out in full: a traceback the clerk can send to whoever maintains Duban.

The window shows a bug as one line in its banner (内部错误) and names this file;
the file keeps every traceback, newest last, so nothing is swallowed.
"""
from __future__ import annotations

import os
import sys
import traceback
from datetime import datetime
from pathlib import Path

from models.registry.database import default_registry_path

LOG_NAME = "errors.log"
_KEEP_BYTES = 1024 * 1024       # past this the oldest half goes: the log never fills a disk


def bug_log_path() -> Path:
    """errors.log in Duban's data folder (beside the default registry)."""
    override = os.environ.get("DUBAN_BUG_LOG")
    return Path(override) if override else default_registry_path().parent / LOG_NAME


def write_bug(error: BaseException) -> Path | None:
    """Append the error's traceback to the log; the log's path, or None where it cannot be written."""
    path = bug_log_path()
    entry = f"--- {datetime.now().isoformat(timespec='seconds')}\n" + "".join(
        traceback.format_exception(type(error), error, error.__traceback__))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and path.stat().st_size > _KEEP_BYTES:
            kept = path.read_bytes()[-_KEEP_BYTES // 2:]
            path.write_bytes(kept)
        with path.open("a", encoding="utf-8") as log:
            log.write(entry)
    except OSError:
        return None
    return path


def bug_message(error: BaseException) -> str:
    """Write a bug out in full (stderr and the log) and return the one line to show for it."""
    traceback.print_exception(error, file=sys.stderr)
    log = write_bug(error)
    where = f"（详情已记入 {log}）" if log else ""
    return f"内部错误：{error.__class__.__name__}: {error}{where}"
