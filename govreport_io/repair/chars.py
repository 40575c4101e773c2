"""Characters no report means: normalised once, on the way in, and reported.

A form feed left by a printer driver, a U+2028 pasted from a web page, a control
character from a broken export, a lone surrogate from a bad UTF-16 conversion or a
noncharacter such as U+FFFF would otherwise make a whole document unreadable (the model
refuses them) or break a writer later. Each is turned into what it stands for:

- line and paragraph separators (form feed, vertical tab, U+0085, U+2028, U+2029, the
  information separators U+001C–U+001E, a carriage return) become line breaks, which
  readers already produce and the recogniser already reads;
- other control characters (C0, DEL, C1) and noncharacters (U+FDD0–U+FDEF, U+xFFFE,
  U+xFFFF) are removed: they carry no text;
- a lone surrogate becomes U+FFFD, the replacement character: a character was there and
  is lost, and the reader should see that it was.

The cost is one regular-expression scan of the text; text without such characters is
returned as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from itertools import pairwise

from .cjk import join_wrapped

_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\r"
_CONTROLS = "".join(chr(c) for c in (*range(0, 9), *range(14, 28), 0x1F, 0x7F, *range(0x80, 0x85),
                                     *range(0x86, 0xA0)))
_NONCHARACTERS = "".join(chr(c) for c in range(0xFDD0, 0xFDF0)) + "".join(
    chr((plane << 16) | low) for plane in range(17) for low in (0xFFFE, 0xFFFF))
_ODD_RE = re.compile("\r\n|[" + re.escape(_BREAKS + _CONTROLS + _NONCHARACTERS) + "\ud800-\udfff]")
# A first scan for a superset (the odd characters of the BMP as ranges, and any character
# beyond it, which reports hardly hold): a class listing the noncharacters one by one made
# every character of the text cost ten times more to scan.
_MAYBE_ODD_RE = re.compile("[" + re.escape(_BREAKS + _CONTROLS) + "\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff"
                           "\U00010000-\U0010ffff]")

LINE_BREAK, REMOVED, REPLACED = "read as line breaks", "removed", "replaced by U+FFFD"  # what became of them


@dataclass(frozen=True)
class Normalised:
    """Text after normalisation and what was done: code points (U+XXXX) by what became of them."""

    text: str
    changes: dict[str, list[str]]

    def describe(self, limit: int = 5) -> str:
        """One line: "U+000C, U+2028 read as line breaks; U+0001 removed"."""
        parts = []
        for what, points in self.changes.items():
            shown = ", ".join(points[:limit]) + (f" and {len(points) - limit} more" if len(points) > limit else "")
            parts.append(f"{shown} {what}")
        return "; ".join(parts)


class Checked(list):  # type: ignore[type-arg]
    """Blocks a reader checked for odd characters at their source, all at once, and found none:
    :func:`govreport_io.repair.pipeline.repair` skips the scan of every block's text (it would
    find nothing). A reader makes one only when every text of its blocks is taken from that
    source, joined by spaces and line breaks at most."""

    __slots__ = ()


def _fate(ch: str) -> str:
    if ch in _BREAKS:
        return LINE_BREAK
    if "\ud800" <= ch <= "\udfff":
        return REPLACED
    return REMOVED


def has_odd(text: str) -> bool:
    """Whether ``text`` holds a character :func:`normalise` would change (one scan)."""
    if text.isprintable():
        # every odd character is unprintable (Cc, Zl, Zp, Cs, Cn: tests/test_speed_text.py checks
        # each code point), and isprintable scans several times faster than the regex
        return False
    first = _MAYBE_ODD_RE.search(text)
    return first is not None and _ODD_RE.search(text, first.start()) is not None


def normalise(text: str, breaks: str = "\n") -> Normalised | None:
    """``text`` with odd characters normalised (separators become ``breaks``), or None when it
    holds none (the common case, one scan)."""
    if not has_odd(text):
        return None
    changes: dict[str, list[str]] = {}

    def fix(m: re.Match[str]) -> str:
        ch = m.group()[0]  # a CR LF pair is one line break
        fate = _fate(ch)
        points = changes.setdefault(fate, [])
        point = f"U+{ord(ch):04X}"
        if point not in points:
            points.append(point)
        return breaks if fate == LINE_BREAK else "\ufffd" if fate == REPLACED else ""

    return Normalised(_ODD_RE.sub(fix, text), changes)


_MARK = "\x00"  # where a separator stood (NUL itself is always removed, so it marks nothing else)


def normalise_line(text: str) -> Normalised | None:
    """As :func:`normalise`, for running text: a separator joins the text on either side as a
    wrapped line is joined (no space around CJK, one between Latin words)."""
    found = normalise(text, _MARK)
    if found is None:
        return None
    pieces = found.text.split(_MARK)
    out = [pieces[0].rstrip()]
    for left, right in pairwise(pieces):
        # only the text beside each join decides it, so the cost stays linear
        left, right = left.rstrip()[-80:], right.strip()
        out.append(join_wrapped(left, right)[len(left):] if right else "")
    return replace(found, text="".join(out).strip())
