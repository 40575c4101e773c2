"""One tolerant label matcher, used by every reader through the recogniser.

Real reports vary every label: full/half-width brackets, ``1.`` / ``1．`` / ``1、``,
stray spaces and line breaks, quote styles, a dropped or added word. Labels are
compared after :func:`normalize_label`, exactly first and fuzzily as a fallback.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final, TypeVar

# normalize_label's steps, written for speed (tests/test_speed_recog.py compares them with the
# plain regular expressions they stand for).
_ENUMERATOR_RE = re.compile(r"([0-9](?<![0-9][0-9])[0-9]?)[、,.:](?=\D)")
"""An enumerator of one or two digits not preceded by a digit, its look-behind after the first
digit: a pattern that opens with a character class is searched for fast, one that opens with a
look-behind is tried at every position."""
_TRAIL = ":;,.。：；，"
_QUOTE_CHARS: Final = "“”‘’「」『』'"
_CHANGES_RE = re.compile(r"[\s\"“”‘’「」『』'〔〕【】]|[0-9][、,.:]|[:;,.。：；，]$")
"""Anything a step of :func:`normalize_label` after NFKC could change: a text NFKC leaves alone
and this does not find is its own normal form (most tokens of a long table are such)."""


CACHED_UP_TO: Final = 256
"""The longest text whose answers the per-string caches of the form keep (normal forms here,
cell kinds, headings): labels, cells and headings repeat; a whole document's text or a 10 MB
paragraph does not, and 8192 of them kept would be gigabytes."""


MEMO_SIZE: Final = 8192
"""How many answers each per-string memo of the form keeps; a full memo starts again empty."""

_K = TypeVar("_K")
_V = TypeVar("_V")


def remember(memo: dict[_K, _V], key: _K, value: _V, kept: int = MEMO_SIZE) -> _V:
    """``value``, kept in ``memo`` under ``key``; a memo holding ``kept`` answers starts again empty.

    The form's memos are plain dicts read inline by their callers (``memo.get(key)``), not
    ``lru_cache``: compiled, a call through ``lru_cache`` costs about ten times a dict read. This is
    the one place that keeps an answer, asked only when one is missing. (The repair pass, which
    imports nothing of the form, has its twin in :func:`govreport_io.repair.make.remember`.)"""
    if len(memo) >= kept:
        memo.clear()
    memo[key] = value
    return value


_NORMAL: Final[dict[str, str]] = {}
"""normalize_label's answers for short texts. A plain dict, not ``lru_cache``: compiled code
reads a dict inline, where a call through ``lru_cache`` costs about a microsecond (hashing
its arguments, keeping its order of use), and the matcher asks tens of thousands of times a
second about the same few labels and cells."""


def normalize_label(text: str) -> str:
    """Canonical form of a label for comparison.

    NFKC (full-width to half-width), every whitespace removed, quotes unified,
    list enumerators ``1、`` ``1．`` ``1,`` made ``1.``, trailing punctuation dropped.
    """
    if len(text) > CACHED_UP_TO:
        return _normalized(text)
    norm = _NORMAL.get(text)
    if norm is None:
        norm = remember(_NORMAL, text, _normalized(text))
    return norm


def _normalized(text: str) -> str:
    if unicodedata.is_normalized("NFKC", text) and not _CHANGES_RE.search(text):
        return text
    s = _nfkc(text)
    for quote in _QUOTE_CHARS:  # a scan per quote: translate by a dict is slow on CJK text
        if quote in s:
            s = s.replace(quote, '"')
    s = "".join(s.split())  # str.split parts at exactly the characters \s matches
    s = s.replace("〔", "(").replace("〕", ")").replace("【", "(").replace("】", ")")
    s = _ENUMERATOR_RE.sub(r"\1.", s)
    return s.rstrip(_TRAIL)  # no line break is left for a "$" to stand before


_IDEOGRAPHS_RE = re.compile("([\u4e00-\u9fff]+)")
_NFKC_CHUNK = 1 << 16


def _nfkc(text: str) -> str:
    """NFKC of ``text``, the runs of CJK ideographs left out of it: they are their own NFKC, and
    the text can be cut before and after them (an ideograph is a starter that composes with
    nothing, so no character on one side of a cut changes with one on the other). On Chinese
    text a fourth of the time of normalising the whole. A long text goes in chunks cut before
    an ideograph, so that the pieces of no more than one chunk are in memory at once."""
    if unicodedata.is_normalized("NFKC", text):
        return text
    out, start = [], 0
    while start < len(text):
        cut = _IDEOGRAPHS_RE.search(text, start + _NFKC_CHUNK) if len(text) - start > _NFKC_CHUNK else None
        end = cut.start() if cut else len(text)
        parts = _IDEOGRAPHS_RE.split(text[start:end])  # odd parts are the runs of ideographs
        out.append("".join(p if k % 2 else unicodedata.normalize("NFKC", p) for k, p in enumerate(parts)))
        start = end
    return "".join(out)


def similarity(a: str, b: str) -> float:
    """Similarity of two normalised labels, 0..1: ``SequenceMatcher(None, a, b, autojunk=False).ratio()``."""
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    return 2.0 * _matched(a, b) / (len(a) + len(b))


def _matched(a: str, b: str) -> int:
    """How many characters difflib's SequenceMatcher (no junk, no autojunk) matches between ``a``
    and ``b``: the longest matching block, then the same on each side of it, as its
    get_matching_blocks does. Written out so that it compiles (difflib is pure Python and was most
    of the fuzzy label matching); tests/test_speed_recog.py compares the two."""
    b2j: dict[str, list[int]] = {}
    for j, ch in enumerate(b):
        b2j.setdefault(ch, []).append(j)
    # a's characters looked up once (each index of a CJK text makes a new string), and two rows
    # of run lengths by position in b, shared by every block search (each leaves them zero)
    rows = [b2j.get(ch, _NOTHING) for ch in a]
    prev, cur = [0] * (len(b) + 1), [0] * (len(b) + 1)
    total = 0
    todo = [(0, len(a), 0, len(b))]
    while todo:
        alo, ahi, blo, bhi = todo.pop()
        i, j, k = _longest_match(a, b, rows, prev, cur, alo, ahi, blo, bhi)
        if k:
            total += k
            if alo < i and blo < j:
                todo.append((alo, i, blo, j))
            if i + k < ahi and j + k < bhi:
                todo.append((i + k, ahi, j + k, bhi))
    return total


_NOTHING: list[int] = []


def _longest_match(a: str, b: str, rows: list[list[int]], prev: list[int], cur: list[int], alo: int, ahi: int,
                   blo: int, bhi: int) -> tuple[int, int, int]:
    """difflib's find_longest_match with no junk: the longest block of a[alo:ahi] equal to one of
    b[blo:bhi]; of those, the one that starts first in ``a``, then first in ``b``.

    ``rows[i]`` lists where ``a[i]`` stands in ``b``; ``prev`` and ``cur`` are all zero and are
    left so. ``prev[j + 1]`` is the length of the block ending at the previous ``i`` and ``j``
    (difflib's j2len, in a list instead of a dictionary made per ``i``)."""
    besti, bestj, bestsize = alo, blo, 0
    touched: list[int] = []
    for i in range(alo, ahi):
        now: list[int] = []
        for j in rows[i]:
            if j < blo:
                continue
            if j >= bhi:
                break
            k = prev[j] + 1
            cur[j + 1] = k
            now.append(j + 1)
            if k > bestsize:
                besti, bestj, bestsize = i - k + 1, j - k + 1, k
        for t in touched:
            prev[t] = 0
        prev, cur, touched = cur, prev, now
    for t in touched:
        prev[t] = 0
    # difflib then extends the block by equal characters on either side; without junk the block
    # found is already maximal, and the loop below is that extension, kept for exactness
    while besti > alo and bestj > blo and a[besti - 1] == b[bestj - 1]:
        besti, bestj, bestsize = besti - 1, bestj - 1, bestsize + 1
    while besti + bestsize < ahi and bestj + bestsize < bhi and a[besti + bestsize] == b[bestj + bestsize]:
        bestsize += 1
    return besti, bestj, bestsize


@lru_cache(maxsize=4096)
def _chars(label: str) -> Counter[str]:
    return Counter(label)


def _common(text: str, label: str) -> int:
    """How many characters ``text`` and ``label`` share, counted with repeats: no alignment of
    the two can match more, so ``2 * common / (len(text) + len(label))`` bounds their similarity."""
    theirs = _chars(label)
    return sum(min(k, theirs[ch]) for ch, k in Counter(text).items() if ch in theirs)


def similar(a: str, b: str, threshold: float) -> bool:
    """``similarity(a, b) >= threshold``, without aligning the two when their shared characters
    already rule it out (aligning is what costs)."""
    if a == b:
        return threshold <= 1.0
    if not a or not b:
        return threshold <= 0.0
    total = len(a) + len(b)
    if 2.0 * min(len(a), len(b)) / total < threshold or 2.0 * _common(a, b) / total < threshold:
        return False
    return similarity(a, b) >= threshold


def tail_score(text: str, label: str, floor: float = 0.0) -> float:
    """How well normalised ``text`` ends with normalised ``label`` (1.0 = exact suffix).

    Used where a buffer holds group labels and header words before a row label. A score
    below ``floor`` is of no interest to the caller: the result is exact when it reaches
    ``floor`` and only known to be below it otherwise, which spares aligning ends of text
    that share too few characters with the label to reach it.
    """
    if not label:
        return 0.0
    if text.endswith(label):
        return 1.0
    n = len(label)
    window = text[-(n + 3):]  # every end compared lies within this one
    chars = _chars(label)
    # A first bound from the characters the two share, counted as often as the label has
    # them: cheap, and enough to rule out an end of text that has nothing to do with the label.
    shared = sum(chars[ch] for ch in chars.keys() & set(window))
    if 2.0 * shared / (shared + n) < floor:
        return 0.0
    common = _common(window, label)
    if 2.0 * common / (common + n) < floor:
        return 0.0  # no end of any length can reach the floor (the bound below peaks at common)
    # The ends compared: the label's length, and a word more or less than it.
    ends = [n, *(n + d for d in (1, 2, 3) if len(text) >= n + d), *(n - d for d in (1, 2, 3) if n - d > 0)]
    best = 0.0
    for m in ends:
        end = text[-m:]
        bound = 2.0 * min(common, len(end), n) / (len(end) + n) if end else 0.0
        if bound < floor or bound <= best:
            continue  # this end cannot score above what is known, or reach the floor
        best = max(best, similarity(end, label))
    return best


def best_match(text: str, candidates: Sequence[Iterable[str]] | Compiled, threshold: float = 0.78,
               fuzzy_limit: int | None = None) -> tuple[int, float] | None:
    """Index and score of the candidate (a list of label variants) that ``text`` ends with best.

    Exact suffix matches win; among equal scores the longest label, then the earliest
    candidate. Only the first ``fuzzy_limit`` candidates are compared fuzzily (the rest
    must match exactly), and none when an exact match exists. Returns None when nothing
    reaches ``threshold``. ``candidates`` may come compiled by :func:`compile_candidates`
    (with their ``fuzzy_limit``), as a caller matching the same labels many times keeps them.
    """
    plan = candidates if isinstance(candidates, Compiled) else \
        compile_candidates(tuple(tuple(v) for v in candidates), fuzzy_limit)
    return match_compiled(text, plan, threshold)


@dataclass(frozen=True, slots=True)
class Compiled:
    """Candidates made ready for :func:`match_compiled`: their variants normalised, every
    non-empty one (for one exact test), and for the fuzzy ones each label with an index
    from character to the labels that hold it (how often), so that a text is compared
    only with the labels it shares characters with."""

    labels: tuple[tuple[str, ...], ...]
    every: tuple[str, ...]
    suffixes: tuple[tuple[int, dict[str, int]], ...]  # per label length, longest first: label → first candidate
    whole: dict[str, int]  # every label → its first candidate (a text that is a label ends with no longer one)
    fuzzy: tuple[tuple[int, str], ...]  # (candidate index, normalised label), in order
    longest: int
    by_char: dict[str, tuple[tuple[int, int], ...]]  # character → (position in fuzzy, count)
    fuzzed: dict[tuple[str, float], tuple[int, float]] = field(default_factory=dict, compare=False, repr=False)
    """The fuzzy comparison's answers by normalised text and threshold: reports print the form's
    labels alike, so the same ends of text are compared with the same labels again and again
    (at most :data:`_FUZZED_KEPT` kept per set of candidates, short texts only)."""


@lru_cache(maxsize=1024)
def compile_candidates(candidates: tuple[tuple[str, ...], ...], fuzzy_limit: int | None = None) -> Compiled:
    """``candidates`` compiled once (cached: a table's rows are fixed form data, matched many times)."""
    labels = tuple(tuple(normalize_label(v) for v in variants) for variants in candidates)
    every = tuple(lab for variants in labels for lab in variants if lab)
    fuzzy = tuple((i, lab) for i, variants in enumerate(labels[:fuzzy_limit] if fuzzy_limit is not None
                                                        else labels) for lab in variants)
    suffixes: dict[int, dict[str, int]] = {}
    whole: dict[str, int] = {}
    for i, variants in enumerate(labels):
        for lab in variants:
            if lab:
                suffixes.setdefault(len(lab), {}).setdefault(lab, i)
                whole.setdefault(lab, i)
    by_char: dict[str, list[tuple[int, int]]] = {}
    for j, (_, lab) in enumerate(fuzzy):
        for ch, k in _chars(lab).items():
            by_char.setdefault(ch, []).append((j, k))
    return Compiled(labels, every, tuple(sorted(suffixes.items(), reverse=True)), whole, fuzzy,
                    max((len(lab) for _, lab in fuzzy), default=0),
                    {ch: tuple(v) for ch, v in by_char.items()})


def match_compiled(text: str, plan: Compiled, threshold: float = 0.78) -> tuple[int, float] | None:
    """:func:`best_match` over candidates compiled by :func:`compile_candidates`."""
    norm = normalize_label(text)
    whole = plan.whole.get(norm)
    if whole is not None:  # the text is a label (a cell of a real table row): no longer label ends it
        return whole, 1.0
    if norm.endswith(plan.every):  # one test first: most texts end with no label at all
        for n, first in plan.suffixes:  # the longest label that ends the text, then the earliest candidate
            i = first.get(norm[-n:])
            if i is not None:
                return i, 1.0
    if len(norm) > CACHED_UP_TO:
        return _fuzzy_match(norm, plan, threshold)
    key = (norm, threshold)
    found = plan.fuzzed.get(key)
    if found is None:
        answer = _fuzzy_match(norm, plan, threshold)
        found = remember(plan.fuzzed, key, _NO_MATCH if answer is None else answer, _FUZZED_KEPT)
    return None if found[0] < 0 else found


_FUZZED_KEPT: Final = 128
_NO_MATCH: Final = (-1, 0.0)
"""What :attr:`Compiled.fuzzed` keeps for a text that matches nothing (no candidate has index -1)."""


def _fuzzy_match(norm: str, plan: Compiled, threshold: float) -> tuple[int, float] | None:
    """The best fuzzy match of normalised ``norm`` among ``plan``'s fuzzy labels (none ends it exactly)."""
    # tail_score's first bound, over a wider end (the characters of every end it compares),
    # summed per label from the index: a label that shares too few characters is out of reach
    shared: dict[int, int] = {}
    for ch in set(norm[-(plan.longest + 3):]):
        for j, k in plan.by_char.get(ch, ()):
            shared[j] = shared.get(j, 0) + k
    best: tuple[float, int, int] | None = None
    for j in (range(len(plan.fuzzy)) if threshold <= 0 else sorted(shared)):
        i, lab = plan.fuzzy[j]
        if lab and 2.0 * shared.get(j, 0) / (shared.get(j, 0) + len(lab)) < threshold:
            continue
        score = tail_score(norm, lab, threshold)
        if score < threshold:
            continue
        key = (score, len(lab), -i)
        if best is None or key > best:
            best = key
    if best is None:
        return None
    return -best[2], best[0]


def strip_known(text: str, words: Iterable[str]) -> str:
    """Normalised ``text`` with every known word removed, longest words first."""
    s = normalize_label(text)
    for w in _longest_first(words if isinstance(words, tuple) else tuple(words)):
        s = s.replace(w, "")
    return s


@lru_cache(maxsize=64)
def _longest_first(words: tuple[str, ...]) -> tuple[str, ...]:
    """The distinct non-empty normalised ``words``, longest first (a table's vocabulary is
    sorted once, not once per token)."""
    return tuple(w for w in sorted({normalize_label(x) for x in words}, key=len, reverse=True) if w)
