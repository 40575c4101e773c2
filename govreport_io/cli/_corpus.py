"""What ``govreport dataset`` and ``govreport batch`` share: options, progress, the summary."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from ..corpus.batch import FileResult
from ..corpus.progress import Progress
from ._common import add_budgets

DEFAULT_TIMEOUT = 300.0  # seconds: far above any real report (< 5 s), far below a hung run
DEFAULT_MEMORY = "2G"  # more than a 500-page PDF needs, less than the machine


def add_common(p: argparse.ArgumentParser) -> None:
    """The options of every many-file command."""
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files, directories (walked) and glob patterns")
    p.add_argument("--from", dest="from_", metavar="FMT", help="input format (guessed per file when not given)")
    p.add_argument("-j", "--jobs", type=int, default=1, metavar="N",
                   help="worker processes (default 1; 0: one per CPU)")
    p.add_argument("--manifest", metavar="PATH", help="the manifest (JSON Lines) to write")
    p.add_argument("--resume", action="store_true", help="skip files the manifest records as done (by sha256)")
    p.add_argument("--no-recursive", dest="recursive", action="store_false", help="do not walk into subfolders")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary")
    p.add_argument("-v", "--verbose", action="store_true", help="list every failed file")
    # One pathological file must not stall a run of thousands: each read is bounded by default.
    add_budgets(p, DEFAULT_TIMEOUT, DEFAULT_MEMORY)


def progress_for(args: argparse.Namespace, label: str = "files") -> Callable[[int], Callable[[FileResult], None]]:
    """A progress factory: a bar on a terminal, nothing with --quiet or when stderr is not a terminal."""
    def make(total: int) -> Callable[[FileResult], None]:
        bar = Progress(total, enabled=False if args.quiet else None, label=label)
        args._bar = bar
        return bar
    return make


def end_progress(args: argparse.Namespace) -> None:
    """End the bar's line, if a bar was drawn."""
    bar = getattr(args, "_bar", None)
    if bar is not None:
        bar.close()


def report_errors(args: argparse.Namespace, errors: list[tuple[str, str]]) -> None:
    """The failed files on stderr: the first five, or all with -v."""
    if args.quiet:
        return
    shown = errors if args.verbose else errors[:5]
    for _, message in shown:
        print(f"failed: {message}", file=sys.stderr)
    if len(errors) > len(shown):
        print(f"… and {len(errors) - len(shown)} more failed (see the manifest, or -v)", file=sys.stderr)
