"""HTML: read portal article pages and Word-exported HTML with lxml; write the official layout.

Reading never uses regular expressions over markup: lxml's HTML parser builds the tree
(no network, no DTD, comments and processing instructions dropped, so Word's
conditional comments go too). Header-field tables (索引号 …) become fields wherever they
sit; the report body is the element whose direct children carry the most text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree
from lxml import html as lhtml

from ..blocks import Block, Cell, Field, Heading, Paragraph, SourcePos, Table
from ..errors import NoReportError, ReadError
from ..form.template import SECTION_NUMERALS
from ..model import Report
from ..repair.cjk import clean_inline, compact
from ..repair.fields import fields_from_row
from ._context import ReadContext, decode_text, meta_charset
from ._layout import TABLES, Grid

_SKIP = {"script", "style", "noscript", "head", "title", "meta", "link", "iframe", "object", "embed", "svg",
         "form", "button", "select", "input", "textarea", "nav", "footer", "template"}
_BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "table", "section", "article", "blockquote",
               "ul", "ol", "center", "font", "span", "td", "tbody", "tr", "pre", "dl", "dd", "dt"}
_XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>", re.S)
_MAX_DEPTH = 400


def _parser() -> etree.HTMLParser:
    return etree.HTMLParser(recover=True, no_network=True, remove_comments=True, remove_pis=True,
                            huge_tree=False)


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
            raise ReadError("HTML nested too deeply")
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
    if "fields" in (table.get("class") or "").split():
        # our own writer's field table: key and value cells, trusted as they are
        return [Field(compact(r[0]).rstrip(":："), clean_inline(r[1]) if len(r) > 1 else "")
                for r in rows if r and compact(r[0])]
    out: list[Field] = []
    for row in rows:
        if not any(compact(c) for c in row):
            continue
        got = fields_from_row(row)
        if got is None:
            return None
        out.extend(got)
    return out or None


def _content_root(body: etree._Element) -> etree._Element:
    """The element whose direct children hold the most text: the article body."""
    best, best_score = body, -1
    for el in body.iter():
        t = _tag(el)
        if t in _SKIP or not t:
            continue
        score = 0
        for child in el:
            ct = _tag(child)
            # <div>s are page scaffolding; semantic containers and text blocks count.
            if ct in ("p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "li", "ul", "ol", "section", "article", "pre"):
                score += len(compact(_text(child)))
        if score > best_score:
            best, best_score = el, score
    return best


def _blocks(root: etree._Element, ctx: ReadContext, fields_seen: list[etree._Element]) -> Iterator[Block]:
    tables = 0

    def walk(el: etree._Element, depth: int) -> Iterator[Block]:
        nonlocal tables
        if depth > _MAX_DEPTH:
            raise ReadError("HTML nested too deeply", source=ctx.source)
        t = _tag(el)
        if t in _SKIP or not t:
            return
        line = _line(el)
        if t == "table":
            if any(el is t for t in fields_seen):
                return
            if _is_layout_table(el):
                for cell in el.iter("td", "th"):
                    if next(cell.iterancestors("table"), None) is el:
                        yield from walk_children(cell, depth + 1)
                return
            tables += 1
            yield _table(el, SourcePos(line=line, table=tables))
            return
        if t in ("h1", "h2", "h3", "h4", "h5", "h6"):
            text = clean_inline(_text(el, " "))
            if text:
                yield Heading(text, int(t[1]), SourcePos(line=line))
            return
        has_blocks = any(_tag(c) in _BLOCK_TAGS - {"span", "font"} for c in el)
        if t in ("p", "li", "pre", "dt", "dd") or not has_blocks:
            if el.find(".//table") is not None:
                yield from walk_children(el, depth + 1)
                return
            for piece in _text(el, "\n\n").split("\n\n"):
                text = clean_inline(piece)
                if text:
                    yield Paragraph(text, SourcePos(line=line))
            return
        yield from walk_children(el, depth + 1)

    def walk_children(el: etree._Element, depth: int) -> Iterator[Block]:
        if el.text and el.text.strip() and _tag(el) not in ("td", "th"):
            text = clean_inline(el.text.replace("\xa0", " "))
            if text:
                yield Paragraph(text, SourcePos(line=_line(el)))
        elif _tag(el) in ("td", "th") and el.text and el.text.strip():
            yield Paragraph(clean_inline(el.text.replace("\xa0", " ")), SourcePos(line=_line(el)))
        for child in el:
            yield from walk(child, depth)
            if child.tail and child.tail.strip() and _tag(child) != "br":
                text = clean_inline(child.tail.replace("\xa0", " "))
                if text:
                    yield Paragraph(text, SourcePos(line=_line(child)))

    yield from walk_children(root, 0)


def read(data: bytes, ctx: ReadContext) -> list[Block]:
    """Blocks of an HTML page: header fields, headings, paragraphs, tables with their spans."""
    text = decode_text(data, ctx, meta_charset(data))
    text = _XML_DECL_RE.sub("", text.lstrip("\ufeff"))
    if not text.strip():
        raise NoReportError("the page is empty", source=ctx.source)
    try:
        doc = lhtml.document_fromstring(text, parser=_parser())
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise ReadError(f"not readable as HTML: {exc}", source=ctx.source) from None
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
    content = list(_blocks(root, ctx, fields_seen))
    if not content:
        raise NoReportError("the page holds no text that could be a report", source=ctx.source)
    return out + content


# ---------------------------------------------------------------- writer

_CSS = """
body{margin:0;background:#f4f4f0;color:#222;font:16px/1.8 "FangSong","仿宋_GB2312","STFangsong","Songti SC",serif}
article.govreport{max-width:52em;margin:2em auto;padding:3em 4em;background:#fff;box-shadow:0 0 .5em #ccc}
h1{font:bold 1.6em/1.4 "FZXiaoBiaoSong-B05S","方正小标宋简体","SimHei","黑体",sans-serif;
text-align:center;margin:.5em 0 1em}
h2{font:bold 1.15em/1.6 "SimHei","黑体",sans-serif;margin:1.2em 0 .4em}
h3{font:bold 1em/1.8 "KaiTi","楷体_GB2312","STKaiti",serif;margin:.6em 0 .2em;text-indent:2em}
p{margin:0;text-indent:2em;text-align:justify;white-space:pre-wrap}
table{border-collapse:collapse;width:100%;margin:.6em 0 1em;font-size:.85em;line-height:1.4}
th,td{border:1px solid #555;padding:.3em .4em;text-align:center;vertical-align:middle}
th{background:#f2f2f2;font-weight:normal}
table.fields{font-size:.85em;margin-bottom:1.5em}
table.fields th{text-align:right;width:7em}
table.fields td{text-align:left}
@media print{body{background:#fff}article.govreport{box-shadow:none;margin:0;padding:0;max-width:none}
table{page-break-inside:auto}tr{page-break-inside:avoid}h2{page-break-after:avoid}}
"""


def _grid_table(grid: Grid, caption: str) -> etree._Element:
    table = etree.Element("table", {"class": "form-table"})
    cap = etree.SubElement(table, "caption")
    cap.text = caption
    cap.set("hidden", "hidden")
    body = etree.SubElement(table, "tbody")
    for row in grid:
        tr = etree.SubElement(body, "tr")
        for cell in row:
            el = etree.SubElement(tr, "th" if cell.header else "td")
            if cell.colspan > 1:
                el.set("colspan", str(cell.colspan))
            if cell.rowspan > 1:
                el.set("rowspan", str(cell.rowspan))
            el.text = cell.text
    return table


def _article(report: Report) -> etree._Element:
    art = etree.Element("article", {"class": "govreport", "data-schema": "govreport/1", "data-form": report.form})
    if report.fields:
        ft = etree.SubElement(art, "table", {"class": "fields"})
        for k, v in report.fields:
            tr = etree.SubElement(ft, "tr")
            th = etree.SubElement(tr, "th")
            th.text = f"{k}："
            td = etree.SubElement(tr, "td")
            td.text = v
    if report.title:
        h1 = etree.SubElement(art, "h1")
        h1.text = report.title

    def blocks(parent: etree._Element, items: tuple[object, ...]) -> None:
        for b in items:
            el = etree.SubElement(parent, "h3" if getattr(b, "kind", "") == "heading" else "p")
            el.text = getattr(b, "text", "")

    blocks(art, report.preamble)
    grids = dict(TABLES)
    for s in report.sections:
        sec = etree.SubElement(art, "section")
        h2 = etree.SubElement(sec, "h2")
        h2.text = f"{SECTION_NUMERALS[s.number - 1]}、{s.title}"
        if s.number in grids:
            sec.append(_grid_table(grids[s.number](report), h2.text))
        blocks(sec, s.blocks)
    return art


def write(report: Report, *, fragment: bool = False) -> bytes:
    """A standalone HTML5 page (or, with ``fragment=True``, the <article> alone)."""
    art = _article(report)
    if fragment:
        return etree.tostring(art, method="html", encoding="utf-8") + b"\n"
    page = etree.Element("html", {"lang": "zh-CN"})
    head = etree.SubElement(page, "head")
    etree.SubElement(head, "meta", {"charset": "utf-8"})
    etree.SubElement(head, "meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"})
    etree.SubElement(head, "meta", {"name": "generator", "content": "govreport_io"})
    title = etree.SubElement(head, "title")
    title.text = report.title or "政府信息公开工作年度报告"
    style = etree.SubElement(head, "style")
    style.text = _CSS
    body = etree.SubElement(page, "body")
    body.append(art)
    return b"<!DOCTYPE html>\n" + etree.tostring(page, method="html", encoding="utf-8") + b"\n"
