"""Fonts for the PDF writer: CJK TrueType fonts found on the system, embedded as subsets.

reportlab embeds TrueType (``glyf``) fonts, including one face of a ``.ttc``, but not
OpenType fonts with CFF outlines (Noto CJK, Source Han). So a font is taken, in order:

1. the one the caller names (``font="path.ttf"``, ``"path.ttc#1"`` for a face of a
   collection, or a family name that fontconfig knows; ``"STSong-Light"`` asks for the
   CID font below, the same on every machine);
2. per role, the official typefaces where installed (仿宋 body, 黑体 headings, 小标宋
   title): known Windows and macOS files, then TrueType fonts fontconfig lists for Chinese;
3. else reportlab's CID font STSong-Light, which is not embedded: a :class:`WriteWarning`
   says that viewers without Adobe's Asian font pack will show the text blank.

A character the chosen font lacks is drawn with another installed font that has it
(fontconfig is asked by code point); when none has it, it is drawn as the font's empty
glyph while the text layer keeps the character, and a warning names it. A character is
never drawn as another one.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..errors import WriteError
from ._layout import WriteWarning

CID_FONT = "STSong-Light"
LATIN_FONT = "Helvetica"
ROLES = ("body", "heading", "title")
# Characters that STSong-Light's Unicode CMap does not map back on extraction.
_CID_LATIN = frozenset("·\xa0")

# Known files of the official typefaces (and of a Song face to fall back on), by platform.
_WIN = os.path.join(os.environ.get("WINDIR", "C:/Windows"), "Fonts")
_KNOWN: dict[str, tuple[str, ...]] = {
    "body": (f"{_WIN}/simfang.ttf", f"{_WIN}/simsun.ttc", "/System/Library/Fonts/Supplemental/Songti.ttc",
             "/Library/Fonts/Songti.ttc"),
    "heading": (f"{_WIN}/simhei.ttf", "/System/Library/Fonts/STHeiti Medium.ttc",
                "/System/Library/Fonts/STHeiti Light.ttc"),
    "title": (f"{_WIN}/FZXBSJW.TTF", f"{_WIN}/simhei.ttf", "/System/Library/Fonts/STHeiti Medium.ttc"),
}
# Family-name preferences for fontconfig's list, best first; anything Chinese comes last.
_PREFER: dict[str, tuple[str, ...]] = {
    "body": (r"fangsong|仿宋", r"song|宋|ming|明|serif"),
    "heading": (r"hei|黑|sans",),
    "title": (r"xiaobiaosong|小标宋", r"hei|黑|sans"),
}


@dataclass(frozen=True, slots=True)
class FontFile:
    """A TrueType font file and the face to use in it."""

    path: str
    index: int = 0
    family: str = ""


def _run(args: list[str]) -> str:
    """A fontconfig command's output, or "" when fontconfig is absent or fails."""
    if shutil.which(args[0]) is None:
        return ""
    try:
        done = subprocess.run(args, capture_output=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.decode("utf-8", "replace") if done.returncode == 0 else ""


def _parse_fc(out: str) -> list[FontFile]:
    found: list[FontFile] = []
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) >= 3 and parts[2] == "TrueType" and parts[1].isdigit():
            found.append(FontFile(parts[0], int(parts[1]), parts[3] if len(parts) > 3 else ""))
    return found


# fontconfig is asked by code point at most this often per document (one process each).
_MAX_ASKED = 32
_FC_FORMAT = "%{file}\t%{index}\t%{fontformat}\t%{family}\n"


@lru_cache(maxsize=1)
def _fc_chinese() -> tuple[FontFile, ...]:
    """TrueType fonts for Chinese that fontconfig knows, in a stable order."""
    return tuple(sorted(_parse_fc(_run(["fc-list", ":lang=zh", "-f", _FC_FORMAT])),
                        key=lambda f: (f.path, f.index)))


@lru_cache(maxsize=256)
def _fc_having(char: str) -> tuple[FontFile, ...]:
    """TrueType fonts fontconfig knows that have a glyph for ``char``."""
    return tuple(sorted(_parse_fc(_run(["fc-list", f":charset={ord(char):x}", "-f", _FC_FORMAT])),
                        key=lambda f: (f.path, f.index)))


def _candidates(role: str) -> list[FontFile]:
    out = [FontFile(p) for p in _KNOWN[role] if os.path.isfile(p)]
    listed = list(_fc_chinese())
    for pattern in _PREFER[role]:
        out += [f for f in listed if re.search(pattern, f.family, re.I)]
    return out + listed


@dataclass
class _Loaded:
    name: str
    covers: frozenset[int]
    face: Any


_REGISTERED: dict[FontFile, _Loaded | None] = {}


def _utf16(code: int) -> str:
    if code <= 0xFFFF:
        return f"{code:04X}"
    code -= 0x10000
    return f"{0xD800 + (code >> 10):04X}{0xDC00 + (code & 0x3FF):04X}"


def _patch_to_unicode() -> None:
    """Make reportlab write characters beyond U+FFFF into ToUnicode maps as UTF-16 pairs.

    reportlab prints each code point as ``<%04X>``, so U+2C029 comes out as ``<2C029>``,
    which extractors read as U+2C02 followed by junk: the character would change.
    """
    from reportlab.pdfbase import ttfonts

    original = ttfonts.makeToUnicodeCMap
    if getattr(original, "_govreport", False):
        return

    def make(fontname: str, subset: list[int]) -> str:
        text: str = original(fontname, subset)
        for i, v in enumerate(subset):
            if v > 0xFFFF:
                text = text.replace(f"<{i:02X}> <{v:04X}>", f"<{i:02X}> <{_utf16(v)}>")
        return text

    make._govreport = True  # type: ignore[attr-defined]
    ttfonts.makeToUnicodeCMap = make


def _load(font: FontFile) -> _Loaded | None:
    """Register a TrueType face with reportlab once per process; None when it cannot be used
    (an OpenType font with CFF outlines, a broken file)."""
    if font in _REGISTERED:
        return _REGISTERED[font]
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    _patch_to_unicode()
    name = f"GR{len(_REGISTERED)}-" + re.sub(r"[^A-Za-z0-9_.-]", "_", f"{os.path.basename(font.path)}-{font.index}")
    loaded: _Loaded | None = None
    try:
        tt = TTFont(name, font.path, subfontIndex=font.index)
        pdfmetrics.registerFont(tt)
        loaded = _Loaded(name, frozenset(tt.face.charToGlyph), tt.face)
    except (TTFError, OSError, ValueError, KeyError, IndexError, AssertionError):
        loaded = None
    _REGISTERED[font] = loaded
    return loaded


def _named(spec: str) -> FontFile:
    """A font the caller names: a file (``path#index`` for a face of a collection) or a family."""
    path, _, index = spec.partition("#")
    if os.path.isfile(path):
        return FontFile(path, int(index) if index.isdigit() else 0)
    hit = _parse_fc(_run(["fc-match", "-f", _FC_FORMAT, spec]))
    if hit and spec.lower() in hit[0].family.lower():
        return hit[0]
    raise WriteError(f"font {spec!r} not found: give the path of a TrueType font (.ttf, or .ttc#N for one "
                     "face of a collection) or the name of an installed TrueType font")


@dataclass
class FontSet:
    """The fonts of one PDF: one per role, others for characters a role's font lacks."""

    roles: dict[str, str]
    loaded: dict[str, _Loaded] = field(default_factory=dict)
    missing: set[str] = field(default_factory=set)
    asked: int = 0

    @property
    def cid(self) -> bool:
        """True when no TrueType font was found and the non-embedded CID font is used."""
        return not self.loaded

    def font_of(self, font: str, ch: str) -> str:
        """The font that draws ``ch`` in text set in ``font``."""
        if self.cid:
            if ord(ch) > 0xFFFF:  # the CID font's CMap is UCS-2: it would draw another character
                self.missing.add(ch)
                return "missing"
            return LATIN_FONT if ch in _CID_LATIN else font
        if ord(ch) in self.loaded[font].covers or ch in " \t":
            return font
        for other in self.loaded.values():
            if ord(ch) in other.covers:
                return other.name
        if ch not in self.missing:
            self.asked += 1
        for f in _fc_having(ch) if ch not in self.missing and self.asked <= _MAX_ASKED else ():
            got = _load(f)
            if got is not None and ord(ch) in got.covers:
                self.loaded[got.name] = got
                return got.name
        self.missing.add(ch)
        _draw_as_notdef(self.loaded[font], ch)
        return font

    def runs(self, text: str, font: str) -> list[tuple[str, str]]:
        """``text`` as (font, run) pairs; a tab is its own run with font "tab".

        With the CID font, a character it cannot encode has the font "missing" (drawn as an empty box).
        """
        out: list[tuple[str, str]] = []
        for ch in text:
            f = "tab" if ch == "\t" else self.font_of(font, ch)
            if out and out[-1][0] == f and f != "tab":
                out[-1] = (f, out[-1][1] + ch)
            else:
                out.append((f, ch))
        return out

    def width(self, text: str, font: str, size: float) -> float:
        """The advance of ``text`` set in ``font`` at ``size`` points (a tab is one em)."""
        from reportlab.pdfbase.pdfmetrics import stringWidth

        return sum(size * len(run) if f in ("tab", "missing") else stringWidth(run, f, size)
                   for f, run in self.runs(text, font))

    def report(self) -> None:
        """Warn about characters that no installed font has."""
        if self.missing:
            shown = "".join(sorted(self.missing)[:20])
            codes = ", ".join(f"U+{ord(c):04X}" for c in sorted(self.missing)[:8])
            warnings.warn(WriteWarning(
                f"PDF: no installed font has {len(self.missing)} character(s) ({shown}: {codes}); they are drawn "
                "as empty boxes and kept in the text layer; give a font that has them with font=…"), stacklevel=3)


def _draw_as_notdef(font: _Loaded, ch: str) -> None:
    # Map the character to the empty glyph, so that reportlab gives it its own code whose
    # ToUnicode entry is the character itself: the page shows a box, the text stays right.
    font.face.charToGlyph[ord(ch)] = 0
    font.face.charWidths.setdefault(ord(ch), 1000)


def _first(cands: Iterable[FontFile]) -> _Loaded | None:
    for f in cands:
        got = _load(f)
        if got is not None and ord("政") in got.covers:  # a font for Chinese text, not a Latin face
            return got
    return None


def fonts(font: str | None = None) -> FontSet:
    """The fonts for one PDF: the named one for every role, else the best installed per role."""
    if font == CID_FONT:  # asked for by name: the same output on every machine, no warning
        return _cid()
    if font:
        got = _first([_named(font)])
        if got is None:
            raise WriteError(f"font {font!r} cannot be embedded: it is not a TrueType font with Chinese glyphs "
                             "(OpenType fonts with CFF outlines, such as Noto CJK, are not supported)")
        return FontSet(dict.fromkeys(ROLES, got.name), {got.name: got})
    chosen = {role: _first(_candidates(role)) for role in ROLES}
    if all(c is not None for c in chosen.values()):
        loaded = {c.name: c for c in chosen.values() if c is not None}
        return FontSet({r: c.name for r, c in chosen.items() if c is not None}, loaded)
    fs = _cid()
    warnings.warn(WriteWarning(
        "PDF: no TrueType font for Chinese found (looked in the Windows and macOS font folders and asked "
        f"fontconfig); using the CID font {CID_FONT}, which is not embedded: viewers without Adobe's Asian "
        "font pack show the Chinese text blank. Install one (Debian: fonts-wqy-zenhei) or give font=…"),
        stacklevel=3)
    return fs


def _cid() -> FontSet:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if CID_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CID_FONT))
    return FontSet(dict.fromkeys(ROLES, CID_FONT))
