"""PDF: LibreOffice exports and a real published PDF from ../shared, errors, the round trip."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import given, settings

import govreport_io as gr
from govreport_io.diagnostics import WarningCode
from govreport_io.model import Report
from govreport_io.testing import reports

from .conftest import SAMPLES, assert_reads_as, corpus_path, expected_for


@pytest.mark.parametrize("stem", ["000", "002"])
def test_dev_pdf_reads_as_the_seed(stem: str) -> None:
    result = gr.read_document(corpus_path("dev", f"{stem}.pdf"))
    assert result.format == "pdf"
    assert_reads_as(result.report.to_dict(), expected_for(stem), min_paragraphs=1.0)
    assert result.report.unplaced == ()
    assert any(w.code == WarningCode.FURNITURE for w in result.warnings)


def test_real_published_pdf_reads_to_its_expected_tables() -> None:
    exp = json.loads(corpus_path("real", "01_huaian_2024.expected.json").read_text(encoding="utf-8"))
    got = gr.read(corpus_path("real", "01_huaian_2024.pdf")).to_dict()
    assert_reads_as(got, exp)
    assert got["unplaced"] == []
    assert [s["number"] for s in got["sections"]] == [1, 2, 3, 4, 5, 6]


def test_a_table_across_pages_is_joined() -> None:
    blocks = gr.read_blocks(corpus_path("dev", "000.pdf"))
    from govreport_io.blocks import Table

    tables = [b for b in blocks if isinstance(b, Table)]
    # table 三 starts on page 3 and ends on page 4 (with its header repeated): one table
    assert len(tables) == 3
    labels = [c.text.replace("\n", "") for t in tables for row in t.rows for c in row]
    assert sum("一、本年新收政府信息公开申请数量" in x for x in labels) == 1


@settings(max_examples=20)
@given(reports())
def test_pdf_round_trip(report: Report) -> None:
    assert gr.read(gr.write(report, format="pdf"), "pdf") == report


def test_written_pdf_text_extracts_as_chinese() -> None:
    import pdfplumber

    data = gr.write(gr.read(SAMPLES / "report.json"), format="pdf")
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        text = "".join(p.extract_text() or "" for p in pdf.pages)
        assert pdf.metadata.get("Title") == "青溪县人民政府办公室2024年政府信息公开工作年度报告"
    assert "青溪县人民政府办公室" in text and "行政规范性文件" in text and "3456" in text


def _image_only_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.rect(50, 50, 400, 600, fill=1)
    c.showPage()
    c.save()
    return buf.getvalue()


def test_scanned_pdf_says_it_has_no_text_layer() -> None:
    with pytest.raises(gr.ReadError, match="no text layer"):
        gr.read(_image_only_pdf(), "pdf")


def test_encrypted_pdf_says_so() -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt=StandardEncryption("secret", canPrint=0))
    c.drawString(100, 700, "hello")
    c.save()
    with pytest.raises(gr.ReadError, match="encrypted"):
        gr.read(buf.getvalue(), "pdf")


@pytest.mark.parametrize("data", [b"%PDF-1.7\n garbage \n%%EOF", b"%PDF-", b""])
def test_broken_pdf_gets_a_clear_error(data: bytes) -> None:
    with pytest.raises(gr.ReadError):
        gr.read(data, "pdf")


def test_truncated_pdf_gets_a_clear_error() -> None:
    data = (SAMPLES / "report.pdf").read_bytes()
    with pytest.raises(gr.GovReportError):
        gr.read(data[: len(data) // 3], "pdf")


def test_page_limit_bounds_very_large_files() -> None:
    data = (SAMPLES / "report.pdf").read_bytes()
    with pytest.raises(gr.UnsafeInputError, match="pages"):
        gr.read_document(data, "pdf", max_pages=2)


def test_a_table_drawn_without_rules_falls_back_to_the_text_layout() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    y = 800.0
    for line in (SAMPLES / "report.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        if y < 60:
            c.showPage()
            y = 800.0
        cells = line.split("\t")
        numbers = [x for x in cells if x.replace(".", "").isdigit()]
        label = "".join(x for x in cells if x and x not in numbers)
        c.setFont("STSong-Light", 6 if numbers else 8)
        c.drawString(40, y, label[:40])
        for i, n in enumerate(numbers):  # columns of words, no ruling lines
            c.drawString(300 + i * 18, y, n)
        y -= 12
    c.save()
    got = gr.read(buf.getvalue(), "pdf")
    want = gr.read(SAMPLES / "report.json")
    assert got.requests == want.requests and got.active == want.active and got.reviews == want.reviews


def test_running_heads_are_removed_and_reported() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    text = gr.write(gr.read(SAMPLES / "report.json"), format="text").decode()
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and "\t" not in ln]
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for page in range(4):
        c.setFont("STSong-Light", 9)
        c.drawString(200, 820, "青溪县人民政府办公室政务公开")  # a running head
        c.drawString(260, 20, f"第 {page + 1} 页 共 4 页")
        c.setFont("STSong-Light", 11)
        y = 780.0
        for ln in lines[page * 8:(page + 1) * 8]:
            c.drawString(60, y, ln[:40])
            y -= 20
        c.showPage()
    c.save()
    from govreport_io.blocks import Paragraph
    from govreport_io.readers import pdf as pdf_reader
    from govreport_io.readers._context import ReadContext

    ctx = ReadContext()
    texts = [b.text for b in pdf_reader.read(buf.getvalue(), ctx) if isinstance(b, Paragraph)]
    assert "青溪县人民政府办公室政务公开" not in texts
    assert not any(t.startswith("第") and t.endswith("页") for t in texts)
    assert sum("running head" in w.message for w in ctx.warnings) == 4
    assert sum("page number" in w.message for w in ctx.warnings) == 4


def test_glyphs_without_unicode_get_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import pdfplumber.page

    real = pdfplumber.page.Page.chars.fget  # type: ignore[attr-defined]

    def unmapped(self):  # type: ignore[no-untyped-def]
        return [dict(c, text="(cid:42)") for c in real(self)]

    monkeypatch.setattr(pdfplumber.page.Page, "chars", property(unmapped))
    with pytest.raises(gr.ReadError, match="no Unicode mapping"):
        gr.read(SAMPLES / "report.pdf", backend="pdfplumber")


def test_glyphs_without_unicode_get_a_clear_error_from_pdfium(monkeypatch: pytest.MonkeyPatch) -> None:
    import pypdfium2.raw

    monkeypatch.setattr(pypdfium2.raw, "FPDFText_HasUnicodeMapError", lambda tp, i: True)
    with pytest.raises(gr.ReadError, match="no Unicode mapping"):
        gr.read(SAMPLES / "report.pdf")
