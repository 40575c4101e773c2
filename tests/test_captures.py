"""The capture shapes of issue 10 in govreport_io.testing: what they hold and how they are broken."""

from __future__ import annotations

import re

from hypothesis import given
from markdown_it import MarkdownIt

import govreport_io as gr
from govreport_io.form import template as T
from govreport_io.model import Report
from govreport_io.testing import capture_crawler, capture_ocr_markdown, capture_pdf_markdown, reports

from .conftest import SAMPLES

_NUM = re.compile(r"^-?\d+(\.\d+)?$")


def sample() -> Report:
    return gr.read(SAMPLES / "report.json")


def pipe_rows(text: str) -> list[list[str]]:
    """The cells of every pipe row that is not a delimiter row."""
    rows = []
    for line in text.splitlines():
        if line.startswith("|") and "---" not in line:
            rows.append([c.strip() for c in line.strip().strip("|").split("|")])
    return rows


def request_values(report: Report) -> list[list[str]]:
    return [["" if v is None else str(v) for v in report.requests[k]] for k in T.request_row_keys(report.form)]


# ---------------------------------------------------------------- crawler

def test_crawler_capture_is_one_line_with_chrome_and_glued_cells() -> None:
    text = capture_crawler(sample())
    head, body = text.split("====================\n", 1)
    assert head.startswith("标题: 青溪县") and "原文链接: " in head
    assert body.count("\n") == 1
    assert "当前位置：首页 > " in body and "微信 微博 QQ空间" in body and "关闭窗口" in body
    assert "一、本年新收政府信息公开申请数量406102150" in body  # glued
    assert "3 1 0 0 0 0 4" in body  # spaced
    assert "社会公 益组织" in body  # a label split by a space


@given(reports())
def test_crawler_capture_keeps_every_number_of_table_three(report: Report) -> None:
    body = capture_crawler(report).split("\n")[7]
    digits = re.sub(r"[^0-9]", "", body)
    for row in request_values(report):
        assert "".join(row) in digits


# ---------------------------------------------------------------- PDF to Markdown

def test_pdf_markdown_capture_has_pdf_lines_footers_and_broken_tables() -> None:
    text = capture_pdf_markdown(sample())
    lines = text.splitlines()
    i = lines.index("一、总体情况")
    assert lines[i + 1] and not lines[i + 1].startswith(("|", "#"))  # no blank line after a heading
    assert re.search(r"^— \d+ —$", text, re.M)
    assert "| 企业 | 机构 | 益组织 | 务机构 |" in lines  # header fragments as a row
    assert "## 表三：收到和处理政府信息公开申请情况" in lines
    loose = lines.index("二、上年结转政府信息公开申请数量")  # a label standing loose before its numbers
    assert lines[loose + 1] == "| 3 | 1 | 0 | 0 | 0 | 0 | 4 |"
    assert any(r[-1] == "" and len(r) == 9 for r in pipe_rows(text))  # an extra empty column
    assert "注：行政复议、行政诉讼数量含上年度结转数量。" in lines  # the footnote under table 四
    assert lines[lines.index("第二十条第（一）项") + 1:][:2] == ["0", "（含自然失效1件）"]  # a cell loose with its note
    assert "| 12 | 87 |" in lines  # 行政规范性文件 without its 本年废止件数
    # CommonMark merges the heading line into its paragraph: the shape that hides 一、总体情况
    tokens = MarkdownIt("commonmark").parse(text)
    inline = [t.content for t in tokens if t.type == "inline"]
    assert any(c.startswith("一、总体情况\n") for c in inline)


@given(reports())
def test_pdf_markdown_capture_keeps_every_row_in_order(report: Report) -> None:
    text = capture_pdf_markdown(report)
    numbers = [[c for c in r if c == "" or _NUM.match(c)] for r in pipe_rows(text)]
    # the rows of table 三: seven cells once label cells are dropped (eight with an extra empty column)
    assert [r[:7] for r in numbers if len(r) in (7, 8)] == request_values(report)


# ---------------------------------------------------------------- OCR Markdown

def test_ocr_markdown_capture_has_generic_columns_and_split_tables() -> None:
    text = capture_ocr_markdown(sample())
    lines = text.splitlines()
    assert "## 一、总体情况" in lines
    generic = "| 项目 | 数据1 | 数据2 | 数据3 | 数据4 | 数据5 | 数据6 | 总计 |"
    assert lines.count(generic) == 7  # one small table per group of table 三
    assert sum(1 for ln in lines if ln.startswith("| 申请人情况 | 自然人")) == 1  # a wrong header row
    assert "(六) 其他" in lines and "（六）其他处理" not in text
    assert lines.count("| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |") == 3  # table 四 as three tables


@given(reports())
def test_ocr_markdown_capture_keeps_every_cell(report: Report) -> None:
    text = capture_ocr_markdown(report)
    rows = pipe_rows(text)
    values = [r[1:] for r in rows if len(r) == 8 and r[1] not in ("数据1", "自然人")]
    assert values == request_values(report)
    reviews = [r for r in rows if len(r) == 5 and r[0] != "结果维持"]
    assert reviews == [["" if report.reviews[g.key][o.key] is None else str(report.reviews[g.key][o.key])
                        for o in T.REVIEW_OUTCOMES] for g in T.REVIEW_GROUPS]
    MarkdownIt("commonmark").enable("table").parse(text)  # valid Markdown whatever the text
