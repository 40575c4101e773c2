"""Lines and tables of all pages into blocks: tables joined across pages, paragraphs and
headings from geometry, header fields recognised."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ...blocks import Block, Cell, Heading, Paragraph, SourcePos, Table
from ...repair.cjk import is_cjk
from ...repair.fields import fields_from_rows, leading_fields
from .furniture import Item
from .lines import Line
from .settings import PdfSettings
from .tables import TableItem

_CLOSING = "，。、；：？！）》」』”’…—"
"""Punctuation that line breaking (kinsoku) never leaves at the start of a line alone."""


def _same_columns(a: TableItem, b: TableItem, s: PdfSettings) -> bool:
    return len(a.xs) == len(b.xs) and all(abs(x - y) <= s.page_join_tolerance for x, y in zip(a.xs, b.xs))


def _continue(prev: TableItem, item: TableItem) -> TableItem:
    """``prev`` with the rows of its continuation ``item`` on the next page."""
    rows = list(item.table.rows)
    head = list(prev.table.rows)
    # a header repeated at the top of the continuation is dropped
    n = 0
    while n < len(rows) and n < len(head) and [c.text for c in rows[n]] == [c.text for c in head[n]]:
        n += 1
    rows = rows[n:]
    # a row broken by the page: the continuation holds only the rest of its text
    if rows and head and len(rows[0]) == len(head[-1]) and not any(ch.isdigit() for c in rows[0] for ch in c.text):
        last = head[-1]
        head[-1] = tuple(Cell("\n".join(x for x in (a.text, b.text) if x), a.colspan, a.rowspan)
                         for a, b in zip(last, rows[0]))
        rows = rows[1:]
    return TableItem(Table(tuple(head + rows), prev.table.pos), prev.top, item.bottom, item.page, item.xs)


def join_tables(items: list[Item], s: PdfSettings) -> list[Item]:
    """Join a table cut by a page break: same columns, nothing but furniture between the parts."""
    out: list[Item] = []
    for item in items:
        prev = out[-1] if out else None
        if isinstance(item, TableItem) and isinstance(prev, TableItem) and item.page == prev.page + 1 \
                and _same_columns(prev, item, s):
            out[-1] = _continue(prev, item)
            continue
        out.append(item)
    return out


def _lead_width(line: Line) -> float:
    """Width of what opens a line and could not have ended the one above: a run of Latin
    letters or digits, closing punctuation, and the character after them.

    Line breaking (kinsoku) pushes "112条。" to the next line whole, leaving the line above
    short though the paragraph goes on.
    """
    text = line.text.lstrip(" ")
    n = 0
    while n < len(text) and (not is_cjk(text[n]) or text[n] in _CLOSING):
        n += 1
    n = min(len(text), n + 1)
    return (line.x1 - line.x0) * n / max(1, len(text))


@dataclass(frozen=True, slots=True)
class Margins:
    """The body text's size and the text block's left and right edges."""

    body: float
    left: float
    right: float


def margins(items: list[Item], s: PdfSettings) -> Margins:
    """Body size and margins, measured on the body-size lines."""
    lines = [it for it in items if isinstance(it, Line)]
    if not lines:
        return Margins(12.0, 0.0, 0.0)
    weights: Counter[float] = Counter()
    for ln in lines:
        weights[round(ln.size, 1)] += len(ln.text)
    body = weights.most_common(1)[0][0]
    body_lines = [ln for ln in lines if abs(ln.size - body) < s.size_tolerance]
    # The left margin: where continuation lines start. Not the most common start, which
    # is the indented one in a text of short paragraphs; a low percentile resists strays.
    starts = sorted(ln.x0 for ln in body_lines)
    left = starts[int(len(starts) * s.left_percentile)]
    # Better still: a margin with lines indented two characters from it (the indent of
    # Chinese typesetting) is the margin, however few lines continue at it.
    indent = s.indent_chars * body
    counts = Counter(round(x) for x in starts)
    pairs = [(counts[x] + sum(n for y, n in counts.items() if abs(y - x - indent) <= s.indent_slack), x)
             for x in counts if any(abs(y - x - indent) <= s.indent_slack for y in counts)]
    table_lefts = [it.xs[0] for it in items if isinstance(it, TableItem) and it.xs]
    if pairs:
        left = float(max(pairs)[1])
    elif table_lefts and abs(left - min(table_lefts) - indent) <= s.table_indent_slack:
        # every paragraph is one line: the tables' left edge shows the margin they indent from
        left = min(table_lefts)
    rights = sorted(ln.x1 for ln in body_lines)
    right = rights[int(len(rights) * s.right_percentile)] if rights else 0.0
    # Ruled tables span the text block; they tell its right edge when few lines are full.
    right = max([right, *(it.x1 for it in items if isinstance(it, TableItem))])
    return Margins(body, left, right)


def _starts_paragraph(ln: Line, prev: Line, m: Margins, s: PdfSettings) -> bool:
    size = max(ln.size, 1.0)
    heading = m.body * s.heading_ratio
    new = (
        ln.x0 > m.left + s.indent * size                          # first-line indent or centred
        or prev.x1 + _lead_width(ln) < m.right - s.short_line * size  # the line above ended short
                                                                  # though the next word would fit
        or abs(ln.size - prev.size) > s.size_tolerance            # another style
        or ln.bold != prev.bold
        or prev.gaps >= s.unruled_row_gaps or ln.gaps >= s.unruled_row_gaps  # a row of an unruled table
        or (prev.size >= heading and ln.size < heading)
    )
    title_run = prev.size >= heading and abs(ln.size - prev.size) <= s.size_tolerance
    return new and not title_run


def flow(items: list[Item], s: PdfSettings) -> list[Block]:
    """Blocks from the lines and tables of all pages, in reading order."""
    m = margins(items, s)
    out: list[Block] = []
    cur: list[Line] = []
    tables = 0

    def flush() -> None:
        if not cur:
            return
        # Spaces in PDF text are real glyphs here, so wrapped lines join as they are.
        text = "".join(ln.text for ln in cur).strip(" ")
        pos = SourcePos(page=cur[0].page)
        out.append(Heading(text, 1, pos) if cur[0].size >= m.body * s.heading_ratio else Paragraph(text, pos))
        cur.clear()

    for it in items:
        if isinstance(it, TableItem):
            flush()
            if not out:
                rows = it.table.rows
                fields = fields_from_rows([[c.text for c in r] for r in rows], [SourcePos(page=it.page)] * len(rows))
                if fields is not None:
                    out.extend(fields)
                    continue
            tables += 1
            out.append(Table(it.table.rows, SourcePos(page=it.page, table=tables)))
            continue
        if cur and _starts_paragraph(it, cur[-1], m, s):
            flush()
        cur.append(it)
    flush()
    return leading_fields(out)
