"""Every shape written in traditional characters reads as it does in simplified ones, its names as it writes them.

The traditional form of each character is the one the converter wrote in the project's traditional seeds
(data/traditional), so the text is one a converter gives; a character those seeds never hold stays as it is.
Tasks are compared in simplified characters: what was read, not how it is written. Then the names come back
in the document's own characters."""
from collections import Counter, defaultdict
from importlib import resources
from pathlib import Path

import pytest

from importers.text import simplified

from .test_reflow import facts

DATA = Path(__file__).parent / "data"
CASES = sorted((DATA / "shapes").glob("*.txt"))


def _to_traditional() -> dict[int, str]:
    seen = Counter(char for path in (DATA / "traditional").glob("*.txt") for char in path.read_text(encoding="utf-8"))
    forms: dict[str, list[str]] = defaultdict(list)
    for line in resources.files("resources").joinpath("t2s_characters.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            traditional, simple = line.split("\t")
            if traditional != simple and seen[traditional]:
                forms[simple].append(traditional)
    return {ord(simple): max(written, key=seen.__getitem__) for simple, written in forms.items()}


TO_TRADITIONAL = _to_traditional()


def _simplified(rows: list[tuple]) -> list[tuple]:
    return [tuple(simplified(field) if isinstance(field, str) else
                  tuple(map(simplified, field)) if isinstance(field, tuple) else field for field in row) for row in rows]


@pytest.mark.parametrize("source", CASES, ids=[case.stem for case in CASES])
def test_a_shape_in_traditional_characters_reads_the_same(source: Path) -> None:
    text = source.read_text(encoding="utf-8")
    traditional = text.translate(TO_TRADITIONAL)
    read = facts(traditional)
    assert _simplified(read) == _simplified(facts(text))
    # (…and every name as the document writes it: in the traditional text's own characters)
    for row in read:
        for names in row[1:4]:
            for name in names:
                assert name == simplified(name).translate(TO_TRADITIONAL), name
