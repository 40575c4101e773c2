"""Blocks made for the readers and the repair pass without the frozen dataclasses' ``__init__``.

The generic blocks (:mod:`govreport_io.blocks`) are frozen dataclasses with slots, kept pure
Python (they are pickled, and plugins build them). Their ``__init__`` sets each field through
``object.__setattr__``, which costs more than the rest of making a paragraph or a cell of a
report; a reader makes one per line or cell. Here they are made through the slots' own
descriptors instead, and the small immutable ones that repeat (a table's "0", the position of
line 12) are made once, in dictionaries emptied when full (two threads at worst make two equal
objects). Compiled (see :mod:`govreport_io._compiled`): the descriptors are C statics.

Every object made here equals, hashes, pickles and replaces as the constructor's does
(tests/test_speed_text.py and tests/test_speed_readers2.py check it, and that the field lists
are the ones set here).
"""

from __future__ import annotations

from typing import Any, Final, TypeVar

from ..blocks import Cell, Field, Heading, Paragraph, SourcePos, Table
from ..diagnostics import ReaderWarning, WarningCode

SHORT: Final = 32
"""The longest text whose cells are made once (cells repeat their few values: "0", "", "—")."""
_KEPT: Final = 4096  # entries a cache holds before it is emptied

_K = TypeVar("_K")
_V = TypeVar("_V")


def remember(memo: dict[_K, _V], key: _K, value: _V, kept: int = _KEPT) -> _V:
    """``value``, kept in ``memo`` under ``key``; a memo holding ``kept`` answers starts again empty
    (the repair pass's and the readers' twin of :func:`govreport_io.form.labels.remember`, which
    the form's layer keeps: the repair pass imports nothing of the form)."""
    if len(memo) >= kept:
        memo.clear()
    memo[key] = value
    return value


_new_object: Final = object.__new__
# the slots' own descriptors: setting through them skips the frozen check of object.__setattr__
# (Final: compiled, a C static, not a look-up in the module's dictionary at every call)
_set_text: Final[Any] = getattr(Paragraph, "text").__set__  # noqa: B009 (typed as the field)
_set_pos: Final[Any] = getattr(Paragraph, "pos").__set__  # noqa: B009 (typed as the field)
_set_literal_spaces: Final[Any] = getattr(Paragraph, "literal_spaces").__set__  # noqa: B009 (typed as the field)
_set_heading_text: Final[Any] = getattr(Heading, "text").__set__  # noqa: B009 (typed as the field)
_set_heading_level: Final[Any] = getattr(Heading, "level").__set__  # noqa: B009 (typed as the field)
_set_heading_pos: Final[Any] = getattr(Heading, "pos").__set__  # noqa: B009 (typed as the field)
_set_rows: Final[Any] = getattr(Table, "rows").__set__  # noqa: B009 (typed as the field)
_set_table_pos: Final[Any] = getattr(Table, "pos").__set__  # noqa: B009 (typed as the field)
_set_field_key: Final[Any] = getattr(Field, "key").__set__  # noqa: B009 (typed as the field)
_set_field_value: Final[Any] = getattr(Field, "value").__set__  # noqa: B009 (typed as the field)
_set_field_pos: Final[Any] = getattr(Field, "pos").__set__  # noqa: B009 (typed as the field)
_set_warning_code: Final[Any] = getattr(ReaderWarning, "code").__set__  # noqa: B009 (typed as the field)
_set_warning_message: Final[Any] = getattr(ReaderWarning, "message").__set__  # noqa: B009 (typed as the field)
_set_warning_pos: Final[Any] = getattr(ReaderWarning, "pos").__set__  # noqa: B009 (typed as the field)
_set_warning_source: Final[Any] = getattr(ReaderWarning, "source").__set__  # noqa: B009 (typed as the field)
_set_page: Final[Any] = getattr(SourcePos, "page").__set__  # noqa: B009 (typed as the field)
_set_line: Final[Any] = getattr(SourcePos, "line").__set__  # noqa: B009 (typed as the field)
_set_table: Final[Any] = getattr(SourcePos, "table").__set__  # noqa: B009 (typed as the field)
_set_row: Final[Any] = getattr(SourcePos, "row").__set__  # noqa: B009 (typed as the field)
_set_cell: Final[Any] = getattr(SourcePos, "cell").__set__  # noqa: B009 (typed as the field)


def paragraph(text: str, pos: SourcePos, literal_spaces: bool = True) -> Paragraph:
    """``Paragraph(text, pos, literal_spaces)`` at half the cost."""
    p: Any = _new_object(Paragraph)
    _set_text(p, text)
    _set_pos(p, pos)
    _set_literal_spaces(p, literal_spaces)
    return p  # type: ignore[no-any-return]


def heading(text: str, level: int, pos: SourcePos) -> Heading:
    """``Heading(text, level, pos)``, made as :func:`paragraph` makes a paragraph."""
    h: Any = _new_object(Heading)
    _set_heading_text(h, text)
    _set_heading_level(h, level)
    _set_heading_pos(h, pos)
    return h  # type: ignore[no-any-return]


def table(rows: tuple[tuple[Cell, ...], ...], pos: SourcePos) -> Table:
    """``Table(rows, pos)`` at a third of the cost."""
    t: Any = _new_object(Table)
    _set_rows(t, rows)
    _set_table_pos(t, pos)
    return t  # type: ignore[no-any-return]


def field(key: str, value: str, pos: SourcePos) -> Field:
    """``Field(key, value, pos)``, made as :func:`paragraph` makes a paragraph."""
    f: Any = _new_object(Field)
    _set_field_key(f, key)
    _set_field_value(f, value)
    _set_field_pos(f, pos)
    return f  # type: ignore[no-any-return]


def warning(code: WarningCode, message: str, pos: SourcePos, source: str | None) -> ReaderWarning:
    """``ReaderWarning(code, message, pos, source)``, made as :func:`paragraph` makes a paragraph
    (a crawler capture warns of every piece of page chrome it removes)."""
    w: Any = _new_object(ReaderWarning)
    _set_warning_code(w, code)
    _set_warning_message(w, message)
    _set_warning_pos(w, pos)
    _set_warning_source(w, source)
    return w  # type: ignore[no-any-return]


def position(page: int | None, line: int | None, table: int | None, row: int | None, cell: int | None) -> SourcePos:
    """``SourcePos(page, line, table, row, cell)`` at a third of the cost."""
    p: Any = _new_object(SourcePos)
    _set_page(p, page)
    _set_line(p, line)
    _set_table(p, table)
    _set_row(p, row)
    _set_cell(p, cell)
    return p  # type: ignore[no-any-return]


_NUMBERED: Final[dict[tuple[int | None, int], SourcePos]] = {}


def numbered(line: int | None, table: int) -> SourcePos:
    """``SourcePos(line=line, table=table)``, one object for every read (the repair pass numbers
    each table of a document; a position costs ten times the look-up)."""
    key = (line, table)
    pos = _NUMBERED.get(key)
    if pos is None:
        pos = remember(_NUMBERED, key, position(None, line, table, None, None))
    return pos


_POSITIONS: Final[dict[int, SourcePos]] = {}


def at_line(no: int) -> SourcePos:
    """``SourcePos(line=no)``, one object for every read."""
    pos = _POSITIONS.get(no)
    if pos is None:
        pos = remember(_POSITIONS, no, SourcePos(line=no))
    return pos


_CELLS: Final[dict[str, Cell]] = {}  # (Final: C statics, not looked up by name)
_SPANNED: Final[dict[tuple[str, int, int], Cell]] = {}


def cell(text: str, colspan: int = 1, rowspan: int = 1) -> Cell:
    """``Cell(text, colspan, rowspan)``; one with a short text made once for every read (a
    dictionary costs less than lru_cache's bookkeeping, and a cell of one slot, most of them,
    is looked up by its text alone)."""
    if len(text) > SHORT:
        return Cell(text, colspan, rowspan)
    if colspan == 1 and rowspan == 1:
        made = _CELLS.get(text)
        if made is None:
            made = remember(_CELLS, text, Cell(text))
        return made
    key = (text, colspan, rowspan)
    made = _SPANNED.get(key)
    if made is None:
        made = remember(_SPANNED, key, Cell(text, colspan, rowspan))
    return made
