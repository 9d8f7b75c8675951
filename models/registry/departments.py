"""Departments (单位): resolve a written unit name to one Department of a county.

Departments are kept per county (:mod:`models.registry.counties`): 平顺县's
县住建局 and 偏关县's are two bodies. A name is resolved within a county — the
plan's, or the one the name itself names (偏关县住建局) — and then among the
departments of no county (county "": kept from a registry older than counties).
Within a county resolution tries, in order: the exact normalised name or an
alias the registry knows; the curated alias table (``resources/departments.tsv``),
whose rows hold for one county or for every county, the county's own rows
first; then the name's *core* — the name without its county prefix (平顺县X /
县X / X share the core X) — when exactly one department of that county has that
core. A city body keeps its 市 (市生态环境局平顺分局 is not 市生态环境局, and not
a county body). Collective names (各乡镇, 有关单位 …) match only exactly or by the
table, never by core, and become group departments. Anything else becomes a new
department of that county, named as written.

A new name one or two characters away from a department of its county
(县水利财局 / 县水利局) is never merged by itself: :func:`likely_match` offers
the likely department and the office decides (models.upkeep.department_changes).
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from peewee import chunked

# One traditional→simplified table for the importer and the registry (importers/text.py).
from importers.text import simplified
from models.errors import InvalidInput, NotFound, translate_errors
from models.registry.counties import NOT_A_PLACE, check_county, county_of_issuer, registry_county
from models.registry.dialect import ids_in
from models.registry.schema import Department, DepartmentAlias, Plan, db, now

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
# 县住建局（偏关县）: a department's name with its county, as DepartmentResolver.label writes it.
_LABEL = re.compile(r"^(.+)（([^（）]+)）$")
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
    if match and match.group(1)[0] not in NOT_A_PLACE:
        return key[match.end(1) + 1:]
    if key.startswith("县") and len(key) > 2:
        return key[1:]
    match = _PLACE_CITY.match(key)
    if match and match.group(1)[0] not in NOT_A_PLACE:
        return key[match.end(1):]  # 长治市生态环境局… → 市生态环境局…
    match = _TOWNSHIP.match(key)
    if match and key[0] not in NOT_A_PLACE:
        return match.group(1)
    return key


def county_in_name(key: str) -> str | None:
    """The county a written name names itself (平顺县住建局 → 平顺县), or None."""
    match = _PLACE_COUNTY.match(key)
    if match and match.group(1)[0] not in NOT_A_PLACE:
        return match.group(1) + "县"
    return None


def _registry_form(key: str) -> str:
    """The name a new department gets: 平顺县水利局 → 县水利局, 长治市X → 市X.

    Departments are kept per county, so the county's own name adds nothing
    and would make the first written form decide how a body is listed.
    """
    for pattern, level in ((_PLACE_COUNTY, "县"), (_PLACE_CITY, "市")):
        match = pattern.match(key)
        if match and match.group(1)[0] not in NOT_A_PLACE:
            return level + key[match.end(1) + 1:]
    return key


# ---------------------------------------------------------------- alias table

EVERYWHERE = "*"   # the table's county cell for a row that holds in every county


@dataclass(frozen=True)
class AliasEntry:
    """One row of departments.tsv; ``county`` "" for a row that holds in every county."""

    county: str
    canonical: str
    alias: str | None
    is_group: bool


def parse_alias_table(lines: Iterable[str], origin: str = "departments.tsv") -> tuple[AliasEntry, ...]:
    """Rows of ``county<TAB>canonical<TAB>alias[<TAB>group]``, county ``*`` for every county;
    ``#`` starts a comment line."""
    entries: list[AliasEntry] = []
    owner: dict[tuple[str, str], str] = {}
    for number, line in enumerate(lines, start=1):
        line = line.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = line.split("\t")
        place = cells[0].strip()
        try:
            county = "" if place == EVERYWHERE else check_county(place)
        except InvalidInput:
            raise InvalidInput(f"{origin}:{number}: 第一列应为县名或 *（各县通用），而不是 {place!r}") from None
        canonical = normalise_name(cells[1]) if len(cells) > 1 else ""
        alias = normalise_name(cells[2]) if len(cells) > 2 and cells[2].strip() else None
        kind = cells[3].strip() if len(cells) > 3 else ""
        if not canonical or kind not in ("", "group"):
            raise InvalidInput(f"{origin}:{number}: 无法识别的行 {line!r}")
        if alias is not None:
            # One written form must mean one body in a county, or resolution depends on row order.
            previous = owner.setdefault((county, alias), canonical)
            if previous != canonical:
                raise InvalidInput(f"{origin}:{number}: 别名 {alias} 同时属于 {previous} 和 {canonical}")
        entries.append(AliasEntry(county, canonical, alias, kind == "group"))
    canonicals = {(entry.county, entry.canonical) for entry in entries}
    for (county, alias), canonical in owner.items():
        if (county, alias) in canonicals and alias != canonical:
            raise InvalidInput(f"{origin}: {alias} 既是规范名称，又是 {canonical} 的别名")
    return tuple(entries)


@dataclass(frozen=True)
class AliasRules:
    """The table as lookups: (county, written form) → (canonical name, is_group); "" for every county."""

    forms: dict[tuple[str, str], tuple[str, bool]]

    @classmethod
    def of(cls, entries: Iterable[AliasEntry]) -> AliasRules:
        forms: dict[tuple[str, str], tuple[str, bool]] = {}
        for entry in entries:
            value = (entry.canonical, entry.is_group)
            forms.setdefault((entry.county, entry.canonical), value)
            if entry.alias is not None:
                forms[(entry.county, entry.alias)] = value
        return cls(forms)

    def rule(self, county: str, key: str) -> tuple[str, bool] | None:
        """What the table says ``key`` means in ``county``: the county's own row, else one for every county."""
        return self.forms.get((county, key)) or self.forms.get(("", key))

    def is_canonical(self, county: str, name: str) -> bool:
        """Whether the table lists ``name`` as a department's own name in ``county``."""
        rule = self.rule(county, name)
        return rule is not None and rule[0] == name


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


@lru_cache(maxsize=None)
def _shipped_rules() -> AliasRules:
    return AliasRules.of(_shipped_table())


def alias_rules(entries: Iterable[AliasEntry] | None = None) -> AliasRules:
    """The table's rules; those of the shipped table are built once per process."""
    return _shipped_rules() if entries is None else AliasRules.of(entries)


def sync_alias_table(entries: Iterable[AliasEntry] | None = None) -> int:
    """Give the registry's departments the table's aliases they lack; return the aliases added.

    Runs at every open. Departments are made when a document (or the office)
    names them, in the county that names them, so the table adds none. What the
    registry already says wins: an alias that already means a body of that
    county is left there, and a department merged away (its name now an
    alias) receives its table aliases through the body it was merged into.
    """
    if "county" not in {column.name for column in db.get_columns("department")}:
        return 0   # a file of an older program (tests make one by shortening the migrations)
    rules = alias_rules(entries)
    # Every open runs this, often several processes at once: the usual answer, nothing to add, is
    # read without the write lock. Adding takes it first and reads again (a read transaction that
    # turns into a write fails at once in WAL mode when another process wrote meanwhile: "database
    # is locked" for 2 of 20 liaisons opening together).
    if not _missing_aliases(rules):
        return 0
    with db.atomic("IMMEDIATE"):
        rows = [{"name": form, "county": county, "department": target}
                for (county, form), target in _missing_aliases(rules).items()]
        for chunk in chunked(rows, 400):
            DepartmentAlias.insert_many(chunk).execute()
    return len(rows)


def _missing_aliases(rules: AliasRules) -> dict[tuple[str, str], int]:
    """(county, written form) -> department, for the table's aliases the registry lacks."""
    known: dict[tuple[str, str], int] = {}
    for ident, name, county in Department.select(Department.id, Department.name, Department.county).tuples():
        known[(county, name)] = ident
    for name, county, ident in DepartmentAlias.select(
            DepartmentAlias.name, DepartmentAlias.county, DepartmentAlias.department).tuples():
        known.setdefault((county, name), ident)
    # Rows of every county apply to each county's departments; a county's own rows to its own.
    counties = {county for county, _name in known}
    new_aliases: dict[tuple[str, str], int] = {}
    for (scope, form), meaning in rules.forms.items():
        canonical = meaning[0]
        if form == canonical:
            continue
        for county in (counties if scope == "" else (scope,) if scope in counties else ()):
            if rules.rule(county, form) != meaning:
                continue          # the county's own row says otherwise
            target = known.get((county, canonical))
            if target is not None and (county, form) not in known:
                new_aliases.setdefault((county, form), target)
    return new_aliases


# ------------------------------------------------------------------ resolving


class DepartmentResolver:
    """Resolves written names to department ids, caching every answer.

    Build one per import (three queries); it sees departments it creates
    itself. Call :meth:`flush` before the transaction ends to store the
    written forms it learnt as aliases. ``county`` is where a person's name
    is looked for first (default: the registry's county).
    """

    def __init__(self, county: str | None = None, rules: AliasRules | None = None) -> None:
        self.county = registry_county() if county is None else county
        self._rules = alias_rules() if rules is None else rules
        self._by_key: dict[tuple[str, str], int] = {}
        self._by_core: dict[tuple[str, str], set[int]] = {}
        self._cache: dict[tuple[str, str], int | None] = {}
        self._learnt: dict[tuple[str, str], int] = {}
        self._created: set[int] = set()
        self.names: dict[int, str] = {}
        self.counties: dict[int, str] = {}       # department id -> its county ("" for none)
        self.groups: set[int] = set()
        for ident, name, county, group in Department.select(
                Department.id, Department.name, Department.county, Department.is_group).tuples():
            self.names[ident] = name
            self.counties[ident] = county
            if group:
                self.groups.add(ident)
            self._index(county, name, ident)
        for alias, county, ident in DepartmentAlias.select(
                DepartmentAlias.name, DepartmentAlias.county, DepartmentAlias.department).tuples():
            self._index(county, alias, ident)

    def _index(self, county: str, key: str, ident: int) -> None:
        self._by_key.setdefault((county, key), ident)
        if not is_collective(key):
            self._by_core.setdefault((county, name_core(key)), set()).add(ident)

    def county_of_plan(self, issuer: str | None) -> str:
        """The county of a plan: the one its issuer names, else the registry's ("" when neither)."""
        return county_of_issuer(issuer) or self.county

    def label(self, ident: int) -> str:
        """A department's name with its county when the registry holds others: 县住建局（偏关县）."""
        county = self.counties.get(ident, "")
        if not county or county == self.county:
            return self.names[ident]
        return f"{self.names[ident]}（{county}）"

    # -- finding -------------------------------------------------------------

    def _rule(self, county: str, key: str) -> tuple[str, bool] | None:
        """What the table says ``key`` means, also when written with the county's name
        (平顺县发改局 is listed as 县发改局) or without 县 (气象局 for the listed 县气象局)."""
        rule = self._rules.rule(county, key)
        if rule is None:
            form = _registry_form(key)
            if form == key and not key.startswith(("县", "市")):
                form = "县" + key
            if form != key:
                rule = self._rules.rule(county, form)
        return rule

    def _within(self, key: str, county: str) -> int | None:
        """The department ``key`` means among those of ``county`` alone."""
        ident = self._by_key.get((county, key))
        if ident is not None:
            return ident
        rule = self._rule(county, key)
        if rule is not None:
            # The table is sure what the name means: look for that body, by its name or,
            # written another way before (民政局 for 县民政局), by the core of its name.
            canonical, group = rule
            ident = self._by_key.get((county, canonical))
            if ident is None and not group:
                matches = self._by_core.get((county, name_core(canonical)), set())
                ident = next(iter(matches)) if len(matches) == 1 else None
            if ident is not None:
                self._learnt.setdefault((county, key), ident)
            return ident
        if is_collective(key):
            return None
        matches = self._by_core.get((county, name_core(key)), set())
        if len(matches) == 1:  # ambiguous cores resolve to nothing rather than a guess
            ident = next(iter(matches))
            self._learnt.setdefault((county, key), ident)
            return ident
        return None

    def _home(self, key: str, county: str) -> str:
        """Where a name belongs: the county it names itself, else the given one."""
        return county_in_name(key) or county

    @staticmethod
    def _labelled(written: str) -> tuple[str, str | None]:
        """A name as :meth:`label` writes it, 县住建局（偏关县）: the name and its county."""
        match = _LABEL.match(normalise_name(written))
        if match is None:
            return written, None
        try:
            return match.group(1), check_county(match.group(2))
        except InvalidInput:      # 县外事办（县政府台港澳事务办公室）: a bracket of the name itself
            return written, None

    def find(self, written: str, county: str) -> int | None:
        """The department ``written`` means in ``county`` (or in the county the name names),
        else among the departments of no county; None if neither has it. Never creates one."""
        cached = (county, written)
        if cached in self._cache:
            return self._cache[cached]
        written, labelled = self._labelled(written)
        county = labelled or county
        key = normalise_name(written)
        if not key:
            return None
        home = self._home(key, county)
        ident = self._within(key, home)
        if ident is None and home:
            ident = self._within(key, "")
        if ident is not None:
            self._cache[cached] = ident
        return ident

    def lookup(self, written: str) -> int | None:
        """What a person means by ``written``: the department of the registry's county (or
        of the county the name names), else the only one of any county the name fits."""
        ident = self.find(written, self.county)
        if ident is None:
            found = self.everywhere(written)
            if len(found) == 1:
                ident = found[0]
        return ident

    def everywhere(self, written: str) -> list[int]:
        """Every department, one per county, that ``written`` fits."""
        written, labelled = self._labelled(written)
        if labelled:
            ident = self.find(written, labelled)
            return [] if ident is None else [ident]
        key = normalise_name(written)
        if not key:
            return []
        found = (self._within(key, county) for county in sorted(set(self.counties.values())))
        return list(dict.fromkeys(ident for ident in found if ident is not None))

    def resolve(self, written: str, county: str = "") -> int:
        """The department for ``written`` in ``county``, created there (as written) when unknown."""
        ident = self.find(written, county)
        if ident is not None:
            self._prefer_county_form(ident, written)
            return ident
        key = normalise_name(written)
        if not key:
            raise InvalidInput(f"单位名称为空：{written!r}")
        home = self._home(key, county)
        rule = self._rule(home, key)
        if rule is not None:
            name, group = rule
        else:
            group = is_collective(key)
            name = key if group else _registry_form(key)
        if (home, name) in self._by_key:  # only when that name's core is ambiguous: keep as written
            name = key
        ident = int(Department.insert(name=name, county=home, is_group=group, created_at=now()).execute())
        self._created.add(ident)
        self.names[ident] = name
        self.counties[ident] = home
        if group:
            self.groups.add(ident)
        self._index(home, name, ident)
        if name != key:
            self._index(home, key, ident)
            self._learnt[(home, key)] = ident
        self._cache[(county, written)] = ident
        return ident

    def _prefer_county_form(self, ident: int, written: str) -> None:
        """A department this resolver made from a bare name (水利局) takes the county form
        (县水利局) when a document writes it so, whichever of the two came first."""
        name = self.names[ident]
        if ident not in self._created or name.startswith("县") or ident in self.groups:
            return
        form = _registry_form(normalise_name(written))
        county = self.counties[ident]
        if form != "县" + name or (county, form) in self._by_key and self._by_key[(county, form)] != ident:
            return
        Department.update(name=form).where(Department.id == ident).execute()
        self.names[ident] = form
        self._index(county, form, ident)
        self._learnt.pop((county, form), None)
        self._learnt[(county, name)] = ident      # the bare name stays a way to write it

    def require(self, name_or_id: int | str) -> int:
        """The id of an existing department given by id or any name; NotFound if none,
        InvalidInput when the name fits departments of several counties."""
        if isinstance(name_or_id, int):
            if name_or_id not in self.names:
                raise NotFound(f"没有编号为 {name_or_id} 的单位")
            return name_or_id
        ident = self.find(name_or_id, self.county)
        if ident is not None:
            return ident
        found = self.everywhere(name_or_id)
        if len(found) > 1:
            counties = "、".join(self.counties[ident] or "未分县" for ident in found)
            example = next((self.counties[ident] for ident in found if self.counties[ident]), "平顺县")
            raise InvalidInput(f"“{name_or_id}”在 {counties} 都有，请写明县名，例如 {example}"
                               f"{name_core(normalise_name(name_or_id))}")
        if not found:
            raise NotFound(f"登记册里没有单位“{name_or_id}”")
        return found[0]

    def flush(self) -> None:
        """Store written forms matched by table or core as aliases, so queries find them too."""
        if not self._learnt:
            return
        rows = [{"name": key, "county": county, "department": ident}
                for (county, key), ident in self._learnt.items()]
        for chunk in chunked(rows, 400):
            DepartmentAlias.insert_many(chunk).on_conflict_ignore().execute()
        self._learnt.clear()


@translate_errors
def find_department(name_or_id: int | str) -> Department | None:
    """The department a name (any alias) or id refers to, or None (also when several counties have it)."""
    resolver = DepartmentResolver()
    try:
        ident = resolver.require(name_or_id)
    except (LookupError, ValueError):
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


@translate_errors
def department_counties() -> dict[int, str]:
    """Department id -> its county ("" for a department of no county), for grouping by county."""
    return dict(Department.select(Department.id, Department.county).tuples())


@translate_errors
def plan_county(plan_id: int) -> str:
    """The county of a plan: the one its issuing body names, else the registry's ("" when neither)."""
    issuer = Plan.select(Plan.issuer).where(Plan.id == plan_id).scalar()
    return county_of_issuer(issuer) or registry_county()


# -------------------------------------------------------------- likely typos

MIN_NAME = 3          # 县委 / 县委办 are two bodies: names this short are not compared
LONG_NAME = 7         # a character replaced (not only dropped or added) counts only in names this long


def _common_ends(a: str, b: str) -> tuple[int, int]:
    """Lengths of the common prefix and of the common suffix (not overlapping it)."""
    limit = min(len(a), len(b))
    prefix = 0
    while prefix < limit and a[prefix] == b[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and a[-1 - suffix] == b[-1 - suffix]:
        suffix += 1
    return prefix, suffix


def typo_distance(a: str, b: str) -> int | None:
    """How many characters a slip of the pen changed between two names, when it looks like one.

    One or two characters dropped or added in one place (县政局 / 县民政局,
    县水利财局 / 县水利局); one or two replaced only in a long name, where the
    rest is evidence enough (县住房和城乡建没局): in short names a different
    character is usually a different body (县水务局 / 县水利局, 县林业局 / 县农业局).
    None when the names do not look like one slip apart.
    """
    if a == b or min(len(a), len(b)) < MIN_NAME:
        return None
    prefix, suffix = _common_ends(a, b)
    left, right = len(a) - prefix - suffix, len(b) - prefix - suffix
    if left == 0 or right == 0:
        changed = left + right
        return changed if changed <= 2 else None
    # The slip must come after the name's first characters: 新关镇 / 尚峪镇 differ where a
    # name says which body it is, 县住房和城乡建没局 where it has said so already.
    if max(left, right) <= 2 and prefix >= LONG_NAME - 3 and min(len(a), len(b)) >= LONG_NAME:
        return max(left, right)
    return None


def _dropped(name: str) -> Iterator[str]:
    """``name`` with one run of one or two characters dropped (as a typo would)."""
    for width in (1, 2):
        for start in range(len(name) - width + 1):
            shorter = name[:start] + name[start + width:]
            if len(shorter) >= MIN_NAME:
                yield shorter


@dataclass(frozen=True)
class Suspect:
    """A department whose name looks like a slip of the pen for another of its county."""

    department_id: int
    name: str
    county: str
    tasks: int                                   # tasks it is named in, any role, not withdrawn
    matches: tuple[tuple[int, str], ...]         # the likely departments, likeliest first

    @property
    def likely(self) -> tuple[int, str]:
        return self.matches[0]


@dataclass
class _Known:
    id: int
    name: str
    county: str
    is_group: bool
    confirmed: bool
    plans: Counter[int]                                  # plan id -> its tasks naming it (filled when needed)
    task_ids: set[int] = field(default_factory=set)      # tasks naming it, not withdrawn (filled when needed)

    @property
    def tasks(self) -> int:
        return len(self.task_ids)


def _known_departments() -> dict[int, _Known]:
    return {ident: _Known(ident, name, county, bool(group), confirmed is not None, Counter())
            for ident, name, county, group, confirmed in Department.select(
                Department.id, Department.name, Department.county, Department.is_group,
                Department.confirmed_at).tuples()}


def _read_tasks(known: dict[int, _Known], idents: set[int]) -> None:
    """Fill in the tasks and plans of ``idents`` only: the departments some name looks like,
    few in a real registry. Plain rows over the (department, task, role) index and one
    read of the live tasks' plans: when many names look alike, a join with the tasks, or
    peewee's row objects, cost several times as much (benchmarks/departments_bench.py)."""
    plan_of = dict(db.execute_sql('SELECT "id", "plan_id" FROM "task" WHERE NOT "withdrawn"').fetchall())
    condition, params = ids_in('"department_id"', idents)
    for ident, task in db.execute_sql(
            f'SELECT "department_id", "task_id" FROM "assignment" WHERE {condition}', params).fetchall():
        plan, department = plan_of.get(task), known[ident]
        if plan is not None and task not in department.task_ids:
            department.task_ids.add(task)
            department.plans[plan] += 1


@translate_errors
def suspect_departments(department_ids: Iterable[int] | None = None) -> list[Suspect]:
    """Departments that look like a typo of another of their county, each with its likely matches.

    A suspect is a single body (not a collective name), not confirmed by the
    office as a body of its own, and not a name the alias table lists. Its
    match is a department of the same county (or of no county) one slip
    away (:func:`typo_distance`), not named in the same task, and better
    established: named in more tasks, or in as many and confirmed, listed by
    the table or older. Matches are ordered by how few characters differ,
    then by how often they are named in the suspect's own plans (县政局 in the
    湿地 plan: 县财政局 is named there, 县民政局 is not), then by how many
    tasks they have. ``department_ids`` limits which departments are
    considered as suspects (default: all). Names are compared first; tasks
    are read only for the departments that look alike.
    """
    known = _known_departments()
    rules = alias_rules()
    singles = [department for department in known.values() if not department.is_group]
    by_name = {(department.county, department.name): department.id for department in singles}
    shortened: dict[tuple[str, str], list[int]] = {}
    long_names: dict[str, list[int]] = {}
    for department in singles:
        for shorter in set(_dropped(department.name)):
            shortened.setdefault((department.county, shorter), []).append(department.id)
        if len(department.name) >= LONG_NAME:
            long_names.setdefault(department.county, []).append(department.id)

    wanted = set(known) if department_ids is None else set(department_ids) & set(known)
    alike: dict[int, dict[int, int]] = {}       # suspect -> department it looks like -> characters changed
    for department in singles:
        if (department.id not in wanted or department.confirmed
                or rules.is_canonical(department.county, department.name)):
            continue
        counties = (department.county, "") if department.county else ("",)
        near: set[int] = set()
        for county in counties:
            near.update(by_name[(county, shorter)] for shorter in _dropped(department.name)
                        if (county, shorter) in by_name)
            near.update(shortened.get((county, department.name), ()))
            if len(department.name) >= LONG_NAME:
                near.update(long_names.get(county, ()))
        distances = {ident: typo_distance(department.name, known[ident].name) for ident in near - {department.id}}
        matches = {ident: distance for ident, distance in distances.items() if distance is not None}
        if matches:
            alike[department.id] = matches
    if not alike:
        return []

    _read_tasks(known, set(alike) | {ident for matches in alike.values() for ident in matches})
    suspects: list[Suspect] = []
    for ident, matches in alike.items():
        department = known[ident]

        def better_known(other: _Known) -> bool:
            # A confirmed or listed body with fewer tasks does not make a busier one its typo.
            return other.tasks > department.tasks or other.tasks == department.tasks and (
                other.confirmed or rules.is_canonical(other.county, other.name) or other.id < department.id)

        def likeliness(match: int) -> tuple[int, int, int, int]:
            other = known[match]
            in_same_plans = sum(other.plans[plan] for plan in department.plans)
            return (matches[match], -in_same_plans, -other.tasks, match)

        # A list that names both 县民政局 and 县政局 does not mean one body twice.
        ordered = sorted((match for match in matches if better_known(known[match])
                          and not known[match].task_ids & department.task_ids), key=likeliness)
        if ordered:
            suspects.append(Suspect(ident, department.name, department.county, department.tasks,
                                    tuple((match, known[match].name) for match in ordered)))
    suspects.sort(key=lambda suspect: (suspect.county, suspect.name))
    return suspects


def likely_matches(department_ids: Iterable[int]) -> dict[int, tuple[int, str]]:
    """For each of ``department_ids`` that looks like a typo: (id, name) of its likely department."""
    return {suspect.department_id: suspect.likely for suspect in suspect_departments(department_ids)}


def likely_match(department_id: int) -> tuple[int, str] | None:
    """(id, name) of the department ``department_id`` is likely a typo of, or None (see suspect_departments)."""
    return likely_matches([department_id]).get(department_id)
