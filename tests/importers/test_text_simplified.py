"""importers.text.simplified(): OpenCC's traditional→simplified characters
(resources/t2s_characters.tsv), one character for one, so offsets in the
simplified copy slice the text as written."""
from collections import Counter
from importlib import resources
from pathlib import Path

import pytest

from importers.text import simplified

ROOT = Path(__file__).resolve().parents[2]
TABLE = [line.split("\t") for line in resources.files("resources").joinpath("t2s_characters.tsv")
         .read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
SENTENCES = [line.split("\t") for line in (Path(__file__).parent / "data" / "t2s_sentences.tsv")
             .read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]


def test_every_mapped_character_becomes_one_character():
    assert len(TABLE) > 3000
    for traditional, simple in TABLE:
        assert len(traditional) == len(simple) == 1
        assert simplified(traditional) == simple
    # A long text takes the uncached path.
    assert simplified("".join(row[0] for row in TABLE)) == "".join(row[1] for row in TABLE)


@pytest.mark.parametrize("traditional, expected", SENTENCES, ids=[row[0][:8] for row in SENTENCES])
def test_sentences_read_as_opencc_converts_them(traditional: str, expected: str):
    assert simplified(traditional) == expected


def test_hong_kong_forms_and_compatibility_ideographs():
    # As OpenCC's hk2s: 衞 is Hong Kong's 衛.
    assert simplified("縣衞生健康局") == "县卫生健康局"
    # As OpenCC's t2s, which normalises compatibility ideographs (U+F900) first.
    assert simplified("\uf900") == "岂"
    # Taiwan's 著 (for 着) is also simplified Chinese's 著: it stays.
    assert simplified("成效顯著") == "成效显著"


def test_simplified_seeds_change_only_their_stray_traditional_characters():
    changed = Counter()
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        changed.update(before for before, after in zip(text, simplified(text), strict=True) if before != after)
    # Seed 004 names 乾坤湾村 (its simplified copy reads 干坤湾村; extracted names keep 乾 as
    # written) and has four traditional slips: 中小學生, 個人, 技術, 草蓆.
    assert changed == {"乾": 10, "學": 1, "個": 1, "術": 1, "蓆": 1}


def test_text_without_traditional_characters_is_not_copied():
    text = (ROOT / "seeds" / "000_71ea830a6c40bc71.txt").read_text(encoding="utf-8")
    assert simplified(text) is text
    line = "县发改局牵头，县财政局配合"
    assert simplified(line) is line
