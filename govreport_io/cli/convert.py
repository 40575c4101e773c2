"""``govreport convert``: reports from one format to another.

One input goes to ``-o FILE``, to stdout (``-o -``, or no ``-o`` for a text format).
Several inputs (or one, when ``-o`` names an existing folder) are converted one by one
into the folder ``-o DIR`` as ``DIR/<input stem>.<extension of -t>``: a report is one
file, so unlike pandoc the inputs are never concatenated. A failed input is reported
and the others go on.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from ..api import write
from ..errors import GovReportError
from ..registry import FormatInfo, by_extension
from ._common import (
    OK,
    UNWRITABLE,
    CliError,
    add_budgets,
    add_verbosity,
    budgets,
    error,
    exit_code,
    format_named,
    read_input,
    write_stdout,
)


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register the command's arguments."""
    c = sub.add_parser("convert", help="convert reports between formats",
                       description="Convert reports between formats (exit codes: docs/cli.md).")
    c.add_argument("inputs", nargs="+", metavar="INPUT", help="input file(s) ('-' for standard input)")
    c.add_argument("-f", "--from", dest="from_", metavar="FMT", help="input format (guessed when not given)")
    c.add_argument("-t", "--to", metavar="FMT", help="output format (taken from -o's extension when not given)")
    c.add_argument("-o", "--output", metavar="OUTPUT",
                   help="output file, '-' for stdout, or a folder when there are several inputs")
    c.add_argument("--tables", choices=["tab", "pipe"], help="Markdown tables: tab-separated or GFM pipes")
    c.add_argument("--fragment", action="store_true", help="HTML: write the body only, for embedding")
    c.add_argument("--font", metavar="FONT",
                   help="PDF: the TrueType CJK font to embed (a path, path.ttc#N or a family name)")
    c.add_argument("--strict", action="store_true", help="fail (exit 1, nothing written) on any reader warning")
    add_budgets(c, None, None)
    add_verbosity(c)
    c.set_defaults(run=run)


def _target(args: argparse.Namespace, into_folder: bool) -> FormatInfo:
    """The output format from -t, else from -o's extension."""
    info = format_named(args.to)
    if info is None:
        if args.output in (None, "-") or into_folder:
            raise CliError("give the output format with -t FMT")
        info = by_extension(args.output)
        if info is None:
            raise CliError(f"cannot tell the output format from {args.output!r}; give -t FMT")
    if not info.can_write:
        raise CliError(f"format {info.name!r} can only be read")
    return info


def _options(args: argparse.Namespace, info: FormatInfo) -> dict[str, object]:
    options: dict[str, object] = {}
    if args.tables and info.name == "markdown":
        options["tables"] = args.tables
    if args.fragment and info.name == "html":
        options["fragment"] = True
    if args.font and info.name == "pdf":
        options["font"] = args.font
    return options


def run(args: argparse.Namespace) -> int:
    """Convert every input; returns the exit code."""
    format_named(args.from_)  # an unknown -f is a usage error before anything is read
    into_folder = len(args.inputs) > 1 or (args.output not in (None, "-") and os.path.isdir(args.output))
    info = _target(args, into_folder)
    if into_folder:
        return _run_many(args, info)
    result = read_input(args.inputs[0], args.from_, strict=args.strict, **budgets(args))
    if args.output is None and info.binary:
        raise CliError(f"{info.name} is a binary format; give -o OUTPUT (or -o - for stdout)")
    if args.output in (None, "-"):
        write_stdout(write(result.report, None, info.name, **_options(args, info)))
        return OK
    _write_file(result.report, args.output, info, args)
    return OK


def _write_file(report: object, path: str, info: FormatInfo, args: argparse.Namespace) -> None:
    try:
        write(report, path, info.name, **_options(args, info))  # type: ignore[arg-type]
    except GovReportError as exc:
        raise CliError(str(exc), exit_code(exc)) from None


def _run_many(args: argparse.Namespace, info: FormatInfo) -> int:
    """Inputs into the folder -o DIR; keeps going past a failed input."""
    if args.output in (None, "-"):
        raise CliError("several inputs need -o DIR, the folder to write them into")
    if "-" in args.inputs:
        raise CliError("standard input ('-') is converted alone, to -o FILE or to stdout; not into a folder")
    outdir = Path(args.output)
    ext = info.extensions[0] if info.extensions else f".{info.name}"
    targets = [outdir / (Path(p).stem + ext) for p in args.inputs]
    clashes = sorted({t.name for t in targets if targets.count(t) > 1})
    if clashes:
        raise CliError(f"several inputs would be written to the same file: {', '.join(clashes)}")
    try:
        os.makedirs(outdir, exist_ok=True)
    except OSError as exc:
        raise CliError(f"{outdir}: cannot create the folder: {exc.strerror or exc}", UNWRITABLE) from None
    code = OK
    for path, target in zip(args.inputs, targets):
        try:
            result = read_input(path, args.from_, strict=args.strict, **budgets(args))
            _write_file(result.report, str(target), info, args)
        except CliError as exc:
            error(exc)
            code = max(code, exc.code)
    return code


__all__ = ["add_parser", "run"]
