"""Stage: the year the report covers (统计期限 first, then the title, then the commonest year)."""

from __future__ import annotations

import re
from collections import Counter

from ...repair.cjk import compact
from .ledger import Ledger

YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年")
_PERIOD_RE = re.compile(r"统计(?:期限|时限|时间|期间)[^。；;]{0,12}?((?:19|20)\d{2})年")


def run(ledger: Ledger) -> None:
    """Infer ``ledger.year`` from the preamble, the start of section 一 and the title."""
    texts = [b.text for b in ledger.preamble]
    texts += [b.text for s in ledger.sections if s.number == 1 for b in s.blocks[:3]]
    joined = compact("".join(texts))
    m = _PERIOD_RE.search(joined)
    if m:
        ledger.year = int(m.group(1))
        return
    if ledger.title:
        m2 = YEAR_RE.search(compact(ledger.title))
        if m2:
            ledger.year = int(m2.group(1))
            return
    years = [int(y) for y in YEAR_RE.findall(joined)]
    ledger.year = Counter(years).most_common(1)[0][0] if years else None
