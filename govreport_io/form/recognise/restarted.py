"""Stage: numbering that restarts after the six sections (the tables under their own 一/二/三).

Some reports give the six sections as prose, then print the three tables under headings
numbered again from 一 ("一、主动公开政府信息情况", "二、收到和处理政府信息公开申请情况" …),
and may end with "五、其他需要报告的事项". The sections stage accepts only increasing
numbers, so all of that would fall into the last section. Here each restarted heading whose
title is that of a section (by its words, whatever its numeral) takes the units under it
to that section's span, after the section's own prose, so that the table stages find the
tables where the form has them.
"""

from __future__ import annotations

from ...blocks import Heading, Paragraph
from ...diagnostics import WarningCode
from .ledger import Ledger, Unit
from .text import section_match, title_fits


def _restarts(ledger: Ledger, units: list[Unit]) -> list[tuple[int, int]]:
    """(position in ``units``, section number) of each restarted heading in ``units``."""
    out: list[tuple[int, int]] = []
    for k, u in enumerate(units):
        if not isinstance(u.block, (Heading, Paragraph)):
            continue
        m = section_match(ledger.texts[u.index])
        if m is None:
            continue
        number = next((n for n in (2, 3, 4, 6, 5) if title_fits(n, m[1])), None)
        if number is not None and number in ledger.spans and (not out or number != out[-1][1]):
            out.append((k, number))
    return out


def run(ledger: Ledger) -> None:
    """Move what stands under restarted headings to the sections their titles name."""
    if not ledger.heads or ledger.heads[-1][1] != 6:
        return  # only after the six sections: numbering that restarts inside a report is sub-numbering
    last = ledger.heads[-1][1]
    title, units = ledger.spans[last]
    found = _restarts(ledger, units)
    if not any(number in (2, 3, 4) for _, number in found):
        return
    ledger.spans[last] = (title, units[:found[0][0]])
    for n, (k, number) in enumerate(found):
        end = found[n + 1][0] if n + 1 < len(found) else len(units)
        moved = units[k + 1:end]
        head_text = ledger.texts[units[k].index]
        t, own = ledger.spans[number]
        ledger.spans[number] = (t, [*own, *moved])
        ledger.warn(WarningCode.SECTION_MISSING, f"numbering restarts at {head_text!r}: what stands under it is "
                    f"read as section {number}", units[k].block.pos, at=number)
