"""What every reader is and receives: the Reader protocol, the ReadContext, shared decoding."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from typing import Protocol

from ..blocks import Block, SourcePos
from ..diagnostics import ReaderWarning, WarningCode
from ..errors import ReadError
from ..model import Report
from ..repair.make import warning

_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)


@dataclass
class ReadContext:
    """The source name (for messages), the warnings list, the page limit and the read options
    the caller gave (only those the reader names in its ``OPTIONS``; others are refused before)."""

    source: str = "<input>"
    warnings: list[ReaderWarning] = field(default_factory=list)
    max_pages: int = 500
    options: dict[str, object] = field(default_factory=dict)

    def warn(self, code: WarningCode, message: str, pos: SourcePos | None = None) -> None:
        """Record a warning about this source."""
        self.warnings.append(warning(code, message, pos or SourcePos(), self.source))


class Reader(Protocol):
    """A reader module: ``read`` turns bytes into generic blocks (JSON: into a Report), ``sniff``
    says how sure it is that bytes are its format (0 not at all, 100 certain).

    A reader may also define ``OPTIONS: frozenset[str]``, the read options it accepts (they
    arrive in ``ctx.options``). Importing a reader must stay cheap: the registry imports every
    reader to sniff, so a parser library is imported inside ``read``.
    """

    def read(self, data: bytes, ctx: ReadContext) -> list[Block] | Report:
        """The document's blocks (or, for the canonical JSON, its Report)."""

    def sniff(self, data: bytes) -> int:
        """0–100: how sure the reader is that ``data`` is its format (no imports, no parsing)."""


def sniff_head(data: bytes, n: int = 4096) -> str:
    """The first ``n`` bytes as text, for sniffing (a character cut at the end is dropped)."""
    chunk = data[:n]
    if chunk.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return chunk.decode("utf-16", errors="ignore")
    for enc in ("utf-8", "gb18030"):
        try:
            return codecs.getincrementaldecoder(enc)().decode(chunk, final=False)
        except UnicodeDecodeError:
            continue
    return chunk.decode("latin-1")


def _canonical(enc: str) -> str:
    enc = enc.lower().replace("_", "-")
    # gb2312 and gbk pages are GB18030 in practice; GB18030 is a superset of both.
    if enc in ("gb2312", "gbk", "gb-2312", "x-gbk", "cp936", "euc-cn", "hz-gb-2312"):
        return "gb18030"
    try:
        return codecs.lookup(enc).name
    except LookupError:
        return "utf-8"


def decode_text(data: bytes, ctx: ReadContext, declared: str | None = None) -> str:
    """Decode bytes without a hint: BOM, then a declared charset, then UTF-8, then GB18030."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ReadError(f"bad UTF-16 text at byte {exc.start}", source=ctx.source) from None
    if declared:
        enc = _canonical(declared)
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    lenient = _mostly_utf8(data, first_bad)
    if lenient is not None:
        ctx.warn(WarningCode.ENCODING, f"UTF-8 with {lenient[1]} undecodable byte sequence(s), the first at byte "
                 f"{first_bad}, replaced by U+FFFD")
        return lenient[0]
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = data.decode("gb18030", errors="replace")
        ctx.warn(WarningCode.ENCODING, "neither UTF-8 nor GB18030; undecodable bytes replaced")
        return text
    ctx.warn(WarningCode.ENCODING, "not UTF-8; decoded as GB18030")
    return text


def _mostly_utf8(data: bytes, first_bad: int = 0) -> tuple[str, int] | None:
    """The text and its number of bad sequences when ``data`` is UTF-8 but for a few of them (a
    lone surrogate written as UTF-8, a cut character): read as GB18030 it would be nonsense
    throughout. GB18030 text read as UTF-8 fails on nearly every character, so the two never
    meet: at most one bad sequence per hundred non-ASCII characters is UTF-8.

    ``first_bad``: where strict UTF-8 failed (every byte before it decodes). GB18030 text is
    refused on its first bad sequences, not on the whole of it decoded (see :func:`_too_bad`)."""
    if _too_bad(data, first_bad):
        return None
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    wide = len(text) - len(text.encode("ascii", "ignore"))  # non-ASCII characters, U+FFFD among them
    return (text, bad) if 0 < bad and bad * 100 <= wide - bad else None


_FFFD_UTF8 = "\ufffd".encode()


def _too_bad(data: bytes, first_bad: int) -> bool:
    """Whether the bytes from ``first_bad`` on hold so many bad UTF-8 sequences that
    :func:`_mostly_utf8` refuses ``data`` whatever follows them; found on a probe of the bytes.

    A lower bound of the bad sequences: the probe starts where the whole decode is between
    characters (all before ``first_bad`` is valid), so each sequence inside it is replaced as in
    the whole decode, but for one cut at its end (one U+FFFD at most that the whole decode may
    not make); each U+FFFD written in the data (EF BF BD) is one decoded that no bad sequence
    made. An upper bound of the non-ASCII characters: one byte at least each, so ``len(data)``.
    ``_mostly_utf8`` accepts only ``101 * bad <= wide``: more bad ones than that refuse.
    """
    end = first_bad + 512 + len(data) // 32  # GB18030 text makes a bad sequence every 2 bytes or so
    if end >= len(data):
        return False  # the probe would be the whole decode: made by the caller
    probe = data[first_bad:end]
    bad = probe.decode("utf-8", errors="replace").count("\ufffd") - probe.count(_FFFD_UTF8) - 1
    return 101 * bad > len(data)


def meta_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first 4 KiB, if any."""
    m = _META_CHARSET_RE.search(data[:4096])
    return m.group(1).decode("ascii", "replace") if m else None
