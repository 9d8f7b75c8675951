"""The office's changes to the departments: a new one written by hand, two merged into one.

Both are office-only and audited. Reading and resolving names while importing
is :mod:`models.registry.departments`, which knows nothing of who acts.
"""
from __future__ import annotations

from peewee import fn

from models.access import audit
from models.access.actor import Actor, acting
from models.access.permissions import require_office
from models.errors import InvalidInput, translate_errors
from models.registry.departments import DepartmentResolver
from models.registry.schema import (Account, Assignment, ClosureRequest, Department, DepartmentAlias,
                                    ExtensionRequest, StatusUpdate, SupervisionNotice, db)


@translate_errors
def resolve_department(written: str, *, actor: Actor | None = None) -> Department:
    """The department for a written name, created when unknown (for manual entry; a new one by the office)."""
    with db.atomic("IMMEDIATE"):
        resolver = DepartmentResolver()
        ident = resolver.lookup(written)
        if ident is None:
            actor = acting(actor)
            require_office(actor, "新增单位")
            ident = resolver.resolve(written)
            audit.record(actor, "department", f"department:{ident}", None,
                         {"name": resolver.names[ident], "written": written, "is_group": ident in resolver.groups},
                         f"新增单位 {resolver.names[ident]}")
        resolver.flush()
    return Department.get_by_id(ident)


def _department_counts(ident: int) -> dict[str, object]:
    """A department and what refers to it, for the audit log of a merge."""
    row = Department.get_by_id(ident)
    counts = {model.__name__: model.select().where(model.department == ident).count()
              for model in (Assignment, StatusUpdate, ExtensionRequest, ClosureRequest, SupervisionNotice,
                            DepartmentAlias, Account)}
    return {"id": ident, "name": row.name, "is_group": bool(row.is_group),
            "assignments": counts["Assignment"], "updates": counts["StatusUpdate"],
            "extensions": counts["ExtensionRequest"], "closures": counts["ClosureRequest"],
            "notices": counts["SupervisionNotice"], "aliases": counts["DepartmentAlias"],
            "accounts": counts["Account"]}


@translate_errors
def merge_departments(keep: int | str, absorb: int | str, *, actor: Actor | None = None) -> Department:
    """Fold ``absorb`` into ``keep``: assignments, updates, aliases and accounts move; absorb is deleted.

    An assignment that would duplicate one ``keep`` already has on the same
    task and role is dropped. ``absorb``'s name becomes an alias of ``keep``.
    Office only (``actor``: default the signed-in one); audited with both
    departments' counts before and the kept one's after.
    """
    with db.atomic("IMMEDIATE"):
        actor = acting(actor)
        require_office(actor, "合并单位")
        resolver = DepartmentResolver()
        keep_id = resolver.require(keep)
        absorb_id = resolver.require(absorb)
        if keep_id == absorb_id:
            raise InvalidInput(f"“{resolver.names[keep_id]}”与“{resolver.names[absorb_id]}”已是同一单位")
        groups = dict(Department.select(Department.id, Department.is_group)
                      .where(Department.id.in_([keep_id, absorb_id])).tuples())
        if groups[keep_id] != groups[absorb_id]:
            # A collective name (各乡镇) is many bodies: merging it into one unit would
            # hand all its tasks to that unit. Merge is for one body written two ways.
            group = resolver.names[keep_id if groups[keep_id] else absorb_id]
            raise InvalidInput(f"“{group}”是集合名称（多个单位），不能与单个单位合并")
        before = {"keep": _department_counts(keep_id), "absorb": _department_counts(absorb_id)}
        duplicate = Assignment.alias("duplicate")
        clash = duplicate.select().where(
            duplicate.task == Assignment.task,
            duplicate.role == Assignment.role,
            duplicate.department == keep_id,
        )
        Assignment.delete().where(Assignment.department == absorb_id, fn.EXISTS(clash)).execute()
        Assignment.update(department=keep_id).where(Assignment.department == absorb_id).execute()
        StatusUpdate.update(department=keep_id).where(StatusUpdate.department == absorb_id).execute()
        for model in (ExtensionRequest, ClosureRequest, SupervisionNotice):
            model.update(department=keep_id).where(model.department == absorb_id).execute()
        DepartmentAlias.update(department=keep_id).where(DepartmentAlias.department == absorb_id).execute()
        # A liaison of the absorbed name now reports for the one body it always was.
        Account.update(department=keep_id).where(Account.department == absorb_id).execute()
        absorbed_name = resolver.names[absorb_id]
        Department.delete().where(Department.id == absorb_id).execute()
        DepartmentAlias.insert(name=absorbed_name, department=keep_id).on_conflict_ignore().execute()
        audit.record(actor, "merge", f"department:{keep_id}", before, {"keep": _department_counts(keep_id)},
                     f"“{absorbed_name}”并入“{resolver.names[keep_id]}”")
    return Department.get_by_id(keep_id)
