"""JSON: the canonical serialisation, contract "govreport/1"."""

from __future__ import annotations

import json
from typing import Any

from ..errors import ModelError, ReadError
from ..model import Report
from ._context import ReadContext, decode_text, sniff_head


def sniff(data: bytes) -> int:
    """Certain for an object that names its schema, likely for any object."""
    head = sniff_head(data).lstrip("\ufeff \t\r\n")
    if head.startswith("{") and '"schema"' in head[:2000]:
        return 100
    return 40 if head.startswith("{") else 0


def read(data: bytes, ctx: ReadContext) -> Report:
    """Parse a govreport/1 document."""
    text = decode_text(data, ctx)
    try:
        obj: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReadError(f"not valid JSON: {exc.msg}", source=ctx.source,
                        where=f"line {exc.lineno}, column {exc.colno}") from None
    try:
        return Report.from_dict(obj)
    except ModelError as exc:
        raise ReadError(f"not a govreport/1 report: {exc.detail}", source=ctx.source) from None
