"""Stage: find the six numbered sections and cut the body into their spans."""

from __future__ import annotations

from typing import Final

from ...blocks import Heading, Paragraph
from ...diagnostics import WarningCode
from .ledger import Ledger
from .text import section_match, title_fits, unnumbered_section

# The generic block classes as C statics (Final): compiled, a class imported from a pure-Python
# module is otherwise looked up in the module's dictionary at every isinstance.
_TEXT_BLOCKS: Final = (Heading, Paragraph)


def _heads(ledger: Ledger) -> list[tuple[int, int, str]]:
    """(unit index, number, title) of each section heading, in order and never backwards."""
    heads: list[tuple[int, int, str]] = []
    last = 0
    for u in ledger.units:
        if not isinstance(u.block, _TEXT_BLOCKS):
            continue
        text = ledger.texts[u.index]
        m = section_match(text) or unnumbered_section(text, last + 1)
        if not m:
            continue
        number, title = m
        if number <= last or number > last + 3 or not title_fits(number, title):
            continue
        heads.append((u.index, number, title))
        last = number
    return heads


def run(ledger: Ledger) -> None:
    """Fill ``heads``, ``spans`` (section → units after its heading) and ``lead`` (units before)."""
    heads = _heads(ledger)
    ledger.heads = heads
    first = heads[0][0] if heads else len(ledger.units)
    ledger.lead = ledger.units[:first]
    for k, (at, number, title) in enumerate(heads):
        end = heads[k + 1][0] if k + 1 < len(heads) else len(ledger.units)
        ledger.spans[number] = (title, ledger.units[at + 1:end])
    if not heads:
        ledger.warn(WarningCode.SECTION_MISSING, "no section heading (一、总体情况 …) found")
