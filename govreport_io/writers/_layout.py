"""The official layout shared by every writer: one document walk, one page, one grid per table.

Writers go from the Report to their format directly. This module gives them

- :func:`walk`, the document in reading order as :class:`Part` items: fields, title,
  preamble, the six sections with the three tables right under the headings of 二, 三
  and 四 (those three sections are always written, with their official headings when
  the report lacks them, so no table is ever dropped), and an appendix of ``unplaced``
  content, so that nothing read is lost on writing;
- :data:`PAGE` and :func:`column_widths`, the one place for page and column geometry;
- the grid of each table exactly as the official form merges its cells, and the
  plain-text rendering that the text and Markdown writers share.

Text that a format cannot hold (a lone surrogate in any UTF-8 format; U+FFFE, U+FFFF
and other characters XML forbids in HTML, DOCX and XLSX) is replaced by U+FFFD with a
:class:`WriteWarning`, rather than crashing the writer.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from ..form import template as T
from ..model import Block, Report, Section, Value

APPENDIX_TITLE = "附：未能归入报告结构的内容"
"""The heading of the appendix that carries a report's ``unplaced`` content."""


class WriteWarning(UserWarning):
    """A writer changed or could not show something (a character, a font); the output is still written."""


@dataclass(frozen=True, slots=True)
class Page:
    """A4 portrait with the margins of GB/T 9704 (党政机关公文格式), in centimetres."""

    width: float = 21.0
    height: float = 29.7
    top: float = 3.7
    bottom: float = 3.5
    left: float = 2.8
    right: float = 2.6

    @property
    def text_width(self) -> float:
        """The width of the text block (15.6 cm)."""
        return self.width - self.left - self.right


PAGE = Page()

# Column widths (cm) of each table in the 15.6 cm text block: label columns wide enough
# that labels do not wrap one character per line, value columns equal.
_COLUMNS_CM: dict[int, tuple[float, ...]] = {
    2: (5.1, 3.5, 3.5, 3.5),
    3: (1.1, 1.3, 4.6) + (1.23,) * 7,
    4: (1.04,) * 15,
}


def column_widths(number: int, total: float = PAGE.text_width) -> list[float]:
    """The column widths of table ``number`` (2, 3, 4) scaled to ``total`` (any unit)."""
    cm = _COLUMNS_CM[number]
    scale = total / sum(cm)
    return [w * scale for w in cm]


@dataclass(frozen=True, slots=True)
class GridCell:
    """A cell of the official layout; ``header`` marks label cells."""

    text: str
    colspan: int = 1
    rowspan: int = 1
    header: bool = True


Grid = list[list[GridCell]]


def fmt_value(value: Value) -> str:
    """A cell value as printed: blank for null."""
    return "" if value is None else str(value)


def _v(value: Value) -> GridCell:
    return GridCell(fmt_value(value), header=False)


def active_grid(report: Report) -> Grid:
    """Table 二 in the official 4-column layout of the report's form."""
    grid: Grid = []
    rows = T.active_rows(report.form)
    groups: list[str] = []
    for r in rows:
        if r.group not in groups:
            groups.append(r.group or "")
    for g in groups:
        members = [r for r in rows if r.group == g]
        grid.append([GridCell(g, colspan=4)])
        cols = [c for c in members[0].columns if c.kind != "unit"]
        head = [GridCell("信息内容")]
        for n, c in enumerate(cols):
            head.append(GridCell(c.label, colspan=4 - len(cols) if n == len(cols) - 1 else 1))
        grid.append(head)
        for r in members:
            vals = report.active[r.key]
            row = [GridCell(r.label)]
            rcols = [c for c in r.columns if c.kind != "unit"]
            for n, c in enumerate(rcols):
                text = fmt_value(vals.get(c.key))
                if c.kind == "amount" and "unit" in vals and vals["unit"] and text:
                    text += str(vals["unit"])
                row.append(GridCell(text, colspan=4 - len(rcols) if n == len(rcols) - 1 else 1, header=False))
            grid.append(row)
    return grid


def requests_grid(report: Report) -> Grid:
    """Table 三 in the official layout: 3 label columns and 7 value columns."""
    form = report.form
    rows = T.request_rows(form)
    grid: Grid = [
        [GridCell(T.REQUEST_HEADER_WORDS[0], colspan=3, rowspan=3), GridCell("申请人情况", colspan=7)],
        [GridCell("自然人", rowspan=2), GridCell("法人或其他组织", colspan=5), GridCell("总计", rowspan=2)],
        [GridCell(c.label) for c in T.REQUEST_COLUMNS[1:6]],
    ]
    result_rows = [r for r in rows if r.group is not None]
    group_sizes: dict[str, int] = {}
    for r in rows:
        if r.group and r.group != T.G3:
            group_sizes[r.group] = group_sizes.get(r.group, 0) + 1
    seen: set[str] = set()
    for r in rows:
        values = [_v(v) for v in report.requests[r.key]]
        cells: list[GridCell] = []
        if r.group is None:
            cells.append(GridCell(r.label, colspan=3))
        else:
            if T.G3 not in seen:
                seen.add(T.G3)
                cells.append(GridCell(T.G3, rowspan=len(result_rows)))
            if r.group == T.G3:
                cells.append(GridCell(r.label, colspan=2))
            else:
                if r.group not in seen:
                    seen.add(r.group)
                    cells.append(GridCell(r.group, rowspan=group_sizes[r.group]))
                cells.append(GridCell(r.label))
        grid.append(cells + values)
    return grid


def reviews_grid(report: Report) -> Grid:
    """Table 四 in the official layout: 15 value columns under two header levels."""
    outcomes = [GridCell(o.label) for o in T.REVIEW_OUTCOMES]
    grid: Grid = [
        [GridCell("行政复议", colspan=5), GridCell("行政诉讼", colspan=10)],
        [GridCell(o.label, rowspan=2) for o in T.REVIEW_OUTCOMES]
        + [GridCell("未经复议直接起诉", colspan=5), GridCell("复议后起诉", colspan=5)],
        outcomes + outcomes,
        [_v(report.reviews[g.key][o.key]) for g in T.REVIEW_GROUPS for o in T.REVIEW_OUTCOMES],
    ]
    return grid


HEADER_ROWS: dict[int, int] = {2: 0, 3: 3, 4: 3}
"""Header rows of each table, repeated at the top of every page it runs onto (table 二's
headers belong to its blocks, so none of its rows repeat)."""

TABLES: tuple[tuple[int, Callable[[Report], Grid]], ...] = ((2, active_grid), (3, requests_grid), (4, reviews_grid))

# ---------------------------------------------------------------- the document walk

PartKind = Literal["field", "title", "section", "table", "heading", "paragraph", "appendix"]


@dataclass(frozen=True, slots=True)
class Part:
    """One item of the document in reading order.

    ``field``: ``key`` and ``text`` (the value); ``title``; ``section``: a numbered
    heading with its ``number``; ``table``: the ``grid`` of table ``number``;
    ``heading`` and ``paragraph``: prose; ``appendix``: the heading of the unplaced content.
    """

    kind: PartKind
    text: str = ""
    number: int = 0
    key: str = ""
    grid: Grid = field(default_factory=list)


# Lone surrogates cannot be encoded in UTF-8 at all; XML 1.0 also forbids U+FFFE/U+FFFF.
_NO_UTF8 = re.compile("[\ud800-\udfff]")
_NO_XML = re.compile("[\ud800-\udfff\ufffe\uffff\x00-\x08\x0b\x0c\x0e-\x1f]")


class _Cleaner:
    """Replaces what the target cannot hold, and says so once per document."""

    def __init__(self, xml: bool) -> None:
        self.pattern = _NO_XML if xml else _NO_UTF8
        self.found: set[str] = set()

    def __call__(self, text: str) -> str:
        if not self.pattern.search(text):
            return text
        self.found.update(self.pattern.findall(text))
        return self.pattern.sub("\ufffd", text)

    def report(self, fmt: str) -> None:
        if self.found:
            codes = ", ".join(sorted(f"U+{ord(c):04X}" for c in self.found)[:8])
            warnings.warn(WriteWarning(f"{fmt}: {len(self.found)} character(s) that {fmt} cannot hold "
                                       f"({codes}) written as U+FFFD"), stacklevel=3)


def safe_text(text: str, *, xml: bool = False) -> str:
    """``text`` with what the target cannot hold replaced by U+FFFD (for metadata outside the walk)."""
    return (_NO_XML if xml else _NO_UTF8).sub("\ufffd", text)


def sections_with_tables(report: Report) -> tuple[Section, ...]:
    """The report's sections, with 二, 三 and 四 added under their official headings where missing."""
    have = {s.number for s in report.sections}
    added = tuple(Section(n, T.SECTION_TITLES[n]) for n in (2, 3, 4) if n not in have)
    return tuple(sorted(report.sections + added, key=lambda s: s.number))


def _prose(items: tuple[Block, ...], clean: Callable[[str], str]) -> Iterator[Part]:
    for b in items:
        yield Part("heading" if b.kind == "heading" else "paragraph", clean(b.text))


def _unplaced(report: Report, clean: Callable[[str], str]) -> Iterator[Part]:
    if not report.unplaced:
        return
    yield Part("appendix", APPENDIX_TITLE)
    for u in report.unplaced:
        where = f"（{u.kind}，{u.where}）" if u.where else f"（{u.kind}）"
        lines = [ln.strip() for ln in re.split(r"[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+", u.text)]
        text = " ".join(ln for ln in lines if ln)
        yield Part("paragraph", clean(f"{text}{where}" if text else where))


def walk(report: Report, fmt: str = "output", *, xml: bool = False) -> Iterator[Part]:
    """The document in reading order, text made safe for the target (``xml=True`` for XML formats)."""
    clean = _Cleaner(xml)
    for k, v in report.fields:
        yield Part("field", clean(v), key=clean(k))
    if report.title:
        yield Part("title", clean(report.title))
    yield from _prose(report.preamble, clean)
    grids = dict(TABLES)
    for s in sections_with_tables(report):
        yield Part("section", clean(f"{T.SECTION_NUMERALS[s.number - 1]}、{s.title}"), s.number)
        if s.number in grids:
            grid = [[GridCell(clean(c.text), c.colspan, c.rowspan, c.header) for c in row]
                    for row in grids[s.number](report)]
            yield Part("table", number=s.number, grid=grid)
        yield from _prose(s.blocks, clean)
    yield from _unplaced(report, clean)
    clean.report(fmt)


def place(grid: Grid) -> Iterator[tuple[int, int, GridCell]]:
    """Each cell of a grid with its row and column, skipping the slots that spans cover."""
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(grid):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            yield r, c, cell
            taken.update((r + dr, c + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan))
            c += cell.colspan


def expand(grid: Grid) -> list[list[str]]:
    """The grid as a rectangular matrix; slots covered by a span are empty strings."""
    width = max(sum(c.colspan for c in row) for row in grid)
    matrix = [["" for _ in range(width)] for _ in grid]
    for r, c, cell in place(grid):
        matrix[r][c] = cell.text
    return matrix


def _pipe_cell(text: str) -> str:
    # A table cell in Markdown: HTML-significant characters as entities so that no cell
    # text (a unit, a note) becomes live markup, and pipes escaped.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")


def _plain_table(grid: Grid, table_style: str, markdown: bool) -> list[str]:
    matrix = expand(grid)
    if markdown:
        matrix = [[_pipe_cell(c) if table_style == "pipe" else _pipe_cell(c).replace("\\|", "|") for c in row]
                  for row in matrix]
    if table_style == "pipe":
        width = len(matrix[0])
        return ["| " + " | ".join(matrix[0]) + " |", "|" + "---|" * width,
                *("| " + " | ".join(row) + " |" for row in matrix[1:])]
    return ["\t".join(row) for row in matrix]


def render_plain(report: Report, table_style: str = "tab", escape: Callable[[str], str] | None = None,
                 markdown: bool = False) -> str:
    """Text shared by the text and Markdown writers.

    Fields first ("索引号：…"), then the title, the preamble, the six sections; the tables
    sit right under the headings of sections 二, 三 and 四, before their prose.
    """
    esc = escape or (lambda s: s)
    indent = "" if markdown else "\u3000\u3000"
    prefix = {"title": "# ", "section": "## ", "appendix": "## ", "heading": "### "} if markdown else {}
    out: list[str] = []
    for part in walk(report, "markdown" if markdown else "text"):
        if part.kind == "field":
            out.append(esc(f"{part.key}：{part.text}"))
        elif part.kind == "table":
            out.extend(_plain_table(part.grid, table_style, markdown))
        elif part.kind == "paragraph":
            out.append(indent + esc(part.text))
        else:
            out.append(prefix.get(part.kind, "") + esc(part.text))
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
