"""Markdown: headings, escaped paragraphs, tables tab-separated (as captured reports are) or GFM."""

from __future__ import annotations

import re

from ..errors import WriteError
from ..model import Report
from ._layout import render_plain

_ESCAPE_RE = re.compile(r"([\\`*_\[\]<>&#|~!])")
_LEADING_RE = re.compile(r"^(\d+)([.)])|^([-+=>])")


def escape(text: str) -> str:
    """Text made literal for Markdown: every character markdown-it would read as markup escaped."""
    s = _ESCAPE_RE.sub(r"\\\1", text)
    m = _LEADING_RE.match(s)
    if m:
        s = (m.group(1) + "\\" + m.group(2) + s[m.end():]) if m.group(1) else "\\" + s
    return s.replace("\t", "&#9;")


def write(report: Report, *, tables: str = "tab") -> bytes:
    """The report as Markdown; ``tables="tab"`` (as captured reports are) or ``"pipe"`` (GFM)."""
    if tables not in ("tab", "pipe"):
        raise WriteError(f"markdown option tables must be 'tab' or 'pipe', got {tables!r}")
    return render_plain(report, table_style=tables, escape=escape, markdown=True).encode("utf-8")
