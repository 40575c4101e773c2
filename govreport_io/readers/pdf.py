"""PDF: read by geometry with pdfplumber.

Reading works from characters, ruling lines and rectangles, not from extracted text:

- text is built from the glyphs the PDF really holds, so the spaces that text extraction
  inserts into justified Chinese never appear;
- ruled tables are found from their lines; merged cells become spans, text stacked one
  character per line stays inside its cell, and a table cut by a page break is joined back
  (a row cut in two included);
- paragraphs come from geometry: a first-line indent, or a previous line that ended short
  though the next word would have fit, starts one;
- page numbers ("— 3 —", "- 4 -") are removed wherever they fall, with a warning.
"""

from __future__ import annotations

import io
import statistics
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from ..blocks import Block, Cell, Heading, Paragraph, SourcePos, Table
from ..conventions import PDF_TAB_TAG
from ..diagnostics import WarningCode
from ..errors import ReadError, UnsafeInputError
from ..repair.cjk import is_cjk, is_page_furniture
from ..repair.fields import fields_from_rows, leading_fields
from ._context import ReadContext

_TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines", "snap_tolerance": 3,
                   "join_tolerance": 3, "intersection_tolerance": 3}


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    page: int
    bold: bool = False
    gaps: int = 0  # gaps wider than a character: columns of a table drawn without rules


@dataclass
class _TableItem:
    table: Table
    top: float
    bottom: float
    page: int
    xs: list[float] = field(default_factory=list)

    @property
    def x1(self) -> float:
        """The right edge of the table."""
        return self.xs[-1] if self.xs else 0.0


def _open(data: bytes, ctx: ReadContext) -> Any:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        _ = pdf.pages
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise ReadError("the PDF is encrypted; give a decrypted copy", source=ctx.source) from None
    except (PDFSyntaxError, PSException) as exc:
        raise ReadError(f"not a readable PDF: {type(exc).__name__}: {exc}".rstrip(": "), source=ctx.source) from None
    except Exception as exc:  # pdfminer raises many kinds on damaged files
        # pdfplumber wraps pdfminer's exception in PdfminerException(original)
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
        if isinstance(inner, (PDFPasswordIncorrect, PDFEncryptionError)) or "password" in str(inner).lower():
            raise ReadError("the PDF is encrypted; give a decrypted copy", source=ctx.source) from None
        detail = f"{type(inner).__name__}: {inner}".rstrip(": ")
        raise ReadError(f"not a readable PDF: {detail}", source=ctx.source) from None
    return pdf


def _chars_to_lines(chars: list[dict[str, Any]], page: int) -> list[_Line]:
    """Group characters into lines by their vertical position; text from real glyphs only."""
    chars = [c for c in chars if c.get("upright", True) and c["text"] not in ("\n", "\r")]
    chars.sort(key=lambda c: (round(c["top"], 1), c["x0"]))
    rows: list[list[dict[str, Any]]] = []
    for c in chars:
        if rows:
            last = rows[-1]
            ref = last[0]
            tol = max(1.5, 0.5 * min(ref["size"], c["size"]))
            if abs(c["top"] - ref["top"]) <= tol or abs(c["bottom"] - ref["bottom"]) <= tol:
                last.append(c)
                continue
        rows.append([c])
    lines = []
    for row in rows:
        row.sort(key=lambda c: c["x0"])
        # Justified Chinese spreads a line's slack between its Chinese characters; a table
        # drawn without rules leaves wide gaps between runs of text and numbers instead.
        pairs = [(a, b) for a, b in pairwise(row)
                 if a["text"] != " " and b["text"] != " " and (is_cjk(a["text"][:1]) or is_cjk(b["text"][:1]))]
        spread = len(pairs) >= 3 and sum(b["x0"] - a["x1"] > 0.2 * b["size"] for a, b in pairs) > 0.5 * len(pairs)
        parts: list[str] = []
        gaps = 0
        prev: dict[str, Any] | None = None
        for c in row:
            t = c["text"]
            if prev is not None and t != " " and prev["text"] != " " and not spread:
                gap = c["x0"] - prev["x1"]
                a, b = prev["text"][-1:], t[:1]
                # a word gap with no space glyph between Latin letters or digits, or a gap
                # wider than a character anywhere (a column of an unruled table)
                latin = a and b and not is_cjk(a) and not is_cjk(b)
                if gap > 1.0 * c["size"]:
                    gaps += 1
                if (latin and gap > 0.25 * c["size"]) or gap > 1.0 * c["size"]:
                    parts.append(" ")
            parts.append("\t" if c.get("tag") == PDF_TAB_TAG else _SPACE_GLYPHS.get(t, t))
            prev = c
        text = "".join(parts)
        if not text.strip():
            continue
        sizes = [c["size"] for c in row if c["text"].strip()]
        fonts = " ".join({str(c.get("fontname", "")) for c in row}).lower()
        lines.append(_Line(text, row[0]["x0"], row[-1]["x1"], min(c["top"] for c in row),
                           max(c["bottom"] for c in row), statistics.median(sizes) if sizes else 0, page,
                           "bold" in fonts or "heiti" in fonts or "黑体" in fonts, gaps))
    return lines


_SPACE_GLYPHS = {"\xa0": " ", "\u2003": " ", "\u2002": " "}


def _cell_text(chars: list[dict[str, Any]]) -> str:
    lines = _chars_to_lines(chars, 0)
    return "\n".join(ln.text.strip() for ln in lines)


def _grid_positions(values: list[float], tol: float = 2.0) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _index(positions: list[float], v: float, tol: float = 2.0) -> int:
    for i, p in enumerate(positions):
        if abs(p - v) <= tol:
            return i
    return min(range(len(positions)), key=lambda i: abs(positions[i] - v))


def page_chars_in(chars: list[dict[str, Any]], bbox: tuple[float, float, float, float]) -> list[dict[str, Any]]:
    """The characters whose centre lies in ``bbox``."""
    return [c for c in chars if _in_box(c, bbox)]


def _in_box(c: dict[str, Any], bbox: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = bbox
    cx: float = (c["x0"] + c["x1"]) / 2
    cy: float = (c["top"] + c["bottom"]) / 2
    return x0 - 1 <= cx <= x1 + 1 and top - 1 <= cy <= bottom + 1


def _tables(page: Any, chars: list[dict[str, Any]], pno: int) -> tuple[list[_TableItem], list[dict[str, Any]]]:
    """Ruled tables of a page with spans, and the characters left outside them."""
    found = page.find_tables(_TABLE_SETTINGS)
    items: list[_TableItem] = []
    rest = chars
    for t in found:
        cells = [c for c in t.cells if c]
        if len(cells) < 2 and not (cells and len(_cell_text(page_chars_in(chars, t.bbox))) < 150):
            continue
        xs = _grid_positions([c[0] for c in cells] + [c[2] for c in cells])
        ys = _grid_positions([c[1] for c in cells] + [c[3] for c in cells])
        if len(xs) <= 2:
            continue  # a frame drawn around prose, not a table
        _, top, _, bottom = t.bbox
        inside = [c for c in rest if _in_box(c, t.bbox)]
        rest = [c for c in rest if not _in_box(c, t.bbox)]
        placed: dict[tuple[int, int], tuple[int, int, list[dict[str, Any]]]] = {}
        boxes = []
        for c in cells:
            r, k = _index(ys, c[1]), _index(xs, c[0])
            rs = max(1, _index(ys, c[3]) - r)
            cs = max(1, _index(xs, c[2]) - k)
            placed[(r, k)] = (rs, cs, [])
            boxes.append((c, (r, k)))
        for ch in inside:
            cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
            for box, key in boxes:
                if box[0] - 0.5 <= cx <= box[2] + 0.5 and box[1] - 0.5 <= cy <= box[3] + 0.5:
                    placed[key][2].append(ch)
                    break
        rows: dict[int, list[tuple[int, Cell]]] = {}
        for (r, k), (rs, cs, chs) in placed.items():
            rows.setdefault(r, []).append((k, Cell(_cell_text(chs), cs, rs)))
        table = Table(tuple(tuple(cell for _, cell in sorted(rows[r], key=lambda x: x[0])) for r in sorted(rows)),
                      SourcePos(page=pno))
        items.append(_TableItem(table, top, bottom, pno, xs))
    return items, rest


def _drop_running_heads(items: list[Any], npages: int, ctx: ReadContext) -> list[Any]:
    """Remove running headers and footers: the same text at the same height on most pages.

    Digits are ignored in the comparison, so "第 3 页 共 6 页" repeats too. Only the top
    and bottom eighth of a page are searched, and only in documents of three pages or more.
    """
    if npages < 3:
        return items
    lines = [it for it in items if isinstance(it, _Line)]
    if not lines:
        return items
    height = max(ln.bottom for ln in lines)

    def key(ln: _Line) -> tuple[str, int]:
        return "".join("#" if ch.isdigit() else ch for ch in ln.text.strip()), round(ln.top / 4)

    edge = [ln for ln in lines if ln.top < height / 8 or ln.bottom > height * 7 / 8]
    pages_of: dict[tuple[str, int], set[int]] = {}
    for ln in edge:
        pages_of.setdefault(key(ln), set()).add(ln.page)
    running = {k for k, pages in pages_of.items() if len(pages) >= max(3, npages // 2) and k[0]}
    if not running:
        return items
    out = []
    for it in items:
        if isinstance(it, _Line) and (it.top < height / 8 or it.bottom > height * 7 / 8) and key(it) in running:
            ctx.warn(WarningCode.FURNITURE, f"running head {it.text.strip()!r} removed", SourcePos(page=it.page))
            continue
        out.append(it)
    return out


def _join_tables(items: list[Any], ctx: ReadContext) -> list[Any]:
    """Join a table cut by a page break: same columns, nothing but furniture between the parts."""
    out: list[Any] = []
    for item in items:
        prev = out[-1] if out else None
        if isinstance(item, _TableItem) and isinstance(prev, _TableItem) and item.page == prev.page + 1 \
                and len(item.xs) == len(prev.xs) and all(abs(a - b) <= 3 for a, b in zip(item.xs, prev.xs)):
            rows = list(item.table.rows)
            head = list(prev.table.rows)
            # a header repeated at the top of the continuation is dropped
            n = 0
            while n < len(rows) and n < len(head) and [c.text for c in rows[n]] == [c.text for c in head[n]]:
                n += 1
            rows = rows[n:]
            # a row broken by the page: the continuation holds only the rest of its text
            if rows and head and len(rows[0]) == len(head[-1]) \
                    and not any(ch.isdigit() for c in rows[0] for ch in c.text):
                last = head[-1]
                head[-1] = tuple(Cell("\n".join(x for x in (a.text, b.text) if x), a.colspan, a.rowspan)
                                 for a, b in zip(last, rows[0]))
                rows = rows[1:]
            merged = Table(tuple(head + rows), prev.table.pos)
            out[-1] = _TableItem(merged, prev.top, item.bottom, item.page, item.xs)
            continue
        out.append(item)
    return out


def read(data: bytes, ctx: ReadContext) -> list[Block]:
    """Blocks of a PDF from its geometry."""
    pdf = _open(data, ctx)
    with pdf:
        try:
            pages = pdf.pages
            if len(pages) > ctx.max_pages:
                raise UnsafeInputError(f"the PDF has {len(pages)} pages, over the limit of {ctx.max_pages}",
                                       source=ctx.source)
            items: list[Any] = []
            nchars = unmapped = 0
            for pno, page in enumerate(pages, start=1):
                chars = page.chars
                nchars += len(chars)
                unmapped += sum(1 for c in chars if c["text"].startswith("(cid:"))
                has_rules = bool(page.lines or page.rects or page.edges)
                tables, rest = _tables(page, chars, pno) if has_rules else ([], chars)
                lines = _chars_to_lines(rest, pno)
                kept = []
                for ln in lines:
                    if is_page_furniture(ln.text):
                        ctx.warn(WarningCode.FURNITURE, f"page number {ln.text.strip()!r} removed", SourcePos(page=pno))
                    else:
                        kept.append(ln)
                page_items: list[Any] = [*kept, *tables]
                page_items.sort(key=lambda it: it.top)
                items.extend(page_items)
        except ReadError:
            raise
        except Exception as exc:  # pdfminer fails in many ways on damaged content
            raise ReadError(f"a page could not be read: {type(exc).__name__}: {exc}", source=ctx.source) from None
    if nchars == 0:
        raise ReadError("the PDF has no text layer (a scan?); run OCR first", source=ctx.source)
    if unmapped > 0.3 * nchars:
        raise ReadError(f"{unmapped} of {nchars} characters have no Unicode mapping in their font "
                        "(the PDF shows text it cannot give back); run OCR on it", source=ctx.source)
    items = _drop_running_heads(items, len(pages), ctx)
    items = _join_tables(items, ctx)
    return _flow(items, ctx)


def _lead_width(line: _Line) -> float:
    """Width of what opens a line and could not have ended the one above: a run of Latin
    letters or digits, closing punctuation, and the character after them.

    Line breaking (kinsoku) pushes "112条。" to the next line whole, leaving the line above
    short though the paragraph goes on.
    """
    text = line.text.lstrip(" ")
    n = 0
    while n < len(text) and (not is_cjk(text[n]) or text[n] in "，。、；：？！）》」』”’…—"):
        n += 1
    n = min(len(text), n + 1)
    chars = max(1, len(text))
    return (line.x1 - line.x0) * n / chars


def _flow(items: list[Any], ctx: ReadContext) -> list[Block]:
    lines = [it for it in items if isinstance(it, _Line)]
    if not lines:
        body, left, right = 12.0, 0.0, 0.0
    else:
        weights: Counter[float] = Counter()
        for ln in lines:
            weights[round(ln.size, 1)] += len(ln.text)
        body = weights.most_common(1)[0][0]
        body_lines = [ln for ln in lines if abs(ln.size - body) < 0.6]
        # The left margin: where continuation lines start. Not the most common start, which
        # is the indented one in a text of short paragraphs; a low percentile resists strays.
        starts = sorted(ln.x0 for ln in body_lines)
        left = starts[int(len(starts) * 0.05)]
        # Better still: a margin with lines indented two characters from it (the indent of
        # Chinese typesetting) is the margin, however few lines continue at it.
        counts = Counter(round(x) for x in starts)
        pairs = [(counts[x] + sum(n for y, n in counts.items() if abs(y - x - 2 * body) <= 2), x)
                 for x in counts if any(abs(y - x - 2 * body) <= 2 for y in counts)]
        table_lefts = [it.xs[0] for it in items if isinstance(it, _TableItem) and it.xs]
        if pairs:
            left = float(max(pairs)[1])
        elif table_lefts and abs(left - min(table_lefts) - 2 * body) <= 3:
            # every paragraph is one line: the tables' left edge shows the margin they indent from
            left = min(table_lefts)
        rights = sorted(ln.x1 for ln in body_lines)
        right = rights[int(len(rights) * 0.9)] if rights else 0.0
        # Ruled tables span the text block; they tell its right edge when few lines are full.
        right = max([right, *(it.x1 for it in items if isinstance(it, _TableItem))])
    out: list[Block] = []
    cur: list[_Line] = []
    tables = 0

    def flush() -> None:
        if not cur:
            return
        # Spaces in PDF text are real glyphs here, so wrapped lines join as they are.
        text = "".join(ln.text for ln in cur).strip(" ")
        pos = SourcePos(page=cur[0].page)
        if cur[0].size >= body * 1.25:
            out.append(Heading(text, 1, pos))
        else:
            out.append(Paragraph(text, pos))
        cur.clear()

    for it in items:
        if isinstance(it, _TableItem):
            flush()
            if not out:
                rows = it.table.rows
                fields = fields_from_rows([[c.text for c in r] for r in rows], [SourcePos(page=it.page)] * len(rows))
                if fields is not None:
                    out.extend(fields)
                    continue
            tables += 1
            out.append(Table(it.table.rows, SourcePos(page=it.page, table=tables)))
            continue
        ln = it
        if cur:
            prev = cur[-1]
            size = max(ln.size, 1.0)
            new = (
                ln.x0 > left + 0.8 * size                      # first-line indent or centred
                or prev.x1 + _lead_width(ln) < right - 1.5 * size  # the line above ended short
                                                               # though the next word would fit
                or abs(ln.size - prev.size) > 0.6              # another style
                or ln.bold != prev.bold
                or prev.gaps >= 2 or ln.gaps >= 2              # a row of a table drawn without rules
                or (prev.size >= body * 1.25 and ln.size < body * 1.25)
            )
            title_run = prev.size >= body * 1.25 and abs(ln.size - prev.size) <= 0.6
            if new and not title_run:
                flush()
        cur.append(ln)
    flush()
    return leading_fields(out)
