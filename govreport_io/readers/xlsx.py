"""XLSX: read Excel workbooks (openpyxl), the office's own as well as ours.

Each sheet becomes blocks, read as a person reads it: rows of header fields at the top
(索引号：| …), rows holding one text cell as paragraphs (a line break inside a cell parts
paragraphs), and runs of rows with several cells or merged cells as tables with their
spans, wherever on the sheet they sit. Values are read as Excel shows them: formulas as
their cached values, numbers with the decimals of their number format, numbers stored
as text as they are. A sheet that begins with a heading that another sheet also holds
(our 表二 under 二、主动公开政府信息情况) is placed under that heading, so that tables kept
on their own sheets still sit in their sections.

The zip is checked before openpyxl sees it, as for DOCX: entry count, expanded size and
ratio (zip bombs), and no DTD or entity declaration anywhere in any XML part.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from typing import Any

from ..blocks import Block, Cell, Heading, Paragraph, SourcePos, Table
from ..diagnostics import WarningCode
from ..errors import ReadError, UnsafeInputError
from ..repair.cjk import compact
from ..repair.fields import fields_from_row
from ._context import ReadContext
from ._ooxml import Package, guard_zip

OPTIONS: frozenset[str] = frozenset()
WORKBOOK = Package("an Excel workbook", "xl/workbook.xml", max_entries=5000, xml_suffixes=(".xml", ".rels", ".vml"))
MAX_CELLS = 2_000_000
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_WORKBOOK = "xl/workbook.xml"


def sniff(data: bytes) -> int:
    """100 for a zip holding xl/workbook.xml (an Excel workbook), else 0."""
    if not data.startswith(b"PK\x03\x04"):
        return 0
    if _WORKBOOK.encode() in data[:65536]:
        return 100
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:  # the central directory only: cheap
            return 100 if _WORKBOOK in zf.namelist() else 0
    except (zipfile.BadZipFile, OSError, ValueError):
        return 0


def check_zip(data: bytes, source: str) -> None:
    """Refuse an encrypted, broken, bomb-like or entity-bearing workbook with a clear error."""
    if data.startswith(_OLE):
        raise ReadError("not an .xlsx workbook: an OLE compound file (a password-protected workbook or an old "
                        ".xls); open it in Excel and save it as .xlsx without a password", source=source)
    guard_zip(data, source, WORKBOOK)


def _decimals(fmt: str) -> int | None:
    """The decimals a number format such as "0.00" or "#,##0.000" shows (None for General)."""
    body = fmt.split(";")[0]
    if "0" not in body:
        return None
    _, dot, frac = body.partition(".")
    return len(frac) - len(frac.lstrip("0")) if dot else 0


def cell_text(value: object, number_format: str = "General") -> str:
    """A cell value as Excel shows it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (dt.datetime, dt.date)):
        if isinstance(value, dt.datetime) and value.time() == dt.time(0):
            value = value.date()
        return value.isoformat()
    if isinstance(value, (int, float)):
        places = _decimals(number_format)
        if places is not None and "%" not in number_format:
            return f"{value:.{places}f}"  # as shown: "0.0" stays "0.0", "12.50" stays "12.50"
        if isinstance(value, int):
            return str(value)
        text = repr(value)
        return str(int(value)) if value.is_integer() and "e" not in text else text
    return str(value)


def _has_border(cell: Any) -> bool:
    b = cell.border
    return b is not None and any(getattr(side, "style", None) for side in (b.left, b.right, b.top, b.bottom))


def _grid(ws: Any) -> tuple[dict[tuple[int, int], str], set[tuple[int, int]], list[tuple[int, int, int, int]]]:
    """The sheet's non-empty cells as text, its ruled cells, and its merged ranges clamped to them."""
    cells: dict[tuple[int, int], str] = {}
    ruled: set[tuple[int, int]] = set()
    for (r, c), cell in ws._cells.items():  # only the cells that exist: a sheet may claim a huge size
        text = cell_text(cell.value, cell.number_format or "General")
        if text.strip():
            cells[(r, c)] = text
        if cell.has_style and _has_border(cell):
            ruled.add((r, c))  # an empty cell of a ruled form is still a cell of its table
    used = set(cells) | ruled
    if not used:
        return cells, ruled, []
    max_r = max(r for r, _ in used) + 1
    max_c = max(c for _, c in used) + 1
    merges = [(m.min_row, m.min_col, min(m.max_row, max_r), min(m.max_col, max_c))
              for m in ws.merged_cells.ranges if m.min_row <= max_r and m.min_col <= max_c]
    return cells, ruled, merges


def _paragraphs(text: str, pos: SourcePos) -> Iterator[Paragraph]:
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = line.strip(" \t\u3000\xa0")
        if line:
            yield Paragraph(line, pos)


class _Sheet:
    """One sheet turned into blocks: fields, paragraphs and tables in row order."""

    def __init__(self, ws: Any, number: int, tables: list[int]) -> None:
        self.cells, self.ruled, self.merges = _grid(ws)
        self.number = number
        self.tables = tables  # a counter shared across sheets
        self.covered: dict[tuple[int, int], tuple[int, int, int, int]] = {}
        slots = sum((1 + m[2] - m[0]) * (1 + m[3] - m[1]) for m in self.merges)
        if slots > MAX_CELLS:
            raise UnsafeInputError(f"sheet {number} merges {slots} cells, over {MAX_CELLS}")
        self.ruled_cols: dict[int, set[int]] = {}
        for r, c in self.ruled:
            self.ruled_cols.setdefault(r, set()).add(c)
        self.merged_rows = {r for m in self.merges if m[2] > m[0] or m[3] > m[1] for r in range(m[0], m[2] + 1)}
        for m in self.merges:
            for r in range(m[0], m[2] + 1):
                for c in range(m[1], m[3] + 1):
                    self.covered[(r, c)] = m

    def _cols(self, r: int) -> list[int]:
        return sorted({c for (rr, c) in self.cells if rr == r})

    def _tabular(self, r: int, cols: list[int]) -> bool:
        return len(set(cols) | self.ruled_cols.get(r, set())) >= 2 or r in self.merged_rows

    def blocks(self) -> list[Block]:
        by_row: dict[int, list[int]] = {}
        for r, c in self.cells:
            by_row.setdefault(r, []).append(c)
        rows = sorted(set(by_row) | {r for r, _ in self.covered} | set(self.ruled_cols))
        out: list[Block] = []
        head = True
        run: list[int] = []
        for r in rows:
            cols = sorted(by_row.get(r, []))
            pos = SourcePos(page=self.number, line=r)
            if head and cols:
                found = fields_from_row([self.cells[(r, c)] for c in cols], pos)
                if found:
                    out.extend(found)
                    continue
            head = False
            if self._tabular(r, cols) and (not run or r == run[-1] + 1):
                run.append(r)
                continue
            out.extend(self._table(run))
            run = [r] if self._tabular(r, cols) else []
            if not run:
                for c in cols:
                    out.extend(_paragraphs(self.cells[(r, c)], pos))
        out.extend(self._table(run))
        return out

    def _table(self, run: list[int]) -> list[Block]:
        if not run:
            return []
        cols = [c for (r, c) in [*self.cells, *self.covered, *self.ruled] if run[0] <= r <= run[-1]]
        lo, hi = min(cols), max(cols)
        out: list[Block] = []
        first = self._cols(run[0])
        m = self.covered.get((run[0], lo))
        if len(first) == 1 and m is not None and m[1] == lo and m[3] == hi and m[2] == m[0]:
            # a caption merged across the whole table above it: a heading, not a row
            out.extend(_paragraphs(self.cells[(run[0], first[0])], SourcePos(page=self.number, line=run[0])))
            run = run[1:]
            if not run:
                return out
        rows: list[tuple[Cell, ...]] = []
        for r in run:
            row: list[Cell] = []
            for c in range(lo, hi + 1):
                m = self.covered.get((r, c))
                if m is not None and (m[0], m[1]) != (r, c):
                    continue  # a slot that a merged cell covers
                text = self.cells.get((r, c), "")
                span = (1 + m[3] - m[1], 1 + m[2] - m[0]) if m else (1, 1)
                row.append(Cell(text, colspan=span[0], rowspan=span[1]))
            rows.append(tuple(row))
        self.tables.append(len(self.tables) + 1)
        out.append(Table(tuple(rows), SourcePos(page=self.number, line=run[0], table=len(self.tables))))
        return out


def _merge(streams: list[list[Block]]) -> list[Block]:
    """One document from the sheets: a sheet that opens with a heading found elsewhere goes under it."""
    if not streams:
        return []
    base = max(range(len(streams)), key=lambda n: sum(isinstance(b, Paragraph) for b in streams[n]))
    out = list(streams[base])
    for n, blocks in enumerate(streams):
        if n == base or not blocks:
            continue
        at = None
        if isinstance(blocks[0], (Paragraph, Heading)):
            key = compact(blocks[0].text)
            at = next((i for i, b in enumerate(out) if isinstance(b, (Paragraph, Heading))
                       and compact(b.text) == key), None)
        if at is None:
            out.extend(blocks)
        else:
            end = at + 1
            while end < len(out) and isinstance(out[end], Table):
                end += 1  # after tables already placed there
            out[end:end] = blocks[1:]
    return out


def read(data: bytes, ctx: ReadContext) -> list[Block]:
    """Blocks of every sheet of a workbook, in reading order."""
    check_zip(data, ctx.source)
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)  # formulas as their cached values
    except Exception as exc:  # openpyxl raises many kinds on a broken workbook
        raise ReadError(f"cannot read the workbook, a part of it is malformed: {str(exc)[:200]}",
                        source=ctx.source) from None
    if sum(len(ws._cells) for ws in wb.worksheets) > MAX_CELLS:
        raise UnsafeInputError(f"the workbook holds over {MAX_CELLS} cells", source=ctx.source)
    _warn_uncalculated(data, wb, ctx)
    tables: list[int] = []
    streams = [_Sheet(ws, n, tables).blocks() for n, ws in enumerate(wb.worksheets, start=1)]
    return _merge(streams)


def _warn_uncalculated(data: bytes, values: Any, ctx: ReadContext) -> None:
    """Warn about formulas that were never calculated: they have no saved value and read as blank."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        if not any(b"<f" in zf.read(n) for n in zf.namelist() if n.startswith("xl/worksheets/")):
            return  # no formula at all: no second load
    import openpyxl

    formulas = openpyxl.load_workbook(io.BytesIO(data))
    found = [(n, ws.title, cell) for n, ws in enumerate(formulas.worksheets, start=1)
             for cell in ws._cells.values()
             if cell.data_type == "f" and values.worksheets[n - 1]._cells.get((cell.row, cell.column)) is not None
             and values.worksheets[n - 1]._cells[(cell.row, cell.column)].value is None]
    for n, title, cell in found[:20]:
        ctx.warn(WarningCode.CELL_UNREADABLE, f"sheet {title!r}, cell {cell.coordinate}: a formula that was never "
                 "calculated (no saved value) reads as blank; open and save the workbook in Excel or WPS",
                 SourcePos(page=n, line=cell.row))
    if len(found) > 20:
        ctx.warn(WarningCode.CELL_UNREADABLE, f"{len(found) - 20} more formulas were never calculated")
