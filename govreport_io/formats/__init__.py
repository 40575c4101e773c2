"""The format registry: one line per format, modules imported lazily.

A format is a module with ``read(data, ctx)`` (returning generic blocks or a Report)
and/or ``write(report, **options) -> bytes``. Outside packages add formats through
the entry-point group ``govreport_io.formats``; each entry point names a
:class:`FormatInfo`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from ..errors import FormatError

Sniffer = Callable[[bytes], int]


@dataclass(frozen=True)
class FormatInfo:
    """What the registry knows of a format; the module itself is imported on first use."""

    name: str
    module: str
    extensions: tuple[str, ...]
    binary: bool
    can_read: bool = True
    can_write: bool = True
    sniff: Sniffer | None = None
    media_type: str = "application/octet-stream"
    requires: str | None = None  # the distribution that provides its dependency
    description: str = ""
    _loaded: dict[str, ModuleType] = field(default_factory=dict, compare=False, repr=False)

    def load(self) -> ModuleType:
        """Import the format's module, saying which package is missing if the import fails."""
        if "m" not in self._loaded:
            try:
                self._loaded["m"] = importlib.import_module(self.module)
            except ImportError as exc:
                hint = f"; install {self.requires}" if self.requires else ""
                raise FormatError(f"format {self.name!r} is unavailable: {exc}{hint}") from None
        return self._loaded["m"]


# ---------------------------------------------------------------- sniffers (cheap: no imports)

def _head(data: bytes, n: int = 4096) -> str:
    chunk = data[:n]
    for enc in ("utf-8", "utf-16", "gb18030"):
        try:
            return chunk.decode(enc)
        except UnicodeDecodeError:
            continue
    return chunk.decode("latin-1")


def _sniff_pdf(data: bytes) -> int:
    return 100 if data[:1024].lstrip().startswith(b"%PDF") or b"%PDF-" in data[:1024] else 0


def _sniff_docx(data: bytes) -> int:
    if not data.startswith(b"PK\x03\x04"):
        return 0
    return 100 if b"word/" in data[:65536] or b"[Content_Types].xml" in data[:65536] else 30


def _sniff_json(data: bytes) -> int:
    head = _head(data).lstrip("\ufeff \t\r\n")
    if head.startswith("{") and '"schema"' in head[:2000]:
        return 100
    return 40 if head.startswith("{") else 0


def _sniff_html(data: bytes) -> int:
    head = _head(data).lstrip("\ufeff \t\r\n").lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")) and "<html" in head:
        return 95
    return 60 if ("<p" in head or "<div" in head or "<table" in head) and head.startswith("<") else 0


def _sniff_markdown(data: bytes) -> int:
    head = _head(data, 16384)
    lines = head.splitlines()
    atx = sum(1 for ln in lines if ln.startswith("#") and ln.lstrip("#").startswith(" "))
    pipes = sum(1 for ln in lines if ln.startswith("|") and ln.rstrip().endswith("|"))
    delim = any(set(ln.replace(" ", "")) <= set("|:-") and "---" in ln for ln in lines)
    if atx >= 1:
        return 70
    return 60 if pipes and delim else 0


def _sniff_text(data: bytes) -> int:
    return 10 if b"\x00" not in data[:4096] or data[:2] in (b"\xff\xfe", b"\xfe\xff") else 0


_BUILTIN: tuple[FormatInfo, ...] = (
    FormatInfo("json", "govreport_io.formats.json_fmt", (".json",), False, sniff=_sniff_json,
               media_type="application/json", description="the canonical contract govreport/1"),
    FormatInfo("markdown", "govreport_io.formats.markdown", (".md", ".markdown"), False, sniff=_sniff_markdown,
               media_type="text/markdown", requires="markdown-it-py", description="Markdown (tab or GFM tables)"),
    FormatInfo("text", "govreport_io.formats.text", (".txt", ".text"), False, sniff=_sniff_text,
               media_type="text/plain", description="plain text, every captured shape"),
    FormatInfo("html", "govreport_io.formats.html", (".html", ".htm", ".xhtml"), False, sniff=_sniff_html,
               media_type="text/html", requires="lxml", description="portal pages and Word-exported HTML"),
    FormatInfo("docx", "govreport_io.formats.docx", (".docx",), True, sniff=_sniff_docx,
               media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
               requires="python-docx", description="Word documents"),
    FormatInfo("pdf", "govreport_io.formats.pdf", (".pdf",), True, sniff=_sniff_pdf,
               media_type="application/pdf", requires="pdfplumber, reportlab", description="PDF by its geometry"),
)

_REGISTRY: dict[str, FormatInfo] = {f.name: f for f in _BUILTIN}
_ALIASES = {"md": "markdown", "txt": "text", "htm": "html", "plain": "text"}
_plugins_loaded = False


def register(info: FormatInfo, *, replace: bool = False) -> None:
    """Add a format (or replace one with ``replace=True``)."""
    if info.name in _REGISTRY and not replace:
        raise FormatError(f"format {info.name!r} is already registered")
    _REGISTRY[info.name] = info


def _load_plugins() -> None:
    global _plugins_loaded
    if _plugins_loaded:
        return
    _plugins_loaded = True
    from importlib.metadata import entry_points

    for ep in entry_points(group="govreport_io.formats"):
        try:
            obj: Any = ep.load()
            info = obj() if callable(obj) and not isinstance(obj, FormatInfo) else obj
            if isinstance(info, FormatInfo) and info.name not in _REGISTRY:
                _REGISTRY[info.name] = info
        except Exception:  # a broken plugin must not break the library
            continue


def formats() -> list[FormatInfo]:
    """Every registered format, built-in first."""
    _load_plugins()
    return list(_REGISTRY.values())


def get(name: str) -> FormatInfo:
    """The format called ``name`` (aliases such as "md" and "txt" accepted)."""
    _load_plugins()
    key = _ALIASES.get(name.lower().lstrip("."), name.lower().lstrip("."))
    try:
        return _REGISTRY[key]
    except KeyError:
        raise FormatError(f"unknown format {name!r}; known: {', '.join(_REGISTRY)}") from None


def by_extension(path: str) -> FormatInfo | None:
    """The format whose extension ends ``path``, longest extension first."""
    _load_plugins()
    low = path.lower()
    best: tuple[int, FormatInfo] | None = None
    for f in _REGISTRY.values():
        for ext in f.extensions:
            if low.endswith(ext) and (best is None or len(ext) > best[0]):
                best = (len(ext), f)
    return best[1] if best else None


def sniff(data: bytes) -> FormatInfo | None:
    """The readable format whose sniffer is most confident about ``data``."""
    _load_plugins()
    scored = [(f.sniff(data), f) for f in _REGISTRY.values() if f.can_read and f.sniff]
    scored = [s for s in scored if s[0] > 0]
    if not scored:
        return None
    return max(scored, key=lambda s: s[0])[1]
