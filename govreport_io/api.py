"""The public functions: read, write, convert, validate."""

from __future__ import annotations

import gc
import logging
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Literal, Union

from . import registry
from .blocks import Block as DocBlock
from .blocks import SourcePos
from .diagnostics import ReaderWarning
from .errors import (
    FormatError,
    GovReportError,
    NoReportError,
    OptionError,
    ReadError,
    StrictError,
    UnsafeInputError,
    WriteError,
    renamed,
)
from .form.recognise import recognise
from .form.recognise.found import nothing_of_a_report
from .form.validate import Finding
from .form.validate import validate as _validate
from .log import reading, source_name
from .model import Report
from .readers._context import ReadContext
from .repair import repair

# Dependencies that log through ``logging`` stay quiet unless the application configures
# logging: without a handler of their own, Python's last-resort handler would print their
# warnings beside our one-line error. Their records still propagate to the application's
# handlers (the CLI's -v), so nothing is hidden from one who asks. (pdfminer: see readers/pdf.)
for _name in ("markdown_it", "docx", "lxml"):
    logging.getLogger(_name).addHandler(logging.NullHandler())

Source = Union[str, "os.PathLike[str]", bytes, IO[bytes]]
Dest = Union[str, "os.PathLike[str]", IO[bytes], None]

DEFAULT_MAX_BYTES = 200 * 1024 * 1024
DEFAULT_MAX_PAGES = 500


@dataclass
class ReadResult:
    """A read: the Report, the reader's warnings, where each table cell came from, and what the
    recogniser noted about single cells (notes, and the cells it is not sure of)."""

    report: Report
    warnings: list[ReaderWarning] = field(default_factory=list)
    provenance: dict[str, SourcePos] = field(default_factory=dict)
    format: str = ""
    source: str = ""
    notes: dict[str, list[str]] = field(default_factory=dict)  # per cell: how its value was read
    uncertain: dict[str, str] = field(default_factory=dict)  # per cell whose value is a best reading: why

    def findings(self) -> list[Finding]:
        """The form's arithmetic checked, with source positions where known."""
        return _validate(self.report, self.provenance)


def _load(source: Source, max_bytes: int) -> tuple[bytes, str, str | None]:
    """Bytes, a name for messages, and a path (for the extension) from any source.

    At most ``max_bytes + 1`` bytes are ever read, whatever the source: a device such as
    /dev/zero or a pipe has no size to check beforehand, and an endless one must be refused,
    not read until memory runs out.
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        name, path = "<bytes>", None
    elif isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        name = path
        try:
            size = os.path.getsize(path)  # a regular file is refused before a byte is read
            if size > max_bytes:
                raise UnsafeInputError(f"file is {size} bytes, over the limit of {max_bytes}", source=name)
            with open(path, "rb") as fh:
                data = fh.read(max_bytes + 1)
        except OSError as exc:
            raise ReadError(f"cannot open: {exc.strerror or 'the operating system refused'}",
                            source=name) from exc
    elif hasattr(source, "read"):
        name = str(getattr(source, "name", "<stream>"))
        path = name if isinstance(getattr(source, "name", None), str) else None
        data = _read_stream(source, max_bytes, name)
    else:
        raise ReadError(f"cannot read from a {type(source).__name__}; give a path, bytes or a binary file object")
    if len(data) > max_bytes:
        raise UnsafeInputError(f"input is over the limit of {max_bytes} bytes", source=name)
    return data, name, path


def _read_stream(stream: IO[bytes], max_bytes: int, name: str) -> bytes:
    """At most ``max_bytes + 1`` bytes of a file object (text streams are encoded as UTF-8)."""
    try:
        raw: bytes | str = stream.read(max_bytes + 1)
    except OSError as exc:
        raise ReadError(f"cannot read the stream: {exc.strerror or 'the operating system refused'}",
                        source=name) from exc
    except ValueError as exc:  # a closed file
        raise ReadError("cannot read the stream: it is closed or not readable", source=name) from exc
    if isinstance(raw, str):
        raw = raw.encode("utf-8", "surrogatepass")
    if not isinstance(raw, (bytes, bytearray, memoryview)):
        raise ReadError(f"the stream gave a {type(raw).__name__}, not bytes", source=name)
    return bytes(raw)


def _pick_reader(data: bytes, path: str | None, fmt: str | None, name: str) -> registry.FormatInfo:
    if fmt:
        info = registry.get(fmt)
    else:
        info = None
        scored = registry.scores(data)
        sniffed = registry.best_guess(scored)
        by_ext = registry.by_extension(path) if path else None
        # Binary signatures win over an extension; an extension wins over a weak text guess.
        if sniffed and sniffed.binary:
            info = sniffed
        elif by_ext and by_ext.can_read:
            info = by_ext
            # An extension whose reader takes anything (plain text sniffs every text weakly)
            # says little, nor does one whose reader sees nothing of its format in the content
            # (a .md holding an HTML page or a script): a format sure of the content wins.
            own, weak = scored.get(by_ext.name, 0), registry.WEAK_GUESS
            if sniffed and sniffed is not by_ext and (0 < own <= weak or
                                                      (own == 0 and scored[sniffed.name] > weak)):
                info = sniffed
        else:
            info = sniffed
    if info is None:
        raise FormatError("cannot tell the format; give one with format=…", source=name)
    if not info.can_read:
        raise FormatError(f"format {info.name!r} can only be written", source=name)
    return info


def _check_options(info: registry.FormatInfo, options: dict[str, Any], name: str) -> None:
    """Refuse a read option the reader does not name: a silently ignored option misleads."""
    if not options:
        return  # nothing to refuse (most reads): the reader's options are not looked up
    accepted = info.read_options()
    unknown = sorted(set(options) - accepted)
    if unknown:
        known = ", ".join(sorted(accepted)) or "none"
        raise OptionError(f"unknown read option {', '.join(map(repr, unknown))} for format {info.name!r}; "
                          f"it accepts: {known}", source=name)


def _run_reader(info: registry.FormatInfo, data: bytes, ctx: ReadContext) -> list[DocBlock] | Report:
    """The reader's output (failures are turned into GovReportErrors by :func:`_named_errors`)."""
    _check_options(info, ctx.options, ctx.source)
    return info.load_reader().read(data, ctx)


# Names of exception classes, as dependencies put them in their messages ("PSEOF: …",
# "XMLSyntaxError: …"): a user cannot act on them, and the cause stays chained for developers.
_CLASS_NAME_RE = re.compile(r"\b(?:[A-Z][A-Za-z0-9_]*(?:Error|Exception|Warning|EOF|ZipFile)|PSEOF|"
                            r"KeyError|StopIteration)\b(?:\s*:\s*|\s*)")
_MAX_REASON = 120


def _scrub(message: str) -> str:
    """``message`` without exception class names, kept short."""
    text = " ".join(_CLASS_NAME_RE.sub("", message).split()).strip(" :;,")
    return text if len(text) <= _MAX_REASON else text[:_MAX_REASON] + "…"


def _place(exc: BaseException) -> str | None:
    """Where in the file a dependency's exception says it stopped, when it says so."""
    line = getattr(exc, "lineno", None)
    if isinstance(line, int) and line > 0:
        return f"line {line}"
    return None


def _failure(exc: Exception, name: str, fmt: str) -> GovReportError:
    """A GovReportError naming the file for an exception no reader foresaw."""
    if isinstance(exc, RecursionError):
        return ReadError("nested too deeply to read", source=name)
    if isinstance(exc, MemoryError):
        return UnsafeInputError("reading it needs more memory than there is", source=name)
    what = f"as {fmt}" if fmt else "it"
    reason = _scrub(str(exc))
    detail = f"cannot read {what}: the file is damaged or not in this format"
    return ReadError(f"{detail} ({reason})" if reason else detail, source=name, where=_place(exc))


class _named_errors:  # (lower case: used as the function it was, ``with _named_errors(name):``)
    """Every failure inside as a GovReportError naming the file, the cause chained.

    The one wrapping path of every public read: errors of the library get the file name
    when they lack one (the model and the shared repairs know none); anything else (a
    dependency failing in a way no reader foresaw, or a bug) becomes a ReadError without
    the dependency's class name in its message. A class rather than a ``@contextmanager``
    generator: a read enters three, and a generator's context costs several times a plain
    ``__enter__``/``__exit__``.
    """

    __slots__ = ("fmt", "name")

    def __init__(self, name: str, fmt: str = "") -> None:
        self.name, self.fmt = name, fmt

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> Literal[False]:
        if exc is None or isinstance(exc, StrictError) or not isinstance(exc, Exception):
            return False  # nothing raised, a strict read's refusal, or no failure to rename (KeyboardInterrupt)
        if isinstance(exc, GovReportError):
            clean = _scrub(exc.detail) if _CLASS_NAME_RE.search(exc.detail) else exc.detail
            if exc.source and clean == exc.detail:
                return False
            raise renamed(exc, exc.source or self.name, clean) from exc
        # the promise: every failure is a GovReportError
        raise _failure(exc, self.name, self.fmt) from exc


def read_document(source: Source, format: str | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES,
                  max_pages: int = DEFAULT_MAX_PAGES, timeout: float | None = None, max_memory: int | None = None,
                  **options: Any) -> ReadResult:
    """Read a report with everything learned on the way: warnings and cell provenance.

    ``max_bytes`` and ``max_pages`` bound the input; past them UnsafeInputError is raised.
    ``timeout`` (seconds) and ``max_memory`` (bytes) bound the read itself: it then runs in a
    worker process (:mod:`govreport_io.budget`) and BudgetError says which budget was exceeded.
    Other keyword options go to the reader; one it does not accept raises OptionError.
    """
    if timeout is not None or max_memory is not None:
        # A budget is enforced by reading in a worker process; the worker reads without one.
        from .budget import read_document_bounded

        return read_document_bounded(source, format, timeout=timeout, max_memory=max_memory,
                                     max_bytes=max_bytes, max_pages=max_pages, **options)
    out, info, ctx, paused = _read_raw(source, format, max_bytes, max_pages, options)
    name = ctx.source
    try:
        with _named_errors(name, info.name):
            if isinstance(out, Report):
                return ReadResult(out, ctx.warnings, {}, info.name, name)
            blocks = repair(out, ctx)
            rec = recognise(blocks, source=name)
    finally:
        if paused:
            gc.enable()
    # a partial read returns what was found; only nothing of a report is refused
    refusal = nothing_of_a_report(rec.report, blocks)
    if refusal:
        raise NoReportError(refusal, source=name)
    return ReadResult(rec.report, ctx.warnings + rec.warnings, rec.provenance, info.name, name, rec.notes,
                      rec.uncertain)


_PAUSE_COLLECTOR_FROM = 1 << 20
"""Bytes from which a read of a text-like format runs with the cyclic garbage collector paused."""
_PAUSE_COLLECTOR_FORMATS = frozenset({"text", "markdown", "html", "docx", "json"})
"""Formats whose reads make no reference cycles (their objects are freed as soon as they are
dropped): a large one holds millions of tokens, cells and blocks, which the collector would
otherwise walk again and again (38% of a 4 MB text table). Not PDF or XLSX, whose libraries make
cycles per page or sheet that only the collector frees."""


def _pause_collector(fmt: str, size: int) -> bool:
    """Pause the cyclic collector for a large read of a text-like format; True when it was paused
    here (and must be enabled again), False when it stays as it was (small, or off already)."""
    if size < _PAUSE_COLLECTOR_FROM or fmt not in _PAUSE_COLLECTOR_FORMATS or not gc.isenabled():
        return False
    gc.disable()
    return True


def _read_raw(source: Source, format: str | None, max_bytes: int, max_pages: int, options: dict[str, Any]
              ) -> tuple[list[DocBlock] | Report, registry.FormatInfo, ReadContext, bool]:
    """The bytes loaded within bounds, the reader picked and run: what a reader gives, before repair,
    and whether the collector was paused for it (see :func:`_pause_collector`; the caller enables
    it again once the read is done)."""
    name = source_name(source)
    with _named_errors(name):
        data, name, path = _load(source, max_bytes)
        info = _pick_reader(data, path, format, name)
    ctx = ReadContext(source=name, max_pages=max_pages, options=dict(options))
    paused = _pause_collector(info.name, len(data))
    try:
        with _named_errors(name, info.name):
            return _run_reader(info, data, ctx), info, ctx, paused
    except BaseException:
        if paused:
            gc.enable()
        raise


def read(source: Source, format: str | None = None, **options: Any) -> Report:
    """Read a report from a path, bytes or binary file object; the format is guessed when not given.

    Takes the options of :func:`read_document`, ``strict=True`` among them.
    """
    return read_document(source, format, **options).report


def read_blocks(source: Source, format: str | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES,
                max_pages: int = DEFAULT_MAX_PAGES, **options: Any) -> list[DocBlock]:
    """The generic blocks a reader makes of a document, repaired, as the recogniser receives them
    (for debugging readers). Bounded and failing as :func:`read_document` does: every error is
    a GovReportError naming the file."""
    out, info, ctx, paused = _read_raw(source, format, max_bytes, max_pages, options)
    try:
        with _named_errors(ctx.source, info.name):
            if isinstance(out, Report):
                raise FormatError(f"format {info.name!r} reads reports, not blocks", source=ctx.source)
            return repair(out, ctx)
    finally:
        if paused:
            gc.enable()


def write(report: Report, dest: Dest = None, format: str | None = None, **options: Any) -> bytes:
    """Write a report; returns the bytes and also writes them to ``dest`` when given."""
    name = os.fspath(dest) if isinstance(dest, (str, os.PathLike)) else "<output>"
    if format:
        info = registry.get(format)
    elif isinstance(dest, (str, os.PathLike)):
        found = registry.by_extension(os.fspath(dest))
        if found is None:
            raise FormatError("cannot tell the output format from the file name; give one with format=…",
                              source=name)
        info = found
    else:
        raise FormatError("give an output format with format=… when writing without a file name")
    if not info.can_write:
        raise FormatError(f"format {info.name!r} can only be read", source=name)
    try:
        data: bytes = info.load_writer().write(report, **options)
    except GovReportError:
        raise
    except TypeError as exc:
        raise WriteError(f"bad option for {info.name}: {exc}", source=name) from None
    if isinstance(dest, (str, os.PathLike)):
        _write_atomic(Path(dest), data, name)
    elif dest is not None:
        dest.write(data)
    return data


def _mode_for(path: Path) -> int:
    """The permissions a plain write would give: the existing file's, else 0666 less the umask."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def _write_atomic(path: Path, data: bytes, name: str) -> None:
    """Write through a temporary file in the same folder, then rename: a failed write never
    leaves a truncated file in place of an existing one."""
    import tempfile

    tmp = None
    try:
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp",
                                         delete=False) as fh:
            tmp = fh.name
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _mode_for(path))  # the temporary file is private; the result must not be
        os.replace(tmp, path)
    except OSError as exc:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)
        raise WriteError(f"cannot write: {exc.strerror or exc}", source=name) from None


def convert(src: Source, dest: Dest = None, to: str | None = None, *, from_: str | None = None,
            **options: Any) -> bytes:
    """Read ``src`` and write it to ``dest`` (or return the bytes) in format ``to``."""
    report = read(src, from_)
    return write(report, dest, to, **options)


def validate(report: Report | Source, format: str | None = None) -> list[Finding]:
    """The form's arithmetic checked (勾稽关系); accepts a Report or anything :func:`read` takes."""
    if isinstance(report, Report):
        return _validate(report)
    return read_document(report, format).findings()


def list_formats() -> Sequence[registry.FormatInfo]:
    """Every registered format (built-in and from plugins)."""
    return registry.formats()


# Every read logs its warnings to the "govreport_io" logger, takes strict=True and names the file in every error.
read_document = reading(read_document)

__all__ = ["ReadResult", "convert", "list_formats", "read", "read_blocks", "read_document", "validate", "write"]
