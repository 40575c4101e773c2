"""DOCX: read Word files with python-docx, write the official form in Word.

The zip is checked before python-docx sees it: entry count, decompressed size and ratio
(a zip bomb is refused quickly), and no DTD or entity declaration in any XML part.
Merged cells are read from ``w:tc`` directly (``gridSpan`` and ``vMerge``): python-docx
repeats the same cell for every grid slot of a merged cell, which would duplicate text.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

from ..blocks import Block, Cell, Field, Heading, Paragraph, SourcePos, Table
from ..errors import ReadError, UnsafeInputError, WriteError
from ..form.template import SECTION_NUMERALS
from ..model import Report
from ..repair.cjk import clean_inline, compact
from ..repair.fields import fields_from_row
from ._context import ReadContext
from ._layout import TABLES, Grid

MAX_ENTRIES = 2000
MAX_UNCOMPRESSED = 256 * 1024 * 1024
MAX_RATIO = 200
FIELDS_CAPTION = "govreport:fields"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def check_zip(data: bytes, source: str) -> None:
    """Refuse a broken, bomb-like or entity-bearing Office zip with a clear error."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ReadError("not a Word file: the zip container is broken", source=source) from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_ENTRIES:
            raise UnsafeInputError(f"the zip holds {len(infos)} entries, over {MAX_ENTRIES}", source=source)
        total = sum(i.file_size for i in infos)
        packed = max(1, sum(i.compress_size for i in infos))
        if total > MAX_UNCOMPRESSED or (total / packed > MAX_RATIO and total > 10 * 1024 * 1024):
            raise UnsafeInputError(f"the zip expands to {total} bytes (ratio {total // packed}:1): refused as a "
                                   "possible zip bomb", source=source)
        names = {i.filename for i in infos}
        if "word/document.xml" not in names:
            raise ReadError("not a Word document: word/document.xml is missing", source=source)
        for info in infos:
            if info.filename.endswith((".xml", ".rels")):
                try:
                    with zf.open(info) as fh:
                        head = fh.read(4096)
                except (zipfile.BadZipFile, OSError, EOFError, RuntimeError) as exc:
                    raise ReadError(f"broken zip entry {info.filename}: {exc}", source=source) from None
                if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                    raise UnsafeInputError(f"{info.filename} declares a DTD or entities; refused", source=source)


def _tc_text(tc: Any) -> str:
    lines = []
    for p in tc.iter(f"{_W}p"):
        lines.append("".join(_run_text(p)))
    return "\n".join(lines).strip("\n")


def _run_text(p: Any) -> Iterator[str]:
    for el in p.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"):
        tag = el.tag
        if tag == f"{_W}t":
            yield el.text or ""
        elif tag == f"{_W}tab":
            yield "\t"
        else:
            yield "\n"


def _table(tbl: Any, pos: SourcePos) -> Table:
    rows: list[list[list[Any]]] = []  # per row: [text, colspan, rowspan, col]
    origin: dict[int, list[Any]] = {}
    for tr in tbl.tr_lst:
        col = int(getattr(tr, "grid_before", 0) or 0)
        row: list[list[Any]] = []
        for tc in tr.tc_lst:
            span = int(tc.grid_span or 1)
            vmerge = tc.vMerge
            if vmerge == "continue" and col in origin:
                origin[col][2] += 1
            else:
                cell = [_tc_text(tc), span, 1, col]
                row.append(cell)
                for c in range(col, col + span):
                    origin.pop(c, None)
                origin[col] = cell
            col += span
        rows.append(row)
    return Table(tuple(tuple(Cell(t, cs, rs) for t, cs, rs, _ in r) for r in rows if r), pos)


def _caption(tbl: Any) -> str | None:
    pr = tbl.find(f"{_W}tblPr")
    cap = pr.find(f"{_W}tblCaption") if pr is not None else None
    return cap.get(f"{_W}val") if cap is not None else None


def read(data: bytes, ctx: ReadContext) -> list[Block]:
    """Blocks of a .docx in body order: paragraphs, headings by style, tables with their spans."""
    check_zip(data, ctx.source)
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.text.paragraph import Paragraph as DocxParagraph

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise ReadError(f"not readable as a Word document: {exc}", source=ctx.source) from None
    except Exception as exc:  # lxml syntax errors in a part
        raise ReadError(f"a part of the Word document is broken: {type(exc).__name__}: {exc}",
                        source=ctx.source) from None
    out: list[Block] = []
    tables = 0
    paras = 0
    content = False
    for child in document.element.body.iterchildren():
        tag = child.tag
        if tag == f"{_W}p":
            paras += 1
            p = DocxParagraph(child, document)
            text = clean_inline("".join(_run_text(child))) if "\n" not in p.text else ""
            pieces = [text] if text else [clean_inline(x) for x in "".join(_run_text(child)).split("\n")]
            style = (p.style.name if p.style is not None else "") or ""
            level = _heading_level(style)
            for piece in pieces:
                if not piece:
                    continue
                pos = SourcePos(line=paras)
                out.append(Heading(piece, level, pos) if level else Paragraph(piece, pos))
                content = True
        elif tag == f"{_W}tbl":
            tables += 1
            pos = SourcePos(table=tables)
            table = _table(child, pos)
            if _caption(child) == FIELDS_CAPTION:
                for row in table.rows:
                    if row and compact(row[0].text):
                        value = clean_inline(row[1].text) if len(row) > 1 else ""
                        out.append(Field(compact(row[0].text).rstrip(":："), value, pos))
                continue
            if not content:
                fields = [fields_from_row([c.text for c in r], pos) for r in table.rows]
                if table.rows and all(f is not None for f in fields):
                    for f in fields:
                        out.extend(f or [])
                    continue
            out.append(table)
            content = True
    return out


def _heading_level(style: str) -> int:
    s = style.lower()
    for prefix in ("heading ", "标题 ", "标题"):
        if s.startswith(prefix) and s[len(prefix):].strip().isdigit():
            return int(s[len(prefix):].strip())
    return 1 if s in ("title", "标题") else 0


# ---------------------------------------------------------------- writer

def _font(run: Any, name: str, size: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = name
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def _style_font(style: Any, name: str, size: float, bold: bool) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.name = name
    style.font.color.rgb = RGBColor(0, 0, 0)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)


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
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(grid):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            top = flat[r * width + c]
            top.width = Cm(sum(widths[c:c + cell.colspan]))
            if cell.colspan > 1 or cell.rowspan > 1:
                top = top.merge(flat[(r + cell.rowspan - 1) * width + c + cell.colspan - 1])
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            para = top.paragraphs[0]
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            para.paragraph_format.first_line_indent = Pt(0)
            run = para.add_run(cell.text)
            _font(run, "仿宋_GB2312", 10.5, bold=False)
            c += cell.colspan


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

    if report.fields:
        ft = document.add_table(rows=len(report.fields), cols=2)
        ft.style = "Table Grid"
        tblpr = ft._tbl.tblPr
        cap = tblpr.makeelement(qn("w:tblCaption"), {qn("w:val"): FIELDS_CAPTION})
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
    return buf.getvalue()
