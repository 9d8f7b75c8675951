"""Unit lists as written, split and given their roles (data/units.tsv)."""
from pathlib import Path

import pytest

from importers.units import parse_units

ROWS = [line.split("\t") for line in (Path(__file__).parent / "data" / "units.tsv").read_text(
    encoding="utf-8").splitlines() if line and not line.startswith("#")]


def names(cell: str) -> list[str]:
    return [name for name in cell.split("|") if name]


@pytest.mark.parametrize("written, lead, responsible, cooperating", ROWS, ids=[row[0][:12] for row in ROWS])
def test_units(written: str, lead: str, responsible: str, cooperating: str) -> None:
    roles = parse_units(written.replace("\\n", "\n"))
    assert (roles.lead, roles.responsible, roles.cooperating) == (names(lead), names(responsible),
                                                                   names(cooperating))
