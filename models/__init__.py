"""The registry: storage of plans, tasks, departments and progress. No Qt here.

The command line and the desktop call these; see each module for details.
"""
from __future__ import annotations

import importlib

# Where each name of the package's face lives; a module is imported when one of its names is first used,
# so that `duban --help` or `import models.rules.wording` loads no database code.
_HOMES = {
    "close_registry": "models.registry.database",
    "default_registry_path": "models.registry.database",
    "open_registry": "models.registry.database",
    "resolve_registry_path": "models.registry.database",
    "find_department": "models.registry.departments",
    "is_collective": "models.registry.departments",
    "merge_departments": "models.upkeep.department_changes",
    "normalise_name": "models.registry.departments",
    "resolve_department": "models.upkeep.department_changes",
    "RegistryError": "models.errors",
    "HistoryEntry": "models.supervision.queries",
    "TaskRow": "models.supervision.queries",
    "task_history": "models.supervision.queries",
    "task_rows": "models.supervision.queries",
    "ImportSummary": "models.upkeep.importing",
    "PlanSummary": "models.upkeep.importing",
    "store_extracted": "models.upkeep.importing",
    "Assignment": "models.registry.schema",
    "Department": "models.registry.schema",
    "DepartmentAlias": "models.registry.schema",
    "ImportRun": "models.registry.schema",
    "Plan": "models.registry.schema",
    "SchemaVersion": "models.registry.schema",
    "StatusUpdate": "models.registry.schema",
    "Task": "models.registry.schema",
    "db": "models.registry.schema",
    "DERIVED_STATES": "models.rules.status",
    "STATUSES": "models.rules.status",
    "derived_state": "models.rules.status",
    "record_status_update": "models.supervision.updates",
}

__all__ = [
    "Assignment", "Department", "DepartmentAlias", "DERIVED_STATES",
    "HistoryEntry", "ImportRun", "ImportSummary", "Plan", "PlanSummary", "RegistryError",
    "STATUSES", "SchemaVersion", "StatusUpdate", "Task", "TaskRow", "close_registry", "db",
    "default_registry_path", "derived_state",
    "find_department", "is_collective", "merge_departments", "normalise_name", "open_registry",
    "record_status_update", "resolve_department", "resolve_registry_path", "store_extracted",
    "task_history", "task_rows",
]


def __getattr__(name: str):
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'models' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value
