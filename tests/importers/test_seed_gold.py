"""The five seed gazettes against their hand-checked gold (../shared/gold,
copied to data/gold with the office's scorer): the importer's headline."""
import json
from pathlib import Path

import pytest

from importers.pipeline import extract_file

from . import score_extraction

ROOT = Path(__file__).resolve().parents[2]
GOLD = Path(__file__).parent / "data" / "gold"


def score_documents(documents: Path, gold: Path):
    """(rows, all-fields, counts) of the office's scorer for every .txt in `documents`
    against every .jsonl in `gold`."""
    predicted = [task.to_json() for document in sorted(documents.glob("*.txt"))
                 for task in extract_file(document).tasks]
    records = [json.loads(line) for path in sorted(gold.glob("*.jsonl"))
               for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows, all_fields, _errors, _unmatched, counts = score_extraction.score(records, predicted)
    return rows, all_fields, counts


@pytest.fixture(scope="module")
def scores():
    return score_documents(ROOT / "seeds", GOLD)


def test_every_gold_task_is_found(scores):
    rows, _all_fields, counts = scores
    assert counts["matched"] == counts["gold_tasks"]
    assert rows["task"][2] >= 0.97


def test_units_and_deadlines_are_right(scores):
    _rows, all_fields, _counts = scores
    assert all_fields >= 0.95


TRADITIONAL = Path(__file__).parent / "data" / "traditional"


def test_seeds_in_traditional_characters():
    """Two seeds and their gold converted to traditional characters (by a converter,
    with its known slips such as 配閤 and 附錶): the same tasks, units as written."""
    _rows, all_fields, counts = score_documents(TRADITIONAL, TRADITIONAL)
    assert counts["matched"] == counts["gold_tasks"]
    assert all_fields >= 0.95
