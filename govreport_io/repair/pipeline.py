"""The one repair pass between every reader and the recogniser.

Readers turn their format into blocks and stop there; what every format needs repaired
afterwards is done here, once, in this order (a new repair is one function and one line
in :data:`STEPS`):

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
from typing import Protocol

from ..blocks import Block, Field, Paragraph, SourcePos, Table
from ..diagnostics import WarningCode
from .cjk import is_page_furniture
from .fields import fields_at_head, fields_from_rows, leading_fields


class Warns(Protocol):
    """Where the pass records what it removed (a reader's ReadContext)."""

    def warn(self, code: WarningCode, message: str, pos: SourcePos | None = None) -> None:
        """Record a warning about the source."""


Step = Callable[[list[Block], Warns], list[Block]]


def drop_page_furniture(blocks: list[Block], ctx: Warns) -> list[Block]:
    """Remove paragraphs that are only a page number."""
    out: list[Block] = []
    for b in blocks:
        if isinstance(b, Paragraph) and is_page_furniture(b.text):
            ctx.warn(WarningCode.FURNITURE, f"page footer {b.text.strip()!r} removed", b.pos)
            continue
        out.append(b)
    return out


def header_field_tables(blocks: list[Block], ctx: Warns) -> list[Block]:
    """Tables before any content whose every row alternates key and value cells, as fields."""
    return fields_at_head(blocks, _field_table)


def _field_table(b: Block) -> list[Field] | None:
    if not isinstance(b, Table):
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
        if isinstance(b, Table):
            count += 1
            if b.pos.table is None:
                b = dataclasses.replace(b, pos=dataclasses.replace(b.pos, table=count))
        out.append(b)
    return out


STEPS: tuple[Step, ...] = (
    drop_page_furniture,
    header_field_tables,
    header_fields,
    number_tables,
)


def repair(blocks: Sequence[Block], ctx: Warns, steps: Sequence[Step] = STEPS) -> list[Block]:
    """``blocks`` with every repair step applied in order."""
    out = list(blocks)
    for step in steps:
        out = step(out, ctx)
    return out
