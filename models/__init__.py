"""The registry: storage of plans, tasks, departments and progress. No Qt here.

The command line and the desktop call these; see each module for details.
"""
from __future__ import annotations

import importlib

# Where each name of the package's face lives; a module is imported when one of its names is first used,
# so that `duban --help` or `import models.wording` loads no database code.
_HOMES = {
    "close_registry": "models.database",
    "default_registry_path": "models.database",
    "open_registry": "models.database",
    "resolve_registry_path": "models.database",
    "find_department": "models.departments",
    "is_collective": "models.departments",
    "merge_departments": "models.departments",
    "normalise_name": "models.departments",
    "resolve_department": "models.departments",
    "RegistryError": "models.errors",
    "DepartmentCount": "models.queries",
    "HistoryEntry": "models.queries",
    "TaskRow": "models.queries",
    "department_counts": "models.queries",
    "task_history": "models.queries",
    "task_rows": "models.queries",
    "ImportSummary": "models.registry_import",
    "PlanSummary": "models.registry_import",
    "store_extracted": "models.registry_import",
    "Assignment": "models.schema",
    "Department": "models.schema",
    "DepartmentAlias": "models.schema",
    "ImportRun": "models.schema",
    "Plan": "models.schema",
    "SchemaVersion": "models.schema",
    "StatusUpdate": "models.schema",
    "Task": "models.schema",
    "db": "models.schema",
    "DERIVED_STATES": "models.status",
    "STATUSES": "models.status",
    "derived_state": "models.status",
    "derived_states": "models.status",
    "record_status_update": "models.updates",
}

__all__ = [
    "Assignment", "Department", "DepartmentAlias", "DepartmentCount", "DERIVED_STATES",
    "HistoryEntry", "ImportRun", "ImportSummary", "Plan", "PlanSummary", "RegistryError",
    "STATUSES", "SchemaVersion", "StatusUpdate", "Task", "TaskRow", "close_registry", "db",
    "default_registry_path", "department_counts", "derived_state", "derived_states",
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
