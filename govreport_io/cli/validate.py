"""``govreport validate``: the form's arithmetic (勾稽关系) over one or more inputs."""

from __future__ import annotations

import argparse
import json

from ..api import read_document
from ._common import source


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register the command's arguments."""
    v = sub.add_parser("validate", help="check the form's arithmetic (勾稽关系)")
    v.add_argument("inputs", nargs="+", metavar="INPUT")
    v.add_argument("--from", dest="from_", metavar="FMT", help="input format (guessed when not given)")
    v.add_argument("--json", action="store_true", help="findings as JSON")
    v.add_argument("--strict", action="store_true", help="exit 1 when any rule is broken")
    v.add_argument("--warnings", action="store_true", help="also list reader warnings")
    v.add_argument("-v", "--verbose", action="store_true", help="with --warnings, also what is only information")
    v.add_argument("--across", action="store_true", help="also check reports against each other (X1–X3) and "
                   "their prose (X4); directories and globs taken, unreadable files listed, not fatal")
    v.add_argument("--organ-map", metavar="FILE", help="with --across: organ names, 'name = canonical' lines")
    v.add_argument("-j", "--jobs", type=int, default=1, metavar="N", help="with --across: worker processes")
    v.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Validate every input; returns the exit code."""
    if args.across:
        from ._across import run_across

        return run_across(args)
    broken = False
    docs = []
    for path in args.inputs:
        result = read_document(source(path), args.from_)  # type: ignore[arg-type]
        findings = result.findings()
        broken = broken or any(f.level == "error" for f in findings)
        if args.json:
            docs.append({
                "input": path, "form": result.report.form,
                "findings": [f.to_dict() for f in findings],
                "warnings": [w.to_dict() for w in result.warnings] if args.warnings else [],
            })
            continue
        errors = [f for f in findings if f.level == "error"]
        print(f"{path}: {'ok' if not errors else f'{len(errors)} rule(s) broken'} ({result.report.form} form)")
        for f in findings:
            print(f"  {f.level}: {f}")
        if args.warnings:
            for w in result.warnings:
                if args.verbose or w.severity == "warning":  # page furniture removed is only information
                    print(f"  {w.severity}: {w}")
    if args.json:
        print(json.dumps(docs if len(docs) > 1 else docs[0], ensure_ascii=False, indent=2))
    return 1 if broken and args.strict else 0
