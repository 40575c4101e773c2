"""Stage: the sections' prose and the preamble, from the units no table used."""

from __future__ import annotations

from collections.abc import Sequence

from ...blocks import Heading, Table
from ...diagnostics import WarningCode
from ...model import Block, Section, Unplaced
from ...repair.cjk import compact
from .ledger import PREAMBLE, Ledger, Unit
from .text import is_subheading


def prose(ledger: Ledger, units: Sequence[Unit], where: str, at: int) -> list[Block]:
    """Paragraphs and sub-headings of ``units``; a table here is not the form's and is kept unplaced."""
    out: list[Block] = []
    for u in units:
        b = u.block
        if isinstance(b, Table):
            text = "\n".join("\t".join(compact(c.text) for c in row) for row in b.rows)
            if not text.strip():
                continue  # a table of empty cells holds nothing to keep
            ledger.keep(Unplaced("table", text, f"{where}: {b.pos.describe()}".rstrip(": ")), at=at)
            ledger.warn(WarningCode.UNPLACED, f"a table in {where} is not part of the form; kept in unplaced",
                        b.pos, at=at)
            continue
        text = ledger.texts[u.index]
        if text:
            out.append(Block("heading" if isinstance(b, Heading) or is_subheading(text) else "paragraph", text))
    return out


def run(ledger: Ledger) -> None:
    """Each section's blocks (what its table left, or all of it) and the preamble's."""
    for number in sorted(ledger.spans):
        title, units = ledger.spans[number]
        rest = ledger.rest.get(number, units)
        ledger.sections.append(Section(number, title, tuple(prose(ledger, rest, f"section {number}", number))))
    ledger.preamble = tuple(prose(ledger, ledger.lead, "preamble", PREAMBLE))
