"""HTML: read portal article pages and Word-exported HTML with lxml.

Reading never uses regular expressions over markup: lxml's HTML parser builds the tree
(no network, no DTD, comments and processing instructions dropped, so Word's
conditional comments go too). Header-field tables (索引号 …) become fields wherever they
sit; the report body is the element whose direct children carry the most text. What is
asked of the tree again and again (texts, table rows, the body search) is answered once,
in C where the rules allow, by :mod:`._html_tree`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, cast

from ..blocks import Block, Field, Heading, Paragraph, SourcePos, Table
from ..conventions import HTML_FIELDS_CLASS
from ..errors import NoReportError, ReadError, UnsafeInputError
from ..repair.cjk import clean_inline, compact
from ..repair.fields import fields_from_rows, leading_fields, marked_fields
from ._context import ReadContext, decode_text, meta_charset, sniff_head
from ._html_tree import MAX_DEPTH, SKIP, Page, line_of, too_deep

if TYPE_CHECKING:  # lxml is imported when reading, not when the registry sniffs
    from lxml import etree


def sniff(data: bytes) -> int:
    """Sure for a page that opens as HTML; likely for a fragment that opens with a block tag."""
    head = sniff_head(data).lstrip("\ufeff \t\r\n").lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")) and "<html" in head:
        return 95
    return 60 if ("<p" in head or "<div" in head or "<table" in head) and head.startswith("<") else 0

_BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "table", "section", "article", "blockquote",
               "ul", "ol", "center", "font", "span", "td", "tbody", "tr", "pre", "dl", "dd", "dt"}
_XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>", re.S)


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


def _is_layout_table(page: Page, table: etree._Element) -> bool:
    """A table used to lay out the page (it holds the prose), not a data table."""
    rows = page.table_rows(table)
    if rows.prose or sum(map(len, rows.texts)) == int(cast(float, table.xpath("count(.//td|.//th)"))):
        return rows.prose  # the rows hold every cell
    return any(page.holds_prose(cell, page.text(cell)) for cell in table.iter("td", "th"))


def _table(page: Page, table: etree._Element, pos: SourcePos) -> Table:
    rows = page.table_rows(table).cells
    if table in page.holds_table:  # rows of nested tables belong to those tables
        rows = [r for tr, r in zip(table.iter("tr"), rows) if next(tr.iterancestors("table"), None) is table]
    return Table(tuple(r for r in rows if r), pos)


def _field_table(page: Page, table: etree._Element) -> list[Field] | None:
    rows = page.table_rows(table).texts
    if HTML_FIELDS_CLASS in (table.get("class") or "").split():
        return marked_fields(rows)
    return fields_from_rows([r for r in rows if any(c and not c.isspace() for c in r)]) or None


_FLOW_BLOCKS = _BLOCK_TAGS - {"span", "font"}


def _paragraphs(text: str, line: int | None, out: list[Block]) -> None:
    """Paragraphs of text whose paragraphs are parted by blank lines (where <br>s stood)."""
    if not text.strip(" \t\u3000\n\r\xa0"):
        return  # white space that clean_inline would drop, as most runs between blocks are
    for piece in text.split("\n\n"):
        content = clean_inline(piece)
        if content:
            out.append(Paragraph(content, SourcePos(line=line)))


class _Walk:
    """The blocks of the content root, in document order; field tables already read are skipped."""

    def __init__(self, page: Page, ctx: ReadContext, fields_seen: list[etree._Element]) -> None:
        self.page, self.ctx, self.fields_seen = page, ctx, fields_seen
        self.out: list[Block] = []

    def element(self, el: etree._Element, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise too_deep(el, self.ctx.source)
        tag = self.page.tag
        t = tag(el)
        if t in SKIP or not t:
            return
        if t == "table":
            self.table(el, depth)
        elif t in ("h1", "h2", "h3", "h4", "h5", "h6"):
            text = clean_inline(self.page.text(el, " "))
            if text:
                self.out.append(Heading(text, int(t[1]), SourcePos(line=line_of(el))))
        elif t in ("p", "li", "pre", "dt", "dd") or not any(tag(c) in _FLOW_BLOCKS for c in el):
            if el in self.page.holds_table:
                self.children(el, depth + 1)
            else:
                _paragraphs(self.page.text(el, "\n\n"), line_of(el), self.out)
        else:
            self.children(el, depth + 1)

    def table(self, el: etree._Element, depth: int) -> None:
        if any(el is seen for seen in self.fields_seen):
            return
        if _is_layout_table(self.page, el):
            for cell in el.iter("td", "th"):
                if next(cell.iterancestors("table"), None) is el:
                    self.children(cell, depth + 1)
            return
        self.out.append(_table(self.page, el, SourcePos(line=line_of(el))))

    def children(self, el: etree._Element, depth: int) -> list[Block]:
        """Text and inline elements between blocks form paragraphs; <br> parts them. Returns
        the blocks so far."""
        run: list[str] = [el.text or ""]
        line = line_of(el)
        tag, holds_table = self.page.tag, self.page.holds_table
        for child in el:
            ct = tag(child)
            if ct == "br":
                run.append("\n\n")
            elif ct and ct not in SKIP and (ct in _FLOW_BLOCKS or child in holds_table):
                _paragraphs("".join(run).replace("\xa0", " "), line, self.out)
                run.clear()
                self.element(child, depth)
                line = line_of(child)
            elif ct and ct not in SKIP:
                run.append(self.page.text(child, "\n\n"))
            run.append(child.tail or "")
        _paragraphs("".join(run).replace("\xa0", " "), line, self.out)
        return self.out


def _page_title(page: Page, root: etree._Element) -> str | None:
    """The page's headline (<h1>, outside the report body) when it names a report."""
    inside = set(root.iter("h1", "h2"))  # the headings only: a deep page stays linear
    for el in page.body.iter("h1", "h2"):
        if el in inside:
            continue
        text = clean_inline(page.text(el, " "))
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
    page = Page(doc if body is None else body, text)
    out: list[Block] = []
    # the elements themselves are kept: lxml proxies, and so their id(), live only while referenced
    fields_seen: list[etree._Element] = []
    for table in page.body.iter("table"):
        fields = _field_table(page, table)
        if fields:
            fields_seen.append(table)
            out.extend(Field(f.key, f.value, SourcePos(line=line_of(table))) for f in fields)
    root = page.content_root()
    # fields first (the repair pass would do it too): the page title goes after them
    content = leading_fields(_Walk(page, ctx, fields_seen).children(root, 0))
    title = _page_title(page, root)
    head = [b.text for b in content[:4] if isinstance(b, (Heading, Paragraph))]
    if title and not any(compact(title) == compact(t) for t in head):
        # the body has no title line; the page's headline is the report's title
        first = next((k for k, b in enumerate(content) if not isinstance(b, Field)), len(content))
        content.insert(first, Heading(title, 1, SourcePos(line=line_of(root))))
    if not content:
        raise NoReportError("the page holds no text that could be a report", source=ctx.source)
    return out + content
