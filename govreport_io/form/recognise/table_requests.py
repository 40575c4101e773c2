"""Stage: table 三 (申请), rows read by label, values in the last seven columns."""

from __future__ import annotations

from .. import template as T
from .ledger import Ledger
from .rows import Found, RowSpec, TableSpec, read_table
from .values import cell_value

SECTION = 3


def spec(form: T.Form) -> TableSpec:
    """Table 三 of ``form`` for the row matcher."""
    rows = tuple(RowSpec(r.key, r.labels, len(T.REQUEST_COLUMNS)) for r in T.request_rows(form))
    return TableSpec("三", SECTION, rows, T.REQUEST_HEADER_WORDS)


def _place(ledger: Ledger, found: Found) -> None:
    for key, toks in found.items():
        values: list[int | None] = []
        for col, tok in zip(T.REQUEST_COLUMNS, toks):
            v = cell_value(ledger, tok, "count", f"requests.{key}.{col.key}", at=SECTION)
            values.append(v if isinstance(v, int) else None)
        ledger.requests[key] = tuple(values)


def run(ledger: Ledger) -> None:
    """Read table 三 from section 三; what it does not use stays for the prose."""
    read_table(ledger, spec(ledger.form), lambda found: _place(ledger, found))
