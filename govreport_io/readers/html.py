"""HTML: read portal article pages and Word-exported HTML with lxml.

Reading never uses regular expressions over markup: lxml's HTML parser builds the tree
(no network, no DTD, comments and processing instructions dropped, so Word's
conditional comments go too). Header-field tables (索引号 …) become fields wherever they
sit; the report body is the element whose direct children carry the most text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..blocks import Block, Cell, Field, Heading, Paragraph, SourcePos, Table
from ..conventions import HTML_FIELDS_CLASS
from ..errors import NoReportError, ReadError, UnsafeInputError
from ..repair.cjk import clean_inline, compact
from ..repair.fields import fields_from_rows, leading_fields, marked_fields
from ._context import ReadContext, decode_text, meta_charset, sniff_head

if TYPE_CHECKING:  # lxml is imported when reading, not when the registry sniffs
    from lxml import etree


def sniff(data: bytes) -> int:
    """Sure for a page that opens as HTML; likely for a fragment that opens with a block tag."""
    head = sniff_head(data).lstrip("\ufeff \t\r\n").lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")) and "<html" in head:
        return 95
    return 60 if ("<p" in head or "<div" in head or "<table" in head) and head.startswith("<") else 0

_SKIP = {"script", "style", "noscript", "head", "title", "meta", "link", "iframe", "object", "embed", "svg",
         "form", "button", "select", "input", "textarea", "nav", "footer", "template"}
_BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "table", "section", "article", "blockquote",
               "ul", "ol", "center", "font", "span", "td", "tbody", "tr", "pre", "dl", "dd", "dt"}
_XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>", re.S)
_MAX_DEPTH = 400


def _parser() -> etree.HTMLParser:
    from lxml import etree

    # huge_tree: without it libxml2 stops at 256 levels of nesting or a 10 MB text node and,
    # recovering, silently drops everything after. The input is bounded by the API's size
    # limit, and the HTML parser expands no entities, so lifting these limits is safe.
    return etree.HTMLParser(recover=True, no_network=True, remove_comments=True, remove_pis=True,
                            huge_tree=True)


def _check_whole(parser: etree.HTMLParser, ctx: ReadContext) -> None:
    """Refuse a page libxml2 could not read whole: past a resource limit it stops reading
    and, in recovery mode, returns the part before without an error."""
    for err in parser.error_log:
        if err.type_name == "ERR_RESOURCE_LIMIT" or "XML_PARSE_HUGE" in err.message:
            what = "nested too deeply" if "depth" in err.message.lower() else "too large in one piece"
            raise UnsafeInputError(f"the page is {what} to be read whole (the parser stopped here, "
                                   "and would drop everything after)", source=ctx.source,
                                   where=f"line {err.line}" if err.line else None)


def _tag(el: etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def _text(el: etree._Element, breaks: str = "\n") -> str:
    """Text of an element with <br> as a break and <p>/<div> inside it as line ends."""
    parts: list[str] = []

    def walk(e: etree._Element, depth: int) -> None:
        if depth > _MAX_DEPTH:
            raise UnsafeInputError(f"the page is nested deeper than {_MAX_DEPTH} elements; refused rather "
                                   "than read in part", where=f"line {_line(e)}" if _line(e) else None)
        t = _tag(e)
        if t in _SKIP:
            if e.tail:
                parts.append(e.tail)
            return
        if t == "br":
            parts.append(breaks)
        elif e.text and t:
            parts.append(e.text)
        for child in e:
            walk(child, depth + 1)
        if t in ("p", "div", "li", "tr") and depth > 0:
            parts.append("\n")
        if e.tail and depth > 0:
            parts.append(e.tail)

    walk(el, 0)
    return "".join(parts).replace("\xa0", " ").replace("\r", "")


def _is_layout_table(table: etree._Element) -> bool:
    """A table used to lay out the page (it holds the prose), not a data table."""
    for cell in table.iter("td", "th"):
        size = len(compact(_text(cell)))
        if size > 300 or (cell.find(".//table") is not None and size > 120):
            return True
    return False


def _table(table: etree._Element, pos: SourcePos) -> Table:
    rows: list[tuple[Cell, ...]] = []
    for tr in table.iter("tr"):
        # rows of nested tables belong to those tables
        if next((a for a in tr.iterancestors("table")), None) is not table:
            continue
        cells = []
        for cell in tr:
            if _tag(cell) not in ("td", "th"):
                continue
            text = "\n".join(ln.strip(" \t\u3000") for ln in _text(cell).split("\n"))
            cells.append(Cell(text.strip("\n"), _span(cell.get("colspan")), _span(cell.get("rowspan"))))
        if cells:
            rows.append(tuple(cells))
    return Table(tuple(rows), pos)


def _line(el: etree._Element) -> int | None:
    """The source line of an element (lxml's stubs type it loosely)."""
    line = el.sourceline
    return line if isinstance(line, int) else None


def _span(value: str | None) -> int:
    try:
        return max(1, min(1000, int(str(value).strip()))) if value else 1
    except ValueError:
        return 1


def _field_table(table: etree._Element) -> list[Field] | None:
    rows = [[_text(c) for c in tr if _tag(c) in ("td", "th")] for tr in table.iter("tr")]
    if HTML_FIELDS_CLASS in (table.get("class") or "").split():
        return marked_fields(rows)
    return fields_from_rows([r for r in rows if any(compact(c) for c in r)]) or None


_TEXT_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "li", "ul", "ol", "section", "article", "pre",
                "blockquote"}
_INNER_BLOCKS = _TEXT_BLOCKS | {"div"}


def _content_root(body: etree._Element) -> etree._Element:
    """The element whose direct children hold the most text: the article body.

    Text blocks count (<p>, headings, tables, lists, semantic containers), and so do
    <div>s with no block inside them (pages that put each paragraph in a <div>) and text
    standing directly in the element between <br>s; <div>s that hold blocks are page
    scaffolding and count for the element they are.
    """
    elements = [el for el in body.iter() if _tag(el) and _tag(el) not in _SKIP]
    length: dict[etree._Element, int] = {}
    has_block: dict[etree._Element, bool] = {}
    for el in reversed(elements):  # children before their parents
        own = len(compact((el.text or "") + "".join(c.tail or "" for c in el)))
        length[el] = own + sum(length.get(c, 0) for c in el)
        has_block[el] = any(_tag(c) in _INNER_BLOCKS or has_block.get(c, False) for c in el)
    best, best_score = body, -1
    for el in elements:
        score = len(compact((el.text or "") + "".join(c.tail or "" for c in el)))
        for child in el:
            ct = _tag(child)
            if ct in _TEXT_BLOCKS or (ct == "div" and not has_block.get(child, False)):
                score += length.get(child, 0)
        if score > best_score:
            best, best_score = el, score
    return best


_FLOW_BLOCKS = _BLOCK_TAGS - {"span", "font"}


def _paragraphs(text: str, line: int | None) -> Iterator[Block]:
    """Paragraphs of text whose paragraphs are parted by blank lines (where <br>s stood)."""
    for piece in text.split("\n\n"):
        content = clean_inline(piece)
        if content:
            yield Paragraph(content, SourcePos(line=line))


class _Walk:
    """The blocks of the content root, in document order; field tables already read are skipped."""

    def __init__(self, ctx: ReadContext, fields_seen: list[etree._Element]) -> None:
        self.ctx, self.fields_seen = ctx, fields_seen

    def element(self, el: etree._Element, depth: int) -> Iterator[Block]:
        if depth > _MAX_DEPTH:
            raise UnsafeInputError(f"the page is nested deeper than {_MAX_DEPTH} elements; refused rather "
                                   "than read in part", source=self.ctx.source,
                                   where=f"line {_line(el)}" if _line(el) else None)
        t = _tag(el)
        if t in _SKIP or not t:
            return
        if t == "table":
            yield from self.table(el, depth)
        elif t in ("h1", "h2", "h3", "h4", "h5", "h6"):
            text = clean_inline(_text(el, " "))
            if text:
                yield Heading(text, int(t[1]), SourcePos(line=_line(el)))
        elif t in ("p", "li", "pre", "dt", "dd") or not any(_tag(c) in _FLOW_BLOCKS for c in el):
            if el.find(".//table") is not None:
                yield from self.children(el, depth + 1)
            else:
                yield from _paragraphs(_text(el, "\n\n"), _line(el))
        else:
            yield from self.children(el, depth + 1)

    def table(self, el: etree._Element, depth: int) -> Iterator[Block]:
        if any(el is seen for seen in self.fields_seen):
            return
        if _is_layout_table(el):
            for cell in el.iter("td", "th"):
                if next(cell.iterancestors("table"), None) is el:
                    yield from self.children(cell, depth + 1)
            return
        yield _table(el, SourcePos(line=_line(el)))

    def children(self, el: etree._Element, depth: int) -> Iterator[Block]:
        """Text and inline elements between blocks form paragraphs; <br> parts them."""
        run: list[str] = [el.text or ""]
        line = _line(el)
        for child in el:
            ct = _tag(child)
            if ct == "br":
                run.append("\n\n")
            elif ct and ct not in _SKIP and (ct in _FLOW_BLOCKS or child.find(".//table") is not None):
                yield from _paragraphs("".join(run).replace("\xa0", " "), line)
                run.clear()
                yield from self.element(child, depth)
                line = _line(child)
            elif ct and ct not in _SKIP:
                run.append(_text(child, "\n\n"))
            run.append(child.tail or "")
        yield from _paragraphs("".join(run).replace("\xa0", " "), line)


def _blocks(root: etree._Element, ctx: ReadContext, fields_seen: list[etree._Element]) -> Iterator[Block]:
    return _Walk(ctx, fields_seen).children(root, 0)


def _page_title(body: etree._Element, root: etree._Element) -> str | None:
    """The page's headline (<h1>, outside the report body) when it names a report."""
    inside = set(root.iter())
    for el in body.iter("h1", "h2"):
        if el in inside:
            continue
        text = clean_inline(_text(el, " "))
        if 6 <= len(text) <= 60 and any(w in text for w in ("报告", "总结", "年报")) and "。" not in text:
            return text
    return None


def read(data: bytes, ctx: ReadContext) -> list[Block]:
    """Blocks of an HTML page: header fields, headings, paragraphs, tables with their spans."""
    from lxml import etree
    from lxml import html as lhtml

    text = decode_text(data, ctx, meta_charset(data))
    text = _XML_DECL_RE.sub("", text.lstrip("\ufeff"))
    if not text.strip():
        raise NoReportError("the page is empty", source=ctx.source)
    parser = _parser()
    try:
        doc = lhtml.document_fromstring(text, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise ReadError(f"not readable as HTML: {exc}", source=ctx.source) from exc
    _check_whole(parser, ctx)
    body = doc.find("body")
    if body is None:
        body = doc
    out: list[Block] = []
    # the elements themselves are kept: lxml proxies, and so their id(), live only while referenced
    fields_seen: list[etree._Element] = []
    for table in body.iter("table"):
        fields = _field_table(table)
        if fields:
            fields_seen.append(table)
            out.extend(Field(f.key, f.value, SourcePos(line=_line(table))) for f in fields)
    root = _content_root(body)
    # fields first (the repair pass would do it too): the page title goes after them
    content = leading_fields(list(_blocks(root, ctx, fields_seen)))
    title = _page_title(body, root)
    head = [b.text for b in content[:4] if isinstance(b, (Heading, Paragraph))]
    if title and not any(compact(title) == compact(t) for t in head):
        # the body has no title line; the page's headline is the report's title
        first = next((k for k, b in enumerate(content) if not isinstance(b, Field)), len(content))
        content.insert(first, Heading(title, 1, SourcePos(line=_line(root))))
    if not content:
        raise NoReportError("the page holds no text that could be a report", source=ctx.source)
    return out + content
