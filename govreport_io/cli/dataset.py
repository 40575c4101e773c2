"""``govreport dataset``: many reports into one tidy table (.parquet, .csv, .jsonl, .xlsx)."""

from __future__ import annotations

import argparse
import sys

from ..corpus.dataset import build_dataset, companion_paths
from ..form.across import OrganNames
from ._common import INTERRUPTED, OK, UNREADABLE, budgets
from ._corpus import add_common, end_progress, progress_for, report_errors


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register the command's arguments."""
    d = sub.add_parser("dataset", help="many reports into one tidy dataset, with findings and a manifest",
                       description="Read every input into one table: one row per cell (or per report with "
                                   "--wide), beside it OUT.findings.EXT and OUT.manifest.jsonl.")
    add_common(d)
    d.add_argument("-o", "--output", required=True, metavar="OUT",
                   help="the dataset: .parquet, .csv, .jsonl or .xlsx")
    d.add_argument("--wide", action="store_true", help="one row per report instead of one row per cell")
    d.add_argument("--organ-map", metavar="FILE",
                   help="organ names to match across years: JSON {name: canonical} or 'name = canonical' lines")
    d.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Build the dataset; exit 0 when every file was read, 3 (an input could not be read) when some
    failed, 130 when interrupted."""
    names = OrganNames.load(args.organ_map) if args.organ_map else None
    try:
        info = build_dataset(args.inputs, args.output, wide=args.wide, jobs=args.jobs, resume=args.resume,
                             manifest=args.manifest, recursive=args.recursive, format=args.from_,
                             organ_names=names, progress=progress_for(args), **budgets(args))
    except KeyboardInterrupt:
        end_progress(args)
        findings, manifest = companion_paths(args.output)
        print(f"interrupted: {args.output} and {findings} hold the files finished, {args.manifest or manifest} "
              "records them; run again with --resume to go on", file=sys.stderr)
        return INTERRUPTED
    end_progress(args)
    report_errors(args, info.errors)
    if not args.quiet:
        kept = f", {info.kept} kept from the earlier run" if info.kept else ""
        print(f"{info.files} file(s) read: {info.done} done, {info.failed} failed{kept}; {info.rows} row(s) to "
              f"{info.output}, {info.findings} finding(s) to {info.findings_path}; manifest {info.manifest_path}",
              file=sys.stderr)
    return UNREADABLE if info.failed else OK
