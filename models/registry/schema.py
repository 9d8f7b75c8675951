"""The registry's tables (peewee classes, named as nouns) and the deferred database.

Dates are stored as ISO text (peewee's default for SQLite), which keeps
comparisons in SQL and in :mod:`models.rules.status` plain string comparisons.
Overdue and due-soon are derived (see :mod:`models.rules.status`), never stored.
"""
from __future__ import annotations

import sqlite3
from datetime import date, datetime

from peewee import (
    BooleanField,
    Check,
    CharField,
    DateField,
    DateTimeField,
    BlobField,
    DatabaseProxy,
    ForeignKeyField,
    IntegerField,
    Model,
    SQL,
    TextField,
)

from models.rules.status import STATUSES as TASK_STATUSES

# Explicit adapters, same text as sqlite3's defaults, which Python 3.12
# deprecates (a warning, and warnings fail our tests).
sqlite3.register_adapter(date, date.isoformat)
sqlite3.register_adapter(datetime, lambda value: value.isoformat(" "))

# Deferred: opened explicitly by models.registry.database.open_registry(), which
# points it at the embedded SQLite file or at a PostgreSQL server.
db = DatabaseProxy()

ROLES = ("lead", "responsible", "cooperating")
# A role as the gazette and the office say it (牵头单位, 责任单位, 配合单位 name the unit).
ROLE_NAMES = {"lead": "牵头", "responsible": "责任", "cooperating": "配合"}
ROLE_LABELS = {role: f"{name}单位" for role, name in ROLE_NAMES.items()}
IMPORT_OUTCOMES = ("imported", "unchanged", "updated", "failed")
EXTENSION_STATES = ("待审批", "已批准", "已驳回")
CLOSURE_STATES = ("待审核", "已销号", "已退回")
NOTICE_COLOURS = ("蓝", "黄", "红")          # 提醒, 警告, 问责
ACCOUNT_ROLES = ("office", "liaison", "leader")   # 督查室, 单位联络员, 只读领导
REVIEW_STATES = ("待审核", "已审核")                # 导入审核 of a plan (schema v8)
# What the office may edit in a task (task.edited_fields, schema v8); "withdrawn"
# when the office withdrew it, so a re-import does not bring it back.
EDITABLE_FIELDS = ("text", "lead", "responsible", "cooperating", "deadline", "recurrence", "ongoing")
EDITED_MARKS = (*EDITABLE_FIELDS, "withdrawn")
# A re-import's value for an edited field; the deadline, recurrence and 长期 flag come
# from one phrase, so they differ as one ("deadline").
DIFFERENCE_FIELDS = ("text", "lead", "responsible", "cooperating", "deadline")
DIFFERENCE_STATES = ("待处理", "已保留")   # the office has to choose; the office kept its own value


def now() -> datetime:
    """Local wall-clock time: the office works in one time zone."""
    return datetime.now()


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{value}'" for value in values) + ")"


class BaseModel(Model):
    class Meta:
        database = db
        legacy_table_names = False  # status_update, not statusupdate


class SchemaVersion(BaseModel):
    """One row per applied migration; the highest version is the schema's."""

    version = IntegerField(primary_key=True)
    applied_at = DateTimeField(default=now)


class Plan(BaseModel):
    """A plan document (实施方案/工作方案…), identified by its number, else title + file."""

    number = CharField(null=True, unique=True)   # 平政发〔2023〕3号; NULLs never collide
    title = TextField(null=True)
    issuer = TextField(null=True)
    issue_date = DateField(null=True)
    source_file = TextField()
    source_sha256 = CharField(max_length=64)
    line_start = IntegerField(default=0)
    line_end = IntegerField(default=0)
    imported_at = DateTimeField(default=now)
    updated_at = DateTimeField(default=now)
    # What the last import could not read, one "第 N 行：…" a line (importers/diagnostics.py);
    # NULL when every place that promised tasks gave some (schema v7).
    import_warnings = TextField(null=True)
    # 导入审核 (schema v8): every import leaves a plan 待审核 until the office marks it.
    review_state = CharField(default="待审核", constraints=[Check(f"review_state IN {_in(REVIEW_STATES)}"),
                                                           SQL("DEFAULT '待审核'")])
    reviewed_by = TextField(null=True)
    reviewed_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("title", "source_file"), False),)


class Task(BaseModel):
    """One task of a plan with its supervision state."""

    plan = ForeignKeyField(Plan, backref="tasks", on_delete="CASCADE")
    seq = TextField(null=True)
    text = TextField()
    line_start = IntegerField(default=0)
    line_end = IntegerField(default=0)
    # Extensions (later) move only current_deadline; original stays as written.
    original_deadline = DateField(null=True)
    current_deadline = DateField(null=True)
    deadline_text = TextField(null=True)
    recurrence = TextField(null=True)
    ongoing = BooleanField(default=False)
    status = CharField(default="未开始", constraints=[Check(f"status IN {_in(TASK_STATUSES)}")])
    progress = IntegerField(default=0, constraints=[Check("progress BETWEEN 0 AND 100")])
    supervision_number = TextField(null=True)   # 13710 督办 number, free text
    position = IntegerField(default=0)          # order within the plan
    withdrawn = BooleanField(default=False)     # gone from a corrected plan, kept for its history
    closed_on = DateField(null=True)            # 销号: the office accepted it as done (schema v5)
    # Bumped by every change of the current status (schema v6): a form based
    # on an older version is told to reload instead of overwriting silently.
    version = IntegerField(default=0, constraints=[SQL("DEFAULT 0")])
    created_at = DateTimeField(default=now)
    updated_at = DateTimeField(default=now)
    # The office's corrections (schema v8). edited_fields: the EDITED_MARKS the office
    # set, comma-separated; a re-import leaves them as they are.
    edited_fields = TextField(default="", constraints=[SQL("DEFAULT ''")])
    withdrawn_reason = TextField(null=True)
    # Added (or split off) by the office: no extraction gave it, so none takes it away.
    added_by_office = BooleanField(default=False, constraints=[SQL("DEFAULT FALSE")])

    class Meta:
        indexes = ((("plan", "position"), False),)


class Department(BaseModel):
    """A unit (单位) of a county; ``is_group`` marks collective names such as 各乡（镇）人民政府."""

    name = CharField()
    is_group = BooleanField(default=False)
    created_at = DateTimeField(default=now)
    # The county whose documents name it (schema v9): 平顺县's 县住建局 and 偏关县's are
    # two bodies. "" for none: departments of a registry older than counties.
    # No Python-side default: the column's DEFAULT fills it, so an insert that
    # does not name a county works on a file of any schema version.
    county = CharField(constraints=[SQL("DEFAULT ''")])
    # When the office confirmed the name is a body of its own, not a typo of a
    # similar one (schema v9); NULL: not confirmed (models.registry.departments.likely_match).
    confirmed_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("county", "name"), True),)


class DepartmentAlias(BaseModel):
    """Another written form (normalised) of a department's name, within its county."""

    # Not called "alias": that would shadow peewee's Model.alias().
    name = CharField()
    department = ForeignKeyField(Department, backref="aliases", on_delete="CASCADE")
    # The department's county (schema v9): one written form means one body per county.
    county = CharField(constraints=[SQL("DEFAULT ''")])    # filled by the column's DEFAULT when not given

    class Meta:
        indexes = ((("county", "name"), True),)


class Assignment(BaseModel):
    """A department's role in a task, with the name as the document wrote it."""

    task = ForeignKeyField(Task, backref="assignments", on_delete="CASCADE")
    department = ForeignKeyField(Department, backref="assignments", on_delete="RESTRICT")
    role = CharField(constraints=[Check(f"role IN {_in(ROLES)}")])
    written_name = TextField()
    position = IntegerField(default=0)   # order as written within the role

    class Meta:
        indexes = ((("task", "department", "role"), True),
                   (("role", "task", "position", "department"), False),   # added by schema version 3
                   (("department", "task", "role"), False))               # added by schema version 9


class StatusUpdate(BaseModel):
    """Append-only history of progress reports on a task."""

    # RESTRICT: history must never vanish with a task; re-import withdraws instead.
    task = ForeignKeyField(Task, backref="updates", on_delete="RESTRICT")
    department = ForeignKeyField(Department, null=True, backref="updates", on_delete="RESTRICT")
    who = TextField(default="")
    status = CharField(constraints=[Check(f"status IN {_in(TASK_STATUSES)}")])
    progress = IntegerField(constraints=[Check("progress BETWEEN 0 AND 100")])
    note = TextField(default="")
    completed_on = DateField(null=True)
    created_at = DateTimeField(default=now)

    class Meta:
        indexes = ((("task", "created_at"), False),)


class ImportRun(BaseModel):
    """One attempt to store an extracted file, whatever its outcome."""

    started_at = DateTimeField(default=now)
    finished_at = DateTimeField(null=True)
    source_file = TextField()
    source_path = TextField(default="")
    sha256 = CharField(max_length=64, index=True)
    outcome = CharField(constraints=[Check(f"outcome IN {_in(IMPORT_OUTCOMES)}")])
    plans = IntegerField(default=0)
    tasks = IntegerField(default=0)
    added = IntegerField(default=0)
    updated = IntegerField(default=0)
    unchanged = IntegerField(default=0)
    withdrawn = IntegerField(default=0)
    deleted = IntegerField(default=0)
    message = TextField(default="")


class Evidence(BaseModel):
    """A file (佐证材料) attached to a status update, copied into the registry's folder."""

    # Not "update": that would hide peewee's Model.update() (save() of an existing row calls it).
    status_update = ForeignKeyField(StatusUpdate, backref="evidence", on_delete="RESTRICT")
    file_name = TextField()            # as the liaison chose it
    stored_path = TextField()          # relative to the registry's folder
    sha256 = CharField(max_length=64)
    size = IntegerField()
    created_at = DateTimeField(default=now)
    # The file's bytes, for a registry on a server (schema v6): a folder on one
    # clerk's disk does not reach the other departments. NULL for the
    # embedded registry, whose files lie beside it (stored_path).
    content = BlobField(null=True)


class SheetReceipt(BaseModel):
    """A row of a returned status sheet (进展填报表) that became a StatusUpdate.

    Lets a sheet imported twice add nothing: a row whose values equal what
    this sheet already recorded for the task is skipped (models.paper.ledger_updates).
    """

    sheet_id = CharField(max_length=36)    # the uuid written into the sheet at export
    row = IntegerField()                   # worksheet row, for messages
    task = ForeignKeyField(Task, backref="receipts", on_delete="RESTRICT")
    status_update = ForeignKeyField(StatusUpdate, unique=True, backref="receipt", on_delete="RESTRICT")
    file_name = TextField(default="")
    created_at = DateTimeField(default=now)

    class Meta:
        indexes = ((("sheet_id", "task"), False),)


class ExtensionRequest(BaseModel):
    """延期: a department asks for a new deadline; only an approved request moves it."""

    task = ForeignKeyField(Task, backref="extensions", on_delete="RESTRICT")
    department = ForeignKeyField(Department, null=True, backref="extensions", on_delete="RESTRICT")
    requested_by = TextField(default="")
    reason = TextField()
    requested_deadline = DateField()
    previous_deadline = DateField(null=True)      # the current deadline when asked
    state = CharField(default="待审批", constraints=[Check(f"state IN {_in(EXTENSION_STATES)}")])
    decided_by = TextField(default="")
    decision_note = TextField(default="")
    requested_at = DateTimeField(default=now)
    decided_at = DateTimeField(null=True)


class ClosureRequest(BaseModel):
    """申请办结 and its review: 销号 (closed) or 退回 (returned with a reason)."""

    task = ForeignKeyField(Task, backref="closures", on_delete="RESTRICT")
    department = ForeignKeyField(Department, null=True, backref="closures", on_delete="RESTRICT")
    applied_by = TextField(default="")
    note = TextField(default="")
    status_update = ForeignKeyField(StatusUpdate, null=True, backref="closure", on_delete="RESTRICT")  # its evidence
    state = CharField(default="待审核", constraints=[Check(f"state IN {_in(CLOSURE_STATES)}")])
    decided_by = TextField(default="")
    decision_note = TextField(default="")
    applied_at = DateTimeField(default=now)
    decided_at = DateTimeField(null=True)


class SupervisionNotice(BaseModel):
    """三色督办单 issued to a department for a task: 蓝 提醒, 黄 警告, 红 问责."""

    task = ForeignKeyField(Task, backref="notices", on_delete="RESTRICT")
    department = ForeignKeyField(Department, backref="notices", on_delete="RESTRICT")
    colour = CharField(constraints=[Check(f"colour IN {_in(NOTICE_COLOURS)}")])
    number = TextField()                          # 督办单编号, e.g. 督〔2023〕12号
    reason = TextField(default="")
    reply_by = DateField(null=True)               # the time limit for a reply
    issued_by = TextField(default="")
    issued_at = DateTimeField(default=now)


class TaskLink(BaseModel):
    """The same work in two documents, linked by the office: one update serves both."""

    task = ForeignKeyField(Task, backref="links", on_delete="RESTRICT")
    other = ForeignKeyField(Task, backref="linked_from", on_delete="RESTRICT")
    linked_by = TextField(default="")
    linked_at = DateTimeField(default=now)

    class Meta:
        indexes = ((("task", "other"), True),)
        constraints = [Check("task_id < other_id")]


class Account(BaseModel):
    """Someone who signs in: 督查室 staff (office), a department's liaison, or a leader (read-only)."""

    username = CharField(unique=True)
    display_name = TextField(default="")
    role = CharField(constraints=[Check(f"role IN {_in(ACCOUNT_ROLES)}")])
    department = ForeignKeyField(Department, null=True, backref="accounts", on_delete="RESTRICT")
    password_hash = TextField()                   # scrypt, with its parameters and salt
    active = BooleanField(default=True)
    created_at = DateTimeField(default=now)
    updated_at = DateTimeField(default=now)


class AuditEntry(BaseModel):
    """One change to the registry: who, when, what before, what after (append-only)."""

    at = DateTimeField(default=now, index=True)
    actor = TextField()                           # account username, or the computer's user
    action = CharField()                          # import, status_update, merge, account, ...
    target = TextField(default="")                # "task:12", "plan:3", "account:li"
    before = TextField(null=True)                 # JSON
    after = TextField(null=True)                  # JSON
    summary = TextField(default="")               # one line for people


class PlanSource(BaseModel):
    """The lines of the document a plan came from (schema v8): task.line_start and
    line_end index into them, counting from ``first_line``. Stored at every import."""

    plan = ForeignKeyField(Plan, unique=True, backref="source", on_delete="CASCADE")
    first_line = IntegerField()
    text = TextField()              # the lines joined with "\n", as the importer numbered them
    stored_at = DateTimeField(default=now)


class TaskDifference(BaseModel):
    """What the extraction reads for a field the office edited, where the two differ
    (schema v8): one row per task and field, while they differ. 待处理 until the office
    chooses; 已保留 once it kept its own value (an edit keeps the extraction's value it
    replaced that way), so a re-import reading the same again asks nothing. A re-import
    reading something else replaces the row; the text's row is what a re-import matches
    the task by (the document's words, not the office's)."""

    task = ForeignKeyField(Task, backref="differences", on_delete="CASCADE")
    field = CharField(constraints=[Check(f"field IN {_in(DIFFERENCE_FIELDS)}")])
    extracted = TextField()         # for people: 县发改局、县财政局 / 2023-12-31（12月底前）
    value = TextField()             # JSON: the extraction's values, applied when the office takes them
    state = CharField(default="待处理", constraints=[Check(f"state IN {_in(DIFFERENCE_STATES)}")])
    recorded_at = DateTimeField(default=now)
    resolved_by = TextField(null=True)
    resolved_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("task", "field"), True),)


class SignInThrottle(BaseModel):
    """Failed sign-ins under one typed username, shared by every machine of the registry.

    Keyed by the normalised username typed, not by account: an unknown name is
    delayed and locked exactly as an account is, so neither the message nor the
    timing tells a guesser which names exist (models.access.throttle).
    """

    username = CharField(primary_key=True)
    failures = IntegerField(default=0)            # in a row, since the last success or unlock
    next_allowed_at = DateTimeField(null=True)    # no attempt is checked before this
    locked_at = DateTimeField(null=True)          # set at the last failure allowed; the office unlocks


class Setting(BaseModel):
    """Registry-wide settings shared by every user of a server registry."""

    key = CharField(primary_key=True)
    value = TextField()


# Creation order respects foreign keys.
TABLES_V1: tuple[type[BaseModel], ...] = (
    SchemaVersion,
    Plan,
    Task,
    Department,
    DepartmentAlias,
    Assignment,
    StatusUpdate,
    ImportRun,
)

# Added by schema version 2.
TABLES_V2: tuple[type[BaseModel], ...] = (Evidence,)

# Added by schema version 4.
TABLES_V4: tuple[type[BaseModel], ...] = (SheetReceipt,)

# Added by schema version 5 (with task.closed_on).
TABLES_V5: tuple[type[BaseModel], ...] = (ExtensionRequest, ClosureRequest, SupervisionNotice, TaskLink)

# Added by schema version 6 (with task.version and evidence.content).
TABLES_V6: tuple[type[BaseModel], ...] = (Account, AuditEntry, Setting)

# Added by schema version 8 (with plan.review_state, reviewed_by, reviewed_at and
# task.edited_fields, withdrawn_reason, added_by_office).
TABLES_V8: tuple[type[BaseModel], ...] = (PlanSource, TaskDifference)

# Added by schema version 10.
TABLES_V10: tuple[type[BaseModel], ...] = (SignInThrottle,)
