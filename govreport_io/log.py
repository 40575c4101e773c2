"""The ``govreport_io`` logger, strict reading, and errors that always name their file.

Every reader warning of every read is sent to ``logging.getLogger("govreport_io")``:
at level INFO for warnings whose severity is "info" (page furniture removed, an
encoding guessed), at WARNING for the rest. The logger has a NullHandler, so nothing
is printed unless the application configures logging::

    import logging
    logging.basicConfig(level=logging.WARNING)   # now every read prints its warnings

Each record carries the warning object itself as ``record.govreport_warning``.

``read(..., strict=True)`` and ``read_document(..., strict=True)`` raise
:class:`~govreport_io.errors.StrictError` when a read gives any warning of severity
"warning" (info-level ones never fail a read).
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable, Iterable
from typing import Any, ParamSpec, Protocol, TypeVar

from .errors import GovReportError, StrictError, renamed

logger = logging.getLogger("govreport_io")
# A library never prints on its own: the application decides (logging HOWTO, "Configuring Logging for a Library").
logger.addHandler(logging.NullHandler())


class _HasWarnings(Protocol):
    @property
    def warnings(self) -> list[Any]: ...


R = TypeVar("R", bound=_HasWarnings)
P = ParamSpec("P")


def severity(warning: object) -> str:
    """"info" or "warning": the warning's own severity, else its code's, else "warning"."""
    found = getattr(warning, "severity", None) or getattr(getattr(warning, "code", None), "severity", None)
    value = getattr(found, "value", found)  # an Enum member or a plain string
    return str(value) if value else "warning"


def level(warning: object) -> int:
    """The logging level a warning is sent at."""
    return logging.INFO if severity(warning) == "info" else logging.WARNING


def _heard(lvl: int) -> bool:
    """Whether a record of level ``lvl`` sent to the logger would reach anything that acts on it.

    With logging left as the library sets it up (its NullHandler, no filter, the standard
    logger and record classes), a record is made and dropped: about 4 µs a warning, which a
    read of many warnings paid for nothing. Any handler other than a plain NullHandler on the
    way up, a filter on the logger, a custom record factory or logger class, or no handler at
    all (logging's last resort then prints) makes records as before."""
    if not logger.isEnabledFor(lvl):
        return False
    if logger.filters or type(logger) is not logging.Logger or logging.getLogRecordFactory() is not logging.LogRecord:
        return True
    found = 0
    node: logging.Logger | None = logger
    while node is not None:
        for handler in node.handlers:
            found += 1
            if type(handler) is not logging.NullHandler:
                return True
        if not node.propagate:
            break
        node = node.parent
    return found == 0 and logging.lastResort is not None and lvl >= logging.lastResort.level


def emit(warnings: Iterable[object]) -> None:
    """Send warnings to the ``govreport_io`` logger, each with the object as ``govreport_warning``
    (no record is made where nothing would act on it: see :func:`_heard`)."""
    items = list(warnings)
    _emit(items, [level(w) for w in items])


def _emit(warnings: list[Any], levels: list[int]) -> None:
    """:func:`emit` of ``warnings`` whose levels are known (a read asks each warning's once)."""
    heard: dict[int, bool] = {}
    for w, lvl in zip(warnings, levels):
        if lvl not in heard:
            heard[lvl] = _heard(lvl)
        if heard[lvl]:
            logger.log(lvl, "%s", w, extra={"govreport_warning": w})


def source_name(source: object) -> str:
    """The name a source is given in messages (as ``read_document`` names it)."""
    if isinstance(source, (str, os.PathLike)):
        return os.fspath(source)  # type: ignore[arg-type]
    if isinstance(source, (bytes, bytearray, memoryview)):
        return "<bytes>"
    return str(getattr(source, "name", "<stream>"))


def reading(fn: Callable[P, R]) -> Callable[P, R]:
    """Wrap a read function: log its warnings, honour ``strict=True``, name the file in every error.

    ``strict`` is taken out of the keyword options before ``fn`` sees them.
    """

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        strict = bool(kwargs.pop("strict", False))
        source = args[0] if args else kwargs.get("source")
        try:
            result = fn(*args, **kwargs)
        except GovReportError as exc:
            if exc.source or isinstance(exc, StrictError):
                raise
            raise renamed(exc, source_name(source)) from exc
        warnings = result.warnings
        levels = [level(w) for w in warnings]  # asked once a warning: for the logger and for strict
        _emit(warnings, levels)
        serious = [w for w, lvl in zip(warnings, levels) if lvl >= logging.WARNING]
        if strict and serious:
            first = serious[0]
            err = StrictError(f"{len(serious)} warning(s) under strict=True; the first: "
                              f"{getattr(first.code, 'value', first.code)}: {first.message}",
                              source=source_name(source), where=first.pos.describe() or None)
            err.warnings = tuple(serious)
            raise err
        return result

    wrapper.__doc__ = (fn.__doc__ or "").rstrip() + STRICT_DOC
    return wrapper


STRICT_DOC = """

    ``strict=True`` raises StrictError on any warning of severity "warning"; every warning is also
    logged to the ``govreport_io`` logger (see :mod:`govreport_io.log`).
    """

__all__ = ["emit", "level", "logger", "reading", "severity", "source_name"]
