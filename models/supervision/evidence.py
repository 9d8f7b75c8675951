"""Evidence files (佐证材料), recorded with the status update they support.

Embedded registry: the file is copied into the registry's folder before the
transaction and removed if the transaction fails, so no update points at a
missing file and no orphan file stays behind.

Server registry (PostgreSQL): a folder on one computer does not reach the
other departments, so the file's bytes go into the evidence row itself, in
the update's transaction (all or nothing by construction).
"""
from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from models.access.actor import acting, Actor
from models.registry.dialect import is_postgres
from models.errors import InvalidInput, translate_errors
from models.access.permissions import require_can_update
from models.registry.schema import Evidence, StatusUpdate, db
from models.supervision.updates import validate_update, write_update

EVIDENCE_FOLDER = "evidence"
IN_DATABASE = "db:"            # stored_path prefix of evidence kept in a server registry
MAX_STORED_BYTES = 50 << 20    # one file in a server registry


def evidence_root() -> Path:
    """<registry folder>/evidence for the open embedded registry."""
    if is_postgres():
        raise InvalidInput("服务器登记册的佐证材料保存在数据库中，没有本地文件夹 (evidence is stored in the server)")
    return Path(db.database).resolve().parent / EVIDENCE_FOLDER


def _read(source: Path) -> tuple[bytes, str]:
    size = source.stat().st_size
    if size > MAX_STORED_BYTES:
        raise InvalidInput(f"佐证材料过大（{size / (1 << 20):.0f} MB，上限 {MAX_STORED_BYTES >> 20} MB）：{source}")
    content = source.read_bytes()
    return content, hashlib.sha256(content).hexdigest()


def _write_in_database(actor: Actor, task_id: int, status: str, progress: int, note: str, who: str,
                       department: int | str | None, completed_on: date | None,
                       files: Sequence[Path], propagate: bool, audited: bool,
                       expected_version: int | None = None) -> StatusUpdate:
    read = [(source.name, *_read(source)) for source in files]
    with db.atomic("IMMEDIATE"):
        update = write_update(actor, task_id, status, progress, note=note, who=who, department=department,
                              completed_on=completed_on, propagate=propagate, audited=audited,
                              expected_version=expected_version, evidence=[name for name, *_ in read])
        for name, content, sha in read:
            Evidence.create(status_update=update.id, file_name=name, stored_path=f"{IN_DATABASE}{sha[:12]}_{name}",
                            sha256=sha, size=len(content), content=content)
    return update


def remove_unrecorded_copies(stored_paths: Sequence[str]) -> None:
    """After a rolled-back transaction: delete copies no evidence row points at (embedded registry)."""
    if is_postgres():
        return   # the bytes went with the rolled-back rows
    root = evidence_root().parent
    for path in stored_paths:
        if not Evidence.select().where(Evidence.stored_path == path).exists():
            (root / Path(path)).unlink(missing_ok=True)


def evidence_bytes(row: Evidence) -> bytes:
    """The content of one evidence file, wherever the registry keeps it."""
    if row.stored_path.startswith(IN_DATABASE):
        return bytes(row.content or b"")
    return (evidence_root().parent / row.stored_path).read_bytes()


def _copy(source: Path, task_id: int) -> tuple[Path, str, int]:
    digest = hashlib.sha256()
    with source.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    sha = digest.hexdigest()
    folder = evidence_root() / str(task_id)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{sha[:12]}_{source.name}"
    if not target.exists():
        shutil.copyfile(source, target)
    return target, sha, source.stat().st_size


@translate_errors
def record_update_with_evidence(task_id: int, status: str, progress: int, note: str = "", who: str = "",
                                department: int | str | None = None, completed_on: date | None = None,
                                files: Sequence[str | os.PathLike[str]] = (), propagate: bool = True,
                                *, expected_version: int | None = None, actor: Actor | None = None) -> StatusUpdate:
    """Append a status update with its evidence files; all or nothing.

    `propagate`: copy the update to linked tasks (models.supervision.duplicates), as
    record_status_update does; the files stay with this update only.
    `actor` (default: the signed-in one) is checked as record_status_update
    checks it, before any file is copied. `expected_version`: optimistic
    locking, as in record_status_update (StaleTaskError, nothing written).

    Raises FileNotFoundError/PermissionError (OSError) naming an unreadable
    file before anything is written.
    """
    validate_update(status, progress, completed_on)
    with db.atomic():
        actor = acting(actor)
        require_can_update(actor, task_id)   # before copying files a refused actor would leave behind
    return write_update_with_evidence(actor, task_id, status, progress, note=note, who=who, department=department,
                                      completed_on=completed_on, files=files, propagate=propagate,
                                      expected_version=expected_version)


def write_update_with_evidence(actor: Actor, task_id: int, status: str, progress: int, *, note: str = "",
                               who: str = "", department: int | str | None = None,
                               completed_on: date | None = None, files: Sequence[str | os.PathLike[str]] = (),
                               propagate: bool = False, audited: bool = True,
                               expected_version: int | None = None) -> StatusUpdate:
    """The body of :func:`record_update_with_evidence` (see :func:`models.supervision.updates.write_update`):
    files copied first, then one transaction (nested in the caller's, if any).
    A server registry keeps the bytes in the evidence rows instead."""
    sources = [Path(file) for file in files]
    for source in sources:
        if not source.is_file():
            raise FileNotFoundError(f"佐证材料不存在或不是文件：{source}")
    if is_postgres():
        return _write_in_database(actor, task_id, status, progress, note, who, department, completed_on,
                                  sources, propagate, audited, expected_version)
    copied: list[tuple[Path, str, int, str]] = []
    created: list[Path] = []
    try:
        for source in sources:
            existed = (evidence_root() / str(task_id)).exists()
            target, sha, size = _copy(source, task_id)
            if not existed:
                created.append(target.parent)
            copied.append((target, sha, size, source.name))
        with db.atomic("IMMEDIATE"):
            update = write_update(actor, task_id, status, progress, note=note, who=who, department=department,
                                  completed_on=completed_on, propagate=propagate, audited=audited,
                                  expected_version=expected_version, evidence=[name for *_, name in copied])
            root = evidence_root().parent
            for target, sha, size, name in copied:
                Evidence.create(status_update=update.id, file_name=name, stored_path=str(target.relative_to(root)),
                                sha256=sha, size=size)
        return update
    except BaseException:
        for target, *_ in copied:
            if not Evidence.select().where(Evidence.stored_path.endswith(target.name)).exists():
                target.unlink(missing_ok=True)
        for folder in created:
            if folder.exists() and not any(folder.iterdir()):
                folder.rmdir()
        raise


def evidence_of(update_ids: Sequence[int]) -> dict[int, list[Evidence]]:
    """Evidence rows per status update id."""
    found: dict[int, list[Evidence]] = {}
    if update_ids:
        for row in Evidence.select().where(Evidence.status_update.in_(list(update_ids))).order_by(Evidence.id):
            found.setdefault(row.status_update_id, []).append(row)
    return found
