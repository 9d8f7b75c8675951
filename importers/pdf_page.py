"""One PDF page as pdfium sees it: every character's box and the ruling lines.

Coordinates are the page as shown (its /Rotate applied), in points from
the top-left corner of the MediaBox, y growing downwards, as pdfplumber and
pdfminer gave them, so the reading rules measured on those keep their
thresholds. A character's box is pdfminer's: the advance width across (not
the ink: a tight box would make "，" a dot and open gaps around it), and
one font size up from the font's descent below the baseline. pdfium's loose
box has the advance and the descent but reaches up to the font's ascent,
which differs more between fonts (at 16 pt Microsoft YaHei's is about 3 pt
above SimSun's, its descent about 2 pt below): on a line of mixed fonts the
tops would part further than the 3 pt that keeps chars on one line.

pdfium wants one caller at a time; pdf_reader holds a lock around a document.
"""
from __future__ import annotations

import ctypes
from dataclasses import dataclass
from typing import NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c


def _untyped(function, restype, *argtypes):
    """`function` taking plain addresses and ints. pypdfium2's prototypes check and
    wrap each typed pointer, which costs more than pdfium's work in the calls made
    for every character and page object (measured 2.2 against 1.5 µs a char)."""
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(function, ctypes.c_void_p).value)


_ADDRESS, _INT = ctypes.c_void_p, ctypes.c_int
_loose_box = _untyped(pdfium_c.FPDFText_GetLooseCharBox, _INT, _ADDRESS, _INT, _ADDRESS)
_is_generated = _untyped(pdfium_c.FPDFText_IsGenerated, _INT, _ADDRESS, _INT)
_font_size = _untyped(pdfium_c.FPDFText_GetFontSize, ctypes.c_double, _ADDRESS, _INT)
_char_matrix = _untyped(pdfium_c.FPDFText_GetMatrix, _INT, _ADDRESS, _INT, _ADDRESS)
_get_object = _untyped(pdfium_c.FPDFPage_GetObject, _ADDRESS, _ADDRESS, _INT)
_get_type = _untyped(pdfium_c.FPDFPageObj_GetType, _INT, _ADDRESS)


def _address(handle) -> int:
    return ctypes.cast(handle, ctypes.c_void_p).value


class Char(NamedTuple):
    """A character's box on the shown page, and the character."""

    x0: float
    top: float
    x1: float
    bottom: float
    text: str


class Edge(NamedTuple):
    """A horizontal ("h") or vertical ("v") stretch of a drawn line or a rectangle's side."""

    orientation: str
    position: float         # the y of an "h" edge, the x of a "v" edge
    start: float            # x0 of an "h" edge, top of a "v" edge
    end: float


@dataclass
class PageContent:
    """What the reader needs of a page: its size as shown, its characters and its rules."""

    width: float
    height: float
    chars: list[Char]       # in content order, spaces included
    edges: list[Edge]


def read_page(page: pdfium.PdfPage) -> PageContent:
    left, bottom, right, top = page.get_mediabox()
    to_shown = _Rotation(page.get_rotation(), left, bottom, right, top)
    text_page = page.get_textpage()
    try:
        chars = _chars(text_page, to_shown)
    finally:
        text_page.close()
    objects = _Objects(page, to_shown)
    edges = objects.edges()
    # Blank glyphs matter only as word breaks in table cells: no rules, no table, no need.
    blanks = objects.blanks() if edges else []
    return PageContent(to_shown.width, to_shown.height, chars + blanks, edges)


class _Rotation:
    """PDF user space (y up) to the shown page (y down), for a /Rotate of 0, 90, 180 or 270."""

    def __init__(self, degrees: int, left: float, bottom: float, right: float, top: float) -> None:
        self.degrees = degrees % 360
        self.left, self.bottom = left, bottom
        self.page_width, self.page_height = right - left, top - bottom
        sideways = self.degrees in (90, 270)
        self.width = self.page_height if sideways else self.page_width
        self.height = self.page_width if sideways else self.page_height

    def point(self, x: float, y: float) -> tuple[float, float]:
        x, y = x - self.left, y - self.bottom
        if self.degrees == 0:
            return x, self.page_height - y
        if self.degrees == 90:
            return y, x
        if self.degrees == 180:
            return self.page_width - x, y
        return self.page_height - y, self.page_width - x

    def box(self, left: float, top: float, right: float, bottom: float) -> tuple[float, float, float, float]:
        """(x0, top, x1, bottom) on the shown page of a box given by two corners in PDF space."""
        (ax, ay), (bx, by) = self.point(left, top), self.point(right, bottom)
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


def _chars(text_page: pdfium.PdfTextPage, to_shown: _Rotation) -> list[Char]:
    count = text_page.count_chars()
    if count <= 0:
        return []
    text = text_page.get_text_range(0, count)
    if len(text) != count:
        # Characters beyond the BMP come back as two UTF-16 units: index them one by one.
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(text_page.raw, i)) for i in range(count))
    handle = _address(text_page.raw)
    rect = pdfium_c.FS_RECTF()
    rect_pointer = ctypes.addressof(rect)
    matrix = pdfium_c.FS_MATRIX()
    matrix_pointer = ctypes.addressof(matrix)
    loose_box, is_generated, font_size, char_matrix = _loose_box, _is_generated, _font_size, _char_matrix
    make = Char._make
    # An unrotated page (nearly every one) is mapped inline: this loop runs for every character.
    upright = to_shown.degrees == 0
    dx, y_top = to_shown.left, to_shown.bottom + to_shown.page_height
    box = to_shown.box
    chars = []
    loose_height = size = None
    for i, letter in enumerate(text):
        # pdfium adds spaces and line breaks where it guesses them; the reader finds
        # words and lines from the boxes, as it did with pdfminer, which adds none.
        if letter.isspace() and (letter in "\r\n" or is_generated(handle, i)):
            continue
        if not loose_box(handle, i, rect_pointer):
            continue
        if rect.top - rect.bottom != loose_height:
            # A new font or size: the size on the page is the font's times the
            # char's matrix (text matrix and CTM). Asked again only on a change.
            loose_height = rect.top - rect.bottom
            size = font_size(handle, i) * (matrix.c ** 2 + matrix.d ** 2) ** 0.5 \
                if char_matrix(handle, i, matrix_pointer) else loose_height
        if upright:
            bottom = y_top - rect.bottom
            chars.append(make((rect.left - dx, bottom - size, rect.right - dx, bottom, letter)))
        else:
            x0, _top, x1, bottom = box(rect.left, rect.top, rect.right, rect.bottom)
            chars.append(make((x0, bottom - size, x1, bottom, letter)))
    return chars


# Two things come from the page objects rather than the text page:
# - ruling lines: straight segments of paths, a table's rules drawn as lines
#   or as thin filled rectangles (pdfplumber made edges of both the same way;
#   curves rule no table);
# - blank glyphs: pdfium's text page skips a text object whose glyphs have no
#   extent. Qt (and any writer that shows each glyph on its own) draws every
#   space so, and pdfminer kept it as a char that split the words around it:
#   "县工信局 县总工会" in a 9 pt table cell has a gap under 3 pt.
_PATH, _TEXT, _FORM = pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_TEXT, pdfium_c.FPDF_PAGEOBJ_FORM
_MOVE, _LINE = pdfium_c.FPDF_SEGMENT_MOVETO, pdfium_c.FPDF_SEGMENT_LINETO
_Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: _Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_THIN = 3.0         # a path no thicker than this is a rule along its length (the table finder's snap)


class _Objects:
    """A page's path and text objects, those inside form XObjects too, each with
    the matrix of the form it sits in (None on the page itself)."""

    def __init__(self, page: pdfium.PdfPage, to_shown: _Rotation) -> None:
        self.to_shown = to_shown
        self._paths: list[tuple[object, _Matrix | None]] = []
        self._texts: list[tuple[object, _Matrix | None]] = []        # in form XObjects
        self._text_indices: list[int] = []                           # on the page itself
        self._page = page.raw
        self._bounds = [ctypes.c_float() for _ in range(4)]
        self._bound_pointers = [ctypes.byref(value) for value in self._bounds]
        # Every object's type is asked for, through the fast calls; a page has
        # an object per glyph from some writers and seldom more than a few
        # hundred paths, which are taken at once.
        handle = _address(page.raw)
        get_object, get_type, text_indices = _get_object, _get_type, self._text_indices
        for i in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
            kind = get_type(get_object(handle, i))
            if kind == _TEXT:
                text_indices.append(i)
            elif kind == _PATH:
                self._paths.append((pdfium_c.FPDFPage_GetObject(page.raw, i), None))
            elif kind == _FORM:
                self._form(pdfium_c.FPDFPage_GetObject(page.raw, i), _IDENTITY)

    def _form(self, form, outer: _Matrix) -> None:
        matrix = _compose(_matrix(form), outer)
        for i in range(pdfium_c.FPDFFormObj_CountObjects(form)):
            obj = pdfium_c.FPDFFormObj_GetObject(form, i)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == _TEXT:
                self._texts.append((obj, matrix))
            elif kind == _PATH:
                self._paths.append((obj, matrix))
            elif kind == _FORM:
                self._form(obj, matrix)

    def edges(self) -> list[Edge]:
        edges: list[Edge] = []
        for obj, outer in self._paths:
            box = self._box(obj, outer)
            if box is None:
                continue
            left, bottom, right, top = box
            if min(right - left, top - bottom) <= _THIN:
                # A line or a thin bar: the sides of its bounds are its edges, as a
                # rectangle's were (and cheaper to get than its segments).
                x0, y0, x1, y1 = self.to_shown.box(left, top, right, bottom)
                edges += (Edge("h", y0, x0, x1), Edge("h", y1, x0, x1), Edge("v", x0, y0, y1), Edge("v", x1, y0, y1))
            else:
                self._segments(obj, _compose(_matrix(obj), outer or _IDENTITY), edges)
        return edges

    def blanks(self) -> list[Char]:
        """A space for each text object that pdfium's text page left out."""
        blanks = []
        size, ascent, descent = ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
        on_page = [(pdfium_c.FPDFPage_GetObject(self._page, i), None) for i in self._text_indices]
        for obj, outer in on_page + self._texts:
            box = self._box(obj, outer)
            if box is None or box[2] - box[0] > 0.01 or box[3] - box[1] > 0.01:
                continue                       # a text object pdfium reads: its chars are in the text page
            font = pdfium_c.FPDFTextObj_GetFont(obj)
            if not (font and pdfium_c.FPDFTextObj_GetFontSize(obj, size)
                    and pdfium_c.FPDFFont_GetAscent(font, size.value, ascent)
                    and pdfium_c.FPDFFont_GetDescent(font, size.value, descent)):
                continue
            # The bounds are a point, the glyph's origin on the baseline. The font's
            # ascent and descent are in text space: the object's matrix takes its
            # up direction to the page, as it does for a loose box.
            _a, _b, c, d, _e, _f = _compose(_matrix(obj), outer or _IDENTITY)
            x, y = box[0], box[1]
            high, low = ascent.value, descent.value
            x0, top, x1, bottom = self.to_shown.box(x + high * c, y + high * d, x + low * c, y + low * d)
            blanks.append(Char(x0, top, x1, bottom, " "))
        return blanks

    def _box(self, obj, outer: _Matrix | None) -> tuple[float, float, float, float] | None:
        """The object's bounds in PDF page space: left, bottom, right, top."""
        if not pdfium_c.FPDFPageObj_GetBounds(obj, *self._bound_pointers):
            return None
        left, bottom, right, top = (value.value for value in self._bounds)
        if outer is None:
            return left, bottom, right, top
        xs, ys = zip(*(_apply(outer, x, y) for x in (left, right) for y in (bottom, top)))
        return min(xs), min(ys), max(xs), max(ys)

    def _segments(self, obj, matrix: _Matrix, edges: list[Edge]) -> None:
        x, y = ctypes.c_float(), ctypes.c_float()
        start = last = None
        for i in range(pdfium_c.FPDFPath_CountSegments(obj)):
            segment = pdfium_c.FPDFPath_GetPathSegment(obj, i)
            pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
            point = self.to_shown.point(*_apply(matrix, x.value, y.value))
            kind = pdfium_c.FPDFPathSegment_GetType(segment)
            if kind == _LINE and last is not None:
                _add_edge(last, point, edges)
            if kind == _MOVE:
                start = point
            last = point
            if pdfium_c.FPDFPathSegment_GetClose(segment) and start is not None:
                _add_edge(point, start, edges)
                last = start


def _add_edge(p: tuple[float, float], q: tuple[float, float], edges: list[Edge]) -> None:
    (px, py), (qx, qy) = p, q
    if abs(py - qy) < 0.01:
        edges.append(Edge("h", py, min(px, qx), max(px, qx)))
    elif abs(px - qx) < 0.01:
        edges.append(Edge("v", px, min(py, qy), max(py, qy)))


def _matrix(obj) -> _Matrix:
    matrix = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, matrix):
        return _IDENTITY
    return (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)


def _apply(matrix: _Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = matrix
    return a * x + c * y + e, b * x + d * y + f


def _compose(inner: _Matrix, outer: _Matrix) -> _Matrix:
    """The matrix that applies `inner`, then `outer`."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)
