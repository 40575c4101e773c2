"""DOCX: the official form in Word, laid out as offices lay out the report (python-docx)."""

from __future__ import annotations

import copy
import io
import zipfile
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from ..conventions import DOCX_FIELDS_CAPTION
from ..errors import WriteError
from ..model import Report
from ._layout import HEADER_ROWS, PAGE, Grid, column_widths, place, safe_text, walk


def _set_font(font: Any, rpr: Any, name: str, size: float, bold: bool) -> None:
    """Size, weight and one typeface for every script: Word picks w:eastAsia for Chinese."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    font.size = Pt(size)
    font.bold = bold
    font.name = name
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)  # a theme font would override the name


def _font(run: Any, name: str, size: float, bold: bool = False) -> None:
    _set_font(run.font, run._element.get_or_add_rPr(), name, size, bold)


def _cell_run(para: Any, text: str, rpr: Any) -> None:
    """A run of table text with a copy of one prepared ``w:rPr`` (setting the font through
    python-docx for each of the form's hundreds of cells cost more than the rest of the table)."""
    para.add_run(text)._r.insert(0, copy.deepcopy(rpr))


def _merge(flat: list[Any], width: int, r: int, c: int, rowspan: int, colspan: int) -> None:
    """Merge a region of a fresh table as python-docx's ``merge`` does (``w:gridSpan`` on the
    first cell of each row, the others removed; ``w:vMerge`` restart/continue down the rows),
    without recomputing the whole grid for every merge. Regions never overlap."""
    for row in range(r, r + rowspan):
        tc = flat[row * width + c]._tc
        tcpr = tc.get_or_add_tcPr()
        if colspan > 1:
            tcpr.grid_span = colspan
            for k in range(1, colspan):
                gone = flat[row * width + c + k]._tc
                gone.getparent().remove(gone)
        if rowspan > 1:
            tcpr.vMerge_val = "restart" if row == r else "continue"


def _style_font(style: Any, name: str, size: float, bold: bool) -> None:
    from docx.shared import RGBColor

    _set_font(style.font, style.element.get_or_add_rPr(), name, size, bold)
    style.font.color.rgb = RGBColor(0, 0, 0)


def _grid(document: Any, grid: Grid, number: int) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    width = max(sum(c.colspan for c in row) for row in grid)
    table = document.add_table(rows=len(grid), cols=width)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = column_widths(number)
    for col, w in zip(table.columns, widths):
        col.width = Cm(w)
    for n, tr in enumerate(table._tbl.tr_lst):
        # rows never break across pages, as in the official form; header rows repeat on each page
        tr.get_or_add_trPr().append(tr.makeelement(qn("w:cantSplit"), {}))
        if n < HEADER_ROWS[number]:
            tr.get_or_add_trPr().append(tr.makeelement(qn("w:tblHeader"), {}))
    # python-docx recomputes the whole grid on every table.cell() call; fetch it once.
    # Merged regions never overlap, so the cells fetched before a merge stay valid.
    flat = table._cells
    rpr = _cell_rpr(flat[0])
    for r, c, cell in place(grid):
        top = flat[r * width + c]
        span = Cm(sum(widths[c:c + cell.colspan]))
        for row in range(r, r + cell.rowspan):
            flat[row * width + c].width = span
        if cell.colspan > 1 or cell.rowspan > 1:
            _merge(flat, width, r, c, cell.rowspan, cell.colspan)
        para = top.paragraphs[0]
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        para.paragraph_format.first_line_indent = Pt(0)
        _cell_run(para, cell.text, rpr)


def _cell_rpr(cell: Any) -> Any:
    """The run properties of every table cell, made once through python-docx (on a scratch run
    in ``cell``, removed again)."""
    para = cell.paragraphs[0]
    run = para.add_run("")
    _font(run, "仿宋_GB2312", 10.5)
    para._p.remove(run._r)
    return run._r.rPr


def _styles(document: Any) -> None:
    """GB/T 9704 page, 仿宋 body with a two-character indent, 小标宋 title, 黑体 and 楷体 headings."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    sec = document.sections[0]
    sec.page_width, sec.page_height = Cm(PAGE.width), Cm(PAGE.height)
    sec.top_margin, sec.bottom_margin = Cm(PAGE.top), Cm(PAGE.bottom)
    sec.left_margin, sec.right_margin = Cm(PAGE.left), Cm(PAGE.right)
    styles = document.styles
    normal = styles["Normal"]
    _style_font(normal, "仿宋_GB2312", 16, False)
    normal.paragraph_format.first_line_indent = Pt(32)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    normal.paragraph_format.line_spacing = Pt(28)
    normal.paragraph_format.space_after = Pt(0)
    _style_font(styles["Title"], "方正小标宋简体", 22, False)
    styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    styles["Title"].paragraph_format.first_line_indent = Pt(0)
    _style_font(styles["Heading 2"], "黑体", 16, False)
    _style_font(styles["Heading 3"], "楷体_GB2312", 16, False)
    for name in ("Heading 2", "Heading 3"):
        styles[name].paragraph_format.first_line_indent = Pt(32)
        styles[name].paragraph_format.space_before = Pt(0)
        styles[name].paragraph_format.space_after = Pt(0)


def _properties(document: Any, title: str, organ: str) -> None:
    props = document.core_properties
    props.title = title[:255]  # Word limits core properties to 255 characters; the body keeps it whole
    props.subject = "政府信息公开工作年度报告"
    props.author = organ[:255]
    # fixed dates so that the same report gives the same bytes
    stamp = datetime(2000, 1, 1, tzinfo=timezone.utc)
    props.created = stamp
    props.modified = stamp
    props.last_modified_by = "govreport_io"


def _field_row(document: Any, table: Any, key: str, value: str) -> Any:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    if table is None:
        table = document.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        tblpr = table._tbl.tblPr
        tblpr.append(tblpr.makeelement(qn("w:tblCaption"), {qn("w:val"): DOCX_FIELDS_CAPTION}))
    cells = table.add_row().cells
    for cell, text in zip(cells, (f"{key}：", value)):
        para = cell.paragraphs[0]
        para.paragraph_format.first_line_indent = Pt(0)
        _font(para.add_run(text), "仿宋_GB2312", 10.5)
    return table


def write(report: Report) -> bytes:
    """A .docx laid out as offices lay out the report (GB/T 9704 page, 仿宋 body, 黑体 headings)."""
    import docx

    document = docx.Document()
    _styles(document)
    parts = list(walk(report, "DOCX", xml=True))
    _properties(document, safe_text(report.title or "", xml=True), safe_text(report.organ or "", xml=True))
    fields = None
    for part in parts:
        if part.kind == "field":
            fields = _field_row(document, fields, part.key, part.text)
        elif part.kind == "title":
            document.add_paragraph(part.text, style="Title")
        elif part.kind in ("section", "appendix"):
            document.add_paragraph(part.text, style="Heading 2")
        elif part.kind == "table":
            _grid(document, part.grid, part.number)
        else:
            document.add_paragraph(part.text, style="Heading 3" if part.kind == "heading" else None)
    buf = io.BytesIO()
    try:
        document.save(buf)
    except (ValueError, TypeError) as exc:
        raise WriteError(f"cannot write the Word document: {exc}") from None
    return _fixed_zip_times(buf.getvalue())


def _fixed_zip_times(data: bytes, fix: Callable[[str, bytes], bytes] | None = None) -> bytes:
    """The same zip with every entry dated 1980-01-01, so the same report gives the same bytes.

    ``fix(name, content)`` may change an entry on the way (a timestamp a library writes).
    """
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            body = src.read(info)
            dst.writestr(fixed, fix(info.filename, body) if fix else body)
    return out.getvalue()
