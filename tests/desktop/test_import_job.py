"""The window's 导入公报 on its worker: each file stored in turn; when the registry itself fails,
the files after it are left for another import instead of each waiting on the registry again."""
from pathlib import Path

from desktop import import_job
from models.errors import RegistryError


class _Job:
    def __init__(self) -> None:
        self.heard: list[tuple[int, int, str]] = []

    def progress(self, done: int, total: int, label: str = "") -> None:
        self.heard.append((done, total, label))


def _plans(tmp_path: Path, count: int) -> list[str]:
    paths = []
    for number in range(1, count + 1):
        path = tmp_path / f"方案{number}.txt"
        path.write_text(f"某县2024年第{number}项工作方案\n1.新建城区公厕{number}座。（责任单位：县城管局）\n", encoding="utf-8")
        paths.append(str(path))
    return paths


def test_a_registry_that_fails_stops_the_import_and_names_the_files_left(tmp_path, monkeypatch) -> None:
    stored: list[str] = []

    def store(extracted, progress=None):
        stored.append(extracted.source)
        if len(stored) == 2:
            raise RegistryError(tmp_path / "registry.sqlite3", "登记册正被其他程序占用（数据库已锁定）", "locked")
        return object()

    monkeypatch.setattr(import_job, "store_extracted", store)
    monkeypatch.setattr(import_job, "file_warnings", lambda extracted: [])
    paths = _plans(tmp_path, 5)
    outcomes = import_job.import_files(paths, _Job())
    assert stored == ["方案1.txt", "方案2.txt"]                    # nothing after the failure waited on it
    assert [outcome.path for outcome in outcomes] == paths
    assert outcomes[0].error is None
    assert outcomes[1].error.startswith("方案2.txt：") and "锁定" in outcomes[1].error
    assert all(outcome.error.startswith(f"{Path(outcome.path).name}：未导入") for outcome in outcomes[2:])
