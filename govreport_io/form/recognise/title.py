"""Stage: the report's title, taken from the first lines before section 一."""

from __future__ import annotations

from ...blocks import Heading, Paragraph, Table
from ...repair.cjk import remove_extraction_spaces
from .ledger import Ledger, Unit
from .text import block_text, is_subheading

TITLE_WORDS = ("报告", "总结", "年报")


def _clean(text: str) -> str:
    return remove_extraction_spaces(text.strip().lstrip("#").strip())


def _names_report(text: str, limit: int) -> bool:
    return len(text) <= limit and "。" not in text and any(w in text for w in TITLE_WORDS)


def _sub_heading(block: Heading, text: str) -> bool:
    """A heading that is a sub-heading of the preamble, not the title: numbered as one
    （（一）…）, or marked below the top two levels without naming a report. Writers give a
    title level 1 and a sub-heading level 3, so a report without a title whose preamble opens
    with a sub-heading reads back the same."""
    if is_subheading(text):
        return True
    return block.level >= 3 and not any(w in text for w in TITLE_WORDS)


def take_title(lead: list[Unit]) -> tuple[str | None, list[Unit]]:
    """The title among the first three lead units (a heading, or a short line naming a report,
    or a short line continued by one) and the lead without it."""
    texts = [(u, block_text(u.block)) for u in lead[:3]]
    for k, (u, text) in enumerate(texts):
        if not text or isinstance(u.block, Table):
            break
        short = len(text) <= 60 and "。" not in text
        if isinstance(u.block, Heading) and _sub_heading(u.block, text):
            break  # the preamble opens with a sub-heading: a report without a title line
        if isinstance(u.block, Heading) or (short and any(w in text for w in TITLE_WORDS)):
            return _clean(text), lead[:k] + lead[k + 1:]
        if short and k + 1 < len(texts):
            nxt_u, nxt = texts[k + 1]
            if isinstance(nxt_u.block, Paragraph) and _names_report(nxt, 40):
                return _clean(text + nxt), lead[:k] + lead[k + 2:]
        if not short:
            break
    return None, lead


def run(ledger: Ledger) -> None:
    """Take the title out of the lead."""
    ledger.title, ledger.lead = take_title(ledger.lead)
