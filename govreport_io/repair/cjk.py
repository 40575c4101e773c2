"""CJK text repair, done once for every reader.

Extraction from PDFs (and text copied out of them) breaks lines mid-sentence and
inserts spaces between characters of justified Chinese text. These helpers undo
that without touching Latin text: a broken line is joined with no space between
Chinese characters and with one space between Latin words.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from .make import remember

_CJK_RANGES = (
    (0x2E80, 0x2FDF), (0x3000, 0x303F), (0x3040, 0x30FF), (0x3100, 0x312F), (0x31A0, 0x31BF),
    (0x3200, 0x32FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xFE30, 0xFE4F),
    (0xFF00, 0xFFEF), (0x20000, 0x2FA1F),
)
_CJK_PUNCT = set("“”‘’—…·")
_PAGE_NUMBER_RE: Final = re.compile(
    r"^\s*(?:[-—–－─]+\s*\d{1,4}\s*[-—–－─]+|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|[-—–－─]\s*\d{1,3}\s*[-—–－─])\s*$"
)


_MEMO_SIZE: Final = 65536


def is_cjk(ch: str) -> bool:
    """True for Chinese characters and full-width (CJK) punctuation (see :func:`is_cjk_code`)."""
    if len(ch) != 1:
        return _is_cjk(ch)  # (as it always was for anything but one character)
    return is_cjk_code(ord(ch))


def is_cjk_code(c: int) -> bool:
    """:func:`is_cjk` of the character with code point ``c``: compared with :data:`_CJK_RANGES` and
    the few marks of ``_CJK_PUNCT`` inline, most frequent first. Compiled, a few integer comparisons,
    where a memo of answers hashed the character, and a caller walking a text by ``ord(text[i])``
    makes no one-character string (tests/test_speed7_cjk.py checks every code point against
    :func:`_is_cjk`)."""
    if 0x4E00 <= c <= 0x9FFF:
        return True
    if c < 0x2E80:  # below every range: the marks of _CJK_PUNCT only (none of them ASCII)
        return c > 0x7F and (c == 0x2014 or c == 0x201C or c == 0x201D or c == 0x2018 or c == 0x2019
                             or c == 0x2026 or c == 0xB7)
    if c <= 0x303F:
        return c <= 0x2FDF or (0x3000 < c)
    return (c <= 0x30FF or 0x3100 <= c <= 0x312F or 0x31A0 <= c <= 0x31BF or 0x3200 <= c <= 0x32FF
            or 0x3400 <= c <= 0x4DBF or 0xF900 <= c <= 0xFAFF or 0xFE30 <= c <= 0xFE4F or 0xFF00 <= c <= 0xFFEF
            or 0x20000 <= c <= 0x2FA1F)


def _is_cjk(ch: str) -> bool:
    if ch in _CJK_PUNCT:
        return True
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in _CJK_RANGES) and ch != "\u3000"


_WIDE_RANGES = ("\u3000-\u303e\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff60\uffe0-\uffe6"
                "\u2014\u2018\u2019\u201c\u201d\u2026")
"""Characters of full width (east Asian width W, F or A) that Chinese text is mostly made of:
counted two each by code point ranges (:func:`_wide_at_once`), the rest looked up one by one
(tests/test_speed_recog.py checks that each of them is wide)."""


def _wide_at_once(c: int) -> bool:
    """Whether code point ``c`` is one of :data:`_WIDE_RANGES` (tests/test_speed_readers2.py
    checks every code point), most frequent first."""
    if 0x4E00 <= c <= 0x9FFF or 0x3000 <= c <= 0x303E or 0xFF01 <= c <= 0xFF60:
        return True
    if c < 0x3000:
        return c == 0x2014 or c == 0x2018 or c == 0x2019 or c == 0x201C or c == 0x201D or c == 0x2026
    return 0x3040 <= c <= 0x30FF or 0x3400 <= c <= 0x4DBF or 0xFFE0 <= c <= 0xFFE6


def display_width(text: str) -> int:
    """Width of text in half-width columns (a Chinese character counts two)."""
    if text.isascii():
        return len(text)
    # one column per character, and one more per wide one: a compiled pass over the code points
    # (``ord(text[i])`` makes no one-character string); a regular expression removing the wide
    # ones cost ten times more
    width = len(text)
    for i in range(len(text)):
        c = ord(text[i])
        # a CJK ideograph (most characters of a report) without the call
        if c >= 0x80 and (0x4E00 <= c <= 0x9FFF or _wide_at_once(c) or _char_width(text[i]) == 2):
            width += 1
    return width


def _char_width(ch: str) -> int:
    width = _WIDTHS.get(ch)
    if width is None:
        # Ambiguous-width characters (“ ” ……) are full width in Chinese typesetting.
        width = remember(_WIDTHS, ch, 2 if unicodedata.east_asian_width(ch) in "WFA" else 1, _MEMO_SIZE)
    return width


_WIDTHS: Final[dict[str, int]] = {}
"""_char_width's answers by character. A plain dict, not ``lru_cache``: compiled code reads a dict
inline, where a call through ``lru_cache`` costs about ten times as much."""


_ADDRESS_MARK_RE = re.compile(r"[./@:_\\-]")


def _space_between(a: str, b: str, tail_marked: bool) -> bool:
    """Whether a line ending in ``a`` and the next starting with ``b`` are joined with a space;
    ``tail_marked`` says that the last word of the text so far holds an address mark."""
    if is_cjk(a) or is_cjk(b):
        return False
    if a.isdigit() and b.isdigit():
        return False  # a number broken across lines
    if tail_marked:
        return False  # an address or file name broken across lines
    return (a.isalnum() or a in ",.;:!?)") and (b.isalnum() or b in "(")


def _wants_space(left: str, right: str) -> bool:
    if not left or not right:
        return False
    return _space_between(left[-1], right[0], bool(_ADDRESS_MARK_RE.search(re.split(r"\s", left)[-1])))


def join_wrapped(left: str, right: str) -> str:
    """Join two fragments of one wrapped line: no space around CJK, one between Latin words."""
    left, right = left.rstrip(), right.lstrip()
    return left + (" " if _wants_space(left, right) else "") + right


def _marked_after(piece: str, before: bool) -> bool:
    """Whether the last word of text ending with ``piece`` (not blank) holds an address mark, given
    whether the last word of the text before ``piece`` did.

    As ``piece.rsplit(None, 1)`` finds the last word (a piece holding white space has a last word
    of its own; one without continues the word before it), read backwards over the code points
    without making the list (tests/test_speed_readers2.py checks the two agree)."""
    k = len(piece)
    spaced = False
    while k > 0 and _is_space(ord(piece[k - 1])):  # white space at the end: not part of a word
        k -= 1
        spaced = True
    while k > 0:
        c = ord(piece[k - 1])
        if c == 46 or c == 47 or c == 64 or c == 58 or c == 95 or c == 92 or c == 45:  # . / @ : _ \ -
            return True
        if _is_space(c):
            return False  # the word is the piece's own, and holds no mark
        k -= 1
    return before and not spaced


def _is_space(c: int) -> bool:
    """``chr(c).isspace()`` (re's \\s, str.split's white space) for a code point, making no string
    (tests/test_speed_readers2.py checks every code point)."""
    if c < 128:
        return 9 <= c <= 13 or 28 <= c <= 32
    if c > 0x3000:
        return False
    return c == 0x85 or c == 0xA0 or c == 0x1680 or 0x2000 <= c <= 0x200A or c == 0x2028 or c == 0x2029 \
        or c == 0x202F or c == 0x205F or c == 0x3000


def unwrap(lines: list[str]) -> str:
    """Join the lines of one paragraph: the result of folding :func:`join_wrapped` over them.

    In time linear in the paragraph: the pieces are kept apart and joined once, and the one
    fact a join needs about the text so far (whether its last word holds an address mark)
    is carried along instead of re-split from the whole paragraph for every line.
    """
    if len(lines) == 1:
        return lines[0].strip()  # a paragraph of one line (most are), as the fold below makes it
    pieces: list[tuple[str, bool]] = []  # (piece, whether the last word before it was marked)
    for line in lines:
        if not pieces:
            first = line.strip()
            if first:
                pieces.append((first, False))
            continue
        while True:  # right-strip the text so far: only its last piece can end in white space
            piece, before = pieces[-1]
            stripped = piece.rstrip()
            if stripped == piece:
                break
            pieces[-1] = (stripped, before)  # never empty: every piece holds a non-space character
        right = line.lstrip()
        if not right:
            continue
        piece, before = pieces[-1]
        marked = _marked_after(piece, before)
        sep = " " if _space_between(piece[-1], right[0], marked) else ""
        pieces.append((sep + right, marked))
    return "".join(p for p, _ in pieces)


_EXTRACTION_SPACE_RE = re.compile(r"[ \t\u3000\xa0]+")


def _cjk_class() -> str:
    """A character class of exactly the characters :func:`is_cjk` accepts."""
    parts = [re.escape(ch) for ch in sorted(_CJK_PUNCT)]
    for lo, hi in _CJK_RANGES:
        for a, b in ((lo, min(hi, 0x2FFF)), (max(lo, 0x3001), hi)) if lo <= 0x3000 <= hi else ((lo, hi),):
            if a <= b:
                parts.append(f"{re.escape(chr(a))}-{re.escape(chr(b))}")
    return "[" + "".join(parts) + "]"


# A run of spaces beside a CJK character goes; any other inner run becomes one space. Two
# passes of regular expressions instead of a Python call for every run of spaces.
_SPACE_BESIDE_CJK = rf"(?<={_cjk_class()})[ \t\u3000\xa0]+|[ \t\u3000\xa0]+(?={_cjk_class()})"
# Both alternatives match a run of spaces: written to open with the run's first space (the
# lookbehind after it, one character wider), so that the engine scans for spaces in C and tries
# the alternatives at a space only. A lookahead guard in front cost a call of the matcher at
# every character, and no guard the lookbehind's class there (tests/test_speed_text.py and
# test_speed_text3.py check that the two substitute alike).
_SPACE_BESIDE_CJK_RE = re.compile(
    rf"[ \t\u3000\xa0](?:(?<={_cjk_class()}[ \t\u3000\xa0])[ \t\u3000\xa0]*|[ \t\u3000\xa0]*(?={_cjk_class()}))")


def remove_extraction_spaces(text: str) -> str:
    """Drop the spaces that extraction put beside CJK characters ("本 报 告" → "本报告").

    Spaces between two non-CJK characters are kept (collapsed to one), so Latin words
    and numbers keep their separation.
    """
    # ``collapse_spaces(_SPACE_BESIDE_CJK_RE.sub("", text))`` without the regex: its search tried the
    # class at every character of long PDF lines. Every run of spaces is decided alike: it goes when
    # the character before it or after it is CJK, else it becomes one space, and the ends are
    # stripped (tests/test_speed_recog6.py compares with the regex, tests/test_speed7_cjk.py the two ways).
    if " " not in text and "\u3000" not in text and "\t" not in text and "\xa0" not in text:
        # no space to drop (most lines): nothing to strip or substitute either (each character
        # found by a plain scan in C)
        return text
    return _walked(text) if len(text) <= _WALKED_UP_TO else _by_pieces(text)


_WALKED_UP_TO: Final = 256
"""The longest text :func:`_walked` repairs; a longer one is cut into pieces at its spaces, scans
in C that are faster by the character on a long text with few spaces."""


def is_extraction_space(c: int) -> bool:
    """Whether code point ``c`` is one of the spaces extraction leaves: " ", tab, U+3000, U+00A0
    (the class remove_extraction_spaces drops or collapses, and strips at the ends)."""
    return c == 0x20 or c == 0x3000 or c == 0x09 or c == 0xA0


def _walked(text: str) -> str:
    """:func:`remove_extraction_spaces` of a short text, by code point. On the short lines of a
    PDF's text, cutting at every space and joining again made a string of each piece and of each
    character looked at; here the text is cut only where a run goes (or changes), and a run that
    is one space and stays is left in its piece."""
    n = len(text)
    start = 0
    while start < n and is_extraction_space(ord(text[start])):
        start += 1
    end = n
    while end > start and is_extraction_space(ord(text[end - 1])):
        end -= 1
    out: list[str] | None = None  # made at the first cut (most lines have none)
    piece = i = start  # ``piece``: where the text not yet in ``out`` starts
    while i < end:
        c = ord(text[i])
        if (c > 0x20 and c != 0x3000 and c != 0xA0) or (c < 0x20 and c != 0x09):
            i += 1  # no space (is_extraction_space, inline: asked of every character)
            continue
        j = i + 1
        while is_extraction_space(ord(text[j])):  # (the ends are stripped: a run ends before ``end``)
            j += 1
        if is_cjk_code(ord(text[i - 1])) or is_cjk_code(ord(text[j])):
            if out is None:
                out = []
            out.append(text[piece:i])  # the run goes
            piece = j
        elif c != 0x20 or j > i + 1:
            if out is None:
                out = []
            out.append(text[piece:i])  # the run becomes one space
            out.append(" ")
            piece = j
        i = j
    if out is None:
        return text[start:end]
    out.append(text[piece:end])
    return "".join(out)


def _by_pieces(text: str) -> str:
    """:func:`remove_extraction_spaces` of any text: every space of the class made " ", the text cut
    at each and joined again, a space kept only between two characters neither of them CJK."""
    text = text.strip(" \t\u3000\xa0")
    pieces = _plain_spaces(text).split(" ")
    if len(pieces) == 1:
        return text
    out = [pieces[0]]
    last = pieces[0][-1]
    for k in range(1, len(pieces)):  # by index: compiled, a slice would copy the list
        piece = pieces[k]
        if not piece:
            continue  # a space of the run being passed
        if not (is_cjk(last) or is_cjk(piece[0])):
            out.append(" ")
        out.append(piece)
        last = piece[-1]
    return "".join(out)


def _plain_spaces(text: str) -> str:
    """``text`` with every space of the class ``[ \\t\\u3000\\xa0]`` made " " (each replaced only
    where it stands: most texts hold none of the three)."""
    if "\t" in text:
        text = text.replace("\t", " ")
    if "\u3000" in text:
        text = text.replace("\u3000", " ")
    if "\xa0" in text:
        text = text.replace("\xa0", " ")
    return text


def collapse_spaces(text: str) -> str:
    """``_EXTRACTION_SPACE_RE.sub(" ", text)``: each run of spaces one space. Text whose spaces
    are single spaces already (most) is returned as it is, found by plain scans: the regex
    engine would look for a run at every character.

    Other text is collapsed without the regex too: every space of the class made " ", then the
    text split at each " " and joined again without the empty pieces (those a run makes), a
    space kept at either end (tests/test_speed_text.py compares it with the regex)."""
    if "  " in text or "\t" in text or "\u3000" in text or "\xa0" in text:
        text = _plain_spaces(text)
        if "  " in text:
            words = [w for w in text.split(" ") if w]
            if not words:
                return " "  # all spaces: one run
            out = " ".join(words)
            return (" " if text[0] == " " else "") + out + (" " if text[-1] == " " else "")
    return text


def clean_inline(text: str) -> str:
    """One-line text from markup text: line breaks joined CJK-aware, ends stripped, nbsp made space."""
    text = text.replace("\xa0", " ").replace("\r\n", "\n").replace("\r", "\n")
    if "\n" in text:
        text = unwrap([p for p in text.split("\n") if p.strip()])
    return text.strip(" \t\u3000")


def compact(text: str) -> str:
    """Text with every kind of white space removed (for titles, keys and labels)."""
    if len(text) > _COMPACT_UP_TO:
        # str.split() parts at exactly the characters re's \s matches; on a long text its one pass
        # costs less than _compact's test for a space or an unprintable character first, which
        # goes through all of a text free of white space before the split gives it back whole
        return "".join(text.split())
    out = _COMPACT.get(text)  # the recogniser asks about the same cells and labels again and again
    if out is None:
        out = remember(_COMPACT, text, _compact(text), _COMPACT_KEPT)
    return out


_COMPACT_UP_TO: Final = 64
_COMPACT_KEPT: Final = 8192  # texts, not characters: a few MB at most
_COMPACT: Final[dict[str, str]] = {}
"""compact's answers for short texts (a dict read inline, see _WIDTHS)."""


def _compact(text: str) -> str:
    # str.split() parts at exactly the characters re's \s matches (no-break space included)
    if " " not in text and text.isprintable():
        # every white space character but " " is unprintable (tests/test_speed_text.py checks
        # each code point): no white space to remove, without making a list (most labels)
        return text
    return "".join(text.split())


def plain_character(c: int) -> bool:
    """True for a code point that is no digit (str.isdecimal, re's \\d), no white space
    (str.isspace, re's \\s), no bracket, dash or numeral of a page number or an enumerator
    (第 页 一…十): most characters text opens and ends with. Tested on ints (``ord(s[i])``,
    which compiled makes no one-character string); tests/test_speed_text.py checks every code
    point it accepts."""
    if c < 128:  # ASCII: all but digits, "-", "(" and white space
        return not (48 <= c <= 57 or c == 45 or c == 40 or 9 <= c <= 13 or 28 <= c <= 32)
    if 0x4E00 <= c <= 0x9FFF:  # CJK ideographs, but for the numerals of enumerators and 第 页
        return c not in (0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03, 0x516B, 0x4E5D, 0x5341,
                         0x7B2C, 0x9875)
    return 0x3001 <= c <= 0x303F or c in (0xFF0C, 0xFF1A, 0xFF1B, 0xFF01, 0xFF1F)  # 、。「」… ，：；！？


def is_page_furniture(line: str) -> bool:
    """True for a line that is only a page number: "— 2 —", "- 4 -", "第 3 页", "3/12".

    A bare number is not furniture here: in a captured table it is a cell.
    """
    # A page number opens (after white space) with a dash, 第 or a digit and ends with a dash,
    # 页 or a digit: most lines fail at their first or last character, without the regex.
    if line and (plain_character(ord(line[0])) or plain_character(ord(line[-1]))):
        return False
    if line and not _may_open_page_number(ord(line[0])):
        return False  # an enumerated line ("一、", "（二）", "3.属于…"), as table rows captured as text are
    if not _may_hold_page_number(line):
        return False  # a row of digits ("0 0 0 0"), a labelled row ("3.其他 1 0 0"): no regex set up
    return bool(_PAGE_NUMBER_RE.match(line)) and any(ch.isdigit() for ch in line)


def _may_hold_page_number(line: str) -> bool:
    """False for a line no match of :data:`_PAGE_NUMBER_RE` can be: each alternative holds a
    dash, 第 or "/" (plain scans in C, where setting the regex up costs more than the rest of the
    test; tests/test_speed_text4.py checks the two agree)."""
    return "第" in line or "/" in line or "-" in line or "—" in line or "–" in line or "－" in line \
        or "─" in line


def _may_open_page_number(c: int) -> bool:
    """False for a code point that no match of :data:`_PAGE_NUMBER_RE` opens with: it opens with
    white space, a dash, 第 or a digit (re's \\s and \\d); True for those and for any code point
    not known to be none of them (tests/test_speed_text3.py checks every code point)."""
    if c < 128:
        return 48 <= c <= 57 or c == 45 or 9 <= c <= 13 or 28 <= c <= 32
    if 0x4E00 <= c <= 0x9FFF:  # CJK ideographs: only 第
        return c == 0x7B2C
    return not (0x3001 <= c <= 0x303F or c == 0xFF08 or c == 0xFF09)  # 、。「」…（）: none


_BLOCK_START_RE = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[（(]\s*[一二三四五六七八九十]{1,3}\s*[)）]|\d{1,2}\s*[.．、](?!\d)"
    r")"
)


def starts_block(line: str) -> bool:
    """True when a line opens with a Chinese enumerator (一、 （一） 1．) and so starts a block."""
    # an enumerator opens (after white space) with a numeral, a bracket or a digit: most lines
    # fail at their first character, without the regex
    if line and plain_character(ord(line[0])):
        return False
    return _block_start(line)


def _block_start(line: str) -> bool:
    """``bool(_BLOCK_START_RE.match(line))``, read over the code points (``ord(line[i])`` makes no
    string) instead of the regex's set-up per call (tests/test_speed_text3.py compares the two).

    No alternative of the pattern can backtrack into another way: a run of numerals or digits
    it takes is followed by white space or a mark, never by one more of the run, and white
    space given back opens no alternative."""
    n = len(line)
    i = _past_spaces(line, 0)
    if i == n:
        return False
    c = ord(line[i])
    if c == 0xFF08 or c == 40:  # （ (: a bracketed numeral
        i = _past_spaces(line, i + 1)
        k = _run(line, i, False)
        if not 1 <= k <= 3:
            return False
        i = _past_spaces(line, i + k)
        return i < n and (ord(line[i]) == 0xFF09 or ord(line[i]) == 41)  # ） )
    numeral = _is_numeral(c)
    k = _run(line, i, not numeral)
    if not 1 <= k <= (3 if numeral else 2):
        return False
    i = _past_spaces(line, i + k)
    if i == n:
        return False
    c = ord(line[i])
    if not (c == 0x3001 or c == 46 or c == 0xFF0E):  # 、 . ．
        return False
    # after digits, the mark is no decimal point ("1.5" opens no block)
    return numeral or not (i + 1 < n and _is_decimal(ord(line[i + 1])))


def _past_spaces(line: str, i: int) -> int:
    """The index of the first character at or after ``i`` that is no white space (re's \\s)."""
    while i < len(line) and _is_space(ord(line[i])):
        i += 1
    return i


def _run(line: str, i: int, digits: bool) -> int:
    """The length of the run of decimal digits (re's \\d) or of Chinese numerals 一…十 from ``i``."""
    k = i
    while k < len(line):
        c = ord(line[k])
        if not (48 <= c <= 57 or (c >= 128 and _is_decimal(c)) if digits else _is_numeral(c)):
            break
        k += 1
    return k - i


def _is_numeral(c: int) -> bool:
    """Whether code point ``c`` is one of 一二三四五六七八九十."""
    return c == 0x4E00 or c == 0x4E8C or c == 0x4E09 or c == 0x56DB or c == 0x4E94 or c == 0x516D \
        or c == 0x4E03 or c == 0x516B or c == 0x4E5D or c == 0x5341


def _is_decimal(c: int) -> bool:
    """``chr(c).isdecimal()`` (re's \\d), without the string for an ASCII code point."""
    return 48 <= c <= 57 if c < 128 else chr(c).isdecimal()


def wrap_width(widths: list[int]) -> int | None:
    """The width a wrapped text was set at, when most long lines share it; else None.

    Text captured from a PDF has many lines of one width (the measure) ending mid-sentence;
    text written a paragraph per line has no such width.
    """
    long = [w for w in widths if w >= 24]
    if len(long) < 5:
        return None
    top = sorted(long)[int(len(long) * 0.9) - 1]
    full = [w for w in long if w >= top - 6]
    if len(full) >= 5 and len(full) >= 0.5 * len(long) and top <= 160:
        return top
    return None
