"""Eighteen real documents from other places (../shared/devset, copied to
data/devset with its gold): layouts no rule was written for. The importer
must read their classes of layout, not these documents; the figures here
guard against a change that reads the seeds and loses the rest."""
from pathlib import Path

import pytest

from .test_seed_gold import score_documents

DEVSET = Path(__file__).parent / "data" / "devset"


@pytest.fixture(scope="module")
def scores():
    return score_documents(DEVSET / "docs", DEVSET / "gold")


def test_tasks_are_found(scores):
    rows, _all_fields, _counts = scores
    assert rows["task"][2] >= 0.90


def test_units_and_deadlines_are_right(scores):
    _rows, all_fields, _counts = scores
    assert all_fields >= 0.80
