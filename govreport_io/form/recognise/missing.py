"""Stage: report the tables and sections that were not found."""

from __future__ import annotations

from ...diagnostics import WarningCode
from .. import template as T
from .ledger import Ledger

_TABLE_NAMES = {2: "二 (主动公开)", 3: "三 (申请)", 4: "四 (复议、诉讼)"}


def _no_cell_read(ledger: Ledger, number: int) -> bool:
    """Whether table ``number`` came back with every cell null."""
    if number == 2:
        return all(v is None for k, row in ledger.active.items() for c, v in row.items() if c != "unit")
    if number == 3:
        return all(v is None for row in ledger.requests.values() for v in row)
    return all(v is None for row in ledger.reviews.values() for v in row.values())


def run(ledger: Ledger) -> None:
    """A warning per missing table (its cells stay null), per table found with no cell read
    (its heading may have been lost, its cells left in unplaced), and per missing section."""
    for number, found in ledger.table_found.items():
        if not found:
            ledger.warn(WarningCode.TABLE_MISSING, f"table {_TABLE_NAMES[number]} not found; its cells are null",
                        at=7)
        elif _no_cell_read(ledger, number) and not any(w.message.startswith(f"table {_TABLE_NAMES[number][0]}:")
                                                       and "null" in w.message for w in ledger.warnings):
            ledger.warn(WarningCode.TABLE_MISSING, f"table {_TABLE_NAMES[number]}: no cell read; its cells are null",
                        at=7)
    present = {s.number for s in ledger.sections}
    for n in range(1, 7):
        if n not in present and ledger.heads:
            ledger.warn(WarningCode.SECTION_MISSING,
                        f"section {T.SECTION_NUMERALS[n - 1]}、{T.SECTION_TITLES[n]} not found", at=8)
