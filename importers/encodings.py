"""Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM or GB18030, told
apart from binary data; every failure an ImportFileError naming the file."""
from __future__ import annotations

import codecs
import os

from .errors import ImportFileError


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
    if looks_binary(data):
        raise ImportFileError(path, "不是文本文件，像是二进制文件 (binary file, not text)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        if error.reason == "unexpected end of data" and error.end == len(data) and len(data) - error.start < 4:
            # A file cut inside its last character (a download or a copy stopped short): the rest
            # is UTF-8, and the broken character goes.
            return data[:error.start].decode("utf-8"), "utf-8"
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise ImportFileError(
            path, "无法识别的文字编码，请另存为 UTF-8 或 GB18030 "
                  "(unknown encoding: save it as UTF-8 or GB18030)") from None
    if not mostly_cjk_or_ascii(text):
        raise ImportFileError(
            path, "无法识别的文字编码，请另存为 UTF-8 或 GB18030 "
                  "(unknown encoding: save it as UTF-8 or GB18030)")
    return text, "gb18030"


def _strict(data: bytes, encoding: str, path) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise ImportFileError(path, f"文件声明为 {encoding} 但内容无法按此解码 "
                                    f"(not valid {encoding})") from None


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KB mean binary."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte < 9 or 13 < byte < 32)
    return controls > len(head) * 0.05


def mostly_cjk_or_ascii(text: str) -> bool:
    """GB18030 decodes almost any bytes; real Chinese text is mostly common CJK."""
    sample = text[:20000]
    good = sum(1 for ch in sample
               if ch.isascii() or "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f"
               or "\uff00" <= ch <= "\uffef" or ch in "“”‘’…—·")
    return good >= len(sample) * 0.9
