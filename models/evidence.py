"""Evidence files (佐证材料): copied into the registry's folder, recorded with
the status update they support. The copy happens before the transaction and
is removed if the transaction fails, so no update points at a missing file
and no orphan file stays behind."""
from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from models.accounts import Actor, acting
from models.errors import translate_errors
from models.permissions import require_can_update
from models.schema import Evidence, StatusUpdate, db
from models.updates import validate_update, write_update

EVIDENCE_FOLDER = "evidence"


def evidence_root() -> Path:
    """<registry folder>/evidence for the open registry."""
    return Path(db.database).resolve().parent / EVIDENCE_FOLDER


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
                                *, actor: Actor | None = None) -> StatusUpdate:
    """Append a status update with its evidence files; all or nothing.

    `propagate`: copy the update to linked tasks (models.duplicates), as
    record_status_update does; the files stay with this update only.
    `actor` (default: the signed-in one) is checked as record_status_update
    checks it, before any file is copied.

    Raises FileNotFoundError/PermissionError (OSError) naming an unreadable
    file before anything is written.
    """
    validate_update(status, progress, completed_on)
    with db.atomic():
        actor = acting(actor)
        require_can_update(actor, task_id)   # before copying files a refused actor would leave behind
    return write_update_with_evidence(actor, task_id, status, progress, note=note, who=who, department=department,
                                      completed_on=completed_on, files=files, propagate=propagate)


def write_update_with_evidence(actor: Actor, task_id: int, status: str, progress: int, *, note: str = "",
                               who: str = "", department: int | str | None = None,
                               completed_on: date | None = None, files: Sequence[str | os.PathLike[str]] = (),
                               propagate: bool = False, audited: bool = True) -> StatusUpdate:
    """The body of :func:`record_update_with_evidence` (see :func:`models.updates.write_update`):
    files copied first, then one transaction (nested in the caller's, if any)."""
    copied: list[tuple[Path, str, int, str]] = []
    created: list[Path] = []
    try:
        for file in files:
            source = Path(file)
            if not source.is_file():
                raise FileNotFoundError(f"佐证材料不存在或不是文件：{source}")
            existed = (evidence_root() / str(task_id)).exists()
            target, sha, size = _copy(source, task_id)
            if not existed:
                created.append(target.parent)
            copied.append((target, sha, size, source.name))
        with db.atomic("IMMEDIATE"):
            update = write_update(actor, task_id, status, progress, note=note, who=who, department=department,
                                  completed_on=completed_on, propagate=propagate, audited=audited,
                                  evidence=[name for *_, name in copied])
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
