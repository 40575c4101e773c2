"""Errors raised by govreport_io.

Every failure the library reports is a :class:`GovReportError`. Its message names
the source (a file name or ``<bytes>``), the place inside it when known (page,
line, table, row) and what was expected, so that a command-line user can act on
one line of text.
"""

from __future__ import annotations


class GovReportError(Exception):
    """Base class of every error raised by govreport_io."""

    def __init__(self, message: str, *, source: str | None = None, where: str | None = None) -> None:
        self.source = source
        self.where = where
        self.detail = message
        parts = [p for p in (source, where) if p]
        prefix = ": ".join(parts)
        super().__init__(f"{prefix}: {message}" if prefix else message)


def renamed(exc: GovReportError, source: str, detail: str | None = None) -> GovReportError:
    """``exc`` again, naming ``source`` (and saying ``detail`` instead when given): an error from
    deep inside (the model, a shared repair) knows no file name. A subclass with a constructor
    of its own becomes a ReadError of the same message; other attributes are kept."""
    message = exc.detail if detail is None else detail
    try:
        named = type(exc)(message, source=source, where=exc.where)
    except TypeError:
        named = ReadError(message, source=source, where=exc.where)
    named.__dict__.update({k: v for k, v in exc.__dict__.items() if k not in ("source", "where", "detail")})
    return named


class ModelError(GovReportError, ValueError):
    """A value does not fit the canonical model (wrong key, type or shape)."""


class FormatError(GovReportError):
    """A format is unknown, cannot be guessed, or lacks a reader or writer."""


class OptionError(FormatError):
    """An option the format does not accept (named with the ones it does)."""


class ReadError(GovReportError):
    """The input cannot be read as the format it claims or seems to be."""


class UnsafeInputError(ReadError):
    """The input was refused for safety: too large, a zip bomb, external entities."""


class NoReportError(ReadError):
    """The input was read but holds nothing that looks like an annual report."""


class StrictError(ReadError):
    """``strict=True`` and the read gave warnings; ``warnings`` holds them (ReaderWarning objects)."""

    warnings: tuple[object, ...] = ()


class WriteError(GovReportError):
    """A report could not be written."""


class BudgetError(UnsafeInputError):
    """A read went over its time or memory budget (``read(..., timeout=…, max_memory=…)``).

    ``budget`` says which one: ``"time"`` or ``"memory"``.
    """

    def __init__(self, message: str, *, budget: str = "time", source: str | None = None,
                 where: str | None = None) -> None:
        self.budget = budget
        super().__init__(message, source=source, where=where)


EXCERPT = 40
"""How many characters of a text a message quotes: enough to find it, never a whole paragraph."""


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """``text`` quoted for a message: its repr when short, else its first ``limit`` characters and
    how long it is (a message that repeats a 600 KB paragraph helps nobody)."""
    if len(text) <= limit:
        return repr(text)
    return f"{text[:limit]!r}… ({len(text)} characters)"
