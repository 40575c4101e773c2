"""``govreport batch``: convert many reports into a folder, mirroring their names."""

from __future__ import annotations

import argparse
import sys

from ..corpus.convert import convert_many
from ._common import INTERRUPTED, OK, UNREADABLE, budgets
from ._corpus import add_common, end_progress, progress_for, report_errors


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register the command's arguments."""
    b = sub.add_parser("batch", help="convert many reports into a folder (names mirrored)",
                       description="Convert every input to --to FMT under -o DIR, keeping the folder layout "
                                   "below each input directory; DIR/manifest.jsonl records every file.")
    add_common(b)
    b.add_argument("--to", required=True, metavar="FMT", help="output format (json, markdown, html, docx, pdf, text)")
    b.add_argument("-o", "--output", required=True, metavar="DIR", help="output folder")
    b.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Convert every input; exit 0 when every file was converted, 3 (an input could not be read) when
    some failed, 130 when interrupted."""
    try:
        info = convert_many(args.inputs, args.output, args.to, jobs=args.jobs, resume=args.resume,
                            manifest=args.manifest, recursive=args.recursive, format=args.from_,
                            progress=progress_for(args), **budgets(args))
    except KeyboardInterrupt:
        end_progress(args)
        print(f"interrupted: the files finished are in {args.output} and in its manifest; "
              "run again with --resume to go on", file=sys.stderr)
        return INTERRUPTED
    end_progress(args)
    report_errors(args, info.errors)
    if not args.quiet:
        skipped = f", {info.skipped} already done" if info.skipped else ""
        print(f"{info.files} file(s) read: {info.done} converted, {info.failed} failed{skipped}; "
              f"manifest {info.manifest_path}", file=sys.stderr)
    return UNREADABLE if info.failed else OK
