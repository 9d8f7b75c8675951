"""Read an input file as text: plain text in any common Chinese encoding,
Word (.docx, and .doc/.rtf through LibreOffice) and PDF with a text layer.

The format is told by the file's first bytes, not its name: plans arrive
as attachments renamed by mail clients and chat apps.
"""
from __future__ import annotations

import codecs
import hashlib
import os
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .errors import ImportFileError

# A county gazette is well under 1 MB of text; 20 MB is years of them in one
# file. Anything larger is not a plan (a database dump, a log): say so
# rather than spend minutes on it.
MAX_BYTES = 20 * 1024 * 1024
# Word and PDF files carry pictures (scanned seals, photos) beside the text.
MAX_OFFICE_BYTES = 200 * 1024 * 1024

TEXT, DOCX, PDF, DOC, RTF = "text", "docx", "pdf", "doc", "rtf"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"        # old Office (.doc, .xls, .wps) and encrypted .docx
_ZIP = b"PK\x03\x04"
_OFFICE_SUFFIXES = {".docx": DOCX, ".docm": DOCX, ".dotx": DOCX, ".pdf": PDF, ".doc": DOC, ".wps": DOC,
                    ".rtf": RTF}
_HOW_TO_CONVERT = "请在 Word 或 WPS 中打开，另存为 .docx 后再导入 (open it in Word or WPS and save as .docx)"
# LibreOffice takes a few seconds to start; a minute is a hung conversion.
CONVERT_TIMEOUT = 120


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
    """Read a file from disk as text; every failure is an ImportFileError naming it.

    `encoding` is the text encoding for text files, else the format read
    ("docx", "pdf", "doc" for .doc/.rtf converted by LibreOffice); `sha256`
    is always that of the file's bytes.
    """
    data = _read_bytes(path)
    kind = sniff(data, path)
    digest = hashlib.sha256(data).hexdigest()
    if kind == TEXT:
        text, encoding = decode(data, path)
        return SourceText(str(path), text, encoding, digest)
    if kind == PDF:
        from .pdf_reader import pdf_text
        return SourceText(str(path), pdf_text(data, path), PDF, digest)
    from .docx_reader import docx_text
    if kind == DOCX:
        return SourceText(str(path), docx_text(data, path), DOCX, digest)
    return SourceText(str(path), docx_text(convert_to_docx(path, kind), path), DOC, digest)


def sniff(data: bytes, path: str | os.PathLike = "<input>") -> str:
    """The file's format from its first bytes: TEXT, DOCX, PDF, DOC or RTF.

    Raises ImportFileError for other binary formats (a spreadsheet, an
    encrypted Word file) and for a Word/PDF name on bytes that are neither.
    """
    head = data[:1024]
    if head.lstrip().startswith(b"%PDF-") or (b"%PDF-" in head and _looks_binary(data)):
        return PDF                        # readers accept junk before the header; so do we
    if data.startswith(_ZIP):
        return _zip_kind(data, path)
    if data.startswith(_OLE2):
        return _ole2_kind(data, path)
    if head.lstrip().startswith(b"{\\rtf"):
        return RTF
    claimed = _OFFICE_SUFFIXES.get(Path(path).suffix.lower())
    if claimed is not None and data.strip():
        name = "PDF" if claimed == PDF else "Word"
        raise ImportFileError(path, f"文件已损坏，不是有效的 {name} 文件 (corrupt {Path(path).suffix} file)")
    return TEXT


def _zip_kind(data: bytes, path) -> str:
    import io

    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, EOFError, ValueError):
        raise ImportFileError(path, "Word 文件已损坏，无法打开 (corrupt .docx: not a readable zip)") from None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        raise ImportFileError(path, "这是 Excel 表格，不是 Word 或 PDF 文件 (a spreadsheet, not a plan)")
    if "content.xml" in names:
        raise ImportFileError(path, "这是 OpenDocument 文件，请另存为 .docx 后再导入 (OpenDocument: save as .docx)")
    raise ImportFileError(path, "压缩包不是 Word 文档 (a zip archive, not a .docx)")


def _ole2_kind(data: bytes, path) -> str:
    # Stream names are stored in UTF-16 in the compound file's directory.
    if "EncryptedPackage".encode("utf-16-le") in data:
        raise ImportFileError(path, "Word 文件已加密，请先取消密码保护 (encrypted Word file)")
    if "WordDocument".encode("utf-16-le") in data:
        return DOC
    raise ImportFileError(path, "旧版 Office 文件但不是 Word 文档 (an old Office file, not Word)")


def convert_to_docx(path: str | os.PathLike, kind: str) -> bytes:
    """An old Word (.doc/.wps) or RTF file converted by LibreOffice headless; its .docx bytes."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    what = "RTF" if kind == RTF else "旧版 Word (.doc)"
    if office is None:
        raise ImportFileError(path, f"{what} 文件需要 LibreOffice 才能读取，本机未安装。{_HOW_TO_CONVERT}")
    with tempfile.TemporaryDirectory(prefix="duban-convert-") as folder:
        # A private profile: a LibreOffice window the user has open would
        # otherwise take the job and the conversion would never return.
        profile = Path(folder, "profile").as_uri()
        command = [office, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                   "--convert-to", "docx:MS Word 2007 XML", "--outdir", folder, os.fspath(Path(path).resolve())]
        try:
            subprocess.run(command, capture_output=True, timeout=CONVERT_TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise ImportFileError(path, f"LibreOffice 转换超时。{_HOW_TO_CONVERT}") from None
        except OSError as error:
            raise ImportFileError(path, f"无法运行 LibreOffice ({error})。{_HOW_TO_CONVERT}") from None
        converted = Path(folder, Path(path).stem + ".docx")
        if not converted.is_file():
            raise ImportFileError(path, f"LibreOffice 无法转换此文件（可能已损坏或加密）。{_HOW_TO_CONVERT}")
        return converted.read_bytes()


def _read_bytes(path: str | os.PathLike) -> bytes:
    file = Path(path)
    try:
        size = file.stat().st_size
        if file.is_dir():
            raise ImportFileError(path, "这是一个文件夹，不是文件 (a folder, not a file)")
        limit = MAX_BYTES
        if size > MAX_BYTES:
            with file.open("rb") as handle:
                head = handle.read(1024)
            if b"%PDF-" in head or head.startswith((_ZIP, _OLE2)):
                limit = MAX_OFFICE_BYTES
        if size > limit:
            raise ImportFileError(
                path, f"文件过大（{size // (1024 * 1024)} MB），超过 {limit // (1024 * 1024)} MB 上限 "
                      "(file too large)")
        return file.read_bytes()
    except FileNotFoundError:
        raise ImportFileError(path, "文件不存在 (no such file)") from None
    except PermissionError:
        raise ImportFileError(path, "没有读取权限 (permission denied)") from None
    except IsADirectoryError:
        raise ImportFileError(path, "这是一个文件夹，不是文件 (a folder, not a file)") from None
    except OSError as error:
        raise ImportFileError(path, f"无法读取 ({error.strerror or error})") from None


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
