"""The third round of recogniser speed work (issue #13): the form, organ and split stages.

Each shortcut must answer exactly as the plain code it stands in front of, kept here as the
reference: the form decided from the raw text when it holds every 2021 mark, organ names
tried only where a suffix can end one, and the report's wordings of its own numbers tried only
where they can start. No test here is timed.
"""

from __future__ import annotations

import re
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from govreport_io.blocks import Cell, Paragraph, Table
from govreport_io.diagnostics import WarningCode
from govreport_io.form import arith
from govreport_io.form.labels import normalize_label
from govreport_io.form.recognise import form_kind, organ
from govreport_io.form.recognise.ledger import Ledger

# ---------------------------------------------------------------- references: the plain code


def _detect_plain(ledger: Ledger) -> str:
    """form_kind.detect before the shortcut: the marks counted in the normalised text."""
    raw = form_kind._raw_text(ledger)
    marks = normalize_label(raw)
    s21 = len([m for m in form_kind._NORMAL_2021 if m in marks])
    s19 = len([m for m in form_kind._NORMAL_2019 if m in marks])
    if s21 != s19:
        return "2021" if s21 > s19 else "2019"
    years = [int(y) for y in form_kind._YEAR_RE.findall(normalize_label(raw))]
    if years and Counter(years).most_common(1)[0][0] <= 2020:
        ledger.warn(WarningCode.FORM_GUESSED, "no table label tells the form; the 2019 form was taken from the year")
        return "2019"
    if ledger.units:
        ledger.warn(WarningCode.FORM_GUESSED, "no table label tells the form; the 2021 form was assumed")
    return "2021"


def _names_plain(joined: str) -> list[str]:
    return [m.group(1) for m in organ._ORGAN_RE.finditer(joined)]


def _prose_hints_plain(text: str) -> dict[str, int]:
    """prose_hints with every wording searched for by the engine."""
    flat = re.sub(r"\s+", "", text).translate(arith._WIDE)
    found: dict[str, set[int]] = {}
    for pattern, path in arith._PROSE:
        for m in re.finditer(pattern, flat):
            if len(m.group(1)) <= arith._HINT_DIGITS:
                found.setdefault(path, set()).add(int(m.group(1)))
    return {p: next(iter(v)) for p, v in found.items() if len(v) == 1}


# ---------------------------------------------------------------- the form

_MARK_PARTS = [*form_kind._MARKS_2021, *form_kind._MARKS_2019, "本年制发", "件数", "现行", "有效件数", "逾期",
               "不补正", " ", "\u3000", "\n", "\t", "\xa0", "⾏", "\u2f00", "\uf900", "㈠", "，", "1、", "“", "|", "#",
               "<", "&", "2019年", "2021 年", "２０２０年", "0", "中", "\U0002f800"]


def _ledger(parts: list[str], cut: int, table: bool) -> Ledger:
    texts = ["".join(parts[:cut]), "".join(parts[cut:])]
    blocks: list[Paragraph | Table] = [Paragraph(t) for t in texts if t]
    if table and blocks:
        first = blocks.pop(0)
        assert isinstance(first, Paragraph)
        blocks.insert(0, Table(((Cell(first.text), Cell("")),)))
    return Ledger.of(list(blocks), None)


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_MARK_PARTS), max_size=16), st.integers(0, 16), st.booleans())
def test_the_form_decided_from_the_raw_text_is_the_form_the_normalised_text_gives(
        parts: list[str], cut: int, table: bool) -> None:
    fast, plain = _ledger(parts, cut, table), _ledger(parts, cut, table)
    assert form_kind.detect(fast) == _detect_plain(plain)
    assert fast.warnings == plain.warnings


@settings(max_examples=200, deadline=None)
@given(st.permutations(form_kind._MARKS_2021), st.lists(st.sampled_from(_MARK_PARTS), max_size=10))
def test_every_2021_mark_in_any_order_and_company_is_the_2021_form(marks: list[str], noise: list[str]) -> None:
    parts = [x for pair in zip(marks, noise + [""] * len(marks)) for x in pair]
    led = _ledger(parts, len(parts) // 2, False)
    assert form_kind.detect(led) == _detect_plain(_ledger(parts, len(parts) // 2, False)) == "2021"


def test_the_2021_marks_outnumber_the_2019_marks_and_are_their_own_normal_form() -> None:
    assert form_kind._ALL_2021_DECIDES
    assert all(normalize_label(m) == m for m in form_kind._MARKS_2021)


# ---------------------------------------------------------------- the organ

_ORGAN_ALPHABET = st.sampled_from(list("省市区县州镇乡旗盟人民政府办公室厅局委员会数据务服管理党"
                                       "由本的青溪河南浔，。a1 |#<&\t（）《》\u3000０"))


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=_ORGAN_ALPHABET, max_size=80))
def test_organ_names_tried_where_a_suffix_can_end_them_are_all_the_names(text: str) -> None:
    assert organ._names(text) == _names_plain(text)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from([*"湖州市 南浔区 人民政府 办公室 办公厅 政务办 政府办".split(),
                                 *"政务服务管理局 政务服务管理办公室".split(),
                                 *"数据局 委员会 公安局 卫生健康 党政办 厅 局 浙江省 某某镇 旗 盟 的 由 ， 。".split(),
                                 " ", "2024年", "关于"]),
                max_size=24))
def test_organ_names_of_organ_like_text_are_all_the_names(parts: list[str]) -> None:
    text = "".join(parts)
    assert organ._names(text) == _names_plain(text)
    assert organ._suffix_starts(text) == [i for i in range(len(text)) if text.startswith(organ._ORGAN_SUFFIXES, i)]


# ---------------------------------------------------------------- the report's numbers

_PROSE_PARTS = [*"收到 新收 受理 申请 共 合计 件 办结 上年结转 上年度 行政复议".split(),
                *"１ ２０ ． － 7 0 77 ٣ 中 被 结转".split(),
                *"下一年度 下年度 至 件结转 年度 继续办理 各类 政府信息公开 依申请公开 | # <".split(),
                "12345678901234567890", " ", "\u3000", "\n", "\xa0"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_PROSE_PARTS), max_size=24))
def test_prose_hints_tried_where_a_wording_can_start_read_as_searching_everywhere(parts: list[str]) -> None:
    text = "".join(parts)
    assert arith.prose_hints(text) == _prose_hints_plain(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PROSE_PARTS), max_size=24))
def test_wordings_found_at_their_starts_are_the_engines_matches(parts: list[str]) -> None:
    flat = "".join("".join(parts).split())
    for n, (pattern, _) in enumerate(arith._PROSE_RES):
        words = arith._PROSE_STARTS[n]
        if words:
            fast = arith._matches_at(pattern, flat, arith._starts(flat, words, n == arith._DIGITS_BEFORE))
            assert [(m.span(), m.group(1)) for m in fast] == [(m.span(), m.group(1)) for m in pattern.finditer(flat)]


# ---------------------------------------------------------------- the split's arithmetic

def _score_plain(cand: tuple[str | None, ...]) -> tuple[int, int, int, tuple[str, ...]]:
    texts = [c or "" for c in cand]
    nonzero = sum(1 for c in cand if c not in (None, "0"))
    return (nonzero, max((len(t) for t in texts), default=0), sum(arith._number(c) for c in cand), tuple(texts))


_CELL = st.one_of(st.none(), st.sampled_from(["0", "00", "7", "12", "1.5", "-3", "0.25", "999999999999", "10"]))
_VECTOR = st.lists(st.integers(-10**12, 10**12), max_size=16).map(tuple)


@settings(max_examples=500, deadline=None)
@given(st.lists(_CELL, max_size=16).map(tuple))
def test_a_candidates_score_and_vector_are_the_plain_ones(cand: tuple[str | None, ...]) -> None:
    assert arith._score(cand) == _score_plain(cand)
    assert arith._vector(cand) == tuple(arith._number(c) for c in cand)


@settings(max_examples=500, deadline=None)
@given(_VECTOR, _VECTOR)
def test_sums_differences_and_bounds_of_vectors_are_taken_as_zip_takes_them(a: tuple[int, ...],
                                                                           b: tuple[int, ...]) -> None:
    assert arith._add(a, b) == tuple(x + y for x, y in zip(a, b))
    assert arith._sub(a, b) == tuple(x - y for x, y in zip(a, b))
    assert arith._within(a, b) == all(x <= y for x, y in zip(a, b))


_GLUED_ROWS = ["640020470", "0000000", "270020130", "500000 5", "1000001", "6000006", "220000325", "630020469",
               "0 0 0 0 0 0 0", "120012", "11", "100001", "3000003", "99", "10203120001200000", "1 2 3", "0-0"]


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from([f"requests.{k}" for k in ("new_received", "carried_over", "total",
                                                                   "carried_forward", "granted", "partly_granted")]),
                       st.sampled_from(_GLUED_ROWS), max_size=6),
       st.dictionaries(st.sampled_from(["requests.new_received.total", "requests.total.total",
                                        "requests.carried_forward.total"]), st.integers(0, 80), max_size=3))
def test_table_three_solved_with_vectors_made_once_as_made_each_time(runs: dict[str, str],
                                                                     known: dict[str, int]) -> None:
    class Plain(arith._Table):
        def _vec(self, cand: tuple[str | None, ...]) -> tuple[int, ...]:
            return arith._vector(cand)

    # the swap reaches split_runs where arith runs as Python (the pure run of this file); compiled,
    # split_runs makes its _Table directly and the two reads agree trivially
    fast = arith.split_runs("2021", runs, known=known)
    table = arith._Table
    try:
        arith._Table = Plain  # type: ignore[misc]
        plain = arith.split_runs("2021", runs, known=known)
    finally:
        arith._Table = table  # type: ignore[misc]
    assert fast == plain
