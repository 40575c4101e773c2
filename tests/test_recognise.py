"""The recogniser and the label matcher on shapes the seeds do not cover."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

import govreport_io as gr
from govreport_io.form.labels import best_match, normalize_label
from govreport_io.form.recognise import is_subheading, recognise, section_match

from .conftest import SAMPLES

FORM_2019 = """\
某某县人民政府办公室2020年政府信息公开工作年度报告

本报告所列数据统计期限自2020年1月1日起至2020年12月31日止。

一、总体情况

2020年，本办依法做好政府信息公开工作。

二、主动公开政府信息情况

第二十条第（一）项
信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量
规章\t0\t0\t0
规范性文件\t22（其中修订16件）\t5\t55
第二十条第（五）项
信息内容\t上一年项目数量\t本年增/减\t处理决定数量
行政许可\t120\t-18\t3500
其他对外管理服务事项\t10\t+2\t40
第二十条第（六）项
信息内容\t上一年项目数量\t本年增/减\t处理决定数量
行政处罚\t30\t0\t200
行政强制\t5\t/\t6
第二十条第（八）项
信息内容\t上一年项目数量\t本年增/减
行政事业性收费\t3\t-1
第二十条第（九）项
信息内容\t采购项目数量\t采购总金额
政府集中采购\t12\t356.5万元

三、收到和处理政府信息公开申请情况

（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t\t\t申请人情况
\t\t\t自然人\t法人或其他组织\t\t\t\t\t总计
\t\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他
一、本年新收政府信息公开申请数量\t\t\t5\t0\t0\t0\t0\t0\t5
二、上年结转政府信息公开申请数量\t\t\t0\t0\t0\t0\t0\t0\t0
三、本年度办理结果\t（一）予以公开\t\t3\t0\t0\t0\t0\t0\t3
\t（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t\t0\t0\t0\t0\t0\t0\t0
\t（三）不予公开\t1、属于国家秘密\t0\t0\t0\t0\t0\t0\t0
\t\t2、其他法律行政法规禁止公开\t0\t0\t0\t0\t0\t0\t0
\t\t3、危及"三安全一稳定"\t0\t0\t0\t0\t0\t0\t0
\t\t4、保护第三方合法权益\t0\t0\t0\t0\t0\t0\t0
\t\t5、属于三类内部事务信息\t0\t0\t0\t0\t0\t0\t0
\t\t6、属于四类过程性信息\t0\t0\t0\t0\t0\t0\t0
\t\t7、属于行政执法案卷\t0\t0\t0\t0\t0\t0\t0
\t\t8、属于行政查询事项\t0\t0\t0\t0\t0\t0\t0
\t（四）无法提供\t1、本机关不掌握相关政府信息\t1\t0\t0\t0\t0\t0\t1
\t\t2、没有现成信息需要另行制作\t0\t0\t0\t0\t0\t0\t0
\t\t3、补正后申请内容仍不明确\t0\t0\t0\t0\t0\t0\t0
\t（五）不予处理\t1、信访举报投诉类申请\t0\t0\t0\t0\t0\t0\t0
\t\t2、重复申请\t0\t0\t0\t0\t0\t0\t0
\t\t3、要求提供公开出版物\t0\t0\t0\t0\t0\t0\t0
\t\t4、无正当理由大量反复申请\t0\t0\t0\t0\t0\t0\t0
\t\t5、要求行政机关确认或重新出具已获取信息\t0\t0\t0\t0\t0\t0\t0
\t（六）其他处理\t\t1\t0\t0\t0\t0\t0\t1
\t（七）总计\t\t5\t0\t0\t0\t0\t0\t5
四、结转下年度继续办理\t\t\t0\t0\t0\t0\t0\t0\t0

四、政府信息公开行政复议、行政诉讼情况

行政复议\t\t\t\t\t行政诉讼
结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉
0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0
注：行政复议、行政诉讼数量含上年度结转数量。

五、存在的主要问题及改进情况

无。

六、其他需要报告的事项

无。
"""


def test_a_2019_form_capture_reads_with_signs_units_notes_and_blanks() -> None:
    result = gr.read_document(FORM_2019.encode("utf-8"), "text")
    r = result.report
    assert r.form == "2019" and r.year == 2020 and r.organ == "某某县人民政府办公室"
    assert r.active["normative_documents"] == {"new_made": 22, "new_published": 5, "total_published": 55}
    assert r.active["licensing"] == {"previous": 120, "change": -18, "decisions": 3500}
    assert r.active["other_services"]["change"] == 2
    assert r.active["enforcement"]["change"] is None
    assert r.active["fees"] == {"previous": 3, "change": -1}
    assert r.active["procurement"] == {"items": 12, "amount": "356.5", "unit": "万元"}
    assert r.requests["other"] == (1, 0, 0, 0, 0, 0, 1)
    assert r.requests["total"] == (5, 0, 0, 0, 0, 0, 5)
    # the note beside 22 is kept, and says which cell it belongs to
    notes = [u for u in r.unplaced if u.kind == "note"]
    assert notes and notes[0].where == "active.normative_documents.new_made" and "其中修订16件" in notes[0].text
    assert any(w.code == gr.WarningCode.CELL_NOTE for w in result.warnings)
    # the footnote under table 四 is prose of section 四, not lost
    assert r.section(4).blocks[0].text == "注：行政复议、行政诉讼数量含上年度结转数量。"
    assert [f for f in gr.validate(r) if f.level == "error"] == []


def test_unplaceable_content_is_kept_and_reported() -> None:
    text = FORM_2019.replace("一、总体情况\n\n", "一、总体情况\n\n项目\t数量\n网站\t12\n").encode()
    result = gr.read_document(text, "text")
    tables = [u for u in result.report.unplaced if u.kind == "table"]
    assert tables and "网站\t12" in tables[0].text
    assert any(w.code == gr.WarningCode.UNPLACED for w in result.warnings)


@pytest.mark.parametrize("variant, label", [
    ("1、属于国家秘密", "1.属于国家秘密"),
    ("1． 属于国家秘密", "1.属于国家秘密"),
    ('3.危及"三安全一稳定"', "3.危及“三安全一稳定”"),
    ("(二)部分公开(区分处理的,只计这一情\n形,不计其他情形)",
     "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("三、本年度办 理结果", "三、本年度办理结果"),
])
def test_label_variants_normalise_alike(variant: str, label: str) -> None:
    assert normalize_label(variant) == normalize_label(label)


def test_best_match_prefers_exact_suffix_then_fuzzy() -> None:
    cands = [["1.属于国家秘密"], ["2.其他法律行政法规禁止公开"]]
    assert best_match("（三）不予公开1.属于国家秘密", cands) == (0, 1.0)
    m = best_match("2.其它法律行政法规禁止公开", cands)
    assert m is not None and m[0] == 1 and m[1] < 1.0
    assert best_match("完全无关的文字", cands) is None


def test_headings() -> None:
    typo = "政府信息公开行政法复议、行政诉讼情况"  # a real report's typo
    assert section_match(f"四、{typo}") == (4, typo)
    assert section_match("## 一、总体情况") == (1, "总体情况")
    assert section_match("二、上年结转政府信息公开申请数量 0 0 0") is None
    assert is_subheading("（一）主动公开情况")
    assert not is_subheading("（一）主动公开情况。全年公开信息100条。")
    assert not is_subheading("(三)政府信息管理方面。")


def test_sections_numbered_by_word_are_found_without_their_numeral() -> None:
    text = FORM_2019
    for n in "一二三四五六":
        text = text.replace(f"\n{n}、", "\n", 1) if n != "四" else text
    # 四、 occurs in table 三 too (四、结转下年度继续办理); drop only the section heading's
    text = text.replace("\n四、政府信息公开行政复议", "\n政府信息公开行政复议")
    r = gr.read(text.encode(), "text")
    assert [s.number for s in r.sections] == [1, 2, 3, 4, 5, 6]
    assert r.requests["total"] == (5, 0, 0, 0, 0, 0, 5)
    assert r.section(4) is not None and r.section(4).title == "政府信息公开行政复议、行政诉讼情况"


def test_a_new_stage_is_one_function_and_records_through_the_ledger() -> None:
    from govreport_io import api
    from govreport_io.form.recognise import STAGES, Ledger, recognise

    blocks = gr.read_blocks(SAMPLES / "capture-pipes.txt")

    cell = "requests.new_received.natural_person"

    def doubt_first_request(ledger: Ledger) -> None:
        ledger.note(cell, "split from a glued run")
        ledger.doubt(cell, "two splits add up")

    plain = recognise(blocks)
    rec = recognise(blocks, stages=(*STAGES, doubt_first_request))
    # the Report carries the uncertain cells; nothing else changes
    assert plain.report.uncertain == () and rec.report.uncertain == (cell,)
    assert rec.report == plain.report.replace(uncertain=(cell,)) and rec.warnings == plain.warnings
    assert rec.notes == {cell: ["split from a glued run"]}
    assert rec.uncertain == {cell: "two splits add up"}
    assert api.read_document(SAMPLES / "capture-pipes.txt").uncertain == {}


def test_warnings_and_unplaced_follow_the_document_not_the_stage_order() -> None:
    from govreport_io.diagnostics import WarningCode
    from govreport_io.form.recognise import Ledger
    from govreport_io.form.recognise.ledger import PREAMBLE
    from govreport_io.model import Unplaced

    ledger = Ledger.of([], None)
    ledger.warn(WarningCode.UNPLACED, "preamble", at=PREAMBLE)
    ledger.warn(WarningCode.ROW_MISSING, "table 三", at=3)
    ledger.warn(WarningCode.UNPLACED, "section 一", at=1)
    ledger.keep(Unplaced("note", "b"), at=4)
    ledger.keep(Unplaced("note", "a"), at=2)
    assert [w.message for w in ledger.warnings] == ["section 一", "table 三", "preamble"]
    assert [u.text for u in ledger.unplaced] == ["a", "b"]


def test_prose_inside_a_one_column_frame_is_read_as_prose() -> None:
    # WPS puts a page's text inside a ruled frame: pdfplumber and Word give a one-column table of
    # paragraphs; section 二's heading inside it must still be found, and its table read.
    from govreport_io.blocks import Cell, Table
    from govreport_io.readers._context import ReadContext
    from govreport_io.repair import repair

    report = gr.read(SAMPLES / "report.json")
    blocks = gr.read_blocks(SAMPLES / "report.md")
    at = next(i for i, b in enumerate(blocks) if isinstance(b, Table))
    prose = [b for b in blocks[:at] if not isinstance(b, Table)]
    frame = Table(tuple((Cell(getattr(b, "text", "") or ""),) for b in prose))
    ctx = ReadContext(source="<frame>")
    got = recognise(repair([frame, *blocks[at:]], ctx), source="<frame>").report
    assert got.active == report.active and got.requests == report.requests
    assert [s.number for s in got.sections] == [s.number for s in report.sections]
    assert any(w.code.value == "furniture" and "frame" in w.message for w in ctx.warnings)


def test_the_organ_named_as_often_as_another_is_the_one_named_first() -> None:
    """Two organs named equally often, equally long, both with a place: the one the text names
    first, whatever the hash seed (the candidates are a set, whose order changes with it)."""
    code = ("from govreport_io.form.recognise.organ import _most_named;"
            "print(_most_named('白河县政务办发布。青溪县数据局发布。'))")
    seen = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout.strip()
            for seed in range(6)}
    assert seen == {"白河县政务办"}


@pytest.mark.parametrize("title, organ", [
    ("2025年上海市人民政府办公厅政府信息公开工作年度报告", "上海市人民政府办公厅"),
    ("2024年度青溪县人民政府办公室关于政府信息公开工作的年度报告", "青溪县人民政府办公室"),
    ("殷都区人民政府办公室2024年政府信息公开工作年度报告", "殷都区人民政府办公室"),
    ("2024年政府信息公开年度报告", None),  # no organ in it: the text decides
    ("2024年本机关政府信息公开工作年度报告", None),
])
def test_the_organ_is_read_from_a_title_whether_its_year_comes_first_or_after(title: str, organ: str | None) -> None:
    from govreport_io.form.recognise.organ import _from_title

    assert _from_title(title) == organ
