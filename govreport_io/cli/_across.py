"""``govreport validate --across``: every input, then the checks across reports and against the prose."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ..corpus.batch import FileResult, read_many
from ..form.across import OrganNames, check_across, check_prose, snapshot
from ..form.validate import Finding


def _doc(res: FileResult, prose: list[Finding], verbose: bool) -> dict[str, Any]:
    return {
        "input": res.source, "status": res.status, "error": res.error, "error_class": res.error_class,
        "form": res.report.form if res.report else None, "organ": res.report.organ if res.report else None,
        "year": res.report.year if res.report else None,
        "findings": [f.to_dict() for f in [*res.findings, *prose]],
        "warnings": [w.to_dict() for w in res.warnings if verbose or w.severity == "warning"],
    }


def _print_text(res: FileResult, findings: list[Finding], args: argparse.Namespace) -> None:
    if res.report is None:
        print(f"{res.source}: failed: {res.error}")
        return
    errors = [f for f in findings if f.level == "error"]
    print(f"{res.source}: {'ok' if not errors else f'{len(errors)} rule(s) broken'} ({res.report.form} form)")
    for f in findings:
        print(f"  {f.level}: {f}")
    if args.warnings:
        for w in res.warnings:
            if args.verbose or w.severity == "warning":
                print(f"  {w.severity}: {w}")


def run_across(args: argparse.Namespace) -> int:
    """Validate every input (never stopping at a bad one), then X1–X4; exit 2 when a file failed."""
    names = OrganNames.load(args.organ_map) if args.organ_map else OrganNames()
    docs, snaps = [], []
    broken = failed = False
    for res in read_many(args.inputs, jobs=args.jobs, format=args.from_):
        prose = check_prose(res.report, res.source) if res.report else []
        if res.report is not None:
            snaps.append(snapshot(res.report, res.source))
        failed = failed or not res.ok
        broken = broken or any(f.level == "error" for f in res.findings)
        if args.json:
            docs.append(_doc(res, prose, args.verbose))
        else:
            _print_text(res, [*res.findings, *prose], args)
    across = check_across(snaps, names)
    broken = broken or any(f.level == "error" for f in across)
    if args.json:
        print(json.dumps({"reports": docs, "across": [f.to_dict() for f in across]}, ensure_ascii=False, indent=2))
    else:
        print(f"across {len(snaps)} report(s): {len(across)} finding(s)")
        for f in across:
            print(f"  {f.level}: {f}")
    if failed:
        print("govreport: error: some inputs could not be read (listed above)", file=sys.stderr)
        return 2
    return 1 if broken and args.strict else 0
