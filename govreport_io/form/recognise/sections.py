"""Stage: find the six numbered sections and cut the body into their spans."""

from __future__ import annotations

from ...diagnostics import WarningCode
from .ledger import Ledger
from .text import section_match, title_fits, unnumbered_section


def _heads(ledger: Ledger) -> list[tuple[int, int, str]]:
    """(unit index, number, title) of each section heading, in order and never backwards."""
    heads: list[tuple[int, int, str]] = []
    last = 0
    texts = ledger.texts
    for u in ledger.units:
        # Asked by the text alone: a unit that is no heading or paragraph has the text ""
        # (block_text), as an empty one has, and neither test below accepts "" (an isinstance
        # that fails on a pure-Python class looks up its __class__, compiled, at every unit).
        text = texts[u.index]
        if not text:
            continue
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
