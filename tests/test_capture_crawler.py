"""Crawler captures read end to end: the real capture in ../shared and generated ones.

The real capture is compared with its expected JSON at test time (skipped when
/work/shared is absent); generated captures are reports made to add up
(:func:`govreport_io.testing.balanced`) written by :func:`govreport_io.testing.capture_crawler`.
The property: every cell the arithmetic decides reads right, every cell it cannot decide
is listed as uncertain, and no cell is ever wrong without being listed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govreport_io as gr
from govreport_io.diagnostics import WarningCode
from govreport_io.model import Report, cell_paths
from govreport_io.testing import balanced, capture_crawler, reports

REAL = Path("/work/shared/corpus/real")
CRAWLER = REAL / "03_pingtan_2021.crawler.txt"


def cell(data: dict[str, Any], path: str) -> Any:
    """The value of a cell path in a report's JSON dict (None when absent)."""
    table, row, col = path.split(".")
    if table == "requests":
        cols = data["requests"]["columns"]
        values = data["requests"]["rows"].get(row)
        return values[cols.index(col)] if values is not None else None
    return (data.get(table, {}).get(row) or {}).get(col)


def wrong_cells(got: Report, expected: dict[str, Any]) -> list[str]:
    """The cells of ``got`` that differ from ``expected``."""
    mine = got.to_dict()
    return [p for p in cell_paths(got.form) if cell(mine, p) != cell(expected, p)]


@pytest.mark.skipif(not CRAWLER.exists(), reason="the shared corpus of real captures is absent")
def test_the_real_crawler_capture_reads_to_its_expected_cells() -> None:
    expected = json.loads(CRAWLER.with_name(CRAWLER.name.replace(".txt", ".expected.json")).read_text("utf-8"))
    doc = gr.read_document(CRAWLER)
    report = doc.report
    assert report.form == expected["form"]
    # every cell the expected file calls uncertain we list as uncertain too
    assert set(expected.get("uncertain", ())) <= set(report.uncertain)
    # no cell wrong outside our own uncertain list
    assert [p for p in wrong_cells(report, expected) if p not in report.uncertain] == []
    assert report.year == expected["year"] and report.title == expected["title"]
    # the split is never silent: an uncertain cell comes with a warning naming it
    split = [w.message for w in doc.warnings if w.code in (WarningCode.SPLIT_AMBIGUOUS, WarningCode.SPLIT_NO_FIT)]
    assert all(any(p in m for m in split) for p in report.uncertain)
    # page chrome is removed, never silently
    assert any(w.code is WarningCode.FURNITURE and "微信" in w.message for w in doc.warnings)


def test_a_crawler_capture_of_a_sample_reads_its_cells() -> None:
    report = balanced(gr.read("samples/report.json"))
    got = gr.read(capture_crawler(report).encode("utf-8"), format="text")
    wrong = [p for p in wrong_cells(got, report.to_dict()) if p not in got.uncertain]
    assert wrong == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def with_breaks(capture: str) -> str:
    """The capture with line breaks left in its body, as some crawlers leave them: after
    sentences and before numbered headings and rows."""
    head, sep, body = capture.partition("正文 " + "=" * 20 + "\n")
    body = re.sub(r"(?=[一二三四五六]、)", "\n", body.replace("。", "。\n"))
    return head + sep + body


@given(reports(), st.booleans())
def test_glued_cells_are_right_or_listed_uncertain(report: Report, breaks: bool) -> None:
    report = balanced(report)
    capture = capture_crawler(report)
    doc = gr.read_document((with_breaks(capture) if breaks else capture).encode("utf-8"), format="text")
    got = doc.report
    unsure = set(got.uncertain)
    wrong = [p for p in wrong_cells(got, report.to_dict()) if p not in unsure]
    assert wrong == [], (wrong, [w.message for w in doc.warnings])
    # every uncertain cell is named by a warning: never a silent guess
    named = " ".join(w.message for w in doc.warnings)
    assert all(p in named for p in unsure)


def test_few_cells_are_left_uncertain() -> None:
    """The property above holds trivially if every cell is listed: the share listed must stay
    small (measured at about 2.5%, mostly the three cells of a glued table-二 row, which no
    rule ties together; the bound leaves room for the sample drawn)."""
    counts: list[tuple[int, int]] = []

    @settings(max_examples=60, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(reports())
    def measure(report: Report) -> None:
        got = gr.read(capture_crawler(balanced(report)).encode("utf-8"), format="text")
        counts.append((len(got.uncertain), len(cell_paths(got.form))))

    measure()
    unsure, cells = map(sum, zip(*counts))
    assert unsure / cells < 0.08, f"{unsure} of {cells} cells uncertain"


def test_a_crawler_capture_reads_end_to_end_from_a_txt_file(tmp_path: Path) -> None:
    report = balanced(gr.read("samples/report.json"))
    path = tmp_path / "capture.txt"
    path.write_text(capture_crawler(report), encoding="utf-8")
    doc = gr.read_document(path)
    assert doc.format == "text" and doc.report.title == report.title
    assert dict(doc.report.fields)["栏目"] == "政府信息公开年报"
    assert doc.report.requests == report.requests
    # cells cut out of glued runs say how they were cut
    assert any(n.startswith("split by arithmetic: cells") for notes in doc.notes.values() for n in notes)


def test_a_run_no_split_fits_is_kept_and_its_cells_uncertain() -> None:
    report = balanced(gr.read("samples/report.json"))
    text = capture_crawler(report)
    received = "".join(str(v) for v in report.requests["new_received"])
    assert received in text
    # a row whose total is not the sum of its columns: no split fits
    broken = text.replace(received, received[:-1] + str((int(received[-1]) + 1) % 10), 1)
    doc = gr.read_document(broken.encode("utf-8"), format="text")
    unsure = set(doc.report.uncertain)
    assert any(p.startswith("requests.") for p in unsure)
    assert any(w.code in (WarningCode.SPLIT_NO_FIT, WarningCode.SPLIT_AMBIGUOUS) for w in doc.warnings)
    wrong = [p for p in wrong_cells(doc.report, report.to_dict()) if p not in unsure]
    assert wrong == []


@pytest.mark.parametrize("sample,fmt", [("report.md", "markdown"), ("report.html", "html")])
def test_a_txt_holding_another_format_is_read_by_what_it_is(tmp_path: Path, sample: str, fmt: str) -> None:
    path = tmp_path / "capture.txt"
    path.write_bytes((Path("samples") / sample).read_bytes())
    doc = gr.read_document(path)
    assert doc.format == fmt and doc.report == gr.read(Path("samples") / sample)
    if fmt == "markdown":
        assert gr.read_document(path, format="text").format == "text"  # format= still forces
    else:
        with pytest.raises(gr.NoReportError, match="opens with '<!DOCTYPE html>'"):
            gr.read_document(path, format="text")  # forced: the page's markup read as text


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_a_script_page_is_read_by_what_it_is(tmp_path: Path, suffix: str) -> None:
    html = (Path("samples") / "report.html").read_text("utf-8")
    path = tmp_path / f"page{suffix}"
    path.write_text("let content = " + json.dumps(html[html.find("<body"):], ensure_ascii=False) + ";\n",
                    encoding="utf-8")
    doc = gr.read_document(path)
    assert doc.format == "jsdata" and doc.report.requests == gr.read(Path("samples") / "report.html").requests


def test_a_capture_cut_before_its_sections_is_a_partial_read() -> None:
    report = gr.read("samples/report.json")
    text = capture_crawler(report)
    cut = text[:text.index("一、")]
    doc = gr.read_document(cut.encode("utf-8"), format="text")
    assert doc.report.title == report.title and doc.report.fields
    assert any(w.code is WarningCode.TABLE_MISSING for w in doc.warnings)


def test_nothing_of_a_report_is_refused_saying_what_was_looked_for_and_found() -> None:
    with pytest.raises(gr.NoReportError, match=r"no section heading.*found 0 header fields, 0 headings, "
                                               r"2 paragraphs.*opens with '天气预报"):
        gr.read("天气预报：明天晴。\n\n气温二十度。".encode(), "text")


def test_a_page_listing_report_titles_is_not_a_report() -> None:
    listing = "\n\n".join(f"某区{y}年政府信息公开工作年度报告" for y in range(2015, 2025))
    with pytest.raises(gr.NoReportError, match=r"found 0 header fields, 0 headings, .*opens with .某区2015年"):
        gr.read(listing.encode("utf-8"), "text")
