"""PDF-to-Markdown and OCR/LLM Markdown captures read end to end (issue 10, shapes 3, 4, 7, 8).

Every cell reads right or is listed as uncertain; no cell is ever wrong without being listed.
The real capture of ../shared is compared with its expected JSON at test time (skipped
when ../shared is absent); generated reports go through the capture helpers of
govreport_io.testing.
"""

from __future__ import annotations

import json
import re
from typing import Any

from hypothesis import given

import govreport_io as gr
from govreport_io.diagnostics import WarningCode
from govreport_io.form import template as T
from govreport_io.model import Report
from govreport_io.testing import capture_ocr_markdown, capture_pdf_markdown, reports

from .conftest import SAMPLES, corpus_path

REAL = "04_shanghai-govoffice_2025.pdf-markdown"


def cells_of(d: dict[str, Any]) -> dict[str, Any]:
    """Every cell of a report dict (the JSON contract) by its path."""
    out: dict[str, Any] = {}
    for key, row in d["active"].items():
        out.update({f"active.{key}.{col}": v for col, v in row.items()})
    cols = d["requests"]["columns"]
    for key, values in d["requests"]["rows"].items():
        out.update({f"requests.{key}.{col}": v for col, v in zip(cols, values)})
    for group, row in d["reviews"].items():
        out.update({f"reviews.{group}.{col}": v for col, v in row.items()})
    return out


def wrong_cells(expected: dict[str, Any], doc: gr.ReadResult) -> list[tuple[str, Any, Any]]:
    """Cells that differ from ``expected`` and are not listed as uncertain."""
    got = cells_of(doc.report.to_dict())
    return [(k, v, got.get(k)) for k, v in cells_of(expected).items()
            if got.get(k) != v and k not in doc.uncertain]


def read_capture(text: str) -> gr.ReadResult:
    return gr.read_document(text.encode("utf-8"), "markdown")


# ---------------------------------------------------------------- the real capture

def test_real_pdf_markdown_capture_reads_to_its_expected_cells() -> None:
    path = corpus_path("real", REAL + ".md")
    expected = json.loads(corpus_path("real", REAL + ".expected.json").read_text(encoding="utf-8"))
    doc = gr.read_document(path)  # a .md file: the Markdown reader sees PDF text lines
    assert doc.format == "markdown"
    assert wrong_cells(expected, doc) == []
    assert doc.report.title == expected["title"] and doc.report.year == expected["year"]
    assert doc.report.organ == expected["organ"]  # named right after the year the title opens with
    assert doc.report.form == expected["form"]
    # what was read irregularly is listed, each with why
    assert doc.uncertain and all(why for why in doc.uncertain.values())
    assert [s.number for s in doc.report.sections][:4] == [1, 2, 3, 4]


# ---------------------------------------------------------------- properties

@given(reports())
def test_tables_survive_the_pdf_markdown_capture(report: Report) -> None:
    doc = read_capture(capture_pdf_markdown(report))
    assert wrong_cells(report.to_dict(), doc) == []
    assert set(doc.uncertain) <= set(cells_of(report.to_dict()))


@given(reports())
def test_tables_survive_the_ocr_markdown_capture(report: Report) -> None:
    doc = read_capture(capture_ocr_markdown(report))
    assert wrong_cells(report.to_dict(), doc) == []


def test_the_sample_reads_from_both_captures_with_few_uncertain_cells() -> None:
    report = gr.read(SAMPLES / "report.json")
    pdf = read_capture(capture_pdf_markdown(report))
    ocr = read_capture(capture_ocr_markdown(report))
    assert wrong_cells(report.to_dict(), pdf) == [] and wrong_cells(report.to_dict(), ocr) == []
    assert [s.number for s in pdf.report.sections] == [s.number for s in report.sections]
    assert ocr.uncertain == {}
    # the only undecided cells: the two table-二 cells that left their rows with their notes
    assert set(pdf.uncertain) <= {f"active.{r}.{c}" for r in ("regulations", "normative_documents")
                                  for c in ("issued", "repealed", "in_force")}


# ---------------------------------------------------------------- the Markdown reader

def test_pdf_text_markdown_keeps_headings_glued_to_their_paragraph() -> None:
    para = "本年度我办坚持以人民为中心的发展思想深入推进政务公开工作持续提升政府信息公开质量和实效" * 4 + "。"
    wrapped = [para[n:n + 26] for n in range(0, len(para), 26)]  # lines of a PDF page, one measure wide
    text = "\n".join(["正文", "一、总体情况", *wrapped[:3], "— 1 —", *wrapped[3:], "二、主动公开政府信息情况", "无。"])
    blocks = gr.read_blocks(text.encode(), "markdown")
    texts = [getattr(b, "text", "") for b in blocks]
    assert "一、总体情况" in texts and "二、主动公开政府信息情况" in texts
    assert para in texts  # unwrapped across the page footer
    assert not any("— 1 —" in t for t in texts)


def test_ordinary_markdown_is_not_taken_for_pdf_text() -> None:
    data = (SAMPLES / "report.md").read_bytes()
    assert gr.read(data, "markdown") == gr.read(SAMPLES / "report.md")
    md = "# 标题\n\n## 一、总体情况\n\n本年度。\n\n## 二、主动公开政府信息情况\n\n无。\n"
    heads = [b for b in gr.read_blocks(md.encode(), "markdown") if type(b).__name__ == "Heading"]
    assert len(heads) == 3


# ---------------------------------------------------------------- table 二 and 三 irregular rows

def _pipe_markdown(report: Report) -> str:
    return gr.write(report, format="markdown", tables="pipe").decode("utf-8")


def test_a_row_that_lost_its_noted_cell_is_filled_from_the_loose_number_and_listed() -> None:
    report = gr.read(SAMPLES / "report.json")
    assert report.form == "2021"
    text = capture_pdf_markdown(report)
    assert "| 12 | 87 |" in text  # 行政规范性文件 without its 本年废止件数
    doc = read_capture(text)
    assert doc.report.active["normative_documents"]["repealed"] == report.active["normative_documents"]["repealed"]
    assert "active.normative_documents.repealed" in doc.uncertain


def test_a_lost_cell_without_a_loose_number_is_null_and_uncertain() -> None:
    report = gr.read(SAMPLES / "report.json")
    text = capture_pdf_markdown(report)
    head, rest = text.split("信息内容本年制发件数", 1)
    head = re.sub(r"\n\d+\n（含自然失效1件）", "\n", head)  # the loose numbers are gone too
    doc = read_capture(head + "信息内容本年制发件数" + rest)
    row = doc.report.active["normative_documents"]
    assert row["issued"] == 12 and row["in_force"] == 87 and row["repealed"] is None
    assert {f"active.normative_documents.{c}" for c in ("issued", "repealed", "in_force")} <= set(doc.uncertain)
    assert any("normative_documents" in w.message and w.code is WarningCode.ROW_INCOMPLETE for w in doc.warnings)


def test_rows_out_of_order_are_read_by_their_exact_label() -> None:
    report = gr.read(SAMPLES / "report.json")
    lines = _pipe_markdown(report).splitlines()
    i = next(n for n, ln in enumerate(lines) if ln.startswith("| 规章 "))
    j = next(n for n, ln in enumerate(lines) if ln.startswith("| 行政事业性收费 "))
    moved = lines[:i] + lines[i + 2:j + 1] + lines[i:i + 2] + lines[j + 1:]  # 规章 and 行政规范性文件 last
    doc = read_capture("\n".join(moved))
    assert doc.report.active == report.active
    assert not any(w.code is WarningCode.ROW_MISSING for w in doc.warnings)


def test_other_processing_printed_as_one_row_goes_to_other_misc_with_a_warning() -> None:
    report = gr.read(SAMPLES / "report.json")
    text = _pipe_markdown(report)
    rows = {k: report.requests[k] for k in ("other_no_correction", "other_no_fee", "other_misc")}
    summed = [sum(v or 0 for v in col) for col in zip(*rows.values())]
    subrows = ("1.申请人无正当理由逾期不补正", "2.申请人逾期未按收费通知", "| 3.其他 |")
    lines = [ln for ln in text.splitlines() if not any(lab in ln for lab in subrows)]
    at = next(n for n, ln in enumerate(lines) if "（七）总计" in ln)
    lines.insert(at, "|  | （六）其他处理 |  | " + " | ".join(str(v) for v in summed) + " |")
    doc = read_capture("\n".join(lines))
    assert list(doc.report.requests["other_misc"]) == summed
    assert doc.report.requests["other_no_correction"] == (None,) * 7
    assert doc.report.requests["other_no_fee"] == (None,) * 7
    assert any("（六）其他处理" in w.message and "other_misc" in w.message for w in doc.warnings)
    assert doc.report.requests["total"] == report.requests["total"]


def test_a_table_continued_on_the_next_page_without_its_group_labels() -> None:
    report = gr.read(SAMPLES / "report.json")
    lines = _pipe_markdown(report).splitlines()
    at = next(n for n, ln in enumerate(lines) if "2.没有现成信息需要另行制作" in ln)
    cont = [re.sub(r"^\|\s*\|\s*\|", "|", ln) for ln in lines[at:at + 2]]  # no group label slots either
    assert cont[0].startswith("| 2.没有现成信息需要另行制作 |")
    head = "| 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |"
    # the next page: the two rows alone under the column header, then the table goes on under its header again
    lines[at:at + 2] = ["", "— 5 —", "", "| 项目 " + head, "|---" * 8 + "|", *cont, "",
                        "| 项目 | | " + head, "|---" * 10 + "|"]
    doc = read_capture("\n".join(lines))
    for key in ("unable_needs_creation", "unable_unclear", "rejected_complaint"):
        assert doc.report.requests[key] == report.requests[key]


def test_a_table_with_no_cell_read_is_a_warning_naming_it() -> None:
    md = ("# 2023年某县政府信息公开工作年度报告\n\n## 一、总体情况\n\n本年度。\n\n## 二、主动公开政府信息情况\n\n"
          "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n|---|---|---|---|\n| 规章 |  |  |  |\n\n"
          "## 三、收到和处理政府信息公开申请情况\n\n无。\n")
    doc = read_capture(md)
    assert any(w.code is WarningCode.TABLE_MISSING and "table 二" in w.message for w in doc.warnings)
    assert any(w.code is WarningCode.TABLE_MISSING and "table 三" in w.message for w in doc.warnings)


def test_uncertain_paths_are_cells_of_the_form() -> None:
    report = gr.read(SAMPLES / "report.json")
    doc = read_capture(capture_pdf_markdown(report))
    keys = set(T.request_row_keys(report.form))
    for path in doc.uncertain:
        kind, row, _ = path.split(".")
        assert kind in ("active", "requests", "reviews")
        assert kind != "requests" or row in keys


def test_tables_under_restarted_numbering_are_read_in_their_sections() -> None:
    report = gr.read(SAMPLES / "report.json")
    lines = _pipe_markdown(report).splitlines()
    heads = [n for n, ln in enumerate(lines) if re.match(r"^## [一二三四五六]、", ln)]
    body = {int("一二三四五六".index(lines[h][3]) + 1): lines[h:e] for h, e in zip(heads, [*heads[1:], len(lines)])}
    prose_only = [ln for n in range(1, 7) for ln in (body[n] if n not in (2, 3, 4) else body[n][:1])]
    tables = []
    for new, n in zip("一二三", (2, 3, 4)):  # the tables again, under headings numbered from 一
        tables += [f"## {new}、{body[n][0][5:]}", *body[n][1:]]
    doc = read_capture("\n".join([*lines[:heads[0]], *prose_only, *tables, "## 五、其他需要报告的事项", "无。"]))
    assert (doc.report.active, doc.report.requests, doc.report.reviews) == (report.active, report.requests,
                                                                          report.reviews)
    assert any("numbering restarts" in w.message for w in doc.warnings)
