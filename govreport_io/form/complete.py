"""Completeness: every cell of the form left blank, by table, row and column.

A blank cell is not an arithmetic error (validation skips the rules that need it), but a
published form should have every cell filled, a 0 where nothing happened. These
findings say where each blank cell is, by its official labels; and a report whose
tables hold no number at all is one finding of its own, at level "error", so that
``validate --strict`` does not pass a document that carries no form.
"""

from __future__ import annotations

from ..model import Report
from . import template as T
from .validate import Finding


def _blank(table: str, row: str, column: str, row_label: str, column_label: str) -> Finding:
    return Finding("COMPLETE", table, row, column, f"blank: {row_label} / {column_label}", {}, level="error")


def blank_cells(report: Report) -> list[Finding]:
    """One finding per blank cell of the three tables, in the form's order."""
    out: list[Finding] = []
    for r in T.active_rows(report.form):
        for c in r.columns:
            if c.kind == "unit":
                continue  # the unit is printed beside an amount, not a cell of its own
            if report.active[r.key][c.key] is None:
                out.append(_blank("二", r.key, c.key, r.label, c.label))
    for row in T.request_rows(report.form):
        for n, col in enumerate(T.REQUEST_COLUMNS):
            if report.requests[row.key][n] is None:
                label = f"{row.group}/{row.label}" if row.group else row.label
                out.append(_blank("三", row.key, col.key, label, col.label))
    for g in T.REVIEW_GROUPS:
        for o in T.REVIEW_OUTCOMES:
            if report.reviews[g.key][o.key] is None:
                label = f"{g.group}/{g.label}" if g.group else g.label
                out.append(_blank("四", g.key, o.key, label, o.label))
    return out


def has_numbers(report: Report) -> bool:
    """True when any cell of the three tables holds a value."""
    cells: list[object] = [v for row in report.requests.values() for v in row]
    cells += [v for g in report.reviews.values() for v in g.values()]
    cells += [v for key, r in report.active.items() for k, v in r.items() if k != "unit"]
    return any(v is not None for v in cells)


def no_numbers(report: Report) -> list[Finding]:
    """A finding when the tables hold no number at all (a document without the form), else none."""
    if has_numbers(report):
        return []
    return [Finding("EMPTY", "二/三/四", None, None,
                    "the three tables hold no number at all: the form is missing or was not filled in",
                    {}, level="error")]


def completeness(report: Report) -> list[Finding]:
    """Every completeness finding: the empty form, or each blank cell."""
    return no_numbers(report) or blank_cells(report)
