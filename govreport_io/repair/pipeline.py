"""The one repair pass between every reader and the recogniser.

Readers turn their format into blocks and stop there; what every format needs repaired
afterwards is done here, once, in this order (a new repair is one function and one line
in :data:`STEPS`):

- odd characters: form feeds, line and paragraph separators, control characters, lone
  surrogates and noncharacters are normalised (:mod:`.chars`), with a warning naming the
  block, so that no document is unreadable for one stray character;
- frames: a one-column table around prose (a page's text in a ruled frame) becomes its
  paragraphs, so that the headings inside it are found;
- page furniture: a paragraph that is only a page number ("— 3 —", "第 3 页") is removed,
  with a warning;
- header fields: at the head of the document, tables whose rows alternate key and value
  cells, then paragraphs that read "索引号：…" with a known key, become fields;
- table numbering: a table its reader did not number gets the number of its place among
  the document's tables (a reader numbers tables itself only where its format counts
  them differently, as Word counts the header-field table).

What stays with the readers, because it needs the format: line unwrapping (the text
reader knows the measure, the PDF reader the geometry) and marking paragraphs whose
spaces are artefacts of extraction (``Paragraph.literal_spaces``), which the recogniser
removes only from prose: a table read from running text needs the spaces between cells.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Final, Protocol, TypeGuard, cast

from ..blocks import Block, Field, Heading, Paragraph, SourcePos, Table
from ..diagnostics import WarningCode
from ..errors import excerpt
from .chars import Checked, Normalised, has_odd, normalise, normalise_line
from .cjk import is_page_furniture, unwrap
from .fields import fields_at_head, fields_from_rows, leading_fields
from .make import numbered, position, table


class Warns(Protocol):
    """Where the pass records what it removed (a reader's ReadContext)."""

    def warn(self, code: WarningCode, message: str, pos: SourcePos | None = None) -> None:
        """Record a warning about the source."""


Step = Callable[[list[Block], Warns], list[Block]]


def normalise_characters(blocks: list[Block], ctx: Warns) -> list[Block]:
    """Odd characters of every block's text normalised, with one warning per block that had any.

    In paragraphs and table cells a separator becomes a line break (which the recogniser reads
    as one); in headings and fields, which are one line, a space.
    """
    # the common case: one scan of the whole text instead of one per cell; joined without a
    # separator, so that text with no odd character is printable (a "\n" is not), and no odd
    # character (nor the pair CR LF) is made or hidden by a join
    if not has_odd("".join(_texts(blocks))):
        return list(blocks)
    out: list[Block] = []
    for b in blocks:  # (only text with odd characters: rare, isinstance will do)
        if isinstance(b, Table):
            rows, notes = [], []
            for row in b.rows:
                cells = []
                for cell in row:
                    fixed = normalise(cell.text)
                    if fixed:
                        notes.append(fixed)
                        cell = dataclasses.replace(cell, text=fixed.text)
                    cells.append(cell)
                rows.append(tuple(cells))
            if notes:
                _warn_characters(ctx, "a table cell", notes[0].text, notes, b.pos)
                b = dataclasses.replace(b, rows=tuple(rows))
        elif isinstance(b, Field):
            key, value = normalise_line(b.key), normalise_line(b.value)
            if key or value:
                found = [n for n in (key, value) if n]
                _warn_characters(ctx, "a header field", found[0].text, found, b.pos)
                b = Field(key.text if key else b.key, value.text if value else b.value, b.pos)
        else:
            fixed = normalise_line(b.text)
            if fixed:
                text = fixed.text
                _warn_characters(ctx, "a heading" if isinstance(b, Heading) else "a paragraph", text, [fixed], b.pos)
                b = dataclasses.replace(b, text=text)
        out.append(b)
    return out


def _texts(blocks: list[Block]) -> list[str]:
    """Every text :func:`normalise_characters` looks at."""
    out: list[str] = []
    for b in blocks:
        t = type(b)
        if t is _PARAGRAPH or t is _HEADING:  # most blocks, told apart without isinstance (below)
            out.append(cast(Paragraph, b).text)
        elif isinstance(b, Table):
            for row in b.rows:
                out.extend([cell.text for cell in row])  # a list, not a generator resumed per cell
        elif isinstance(b, Field):
            out += (b.key, b.value)
        else:
            out.append(b.text)
    return out


# the classes as C statics (Final), not looked up in the module's dictionary at every test
_PARAGRAPH: Final = Paragraph
_HEADING: Final = Heading
_TABLE: Final = Table


def _is_table(b: Block) -> TypeGuard[Table]:
    """``isinstance(b, Table)``; a paragraph or heading (most blocks) answered by its exact type.

    isinstance answers a block of another class by looking its ``__class__`` up as an attribute
    (for proxies), which costs more than the rest of a step's work on the block; a block whose
    type is exactly Paragraph or Heading (neither a Table nor defining ``__class__``) is none."""
    t = type(b)
    return t is _TABLE or (t is not _PARAGRAPH and t is not _HEADING and isinstance(b, Table))


def _is_paragraph(b: Block) -> TypeGuard[Paragraph]:
    """``isinstance(b, Paragraph)``, answered for a table by its exact type (see :func:`_is_table`)."""
    t = type(b)
    return t is _PARAGRAPH or (t is not _TABLE and isinstance(b, Paragraph))


def _warn_characters(ctx: Warns, what: str, text: str, found: Sequence[Normalised], pos: SourcePos) -> None:
    changes: dict[str, list[str]] = {}
    for n in found:
        for fate, points in n.changes.items():
            changes.setdefault(fate, []).extend(p for p in points if p not in changes.get(fate, []))
    ctx.warn(WarningCode.CHARACTERS, f"characters normalised in {what} ({Normalised(text, changes).describe()}): "
             f"{excerpt(text.strip())}", pos)


def drop_page_furniture(blocks: list[Block], ctx: Warns) -> list[Block]:
    """Remove paragraphs that are only a page number."""
    out: list[Block] = []
    for b in blocks:
        if _is_paragraph(b) and is_page_furniture(b.text):
            ctx.warn(WarningCode.FURNITURE, f"page footer {b.text.strip()!r} removed", b.pos)
            continue
        out.append(b)
    return out


def header_field_tables(blocks: list[Block], ctx: Warns) -> list[Block]:
    """Tables before any content whose every row alternates key and value cells, as fields."""
    return fields_at_head(blocks, _field_table)


def _field_table(b: Block) -> list[Field] | None:
    if not _is_table(b):
        return None
    return fields_from_rows([[c.text for c in r] for r in b.rows], [b.pos] * len(b.rows))


def header_fields(blocks: list[Block], ctx: Warns) -> list[Block]:
    """Leading "索引号：…" paragraphs as fields."""
    return leading_fields(blocks)


def number_tables(blocks: list[Block], ctx: Warns) -> list[Block]:
    """Number the tables the reader left unnumbered, by their place among all tables."""
    out: list[Block] = []
    count = 0
    for b in blocks:
        if _is_table(b):
            count += 1
            if b.pos.table is None:
                # made directly: dataclasses.replace costs three times as much, twice per table
                # (tests/test_speed_text.py checks that these are all the fields)
                p = b.pos
                page, row, cell = p.page, p.row, p.cell
                b = table(b.rows, numbered(p.line, count) if page is None and row is None and cell is None
                          else position(page, p.line, count, row, cell))
        out.append(b)
    return out


def _frame_text(table: Table) -> list[str] | None:
    """The paragraphs of a table that is only a frame around prose: every row holds one
    non-empty cell, and there is prose in it (a long line, or several rows). None otherwise."""
    texts: list[str] = []
    for row in table.rows:
        filled = [c.text.strip() for c in row if c.text.strip()]
        if len(filled) > 1:
            return None
        texts.extend(filled)
    if not texts or (len(texts) < 2 and max(len(t) for t in texts) < 30):
        return None
    return texts


def unframe_prose(blocks: list[Block], ctx: Warns) -> list[Block]:
    """A one-column table around prose (WPS and Word put a page's text in a ruled frame) is
    read as its paragraphs, so that the section headings inside it are found; the form's
    tables always have several columns."""
    out: list[Block] = []
    for b in blocks:
        texts = _frame_text(b) if _is_table(b) else None
        if texts is None:
            out.append(b)
            continue
        ctx.warn(WarningCode.FURNITURE, f"a one-column frame around {len(texts)} paragraph(s) read as prose",
                 b.pos)
        # a cell's wrapped lines join as wrapped lines do (no space between Chinese characters)
        out.extend(Paragraph(unwrap([ln.strip() for ln in t.split("\n") if ln.strip()]), b.pos) for t in texts)
    return out


STEPS: tuple[Step, ...] = (
    normalise_characters,
    unframe_prose,
    drop_page_furniture,
    header_field_tables,
    header_fields,
    number_tables,
)


def repair(blocks: Sequence[Block], ctx: Warns, steps: Sequence[Step] = STEPS) -> list[Block]:
    """``blocks`` with every repair step applied in order."""
    # blocks their reader checked at the source (see Checked) hold no odd character: normalising
    # them would change nothing and warn of nothing
    checked = type(blocks) is _CHECKED
    out = list(blocks)
    for step in steps:
        if not (checked and step is normalise_characters):
            out = step(out, ctx)
    return out


_CHECKED: Final = Checked


def odd_free(text: str) -> bool:
    """``not has_odd(text)``: no character of ``text`` is one normalising changes. One compiled pass
    over the code points (``ord(text[i])`` makes no string), the most frequent first; the test of
    ``str.isprintable`` has_odd opens with fails on every line break and tab, and its regex is
    several times slower (tests/test_speed_text6.py checks every code point)."""
    for i in range(len(text)):
        c = ord(text[i])
        if 0x3000 <= c < 0xD800 or 32 <= c < 0x7F or c == 10:  # CJK, ASCII printable, line breaks
            continue
        if c < 0xA0:
            if c != 9:  # C0 and C1 controls and separators, but for the tab
                return False
        elif c == 0x2028 or c == 0x2029 or 0xD800 <= c <= 0xDFFF or 0xFDD0 <= c <= 0xFDEF or c & 0xFFFE == 0xFFFE:
            return False
    return True
