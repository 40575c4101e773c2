"""HTML: portal pages and Word-exported HTML from ../shared, hostile pages, the round trip."""

from __future__ import annotations

import pytest
from hypothesis import given
from lxml import etree

import govreport_io as gr
from govreport_io.model import Report
from govreport_io.testing import reports

from .conftest import SAMPLES, assert_reads_as, corpus_path, expected_for

PAGE_FIELDS = {
    "000": [["索引号", "002650823/2025-0031"], ["发布机构", "南浔区政务办"], ["公开方式", "主动公开"],
            ["成文日期", "2025-01-20"], ["名称", "区政务办2024年度政务公开工作总结"], ["文号", "无"],
            ["主题分类", "其他"]],
}


@pytest.mark.parametrize("name", ["000.html", "000.gb2312.html", "002.html", "002.gb2312.html"])
def test_dev_pages_read_as_the_seed(name: str) -> None:
    path = corpus_path("dev", name)
    result = gr.read_document(path)
    assert result.format == "html"
    got = result.report.to_dict()
    assert_reads_as(got, expected_for(name[:3]), min_paragraphs=1.0, fields=False)
    keys = [k for k, _ in got["fields"]]
    assert {"索引号", "发布机构", "成文日期", "公开方式"} <= set(keys)
    if name[:3] in PAGE_FIELDS:
        assert got["fields"] == PAGE_FIELDS[name[:3]]
    assert got["unplaced"] == []


def test_gb2312_page_equals_utf8_page() -> None:
    a = gr.read(corpus_path("dev", "002.html"))
    b = gr.read(corpus_path("dev", "002.gb2312.html"))
    assert a == b


@given(reports())
def test_html_round_trip(report: Report) -> None:
    assert gr.read(gr.write(report, format="html"), "html") == report


@given(reports())
def test_html_fragment_round_trip(report: Report) -> None:
    assert gr.read(gr.write(report, format="html", fragment=True), "html") == report


def test_written_page_is_html5_with_spans_and_escaping() -> None:
    report = gr.read(SAMPLES / "report.json")
    from govreport_io.model import Block, Section

    sections = tuple(s if s.number != 6 else Section(6, s.title, (Block("paragraph", "本段<script>x</script>&amp;"),))
                     for s in report.sections)
    page = gr.write(report.replace(sections=sections), format="html").decode()
    assert page.startswith("<!DOCTYPE html>")
    assert 'lang="zh-CN"' in page and "@media print" in page
    assert "<script>" not in page and "&lt;script&gt;" in page
    tree = etree.HTML(page.encode())
    assert tree.xpath('//th[@rowspan="22" and text()="三、本年度办理结果"]')
    assert tree.xpath('//th[@colspan="10" and text()="行政诉讼"]')
    assert len(tree.xpath("//table[@class='form-table']")) == 3


def test_hostile_page_is_read_safely(tmp_path) -> None:  # type: ignore[no-untyped-def]
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    body = gr.write(gr.read(SAMPLES / "report.json"), format="html", fragment=True).decode()
    page = f"""<?xml version="1.0"?>
<!DOCTYPE html [
  <!ENTITY xxe SYSTEM "file://{secret}">
  <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
]>
<html><body><p>&xxe;&c;</p>{body}<img src="http://198.51.100.1/x.png"></body></html>"""
    result = gr.read_document(page.encode(), "html")
    text = str(result.report.to_dict())
    assert "TOP-SECRET" not in text
    assert "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" not in text
    assert result.report.requests == gr.read(SAMPLES / "report.json").requests


def test_page_without_a_report_gets_a_clear_error() -> None:
    with pytest.raises(gr.NoReportError, match="no section heading"):
        gr.read(b"<html><body><p>Hello</p><p>World</p></body></html>", "html")
    with pytest.raises(gr.NoReportError):
        gr.read(b"<html><body></body></html>", "html")


@pytest.mark.parametrize("style", ["div", "br"])
def test_pages_with_a_div_per_paragraph_or_br_separated_text(style: str) -> None:
    report = gr.read(SAMPLES / "report.json")
    text = gr.write(report, format="text").decode()
    parts = []
    for line in text.splitlines():
        if "\t" in line or not line.strip():
            continue
        t = line.strip().replace("&", "&amp;").replace("<", "&lt;")
        parts.append(f"<div>{t}</div>" if style == "div" else f"{t}<br>")
    tables = gr.write(report, format="html", fragment=True).decode()
    tables = "".join(tables[i:tables.index("</table>", i) + 8] for i in
                     [n for n in range(len(tables)) if tables.startswith('<table class="form-table"', n)])
    body = "".join(parts)
    # the three tables after their section headings
    for n, name in ((2, "二、"), (3, "三、"), (4, "四、")):
        i = body.index(name + report.section(n).title)
        j = body.index("<", i) if style == "br" else body.index("</div>", i) + 6
        if style == "br":
            j += 4
        t = tables.split("</table>")[n - 2] + "</table>"
        body = body[:j] + t + body[j:]
    page = f"""<html><head><meta charset="utf-8"></head><body>
    <div class="nav"><a href="/">首页</a> &gt; <a href="#">政务公开</a></div>
    <div class="wrap"><div class="main"><div id="zoom">{body}</div></div></div>
    <div class="footer">主办单位：某某县人民政府办公室</div></body></html>"""
    got = gr.read(page.encode(), "html")
    assert got.requests == report.requests and got.reviews == report.reviews and got.active == report.active
    assert got.sections == report.sections and got.title == report.title


def test_page_headline_is_the_title_when_the_body_has_none() -> None:
    report = gr.read(SAMPLES / "report.json")
    body = gr.write(report.replace(title=None), format="html", fragment=True).decode()
    page = f"<html><body><h1 class='article-title'>{report.title}</h1><div id='zoom'>{body}</div></body></html>"
    got = gr.read(page.encode(), "html")
    assert got.title == report.title
    assert got.preamble == report.preamble


def test_inline_markup_between_blocks_stays_one_paragraph() -> None:
    report = gr.read(SAMPLES / "report.json")
    page = gr.write(report, format="html").decode()
    text = report.section(1).blocks[0].text
    mixed = f"{text[:10]}<strong>{text[10:20]}</strong><a href='#'>{text[20:30]}</a>\n{text[30:]}"
    page = page.replace(f"<p>{text}</p>", f"<div>{mixed}<p>第二段。</p></div>")
    got = gr.read(page.encode(), "html")
    assert got.section(1).blocks[0].text == text
    assert got.section(1).blocks[1].text == "第二段。"


def test_the_repair_pass_removes_a_page_number_paragraph_in_any_format() -> None:
    page = ("<html><body><h1>某区2024年政府信息公开工作年度报告</h1><p>一、总体情况</p><p>全年公开信息100条。</p>"
            "<p>— 2 —</p><p>二、主动公开政府信息情况</p></body></html>").encode()
    result = gr.read_document(page, "html")
    texts = [b.text for s in result.report.sections for b in s.blocks]
    assert "— 2 —" not in texts and "全年公开信息100条。" in texts
    assert any(w.code is gr.WarningCode.FURNITURE and "— 2 —" in w.message for w in result.warnings)


def test_the_repair_pass_numbers_tables_by_their_place() -> None:
    from govreport_io.blocks import Table

    text = "一、总体情况\n\na\tb\nc\td\n\n正文。\n\ne\tf\ng\th\n".encode()
    tables = [b for b in gr.read_blocks(text, "text") if isinstance(b, Table)]
    assert [t.pos.table for t in tables] == [1, 2]
    assert [t.pos.line for t in tables] == [3, 8]
