"""``govreport template``: a blank official form to fill in (Excel, Word, HTML, Markdown …)."""

from __future__ import annotations

import argparse

from ..api import write
from ..blank import blank_report
from ..errors import GovReportError
from ..registry import by_extension, get


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register the command's arguments."""
    t = sub.add_parser("template", help="write a blank form to fill in (form.xlsx, form.docx …)")
    t.add_argument("-o", "--output", metavar="OUTPUT", required=True,
                   help="the file to write; its extension gives the format (.xlsx, .docx, .html, .md, .pdf, .json)")
    t.add_argument("--form", choices=["2021", "2019"], help="the form (default: by --year, else 2021)")
    t.add_argument("--organ", help="the organ (机关) whose report this is")
    t.add_argument("--year", type=int, help="the year reported on")
    t.add_argument("--to", metavar="FMT", help="output format (taken from -o's extension when not given)")
    t.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Write the blank form; returns the exit code."""
    info = get(args.to) if args.to else by_extension(args.output)
    if info is None:
        raise GovReportError(f"cannot tell the output format from {args.output!r}; give --to FMT")
    report = blank_report(args.form, organ=args.organ, year=args.year)
    write(report, args.output, info.name)
    return 0
