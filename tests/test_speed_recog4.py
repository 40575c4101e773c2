"""The recogniser's memos and shortcuts of the fourth speed pass, against the plain code.

Compiled, a call through ``functools.lru_cache`` costs about ten times a dict read inline, so
the hottest pure functions of the form keep their answers in plain dicts that start again empty
when full. Each memo must answer as the function it remembers, before and after it fills up;
each shortcut as the code it replaced. No test here is timed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from govreport_io.blocks import Field, Heading, Paragraph, SourcePos, Table
from govreport_io.form import labels as L
from govreport_io.form.recognise import rows, text, tokens, values
from govreport_io.form.recognise.ledger import Ledger, Tok
from govreport_io.repair import cjk

_HOSTILE = st.text(alphabet=st.sampled_from(list("一二三四五六、.．,，（）()件0123456789０１ \u3000\t|#<&：:；—-/无空"
                                                   "政府信息公开申请总体情况")), max_size=24)

# (the memoised function, the plain function it stands for)
_MEMOISED: list[tuple[Callable[[str], Any], Callable[[str], Any]]] = [
    (L.normalize_label, L._normalized),
    (tokens.classify_cell, tokens._classify_cell),
    (tokens.split_number, tokens._split_number),
    (text.section_match, text._section_match),
    (lambda t: text.unnumbered_section(t, 3), lambda t: None if len(t) > 30 else text._unnumbered_section(t, 3)),
    (lambda t: text.title_fits(2, t), lambda t: text._title_fits(2, t)),
    (cjk.compact, cjk._compact),
]


@settings(max_examples=300, deadline=None)
@given(st.lists(_HOSTILE, max_size=12))
def test_each_memo_answers_as_the_function_it_remembers(texts: list[str]) -> None:
    for memoised, plain in _MEMOISED:
        for t in texts + texts:  # asked twice: once made, once remembered
            assert memoised(t) == plain(t), (plain, t)


def test_a_full_memo_starts_again_and_answers_the_same() -> None:
    memos = (L._NORMAL, tokens._KIND, tokens._SPLIT, text._SECTION, text._UNNUMBERED, text._FITS)
    many = [f"{k}、第{k}项" for k in range(L.MEMO_SIZE + 50)]
    for memoised, plain in _MEMOISED:
        for t in many:
            memoised(t)
        assert memoised(many[0]) == plain(many[0]) and memoised(many[-1]) == plain(many[-1])
    assert all(len(m) <= L.MEMO_SIZE for m in memos)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["1", "22", "+3", "4.0", "4.5", "-7", "1,234", "x", "", "１２", "0012", "3.00"]),
       st.sampled_from(["count", "amount"]))
def test_a_converted_number_is_the_plain_conversion_or_the_same_error(number: str, kind: str) -> None:
    def outcome(fn: Callable[[str, Any], Any]) -> object:
        try:
            return fn(number, kind)
        except ValueError as exc:
            return ("ValueError", str(exc))
    assert outcome(values._convert) == outcome(values._converted)
    assert outcome(values._convert) == outcome(values._converted)  # asked again: an error is never kept


def _label_token_count_as_written(buffer: list[Tok], labels: tuple[str, ...]) -> int:
    target = min(len(L.normalize_label(lab)) for lab in labels)
    total = 0
    for n, t in enumerate(reversed(buffer), start=1):
        total += len(L.normalize_label(t.text))
        if total >= target - 1:
            return n
    return len(buffer)


@settings(max_examples=300, deadline=None)
@given(st.lists(_HOSTILE, max_size=8), st.lists(_HOSTILE.filter(bool), min_size=1, max_size=3))
def test_label_token_count_counts_as_first_written(words: list[str], labels: list[str]) -> None:
    buffer = [Tok("text", w, 0, k) for k, w in enumerate(words)]
    assert rows.label_token_count(buffer, tuple(labels)) == _label_token_count_as_written(buffer, tuple(labels))


def test_a_ledger_starts_empty_but_for_its_units_fields_and_texts() -> None:
    pos = SourcePos(line=1)
    blocks = [Field("发布机构：", " 青溪县人民政府 ", pos), Heading("一、总体情况", 1, pos),
              Paragraph("本年度 我县 持续推进", pos), Table(((),), pos)]
    ledger = Ledger.of(blocks, "x.txt")
    assert ledger.source == "x.txt" and ledger.fields == [("发布机构", "青溪县人民政府")]
    assert [u.index for u in ledger.units] == [0, 1, 2] and len(ledger.texts) == 3
    assert ledger.texts[0] == "一、总体情况" and ledger.texts[1] == text.block_text(blocks[2]) and ledger.texts[2] == ""
    assert ledger.table_found == {2: False, 3: False, 4: False} and ledger.form == "2021"
    assert not (ledger.spans or ledger.tokens or any(ledger.marks) or ledger.sections or ledger.warnings
                or ledger.unplaced or ledger.provenance or ledger.uncertain)
    other = Ledger.of(blocks, None)
    other.spans[1] = ("t", [])
    assert not ledger.spans  # no table shared between ledgers


_SPACES = ["", " ", "\t", "\u3000", "\x1c", "\x1f", "\x85", "\u2028", "\xa0", "\n", "#", "##", "# "]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_SPACES), max_size=4), st.sampled_from([*"一二三四五六七十1（", ""]),
       st.sampled_from(["、", ".", "．", "，", " ", ""]), _HOSTILE)
def test_a_heading_is_matched_as_by_the_pattern_alone(lead: list[str], numeral: str, mark: str, rest: str) -> None:
    line = "".join(lead) + numeral + mark + rest
    plain = text._section_match(line)  # the pattern and its checks, no memo and no look at the opening
    assert text.section_match(line) == plain
    if plain is not None:
        assert text._may_open_a_section(line)


def _model_block_or_error(make: Callable[[], object]) -> object:
    try:
        made = make()
    except Exception as exc:  # the same refusal, word for word
        return (type(exc), str(exc))
    return made


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(["paragraph", "heading"]), st.text(alphabet=st.sampled_from(
    list("中文政府 |\t#<&1２，。\u3000\n\r\x00\x1f\x85\u2028\u200b\xa0")), max_size=10),
    st.integers(0, 7))
def test_blocks_and_sections_made_through_slots_are_the_models_own(kind: str, body: str, number: int) -> None:
    import pickle

    from govreport_io.form.recognise import prose
    from govreport_io.model import Block, Section

    fast = _model_block_or_error(lambda: prose._block(kind, body))  # type: ignore[arg-type]
    plain = _model_block_or_error(lambda: Block(kind, body))  # type: ignore[arg-type]
    assert fast == plain and type(fast) is type(plain)
    if isinstance(fast, Block):
        assert hash(fast) == hash(plain) and pickle.loads(pickle.dumps(fast)) == plain
        blocks: tuple[Block, ...] = (fast, fast)
        fast_s = _model_block_or_error(lambda: prose._section(number, body, blocks))
        plain_s = _model_block_or_error(lambda: Section(number, body, blocks))
        assert fast_s == plain_s and type(fast_s) is type(plain_s)
        if isinstance(fast_s, Section):
            assert hash(fast_s) == hash(plain_s) and fast_s.to_dict() == plain_s.to_dict()
            assert pickle.loads(pickle.dumps(fast_s)) == plain_s


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789０１²+-,. 件")), max_size=20))
def test_a_count_cell_is_valued_the_same_when_remembered(cell: str) -> None:
    from govreport_io.blocks import Paragraph

    def value() -> object:
        ledger = Ledger.of([Paragraph("x")], None)
        v = values.cell_value(ledger, Tok("num", cell, 0, 0), "count", "requests.x.y", at=3)
        return v, [w.message for w in ledger.warnings], ledger.unplaced, dict(ledger.provenance)
    first = value()
    assert value() == first  # the second time from the memo
    values._COUNTS.clear()
    assert value() == first


@settings(max_examples=300, deadline=None)
@given(st.characters())
def test_per_character_memos_answer_as_the_plain_checks(ch: str) -> None:
    import unicodedata

    for _ in range(2):  # made, then remembered
        assert cjk.is_cjk(ch) == cjk._is_cjk(ch)
        assert cjk._char_width(ch) == (2 if unicodedata.east_asian_width(ch) in "WFA" else 1)


def test_run_shapes_are_remembered_and_refusals_raised_each_time() -> None:
    import pytest

    from govreport_io.errors import ModelError
    from govreport_io.form import arith

    assert arith.run_shape("2021", "reviews") == arith._run_shape("2021", "reviews")
    assert arith.run_shape("2021", "reviews") is arith.run_shape("2021", "reviews")
    for _ in range(2):
        with pytest.raises(ModelError):
            arith.run_shape("2021", "requests.no_such_row")
    assert ("2021", "requests.no_such_row") not in arith._SHAPES


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="一二（）(、.．1０ 政府信息", max_size=6))
def test_crawler_patterns_are_the_patterns_compiled(text_: str) -> None:
    import re

    from govreport_io.repair import crawler

    core = text_.replace(" ", "") or "政"
    assert crawler._core_re(core).pattern == r"\s*".join(re.escape(ch) for ch in core)
    assert crawler._core_re(core) is crawler._core_re(core)
