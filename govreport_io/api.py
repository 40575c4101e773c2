"""The public functions: read, write, convert, validate."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Union

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
    UnsafeInputError,
    WriteError,
)
from .form.recognise import recognise
from .form.recognise.found import nothing_of_a_report
from .form.validate import Finding
from .form.validate import validate as _validate
from .log import reading
from .model import Report
from .readers._context import ReadContext
from .repair import repair

Source = Union[str, "os.PathLike[str]", bytes, IO[bytes]]
Dest = Union[str, "os.PathLike[str]", IO[bytes], None]

DEFAULT_MAX_BYTES = 200 * 1024 * 1024
DEFAULT_MAX_PAGES = 500
_CATCH_ALL = 10  # the sniff score of a reader that takes any text


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
    """Bytes, a name for messages, and a path (for the extension) from any source."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        name, path = "<bytes>", None
    elif isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        name = path
        try:
            size = os.path.getsize(path)
            if size > max_bytes:
                raise UnsafeInputError(f"file is {size} bytes, over the limit of {max_bytes}", source=name)
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError as exc:
            raise ReadError(f"cannot open: {exc.strerror or exc}", source=name) from None
    elif hasattr(source, "read"):
        name = str(getattr(source, "name", "<stream>"))
        path = name if isinstance(getattr(source, "name", None), str) else None
        raw = source.read(max_bytes + 1)
        if isinstance(raw, str):
            raw = raw.encode("utf-8")
        data = bytes(raw)
    else:
        raise ReadError(f"cannot read from a {type(source).__name__}; give a path, bytes or a binary file object")
    if len(data) > max_bytes:
        raise UnsafeInputError(f"input is over the limit of {max_bytes} bytes", source=name)
    return data, name, path


def _pick_reader(data: bytes, path: str | None, fmt: str | None, name: str) -> registry.FormatInfo:
    if fmt:
        info = registry.get(fmt)
    else:
        info = None
        sniffed = registry.sniff(data)
        by_ext = registry.by_extension(path) if path else None
        # Binary signatures win over an extension; an extension wins over a weak text guess.
        if sniffed and sniffed.binary:
            info = sniffed
        elif by_ext and by_ext.can_read:
            info = by_ext
            # An extension whose reader takes anything (plain text sniffs every text weakly)
            # says little, nor does one whose reader sees nothing of its format in the content
            # (a .md holding an HTML page or a script): a format sure of the content wins.
            own = by_ext.sniff(data)
            if sniffed and sniffed is not by_ext and (0 < own <= _CATCH_ALL or
                                                      (own == 0 and sniffed.sniff(data) > _CATCH_ALL)):
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
    accepted = info.read_options()
    unknown = sorted(set(options) - accepted)
    if unknown:
        known = ", ".join(sorted(accepted)) or "none"
        raise OptionError(f"unknown read option {', '.join(map(repr, unknown))} for format {info.name!r}; "
                          f"it accepts: {known}", source=name)


def _run_reader(info: registry.FormatInfo, data: bytes, ctx: ReadContext) -> list[DocBlock] | Report:
    """The reader's output; a failure of a dependency becomes a ReadError naming the source."""
    _check_options(info, ctx.options, ctx.source)
    reader = info.load_reader()
    try:
        return reader.read(data, ctx)
    except GovReportError:
        raise
    except RecursionError:
        raise ReadError("input nested too deeply", source=ctx.source) from None
    except Exception as exc:  # a dependency failed in a way we did not foresee
        raise ReadError(f"cannot read as {info.name}: {type(exc).__name__}: {exc}", source=ctx.source) from None


def read_document(source: Source, format: str | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES,
                  max_pages: int = DEFAULT_MAX_PAGES, **options: Any) -> ReadResult:
    """Read a report with everything learned on the way: warnings and cell provenance.

    ``max_bytes`` and ``max_pages`` bound the input; past them UnsafeInputError is raised.
    Other keyword options go to the reader; one it does not accept raises OptionError.
    """
    data, name, path = _load(source, max_bytes)
    info = _pick_reader(data, path, format, name)
    ctx = ReadContext(source=name, max_pages=max_pages, options=dict(options))
    out = _run_reader(info, data, ctx)
    if isinstance(out, Report):
        return ReadResult(out, ctx.warnings, {}, info.name, name)
    blocks = repair(out, ctx)
    rec = recognise(blocks, source=name)
    # a partial read returns what was found; only nothing of a report is refused
    refusal = nothing_of_a_report(rec.report, blocks)
    if refusal:
        raise NoReportError(refusal, source=name)
    return ReadResult(rec.report, ctx.warnings + rec.warnings, rec.provenance, info.name, name, rec.notes,
                      rec.uncertain)


def read(source: Source, format: str | None = None, **options: Any) -> Report:
    """Read a report from a path, bytes or binary file object; the format is guessed when not given.

    Takes the options of :func:`read_document`, ``strict=True`` among them.
    """
    return read_document(source, format, **options).report


def read_blocks(source: Source, format: str | None = None, **options: Any) -> list[DocBlock]:
    """The generic blocks a reader makes of a document, repaired, as the recogniser receives them
    (for debugging readers)."""
    data, name, path = _load(source, DEFAULT_MAX_BYTES)
    info = _pick_reader(data, path, format, name)
    ctx = ReadContext(source=name, options=dict(options))
    out = _run_reader(info, data, ctx)
    if isinstance(out, Report):
        raise FormatError(f"format {info.name!r} reads reports, not blocks", source=name)
    return repair(out, ctx)


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
