"""Crawler captures made into lines (govreport_io.repair.crawler)."""

from __future__ import annotations

import json

from hypothesis import given

import govreport_io as gr
from govreport_io.form import template as T
from govreport_io.form.arith import crawler_vocabulary, guess_form, split_runs
from govreport_io.model import Report
from govreport_io.repair.crawler import (
    body_lines,
    crawler_lines,
    is_crawler_text,
    split_header,
    strip_chrome,
    table_runs,
)
from govreport_io.testing import balanced, capture_crawler, reports

from .conftest import SAMPLES, corpus_path
from .test_arith import truth

V2021, V2019 = crawler_vocabulary("2021"), crawler_vocabulary("2019")


def kinds(lines: list[tuple[str, str]], kind: str) -> list[str]:
    return [t for k, t in lines if k == kind]


def test_header_fields_and_separator() -> None:
    text = "标题: 某区2021年报告\n发布时间: 2022-02-08\n文号: \n==== 正文 ====\n一、总体情况本年度…\n"
    assert is_crawler_text(text)
    fields, notes, body = split_header(text)
    assert notes == []
    assert fields == [("标题", "某区2021年报告"), ("发布时间", "2022-02-08"), ("文号", "")]
    assert body.strip() == "一、总体情况本年度…"
    assert not is_crawler_text("一、总体情况\n标题: x\n")
    assert not is_crawler_text("| a | b |\n|---|---|\n")


def test_page_chrome_is_removed_and_kept() -> None:
    text, chrome = strip_chrome("当前位置：首页 > 政务公开 > 年报 某区报告 微信 微博 QQ空间 全真版 文字版 "
                                "正文 打印本页 关闭窗口")
    assert "首页" not in text and "微信" not in text and "打印本页" not in text
    assert "正文" in text and "某区报告" in text
    assert chrome[0].startswith("当前位置：首页") and "关闭窗口" in chrome


def test_headings_with_typos_and_rows_with_split_labels() -> None:
    line = ("一、总体情况本年度我办坚持公开。二、主动公开政府信息情况 规章 000行政规范 性文件12587"
            "三、收到和处理政府信息公开申请情况一、本年新收政府信息公开申请数量406102150"
            "四、政府信息公开行政法复议、行政诉讼情况结果维持总计210141000100101"
            "五、存在的主要问题及改进情况（一）存在的主要问题：解读不够。六、其他需要报告的事项无。")
    lines = body_lines(line, V2021)
    assert [t[:2] for t in kinds(lines, "heading")] == ["一、", "二、", "三、", "四、", "五、", "六、"]
    assert "行政规范 性文件 12587" in kinds(lines, "row")
    assert "一、本年新收政府信息公开申请数量 406102150" in kinds(lines, "row")
    assert kinds(lines, "subheading") == ["（一）存在的主要问题："]
    runs = table_runs(lines, V2021)
    assert runs == {"active.regulations": "000", "active.normative_documents": "12587",
                    "requests.new_received": "406102150", "reviews": "210141000100101"}


def test_digits_in_prose_are_not_rows() -> None:
    lines = body_lines("四、政府信息公开行政复议、行政诉讼情况本年度电话0591-23165370受理复议3件。", V2021)
    assert not kinds(lines, "row")


def test_form_is_guessed_from_table_words() -> None:
    assert guess_form("本年新制作数量本年新公开数量上一年项目数量") == "2019"
    assert guess_form("本年制发件数") == "2021"


def test_real_crawler_capture_becomes_lines_and_its_tables_split() -> None:
    text = corpus_path("real", "03_pingtan_2021.crawler.txt").read_text(encoding="utf-8")
    exp = json.loads(corpus_path("real", "03_pingtan_2021.crawler.expected.json").read_text(encoding="utf-8"))
    assert is_crawler_text(text)
    lines = crawler_lines(text, crawler_vocabulary(guess_form(text)))
    assert [int("一二三四五六".index(h[0]) + 1) for h in kinds(lines, "heading")] == [1, 2, 3, 4, 5, 6]
    assert kinds(lines, "title") == [exp["title"]]
    assert not any("微信 微博" in t or "附件下载" in t for t in kinds(lines, "text"))
    assert "页面链接与图片详见 links.tsv(同目录)" in kinds(lines, "chrome")  # crawler notes are kept
    runs = table_runs(lines, crawler_vocabulary(exp["form"]))
    assert len(runs) == len(T.active_rows(exp["form"])) + len(T.request_rows(exp["form"])) + 1
    r = split_runs(exp["form"], runs)
    want = truth(Report.from_dict(exp))
    assert not [(p, v, want[p]) for p, v in r.values.items() if v != want[p] and p not in r.uncertain]
    assert set(exp["uncertain"]) <= set(r.uncertain)


def test_sample_capture_reads_back_its_tables() -> None:
    report = gr.read(SAMPLES / "report.json")
    vocab = crawler_vocabulary(report.form)
    lines = crawler_lines(capture_crawler(report), vocab)
    r = split_runs(report.form, table_runs(lines, vocab))
    want = truth(report)
    assert not [(p, v) for p, v in r.values.items() if v != want[p] and p not in r.uncertain]
    assert [h for h in kinds(lines, "heading")] == [f"{'一二三四五六'[s.number - 1]}、{s.title}"
                                                    for s in report.sections]


@given(reports())
def test_crawler_capture_of_any_balanced_report(report: Report) -> None:
    report = balanced(report)
    text = capture_crawler(report)
    assert text.count("\n") == 8  # seven header lines, then the whole report on one line
    vocab = crawler_vocabulary(guess_form(text))
    assert vocab == crawler_vocabulary(report.form)  # the capture's table words tell its form
    lines = crawler_lines(text, vocab)
    assert kinds(lines, "heading") == [f"{'一二三四五六'[s.number - 1]}、{s.title}" for s in report.sections]
    runs = table_runs(lines, vocab)
    r = split_runs(report.form, runs)
    want = truth(report)
    assert not [(p, v, want[p]) for p, v in r.values.items() if v != want[p] and p not in r.uncertain]
    # every row of the form was found
    assert len(runs) == len(T.active_rows(report.form)) + len(T.request_rows(report.form)) + 1


def test_label_variants_and_other_enumerators() -> None:
    line = ("三、收到和处理政府信息公开申请情况（二）部分公开5000005（三）不予公开1、属于国家秘密0000000"
            "(六)其他1000001（七）总计6000006")
    lines = body_lines(line, V2019)
    assert "（二）部分公开 5000005" in kinds(lines, "row")
    assert "1、属于国家秘密 0000000" in kinds(lines, "row")
    assert table_runs(lines, V2019) == {"requests.partly_granted": "5000005",
                                         "requests.denied_state_secret": "0000000",
                                         "requests.other": "1000001", "requests.total": "6000006"}


def test_long_hostile_lines_cost_little() -> None:
    import time

    piece = "一、总体情况（一）本年度1234567三、申请 当前位置：首页 > a > b 微信 微博 规章 000 四、复议 "
    text = "标题: x\n发布时间: y\n====\n" + piece * 3000
    start = time.perf_counter()
    lines = crawler_lines(text, V2021)
    assert time.perf_counter() - start < 10
    assert lines and all(t for _, t in lines)
