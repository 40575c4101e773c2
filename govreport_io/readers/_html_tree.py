"""What the HTML reader asks of a parsed page again and again, each answer found once.

lxml turns a subtree into text in C (``etree.tostring(method="text")``) many times faster
than Python can walk it. The reader's own text rules (<br> is a break, <p> ends a line,
<script> is dropped) only matter where such elements stand, so the page is searched once,
in C, for them: an element that holds none of them is read whole by lxml. The same holds
for the search for the article body. Pages where this would not give exactly the answer of
the plain walk (tag names lxml's filters would not match as the reader's rules see them,
nesting past the reader's limit) take the plain walk.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..blocks import Cell
from ..errors import UnsafeInputError

if TYPE_CHECKING:  # lxml is imported when reading, not when the registry sniffs
    from lxml import etree

SKIP = frozenset({"script", "style", "noscript", "head", "title", "meta", "link", "iframe", "object", "embed",
                  "svg", "form", "button", "select", "input", "textarea", "nav", "footer", "template"})
TEXT_BLOCKS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "li", "ul", "ol", "section", "article",
                         "pre", "blockquote"})
INNER_BLOCKS = TEXT_BLOCKS | {"div"}
LINE_ENDS = ("p", "div", "li", "tr")
# elements whose text the plain walk does not take as it stands
_SPECIAL = tuple(SKIP | {"br", *LINE_ENDS})
_NOT_WHOLE = SKIP | {"br", ""}  # "": a comment, which lxml would read as text
MAX_DEPTH = 400
# A start tag whose name lxml's filters might not match as the reader's rules see it: the
# parser lowercases ASCII but keeps other characters ("}" would even read as a namespace).
# Only a test of whether the C shortcuts apply: no text is read this way.
_ODD_NAME_RE = re.compile(r"<[A-Za-z][A-Za-z0-9:._-]*[^A-Za-z0-9:._\t\n\f\r />-]")


def _norm_tag(tag: object) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def nonspace(text: str | None) -> int:
    """The number of characters of ``text`` that are not white space."""
    return len("".join(text.split())) if text else 0


def line_of(el: etree._Element) -> int | None:
    """The source line of an element (lxml's stubs type it as None: compiled, a variable of that
    type would refuse the int lxml gives)."""
    line: object = el.sourceline
    return line if isinstance(line, int) else None


def too_deep(el: etree._Element, source: str | None = None) -> UnsafeInputError:
    """The error for a page nested past :data:`MAX_DEPTH` at ``el``."""
    return UnsafeInputError(f"the page is nested deeper than {MAX_DEPTH} elements; refused rather than read in "
                            "part", source=source, where=f"line {line_of(el)}" if line_of(el) else None)


class Page:
    """The body of a parsed page with the facts about it the reader needs."""

    def __init__(self, body: etree._Element, source_text: str) -> None:
        from lxml import etree

        self.body = body
        self._tags: dict[object, str] = {}
        self._rows: dict[etree._Element, TableRows] = {}
        self.tostring = etree.tostring
        self._not_whole: frozenset[object] = _NOT_WHOLE | {etree.Comment, etree.ProcessingInstruction, etree.Entity}
        # the C shortcuts need tag names the filters match, and nesting within the limit
        self.fast = _ODD_NAME_RE.search(source_text) is None and not _too_deep_xpath()(body)
        # elements holding a table; with the fast walk also those holding a special element, a skipped one
        self.holds_table: set[etree._Element] = set()
        self.holds_special: set[etree._Element] = set()
        self.holds_skip: set[etree._Element] = set()
        for el in body.iter(*_SPECIAL, "table") if self.fast else body.iter("table"):
            if el.tag == "table":
                _mark_ancestors(el, self.holds_table)
                continue
            _mark_ancestors(el, self.holds_special)
            if el.tag in SKIP:
                _mark_ancestors(el, self.holds_skip)

    def tag(self, el: etree._Element) -> str:
        """The element's tag as the reader's rules name it ("" for a comment)."""
        raw = el.tag
        tag = self._tags.get(raw)
        if tag is None:
            tag = self._tags[raw] = _norm_tag(raw)
        return tag

    def table_rows(self, table: etree._Element) -> TableRows:
        """A table's rows, read once."""
        rows = self._rows.get(table)
        if rows is None:
            rows = self._rows[table] = TableRows(self, table)
        return rows

    def holds_prose(self, cell: etree._Element, text: str) -> bool:
        """Whether a table cell holds prose (the table lays out the page)."""
        size = nonspace(text)
        return size > 300 or (size > 120 and cell in self.holds_table)

    def cells(self, tr: etree._Element) -> Iterator[etree._Element]:
        """The <td> and <th> children of a row."""
        if self.fast:  # the names are as the rules see them: lxml's filter picks the same
            return tr.iterchildren("td", "th")
        return (c for c in tr if self.tag(c) in ("td", "th"))

    def cell_text(self, cell: etree._Element) -> str:
        """:meth:`text` of a table cell with the fast walk, sparing the walk for the common cells:
        those holding nothing special, and those holding one paragraph (Word's)."""
        if cell in self.holds_special:
            line = cell[0] if len(cell) == 1 else None
            if line is None or line in self.holds_special or line.tag not in LINE_ENDS or line.tail:
                return self.text(cell)
            text = self.whole_text(cell) + "\n"  # as the walk reads it: the paragraph's line end
        else:
            text = self.whole_text(cell)
        return text.replace("\xa0", " ").replace("\r", "")

    def text(self, el: etree._Element, breaks: str = "\n") -> str:
        """Text of an element with <br> as a break and <p>/<div> inside it as line ends."""
        if self.fast and el not in self.holds_special and self.tag(el) not in _NOT_WHOLE:
            text = self.whole_text(el)
        else:
            parts: list[str] = []
            self._walk(el, 0, breaks, parts)
            text = "".join(parts)
        return text.replace("\xa0", " ").replace("\r", "")

    def _walk(self, e: etree._Element, depth: int, breaks: str, parts: list[str]) -> None:
        if depth > MAX_DEPTH:
            raise too_deep(e)
        tag = self.tag
        t = tag(e)
        if t in SKIP:
            if e.tail:
                parts.append(e.tail)
            return
        if t == "br":
            parts.append(breaks)
        elif e.text and t:
            parts.append(e.text)
        fast, special, whole = self.fast, self.holds_special, self.tostring
        for child in e:
            # holding nothing the rules treat apart, a child reads as a whole (in C); with the
            # fast walk, tag names are as the rules see them
            if fast and child not in special and child.tag not in self._not_whole:
                parts.append(whole(child, method="text", encoding=str, with_tail=False))
                if child.tag in LINE_ENDS:
                    parts.append("\n")
                if child.tail:
                    parts.append(child.tail)
            else:
                self._walk(child, depth + 1, breaks, parts)
        if t in LINE_ENDS and depth > 0:
            parts.append("\n")
        if e.tail and depth > 0:
            parts.append(e.tail)

    def whole_text(self, el: etree._Element) -> str:
        """All the text inside ``el``, as lxml reads it (in C)."""
        return self.tostring(el, method="text", encoding=str, with_tail=False)

    def content_root(self) -> etree._Element:
        """The element whose direct children hold the most text: the article body.

        Text blocks count (<p>, headings, tables, lists, semantic containers), and so do
        <div>s with no block inside them (pages that put each paragraph in a <div>) and text
        standing directly in the element between <br>s; <div>s that hold blocks are page
        scaffolding and count for the element they are. The first of equals wins.
        """
        if self.fast:
            return _RootSearch(self).run()
        return _content_root_walk(self)


class TableRows:
    """A table's rows as read once for the field, layout and table passes (rows of nested
    tables too, as ``table.iter("tr")`` gives them)."""

    def __init__(self, page: Page, table: etree._Element) -> None:
        self.texts: list[list[str]] = []  # the cells' texts, as the field tables take them
        self.cells: list[tuple[Cell, ...]] = []
        self.prose = False  # whether a cell holds prose (a layout table)
        made: dict[str, Cell] = {}  # a cell without spans, by its text: one Cell for many equal cells
        read = page.cell_text if page.fast else page.text
        plain = page.holds_special if page.fast else None  # with the fast walk: cells not in it are plain
        tostring = page.tostring
        for tr in table.iter("tr"):
            texts: list[str] = []
            cells: list[Cell] = []
            for cell in page.cells(tr):
                if plain is not None and cell not in plain:  # the common cell, read as cell_text would
                    text = tostring(cell, method="text", encoding=str, with_tail=False)
                    text = text.replace("\xa0", " ").replace("\r", "")
                else:
                    text = read(cell)
                texts.append(text)
                # nonspace(text) <= len(text): a short cell holds no prose
                if len(text) > 120 and not self.prose:
                    self.prose = page.holds_prose(cell, text)
                text = _cell_text(text) if "\n" in text else text.strip(" \t\u3000")
                colspan, rowspan = cell.get("colspan"), cell.get("rowspan")
                if colspan or rowspan:
                    cells.append(Cell(text, _span(colspan), _span(rowspan)))
                else:
                    cells.append(made.get(text) or made.setdefault(text, Cell(text)))
            self.texts.append(texts)
            self.cells.append(tuple(cells))


def _cell_text(text: str) -> str:
    """The cell's text with its lines' ends and its leading and trailing line breaks trimmed."""
    inner = text.strip("\n")
    if "\n" in inner:
        return "\n".join(ln.strip(" \t\u3000") for ln in inner.split("\n")).strip("\n")
    return inner.strip(" \t\u3000")


def _span(value: str | None) -> int:
    try:
        return max(1, min(1000, int(str(value).strip()))) if value else 1
    except ValueError:
        return 1


def _mark_ancestors(el: etree._Element, out: set[etree._Element]) -> None:
    """Add every element above ``el`` to ``out`` (the elements are kept: lxml proxies, and so
    their identity, live only while referenced)."""
    up = el.getparent()
    while up is not None and up not in out:
        out.add(up)
        up = up.getparent()


_LOCAL = threading.local()


def _too_deep_xpath() -> etree.XPath:
    """The test for an element nested past :data:`MAX_DEPTH` below the body, compiled once per
    thread (compiling costs more than a test)."""
    found: etree.XPath | None = getattr(_LOCAL, "too_deep", None)
    if found is None:
        from lxml import etree

        found = _LOCAL.too_deep = etree.XPath("boolean(" + "*/" * MAX_DEPTH + "*)")
    return found


def _content_root_walk(page: Page) -> etree._Element:
    """:meth:`Page.content_root` by looking at every element, bottom up."""
    tag = page.tag
    elements = [el for el in page.body.iter() if tag(el) and tag(el) not in SKIP]
    length: dict[etree._Element, int] = {}
    has_block: dict[etree._Element, bool] = {}
    best, best_score = page.body, -1
    for el in reversed(elements):  # children before their parents
        own = nonspace((el.text or "") + "".join(c.tail or "" for c in el))
        score = total = own
        block = False
        for c in el:
            ct, n = tag(c), length.get(c, 0)
            total += n
            inner = has_block.get(c, False)
            block = block or ct in INNER_BLOCKS or inner
            if ct in TEXT_BLOCKS or (ct == "div" and not inner):
                score += n
        length[el], has_block[el] = total, block
        if score >= best_score:  # the last seen going backwards is the first in the page
            best, best_score = el, score
    return best


class _RootSearch:
    """:meth:`Page.content_root` looking only at the elements that can win.

    A text block (or a <div> without blocks) below a candidate counts in full for that
    candidate, which comes first in the page, so neither it nor anything inside it can do
    better, unless under a <script>, <form> … that the counts leave out: the search goes
    down through the other elements only, and reads the text of the rest in C.
    """

    def __init__(self, page: Page) -> None:
        self.page, self.order = page, 0
        self.best, self.best_score, self.best_order = page.body, -1, -1

    def run(self) -> etree._Element:
        self.candidate(self.page.body)
        return self.best

    def candidate(self, el: etree._Element) -> int:
        """Score ``el``, search below it; its text length."""
        order = self.order
        self.order += 1
        tag = self.page.tag
        tails = [el.text or ""]
        score = total = 0
        for c in el:
            tails.append(c.tail or "")
            ct = tag(c)
            if ct in SKIP:
                self.beneath_skip(c)
            elif not ct:
                continue  # a comment: its tail is all it adds
            elif ct in TEXT_BLOCKS or (ct == "div" and not self.has_block(c)):
                n = self.length(c)
                score += n
                total += n
            else:
                total += self.candidate(c)
        own = nonspace("".join(tails))
        score += own
        if score > self.best_score or (score == self.best_score and order < self.best_order):
            self.best, self.best_score, self.best_order = el, score, order
        return own + total

    def beneath_skip(self, el: etree._Element) -> None:
        """The elements right below a <script>, <form> … are candidates again."""
        for c in el:
            ct = self.page.tag(c)
            if ct in SKIP:
                self.beneath_skip(c)
            elif ct:
                self.candidate(c)

    def length(self, el: etree._Element) -> int:
        """Text length of an element no candidate above can lose to, but for what is under a
        <script>, <form> … inside it, which is left out and searched."""
        if el not in self.page.holds_skip:
            return nonspace(self.page.whole_text(el))
        tails = [el.text or ""]
        total = 0
        for c in el:
            tails.append(c.tail or "")
            ct = self.page.tag(c)
            if ct in SKIP:
                self.beneath_skip(c)
            elif ct:
                total += self.length(c)
        return total + nonspace("".join(tails))

    def has_block(self, el: etree._Element) -> bool:
        """Whether a block stands inside ``el`` other than under a <script>, <form> …"""
        for c in el:
            ct = self.page.tag(c)
            if ct in SKIP:
                continue
            if ct in INNER_BLOCKS:
                return True
            if c in self.page.holds_skip:
                if self.has_block(c):
                    return True
            elif next(c.iterdescendants(*INNER_BLOCKS), None) is not None:
                return True
        return False
