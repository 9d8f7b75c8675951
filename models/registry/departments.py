"""Departments (单位): resolve a written unit name to one Department.

Written forms vary (县住建局 / 住建局 / 县住房和城乡建设管理局 / 平顺县住建局).
Resolution tries, in order: the exact normalised name or a known alias
(``resources/departments.tsv`` plus aliases learnt in this registry), then
the name's *core* — the name without its county prefix (平顺县X / 县X / X
share the core X) — when exactly one department has that core. A city body
keeps its 市 (市生态环境局平顺分局 is not 市生态环境局, and not a county
body). Collective names (各乡镇, 有关单位 …) match only exactly, never by core,
and become group departments. Anything else becomes a new department named
as written.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from peewee import chunked

# One traditional→simplified table for the importer and the registry (importers/text.py).
from importers.text import simplified
from models.errors import InvalidInput, NotFound, translate_errors
from models.registry.schema import Department, DepartmentAlias, db, now

# Folding done after NFKC (which turns full-width brackets half-width):
# the extraction contract writes brackets in unit names full-width.
_BRACKETS = str.maketrans({"(": "（", ")": "）", "<": "（", ">": "）", "〈": "（", "〉": "）",
                           "[": "（", "]": "）", "【": "（", "】": "）"})
_EDGE_PUNCTUATION = "。，、；：,.;:·・ \t"

_CJK = r"[\u4e00-\u9fff]"
# 平顺县住建局 → core 住建局; two characters is the usual county name. The
# first character must not be one of 各/全/本… (各县（市）…, 全县…).
_PLACE_COUNTY = re.compile(rf"^({_CJK}{{2}})县(?={_CJK}{{2}})")
_PLACE_CITY = re.compile(rf"^({_CJK}{{2}})市(?={_CJK}{{2}})")
_NOT_A_PLACE = set("各全本该每县市省区乡镇有相其所")
# 新关镇 / 新关镇政府 / 新关镇人民政府 are one township government.
_TOWNSHIP = re.compile(rf"^({_CJK}{{1,4}}[乡镇])(?:人民政府|政府)?$")

# Collective names: a class of units, not one unit.
_COLLECTIVE = re.compile(
    r"^(各|全县|全市|所有|其他|其它|相关|有关)"
    r"|有关部门|有关单位|相关部门|相关单位|成员单位|各部门|各单位|各有关|各相关"
    r"|^县直(各|有关|相关|部门|单位)|^市直(各|有关|相关|部门|单位)"
    r"|负有.*职责的部门|等部门$|等单位$"
)


def normalise_name(name: str) -> str:
    """The comparable form of a written name: NFKC, full-width brackets, no spaces."""
    folded = simplified(unicodedata.normalize("NFKC", name).translate(_BRACKETS))
    folded = "".join(folded.split())
    return folded.strip(_EDGE_PUNCTUATION)


def is_collective(name: str) -> bool:
    """True for names of a class of units (各乡（镇）人民政府, 县直有关部门 …)."""
    return bool(_COLLECTIVE.search(normalise_name(name)))


def name_core(key: str) -> str:
    """The name without its county prefix; city bodies keep a leading 市."""
    match = _PLACE_COUNTY.match(key)
    if match and match.group(1)[0] not in _NOT_A_PLACE:
        return key[match.end(1) + 1:]
    if key.startswith("县") and len(key) > 2:
        return key[1:]
    match = _PLACE_CITY.match(key)
    if match and match.group(1)[0] not in _NOT_A_PLACE:
        return key[match.end(1):]  # 长治市生态环境局… → 市生态环境局…
    match = _TOWNSHIP.match(key)
    if match and key[0] not in _NOT_A_PLACE:
        return match.group(1)
    return key


def _registry_form(key: str) -> str:
    """The name a new department gets: 平顺县水利局 → 县水利局, 长治市X → 市X.

    The registry belongs to one county, so the county's own name adds nothing
    and would make the first written form decide how a body is listed.
    """
    for pattern, level in ((_PLACE_COUNTY, "县"), (_PLACE_CITY, "市")):
        match = pattern.match(key)
        if match and match.group(1)[0] not in _NOT_A_PLACE:
            return level + key[match.end(1) + 1:]
    return key


# ---------------------------------------------------------------- alias table


@dataclass(frozen=True)
class AliasEntry:
    """One row of departments.tsv."""

    canonical: str
    alias: str | None
    is_group: bool


def parse_alias_table(lines: Iterable[str], origin: str = "departments.tsv") -> tuple[AliasEntry, ...]:
    """Rows of ``canonical<TAB>alias[<TAB>group]``; ``#`` starts a comment line."""
    entries: list[AliasEntry] = []
    owner: dict[str, str] = {}
    for number, line in enumerate(lines, start=1):
        line = line.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = line.split("\t")
        canonical = normalise_name(cells[0])
        alias = normalise_name(cells[1]) if len(cells) > 1 and cells[1].strip() else None
        kind = cells[2].strip() if len(cells) > 2 else ""
        if not canonical or kind not in ("", "group"):
            raise InvalidInput(f"{origin}:{number}: 无法识别的行 {line!r}")
        if alias is not None:
            # One written form must mean one body, or resolution depends on row order.
            previous = owner.setdefault(alias, canonical)
            if previous != canonical:
                raise InvalidInput(f"{origin}:{number}: 别名 {alias} 同时属于 {previous} 和 {canonical}")
        entries.append(AliasEntry(canonical, alias, kind == "group"))
    canonicals = {entry.canonical for entry in entries}
    for alias, canonical in owner.items():
        if alias in canonicals and alias != canonical:
            raise InvalidInput(f"{origin}: {alias} 既是规范名称，又是 {canonical} 的别名")
    return tuple(entries)


@lru_cache(maxsize=None)
def _shipped_table() -> tuple[AliasEntry, ...]:
    text = resources.files("resources").joinpath("departments.tsv").read_text(encoding="utf-8")
    return parse_alias_table(text.splitlines())


def load_alias_table(path: str | Path | None = None) -> tuple[AliasEntry, ...]:
    """The curated alias table; the shipped one is read once per process."""
    if path is None:
        return _shipped_table()
    with open(path, encoding="utf-8") as handle:
        return parse_alias_table(handle, origin=str(path))


def sync_alias_table(entries: Iterable[AliasEntry] | None = None) -> int:
    """Add the table's departments and aliases that the registry lacks; return rows added.

    Runs at every open. What the registry already says wins: a department
    merged away (its name now an alias) is not recreated, and an alias that
    already points somewhere is left there.
    """
    entries = tuple(load_alias_table() if entries is None else entries)
    added = 0
    with db.atomic():
        names = dict(Department.select(Department.name, Department.id).tuples())
        aliases = dict(DepartmentAlias.select(DepartmentAlias.name, DepartmentAlias.department).tuples())
        missing: dict[str, bool] = {}
        for entry in entries:
            if entry.canonical not in names and entry.canonical not in aliases:
                missing[entry.canonical] = missing.get(entry.canonical, False) or entry.is_group
        if missing:
            stamp = now()
            rows = [{"name": name, "is_group": group, "created_at": stamp} for name, group in missing.items()]
            for chunk in chunked(rows, 400):
                Department.insert_many(chunk).execute()
            added += len(rows)
            names = dict(Department.select(Department.name, Department.id).tuples())
        new_aliases: dict[str, int] = {}
        for entry in entries:
            if entry.alias is None or entry.alias in aliases or entry.alias in names:
                continue
            target = names.get(entry.canonical) or aliases.get(entry.canonical)
            if target is not None:
                new_aliases.setdefault(entry.alias, target)
        if new_aliases:
            rows = [{"name": alias, "department": target} for alias, target in new_aliases.items()]
            for chunk in chunked(rows, 400):
                DepartmentAlias.insert_many(chunk).execute()
            added += len(rows)
    return added


# ------------------------------------------------------------------ resolving


class DepartmentResolver:
    """Resolves written names to department ids, caching every answer.

    Build one per import (two queries); it sees departments it creates
    itself. Call :meth:`flush` before the transaction ends to store the
    written forms it learnt as aliases.
    """

    def __init__(self) -> None:
        self._by_key: dict[str, int] = {}
        self._by_core: dict[str, set[int]] = {}
        self._cache: dict[str, int | None] = {}
        self._learnt: dict[str, int] = {}
        self.names: dict[int, str] = {}
        self.groups: set[int] = set()
        for ident, name, group in Department.select(Department.id, Department.name, Department.is_group).tuples():
            self.names[ident] = name
            if group:
                self.groups.add(ident)
            self._index(name, ident)
        for alias, ident in DepartmentAlias.select(DepartmentAlias.name, DepartmentAlias.department).tuples():
            self._index(alias, ident)

    def _index(self, key: str, ident: int) -> None:
        self._by_key.setdefault(key, ident)
        if not is_collective(key):
            self._by_core.setdefault(name_core(key), set()).add(ident)

    def lookup(self, written: str) -> int | None:
        """The department for ``written``, or None; never creates one."""
        if written in self._cache:
            return self._cache[written]
        key = normalise_name(written)
        ident = self._by_key.get(key)
        if ident is None and key and not is_collective(key):
            matches = self._by_core.get(name_core(key), set())
            if len(matches) == 1:  # ambiguous cores resolve to nothing rather than a guess
                ident = next(iter(matches))
                self._learnt.setdefault(key, ident)
        if ident is not None:
            self._cache[written] = ident
        return ident

    def resolve(self, written: str) -> int:
        """The department for ``written``, created (as written) when unknown."""
        ident = self.lookup(written)
        if ident is not None:
            return ident
        key = normalise_name(written)
        if not key:
            raise InvalidInput(f"单位名称为空：{written!r}")
        group = is_collective(key)
        name = key if group else _registry_form(key)
        if name in self._by_key:  # only when that name's core is ambiguous: keep as written
            name = key
        department = Department.create(name=name, is_group=group, created_at=now())
        ident = int(department.id)
        self.names[ident] = name
        if group:
            self.groups.add(ident)
        self._index(name, ident)
        if name != key:
            self._index(key, ident)
            self._learnt[key] = ident
        self._cache[written] = ident
        return ident

    def require(self, name_or_id: int | str) -> int:
        """The id of an existing department given by id or any name; NotFound if none."""
        if isinstance(name_or_id, int):
            if name_or_id not in self.names:
                raise NotFound(f"没有编号为 {name_or_id} 的单位")
            return name_or_id
        ident = self.lookup(name_or_id)
        if ident is None:
            raise NotFound(f"登记册里没有单位“{name_or_id}”")
        return ident

    def flush(self) -> None:
        """Store written forms matched by core as aliases, so queries find them too."""
        if not self._learnt:
            return
        rows = [{"name": key, "department": ident} for key, ident in self._learnt.items()]
        for chunk in chunked(rows, 400):
            DepartmentAlias.insert_many(chunk).on_conflict_ignore().execute()
        self._learnt.clear()


@translate_errors
def find_department(name_or_id: int | str) -> Department | None:
    """The department a name (any alias) or id refers to, or None."""
    resolver = DepartmentResolver()
    try:
        ident = resolver.require(name_or_id)
    except LookupError:
        return None
    return Department.get_by_id(ident)


@translate_errors
def department_name(ident: int | None) -> str | None:
    """A department's name by id; None for None or an id not in the registry."""
    if ident is None:
        return None
    return Department.select(Department.name).where(Department.id == ident).scalar()


@translate_errors
def department_aliases() -> dict[int, list[str]]:
    """Department id -> the other names it is known by (one query), for finding it by any of them."""
    aliases: dict[int, list[str]] = {}
    for name, department in DepartmentAlias.select(DepartmentAlias.name, DepartmentAlias.department).tuples():
        aliases.setdefault(department, []).append(name)
    return aliases
