"""The office's changes to the departments and to the registry's county.

A department written by hand; renamed; an alias added (taking the
assignments written that way along when it meant another body) or removed;
two merged into one, or one marked as a typo of another (a merge that keeps
the typo as an alias); a name marked as a collective (各乡镇) or confirmed as
a body of its own (no longer offered as a typo); and the county the registry
belongs to. Each is office-only, one transaction, audited with before and
after. Reading and resolving names is :mod:`models.registry.departments`,
which knows nothing of who acts.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from peewee import fn

from models.access import audit
from models.access.actor import Actor, acting
from models.access.permissions import require_office
from models.errors import InvalidInput, NotFound, translate_errors
from models.registry.counties import COUNTY_SETTING, check_county, county_label, county_of_issuer, registry_county
from models.registry.departments import DepartmentResolver, normalise_name
from models.registry.schema import (Account, Assignment, ClosureRequest, Department, DepartmentAlias,
                                    ExtensionRequest, Plan, Setting, StatusUpdate, SupervisionNotice, Task,
                                    db, now)

# What refers to a department, besides its assignments: all of it moves in a merge.
_REFERRING = (StatusUpdate, ExtensionRequest, ClosureRequest, SupervisionNotice, Account)


def _department(resolver: DepartmentResolver, department: int | str) -> Department:
    return Department.get_by_id(resolver.require(department))


def _named(row: Department) -> str:
    return f"“{row.name}”（{county_label(row.county)}）"


@translate_errors
def resolve_department(written: str, county: str | None = None, *, actor: Actor | None = None) -> Department:
    """The department for a written name in ``county`` (default: the registry's), created there
    when unknown (manual entry; a new one by the office only)."""
    with db.atomic("IMMEDIATE"):
        resolver = DepartmentResolver()
        county = resolver.county if county is None else (check_county(county) if county else "")
        ident = resolver.find(written, county)
        if ident is None:
            actor = acting(actor)
            require_office(actor, "新增单位")
            ident = resolver.resolve(written, county)
            audit.record(actor, "department", f"department:{ident}", None,
                         {"name": resolver.names[ident], "county": resolver.counties[ident], "written": written,
                          "is_group": ident in resolver.groups},
                         f"新增单位 {resolver.names[ident]}（{county_label(resolver.counties[ident])}）")
        resolver.flush()
    return Department.get_by_id(ident)


# ------------------------------------------------------------------ merging


def _department_counts(ident: int) -> dict[str, object]:
    """A department and what refers to it, for the audit log of a merge."""
    row = Department.get_by_id(ident)
    counts = {model.__name__: model.select().where(model.department == ident).count()
              for model in (Assignment, *_REFERRING, DepartmentAlias)}
    return {"id": ident, "name": row.name, "county": row.county, "is_group": bool(row.is_group),
            "assignments": counts["Assignment"], "updates": counts["StatusUpdate"],
            "extensions": counts["ExtensionRequest"], "closures": counts["ClosureRequest"],
            "notices": counts["SupervisionNotice"], "aliases": counts["DepartmentAlias"],
            "accounts": counts["Account"]}


@dataclass(frozen=True)
class MergePreview:
    """What a merge of ``absorb`` into ``keep`` would move; ``refusal`` says why it cannot be done."""

    keep_id: int
    keep: str
    absorb_id: int
    absorb: str
    tasks: int            # tasks that name ``absorb`` (any role, withdrawn included)
    assignments: int      # its assignments that move to ``keep``
    duplicates: int       # its assignments dropped: ``keep`` already has that task in that role
    updates: int
    requests: int         # 延期 and 办结 requests, and 督办单
    aliases: int          # its aliases: they, and its name, become ``keep``'s
    accounts: int         # liaison accounts that will report for ``keep``
    refusal: str | None = None

    def describe(self) -> list[str]:
        """For people, one line a fact."""
        if self.refusal:
            return [self.refusal]
        lines = [f"{self.absorb} 并入 {self.keep}：",
                 f"{self.tasks} 项任务的 {self.assignments} 条分工改记到 {self.keep}"]
        if self.duplicates:
            lines.append(f"{self.duplicates} 条分工与 {self.keep} 已有的重复（同一任务、同一角色），合并后只留一条")
        for count, what in ((self.updates, "条进展记录"), (self.requests, "项延期、办结申请和督办单"),
                            (self.accounts, "个联络员账户")):
            if count:
                lines.append(f"{count} {what}随之改记到 {self.keep}")
        also = f"及其 {self.aliases} 个别名" if self.aliases else ""
        lines.append(f"“{self.absorb}”{also}今后都认作 {self.keep}")
        return lines


def _refusal(keep: Department, absorb: Department) -> str | None:
    if keep.id == absorb.id:
        return f"“{keep.name}”与“{absorb.name}”已是同一单位"
    if bool(keep.is_group) != bool(absorb.is_group):
        # A collective name (各乡镇) is many bodies: merging it into one unit would
        # hand all its tasks to that unit. Merge is for one body written two ways.
        group = keep.name if keep.is_group else absorb.name
        return f"“{group}”是集合名称（多个单位），不能与单个单位合并"
    if keep.county and absorb.county and keep.county != absorb.county:
        return f"{_named(absorb)}与{_named(keep)}不是同一个县的单位，不能合并"
    return None


def _duplicates(keep_id: int, absorb_id: int):
    """absorb's assignments that keep already has (same task, same role)."""
    duplicate = Assignment.alias("duplicate")
    clash = duplicate.select().where(duplicate.task == Assignment.task, duplicate.role == Assignment.role,
                                     duplicate.department == keep_id)
    return (Assignment.department == absorb_id) & fn.EXISTS(clash)


def _preview(keep: Department, absorb: Department) -> MergePreview:
    counts = _department_counts(absorb.id)
    duplicates = Assignment.select().where(_duplicates(keep.id, absorb.id)).count()
    tasks = (Assignment.select(fn.COUNT(fn.DISTINCT(Assignment.task)))
             .where(Assignment.department == absorb.id).scalar() or 0)
    return MergePreview(keep.id, keep.name, absorb.id, absorb.name, tasks,
                        int(counts["assignments"]) - duplicates, duplicates, int(counts["updates"]),
                        int(counts["extensions"]) + int(counts["closures"]) + int(counts["notices"]),
                        int(counts["aliases"]), int(counts["accounts"]), _refusal(keep, absorb))


@translate_errors
def merge_preview(keep: int | str, absorb: int | str) -> MergePreview:
    """What :func:`merge_departments` would move, without moving it."""
    resolver = DepartmentResolver()
    return _preview(_department(resolver, keep), _department(resolver, absorb))


def _move_aliases(absorb: Department, keep: Department) -> None:
    """absorb's aliases, and its name, become keep's, in keep's county; a form keep's county
    already knows stays as it is."""
    county = keep.county
    taken = {name for (name,) in Department.select(Department.name)
             .where(Department.county == county, Department.id != absorb.id).tuples()}
    taken |= {name for (name,) in DepartmentAlias.select(DepartmentAlias.name)
              .where(DepartmentAlias.county == county, DepartmentAlias.department != absorb.id).tuples()}
    moving = DepartmentAlias.select(DepartmentAlias.id, DepartmentAlias.name).where(
        DepartmentAlias.department == absorb.id).tuples()
    clashing = [ident for ident, name in moving if name in taken]
    if clashing:
        DepartmentAlias.delete().where(DepartmentAlias.id.in_(clashing)).execute()
    DepartmentAlias.update(department=keep.id, county=county).where(
        DepartmentAlias.department == absorb.id).execute()
    if absorb.name not in taken:
        DepartmentAlias.insert(name=absorb.name, county=county, department=keep.id).on_conflict_ignore().execute()


@translate_errors
def merge_departments(keep: int | str, absorb: int | str, *, actor: Actor | None = None,
                      typo: bool = False) -> Department:
    """Fold ``absorb`` into ``keep``: assignments, updates, requests, notices, aliases and
    accounts move; absorb is deleted and its name becomes an alias of keep.

    An assignment that would duplicate one ``keep`` already has on the same
    task and role is dropped. Two departments of different counties are not
    merged (one of no county may join either). ``typo``: the office marks
    ``absorb`` as a misspelling of ``keep`` (said so in the audit log). Office
    only (``actor``: default the signed-in one); audited with both departments'
    counts before and the kept one's after.
    """
    with db.atomic("IMMEDIATE"):
        actor = acting(actor)
        require_office(actor, "标记笔误" if typo else "合并单位")
        resolver = DepartmentResolver()
        keep_row, absorb_row = _department(resolver, keep), _department(resolver, absorb)
        refusal = _refusal(keep_row, absorb_row)
        if refusal:
            raise InvalidInput(refusal)
        before = {"keep": _department_counts(keep_row.id), "absorb": _department_counts(absorb_row.id)}
        Assignment.delete().where(_duplicates(keep_row.id, absorb_row.id)).execute()
        Assignment.update(department=keep_row.id).where(Assignment.department == absorb_row.id).execute()
        # A liaison of the absorbed name now reports for the one body it always was.
        for model in _REFERRING:
            model.update(department=keep_row.id).where(model.department == absorb_row.id).execute()
        _move_aliases(absorb_row, keep_row)
        Department.delete().where(Department.id == absorb_row.id).execute()
        summary = (f"“{absorb_row.name}”是“{keep_row.name}”的笔误，已并入" if typo
                   else f"“{absorb_row.name}”并入“{keep_row.name}”")
        audit.record(actor, "merge", f"department:{keep_row.id}", before,
                     {"keep": _department_counts(keep_row.id), "typo": typo},
                     f"{summary}（{county_label(keep_row.county)}）")
    return Department.get_by_id(keep_row.id)


def mark_typo(typo: int | str, of: int | str, *, actor: Actor | None = None) -> Department:
    """``typo`` is a misspelling of ``of``: merged into it, the typo kept as its alias."""
    return merge_departments(of, typo, actor=actor, typo=True)


# ---------------------------------------------------------------- one department


def _snapshot(row: Department) -> dict[str, object]:
    aliases = sorted(name for (name,) in DepartmentAlias.select(DepartmentAlias.name)
                     .where(DepartmentAlias.department == row.id).tuples())
    return {"id": row.id, "name": row.name, "county": row.county, "is_group": bool(row.is_group),
            "confirmed": row.confirmed_at is not None, "aliases": aliases}


def _name_in_use(county: str, name: str) -> tuple[str, int] | None:
    """("name" or "alias", department id) when ``name`` already means a body of ``county``."""
    ident = Department.select(Department.id).where(Department.county == county, Department.name == name).scalar()
    if ident is not None:
        return "name", ident
    ident = (DepartmentAlias.select(DepartmentAlias.department)
             .where(DepartmentAlias.county == county, DepartmentAlias.name == name).scalar())
    return ("alias", ident) if ident is not None else None


def _written(name: str) -> str:
    key = normalise_name(name)
    if not key:
        raise InvalidInput("单位名称不能为空")
    return key


def _change(department: int | str, actor: Actor | None, what: str, change) -> Department:
    """Run ``change(row)`` on one department in one transaction, audited with before and after."""
    with db.atomic("IMMEDIATE"):
        actor = acting(actor)
        require_office(actor, what)
        row = _department(DepartmentResolver(), department)
        before = _snapshot(row)
        summary = change(row)
        row = Department.get_by_id(row.id)
        audit.record(actor, "department_change", f"department:{row.id}", before, _snapshot(row), summary)
    return row


@translate_errors
def rename_department(department: int | str, new_name: str, *, actor: Actor | None = None) -> Department:
    """Give a department another name; its old name stays an alias, so documents still find it."""
    new = _written(new_name)

    def rename(row: Department) -> str:
        if new == row.name:
            raise InvalidInput(f"“{row.name}”的名称没有变")
        used = _name_in_use(row.county, new)
        if used is not None and used[1] != row.id:
            other = Department.get_by_id(used[1])
            raise InvalidInput(f"{county_label(row.county)}已有单位“{other.name}”叫“{new}”，"
                               "如是同一单位，请用“合并”")
        DepartmentAlias.delete().where(DepartmentAlias.department == row.id, DepartmentAlias.name == new).execute()
        Department.update(name=new).where(Department.id == row.id).execute()
        DepartmentAlias.insert(name=row.name, county=row.county, department=row.id).on_conflict_ignore().execute()
        return f"单位“{row.name}”改名为“{new}”（{county_label(row.county)}）"

    return _change(department, actor, "修改单位名称", rename)


@dataclass(frozen=True)
class AliasMove:
    """What adding an alias would take from another department of the county."""

    alias: str
    owner: str | None        # the department the written form means now, None when none
    assignments: int         # its assignments written that way, which move along


def _alias_owner(row: Department, alias: str) -> tuple[Department | None, list[int]]:
    """The other department of row's county that ``alias`` means now, and its assignments written so."""
    used = _name_in_use(row.county, alias)
    if used is None:
        return None, []
    kind, ident = used
    if ident == row.id:
        raise InvalidInput(f"“{alias}”已经是“{row.name}”的{'名称' if kind == 'name' else '别名'}")
    owner = Department.get_by_id(ident)
    if kind == "name":
        raise InvalidInput(f"“{alias}”是另一个单位的名称；如是同一单位，请用“合并”或“标记为笔误”")
    written = [(ident, name) for ident, name in Assignment.select(Assignment.id, Assignment.written_name)
               .where(Assignment.department == owner.id).tuples()]
    return owner, [ident for ident, name in written if normalise_name(name) == alias]


@translate_errors
def alias_move(department: int | str, alias: str) -> AliasMove:
    """What :func:`add_alias` would move (read only)."""
    key = _written(alias)
    row = _department(DepartmentResolver(), department)
    owner, assignments = _alias_owner(row, key)
    return AliasMove(key, owner.name if owner is not None else None, len(assignments))


@translate_errors
def add_alias(department: int | str, alias: str, *, actor: Actor | None = None) -> Department:
    """Let ``alias`` mean this department in its county. When it meant another one, the
    alias moves, and so do that department's assignments written that way (a task
    keeps one row per department and role)."""
    key = _written(alias)

    def add(row: Department) -> str:
        owner, assignments = _alias_owner(row, key)
        if owner is None:
            DepartmentAlias.insert(name=key, county=row.county, department=row.id).execute()
            return f"“{key}”记为“{row.name}”的别名（{county_label(row.county)}）"
        DepartmentAlias.update(department=row.id).where(
            DepartmentAlias.county == row.county, DepartmentAlias.name == key).execute()
        duplicate = Assignment.alias("duplicate")
        clash = duplicate.select().where(duplicate.task == Assignment.task, duplicate.role == Assignment.role,
                                         duplicate.department == row.id)
        Assignment.delete().where(Assignment.id.in_(assignments), fn.EXISTS(clash)).execute()
        Assignment.update(department=row.id).where(Assignment.id.in_(assignments)).execute()
        return (f"“{key}”由“{owner.name}”改记为“{row.name}”的别名，"
                f"随之改记 {len(assignments)} 条分工（{county_label(row.county)}）")

    return _change(department, actor, "修改单位别名", add)


@translate_errors
def remove_alias(department: int | str, alias: str, *, actor: Actor | None = None) -> Department:
    """This department is no longer known by ``alias`` (assignments already filed stay)."""
    key = _written(alias)

    def remove(row: Department) -> str:
        removed = DepartmentAlias.delete().where(DepartmentAlias.department == row.id,
                                                 DepartmentAlias.name == key).execute()
        if not removed:
            raise NotFound(f"“{key}”不是“{row.name}”的别名")
        return f"“{key}”不再是“{row.name}”的别名（{county_label(row.county)}）"

    return _change(department, actor, "修改单位别名", remove)


@translate_errors
def set_collective(department: int | str, collective: bool, *, actor: Actor | None = None) -> Department:
    """Mark a name as a collective (各乡镇: many bodies; never merged into one) or as one body."""
    def mark(row: Department) -> str:
        if bool(row.is_group) == collective:
            raise InvalidInput(f"“{row.name}”已是{'集合名称' if collective else '单个单位'}")
        if collective and Account.select().where(Account.department == row.id).exists():
            raise InvalidInput(f"“{row.name}”有联络员账户，不能标为集合名称")
        Department.update(is_group=collective).where(Department.id == row.id).execute()
        return f"“{row.name}”标为{'集合名称（多个单位）' if collective else '单个单位'}"

    return _change(department, actor, "标记集合名称", mark)


@translate_errors
def confirm_department(department: int | str, confirmed: bool = True, *,
                       actor: Actor | None = None) -> Department:
    """The office confirms a name is a body of its own: it is no longer offered as a typo."""
    def confirm(row: Department) -> str:
        Department.update(confirmed_at=now() if confirmed else None).where(Department.id == row.id).execute()
        return f"确认“{row.name}”是独立的单位" if confirmed else f"取消确认“{row.name}”是独立的单位"

    return _change(department, actor, "确认单位", confirm)


# ------------------------------------------------------------------ the county


@dataclass(frozen=True)
class CountyChange:
    county: str
    previous: str
    adopted: int           # departments of no county that became the county's


def _store_county(county: str) -> None:
    if Setting.select().where(Setting.key == COUNTY_SETTING).exists():
        Setting.update(value=county).where(Setting.key == COUNTY_SETTING).execute()
    else:
        Setting.insert(key=COUNTY_SETTING, value=county).execute()


def _adopt(county: str) -> int:
    """Departments of no county (from before counties) that only this county's plans, or plans
    naming no county, name become this county's, with their aliases. Returns how many."""
    plans_of: dict[int, set[str | None]] = {}
    for department, issuer in (Assignment.select(Assignment.department, Plan.issuer).join(Task).join(Plan)
                               .join_from(Assignment, Department)
                               .where(Department.county == "").distinct().tuples()):
        plans_of.setdefault(department, set()).add(county_of_issuer(issuer))
    taken = {name for (name,) in Department.select(Department.name).where(Department.county == county).tuples()}
    adopted = [ident for ident, name in Department.select(Department.id, Department.name)
               .where(Department.county == "").tuples()
               if plans_of.get(ident, set()) <= {county, None} and name not in taken]
    for ident in adopted:
        Department.update(county=county).where(Department.id == ident).execute()
        DepartmentAlias.update(county=county).where(DepartmentAlias.department == ident).execute()
    return len(adopted)


def _set_county(actor: Actor, county: str, why: str) -> CountyChange:
    previous = registry_county()
    _store_county(county)
    adopted = _adopt(county) if county != previous else 0
    audit.record(actor, "setting", f"setting:{COUNTY_SETTING}", {"county": previous},
                 {"county": county, "adopted": adopted}, f"登记册所属县设为 {county}{why}")
    return CountyChange(county, previous, adopted)


@translate_errors
def set_registry_county(name: str, *, actor: Actor | None = None) -> CountyChange:
    """The county the registry belongs to: plans whose issuer names no county are its, and a
    person's department names are looked for there first. Departments kept for no county
    that only its plans name become its own."""
    county = check_county(name)
    with db.atomic("IMMEDIATE"):
        actor = acting(actor)
        require_office(actor, "设置所属县")
        return _set_county(actor, county, "")


def adopt_first_county(issuers: Iterable[str | None], actor: Actor) -> str | None:
    """On the registry's first import: when the documents' issuers name one county, the registry
    takes it (audited; changed with set_registry_county). Call inside the import's transaction,
    before its plans are stored; returns the county taken, or None."""
    if registry_county() or Plan.select().exists():
        return None
    named = {county for county in map(county_of_issuer, issuers) if county}
    if len(named) != 1:
        return None
    return _set_county(actor, named.pop(), "（首次导入，取自发文机关）").county
