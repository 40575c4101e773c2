"""The command line: ``govreport convert|validate|formats`` (also ``python -m govreport_io``)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from . import __version__
from .api import read_document, write
from .errors import GovReportError
from .registry import by_extension, get
from .registry import formats as all_formats


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="govreport", description="Read, convert and check 政府信息公开工作年度报告.")
    p.add_argument("--version", action="version", version=f"govreport_io {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    c = sub.add_parser("convert", help="convert a report between formats")
    c.add_argument("input", help="input file ('-' for standard input)")
    c.add_argument("--from", dest="from_", metavar="FMT", help="input format (guessed when not given)")
    c.add_argument("--to", metavar="FMT", help="output format (taken from -o's extension when not given)")
    c.add_argument("-o", "--output", metavar="OUTPUT", help="output file (text formats go to stdout without it)")
    c.add_argument("--tables", choices=["tab", "pipe"], help="Markdown tables: tab-separated or GFM pipes")
    c.add_argument("--fragment", action="store_true", help="HTML: write the body only, for embedding")
    c.add_argument("-q", "--quiet", action="store_true", help="do not print reader warnings")

    v = sub.add_parser("validate", help="check the form's arithmetic (勾稽关系)")
    v.add_argument("inputs", nargs="+", metavar="INPUT")
    v.add_argument("--from", dest="from_", metavar="FMT", help="input format (guessed when not given)")
    v.add_argument("--json", action="store_true", help="findings as JSON")
    v.add_argument("--strict", action="store_true", help="exit 1 when any rule is broken")
    v.add_argument("--warnings", action="store_true", help="also list reader warnings")

    sub.add_parser("formats", help="list the formats")
    return p


def _source(path: str) -> object:
    return sys.stdin.buffer if path == "-" else path


def _convert(args: argparse.Namespace) -> int:
    result = read_document(_source(args.input), args.from_)  # type: ignore[arg-type]
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


def _validate(args: argparse.Namespace) -> int:
    broken = False
    docs = []
    for path in args.inputs:
        result = read_document(_source(path), args.from_)  # type: ignore[arg-type]
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
                print(f"  warning: {w}")
    if args.json:
        print(json.dumps(docs if len(docs) > 1 else docs[0], ensure_ascii=False, indent=2))
    return 1 if broken and args.strict else 0


def _formats() -> int:
    for f in all_formats():
        ops = ("r" if f.can_read else "-") + ("w" if f.can_write else "-")
        print(f"{f.name:10} {ops}  {' '.join(f.extensions):18} {f.description}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "convert":
            return _convert(args)
        if args.command == "validate":
            return _validate(args)
        return _formats()
    except GovReportError as exc:
        print(f"govreport: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
