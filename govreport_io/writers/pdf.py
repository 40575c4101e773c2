"""PDF: the official form with reportlab, its fonts embedded.

Fonts come from :mod:`._fonts`: a CJK TrueType font named by the caller or found on the
system, embedded as a subset (小标宋 title, 黑体 headings, 仿宋 body where installed), else
the CID font STSong-Light with a warning. Text is laid out character by character so every
space is kept; a tab has no glyph, so it is drawn as a space stretched to one em inside a
marked-content sequence tagged GovreportTab with ActualText U+0009, which the PDF reader
reads back as a tab. Tables keep their header rows together with the rows that follow,
repeat them on each page (table 三 and 四), and never split a row.
"""

from __future__ import annotations

import io
import itertools
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from ..conventions import PDF_TAB_TAG
from ..errors import WriteError
from ..model import Report
from ._fonts import FontSet, fonts
from ._layout import HEADER_ROWS, PAGE, Grid, column_widths, place, safe_text, walk

_NO_LINE_START = frozenset("，。、；：？！）》」』”’〕】…")


class _ProseLayout:
    """One paragraph laid out with every character kept (mixed into a reportlab Flowable).

    Platypus paragraphs collapse white space and parse markup; report text needs neither:
    it is wrapped character by character (CJK style), drawn as it is, and a tab is drawn as
    a space inside a marked-content sequence tagged GovreportTab with ActualText U+0009.
    """

    canv: Any
    width: float
    height: float

    def __init__(self, fs: FontSet, font: str, text: str, size: float, leading: float, indent: float = 0.0,
                 align: str = "left", lines: list[str] | None = None, first: bool = True) -> None:
        super().__init__()
        self.fs, self.font = fs, font
        self.text, self.size, self.leading, self.indent, self.align = text, size, leading, indent, align
        self.lines = lines
        self.first = first

    def _w(self, text: str) -> float:
        return float(self.fs.width(text, self.font, self.size))

    def _layout(self, width: float) -> list[str]:
        lines: list[str] = []
        cur, cur_w = "", 0.0
        avail = width - (self.indent if self.first else 0.0)
        for ch in self.text:
            w = self._w(ch)
            # closing punctuation never opens a line: it hangs in the margin (kinsoku)
            hang = ch in _NO_LINE_START and cur_w + w <= avail + self.size
            if cur and cur_w + w > avail and not hang:
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
        args = (self.fs, self.font, self.text, self.size, self.leading, self.indent, self.align)
        return [type(self)(*args, lines[:n], first=self.first), type(self)(*args, lines[n:], first=False)]

    def draw(self) -> None:
        y = self.height - self.size
        for n, line in enumerate(self.lines or []):
            x = self.indent if (n == 0 and self.first) else 0.0
            if self.align == "center":
                x = (self.width - self._w(line)) / 2
            for font, run in self.fs.runs(line, self.font):
                x = self._draw_run(font, run, x, y)
            y -= self.leading

    def _draw_run(self, font: str, run: str, x: float, y: float) -> float:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        c = self.canv
        if font == "missing":  # a character no font can draw: an empty box of one em
            c.rect(x + self.size * 0.1, y - self.size * 0.1, self.size * 0.8, self.size * 0.9)
            return x + self.size * len(run)
        if font != "tab":
            c.setFont(font, self.size)
            c.drawString(x, y, run)
            return x + float(stringWidth(run, font, self.size))
        # a space stretched to the tab's advance, so the line keeps its true extent
        c._code.append(f"/{PDF_TAB_TAG} <</ActualText <FEFF0009>>> BDC")
        t = c.beginText(x, y)
        t.setFont(self.font, self.size)
        t.setHorizScale(100.0 * self.size / stringWidth(" ", self.font, self.size))
        t.textOut(" ")
        t.setHorizScale(100)  # Tz is text state: it outlives the text object
        c.drawText(t)
        c._code.append("EMC")
        return x + self.size


_PROSE: list[Any] = []


def _prose_class() -> Any:
    """The Flowable class of :class:`_ProseLayout` (reportlab imported on first use)."""
    if not _PROSE:
        from reportlab.platypus import Flowable

        class Prose(_ProseLayout, Flowable):  # type: ignore[misc]
            pass

        _PROSE.append(Prose)
    return _PROSE[0]


def _grid_table(grid: Grid, number: int, widths: list[float], fs: FontSet) -> Any:
    """A reportlab Table of the grid: merged cells, header rows repeated, groups kept whole."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph as RLParagraph
    from reportlab.platypus import Table as RLTable

    style = ParagraphStyle("cell", fontSize=8, leading=10, alignment=TA_CENTER, fontName=fs.roles["body"],
                           wordWrap="CJK")
    width = max(sum(c.colspan for c in row) for row in grid)
    data: list[list[Any]] = [["" for _ in range(width)] for _ in grid]
    spans: list[tuple[Any, ...]] = []
    for r, c, cell in place(grid):
        data[r][c] = RLParagraph(_cell_markup(cell.text, fs), style) if cell.text else ""
        if cell.colspan > 1 or cell.rowspan > 1:
            spans.append(("SPAN", (c, r), (c + cell.colspan - 1, r + cell.rowspan - 1)))
    if number == 2:  # each block of table 二 (its two header rows and its rows) stays on one page
        starts = [r for r, row in enumerate(grid) if len(row) == 1 and row[0].colspan == width] + [len(grid)]
        spans += [("NOSPLIT", (0, a), (-1, b - 1)) for a, b in itertools.pairwise(starts)]
    t = RLTable(data, colWidths=widths, repeatRows=HEADER_ROWS[number])
    t.setStyle([("GRID", (0, 0), (-1, -1), 0.6, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2), *spans])
    return t


def _cell_markup(text: str, fs: FontSet) -> str:
    # reportlab paragraphs take markup: text escaped, runs in other fonts wrapped in <font>
    body = fs.roles["body"]
    out = []
    for f, run in fs.runs(text, body):
        if f == "missing":  # the CID font cannot encode it: an empty box, reported by fs.report()
            out.append("\u25a1" * len(run))
        else:
            out.append(xml_escape(run) if f in (body, "tab") else f'<font face="{f}">{xml_escape(run)}</font>')
    return "".join(out)


def _story(report: Report, fs: FontSet, frame_width: float) -> list[Any]:
    from reportlab.lib import colors
    from reportlab.lib.units import cm
    from reportlab.platypus import Spacer
    from reportlab.platypus import Table as RLTable

    Prose = _prose_class()
    body, head, title = fs.roles["body"], fs.roles["heading"], fs.roles["title"]
    size = 12.0
    story: list[Any] = []
    fields: list[list[Any]] = []
    for part in walk(report, "PDF", xml=True):
        if part.kind == "field":
            fields.append([Prose(fs, body, f"{part.key}：", 9, 12), Prose(fs, body, part.text, 9, 12)
                           if part.text else ""])
            continue
        if fields:
            ft = RLTable(fields, colWidths=[3 * cm, frame_width - 3 * cm])
            ft.setStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey)])
            story += [ft, Spacer(1, 12)]
            fields = []
        if part.kind == "title":
            story += [Prose(fs, title, part.text, 18, 26, align="center"), Spacer(1, 12)]
        elif part.kind in ("section", "appendix"):
            heading = Prose(fs, head, part.text, size + 2, (size + 2) * 1.7, indent=2 * (size + 2))
            heading.keepWithNext = True  # a heading never ends a page
            story.append(heading)
        elif part.kind == "table":
            widths = column_widths(part.number, frame_width)
            story += [_grid_table(part.grid, part.number, widths, fs), Spacer(1, 8)]
        else:
            sz = size + 1 if part.kind == "heading" else size
            story.append(Prose(fs, head if part.kind == "heading" else body, part.text, sz, sz * 1.7, indent=2 * sz))
    return story


def write(report: Report, *, font: str | None = None) -> bytes:
    """A PDF of the official layout: A4, title, sections, the three tables with merged cells.

    ``font`` names a TrueType font to embed for all text (a path, ``path.ttc#N`` or an
    installed family name; ``"STSong-Light"`` for reportlab's CID font, not embedded, the
    same bytes on every machine); without it the best installed Chinese fonts are used.
    """
    from reportlab.lib.units import cm
    from reportlab.platypus import SimpleDocTemplate

    fs = fonts(font)
    # the frame's usable width: the text block less the frame's 6 pt padding on each side
    frame_width = PAGE.text_width * cm - 12
    story = _story(report, fs, frame_width)

    def footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(fs.roles["body"], 10)
        canvas.drawCentredString(PAGE.width * cm / 2, 1.8 * cm, f"— {doc.page} —")
        canvas.restoreState()

    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=(PAGE.width * cm, PAGE.height * cm), leftMargin=PAGE.left * cm,
                            rightMargin=PAGE.right * cm, topMargin=PAGE.top * cm, bottomMargin=PAGE.bottom * cm,
                            title=safe_text(report.title or "", xml=True),
                            author=safe_text(report.organ or "", xml=True),
                            subject="政府信息公开工作年度报告", creator="govreport_io",
                            invariant=True)  # the same report gives the same bytes
    try:
        doc.build(story, onFirstPage=footer, onLaterPages=footer)
    except Exception as exc:  # reportlab layout errors (a cell too large for a page)
        raise WriteError(f"cannot lay out the PDF: {type(exc).__name__}: {exc}") from None
    fs.report()
    return buf.getvalue()
