"""What a backend gives for a page: characters with boxes, and ruling lines as edges.

Coordinates are PDF points from the top-left of the page (``top`` grows downwards), as
pdfplumber gives them, whichever backend read the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .settings import PdfSettings


@dataclass(slots=True)
class Char:
    """One glyph the PDF draws: its text (``"\\t"`` for a tab the writer marked), box and style."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool = False


@dataclass(slots=True)
class Edge:
    """A horizontal (``"h"``) or vertical (``"v"``) stretch of a ruling line or rectangle side."""

    orientation: str
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(slots=True)
class PageContent:
    """Everything the layout needs from one page."""

    number: int
    chars: list[Char] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    unmapped: int = 0  # glyphs whose font gives no Unicode text


def char_at(text: str, x0: float, x1: float, baseline: float, size: float, bold: bool,
            settings: PdfSettings) -> Char:
    """A character whose box is built from its baseline and size (see ``PdfSettings.ascent``)."""
    return Char(text, x0, x1, baseline - settings.ascent * size, baseline + (1 - settings.ascent) * size, size, bold)


BOLD_MARKS = ("bold", "heiti", "黑体")
"""Font-name parts of a bold face: Chinese reports set headings in 黑体 (Heiti)."""


def is_bold_font(name: str) -> bool:
    """Whether a font's name says it is bold."""
    name = name.lower()
    return any(mark in name for mark in BOLD_MARKS)


def rect_edges(x0: float, top: float, x1: float, bottom: float) -> list[Edge]:
    """The four sides of a rectangle (a cell border is often a thin filled rectangle)."""
    return [Edge("h", x0, top, x1, top), Edge("h", x0, bottom, x1, bottom),
            Edge("v", x0, top, x0, bottom), Edge("v", x1, top, x1, bottom)]
