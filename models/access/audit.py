"""The audit log: every change to the registry, with who, when, what before and what after.

Entries are written by the function that makes the change, in the same
transaction, so a change that rolls back leaves no entry and no change goes
unrecorded. The table refuses UPDATE and DELETE (schema v6 triggers); this
module only appends and reads. On a server an entry is written by the
database's ``duban_audit``, which takes the signed-in account as its actor,
and every row change is logged underneath by triggers; a change made around
Duban is described in this log as ``direct_change``
(:mod:`models.registry.server_security`). Before and after are JSON objects
(``ensure_ascii=False``: the log is read by people); a password or its hash
never goes in.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from models.access.actor import acting
from models.access.permissions import require_office
from models.errors import InvalidInput, translate_errors
from models.registry.dialect import is_postgres
from models.registry.schema import AuditEntry, db, now

if TYPE_CHECKING:
    from models.access.actor import Actor

# Every kind of entry, with its name for people (the office's audit view filters on these).
ACTIONS: dict[str, str] = {
    "import": "导入方案",
    "status_update": "更新进展",
    "extension_request": "申请延期",
    "extension_decision": "审批延期",
    "closure_request": "申请办结",
    "closure_decision": "办结审核",
    "notice": "督办单",
    "link": "关联任务",
    "unlink": "取消关联",
    "merge": "合并单位",
    "department": "新增单位",
    "department_change": "修改单位",
    "account_create": "新建账户",
    "account_password": "修改密码",
    "account_active": "停用或启用账户",
    "account_unlock": "解锁账户",
    "sign_in": "登录",
    "sign_in_failure": "登录失败",
    "setting": "修改设置",
    "restore": "从备份恢复",
    "review": "导入审核",
    "task_edit": "修改任务",
    "task_add": "新增任务",
    "task_split": "拆分任务",
    "task_merge": "合并任务",
    "task_withdraw": "撤销任务",
    "task_difference": "处理导入差异",
    "direct_change": "数据库直接修改",      # written by a server's own trigger, never by Duban
}


@dataclass(frozen=True)
class AuditRecord:
    """One entry as read back; ``before``/``after`` are the stored objects (None when absent)."""

    id: int
    at: datetime
    actor: str
    action: str
    target: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    summary: str

    @property
    def action_label(self) -> str:
        return ACTIONS.get(self.action, self.action)


def actions() -> dict[str, str]:
    """The kinds of entries (action -> name for people), in a stable order."""
    return dict(ACTIONS)


def _check_no_secret(value: object) -> None:
    # A password in the log would outlive any change of it: a bug, refused loudly.
    if isinstance(value, dict):
        for key, inner in value.items():
            if "password" in str(key).lower():
                raise InvalidInput(f"审计记录不能包含密码字段：{key}")
            _check_no_secret(inner)
    elif isinstance(value, (list, tuple)):
        for inner in value:
            _check_no_secret(inner)


def _json(value: dict[str, Any] | None) -> str | None:
    if value is None:
        return None
    _check_no_secret(value)
    return json.dumps(value, ensure_ascii=False, default=str)


def record(actor: Actor, action: str, target: str, before: dict[str, Any] | None,
           after: dict[str, Any] | None, summary: str) -> int:
    """Append one entry; call it inside the transaction that makes the change. Returns its id."""
    if action not in ACTIONS:
        raise InvalidInput(f"未知的审计类别：{action}")
    if is_postgres():
        return int(db.execute_sql("SELECT duban_audit(?, ?, ?, ?, ?, ?, ?)",
                                  (now(), actor.username, action, target, _json(before), _json(after), summary))
                   .fetchone()[0])
    return int(AuditEntry.insert(at=now(), actor=actor.username, action=action, target=target,
                                 before=_json(before), after=_json(after), summary=summary).execute())


def _datetime(value: str | datetime) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def _start(day: date | datetime) -> datetime:
    return day if isinstance(day, datetime) else datetime.combine(day, time.min)


@translate_errors
def entries(actor: Actor | None = None, limit: int = 200, offset: int = 0, action: str | None = None,
            who: str | None = None, since: date | datetime | None = None,
            until: date | datetime | None = None) -> list[AuditRecord]:
    """The newest entries first (office only); ``until`` as a day includes that day."""
    require_office(acting(actor), "查看审计记录")
    query = AuditEntry.select()
    if action:
        query = query.where(AuditEntry.action == action)
    if who:
        query = query.where(AuditEntry.actor == who)
    if since is not None:
        query = query.where(AuditEntry.at >= _start(since))
    if isinstance(until, datetime):
        query = query.where(AuditEntry.at <= until)
    elif until is not None:
        query = query.where(AuditEntry.at < _start(until + timedelta(days=1)))
    rows = query.order_by(AuditEntry.id.desc()).limit(max(0, limit)).offset(max(0, offset))
    return [AuditRecord(row.id, _datetime(row.at), row.actor, row.action, row.target,
                        json.loads(row.before) if row.before is not None else None,
                        json.loads(row.after) if row.after is not None else None, row.summary)
            for row in rows]
