"""What every command shares: reading an input argument, printing warnings."""

from __future__ import annotations

import sys


def source(path: str) -> object:
    """An input argument as something :func:`govreport_io.read_document` takes ('-' is standard input)."""
    return sys.stdin.buffer if path == "-" else path
