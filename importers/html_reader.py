"""Web pages (.html/.htm) and web archives (.mht/.mhtml) as text.

County offices publish plans on their government site, and staff save the
page rather than hunt for the attachment. Read as plain text, a page is
tags and menus; read here, it is the page's text in document order, one
block element (paragraph, heading, list item) per line, with the site's
chrome (menus, breadcrumbs, footer, share buttons) dropped, and every data
table as tab-separated rows on its grid (rowspan/colspan filled like Word's
merged cells, see cells.grid_lines) — the shape `tables.parse_rows` reads.

Old government sites lay their pages out with tables: a table that holds
another table, a heading or only one column is a frame around content and
its cells are read as blocks, not as a task table.
"""
from __future__ import annotations

import codecs
import email
import os
import re
from collections.abc import Iterator

from .cell_text import join_cell_lines
from .cells import CONTINUE, SPAN, GridCell, grid_lines
from .compiled_patterns import regex
from .errors import ImportFileError
from .encodings import decode, mostly_cjk_or_ascii

# Never content: code, styles, hidden templates, embedded frames, controls.
_ALWAYS_DROPPED = {"script", "style", "noscript", "template", "iframe", "object", "embed", "select",
                   "button", "textarea", "svg", "head", "title"}
# Page chrome by tag, class/id and ARIA role. A <nav> or <aside> is never
# content; other chrome is kept when it holds most of the page's text:
# ASP.NET sites wrap the whole page in one <form>, and a wrapper's class may
# well mention its header or side menu.
_NEVER_CONTENT = {"nav", "aside"}
_CHROME_TAGS = {"header", "footer", "form"}
_CHROME_NAMES = regex(r"nav|menu|footer|header|breadcrumb|share", re.I)
_CHROME_ROLES = {"navigation", "banner", "contentinfo", "search", "menu", "menubar"}
_HIDDEN = regex(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
# An article's own header (its title and date) sits inside the article.
_ARTICLE = regex(r"article|content|detail", re.I)
_BLOCKS = {"address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog",
           "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
           "h4", "h5", "h6", "header", "hgroup", "hr", "li", "main", "menu", "nav", "ol", "p", "pre",
           "section", "summary", "tbody", "td", "tfoot", "th", "thead", "tr", "ul"}
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# Browsers allow colspan up to 1000 and rowspan up to 65534; a task table is
# a few columns wide and a unit is not merged over thousands of tasks.
MAX_COLUMNS = 64
MAX_ROWSPAN = 1000

_DECLARED = regex(rb"<meta[^>]+?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)"
                       rb"|<\?xml[^>]+?encoding\s*=\s*[\"']([A-Za-z0-9_.:-]+)", re.I)
_CONTROLS = regex(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A line break in the page's source between two Chinese characters is not
# a space on screen that means anything: the editor wrapped the line.
_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_WRAPPED = regex(f"(?<=[{_CJK}])[ \\t\\r\\f]*\\n\\s*(?=[{_CJK}])")
_SPACES = regex(r"[ \t\r\n\f\xa0]+")


def html_text(data: bytes, path: str | os.PathLike, charset: str | None = None) -> str:
    """The text of a web page, one block per line and tables as tab rows.

    `charset` is the one a web archive's MIME part declares, tried before
    the page's own <meta charset> (see _decoded for the whole order).
    Raises ImportFileError for a page with no readable text.
    """
    import lxml.html
    from lxml import etree

    page = _decoded(data, path, charset)
    # lxml refuses a str that carries an XML encoding declaration, and
    # control characters; neither is text anyone reads.
    page = _CONTROLS.sub("", re.sub(r"^\s*<\?xml[^>]*>", "", page))
    try:
        root = lxml.html.document_fromstring(page)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as error:
        raise ImportFileError(path, f"网页已损坏，无法解析 (broken HTML page: {error})") from None
    body = root.find("body")
    if body is None:
        body = root
    _drop_chrome(body)
    lines = _Lines()
    try:
        _walk(body, lines)
    except RecursionError:
        raise ImportFileError(path, "网页嵌套过深，无法读取 (HTML page nested too deeply)") from None
    text = "\n".join(lines.finish())
    if not text.strip():
        raise ImportFileError(path, "网页中没有可读的正文（只有导航或空白）(no readable text in the page)")
    if not mostly_cjk_or_ascii(text):
        raise ImportFileError(path, "网页内容是乱码，可能已损坏或编码错误 (the page's text is garbage: "
                                    "broken file or wrong charset)")
    return text + "\n"


def mht_text(data: bytes, path: str | os.PathLike) -> str:
    """The text of a web archive (.mht/.mhtml, as saved by IE, Edge or Word): its HTML part."""
    message = email.message_from_bytes(data)
    for part in message.walk():
        if part.get_content_type() != "text/html":
            continue
        payload = part.get_payload(decode=True)        # quoted-printable and base64 undone
        if isinstance(payload, bytes) and payload.strip():
            return html_text(payload, path, part.get_content_charset())
    raise ImportFileError(path, "网页存档中没有 HTML 正文 (no text/html part in the web archive)")


def _decoded(data: bytes, path, charset: str | None) -> str:
    """The page as text.

    A BOM wins. Then bytes that are valid UTF-8: sites moved to UTF-8 and
    kept their old gb2312 <meta>, while GBK text is practically never valid
    UTF-8. Then the declared charset (the archive part's, else the page's)
    when the bytes agree with it; then a page cut off mid-character by an
    interrupted download; then encodings.decode (GB18030, or a clear error).
    """
    if not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        cut_off = None
        for codec in ("utf-8", _codec(charset), _codec(_declared_charset(data))):
            if codec is None:
                continue
            try:
                return data.decode(codec)
            except UnicodeDecodeError as error:       # not this one: a declaration can be wrong
                if cut_off is None and error.start >= len(data) - 4:
                    cut_off = data[:error.start].decode(codec, "ignore")
        if cut_off is not None:
            return cut_off
    try:
        return decode(data, path)[0]
    except ImportFileError as error:
        raise ImportFileError(path, f"网页无法读取：{error.problem}") from None


def _declared_charset(data: bytes) -> str | None:
    match = _DECLARED.search(data[:4096])
    return (match.group(1) or match.group(2)).decode("ascii") if match else None


def _codec(name: str | None) -> str | None:
    """A Python codec for a declared charset; GB2312 and GBK pages are read as
    GB18030, their superset (sites declare gb2312 and use GBK characters)."""
    if not name:
        return None
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    if codec in ("gb2312", "gbk"):
        return "gb18030"
    if codec.startswith(("utf-16", "utf-32")) or codec in ("ascii", "iso8859-1", "cp1252"):
        # A page read as ASCII declaring UTF-16 is wrong about itself; a
        # Western charset on a Chinese page is a server default, and Latin-1
        # would "decode" GBK bytes into nonsense.
        return None
    return codec


# --- dropping the chrome -----------------------------------------------------

def _drop_chrome(body) -> None:
    """Remove what is never content, then menus, breadcrumbs, headers,
    footers and share bars that hold less than half the page's own text."""
    from lxml import etree

    # Comments (Word's conditional ones hold XML), scripts, styles; their tails are kept.
    etree.strip_elements(body, etree.Comment, etree.ProcessingInstruction, *_ALWAYS_DROPPED, with_tail=False)
    total = _plain_length(body)
    stack = [body]
    while stack:
        element = stack.pop()
        for child in list(element):
            if child.tag in _NEVER_CONTENT or child.get("role", "").lower() == "navigation" or \
                    _is_chrome(child) and _plain_length(child) * 2 < total:
                child.drop_tree()
            else:
                stack.append(child)


def _is_chrome(element) -> bool:
    tag = element.tag
    names = f"{element.get('id', '')} {element.get('class', '')}"
    if _HIDDEN.search(element.get("style", "")) or element.get("hidden") is not None:
        return True
    if element.get("role", "").lower() in _CHROME_ROLES:
        return True
    found = _CHROME_NAMES.findall(names)
    if tag in _CHROME_TAGS:
        found.append(tag)
    if not found:
        return False
    if all(name.lower() == "header" for name in found) and _in_article(element):
        return False                     # the article's title block, not the site's banner
    return True


def _in_article(element) -> bool:
    for ancestor in element.iterancestors():
        if ancestor.tag in ("article", "main"):
            return True
        if _ARTICLE.search(f"{ancestor.get('id', '')} {ancestor.get('class', '')}"):
            return True
    return False


def _plain_length(element) -> int:
    """Characters of text outside links: menus are links, content is not."""
    return sum(len(text.strip()) for text in element.xpath(".//text()[not(ancestor::a)]"))


# --- blocks and lines --------------------------------------------------------

class _Lines:
    """Inline text gathered into lines: a block's start or end, or <br>, ends a line."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.pending: list[str] = []

    def add_text(self, text: str | None) -> None:
        if text:
            self.pending.append(text)

    def end_line(self) -> None:
        if self.pending:
            text = _SPACES.sub(" ", _WRAPPED.sub("", "".join(self.pending))).strip(" \u3000")
            self.pending = []
            if text:
                self.lines.append(text)

    def add_line(self, line: str) -> None:
        self.end_line()
        self.lines.append(line)

    def finish(self) -> list[str]:
        self.end_line()
        return self.lines


def _walk(element, out: _Lines) -> None:
    """The text of an element's content, blocks on lines of their own."""
    out.add_text(element.text)
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else None
        if tag == "br":
            out.end_line()
        elif tag == "table":
            out.end_line()
            _table(child, out)
        elif tag == "pre":
            out.end_line()
            for line in child.text_content().replace("\t", " ").splitlines():
                if line.strip():
                    out.add_line(line.strip())
        elif tag in _BLOCKS:
            out.end_line()
            _walk(child, out)
            out.end_line()
        elif tag is not None:
            _walk(child, out)
        out.add_text(child.tail)


def _table(table, out: _Lines) -> None:
    rows = table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")
    for caption in table.xpath("./caption"):
        out.end_line()
        _walk(caption, out)
        out.end_line()
    layout = table.get("role") == "presentation" or table.find(".//table") is not None or \
        any(True for _ in table.iter(*_HEADINGS))
    grid = [] if layout else _grid(rows)
    if layout or max((len(row) for row in grid), default=0) <= 1:
        # A frame around content: its cells are blocks.
        for row in rows:
            for cell in _cells(row):
                out.end_line()
                _walk(cell, out)
                out.end_line()
        return
    for line in grid_lines(grid):
        out.add_line(line)


def _grid(rows) -> list[list[GridCell]]:
    """Each row as (text, merge) per grid column, rowspan and colspan laid out
    as Word lays out merged cells: the columns a cell spans to its right are
    SPAN, the rows it spans below are CONTINUE in its first column."""
    placed: list[dict[int, GridCell]] = [{} for _ in rows]
    for r, row in enumerate(rows):
        column = 0
        for cell in _cells(row):
            while column in placed[r]:
                column += 1
            if column >= MAX_COLUMNS:
                break
            colspan = min(_span(cell.get("colspan")), MAX_COLUMNS - column)
            rowspan = min(_span(cell.get("rowspan"), len(rows) - r), MAX_ROWSPAN)
            text = _cell_text(cell)
            for down in range(rowspan):
                for right in range(colspan):
                    merge = None if (down, right) == (0, 0) else SPAN if right else CONTINUE
                    placed[r + down].setdefault(column + right, (text if merge is None else "", merge))
            column += colspan
    width = max((max(row) + 1 for row in placed if row), default=0)
    return [[row.get(column, ("", None)) for column in range(width)] for row in placed]


def _cells(row) -> Iterator:
    return (child for child in row if child.tag in ("td", "th"))


def _span(value: str | None, rest: int | None = None) -> int:
    """A rowspan/colspan attribute as a count; rowspan="0" runs to the table's end."""
    try:
        count = int(str(value).strip())
    except ValueError:
        return 1
    if count == 0 and rest is not None:
        return rest
    count = max(count, 1)
    return min(count, rest) if rest is not None else count


def _cell_text(cell) -> str:
    lines = _Lines()
    _walk(cell, lines)
    return join_cell_lines(lines.finish())
