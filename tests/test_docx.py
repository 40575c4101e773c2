"""DOCX: Word files from ../shared, broken and hostile files, the round trip, LibreOffice."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings

import govreport_io as gr
from govreport_io.model import Report
from govreport_io.testing import reports

from .conftest import SAMPLES, assert_reads_as, corpus_path, expected_for


@pytest.mark.parametrize("stem", ["000", "002"])
def test_dev_docx_reads_as_the_seed(stem: str) -> None:
    result = gr.read_document(corpus_path("dev", f"{stem}.docx"))
    assert result.format == "docx"
    assert_reads_as(result.report.to_dict(), expected_for(stem), min_paragraphs=1.0)
    assert result.report.unplaced == ()


@settings(max_examples=25)
@given(reports())
def test_docx_round_trip(report: Report) -> None:
    assert gr.read(gr.write(report, format="docx"), "docx") == report


def _zip(entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_broken_docx_gets_a_clear_error() -> None:
    good = (SAMPLES / "report.docx").read_bytes()
    with pytest.raises(gr.ReadError, match="zip container is broken"):
        gr.read(good[: len(good) // 2], "docx")
    with pytest.raises(gr.ReadError, match=r"document\.xml is missing"):
        gr.read(_zip({"[Content_Types].xml": b"<Types/>"}), "docx")


def test_zip_bomb_is_refused_quickly() -> None:
    bomb = _zip({"word/document.xml": b"<w/>", "word/media/big.bin": b"\0" * (300 * 1024 * 1024)})
    assert len(bomb) < 2 * 1024 * 1024
    with pytest.raises(gr.UnsafeInputError, match="zip bomb"):
        gr.read(bomb, "docx")


def test_external_entities_are_refused() -> None:
    src = zipfile.ZipFile(SAMPLES / "report.docx")
    entries = {i.filename: src.read(i) for i in src.infolist()}
    doc = entries["word/document.xml"]
    entries["word/document.xml"] = doc.replace(
        b"?>", b'?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>', 1)
    with pytest.raises(gr.UnsafeInputError, match="DTD"):
        gr.read(_zip(entries), "docx")


def test_written_docx_has_the_office_layout() -> None:
    import docx

    d = docx.Document(io.BytesIO(gr.write(gr.read(SAMPLES / "report.json"), format="docx")))
    sec = d.sections[0]
    assert round(sec.page_width.cm, 1) == 21.0 and round(sec.top_margin.cm, 1) == 3.7
    assert d.styles["Heading 2"].font.name == "黑体"
    assert d.styles["Normal"].font.name == "仿宋_GB2312"
    assert d.paragraphs[0].style.name == "Title"
    # table 三: 三、本年度办理结果 is one cell spanning 22 rows
    t3 = d.tables[2]._tbl
    spans = [tc.vMerge for tr in t3.tr_lst for tc in tr.tc_lst]
    assert spans.count("continue") >= 21


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_the_written_docx(tmp_path: Path) -> None:
    src = tmp_path / "report.docx"
    gr.write(gr.read(SAMPLES / "report.json"), src)
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(src)],
                   check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "report.pdf"
    assert pdf.exists() and pdf.stat().st_size > 1000
    got = gr.read(pdf)
    # LibreOffice lays the Word file out itself; reading its PDF back gives the same report
    assert got == gr.read(SAMPLES / "report.json")


def test_layout_table_and_content_controls_are_looked_through() -> None:
    import docx
    from docx.oxml.ns import qn

    d = docx.Document(io.BytesIO((SAMPLES / "report.docx").read_bytes()))
    body = d.element.body
    content = [el for el in body.iterchildren() if el.tag != qn("w:sectPr")]
    # the whole report inside a one-cell layout table, its first half inside a content control
    frame = d.add_table(rows=1, cols=1)._tbl
    tc = frame.tr_lst[0].tc_lst[0]
    for p in list(tc.iterchildren(qn("w:p"))):
        tc.remove(p)
    sdt = tc.makeelement(qn("w:sdt"), {})
    sdt_content = sdt.makeelement(qn("w:sdtContent"), {})
    sdt.append(sdt_content)
    tc.append(sdt)
    half = len(content) // 2
    for n, el in enumerate(content):
        (sdt_content if n < half else tc).append(el)
    tc.append(tc.makeelement(qn("w:p"), {}))  # a cell ends with a paragraph
    buf = io.BytesIO()
    d.save(buf)
    assert gr.read(buf.getvalue(), "docx") == gr.read(SAMPLES / "report.json")
