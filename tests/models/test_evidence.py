"""Evidence files are copied beside the registry and recorded with their update."""
from pathlib import Path

import pytest

from models.registry.dialect import is_postgres
from models.supervision.evidence import IN_DATABASE, evidence_bytes, evidence_of, evidence_root, record_update_with_evidence
from models.supervision.queries import task_history
from models.registry.schema import Evidence, StatusUpdate

from models.upkeep.importing import store_extracted

from .builders import extracted, plan, task


def store_plan() -> None:
    store_extracted(extracted([plan("平政办发〔2023〕9号", "方案", [task("新建公园", responsible=("县住建局",))])]))


def first_task_id() -> int:
    from models.registry.schema import Task
    return Task.select().order_by(Task.id).first().id


def test_files_are_copied_and_recorded(registry, tmp_path):
    store_plan()
    report = tmp_path / "验收报告.pdf"
    report.write_bytes(b"%PDF-1.4 evidence")
    update = record_update_with_evidence(first_task_id(), "推进中", 50, note="已开工", who="联络员", files=[report])
    rows = evidence_of([update.id])[update.id]
    assert [row.file_name for row in rows] == ["验收报告.pdf"]
    assert evidence_bytes(rows[0]) == b"%PDF-1.4 evidence"
    if is_postgres():
        assert rows[0].stored_path.startswith(IN_DATABASE) and bytes(rows[0].content) == b"%PDF-1.4 evidence"
    else:
        stored = evidence_root().parent / rows[0].stored_path
        assert stored.read_bytes() == b"%PDF-1.4 evidence" and stored != report and rows[0].content is None
    assert task_history(first_task_id())[0].note == "已开工"


def test_missing_file_writes_nothing(registry, tmp_path):
    store_plan()
    with pytest.raises(FileNotFoundError, match="不存在"):
        record_update_with_evidence(first_task_id(), "推进中", 50, files=[tmp_path / "nowhere.pdf"])
    assert StatusUpdate.select().count() == 0 and Evidence.select().count() == 0


def test_invalid_update_removes_the_copied_file(registry, tmp_path):
    store_plan()
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"jpeg")
    with pytest.raises(ValueError):
        record_update_with_evidence(first_task_id(), "推进中", 150, files=[photo])
    assert StatusUpdate.select().count() == 0 and Evidence.select().count() == 0
    if not is_postgres():
        assert not list(Path(evidence_root()).rglob("*photo.jpg"))


def test_a_stale_form_with_evidence_writes_nothing_and_leaves_no_copy(registry, tmp_path):
    from models.supervision.listing import load_task_table
    from models.supervision.updates import StaleTaskError

    store_plan()
    seen = load_task_table().versions[0]
    record_update_with_evidence(first_task_id(), "推进中", 30, note="甲", who="甲")
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"jpeg")
    with pytest.raises(StaleTaskError, match="甲"):
        record_update_with_evidence(first_task_id(), "推进中", 50, note="乙", files=[photo], expected_version=seen)
    assert StatusUpdate.select().count() == 1 and Evidence.select().count() == 0
    if not is_postgres():
        assert not list(Path(evidence_root()).rglob("*photo.jpg"))
    update = record_update_with_evidence(first_task_id(), "推进中", 50, note="乙", files=[photo],
                                         expected_version=seen + 1)
    assert [row.file_name for row in evidence_of([update.id])[update.id]] == ["photo.jpg"]
    assert load_task_table().versions == [seen + 2]
