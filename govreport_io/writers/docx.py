"""DOCX: the official form in Word, laid out as offices lay out the report (python-docx)."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, timezone
from typing import Any

from ..conventions import DOCX_FIELDS_CAPTION
from ..errors import WriteError
from ..form.template import SECTION_NUMERALS
from ..model import Report
from ._layout import TABLES, Grid, place


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


def _style_font(style: Any, name: str, size: float, bold: bool) -> None:
    from docx.shared import RGBColor

    _set_font(style.font, style.element.get_or_add_rPr(), name, size, bold)
    style.font.color.rgb = RGBColor(0, 0, 0)


# Column widths (cm) of each table in the 15.6 cm text block: label columns wide enough
# that labels do not wrap one character per line.
_WIDTHS = {2: [5.1, 3.5, 3.5, 3.5], 3: [1.1, 1.3, 4.6] + [1.23] * 7, 4: [1.04] * 15}


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
    widths = _WIDTHS.get(number, [15.6 / width] * width)
    for col, w in zip(table.columns, widths):
        col.width = Cm(w)
    for tr in table._tbl.tr_lst:
        # rows never break across pages, as in the official form
        tr.get_or_add_trPr().append(tr.makeelement(qn("w:cantSplit"), {}))
    # python-docx recomputes the whole grid on every table.cell() call; fetch it once.
    # Merged regions never overlap, so the cells fetched before a merge stay valid.
    flat = table._cells
    for r, c, cell in place(grid):
        top = flat[r * width + c]
        top.width = Cm(sum(widths[c:c + cell.colspan]))
        if cell.colspan > 1 or cell.rowspan > 1:
            top = top.merge(flat[(r + cell.rowspan - 1) * width + c + cell.colspan - 1])
        para = top.paragraphs[0]
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        para.paragraph_format.first_line_indent = Pt(0)
        _font(para.add_run(cell.text), "仿宋_GB2312", 10.5)


def write(report: Report) -> bytes:
    """A .docx laid out as offices lay out the report (GB/T 9704 page, 仿宋 body, 黑体 headings)."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    document = docx.Document()
    sec = document.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.top_margin, sec.bottom_margin = Cm(3.7), Cm(3.5)
    sec.left_margin, sec.right_margin = Cm(2.8), Cm(2.6)
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
    document.core_properties.title = report.title or ""
    document.core_properties.subject = "政府信息公开工作年度报告"
    document.core_properties.author = report.organ or ""
    # fixed dates so that the same report gives the same bytes
    stamp = datetime(2000, 1, 1, tzinfo=timezone.utc)
    document.core_properties.created = stamp
    document.core_properties.modified = stamp
    document.core_properties.last_modified_by = "govreport_io"

    if report.fields:
        ft = document.add_table(rows=len(report.fields), cols=2)
        ft.style = "Table Grid"
        tblpr = ft._tbl.tblPr
        cap = tblpr.makeelement(qn("w:tblCaption"), {qn("w:val"): DOCX_FIELDS_CAPTION})
        tblpr.append(cap)
        for n, (k, v) in enumerate(report.fields):
            for c, text in enumerate((f"{k}：", v)):
                para = ft.cell(n, c).paragraphs[0]
                para.paragraph_format.first_line_indent = Pt(0)
                _font(para.add_run(text), "仿宋_GB2312", 10.5)
    if report.title:
        document.add_paragraph(report.title, style="Title")

    def blocks(items: tuple[Any, ...]) -> None:
        for b in items:
            if b.kind == "heading":
                document.add_paragraph(b.text, style="Heading 3")
            else:
                document.add_paragraph(b.text)

    blocks(report.preamble)
    grids = dict(TABLES)
    for s in report.sections:
        document.add_paragraph(f"{SECTION_NUMERALS[s.number - 1]}、{s.title}", style="Heading 2")
        if s.number in grids:
            _grid(document, grids[s.number](report), s.number)
        blocks(s.blocks)
    buf = io.BytesIO()
    try:
        document.save(buf)
    except (ValueError, TypeError) as exc:
        raise WriteError(f"cannot write the Word document: {exc}") from None
    return _fixed_zip_times(buf.getvalue())


def _fixed_zip_times(data: bytes) -> bytes:
    """The same zip with every entry dated 1980-01-01, so the same report gives the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, src.read(info))
    return out.getvalue()
