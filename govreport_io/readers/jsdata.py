"""A report inside a script: a JavaScript data file whose string literal holds the page.

Some portals ship an article as ``let content = "<p …>…<table>…</table>";`` and write it
into the page at run time; crawlers save that script. The literal is decoded here by a
small string-literal decoder (never ``eval``): ``\\"`` ``\\'`` ``\\\\`` ``\\n`` ``\\uXXXX``
``\\u{…}`` ``\\xXX``, line continuations, several literals joined by ``+``. The HTML it
holds is then read by the HTML reader's reading function.
"""

from __future__ import annotations

import codecs
import re

from ..blocks import Block
from ..errors import NoReportError, ReadError
from ._context import ReadContext, decode_text

# ``let content = "…"``, ``var x='…'``, ``window.data.html = `…```, at the start of a statement
_ASSIGN_RE = re.compile(r"(?:^|[;\n{(,])\s*(?:(?:let|var|const)\s+)?[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*\s*[=:]\s*"
                        r"(?=[\"'`])")
_LEADING_RE = re.compile(r"^(?:\s+|//[^\n]*\n|/\*.*?\*/)*", re.S)
_TAG_RE = re.compile(r"<\s*(?:p|div|table|tr|td|span|h[1-6]|br|strong|font|section|article)\b", re.I)
_SIMPLE = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", "v": "\v", "0": "\0",
           "\"": "\"", "'": "'", "`": "`", "\\": "\\", "/": "/", "$": "$"}


def sniff(data: bytes) -> int:
    """85 for a script that assigns a string literal holding HTML tags; 0 for anything else
    (HTML, Markdown and text start otherwise)."""
    head = data[:8192].decode("utf-8", errors="ignore").lstrip("\ufeff")
    head = head[_LEADING_RE.match(head).end():]  # type: ignore[union-attr]  # the pattern always matches
    if head.startswith("<") or not re.match(r"(?:(?:let|var|const)\s+)?[A-Za-z_$][\w$.]*\s*=\s*[\"'`]", head):
        return 0
    return 85 if _TAG_RE.search(head) else 0


class _Literal:
    """One JavaScript string literal, decoded; ``end`` is the index after its closing quote."""

    def __init__(self, text: str, start: int, source: str) -> None:
        quote = text[start]
        out: list[str] = []
        i = start + 1
        while i < len(text):
            ch = text[i]
            if ch == quote:
                self.value, self.end = "".join(out), i + 1
                return
            if ch == "\\":
                piece, i = self._escape(text, i, source)
                out.append(piece)
                continue
            if ch in "\r\n" and quote != "`":
                break
            out.append(ch)
            i += 1
        line = text.count("\n", 0, start) + 1
        raise ReadError(f"a string literal opened here ({quote}) is not closed on its line", source=source,
                        where=f"line {line}")

    @staticmethod
    def _escape(text: str, i: int, source: str) -> tuple[str, int]:
        """The character an escape at ``text[i]`` stands for, and the index after it."""
        nxt = text[i + 1:i + 2]
        if nxt in _SIMPLE and not (nxt == "0" and text[i + 2:i + 3].isdigit()):
            return _SIMPLE[nxt], i + 2
        if nxt in ("\n", "\r"):  # a line continuation
            return "", i + (3 if text[i + 1:i + 3] == "\r\n" else 2)
        m = re.compile(r"u\{([0-9a-fA-F]{1,6})\}|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})").match(text, i + 1)
        if m is None:
            return nxt, i + 2  # an unknown escape stands for the character itself
        code = int(next(g for g in m.groups() if g), 16)
        if code > 0x10FFFF:
            line = text.count("\n", 0, i) + 1
            raise ReadError(f"escape {m.group(0)!r} is not a character", source=source, where=f"line {line}")
        return chr(code), m.end()


def _join_surrogates(text: str) -> str:
    """\\uD83D\\uDE00 pairs, decoded one by one, made into the character they encode."""
    if not any("\ud800" <= ch <= "\udfff" for ch in text):
        return text
    return text.encode("utf-16", "surrogatepass").decode("utf-16", errors="replace")


def literals(script: str, source: str = "<input>") -> list[str]:
    """The values of the string literals assigned in a script, ``"a" + "b"`` joined."""
    out: list[str] = []
    pos = 0
    while (m := _ASSIGN_RE.search(script, pos)) is not None:
        lit = _Literal(script, m.end(), source)
        parts, end = [lit.value], lit.end
        while (plus := re.compile(r"\s*\+\s*(?=[\"'`])").match(script, end)) is not None:
            lit = _Literal(script, plus.end(), source)
            parts.append(lit.value)
            end = lit.end
        out.append(_join_surrogates("".join(parts)))
        pos = end
    return out


def read(data: bytes, ctx: ReadContext) -> list[Block]:
    """Blocks of the page the script's longest HTML-holding literal holds."""
    from . import html  # imported here: sniffing this format needs no lxml

    script = decode_text(data, ctx)
    pages = [lit for lit in literals(script, ctx.source) if _TAG_RE.search(lit)]
    if not pages:
        raise NoReportError("the script assigns no string literal holding HTML (let content = \"<p>…\")",
                            source=ctx.source)
    page = max(pages, key=len)
    # the BOM makes the HTML reader take these bytes as UTF-8 whatever charset the page declares
    return html.read(codecs.BOM_UTF8 + page.encode("utf-8", errors="surrogatepass"), ctx)
