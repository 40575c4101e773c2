"""One tolerant label matcher, used by every reader through the recogniser.

Real reports vary every label: full/half-width brackets, ``1.`` / ``1．`` / ``1、``,
stray spaces and line breaks, quote styles, a dropped or added word. Labels are
compared after :func:`normalize_label`, exactly first and fuzzily as a fallback.
"""

from __future__ import annotations

import re
import unicodedata
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


def tail_score(text: str, label: str) -> float:
    """How well normalised ``text`` ends with normalised ``label`` (1.0 = exact suffix).

    Used where a buffer holds group labels and header words before a row label.
    """
    if not label:
        return 0.0
    if text.endswith(label):
        return 1.0
    n = len(label)
    best = similarity(text[-n:], label)
    # The text may carry a word more or less than the label.
    for d in (1, 2, 3):
        if len(text) >= n + d:
            best = max(best, similarity(text[-(n + d):], label))
        if n - d > 0:
            best = max(best, similarity(text[-(n - d):], label))
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
    exact = [(len(normalize_label(v)), -i) for i, variants in enumerate(candidates) for v in variants
             if normalize_label(v) and norm.endswith(normalize_label(v))]
    if exact:
        return -max(exact)[1], 1.0
    best: tuple[float, int, int] | None = None
    for i, variants in enumerate(candidates):
        if fuzzy_limit is not None and i >= fuzzy_limit:
            break
        for variant in variants:
            lab = normalize_label(variant)
            score = tail_score(norm, lab)
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
    for w in sorted({normalize_label(x) for x in words}, key=len, reverse=True):
        if w:
            s = s.replace(w, "")
    return s
