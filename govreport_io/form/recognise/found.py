"""Whether anything of a report was found: the line between a partial read and NoReportError.

A capture with a report's structure whose parts cannot all be placed is read as far as
it goes: the Report carries what was found (fields, title, prose, the tables or rows
found) and the warnings say what is missing. Only where nothing of a report is there
(no numbered section, no cell of the form's tables, no title naming a 政府信息公开 annual
report over running text) is the read refused, and the refusal says what was looked for and what was found.
"""

from __future__ import annotations

from collections.abc import Sequence

from ...blocks import Block, Field, Heading, Paragraph, Table
from ...model import Report
from ...repair.cjk import compact
from .text import block_text

LOOKED_FOR = ("no section heading (一、总体情况 …), no table of the form and no title of a 政府信息公开 annual "
              "report found")


def names_the_report(text: str) -> bool:
    """A short line naming a government-information annual report ("…政府信息公开工作年度报告")."""
    flat = compact(text)
    return len(flat) <= 80 and "政府信息公开" in flat and any(w in flat for w in ("年度报告", "年报", "年度工作报告"))


def _has_values(report: Report) -> bool:
    cells: list[object] = [v for row in report.requests.values() for v in row]
    cells += [v for g in report.reviews.values() for v in g.values()]
    cells += [v for r in report.active.values() for v in r.values()]
    return any(v is not None for v in cells)


def _titled(report: Report, blocks: Sequence[Block]) -> bool:
    """The report's title, a 标题 field or one of the first lines names the report."""
    texts = [report.title or ""]
    texts += [b.value for b in blocks if isinstance(b, Field) and compact(b.key).rstrip(":：") == "标题"]
    texts += [block_text(b) for b in [b for b in blocks if isinstance(b, (Heading, Paragraph))][:5]]
    return any(names_the_report(t) for t in texts)


def _has_prose(blocks: Sequence[Block]) -> bool:
    """Some running text beside the title: a page listing report titles is not a report."""
    return any(isinstance(b, Paragraph) and len(block_text(b)) >= 40 and not names_the_report(block_text(b))
               for b in blocks)


def _inventory(blocks: Sequence[Block]) -> str:
    """What the blocks hold, for the refusal: counts by kind and the opening words."""
    kinds = {"header fields": Field, "headings": Heading, "paragraphs": Paragraph, "tables": Table}
    counts = ", ".join(f"{sum(isinstance(b, k) for b in blocks)} {name}" for name, k in kinds.items())
    first = next((block_text(b) for b in blocks if isinstance(b, (Heading, Paragraph)) and block_text(b)), "")
    opening = f"; it opens with {first[:40]!r}" if first else ""
    return f"found {counts}{opening}"


def nothing_of_a_report(report: Report, blocks: Sequence[Block]) -> str | None:
    """None when something of a report is there; else the message of the refusal."""
    if report.sections or _has_values(report) or (_titled(report, blocks) and _has_prose(blocks)):
        return None
    return f"{LOOKED_FOR}; {_inventory(blocks)}: this does not look like an annual report"
