"""Text and Markdown: every captured shape of the seeds, the dev .txt files, and round trips."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from markdown_it import MarkdownIt

import govreport_io as gr
from govreport_io.diagnostics import WarningCode
from govreport_io.model import Report
from govreport_io.testing import reports

from .conftest import SAMPLES, assert_reads_as, corpus_path, expected_for, seeds


@pytest.mark.parametrize("seed, expected", seeds(), ids=lambda p: p.name[:3])
def test_seed_reads_as_expected(seed, expected) -> None:  # type: ignore[no-untyped-def]
    got = gr.read(seed).to_dict()
    exp = json.loads(expected.read_text(encoding="utf-8"))
    assert_reads_as(got, exp, min_paragraphs=0.95)
    assert got["unplaced"] == []


def test_seeds_present_or_skipped() -> None:
    if not seeds():
        pytest.skip("../shared not available")
    assert len(seeds()) == 5


@pytest.mark.parametrize("stem", ["000", "002"])
def test_dev_gb18030_text_reads_like_the_seed(stem: str) -> None:
    path = corpus_path("dev", f"{stem}.txt")
    result = gr.read_document(path)
    assert result.format == "text"
    assert any(w.code == WarningCode.ENCODING for w in result.warnings)
    assert_reads_as(result.report.to_dict(), expected_for(stem), min_paragraphs=0.95)


def test_truncated_real_extract_reads_and_reports_what_is_missing() -> None:
    path = corpus_path("real", "02_huaian_2024_section3_extract.txt")
    exp = json.loads(corpus_path("real", "01_huaian_2024.expected.json").read_text(encoding="utf-8"))
    result = gr.read_document(path)
    rows = result.report.requests
    for key in ("new_received", "carried_over", "granted", "partly_granted", "denied_query", "unable_not_held"):
        assert list(rows[key]) == exp["requests"]["rows"][key]
    assert rows["total"] == (None,) * 7
    assert result.report.active["fees"]["amount"] == "96171.6"
    assert result.report.active["punishment"]["decisions"] == 3985758
    codes = {w.code for w in result.warnings}
    assert WarningCode.ROW_MISSING in codes and WarningCode.TABLE_MISSING in codes
    assert any("carried_forward" in w.message for w in result.warnings)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_encodings_are_detected(encoding: str) -> None:
    text = (SAMPLES / "report.txt").read_text(encoding="utf-8")
    if encoding == "gbk":
        text = text.replace("\u2022", "")
    want = gr.read(SAMPLES / "report.txt")
    got = gr.read(text.replace("\n", "\r\n").encode(encoding), "text")
    assert got == want


def test_full_width_digits_and_thousands_separators() -> None:
    text = (SAMPLES / "report.txt").read_text(encoding="utf-8")
    base = gr.read(SAMPLES / "report.txt")
    n = base.requests["new_received"][0]
    assert n is not None
    big = "1,234" if n != 1234 else "1,235"
    line = next(ln for ln in text.splitlines() if ln.startswith("一、本年新收"))
    cells = line.split("\t")
    cells[3] = big
    cells[4] = "１２"
    got = gr.read(text.replace(line, "\t".join(cells)).encode(), "text")
    assert got.requests["new_received"][0] == int(big.replace(",", ""))
    assert got.requests["new_received"][1] == 12


def test_blank_cells_read_as_null_not_zero() -> None:
    text = (SAMPLES / "report.txt").read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if ln.startswith("二、上年结转"))
    cells = line.split("\t")
    cells[4] = ""
    cells[5] = "—"
    got = gr.read(text.replace(line, "\t".join(cells)).encode(), "text")
    assert got.requests["carried_over"][1] is None and got.requests["carried_over"][2] is None


@given(reports())
def test_text_round_trip(report: Report) -> None:
    assert gr.read(gr.write(report, format="text"), "text") == report


@given(reports())
def test_markdown_round_trip_tab_tables(report: Report) -> None:
    assert gr.read(gr.write(report, format="markdown"), "markdown") == report


@given(reports())
def test_markdown_round_trip_pipe_tables(report: Report) -> None:
    data = gr.write(report, format="markdown", tables="pipe")
    assert gr.read(data, "markdown") == report


def test_markdown_renders_with_markdown_it() -> None:
    report = gr.read(SAMPLES / "report.json")
    md = gr.write(report, format="markdown", tables="pipe").decode()
    html = MarkdownIt("commonmark").enable("table").render(md)
    assert html.count("<table>") == 3
    assert "<h2>二、" in html and "<h1>" in html
    assert "<td>一、本年新收政府信息公开申请数量</td>" in html


def test_markdown_escapes_hostile_text() -> None:
    from govreport_io.model import Block, Section

    base = gr.read(SAMPLES / "report.json")
    nasty = "本段含有 | 管道 <b>标签</b> &amp; #井号 *星号* [链接](x) 与\t制表符"
    sections = tuple(s if s.number != 1 else Section(1, s.title, (Block("paragraph", nasty),)) for s in base.sections)
    report = base.replace(sections=sections)
    md = gr.write(report, format="markdown").decode()
    html = MarkdownIt("commonmark").render(md)
    assert "<b>" not in html and "<em>" not in html and "<a " not in html
    assert gr.read(md.encode(), "markdown") == report


@pytest.mark.parametrize("value", ["||", "a | b | c", "", "：", "x\ty"])
def test_field_values_with_pipes_and_colons_round_trip_through_text(value: str) -> None:
    report = gr.read(SAMPLES / "report.json").replace(fields=(("索引号", value), ("发布机构", "某办")))
    for fmt in ("text", "markdown", "html"):
        assert gr.read(gr.write(report, format=fmt), fmt).fields == report.fields, fmt


@given(reports())
def test_tables_survive_the_pipe_export_shape(report: Report) -> None:
    from govreport_io.testing import capture_pipes

    got = gr.read(capture_pipes(report).encode(), "text")
    assert (got.requests, got.active, got.reviews) == (report.requests, report.active, report.reviews)
    # a value holding a pipe cannot be told from a cell border in this shape
    if not any("|" in v for _, v in report.fields):
        assert got.fields == report.fields


@given(reports())
def test_tables_survive_the_one_cell_per_line_shape(report: Report) -> None:
    from govreport_io.testing import capture_cells

    got = gr.read(capture_cells(report).encode(), "text")
    assert (got.requests, got.active, got.reviews) == (report.requests, report.active, report.reviews)


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_a_field_value_that_names_a_key_round_trips(fmt: str) -> None:
    # found by hypothesis: "索引号: | 公开形式 |" was read as two keys, then as one field "| 公开形式 |"
    report = gr.read(SAMPLES / "report.json").replace(fields=(("索引号", "公开形式"),))
    assert gr.read(gr.write(report, format=fmt), fmt).fields == report.fields


def test_prose_with_pipes_beside_a_pipe_table_does_not_shift_its_cells() -> None:
    # Found by the pipe-export property: a paragraph with pipes (and one with a tab) right after
    # table 三 joined its pipe lines, and every row's border became an extra empty cell.
    from govreport_io.model import Block, Section
    from govreport_io.testing import capture_pipes

    report = gr.blank_report("2021", organ="殷都区人民政府办公室", year=2021)
    rows = dict(report.requests)
    rows["carried_forward"] = (None, None, None, None, None, None, 0)
    s3 = report.sections[2]
    prose = (Block("paragraph", "本一一一一一一一一一一一\t一。"), Block("paragraph", "本一一一一一一一一一一a|ba|b。"))
    sections = (*report.sections[:2], Section(3, s3.title, prose), *report.sections[3:])
    report = report.replace(requests=rows, sections=sections)
    got = gr.read(capture_pipes(report).encode(), "text")
    assert got.requests == report.requests


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_a_table_row_blank_but_for_its_last_cell_round_trips_certain(fmt: str) -> None:
    # Found by the round-trip properties: "\t\t…\t0" after a tab row read as a one-cell-per-line
    # table, and a row of a whole table with blank cells at both ends was listed as uncertain.
    report = gr.blank_report("2019", organ="殷都区人民政府办公室", year=2019)
    reviews = {g: dict(v) for g, v in report.reviews.items()}
    reviews["litigation_after_review"]["total"] = 0
    rows = dict(report.requests)
    rows["carried_forward"] = (None, None, None, None, None, 0, None)
    report = report.replace(reviews=reviews, requests=rows)
    got = gr.read(gr.write(report, format=fmt), fmt)
    assert (got.reviews, got.requests, got.uncertain) == (report.reviews, report.requests, ())
