"""``govreport formats``: the registered formats."""

from __future__ import annotations

import argparse

from ..registry import formats as all_formats
from ._common import OK, say


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register the command's arguments."""
    sub.add_parser("formats", help="list the formats").set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print one line per format: name, r/w, extensions, description."""
    for f in all_formats():
        ops = ("r" if f.can_read else "-") + ("w" if f.can_write else "-")
        say(f"{f.name:10} {ops}  {' '.join(f.extensions):18} {f.description}")
    return OK
