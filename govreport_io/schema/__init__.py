"""The JSON Schema of the contract "govreport/1", shipped inside the package.

    >>> from govreport_io.schema import json_schema
    >>> json_schema()["title"]
    'govreport/1: a 政府信息公开工作年度报告'

The file itself is ``govreport_io/schema/govreport-1.json``; :func:`schema_path` gives
it to tools that want a path (a validator's command line, an editor's settings).
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from ..errors import FormatError

# contract name -> file shipped beside this module; a new contract version is one more line
_FILES = {"govreport/1": "govreport-1.json"}


def _text(contract: str) -> tuple[str, str]:
    """The schema file's path and its text."""
    name = _FILES.get(contract)
    if name is None:
        raise FormatError(f"no JSON Schema for contract {contract!r}; known: {', '.join(sorted(_FILES))}")
    res = resources.files(__name__).joinpath(name)
    return str(res), res.read_text(encoding="utf-8")


def json_schema(contract: str = "govreport/1") -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a contract, as a dict (a fresh copy on every call)."""
    data: dict[str, Any] = json.loads(_text(contract)[1])
    return data


def schema_path(contract: str = "govreport/1") -> str:
    """The schema file's path on disk (the package is installed as files, never zipped)."""
    return _text(contract)[0]


__all__ = ["json_schema", "schema_path"]
