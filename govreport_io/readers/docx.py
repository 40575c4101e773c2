"""DOCX: read Word files with lxml, as python-docx reads them.

The zip is checked before any part is parsed: entry count, decompressed size and ratio
(a zip bomb is refused quickly), and no DTD or entity declaration in any XML part.
The main part is found through the package relationships and parsed with python-docx's
parser settings, but without python-docx's objects: its ``Paragraph.style`` scanned every
style for every unstyled paragraph, and building its parts cost several times the parse.
Merged cells are read from ``w:tc`` directly (``gridSpan`` and ``vMerge``): python-docx
repeats the same cell for every grid slot of a merged cell, which would duplicate text.

For speed (issue 13), shortcuts stand in for the general way where a file has the plain
shape Word and the writer give it, and decline otherwise: the main part is read from its
bytes without lxml's tree (:class:`_Scan`; the tree's walk, :func:`_tree_items`, gives the
same pieces), the styles part is read for the styles the document names without building its
tree (:class:`_PlainStyles`), and a table is read in one pass of lxml's iteration
(:func:`_plain_rows`), whose rows also tell whether it lays out the page;
tests/test_speed_office.py and tests/test_docx_speed{2,3,6}.py check each against the general
way. The styles part is inflated into a buffer kept from read to read
(:func:`read_member_reused`): fresh memory for it cost more in page faults than the inflating.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from bisect import bisect_right
from collections.abc import Callable, Iterable
from functools import lru_cache
from itertools import accumulate, islice
from typing import Any, Final

from ..blocks import Block, Heading, Paragraph, SourcePos, Table
from ..conventions import DOCX_FIELDS_CAPTION
from ..errors import ReadError
from ..repair.cjk import clean_inline
from ..repair.fields import marked_fields
from ..repair.make import cell as make_cell
from ._context import ReadContext
from ._ooxml import Package, guard_zip, open_zip, read_member, read_member_reused


def sniff(data: bytes) -> int:
    """Sure for a zip that holds word/ parts; possible for any other zip but a workbook."""
    if not data.startswith(b"PK\x03\x04"):
        return 0
    head = data[:65536]
    if b"word/" in head:
        return 100
    return 0 if b"xl/workbook" in head else 30

WORD: Final = Package("a Word file", "word/document.xml", max_entries=2000)
# module constants Final: compiled, each use reads a C variable, not the module dict
_W: Final = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def check_zip(data: bytes, source: str) -> None:
    """Refuse a broken, bomb-like or entity-bearing Word zip with a clear error."""
    guard_zip(data, source, WORD)


_T: Final = f"{_W}t"
_P: Final = f"{_W}p"
_TC: Final = f"{_W}tc"
_TBL: Final = f"{_W}tbl"
_TEXT_TAGS: Final = (_T, f"{_W}tab", f"{_W}br", f"{_W}cr")
_BREAKS: Final = {f"{_W}tab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n"}


def _tc_text(tc: Any) -> str:
    return "\n".join([_p_text(p) for p in tc.iter(_P)]).strip("\n")


def _p_text(p: Any) -> str:
    """The text of a ``w:p``: its ``w:t`` anywhere below, tabs, and line breaks as newlines."""
    return "".join([(el.text or "") if el.tag == _T else _BREAKS[el.tag] for el in p.iter(*_TEXT_TAGS)])


_Row = tuple[int, list[tuple[str, int, "str | None"]]]  # first grid column; per cell: text, span, vMerge
# a block of the main part read without a tree (_Scan): a paragraph's text and style id, or a table's rows and caption
_Item = tuple[str, "str | None", "list[_Row] | None", "str | None"]


def _table(tbl: Any, pos: SourcePos, found: list[_Row] | None = None) -> Table:
    """The table of a ``w:tbl``, from its rows as :func:`_plain_rows` read them (``found``),
    else as :func:`_rows` reads them."""
    rows: list[list[list[Any]]] = []  # per row: [text, colspan, rowspan, col]
    origin: dict[int, list[Any]] = {}
    for col, tcs in found if found is not None else _rows(tbl):
        row: list[list[Any]] = []
        for text, span, vmerge in tcs:
            if vmerge == "continue" and col in origin:
                origin[col][2] += 1
            else:
                cell = [text, span, 1, col]
                row.append(cell)
                for c in range(col + 1, col + span):
                    origin.pop(c, None)
                origin[col] = cell
            col += span
        rows.append(row)
    return Table(tuple([tuple([make_cell(t, cs, rs) for t, cs, rs, _ in r]) for r in rows if r]), pos)


def _rows(tbl: Any) -> list[_Row]:
    """The rows of any table: the ``w:tr`` children, their ``w:tc`` children."""
    return [(_int_prop(tr, f"{_W}trPr/{_W}gridBefore", 0),
             [(_tc_text(tc), *_tc_props(tc)) for tc in tr.iterchildren(_TC)])
            for tr in tbl.iterchildren(f"{_W}tr")]


_TR: Final = f"{_W}tr"
_TCPR: Final = f"{_W}tcPr"
_SPAN: Final = f"{_W}gridSpan"
_VMERGE: Final = f"{_W}vMerge"
# names looked up for every cell or paragraph, made once rather than at each look-up
_VAL: Final = f"{_W}val"
_PPR: Final = f"{_W}pPr"
_PSTYLE: Final = f"{_W}pStyle"
_TBLPR: Final = f"{_W}tblPr"
_TBLCAPTION: Final = f"{_W}tblCaption"
_WRAPPERS: Final = frozenset({f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}smartTag"})
_PLAIN_TAGS: Final = (_TBL, _TR, f"{_W}gridBefore", _TC, _SPAN, _VMERGE, _P, *_TEXT_TAGS)


def _plain_rows(tbl: Any) -> list[_Row] | None:
    """:func:`_rows` of a table in the plain shape of the form, read in one pass of lxml's
    iteration (a call per cell and paragraph cost more than the parse of the whole document).

    Plain: rows, cells, cell properties and paragraphs are each their parent's children, text
    sits in runs of those paragraphs, no table inside, no ``w:gridBefore``.
    ``None`` for any other table, which :func:`_rows` reads."""
    rows: list[_Row] = []
    row: list[tuple[str, int, str | None]] = []
    tr: Any = None
    tc: Any = None
    p: Any = None
    span_el: Any = None
    merge_el: Any = None
    parts: list[str] = []
    for el in tbl.iter(*_PLAIN_TAGS):
        tag = el.tag
        if tag == _T:
            run = el.getparent()
            if p is None or run is None or run.getparent() is not p:
                return None
            text = el.text
            if text:
                parts.append(text)
        elif tag == _P:
            if tc is None or el.getparent() is not tc:
                return None
            if p is not None:
                parts.append("\n")
            p = el
        elif tag == _TC:
            if tr is None or el.getparent() is not tr:
                return None
            if tc is not None:
                row.append(_cell_of(parts, span_el, merge_el))
            tc, p, parts, span_el, merge_el = el, None, [], None, None
        elif tag in _BREAKS:
            run = el.getparent()
            if p is None or run is None or run.getparent() is not p:
                return None
            parts.append(_BREAKS[tag])
        elif tag == _SPAN or tag == _VMERGE:
            pr = el.getparent()
            if tc is None or pr is None or pr.tag != _TCPR or pr.getparent() is not tc:
                return None
            if tag == _SPAN:
                if span_el is None:
                    span_el = el
            elif merge_el is None:
                merge_el = el
        elif tag == _TR and el.getparent() is tbl:
            if tc is not None:
                row.append(_cell_of(parts, span_el, merge_el))
            tr, tc, p, row = el, None, None, []
            rows.append((0, row))
        elif el is not tbl:
            return None
    if tc is not None:
        row.append(_cell_of(parts, span_el, merge_el))
    return rows


def _cell_of(parts: list[str], span_el: Any, merge_el: Any) -> tuple[str, int, str | None]:
    """The text, span and ``vMerge`` of a cell :func:`_plain_rows` gathered: its pieces of text (a
    line break between two paragraphs) and its first ``w:gridSpan`` and ``w:vMerge``."""
    text = "".join(parts).strip("\n")
    if span_el is None and merge_el is None:
        return text, 1, None
    span, merge = _props(span_el, merge_el)
    return text, span, merge


def _props(span_el: Any, merge: Any) -> tuple[int, str | None]:
    """A cell's span (1 when absent, zero or not a number) and ``vMerge`` ("continue" when bare)."""
    return _span(span_el.get(_VAL) if span_el is not None else None), (
        None if merge is None else merge.get(_VAL, "continue"))


def _tc_props(tc: Any) -> tuple[int, str | None]:
    """A cell's ``gridSpan`` and ``vMerge`` as ``tc.find("w:tcPr/w:gridSpan")`` finds them:
    the first in document order, whichever ``w:tcPr`` holds it."""
    span_el = merge = None
    for pr in tc.iterchildren(_TCPR):
        if span_el is None:
            span_el = pr.find(_SPAN)
        if merge is None:
            merge = pr.find(_VMERGE)
    return _props(span_el, merge)


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
    if next(tbl.iterdescendants(_TBL), None) is None:  # the usual case: no table inside, so no walk up
        return len(list(islice(tbl.iter(_TC), 2))) == 1
    cells = [tc for tc in tbl.iter(_TC) if next(tc.iterancestors(_TBL)) is tbl]
    if len(cells) == 1:
        return True
    return any(tc.find(f".//{_TBL}") is not None for tc in cells)


def _caption(tbl: Any) -> str | None:
    pr = _child(tbl, _TBLPR)
    cap = _child(pr, _TBLCAPTION) if pr is not None else None
    return cap.get(_VAL) if cap is not None else None


def _child(el: Any, tag: str) -> Any:
    """``el.find(tag)``, its first child of that tag: asked of the first child first, where Word
    puts an element's properties (lxml's ElementPath cost several times as much)."""
    if len(el):
        first = el[0]
        if first.tag == tag:
            return first
    return el.find(tag)


def _pstyle(p: Any) -> Any:
    """``p.find("w:pPr/w:pStyle")``: the first ``w:pStyle`` child of a ``w:pPr`` child, in
    document order (Word writes it first in the first child)."""
    if len(p):
        ppr = p[0]
        if ppr.tag == _PPR and len(ppr) and ppr[0].tag == _PSTYLE:
            return ppr[0]
    for ppr in p.iterchildren(_PPR):
        for ref in ppr.iterchildren(_PSTYLE):
            return ref
    return None


def read(data: bytes, ctx: ReadContext) -> list[Block]:
    """Blocks of a .docx in body order: paragraphs, headings by style, tables with their spans."""
    items, name_of = _open(data, ctx.source)  # the zip's guard runs first, in _open
    out: list[Block] = []
    paras = tables = 0
    for text, style, rows, caption in items:
        if rows is None:
            paras += 1
            level = _heading_level(name_of(style))
            pos = SourcePos(line=paras)
            # a manual line break inside a paragraph parts paragraphs in these reports
            for piece in text.split("\n"):
                piece = clean_inline(piece)
                if piece:
                    out.append(Heading(piece, level, pos) if level else Paragraph(piece, pos))
            continue
        tables += 1
        pos = SourcePos(table=tables)
        table = _table(None, pos, rows)
        if caption == DOCX_FIELDS_CAPTION:
            out.extend(marked_fields([[c.text for c in r] for r in table.rows], pos))
            continue
        out.append(table)  # a header-field table at the head becomes fields in the repair pass
    return out


def _tree_items(body: Any) -> list[_Item]:
    """The pieces of the blocks of a ``w:body`` (``None``: none), in body order: each paragraph's
    text and style id, each table's rows and caption; a table that lays out the page gives the
    pieces of what its cells hold."""
    items: list[_Item] = []

    def blocks(container: Any, depth: int = 0) -> None:
        for child in container.iterchildren():
            tag = child.tag
            if tag in _WRAPPERS:
                blocks(child, depth)  # content controls and custom XML wrap ordinary blocks
            elif tag == _P:
                ref = _pstyle(child)
                items.append((_p_text(child), None if ref is None else ref.get(_VAL) or "", None, None))
            elif tag == _TBL:
                found = _plain_rows(child)
                # a plain table holds no table: it lays out the page when it has one cell (as
                # _is_layout_table tells, without walking the table again)
                if depth < 5 and (_is_layout_table(child) if found is None else
                                  sum([len(tcs) for _, tcs in found]) == 1):
                    for tc in child.iter(_TC):
                        if next(tc.iterancestors(_TBL)) is child:
                            blocks(tc, depth + 1)
                    continue
                items.append(("", None, _rows(child) if found is None else found, _caption(child)))

    if body is not None:
        blocks(body)
    return items


_RELS: Final = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CT: Final = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_MAIN_TYPE: Final = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def _open(data: bytes, source: str) -> tuple[list[_Item], Callable[[str | None], str]]:
    """The pieces of the blocks of the main document part (:func:`_tree_items`; read without a
    tree when the part is plain, :class:`_Scan`), and the style name of a style id.

    The package is read with lxml as python-docx reads it (the main part found through the
    package relationships, its content type checked, the same parser settings), without
    building python-docx's objects for every part: that cost five times the parse itself.
    """
    from lxml import etree

    parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
    zf = open_zip(data, source, WORD)  # the guard's own errors pass through as they are
    body: Any = None
    try:
        with zf:
            main = _related(zf, data, "", "/officeDocument", parser)
            if main is None:
                raise KeyError("the package names no main document part")
            content_type = _content_type(zf, data, main, parser)
            if content_type != _MAIN_TYPE:
                raise ValueError(f"file is not a Word file, content type is '{content_type}'")
            part = read_member(zf, data, main)
            scan = _Scan.of(part)
            if scan is None:  # any other shape, or not well-formed: the tree, which says where it breaks
                document = etree.fromstring(part, parser)
                body = document.find(f"{_W}body")
                wanted = {ref.get(_VAL) or "" for ref in document.iter(_PSTYLE)}
            else:
                wanted = scan.wanted
            styles_part = _related(zf, data, main, "/styles", parser)
            # a buffer reused from read to read (valid until the next): only _paragraph_styles reads it
            styles = read_member_reused(zf, data, styles_part) if styles_part in zf.NameToInfo else None
        name_of = _style_namer(styles, parser, wanted)
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
    return _tree_items(body) if scan is None else scan.items, name_of


def _related(zf: zipfile.ZipFile, data: bytes, part: str, rel_type: str, parser: Any) -> str | None:
    """The zip name of the part that ``part`` ("" for the package) relates to by ``rel_type``."""
    from lxml import etree

    folder, _, name = part.rpartition("/")
    rels = f"{folder}/_rels/{name}.rels" if part else "_rels/.rels"
    if rels not in zf.NameToInfo:
        return None
    for rel in etree.fromstring(read_member(zf, data, rels), parser).iter(f"{_RELS}Relationship"):
        if rel.get("Type", "").endswith(rel_type) and rel.get("TargetMode") != "External":
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else f"{folder}/{target}".lstrip("/")
            return posixpath.normpath(path)
    return None


def _content_type(zf: zipfile.ZipFile, data: bytes, part: str, parser: Any) -> str | None:
    from lxml import etree

    types = etree.fromstring(read_member(zf, data, "[Content_Types].xml"), parser)
    for override in types.iter(f"{_CT}Override"):
        if override.get("PartName", "").lstrip("/").lower() == part.lower():
            return str(override.get("ContentType"))
    ext = part.rpartition(".")[2].lower()
    for default in types.iter(f"{_CT}Default"):
        if default.get("Extension", "").lower() == ext:
            return str(default.get("ContentType"))
    return None


def _paragraph_styles(styles: bytes | bytearray | None, parser: Any,
                      wanted: Iterable[str] = ()) -> Callable[[Any], str]:
    """The style name of a ``w:p``, lower-cased, as python-docx's ``Paragraph.style.name`` gives it
    (:func:`_style_namer`'s name of its ``w:pStyle``)."""
    name_of = _style_namer(styles, parser, wanted)

    def style_of(p: Any) -> str:
        ref = _pstyle(p)
        return name_of(None if ref is None else ref.get(_VAL) or "")

    return style_of


def _style_namer(styles: bytes | bytearray | None, parser: Any,
                 wanted: Iterable[str] = ()) -> Callable[[str | None], str]:
    """The style name, lower-cased, of a paragraph that names the style id given (``None``: it
    names none), as python-docx's ``Paragraph.style.name`` gives it.

    Made once from the styles part: python-docx scans every style for every paragraph that
    has none of its own, which made a file of many empty paragraphs take minutes. As there:
    a paragraph without a style, or whose style id is unknown or not a paragraph style's,
    has the last default paragraph style; the first style of an id counts. ``wanted``: the
    style ids the document names (the others need not be read).
    """
    from lxml import etree

    found: _StyleNames = ({}, "")
    if styles is not None:
        found = _style_names_plain(styles, wanted) or _style_names(etree.fromstring(bytes(styles), parser))
    names, default_name = found
    # lower-cased once here rather than at each paragraph; an id of no paragraph style has the default
    default = default_name.lower()
    lowered = {k: default if v is None else v.lower() for k, v in names.items()}

    def name_of(style: str | None) -> str:
        return default if style is None else lowered.get(style, default)

    return name_of


_StyleNames = tuple[dict[str, "str | None"], str]  # style id -> name (None: not a paragraph style), default


def _style_names(root: Any) -> _StyleNames:
    """The names of the styles part's ``w:style`` children and the default paragraph style's."""
    default_name = ""
    names: dict[str, str | None] = {}
    for style in root.iterchildren(f"{_W}style"):
        is_para = style.get(f"{_W}type", "paragraph") == "paragraph"
        name_el = style.find(f"{_W}name")
        name = (name_el.get(f"{_W}val") or "") if name_el is not None else ""
        if is_para and style.get(f"{_W}default") in ("1", "true", "on"):
            default_name = name
        style_id = style.get(f"{_W}styleId")
        if style_id and style_id not in names:
            names[style_id] = name if is_para else None  # not a paragraph style: the default, below
    return names, default_name


@lru_cache(maxsize=256)
def _heading_level(style: str) -> int:
    """The heading level a paragraph style's name gives (0: not a heading); cached, as a document
    names few styles for many paragraphs."""
    s = style.lower()
    for prefix in ("heading ", "标题 ", "标题"):
        if s.startswith(prefix) and s[len(prefix):].strip().isdigit():
            return int(s[len(prefix):].strip())
    return 1 if s in ("title", "标题") else 0


# The styles part without a tree. Word's styles part is mostly formatting (a few hundred KB,
# thousands of elements) of which the reader needs the names of the styles the document
# names and of the default paragraph style: parsing all of it cost three times the document
# itself. A part in the plain shape Word writes is read with the patterns below, only the
# styles asked for; any other (comments, CDATA, processing instructions, a namespace declared
# before the first style, in a style's start tag or inside a style read, an entity or
# character reference or a line break anywhere among the styles, a name that is not a style's
# first child, text between styles …) goes to the tree, so that both ways give the same names.
# Unlike the tree, this way does not judge whether the formatting inside each style, nor the
# start tag of a style it does not read, is well-formed XML: the reader never uses them.
_SP: Final = rb"[ \t\r\n]"
_ATTRS: Final = rb"((?:" + _SP + rb"""+[^\s=/<>]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)""" + _SP + rb"*(/?)>"
_START_TAG: Final = re.compile(rb"<([^\s/<>!?]+)" + _ATTRS)
_ATTR: Final = re.compile(rb"""([^\s=/<>]+)\s*=\s*("[^"<]*"|'[^'<]*')""")
_CHANGED: Final = re.compile(rb"[&\t\n\r]")  # what the parser would unescape or normalise in a value
_XML_DECL: Final = re.compile(rb"<\?xml" + _SP + rb"[^<>]*?\?>")
_ENCODING: Final = re.compile(rb"""encoding\s*=\s*["']([^"']*)""")
_BLANK: Final = re.compile(_SP + rb"*")
_WNS: Final = _W[1:-1].encode()


def _style_names_plain(s: bytes | bytearray, wanted: Iterable[str]) -> _StyleNames | None:
    """:func:`_style_names` of a styles part in Word's plain shape for the style ids ``wanted``
    (the others are left out), read without a tree; ``None`` for a part in any other shape."""
    styles = _PlainStyles.of(s)
    if styles is None:
        return None
    default = b""
    for i in styles.holding(b"default"):
        style = styles.style(i)
        if style is None:
            return None
        if style[1] and style[2]:
            default = style[3]
    names: dict[str, bytes | None] = {}
    for want in filter(None, wanted):
        key = want.encode()
        if any(c in key for c in (b'"', b"'", b"<", b"&")):
            return None  # written with a reference in the part: the tree compares it
        for i in styles.holding(b'"' + key + b'"', b"'" + key + b"'"):
            style = styles.style(i)
            if style is None:
                return None
            if style[0] == key:  # the first style of the id; a later one does not count
                names[want] = style[3] if style[1] else None
                break
    try:
        return {k: None if v is None else v.decode() for k, v in names.items()}, default.decode()
    except UnicodeDecodeError:
        return None


_Style = tuple["bytes | None", bool, bool, bytes]  # id, a paragraph style, marked default, name


class _PlainStyles:
    """The ``w:style`` elements of a plain styles part, side by side: where each ends and its
    start tag as written; a style's attributes and name are read when asked."""

    def __init__(self, body: bytes | bytearray, first: int, ends: list[int], tags: list[bytes], joined: bytes,
                 w: bytes) -> None:
        # ``body``: the whole part (a slice of the styles would copy hundreds of KB); the styles
        # run from ``first`` to the last of ``ends``; ``joined``: their start tags joined by NUL,
        # which XML never holds, to look for a value in all at once
        self.body, self.first, self.ends, self.w, self._joined = body, first, ends, w, joined
        self._read: dict[int, _Style | None] = {}
        self._starts = list(accumulate((len(tag) + 1 for tag in tags[:-1]), initial=0))

    @classmethod
    def of(cls, s: bytes | bytearray) -> _PlainStyles | None:
        """The styles of ``s`` when it is in the plain shape (see above), else ``None``.

        Each style must begin where the one before it ends (spaces between), with a start tag,
        and the last end at the root's end tag. In a well-formed part that leaves no style
        inside another (the first end tag after a start would not be its own), and closes
        whatever precedes the first (w:docDefaults, w:latentStyles): every style read is a
        child of the root, and every child of the root is read. No namespace may be declared
        before the first style (a child there in another prefix could be a style) nor in a
        style's start tag; the styles read whole are looked at for one inside (:meth:`_style`).
        Looking for "xmlns" through the whole part cost as much as all the rest."""
        root = _plain_root(s)
        if root is None:
            return None
        tag, w = root
        first, shut = s.find(b"<" + w + b":style", tag.end()), s.rfind(b"</")
        if first < 0 or not re.fullmatch(rb"</" + re.escape(tag[1]) + _SP + rb"*>" + _SP + rb"*", s[shut:]):
            return None
        if any(s.find(c, first, shut) >= 0 for c in (b"&", b"\t", b"\n", b"\r")):
            return None  # a value may be written otherwise than the parser reads it
        if s.find(b"xmlns", tag.end(), first) >= 0:
            return None
        step, _, start_tag = _style_patterns(w)
        found = start_tag.match(s, first, shut)
        if found is None:
            return None  # not a style's start tag, or <w:style …/> (then the ends are off)
        tags: list[bytes] = [found[0]]
        ends: list[int] = []
        # each end tag with the next style's start tag right after it: where step.finditer finds
        # them (a match begins with the end tag's text), the text looked for with bytes.find, whose
        # search cost a fraction of the pattern's through a style's formatting
        end_tag, pos = b"</" + w + b":style", found.end()
        while (at := s.find(end_tag, pos, shut)) >= 0:
            m = step.match(s, at, shut)
            if m is None:  # "</w:styles>" or the like: the search goes on past it
                pos = at + 1
                continue
            pos = m.end()
            after = m[1]
            if after is None:  # no style's start tag after this end: the part's end, or not plain
                ends.append(m.end())
                break
            ends.append(m.start(1))
            tags.append(after)
        if not ends or ends[-1] != shut:
            return None
        joined = b"\0".join(tags)
        if b"xmlns" in joined:
            return None
        return cls(s, first, ends, tags, joined, w)

    def holding(self, *needles: bytes) -> list[int]:
        """The styles whose start tag holds one of ``needles``, in order."""
        found: set[int] = set()
        for needle in needles:
            at = self._joined.find(needle)
            while at >= 0:
                found.add(bisect_right(self._starts, at) - 1)
                at = self._joined.find(needle, at + 1)
        return sorted(found)

    def style(self, i: int) -> _Style | None:
        """Style ``i``'s id, whether it is a paragraph style, whether it is marked default, and
        its name; ``None`` when its start tag or name is not read plainly."""
        if i not in self._read:
            self._read[i] = self._style(i)
        return self._read[i]

    def _style(self, i: int) -> _Style | None:
        w, start, end = self.w, self.ends[i - 1] if i else self.first, self.ends[i]
        tag = _style_patterns(w)[1].match(self.body, start, end)
        attrs = None if tag is None or tag[2] else _attrs(tag[1])
        if tag is None or attrs is None:
            return None  # a start tag not read plainly, or a repeated attribute
        is_para = _value(attrs, w + b":type", b"paragraph") == b"paragraph"
        is_default = _value(attrs, w + b":default") in (b"1", b"true", b"on")
        style_id = _value(attrs, w + b":styleId") or None
        if not is_para:  # its name is never asked (nor the tree's: not a paragraph style, the default)
            return style_id, False, is_default, b""
        if self.body.find(b"xmlns", start, end) >= 0:
            return None  # a namespace declared inside: a name in another prefix
        named, name_blob = tag[3], tag[4]
        no_name = self.body.find(b"<" + w + b":name", start, end) < 0
        name_attrs = _attrs(name_blob) if named else ({} if no_name else None)
        if name_attrs is None:
            return None  # a repeated attribute, or a name further in
        return style_id, True, is_default, _value(name_attrs, w + b":val", b"") or b""


def _plain_root(s: bytes | bytearray) -> tuple[re.Match[bytes], bytes] | None:
    """The root start tag of a plain styles part, and the one prefix bound to Word's namespace."""
    decl = _XML_DECL.match(s)
    if decl is not None:
        encoding = _ENCODING.search(decl[0])
        if encoding is not None and encoding[1].lower() not in (b"utf-8", b"utf8"):
            return None
    pos = decl.end() if decl is not None else 0
    # comments, CDATA sections, a DTD, processing instructions (the rare byte is looked for first)
    if (b"!" in s and b"<!" in s) or (s.find(b"?", pos) >= 0 and s.find(b"<?", pos) >= 0):
        return None
    tag = _START_TAG.match(s, _BLANK.match(s, pos).end())  # type: ignore[union-attr]
    attrs = _attrs(tag[2]) if tag is not None and not tag[3] else None
    if tag is None or attrs is None or b"xmlns" in attrs:
        return None  # a default namespace (those declared below the root: _PlainStyles.of)
    bound = [k[6:] for k, v in attrs.items() if k.startswith(b"xmlns:") and v[1:-1] == _WNS]
    if len(bound) != 1 or tag[1] != bound[0] + b":styles":
        return None
    return tag, bound[0]


_PATTERNS: Final[dict[bytes, tuple[re.Pattern[bytes], re.Pattern[bytes], re.Pattern[bytes]]]] = {}


def _style_patterns(w: bytes) -> tuple[re.Pattern[bytes], re.Pattern[bytes], re.Pattern[bytes]]:
    """A style's end tag (with the white space after it) and the next style's start tag if one
    comes right after; a style's start tag with the ``w:name`` right after it if one is; and a
    style's start tag alone. The start tag after an end, and alone, is found whole when its
    values hold no "<", and not when it closes itself (read for every style, the second
    pattern cost three times as much)."""
    if w not in _PATTERNS:
        p = re.escape(w)
        name = rb"(" + _SP + rb"*<" + p + rb":name" + _ATTRS + rb")?"
        start = rb"<" + p + rb""":style(?=[ \t\r\n>])[^<>'"/]*(?:(?:"[^"<]*"|'[^'<]*')[^<>'"/]*)*>"""
        _PATTERNS[w] = (re.compile(rb"</" + p + rb":style" + _SP + rb"*>" + _SP + rb"*(" + start + rb")?"),
                        re.compile(rb"<" + p + rb":style" + _ATTRS + name),
                        re.compile(start))
    return _PATTERNS[w]


def _attrs(blob: bytes) -> dict[bytes, bytes] | None:
    """The attributes of a start tag, values in their quotes; ``None`` when a value holds a
    reference or white space that the XML parser would change, or a name repeats."""
    found = _ATTR.findall(blob)
    out = dict(found)
    if len(out) != len(found) or (_CHANGED.search(blob) and any(_CHANGED.search(v) for v in out.values())):
        return None
    return out


def _value(attrs: dict[bytes, bytes], key: bytes, default: bytes | None = None) -> bytes | None:
    """An attribute's value without its quotes."""
    value = attrs.get(key)
    return default if value is None else value[1:-1]


# The main part without a tree (issue 13). lxml's parse of the main part cost as much as all
# the rest of a read, and the walk of its tree as much again, for a part that is mostly run
# formatting the reader never looks at. A part in the plain shape that Word and our writer give
# is read here from its bytes, cut at each "<": each piece is a tag and the text after it, read
# once however often it comes (Word repeats the same tags throughout). Plain: UTF-8, an XML
# declaration or none, namespaces declared on the root only, ASCII names, attribute values
# without character references, no comments, CDATA, processing instructions or DTD, tables as
# _plain_rows reads them. Whatever else comes (or what the parser would refuse: an unclosed or
# mismatched tag, an undeclared prefix, a repeated attribute, a character XML does not allow,
# text after the root …) sends the part to lxml, which reads it or says where it breaks; so a
# part read here is one the parser reads, and gives what the tree gives.

_SCAN_MAX: Final = 8_000_000  # under libxml2's limit on a text node (larger parts go to lxml)
_DEPTH_MAX: Final = 200  # under libxml2's limit on nesting (256)
# what a piece is: an end tag, a tag that closes itself, text after it other than white space
_END: Final = 1
_EMPTY: Final = 2
_INK: Final = 4
# the elements of Word's namespace the reader looks at (any other: 0); 1 to 10: those of _PLAIN_TAGS
_K_P: Final = 1
_K_T: Final = 2
_K_TAB: Final = 3
_K_BREAK: Final = 4
_K_TBL: Final = 5
_K_TR: Final = 6
_K_TC: Final = 7
_K_SPAN: Final = 8
_K_VMERGE: Final = 9
_K_GRIDBEFORE: Final = 10
_K_TCPR: Final = 11
_K_PPR: Final = 12
_K_PSTYLE: Final = 13
_K_TBLPR: Final = 14
_K_TBLCAPTION: Final = 15
_K_BODY: Final = 16
_K_WRAPPER: Final = 17
_KINDS: Final = {b"p": _K_P, b"t": _K_T, b"tab": _K_TAB, b"br": _K_BREAK, b"cr": _K_BREAK, b"tbl": _K_TBL,
                 b"tr": _K_TR, b"tc": _K_TC, b"gridSpan": _K_SPAN, b"vMerge": _K_VMERGE,
                 b"gridBefore": _K_GRIDBEFORE, b"tcPr": _K_TCPR, b"pPr": _K_PPR, b"pStyle": _K_PSTYLE,
                 b"tblPr": _K_TBLPR, b"tblCaption": _K_TBLCAPTION, b"body": _K_BODY, b"sdt": _K_WRAPPER,
                 b"sdtContent": _K_WRAPPER, b"customXml": _K_WRAPPER, b"smartTag": _K_WRAPPER}
# where an element is, for the reader: outside what it reads, the root, the body's blocks, a
# paragraph of the body (itself, its w:pPr, anything else in it), a w:t, a table of the body
# (itself, its first w:tblPr, a row, a cell, its w:tcPr, a paragraph of a cell, its w:pPr, its
# other children, anything else in the table)
_X_OUT: Final = 0
_X_ROOT: Final = 1
_X_BLOCKS: Final = 2
_X_P: Final = 3
_X_PPR: Final = 4
_X_PIN: Final = 5
_X_T: Final = 6
_X_TBL: Final = 7
_X_TBLPR: Final = 8
_X_TR: Final = 9
_X_TC: Final = 10
_X_TCPR: Final = 11
_X_TP: Final = 12
_X_TPPR: Final = 13
_X_RUN: Final = 14
_X_TIN: Final = 15

_NC: Final = rb"[A-Za-z_][A-Za-z0-9_.\-]{0,99}"
_QN: Final = _NC + rb"(?::" + _NC + rb")?"
_NOT_CHAR: Final = rb"\x00-\x08\x0b\x0c\x0e-\x1f"  # the bytes XML does not allow (U+FFFE, U+FFFF: looked for apart)
_NAMED: Final = rb"&(?:amp|lt|gt|quot|apos);"
_QUOTED: Final = (rb'"[^"<&' + _NOT_CHAR + rb"]*+(?:" + _NAMED + rb'[^"<&' + _NOT_CHAR + rb']*+)*+"|'
                  + rb"'[^'<&" + _NOT_CHAR + rb"]*+(?:" + _NAMED + rb"[^'<&" + _NOT_CHAR + rb"]*+)*+'")
_TAG: Final = re.compile(rb"(" + _QN + rb")((?:" + _SP + rb"+" + _QN + _SP + rb"*=" + _SP + rb"*(?:" + _QUOTED
                         + rb"))*)" + _SP + rb"*(/?)")
_PAIR: Final = re.compile(rb"(" + _QN + rb")" + _SP + rb"*=" + _SP + rb"*(" + _QUOTED + rb")")
_END_TAG: Final = re.compile(rb"(" + _QN + rb")" + _SP + rb"*")
_DECL: Final = re.compile(rb"\?xml" + _SP + rb"+version" + _SP + rb"*=" + _SP + rb"""*(?:"1\.0"|'1\.0')(?:"""
                          + _SP + rb"+encoding" + _SP + rb"*=" + _SP + rb"""*(?:"[Uu][Tt][Ff]-8"|'[Uu][Tt][Ff]-8'))?"""
                          + rb"(?:" + _SP + rb"+standalone" + _SP + rb"*=" + _SP
                          + rb"""*(?:"(?:yes|no)"|'(?:yes|no)'))?""" + _SP + rb"*\?>" + _SP + rb"*")
# a namespace name libxml2 takes for a URI: a scheme, then an authority and path, or a path
_URI: Final = re.compile(rb"[A-Za-z][A-Za-z0-9+.\-]*:(?://[A-Za-z0-9.\-]*(?:/[A-Za-z0-9._~:\-]*)*|"
                         rb"(?!//)[A-Za-z0-9._~:/\-]*)")
_CONTROL: Final = re.compile(rb"[" + _NOT_CHAR + rb"]")
_REF: Final = re.compile(rb"(amp|lt|gt|quot|apos|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});")
_ENTITIES: Final = {b"amp": "&", b"lt": "<", b"gt": ">", b"quot": '"', b"apos": "'"}
_XML_NS: Final = b"http://www.w3.org/XML/1998/namespace"
_XMLNS_NS: Final = b"http://www.w3.org/2000/xmlns/"


def _odd(piece: bytes) -> bool:
    """Whether a piece holds "]]>" (refused in text, and rare in values) or U+FFFE or U+FFFF
    (not XML characters), which the patterns let through."""
    return piece.find(b"]]>") >= 0 or (piece.find(b"\xef\xbf") >= 0 and (
        piece.find(b"\xef\xbf\xbe") >= 0 or piece.find(b"\xef\xbf\xbf") >= 0))


def _lines(raw: bytes) -> str:
    """UTF-8 character data as the parser gives it: each line end ("\\r\\n", "\\r") a "\\n"."""
    text = raw.decode()
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _chars(raw: bytes) -> str | None:
    """The text the parser reads for the character data ``raw``: references replaced, line ends
    made "\\n"; ``None`` for what it would refuse (a character XML does not allow, a reference to
    no entity, bytes that are not UTF-8)."""
    if _CONTROL.search(raw) is not None:
        return None
    try:
        if raw.find(b"&") < 0:  # (``in`` on bytes first tries the needle as an int: an exception raised)
            return _lines(raw)
        chunks = raw.split(b"&")
        out = [_lines(chunks[0])]
        for chunk in chunks[1:]:
            ref = _REF.match(chunk)
            if ref is None:
                return None
            name = ref[1]
            if name[0] == 35:  # "#": a character reference, which is not a line end to make "\n"
                code = int(name[2:].decode(), 16) if name[1] == 120 else int(name[1:].decode())
                if not (code in (9, 10, 13) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
                        or 0x10000 <= code <= 0x10FFFF):
                    return None
                out.append(chr(code))
            else:
                out.append(_ENTITIES[name])
            out.append(_lines(chunk[ref.end():]))
        return "".join(out)
    except UnicodeDecodeError:
        return None


class _Piece:
    """A piece of the main part as read: what it is (_END, _EMPTY, _INK), its element's number
    and kind, the element's w:val when the reader wants it, the text after the tag."""

    def __init__(self, flags: int, elem: int, kind: int, val: str | None, text: str) -> None:
        self.flags, self.elem, self.kind, self.val, self.text = flags, elem, kind, val, text


class _Scan:
    """The pieces of the body's blocks of a main part in the plain shape (see above), and the
    style ids it names: what :func:`read`'s walk of the tree takes from it."""

    def __init__(self) -> None:
        self.items: list[_Item] = []
        self.wanted: set[str] = set()  # the ids of every w:pStyle, as _open takes them from the tree
        self.ns: dict[bytes, bytes] = {}  # prefix -> namespace, declared on the root
        self.wval = b""  # w:val, in the prefix bound to Word's namespace
        self.ids: dict[bytes, int] = {}  # an element's name as written -> its number
        self.ends: list[bytes] = []  # by number: the element's end tag, as a piece
        self.body = False  # the root's first w:body came
        # the paragraph being read: its pieces of text, its style id (None: no w:pStyle yet)
        self.text: list[str] = []
        self.style: str | None = None
        self.styled = False
        # the table being read, as _plain_rows reads it, and the paragraphs of its last cell
        self.rows: list[_Row] = []
        self.row: list[tuple[str, int, str | None]] = []
        self.paras: list[tuple[str, str | None]] = []
        self.span: str | None = None
        self.merge: str | None = None
        self.spanned = False
        self.caption: str | None = None
        self.tblpr = False
        self.captioned = False

    @staticmethod
    def of(part: bytes) -> _Scan | None:
        """The scan of ``part``, or ``None`` when it is not in the plain shape."""
        if len(part) > _SCAN_MAX:
            return None
        pieces = part.split(b"<")
        head = pieces[0]
        if head.startswith(b"\xef\xbb\xbf"):
            head = head[3:]
        at = 1
        if len(pieces) > 1 and pieces[1].startswith(b"?xml"):
            if head or _DECL.fullmatch(pieces[1]) is None:
                return None
            at = 2
        elif head.strip(b" \t\r\n"):
            return None
        if at >= len(pieces):
            return None
        scan = _Scan()
        root = scan._root(pieces[at])
        if root is None or not scan._read(pieces, at, root):
            return None
        return scan

    def _read(self, pieces: list[bytes], at: int, root: _Piece) -> bool:
        """Read the pieces after the root's start tag (``at``); False where the shape is not plain."""
        self._start(_X_OUT, root.kind, root.val)  # a root w:pStyle is one the document names
        last = len(pieces) - 1
        if root.flags & _EMPTY:
            return at == last and not root.flags & _INK
        stack = [root.elem << 5 | _X_ROOT]  # per open element: its number and where it is
        ends = self.ends
        seen: dict[bytes, _Piece] = {}  # each piece read, once
        tags: dict[bytes, _Piece] = {}  # each tag followed by text, once
        for k in range(at + 1, len(pieces)):
            piece = pieces[k]
            top = stack[-1]
            if piece == ends[top >> 5]:  # the open element's end tag alone, as most end tags come
                stack.pop()
                self._end(top & 31)
                if not stack:
                    return k == last
                continue
            found = seen.get(piece)
            if found is None:
                found = self._piece(piece, tags)
                if found is None:
                    return False
                seen[piece] = found
            flags, elem = found.flags, found.elem
            if flags & _END:
                top = stack.pop()
                if top >> 5 != elem:
                    return False
                self._end(top & 31)
            else:
                child = self._start(top & 31, found.kind, found.val)
                if child < 0:
                    return False
                if flags & _EMPTY:
                    self._end(child)
                elif len(stack) < _DEPTH_MAX:
                    stack.append(elem << 5 | child)
                else:
                    return False
            if not stack:  # the root's end: nothing but white space may follow
                return k == last and not flags & _INK
            if found.text and stack[-1] & 31 == _X_T:
                self.text.append(found.text)
        return False

    def _start(self, at: int, kind: int, val: str | None) -> int:
        """Where a child of ``kind`` is, inside an element that is ``at``; -1 where it leaves the
        plain shape. The paragraph or table it begins or adds to is begun or added to."""
        if kind == _K_PSTYLE:
            self.wanted.add(val or "")
        if at >= _X_TBL:
            return self._in_table(at, kind, val)
        if at >= _X_P:  # in a paragraph of the body: w:t, tabs and breaks anywhere below count
            if at == _X_T:
                return -1  # an element inside a w:t: its text would be cut
            if kind == _K_T:
                return _X_T
            if kind == _K_TAB:
                self.text.append("\t")
            elif kind == _K_BREAK:
                self.text.append("\n")
            elif kind == _K_PPR and at == _X_P:
                return _X_PPR
            elif kind == _K_PSTYLE and at == _X_PPR and not self.styled:
                self.style, self.styled = val or "", True
            return _X_PIN
        if at == _X_BLOCKS:
            if kind == _K_P:
                self.text, self.style, self.styled = [], None, False
                return _X_P
            if kind == _K_TBL:
                self.rows, self.row, self.paras = [], [], []
                self.caption, self.tblpr, self.captioned = None, False, False
                return _X_TBL
            return _X_BLOCKS if kind == _K_WRAPPER else _X_OUT
        if at == _X_ROOT and kind == _K_BODY and not self.body:
            self.body = True
            return _X_BLOCKS
        return _X_OUT

    def _in_table(self, at: int, kind: int, val: str | None) -> int:
        """:meth:`_start` inside a table of the body: where _plain_rows finds the shape plain."""
        if 0 < kind <= _K_GRIDBEFORE:  # the tags _plain_rows looks at
            if kind == _K_T:
                return _X_T if at == _X_RUN or at == _X_TPPR else -1
            if kind == _K_TAB or kind == _K_BREAK:
                if at != _X_RUN and at != _X_TPPR:
                    return -1
                self.text.append("\t" if kind == _K_TAB else "\n")
                return _X_TIN
            if kind == _K_P:
                if at != _X_TC:
                    return -1
                self.text, self.style, self.styled = [], None, False
                return _X_TP
            if kind == _K_TC:
                if at != _X_TR:
                    return -1
                self.paras, self.span, self.merge, self.spanned = [], None, None, False
                return _X_TC
            if kind == _K_SPAN or kind == _K_VMERGE:
                if at != _X_TCPR:
                    return -1
                if kind == _K_SPAN:
                    if not self.spanned:
                        self.span, self.spanned = val, True
                elif self.merge is None:
                    self.merge = "continue" if val is None else val
                return _X_TIN
            if kind == _K_TR and at == _X_TBL:
                self.row = []
                self.rows.append((0, self.row))
                return _X_TR
            return -1  # a table inside, w:gridBefore, a row elsewhere
        if at == _X_TBL:
            if kind == _K_TBLPR and not self.tblpr:
                self.tblpr = True
                return _X_TBLPR
        elif at == _X_TBLPR:
            if kind == _K_TBLCAPTION and not self.captioned:
                self.caption, self.captioned = val, True
        elif at == _X_TC:
            return _X_TCPR if kind == _K_TCPR else _X_TIN
        elif at == _X_TP:
            return _X_TPPR if kind == _K_PPR else _X_RUN
        elif at == _X_TPPR and kind == _K_PSTYLE and not self.styled:
            self.style, self.styled = val or "", True
        return _X_TIN

    def _end(self, at: int) -> None:
        """The end of an element that is ``at``: a paragraph, cell or table is done."""
        if at == _X_P:
            self.items.append(("".join(self.text), self.style, None, None))
        elif at == _X_TP:
            self.paras.append(("".join(self.text), self.style))
        elif at == _X_TC:
            text = "\n".join([t for t, _ in self.paras]).strip("\n")
            self.row.append((text, _span(self.span), self.merge))
        elif at == _X_TBL:
            if sum([len(tcs) for _, tcs in self.rows]) == 1:  # it lays out the page: its cell's paragraphs
                self.items.extend([(t, style, None, None) for t, style in self.paras])
            else:
                self.items.append(("", None, self.rows, self.caption))

    def _root(self, piece: bytes) -> _Piece | None:
        """The root's start tag, with the namespaces it declares, and the text after it."""
        if _odd(piece):
            return None
        gt = piece.find(b">")
        tag = _TAG.fullmatch(piece, 0, gt) if gt > 0 else None
        text = _chars(piece[gt + 1:]) if tag is not None else None
        if tag is None or text is None:
            return None
        for name, value in _PAIR.findall(tag[2]):
            if name == b"xmlns":
                return None  # a default namespace
            if name.startswith(b"xmlns:"):
                prefix, uri = name[6:], value[1:-1]
                if (prefix == b"xml" or prefix == b"xmlns" or uri == _XML_NS or uri == _XMLNS_NS
                        or _URI.fullmatch(uri) is None):
                    return None
                self.ns[prefix] = uri
        bound = [prefix for prefix, uri in self.ns.items() if uri == _WNS]
        if len(bound) > 1:
            return None
        self.wval = bound[0] + b":val" if bound else b""
        found = self._start_tag(piece, gt, tag, True)
        if found is None:
            return None
        return _Piece(found.flags | (_INK if piece[gt + 1:].strip(b" \t\r\n") else 0), found.elem, found.kind,
                      found.val, text)

    def _piece(self, piece: bytes, tags: dict[bytes, _Piece]) -> _Piece | None:
        """A tag and the text after it (``tags``: the tags read so far, by what they say)."""
        if _odd(piece):
            return None
        gt = piece.find(b">") + 1
        if gt == len(piece):  # a tag alone: most pieces
            return self._tag(piece, gt - 1)
        text = _chars(piece[gt:])
        if text is None:
            return None
        tag = piece[:gt]
        found = tags.get(tag)
        if found is None:
            found = self._tag(tag, gt - 1)
            if found is None:
                return None
            tags[tag] = found
        return _Piece(found.flags | (_INK if piece[gt:].strip(b" \t\r\n") else 0), found.elem, found.kind,
                      found.val, text)

    def _tag(self, tag: bytes, gt: int) -> _Piece | None:
        """The tag that ``tag`` holds up to ``gt`` (its ">"): ``None`` for what is not a tag in the
        plain shape, a name in an undeclared prefix, a repeated attribute, a namespace declared
        below the root."""
        if gt <= 0:
            return None
        if tag[0] == 47:  # "/": an end tag, of an element whose start came (else not the one open)
            end = _END_TAG.fullmatch(tag, 1, gt)
            elem = None if end is None else self.ids.get(end[1])
            return None if elem is None else _Piece(_END, elem, 0, None, "")
        start = _TAG.fullmatch(tag, 0, gt)
        return None if start is None else self._start_tag(tag, gt, start, False)

    def _start_tag(self, tag: bytes, gt: int, start: re.Match[bytes], root: bool) -> _Piece | None:
        """:meth:`_tag` of a start tag (``start``: its match), the root's with its declarations."""
        name = start[1]
        where = self._namespace(name, False)
        if where is None:
            return None
        uri, local = where
        kind = _KINDS.get(local, 0) if uri == _WNS else 0
        raw: bytes | None = None
        if start[2]:
            seen: set[bytes] = set()
            for attr, value in _PAIR.findall(start[2]):
                if attr == b"xmlns" or attr.startswith(b"xmlns:"):
                    if not root:
                        return None
                    key = attr
                else:
                    where = self._namespace(attr, True)
                    if where is None:
                        return None
                    key = where[0] + b"}" + where[1] if where[0] else attr
                if key in seen:
                    return None
                seen.add(key)
                if attr == self.wval:
                    raw = value[1:-1]
            if not tag.isascii():
                try:
                    tag[:gt].decode()
                except UnicodeDecodeError:
                    return None
        val: str | None = None
        if raw is not None and kind in (_K_PSTYLE, _K_SPAN, _K_VMERGE, _K_TBLCAPTION):
            if _CHANGED.search(raw) is not None:
                return None  # a value the parser would change
            val = raw.decode()
        elem = self.ids.get(name)
        if elem is None:
            elem = self.ids[name] = len(self.ids)
            self.ends.append(b"/" + name + b">")
        return _Piece(_EMPTY if start[3] else 0, elem, kind, val, "")

    def _namespace(self, name: bytes, attribute: bool) -> tuple[bytes, bytes] | None:
        """The namespace and local name of a name as written (no namespace: b""); ``None`` for a
        prefix not declared (the xml prefix is declared for xml:space and xml:lang)."""
        colon = name.find(b":")
        if colon < 0:
            return b"", name
        prefix, local = name[:colon], name[colon + 1:]
        if prefix == b"xml":  # the parser checks the value of some (xml:id): only these two are read here
            return (_XML_NS, local) if attribute and (local == b"space" or local == b"lang") else None
        uri = self.ns.get(prefix)
        return None if uri is None else (uri, local)


def _span(value: str | None) -> int:
    """A cell's span from its ``w:gridSpan``'s value: 1 when absent, zero or not a number."""
    try:
        return (int(value) if value is not None else 1) or 1
    except ValueError:
        return 1
