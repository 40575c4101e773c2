"""What every table stage shares: a cell's value, and the units a table leaves for prose."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from ...blocks import Table
from ...diagnostics import WarningCode
from ...model import Unplaced, Value
from ...repair.cjk import compact
from .. import template as T
from ..labels import remember
from .ledger import USED, Ledger, Tok, Unit
from .tokens import split_number, words

# The generic block classes as C statics (Final): compiled, a class imported from a pure-Python
# module is otherwise looked up in the module's dictionary at every isinstance.
_TABLE: Final = Table


def _convert(number: str, kind: T.ValueKind) -> Value:
    """The number as the model holds a value of ``kind``; ValueError when it is not one."""
    if len(number) > 64:
        return _converted(number, kind)
    key = (number, kind)
    value = _CONVERTED.get(key)
    if value is None:
        value = remember(_CONVERTED, key, _converted(number, kind))  # an error is raised again each time
    return value


_COUNTS: Final[dict[str, int]] = {}
"""Cells of ASCII digits alone (at most 18) and their counts."""
_CONVERTED: Final[dict[tuple[str, str], Value]] = {}
"""_convert's answers for short numbers (pure in its arguments; a dict read inline: see
labels._NORMAL)."""


def _converted(number: str, kind: T.ValueKind) -> Value:
    if kind == "amount":
        if not re.match(r"^-?\d+(\.\d+)?$", number.lstrip("+")):
            raise ValueError(number)
        return number.lstrip("+")
    if "." in number:
        whole, _, frac = number.partition(".")
        if frac.strip("0"):
            raise ValueError(number)
        number = whole
    value = int(number)
    if kind == "count" and number.startswith("+"):
        raise ValueError(number)
    return value


def cell_value(ledger: Ledger, tok: Tok | None, kind: T.ValueKind, where: str, *, at: int,
               unit_out: list[str] | None = None) -> Value:
    """The value of the cell ``where`` read from ``tok``; a note beside it is kept, a unit
    ("万元") goes to ``unit_out``, and what is no number is reported and left null."""
    if tok is None:
        return None
    text = tok.text
    if kind == "count":
        # most cells of a table: ASCII digits alone, a count as they are (what the steps below make
        # of them); a table repeats its few numbers, remembered rather than parsed again
        count = _COUNTS.get(text)
        if count is None and len(text) <= 18 and text.isdigit() and text.isascii():
            count = remember(_COUNTS, text, int(text))
        if count is not None:
            ledger.provenance[where] = ledger.units[tok.unit].block.pos
            return count
    number, note = split_number(text)
    pos = ledger.units[tok.unit].block.pos
    ledger.provenance[where] = pos
    if note:
        if kind == "amount" and unit_out is not None and len(note) <= 4 and "元" in note:
            unit_out.append(note)
        else:
            ledger.keep(Unplaced("note", tok.text.strip(), where), at=at)
            ledger.warn(WarningCode.CELL_NOTE, f"{where}: the note beside {number} is kept in unplaced", pos, at=at)
    try:
        return _convert(number.replace(",", ""), kind)
    except ValueError:
        ledger.warn(WarningCode.CELL_UNREADABLE, f"{where}: {tok.text!r} is not a {kind} value; null kept", pos,
                    at=at)
        ledger.keep(Unplaced("note", tok.text.strip(), where), at=at)
        return None


def position(units: Sequence[Unit], unit_index: int) -> int:
    """Where in ``units`` the unit with body index ``unit_index`` stands."""
    if units:
        k = unit_index - units[0].index  # a section's units are consecutive: no search (called per token)
        if 0 <= k < len(units) and units[k].index == unit_index:
            return k
    return next(k for k, u in enumerate(units) if u.index == unit_index)


def end_after(ledger: Ledger, units: Sequence[Unit], last: Tok, rest: list[Tok]) -> int:
    """Index in ``units`` of the first unit after the table ends at token ``last``."""
    pos = position(units, last.unit)
    if isinstance(units[pos].block, _TABLE):
        # trailing empty cells of the table belong to it
        for t in rest:
            if t.unit != last.unit:
                break
            if t.kind in ("empty", "eor") or (t.kind == "text" and not compact(t.text)):
                ledger.mark(t, header=True)
    return pos + 1


def _unused_text(unit: Unit, unused: list[int]) -> str:
    if isinstance(unit.block, _TABLE):
        cells = [c.text for row in unit.block.rows for c in row]
        return " | ".join(c for c in (compact(cells[n]) for n in unused) if c)
    parts = words(unit)
    return " ".join(parts[n] for n in unused)


def leftover(ledger: Ledger, units: Sequence[Unit], end: int, table: str, at: int) -> list[Unit]:
    """Units the table did not use, as prose; partly used units leave notes in unplaced."""
    rest: list[Unit] = []
    for k, u in enumerate(units):
        if k >= end:
            rest.append(u)
            continue
        ntokens = ledger.ntokens.get(u.index, 0)
        if ntokens == 0:
            continue
        flags = ledger.marks[u.index]
        if flags is None:
            unused = list(range(ntokens))  # a unit the table did not touch (prose, mostly)
            used = False
        elif len(flags) == ntokens and 0 not in flags:
            continue  # every token used (a row read whole), and none beyond the unit's own
        else:
            unused = [n for n in range(ntokens) if n >= len(flags) or not flags[n]]
            used = any(f & USED for f in flags)
        if not unused:
            continue
        if not used and not isinstance(u.block, _TABLE):
            rest.append(u)
            continue
        text = _unused_text(u, unused)
        if text:
            pos = u.block.pos
            ledger.keep(Unplaced("note", text, f"table {table}: {pos.describe()}".rstrip(": ")), at=at)
            ledger.warn(WarningCode.UNPLACED, f"text in table {table} not placed: {text[:60]}", pos, at=at)
    return rest
