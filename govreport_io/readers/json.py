"""JSON: the canonical serialisation, contract "govreport/1".

Read strictly: a value of the wrong type is an error naming its key path (``null`` never
becomes the text "None"), a key the contract does not have is a warning naming it (never
dropped without a word), and odd characters in strings (lone surrogates from ``\\ud800``
escapes, control characters, noncharacters) are normalised with a warning naming the key.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ..diagnostics import WarningCode
from ..errors import ModelError, ReadError, excerpt
from ..model import Report
from ..repair.chars import normalise_line
from ._context import ReadContext, decode_text, sniff_head

_TOP = ("schema", "form", "fields", "title", "organ", "year", "preamble", "sections", "active", "requests",
        "reviews", "unplaced")
_KEYS: dict[str, tuple[str, ...]] = {
    "": _TOP, "block": ("kind", "text"), "section": ("number", "title", "blocks"),
    "unplaced": ("kind", "text", "where"), "requests": ("columns", "rows"),
}


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
                        where=f"line {exc.lineno}, column {exc.colno}") from exc
    except RecursionError as exc:
        raise ReadError("not a govreport/1 report: nested too deeply", source=ctx.source) from exc
    if not isinstance(obj, dict):
        raise ReadError(f"not a govreport/1 report: the document is {_kind(obj)}, not an object",
                        source=ctx.source)
    obj = _clean_strings(obj, "", ctx)
    _check(obj, ctx)
    try:
        return Report.from_dict(obj)
    except ModelError as exc:
        raise ReadError(f"not a govreport/1 report: {exc.detail}", source=ctx.source) from exc


def _kind(value: object) -> str:
    """How JSON names a value's type, for messages."""
    if value is None:
        return "null"
    return {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "an array",
            dict: "an object"}.get(type(value), type(value).__name__)


def _clean_strings(value: Any, path: str, ctx: ReadContext) -> Any:
    """``value`` with every string's odd characters normalised, each fix warned of by key path."""
    if isinstance(value, str):
        fixed = normalise_line(value)
        if fixed is None:
            return value
        ctx.warn(WarningCode.CHARACTERS, f"characters normalised in {path or 'the document'} "
                 f"({fixed.describe()}): {excerpt(fixed.text)}")
        return fixed.text
    if isinstance(value, list):
        return [_clean_strings(v, f"{path}[{i}]", ctx) for i, v in enumerate(value)]
    if isinstance(value, dict):
        return {_clean_strings(k, path, ctx): _clean_strings(v, _join(path, k), ctx) for k, v in value.items()}
    return value


def _join(path: str, key: object) -> str:
    return f"{path}.{key}" if path else str(key)


def _expect(value: object, path: str, ctx: ReadContext, *types: type, null: bool = False) -> None:
    """Refuse ``value`` unless it is one of ``types`` (or null when ``null``)."""
    if value is None and null:
        return
    if isinstance(value, bool) and bool not in types:
        ok = False
    else:
        ok = isinstance(value, types)
    if not ok:
        want = " or ".join(_kind(t()) for t in types) + (" or null" if null else "")
        raise ReadError(f"not a govreport/1 report: {path} must be {want}, got {_kind(value)}", source=ctx.source)


def _unknown(obj: dict[str, Any], kind: str, path: str, ctx: ReadContext) -> None:
    """Warn of the keys of ``obj`` that a ``kind`` object of the contract does not have."""
    extra = [k for k in obj if k not in _KEYS[kind]]
    if extra:
        names = ", ".join(excerpt(k) for k in extra[:10]) + (f" and {len(extra) - 10} more" if len(extra) > 10 else "")
        ctx.warn(WarningCode.UNKNOWN_KEY, f"{path or 'the report'}: key(s) {names} not in govreport/1; ignored")


def _items(obj: dict[str, Any], key: str, ctx: ReadContext, item: type) -> Iterator[tuple[str, Any]]:
    """The items of the array at ``key`` (when present), each checked to be an ``item``."""
    if key not in obj:
        return
    _expect(obj[key], key, ctx, list)
    for i, value in enumerate(obj[key]):
        _expect(value, f"{key}[{i}]", ctx, item)
        yield f"{key}[{i}]", value


def _check(obj: dict[str, Any], ctx: ReadContext) -> None:
    """Every key's type as the contract says, and a warning for every key it does not have."""
    _unknown(obj, "", "", ctx)
    for key in ("schema", "form"):
        if key in obj:
            _expect(obj[key], key, ctx, str)
    for key in ("title", "organ"):
        _expect(obj.get(key), key, ctx, str, null=True)
    _expect(obj.get("year"), "year", ctx, int, null=True)
    for path, pair in _items(obj, "fields", ctx, list):
        if len(pair) != 2:
            raise ReadError(f"not a govreport/1 report: {path} must be a [key, value] pair", source=ctx.source)
        _expect(pair[0], f"{path}[0]", ctx, str)
        _expect(pair[1], f"{path}[1]", ctx, str)
    _blocks(obj, "preamble", ctx)
    for path, section in _items(obj, "sections", ctx, dict):
        _unknown(section, "section", path, ctx)
        _expect(section.get("number"), f"{path}.number", ctx, int)
        _expect(section.get("title"), f"{path}.title", ctx, str)
        _blocks(section, "blocks", ctx, path)
    for path, item in _items(obj, "unplaced", ctx, dict):
        _unknown(item, "unplaced", path, ctx)
        _expect(item.get("kind"), f"{path}.kind", ctx, str)
        _expect(item.get("text"), f"{path}.text", ctx, str)
        _expect(item.get("where"), f"{path}.where", ctx, str, null=True)
    _tables(obj, ctx)


def _blocks(obj: dict[str, Any], key: str, ctx: ReadContext, prefix: str = "") -> None:
    for path, block in _items(obj, key, ctx, dict):
        full = _join(prefix, path)
        _unknown(block, "block", full, ctx)
        _expect(block.get("kind"), f"{full}.kind", ctx, str)
        _expect(block.get("text"), f"{full}.text", ctx, str)


def _tables(obj: dict[str, Any], ctx: ReadContext) -> None:
    """The three tables' shapes (their values are checked by the model, by key path too)."""
    for key in ("active", "reviews"):
        if key in obj:
            _expect(obj[key], key, ctx, dict)
            for row, cells in obj[key].items():
                _expect(cells, f"{key}.{row}", ctx, dict)
    if "requests" in obj:
        requests = obj["requests"]
        _expect(requests, "requests", ctx, dict)
        _unknown(requests, "requests", "requests", ctx)
        if "columns" in requests:
            _expect(requests["columns"], "requests.columns", ctx, list)
        rows = requests.get("rows", {})
        _expect(rows, "requests.rows", ctx, dict)
        for row, values in rows.items():
            _expect(values, f"requests.rows.{row}", ctx, list)
