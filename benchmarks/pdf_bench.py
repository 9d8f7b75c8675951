"""PDF reading speed against `pdftotext -layout` measured in the same run.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/pdf_bench.py [--runs 5]

Two PDFs are made the way the tests make them (tests/importers/
office_documents.py, Qt's text layout, A4): seed 001 whole (127 pages of
prose, 10.5 pt) and 偏政发〔2023〕3号 out of seed 004 (a 20-column ruled
table on landscape pages, 9 pt). For each, in turn (A B A B …, after one
warm-up each, so a drift of the machine's speed hits both alike):

- reader: importers.pdf_reader.pdf_text on the file's bytes, in this process;
- floor: `pdftotext -layout FILE -`, poppler's C++ text extraction, as a
  process (its start is a few ms of the figure), when it is installed.

It prints seconds per 100 pages (medians, wall and CPU) and the median of
the per-pair ratios reader / floor.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def make_pdfs(folder: Path) -> list[tuple[str, Path]]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))
    from PySide6.QtGui import QGuiApplication

    from tests.importers.office_documents import SEEDS, blocks_of, plan_text, write_pdf

    application = QGuiApplication.instance() or QGuiApplication([])
    seed = next(SEEDS.glob("001_*.txt"))
    prose = write_pdf(blocks_of(seed.read_text(encoding="utf-8")), folder / "seed001.pdf")
    table = write_pdf(blocks_of(plan_text("004", "偏政发〔2023〕3号")), folder / "table.pdf",
                      point_size=9, landscape=True)
    del application
    return [("seed 001, prose", prose), ("偏政发〔2023〕3号, table", table)]


def pages_of(path: Path) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        return len(document)
    finally:
        document.close()


def time_reader(path: Path) -> tuple[float, float]:
    """(wall, cpu) seconds of one pdf_text call."""
    from importers.pdf_reader import pdf_text

    data = path.read_bytes()
    wall, cpu = time.perf_counter(), time.process_time()
    pdf_text(data, path)
    return time.perf_counter() - wall, time.process_time() - cpu


def time_floor(path: Path, pdftotext: str) -> tuple[float, float]:
    """(wall, cpu) seconds of one `pdftotext -layout` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([pdftotext, "-layout", str(path), "-"], check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    pdftotext = shutil.which("pdftotext")
    with tempfile.TemporaryDirectory() as tmp:
        rows = []
        for name, path in make_pdfs(Path(tmp)):
            pages = pages_of(path)
            reader: list[tuple[float, float]] = []
            floor: list[tuple[float, float]] = []
            for run in range(args.runs + 1):          # run 0 is the warm-up
                measured = time_reader(path)
                floored = time_floor(path, pdftotext) if pdftotext else None
                if run:
                    reader.append(measured)
                    if floored:
                        floor.append(floored)
            rows.append((name, pages, reader, floor))
    per_100 = 100.0
    print(f"{'PDF':<26}{'pages':>6}{'reader s/100p':>15}{'cpu':>7}{'floor s/100p':>14}{'cpu':>7}"
          f"{'ratio':>7}{'cpu ratio':>11}")
    for name, pages, reader, floor in rows:
        scale = per_100 / pages
        line = (f"{name:<26}{pages:>6}{statistics.median(w for w, _ in reader) * scale:>15.3f}"
                f"{statistics.median(c for _, c in reader) * scale:>7.3f}")
        if floor:
            line += (f"{statistics.median(w for w, _ in floor) * scale:>14.3f}"
                     f"{statistics.median(c for _, c in floor) * scale:>7.3f}"
                     f"{statistics.median(r[0] / f[0] for r, f in zip(reader, floor)):>7.2f}"
                     f"{statistics.median(r[1] / f[1] for r, f in zip(reader, floor)):>11.2f}")
        else:
            line += f"{'(no pdftotext)':>14}"
        print(line)
    print(f"ratio: median of per-pair reader/floor seconds over {args.runs} pairs; "
          "floor: pdftotext -layout (poppler-utils)")


if __name__ == "__main__":
    main()
