"""Stage: the organ that publishes the report (from the title, a quoted report name, or the
organ named most often in the preamble and section 一)."""

from __future__ import annotations

import re
from collections import Counter

from ...repair.cjk import compact
from .ledger import Ledger

_ORGAN_SUFFIXES = (
    "人民政府办公室", "人民政府办公厅", "人民政府", "政府办公室", "政府办", "政务办", "党政办",
    "政务服务管理办公室", "政务服务管理局", "数据局", "办公室", "委员会", "局", "厅",
)
_ORGAN_RE = re.compile(
    "(?=((?:[\u4e00-\u9fff]{2,7}?[省市州盟])?(?:[\u4e00-\u9fff]{1,7}?[区县市旗镇乡])?[区县市]?(?:"
    + "|".join(_ORGAN_SUFFIXES) + ")))"
)
_ORGAN_STOP = set("由据向在的和与及请于对我本为是把被将从以")
_SUFFIX_AT_RE = re.compile("(?=(?:" + "|".join(_ORGAN_SUFFIXES) + "))")
_REACH = 17
"""How far before a suffix a name can start: the province part (at most 8 characters), the
county part (at most 8) and one 区/县/市."""


def _names(joined: str) -> list[str]:
    """``_ORGAN_RE``'s name at every position of ``joined``, in order, as ``finditer`` gives them:
    tried only within reach of a suffix (trying it at every position cost the most of this stage)."""
    near: set[int] = set()
    for m in _SUFFIX_AT_RE.finditer(joined):
        near.update(range(max(0, m.start() - _REACH), m.start() + 1))
    return [m.group(1) for m in (_ORGAN_RE.match(joined, p) for p in sorted(near)) if m]


def _from_title(title: str | None) -> str | None:
    if not title:
        return None
    m = re.match(r"^(.+?)(?:关于)?(?:19|20)\d{2}\s*年", compact(title))
    if m and len(m.group(1)) >= 3 and m.group(1)[0] not in "区市县" and not m.group(1).startswith("本"):
        return m.group(1)
    return None


def _counts(joined: str, distinct: set[str]) -> Counter[str]:
    """How often each name occurs where no longer candidate starts at the same place."""
    counts: Counter[str] = Counter()
    for name in distinct:
        # the candidates that extend this name, found once per name rather than per occurrence
        extended = [o for o in distinct if o != name and o.startswith(name)]
        # its occurrences as re.finditer finds them (left to right, not overlapping), found by str.find
        at = joined.find(name)
        while at >= 0:
            if not any(joined.startswith(o, at) for o in extended):
                counts[name] += 1
            at = joined.find(name, at + len(name))
    return counts


def _most_named(joined: str) -> str | None:
    cands = _names(joined)
    distinct = {c for c in cands if c and c[0] not in _ORGAN_STOP and len(c) >= 3}
    if not distinct:
        return None
    counts = _counts(joined, distinct)
    # A name that only ever occurs as the tail of a longer one is a fragment of it.
    distinct = {c for c in distinct if not any(d != c and d.endswith(c) and counts[d] >= counts[c] for d in distinct)}

    def rank(name: str) -> tuple[int, int, int]:
        suffix = next(x for x in _ORGAN_SUFFIXES if name.endswith(x))
        stem = name[: len(name) - len(suffix)]
        placed = 1 if name[0] not in "区市县" and any(ch in "省市区县州旗盟镇乡" for ch in stem) else 0
        return (placed, counts[name], -len(name))

    return max(distinct, key=rank)


def run(ledger: Ledger) -> None:
    """Infer ``ledger.organ``; the 发布机构 header field is the last resort."""
    organ = _from_title(ledger.title)
    if organ is None:
        texts = [b.text for b in ledger.preamble]
        texts += [b.text for s in ledger.sections if s.number == 1 for b in s.blocks]
        joined = compact("".join(texts))
        m = re.search(r"《([^《》]{2,40}?)(?:19|20)\d{2}年[^《》]*报告》", joined)
        if m and m.group(1)[0] not in "区市县":
            organ = m.group(1)
        else:
            organ = _most_named(joined) or dict(ledger.fields).get("发布机构") or None
    ledger.organ = organ
