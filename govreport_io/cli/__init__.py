"""The command line: ``govreport <command>`` (also ``python -m govreport_io``).

One module per command, each with ``add_parser(sub)`` (which sets ``run``) and
``run(args) -> int``; a new command is a module plus one line in ``COMMANDS``.
What every command shares (exit codes, stdout in UTF-8, -q/-v) is in ``_common``.
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from collections.abc import Sequence
from typing import Any

from .. import __version__
from .._compiled import describe
from ..errors import GovReportError
from ..writers import WriteWarning
from . import batch, convert, dataset, formats, template, validate
from ._common import INTERRUPTED, OK, error, exit_code, restore, show_warnings, write_stdout

# One line per command, in the order ``--help`` lists them.
COMMANDS = (
    convert,
    validate,
    formats,
    template,
    dataset,
    batch,
)

EPILOG = ("exit codes: 0 ok, 1 findings under --strict, 2 usage, 3 an input could not be read, "
          "4 an output could not be written, 130 interrupted")


class _Parser(argparse.ArgumentParser):
    """argparse, with --help and --version written to stdout in UTF-8 as every other output is."""

    def _print_message(self, message: str, file: Any = None) -> None:
        if message and file in (None, sys.stdout):
            write_stdout(message.encode("utf-8"))
        else:
            super()._print_message(message, file)


class _Version(argparse.Action):
    """--version, with what runs compiled (looked up only when asked: it finds every compiled module)."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        parser._print_message(f"govreport_io {__version__} ({describe()})\n", sys.stdout)
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="govreport", description="Read, convert and check 政府信息公开工作年度报告.", epilog=EPILOG)
    p.add_argument("--version", action=_Version, nargs=0, help="show the version and whether it runs compiled")
    sub = p.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.add_parser(sub)
    return p


def _silence_stdout() -> None:
    """Point stdout at devnull so that Python's flush at exit does not fail on the closed pipe (Python docs,
    "Note on SIGPIPE")."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no file descriptor (a test harness's stdout): nothing to flush
        pass


def _show_write_warnings(caught: list[warnings.WarningMessage], args: argparse.Namespace) -> None:
    """A writer's warnings (a font fallback, characters a format cannot hold) as one line each, like a reader's."""
    for w in caught:
        if isinstance(w.message, WriteWarning):
            if not getattr(args, "quiet", False):
                print(f"warning: {w.message}", file=sys.stderr)
        else:  # not ours: let Python show it as usual
            warnings.showwarning(w.message, w.category, w.filename, w.lineno)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (usage errors exit 2 through argparse)."""
    args = _parser().parse_args(argv)
    state = show_warnings(args)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", WriteWarning)
            code: int = args.run(args)
        _show_write_warnings(caught, args)
        return code
    except GovReportError as exc:
        error(exc)
        return exit_code(exc)
    except KeyboardInterrupt:
        return INTERRUPTED
    except BrokenPipeError:  # `govreport … | head`: the reader went away, nothing is wrong
        _silence_stdout()
        return OK
    finally:
        restore(state)


__all__ = ["COMMANDS", "main"]
