"""DOCX: read Word files with python-docx.

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

from ..blocks import Block, Cell, Heading, Paragraph, SourcePos, Table
from ..conventions import DOCX_FIELDS_CAPTION
from ..errors import ReadError, UnsafeInputError
from ..repair.cjk import clean_inline
from ..repair.fields import marked_fields
from ._context import ReadContext


def sniff(data: bytes) -> int:
    """Sure for a zip that holds word/ parts; possible for any other zip but a workbook."""
    if not data.startswith(b"PK\x03\x04"):
        return 0
    head = data[:65536]
    if b"word/" in head:
        return 100
    return 0 if b"xl/workbook" in head else 30

MAX_ENTRIES = 2000
MAX_UNCOMPRESSED = 256 * 1024 * 1024
MAX_RATIO = 200
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


def _is_layout_table(tbl: Any) -> bool:
    """A table used to lay out the page: one cell, or cells that hold the real tables."""
    cells = [tc for tc in tbl.iter(f"{_W}tc") if next(tc.iterancestors(f"{_W}tbl")) is tbl]
    if len(cells) == 1:
        return True
    return any(tc.find(f".//{_W}tbl") is not None for tc in cells)


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
    count = {"tables": 0, "paras": 0}

    def blocks(container: Any, depth: int = 0) -> None:
        for child in container.iterchildren():
            tag = child.tag
            if tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}smartTag"):
                blocks(child, depth)  # content controls and custom XML wrap ordinary blocks
            elif tag == f"{_W}p":
                count["paras"] += 1
                p = DocxParagraph(child, document)
                style = (p.style.name if p.style is not None else "") or ""
                level = _heading_level(style)
                pos = SourcePos(line=count["paras"])
                # a manual line break inside a paragraph parts paragraphs in these reports
                for piece in "".join(_run_text(child)).split("\n"):
                    piece = clean_inline(piece)
                    if piece:
                        out.append(Heading(piece, level, pos) if level else Paragraph(piece, pos))
            elif tag == f"{_W}tbl":
                if depth < 5 and _is_layout_table(child):
                    for tc in child.iter(f"{_W}tc"):
                        if next(tc.iterancestors(f"{_W}tbl")) is child:
                            blocks(tc, depth + 1)
                    continue
                count["tables"] += 1
                pos = SourcePos(table=count["tables"])
                table = _table(child, pos)
                if _caption(child) == DOCX_FIELDS_CAPTION:
                    out.extend(marked_fields([[c.text for c in r] for r in table.rows], pos))
                    continue
                out.append(table)  # a header-field table at the head becomes fields in the repair pass

    blocks(document.element.body)
    return out


def _heading_level(style: str) -> int:
    s = style.lower()
    for prefix in ("heading ", "标题 ", "标题"):
        if s.startswith(prefix) and s[len(prefix):].strip().isdigit():
            return int(s[len(prefix):].strip())
    return 1 if s in ("title", "标题") else 0
