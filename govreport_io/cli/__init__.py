"""The command line: ``govreport <command>`` (also ``python -m govreport_io``).

One module per command, each with ``add_parser(sub)`` (which sets ``run``) and
``run(args) -> int``; a new command is a module plus one line in ``COMMANDS``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .. import __version__
from ..errors import GovReportError
from . import batch, convert, dataset, formats, validate

# One line per command, in the order ``--help`` lists them.
COMMANDS = (
    convert,
    validate,
    formats,
    dataset,
    batch,
)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="govreport", description="Read, convert and check 政府信息公开工作年度报告.")
    p.add_argument("--version", action="version", version=f"govreport_io {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.add_parser(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        code: int = args.run(args)
        return code
    except GovReportError as exc:
        print(f"govreport: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


__all__ = ["main"]
