"""PDF: read by geometry with pdfplumber; write the official form with reportlab.

Reading works from characters, ruling lines and rectangles, not from extracted text:

- text is built from the glyphs the PDF really holds, so the spaces that text extraction
  inserts into justified Chinese never appear;
- ruled tables are found from their lines; merged cells become spans, text stacked one
  character per line stays inside its cell, and a table cut by a page break is joined back;
- paragraphs come from geometry: a first-line indent or a short previous line starts one;
- page numbers ("— 3 —", "- 4 -") are removed wherever they fall, with a warning.

Writing uses reportlab's built-in CID font STSong-Light (Adobe-GB1): it needs no font file,
so nothing is downloaded or shipped, and every viewer and extractor maps its glyphs back to
Unicode. Text is laid out character by character so every space is kept; a tab has no glyph,
so it is drawn as a space in a marked-content sequence tagged GovreportTab (ActualText U+0009),
which this reader reads back as a tab; "·", which the CID font does not map back, is drawn in
Helvetica.
"""

from __future__ import annotations

import io
import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from ..blocks import Block, Cell, Field, Heading, Paragraph, SourcePos, Table
from ..diagnostics import WarningCode
from ..errors import ReadError, UnsafeInputError, WriteError
from ..form.template import SECTION_NUMERALS
from ..model import Report
from ..repair.cjk import is_cjk, is_page_furniture
from ..repair.fields import field_from_line, fields_from_row
from ._context import ReadContext
from ._layout import TABLES, Grid

_TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines", "snap_tolerance": 3,
                   "join_tolerance": 3, "intersection_tolerance": 3}


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    page: int
    bold: bool = False


@dataclass
class _TableItem:
    table: Table
    top: float
    bottom: float
    page: int
    xs: list[float] = field(default_factory=list)

    @property
    def x1(self) -> float:
        """The right edge of the table."""
        return self.xs[-1] if self.xs else 0.0


def _open(data: bytes, ctx: ReadContext) -> Any:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        _ = pdf.pages
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise ReadError("the PDF is encrypted; give a decrypted copy", source=ctx.source) from None
    except (PDFSyntaxError, PSException) as exc:
        raise ReadError(f"not a readable PDF: {type(exc).__name__}: {exc}".rstrip(": "), source=ctx.source) from None
    except Exception as exc:  # pdfminer raises many kinds on damaged files
        # pdfplumber wraps pdfminer's exception in PdfminerException(original)
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
        if isinstance(inner, (PDFPasswordIncorrect, PDFEncryptionError)) or "password" in str(inner).lower():
            raise ReadError("the PDF is encrypted; give a decrypted copy", source=ctx.source) from None
        detail = f"{type(inner).__name__}: {inner}".rstrip(": ")
        raise ReadError(f"not a readable PDF: {detail}", source=ctx.source) from None
    return pdf


def _chars_to_lines(chars: list[dict[str, Any]], page: int) -> list[_Line]:
    """Group characters into lines by their vertical position; text from real glyphs only."""
    chars = [c for c in chars if c.get("upright", True) and c["text"] not in ("\n", "\r")]
    chars.sort(key=lambda c: (round(c["top"], 1), c["x0"]))
    rows: list[list[dict[str, Any]]] = []
    for c in chars:
        if rows:
            last = rows[-1]
            ref = last[0]
            tol = max(1.5, 0.5 * min(ref["size"], c["size"]))
            if abs(c["top"] - ref["top"]) <= tol or abs(c["bottom"] - ref["bottom"]) <= tol:
                last.append(c)
                continue
        rows.append([c])
    lines = []
    for row in rows:
        row.sort(key=lambda c: c["x0"])
        parts: list[str] = []
        prev: dict[str, Any] | None = None
        for c in row:
            t = c["text"]
            if prev is not None and t != " " and prev["text"] != " ":
                gap = c["x0"] - prev["x1"]
                a, b = prev["text"][-1:], t[:1]
                # a word gap with no space glyph, between Latin letters or digits only
                if gap > 0.25 * c["size"] and a and b and not is_cjk(a) and not is_cjk(b):
                    parts.append(" ")
            parts.append("\t" if c.get("tag") == TAB_TAG else TAB_GLYPH_TO.get(t, t))
            prev = c
        text = "".join(parts)
        if not text.strip():
            continue
        sizes = [c["size"] for c in row if c["text"].strip()]
        fonts = " ".join({str(c.get("fontname", "")) for c in row}).lower()
        lines.append(_Line(text, row[0]["x0"], row[-1]["x1"], min(c["top"] for c in row),
                           max(c["bottom"] for c in row), statistics.median(sizes) if sizes else 0, page,
                           "bold" in fonts or "heiti" in fonts or "黑体" in fonts))
    return lines


TAB_GLYPH_TO = {"\xa0": " ", "\u2003": " ", "\u2002": " "}


def _cell_text(chars: list[dict[str, Any]]) -> str:
    lines = _chars_to_lines(chars, 0)
    return "\n".join(ln.text.strip() for ln in lines)


def _grid_positions(values: list[float], tol: float = 2.0) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _index(positions: list[float], v: float, tol: float = 2.0) -> int:
    for i, p in enumerate(positions):
        if abs(p - v) <= tol:
            return i
    return min(range(len(positions)), key=lambda i: abs(positions[i] - v))


def page_chars_in(chars: list[dict[str, Any]], bbox: tuple[float, float, float, float]) -> list[dict[str, Any]]:
    """The characters whose centre lies in ``bbox``."""
    x0, top, x1, bottom = bbox
    return [c for c in chars if x0 - 1 <= (c["x0"] + c["x1"]) / 2 <= x1 + 1
            and top - 1 <= (c["top"] + c["bottom"]) / 2 <= bottom + 1]


def _tables(page: Any, chars: list[dict[str, Any]], pno: int) -> tuple[list[_TableItem], list[dict[str, Any]]]:
    """Ruled tables of a page with spans, and the characters left outside them."""
    found = page.find_tables(_TABLE_SETTINGS)
    items: list[_TableItem] = []
    rest = chars
    for t in found:
        cells = [c for c in t.cells if c]
        if len(cells) < 2 and not (cells and len(_cell_text(page_chars_in(chars, t.bbox))) < 150):
            continue
        xs = _grid_positions([c[0] for c in cells] + [c[2] for c in cells])
        ys = _grid_positions([c[1] for c in cells] + [c[3] for c in cells])
        if len(xs) <= 2:
            continue  # a frame drawn around prose, not a table
        x0, top, x1, bottom = t.bbox
        inside = [c for c in rest if x0 - 1 <= (c["x0"] + c["x1"]) / 2 <= x1 + 1
                  and top - 1 <= (c["top"] + c["bottom"]) / 2 <= bottom + 1]
        rest = [c for c in rest if not (x0 - 1 <= (c["x0"] + c["x1"]) / 2 <= x1 + 1
                                        and top - 1 <= (c["top"] + c["bottom"]) / 2 <= bottom + 1)]
        placed: dict[tuple[int, int], tuple[int, int, list[dict[str, Any]]]] = {}
        boxes = []
        for c in cells:
            r, k = _index(ys, c[1]), _index(xs, c[0])
            rs = max(1, _index(ys, c[3]) - r)
            cs = max(1, _index(xs, c[2]) - k)
            placed[(r, k)] = (rs, cs, [])
            boxes.append((c, (r, k)))
        for ch in inside:
            cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
            for box, key in boxes:
                if box[0] - 0.5 <= cx <= box[2] + 0.5 and box[1] - 0.5 <= cy <= box[3] + 0.5:
                    placed[key][2].append(ch)
                    break
        rows: dict[int, list[tuple[int, Cell]]] = {}
        for (r, k), (rs, cs, chs) in placed.items():
            rows.setdefault(r, []).append((k, Cell(_cell_text(chs), cs, rs)))
        table = Table(tuple(tuple(cell for _, cell in sorted(rows[r], key=lambda x: x[0])) for r in sorted(rows)),
                      SourcePos(page=pno))
        items.append(_TableItem(table, top, bottom, pno, xs))
    return items, rest


def _join_tables(items: list[Any], ctx: ReadContext) -> list[Any]:
    """Join a table cut by a page break: same columns, nothing but furniture between the parts."""
    out: list[Any] = []
    for item in items:
        prev = out[-1] if out else None
        if isinstance(item, _TableItem) and isinstance(prev, _TableItem) and item.page == prev.page + 1 \
                and len(item.xs) == len(prev.xs) and all(abs(a - b) <= 3 for a, b in zip(item.xs, prev.xs)):
            rows = list(item.table.rows)
            head = list(prev.table.rows)
            # a header repeated at the top of the continuation is dropped
            n = 0
            while n < len(rows) and n < len(head) and [c.text for c in rows[n]] == [c.text for c in head[n]]:
                n += 1
            rows = rows[n:]
            # a row broken by the page: the continuation holds only the rest of its text
            if rows and head and len(rows[0]) == len(head[-1]) \
                    and not any(ch.isdigit() for c in rows[0] for ch in c.text):
                last = head[-1]
                head[-1] = tuple(Cell("\n".join(x for x in (a.text, b.text) if x), a.colspan, a.rowspan)
                                 for a, b in zip(last, rows[0]))
                rows = rows[1:]
            merged = Table(tuple(head + rows), prev.table.pos)
            out[-1] = _TableItem(merged, prev.top, item.bottom, item.page, item.xs)
            continue
        out.append(item)
    return out


def read(data: bytes, ctx: ReadContext) -> list[Block]:
    """Blocks of a PDF from its geometry."""
    pdf = _open(data, ctx)
    with pdf:
        try:
            pages = pdf.pages
            if len(pages) > ctx.max_pages:
                raise UnsafeInputError(f"the PDF has {len(pages)} pages, over the limit of {ctx.max_pages}",
                                       source=ctx.source)
            items: list[Any] = []
            nchars = 0
            for pno, page in enumerate(pages, start=1):
                chars = page.chars
                nchars += len(chars)
                has_rules = bool(page.lines or page.rects or page.edges)
                tables, rest = _tables(page, chars, pno) if has_rules else ([], chars)
                lines = _chars_to_lines(rest, pno)
                kept = []
                for ln in lines:
                    if is_page_furniture(ln.text):
                        ctx.warn(WarningCode.FURNITURE, f"page number {ln.text.strip()!r} removed", SourcePos(page=pno))
                    else:
                        kept.append(ln)
                page_items: list[Any] = [*kept, *tables]
                page_items.sort(key=lambda it: it.top)
                items.extend(page_items)
        except ReadError:
            raise
        except Exception as exc:  # pdfminer fails in many ways on damaged content
            raise ReadError(f"a page could not be read: {type(exc).__name__}: {exc}", source=ctx.source) from None
    if nchars == 0:
        raise ReadError("the PDF has no text layer (a scan?); run OCR first", source=ctx.source)
    items = _join_tables(items, ctx)
    return _flow(items, ctx)


def _lead_width(line: _Line) -> float:
    """Width of what opens a line and could not have ended the one above: a run of Latin
    letters or digits, closing punctuation, and the character after them.

    Line breaking (kinsoku) pushes "112条。" to the next line whole, leaving the line above
    short though the paragraph goes on.
    """
    text = line.text.lstrip(" ")
    n = 0
    while n < len(text) and (not is_cjk(text[n]) or text[n] in "，。、；：？！）》」』”’…—"):
        n += 1
    n = min(len(text), n + 1)
    chars = max(1, len(text))
    return (line.x1 - line.x0) * n / chars


def _flow(items: list[Any], ctx: ReadContext) -> list[Block]:
    lines = [it for it in items if isinstance(it, _Line)]
    if not lines:
        body, left, right = 12.0, 0.0, 0.0
    else:
        weights: Counter[float] = Counter()
        for ln in lines:
            weights[round(ln.size, 1)] += len(ln.text)
        body = weights.most_common(1)[0][0]
        body_lines = [ln for ln in lines if abs(ln.size - body) < 0.6]
        # The left margin: where continuation lines start. Not the most common start, which
        # is the indented one in a text of short paragraphs; a low percentile resists strays.
        starts = sorted(ln.x0 for ln in body_lines)
        left = starts[int(len(starts) * 0.05)]
        # Better still: a margin with lines indented two characters from it (the indent of
        # Chinese typesetting) is the margin, however few lines continue at it.
        counts = Counter(round(x) for x in starts)
        pairs = [(counts[x] + sum(n for y, n in counts.items() if abs(y - x - 2 * body) <= 2), x)
                 for x in counts if any(abs(y - x - 2 * body) <= 2 for y in counts)]
        table_lefts = [it.xs[0] for it in items if isinstance(it, _TableItem) and it.xs]
        if pairs:
            left = float(max(pairs)[1])
        elif table_lefts and abs(left - min(table_lefts) - 2 * body) <= 3:
            # every paragraph is one line: the tables' left edge shows the margin they indent from
            left = min(table_lefts)
        rights = sorted(ln.x1 for ln in body_lines)
        right = rights[int(len(rights) * 0.9)] if rights else 0.0
        # Ruled tables span the text block; they tell its right edge when few lines are full.
        right = max([right, *(it.x1 for it in items if isinstance(it, _TableItem))])
    out: list[Block] = []
    cur: list[_Line] = []
    tables = 0
    fields_done = False

    def flush() -> None:
        if not cur:
            return
        # Spaces in PDF text are real glyphs here, so wrapped lines join as they are.
        text = "".join(ln.text for ln in cur).strip(" ")
        pos = SourcePos(page=cur[0].page)
        if cur[0].size >= body * 1.25:
            out.append(Heading(text, 1, pos))
        else:
            out.append(Paragraph(text, pos))
        cur.clear()

    for it in items:
        if isinstance(it, _TableItem):
            flush()
            if not fields_done and not out:
                fields = [fields_from_row([c.text for c in r]) for r in it.table.rows]
                if it.table.rows and all(f is not None for f in fields):
                    for f in fields:
                        out.extend(Field(x.key, x.value, SourcePos(page=it.page)) for x in (f or []))
                    fields_done = True
                    continue
            tables += 1
            out.append(Table(it.table.rows, SourcePos(page=it.page, table=tables)))
            continue
        ln = it
        if not out and not cur and not fields_done:
            fld = field_from_line(ln.text, SourcePos(page=ln.page))
            if fld is not None:
                out.append(fld)
                continue
        if cur:
            prev = cur[-1]
            size = max(ln.size, 1.0)
            new = (
                ln.x0 > left + 0.8 * size                      # first-line indent or centred
                or prev.x1 + _lead_width(ln) < right - 1.5 * size  # the line above ended short
                                                               # though the next word would fit
                or abs(ln.size - prev.size) > 0.6              # another style
                or ln.bold != prev.bold
                or (prev.size >= body * 1.25 and ln.size < body * 1.25)
            )
            title_run = prev.size >= body * 1.25 and abs(ln.size - prev.size) <= 0.6
            if new and not title_run:
                flush()
        cur.append(ln)
    flush()
    return out


# ---------------------------------------------------------------- writer

FONT = "STSong-Light"
FALLBACK_FONT = "Helvetica"
# Characters that STSong-Light's Unicode CMap does not map back on extraction.
_FALLBACK_CHARS = frozenset("·\xa0")
TAB_TAG = "GovreportTab"


def _runs(text: str) -> list[tuple[str, str]]:
    """Split text into (kind, text) runs: "cid", "fallback" or "tab"."""
    runs: list[tuple[str, str]] = []
    for ch in text:
        kind = "tab" if ch == "\t" else "fallback" if ch in _FALLBACK_CHARS else "cid"
        if runs and runs[-1][0] == kind and kind != "tab":
            runs[-1] = (kind, runs[-1][1] + ch)
        else:
            runs.append((kind, ch))
    return runs


def _width(text: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    total = 0.0
    for kind, run in _runs(text):
        if kind == "tab":
            total += size  # one em: narrower than what the reader takes for a short line
        else:
            total += stringWidth(run, FALLBACK_FONT if kind == "fallback" else FONT, size)
    return total


def _prose_class() -> Any:
    """A reportlab Flowable that lays out one paragraph with every character kept.

    Platypus paragraphs collapse white space and parse markup; report text needs neither:
    it is wrapped character by character (CJK style), drawn as it is, and a tab is drawn as
    a space inside a marked-content sequence tagged GovreportTab with ActualText U+0009.
    """
    from reportlab.platypus import Flowable

    class Prose(Flowable):  # type: ignore[misc]
        def __init__(self, text: str, size: float, leading: float, indent: float = 0.0,
                     align: str = "left", lines: list[str] | None = None, first: bool = True) -> None:
            super().__init__()
            self.text, self.size, self.leading, self.indent, self.align = text, size, leading, indent, align
            self.lines = lines
            self.first = first

        def _layout(self, width: float) -> list[str]:
            lines: list[str] = []
            cur, cur_w = "", 0.0
            avail = width - (self.indent if self.first else 0.0)
            for ch in self.text:
                w = _width(ch, self.size)
                if cur and cur_w + w > avail:
                    lines.append(cur)
                    cur, cur_w, avail = "", 0.0, width
                cur += ch
                cur_w += w
            if cur or not lines:
                lines.append(cur)
            return lines

        def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
            if self.lines is None:
                self.lines = self._layout(avail_width)
            self.width = avail_width
            self.height = self.leading * len(self.lines)
            return avail_width, self.height

        def split(self, avail_width: float, avail_height: float) -> list[Any]:
            lines = self.lines if self.lines is not None else self._layout(avail_width)
            n = int(avail_height // self.leading)
            if n <= 0 or n >= len(lines):
                return [] if n <= 0 else [self]
            return [Prose(self.text, self.size, self.leading, self.indent, self.align, lines[:n], self.first),
                    Prose(self.text, self.size, self.leading, self.indent, self.align, lines[n:], False)]

        def draw(self) -> None:
            c = self.canv
            y = self.height - self.size
            for n, line in enumerate(self.lines or []):
                x = self.indent if (n == 0 and self.first) else 0.0
                if self.align == "center":
                    x = (self.width - _width(line, self.size)) / 2
                for kind, run in _runs(line):
                    if kind == "tab":
                        # a space stretched to the tab's advance, so the line keeps its true extent
                        from reportlab.pdfbase.pdfmetrics import stringWidth

                        c._code.append(f"/{TAB_TAG} <</ActualText <FEFF0009>>> BDC")
                        t = c.beginText(x, y)
                        t.setFont(FONT, self.size)
                        t.setHorizScale(100.0 * self.size / stringWidth(" ", FONT, self.size))
                        t.textOut(" ")
                        t.setHorizScale(100)  # Tz is text state: it outlives the text object
                        c.drawText(t)
                        c._code.append("EMC")
                        x += self.size
                        continue
                    font = FALLBACK_FONT if kind == "fallback" else FONT
                    c.setFont(font, self.size)
                    c.drawString(x, y, run)
                    x += _width(run, self.size)
                y -= self.leading

    return Prose


def write(report: Report) -> bytes:
    """A PDF of the official layout: A4, title, sections, the three tables with merged cells."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph as RLParagraph
    from reportlab.platypus import SimpleDocTemplate, Spacer
    from reportlab.platypus import Table as RLTable

    font = FONT
    if font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    body = 12.0
    s_cell = ParagraphStyle("cell", fontSize=8, leading=10, alignment=TA_CENTER, fontName=font, wordWrap="CJK")
    story: list[Any] = []

    def grid_table(grid: Grid, widths: list[float]) -> RLTable:
        width = max(sum(c.colspan for c in row) for row in grid)
        data: list[list[Any]] = [["" for _ in range(width)] for _ in grid]
        spans = []
        taken: set[tuple[int, int]] = set()
        for r, row in enumerate(grid):
            c = 0
            for cell in row:
                while (r, c) in taken:
                    c += 1
                data[r][c] = RLParagraph(xml_escape(cell.text), s_cell) if cell.text else ""
                if cell.colspan > 1 or cell.rowspan > 1:
                    spans.append(("SPAN", (c, r), (c + cell.colspan - 1, r + cell.rowspan - 1)))
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        taken.add((r + dr, c + dc))
                c += cell.colspan
        t = RLTable(data, colWidths=widths, repeatRows=0)
        t.setStyle([("GRID", (0, 0), (-1, -1), 0.6, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2), *spans])
        return t

    # the frame's usable width: the text block less the frame's 6 pt padding on each side
    frame_width = A4[0] - 2.8 * cm - 2.6 * cm - 12
    Prose = _prose_class()
    if report.fields:
        rows = [[Prose(f"{k}：", 9, 12), Prose(v, 9, 12) if v else ""] for k, v in report.fields]
        ft = RLTable(rows, colWidths=[3 * cm, frame_width - 3 * cm])
        ft.setStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey)])
        story += [ft, Spacer(1, 12)]
    if report.title:
        story += [Prose(report.title, 18, 26, align="center"), Spacer(1, 12)]

    def blocks(items: tuple[Any, ...]) -> None:
        for b in items:
            size = body + 1 if b.kind == "heading" else body
            story.append(Prose(b.text, size, size * 1.7, indent=2 * size))

    blocks(report.preamble)
    widths = {
        2: [frame_width * 0.34] + [frame_width * 0.22] * 3,
        3: [frame_width * 0.07, frame_width * 0.08, frame_width * 0.27] + [frame_width * 0.58 / 7] * 7,
        4: [frame_width / 15] * 15,
    }
    grids = dict(TABLES)
    for s in report.sections:
        story.append(Prose(f"{SECTION_NUMERALS[s.number - 1]}、{s.title}", body + 2, (body + 2) * 1.7,
                           indent=2 * (body + 2)))
        if s.number in grids:
            story += [grid_table(grids[s.number](report), widths[s.number]), Spacer(1, 8)]
        blocks(s.blocks)

    def footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(font, 10)
        canvas.drawCentredString(A4[0] / 2, 1.8 * cm, f"— {doc.page} —")
        canvas.restoreState()

    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=2.8 * cm, rightMargin=2.6 * cm, topMargin=3.7 * cm,
                            bottomMargin=3.5 * cm, title=report.title or "", author=report.organ or "",
                            subject="政府信息公开工作年度报告", creator="govreport_io")
    try:
        doc.build(story, onFirstPage=footer, onLaterPages=footer)
    except Exception as exc:  # reportlab layout errors (a cell too large for a page)
        raise WriteError(f"cannot lay out the PDF: {type(exc).__name__}: {exc}") from None
    return buf.getvalue()
