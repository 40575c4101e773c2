"""DOCX: the official form in Word, laid out as offices lay out the report (python-docx).

python-docx makes the package, the styles and the header fields; the body's paragraphs and
the form's tables are written as the XML its API would make (the same bytes, as the golden
files pin) and parsed in one go, since its API costs tens of microseconds an element.
"""

from __future__ import annotations

import copy
import io
import re
import struct
import zipfile
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any
from xml.sax.saxutils import escape as xml_escape

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


def _runs(text: str) -> str:
    """A ``w:r`` holding ``text`` as python-docx's ``add_run(text)`` writes it: a ``w:t`` per
    stretch of text (``xml:space="preserve"`` when it has white space at an end), ``w:tab``
    for a tab, ``w:br`` for a line break; no run content for no text."""
    out = []
    for piece in _BREAK_RE.split(text):
        if piece == "\t":
            out.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            out.append("<w:br/>")
        elif piece:
            space = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            out.append(f"<w:t{space}>{xml_escape(piece)}</w:t>")
    return "<w:r>" + "".join(out) + "</w:r>"


_BREAK_RE = re.compile(r"([\t\r\n])")


class _Slot:
    """A cell of the fresh table python-docx would make, with what the writer does to it."""

    __slots__ = ("merge", "removed", "runs", "span", "width")

    def __init__(self, width: int) -> None:
        self.width, self.span, self.merge = width, 1, ""
        self.removed = False
        self.runs: list[str] | None = None  # None: the cell's paragraph is left as made


def _grid_slots(grid: Grid, widths: list[float], width: int, default: int) -> list[_Slot]:
    """The cells of a ``len(grid)`` × ``width`` table after the writer's merges, row by row:
    what ``document.add_table`` and python-docx's cell API made of them, one placed cell at
    a time (a region's first cell takes the text; the others of its rows are removed, the
    rows below it continue the vertical merge)."""
    from docx.shared import Cm

    flat = [_Slot(default) for _ in range(len(grid) * width)]
    for r, c, cell in place(grid):
        span = Cm(sum(widths[c:c + cell.colspan])).twips
        for row in range(r, r + cell.rowspan):
            flat[row * width + c].width = span
        if cell.colspan > 1 or cell.rowspan > 1:
            for row in range(r, r + cell.rowspan):
                slot = flat[row * width + c]
                if cell.colspan > 1:
                    slot.span = cell.colspan
                    for k in range(1, cell.colspan):
                        flat[row * width + c + k].removed = True
                if cell.rowspan > 1:
                    slot.merge = "restart" if row == r else "continue"
        top = flat[r * width + c]
        top.runs = (top.runs or []) + [_runs(cell.text)]
    return flat


def _grid_xml(grid: Grid, number: int, block: int, style_id: str | None) -> str:
    """Table ``number`` as python-docx's table and cell API writes it, as one string (the cells'
    run properties go in when it is parsed: :meth:`_Body.flush`)."""
    from docx.shared import Cm, Emu

    width = max(sum(c.colspan for c in row) for row in grid)
    widths = column_widths(number)
    default = Emu(block // width).twips
    cols = [Cm(w).twips for w in widths[:width]] + [default] * (width - len(widths))
    style = f'<w:tblStyle w:val="{xml_escape(style_id)}"/>' if style_id is not None else ""
    out = [f"<w:tbl {_NSDECLS}><w:tblPr>{style}<w:tblW w:type=\"auto\" w:w=\"0\"/><w:jc w:val=\"center\"/>"
           '<w:tblLayout w:type="fixed"/><w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" '
           'w:lastRow="0" w:noHBand="0" w:noVBand="1" w:val="04A0"/></w:tblPr><w:tblGrid>',
           *(f'<w:gridCol w:w="{w}"/>' for w in cols), "</w:tblGrid>"]
    flat = _grid_slots(grid, widths, width, default)
    for n in range(len(grid)):
        # rows never break across pages, as in the official form; header rows repeat on each page
        out.append("<w:tr><w:trPr><w:cantSplit/>" + ("<w:tblHeader/>" if n < HEADER_ROWS[number] else "")
                   + "</w:trPr>")
        for slot in flat[n * width:(n + 1) * width]:
            if slot.removed:
                continue
            out.append(f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{slot.width}"/>')
            if slot.span > 1:
                out.append(f'<w:gridSpan w:val="{slot.span}"/>')
            if slot.merge:
                out.append('<w:vMerge w:val="restart"/>' if slot.merge == "restart" else "<w:vMerge/>")
            out.append("</w:tcPr>")
            if slot.runs is None:
                out.append("<w:p/></w:tc>")
            else:
                out.append('<w:p><w:pPr><w:ind w:firstLine="0"/><w:jc w:val="center"/></w:pPr>'
                           + "".join(slot.runs) + "</w:p></w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


class _Body:
    """The document's paragraphs and tables, written as the XML python-docx's API would make
    and added to the document in one parse: through the API, the form's tables alone cost
    ~25 ms a report (a cell, its properties and its run each a python-docx object)."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self.xml: list[str] = []
        self._ids: dict[tuple[str, Any], str | None] = {}
        self._rpr = _cell_rpr(document)

    def style_id(self, name: str, kind: Any) -> str | None:
        """The id python-docx gives style ``name`` (None for the default style), looked up
        once: its lookup scans every style."""
        if (name, kind) not in self._ids:
            self._ids[name, kind] = self.document.part.get_style_id(name, kind)
        return self._ids[name, kind]

    def paragraph(self, text: str, style: str | None = None) -> None:
        """A paragraph as ``document.add_paragraph(text, style)`` writes it."""
        from docx.enum.style import WD_STYLE_TYPE

        run = _runs(text) if text else ""
        if style is None:
            self.xml.append(f"<w:p>{run}</w:p>")
            return
        style_id = self.style_id(style, WD_STYLE_TYPE.PARAGRAPH)
        ppr = "<w:pPr/>" if style_id is None else f'<w:pPr><w:pStyle w:val="{xml_escape(style_id)}"/></w:pPr>'
        self.xml.append(f"<w:p>{ppr}{run}</w:p>")

    def table(self, grid: Grid, number: int) -> None:
        """Table ``number`` of the form, as :func:`_grid_xml` writes it."""
        from docx.enum.style import WD_STYLE_TYPE

        sec = self.document.sections[-1]
        block = sec.page_width - sec.left_margin - sec.right_margin  # python-docx's width of a new table
        self.xml.append(_grid_xml(grid, number, block, self.style_id("Table Grid", WD_STYLE_TYPE.TABLE)))

    def flush(self) -> None:
        """Add what is pending to the document, in order; every run of a table cell gets a copy
        of the cells' run properties, first, as python-docx puts them."""
        from lxml import etree

        if not self.xml:
            return
        holder = etree.fromstring(f"<w:body {_NSDECLS}>{''.join(self.xml)}</w:body>")
        self.xml.clear()
        for tc in holder.iter(_W + "tc"):
            for r in tc.iter(_W + "r"):
                r.insert(0, copy.deepcopy(self._rpr))
        body = self.document.element.body
        sect = body.find(_W + "sectPr")
        for child in list(holder):
            if sect is not None:
                sect.addprevious(child)
            else:
                body.append(child)


def _cell_rpr(document: Any) -> Any:
    """The run properties of every table cell, made once through python-docx (on a scratch
    paragraph, removed again)."""
    para = document.add_paragraph()
    run = para.add_run("")
    _font(run, "仿宋_GB2312", 10.5)
    para._p.getparent().remove(para._p)
    return run._r.rPr


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_NSDECLS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _style_font(style: Any, name: str, size: float, bold: bool) -> None:
    from docx.shared import RGBColor

    _set_font(style.font, style.element.get_or_add_rPr(), name, size, bold)
    style.font.color.rgb = RGBColor(0, 0, 0)


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
    body = _Body(document)
    for part in parts:
        if part.kind == "field":
            body.flush()  # the fields' table is made through python-docx, in its place
            fields = _field_row(document, fields, part.key, part.text)
        elif part.kind == "title":
            body.paragraph(part.text, "Title")
        elif part.kind in ("section", "appendix"):
            body.paragraph(part.text, "Heading 2")
        elif part.kind == "table":
            body.table(part.grid, part.number)
        else:
            body.paragraph(part.text, "Heading 3" if part.kind == "heading" else None)
    body.flush()
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
    if fix is None:
        dated = _dated_in_place(data)
        if dated is not None:
            return dated
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            body = src.read(info)
            dst.writestr(fixed, fix(info.filename, body) if fix else body)
    return out.getvalue()


_DOS_1980_01_01 = (0, (1 << 5) | 1)  # time, date: 00:00:00, 1980-01-01


def _dated_in_place(data: bytes) -> bytes | None:
    """What :func:`_fixed_zip_times` makes of a zip that zipfile wrote deflated to a seekable
    file (as python-docx saves), made by rewriting the date fields alone: the rewrite writes
    the same headers and the same deflated bytes, and inflating and deflating every part
    again cost ~5 ms a report. ``None`` for a zip in any other shape."""
    out = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        infos, at = zf.infolist(), zf.start_dir
    for info in infos:
        header = info.header_offset
        if (info.flag_bits & ~0x800 or info.compress_type != zipfile.ZIP_DEFLATED or info.extra or info.comment
                or out[header:header + 4] != b"PK\x03\x04" or out[at:at + 4] != b"PK\x01\x02"):
            return None  # a data descriptor, encryption, zip64 or other fields the rewrite would drop
        struct.pack_into("<HH", out, header + 10, *_DOS_1980_01_01)
        struct.pack_into("<HH", out, at + 12, *_DOS_1980_01_01)
        at += 46 + sum(struct.unpack_from("<HHH", out, at + 28))
    return bytes(out)
