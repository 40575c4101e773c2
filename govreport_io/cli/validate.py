"""``govreport validate``: the form's arithmetic (勾稽关系) over one or more inputs.

Every input is checked, whatever happened to the ones before it. Text output is one
summary line per input; ``--json`` prints JSON Lines, one object per input, always the
same shape (see docs/cli.md). The per-input work is :func:`check`, a function of its
own so that new checks (more flags) extend it rather than the loop.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, field
from typing import Any

from ..api import ReadResult
from ..form.complete import completeness, no_numbers
from ..form.validate import Finding
from ..log import severity
from ._across import run_across
from ._common import (
    FINDINGS,
    OK,
    CliError,
    add_budgets,
    add_verbosity,
    budgets,
    error,
    format_named,
    read_input,
    say,
    shown,
)


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register the command's arguments."""
    v = sub.add_parser("validate", help="check the form's arithmetic (勾稽关系)",
                       description="Check the form's arithmetic of each input (exit codes: docs/cli.md).")
    v.add_argument("inputs", nargs="+", metavar="INPUT", help="input file(s) ('-' for standard input)")
    v.add_argument("-f", "--from", dest="from_", metavar="FMT", help="input format (guessed when not given)")
    v.add_argument("--json", action="store_true", help="JSON Lines: one object per input")
    v.add_argument("--strict", action="store_true", help="exit 1 when any rule is broken")
    v.add_argument("--warnings", action="store_true", help="list reader warnings in the output, not on stderr")
    v.add_argument("--across", action="store_true", help="also check reports against each other (X1–X3) and "
                   "their prose against their tables (X4)")
    v.add_argument("--organ-map", metavar="FILE", help="with --across: organ names, 'name = canonical' lines")
    v.add_argument("-j", "--jobs", type=int, default=1, metavar="N", help="with --across: worker processes")
    v.add_argument("--complete", action="store_true", help="also list every blank cell of the form (row, column)")
    add_budgets(v, None, None)
    add_verbosity(v)
    v.set_defaults(run=run)


@dataclass
class Checked:
    """What validating one input gave: its read, its findings, or the error that stopped it."""

    input: str
    result: ReadResult | None = None
    findings: list[Finding] = field(default_factory=list)
    error: CliError | None = None

    @property
    def broken(self) -> list[Finding]:
        """The findings that are broken rules (not info)."""
        return [f for f in self.findings if f.level == "error"]

    @property
    def status(self) -> str:
        """"ok", "broken" (a rule does not hold) or "unreadable"."""
        return "unreadable" if self.error else ("broken" if self.broken else "ok")

    def code(self, args: argparse.Namespace) -> int:
        """This input's exit code."""
        if self.error:
            return self.error.code
        return FINDINGS if self.broken and args.strict else OK

    def to_dict(self) -> dict[str, Any]:
        """The JSON Lines object of this input (one shape, whatever happened)."""
        r = self.result
        return {
            "input": self.input, "status": self.status, "form": r.report.form if r else None,
            "findings": [f.to_dict() for f in self.findings],
            "warnings": [w.to_dict() for w in r.warnings] if r else [],
            "error": None if self.error is None else {"code": self.error.code, "message": str(self.error)},
        }


def check(path: str, args: argparse.Namespace) -> Checked:
    """Read and validate one input; a failure is recorded, never raised."""
    try:
        result = read_input(path, args.from_, **budgets(args))
    except CliError as exc:
        return Checked(path, error=exc)
    extra = completeness(result.report) if args.complete else no_numbers(result.report)
    return Checked(path, result, result.findings() + extra)


def _print_text(c: Checked, args: argparse.Namespace) -> None:
    if c.error or c.result is None:
        error(c.error)
        return
    state = f"{len(c.broken)} rule(s) broken" if c.broken else "ok"
    say(f"{c.input}: {state} ({c.result.report.form} form)")
    for f in c.findings:
        say(f"  {f.level}: {f}")
    if args.warnings:
        for w in c.result.warnings:
            if shown(w, args):
                say(f"  {severity(w)}: {w}")


def run(args: argparse.Namespace) -> int:
    """Validate every input, printing as it goes; returns the highest exit code met."""
    format_named(args.from_)
    if args.across:
        return run_across(args)
    code = OK
    for path in args.inputs:
        c = check(path, args)
        if args.json:
            if c.error:
                error(c.error)
            say(json.dumps(c.to_dict(), ensure_ascii=False))
        else:
            _print_text(c, args)
        code = max(code, c.code(args))
    return code
