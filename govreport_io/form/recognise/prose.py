"""Stage: the sections' prose and the preamble, from the units no table used."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from ..._quick import valid_text as _valid_text
from ...blocks import Heading, Table
from ...diagnostics import WarningCode
from ...model import Block, BlockKind, Section, Unplaced
from ...repair.cjk import compact
from .ledger import PREAMBLE, Ledger, Unit
from .text import is_subheading

# The model's Block and Section are frozen dataclasses with slots, kept pure Python; their
# interpreted __init__ and __post_init__ cost more than the rest of placing a paragraph. Texts
# the model's own text check accepts (_quick.valid_text) are made through the slots' own
# descriptors, as repair/make.py makes blocks; anything else goes through the constructor, its
# full check and its error.
_new_object: Final = object.__new__
_set_kind: Final[Any] = getattr(Block, "kind").__set__  # noqa: B009 (typed as the field)
_set_text: Final[Any] = getattr(Block, "text").__set__  # noqa: B009 (typed as the field)
_set_number: Final[Any] = getattr(Section, "number").__set__  # noqa: B009 (typed as the field)
_set_title: Final[Any] = getattr(Section, "title").__set__  # noqa: B009 (typed as the field)
_set_blocks: Final[Any] = getattr(Section, "blocks").__set__  # noqa: B009 (typed as the field)
# The generic block classes as C statics (Final): compiled, a class imported from a pure-Python
# module is otherwise looked up in the module's dictionary at every isinstance.
_TABLE: Final = Table
_HEADING: Final = Heading


def _block(kind: BlockKind, text: str) -> Block:
    """``Block(kind, text)``."""
    if not _valid_text(text):
        return Block(kind, text)
    b: Any = _new_object(Block)
    _set_kind(b, kind)
    _set_text(b, text)
    return b  # type: ignore[no-any-return]


def _section(number: int, title: str, blocks: tuple[Block, ...]) -> Section:
    """``Section(number, title, blocks)`` for blocks made here (Blocks all, in a tuple)."""
    if not (1 <= number <= 6 and _valid_text(title)):
        return Section(number, title, blocks)
    s: Any = _new_object(Section)
    _set_number(s, number)
    _set_title(s, title)
    _set_blocks(s, blocks)
    return s  # type: ignore[no-any-return]


def prose(ledger: Ledger, units: Sequence[Unit], where: str, at: int) -> list[Block]:
    """Paragraphs and sub-headings of ``units``; a table here is not the form's and is kept unplaced."""
    out: list[Block] = []
    for u in units:
        b = u.block
        if isinstance(b, _TABLE):
            text = "\n".join("\t".join(compact(c.text) for c in row) for row in b.rows)
            if not text.strip():
                continue  # a table of empty cells holds nothing to keep
            ledger.keep(Unplaced("table", text, f"{where}: {b.pos.describe()}".rstrip(": ")), at=at)
            ledger.warn(WarningCode.UNPLACED, f"a table in {where} is not part of the form; kept in unplaced",
                        b.pos, at=at)
            continue
        text = ledger.texts[u.index]
        if text:
            out.append(_block("heading" if isinstance(b, _HEADING) or is_subheading(text) else "paragraph", text))
    return out


def run(ledger: Ledger) -> None:
    """Each section's blocks (what its table left, or all of it) and the preamble's."""
    for number in sorted(ledger.spans):
        title, units = ledger.spans[number]
        rest = ledger.rest.get(number, units)
        ledger.sections.append(_section(number, title, tuple(prose(ledger, rest, f"section {number}", number))))
    ledger.preamble = tuple(prose(ledger, ledger.lead, "preamble", PREAMBLE))
