"""JSON: the canonical serialisation, contract "govreport/1"."""

from __future__ import annotations

import json

from ..model import Report


def write(report: Report, *, indent: int | None = 2) -> bytes:
    """The report as UTF-8 JSON (Chinese kept as is, not escaped)."""
    return (json.dumps(report.to_dict(), ensure_ascii=False, indent=indent) + "\n").encode("utf-8")
