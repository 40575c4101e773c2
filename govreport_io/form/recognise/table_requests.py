"""Stage: table 三 (申请), rows read by label, values in the last seven columns."""

from __future__ import annotations

from functools import lru_cache
from typing import Final

from ...diagnostics import WarningCode
from .. import template as T
from ..labels import remember
from .ledger import Ledger
from .rows import Found, Irregular, RowSpec, TableSpec, read_table
from .values import cell_value

SECTION: Final = 3


@lru_cache(maxsize=4)  # a spec is fixed form data, one per form
def spec(form: T.Form) -> TableSpec:
    """Table 三 of ``form`` for the row matcher."""
    rows = tuple(RowSpec(r.key, r.labels, len(T.REQUEST_COLUMNS)) for r in T.request_rows(form))
    # The 2021 form's （六）其他处理 has three sub-rows; some reports print the group as one row.
    singles = (("other_misc", T.G_OTHER, ("（六）其他",)),) if form == "2021" else ()
    return TableSpec("三", SECTION, rows, T.REQUEST_HEADER_WORDS, sums=True, singles=singles)


def _irregular(ledger: Ledger, irregular: Irregular) -> None:
    """Report what was read irregularly: rows placed by order or with undecided blank cells are uncertain, a group
    printed as one row is said in a warning."""
    for key, why in irregular.doubtful.items():
        for col in T.REQUEST_COLUMNS:
            ledger.doubt(f"requests.{key}.{col.key}", why)
    for key, label in irregular.single.items():
        others = [r.key for r in T.request_rows(ledger.form) if r.group == label and r.key != key]
        ledger.warn(WarningCode.ROW_MISSING, f"table 三: {label} is printed as one row without its sub-rows; "
                    f"its values are placed in {key}, and {', '.join(others)} are left blank", at=SECTION)


def _paths(key: str) -> tuple[str, ...]:
    paths = _PATHS.get(key)
    if paths is None:
        paths = remember(_PATHS, key, tuple(f"requests.{key}.{col.key}" for col in T.REQUEST_COLUMNS), 64)
    return paths


_PATHS: Final[dict[str, tuple[str, ...]]] = {}
"""Each row's cell paths: fixed form data, made once rather than per read (a dict read inline:
see labels._NORMAL)."""


def _place(ledger: Ledger, found: Found, irregular: Irregular) -> None:
    _irregular(ledger, irregular)
    for key, toks in found.items():
        values: list[int | None] = []
        for where, tok in zip(_paths(key), toks):
            v = cell_value(ledger, tok, "count", where, at=SECTION)
            values.append(v if isinstance(v, int) else None)
        ledger.requests[key] = tuple(values)


def run(ledger: Ledger) -> None:
    """Read table 三 from section 三; what it does not use stays for the prose."""
    read_table(ledger, spec(ledger.form), lambda found, irregular: _place(ledger, found, irregular))
