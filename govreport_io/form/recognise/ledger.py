"""The ledger: the one object the recogniser's stages share.

Stages never talk to each other except through it. It holds the body of the document
as units, what each table used of them, and everything found so far; and it is the
only place a stage records warnings, unplaced content, provenance, per-cell notes and
uncertain cells, so that a new stage records them the same way as every other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from ...blocks import Block as DocBlock
from ...blocks import Field, Heading, Paragraph, SourcePos, Table
from ...diagnostics import ReaderWarning, WarningCode
from ...model import Block, Section, Unplaced, Value
from ...repair.cjk import compact
from .. import template as T
from .text import block_text

USED: Final = 1
"""A token a table read as a label or value (see :attr:`Ledger.marks`)."""
HEADER: Final = 2
"""A token a table read as a header word or blank slot (see :attr:`Ledger.marks`)."""

PREAMBLE: Final = 9
"""The place key of the preamble: warnings and unplaced content are ordered by place
(0 the whole document, 1–6 a section, 7–8 what is missing, 9 the preamble)."""

# The generic block classes as C statics (Final): compiled, a class imported from a pure-Python
# module is otherwise looked up in the module's dictionary at every isinstance.
_FIELD: Final = Field
_HEADING: Final = Heading
_PARAGRAPH: Final = Paragraph
_TABLE: Final = Table


class Unit:
    """One block of the document body and its index in the body (never changed once made).

    A plain class rather than a dataclass: compiled (mypyc), a dataclass is built through the
    interpreted ``__init__`` that the dataclasses module writes, seven times the cost of a plain
    one, and the recogniser makes one per block and one :class:`Tok` per cell. Equal and hashed
    by value, as the dataclass (``unsafe_hash``) was."""

    __slots__ = ("block", "index")

    def __init__(self, block: DocBlock, index: int) -> None:
        self.block = block
        self.index = index

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Unit):
            return NotImplemented
        return self.index == other.index and self.block == other.block

    def __hash__(self) -> int:
        return hash((self.block, self.index))

    def __repr__(self) -> str:
        return f"Unit(block={self.block!r}, index={self.index!r})"


class Tok:
    """One token of a table's stream: a cell or a word of running text (a plain class for speed,
    see :class:`Unit`; equal by value as the dataclass was).

    ``kind`` is "text", "num", "empty" or "eor" (end of a real table row); ``idx`` is the
    token's number within its unit (-1 for an end of row) and ``row`` the real table row
    it came from (0 in running text).
    """

    __slots__ = ("idx", "kind", "row", "text", "unit")

    def __init__(self, kind: str, text: str, unit: int, idx: int, row: int = 0) -> None:
        self.kind = kind
        self.text = text
        self.unit = unit
        self.idx = idx
        self.row = row

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Tok):
            return NotImplemented
        return (self.kind, self.text, self.unit, self.idx, self.row) == (
            other.kind, other.text, other.unit, other.idx, other.row)

    __hash__ = None  # type: ignore[assignment]  # mutable and equal by value, as the dataclass

    def __repr__(self) -> str:
        return (f"Tok(kind={self.kind!r}, text={self.text!r}, unit={self.unit!r}, idx={self.idx!r}, "
                f"row={self.row!r})")


@dataclass
class Ledger:
    """What the stages have found and used so far (see the module docstring)."""

    source: str | None
    units: list[Unit]
    fields: list[tuple[str, str]]
    texts: list[str] = field(default_factory=list)
    """Each unit's :func:`~.text.block_text`, by unit index: made once per read, since several
    stages ask for the text of every unit."""
    # structure: section number → (title, units); the units before the first section
    heads: list[tuple[int, int, str]] = field(default_factory=list)
    spans: dict[int, tuple[str, list[Unit]]] = field(default_factory=dict)
    lead: list[Unit] = field(default_factory=list)
    title: str | None = None
    form: T.Form = "2021"
    # tokens per table section, and what the tables used of each unit
    tokens: dict[int, list[Tok]] = field(default_factory=dict)
    ntokens: dict[int, int] = field(default_factory=dict)
    marks: list[list[int] | None] = field(default_factory=list)
    """Per unit (by index), None or one flag per token: :data:`USED` (a table read it as a label or
    value), :data:`HEADER` (as a header word or blank slot), both, or 0. Lists of small ints rather
    than two dicts of sets: a table marks every cell, and compiled, a list item is read and set in
    C where a set needs the index boxed and hashed (see :meth:`mark`)."""
    # the tables' values, and the units each table left for prose
    active: dict[str, dict[str, Value]] = field(default_factory=dict)
    requests: dict[str, tuple[int | None, ...]] = field(default_factory=dict)
    reviews: dict[str, dict[str, int | None]] = field(default_factory=dict)
    table_found: dict[int, bool] = field(default_factory=lambda: {2: False, 3: False, 4: False})
    rest: dict[int, list[Unit]] = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)
    preamble: tuple[Block, ...] = ()
    organ: str | None = None
    year: int | None = None
    # what is reported beside the Report
    provenance: dict[str, SourcePos] = field(default_factory=dict)
    notes: dict[str, list[str]] = field(default_factory=dict)
    uncertain: dict[str, str] = field(default_factory=dict)
    _warnings: list[tuple[int, ReaderWarning]] = field(default_factory=list)
    _unplaced: list[tuple[int, Unplaced]] = field(default_factory=list)

    @classmethod
    def of(cls, blocks: list[DocBlock], source: str | None) -> Ledger:
        """A ledger over ``blocks``: header fields apart, every other block a unit of the body."""
        fields: list[tuple[str, str]] = []
        units: list[Unit] = []
        for b in blocks:
            # the body's common kinds told by their exact type first: compiled, an isinstance that
            # fails on a pure-Python class also looks up the block's __class__ (none of them is a Field)
            t = type(b)
            if t is not _PARAGRAPH and t is not _TABLE and t is not _HEADING and isinstance(b, _FIELD):
                key = compact(b.key).rstrip(":：")
                if key:
                    fields.append((key, b.value.strip()))
            else:
                units.append(Unit(b, len(units)))
        return cls(source, units, fields)

    def __post_init__(self) -> None:
        if len(self.texts) != len(self.units):
            self.texts = [block_text(u.block) for u in self.units]
        if len(self.marks) != len(self.units):
            self.marks = [None] * len(self.units)

    # ------------------------------------------------------------ recording
    def warn(self, code: WarningCode, message: str, pos: SourcePos | None = None, *, at: int = 0) -> None:
        """Record a warning about the place ``at`` (see :data:`PREAMBLE`)."""
        self._warnings.append((at, ReaderWarning(code, message, pos or SourcePos(), self.source)))

    def retract(self, message: str) -> None:
        """Withdraw the warnings that say ``message``: what they said turned out wrong (a row
        reported missing was found later, out of order)."""
        self._warnings[:] = [p for p in self._warnings if p[1].message != message]

    def keep(self, item: Unplaced, *, at: int) -> None:
        """Keep content that cannot be placed in the form."""
        self._unplaced.append((at, item))

    def note(self, cell: str, text: str) -> None:
        """A provenance note about one cell ("active.regulations.issued"), e.g. how it was split."""
        # (not setdefault: compiled, ``setdefault(key, [])`` raises and clears a KeyError for every new key)
        own = self.notes.get(cell)
        if own is None:
            self.notes[cell] = [text]
        else:
            own.append(text)

    def doubt(self, cell: str, reason: str) -> None:
        """Mark a cell as uncertain: its value is the best reading, not a certain one."""
        self.uncertain[cell] = reason

    @property
    def warnings(self) -> list[ReaderWarning]:
        """Every warning, in the order of the places they concern."""
        return [w for _, w in sorted(self._warnings, key=lambda p: p[0])]

    @property
    def unplaced(self) -> tuple[Unplaced, ...]:
        """Everything kept unplaced, in the order of the places it came from."""
        return tuple(u for _, u in sorted(self._unplaced, key=lambda p: p[0]))

    # ------------------------------------------------------------ what the tables used
    def mark(self, tok: Tok, header: bool = False) -> None:
        """Record that a table used ``tok``: as a label or value, or (header) as header or blank slot."""
        idx = tok.idx
        if idx < 0:
            return
        flags = self.marks[tok.unit]
        if flags is None or idx >= len(flags):
            flags = self.flags_of(tok.unit, idx + 1)
        flags[idx] = flags[idx] | (HEADER if header else USED)  # (not |=: compiled, that is a generic call)

    def flags_of(self, unit_index: int, size: int = 0) -> list[int]:
        """The token flags of a unit (see :attr:`marks`), made or grown to hold ``size`` tokens."""
        flags = self.marks[unit_index]
        if flags is None:
            flags = [0] * max(size, self.ntokens.get(unit_index, 0))
            self.marks[unit_index] = flags
        elif len(flags) < size:
            flags.extend([0] * (size - len(flags)))
        return flags

    def is_used(self, unit_index: int, idx: int) -> bool:
        """Whether a table read token ``idx`` of the unit as a label or value."""
        flags = self.marks[unit_index]
        return flags is not None and 0 <= idx < len(flags) and bool(flags[idx] & USED)

    def used_of(self, unit: Unit) -> set[int]:
        """The token indexes of ``unit`` a table read as labels or values."""
        return {n for n, f in enumerate(self.marks[unit.index] or ()) if f & USED}

    def header_of(self, unit: Unit) -> set[int]:
        """The token indexes of ``unit`` a table read as header words or blank slots."""
        return {n for n, f in enumerate(self.marks[unit.index] or ()) if f & HEADER}
