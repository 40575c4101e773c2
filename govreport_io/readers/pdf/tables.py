"""Ruled tables from ruling lines: cells with spans, characters placed in them.

The grid is found as pdfplumber's "lines" strategy finds it (snap, join, intersect, the
smallest cell at each corner, cells grouped by shared corners), on edges from either
backend, so both backends see the same tables.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from itertools import groupby

from ...blocks import Cell, SourcePos, Table
from .geometry import Char, Edge
from .lines import cell_text
from .settings import PdfSettings

Box = tuple[float, float, float, float]  # x0, top, x1, bottom
Point = tuple[float, float]
Points = dict[Point, tuple[set[int], set[int]]]  # crossing -> ids of its vertical, horizontal edges


@dataclass(slots=True)
class TableItem:
    """A table found on a page, with its vertical extent and column borders."""

    table: Table
    top: float
    bottom: float
    page: int
    xs: list[float] = field(default_factory=list)

    @property
    def x1(self) -> float:
        """The right edge of the table."""
        return self.xs[-1] if self.xs else 0.0


def _snap(edges: list[Edge], orientation: str, tol: float) -> list[Edge]:
    """Edges of one orientation whose positions chain within ``tol`` moved to their mean."""
    vertical = orientation == "v"
    group = sorted((e for e in edges if e.orientation == orientation), key=lambda e: e.x0 if vertical else e.top)
    out: list[Edge] = []
    cluster: list[Edge] = []

    def flush() -> None:
        if cluster:
            mean = sum(e.x0 if vertical else e.top for e in cluster) / len(cluster)
            for e in cluster:
                out.append(Edge("v", mean, e.top, mean, e.bottom) if vertical else Edge("h", e.x0, mean, e.x1, mean))
            cluster.clear()

    for e in group:
        pos = e.x0 if vertical else e.top
        if cluster and pos - (cluster[-1].x0 if vertical else cluster[-1].top) > tol:
            flush()
        cluster.append(e)
    flush()
    return out


def _join(edges: list[Edge], tol: float) -> list[Edge]:
    """Collinear edges that overlap or nearly touch, joined into one."""
    out: list[Edge] = []
    for (orientation, _), group in groupby(sorted(edges, key=lambda e: (e.orientation, e.x0 if e.orientation == "v"
                                                                         else e.top)),
                                           key=lambda e: (e.orientation, e.x0 if e.orientation == "v" else e.top)):
        if orientation == "h":
            items = sorted(group, key=lambda e: e.x0)
            joined = [items[0]]
            for e in items[1:]:
                last = joined[-1]
                if e.x0 <= last.x1 + tol:
                    if e.x1 > last.x1:
                        joined[-1] = Edge("h", last.x0, last.top, e.x1, last.bottom)
                else:
                    joined.append(e)
        else:
            items = sorted(group, key=lambda e: e.top)
            joined = [items[0]]
            for e in items[1:]:
                last = joined[-1]
                if e.top <= last.bottom + tol:
                    if e.bottom > last.bottom:
                        joined[-1] = Edge("v", last.x0, last.top, last.x1, e.bottom)
                else:
                    joined.append(e)
        out.extend(joined)
    return out


def merged_edges(edges: list[Edge], s: PdfSettings) -> list[Edge]:
    """Edges snapped, joined and filtered by length, ready to intersect."""
    def length(e: Edge) -> float:
        return e.x1 - e.x0 if e.orientation == "h" else e.bottom - e.top

    edges = [e for e in edges if length(e) >= s.edge_min_length_prefilter]
    snapped = _snap(edges, "v", s.snap_tolerance) + _snap(edges, "h", s.snap_tolerance)
    return [e for e in _join(snapped, s.join_tolerance) if length(e) >= s.edge_min_length]


def _intersections(edges: list[Edge], tol: float) -> Points:
    """Crossing points, each with the ids of the vertical and horizontal edges through it."""
    vs = sorted((e for e in edges if e.orientation == "v"), key=lambda e: (e.x0, e.top))
    hs = sorted((e for e in edges if e.orientation == "h"), key=lambda e: (e.top, e.x0))
    points: Points = {}
    for i, v in enumerate(vs):
        for j, h in enumerate(hs):
            if v.top <= h.top + tol and v.bottom >= h.top - tol and h.x0 - tol <= v.x0 <= h.x1 + tol:
                vset, hset = points.setdefault((v.x0, h.top), (set(), set()))
                vset.add(i)
                hset.add(j)
    return points


def _down(points: Points, p: Point, q: Point) -> bool:
    """Whether one vertical edge runs through both points."""
    return bool(points[p][0] & points[q][0])


def _across(points: Points, p: Point, q: Point) -> bool:
    """Whether one horizontal edge runs through both points."""
    return bool(points[p][1] & points[q][1])


def _cells(points: Points) -> list[Box]:
    """The smallest cell whose top-left corner is each point, when edges close it."""
    columns: dict[float, list[Point]] = {}
    rows: dict[float, list[Point]] = {}
    ordered = sorted(points)
    for p in ordered:
        columns.setdefault(p[0], []).append(p)
        rows.setdefault(p[1], []).append(p)
    out: list[Box] = []
    for p in ordered:
        found = _smallest(points, p, [q for q in columns[p[0]] if q > p], [q for q in rows[p[1]] if q > p])
        if found is not None:
            out.append(found)
    return out


def _smallest(points: Points, p: Point, below: list[Point], right: list[Point]) -> Box | None:
    for b in below:
        if not _down(points, p, b):
            continue
        for r in right:
            if not _across(points, p, r):
                continue
            corner = (r[0], b[1])
            if corner in points and _down(points, r, corner) and _across(points, b, corner):
                return (p[0], p[1], corner[0], corner[1])
    return None


def _group(cells: list[Box]) -> list[list[Box]]:
    """Cells grouped into tables: a cell sharing a corner with a table belongs to it."""
    def corners(c: Box) -> tuple[Point, ...]:
        return ((c[0], c[1]), (c[0], c[3]), (c[2], c[1]), (c[2], c[3]))

    remaining = list(cells)
    tables: list[list[Box]] = []
    current: list[Box] = []
    seen: set[Point] = set()
    while remaining:
        before = len(current)
        for c in list(remaining):
            cs = corners(c)
            if not current or any(x in seen for x in cs):
                seen.update(cs)
                current.append(c)
                remaining.remove(c)
        if len(current) == before:
            tables.append(current)
            current, seen = [], set()
    if current:
        tables.append(current)
    tables.sort(key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in tables if len(t) > 1]


def find_grids(edges: list[Edge], s: PdfSettings) -> list[list[Box]]:
    """The cells of each ruled table on a page, top to bottom."""
    merged = merged_edges(edges, s)
    if not merged:
        return []
    return _group(_cells(_intersections(merged, s.intersection_tolerance)))


def _positions(values: list[float], tol: float) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _index(positions: list[float], v: float, tol: float) -> int:
    for i, p in enumerate(positions):
        if abs(p - v) <= tol:
            return i
    return min(range(len(positions)), key=lambda i: abs(positions[i] - v))


def _inside(c: Char, box: Box, margin: float) -> bool:
    x0, top, x1, bottom = box
    cx = (c.x0 + c.x1) / 2
    cy = (c.top + c.bottom) / 2
    return x0 - margin <= cx <= x1 + margin and top - margin <= cy <= bottom + margin


def _bbox(cells: list[Box]) -> Box:
    return (min(c[0] for c in cells), min(c[1] for c in cells), max(c[2] for c in cells), max(c[3] for c in cells))


def _table(cells: list[Box], inside: list[Char], xs: list[float], ys: list[float], pno: int,
           s: PdfSettings) -> Table:
    """Cells numbered into rows and columns with spans, each holding its characters."""
    tol = s.grid_tolerance
    placed: dict[tuple[int, int], tuple[int, int, list[Char]]] = {}
    # cells by the grid rows they cover, so that a character is tested against its row's
    # cells only (in the cells' own order: the first cell that holds it wins)
    by_row: list[list[tuple[int, Box, tuple[int, int]]]] = [[] for _ in ys]
    for n, c in enumerate(cells):
        r, k = _index(ys, c[1], tol), _index(xs, c[0], tol)
        end = _index(ys, c[3], tol)
        placed[(r, k)] = (max(1, end - r), max(1, _index(xs, c[2], tol) - k), [])
        for row in range(max(0, r - 1), min(len(ys), max(end, r + 1) + 1)):
            by_row[row].append((n, c, (r, k)))
    m = s.cell_margin
    for ch in inside:
        cx, cy = (ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2
        row = max(0, min(len(ys) - 1, bisect.bisect_right(ys, cy) - 1))
        for _, box, key in by_row[row]:
            if box[0] - m <= cx <= box[2] + m and box[1] - m <= cy <= box[3] + m:
                placed[key][2].append(ch)
                break
    rows: dict[int, list[tuple[int, Cell]]] = {}
    for (r, k), (rs, cs, chs) in placed.items():
        rows.setdefault(r, []).append((k, Cell(cell_text(chs, s), cs, rs)))
    return Table(tuple(tuple(cell for _, cell in sorted(rows[r], key=lambda x: x[0])) for r in sorted(rows)),
                 SourcePos(page=pno))


def page_tables(chars: list[Char], edges: list[Edge], pno: int,
                s: PdfSettings) -> tuple[list[TableItem], list[Char]]:
    """Ruled tables of a page with spans, and the characters left outside them."""
    items: list[TableItem] = []
    rest = chars
    for cells in find_grids(edges, s):
        bbox = _bbox(cells)
        if len(cells) < 2 and not (cells and len(cell_text([c for c in chars if _inside(c, bbox, s.box_margin)], s))
                                   < s.lone_cell_text):
            continue
        xs = _positions([c[0] for c in cells] + [c[2] for c in cells], s.grid_tolerance)
        ys = _positions([c[1] for c in cells] + [c[3] for c in cells], s.grid_tolerance)
        if len(xs) <= 2:
            continue  # a frame drawn around prose, not a table
        inside: list[Char] = []
        outside: list[Char] = []
        for c in rest:
            (inside if _inside(c, bbox, s.box_margin) else outside).append(c)
        rest = outside
        items.append(TableItem(_table(cells, inside, xs, ys, pno, s), bbox[1], bbox[3], pno, xs))
    return items, rest
