"""Stage: the organ that publishes the report (from the title, a quoted report name, or the
organ named most often in the preamble and section 一)."""

from __future__ import annotations

import re
from typing import Final

from ...repair.cjk import compact
from .ledger import Ledger

_ORGAN_SUFFIXES: Final = (
    "人民政府办公室", "人民政府办公厅", "人民政府", "政府办公室", "政府办", "政务办", "党政办",
    "政务服务管理办公室", "政务服务管理局", "数据局", "办公室", "委员会", "局", "厅",
)
_ORGAN_RE: Final = re.compile(
    "(?=((?:[\u4e00-\u9fff]{2,7}?[省市州盟])?(?:[\u4e00-\u9fff]{1,7}?[区县市旗镇乡])?[区县市]?(?:"
    + "|".join(_ORGAN_SUFFIXES) + ")))"
)
_ORGAN_STOP: Final = frozenset("由据向在的和与及请于对我本为是把被将从以")
_SUFFIX_HEADS: Final = tuple(x for x in _ORGAN_SUFFIXES if not any(y != x and x.startswith(y) for y in _ORGAN_SUFFIXES))
"""The suffixes no other suffix opens (人民政府 and not 人民政府办公室): a suffix starts exactly where
one of these does, and no two of them start at the same place."""
_REACH: Final = 17
"""How far before a suffix a name can start: the province part (at most 8 characters), the
county part (at most 8) and one 区/县/市."""
_NAME_MAX: Final = _REACH + max(len(x) for x in _ORGAN_SUFFIXES)
"""The longest name ``_ORGAN_RE`` can give: what it looks at from where it is tried."""
_PLACES: Final = "省市区县州旗盟镇乡"
"""The characters a name's part before its suffix ends in (the province part ends in 省市州盟, the
county part in 区县市旗镇乡, a lone 区/县/市 is one): before any other character a suffix starts
a name only where it stands itself. A name is a run of ideographs (U+4E00–U+9FFF): every class
and suffix of ``_ORGAN_RE`` holds these only."""
_PLACE_RE: Final = re.compile(f"[{_PLACES}]")


def _place_kind(c: int) -> int:
    """What the place character ``c`` can end in a name, as bits: the province part (1: 省市州盟), the
    county part (2: 区县市旗镇乡), the lone 区/县/市 (4); 0 for any other character. ``c`` is a code
    point, as ``ord(s[i])`` gives it without making a one-character string."""
    if c < 0x4E61 or c > 0x9547:  # 乡 and 镇, the first and last of them
        return 0
    if c == 0x5E02:  # 市
        return 7
    if c == 0x533A or c == 0x53BF:  # 区 县
        return 6
    if c == 0x7701 or c == 0x5DDE or c == 0x76DF:  # 省 州 盟
        return 1
    if c == 0x65D7 or c == 0x9547 or c == 0x4E61:  # 旗 镇 乡
        return 2
    return 0


_PROVINCE: Final = 1
_COUNTY: Final = 2
_LONE: Final = 4
_NEEDLES: Final = "民室局厅委办"
"""Characters rare in a report that every suffix head holds one of (the first of these it holds is
looked for): ``str.find`` of one character is several times quicker than of several."""
_HEAD_FINDS: Final = tuple(
    (needle, tuple((tuple(ord(c) for c in head), head.index(needle),
                    tuple((tuple(ord(c) for c in x[len(head):]), len(x))
                          for x in _ORGAN_SUFFIXES if x.startswith(head)))
                   for head in _SUFFIX_HEADS if next(c for c in _NEEDLES if c in head) == needle))
    for needle in _NEEDLES
)
"""Each needle with the heads it finds (as code points), where in each it stands, and the
suffixes each head opens in the order ``_ORGAN_RE`` tries them (all the suffixes that start where
a head does open that head), each as its code points after the head and its length."""
assert sum(len(heads) for _, heads in _HEAD_FINDS) == len(_SUFFIX_HEADS)


def _names(joined: str) -> list[str]:
    """``_ORGAN_RE``'s name at every position of ``joined``, in order, as ``finditer`` gives them."""
    names: list[str] = []
    hits = _suffix_hits(joined)
    stretches = _stretches(joined, hits)
    if stretches:
        hay, shifts = _haystack(joined, stretches)
        _hay_names(hay, stretches, shifts, hits, names)
    return names


def _stretches(joined: str, hits: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """Where a name can start, as stretches of positions ``lo``..``hi`` (in order, apart), each with
    how far its names can reach (``end``): within reach of a suffix that starts in the same run of
    ideographs (a name is a run of ideographs ending in a suffix), and before it only when a place
    character stands right before it (see :data:`_PLACES`: most suffixes, 局 in 公安局, 办公室
    in 政府办公室, start no longer name). Every occurrence of any name ``_ORGAN_RE`` gives starts in
    one: the text before its suffix ends in a place character and is at most ``_REACH`` long."""
    spans: list[tuple[int, int, int]] = []
    run_end = -1
    size = len(joined)
    for at, _ in hits:
        if at >= run_end:  # where the run of ideographs this suffix starts in ends
            k = at
            while k < size and 0x4E00 <= ord(joined[k]) <= 0x9FFF:
                k += 1
            run_end = k
        if at > 0 and _place_kind(ord(joined[at - 1])):  # an ideograph: the run goes on before
            # where the run starts, looked for no further back than a name can start
            lo = at - _REACH if at > _REACH else 0
            k = at - 1
            while k >= lo and 0x4E00 <= ord(joined[k]) <= 0x9FFF:
                k -= 1
            spans.append((k + 1, at, run_end))
        else:
            spans.append((at, at, run_end))
    spans.sort()
    stretches: list[tuple[int, int, int]] = []
    n = len(spans)
    k = 0
    while k < n:
        lo, hi, run_end = spans[k]
        k += 1
        while k < n and spans[k][0] <= hi + 1:  # touching spans are of one run: runs stand apart
            if spans[k][1] > hi:
                hi = spans[k][1]
            k += 1
        stretches.append((lo, hi, min(run_end, hi + _NAME_MAX)))
    return stretches


def _hay_names(hay: str, stretches: list[tuple[int, int, int]], shifts: list[int], hits: list[tuple[int, int]],
               names: list[str]) -> None:
    """Append the name ``_ORGAN_RE`` gives at each position of each stretch that it gives one at,
    found as the engine finds it (in its order of trying) over what the stretch's characters can
    be: every character of a stretch's ``lo``..``end`` is an ideograph; the place characters and
    where a suffix starts (with the first suffix of the list there) are marked once in the
    stretches' text (see :func:`_haystack`; ``shifts`` moves a stretch's positions there). The
    engine took a quarter of a microsecond a position, and a call of it as much again."""
    size = len(hay)
    kinds = [0] * size
    for j in range(size):
        kind = _place_kind(ord(hay[j]))
        if kind:
            kinds[j] = kind
    suffixes = [0] * size
    first = 0
    total = len(hits)
    for k in range(len(stretches)):
        lo, hi, end = stretches[k]
        shift = shifts[k]
        while first < total and hits[first][0] < lo:
            first += 1
        n = first
        while n < total and hits[n][0] < end:
            at, length = hits[n]
            suffixes[at + shift] = length
            n += 1
        bound = end + shift
        for i in range(lo + shift, hi + shift + 1):
            e = _name_end(i, bound, kinds, suffixes)
            if e >= 0:
                names.append(hay[i:e])


def _name_end(i: int, size: int, kinds: list[int], suffixes: list[int]) -> int:
    """Where the name from ``i`` ends (-1: none): the province part ([ideographs]{2,7}? then 省市州
    盟) as short as can be, else none; then the rest (see :func:`_rest_end`)."""
    x = i + 2
    last = min(i + 7, size - 1)
    while x <= last:
        if kinds[x] & _PROVINCE:
            e = _rest_end(x + 1, size, kinds, suffixes)
            if e >= 0:
                return e
        x += 1
    return _rest_end(i, size, kinds, suffixes)


def _rest_end(q: int, size: int, kinds: list[int], suffixes: list[int]) -> int:
    """Where a name ends whose county part ([ideographs]{1,7}? then 区县市旗镇乡, as short as can be,
    else none) starts at ``q``; then a lone 区/县/市 if the suffix follows it, else the suffix."""
    y = q + 1
    last = min(q + 7, size - 1)
    while y <= last:
        if kinds[y] & _COUNTY:
            e = _suffix_end(y + 1, size, kinds, suffixes)
            if e >= 0:
                return e
        y += 1
    return _suffix_end(q, size, kinds, suffixes)


def _suffix_end(r: int, size: int, kinds: list[int], suffixes: list[int]) -> int:
    if r >= size:
        return -1
    if kinds[r] & _LONE and r + 1 < size and suffixes[r + 1]:
        return r + 1 + suffixes[r + 1]
    if suffixes[r]:
        return r + suffixes[r]
    return -1


def _haystack(joined: str, stretches: list[tuple[int, int, int]]) -> tuple[str, list[int]]:
    """The text of the stretches (from ``lo`` to ``end``, overlapping ones as one) joined by line
    breaks, and for each stretch what moves its positions there: every occurrence of every name
    ``_ORGAN_RE`` gives in ``joined`` is one here, in the same order, overlapping the same others
    (see :func:`_stretches`; a name is all ideographs, so none spans a line break)."""
    parts: list[str] = []
    shifts: list[int] = []
    lo, _, end = stretches[0]
    at = 0  # where the text from lo stands in the haystack
    for k in range(len(stretches)):
        next_lo, _, next_end = stretches[k]
        if next_lo <= end:
            if next_end > end:
                end = next_end
        else:
            parts.append(joined[lo:end])
            at += end - lo + 1
            lo, end = next_lo, next_end
        shifts.append(at - lo)
    parts.append(joined[lo:end])
    return "\n".join(parts), shifts


def _suffix_starts(joined: str) -> list[int]:
    """Where a suffix starts in ``joined``, in order."""
    return [at for at, _ in _suffix_hits(joined)]


def _suffix_hits(joined: str) -> list[tuple[int, int]]:
    """Where a suffix starts in ``joined``, in order, with the length
    of the first suffix of the list there: found by ``str.find`` of a rare character each suffix
    head holds (see :data:`_NEEDLES`), then checked (the engine's search for a class of their
    first characters stopped at every 政 and 人 of a report; a ``str.find`` of each head went
    through the text ten times)."""
    hits: list[tuple[int, int]] = []
    for needle, heads in _HEAD_FINDS:
        at = joined.find(needle)
        while at >= 0:
            for head, offset, suffixes in heads:
                start = at - offset
                if start >= 0 and _holds(joined, start, head):
                    after = start + len(head)
                    for rest, length in suffixes:
                        if _holds(joined, after, rest):
                            hits.append((start, length))
                            break
            at = joined.find(needle, at + 1)
    hits.sort()
    return hits


def _holds(text: str, at: int, codes: tuple[int, ...]) -> bool:
    """Whether ``text`` holds the code points ``codes`` from ``at`` (at least 0) on: compared as ints,
    where a ``str.find`` bounded to the place went the generic way through the text's search."""
    if at + len(codes) > len(text):
        return False
    for j in range(len(codes)):
        if ord(text[at + j]) != codes[j]:
            return False
    return True


_TITLE_ORGAN_RE: Final = re.compile(r"^(.+?)(?:关于)?(?:19|20)\d{2}\s*年")
_YEAR_FIRST_RE: Final = re.compile(r"^(?:19|20)\d{2}年度?(.+?)(?:关于)?(?:政府信息公开|政务公开|信息公开)")
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


def _counts(joined: str, distinct: set[str]) -> dict[str, int]:
    """How often each name occurs where no longer candidate starts at the same place (a name that
    does not occur so is left out)."""
    counts: dict[str, int] = {}
    ordered = sorted(distinct)
    total = len(ordered)
    for n in range(total):
        name = ordered[n]
        # the candidates that extend this name, found once per name rather than per occurrence:
        # in sorted order they are the names right after it
        extended: list[str] = []
        k = n + 1
        while k < total and ordered[k].startswith(name):
            extended.append(ordered[k])
            k += 1
        if not extended:  # its occurrences as re.finditer finds them: left to right, not overlapping
            times = joined.count(name)
            if times:
                counts[name] = times
            continue
        times = 0
        at = joined.find(name)
        while at >= 0:
            longer = False
            for other in extended:
                if joined.find(other, at, at + len(other)) == at:
                    longer = True
                    break
            if not longer:
                times += 1
            at = joined.find(name, at + len(name))
        if times:
            counts[name] = times
    return counts


def _whole_names(distinct: set[str], counts: dict[str, int]) -> set[str]:
    """The names that are not fragments: a name that only ever occurs as the tail of a longer one
    (at least as often) is a fragment of it. The longer names ending in a name are found as the
    names right after it when all are sorted by their reversed text (kept beside each name, so
    that the counts are looked up by the names themselves, whose hashes are known)."""
    pairs = sorted([(c[::-1], c) for c in distinct])  # the reversed texts differ: names never compared
    total = len(pairs)
    whole: set[str] = set()
    for n in range(total):
        tail, name = pairs[n]
        times = counts.get(name, 0)
        fragment = False
        k = n + 1
        while k < total:
            longer_tail, longer = pairs[k]
            if not longer_tail.startswith(tail):
                break
            if counts.get(longer, 0) >= times:
                fragment = True
                break
            k += 1
        if not fragment:
            whole.add(name)
    return whole


_PLACED: Final[dict[str, int]] = {}
"""Whether a name names a place before its suffix (see :func:`_placed`), by name: a few hundred
distinct names over a corpus; cleared when it grows past :data:`_PLACED_MAX`."""
_PLACED_MAX: Final = 4096


def _placed(name: str) -> int:
    """1 when ``name`` holds a place character before the first suffix of the list it ends with
    (its stem) and does not open with 区/市/县, else 0."""
    known = _PLACED.get(name)
    if known is not None:
        return known
    stem = name
    for suffix in _ORGAN_SUFFIXES:  # the first suffix of the list it ends with
        if name.endswith(suffix):
            stem = name[: len(name) - len(suffix)]
            break
    placed = 1 if name[0] not in "区市县" and _PLACE_RE.search(stem) else 0
    if len(_PLACED) >= _PLACED_MAX:
        _PLACED.clear()
    _PLACED[name] = placed
    return placed


def _most_named(joined: str) -> str | None:
    """The whole name ranked first by: it names a place, how often it occurs, shortness, and (ties
    go to the name the text gives first) where it first occurs; that is found only on a tie of
    the rest (no two names first occur at the same place with the same length, so the order of
    the set does not matter). Names are counted and found in the stretches' text only (see
    :func:`_haystack`), a fraction of the text."""
    hits = _suffix_hits(joined)
    stretches = _stretches(joined, hits)
    if not stretches:
        return None
    hay, shifts = _haystack(joined, stretches)
    names: list[str] = []
    _hay_names(hay, stretches, shifts, hits, names)
    distinct: set[str] = set()
    for c in names:
        if len(c) >= 3 and c[0] not in _ORGAN_STOP:
            distinct.add(c)
    if not distinct:
        return None
    counts = _counts(hay, distinct)
    best: str | None = None
    best_placed = best_count = best_len = best_at = 0
    for name in _whole_names(distinct, counts):
        placed = _placed(name)
        count = counts.get(name, 0)
        size = len(name)
        if best is not None:
            if placed != best_placed:
                if placed < best_placed:
                    continue
            elif count != best_count:
                if count < best_count:
                    continue
            elif size != best_len:
                if size > best_len:
                    continue
            else:
                if best_at < 0:
                    best_at = hay.find(best)
                at = hay.find(name)
                if at >= best_at:
                    continue
                best, best_placed, best_count, best_len, best_at = name, placed, count, size, at
                continue
        best, best_placed, best_count, best_len, best_at = name, placed, count, size, -1
    return best


_REPORT_QUOTE_RE: Final = re.compile(r"《([^《》]{2,40}?)(?:19|20)\d{2}年[^《》]*报告》")


def _report_quote(joined: str) -> re.Match[str] | None:
    """``_REPORT_QUOTE_RE.search(joined)``, tried only where it can match: a match is one whole
    quote (it holds no 《 or 》) that ends in 报告》, so it opens at the last 《 before a 报告》 with
    no 》 between; those are tried in order (the engine went through the text, and through every
    quote for 40 characters)."""
    end = joined.find("报告》")
    while end >= 0:
        start = joined.rfind("《", 0, end)
        if start >= 0 and joined.find("》", start, end) < 0:
            m = _REPORT_QUOTE_RE.match(joined, start)
            if m:
                return m
        end = joined.find("报告》", end + 3)
    return None


def run(ledger: Ledger) -> None:
    """Infer ``ledger.organ``; the 发布机构 header field is the last resort."""
    organ = _from_title(ledger.title)
    if organ is None:
        texts = [b.text for b in ledger.preamble]
        texts += [b.text for s in ledger.sections if s.number == 1 for b in s.blocks]
        joined = compact("".join(texts))
        m = _report_quote(joined)
        if m and m.group(1)[0] not in "区市县":
            organ = m.group(1)
        else:
            organ = _most_named(joined) or dict(ledger.fields).get("发布机构") or None
    ledger.organ = organ
