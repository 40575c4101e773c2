"""Stage: the tokens of each table's section, and what a cell or token holds."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Final

from ...blocks import Heading, Paragraph, Table
from ...repair.cjk import compact
from ..labels import CACHED_UP_TO, remember
from .ledger import Ledger, Tok, Unit

_NUM_RE: Final = re.compile(r"^[+\-－]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^[+\-－]?\d+(?:\.\d+)?$")
_NUM_NOTE_RE: Final = re.compile(r"^([+\-－]?[\d,]+(?:\.\d+)?)\s*([^\d\s].*)$", re.S)
TOKEN_RE: Final = re.compile(r"[+\-－]?\d[\d,.]*\s*[（(][^（()）\s][^（()）]*[)）]|\S+")
"""A word of running text; a number with a bracketed note beside it is one word."""
_BLANKS: Final = frozenset({"", "/", "／", "-", "－", "—", "——", "–", "\\", "无", "空", "×", "x", "X", "*"})
_UNITS: Final = ("万元", "元", "件", "项", "个", "亿元")
TABLE_SECTIONS = (2, 3, 4)
# The generic block classes as C statics (Final): compiled, a class imported from a pure-Python
# module is otherwise looked up in the module's dictionary at every isinstance.
_HEADING: Final = Heading
_PARAGRAPH: Final = Paragraph
_TABLE: Final = Table


_SHORT: Final = CACHED_UP_TO  # the caches below keep short texts only (see labels.CACHED_UP_TO)


_KIND: Final[dict[str, str]] = {}
"""classify_cell's answers for short texts (a dict read inline: see labels._NORMAL)."""


def classify_cell(text: str) -> str:
    """"num", "empty" or "text" for one cell or token (remembered: tables repeat their cells)."""
    quick = _quick_kind(text)  # the commonest cells ("", ASCII digits) told without hashing them
    if quick:
        return quick
    if len(text) > _SHORT:
        return _classify_cell(text)
    kind = _KIND.get(text)
    if kind is None:
        kind = remember(_KIND, text, _classify_cell(text))
    return kind


def _classify_cell(text: str) -> str:
    # A cell the cache does not hold (a long table's numbers are mostly new) cost about 1 µs; the
    # two commonest kinds are told from the text as it is (tests/test_speed_recog.py compares):
    if text.isdigit() and text.isascii():
        return "num"  # ASCII digits alone: normal already, and _NUM_RE's plain branch
    if _DIGIT_RE.search(text) is None and unicodedata.is_normalized("NFKC", text):
        # normal and without a digit: neither number pattern can match, only the blanks are left
        return "empty" if compact(text) in _BLANKS else "text"
    return _classified(text)


_DIGIT_RE: Final = re.compile(r"\d")


def _classified(text: str) -> str:
    """:func:`classify_cell` as first written (the reference of its shortcuts)."""
    t = unicodedata.normalize("NFKC", text).strip()
    if compact(t) in _BLANKS:
        return "empty"
    if _NUM_RE.match(t.replace(" ", "")):
        return "num"
    m = _NUM_NOTE_RE.match(t)
    if m and _NUM_RE.match(m.group(1)) and not re.match(r"^[.、．]", m.group(2)):
        rest = m.group(2).strip()
        if rest[:1] in "（(" or rest in _UNITS:
            return "num"
    return "text"


_SPLIT: Final[dict[str, tuple[str, str]]] = {}
"""split_number's answers for short texts: a table's cells repeat ("0")."""


def split_number(text: str) -> tuple[str, str]:
    """The number of a value cell and what stands beside it ("22（其中修订16件）")."""
    if len(text) > _SHORT:
        return _split_number(text)
    parts = _SPLIT.get(text)
    if parts is None:
        parts = remember(_SPLIT, text, _split_number(text))
    return parts


def _split_number(text: str) -> tuple[str, str]:
    t = unicodedata.normalize("NFKC", text).strip().replace("－", "-")
    compacted = t.replace(" ", "")
    if _NUM_RE.match(compacted):
        return compacted, ""
    m = _NUM_NOTE_RE.match(t)
    if m:
        return m.group(1), m.group(2).strip()
    return "", t


def words(unit: Unit) -> list[str]:
    """The words of a heading or paragraph unit, as the tokens number them."""
    b = unit.block
    # two isinstance tests, not one of a tuple: compiled, the tuple is built at every call
    if isinstance(b, _PARAGRAPH) or isinstance(b, _HEADING):
        return split_words(b.text)
    return []  # (split_words(""))


def split_words(text: str) -> list[str]:
    """``TOKEN_RE.findall(text)``: the words of running text."""
    if ("(" not in text and "（" not in text) or not _may_note_a_number(text):
        return text.split()  # TOKEN_RE's \S+ alone (str.split parts at \s, as \S+ ends)
    return TOKEN_RE.findall(text)


def _may_note_a_number(text: str) -> bool:
    r"""Whether TOKEN_RE's first branch (a number and its bracketed note) might match in ``text``:
    only at an opening bracket that follows what ``\d[\d,.]*\s*`` ends with, a digit, "," "." or
    a white space. Where none does, the branch matches nowhere and the words are those of
    ``\S+`` alone: a line with brackets but no number before one ("（一）主动公开情况") is split
    at once instead of searched (tests/test_speed7_ledger.py compares with findall)."""
    for i in range(1, len(text)):
        c = ord(text[i])
        if c == 0x28 or c == 0xFF08:  # "(" "（"
            p = ord(text[i - 1])
            if 0x4E00 <= p <= 0x9FFF:
                continue  # an ideograph: neither a digit nor a space
            if 0x20 < p < 0x7F:  # printable ASCII: no space, and its digits are 0-9
                if 0x30 <= p <= 0x39 or p == 0x2C or p == 0x2E:
                    return True
                continue
            before = text[i - 1]
            if before.isspace() or before.isdigit():  # (isdigit: every \d and more)
                return True
    return False


def _quick_kind(text: str) -> str:
    """classify_cell's answer for the commonest cells, told without hashing them: "empty" for ""
    and "num" for ASCII digits alone (_classify_cell's first shortcut); "" for any other text, which
    classify_cell then asks its memo about (tests/test_speed7_ledger.py compares the two)."""
    n = len(text)
    if n == 0:
        return "empty"
    for i in range(n):
        c = ord(text[i])
        if c < 0x30 or c > 0x39:
            return ""
    return "num"


def tokenise(ledger: Ledger, units: Sequence[Unit]) -> list[Tok]:
    """One stream of cells and words over ``units``; real table rows end with an "eor" token."""
    toks: list[Tok] = []  # (toks.append, not a bound method kept aside: compiled, that is a generic call)
    row_no = 0
    for u in units:
        b = u.block
        # (compiled, an isinstance that fails on a pure-Python class looks up its __class__ too:
        # a paragraph, the common unit, is told by its exact type)
        if type(b) is not _PARAGRAPH and isinstance(b, _TABLE):
            n, index = 0, u.index
            for row in b.rows:
                row_no += 1
                for cell in row:
                    text = cell.text
                    # (no memo of the stream's own in front of classify_cell's: its commonest
                    # cells are told at once, and most others are labels, each asked once)
                    kind = classify_cell(text)
                    toks.append(Tok(kind, text, index, n, row_no))
                    n += 1
                toks.append(Tok("eor", "", index, -1, row_no))
            ledger.ntokens[index] = n
            continue
        parts = words(u)
        for n, part in enumerate(parts):
            kind = classify_cell(part)
            # in running text only a dash or slash stands for a blank cell ("无" is a word)
            if kind == "empty" and compact(part) not in ("", "/", "—", "-"):
                kind = "text"
            toks.append(Tok(kind, part, u.index, n))
        ledger.ntokens[u.index] = len(parts)
    return toks


def run(ledger: Ledger) -> None:
    """Tokenise the sections that hold the three tables (later stages may rewrite the streams)."""
    for number in TABLE_SECTIONS:
        if number in ledger.spans:
            ledger.tokens[number] = tokenise(ledger, ledger.spans[number][1])
