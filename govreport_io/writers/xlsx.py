"""XLSX: the official form as an Excel workbook (openpyxl), for offices to fill in and publish.

Sheet 正文 holds the header fields (key in column A, value in B), the title and the prose
in reading order; sheets 表二, 表三 and 表四 hold the three tables laid out as the form,
each under its section heading, with the form's merged cells and Chinese labels. Blank
cells stay blank (never 0), counts are numbers, the fee is a decimal number shown with
its own decimals (so that "12.50" reads back as "12.50"), and text is always stored as
text, never as a formula.
"""

from __future__ import annotations

import io
import re
import warnings
from decimal import Decimal
from typing import Any

from ..errors import WriteError
from ..model import Report
from ._layout import Grid, Part, WriteWarning, column_widths, place, safe_text, walk
from .docx import _fixed_zip_times

TEXT_SHEET = "正文"
TABLE_SHEETS = {2: "表二 主动公开", 3: "表三 依申请公开", 4: "表四 复议诉讼"}
MAX_CELL = 32767  # Excel holds at most this many characters in a cell
_INT_RE = re.compile(r"^-?[0-9]+$")
_DEC_RE = re.compile(r"^-?[0-9]+\.([0-9]+)$")
# Table widths in Excel's character units (a Chinese character is about two).
_TABLE_UNITS = {2: 90.0, 3: 130.0, 4: 110.0}


def _set(ws: Any, row: int, col: int, value: Any) -> Any:
    cell = ws.cell(row=row, column=col)
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text that starts with "=" stays text, not a formula
    return cell


def _value(text: str) -> tuple[Any, str | None]:
    """A value cell's content as Excel should hold it, and its number format."""
    if _INT_RE.match(text) and len(text) < 16:
        return int(text), "0"
    m = _DEC_RE.match(text)
    if m and len(text) < 16:
        return Decimal(text), "0." + "0" * len(m.group(1))
    return (text or None), None


def _table_sheet(wb: Any, number: int, heading: str, grid: Grid) -> None:
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(TABLE_SHEETS[number])
    _set(ws, 1, 1, heading).font = Font(name="黑体", size=14, bold=True)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    top = 3
    for r, c, cell in place(grid):
        row, col = top + r, 1 + c
        value, fmt = (cell.text or None, None) if cell.header else _value(cell.text)
        target = _set(ws, row, col, value)
        if fmt:
            target.number_format = fmt
        target.font = Font(name="宋体", size=10, bold=cell.header and r < 3)
        for rr in range(row, row + cell.rowspan):
            for cc in range(col, col + cell.colspan):
                slot = ws.cell(row=rr, column=cc)
                slot.border, slot.alignment = border, centre
        if cell.colspan > 1 or cell.rowspan > 1:
            ws.merge_cells(start_row=row, start_column=col, end_row=row + cell.rowspan - 1,
                           end_column=col + cell.colspan - 1)
    for n, w in enumerate(column_widths(number, _TABLE_UNITS[number]), start=1):
        ws.column_dimensions[get_column_letter(n)].width = round(w, 1)


def _text_rows(ws: Any, parts: list[Part]) -> None:
    from openpyxl.styles import Alignment, Font

    wrap = Alignment(wrap_text=True, vertical="top")
    row = 0
    long_cells = 0
    for n, part in enumerate(parts):
        row += 1
        if part.kind in ("section", "appendix") and n > 0 and parts[n - 1].kind == "section":
            row += 1  # an empty row under a heading without prose: room for the office to write it
        if part.kind == "field":
            _set(ws, row, 1, f"{part.key}：")
            _set(ws, row, 2, part.text or None)
            continue
        text = part.text
        while len(text) > MAX_CELL:  # a paragraph longer than a cell goes on over the next rows
            long_cells += 1
            _set(ws, row, 2, text[:MAX_CELL]).alignment = wrap
            text, row = text[MAX_CELL:], row + 1
        cell = _set(ws, row, 2, text)
        cell.alignment = wrap
        if part.kind == "title":
            cell.font = Font(name="方正小标宋简体", size=16, bold=True)
        elif part.kind in ("section", "appendix"):
            cell.font = Font(name="黑体", size=12, bold=True)
        elif part.kind == "heading":
            cell.font = Font(name="楷体_GB2312", size=12, bold=True)
        else:
            cell.font = Font(name="仿宋_GB2312", size=12)
    if long_cells:
        warnings.warn(WriteWarning(f"XLSX: {long_cells} paragraph(s) longer than Excel's {MAX_CELL} characters "
                                   "per cell continue on the next rows"), stacklevel=3)
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 100


def write(report: Report) -> bytes:
    """The report as an .xlsx workbook: the prose sheet, then one sheet per table."""
    from datetime import datetime

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = TEXT_SHEET
    parts = list(walk(report, "XLSX", xml=True))
    _text_rows(ws, [p for p in parts if p.kind != "table"])
    heading = ""
    for part in parts:
        if part.kind == "section":
            heading = part.text
        elif part.kind == "table":
            _table_sheet(wb, part.number, heading, part.grid)
    props = wb.properties
    props.title = safe_text(report.title or "", xml=True)[:255]
    props.subject = "政府信息公开工作年度报告"
    props.creator = "govreport_io"
    props.created = props.modified = datetime(2000, 1, 1)  # the same report gives the same bytes
    buf = io.BytesIO()
    try:
        wb.save(buf)
    except (ValueError, TypeError) as exc:
        raise WriteError(f"cannot write the workbook: {exc}") from None
    return _fixed_zip_times(buf.getvalue(), _fixed_modified)


def _fixed_modified(name: str, body: bytes) -> bytes:
    # openpyxl stamps the save time into docProps/core.xml whatever the properties say
    if name != "docProps/core.xml":
        return body
    return re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>2000-01-01T00:00:00Z\g<2>", body)
