"""Every layout EXTRACTION.md names, as a small input beside its expected tasks.

Each `data/shapes/NAME.txt` is extracted and compared, task by task, with
`data/shapes/NAME.expected.jsonl` (units by role, deadline, recurrence, a
phrase the task's text must start with, and where given one it must end with).
"""
import json
from pathlib import Path

import pytest

from importers.pipeline import extract_file

SHAPES = Path(__file__).parent / "data" / "shapes"
CASES = sorted(SHAPES.glob("*.txt"))


@pytest.mark.parametrize("source", CASES, ids=[case.stem for case in CASES])
def test_shape(source: Path) -> None:
    expected = [json.loads(line) for line in
                source.with_suffix(".expected.jsonl").read_text(encoding="utf-8").splitlines() if line]
    got = [task.to_json() for task in extract_file(source).tasks]
    assert len(got) == len(expected), [task["text"] for task in got]
    for want, task in zip(expected, got):
        assert task["text"].startswith(want["anchor"]), task["text"]
        assert task["text"].endswith(want.get("ends", "")), task["text"]
        for field in ("lead", "responsible", "cooperating", "deadline", "recurrence"):
            assert task[field] == want[field], (want["anchor"], field)
