"""Validation of the form's arithmetic (勾稽关系): rules, places, numbers, source positions."""

from __future__ import annotations

import govreport_io as gr
from govreport_io.model import Report

from .conftest import SAMPLES


def _sample() -> Report:
    return gr.read(SAMPLES / "report.json")


def test_the_sample_keeps_every_rule() -> None:
    assert [f for f in gr.validate(_sample()) if f.level == "error"] == []


def test_each_rule_is_reported_with_table_row_column_and_numbers() -> None:
    r = _sample()
    rows = dict(r.requests)
    rows["carried_forward"] = (5, *rows["carried_forward"][1:])  # breaks R1 (and R2 for that row)
    reviews = {k: dict(v) for k, v in r.reviews.items()}
    reviews["review"]["total"] = 9  # breaks R4
    findings = gr.validate(r.replace(requests=rows, reviews=reviews))
    r1 = [f for f in findings if f.rule == "R1"]
    assert len(r1) == 1 and r1[0].table == "三" and r1[0].column == "natural_person"
    assert r1[0].values == {"new_received": 40, "carried_over": 3, "total": 41, "carried_forward": 5}
    assert any(f.rule == "R2" and f.row == "carried_forward" for f in findings)
    r4 = [f for f in findings if f.rule == "R4"]
    assert r4 and r4[0].row == "review" and r4[0].values == {"total": 9, "sum": 4}
    assert "R4 table 四, row review, column total" in str(r4[0])


def test_r3_and_negative_counts() -> None:
    r = _sample()
    rows = dict(r.requests)
    rows["granted"] = (-1, *rows["granted"][1:])
    findings = gr.validate(r.replace(requests=rows))
    assert any(f.rule == "R3" and f.column == "natural_person" for f in findings)
    assert any(f.rule == "R5" and f.row == "granted" for f in findings)


def test_blank_cells_are_surfaced_and_skip_the_rules_that_need_them() -> None:
    r = _sample()
    rows = dict(r.requests)
    rows["total"] = (None, *rows["total"][1:])
    findings = gr.validate(r.replace(requests=rows))
    assert [f.rule for f in findings] == ["BLANK"]
    assert findings[0].level == "info" and findings[0].table == "三"


def test_findings_carry_source_positions_from_the_read() -> None:
    text = (SAMPLES / "report.txt").read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if ln.startswith("一、本年新收"))
    cells = line.split("\t")
    cells[3] = "41"  # natural_person 40 -> 41 breaks R1 and R2
    result = gr.read_document(text.replace(line, "\t".join(cells)).encode(), "text")
    r2 = next(f for f in result.findings() if f.rule == "R2")
    assert r2.where and "line" in r2.where[0]


def test_validate_accepts_a_path_and_reading_never_fails_on_broken_rules() -> None:
    assert gr.validate(SAMPLES / "report.pdf") == gr.validate(_sample())
