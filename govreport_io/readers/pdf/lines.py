"""Characters into lines of text, from real glyphs only."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from itertools import pairwise

from ...repair.cjk import is_cjk
from .geometry import Char
from .settings import PdfSettings

_SPACE_GLYPHS = {"\xa0": " ", "\u2003": " ", "\u2002": " "}
"""Space glyphs other than U+0020 that a line keeps as a plain space."""
_BLANK = (" ", "\t")
"""Glyphs that are spacing themselves: no gap is measured next to them."""


@dataclass(slots=True)
class Line:
    """One line of text on a page with its extent, size and style."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    page: int
    bold: bool = False
    gaps: int = 0  # gaps wider than a character: columns of a table drawn without rules


def _rows(chars: list[Char], settings: PdfSettings) -> list[list[Char]]:
    """Characters grouped by vertical position, top to bottom."""
    chars = sorted(chars, key=lambda c: (round(c.top, 1), c.x0))
    rows: list[list[Char]] = []
    for c in chars:
        if rows:
            last = rows[-1]
            ref = last[0]
            tol = max(settings.line_tolerance_min, settings.line_tolerance * min(ref.size, c.size))
            if abs(c.top - ref.top) <= tol or abs(c.bottom - ref.bottom) <= tol:
                last.append(c)
                continue
        rows.append([c])
    return rows


def _is_spread(row: list[Char], settings: PdfSettings) -> bool:
    """Justified Chinese spreads a line's slack between its Chinese characters; a table
    drawn without rules leaves wide gaps between runs of text and numbers instead."""
    pairs = [(a, b) for a, b in pairwise(row)
             if a.text not in _BLANK and b.text not in _BLANK and (is_cjk(a.text[:1]) or is_cjk(b.text[:1]))]
    if len(pairs) < settings.spread_min_pairs:
        return False
    spread = sum(b.x0 - a.x1 > settings.spread_gap * b.size for a, b in pairs)
    return spread > settings.spread_share * len(pairs)


def _row_text(row: list[Char], settings: PdfSettings) -> tuple[str, int]:
    """The text of a row, with spaces where gaps stand for them, and its column gaps."""
    spread = _is_spread(row, settings)
    parts: list[str] = []
    gaps = 0
    prev: Char | None = None
    for c in row:
        t = c.text
        if prev is not None and t not in _BLANK and prev.text not in _BLANK and not spread:
            gap = c.x0 - prev.x1
            a, b = prev.text[-1:], t[:1]
            # a word gap with no space glyph between Latin letters or digits, or a gap
            # wider than a character anywhere (a column of an unruled table)
            latin = a and b and not is_cjk(a) and not is_cjk(b)
            wide = gap > settings.column_gap * c.size
            gaps += wide
            if wide or (latin and gap > settings.word_gap * c.size):
                parts.append(" ")
        parts.append(_SPACE_GLYPHS.get(t, t))
        prev = c
    return "".join(parts), gaps


def chars_to_lines(chars: list[Char], page: int, settings: PdfSettings) -> list[Line]:
    """Group characters into lines by their vertical position."""
    lines = []
    for row in _rows(chars, settings):
        row.sort(key=lambda c: c.x0)
        text, gaps = _row_text(row, settings)
        if not text.strip():
            continue
        sizes = [c.size for c in row if c.text.strip()]
        lines.append(Line(text, row[0].x0, row[-1].x1, min(c.top for c in row), max(c.bottom for c in row),
                          statistics.median(sizes) if sizes else 0, page, any(c.bold for c in row), gaps))
    return lines


def cell_text(chars: list[Char], settings: PdfSettings) -> str:
    """The text of a table cell: its lines joined by line breaks."""
    return "\n".join(ln.text.strip() for ln in chars_to_lines(chars, 0, settings))
