"""Plain text: headings, indented paragraphs, tab-separated tables in the official layout."""

from __future__ import annotations

from ..model import Report
from ._layout import render_plain


def write(report: Report) -> bytes:
    """The report as plain UTF-8 text: headings, indented paragraphs, tab-separated tables."""
    return render_plain(report, table_style="tab").encode("utf-8")
