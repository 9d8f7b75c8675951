"""The importer's regular expressions, compiled once per Python rather than once per process.

The importer holds some 360 patterns, several of them kilobytes long (every label with any
space between its characters, in both scripts). Python's regex parser and compiler are Python
code: compiling them all took 0.33 s of CPU at every start, more than extracting a whole plan,
so a liaison's one-page import paid mostly for it. What the compiler produces is a list of
integers that the C engine takes as it is (`_sre.compile`), so, as Python keeps the bytecode of
a module in `__pycache__`, this module keeps each pattern's compiled code in the user's cache
folder and hands it straight to the engine next time (0.43 s → 0.10 s to load the importer).

It leans on CPython's internals (`re._parser`, `re._compiler`, `_sre`), so every step falls
back to `re.compile`: the file is named by the interpreter and the engine's version, the
engine checks the code it is given and raises on anything malformed, and a file that cannot
be read or written (no home folder, a full disk) just means compiling as before. A pattern behaves the same either way (tests/importers/test_compiled_patterns.py).
"""
from __future__ import annotations

import atexit
import contextlib
import marshal
import os
import re
import sys
from pathlib import Path
from typing import AnyStr

try:
    import _sre
    from re import _compiler, _parser
except ImportError:                    # another Python: compile as usual
    _sre = None

# (pattern, flags) → (the pattern's own flags, code, groups, group index, index group)
_Compiled = tuple[int, list[int], int, dict[str, int], tuple]
_in_process: dict[tuple[str | bytes, int], re.Pattern] = {}
_stored: dict[tuple[str | bytes, int], _Compiled] = {}
_new: dict[tuple[str | bytes, int], _Compiled] = {}
_MOST_STORED = 4000        # beyond this, stale patterns of older versions are dropped


def _cache_file() -> Path | None:
    """In the user's cache folder (XDG on Linux), named by the interpreter and the engine."""
    if _sre is None or sys.implementation.cache_tag is None:
        return None
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        # The XDG spec says to ignore a relative value.
        base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "duban" / f"compiled_patterns.{sys.implementation.cache_tag}-sre{_sre.MAGIC}.marshal"


def _load(path: Path | None) -> dict[tuple[str | bytes, int], _Compiled]:
    if path is None:
        return {}
    try:
        # (loads, not load: load reads a file in small pieces, 25 times slower)
        stored = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    return stored if isinstance(stored, dict) else {}


def _save() -> None:
    """Write what was compiled in this process beside what was stored (at exit, once)."""
    path = _cache_file()
    if not _new or path is None:
        return
    kept = _stored if len(_stored) + len(_new) <= _MOST_STORED else {}
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with temporary.open("wb") as stream:
            marshal.dump({**kept, **_new}, stream)
        os.replace(temporary, path)    # whole or not at all, whichever process writes last
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            temporary.unlink()


def _compile(source: str | bytes, flags: int) -> _Compiled:
    """What `re.compile` hands to the engine, from its own parser and compiler."""
    parsed = _parser.parse(source, flags)
    code = _compiler._code(parsed, flags)
    group_index = dict(parsed.state.groupdict)
    index_group: list[str | None] = [None] * parsed.state.groups
    for name, index in group_index.items():
        index_group[index] = name
    return (int(flags | parsed.state.flags), [int(word) for word in code], parsed.state.groups - 1,
            group_index, tuple(index_group))


def regex(source: AnyStr, flags: int = 0) -> re.Pattern[AnyStr]:
    """`re.compile(source, flags)`, from the stored compiled code where there is one."""
    key = (source, int(flags))
    pattern = _in_process.get(key)
    if pattern is not None:
        return pattern
    if _sre is None:
        pattern = re.compile(source, flags)
    else:
        compiled = _stored.get(key)
        try:
            if compiled is None:
                compiled = _new[key] = _compile(source, flags)
            pattern = _sre.compile(source, *compiled)
        except (AttributeError, TypeError, ValueError, RuntimeError):
            # the internals moved, or the stored code was damaged: the engine refused it
            _new.pop(key, None)
            pattern = re.compile(source, flags)
    _in_process[key] = pattern
    return pattern


if _sre is not None:
    _stored.update(_load(_cache_file()))
    atexit.register(_save)
