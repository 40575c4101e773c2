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
_SUFFIX_HEADS = tuple(x for x in _ORGAN_SUFFIXES if not any(y != x and x.startswith(y) for y in _ORGAN_SUFFIXES))
"""The suffixes no other suffix opens (人民政府 and not 人民政府办公室): a suffix starts exactly where
one of these does."""
_IDEOGRAPHS_RE = re.compile("[\u4e00-\u9fff]+")
"""A run of the characters a name is made of: every class and suffix of ``_ORGAN_RE`` holds these only."""
_REACH = 17
"""How far before a suffix a name can start: the province part (at most 8 characters), the
county part (at most 8) and one 区/县/市."""
_PLACES = "省市区县州旗盟镇乡"
_PLACE_ENDS = frozenset(_PLACES)
"""The characters a name's part before its suffix ends in (the province part ends in 省市州盟, the
county part in 区县市旗镇乡, a lone 区/县/市 is one): before any other character a suffix starts
a name only where it stands itself."""
_PLACE_RE = re.compile(f"[{_PLACES}]")


def _names(joined: str) -> list[str]:
    """``_ORGAN_RE``'s name at every position of ``joined``, in order, as ``finditer`` gives them:
    tried only within reach of a suffix that starts in the same run of ideographs (trying it at
    every position cost the most of this stage; a name is a run of ideographs ending in a suffix),
    and before it only when a place character stands right before it (see :data:`_PLACE_ENDS`:
    most suffixes, 局 in 公安局, 办公室 in 政府办公室, start no longer name)."""
    near: set[int] = set()
    run_start, run_end = 0, -1
    for at in _suffix_starts(joined):
        if at >= run_end:  # the run of ideographs this suffix starts in
            run = _IDEOGRAPHS_RE.match(joined, at)
            run_end = run.end() if run else at
            run_start = at
            while run_start > 0 and "\u4e00" <= joined[run_start - 1] <= "\u9fff":
                run_start -= 1
        if at > run_start and joined[at - 1] in _PLACE_ENDS:
            near.update(range(max(run_start, at - _REACH), at + 1))
        else:
            near.add(at)
    return [m.group(1) for m in (_ORGAN_RE.match(joined, p) for p in sorted(near)) if m]


def _suffix_starts(joined: str) -> list[int]:
    """Where a suffix starts in ``joined``, in order: found by ``str.find`` (the engine's search for
    a class of their first characters stopped at every 政 and 人 of a report)."""
    starts: set[int] = set()
    for head in _SUFFIX_HEADS:
        at = joined.find(head)
        while at >= 0:
            starts.add(at)
            at = joined.find(head, at + 1)
    return sorted(starts)


_TITLE_ORGAN_RE = re.compile(r"^(.+?)(?:关于)?(?:19|20)\d{2}\s*年")
_YEAR_FIRST_RE = re.compile(r"^(?:19|20)\d{2}年度?(.+?)(?:关于)?(?:政府信息公开|政务公开|信息公开)")
"""A title that opens with its year: 2025年上海市人民政府办公厅政府信息公开工作年度报告."""


def _from_title(title: str | None) -> str | None:
    """The organ a title names before its year, or right after a year it opens with."""
    if not title:
        return None
    text = compact(title)
    for pattern in (_TITLE_ORGAN_RE, _YEAR_FIRST_RE):
        m = pattern.match(text)
        if m and len(m.group(1)) >= 3 and m.group(1)[0] not in "区市县" and not m.group(1).startswith("本"):
            return m.group(1)
    return None


def _counts(joined: str, distinct: set[str]) -> Counter[str]:
    """How often each name occurs where no longer candidate starts at the same place."""
    counts: Counter[str] = Counter()
    ordered = sorted(distinct)
    for n, name in enumerate(ordered):
        # the candidates that extend this name, found once per name rather than per occurrence:
        # in sorted order they are the names right after it
        extended = []
        for other in ordered[n + 1:]:
            if not other.startswith(name):
                break
            extended.append(other)
        # its occurrences as re.finditer finds them (left to right, not overlapping), found by str.find
        at = joined.find(name)
        while at >= 0:
            if not any(joined.startswith(o, at) for o in extended):
                counts[name] += 1
            at = joined.find(name, at + len(name))
    return counts


def _whole_names(distinct: set[str], counts: Counter[str]) -> set[str]:
    """The names that are not fragments: a name that only ever occurs as the tail of a longer one
    (at least as often) is a fragment of it. The longer names ending in a name are found as the
    names right after it when all are sorted by their reversed text."""
    ordered = sorted(distinct, key=lambda c: c[::-1])
    whole = set()
    for n, name in enumerate(ordered):
        fragment = False
        for other in ordered[n + 1:]:
            if not other.endswith(name):
                break
            if counts[other] >= counts[name]:
                fragment = True
                break
        if not fragment:
            whole.add(name)
    return whole


def _most_named(joined: str) -> str | None:
    cands = _names(joined)
    distinct = {c for c in cands if c and c[0] not in _ORGAN_STOP and len(c) >= 3}
    if not distinct:
        return None
    counts = _counts(joined, distinct)
    distinct = _whole_names(distinct, counts)

    def rank(name: str) -> tuple[int, int, int, int]:
        stem = name
        for suffix in _ORGAN_SUFFIXES:  # the first suffix of the list it ends with
            if name.endswith(suffix):
                stem = name[: len(name) - len(suffix)]
                break
        placed = 1 if name[0] not in "区市县" and _PLACE_RE.search(stem) else 0
        # ties go to the name the text gives first: a set's order changes with the hash seed
        return (placed, counts[name], -len(name), -joined.find(name))

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
