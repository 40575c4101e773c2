"""Tidy data: the tables of reports as rows, long (one row per cell) or wide (one row per report).

The record builders are plain Python (the dataset writers stream them without pandas);
:func:`to_frame` wraps them in a pandas DataFrame (extra ``data``).

Long columns: report_id, source, organ, year, form, table, row_key, column_key,
row_label, column_label, group, value (integer or null), text (the decimal string of
an amount, or a unit), uncertain (blank, unreadable or annotated cell), position
(where in the source the value was read). Wide columns: report_id, source, organ,
year, form, then one column per cell named by its contract path
(``requests.new_received.total``), the union of both forms.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, NamedTuple

from ..blocks import SourcePos
from ..form import template as T
from ..model import Report, Value
from .deps import require

LONG_COLUMNS: tuple[str, ...] = (
    "report_id", "source", "organ", "year", "form", "table", "row_key", "column_key", "row_label",
    "column_label", "group", "value", "text", "uncertain", "position",
)
META_COLUMNS: tuple[str, ...] = ("report_id", "source", "organ", "year", "form")


class CellInfo(NamedTuple):
    """One cell of the form: its table, keys, official labels and contract path."""

    table: str
    row_key: str
    column_key: str
    row_label: str
    column_label: str
    group: str | None
    path: str


def form_cells(form: T.Form) -> Iterator[CellInfo]:
    """Every cell of a form in form order: table 二, then 三 row by row, then 四."""
    for r in T.active_rows(form):
        for c in r.columns:
            yield CellInfo("二", r.key, c.key, r.label, c.label, r.group, f"active.{r.key}.{c.key}")
    for r in T.request_rows(form):
        for c in T.REQUEST_COLUMNS:
            yield CellInfo("三", r.key, c.key, r.label, c.label, r.group, f"requests.{r.key}.{c.key}")
    for g in T.REVIEW_GROUPS:
        for o in T.REVIEW_OUTCOMES:
            yield CellInfo("四", g.key, o.key, g.label, o.label, g.group, f"reviews.{g.key}.{o.key}")


def wide_columns() -> tuple[str, ...]:
    """The wide form's columns: metadata, then every cell path of both forms (2021 order first)."""
    paths: dict[str, None] = {}
    for form in T.FORMS:
        for cell in form_cells(form):
            paths.setdefault(cell.path, None)
    return META_COLUMNS + tuple(paths)


def cell_value(report: Report, cell: CellInfo) -> Value:
    """The value of one cell of a report."""
    if cell.table == "二":
        return report.active[cell.row_key][cell.column_key]
    if cell.table == "三":
        return report.requests[cell.row_key][T.REQUEST_COLUMN_KEYS.index(cell.column_key)]
    return report.reviews[cell.row_key][cell.column_key]


def report_id(report: Report) -> str:
    """A stable id for a report without a file: the first 16 hex digits of its canonical JSON's sha256."""
    canonical = json.dumps(report.to_dict(), ensure_ascii=False, sort_keys=True).encode("utf-8")
    return hashlib.sha256(canonical).hexdigest()[:16]


def _meta(report: Report, rid: str | None, source: str | None) -> dict[str, Any]:
    return {"report_id": rid or report_id(report), "source": source, "organ": report.organ,
            "year": report.year, "form": report.form}


def long_records(report: Report, *, report_id: str | None = None, source: str | None = None,
                 provenance: Mapping[str, SourcePos] | None = None) -> list[dict[str, Any]]:
    """One dict per cell of the report, with the columns of :data:`LONG_COLUMNS`."""
    meta = _meta(report, report_id, source)
    noted = {u.where for u in report.unplaced if u.where}
    prov = provenance or {}
    out = []
    for cell in form_cells(report.form):
        v = cell_value(report, cell)
        pos = prov.get(cell.path)
        out.append({
            **meta, "table": cell.table, "row_key": cell.row_key, "column_key": cell.column_key,
            "row_label": cell.row_label, "column_label": cell.column_label, "group": cell.group,
            "value": v if isinstance(v, int) else None, "text": v if isinstance(v, str) else None,
            # blank or unreadable (null), or a note written beside the number: read it with care
            "uncertain": v is None or cell.path in noted,
            "position": (pos.describe() or None) if pos else None,
        })
    return out


def wide_record(report: Report, *, report_id: str | None = None, source: str | None = None) -> dict[str, Any]:
    """One dict for the report: metadata and one entry per cell path (null where the form lacks it)."""
    out = dict.fromkeys(wide_columns())
    out.update(_meta(report, report_id, source))
    for cell in form_cells(report.form):
        out[cell.path] = cell_value(report, cell)
    return out


def long_frame(records: Iterable[Mapping[str, Any]]) -> Any:
    """A pandas DataFrame of long records with stable dtypes (nullable integers, strings, booleans)."""
    pd = require("pandas", "data", "a DataFrame")
    frame = pd.DataFrame.from_records(list(records), columns=list(LONG_COLUMNS))
    return frame.astype({"year": "Int64", "value": "Int64", "uncertain": "bool"})


def wide_frame(records: Iterable[Mapping[str, Any]]) -> Any:
    """A pandas DataFrame of wide records: counts as nullable integers, amounts and units as strings."""
    pd = require("pandas", "data", "a DataFrame")
    frame = pd.DataFrame.from_records(list(records), columns=list(wide_columns()))
    kinds = path_kinds()
    types = {p: ("Int64" if kinds.get(p, "count") in ("count", "signed") else "string") for p in frame.columns
             if p not in META_COLUMNS}
    return frame.astype({"year": "Int64", **types})


def path_kinds() -> dict[str, str]:
    """The value kind (count, signed, amount, unit) of every table 二 cell path of both forms."""
    kinds: dict[str, str] = {}
    for form in T.FORMS:
        for r in T.active_rows(form):
            for c in r.columns:
                kinds[f"active.{r.key}.{c.key}"] = c.kind
    return kinds


def to_frame(report: Report, wide: bool = False, *, report_id: str | None = None, source: str | None = None,
             provenance: Mapping[str, SourcePos] | None = None) -> Any:
    """The report's tables as a pandas DataFrame: long (one row per cell) or ``wide`` (one row).

    Raises MissingExtraError naming ``pip install govreport_io[data]`` when pandas is absent.
    """
    if wide:
        return wide_frame([wide_record(report, report_id=report_id, source=source)])
    return long_frame(long_records(report, report_id=report_id, source=source, provenance=provenance))
