"""Generic document blocks: what every reader produces and the recogniser consumes.

Readers know one format and nothing about the report form; they turn their input
into a flat list of these blocks, each carrying where it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class SourcePos:
    """Where a block came from: any of page, line, table, row, cell (1-based)."""

    page: int | None = None
    line: int | None = None
    table: int | None = None
    row: int | None = None
    cell: int | None = None

    def describe(self) -> str:
        """Human-readable place, e.g. ``page 3, table 2, row 5``."""
        parts = []
        for name in ("page", "line", "table", "row", "cell"):
            value = getattr(self, name)
            if value is not None:
                parts.append(f"{name} {value}")
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading given by the format's markup (Markdown ``#``, HTML ``<h2>``, Word styles)."""

    text: str
    level: int = 2
    pos: SourcePos = field(default_factory=SourcePos)


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A run of text that the format presents as one paragraph (or one line of a capture).

    ``literal_spaces`` is False when spaces in the text are artefacts of extraction
    (justified PDF text), so that the shared CJK repair may remove them.
    """

    text: str
    pos: SourcePos = field(default_factory=SourcePos)
    literal_spaces: bool = True


@dataclass(frozen=True, slots=True)
class Cell:
    """One table cell; ``text`` may hold line breaks from wrapped or stacked text."""

    text: str
    colspan: int = 1
    rowspan: int = 1


@dataclass(frozen=True, slots=True)
class Table:
    """A table as rows of cells, spans as the format gave them."""

    rows: tuple[tuple[Cell, ...], ...]
    pos: SourcePos = field(default_factory=SourcePos)


@dataclass(frozen=True, slots=True)
class Field:
    """A key–value header field printed by a portal (索引号, 成文日期 …)."""

    key: str
    value: str
    pos: SourcePos = field(default_factory=SourcePos)


Block = Heading | Paragraph | Table | Field

NOWHERE = SourcePos()
"""The position of a block whose place is unknown (SourcePos is immutable, so one serves all)."""
