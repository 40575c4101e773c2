"""The format registry: one line per format; reader and writer modules are imported lazily.

A format names a reader module (a :class:`~govreport_io.readers._context.Reader`: ``read``
and ``sniff``, optionally ``OPTIONS``) and/or a writer module (``write(report, **options)
-> bytes``) by dotted path. The registry only lists formats: what a format is and how it is
recognised lives in its modules. Outside packages add formats through the entry-point
group ``govreport_io.formats``; each entry point names a :class:`FormatInfo` (or a callable
returning one).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, cast

from .errors import FormatError
from .readers._context import Reader


@dataclass(frozen=True)
class FormatInfo:
    """What the registry knows of a format; the modules themselves are imported on first use."""

    name: str
    reader: str | None
    writer: str | None
    extensions: tuple[str, ...]
    binary: bool
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

    def load_reader(self) -> Reader:
        """Import the reader module, saying which package is missing if the import fails."""
        if self.reader is None:
            raise FormatError(f"format {self.name!r} can only be written")
        module = self._import(self.reader)
        if not callable(getattr(module, "read", None)):
            raise FormatError(f"format {self.name!r}: {self.reader} has no read(data, ctx)")
        return cast(Reader, module)

    def load_writer(self) -> ModuleType:
        """Import the writer module, saying which package is missing if the import fails."""
        if self.writer is None:
            raise FormatError(f"format {self.name!r} can only be read")
        return self._import(self.writer)

    def read_options(self) -> frozenset[str]:
        """The read options the reader accepts (its ``OPTIONS``; none when it names none)."""
        options: object = getattr(self.load_reader(), "OPTIONS", frozenset())
        if not isinstance(options, (set, frozenset, tuple, list)):
            return frozenset()
        return frozenset(str(o) for o in options)

    def sniff(self, data: bytes) -> int:
        """How sure the reader is that ``data`` is this format (0 when it cannot be loaded)."""
        if self.reader is None:
            return 0
        try:
            module = self._import(self.reader)
            sniffer = getattr(module, "sniff", None)
            return int(sniffer(data)) if callable(sniffer) else 0
        except Exception:  # a missing library or a broken plugin: never guessed, and never breaks the others
            return 0

    def _import(self, dotted: str) -> ModuleType:
        if dotted not in self._loaded:
            try:
                self._loaded[dotted] = importlib.import_module(dotted)
            except ImportError as exc:
                hint = f"; install {self.requires}" if self.requires else ""
                raise FormatError(f"format {self.name!r} is unavailable: {exc}{hint}") from None
        return self._loaded[dotted]


def _builtin(name: str, exts: tuple[str, ...], binary: bool, requires: str | None, description: str) -> FormatInfo:
    return FormatInfo(name, f"govreport_io.readers.{name}", f"govreport_io.writers.{name}", exts, binary,
                      requires=requires, description=description)


# One line per format: the whole of what a new built-in format adds here.
_BUILTIN: tuple[FormatInfo, ...] = (
    _builtin("json", (".json",), False, None, "the canonical contract govreport/1"),
    _builtin("markdown", (".md", ".markdown"), False, "markdown-it-py", "Markdown (tab or GFM tables)"),
    _builtin("text", (".txt", ".text"), False, None, "plain text, every captured shape"),
    _builtin("html", (".html", ".htm", ".xhtml"), False, "lxml", "portal pages and Word-exported HTML"),
    _builtin("docx", (".docx",), True, "python-docx", "Word documents"),
    _builtin("pdf", (".pdf",), True, "pypdfium2, pdfplumber, reportlab",
             "PDF by its geometry (pdfium; pdfplumber as reference)"),
    _builtin("xlsx", (".xlsx",), True, "openpyxl", "Excel workbooks"),
    FormatInfo("jsdata", "govreport_io.readers.jsdata", None, (".js",), False, requires="lxml",
               description="a page inside a script's string literal (read only)"),
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
    """The format called ``name`` (aliases such as "md" and "txt" accepted).

    Plugins are looked up only for a name that is not registered already: scanning the
    entry points costs more than a whole read of a small file.
    """
    key = _ALIASES.get(name.lower().lstrip("."), name.lower().lstrip("."))
    if key not in _REGISTRY:
        _load_plugins()
    try:
        return _REGISTRY[key]
    except KeyError:
        raise FormatError(f"unknown format {name!r}; known: {', '.join(_REGISTRY)}") from None


def by_extension(path: str) -> FormatInfo | None:
    """The format whose extension ends ``path``, longest extension first (plugins are looked
    up only when no registered format has the extension)."""
    found = _by_extension(path)
    if found is None and not _plugins_loaded:
        _load_plugins()
        found = _by_extension(path)
    return found


def _by_extension(path: str) -> FormatInfo | None:
    low = path.lower()
    best: tuple[int, FormatInfo] | None = None
    for f in _REGISTRY.values():
        for ext in f.extensions:
            if low.endswith(ext) and (best is None or len(ext) > best[0]):
                best = (len(ext), f)
    return best[1] if best else None


WEAK_GUESS = 10
"""A sniff score no higher than this is a guess of last resort (plain text takes any text)."""


def sniff(data: bytes) -> FormatInfo | None:
    """The readable format whose sniffer is most confident about ``data``.

    Plugins are looked up only when no registered format is more than weakly sure.
    """
    return best_guess(scores(data))


def scores(data: bytes) -> dict[str, int]:
    """Every readable format's sniff score for ``data`` (each sniffer runs once); plugins are
    looked up only when no registered format is more than weakly sure."""
    out = _scores(data)
    if max(out.values(), default=0) <= WEAK_GUESS and not _plugins_loaded:
        _load_plugins()
        out = _scores(data)
    return out


def best_guess(scored: dict[str, int]) -> FormatInfo | None:
    """The format with the highest score above 0 (the first registered wins a tie)."""
    name = max((n for n, s in scored.items() if s > 0), key=lambda n: scored[n], default=None)
    return _REGISTRY[name] if name else None


def _scores(data: bytes) -> dict[str, int]:
    return {f.name: f.sniff(data) for f in _REGISTRY.values() if f.can_read}
