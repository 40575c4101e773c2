"""JSON: the canonical serialisation, contract "govreport/1"."""

from __future__ import annotations

import json
from typing import Any

from ..errors import ModelError, ReadError
from ..model import Report
from ._context import ReadContext, decode_text


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
