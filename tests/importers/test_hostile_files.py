"""Files made to hurt the reader (issue 12 §2, §4): zip bombs, archives whose
directory lies, devices and FIFOs. Each is refused with one line naming the
file, quickly and without holding the bomb in memory."""
from __future__ import annotations

import io
import os
import threading
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from importers import reading, zip_limits
from importers.docx_reader import docx_text
from importers.errors import ImportFileError
from importers.reading import read_source
from importers.xlsx_reader import xlsx_text

from .hostile_archives import MB, archive, docx_bomb, lying, many_parts, paragraphs, xlsx_bomb


def refused(path: Path, problem: str) -> ImportFileError:
    with pytest.raises(ImportFileError, match=problem) as caught:
        read_source(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    return caught.value


def test_a_docx_inflating_a_thousand_times_is_refused_before_parsing(tmp_path):
    bomb = tmp_path / "通知.docx"
    bomb.write_bytes(docx_bomb(64 * MB))
    assert bomb.stat().st_size < MB
    tracemalloc.start()
    try:
        refused(bomb, "压缩炸弹")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * MB              # the declared sizes were enough: nothing was inflated


def test_an_xlsx_bomb_is_refused(tmp_path):
    bomb = tmp_path / "任务分解表.xlsx"
    bomb.write_bytes(xlsx_bomb(64 * MB))
    refused(bomb, "压缩炸弹")
    with pytest.raises(ImportFileError, match="压缩炸弹"):
        xlsx_text(bomb.read_bytes(), bomb)


def test_a_member_claiming_one_kilobyte_is_stopped_at_its_claim(tmp_path):
    """64 MB of paragraphs declared as 1 KB: the running count stops it, the parser never sees it."""
    hidden = lying(docx_bomb(64 * MB), "word/document.xml", 1024)
    assert zipfile.ZipFile(io.BytesIO(hidden)).getinfo("word/document.xml").file_size == 1024
    bomb = tmp_path / "通知.docx"
    bomb.write_bytes(hidden)
    tracemalloc.start()
    try:
        refused(bomb, "与声明的大小")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * MB
    with pytest.raises(ImportFileError, match="与声明的大小"):
        docx_text(hidden, bomb)


def test_a_member_claiming_more_than_it_holds_is_refused(tmp_path):
    small = archive({"[Content_Types].xml": b"<Types/>", "word/document.xml": paragraphs(4096)})
    bomb = tmp_path / "通知.docx"
    bomb.write_bytes(lying(small, "word/document.xml", 50_000))
    refused(bomb, "与声明的大小")


def test_parts_over_the_total_cap_are_refused_even_when_each_is_plain(tmp_path, monkeypatch):
    monkeypatch.setattr(zip_limits, "MAX_TOTAL", 4 * MB)
    pictures = tmp_path / "图片.docx"
    pictures.write_bytes(many_parts(2 * MB, 3))
    refused(pictures, "超过 4 MB 上限")


def test_the_running_count_stops_parts_whose_claims_were_lowered(monkeypatch):
    """Three 2 MB parts declared as 1 MB each pass the declared total of 4 MB;
    zipfile stops each at its claim and the CRC fails: refused either way."""
    monkeypatch.setattr(zip_limits, "MAX_TOTAL", 4 * MB)
    honest = many_parts(2 * MB, 1)
    assert zip_limits.zip_problem(honest) is None
    lowered = many_parts(2 * MB, 3)
    for number in range(3):
        lowered = lying(lowered, f"word/media/image{number}.png", 1 * MB)
    assert "与声明的大小" in zip_limits.zip_problem(lowered)


def test_too_many_members_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(zip_limits, "MAX_MEMBERS", 50)
    crowd = tmp_path / "通知.docx"
    crowd.write_bytes(archive({"word/document.xml": b"<w:document/>",
                               **{f"word/part{number}.xml": b"" for number in range(60)}}))
    refused(crowd, "超过 50 个上限")


def test_a_damaged_member_is_one_line(tmp_path):
    data = bytearray(archive({"[Content_Types].xml": b"<Types/>", "word/document.xml": paragraphs(200_000)}))
    start = data.find(b"word/document.xml") + len("word/document.xml")    # its local header's name, then data
    data[start + 100:start + 400] = b"\xff" * 300
    broken = tmp_path / "通知.docx"
    broken.write_bytes(bytes(data))
    refused(broken, "已损坏")


def test_the_ratio_is_judged_only_above_its_floor():
    """A small part may be as compressible as it likes; above the floor it may not."""
    small = archive({"word/document.xml": paragraphs(zip_limits.RATIO_FLOOR - 4096)})
    assert zip_limits.zip_problem(small) is None
    large = archive({"word/document.xml": paragraphs(3 * MB)})
    assert "压缩炸弹" in zip_limits.zip_problem(large)


# -- devices and FIFOs ---------------------------------------------------------------------------

def test_a_fifo_is_refused_without_being_opened(tmp_path):
    fifo = tmp_path / "plan.txt"
    os.mkfifo(fifo)
    outcome: list[BaseException | object] = []

    def read() -> None:
        try:
            outcome.append(read_source(fifo))
        except BaseException as error:          # handed to the test thread
            outcome.append(error)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=10)
    if reader.is_alive():
        # Blocked in open(): a writer releases it, so the test run does not hang.
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        reader.join(timeout=10)
        pytest.fail("read_source blocked on a FIFO")
    (error,) = outcome
    assert isinstance(error, ImportFileError)
    assert str(error).startswith(f"{fifo}: ") and "不是普通文件" in str(error)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")
def test_dev_zero_is_refused_by_name_and_through_a_link(tmp_path):
    refused(Path("/dev/zero"), "不是普通文件")
    link = tmp_path / "plan.txt"
    link.symlink_to("/dev/zero")
    refused(link, "不是普通文件")


def test_a_file_larger_than_it_says_is_stopped_at_the_cap(tmp_path, monkeypatch):
    """The size the file system states is checked, but the bytes read decide:
    a file growing while read (or a size reported as 0) stops at the cap."""
    monkeypatch.setattr(reading, "MAX_BYTES", 4096)
    big = tmp_path / "plan.txt"
    big.write_text("加强督查督办。\n" * 2000, encoding="utf-8")
    refused(big, "文件过大")
    real_fstat = os.fstat

    def says_empty(descriptor: int) -> os.stat_result:
        stated = list(real_fstat(descriptor))
        stated[6] = 0                                                  # st_size, as /proc and devices say
        return os.stat_result(stated)

    monkeypatch.setattr(os, "fstat", says_empty)
    refused(big, "文件过大")
    small = tmp_path / "short.txt"
    small.write_text("加强督查督办。\n", encoding="utf-8")
    assert read_source(small).text == "加强督查督办。\n"
