"""What every reader receives beside its bytes, and shared decoding."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from ..blocks import SourcePos
from ..diagnostics import ReaderWarning, WarningCode
from ..errors import ReadError

_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)


@dataclass
class ReadContext:
    """The source name (for messages), the warnings list and the reader's limits."""

    source: str = "<input>"
    warnings: list[ReaderWarning] = field(default_factory=list)
    max_bytes: int = 200 * 1024 * 1024
    max_pages: int = 500
    options: dict[str, object] = field(default_factory=dict)

    def warn(self, code: WarningCode, message: str, pos: SourcePos | None = None) -> None:
        """Record a warning about this source."""
        self.warnings.append(ReaderWarning(code, message, pos or SourcePos(), self.source))


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
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = data.decode("gb18030", errors="replace")
        ctx.warn(WarningCode.ENCODING, "neither UTF-8 nor GB18030; undecodable bytes replaced")
        return text
    ctx.warn(WarningCode.ENCODING, "not UTF-8; decoded as GB18030")
    return text


def meta_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first 4 KiB, if any."""
    m = _META_CHARSET_RE.search(data[:4096])
    return m.group(1).decode("ascii", "replace") if m else None
