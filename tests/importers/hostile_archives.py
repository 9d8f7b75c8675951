"""Hostile zip archives built in the test run: bombs and archives whose directory lies.

Shared by the importer tests and the registry tests (backups, status sheets).
"""
from __future__ import annotations

import io
import random
import struct
import zipfile

MB = 1024 * 1024
_CENTRAL_HEADER = b"PK\x01\x02"
_UNCOMPRESSED_SIZE_AT = 24        # offset of the uncompressed size in a central directory entry


def archive(members: dict[str, bytes]) -> bytes:
    """A deflated zip of the given members."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zipped:
        for name, data in members.items():
            zipped.writestr(name, data)
    return buffer.getvalue()


def paragraphs(size: int) -> bytes:
    """A document.xml of one paragraph repeated to ``size`` bytes: deflates about 1000 times."""
    paragraph = b"<w:p><w:r><w:t>" + "加强督查督办工作。".encode() + b"</w:t></w:r></w:p>"
    body = paragraph * (size // len(paragraph))
    return (b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
            b'wordprocessingml/2006/main"><w:body>' + body + b"</w:body></w:document>")


def docx_bomb(size: int = 64 * MB) -> bytes:
    """A .docx (by its member names) whose document.xml inflates to ``size`` bytes."""
    return archive({"[Content_Types].xml": b"<Types/>", "word/document.xml": paragraphs(size)})


def xlsx_bomb(size: int = 64 * MB) -> bytes:
    """An .xlsx (by its member names) whose sheet inflates to ``size`` bytes of one repeated row."""
    row = b'<row><c t="inlineStr"><is><t>' + "建设供水工程".encode() + b"</t></is></c></row>"
    sheet = b"<worksheet><sheetData>" + row * (size // len(row)) + b"</sheetData></worksheet>"
    return archive({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>",
                    "xl/worksheets/sheet1.xml": sheet})


def lying(data: bytes, member: str, claimed: int) -> bytes:
    """The archive with ``member``'s uncompressed size in the central directory
    patched to ``claimed`` (its local header and data left as they were)."""
    patched = bytearray(data)
    name = member.encode()
    at = patched.find(_CENTRAL_HEADER)
    while at != -1:
        name_length = struct.unpack_from("<H", patched, at + 28)[0]
        if patched[at + 46:at + 46 + name_length] == name:
            struct.pack_into("<I", patched, at + _UNCOMPRESSED_SIZE_AT, claimed)
            return bytes(patched)
        at = patched.find(_CENTRAL_HEADER, at + 4)
    raise ValueError(f"{member} not in the archive")


def many_parts(size_each: int, count: int) -> bytes:
    """A .docx of pictures that do not compress (as photos do not): each part
    is under the ratio cap, all of them together are large."""
    rng = random.Random(12)
    members = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}
    for number in range(count):
        members[f"word/media/image{number}.png"] = rng.randbytes(size_each)
    return archive(members)
