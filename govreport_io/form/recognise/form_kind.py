"""Stage: which form the report follows (2019 or 2021), from labels only one of them has."""

from __future__ import annotations

import re
from collections import Counter

from ...blocks import Table
from ...diagnostics import WarningCode
from ...model import empty_active, empty_requests, empty_reviews
from ...repair.cjk import compact
from .. import template as T
from ..labels import normalize_label
from .ledger import Ledger

_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年")
_MARKS_2021 = ("本年制发件数", "现行有效件数", "逾期未按收费", "逾期不补正", "本年收费金额", "本年废止件数")
_MARKS_2019 = ("本年新制作数量", "上一年项目数量", "其他对外管理服务事项", "政府集中采购", "对外公开总数量")
_MAKES_IDEOGRAPHS = ((0x2E80, 0x2FDF), (0x3038, 0x303A), (0x3190, 0x319F), (0x3200, 0x33FF), (0xF900, 0xFAFF),
                     (0x1F200, 0x1F2FF), (0x2F800, 0x2FA1F))
"""The blocks of every character whose NFKC holds a CJK ideograph it is not (radicals, enclosed and
compatibility ideographs; tests/test_speed_recog.py checks them all)."""


def _class(blocks: tuple[tuple[int, int], ...]) -> re.Pattern[str]:
    return re.compile("[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in blocks) + "]")


_MAKES_IDEOGRAPHS_RE = _class(_MAKES_IDEOGRAPHS)
# The same blocks searched in two parts: a class of characters of the Basic Multilingual Plane
# alone compiles to a bitmap (a test per character), one with characters beyond it to a list of
# ranges, three times slower over a document; and most documents hold no character beyond it.
_MAKES_BMP_RE = _class(tuple(b for b in _MAKES_IDEOGRAPHS if b[1] <= 0xFFFF))
_MAKES_ASTRAL_RE = _class(tuple(b for b in _MAKES_IDEOGRAPHS if b[0] > 0xFFFF))
_NORMAL_2021 = tuple(normalize_label(m) for m in _MARKS_2021)
_NORMAL_2019 = tuple(normalize_label(m) for m in _MARKS_2019)
_ALL_2021_DECIDES = len(_NORMAL_2021) > len(_NORMAL_2019)
"""Every 2021 mark found outnumbers the 2019 marks however many of them the text holds."""


def _makes_ideographs(text: str) -> bool:
    """``_MAKES_IDEOGRAPHS_RE.search(text)`` is not None. A text holds a character beyond the
    Basic Multilingual Plane exactly when its UTF-16 has more code units than it has characters
    (a lone surrogate is one unit, passed through)."""
    if _MAKES_BMP_RE.search(text):
        return True
    return len(text.encode("utf-16-le", "surrogatepass")) > 2 * len(text) and bool(_MAKES_ASTRAL_RE.search(text))


def _raw_text(ledger: Ledger) -> str:
    parts: list[str] = []
    for u in ledger.units:
        b = u.block
        if isinstance(b, Table):
            for row in b.rows:
                for c in row:
                    parts.append(c.text)
        else:
            parts.append(ledger.texts[u.index])
    return "".join(parts)


def _marks_text(raw: str) -> str:
    """A text in which each mark (ideographs only) occurs exactly when it occurs in the normalised
    ``raw``: without a character that NFKC makes an ideograph of, normalising changes no ideograph
    and parts two only by white space, so ``raw`` without white space will do (normalising a whole
    document costs more than the rest of this stage)."""
    return normalize_label(raw) if _makes_ideographs(raw) else compact(raw)


def detect(ledger: Ledger) -> T.Form:
    """The form whose own labels occur more; else the 2019 form for a year up to 2020."""
    raw = _raw_text(ledger)
    # A mark (ideographs, each its own NFKC and composing with nothing) found in the raw text is in
    # the marks text too, which only drops white space and changes no ideograph: a 2021 report
    # holding all its form's marks as printed is decided without making the marks text.
    if _ALL_2021_DECIDES and all(m in raw for m in _NORMAL_2021):
        return "2021"
    marks = _marks_text(raw)
    s21 = len([m for m in _NORMAL_2021 if m in marks])
    s19 = len([m for m in _NORMAL_2019 if m in marks])
    if s21 != s19:
        return "2021" if s21 > s19 else "2019"
    years = [int(y) for y in _YEAR_RE.findall(normalize_label(raw))]
    if years and Counter(years).most_common(1)[0][0] <= 2020:
        ledger.warn(WarningCode.FORM_GUESSED, "no table label tells the form; the 2019 form was taken from the year")
        return "2019"
    if ledger.units:
        ledger.warn(WarningCode.FORM_GUESSED, "no table label tells the form; the 2021 form was assumed")
    return "2021"


def run(ledger: Ledger) -> None:
    """Decide the form and set up its empty tables."""
    ledger.form = detect(ledger)
    ledger.active = empty_active(ledger.form)
    ledger.requests = empty_requests(ledger.form)
    ledger.reviews = empty_reviews()
