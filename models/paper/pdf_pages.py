"""The office's paper as PDF: A4 pages, the bundled CJK font, a footer, written page by page.

ReportLab (no Qt): the command line writes the weekly report and the 督办单
without loading a GUI toolkit, and the window writes them on its worker.
Each page is laid out once and its content compressed as soon as the page
is finished, so what a document holds in memory is a few kilobytes per page
(ReportLab keeps the finished pages until it writes the file).

The footer's 第 n 页，共 N 页 needs N before the last page is laid out:
each page draws its label through a form (a PDF XObject) named after the
page, and the forms are written at the end, when N is known. One pass, and
the label is right-aligned exactly as if N had been known from the start.
"""
from __future__ import annotations

import os
import secrets
import zlib
from collections.abc import Callable, Iterable
from importlib import resources
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from models.errors import UserError

FONT = "WenQuanYiMicroHei"
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_LEFT = MARGIN_RIGHT = 18 * mm
MARGIN_TOP = 16 * mm
MARGIN_BOTTOM = 20 * mm                      # room for the footer
BODY_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
BODY_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
FOOTER_BASELINE = 10 * mm
FOOTER_SIZE = 8.0
QUIET = colors.HexColor("#555555")
BORDER = colors.HexColor("#808080")
HEADER_SHADE = colors.HexColor("#e4e4e4")
CREATOR = "督办台 Duban"

# progress(done, total, label): called after each page; it may raise to cancel the write.
Progress = Callable[[int, int, str], None]

_registered = False


def cjk_font() -> str:
    """Register the bundled WenQuanYi Micro Hei once (embedded, subset); return its name.

    No bold face exists in it and none is synthesised: every heading is set
    by size alone, as on the Qt layout before.
    """
    global _registered
    if not _registered:
        with resources.as_file(resources.files("resources") / "fonts" / "wqy-microhei.ttc") as path:
            pdfmetrics.registerFont(TTFont(FONT, str(path), subfontIndex=0))
        _registered = True
    return FONT


def style(name: str, size: float, *, leading: float | None = None, align: int = TA_LEFT,
          colour: colors.Color = colors.black, before: float = 0.0, after: float = 0.0,
          indent: float = 0.0) -> ParagraphStyle:
    """A paragraph style in the CJK font, broken between any two Chinese characters."""
    return ParagraphStyle(name, fontName=cjk_font(), fontSize=size, leading=leading or round(size * 1.35, 2),
                          alignment=align, textColor=colour, spaceBefore=before, spaceAfter=after,
                          firstLineIndent=indent, wordWrap="CJK")


def centred(base: ParagraphStyle) -> ParagraphStyle:
    return ParagraphStyle(f"{base.name}-centred", parent=base, alignment=TA_CENTER)


class PdfWriteError(UserError, OSError):
    """The PDF cannot be written where the person asked (a missing folder, no permission)."""


def check_writable(path: str | os.PathLike[str]) -> bool:
    """Raise PdfWriteError, with a message for people, when a PDF cannot be written at ``path``.

    Appends nothing and truncates nothing: an existing file is left as it is
    until the new PDF replaces it. Returns whether it existed.
    """
    path = Path(path)
    existed = path.exists()
    try:
        path.open("ab").close()
    except OSError as exc:
        raise PdfWriteError(f"无法写入 PDF 文件 {path}（{exc.strerror or exc}）") from exc
    return existed


class _PagedCanvas(Canvas):
    """A canvas that compresses each finished page at once and numbers the pages at the end."""

    def showPage(self) -> None:
        # The label's form is named after this page; save() draws it once N is known.
        self.doForm(f"page{self._pageNumber}")
        super().showPage()
        # ReportLab keeps a page's content as text until save() (about 15 KB a page of the
        # report) and compresses it only then; compressed now, the same 3 KB the file gets:
        # the peak at 6,652 pages went from 281 to 202 MB.
        page = self._doc.Pages.pages[-1]
        stream = pdfdoc.PDFStream(content=zlib.compress(page.stream.encode("utf-8")))
        stream.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName("FlateDecode")])
        page.Contents, page.stream = stream, None

    def save(self) -> None:
        pages = self._pageNumber - 1
        for page in range(1, pages + 1):
            self.beginForm(f"page{page}")    # drawn where it goes: a form clips to the page's box
            self.setFont(FONT, FOOTER_SIZE)
            self.setFillColor(QUIET)
            self.drawRightString(PAGE_WIDTH - MARGIN_RIGHT, FOOTER_BASELINE, f"第 {page} 页，共 {pages} 页")
            self.endForm()
        super().save()


def _draw_footer(canvas: Canvas, document: BaseDocTemplate) -> None:
    """The rule and the title at the foot of each page; the page label is the canvas's form."""
    canvas.saveState()
    canvas.setFont(FONT, FOOTER_SIZE)
    canvas.setFillColor(QUIET)
    canvas.setStrokeColor(QUIET)
    canvas.setLineWidth(0.5)
    rule_y = FOOTER_BASELINE + pdfmetrics.getAscent(FONT, FOOTER_SIZE) + 2 * mm
    canvas.line(MARGIN_LEFT, rule_y, PAGE_WIDTH - MARGIN_RIGHT, rule_y)
    if document.title:
        canvas.drawString(MARGIN_LEFT, FOOTER_BASELINE, document.title)
    canvas.restoreState()


class _Document(BaseDocTemplate):
    def __init__(self, path: str, title: str, after_page: Callable[[int], None]) -> None:
        super().__init__(path, pagesize=A4, leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT,
                         topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=title, creator=CREATOR,
                         author="", subject="", pageCompression=1)
        frame = Frame(MARGIN_LEFT, MARGIN_BOTTOM, BODY_WIDTH, BODY_HEIGHT, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("A4", [frame], onPage=_draw_footer)])
        self._after_page = after_page

    def afterPage(self) -> None:
        self._after_page(self.page)


def write_pdf(path: str | os.PathLike[str], story: Iterable[Flowable], title: str,
              after_page: Callable[[int], None] = lambda page: None) -> int:
    """Lay ``story`` out on A4 pages once and write the PDF at ``path``; return the page count.

    Written to a temporary file beside ``path`` and moved over it at the
    end: a cancelled or failed write (``after_page`` may raise) leaves an
    existing file as it was, and no file where there was none. Raises
    PdfWriteError when the file cannot be written.
    """
    target = Path(path)
    existed = check_writable(target)
    cjk_font()
    # Not mkstemp: its file is private (0600); this one gets the usual permissions, as the PDF should.
    temporary = target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.part")
    try:
        temporary.open("xb").close()
    except OSError as exc:
        raise PdfWriteError(f"无法写入 PDF 文件 {target}（{exc.strerror or exc}）") from exc
    try:
        document = _Document(os.fspath(temporary), title, after_page)
        document.build(list(story), canvasmaker=_PagedCanvas)
        pages = document.page
        os.replace(temporary, target)
    except BaseException as exc:
        temporary.unlink(missing_ok=True)
        if not existed:
            target.unlink(missing_ok=True)      # check_writable's empty file
        if isinstance(exc, OSError) and not isinstance(exc, PdfWriteError):
            raise PdfWriteError(f"无法写入 PDF 文件 {target}（{exc.strerror or exc}）") from exc
        raise
    return pages
