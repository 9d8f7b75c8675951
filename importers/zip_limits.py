"""Refuse zip bombs before a parser unpacks them.

A .docx, .xlsx or backup is a zip archive, and python-docx and openpyxl
unpack every member into memory: a 0.8 MB .docx of 256 MB of paragraphs
ran for minutes at 5 GB. The archive is checked first against a cap on all
members together, a cap on the number of members and a cap on how far one
member may inflate beyond its compressed size. Sizes in the archive's
directory can lie, so every member is also inflated once, in chunks, with
a running count: a member that claims 1 KB and holds 1 GB is stopped at
the cap, never held whole. (Python's zipfile already ends a member's
stream at its declared size and then fails the CRC: that too is refused.)
"""
from __future__ import annotations

import io
import os
import zipfile
import zlib
from collections.abc import Callable

from .errors import ImportFileError

MB = 1024 * 1024
# A plan or a task workbook is a few MB unpacked; Word files with scanned
# pictures reach tens of MB. 200 MB unpacked is not a plan.
MAX_TOTAL = 200 * MB
# Office XML deflates 5-20 times, pictures hardly at all; a member inflating
# more than 100 times is made to inflate (a run of one repeated paragraph).
# Small members (a styles part, 40 KB of spaces) may be very compressible
# and cost nothing, so the ratio is judged only above RATIO_FLOOR.
MAX_RATIO = 100
RATIO_FLOOR = 1 * MB
# A .docx has tens of parts; a directory of 100 000 empty names is an attack
# on the parser's per-part bookkeeping.
MAX_MEMBERS = 10_000
_CHUNK = 1 * MB

ErrorFactory = Callable[[str, str], Exception]


def check_zip(archive: bytes | str | os.PathLike, shown: str | os.PathLike,
              error: ErrorFactory = ImportFileError, *, max_total: int | None = None,
              max_ratio: int | None = None, max_members: int | None = None) -> None:
    """Raise ``error(shown, problem)`` if the archive (its bytes or its path)
    unpacks to more than ``max_total`` bytes, holds more than ``max_members``
    members, has a member inflating more than ``max_ratio`` times, or a member
    whose data does not match its declared size or cannot be inflated.
    Bytes that are not a zip at all pass here: the parser says so in its
    own words (a corrupt Word file, a corrupt workbook). The caps default
    to this module's MAX_TOTAL, MAX_RATIO and MAX_MEMBERS."""
    problem = zip_problem(archive, max_total=max_total, max_ratio=max_ratio, max_members=max_members)
    if problem is not None:
        raise error(os.fspath(shown), problem)


def zip_problem(archive: bytes | str | os.PathLike, *, max_total: int | None = None,
                max_ratio: int | None = None, max_members: int | None = None) -> str | None:
    """The one-line problem check_zip would report, or None."""
    max_total = MAX_TOTAL if max_total is None else max_total
    max_ratio = MAX_RATIO if max_ratio is None else max_ratio
    max_members = MAX_MEMBERS if max_members is None else max_members
    source = io.BytesIO(archive) if isinstance(archive, (bytes, bytearray)) else archive
    try:
        zipped = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, EOFError, ValueError, OSError):
        return None                  # not a readable zip at all: the parser says so in its words
    with zipped:
        members = zipped.infolist()
        if len(members) > max_members:
            return f"压缩包中有 {len(members)} 个文件，超过 {max_members} 个上限 (too many members: refused)"
        declared = sum(member.file_size for member in members)
        if declared > max_total:
            return _too_large(max_total, f"{declared // MB} MB")
        for member in members:
            if _ratio_exceeded(member.file_size, member.compress_size, max_ratio):
                return _too_compressed(member, max_ratio)
        total = 0
        for member in members:
            try:
                problem, inflated = _inflate_counting(zipped, member, max_total - total, max_total, max_ratio)
            except zipfile.BadZipFile as exc:
                # zipfile ends a member's stream at its declared size, then checks
                # the CRC: a member holding more than it declares fails here, and
                # so does one damaged in transit.
                return _not_as_declared(member, str(exc))
            except (zlib.error, EOFError) as exc:
                return f"压缩包中的 {member.filename} 已损坏，无法解压 (corrupt member: {exc})"
            except (NotImplementedError, RuntimeError, ValueError):
                return None          # encrypted or an unknown method: the parser says which
            if problem is not None:
                return problem
            total += inflated
    return None


def _inflate_counting(zipped: zipfile.ZipFile, member: zipfile.ZipInfo, allowance: int,
                      max_total: int, max_ratio: int) -> tuple[str | None, int]:
    """(problem, bytes inflated), reading in chunks and stopping at the first problem."""
    count = 0
    with zipped.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            count += len(chunk)
            if count > allowance:
                return _too_large(max_total), count
            if count > member.file_size:
                return _not_as_declared(member, f"more than {member.file_size} bytes"), count
            if _ratio_exceeded(count, member.compress_size, max_ratio):
                return _too_compressed(member, max_ratio), count
    if count != member.file_size:
        return _not_as_declared(member, f"{count} bytes, not {member.file_size}"), count
    return None, count


def _ratio_exceeded(size: int, compressed: int, max_ratio: int) -> bool:
    return size > RATIO_FLOOR and size > max_ratio * max(compressed, 1)


def _too_large(cap: int, declared: str = "") -> str:
    size = f"声明达 {declared}，" if declared else ""
    return (f"压缩包解压后{size}超过 {cap // MB} MB 上限，疑为压缩炸弹 "
            f"(unpacks to more than {cap // MB} MB: refused)")


def _too_compressed(member: zipfile.ZipInfo, max_ratio: int) -> str:
    return (f"压缩包中的 {member.filename} 压缩比超过 {max_ratio} 倍（{member.compress_size} 字节"
            f"解压为 {member.file_size} 字节），疑为压缩炸弹 (member inflates too far: refused)")


def _not_as_declared(member: zipfile.ZipInfo, detail: str) -> str:
    return (f"压缩包中的 {member.filename} 已损坏或被篡改：内容与声明的大小或校验值不符 "
            f"(member does not match its declared size or CRC: {detail})")
