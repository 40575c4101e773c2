"""DOCX: read Word files with lxml, as python-docx reads them.

The zip is checked before any part is parsed: entry count, decompressed size and ratio
(a zip bomb is refused quickly), and no DTD or entity declaration in any XML part.
The main part is found through the package relationships and parsed with python-docx's
parser settings, but without python-docx's objects: its ``Paragraph.style`` scanned every
style for every unstyled paragraph, and building its parts cost several times the parse.
Merged cells are read from ``w:tc`` directly (``gridSpan`` and ``vMerge``): python-docx
repeats the same cell for every grid slot of a merged cell, which would duplicate text.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from collections.abc import Callable, Iterator
from typing import Any

from ..blocks import Block, Cell, Heading, Paragraph, SourcePos, Table
from ..conventions import DOCX_FIELDS_CAPTION
from ..errors import ReadError
from ..repair.cjk import clean_inline
from ..repair.fields import marked_fields
from ._context import ReadContext
from ._ooxml import Package, guard_zip


def sniff(data: bytes) -> int:
    """Sure for a zip that holds word/ parts; possible for any other zip but a workbook."""
    if not data.startswith(b"PK\x03\x04"):
        return 0
    head = data[:65536]
    if b"word/" in head:
        return 100
    return 0 if b"xl/workbook" in head else 30

WORD = Package("a Word file", "word/document.xml", max_entries=2000)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def check_zip(data: bytes, source: str) -> None:
    """Refuse a broken, bomb-like or entity-bearing Word zip with a clear error."""
    guard_zip(data, source, WORD)


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
    for tr in tbl.iterchildren(f"{_W}tr"):
        col = _int_prop(tr, f"{_W}trPr/{_W}gridBefore", 0)
        row: list[list[Any]] = []
        for tc in tr.iterchildren(f"{_W}tc"):
            span = _int_prop(tc, f"{_W}tcPr/{_W}gridSpan", 1) or 1
            merge = tc.find(f"{_W}tcPr/{_W}vMerge")
            vmerge = None if merge is None else merge.get(f"{_W}val", "continue")
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


def _int_prop(el: Any, path: str, default: int) -> int:
    """The integer ``w:val`` of the property at ``path`` under ``el`` (``default`` when absent)."""
    prop = el.find(path)
    value = prop.get(f"{_W}val") if prop is not None else None
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


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
    body, style_of = _open(data, ctx.source)
    out: list[Block] = []
    count = {"tables": 0, "paras": 0}

    def blocks(container: Any, depth: int = 0) -> None:
        for child in container.iterchildren():
            tag = child.tag
            if tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}smartTag"):
                blocks(child, depth)  # content controls and custom XML wrap ordinary blocks
            elif tag == f"{_W}p":
                count["paras"] += 1
                level = _heading_level(style_of(child))
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

    if body is not None:
        blocks(body)
    return out


_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_MAIN_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def _open(data: bytes, source: str) -> tuple[Any, Callable[[Any], str]]:
    """The ``w:body`` of the main document part and the style name of a paragraph.

    The package is read with lxml as python-docx reads it (the main part found through the
    package relationships, its content type checked, the same parser settings), without
    building python-docx's objects for every part: that cost five times the parse itself.
    """
    from lxml import etree

    parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            main = _related(zf, "", "/officeDocument", parser)
            if main is None:
                raise KeyError("the package names no main document part")
            content_type = _content_type(zf, main, parser)
            if content_type != _MAIN_TYPE:
                raise ValueError(f"file is not a Word file, content type is '{content_type}'")
            document = etree.fromstring(zf.read(main), parser)
            styles_part = _related(zf, main, "/styles", parser)
            styles = etree.fromstring(zf.read(styles_part), parser) if styles_part in zf.namelist() else None
    except etree.XMLSyntaxError as exc:
        # lxml's message says where the XML breaks; its class name helps no user
        line = f" (line {exc.lineno})" if getattr(exc, "lineno", None) else ""
        raise ReadError(f"a part of the Word document is not well-formed XML{line}", source=source) from exc
    except (KeyError, zipfile.BadZipFile) as exc:
        raise ReadError(f"not readable as a Word document: {exc}", source=source) from exc
    except ValueError as exc:  # our content-type check, or a damaged zip member ("negative seek value")
        why = str(exc) if str(exc).startswith("file is not a Word file") else "a part of the zip is damaged"
        raise ReadError(f"not readable as a Word document: {why}", source=source) from exc
    except (zlib.error, OSError, EOFError, RuntimeError) as exc:
        # a member that does not decompress: a damaged or truncated file
        raise ReadError("not readable as a Word document: a part of the zip does not decompress "
                        "(the file is damaged or truncated)", source=source) from exc
    return document.find(f"{_W}body"), _paragraph_styles(styles)


def _related(zf: zipfile.ZipFile, part: str, rel_type: str, parser: Any) -> str | None:
    """The zip name of the part that ``part`` ("" for the package) relates to by ``rel_type``."""
    from lxml import etree

    folder, _, name = part.rpartition("/")
    rels = f"{folder}/_rels/{name}.rels" if part else "_rels/.rels"
    if rels not in zf.namelist():
        return None
    for rel in etree.fromstring(zf.read(rels), parser).iter(f"{_RELS}Relationship"):
        if rel.get("Type", "").endswith(rel_type) and rel.get("TargetMode") != "External":
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else f"{folder}/{target}".lstrip("/")
            return posixpath.normpath(path)
    return None


def _content_type(zf: zipfile.ZipFile, part: str, parser: Any) -> str | None:
    from lxml import etree

    types = etree.fromstring(zf.read("[Content_Types].xml"), parser)
    for override in types.iter(f"{_CT}Override"):
        if override.get("PartName", "").lstrip("/").lower() == part.lower():
            return str(override.get("ContentType"))
    ext = part.rpartition(".")[2].lower()
    for default in types.iter(f"{_CT}Default"):
        if default.get("Extension", "").lower() == ext:
            return str(default.get("ContentType"))
    return None


def _paragraph_styles(styles: Any) -> Callable[[Any], str]:
    """The style name of a ``w:p``, lower-cased, as python-docx's ``Paragraph.style.name`` gives it.

    Made once from the styles part: python-docx scans every style for every paragraph that
    has none of its own, which made a file of many empty paragraphs take minutes. As there:
    a paragraph without a style, or whose style id is unknown or not a paragraph style's,
    has the last default paragraph style; the first style of an id counts.
    """
    default_name = ""
    names: dict[str, str | None] = {}
    for style in styles.iterchildren(f"{_W}style") if styles is not None else ():
        is_para = style.get(f"{_W}type", "paragraph") == "paragraph"
        name_el = style.find(f"{_W}name")
        name = (name_el.get(f"{_W}val") or "") if name_el is not None else ""
        if is_para and style.get(f"{_W}default") in ("1", "true", "on"):
            default_name = name
        style_id = style.get(f"{_W}styleId")
        if style_id and style_id not in names:
            names[style_id] = name if is_para else None  # not a paragraph style: the default, below

    def style_of(p: Any) -> str:
        ref = p.find(f"{_W}pPr/{_W}pStyle")
        name = names.get(ref.get(f"{_W}val") or "") if ref is not None else None
        return (default_name if name is None else name).lower()

    return style_of


def _heading_level(style: str) -> int:
    s = style.lower()
    for prefix in ("heading ", "标题 ", "标题"):
        if s.startswith(prefix) and s[len(prefix):].strip().isdigit():
            return int(s[len(prefix):].strip())
    return 1 if s in ("title", "标题") else 0
