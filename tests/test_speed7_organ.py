"""The seventh round of speed work on the organ stage (issue #13).

Each shortcut must answer exactly as the plain code it stands in for, kept here as the reference:
the place kinds and suffix heads read by code point, the stretches' bounds found without the
engine, the report quote tried only where one can end, and the joined text made compact by
``str.split()`` alone. No test here is timed.
"""

from __future__ import annotations

import re
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

import govreport_io as gr
from govreport_io.form.recognise import STAGES, organ, year
from govreport_io.form.recognise.ledger import Ledger
from govreport_io.repair.cjk import compact

from .conftest import SAMPLES
from .test_speed_organ6 import _IDEOGRAPHS_RE, _PLACE_ENDS

# ---------------------------------------------------------------- references: the code as it was

_LAST_BREAK_RE = re.compile("(?s:.*)[^\u4e00-\u9fff]")
_KINDS = {"省": 1, "州": 1, "盟": 1, "市": 7, "区": 6, "县": 6, "旗": 2, "镇": 2, "乡": 2}


def _stretches_ref(joined: str, hits: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    spans = []
    run_end = -1
    for at, _ in hits:
        if at >= run_end:
            run = _IDEOGRAPHS_RE.match(joined, at)
            run_end = run.end() if run else at
        if at > 0 and joined[at - 1] in _PLACE_ENDS:
            lo = max(0, at - organ._REACH)
            back = _LAST_BREAK_RE.match(joined, lo, at)
            if back:
                lo = back.end()
            spans.append((lo, at, run_end))
        else:
            spans.append((at, at, run_end))
    spans.sort()
    stretches = []
    k = 0
    while k < len(spans):
        lo, hi, run_end = spans[k]
        k += 1
        while k < len(spans) and spans[k][0] <= hi + 1:
            hi = max(hi, spans[k][1])
            k += 1
        stretches.append((lo, hi, min(run_end, hi + organ._NAME_MAX)))
    return stretches


def _suffix_hits_ref(joined: str) -> list[tuple[int, int]]:
    hits = []
    for at in range(len(joined)):
        for suffix in organ._ORGAN_SUFFIXES:  # the first of the list there, as the engine tries them
            if joined.startswith(suffix, at):
                hits.append((at, len(suffix)))
                break
    return hits


def _run_ref(ledger: Ledger) -> str | None:
    organ_ = organ._from_title(ledger.title)
    if organ_ is None:
        texts = [b.text for b in ledger.preamble]
        texts += [b.text for s in ledger.sections if s.number == 1 for b in s.blocks]
        joined = compact("".join(texts))
        m = organ._REPORT_QUOTE_RE.search(joined)
        if m and m.group(1)[0] not in "区市县":
            organ_ = m.group(1)
        else:
            organ_ = organ._most_named(joined) or dict(ledger.fields).get("发布机构") or None
    return organ_


def _year_ref(ledger: Ledger) -> int | None:
    texts = [b.text for b in ledger.preamble]
    texts += [b.text for s in ledger.sections if s.number == 1 for b in s.blocks[:3]]
    joined = compact("".join(texts))
    m = year._PERIOD_RE.search(joined)
    if m:
        return int(m.group(1))
    if ledger.title:
        m2 = year.YEAR_RE.search(compact(ledger.title))
        if m2:
            return int(m2.group(1))
    years = [int(y) for y in year.YEAR_RE.findall(joined)]
    return Counter(years).most_common(1)[0][0] if years else None


# ---------------------------------------------------------------- hostile generated texts

_PARTS = [*organ._ORGAN_SUFFIXES, *"省市区县州旗盟镇乡", "湖州市", "南浔区", "青溪县", "某某镇", "人民", "政府", "办公",
          *"由据向在的本", *"0123456789", "19", "20", "2024", "２０２４", "年", "年度", "关于", "报告", "报告》", "《",
          "》", "工作", "信息公开", "|", "\t", "#", "<", "&", "，", "。", "（", "）", "：", " ", "\u3000", "\n", "a",
          "\U00020000", "\u9fff", "\u4e00", "\u4dff", "\ua000", "\u3400"]
_TEXT = st.lists(st.sampled_from(_PARTS), max_size=50).map("".join)


@settings(max_examples=1000, deadline=None)
@given(_TEXT)
def test_the_suffixes_and_stretches_are_found_as_they_were(text: str) -> None:
    hits = organ._suffix_hits(text)
    assert hits == _suffix_hits_ref(text)
    assert organ._stretches(text, hits) == _stretches_ref(text, hits)


_QUOTE = st.tuples(st.sampled_from(["《", "《", "", "》"]), st.text(alphabet="某县区关于，《》\n2a", max_size=44),
                   st.sampled_from(["2024", "1999", "20２４", "2１", "18", ""]), st.sampled_from(["年", "", "年度"]),
                   st.text(alphabet="工作报告《》", max_size=4), st.sampled_from(["报告》", "报告》", "报告", "》"]))
_QUOTE_TEXT = st.lists(_QUOTE.map("".join), max_size=4).map("".join)


@settings(max_examples=800, deadline=None)
@given(st.one_of(_TEXT, _QUOTE_TEXT, _QUOTE_TEXT))
def test_the_report_quote_is_the_engine_s_first(text: str) -> None:
    m, ref = organ._report_quote(text), organ._REPORT_QUOTE_RE.search(text)
    assert (m and (m.span(), m.group(1))) == (ref and (ref.span(), ref.group(1)))


def test_the_report_quote_edges() -> None:
    for text in ["《某县2024年报告》", "《某县2024年报告》《甲乙2023年工作报告》", "《《某县2024年报告》",
                 "《某》县2024年报告》", "《县2024年报告》", "《某县2024年报告", "报告》《某县1999年度报告》",
                 "《" + "某" * 41 + "2024年报告》", "《" + "某" * 40 + "2024年报告》", "《某县2024年报告》报告》",
                 "《某县20２４年工作报告》", "《条例》《某县2024年报告》", "《某县2024年报告》》", ""]:
        m, ref = organ._report_quote(text), organ._REPORT_QUOTE_RE.search(text)
        assert (m and (m.span(), m.group(1))) == (ref and (ref.span(), ref.group(1))), text


def test_the_place_kinds_by_code_point() -> None:
    kinds = organ._place_kind
    assert all(kinds(c) == _KINDS.get(chr(c), 0) for c in range(0x110000))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("人民政府办公室局厅委员会数据服务管理a|#\u3000")), max_size=12),
       st.integers(-2, 14), st.text(alphabet=st.sampled_from(list("人民政府办公室局a|")), max_size=5))
def test_holds_is_startswith(text: str, at: int, head: str) -> None:
    if at >= 0:
        assert organ._holds(text, at, tuple(ord(c) for c in head)) == text.startswith(head, at)


@settings(max_examples=300, deadline=None)
@given(_TEXT, _TEXT, st.lists(_TEXT, max_size=5))
def test_the_stages_answer_as_they_did_on_a_generated_report(title: str, preamble: str, section: list[str]) -> None:
    lines = [title, preamble, "一、总体情况", *section, "二、主动公开政府信息情况",
             "三、收到和处理政府信息公开申请情况"]
    blocks = gr.read_blocks("\n".join(line.replace("\n", "") for line in lines).encode(), "text")
    ledger = Ledger.of(list(blocks), "x")
    for stage in STAGES:
        if stage is organ.run:
            break
        stage(ledger)
    expected_organ = _run_ref(ledger)
    expected_year = _year_ref(ledger)
    organ.run(ledger)
    year.run(ledger)
    assert ledger.organ == expected_organ
    assert ledger.year == expected_year


def test_the_stages_answer_as_they_did_on_the_samples() -> None:
    for path in sorted(SAMPLES.glob("*.txt")):
        ledger = Ledger.of(list(gr.read_blocks(path.read_bytes(), "text")), "x")
        for stage in STAGES:
            if stage is organ.run:
                break
            stage(ledger)
        ledger.title = None  # the stage's whole way: quote, names, field
        assert (_run_ref(ledger), _year_ref(ledger)) == (organ.run(ledger) or ledger.organ,
                                                        year.run(ledger) or ledger.year)
