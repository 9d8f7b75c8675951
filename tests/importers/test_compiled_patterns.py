"""The importer's patterns built from stored compiled code behave as `re.compile` builds them."""
from __future__ import annotations

import marshal
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import importers.pipeline  # noqa: F401  (every pattern of the extractor compiled)
from importers import compiled_patterns
from importers.compiled_patterns import regex

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = (ROOT / "seeds").glob("*.txt").__next__().read_text(encoding="utf-8")[:20000]


def test_every_pattern_matches_as_re_compile_builds_it():
    for (source, flags), pattern in list(compiled_patterns._in_process.items()):
        built = re.compile(source, flags)
        sample = SAMPLE if isinstance(source, str) else SAMPLE.encode()
        assert (pattern.groups, pattern.groupindex, pattern.flags) == (built.groups, built.groupindex, built.flags)
        assert [match.span() for match in pattern.finditer(sample)] == \
               [match.span() for match in built.finditer(sample)], source[:80]


def test_stored_code_is_what_the_compiler_gives():
    # what a later process would read from the cache: the same as compiling afresh
    checked = 0
    for key, stored in compiled_patterns._stored.items():
        if key in compiled_patterns._in_process:
            assert stored == compiled_patterns._compile(*key)
            checked += 1
    for key, new in compiled_patterns._new.items():
        assert new == compiled_patterns._compile(*key)
        checked += 1
    assert checked >= 300


def test_pattern_sources_are_the_same_in_every_process(tmp_path):
    """A pattern built from a set in hash order would differ at each start and never be found
    in the cache (labels' kind words did)."""
    script = ("import hashlib, importers.pipeline, importers.compiled_patterns as c;"
              "print(hashlib.sha256(repr(sorted(map(repr, c._in_process))).encode()).hexdigest())")
    digests = set()
    for seed in ("0", "4711"):
        environment = {**os.environ, "PYTHONHASHSEED": seed, "XDG_CACHE_HOME": str(tmp_path)}
        digests.add(subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=environment, check=True,
                                   capture_output=True, text=True).stdout)
    assert len(digests) == 1


def test_damaged_stored_code_falls_back_to_compiling(monkeypatch):
    source = r"(?P<unit>县\S{1,6}局)牵头-test-damaged"
    monkeypatch.setitem(compiled_patterns._stored, (source, 0), (32, [1, 2, 3], 0, {}, ()))
    pattern = regex(source)
    assert pattern.search("由县交通局牵头-test-damaged").group("unit") == "县交通局"
    assert (source, 0) not in compiled_patterns._new


def test_an_unreadable_cache_file_is_no_cache(tmp_path):
    broken = tmp_path / "patterns.marshal"
    broken.write_bytes(b"\x00not marshal at all")
    assert compiled_patterns._load(broken) == {}
    assert compiled_patterns._load(tmp_path / "missing.marshal") == {}
    broken.write_bytes(marshal.dumps([1, 2, 3]))
    assert compiled_patterns._load(broken) == {}


def test_save_writes_a_whole_file_and_survives_an_unwritable_folder(tmp_path, monkeypatch):
    source = r"新的模式\d+-test-save"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(compiled_patterns, "_new", {(source, 0): compiled_patterns._compile(source, 0)})
    compiled_patterns._save()
    saved = compiled_patterns._load(compiled_patterns._cache_file())
    assert (source, 0) in saved
    assert [path.name for path in (tmp_path / "duban").iterdir()] == [compiled_patterns._cache_file().name]

    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    compiled_patterns._save()          # no folder can be made under a file: nothing raised
    assert blocked.read_text() == ""


@pytest.mark.parametrize("relative", ["", "relative/cache"])
def test_cache_folder_ignores_an_unset_or_relative_xdg_value(relative, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", relative)
    if sys.platform.startswith("linux"):
        assert compiled_patterns._cache_file().parent == Path.home() / ".cache" / "duban"
