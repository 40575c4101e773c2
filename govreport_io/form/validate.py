"""The arithmetic of the form (勾稽关系) as findings about a report.

A broken rule is a finding about the report, never an error of the library: reading
succeeds and findings are returned beside the Report. Rules (TEMPLATE.md §5):

- R1 table 三, per column: 一 + 二 = （七）总计 + 四
- R2 table 三, per row: 总计 = the sum of the six applicant columns
- R3 table 三, per column: （七）总计 = the sum of every result row
- R4 table 四, per group: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结
- R5 counts are non-negative (only the 2019 本年增/减 may be negative)
- BLANK: cells left blank (null); rules that need them are not checked
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from ..blocks import SourcePos
from ..model import Report
from . import template as T

Level = Literal["error", "info"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One broken rule (or, at level "info", one observation such as blank cells)."""

    rule: str
    table: str
    row: str | None
    column: str | None
    message: str
    values: Mapping[str, int | str | None] = field(default_factory=dict)
    level: Level = "error"
    where: tuple[str, ...] = ()

    def __str__(self) -> str:
        place = f"table {self.table}" + (f", row {self.row}" if self.row else "") + (
            f", column {self.column}" if self.column else "")
        src = f" (source: {'; '.join(self.where)})" if self.where else ""
        return f"{self.rule} {place}: {self.message}{src}"

    @staticmethod
    def _position(where: str) -> dict[str, Any]:
        """``"requests.total.total at page 4, table 2"`` as numbers: {"path": …, "page": 4, "table": 2, …}."""
        path, _, place = where.partition(" at ")
        nums = dict(part.split(" ", 1) for part in place.split(", ") if " " in part)
        out: dict[str, Any] = {"path": path}
        for key, name in (("page", "page"), ("line", "line"), ("table", "table"), ("row", "row"), ("column", "cell")):
            out[key] = int(nums[name]) if nums.get(name, "").isdigit() else None
        return out

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "rule": self.rule, "level": self.level, "table": self.table, "row": self.row,
            "column": self.column, "message": self.message, "values": dict(self.values),
            "where": list(self.where), "positions": [self._position(w) for w in self.where],
        }


_BALANCE = ("new_received", "carried_over", "total", "carried_forward")
_OUTCOMES = ("upheld", "corrected", "other", "pending")


@dataclass(frozen=True)
class _Where:
    """Where each cell came from, for the findings' ``where``."""

    prov: Mapping[str, SourcePos]

    def __call__(self, *paths: str) -> tuple[str, ...]:
        return tuple(f"{p} at {self.prov[p].describe()}" for p in paths if p in self.prov and self.prov[p].describe())


def _r1_r3(report: Report, where: _Where) -> list[Finding]:
    """Per column of table 三: 一 + 二 = 总计 + 四 (R1), and 总计 = the result rows (R3)."""
    out: list[Finding] = []
    req = report.requests
    result_rows = [k for k in T.request_row_keys(report.form) if k not in _BALANCE]
    for c, col in enumerate(T.REQUEST_COLUMN_KEYS):
        a, b, t, f = (req[r][c] for r in _BALANCE)
        if a is not None and b is not None and t is not None and f is not None and a + b != t + f:
            out.append(Finding(
                "R1", "三", None, col, f"一 + 二 = {a} + {b} = {a + b}, but （七）总计 + 四 = {t} + {f} = {t + f}",
                {"new_received": a, "carried_over": b, "total": t, "carried_forward": f},
                where=where(*(f"requests.{r}.{col}" for r in _BALANCE))))
        parts = [req[r][c] for r in result_rows]
        if t is not None and None not in parts:
            s = sum(p for p in parts if p is not None)
            if s != t:
                out.append(Finding("R3", "三", "total", col, f"（七）总计 is {t}, but the result rows add up to {s}",
                                   {"total": t, "sum": s}, where=where(f"requests.total.{col}")))
    return out


def _r2(report: Report, where: _Where) -> list[Finding]:
    """Per row of table 三: 总计 = the six applicant columns."""
    out: list[Finding] = []
    for row in T.request_row_keys(report.form):
        vals = report.requests[row]
        if None in vals:
            continue
        s = sum(v for v in vals[:6] if v is not None)
        if vals[6] != s:
            out.append(Finding("R2", "三", row, "total", f"总计 is {vals[6]}, but the six applicant columns add up "
                               f"to {s}", {"total": vals[6], "sum": s}, where=where(f"requests.{row}.total")))
    return out


def _r4(report: Report, where: _Where) -> list[Finding]:
    """Per group of table 四: 总计 = the four outcomes."""
    out: list[Finding] = []
    for group in T.REVIEW_GROUPS:
        g = report.reviews[group.key]
        parts = [g[k] for k in _OUTCOMES]
        total = g["total"]
        if total is not None and None not in parts:
            s = sum(p for p in parts if p is not None)
            if s != total:
                out.append(Finding("R4", "四", group.key, "total", f"总计 is {total}, but the four outcomes add up "
                                   f"to {s}", {"total": total, "sum": s}, where=where(f"reviews.{group.key}.total")))
    return out


def _negatives(report: Report) -> list[tuple[str, str, str, int]]:
    out: list[tuple[str, str, str, int]] = []
    for row in T.request_row_keys(report.form):
        out += [("三", row, col, v) for col, v in zip(T.REQUEST_COLUMN_KEYS, report.requests[row])
                if v is not None and v < 0]
    for group in T.REVIEW_GROUPS:
        out += [("四", group.key, k, v) for k, v in report.reviews[group.key].items() if v is not None and v < 0]
    for arow in T.active_rows(report.form):
        for acol in arow.columns:
            v2 = report.active[arow.key][acol.key]
            if acol.kind == "count" and isinstance(v2, int) and v2 < 0:
                out.append(("二", arow.key, acol.key, v2))
            if acol.kind == "amount" and isinstance(v2, str) and v2.startswith("-"):
                out.append(("二", arow.key, acol.key, int(float(v2)) or -1))
    return out


def _r5(report: Report, where: _Where) -> list[Finding]:
    """Counts are non-negative (the 2019 本年增/减 are signed and not counts)."""
    return [Finding("R5", table, row, col, f"a count cannot be negative: {v}", {"value": v})
            for table, row, col, v in _negatives(report)]


def _blanks(report: Report, where: _Where) -> list[Finding]:
    """Blank cells per table, as information: rules that need them were not checked."""
    blanks = {
        "二": sum(1 for r in report.active.values() for k, v in r.items() if v is None and k != "unit"),
        "三": sum(1 for vals in report.requests.values() for v in vals if v is None),
        "四": sum(1 for g in report.reviews.values() for v in g.values() if v is None),
    }
    return [Finding("BLANK", table, None, None, f"{n} cell(s) blank or unreadable; rules that need them were not "
                    "checked", {"blank": n}, level="info") for table, n in blanks.items() if n]


_RULES = (_r1_r3, _r2, _r4, _r5, _blanks)


def validate(report: Report, provenance: Mapping[str, SourcePos] | None = None) -> list[Finding]:
    """Check the form's arithmetic; returns findings (empty when every rule holds)."""
    where = _Where(provenance or {})
    return [finding for rule in _RULES for finding in rule(report, where)]
