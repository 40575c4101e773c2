"""Stage: table 二 (主动公开), rows read by label, values right after the label.

A PDF-to-Markdown tool may move the cell that carried a note ("55（含自然失效29件）") out
of its row, which then holds one value too few ("| 规章 | 22 | 235 |"), the number and its
note standing loose above the table. Such a cell is taken from the loose numbers in order
and listed as uncertain; without a loose number it stays null, uncertain too.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from ...diagnostics import WarningCode
from ...repair.cjk import compact
from .. import template as T
from .ledger import Ledger, Tok
from .rows import Found, Irregular, RowSpec, TableSpec, read_table
from .tokens import split_number
from .values import cell_value

SECTION: Final = 2
_UNITS: Final = ("元", "万元", "亿元")
_NOTE_COLUMN: Final = ((re.compile(r"失效|废止"), 1), (re.compile(r"修订|制发|制定|新发|出台"), 0),
                (re.compile(r"现行|有效"), 2))
"""Which value column of a 2021 document row a note speaks of (本年制发/本年废止/现行有效)."""


@lru_cache(maxsize=4)  # a spec is fixed form data, one per form
def spec(form: T.Form) -> TableSpec:
    """Table 二 of ``form`` for the row matcher (a unit column holds no value of its own)."""
    rows = tuple(RowSpec(r.key, r.labels, sum(1 for c in r.columns if c.kind != "unit"))
                 for r in T.active_rows(form))
    # the 2021 document rows carry notes in their 本年废止件数 cell most often
    return TableSpec("二", SECTION, rows, T.ACTIVE_HEADER_WORDS, align="left",
                     lost_cell=1 if form == "2021" else None)


def _loose_values(ledger: Ledger) -> list[tuple[Tok, list[Tok]]]:
    """Numbers of section 二 no row took, standing alone on their line or with a bracketed
    note beside them, each with the tokens of its note (on the line after it)."""
    toks = ledger.tokens.get(SECTION, [])
    out: list[tuple[Tok, list[Tok]]] = []
    for n, t in enumerate(toks):
        if t.kind != "num" or t.row or ledger.is_used(t.unit, t.idx):
            continue
        if split_number(t.text)[1]:
            out.append((t, []))
        elif ledger.ntokens.get(t.unit) == 1:
            nxt = [x for x in toks[n + 1:] if x.unit == t.unit + 1]
            note = nxt if nxt and nxt[0].text.startswith(("（", "(")) else []
            out.append((t, note))
    return out


def _fill_lost(ledger: Ledger, found: Found, irregular: Irregular) -> None:
    """Give each row that lost a cell the next loose number; the cells are listed as uncertain."""
    loose = _loose_values(ledger)
    for r in T.active_rows(ledger.form):
        if r.key not in irregular.lost or r.key not in found:
            continue
        keys = [c.key for c in r.columns if c.kind != "unit"]
        lost = irregular.lost[r.key]
        toks = [t for t in found[r.key] if t is not None]
        if not loose:
            ledger.warn(WarningCode.ROW_INCOMPLETE, f"table 二, row {r.key}: a cell is missing and no loose number "
                        "stands for it; the row is read as uncertain", at=SECTION)
            for k in keys:
                ledger.doubt(f"active.{r.key}.{k}", "the row lost a cell and it was not found")
            continue
        tok, note = loose.pop(0)
        text = tok.text + "".join(x.text for x in note)
        col = next((c for rx, c in _NOTE_COLUMN if rx.search(text)), None)
        vals: list[Tok | None] = list(toks)
        vals.insert(lost if col is None else col, tok)
        found[r.key] = vals
        for x in (tok, *note):
            ledger.mark(x)
        why = f"the row lost this cell; taken from {text!r} standing loose in the section"
        for k in keys if col is None else [keys[col]]:
            ledger.doubt(f"active.{r.key}.{k}", why)
        if note:
            ledger.note(f"active.{r.key}.{keys[lost if col is None else col]}", "".join(x.text for x in note))


def _unit_cell(ledger: Ledger, toks: list[Tok | None]) -> str | None:
    """The unit ("万元") in a cell of its own right after the row's last value, if any."""
    last = next((t for t in reversed(toks) if t is not None), None)
    if last is None or not last.row:
        return None
    stream = ledger.tokens.get(SECTION, [])
    after = next((t for t in stream if t.unit == last.unit and t.row == last.row and t.idx == last.idx + 1), None)
    if after is None or after.kind != "text" or compact(after.text) not in _UNITS:
        return None
    ledger.mark(after)
    return compact(after.text)


def _place(ledger: Ledger, found: Found, irregular: Irregular) -> None:
    _fill_lost(ledger, found, irregular)
    for key, why in irregular.doubtful.items():
        for col in next(r.columns for r in T.active_rows(ledger.form) if r.key == key):
            ledger.doubt(f"active.{key}.{col.key}", why)
    for r in T.active_rows(ledger.form):
        toks = found.get(r.key)
        if toks is None:
            continue
        unit_out: list[str] = []
        value_cols = [c for c in r.columns if c.kind != "unit"]
        for col, tok in zip(value_cols, toks):
            ledger.active[r.key][col.key] = cell_value(ledger, tok, col.kind, f"active.{r.key}.{col.key}",
                                                       at=SECTION, unit_out=unit_out)
        if any(c.kind == "unit" for c in r.columns):
            ledger.active[r.key]["unit"] = unit_out[0] if unit_out else _unit_cell(ledger, toks)


def run(ledger: Ledger) -> None:
    """Read table 二 from section 二; what it does not use stays for the prose."""
    read_table(ledger, spec(ledger.form), lambda found, irregular: _place(ledger, found, irregular))
