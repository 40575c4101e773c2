"""XLSX: the official form as a workbook, offices' own workbooks, hostile workbooks, the round trip."""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

import govreport_io as gr
from govreport_io.model import Report
from govreport_io.testing import reports

from .conftest import SAMPLES

openpyxl = pytest.importorskip("openpyxl")


@settings(max_examples=40)
@given(reports())
def test_xlsx_round_trip(report: Report) -> None:
    assert gr.read(gr.write(report, format="xlsx"), "xlsx") == report


def _sample() -> Report:
    return gr.read(SAMPLES / "report.json")


def _workbook(data: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(data))


def test_workbook_is_sniffed_by_content_not_taken_for_word() -> None:
    data = gr.write(_sample(), format="xlsx")
    result = gr.read_document(data)
    assert result.format == "xlsx"
    assert result.report == _sample()
    assert gr.read_document(SAMPLES / "report.docx").format == "docx"


def test_the_form_as_a_workbook_numbers_as_numbers_blanks_blank() -> None:
    report = _sample().replace(active={"fees": {"amount": "12.50"}},
                               requests={"new_received": (1, None, 0, 0, 0, 0, 1)})
    wb = _workbook(gr.write(report, format="xlsx"))
    assert wb.sheetnames == ["正文", "表二 主动公开", "表三 依申请公开", "表四 复议诉讼"]
    t3 = wb["表三 依申请公开"]
    assert t3["A1"].value == "三、收到和处理政府信息公开申请情况"
    row = next(r for r in t3.iter_rows() if r[0].value == "一、本年新收政府信息公开申请数量")
    values = [c.value for c in row[3:10]]
    assert values == [1, None, 0, 0, 0, 0, 1]  # numbers as numbers, blank as blank, never 0
    assert all(isinstance(v, int) for v in values if v is not None)
    merged = {str(m) for m in t3.merged_cells.ranges}
    assert "A3:C5" in merged and "D3:J3" in merged  # the form's merged header cells
    t2 = wb["表二 主动公开"]
    fee = next(r for r in t2.iter_rows() if r[0].value == "行政事业性收费")[1]
    assert fee.value == Decimal("12.50") or fee.value == 12.5
    assert fee.number_format == "0.00"
    assert gr.read(gr.write(report, format="xlsx"), "xlsx").active["fees"]["amount"] == "12.50"
    text = wb["正文"]
    assert text["A1"].value == "索引号：" and text["B1"].value == "000000001/2025-00012"


def test_text_that_looks_like_a_formula_stays_text() -> None:
    report = _sample().replace(fields=(("文号", "=HYPERLINK(\"http://x\")"),))
    data = gr.write(report, format="xlsx")
    assert gr.read(data, "xlsx").fields == report.fields
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert "<f>" not in zf.read("xl/worksheets/sheet1.xml").decode()


def _office_workbook() -> bytes:
    """A workbook as an office makes it: one sheet per table with a merged caption, the form
    starting at column B row 3, numbers typed as text, prose on the last sheet."""
    wb = openpyxl.Workbook()
    text = wb.active
    text.title = "说明"
    lines = ["青溪县人民政府办公室2024年政府信息公开工作年度报告", "一、总体情况", "本年度工作有序推进。",
             "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况",
             "五、存在的主要问题及改进情况", "问题与改进。\n明年继续改进。", "六、其他需要报告的事项", "无。"]
    for n, line in enumerate(lines, start=1):
        text.cell(row=n, column=1, value=line)
    ws = wb.create_sheet("三")
    ws["B1"] = "三、收到和处理政府信息公开申请情况"
    ws.merge_cells("B1:K1")
    report = _sample()
    from govreport_io.writers._layout import place, requests_grid

    for r, c, cell in place(requests_grid(report)):
        ws.cell(row=3 + r, column=2 + c, value=cell.text or None)
        if cell.colspan > 1 or cell.rowspan > 1:
            ws.merge_cells(start_row=3 + r, start_column=2 + c, end_row=3 + r + cell.rowspan - 1,
                           end_column=2 + c + cell.colspan - 1)
    out = io.BytesIO()
    wb.move_sheet("说明", offset=1)
    wb.save(out)
    return out.getvalue()


def test_an_offices_own_workbook_reads() -> None:
    report = gr.read(_office_workbook(), "xlsx")
    want = _sample()
    assert report.requests == want.requests  # numbers stored as text, form moved to B3, merged caption
    assert report.title == want.title
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]
    assert [b.text for b in report.section(5).blocks] == ["问题与改进。", "明年继续改进。"]  # type: ignore[union-attr]


def _patch(data: bytes, name: str, change: Any) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            dst.writestr(info, change(body) if info.filename == name else body)
    return out.getvalue()


def test_formulas_are_read_as_their_cached_values() -> None:
    data = gr.write(_sample(), format="xlsx")
    wb = _workbook(data)
    ws = wb["表三 依申请公开"]
    row = next(r for r in ws.iter_rows() if r[1].value == "（七）总计")
    coord = row[9].coordinate  # 总计 column of （七）总计
    cached = row[9].value

    def add_formula(xml: bytes) -> bytes:
        return re.sub(rf'<c r="{coord}"([^>]*)><v>'.encode(), rf'<c r="{coord}"\1><f>SUM(D28:I28)</f><v>'.encode(),
                      xml)

    patched = _patch(data, "xl/worksheets/sheet3.xml", add_formula)
    assert b"<f>SUM" in zipfile.ZipFile(io.BytesIO(patched)).read("xl/worksheets/sheet3.xml")
    assert gr.read(patched, "xlsx").requests["total"][6] == cached


def test_encrypted_or_old_workbook_says_so(tmp_path: Path) -> None:
    path = tmp_path / "form.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000)
    with pytest.raises(gr.ReadError, match=r"password-protected workbook or an old \.xls"):
        gr.read(path)


def test_not_a_zip_gets_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "form.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not a zip at all")
    with pytest.raises(gr.ReadError, match=r"form\.xlsx: not an Excel workbook: the zip container is broken"):
        gr.read(path, "xlsx")
    with pytest.raises(gr.ReadError, match=r"form\.xlsx: .*zip container is broken"):
        gr.read(path)


def test_zip_bomb_is_refused_quickly() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"\0" * (300 * 1024 * 1024))
    with pytest.raises(gr.UnsafeInputError, match="zip bomb"):
        gr.read(out.getvalue(), "xlsx")


@pytest.mark.parametrize("part", ["xl/workbook.xml", "xl/worksheets/sheet1.xml", "[Content_Types].xml",
                                  "docProps/core.xml", "xl/styles.xml", "_rels/.rels"])
def test_entities_in_any_part_are_refused(part: str) -> None:
    data = gr.write(_sample(), format="xlsx")

    def xxe(xml: bytes) -> bytes:
        # the declaration after a long comment, past any fixed-size look at the head
        decl = b'<!-- ' + b"x" * 10000 + b' --><!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        if xml.startswith(b"<?xml"):
            return xml.replace(b"?>", b"?>" + decl, 1)
        return b'<?xml version="1.0"?>' + decl + xml

    with pytest.raises(gr.UnsafeInputError, match="entities"):
        gr.read(_patch(data, part, xxe), "xlsx")


def test_blank_workbook_reads_back_as_blank() -> None:
    blank = gr.blank_report(organ="青溪县人民政府办公室", year=2025)
    back = gr.read(gr.write(blank, format="xlsx"), "xlsx")
    assert back == blank


def test_the_workbook_is_deterministic() -> None:
    import time

    first = gr.write(_sample(), format="xlsx")
    time.sleep(1.1)  # zip and document dates have one-second steps
    assert gr.write(_sample(), format="xlsx") == first


def test_a_formula_never_calculated_reads_blank_with_a_warning() -> None:
    wb = openpyxl.load_workbook(io.BytesIO(gr.write(_sample(), format="xlsx")))
    ws = wb["表四 复议诉讼"]
    data_row = max(c.row for c in ws._cells.values() if c.value is not None)
    ws.cell(row=data_row, column=5, value=f"=SUM(A{data_row}:D{data_row})")  # written by a script: no cached value
    out = io.BytesIO()
    wb.save(out)
    result = gr.read_document(out.getvalue(), "xlsx")
    assert result.report.reviews["review"]["total"] is None
    msgs = [w.message for w in result.warnings if w.code.value == "cell-unreadable"]
    assert any("never calculated" in m and f"E{data_row}" in m for m in msgs)
