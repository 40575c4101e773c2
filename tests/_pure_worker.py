"""Reads documents with whatever govreport_io is first on sys.path, for tests/test_compiled.py.

Run as a script with a pure-Python copy of the package first on PYTHONPATH, it answers
requests on stdin (length-prefixed pickles of ``(data, format)``) with :func:`outcome`, so
that the test compares the compiled build with the source it was compiled from, document by
document, in one process each.
"""

from __future__ import annotations

import pickle
import struct
import sys
from typing import Any, BinaryIO

import govreport_io as gr
from govreport_io._compiled import compiled_modules


def outcome(data: bytes, fmt: str) -> tuple[Any, ...]:
    """Everything a read gives, as plain data: the report's JSON, the warnings, the cells' provenance and the blocks
    (or the error's class and message)."""
    try:
        res = gr.read_document(data, format=fmt)
        blocks = repr(gr.read_blocks(data, fmt)) if fmt not in ("json", "pdf", "xlsx") else ""
    except gr.GovReportError as exc:
        return ("error", type(exc).__name__, str(exc))
    return ("ok", res.report.to_dict(), [w.to_dict() for w in res.warnings], repr(res.provenance), blocks)


def send(out: BinaryIO, obj: object) -> None:
    """One length-prefixed pickle."""
    payload = pickle.dumps(obj)
    out.write(struct.pack("<I", len(payload)) + payload)
    out.flush()


def receive(inp: BinaryIO) -> Any:
    """One length-prefixed pickle, or None at the end of the stream."""
    head = inp.read(4)
    if len(head) < 4:
        return None
    (size,) = struct.unpack("<I", head)
    return pickle.loads(inp.read(size))


def main() -> None:
    """Serve requests until stdin closes; first say where the package came from."""
    inp, out = sys.stdin.buffer, sys.stdout.buffer
    send(out, (gr.__file__, compiled_modules()))
    while (request := receive(inp)) is not None:
        send(out, outcome(*request))


if __name__ == "__main__":
    main()
