"""``govreport convert``: one report from one format to another."""

from __future__ import annotations

import argparse
import sys

from ..api import read_document, write
from ..errors import GovReportError
from ..registry import by_extension, get
from ._common import source


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register the command's arguments."""
    c = sub.add_parser("convert", help="convert a report between formats")
    c.add_argument("input", help="input file ('-' for standard input)")
    c.add_argument("--from", dest="from_", metavar="FMT", help="input format (guessed when not given)")
    c.add_argument("--to", metavar="FMT", help="output format (taken from -o's extension when not given)")
    c.add_argument("-o", "--output", metavar="OUTPUT", help="output file (text formats go to stdout without it)")
    c.add_argument("--tables", choices=["tab", "pipe"], help="Markdown tables: tab-separated or GFM pipes")
    c.add_argument("--fragment", action="store_true", help="HTML: write the body only, for embedding")
    c.add_argument("-q", "--quiet", action="store_true", help="do not print reader warnings")
    c.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Convert one input; returns the exit code."""
    result = read_document(source(args.input), args.from_)  # type: ignore[arg-type]
    if not args.quiet:
        for w in result.warnings:
            print(f"warning: {w}", file=sys.stderr)
    to = args.to
    if to is None and args.output is None:
        raise GovReportError("give --to FMT or -o OUTPUT")
    info = get(to) if to else by_extension(args.output)
    if info is None:
        raise GovReportError(f"cannot tell the output format from {args.output!r}; give --to FMT")
    options: dict[str, object] = {}
    if args.tables and info.name == "markdown":
        options["tables"] = args.tables
    if args.fragment and info.name == "html":
        options["fragment"] = True
    if args.output:
        write(result.report, args.output, info.name, **options)
        return 0
    if info.binary:
        raise GovReportError(f"{info.name} is a binary format; give -o OUTPUT")
    data = write(result.report, None, info.name, **options)
    sys.stdout.write(data.decode("utf-8"))
    return 0
