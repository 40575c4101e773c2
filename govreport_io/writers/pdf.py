"""PDF: the official form with reportlab.

reportlab's built-in CID font STSong-Light (Adobe-GB1) needs no font file, so nothing is
downloaded or shipped, and every viewer and extractor maps its glyphs back to Unicode.
Text is laid out character by character so every space is kept; a tab has no glyph, so
it is drawn as a space stretched to one em inside a marked-content sequence tagged
GovreportTab with ActualText U+0009, which the PDF reader reads back as a tab; "·",
which the CID font does not map back, is drawn in Helvetica.
"""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from ..conventions import PDF_TAB_TAG
from ..errors import WriteError
from ..form.template import SECTION_NUMERALS
from ..model import Report
from ._layout import TABLES, Grid, place

FONT = "STSong-Light"
FALLBACK_FONT = "Helvetica"
# Characters that STSong-Light's Unicode CMap does not map back on extraction.
_FALLBACK_CHARS = frozenset("·\xa0")


_NO_LINE_START = frozenset("，。、；：？！）》」』”’〕】…")


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

                        c._code.append(f"/{PDF_TAB_TAG} <</ActualText <FEFF0009>>> BDC")
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
        for r, c, cell in place(grid):
            data[r][c] = RLParagraph(xml_escape(cell.text), s_cell) if cell.text else ""
            if cell.colspan > 1 or cell.rowspan > 1:
                spans.append(("SPAN", (c, r), (c + cell.colspan - 1, r + cell.rowspan - 1)))
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
                            subject="政府信息公开工作年度报告", creator="govreport_io",
                            invariant=True)  # the same report gives the same bytes
    try:
        doc.build(story, onFirstPage=footer, onLaterPages=footer)
    except Exception as exc:  # reportlab layout errors (a cell too large for a page)
        raise WriteError(f"cannot lay out the PDF: {type(exc).__name__}: {exc}") from None
    return buf.getvalue()
