"""Read an input file as text: detect its encoding, refuse what is not text."""
from __future__ import annotations

import codecs
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from .errors import ImportFileError

# A county gazette is well under 1 MB of text; 20 MB is years of them in one
# file. Anything larger is not a plan (a database dump, a log): say so
# rather than spend minutes on it.
MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class SourceText:
    path: str
    text: str
    encoding: str
    sha256: str


def decode(data: bytes, path: str | os.PathLike = "<input>") -> tuple[str, str]:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030.

    Returns (text, encoding name). Raises ImportFileError for binary data or
    bytes that no supported encoding reads.
    """
    if not data.strip():
        raise ImportFileError(path, "文件为空 (the file is empty)")
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", path), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", path), "utf-16"
    if _looks_binary(data):
        raise ImportFileError(path, "不是文本文件，像是二进制文件 (binary file, not text)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise ImportFileError(
            path, "无法识别的文字编码，请另存为 UTF-8 或 GB18030 "
                  "(unknown encoding: save it as UTF-8 or GB18030)") from None
    if not _mostly_cjk_or_ascii(text):
        raise ImportFileError(
            path, "无法识别的文字编码，请另存为 UTF-8 或 GB18030 "
                  "(unknown encoding: save it as UTF-8 or GB18030)")
    return text, "gb18030"


def read_source(path: str | os.PathLike) -> SourceText:
    """Read a file from disk; every failure is an ImportFileError naming it."""
    file = Path(path)
    try:
        size = file.stat().st_size
        if file.is_dir():
            raise ImportFileError(path, "这是一个文件夹，不是文件 (a folder, not a file)")
        if size > MAX_BYTES:
            raise ImportFileError(
                path, f"文件过大（{size // (1024 * 1024)} MB），超过 {MAX_BYTES // (1024 * 1024)} MB 上限 "
                      "(file too large)")
        data = file.read_bytes()
    except FileNotFoundError:
        raise ImportFileError(path, "文件不存在 (no such file)") from None
    except PermissionError:
        raise ImportFileError(path, "没有读取权限 (permission denied)") from None
    except IsADirectoryError:
        raise ImportFileError(path, "这是一个文件夹，不是文件 (a folder, not a file)") from None
    except OSError as error:
        raise ImportFileError(path, f"无法读取 ({error.strerror or error})") from None
    text, encoding = decode(data, path)
    return SourceText(str(path), text, encoding, hashlib.sha256(data).hexdigest())


def _strict(data: bytes, encoding: str, path) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise ImportFileError(path, f"文件声明为 {encoding} 但内容无法按此解码 "
                                    f"(not valid {encoding})") from None


def _looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KB mean binary."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte < 9 or 13 < byte < 32)
    return controls > len(head) * 0.05


def _mostly_cjk_or_ascii(text: str) -> bool:
    """GB18030 decodes almost any bytes; real Chinese text is mostly common CJK."""
    sample = text[:20000]
    good = sum(1 for ch in sample
               if ch.isascii() or "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f"
               or "\uff00" <= ch <= "\uffef" or ch in "“”‘’…—·")
    return good >= len(sample) * 0.9
