"""The default backend: characters and ruling lines from pdfium's raw API (pypdfium2).

pdfium parses in C++ and skips damaged objects instead of failing, so this backend is
both the fast one and the robust one. Characters come from the text page (FPDFText_*),
ruling lines from path objects (FPDFPath_*), followed into form XObjects to a bounded
depth. Every handle is closed before the read returns.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from typing import Any

from ...conventions import PDF_TAB_TAG
from ...errors import ReadError, UnsafeInputError
from .._context import ReadContext
from .geometry import Char, Edge, PageContent, char_at, is_bold_font
from .settings import PdfSettings

Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    """The matrix applying ``inner`` then ``outer`` (PDF row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


class _Doc:
    """An open pdfium document; the bytes stay referenced while it is open."""

    def __init__(self, data: bytes, ctx: ReadContext) -> None:
        import pypdfium2 as pdfium  # type: ignore[import-untyped]
        import pypdfium2.raw as raw  # type: ignore[import-untyped]

        self.raw = raw
        self.ctx = ctx
        try:
            self.doc = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            code = getattr(exc, "err_code", None)
            if code in (raw.FPDF_ERR_PASSWORD, raw.FPDF_ERR_SECURITY):
                raise ReadError("the PDF is encrypted; give a decrypted copy", source=ctx.source) from exc
            raise ReadError("not a readable PDF: its structure is damaged", source=ctx.source) from exc
        self.count = len(self.doc)

    def close(self) -> None:
        """Release the document."""
        self.doc.close()


def page_count(data: bytes, ctx: ReadContext) -> int:
    """The number of pages, read from the page tree without parsing any page."""
    doc = _Doc(data, ctx)
    try:
        return doc.count
    finally:
        doc.close()


def _name(raw: Any, mark: Any) -> str:
    buf = (ctypes.c_ushort * 64)()
    length = ctypes.c_ulong()
    if not raw.FPDFPageObjMark_GetName(mark, buf, ctypes.sizeof(buf), ctypes.byref(length)):
        return ""
    return bytes(buf)[:max(0, length.value - 2)].decode("utf-16-le", "replace")


def _matrix(raw: Any, obj: Any) -> Matrix:
    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


class _Walker:
    """Ruling lines and marked tabs of one page, from its objects and its forms' objects.

    With ``lost`` set (a text page and the text objects its characters came from), it
    walks again for the spaces pdfium's text page left out instead.
    """

    def __init__(self, raw: Any, settings: PdfSettings, height: float, where: str, ctx: ReadContext,
                 lost: tuple[Any, set[int]] | None = None) -> None:
        self.raw, self.settings, self.height, self.where, self.ctx = raw, settings, height, where, ctx
        self.lost = lost
        self.edges: list[Edge] = []
        self.tabs: list[Char] = []  # tabs, or with ``lost``, the lost spaces
        self.tab_objects: set[int] = set()
        self.texts = 0  # text objects seen
        self.visited = 0
        self.x = ctypes.c_float()
        self.y = ctypes.c_float()

    def walk(self, count: int, get: Any, outer: Matrix, depth: int) -> None:
        """Visit ``count`` objects given by ``get(i)``, inside forms ``depth`` deep."""
        raw = self.raw
        self.visited += count
        if self.visited > self.settings.max_objects_per_page:
            raise UnsafeInputError(f"over {self.settings.max_objects_per_page} drawing objects on one page",
                                   source=self.ctx.source, where=self.where)
        for i in range(count):
            obj = get(i)
            kind = raw.FPDFPageObj_GetType(obj)
            if kind == raw.FPDF_PAGEOBJ_TEXT:
                self.texts += 1
                if self.lost is not None:
                    self._lost_spaces(obj, _compose(_matrix(raw, obj), outer), *self.lost)
                elif raw.FPDFPageObj_CountMarks(obj):
                    self._text(obj, _compose(_matrix(raw, obj), outer))
            elif kind == raw.FPDF_PAGEOBJ_PATH and self.lost is None:
                self._path(obj, _compose(_matrix(raw, obj), outer))
            elif kind == raw.FPDF_PAGEOBJ_FORM and depth < self.settings.max_form_depth:
                n = raw.FPDFFormObj_CountObjects(obj)
                self.walk(max(0, n), lambda k, o=obj: raw.FPDFFormObj_GetObject(o, k),
                          _compose(_matrix(raw, obj), outer), depth + 1)

    def _text(self, obj: Any, m: Matrix) -> None:
        """A space the writer marked as a tab: pdfium gives no character for it."""
        raw = self.raw
        names = {_name(raw, raw.FPDFPageObj_GetMark(obj, k)) for k in range(raw.FPDFPageObj_CountMarks(obj))}
        if PDF_TAB_TAG not in names:
            return
        size = ctypes.c_float()
        raw.FPDFTextObj_GetFontSize(obj, ctypes.byref(size))
        scale = abs(m[3]) or 1.0
        em = size.value * scale
        # the writer advances a tab by exactly one em of its font size
        self.tabs.append(char_at("\t", m[4], m[4] + em, self.height - m[5], em, False, self.settings))
        self.tab_objects.add(ctypes.cast(obj, ctypes.c_void_p).value or 0)

    def _lost_spaces(self, obj: Any, m: Matrix, tp: Any, seen: set[int]) -> None:
        """Where a text object that gave no character and draws no ink starts (a space glyph
        drawn on its own, or an empty string), with its size and weight."""
        raw = self.raw
        if (ctypes.cast(obj, ctypes.c_void_p).value or 0) in seen:
            return
        left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
        raw.FPDFPageObj_GetBounds(obj, *(ctypes.byref(v) for v in (left, bottom, right, top)))
        if right.value - left.value > self.settings.axis_slack or top.value - bottom.value > self.settings.axis_slack:
            return  # it draws something: pdfium dropped it for another reason (a repeated glyph)
        size = ctypes.c_float()
        raw.FPDFTextObj_GetFontSize(obj, ctypes.byref(size))
        em = size.value * (abs(m[3]) or 1.0)
        name = ctypes.create_string_buffer(128)
        raw.FPDFFont_GetBaseFontName(raw.FPDFTextObj_GetFont(obj), name, 128)
        bold = is_bold_font(name.value.decode("utf-8", "replace"))
        self.tabs.append(char_at(" ", m[4], m[4], self.height - m[5], em, bold, self.settings))

    def _path(self, obj: Any, m: Matrix) -> None:
        raw = self.raw
        fill, stroke = ctypes.c_int(), ctypes.c_int()
        if raw.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke)) \
                and fill.value == raw.FPDF_FILLMODE_NONE and not stroke.value:
            return  # an invisible path (a clip) draws no rule
        n = raw.FPDFPath_CountSegments(obj)
        if n <= 0 or n > self.settings.max_path_segments:
            return
        a, b, c, d, e, f = m
        start = cur = None
        for k in range(n):
            seg = raw.FPDFPath_GetPathSegment(obj, k)
            if not raw.FPDFPathSegment_GetPoint(seg, ctypes.byref(self.x), ctypes.byref(self.y)):
                continue
            px, py = self.x.value, self.y.value
            pt = (a * px + c * py + e, self.height - (b * px + d * py + f))
            kind = raw.FPDFPathSegment_GetType(seg)
            if kind == raw.FPDF_SEGMENT_LINETO and cur is not None:
                self._segment(cur, pt)
            elif kind == raw.FPDF_SEGMENT_MOVETO:
                start = pt
            cur = pt
            if raw.FPDFPathSegment_GetClose(seg) and start is not None:
                self._segment(cur, start)
                cur = start

    def _segment(self, p: tuple[float, float], q: tuple[float, float]) -> None:
        slack = self.settings.axis_slack
        if abs(p[1] - q[1]) <= slack:
            self.edges.append(Edge("h", min(p[0], q[0]), p[1], max(p[0], q[0]), p[1]))
        elif abs(p[0] - q[0]) <= slack:
            self.edges.append(Edge("v", p[0], min(p[1], q[1]), p[0], max(p[1], q[1])))


class _Chars:
    """Characters of one text page, with per-text-object facts looked up once."""

    def __init__(self, raw: Any, settings: PdfSettings, height: float) -> None:
        self.raw, self.settings, self.height = raw, settings, height
        self.style: dict[int, tuple[float, bool, bool]] = {}  # text object -> size, upright, bold
        self.bold: dict[int, bool] = {}  # font -> bold
        self.box = raw.FS_RECTF()
        self.matrix = raw.FS_MATRIX()
        self.ox, self.oy = ctypes.c_double(), ctypes.c_double()
        # objects as plain addresses: casting pypdfium2's typed pointers costs more than
        # the calls themselves, and these run once per character
        self.object_of = _address_function(raw.FPDFText_GetTextObject, ctypes.c_int)
        self.font_of = _address_function(raw.FPDFTextObj_GetFont)
        self.generated: list[int] = []  # indexes of the spaces pdfium inferred

    def _style(self, tp: Any, i: int, key: int) -> tuple[float, bool, bool]:
        """Size, uprightness and weight of character ``i``, whose text object is ``key``.

        Word and WPS write one text object per glyph, so this runs for most characters
        of their PDFs: the font's weight is looked up once per font.
        """
        raw, m = self.raw, self.matrix
        raw.FPDFText_GetMatrix(tp, i, ctypes.byref(m))
        # the text matrix scales the nominal font size: pdfminer's size is the scaled one
        size = raw.FPDFText_GetFontSize(tp, i) * (m.c * m.c + m.d * m.d) ** 0.5
        upright = m.a * m.d > 0 and m.b * m.c <= 0
        font = self.font_of(key) or 0
        bold = self.bold.get(font)
        if bold is None:
            buf = ctypes.create_string_buffer(128)
            raw.FPDFText_GetFontInfo(tp, i, buf, 128, None)
            bold = self.bold[font] = is_bold_font(buf.value.decode("utf-8", "replace"))
        style = self.style[key] = (size, upright, bold)
        return style

    def read(self, tp: Any, skip: set[int], seen: set[int]) -> tuple[list[Char], int]:
        """The drawn characters of a text page, and how many have no Unicode mapping;
        ``seen`` gets the text objects they came from."""
        raw, settings, height, styles = self.raw, self.settings, self.height, self.style
        box, ox, oy, object_of = ctypes.byref(self.box), ctypes.byref(self.ox), ctypes.byref(self.oy), self.object_of
        rect, y = self.box, self.oy
        out: list[Char] = []
        unmapped = 0
        count, low = raw.FPDFText_CountChars(tp), -1
        for i in range(count):
            if i == low:
                continue  # the second half of a surrogate pair, joined to the first below
            code = raw.FPDFText_GetUnicode(tp, i)
            if 0xD800 <= code < 0xDC00 and i + 1 < count:
                # pdfium gives UTF-16 code units: a character beyond the BMP (王𬀩) is two of them
                nxt = raw.FPDFText_GetUnicode(tp, i + 1)
                if 0xDC00 <= nxt < 0xE000:
                    code, low = 0x10000 + ((code - 0xD800) << 10) + (nxt - 0xDC00), i + 1
            if code in (10, 13):
                continue
            if code == 32 and raw.FPDFText_IsGenerated(tp, i):
                self.generated.append(i)  # a space pdfium infers: only real glyphs count, but see _restore
                continue
            key = object_of(tp, i) or 0
            seen.add(key)
            if key in skip:
                continue
            size, upright, bold = styles.get(key) or self._style(tp, i, key)
            if not upright:
                continue
            if raw.FPDFText_HasUnicodeMapError(tp, i):
                unmapped += 1
            raw.FPDFText_GetLooseCharBox(tp, i, box)
            raw.FPDFText_GetCharOrigin(tp, i, ox, oy)
            if code == 2:
                code = 0x2D  # pdfium reports a hyphen that ends a line as U+0002; the glyph is "-"
            text = chr(code) if 0 < code < 0x110000 and not 0xD800 <= code < 0xE000 else "\ufffd"
            out.append(char_at(text, rect.left, rect.right, height - y.value, size, bold, settings))
        return out, unmapped


def _restore(raw: Any, tp: Any, generated: list[int], lost: list[Char], height: float,
             s: PdfSettings) -> list[Char]:
    """Real spaces pdfium's text page left out.

    pdfium makes no object of an empty string, so a text object that gave no character
    and draws no ink holds spaces: pdfium drops them, and where a gap follows reports a
    space of its own (generated) instead. Each such object gives one space; where pdfium
    inferred a space at its start, the space reaches to the next character, as the
    glyph's advance did.
    """
    box, ox, oy = raw.FS_RECTF(), ctypes.c_double(), ctypes.c_double()
    ends: dict[int, float] = {}  # lost space -> where the character after it starts
    for i in generated:
        raw.FPDFText_GetCharOrigin(tp, i, ctypes.byref(ox), ctypes.byref(oy))
        x, baseline = ox.value, height - oy.value
        for n, c in enumerate(lost):
            if abs(c.x0 - x) <= s.lost_space_slack \
                    and abs(c.bottom - (1 - s.ascent) * c.size - baseline) <= s.lost_space_slack:
                if raw.FPDFText_GetLooseCharBox(tp, i + 1, ctypes.byref(box)) and x < box.left < x + 2 * c.size:
                    ends[n] = box.left
                break
    out = []
    for n, c in enumerate(lost):
        baseline = c.bottom - (1 - s.ascent) * c.size
        out.append(char_at(" ", c.x0, ends.get(n, c.x0 + s.space_advance * c.size), baseline, c.size, c.bold, s))
    return out


def _after_tabs(tabs: list[Char], chars: list[Char], s: PdfSettings) -> list[Char]:
    """Spaces pdfium dropped right after a marked tab (it drops a space after a space).

    The writer starts the next run exactly where a tab ends, so a gap there is a glyph
    pdfium left out, and pdfium leaves out nothing but spaces.
    """
    out: list[Char] = []
    for t in tabs:
        right = [c.x0 for c in chars
                 if abs(c.top - t.top) <= s.lost_space_slack and t.x1 - s.lost_space_slack < c.x0 < t.x1 + t.size]
        if right and min(right) > t.x1 + s.lost_space_slack:
            out.append(Char(" ", t.x1, min(right), t.top, t.bottom, t.size, t.bold))
    return out


def _address_function(fn: Any, *more: Any) -> Any:
    """``fn`` (taking a handle, then arguments of types ``more``) returning a handle as an int."""
    proto = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, *more)
    return proto(ctypes.cast(fn, ctypes.c_void_p).value or 0)


def pages(data: bytes, ctx: ReadContext, settings: PdfSettings) -> Iterator[PageContent]:
    """The pages of a PDF, read by pdfium (the page count was checked before)."""
    doc = _Doc(data, ctx)
    raw = doc.raw
    try:
        for index in range(doc.count):
            yield _page(raw, doc, index, ctx, settings)
    finally:
        doc.close()


def _page(raw: Any, doc: _Doc, index: int, ctx: ReadContext, settings: PdfSettings) -> PageContent:
    where = f"page {index + 1}"
    page = raw.FPDF_LoadPage(doc.doc.raw, index)
    if not page:
        raise ReadError("the page could not be loaded: its content is damaged", source=ctx.source, where=where)
    tp = None
    try:
        left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
        if raw.FPDFPage_GetMediaBox(page, *(ctypes.byref(v) for v in (left, bottom, right, top))):
            height = top.value
        else:
            height = raw.FPDF_GetPageHeightF(page)
        walker = _Walker(raw, settings, height, where, ctx)
        walker.walk(raw.FPDFPage_CountObjects(page), lambda k: raw.FPDFPage_GetObject(page, k), _IDENTITY, 0)
        tp = raw.FPDFText_LoadPage(page)
        if not tp:
            raise ReadError("the page's text could not be read", source=ctx.source, where=where)
        if raw.FPDFText_CountChars(tp) > settings.max_chars_per_page:
            raise UnsafeInputError(f"over {settings.max_chars_per_page} characters on one page",
                                   source=ctx.source, where=where)
        seen = set(walker.tab_objects)
        reader = _Chars(raw, settings, height)
        chars, unmapped = reader.read(tp, walker.tab_objects, seen)
        chars.extend(walker.tabs)
        if walker.texts > len(seen):  # some text objects gave no character
            again = _Walker(raw, settings, height, where, ctx, (tp, seen))
            again.walk(raw.FPDFPage_CountObjects(page), lambda k: raw.FPDFPage_GetObject(page, k), _IDENTITY, 0)
            chars.extend(_restore(raw, tp, reader.generated, again.tabs, height, settings))
        # after the spaces restored from their own text objects: a space after a tab drawn as an
        # object of its own is one of those, and restored a second time here it read as two
        chars.extend(_after_tabs(walker.tabs, chars, settings))
        return PageContent(index + 1, chars, walker.edges, unmapped)
    finally:
        if tp:
            raw.FPDFText_ClosePage(tp)
        raw.FPDF_ClosePage(page)
