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
from difflib import SequenceMatcher
from functools import lru_cache

_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": '"', "’": '"', "「": '"', "」": '"', "『": '"', "』": '"', "'": '"'})
_SPACE_RE = re.compile(r"\s+")
_ENUM_RE = re.compile(r"(?<![0-9])([0-9]{1,2})[、,.:](?=\D)")
_TRAIL_RE = re.compile(r"[:;,.。：；，]+$")


@lru_cache(maxsize=8192)
def normalize_label(text: str) -> str:
    """Canonical form of a label for comparison.

    NFKC (full-width to half-width), every whitespace removed, quotes unified,
    list enumerators ``1、`` ``1．`` ``1,`` made ``1.``, trailing punctuation dropped.
    """
    s = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    s = _SPACE_RE.sub("", s)
    s = s.replace("〔", "(").replace("〕", ")").replace("【", "(").replace("】", ")")
    s = _ENUM_RE.sub(r"\1.", s)
    return _TRAIL_RE.sub("", s)


def similarity(a: str, b: str) -> float:
    """Similarity of two normalised labels, 0..1."""
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


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


def best_match(text: str, candidates: Sequence[Iterable[str]], threshold: float = 0.78,
               fuzzy_limit: int | None = None) -> tuple[int, float] | None:
    """Index and score of the candidate (a list of label variants) that ``text`` ends with best.

    Exact suffix matches win; among equal scores the longest label, then the earliest
    candidate. Only the first ``fuzzy_limit`` candidates are compared fuzzily (the rest
    must match exactly), and none when an exact match exists. Returns None when nothing
    reaches ``threshold``.
    """
    norm = normalize_label(text)
    labels, every = _normalized(tuple(tuple(variants) for variants in candidates))
    if norm.endswith(every):  # one test first: most texts end with no label at all
        exact = [(len(lab), -i) for i, variants in enumerate(labels) for lab in variants
                 if lab and norm.endswith(lab)]
        return -max(exact)[1], 1.0
    fuzzy = labels[:fuzzy_limit] if fuzzy_limit is not None else labels
    longest = max((len(lab) for variants in fuzzy for lab in variants), default=0)
    near = set(norm[-(longest + 3):])  # the characters of every end that tail_score compares
    best: tuple[float, int, int] | None = None
    for i, variants in enumerate(fuzzy):
        for lab in variants:
            if lab:
                chars = _chars(lab)
                shared = sum(chars[ch] for ch in chars.keys() & near)
                if 2.0 * shared / (shared + len(lab)) < threshold:
                    continue  # tail_score's first bound, over a wider end: the threshold is out of reach
            score = tail_score(norm, lab, threshold)
            if score < threshold:
                continue
            key = (score, len(lab), -i)
            if best is None or key > best:
                best = key
    if best is None:
        return None
    return -best[2], best[0]


@lru_cache(maxsize=256)
def _normalized(candidates: tuple[tuple[str, ...], ...]) -> tuple[tuple[tuple[str, ...], ...], tuple[str, ...]]:
    """The candidates' label variants normalised, and every non-empty one of them (a table's
    rows are matched many times)."""
    labels = tuple(tuple(normalize_label(v) for v in variants) for variants in candidates)
    return labels, tuple(lab for variants in labels for lab in variants if lab)


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
