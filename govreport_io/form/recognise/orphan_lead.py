"""Stage: a truncated capture that starts inside a table gives its lead to that table's section."""

from __future__ import annotations

from .. import template as T
from .ledger import Ledger


def run(ledger: Ledger) -> None:
    """When the first heading found is 三, 四 or 五, what comes before it belongs to the section
    before (a table cut off at its top), not to the preamble."""
    if not ledger.heads:
        return
    before = ledger.heads[0][1] - 1
    if before in (2, 3, 4):
        ledger.spans[before] = (T.SECTION_TITLES[before], ledger.lead)
        ledger.lead = []
