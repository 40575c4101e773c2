"""The format registry: one line per format, reader and writer modules imported lazily.

A format names a reader module (``read(data, ctx)``, returning generic blocks or a
Report) and/or a writer module (``write(report, **options) -> bytes``) by dotted path.
Outside packages add formats through the entry-point group ``govreport_io.formats``;
each entry point names a :class:`FormatInfo` (or a callable returning one).
"""

from __future__ import annotations

import codecs
import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from .errors import FormatError

Sniffer = Callable[[bytes], int]


@dataclass(frozen=True)
class FormatInfo:
    """What the registry knows of a format; the module itself is imported on first use."""

    name: str
    reader: str | None
    writer: str | None
    extensions: tuple[str, ...]
    binary: bool
    sniff: Sniffer | None = None
    media_type: str = "application/octet-stream"
    requires: str | None = None  # the distribution that provides its dependency
    description: str = ""
    _loaded: dict[str, ModuleType] = field(default_factory=dict, compare=False, repr=False)

    @property
    def can_read(self) -> bool:
        """True when the format has a reader."""
        return self.reader is not None

    @property
    def can_write(self) -> bool:
        """True when the format has a writer."""
        return self.writer is not None

    def load_reader(self) -> ModuleType:
        """Import the reader module, saying which package is missing if the import fails."""
        if self.reader is None:
            raise FormatError(f"format {self.name!r} can only be written")
        return self._import(self.reader)

    def load_writer(self) -> ModuleType:
        """Import the writer module, saying which package is missing if the import fails."""
        if self.writer is None:
            raise FormatError(f"format {self.name!r} can only be read")
        return self._import(self.writer)

    def _import(self, dotted: str) -> ModuleType:
        if dotted not in self._loaded:
            try:
                self._loaded[dotted] = importlib.import_module(dotted)
            except ImportError as exc:
                hint = f"; install {self.requires}" if self.requires else ""
                raise FormatError(f"format {self.name!r} is unavailable: {exc}{hint}") from None
        return self._loaded[dotted]


# ---------------------------------------------------------------- sniffers (cheap: no imports)

def _head(data: bytes, n: int = 4096) -> str:
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


def _sniff_jsdata(data: bytes) -> int:
    from .readers.jsdata import sniff  # a small module: re and codecs only

    return sniff(data)


def _builtin(name: str, exts: tuple[str, ...], binary: bool, sniff: Sniffer, media: str, requires: str | None,
             description: str) -> FormatInfo:
    return FormatInfo(name, f"govreport_io.readers.{name}", f"govreport_io.writers.{name}", exts, binary,
                      sniff=sniff, media_type=media, requires=requires, description=description)


# One line per format: the whole of what a new built-in format adds here.
_BUILTIN: tuple[FormatInfo, ...] = (
    _builtin("json", (".json",), False, _sniff_json, "application/json", None, "the canonical contract govreport/1"),
    _builtin("markdown", (".md", ".markdown"), False, _sniff_markdown, "text/markdown", "markdown-it-py",
             "Markdown (tab or GFM tables)"),
    _builtin("text", (".txt", ".text"), False, _sniff_text, "text/plain", None, "plain text, every captured shape"),
    _builtin("html", (".html", ".htm", ".xhtml"), False, _sniff_html, "text/html", "lxml",
             "portal pages and Word-exported HTML"),
    _builtin("docx", (".docx",), True, _sniff_docx,
             "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "python-docx",
             "Word documents"),
    _builtin("pdf", (".pdf",), True, _sniff_pdf, "application/pdf", "pdfplumber, reportlab", "PDF by its geometry"),
    FormatInfo("jsdata", "govreport_io.readers.jsdata", None, (".js",), False, sniff=_sniff_jsdata,
               media_type="text/javascript", requires="lxml", description="a page inside a script's string literal"),
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
