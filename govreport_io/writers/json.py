"""JSON: the canonical serialisation, contract "govreport/1"."""

from __future__ import annotations

import json
import re

from ..model import Report

_SURROGATE = re.compile("[\ud800-\udfff]")


def write(report: Report, *, indent: int | None = 2) -> bytes:
    """The report as UTF-8 JSON (Chinese kept as is, not escaped).

    A lone surrogate, which UTF-8 cannot encode, is written as its ``\\uXXXX`` escape:
    JSON allows it, so the text is kept exactly.
    """
    text = json.dumps(report.to_dict(), ensure_ascii=False, indent=indent) + "\n"
    # surrogates only occur inside JSON strings, where the escape means the same code unit
    text = _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text.encode("utf-8")
