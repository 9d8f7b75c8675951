"""Extraction quality as the office measures it: `duban extract` on the seeds and on
the devset (real documents from other places), scored by the office's scorer.

    .venv/bin/python benchmarks/extraction_score.py [--errors N]

The extractor never sees the gold: it runs as a separate process on the
documents alone; the gold is read only by the scorer afterwards.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "importers" / "data"
SETS = {
    "seeds": (sorted((ROOT / "seeds").glob("*.txt")), DATA / "gold"),
    "devset": (sorted((DATA / "devset" / "docs").glob("*.txt")), DATA / "devset" / "gold"),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", type=int, default=0, help="list up to N mismatches per set")
    args = parser.parse_args()
    duban = Path(sys.executable).with_name("duban")
    scorer = DATA.parent / "score_extraction.py"
    for name, (documents, gold) in SETS.items():
        with tempfile.NamedTemporaryFile("w+", suffix=".jsonl") as predicted:
            subprocess.run([str(duban), "extract", *map(str, documents), "--jsonl"], stdout=predicted,
                           stderr=subprocess.DEVNULL, check=True)
            print(f"== {name}: {len(documents)} documents")
            sys.stdout.flush()
            subprocess.run([sys.executable, str(scorer), str(gold), predicted.name, "--errors", str(args.errors)],
                           check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
