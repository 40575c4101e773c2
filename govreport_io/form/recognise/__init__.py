"""The recogniser: generic blocks in, the canonical Report out, as a list of small stages.

It knows the form and nothing about formats. Each stage is a function of one
:class:`Ledger`, the only state the stages share: it reads what earlier stages found
there and records what it finds. A new stage is one module with a ``run(ledger)`` and
one line in :data:`STAGES`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ...blocks import Block as DocBlock
from ...blocks import SourcePos
from ...diagnostics import ReaderWarning
from ...model import Report
from . import (
    form_kind,
    missing,
    organ,
    orphan_lead,
    prose,
    restarted,
    sections,
    split,
    table_active,
    table_requests,
    table_reviews,
    title,
    tokens,
    year,
)
from .ledger import Ledger
from .text import block_text, is_subheading, section_match
from .tokens import classify_cell, split_number

Stage = Callable[[Ledger], None]

STAGES: tuple[Stage, ...] = (
    sections.run,        # the six numbered sections and their spans
    title.run,           # the title, from the lines before section 一
    orphan_lead.run,     # a capture cut inside a table gives its lead to that table
    restarted.run,       # numbering that restarts: the tables under their own 一/二/三 go to their sections
    form_kind.run,       # 2019 or 2021 form, and its empty tables
    tokens.run,          # the token streams of sections 二, 三, 四
    split.run,           # glued digit runs split by the form's arithmetic, where rows do not fit
    table_active.run,    # table 二
    table_requests.run,  # table 三
    table_reviews.run,   # table 四
    prose.run,           # what the tables left: each section's prose, and the preamble
    missing.run,         # warnings for missing tables and sections
    organ.run,           # metadata inferred from the text
    year.run,
)


@dataclass
class Recognition:
    """What the recogniser made of the blocks: the Report and the warnings about it.

    ``notes`` holds per-cell provenance notes and ``uncertain`` the cells whose value is
    a best reading (cell path → why), as stages record them.
    """

    report: Report
    warnings: list[ReaderWarning]
    provenance: dict[str, SourcePos] = field(default_factory=dict)
    notes: dict[str, list[str]] = field(default_factory=dict)
    uncertain: dict[str, str] = field(default_factory=dict)


def recognise(blocks: Sequence[DocBlock], source: str | None = None,
              stages: Sequence[Stage] = STAGES) -> Recognition:
    """Place generic blocks into the canonical Report by running ``stages`` over one ledger."""
    ledger = Ledger.of(list(blocks), source)
    for stage in stages:
        stage(ledger)
    report = Report(
        form=ledger.form, fields=tuple(ledger.fields), title=ledger.title, organ=ledger.organ, year=ledger.year,
        preamble=ledger.preamble, sections=tuple(ledger.sections), active=ledger.active,
        requests=ledger.requests, reviews=ledger.reviews, unplaced=ledger.unplaced,
        uncertain=tuple(ledger.uncertain),
    )
    return Recognition(report, ledger.warnings, ledger.provenance, ledger.notes, ledger.uncertain)


__all__ = ["STAGES", "Ledger", "Recognition", "Stage", "block_text", "classify_cell", "is_subheading",
           "recognise", "section_match", "split_number"]
