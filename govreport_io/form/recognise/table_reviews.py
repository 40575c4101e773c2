"""Stage: table 四 (复议、诉讼), fifteen values in reading order after its header.

Its rows have no labels of their own (the header names the columns), so the values are
taken in order: from the row holding the first number in a real table, or from lines
that hold nothing but numbers in running text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from ...blocks import Table
from ...diagnostics import WarningCode
from ...repair.cjk import compact
from .. import template as T
from ..labels import CACHED_UP_TO, normalize_label, remember, strip_known
from .ledger import HEADER, Ledger, Tok, Unit
from .rows import close_table
from .tokens import classify_cell, split_words
from .values import cell_value, position

SECTION: Final = 4
NEED: Final = len(T.REVIEW_GROUPS) * len(T.REVIEW_OUTCOMES)
# joined by line breaks, which no normalised text holds: a text is in a word exactly when it is in this
_VOCAB_NORM: Final = "\n".join(normalize_label(w) for w in T.REVIEW_HEADER_WORDS)
_CELLS: Final = tuple((g.key, o.key, f"reviews.{g.key}.{o.key}") for g in T.REVIEW_GROUPS for o in T.REVIEW_OUTCOMES)
"""Each cell of the table in reading order: its group, its outcome and its path (fixed form data)."""
_TABLE: Final = Table  # a C static: compiled, the imported class is otherwise looked up at every isinstance


@dataclass
class _Scan:
    """The values taken so far, the unit after the last one, and the unit after the header."""

    vals: list[Tok | None] = field(default_factory=list)
    end: int = 0
    header_end: int = 0


def _numeric_units(ledger: Ledger, units: Sequence[Unit]) -> set[int]:
    """Lines of running text that hold nothing but numbers and blanks: rows of the table."""
    return {u.index for u in units if not isinstance(u.block, _TABLE) and ledger.ntokens.get(u.index)
            and all(classify_cell(p) != "text" for p in split_words(ledger.texts[u.index]))}


def _header_word(ledger: Ledger, units: Sequence[Unit], scan: _Scan, tok: Tok) -> None:
    if scan.vals:
        return  # header words stand before the values (the prose after the table is not asked about)
    text = tok.text
    known = _KNOWN.get(text) if len(text) <= CACHED_UP_TO else None
    if known is None:
        known = _is_header_word(text)
        if len(text) <= CACHED_UP_TO:
            remember(_KNOWN, text, known, 1024)
    if known:
        ledger.mark(tok, header=True)
        scan.header_end = position(units, tok.unit) + 1


def _is_header_word(text: str) -> bool:
    """Whether ``text`` is made of table 四's header words alone (or is blank)."""
    n = normalize_label(text)
    return not n or n in _VOCAB_NORM or not strip_known(text, T.REVIEW_HEADER_WORDS)


_KNOWN: Final[dict[str, bool]] = {}
"""_is_header_word's answers for short texts: every report prints the same header words."""


def _first_value(ledger: Ledger, toks: list[Tok], scan: _Scan, tok: Tok, is_table: bool) -> bool:
    """Whether the first value starts at ``tok``; in a real table the row's earlier blank
    cells are values too (the table starts at the beginning of that row)."""
    if tok.kind != "num":
        if is_table:
            ledger.mark(tok, header=True)
        return False
    if is_table:
        for t in toks:
            if t is tok:
                break
            if t.unit == tok.unit and t.row == tok.row and t.kind in ("num", "empty"):
                scan.vals.append(None)
                ledger.mark(t)
    return True


def _blank_group_rows(toks: list[Tok], first: Tok) -> list[Tok]:
    """The cells of real rows before ``first`` that hold one group's five cells, all blank:
    where table 四 is cut into one small table per group (OCR), a group with no value is
    such a row, and its cells are values (null), not slots."""
    rows: dict[tuple[int, int], list[Tok]] = {}
    for t in toks:
        if t is first:
            break
        if t.row and t.kind != "eor":
            key = (t.unit, t.row)
            cells = rows.get(key)  # (not setdefault: compiled, it raises and clears a KeyError per new key)
            if cells is None:
                rows[key] = [t]
            else:
                cells.append(t)
    width = len(T.REVIEW_OUTCOMES)
    out: list[Tok] = []
    for (unit, _), cells in rows.items():
        if unit != first.unit and len(cells) == width and all(c.kind == "empty" for c in cells):
            out += cells
    return out


def _scan(ledger: Ledger, units: Sequence[Unit], toks: list[Tok]) -> _Scan:
    scan = _Scan()
    numeric = _numeric_units(ledger, units)
    for tok in toks:
        if len(scan.vals) >= NEED:
            break
        if tok.kind == "text":
            _header_word(ledger, units, scan, tok)
            continue
        if tok.kind == "eor":
            continue
        is_table = isinstance(ledger.units[tok.unit].block, _TABLE)
        if not is_table and tok.unit not in numeric:
            continue
        if not scan.vals:
            if not _first_value(ledger, toks, scan, tok, is_table):
                continue
            lead = _blank_group_rows(toks, tok) if is_table else []
            scan.vals[:0] = [None] * len(lead)
            for blank in lead:
                ledger.mark(blank)
        scan.vals.append(tok if tok.kind == "num" else None)
        ledger.mark(tok)
        scan.end = position(units, tok.unit) + 1
    return scan


def _blank_cells_are_header(ledger: Ledger, unit: Unit) -> None:
    """Empty cells of the table's last unit are slots of the form, not prose."""
    if not isinstance(unit.block, _TABLE):
        return
    cells = [c.text for row in unit.block.rows for c in row]
    for idx in range(ledger.ntokens.get(unit.index, 0)):
        if not ledger.is_used(unit.index, idx) and not compact(cells[idx]):
            flags = ledger.flags_of(unit.index, idx + 1)
            flags[idx] = flags[idx] | HEADER  # (as Ledger.mark sets a flag: |= on an item is a generic call)


def run(ledger: Ledger) -> None:
    """Read table 四 from section 四; what it does not use stays for the prose."""
    if SECTION not in ledger.spans:
        return
    units = ledger.spans[SECTION][1]
    scan = _scan(ledger, units, ledger.tokens[SECTION])
    if not scan.vals:
        if not scan.header_end:
            ledger.rest[SECTION] = list(units)
            return
        last = units[scan.header_end - 1]
        if isinstance(last.block, Table):
            for t in ledger.tokens[SECTION]:
                if t.unit == last.index and t.kind == "empty":
                    ledger.mark(t, header=True)
        ledger.warn(WarningCode.ROW_INCOMPLETE, "table 四: the header is there but no value; all cells are null",
                    at=SECTION)
        close_table(ledger, SECTION, "四", True, scan.header_end)
        return
    if len(scan.vals) < NEED:
        ledger.warn(WarningCode.ROW_INCOMPLETE, f"table 四: {len(scan.vals)} of {NEED} values found; "
                    "the rest are null", at=SECTION)
    vals = scan.vals + [None] * (NEED - len(scan.vals))
    for (group, outcome, where), tok in zip(_CELLS, vals):
        v = cell_value(ledger, tok, "count", where, at=SECTION)
        ledger.reviews[group][outcome] = v if isinstance(v, int) else None
    if scan.end:
        _blank_cells_are_header(ledger, units[scan.end - 1])
    close_table(ledger, SECTION, "四", True, scan.end)
