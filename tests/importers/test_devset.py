"""Eighteen real documents from other places (../shared/devset, copied to
data/devset with its gold): layouts no rule was written for. The importer
must read their classes of layout, not these documents; the figures here
guard against a change that reads the seeds and loses the rest."""
import json
from pathlib import Path

import pytest

from importers.pipeline import extract_file

from . import score_extraction

DEVSET = Path(__file__).parent / "data" / "devset"


@pytest.fixture(scope="module")
def scores():
    predicted = []
    for document in sorted((DEVSET / "docs").glob("*.txt")):
        predicted.extend(task.to_json() for task in extract_file(document).tasks)
    gold = [json.loads(line) for path in sorted((DEVSET / "gold").glob("*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows, all_fields, _errors, _unmatched, _counts = score_extraction.score(gold, predicted)
    return rows, all_fields


def test_tasks_are_found(scores):
    rows, _all_fields = scores
    assert rows["task"][2] >= 0.90


def test_units_and_deadlines_are_right(scores):
    _rows, all_fields = scores
    assert all_fields >= 0.80
