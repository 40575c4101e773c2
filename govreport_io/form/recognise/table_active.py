"""Stage: table 二 (主动公开), rows read by label, values right after the label."""

from __future__ import annotations

from .. import template as T
from .ledger import Ledger
from .rows import Found, RowSpec, TableSpec, read_table
from .values import cell_value

SECTION = 2


def spec(form: T.Form) -> TableSpec:
    """Table 二 of ``form`` for the row matcher (a unit column holds no value of its own)."""
    rows = tuple(RowSpec(r.key, r.labels, sum(1 for c in r.columns if c.kind != "unit"))
                 for r in T.active_rows(form))
    return TableSpec("二", SECTION, rows, T.ACTIVE_HEADER_WORDS, align="left")


def _place(ledger: Ledger, found: Found) -> None:
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
            ledger.active[r.key]["unit"] = unit_out[0] if unit_out else None


def run(ledger: Ledger) -> None:
    """Read table 二 from section 二; what it does not use stays for the prose."""
    read_table(ledger, spec(ledger.form), lambda found: _place(ledger, found))
