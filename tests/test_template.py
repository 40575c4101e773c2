"""The blank form and completeness: template command, validate --complete, an empty form under --strict."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import govreport_io as gr
from govreport_io.cli import main
from govreport_io.form.complete import blank_cells, completeness, no_numbers

from .conftest import SAMPLES


@pytest.mark.parametrize("ext", ["xlsx", "docx", "html", "md", "pdf", "json", "txt"])
def test_template_writes_a_blank_form_that_reads_back_blank(tmp_path: Path, ext: str) -> None:
    out = tmp_path / f"form.{ext}"
    args = ["template", "--form", "2021", "--organ", "青溪县人民政府办公室", "--year", "2025", "-o", str(out)]
    assert main(args) == 0
    report = gr.read(out)
    assert report.form == "2021" and report.title == "青溪县人民政府办公室2025年政府信息公开工作年度报告"
    assert not [v for row in report.requests.values() for v in row if v is not None]
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]


def test_template_2019_form(tmp_path: Path) -> None:
    out = tmp_path / "form.xlsx"
    assert main(["template", "--form", "2019", "-o", str(out)]) == 0
    import openpyxl

    wb = openpyxl.load_workbook(out)
    labels = [c.value for row in wb["表三 依申请公开"].iter_rows() for c in row if c.value]
    assert "（六）其他处理" in labels and "3.其他" not in labels
    assert gr.read(out).form == "2019"


def test_the_office_fills_the_workbook_and_publishes(tmp_path: Path) -> None:
    """The worked example of docs/office.md: blank workbook, filled, then Word and PDF."""
    import openpyxl

    form = tmp_path / "form.xlsx"
    main(["template", "--organ", "青溪县人民政府办公室", "--year", "2025", "-o", str(form)])
    wb = openpyxl.load_workbook(form)
    ws = wb["表三 依申请公开"]
    for row in ws.iter_rows():
        label = row[0].value
        if label == "一、本年新收政府信息公开申请数量":
            for cell, v in zip(row[3:10], [30, 2, 0, 0, 0, 1, 33]):
                cell.value = v
        elif label == "二、上年结转政府信息公开申请数量":
            for cell, v in zip(row[3:10], ["1", "0", "0", "0", "0", "0", "1"]):  # typed as text
                cell.value = v
    wb.save(form)
    report = gr.read(form)
    assert report.requests["new_received"] == (30, 2, 0, 0, 0, 1, 33)
    assert report.requests["carried_over"] == (1, 0, 0, 0, 0, 0, 1)
    assert main(["convert", str(form), "-o", str(tmp_path / "report.docx")]) == 0
    assert main(["convert", str(form), "-o", str(tmp_path / "report.pdf")]) == 0
    assert gr.read(tmp_path / "report.pdf").requests == report.requests
    assert gr.read(tmp_path / "report.docx").requests == report.requests


def test_validate_complete_lists_every_blank_cell(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = gr.read(SAMPLES / "report.json")
    rows = dict(report.requests)
    rows["granted"] = (None, *rows["granted"][1:])
    path = tmp_path / "r.json"
    reviews = {k: dict(v) for k, v in report.reviews.items()}
    reviews["review"]["pending"] = None
    gr.write(report.replace(requests=rows, reviews=reviews), path)
    assert main(["validate", "--complete", "--strict", "--json", str(path)]) == 1
    found = [f for f in json.loads(capsys.readouterr().out)["findings"] if f["rule"] == "COMPLETE"]
    assert [(f["table"], f["row"], f["column"]) for f in found] == [
        ("三", "granted", "natural_person"), ("四", "review", "pending")]
    assert "（一）予以公开" in found[0]["message"] and "自然人" in found[0]["message"]
    assert main(["validate", "--complete", "--strict", str(SAMPLES / "report.json")]) == 0


def test_a_document_without_numbers_fails_strict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "prose.md"
    text = "# 青溪县2024年政府信息公开工作年度报告\n\n## 一、总体情况\n\n本年度工作有序推进。\n"
    path.write_text(text, encoding="utf-8")
    assert main(["validate", str(path)]) == 0
    assert main(["validate", "--strict", str(path)]) == 1
    assert "EMPTY" in capsys.readouterr().out


def test_completeness_functions() -> None:
    blank = gr.blank_report("2019")
    assert len(no_numbers(blank)) == 1 and completeness(blank) == no_numbers(blank)
    cells = blank_cells(blank)
    # every cell of the 2019 form: 二 has 8 rows (unit not a cell), 三 23 × 7, 四 15
    assert len([f for f in cells if f.table == "三"]) == 23 * 7
    assert len([f for f in cells if f.table == "四"]) == 15
    assert not [f for f in cells if f.column == "unit"]
    full = gr.read(SAMPLES / "report.json")
    assert completeness(full) == []


def test_the_worked_example_in_docs_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import re

    root = Path(__file__).resolve().parent.parent
    text = (root / "docs" / "office.md").read_text(encoding="utf-8")
    blocks = [b for b in re.findall(r"```python\n(.*?)```", text, re.S) if not b.startswith("# not run")]
    assert len(blocks) >= 4
    monkeypatch.chdir(root)
    namespace: dict[str, object] = {}
    for block in blocks:
        exec(compile(block, "docs/office.md", "exec"), namespace)
