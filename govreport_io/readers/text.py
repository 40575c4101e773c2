"""Plain text: every shape in which reports are captured, and a plain-text writer.

Shapes read without being told which: text taken out of a PDF (wrapped lines, blank
lines between lines, page footers, spaces between characters, cells one per line),
pipe-delimited portal exports, tab-separated tables, and one table cell per line with
tab indentation. The reader only finds lines, tables and fields; the recogniser places
them in the form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Final, cast

from ..blocks import NOWHERE, Block, Cell, Paragraph, SourcePos, Table
from ..diagnostics import WarningCode
from ..form.arith import crawler_vocabulary, guess_form
from ..repair.chars import Checked
from ..repair.cjk import display_width, is_page_furniture, starts_block, unwrap, wrap_width
from ..repair.crawler import crawler_lines, is_crawler_text
from ..repair.fields import field_from_line, fields_from_row, fields_from_rows
from ..repair.make import SHORT, at_line, cell, field, heading, paragraph, remember
from ..repair.pipeline import odd_free
from ._context import ReadContext, decode_text


def sniff(data: bytes) -> int:
    """Any text at all, weakly: text is the format of last resort."""
    return 10 if b"\x00" not in data[:4096] or data[:2] in (b"\xff\xfe", b"\xfe\xff") else 0


@dataclass(slots=True)
class _Line:
    """A numbered line, as tests hand lines to :class:`_Parser` (the reader itself keeps the lines
    as strings: making an object per line cost a fifth of a read)."""

    no: int
    raw: str


def read(data: bytes, ctx: ReadContext) -> list[Block]:
    """Blocks of a plain-text capture."""
    text = decode_text(data, ctx)
    if "\r" in text:  # (as parse_text does: then the text checked is the one its blocks come from)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = parse_text(text, ctx)
    # Every text of the blocks is taken from the text, joined by spaces and line breaks at most:
    # when it holds no odd character, none does, and the repair pass need not look at each (one
    # pass over the text costs less than the pass over every block's text it saves)
    return Checked(blocks) if odd_free(text) else blocks


def _kind(raw: str) -> str:
    if "|" not in raw and "\t" not in raw:  # most lines: neither a table row nor a cell
        return _prose_or_blank(raw)
    s = raw.strip(" \u3000\xa0")
    if not s or s.isspace():  # (s.strip() empty, without making it)
        # a lone tab is an empty cell of a one-cell-per-line table
        return "cell" if raw.startswith("\t") and not raw.strip("\t") else "blank"
    if s.count("|") >= 2 or (s.startswith("|") and s.endswith("|") and len(s) > 1):
        return "pipe"
    k = 0
    while ord(s[k]) == 9:  # past the leading tabs (s is not blank: it holds another character)
        k += 1
    if s.find("\t", k) >= 0:  # a tab after them: "\t" in s.lstrip("\t"), without making it
        return "tab"
    if raw.startswith("\t"):
        return "cell"
    return "prose"


def _prose_or_blank(raw: str) -> str:
    # raw.strip() is empty exactly when raw is empty or all white space (str.isspace, which
    # compiled is a C call making no string)
    return "prose" if raw and not raw.isspace() else "blank"


def _pipe_cells(raw: str, left: bool = True, right: bool = True) -> list[str]:
    """Cells of a pipe row; ``left``/``right`` say whether a pipe at that end is a border
    (GFM style, on every row) or stands after an empty cell."""
    s = raw.strip()
    parts = s.split("|")
    if left and s.startswith("|"):
        parts = parts[1:]
    if right and s.endswith("|") and parts:
        parts = parts[:-1]
    return [p.strip() for p in parts]


def _pipe_fields(raw: str) -> bool:
    """True when a pipe line is a row of key and value cells ("文件编号: | 无 | 发布机构: |
    区府办 |"), not one field whose value holds pipes ("索引号：a|b|")."""
    cells = _pipe_cells(raw)
    fields = fields_from_row(cells)
    if not fields:
        return False
    # one field: a pipe row only when a spaced separator follows the key ("索引号: | …")
    return len(fields) > 1 or bool(_SPACED_SEPARATOR_RE.search(raw))


_SPACED_SEPARATOR_RE = re.compile(r"[:：]\s+\|")


_DELIMITER_CHARS = frozenset("-: ")


def _is_delimiter_row(cells: list[str]) -> bool:
    # most rows fail at their first cell, without the generator
    return bool(cells) and "-" in cells[0] and all("-" in c and set(c) <= _DELIMITER_CHARS for c in cells)


def parse_text(text: str, ctx: ReadContext, shift: int = 0) -> list[Block]:
    """Blocks of text in any captured shape; ``shift`` is added to every line number, of the
    blocks and of the warnings (the text is a run of lines of a larger file)."""
    if "\r" in text:  # one scan in place of two replacing nothing (most texts)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.lstrip("\ufeff")
    if is_crawler_text(text):
        first = len(ctx.warnings)
        blocks = crawler_blocks(text, ctx)
        return _shifted_blocks(blocks, ctx, first, shift) if shift else blocks
    return _Parser(text.split("\n"), ctx, text, shift).run()


def _shifted(pos: SourcePos, shift: int) -> SourcePos:
    return pos if pos.line is None else replace(pos, line=pos.line + shift)


def _shifted_blocks(blocks: list[Block], ctx: ReadContext, first: int, shift: int) -> list[Block]:
    """``blocks`` and the warnings from ``first`` on with their line numbers shifted."""
    ctx.warnings[first:] = [replace(w, pos=_shifted(w.pos, shift)) for w in ctx.warnings[first:]]
    return [replace(b, pos=_shifted(b.pos, shift)) for b in blocks]


_SEPARATOR_RE = re.compile(r"^\s*={4,}")


def _at(line: int | None) -> SourcePos:
    """``SourcePos(line=line)``, one object for every read (frozen: shared safely)."""
    return NOWHERE if line is None else at_line(line)


def _head_lines(text: str, n: int) -> list[str]:
    """``text.split("\\n")[:n]``, splitting only the text up to its ``n``-th "\\n" (``n`` > 0)."""
    end = -1
    for _ in range(n):
        end = text.find("\n", end + 1)
        if end < 0:
            return text.split("\n")[:n]
    return text[:end].split("\n")


def crawler_blocks(text: str, ctx: ReadContext) -> list[Block]:
    """Blocks of a crawler capture (crawler fields, a ==== line, the report on one line).

    The one line is broken at the form's headings and row labels by
    :func:`govreport_io.repair.crawler.crawler_lines`; each piece becomes a block of its
    own, so that the recogniser reads it like text taken out of a PDF. Page chrome is
    removed, never silently: each piece is a furniture warning. Glued digit runs stay as
    they are; the recogniser splits them by the form's arithmetic.
    """
    blocks: list[Block] = []
    head = _head_lines(text, 30)
    header_line = {ln.split(":", 1)[0].split("：", 1)[0].strip(): n + 1 for n, ln in enumerate(head)}
    # every piece of the body sits on the line after the ==== separator (the report's one line)
    body = _at(next((n + 2 for n, ln in enumerate(head) if _SEPARATOR_RE.match(ln)), None))
    for kind, piece in crawler_lines(text, crawler_vocabulary(guess_form(text))):
        if kind == "field":
            key, _, value = piece.partition(":")
            key = key.strip()
            blocks.append(field(key, value.strip(), _at(header_line.get(key))))
        elif kind == "chrome":
            ctx.warn(WarningCode.FURNITURE, f"page chrome {piece!r} removed", NOWHERE)
        elif kind in ("title", "heading"):
            blocks.append(heading(piece, 1 if kind == "title" else 2, body))
        else:
            # rows and header words keep their spaces (cell boundaries); prose loses stray ones
            blocks.append(paragraph(piece, body, kind != "text"))
    return blocks


_INDENT: Final = " \t\u3000\xa0"
"""The white space a paragraph's line is stripped of. ``str.strip()`` strips every kind: the
line stripped of these, stripped again, is ``raw.strip()`` (a strip of a few kinds leaves the
strip of all inside it), and the second strip of a line that ends in none of the other kinds
(most) makes no string."""


class _Widths:
    """The display width of each prose line stripped (-1: not measured), the length of the
    line stripped and the line stripped of :data:`_INDENT` only, by line index, as measuring
    the prose found them."""

    def __init__(self, n: int) -> None:
        self.width = [-1] * n
        self.length = [0] * n
        self.content = [""] * n  # (kept for the paragraphs, which strip so: one strip a line, not two)

    def of(self, i: int, content: str) -> int:
        """The display width of ``content``, line ``i`` stripped: as measured already, unless
        stripped otherwise. The measure strips every kind of white space, the paragraphs a few
        kinds: a strip of a few leaves the strip of all inside it, so equal lengths mean equal
        texts."""
        width = self.width[i]
        return width if width >= 0 and self.length[i] == len(content) else display_width(content)


def _measure(raws: list[str], kinds: list[str], widths: _Widths | None, text: str | None = None) -> int | None:
    """The width the prose was wrapped at, or None when it was written a paragraph per line;
    ``widths`` gets the width of each prose line measured. ``text``: the lines joined, when known."""
    # (one full-width space looked for first: a scan for one character is several times faster)
    if (text is None or ("\u3000" in text and "\u3000\u3000" in text)) \
            and any(raw.startswith("\u3000\u3000") for raw in raws):
        # Paragraphs marked by a full-width first-line indent: written a paragraph per line,
        # never wrapped (text extracted from a PDF loses such indents).
        return None
    measured: list[int] = []  # the width of each prose line stripped, in order
    for i in range(len(kinds)):  # one pass, no lists of indices and stripped lines between
        if kinds[i] == "prose":
            unindented = raws[i].strip(_INDENT)
            content = unindented.strip()
            width = display_width(content)
            measured.append(width)
            if widths is not None:
                widths.width[i] = width
                widths.length[i] = len(content)
                widths.content[i] = unindented
    return wrap_width(measured)


def _row_kinds(kinds: list[str], raws: list[str]) -> list[str]:
    """A tab row whose cells are blank but for the last ("\t\t…\t0") has no tab after its
    first character and looks like a cell of a one-cell-per-line table; right after a tab row,
    with two tabs or more before it, it is a row of that table (one cell per line indents by
    one tab only)."""
    for i in range(1, len(kinds)):
        if kinds[i] == "cell" and kinds[i - 1] == "tab" and raws[i].startswith("\t\t"):
            kinds[i] = "tab"
    return kinds


class _Parser:
    """One pass over the lines: fields at the head, runs of table lines as tables, the rest prose."""

    def __init__(self, lines: list[str] | list[_Line], ctx: ReadContext, text: str | None = None,
                 shift: int = 0) -> None:
        """``lines``: the text's lines (as _Line, numbered from 1 as the reader numbers them);
        ``text``: the lines joined by line breaks, when the caller has it (questions about every
        line are then asked of it at once). Line ``i`` (0-based) is line ``i + 1 + shift``."""
        if lines and isinstance(lines[0], _Line):
            lines = [ln.raw for ln in lines]
        raws = self.raws = cast(list[str], lines)
        self.ctx, self.shift = ctx, shift
        if text is not None and "|" not in text and "\t" not in text:
            # no line is a table row or a cell (_kind's first test, asked of the whole text at
            # once); nor is there a "cell" or "tab" line for _row_kinds to change
            self.kinds = [_prose_or_blank(raw) for raw in raws]
        else:
            self.kinds = _row_kinds([_kind(raw) for raw in raws], raws)
        self.widths = _Widths(len(raws))
        self.measure = _measure(raws, self.kinds, self.widths, text)
        self.out: list[Block] = []
        self.prose: list[int] = []  # indices of the lines of the prose not yet made paragraphs
        self.seen_prose = False
        self.seen_table = False  # kept as a flag: scanning ``out`` for every head line is quadratic

    def run(self) -> list[Block]:
        i, n, kinds = 0, len(self.raws), self.kinds
        while i < n:
            # a blank line is skipped by _step too; skipped here without the call
            i = i + 1 if kinds[i] == "blank" else self._step(i)
        self._flush()
        return self.out

    def _flush(self) -> None:
        if self.prose:
            self.out.extend(_paragraphs(self.raws, self.prose, self.measure, self.widths, self.shift))
            self.seen_prose = True
            self.prose.clear()

    def _step(self, i: int) -> int:
        """Read what starts at line ``i``; the index of the next line to read."""
        k, raw, no = self.kinds[i], self.raws[i], i + 1 + self.shift
        if k == "blank":
            return i + 1
        if k == "prose" and is_page_furniture(raw):
            self.ctx.warn(WarningCode.FURNITURE, f"page footer {raw.strip()!r} removed", at_line(no))
            return i + 1
        head = not self.seen_prose and not self.prose
        if head and (k != "pipe" or not _pipe_fields(raw)) and not self.seen_table:
            fld = field_from_line(raw, at_line(no))
            if fld is not None:
                self.out.append(fld)
                return i + 1
        if k in ("pipe", "tab", "cell"):
            j, rows = _cell_per_line(self.raws, self.kinds, i) if k == "cell" else self._delimited(i, k)
            fields = fields_from_rows(rows, [at_line(no + n) for n in range(len(rows))]) \
                if k == "pipe" and head else None
            if fields is not None:
                self.out.extend(fields)
                return j
            # two rows at least (or two cells one per line): a lone line with a tab or pipes in it is prose
            if len(rows) >= 2 or (k == "cell" and sum(len(r) for r in rows) >= 2):
                self._flush()
                self.out.append(Table(_rows(rows), at_line(no)))
                self.seen_table = True
                return j
        self.prose.append(i)
        return i + 1

    def _delimited(self, i: int, k: str) -> tuple[int, list[list[str]]]:
        """The run of pipe or tab lines starting at ``i``: the index after it and its rows."""
        j = i
        while j < len(self.raws) and self.kinds[j] == k:
            j += 1
        left = right = True
        if k == "pipe":  # (a tab row has no borders to count)
            group = [raw.strip() for raw in self.raws[i:j]]
            # A pipe at the start (or end) of most rows is a border; on a few rows only it stands
            # beside an empty cell. By majority, so that a line of prose with pipes in it next to
            # the table cannot turn every row's border into an extra cell.
            left = 2 * sum(g.startswith("|") for g in group) > len(group)
            right = 2 * sum(g.endswith("|") for g in group) > len(group)
        rows: list[list[str]] = []
        for raw in self.raws[i:j]:
            cells = _pipe_cells(raw, left, right) if k == "pipe" else raw.strip(" \u3000").split("\t")
            if not _is_delimiter_row(cells):
                rows.append(cells)
        return j, rows


def _cell_per_line(raws: list[str], kinds: list[str], i: int) -> tuple[int, list[list[str]]]:
    """Rows of a table written one cell per tab-indented line, rows parted by blank lines.

    A line without the tab continues the cell above it (wrapped or stacked header text).
    """
    rows: list[list[str]] = [[]]
    blanks = 0
    j = i
    while j < len(raws):
        k = kinds[j]
        raw = raws[j]
        if k == "blank":
            blanks += 1
            j += 1
            continue
        if k == "cell":
            if blanks and rows[-1]:
                rows.append([])
            rows[-1].append(raw.strip("\t \u3000"))
            blanks = 0
            j += 1
            continue
        content = raw.strip()
        # Wrapped or stacked header text continues its cell: a short line, at most one blank
        # line below it, not indented as a paragraph and not opening a numbered block.
        if k == "prose" and rows[-1] and blanks <= 1 and not raw.startswith("\u3000") \
                and not raw.startswith("  ") \
                and not starts_block(content) and len(content) <= 10 and not is_page_furniture(raw):
            rows[-1][-1] = (rows[-1][-1] + "\n" + content).strip("\n")
            j += 1
            continue
        break
    # trailing blank lines belong to what follows
    while j > i and kinds[j - 1] == "blank":
        j -= 1
    return j, [r for r in rows if r]


def _rows(rows: list[list[str]]) -> tuple[tuple[Cell, ...], ...]:
    """Cells of ``rows``: immutable, so a short one (cells repeat: "0", "") is made once for every
    read."""
    return tuple([tuple([cell(c) for c in r]) for r in rows])


_STRIPPED: Final[dict[str, Cell]] = {}


def stripped_cell(raw: str) -> Cell:
    """``cell(raw.strip())``: a short raw cell (cells repeat: "0", "\t1 ") looked up as it is,
    without stripping it first; kept as :func:`~govreport_io.repair.make.cell` keeps cells."""
    if len(raw) > SHORT:
        return cell(raw.strip())
    made = _STRIPPED.get(raw)
    if made is None:
        made = remember(_STRIPPED, raw, cell(raw.strip()), 4096)
    return made


def _paragraphs(raws: list[str], prose: list[int], measure: int | None, widths: _Widths | None = None,
                shift: int = 0) -> list[Paragraph]:
    """Paragraphs of the lines ``prose`` (indices into ``raws``, line ``i`` numbered ``i + 1 +
    shift``): a line each, or the lines of a text wrapped at ``measure`` unwrapped."""
    if measure is None:
        return [paragraph(content, at_line(i + 1 + shift)) for i in prose
                if (content := raws[i].strip(_INDENT))]
    out: list[Paragraph] = []
    cur: list[int] = []
    for i in prose:
        raw = raws[i]
        # (as measured: a prose line was, unless the measure stopped at an indent)
        content = widths.content[i] if widths is not None and widths.width[i] >= 0 else raw.strip(_INDENT)
        if not content:
            continue
        # (two tests: a tuple of prefixes is made anew at every call, compiled)
        indent = raw.startswith("\u3000\u3000") or raw.startswith("    ")
        opens = starts_block(content)  # asked once: both tests below may need it
        if cur and (indent or opens):
            out.append(_para(raws, cur, shift))
            cur = []
        # The first line of a paragraph lost its two-character indent in extraction.
        slack = 6 if cur else 10
        cur.append(i)
        heading = len(cur) == 1 and opens and not _punctuated(content)
        if heading or (widths.of(i, content) if widths is not None else display_width(content)) < measure - slack:
            # a paragraph of this one line (most): its text is the line stripped, as unwrap makes it
            out.append(_para(raws, cur, shift) if len(cur) > 1 else
                       paragraph(content.strip(), at_line(i + 1 + shift), False))
            cur = []
    if cur:
        out.append(_para(raws, cur, shift))
    return out


def _punctuated(content: str) -> bool:
    """``any(p in content for p in "，。；：,;:")``: one pass over the code points, not seven scans."""
    for i in range(len(content)):
        c = ord(content[i])
        if c == 0xFF0C or c == 0x3002 or c == 0xFF1B or c == 0xFF1A or c == 44 or c == 59 or c == 58:
            return True
    return False


def _para(raws: list[str], lines: list[int], shift: int) -> Paragraph:
    return paragraph(unwrap([raws[i] for i in lines]), at_line(lines[0] + 1 + shift), False)
