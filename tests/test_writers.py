"""Every writer: tables always written, nothing dropped, never a crash, escaping everywhere, atomic output."""

from __future__ import annotations

import io
import os
import warnings
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govreport_io as gr
from govreport_io.form import template as T
from govreport_io.model import Block, Report, Section, Unplaced
from govreport_io.testing import reports
from govreport_io.writers._layout import APPENDIX_TITLE, WriteWarning

from .conftest import SAMPLES

WRITERS = ["json", "markdown", "text", "html", "docx", "pdf", "xlsx"]


def _sample() -> Report:
    return gr.read(SAMPLES / "report.json")


def _text_of(data: bytes, fmt: str) -> str:
    """The visible text of a written document, for asserting what it carries."""
    if fmt == "docx":
        return zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    if fmt == "xlsx":
        import openpyxl

        wb = openpyxl.load_workbook(io.BytesIO(data))
        return "\n".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value)
    if fmt == "pdf":
        import pdfplumber

        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return "".join(p.extract_text() or "" for p in pdf.pages)
    return data.decode("utf-8")


@pytest.mark.parametrize("fmt", ["markdown", "text", "html", "docx", "pdf", "xlsx"])
def test_tables_are_written_even_when_their_sections_are_missing(fmt: str) -> None:
    # a report of numbers typed in: no section at all, or only 一 and 五
    base = _sample()
    for sections in ((), (base.sections[0], base.sections[4])):
        report = base.replace(sections=sections)
        back = gr.read(gr.write(report, format=fmt), fmt)
        assert back.requests == report.requests and back.reviews == report.reviews and back.active == report.active
        numbers = [s.number for s in back.sections]
        assert {2, 3, 4} <= set(numbers)
        for n in (2, 3, 4):
            assert back.section(n).title == T.SECTION_TITLES[n]  # type: ignore[union-attr]


@pytest.mark.parametrize("fmt", ["markdown", "text", "html", "docx", "pdf", "xlsx"])
def test_unplaced_content_is_carried_in_an_appendix(fmt: str) -> None:
    report = _sample().replace(unplaced=(
        Unplaced("note", "（其中修订16件）", "active.normative_documents.issued"),
        Unplaced("table", "甲\t乙\n丙丁"),
    ))
    text = _text_of(gr.write(report, format=fmt), fmt)
    assert APPENDIX_TITLE in text
    assert "（其中修订16件）" in text and "丙丁" in text


def test_json_carries_unplaced_as_it_is() -> None:
    report = _sample().replace(unplaced=(Unplaced("note", "x", "y"),))
    assert gr.read(gr.write(report, format="json"), "json") == report


_HOSTILE = st.sampled_from([
    "\ud800", "a\udfffb", "\uffff", "\ufffe", "x\U0010ffff", "<img src=x onerror=alert(1)>", "&amp;", "]]>",
    "=SUM(A1)", "王\U0002c029", "\u200b\u202e", "*_`#|", "\t",
])


@st.composite
def hostile_reports(draw: st.DrawFn) -> Report:
    """Reports the model accepts, with text no writer may crash on."""
    report = draw(reports())
    bad = draw(_HOSTILE)
    long_title = draw(st.booleans())
    title = ("政" * 300 + bad) if long_title else f"{report.organ}{bad}报告"
    return report.replace(
        title=title.strip() or "x",
        fields=((f"索引号{bad}".strip(), bad.strip()),),
        preamble=(Block("paragraph", f"本{bad}文"),),
        sections=(*report.sections[:5], Section(6, f"其他{bad}事项".strip(), (Block("heading", f"（一）{bad}x"),))),
        unplaced=(Unplaced("note", bad, bad),),
        active={**{k: dict(v) for k, v in report.active.items()},
                **({"procurement": {"items": 1, "amount": "2", "unit": f"元{bad}".strip()}}
                   if report.form == "2019" else {})},
    )


@settings(max_examples=15)
@given(hostile_reports(), st.sampled_from(WRITERS))
def test_writers_never_crash_on_what_the_model_accepts(report: Report, fmt: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", WriteWarning)
        data = gr.write(report, format=fmt)
    assert data


def test_a_title_over_255_characters_is_written_whole_in_word() -> None:
    report = _sample().replace(title="青溪县" + "政" * 300 + "年度报告")
    data = gr.write(report, format="docx")
    assert gr.read(data, "docx").title == report.title


def test_lone_surrogates_and_noncharacters_are_replaced_with_a_warning() -> None:
    report = _sample().replace(title="青溪县\ud800人民政府\uffff年度报告")
    with pytest.warns(WriteWarning, match="U\\+D800"):
        html = gr.write(report, format="html")
    assert "青溪县\ufffd人民政府\ufffd年度报告" in html.decode()
    with pytest.warns(WriteWarning, match="U\\+D800"):
        text = gr.write(report, format="text")
    assert "\uffff" in text.decode()  # plain text can hold a noncharacter: kept
    data = gr.write(report, format="json")
    assert b"\\ud800" in data  # the JSON writer keeps it, as an escape
    back = gr.read_document(data, "json")  # the way in normalises it once, with a warning (issue 14)
    assert back.report.title == "青溪县\ufffd人民政府年度报告"
    assert any(w.code.value == "characters" for w in back.warnings)


@pytest.mark.parametrize("tables", ["tab", "pipe"])
def test_markdown_table_cells_are_escaped(tables: str) -> None:
    from markdown_it import MarkdownIt

    report = Report(form="2019", title="x", active={"procurement": {
        "items": 1, "amount": "2", "unit": "<img src=x onerror=alert(1)>|"}})
    md = gr.write(report, format="markdown", tables=tables).decode()
    assert "<img" not in md
    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(md)
    assert "<img" not in html and "&lt;img" in html


def test_output_is_written_atomically(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dest = tmp_path / "report.html"
    dest.write_bytes(b"the published report")
    dest.chmod(0o644)

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(gr.WriteError, match="No space left"):
        gr.write(_sample(), dest)
    assert dest.read_bytes() == b"the published report"  # the old file is untouched
    assert os.listdir(tmp_path) == ["report.html"]  # and no temporary file is left behind
    monkeypatch.undo()
    gr.write(_sample(), dest)
    assert dest.read_bytes().startswith(b"<!DOCTYPE html>")
    assert dest.stat().st_mode & 0o777 == 0o644


def test_blank_report_is_empty_never_zero() -> None:
    blank = gr.blank_report(organ="青溪县人民政府办公室", year=2025)
    assert blank.form == "2021" and blank.title == "青溪县人民政府办公室2025年政府信息公开工作年度报告"
    assert [s.number for s in blank.sections] == [1, 2, 3, 4, 5, 6]
    cells = [v for row in blank.requests.values() for v in row] + [
        v for g in blank.reviews.values() for v in g.values()] + [v for r in blank.active.values() for v in r.values()]
    assert cells and all(v is None for v in cells)
    assert gr.blank_report(year=2020).form == "2019"
    assert gr.blank_report("2019").form == "2019"


def test_header_rows_repeat_in_word_and_in_printed_html() -> None:
    import re

    xml = _text_of(gr.write(_sample(), format="docx"), "docx")
    tables = xml.split("<w:tbl>")[1:]
    t3 = next(t for t in tables if "申请人情况" in t)
    rows = re.split(r"<w:tr[ >]", t3)[1:]
    assert ["<w:tblHeader/>" in r for r in rows[:4]] == [True, True, True, False]
    assert all("<w:cantSplit/>" in r for r in rows)
    html = gr.write(_sample(), format="html").decode()
    t3_html = next(t for t in html.split("<table")[1:] if "申请人情况" in t)
    head = re.search(r"<thead>(.*?)</thead>", t3_html, re.S)
    assert head and head.group(1).count("<tr>") == 3 and "申请人情况" in head.group(1)
