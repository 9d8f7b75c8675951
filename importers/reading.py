"""Read an input file as text: plain text in any common Chinese encoding,
Word (.docx, and .doc/.rtf through LibreOffice), PDF with a text layer, web
pages (.html, .mht) and Excel workbooks (.xlsx, and .xls/.et through
LibreOffice).

The format is told by the file's first bytes, not its name: plans arrive
as attachments renamed by mail clients and chat apps, and pages saved from
a browser keep whatever name the user typed.
"""
from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from .compiled_patterns import regex
from .encodings import decode, looks_binary
from .errors import ImportFileError

# A county gazette is well under 1 MB of text; 20 MB is years of them in one
# file. Anything larger is not a plan (a database dump, a log): say so
# rather than spend minutes on it.
MAX_BYTES = 20 * 1024 * 1024
# Word and PDF files carry pictures (scanned seals, photos) beside the text.
MAX_OFFICE_BYTES = 200 * 1024 * 1024

TEXT, DOCX, PDF, DOC, RTF = "text", "docx", "pdf", "doc", "rtf"
HTML, MHT, XLSX, XLS = "html", "mht", "xlsx", "xls"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"        # old Office (.doc, .xls, .wps, .et) and encrypted .docx/.xlsx
_ZIP = b"PK\x03\x04"
_OFFICE_SUFFIXES = {".docx": DOCX, ".docm": DOCX, ".dotx": DOCX, ".pdf": PDF, ".doc": DOC, ".wps": DOC,
                    ".rtf": RTF, ".xlsx": XLSX, ".xlsm": XLSX, ".xls": XLS, ".et": XLS}
_SPREADSHEETS = (XLSX, XLS)
_HOW_TO_CONVERT = "请在 Word 或 WPS 中打开，另存为 .docx 后再导入 (open it in Word or WPS and save as .docx)"
_HOW_TO_CONVERT_SHEET = "请在 Excel 或 WPS 中打开，另存为 .xlsx 后再导入 (open it in Excel or WPS and save as .xlsx)"
# A page saved by a browser starts with its doctype or <html>, maybe after a
# BOM, an XML declaration or IE's "saved from url" comment; a fragment cut
# from a page at least has its <body> or <table> near the start.
_HTML_START = regex(rb"\s*(?:<\?xml[^>]*>\s*|<!--.*?-->\s*)*<(?:!doctype\s+html|html|head)\b", re.I | re.S)
_HTML_NEAR_START = regex(rb"<(?:body|table)\b", re.I)
# A web archive (.mht) is a MIME message: header lines first, one of them MIME-Version.
_MIME_HEADERS = regex(rb"\s*(?:[A-Za-z][A-Za-z0-9-]*:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*)+", re.S)
_READ_CHUNK = 1024 * 1024
_NOT_REGULAR = "不是普通文件（设备、管道或套接字），不能导入 (not a regular file)"
# LibreOffice takes a few seconds to start; a minute is a hung conversion.
CONVERT_TIMEOUT = 120


@dataclass(frozen=True)
class SourceText:
    path: str
    text: str
    encoding: str
    sha256: str


def read_source(path: str | os.PathLike) -> SourceText:
    """Read a file from disk as text; every failure is an ImportFileError naming it.

    `encoding` is the text encoding for text files, else the format read
    ("docx", "pdf", "doc" for .doc/.rtf converted by LibreOffice, "html",
    "mht", "xlsx", "xls" for .xls/.et converted by LibreOffice); `sha256`
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
    if kind in (HTML, MHT):
        from .html_reader import html_text, mht_text
        text = html_text(data, path) if kind == HTML else mht_text(data, path)
        return SourceText(str(path), text, kind, digest)
    if kind in _SPREADSHEETS:
        from .xlsx_reader import xlsx_text
        workbook = data if kind == XLSX else convert_to_xlsx(path)
        return SourceText(str(path), xlsx_text(workbook, path), kind, digest)
    from .docx_reader import docx_text
    if kind == DOCX:
        return SourceText(str(path), docx_text(data, path), DOCX, digest)
    return SourceText(str(path), docx_text(convert_to_docx(path, kind), path), DOC, digest)


def sniff(data: bytes, path: str | os.PathLike = "<input>") -> str:
    """The file's format from its first bytes: TEXT, DOCX, PDF, DOC, RTF,
    HTML, MHT, XLSX or XLS.

    Raises ImportFileError for other binary formats (an OpenDocument file,
    an encrypted Office file) and for a Word/PDF/Excel name on bytes that
    are none of these.
    """
    head = data[:1024]
    if head.lstrip().startswith(b"%PDF-") or (b"%PDF-" in head and looks_binary(data)):
        return PDF                        # readers accept junk before the header; so do we
    if data.startswith(_ZIP):
        return _zip_kind(data, path)
    if data.startswith(_OLE2):
        return _ole2_kind(data, path)
    if head.lstrip().startswith(b"{\\rtf"):
        return RTF
    if _is_mht(data):
        return MHT
    if _is_html(data):
        return HTML
    claimed = _OFFICE_SUFFIXES.get(Path(path).suffix.lower())
    if claimed is not None and data.strip():
        name = "PDF" if claimed == PDF else _office_name(path)
        raise ImportFileError(path, f"文件已损坏，不是有效的 {name} 文件 (corrupt {Path(path).suffix} file)")
    return TEXT


def _is_html(data: bytes) -> bool:
    head = data[:2048]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        head = head.decode("utf-16", "ignore").encode("utf-8", "ignore")
    elif head.startswith(codecs.BOM_UTF8):
        head = head[3:]
    return bool(_HTML_START.match(head)) or (
        _HTML_NEAR_START.search(head[:1024]) is not None and not looks_binary(head))


def _is_mht(data: bytes) -> bool:
    headers = _MIME_HEADERS.match(data[:8192])
    return headers is not None and b"mime-version:" in headers.group().lower() and b"text/html" in data[:8192].lower()


def _office_name(path) -> str:
    """"Excel" or "Word" for messages, by the file's name (its bytes, broken or encrypted, cannot say)."""
    return "Excel" if _OFFICE_SUFFIXES.get(Path(path).suffix.lower()) in _SPREADSHEETS else "Word"


def _zip_kind(data: bytes, path) -> str:
    import io
    import zipfile          # (here, not at the top: a plain text file needs none of it)

    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, EOFError, ValueError):
        name = _office_name(path)
        kind = "xlsx" if name == "Excel" else "docx"
        raise ImportFileError(path, f"{name} 文件已损坏，无法打开 (corrupt .{kind}: not a readable zip)") from None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    if "content.xml" in names:
        raise ImportFileError(path, "这是 OpenDocument 文件，请另存为 .docx 后再导入 (OpenDocument: save as .docx)")
    raise ImportFileError(path, "压缩包不是 Word 文档 (a zip archive, not a .docx)")


def _ole2_kind(data: bytes, path) -> str:
    # Stream names are stored in UTF-16 in the compound file's directory.
    # A password-protected .docx or .xlsx is a compound file holding the
    # encrypted zip as EncryptedPackage: which of the two it is cannot be read.
    if "EncryptedPackage".encode("utf-16-le") in data:
        if _office_name(path) == "Excel":
            raise ImportFileError(path, "Excel 工作簿已加密，请在 Excel 或 WPS 中取消密码保护后再导入 "
                                        "(encrypted workbook: remove its password first)")
        raise ImportFileError(path, "Word 文件已加密，请先取消密码保护 (encrypted Word file)")
    if "WordDocument".encode("utf-16-le") in data:
        return DOC
    if "Workbook".encode("utf-16-le") in data:         # Excel 97-2003 and WPS 表格 (.et)
        return XLS
    raise ImportFileError(path, "旧版 Office 文件但不是 Word 或 Excel 文档 (an old Office file, not Word or Excel)")


def convert_to_docx(path: str | os.PathLike, kind: str) -> bytes:
    """An old Word (.doc/.wps) or RTF file converted by LibreOffice headless; its .docx bytes."""
    what = "RTF" if kind == RTF else "旧版 Word (.doc)"
    return _convert(path, what, "docx", "MS Word 2007 XML", _HOW_TO_CONVERT)


def convert_to_xlsx(path: str | os.PathLike) -> bytes:
    """An old Excel (.xls) or WPS (.et) workbook converted by LibreOffice headless; its .xlsx bytes."""
    return _convert(path, "旧版 Excel (.xls/.et)", "xlsx", "Calc MS Excel 2007 XML", _HOW_TO_CONVERT_SHEET)


def _convert(path: str | os.PathLike, what: str, suffix: str, export_filter: str, how_to: str) -> bytes:
    # Imported here: only an old Office file needs them, and subprocess, shutil and
    # tempfile cost every `duban import` of a text file several milliseconds.
    import shutil
    import subprocess
    import tempfile

    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        raise ImportFileError(path, f"{what} 文件需要 LibreOffice 才能读取，本机未安装。{how_to}")
    with tempfile.TemporaryDirectory(prefix="duban-convert-") as folder:
        # A private profile: a LibreOffice window the user has open would
        # otherwise take the job and the conversion would never return.
        profile = Path(folder, "profile").as_uri()
        command = [office, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                   "--convert-to", f"{suffix}:{export_filter}", "--outdir", folder, os.fspath(Path(path).resolve())]
        try:
            subprocess.run(command, capture_output=True, timeout=CONVERT_TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise ImportFileError(path, f"LibreOffice 转换超时。{how_to}") from None
        except OSError as error:
            raise ImportFileError(path, f"无法运行 LibreOffice ({error})。{how_to}") from None
        converted = Path(folder, f"{Path(path).stem}.{suffix}")
        if not converted.is_file():
            raise ImportFileError(path, f"LibreOffice 无法转换此文件（可能已损坏或加密）。{how_to}")
        return converted.read_bytes()


def _read_bytes(path: str | os.PathLike) -> bytes:
    """The file's bytes, from a regular file only, never more than its cap.

    /dev/zero reports a size of 0 and a FIFO blocks open() until a writer
    comes: the kind of file is checked before opening (and again on the
    open descriptor, in case the name was swapped meanwhile), and the cap
    is enforced on the bytes read, not on the size the file system reports.
    """
    try:
        mode = os.stat(path).st_mode
        if stat.S_ISDIR(mode):
            raise ImportFileError(path, "这是一个文件夹，不是文件 (a folder, not a file)")
        if not stat.S_ISREG(mode):
            raise ImportFileError(path, _NOT_REGULAR)
        # O_NONBLOCK: should a FIFO take the name after the check, open() still returns.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(descriptor, "rb") as handle:
            opened = os.fstat(handle.fileno())
            if not stat.S_ISREG(opened.st_mode):
                raise ImportFileError(path, _NOT_REGULAR)
            head = handle.read(1024)
            is_office = b"%PDF-" in head or head.startswith((_ZIP, _OLE2))
            limit = MAX_OFFICE_BYTES if is_office else MAX_BYTES
            # The stated size refuses a big file at once; the bytes read
            # refuse one that grows (a log being written) or lies about it.
            data = b"" if opened.st_size > limit else head + _read_at_most(handle, opened.st_size, limit + 1 - len(head))
        size = max(opened.st_size, len(data))
        if size > limit:
            raise ImportFileError(path, f"文件过大（{size // (1024 * 1024)} MB 以上），超过 {limit // (1024 * 1024)} "
                                        "MB 上限 (file too large)")
        return data
    except FileNotFoundError:
        raise ImportFileError(path, "文件不存在 (no such file)") from None
    except PermissionError:
        raise ImportFileError(path, "没有读取权限 (permission denied)") from None
    except IsADirectoryError:
        raise ImportFileError(path, "这是一个文件夹，不是文件 (a folder, not a file)") from None
    except OSError as error:
        raise ImportFileError(path, f"无法读取 ({error.strerror or error})") from None


def _read_at_most(handle, stated: int, most: int) -> bytes:
    """Up to ``most`` bytes: what the file states it holds at once, then in
    chunks should it hold more. (One read of ``most`` would allocate the
    whole cap for every file, however small.)"""
    chunks = []
    count = 0
    want = stated + 1                   # one byte past the stated end shows whether there is more
    while count < most:
        chunk = handle.read(min(max(want - count, _READ_CHUNK), most - count))
        if not chunk:
            break
        chunks.append(chunk)
        count += len(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)
