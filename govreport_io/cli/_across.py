"""``govreport validate --across``: every input, then the checks across reports and against the prose."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..corpus.batch import FileResult, read_many
from ..form.across import OrganNames, check_across, check_prose, snapshot
from ..form.validate import Finding
from ._common import FINDINGS, OK, UNREADABLE, error, say


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
        error(f"{res.source}: {res.error}")
        return
    errors = [f for f in findings if f.level == "error"]
    say(f"{res.source}: {'ok' if not errors else f'{len(errors)} rule(s) broken'} ({res.report.form} form)")
    for f in findings:
        say(f"  {f.level}: {f}")
    if args.warnings:
        for w in res.warnings:
            if args.verbose or w.severity == "warning":
                say(f"  {w.severity}: {w}")


def run_across(args: argparse.Namespace) -> int:
    """Validate every input (never stopping at a bad one), then X1–X4.

    With --json the output is JSON Lines like plain ``validate``: one object per input as it is
    read, then one last object ``{"across": [...]}`` with the findings across reports. Exit 3
    when an input could not be read, else 1 under --strict when a rule is broken, else 0.
    """
    names = OrganNames.load(args.organ_map) if args.organ_map else OrganNames()
    snaps = []
    broken = failed = False
    for res in read_many(args.inputs, jobs=args.jobs, format=args.from_):
        prose = check_prose(res.report, res.source) if res.report else []
        if res.report is not None:
            snaps.append(snapshot(res.report, res.source))
        failed = failed or not res.ok
        broken = broken or any(f.level == "error" for f in res.findings)
        if args.json:
            say(json.dumps(_doc(res, prose, args.verbose), ensure_ascii=False))
        else:
            _print_text(res, [*res.findings, *prose], args)
    across = check_across(snaps, names)
    broken = broken or any(f.level == "error" for f in across)
    if args.json:
        say(json.dumps({"across": [f.to_dict() for f in across]}, ensure_ascii=False))
    else:
        say(f"across {len(snaps)} report(s): {len(across)} finding(s)")
        for f in across:
            say(f"  {f.level}: {f}")
    if failed:
        return UNREADABLE
    return FINDINGS if broken and args.strict else OK
