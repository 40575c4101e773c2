"""What a block's text reads as: section headings, sub-headings, titles."""

from __future__ import annotations

import re
from typing import Final

from ...blocks import Block as DocBlock
from ...blocks import Heading, Paragraph
from ...repair.cjk import compact, is_extraction_space, remove_extraction_spaces
from .. import template as T
from ..labels import CACHED_UP_TO, normalize_label, remember, similar

# The title is everything up to its last non-space character. Written "(.+?)\s*$", the engine tried
# every position of a run of spaces inside the title and scanned the rest of the run from each
# (quadratic: a heading with 16,000 em spaces took 1 s); "(.*?\S)" ends only at a non-space
# character, so each run is scanned once (tests/test_speed_recog.py compares the two).
_SECTION_RE = re.compile(r"^\s*(?:#+\s*)?([一二三四五六])\s*[、.．,，]\s*(.*?\S)\s*$")
_SUBHEAD_RE = re.compile(r"^\s*[（(]\s*[一二三四五六七八九十]{1,3}\s*[)）]")
# The generic block classes as C statics (Final): compiled, a class imported from a pure-Python
# module is otherwise looked up in the module's dictionary at every isinstance.
_HEADING: Final = Heading
_PARAGRAPH: Final = Paragraph


def block_text(b: DocBlock) -> str:
    """The text of a heading or paragraph block, spaces repaired when they are artefacts."""
    # Two isinstance tests, not one of a tuple: compiled, the tuple of a Final pair is built again
    # at every call. Not cached by the block: the ledger keeps each unit's text for the read, and
    # hashing a frozen block per call cost more than making its text.
    if isinstance(b, _PARAGRAPH):
        text = b.text if b.literal_spaces else remove_extraction_spaces(b.text)
    elif isinstance(b, _HEADING):
        text = b.text
    else:
        return ""
    if "\n" in text:
        text = " ".join(text.split("\n"))
    elif not text or not (is_extraction_space(ord(text[0])) or is_extraction_space(ord(text[-1]))):
        return text  # nothing to strip: strip's call and scan spared (most texts)
    return text.strip(" \t\u3000\xa0")


def is_subheading(text: str) -> bool:
    """A stand-alone sub-heading such as （一）主动公开情况: short, no sentence inside."""
    t = text.strip()
    if len(t) > 40 or not _SUBHEAD_RE.match(t):  # the length first: most paragraphs are long
        return False
    return not any(p in t for p in "。：:；;！？!?")


_SHORT = CACHED_UP_TO  # the caches below keep short texts only (see labels.CACHED_UP_TO)


_NOT_A_SECTION: Final = (0, "")
"""What the memos below keep for a text that is no section heading (no section is numbered 0;
a dict's get cannot tell a kept None from a missing key)."""
_SECTION: Final[dict[str, tuple[int, str]]] = {}
"""section_match's answers for short texts: every stage that looks for headings asks about the
same lines (a dict read inline: see labels._NORMAL)."""


def section_match(text: str) -> tuple[int, str] | None:
    """(number, title) when ``text`` reads as one of the six section headings."""
    if not _may_open_a_section(text):
        return None
    if len(text) > _SHORT:
        return _section_match(text)
    found = _SECTION.get(text)
    if found is None:
        found = remember(_SECTION, text, _section_match(text) or _NOT_A_SECTION)
    return found if found[0] else None


def _may_open_a_section(text: str) -> bool:
    r"""Whether ``text`` opens as _SECTION_RE needs: white space, then perhaps #s and white space,
    then a numeral 一 … 六. Most texts asked about are paragraphs: told at once, they are neither
    hashed nor searched. ``text.lstrip()``, and ``lstrip("#").lstrip()`` after a "#", walked by
    code point (compiled, ``ord(text[i])`` reads the text in place, where a slice or lstrip makes
    a string; tests/test_speed7_ledger.py compares the two)."""
    n = len(text)
    i = 0
    while i < n and _space_at(text, i):
        i += 1
    if i < n and ord(text[i]) == 0x23:  # "#"
        while i < n and ord(text[i]) == 0x23:
            i += 1
        while i < n and _space_at(text, i):
            i += 1
    if i >= n:
        return False
    c = ord(text[i])
    # 一 二 三 四 五 六 (U+4E00 U+4E8C U+4E09 U+56DB U+4E94 U+516D)
    return c == 0x4E00 or c == 0x4E8C or c == 0x4E09 or c == 0x56DB or c == 0x4E94 or c == 0x516D


def _space_at(text: str, i: int) -> bool:
    r"""``text[i].isspace()`` (what lstrip() strips, and what ``\s`` matches), the common
    characters told by code point: no white space is printable ASCII or lies above U+3000."""
    c = ord(text[i])
    if 0x20 < c < 0x7F or c > 0x3000:
        return False
    return text[i].isspace()


def _section_match(text: str) -> tuple[int, str] | None:
    m = _SECTION_RE.match(text)
    if not m:
        return None
    number = T.SECTION_NUMERALS.index(m.group(1)) + 1
    title = compact(m.group(2)).rstrip("。.")
    if not title or len(title) > 40 or re.search(r"\s\d+(\s|$)", m.group(2)) or "。" in title[:-1]:
        return None
    return number, title


def unnumbered_section(text: str, number: int) -> tuple[int, str] | None:
    """A heading without its numeral (Word's automatic numbering leaves it out of the text):
    accepted only as the next section, and only when it is that section's title almost word
    for word."""
    if number > 6 or len(text) > 30:
        return None
    if number < 1:
        return _unnumbered_section(text, number)  # no section has that number: no memo either
    memo = _UNNUMBERED[number]
    found = memo.get(text)
    if found is None:
        found = remember(memo, text, _unnumbered_section(text, number) or _NOT_A_SECTION)
    return found if found[0] else None


_UNNUMBERED: Final[list[dict[str, tuple[int, str]]]] = [{} for _ in range(7)]
"""unnumbered_section's answers (pure in its arguments: the titles are fixed form data), one
memo per section number 1 … 6 keyed by the text: the sections stage asks about every short
line, and a key of (text, number) was a tuple made and hashed at each of them."""


def _unnumbered_section(text: str, number: int) -> tuple[int, str] | None:
    title = compact(text).rstrip("。.")
    norm = normalize_label(title)
    variants = (T.SECTION_TITLES[number], *T.SECTION_TITLE_VARIANTS.get(number, ()))
    if any(similar(norm, normalize_label(v), 0.85) for v in variants):
        return number, title
    return None


def title_fits(number: int, title: str) -> bool:
    """True when a heading's title could be that of section ``number``."""
    if len(title) > _SHORT:
        return _title_fits(number, title)
    key = (number, title)
    fits = _FITS.get(key)
    if fits is None:
        fits = remember(_FITS, key, _title_fits(number, title))
    return fits


_FITS: Final[dict[tuple[int, str], bool]] = {}
"""title_fits's answers (pure in its arguments: the titles are fixed form data)."""


def _title_fits(number: int, title: str) -> bool:
    norm = normalize_label(title)
    if any(k in norm for k in T.SECTION_KEYWORDS[number]):
        return True
    return similar(norm, normalize_label(T.SECTION_TITLES[number]), 0.6)
