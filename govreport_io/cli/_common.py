"""What every command shares: exit codes, reading an input, printing to stdout, showing warnings.

Exit codes (docs/cli.md):

====  =====================================================================
0     success
1     under ``--strict``: a rule of the form is broken (validate), or the
      reader gave a warning (convert)
2     usage: bad arguments, an unknown format name, no output format
3     an input could not be read (missing, unreadable, not a report, refused)
4     an output could not be written
130   interrupted (Ctrl-C)
====  =====================================================================

With several inputs a command keeps going and exits with the highest code it met.
"""

from __future__ import annotations

import argparse
import logging
import sys
from typing import Any

from ..api import ReadResult, read_document
from ..errors import GovReportError, ReadError, StrictError, WriteError
from ..log import logger, severity
from ..registry import FormatInfo, get

OK, FINDINGS, USAGE, UNREADABLE, UNWRITABLE, INTERRUPTED = 0, 1, 2, 3, 4, 130


class CliError(GovReportError):
    """A failure of the command line, carrying its exit code."""

    def __init__(self, message: str, code: int = USAGE) -> None:
        super().__init__(message)
        self.code = code


def exit_code(exc: GovReportError) -> int:
    """The exit code of an error that reached the top of a command."""
    if isinstance(exc, CliError):
        return exc.code
    if isinstance(exc, StrictError):
        return FINDINGS
    if isinstance(exc, ReadError):
        return UNREADABLE
    if isinstance(exc, WriteError):
        return UNWRITABLE
    return USAGE


def error(message: object) -> None:
    """One line on stderr, the shape every failure has: ``govreport: error: FILE: PLACE: what``."""
    print(f"govreport: error: {message}", file=sys.stderr)


def source(path: str) -> object:
    """An input argument as something :func:`govreport_io.read_document` takes ('-' is standard input)."""
    return sys.stdin.buffer if path == "-" else path


def format_named(name: str | None) -> FormatInfo | None:
    """The format of a -f/-t argument; an unknown name is a usage error (exit 2)."""
    if name is None:
        return None
    try:
        return get(name)
    except GovReportError as exc:
        raise CliError(str(exc), USAGE) from None


def size(text: str) -> int:
    """A size in bytes from "2G", "512M", "300k" or a plain number (argparse type)."""
    units = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30}
    t = text.strip().lower().rstrip("b")
    try:
        return int(float(t[:-1]) * units[t[-1]]) if t and t[-1] in units else int(t)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (say 2G, 512M or a number of bytes)") from None


def add_budgets(parser: argparse.ArgumentParser, timeout: float | None, memory: str | None) -> None:
    """--timeout and --max-memory: each read then runs in a worker process within them."""
    shown = f" (default {timeout:g})" if timeout else " (default: none)"
    parser.add_argument("--timeout", type=float, default=timeout, metavar="SECONDS",
                        help="stop a read that takes longer than this" + shown)
    parser.add_argument("--max-memory", type=size, default=size(memory) if memory else None, metavar="SIZE",
                        help="stop a read that needs more memory than this, e.g. 2G" +
                        (f" (default {memory})" if memory else " (default: none)"))


def budgets(args: argparse.Namespace) -> dict[str, Any]:
    """The read options that --timeout and --max-memory give (none when neither is set)."""
    out: dict[str, Any] = {}
    if getattr(args, "timeout", None):
        out["timeout"] = args.timeout
    if getattr(args, "max_memory", None):
        out["max_memory"] = args.max_memory
    return out


def read_input(path: str, fmt: str | None, *, strict: bool = False, **options: Any) -> ReadResult:
    """Read one input; any failure becomes exit 3 (exit 1 for warnings under --strict)."""
    try:
        return read_document(source(path), fmt, strict=strict, **options)  # type: ignore[arg-type]
    except StrictError as exc:
        raise CliError(str(exc), FINDINGS) from None
    except GovReportError as exc:  # whatever went wrong, it is this input that could not be read
        raise CliError(str(exc), UNREADABLE) from None


def write_stdout(data: bytes) -> None:
    """Bytes to stdout as they are: UTF-8 text stays UTF-8 whatever the console's encoding."""
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a stdout replaced by a text-only stream (an IDE, a test harness)
        sys.stdout.write(data.decode("utf-8"))
        return
    buffer.write(data)
    buffer.flush()


def say(text: str) -> None:
    """One line of text to stdout, in UTF-8."""
    write_stdout((text + "\n").encode("utf-8"))


def add_verbosity(parser: argparse.ArgumentParser) -> None:
    """-q/-v: reader warnings go to stderr; -q hides them, -v adds the info-level ones."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument("-q", "--quiet", action="store_true", help="do not print reader warnings")
    group.add_argument("-v", "--verbose", action="store_true", help="also print info-level reader notes")


class _Stderr(logging.Handler):
    """Prints each reader warning as ``warning: FILE: PLACE: code: message`` on stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        w: Any = getattr(record, "govreport_warning", None)
        label = severity(w) if w is not None else record.levelname.lower()
        print(f"{label}: {record.getMessage()}", file=sys.stderr)


def show_warnings(args: argparse.Namespace) -> tuple[logging.Handler, int] | None:
    """Route the govreport_io logger to stderr as -q/-v say; returns what :func:`restore` needs."""
    if getattr(args, "quiet", False):
        return None
    if getattr(args, "json", False) or getattr(args, "warnings", False):
        return None  # the command lists the warnings in its own output (validate --json / --warnings)
    handler = _Stderr(logging.INFO if getattr(args, "verbose", False) else logging.WARNING)
    before = logger.level
    logger.setLevel(min(handler.level, logger.getEffectiveLevel()))
    logger.addHandler(handler)
    return handler, before


def restore(state: tuple[logging.Handler, int] | None) -> None:
    """Undo :func:`show_warnings` (main may run many times in one process: tests, embedding)."""
    if state is not None:
        logger.removeHandler(state[0])
        logger.setLevel(state[1])


def shown(warning: object, args: argparse.Namespace) -> bool:
    """Whether -q/-v let a warning be listed in a command's own output."""
    if getattr(args, "quiet", False):
        return False
    return bool(getattr(args, "verbose", False)) or severity(warning) != "info"
