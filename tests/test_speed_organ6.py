"""The sixth round of speed work on the organ stage (issue #13).

Each shortcut must answer exactly as the plain code it stands in for, kept here as the reference
(the stage as it was before): the names tried by one ``finditer`` a stretch of positions, the
suffixes found by a rare character each holds, occurrences counted by ``str.count`` when no
longer name opens with the name, and the organ ranked without finding where every name first
occurs. No test here is timed.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govreport_io as gr
from govreport_io.form.recognise import STAGES, organ
from govreport_io.form.recognise.ledger import Ledger
from govreport_io.repair.cjk import compact

from .conftest import CORPUS, SAMPLES

# the stage's former module data, kept as the references read them
_IDEOGRAPHS_RE = re.compile("[\u4e00-\u9fff]+")
_PLACE_ENDS = frozenset(organ._PLACES)

# ---------------------------------------------------------------- references: the stage as it was


def _names_ref(joined: str) -> list[str]:
    near: set[int] = set()
    run_start, run_end = 0, -1
    for at in _suffix_starts_ref(joined):
        if at >= run_end:
            run = _IDEOGRAPHS_RE.match(joined, at)
            run_end = run.end() if run else at
            run_start = at
            while run_start > 0 and "\u4e00" <= joined[run_start - 1] <= "\u9fff":
                run_start -= 1
        if at > run_start and joined[at - 1] in _PLACE_ENDS:
            near.update(range(max(run_start, at - organ._REACH), at + 1))
        else:
            near.add(at)
    return [m.group(1) for m in (organ._ORGAN_RE.match(joined, p) for p in sorted(near)) if m]


def _suffix_starts_ref(joined: str) -> list[int]:
    starts: set[int] = set()
    for head in organ._SUFFIX_HEADS:
        at = joined.find(head)
        while at >= 0:
            starts.add(at)
            at = joined.find(head, at + 1)
    return sorted(starts)


def _counts_ref(joined: str, distinct: set[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    ordered = sorted(distinct)
    for n, name in enumerate(ordered):
        extended = []
        for other in ordered[n + 1:]:
            if not other.startswith(name):
                break
            extended.append(other)
        at = joined.find(name)
        while at >= 0:
            if not any(joined.startswith(o, at) for o in extended):
                counts[name] += 1
            at = joined.find(name, at + len(name))
    return counts


def _whole_names_ref(distinct: set[str], counts: Counter[str]) -> set[str]:
    ordered = sorted(distinct, key=lambda c: c[::-1])
    whole = set()
    for n, name in enumerate(ordered):
        fragment = False
        for other in ordered[n + 1:]:
            if not other.endswith(name):
                break
            if counts[other] >= counts[name]:
                fragment = True
                break
        if not fragment:
            whole.add(name)
    return whole


def _most_named_ref(joined: str) -> str | None:
    cands = _names_ref(joined)
    distinct = {c for c in cands if c and c[0] not in organ._ORGAN_STOP and len(c) >= 3}
    if not distinct:
        return None
    counts = _counts_ref(joined, distinct)
    distinct = _whole_names_ref(distinct, counts)

    def rank(name: str) -> tuple[int, int, int, int]:
        stem = name
        for suffix in organ._ORGAN_SUFFIXES:
            if name.endswith(suffix):
                stem = name[: len(name) - len(suffix)]
                break
        placed = 1 if name[0] not in "区市县" and organ._PLACE_RE.search(stem) else 0
        return (placed, counts[name], -len(name), -joined.find(name))

    return max(distinct, key=rank)


def _same(joined: str) -> None:
    """Every part of the stage answers as its reference on ``joined``."""
    starts = organ._suffix_starts(joined)
    assert starts == _suffix_starts_ref(joined)
    names = organ._names(joined)
    assert names == _names_ref(joined)
    assert names == [m.group(1) for m in organ._ORGAN_RE.finditer(joined)]
    assert all(len(n) <= organ._NAME_MAX for n in names)
    distinct = {c for c in names if c and c[0] not in organ._ORGAN_STOP and len(c) >= 3}
    counts = organ._counts(joined, distinct)
    assert counts == _counts_ref(joined, distinct)
    assert organ._whole_names(distinct, counts) == _whole_names_ref(distinct, Counter(counts))
    stretches = organ._stretches(joined, organ._suffix_hits(joined))
    if stretches:
        hay = organ._haystack(joined, stretches)[0]
        assert organ._counts(hay, distinct) == counts
        assert all(hay.find(a) < hay.find(b) for a in distinct for b in distinct if joined.find(a) < joined.find(b))
    assert organ._most_named(joined) == _most_named_ref(joined)


# ---------------------------------------------------------------- hostile generated texts

_PLACE_NAMES = [*"浙江省 湖州市 南浔区 吴兴区 青溪县 白河县 某某镇 练市镇 某乡 锡林郭勒盟 正蓝旗 延边州".split(),
                "北京市", "市", "区", "县", "州", "省", "盟", "旗", "镇", "乡", "江苏省南京市", "南京市玄武区"]
_SUFFIX_PARTS = [*organ._ORGAN_SUFFIXES, "人民", "政府", "政务", "服务", "管理", "办公", "数据", "委员", "员会",
                 "公安局", "卫生健康委员会", "国务院办公厅", "区政府办公室", "办理", "室", "民", "委", "办"]
_OTHER_PARTS = [*"由据向在的和与及请于对我本为是把被将从以", *"0123456789", "2024年", "２０２４", "|", "\t", "#", "<",
                "&", "，", "。", "《", "》", "（", "）", "：", "、", " ", "\u3000", "\n", "报告", "关于", "联系",
                "主动公开", "依申请公开", "信息", "a", "\U00020000", "\u9fff", "\u4e00", "\u3400"]
_PART = st.one_of(st.sampled_from(_PLACE_NAMES), st.sampled_from(_SUFFIX_PARTS), st.sampled_from(_OTHER_PARTS))


@settings(max_examples=3000, deadline=None)
@given(st.lists(_PART, max_size=40))
def test_the_organ_stage_answers_as_it_did_on_organ_like_text(parts: list[str]) -> None:
    _same("".join(parts))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_PLACE_NAMES), st.sampled_from(organ._ORGAN_SUFFIXES),
                          st.sampled_from(_OTHER_PARTS)), max_size=12),
       st.integers(1, 4))
def test_the_organ_stage_answers_as_it_did_on_repeated_and_overlapping_names(
        triples: list[tuple[str, str, str]], times: int) -> None:
    text = "".join(p + s + o for p, s, o in triples)
    _same(text * times)
    _same("区" + text + "市县" + text[::-1])


_CHARS = st.sampled_from(list("省市区县州旗盟镇乡人民政府办公室厅局委员会数据务服管理党由据向在的本青溪河南浔湖州"
                              "，。a1 |#<&\t（）《》\u3000０\u4e00\u9fff\u3400"))


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=_CHARS, max_size=120))
def test_the_organ_stage_answers_as_it_did_on_any_text_of_its_characters(text: str) -> None:
    _same(text)


def test_the_stretches_tried_reach_far_enough() -> None:
    """The longest name there is: the longest province and county parts, a 区, the longest suffix."""
    longest = max(organ._ORGAN_SUFFIXES, key=len)
    text = "，" + "一" * 7 + "省" + "二" * 7 + "县" + "区" + longest + "。"
    assert organ._names(text)[0] == text[1:-1] and len(text) - 2 == organ._NAME_MAX
    _same(text)
    _same(text[1:-1])


def test_the_per_name_cache_is_bounded() -> None:
    for k in range(organ._PLACED_MAX + 10):
        organ._placed(f"某{k}县人民政府")
    assert len(organ._PLACED) <= organ._PLACED_MAX


# ---------------------------------------------------------------- every text file there is

_FORMATS = {".txt": "text", ".md": "markdown", ".html": "html", ".htm": "html"}


def _texts() -> list[Path]:
    found = sorted(p for p in SAMPLES.iterdir() if p.suffix in _FORMATS)
    if CORPUS.is_dir():
        found += sorted(p for p in CORPUS.rglob("*") if p.suffix in _FORMATS)
    return found


def _joined(path: Path) -> str:
    """The preamble and section 一 text the stage reads (see ``organ.run``)."""
    ledger = Ledger.of(list(gr.read_blocks(path.read_bytes(), _FORMATS[path.suffix])), "x")
    for stage in STAGES:
        if stage is organ.run:
            break
        stage(ledger)
    texts = [b.text for b in ledger.preamble]
    texts += [b.text for s in ledger.sections if s.number == 1 for b in s.blocks]
    return compact("".join(texts))


@pytest.mark.parametrize("path", _texts(), ids=lambda p: p.name)
def test_the_organ_stage_answers_as_it_did_on_every_text_file(path: Path) -> None:
    joined = _joined(path)
    _same(joined)
    whole = compact(re.sub(r"\s+", "", path.read_bytes().decode("utf-8", "replace")))
    _same(whole)
