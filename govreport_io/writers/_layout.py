"""The official layout of the three tables, shared by every writer.

Writers go from the Report to their format directly; this module gives them the grid
of each table exactly as the official form merges its cells, and the plain-text
rendering that the text and Markdown writers share.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..form import template as T
from ..model import Report, Value


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


TABLES: tuple[tuple[int, Callable[[Report], Grid]], ...] = ((2, active_grid), (3, requests_grid), (4, reviews_grid))


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


def render_plain(report: Report, table_style: str = "tab", escape: Callable[[str], str] | None = None,
                 markdown: bool = False) -> str:
    """Text shared by the text and Markdown writers.

    Fields first ("索引号：…"), then the title, the preamble, the six sections; the tables
    sit right under the headings of sections 二, 三 and 四, before their prose.
    """
    esc = escape or (lambda s: s)
    out: list[str] = []
    for k, v in report.fields:
        out.append(esc(f"{k}：{v}"))
        out.append("")
    if report.title:
        out.append(("# " if markdown else "") + esc(report.title))
        out.append("")
    indent = "" if markdown else "\u3000\u3000"

    def blocks(items: tuple[object, ...]) -> None:
        for b in items:
            kind = getattr(b, "kind", "paragraph")
            text = esc(getattr(b, "text", ""))
            if kind == "heading":
                out.append(("### " if markdown else "") + text)
            else:
                out.append(indent + text)
            out.append("")

    blocks(report.preamble)
    grids = dict(TABLES)
    for s in report.sections:
        out.append(("## " if markdown else "") + esc(f"{T.SECTION_NUMERALS[s.number - 1]}、{s.title}"))
        out.append("")
        if s.number in grids:
            matrix = expand(grids[s.number](report))
            if table_style == "pipe":
                width = len(matrix[0])
                out.append("| " + " | ".join(matrix[0]) + " |")
                out.append("|" + "---|" * width)
                out.extend("| " + " | ".join(row) + " |" for row in matrix[1:])
            else:
                out.extend("\t".join(row) for row in matrix)
            out.append("")
        blocks(s.blocks)
    return "\n".join(out).rstrip("\n") + "\n"
