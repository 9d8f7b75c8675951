"""Backups of the open registry, and bringing one back (``duban backup``, ``duban restore``).

Embedded registry (SQLite): a backup is one ZIP file holding

- ``manifest.json``: ``{"format": "duban-backup", "format_version": 1,
  "schema_version": N, "created_at": ISO time, "registry": file name,
  "tasks": n, "evidence_files": n}``;
- ``registry.sqlite3``: a consistent copy of the database made with SQLite's
  online backup API while the program runs, integrity-checked, in rollback
  journal mode (one self-contained file, no ``-wal`` beside it);
- ``evidence/<task id>/<sha256[:12]>_<name>``: every evidence file
  (佐证材料) the copied database refers to, as laid out beside the registry
  (:mod:`models.supervision.evidence`).

A plain registry file can be restored as well (``registry.sqlite3.bak-v5``,
which a migration leaves behind); it carries no evidence files.

Server registry (PostgreSQL): ``pg_dump --format=custom``, restored with
``pg_restore --clean --if-exists --no-owner --single-transaction``. The
evidence bytes are in the database (``evidence.content``), so the dump is all.
The office backs a server up as itself (its role reads every table; the dump
runs with row-level security on, which lets the office see every row), but only
the database's administrator restores one: a restore drops and re-creates the
tables, their policies and triggers, which no account's role may touch
(models.registry.server_security). The roles themselves belong to the
cluster and are not in a dump: a new server gets them from ``duban server init``
before the restore.

Every backup is written beside its target under a temporary name and renamed
into place only when complete and checked, so a backup interrupted half way
never looks like a good one. A restore first checks the backup (a Duban
registry, intact, not newer than this program), keeps the registry it
replaces as a backup of its own (the *safety copy*), then brings the backup
in and migrates it when it is older. On SQLite the database comes in through
the backup API as one write transaction, so a crash leaves the old registry
or the new one, never a mixture, and other connections of this program see
the new content without reopening. Evidence files are added before the
database and never removed: files only the replaced registry used stay in
``evidence/`` (they are also in the safety copy), as the folder may serve
more than one registry file.

The daily automatic backup of an embedded registry goes to
``<registry folder>/backups/<registry name>-YYYY-MM-DD.zip``, one per day,
the newest :data:`KEEP_DAILY` kept. A server's backups are its
administrator's (``duban backup`` on a schedule).
"""
from __future__ import annotations

import functools
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path, PurePosixPath, PureWindowsPath
from urllib.parse import unquote, urlsplit, urlunsplit

from importers.zip_limits import check_zip
from models.access import audit
from models.access.actor import acting, Actor
from models.registry.departments import sync_alias_table
from models.registry.dialect import is_postgres, redact, without_credentials
from models.errors import PermissionDenied, registry_errors, RegistryError, UserError
from models.registry.migrations import backup_registry, latest_version, migrate
from models.access.permissions import require_office
from models.upkeep.schema_check import schema_difference
from models.registry.schema import Task, db

ProgressCallback = Callable[[int, int], None]

FORMAT = "duban-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE_MEMBER = "registry.sqlite3"
EVIDENCE_FOLDER = "evidence"
BACKUP_FOLDER = "backups"
KEEP_DAILY = 14

# A backup holds the registry and every evidence file (scans and photos of
# years of a county's work), so its cap is far above an imported file's;
# the ratio cap (importers/zip_limits.py) is what stops a bomb early.
MAX_BACKUP_UNPACKED = 20 * 1024 ** 3

_ZIP_MAGIC = b"PK\x03\x04"
_SQLITE_MAGIC = b"SQLite format 3\x00"
_PG_DUMP_MAGIC = b"PGDMP"
# Seconds pg_restore waits for a table another client holds before giving up
# (it would otherwise wait for ever on a busy shared server).
_PG_LOCK_TIMEOUT_MS = 30_000


class BackupError(UserError):
    """A backup cannot be made or used; the message names the file and the problem.

    ``kind``: missing, not_backup, corrupt, newer_schema, wrong_backend,
    no_tool, tool_failed, write, same_file, schema_mismatch.
    """

    def __init__(self, path: str | os.PathLike[str], problem: str, kind: str) -> None:
        self.path = os.fspath(path)
        self.problem = problem
        self.kind = kind
        super().__init__(f"{self.path}: {problem}")


@dataclass(frozen=True)
class BackupSummary:
    """What ``make_backup`` wrote."""

    path: Path
    backend: str                  # "sqlite" or "postgresql"
    schema_version: int
    tasks: int
    evidence_files: int
    missing_evidence: tuple[str, ...]   # files the registry names but its folder lacks
    size: int                     # bytes
    seconds: float


@dataclass(frozen=True)
class BackupInfo:
    """A checked backup: what it holds."""

    path: Path
    kind: str                     # "zip", "sqlite" (a plain registry file) or "pg_dump"
    schema_version: int
    created_at: str | None
    evidence_files: int


@dataclass(frozen=True)
class RestoreSummary:
    """What ``restore_backup`` did."""

    source: Path
    safety_copy: Path             # the registry as it was before, itself a backup
    schema_version: int           # of the backup
    migrated_to: int              # the registry's version now
    evidence_files: int           # files brought back into evidence/
    seconds: float


@dataclass(frozen=True)
class DailyBackup:
    """The automatic backup at start: ``problem`` is set when it failed (never raised)."""

    path: Path | None
    created: bool                 # False: today's backup existed already
    removed: tuple[Path, ...] = ()
    problem: str | None = None


# -- where the open registry lives ---------------------------------------------

def _registry_file() -> Path:
    if db.obj is None or is_postgres():
        raise RuntimeError("an embedded registry must be open")
    return Path(db.database).resolve()


def _stamp() -> str:
    return datetime.now().strftime("%Y%m%dT%H%M%S")


def _unused(path: Path) -> Path:
    """``path``, or ``path`` with -2, -3 … before its suffix: two restores within a second
    must not overwrite each other's safety copy."""
    candidate, number = path, 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
    return candidate


def _url_of_open_server() -> str:
    """The URL the open server registry was opened with (ServerDatabase keeps it as its name)."""
    return str(db.database)


# -- making a backup ---------------------------------------------------------------

def make_backup(target: str | os.PathLike[str], progress: ProgressCallback | None = None, *,
                actor: Actor | None = None) -> BackupSummary:
    """Back up the open registry to ``target`` (a file; a folder gets a dated name inside).

    Only the office may (a backup holds every department's data and the
    account table): PermissionDenied otherwise. Raises BackupError when the
    target cannot be written or a tool is missing, RegistryError when the
    registry cannot be read.
    """
    require_office(acting(actor), "备份登记册")
    return _backup(target, progress)


def _backup(target: str | os.PathLike[str], progress: ProgressCallback | None = None) -> BackupSummary:
    """make_backup without the permission check: the daily backup and the safety copy."""
    started = time.monotonic()
    if is_postgres():
        target = _resolve_target(target, _server_name(), ".dump")
        return _pg_backup(target, progress, started)
    registry = _registry_file()
    target = _resolve_target(target, registry.stem, ".zip")
    if target.resolve() in (registry, registry.with_name(f"{registry.name}-wal"),
                            registry.with_name(f"{registry.name}-shm")):
        raise BackupError(target, "备份文件不能是登记册文件本身 (the backup would overwrite the registry)",
                          "same_file")
    return _sqlite_backup(registry, target, progress, started)


def _resolve_target(target: str | os.PathLike[str], stem: str, suffix: str) -> Path:
    path = Path(target).expanduser()
    if path.is_dir():
        path = _unused(path / f"{stem}-{_stamp()}{suffix}")
    if not path.parent.is_dir():
        raise BackupError(path, f"备份所在的文件夹不存在：{path.parent} (no such folder)", "write")
    return path


@contextmanager
def _workspace(beside: Path) -> Iterator[Path]:
    """A hidden temporary folder beside ``beside`` (same disk, so the final rename is atomic)."""
    try:
        folder = Path(tempfile.mkdtemp(prefix=f".{beside.name}.partial-", dir=beside.parent))
    except OSError as exc:
        raise BackupError(beside, f"无法在 {beside.parent} 中写入 ({exc.strerror or exc})", "write") from exc
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _check_database(path: Path, shown: Path) -> tuple[int, int, list[str]]:
    """Integrity, schema version, task count and evidence paths of a database copy.

    Leaves the copy in rollback journal mode (one self-contained file)."""
    try:
        connection = sqlite3.connect(path)
    except sqlite3.Error as exc:
        raise BackupError(shown, f"无法读取备份中的登记册 ({exc})", "corrupt") from exc
    try:
        try:
            verdict = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            if verdict != ["ok"]:
                raise BackupError(shown, "备份中的登记册已损坏，完整性检查未通过 (integrity check failed: "
                                  + "; ".join(verdict[:3]) + ")", "corrupt")
            connection.execute("PRAGMA journal_mode=DELETE")
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "schema_version" not in tables:
                raise BackupError(shown, "不是督办台登记册的备份：没有结构版本表 (not a Duban registry)",
                                  "not_backup")
            version = int(connection.execute('SELECT MAX("version") FROM "schema_version"').fetchone()[0] or 0)
            tasks = int(connection.execute('SELECT COUNT(*) FROM "task"').fetchone()[0]) if "task" in tables else 0
            stored = [row[0] for row in connection.execute('SELECT "stored_path" FROM "evidence"')] \
                if "evidence" in tables else []
        except sqlite3.DatabaseError as exc:
            raise BackupError(shown, f"备份中的登记册已损坏或不是数据库 ({exc})", "corrupt") from exc
    finally:
        connection.close()
    return version, tasks, stored


def _evidence_member(stored_path: str) -> str | None:
    """The ZIP member name of an evidence file, or None for a path outside evidence/."""
    parts = PureWindowsPath(stored_path).parts if "\\" in stored_path else PurePosixPath(stored_path).parts
    if len(parts) < 2 or parts[0] != EVIDENCE_FOLDER or any(part in ("..", "") for part in parts):
        return None
    return "/".join(parts)


def _sqlite_backup(registry: Path, target: Path, progress: ProgressCallback | None,
                   started: float) -> BackupSummary:
    with _workspace(target) as work:
        copy = work / DATABASE_MEMBER
        try:
            with registry_errors(registry):
                backup_registry(db, copy)
        except OSError as exc:
            raise BackupError(target, f"无法写入备份 ({exc.strerror or exc})", "write") from exc
        version, tasks, stored = _check_database(copy, registry)
        members = sorted({member for member in map(_evidence_member, stored) if member})
        total = len(members) + 1
        if progress is not None:
            progress(1, total)
        present, missing = [], []
        for member in members:
            (present if (registry.parent / member).is_file() else missing).append(member)
        manifest = {"format": FORMAT, "format_version": FORMAT_VERSION, "schema_version": version,
                    "created_at": datetime.now().isoformat(timespec="seconds"), "registry": registry.name,
                    "tasks": tasks, "evidence_files": len(present)}
        partial = work / "backup.zip"
        try:
            with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
                archive.write(copy, DATABASE_MEMBER)
                for done, member in enumerate(present, start=2):
                    # Evidence is mostly PDF, photos and Office files: compressed already.
                    archive.write(registry.parent / member, member, compress_type=zipfile.ZIP_STORED)
                    if progress is not None:
                        progress(done, total)
            _fsync(partial)
            os.replace(partial, target)
        except OSError as exc:
            raise BackupError(target, f"无法写入备份 ({exc.strerror or exc})", "write") from exc
    return BackupSummary(target, "sqlite", version, tasks, len(present), tuple(missing),
                         target.stat().st_size, time.monotonic() - started)


def _fsync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


# -- checking a backup --------------------------------------------------------------

def _magic(path: Path) -> bytes:
    if not path.exists():
        raise BackupError(path, "备份文件不存在 (no such file)", "missing")
    if not path.is_file():
        raise BackupError(path, "不是文件 (not a file)", "not_backup")
    try:
        with path.open("rb") as handle:
            return handle.read(16)
    except OSError as exc:
        raise BackupError(path, f"无法读取备份文件 ({exc.strerror or exc})", "missing") from exc


def _check_version(path: Path, version: int) -> None:
    if version > latest_version():
        raise BackupError(path, f"备份由更新版本的督办台创建（结构版本 {version}，本程序只支持到 "
                          f"{latest_version()}），请升级程序 (backup is newer than this program)", "newer_schema")


def _check_schema(path: Path, copy: Path, version: int) -> None:
    """Refuse a backup whose tables, columns, indexes or triggers are not what the
    migrations make (say, the audit log's triggers dropped): a restore brings the
    backup's DDL in whole, and no later migration would put a trigger back."""
    connection = sqlite3.connect(copy)
    try:
        problem = schema_difference(connection, version)
    finally:
        connection.close()
    if problem is not None:
        raise BackupError(path, f"备份的数据结构与督办台结构版本 {version} 不符（{problem}），不能恢复 "
                          "(schema differs from what the migrations create)", "schema_mismatch")


def _read_zip(path: Path, work: Path) -> tuple[BackupInfo, Path, list[str]]:
    """Check a ZIP backup and extract its database into ``work``; its evidence member names too."""
    # Before anything is read from it: the manifest is read into memory and the
    # database unpacked onto disk, and a bomb would fill either.
    check_zip(path, path, functools.partial(BackupError, kind="corrupt"), max_total=MAX_BACKUP_UNPACKED)
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if MANIFEST not in names or DATABASE_MEMBER not in names:
                raise BackupError(path, "不是督办台备份：压缩包中没有登记册 (not a Duban backup)", "not_backup")
            try:
                manifest = json.loads(archive.read(MANIFEST))
            except ValueError as exc:
                raise BackupError(path, "备份说明文件已损坏 (manifest unreadable)", "corrupt") from exc
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                raise BackupError(path, "不是督办台备份 (not a Duban backup)", "not_backup")
            if int(manifest.get("format_version", 0)) > FORMAT_VERSION:
                raise BackupError(path, "备份格式比本程序新，请升级程序 (backup format is newer)", "newer_schema")
            evidence = sorted(name for name in names
                              if name.startswith(EVIDENCE_FOLDER + "/") and not name.endswith("/"))
            unsafe = [name for name in evidence if _evidence_member(name) != name]
            if unsafe:
                raise BackupError(path, f"备份中有不安全的文件路径：{unsafe[0]} (unsafe path)", "corrupt")
            archive.extract(DATABASE_MEMBER, work)
    except zipfile.BadZipFile as exc:
        raise BackupError(path, f"备份已损坏，无法解压 ({exc})", "corrupt") from exc
    except OSError as exc:
        raise BackupError(path, f"无法读取备份文件 ({exc.strerror or exc})", "corrupt") from exc
    copy = work / DATABASE_MEMBER
    version, _tasks, _stored = _check_database(copy, path)
    _check_version(path, version)
    _check_schema(path, copy, version)
    return BackupInfo(path, "zip", version, manifest.get("created_at"), len(evidence)), copy, evidence


def _read_sqlite(path: Path, work: Path) -> tuple[BackupInfo, Path, list[str]]:
    """Check a plain registry file; the check runs on a copy (the file itself is never opened)."""
    copy = work / DATABASE_MEMBER
    try:
        shutil.copyfile(path, copy)
    except OSError as exc:
        raise BackupError(path, f"无法读取备份文件 ({exc.strerror or exc})", "missing") from exc
    version, _tasks, _stored = _check_database(copy, path)
    _check_version(path, version)
    _check_schema(path, copy, version)
    return BackupInfo(path, "sqlite", version, None, 0), copy, []


def _read_embedded(path: Path, work: Path) -> tuple[BackupInfo, Path, list[str]]:
    magic = _magic(path)
    if magic.startswith(_ZIP_MAGIC):
        return _read_zip(path, work)
    if magic.startswith(_SQLITE_MAGIC):
        return _read_sqlite(path, work)
    if magic.startswith(_PG_DUMP_MAGIC):
        raise BackupError(path, "这是服务器登记册（PostgreSQL）的备份，不能恢复到本机登记册 "
                          "(a server backup cannot be restored into an embedded registry)", "wrong_backend")
    raise BackupError(path, "不是督办台备份文件 (not a Duban backup)", "not_backup")


def inspect_backup(source: str | os.PathLike[str]) -> BackupInfo:
    """Check ``source`` without touching any registry; raise BackupError naming the problem.

    Needs no open registry: ``duban restore`` checks a backup before it
    creates a registry to restore into."""
    path = Path(source).expanduser()
    magic = _magic(path)
    if magic.startswith(_PG_DUMP_MAGIC):
        return _pg_inspect(path)
    with tempfile.TemporaryDirectory(prefix="duban-check-") as work:
        info, _copy, _evidence = _read_embedded(path, Path(work))
    return info


# -- restoring ----------------------------------------------------------------------

def restore_backup(source: str | os.PathLike[str], progress: ProgressCallback | None = None,
                   safety_folder: str | os.PathLike[str] | None = None, *,
                   actor: Actor | None = None) -> RestoreSummary:
    """Replace the open registry's content with the backup at ``source``.

    Only the office may. The backup is checked first (a bad one changes
    nothing and raises BackupError); the registry as it was is kept as a
    backup in ``safety_folder`` (default: beside the registry; for a server
    registry, the user's data folder), then the backup comes in and is
    migrated when older. The restore itself is the first entry the restored
    audit log gains (who, from which file, where the replaced registry went).
    """
    actor = acting(actor)
    require_office(actor, "从备份恢复登记册")
    if is_postgres() and not _server_administrator():
        raise PermissionDenied("服务器登记册只能由数据库管理员恢复：请管理员以其地址运行 duban --db 地址 restore "
                               "(a server registry is restored by its database administrator)")
    summary = _restore(source, progress, safety_folder)
    with db.atomic("IMMEDIATE"):
        audit.record(actor, "restore", f"backup:{summary.source.name}",
                     {"safety_copy": str(summary.safety_copy)},
                     {"source": str(summary.source), "schema_version": summary.schema_version,
                      "migrated_to": summary.migrated_to, "evidence_files": summary.evidence_files},
                     f"从备份 {summary.source.name} 恢复登记册，原登记册另存为 {summary.safety_copy.name}")
    return summary


def _server_administrator() -> bool:
    with registry_errors():
        return db.execute_sql("SELECT duban_caller_role()").fetchone()[0] == "admin"


def _restore(source: str | os.PathLike[str], progress: ProgressCallback | None,
             safety_folder: str | os.PathLike[str] | None) -> RestoreSummary:
    started = time.monotonic()
    path = Path(source).expanduser()
    if is_postgres():
        return _pg_restore(path, progress, safety_folder, started)
    registry = _registry_file()
    with _workspace(registry) as work:
        info, copy, evidence = _read_embedded(path, work)
        total = len(evidence) + 2
        folder = Path(safety_folder) if safety_folder is not None else registry.parent
        safety = _backup(_unused(folder / f"{registry.name}.before-restore-{_stamp()}.zip")).path
        if progress is not None:
            progress(1, total)
        if evidence:
            _bring_evidence(path, evidence, registry.parent, progress, total)
        if db.in_transaction():
            raise RuntimeError("restore_backup inside a transaction")
        source_db = sqlite3.connect(copy)
        try:
            with registry_errors(registry):
                source_db.backup(db.connection())
        finally:
            source_db.close()
        with registry_errors(registry):
            version = migrate(db)
            sync_alias_table()
        if progress is not None:
            progress(total, total)
    return RestoreSummary(path, safety, info.schema_version, version, len(evidence), time.monotonic() - started)


def _bring_evidence(backup: Path, members: list[str], root: Path, progress: ProgressCallback | None,
                    total: int) -> None:
    """Write the backup's evidence files into the registry's folder (each whole, or not at all)."""
    try:
        with zipfile.ZipFile(backup) as archive:
            for done, member in enumerate(members, start=2):
                target = root.joinpath(*member.split("/"))
                info = archive.getinfo(member)
                if not (target.is_file() and target.stat().st_size == info.file_size):
                    target.parent.mkdir(parents=True, exist_ok=True)
                    partial = target.with_name(f".{target.name}.partial")
                    with archive.open(info) as reading, partial.open("wb") as writing:
                        shutil.copyfileobj(reading, writing)
                    os.replace(partial, target)
                if progress is not None:
                    progress(done, total)
    except OSError as exc:
        raise BackupError(root / EVIDENCE_FOLDER, f"无法写入佐证材料 ({exc.strerror or exc})", "write") from exc


# -- the daily automatic backup -------------------------------------------------------

def daily_path(day: date) -> Path:
    """Where the open embedded registry's backup of ``day`` goes."""
    registry = _registry_file()
    return registry.parent / BACKUP_FOLDER / f"{registry.stem}-{day.isoformat()}.zip"


def daily_backup(today: date | None = None, keep: int = KEEP_DAILY, *, actor: Actor | None = None) -> DailyBackup | None:
    """Today's backup of the open embedded registry, unless there is one; keep the newest ``keep``.

    Made for someone about to write: ``actor`` (default: the signed-in one)
    must be the office or a liaison, so a leader's window, or a command the
    person may not run, writes no copy of the registry (every password hash
    included) first; None then, as for a server registry. A failure is returned
    as ``problem`` (a message for people), never raised: a backup that cannot be
    written must not stop the office's work.
    """
    if db.obj is None or is_postgres():
        return None
    try:
        actor = acting(actor)
    except PermissionDenied:          # nobody signed in, or a disabled account: nobody to make it for
        return None
    if not (actor.is_office or actor.is_liaison):
        return None
    today = today or date.today()
    target = daily_path(today)
    try:
        created = not target.exists()
        if created:
            target.parent.mkdir(parents=True, exist_ok=True)
            _backup(target)
        removed = _prune(target.parent, _registry_file().stem, keep)
    except (BackupError, RegistryError) as error:
        return DailyBackup(target, False, problem=f"自动备份失败：{error}")
    except OSError as error:
        return DailyBackup(target, False, problem=f"自动备份失败：无法写入备份文件夹 {target.parent}"
                                                  f"（{error.strerror or error}）")
    return DailyBackup(target, created, removed)


def _prune(folder: Path, stem: str, keep: int) -> tuple[Path, ...]:
    pattern = re.compile(re.escape(stem) + r"-(\d{4}-\d{2}-\d{2})\.zip")
    dated = sorted((match.group(1), path) for path in folder.iterdir()
                   if (match := pattern.fullmatch(path.name)))
    old = [path for _day, path in dated[:-keep]] if keep > 0 else [path for _day, path in dated]
    for path in old:
        path.unlink()
    return tuple(old)


# -- PostgreSQL: pg_dump and pg_restore -------------------------------------------------

def _tool(name: str, path: Path) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(path, f"找不到 {name}：服务器登记册的备份与恢复需要 PostgreSQL 客户端工具，"
                          f"请安装（如 apt-get install postgresql-client）({name} not found on PATH)", "no_tool")
    return found


def _server_name() -> str:
    url = _url_of_open_server()
    return Path(urlsplit(url).path).name or "duban"


def _connection_args() -> tuple[str, dict[str, str]]:
    """The server URL without its password, and the environment carrying it
    (a password on a command line is visible to every user of the machine).
    The role and password the registry was opened with (an account signed in
    to a server) win over the URL's."""
    url = _url_of_open_server()
    parts = urlsplit(url)
    environment = dict(os.environ)
    if parts.password is not None:
        environment["PGPASSWORD"] = unquote(parts.password)
        host = parts.netloc.rsplit("@", 1)
        url = urlunsplit(parts._replace(netloc=host[0].split(":", 1)[0] + "@" + host[1]))
    signed_in = db.obj.connect_params
    if signed_in.get("user"):
        environment["PGUSER"] = signed_in["user"]
        url = without_credentials(url)
    if signed_in.get("password"):
        environment["PGPASSWORD"] = signed_in["password"]
    return url, environment


def _run_tool(command: list[str], path: Path, environment: dict[str, str] | None = None,
              what: str = "") -> subprocess.CompletedProcess[str]:
    try:
        result = subprocess.run(command, capture_output=True, text=True, env=environment)
    except OSError as exc:
        raise BackupError(path, f"无法运行 {command[0]} ({exc.strerror or exc})", "no_tool") from exc
    if result.returncode != 0:
        detail = " ".join(result.stderr.split())[:500] or f"exit {result.returncode}"
        raise BackupError(path, f"{what or Path(command[0]).name} 失败：{redact_text(detail)}", "tool_failed")
    return result


def redact_text(text: str) -> str:
    """A tool's message without any password it might echo back."""
    return re.sub(r"(postgres(?:ql)?://[^\s:@/]*:)[^@\s]*@", r"\1***@", text)


def _pg_backup(target: Path, progress: ProgressCallback | None, started: float) -> BackupSummary:
    pg_dump = _tool("pg_dump", target)
    url, environment = _connection_args()
    with registry_errors(redact(_url_of_open_server())):
        tasks = Task.select().count()
        version = int(db.execute_sql('SELECT MAX("version") FROM "schema_version"').fetchone()[0] or 0)
    with _workspace(target) as work:
        partial = work / "backup.dump"
        # Row-level security on: pg_dump would otherwise refuse any table with policies to a role that
        # does not bypass them (the office's policies show it every row).
        _run_tool([pg_dump, "--format=custom", "--no-owner", "--enable-row-security", f"--file={partial}",
                   f"--dbname={url}"], target, environment, "pg_dump 备份")
        if progress is not None:
            progress(1, 2)
        _pg_inspect(partial, shown=target)
        try:
            _fsync(partial)
            os.replace(partial, target)
        except OSError as exc:
            raise BackupError(target, f"无法写入备份 ({exc.strerror or exc})", "write") from exc
    if progress is not None:
        progress(2, 2)
    return BackupSummary(target, "postgresql", version, tasks, 0, (), target.stat().st_size,
                         time.monotonic() - started)


_COPY_SCHEMA_VERSION = re.compile(r"^COPY \S*schema_version\b.*FROM stdin;$")


def _pg_inspect(path: Path, shown: Path | None = None) -> BackupInfo:
    """Check a pg_dump archive: readable, a Duban registry, not newer than this program."""
    shown = shown or path
    pg_restore = _tool("pg_restore", shown)
    listing = _run_tool([pg_restore, "--list", str(path)], shown, what="pg_restore 读取备份").stdout
    if not re.search(r"TABLE DATA \S+ schema_version ", listing):
        raise BackupError(shown, "不是督办台登记册的备份：没有结构版本表 (not a Duban registry)", "not_backup")
    data = _run_tool([pg_restore, "--data-only", "--table=schema_version", "--file=-", str(path)], shown,
                     what="pg_restore 读取备份").stdout
    versions, inside = [], False
    for line in data.splitlines():
        if _COPY_SCHEMA_VERSION.match(line):
            inside = True
        elif inside and line == "\\.":
            inside = False
        elif inside and line:
            versions.append(int(line.split("\t", 1)[0]))
    version = max(versions, default=0)
    _check_version(shown, version)
    created = re.search(r"^;\s+Archive created at (.+)$", listing, re.MULTILINE)
    return BackupInfo(path, "pg_dump", version, created.group(1).strip() if created else None, 0)


def _pg_restore(path: Path, progress: ProgressCallback | None, safety_folder: str | os.PathLike[str] | None,
                started: float) -> RestoreSummary:
    magic = _magic(path)
    if not magic.startswith(_PG_DUMP_MAGIC):
        if magic.startswith((_ZIP_MAGIC, _SQLITE_MAGIC)):
            raise BackupError(path, "这是本机登记册（SQLite）的备份，不能恢复到服务器登记册 "
                              "(an embedded backup cannot be restored into a server registry)", "wrong_backend")
        raise BackupError(path, "不是督办台备份文件 (not a Duban backup)", "not_backup")
    info = _pg_inspect(path)
    pg_restore = _tool("pg_restore", path)
    if safety_folder is None:
        from models.registry.database import default_registry_path     # late: database imports migrations
        safety_folder = default_registry_path().parent / BACKUP_FOLDER
    folder = Path(safety_folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(folder, f"无法创建文件夹 ({exc.strerror or exc})", "write") from exc
    safety = _backup(_unused(folder / f"{_server_name()}.before-restore-{_stamp()}.dump")).path
    if progress is not None:
        progress(1, 3)
    url, environment = _connection_args()
    environment["PGOPTIONS"] = f"-c lock_timeout={_PG_LOCK_TIMEOUT_MS}"
    # One transaction: a failure half way (a lock not granted, a dropped
    # connection) leaves the registry exactly as it was.
    _run_tool([pg_restore, "--clean", "--if-exists", "--no-owner", "--single-transaction",
               f"--dbname={url}", str(path)], path, environment, "pg_restore 恢复")
    if progress is not None:
        progress(2, 3)
    with registry_errors(redact(_url_of_open_server())):
        version = migrate(db)
        sync_alias_table()
    if progress is not None:
        progress(3, 3)
    return RestoreSummary(path, safety, info.schema_version, version, 0, time.monotonic() - started)
