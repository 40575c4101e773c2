"""What the recogniser's speed work added: compiled label matching, fast paths and caches.

Each fast path must answer exactly as the plain code it stands in front of; the caches
(keyed on fixed form data or on immutable strings) must not carry anything from one read
to the next; and a long table of rows the form does not know must stay linear and end in
``unplaced`` as it always did. No test here is timed.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import govreport_io as gr
from govreport_io.form import labels as L
from govreport_io.form import template as T
from govreport_io.form.recognise import organ
from govreport_io.repair import chars, cjk

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


# ---------------------------------------------------------------- references: the plain code

# normalize_label as first written: its steps as plain regular expressions
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": '"', "’": '"', "「": '"', "」": '"', "『": '"', "』": '"', "'": '"'})
_SPACE_RE = re.compile(r"\s+")
_ENUM_RE = re.compile(r"(?<![0-9])([0-9]{1,2})[、,.:](?=\D)")
_TRAIL_RE = re.compile(r"[:;,.。：；，]+$")


def _normalize_plain(text: str) -> str:
    s = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    s = _SPACE_RE.sub("", s)
    s = s.replace("〔", "(").replace("〕", ")").replace("【", "(").replace("】", ")")
    s = _ENUM_RE.sub(r"\1.", s)
    return _TRAIL_RE.sub("", s)


def _best_match_plain(text: str, candidates: Sequence[Iterable[str]], threshold: float = 0.78,
                      fuzzy_limit: int | None = None) -> tuple[int, float] | None:
    """best_match as it was before labels were compiled: every label compared in turn."""
    norm = L.normalize_label(text)
    labels = [[L.normalize_label(v) for v in variants] for variants in candidates]
    exact = [(len(lab), -i) for i, variants in enumerate(labels) for lab in variants if lab and norm.endswith(lab)]
    if exact:
        return -max(exact)[1], 1.0
    best: tuple[float, int, int] | None = None
    for i, variants in enumerate(labels[:fuzzy_limit] if fuzzy_limit is not None else labels):
        for lab in variants:
            score = L.tail_score(norm, lab, threshold)
            if score >= threshold and (best is None or (score, len(lab), -i) > best):
                best = (score, len(lab), -i)
    return None if best is None else (-best[2], best[0])


_ALPHABET = "0123456789１２、,.:;。：；，“”‘’「」『』'\"〔〕【】()（） \t\n\u3000\xa0行政许可处罚强制规章收费事项"
_ROWS = tuple(r.labels for r in T.request_rows("2021"))


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=12))
def test_normalize_label_fast_path_answers_as_the_plain_steps(text: str) -> None:
    assert L.normalize_label(text) == _normalize_plain(text)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, len(_ROWS) - 1), st.text(alphabet="行政许可处罚强制其他申请人数量 1.、（）", max_size=6),
       st.integers(0, 4), st.sampled_from([None, 0, 3, 7]))
def test_compiled_matching_answers_as_comparing_every_label(row: int, noise: str, cut: int,
                                                            limit: int | None) -> None:
    label = _ROWS[row][0]
    text = noise + label[:len(label) - cut] + noise[:cut]
    candidates = _ROWS[row // 2:]
    assert L.best_match(text, candidates, fuzzy_limit=limit) == _best_match_plain(text, candidates, fuzzy_limit=limit)


def test_compiled_matching_with_no_threshold_compares_every_label() -> None:
    assert L.best_match("无关的文字", _ROWS, threshold=0.0) == _best_match_plain("无关的文字", _ROWS, threshold=0.0)


_ODD = re.compile("\r\n|[" + re.escape(chars._BREAKS + chars._CONTROLS + chars._NONCHARACTERS) + "\ud800-\udfff]")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(["a", "中", "，", "\n", "\r", "\t", "\x0c", "\x85", "\u2028", "\ufdd0",
                                         "\ufdef", "\ufdf0", "\ufffe", "\ufffd", "\U0001fffe", "\U0001f600",
                                         "\U0010ffff", "\ud800", "\x7f"]), max_size=8))
def test_the_first_scan_for_odd_characters_misses_none(text: str) -> None:
    assert chars.has_odd(text) == bool(_ODD.search(text))


# ---------------------------------------------------------------- caches do not leak between reads

def _reading(data: bytes, fmt: str) -> str:
    r = gr.read_document(data, fmt)
    return json.dumps({"report": r.report.to_dict(), "warnings": [w.message for w in r.warnings],
                       "provenance": {k: repr(v) for k, v in r.provenance.items()}, "notes": r.notes,
                       "uncertain": r.uncertain}, ensure_ascii=False, sort_keys=True)


def test_a_read_is_the_same_before_and_after_other_reads() -> None:
    docs = [(p.read_bytes(), fmt) for p, fmt in ((SAMPLES / "report.txt", "text"),
                                                 (SAMPLES / "capture-pdftext.txt", "text"),
                                                 (SAMPLES / "capture-cells.txt", "text"),
                                                 (SAMPLES / "report.md", "markdown"))]
    first = [_reading(d, f) for d, f in docs]
    assert [_reading(d, f) for d, f in reversed(docs)] == first[::-1]
    assert [_reading(d, f) for d, f in docs] == first


def test_reads_in_threads_agree_with_reads_in_turn() -> None:
    docs = [(p.read_bytes(), "text") for p in sorted(SAMPLES.glob("*.txt"))]
    alone = [_reading(d, f) for d, f in docs]
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(lambda df: _reading(*df), docs * 3))
    assert together == alone * 3


# ---------------------------------------------------------------- a long table of unknown rows

def test_a_100k_row_table_of_unknown_rows_ends_in_unplaced_as_it_did() -> None:
    n = 100_000
    rows = "".join(f"项目{i}\t{i}\t{i}\t{i}\n" for i in range(n))
    data = ("青溪县人民政府办公室2024年政府信息公开工作年度报告\n一、总体情况\n本年度工作稳步推进。\n"
            f"二、主动公开政府信息情况\n{rows}六、其他需要报告的事项\n本机关尾声。\n").encode()
    report = gr.read(data, "text")
    assert len(report.unplaced) == 1
    assert report.unplaced[0].text == " | ".join(f"项目{i} | {i} | {i} | {i}" for i in range(n))
    assert report.unplaced[0].where == "table 二: line 5, table 1"
    assert all(v is None for cells in report.active.values() for v in cells.values())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="省市区县州镇乡人民政府办公室厅局委员会数据青溪河由本的，。a1 党政务服管理", max_size=60))
def test_organ_names_tried_near_suffixes_only_are_all_the_names(text: str) -> None:
    assert organ._names(text) == [m.group(1) for m in organ._ORGAN_RE.finditer(text)]


def test_the_characters_display_width_counts_wide_at_once_are_wide() -> None:
    ranges = re.findall(r"(.)(?:-(.))?", cjk._WIDE_RANGES)
    for lo, hi in ranges:
        for code in range(ord(lo), ord(hi or lo) + 1):
            assert unicodedata.east_asian_width(chr(code)) in "WFA", hex(code)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab 1，。中文“”…—ーア\u3000\u303f\uff61ｱ①é\U00020000\t")), max_size=12))
def test_display_width_counts_as_character_by_character(text: str) -> None:
    assert cjk.display_width(text) == sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="市区县人民政府办公室局", max_size=30),
       st.sets(st.text(alphabet="市区县人民政府办公室局", min_size=3, max_size=6), max_size=5))
def test_organ_name_counts_as_counted_by_regular_expression(joined: str, distinct: set[str]) -> None:
    expected: dict[str, int] = {}
    for name in distinct:
        for occ in re.finditer(re.escape(name), joined):
            if not any(o != name and o.startswith(name) and joined.startswith(o, occ.start()) for o in distinct):
                expected[name] = expected.get(name, 0) + 1
    assert dict(organ._counts(joined, distinct)) == expected


@settings(max_examples=300, deadline=None)
@given(st.sets(st.text(alphabet="市区县人民政府办公室局", min_size=3, max_size=6), max_size=8),
       st.lists(st.integers(0, 4), min_size=8, max_size=8))
def test_whole_organ_names_are_those_no_longer_name_ends_in(distinct: set[str], times: list[int]) -> None:
    from collections import Counter

    counts = Counter(dict(zip(sorted(distinct), times)))
    plain = {c for c in distinct if not any(d != c and d.endswith(c) and counts[d] >= counts[c] for d in distinct)}
    assert organ._whole_names(distinct, counts) == plain


def test_the_per_string_caches_keep_no_long_text() -> None:
    from govreport_io.form.recognise import text, tokens

    long = "我们认真贯彻落实条例要求，持续推进政务公开。" * 40  # one paragraph, no heading, no cell
    memos: tuple[dict[Any, Any], ...] = (L._NORMAL, text._SECTION, text._UNNUMBERED, text._FITS, tokens._KIND,
                                         tokens._SPLIT)
    assert L.normalize_label(long) == _normalize_plain(long)
    assert text.section_match(long) is None and text.unnumbered_section(long, 1) is None
    assert not text.title_fits(2, long)
    assert tokens.classify_cell(long) == "text" and tokens.split_number(long)[0] == ""
    for memo in memos:  # a memo may have started again empty meanwhile: look for the text itself
        assert not any(long in (key if isinstance(key, tuple) else (key,)) for key in memo)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("中文一二\u0301\u0308\u3099\u309a\u1100\u1161\u11a8가ｶﾞ①㈱\uf900\ufa0e"
                                              "\u2f00\u00c5A\u030aé\u0327c ，：")), max_size=10))
def test_nfkc_around_runs_of_ideographs_is_nfkc(text: str) -> None:
    assert L._nfkc(text) == unicodedata.normalize("NFKC", text)


def test_every_character_nfkc_makes_an_ideograph_of_is_in_the_blocks_form_kind_checks() -> None:
    from govreport_io.form.recognise import form_kind

    ideograph = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0003ffff]")
    for code in range(0x110000):
        ch = chr(code)
        norm = unicodedata.normalize("NFKC", ch)
        if norm != ch and ideograph.search(norm):
            assert form_kind._MAKES_IDEOGRAPHS_RE.match(ch), hex(code)
        # white space is what normalising may drop between two ideographs, and only white space
        assert ch.isspace() == (bool(norm) and norm.isspace()), hex(code)
    for mark in (*form_kind._MARKS_2021, *form_kind._MARKS_2019):
        assert all(ideograph.match(ch) for ch in mark), mark


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["本年制发", "件数", "本年", "制发件数", "现行有效", "对外公开总数量", "政府集中采购",
                                 " ", "\u3000", "\t", "\n", "\xa0", "⾏", "\u2f00", "\uf900", "㈠", "，", "1、", "“",
                                 "【", "a", "¨", "\u0301", "年"]), max_size=12))
def test_form_marks_are_found_in_the_text_without_white_space_as_in_the_normalised_text(parts: list[str]) -> None:
    from govreport_io.form.recognise import form_kind

    raw = "".join(parts)
    for mark in (*form_kind._MARKS_2021, *form_kind._MARKS_2019, "本年", "年本"):
        assert (mark in form_kind._marks_text(raw)) == (mark in L.normalize_label(raw)), (raw, mark)


_REQUEST_KEYS = [f"requests.{k}" for k in T.request_row_keys("2021")]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([*_REQUEST_KEYS[:6], "reviews", "active.normative_documents"]),
                          st.sampled_from(["0000000", "1000001", "640020470", "500000 5", "220000325", "12", "0 - 0",
                                           "1 2 3", "9999999999", "10203120001200000", "693665", "00"])),
                max_size=6),
       st.sampled_from([20, 60, 200, 300_000]))
def test_kept_run_solutions_split_as_searching_again(runs: list[tuple[str, str]], steps: int) -> None:
    from govreport_io.form import arith

    given_runs = dict(runs)
    limits = arith.Limits(steps=steps)
    kept = [arith.split_runs("2021", given_runs, limits=limits) for _ in range(2)]  # the second from what is kept
    size = arith._MEMO_CHARS
    try:
        arith._MEMO_CHARS = -1  # nothing kept: every run searched
        searched = arith.split_runs("2021", given_runs, limits=limits)
    finally:
        arith._MEMO_CHARS = size
    assert kept[0] == searched and kept[1] == searched


# prose_hints' wordings as first written (arith._PROSE anchors two of them for speed)
_PROSE_AS_WRITTEN = (
    (r"(?:新收|收到|受理)(?:各类|政府信息公开|依申请公开|信息公开)*申请(?:共|合计)?(\d+)件",
     "requests.new_received.total"),
    (r"(?:新收|收到|受理)(\d+)件(?:各类|政府信息公开|依申请公开|信息公开)*申请", "requests.new_received.total"),
    (r"办结(?:政府信息公开申请|申请)?(\d+)件", "requests.total.total"),
    (r"上年(?:度)?结转(?:申请)?(\d+)件", "requests.carried_over.total"),
    (r"(\d+)件结转(?:至)?下(?:一)?年度", "requests.carried_forward.total"),
    (r"结转(?:至)?下(?:一)?年度(?:继续办理)?(?:申请)?(\d+)件", "requests.carried_forward.total"),
    (r"(?:被)?申请行政复议(\d+)件", "reviews.review.total"),
)


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(["收到", "申请", "共", "件", "办结", "上年结转", "行政复议", "１", "２０", "．", "－",
                                 "7", "0", "77", " ", "\u3000", "\n", "\xa0", "中", "被", "结转", "下一年度", "至",
                                 "件结转", "年度", "٣"]), max_size=16))
def test_prose_hints_read_the_text_as_substituting_and_translating_did(parts: list[str]) -> None:
    from govreport_io.form import arith

    text = "".join(parts)
    flat = re.sub(r"\s+", "", text).translate(arith._WIDE)
    found: dict[str, set[int]] = {}
    for pattern, path in _PROSE_AS_WRITTEN:
        for m in re.finditer(pattern, flat):
            if len(m.group(1)) <= 18:  # no count is longer
                found.setdefault(path, set()).add(int(m.group(1)))
    assert arith.prose_hints(text) == {p: next(iter(v)) for p, v in found.items() if len(v) == 1}


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("12,.中文 \u3000\t\n\xa0\x1c（()）-－件a")), max_size=16))
def test_words_without_a_bracket_are_split_as_the_token_pattern_finds_them(text: str) -> None:
    from govreport_io.blocks import Paragraph
    from govreport_io.form.recognise import tokens
    from govreport_io.form.recognise.ledger import Unit

    assert tokens.words(Unit(Paragraph(text), 0)) == tokens.TOKEN_RE.findall(text)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789+-－.,１２ ²件（）")), max_size=20),
       st.sampled_from(["count", "signed", "amount"]))
def test_a_cell_of_digits_alone_is_valued_as_the_plain_steps_value_it(text: str, kind: str) -> None:
    from govreport_io.blocks import Paragraph
    from govreport_io.form.recognise import values
    from govreport_io.form.recognise.ledger import Ledger, Tok

    def plain(ledger: Ledger, tok: Tok) -> object:
        number, note = values.split_number(tok.text)
        ledger.provenance["c"] = ledger.units[tok.unit].block.pos
        if note:
            return ("note", number, note)
        try:
            return values._convert(number.replace(",", ""), kind)  # type: ignore[arg-type]
        except ValueError:
            return "unreadable"

    fast, slow = (Ledger.of([Paragraph("x")], None) for _ in range(2))
    tok = Tok("num", text, 0, 0)
    got = values.cell_value(fast, tok, kind, "c", at=3)  # type: ignore[arg-type]
    want = plain(slow, tok)
    if fast.warnings:
        assert want == "unreadable" or want[0] == "note"  # type: ignore[index]
    else:
        assert got == want and type(got) is type(want)
    assert fast.provenance == slow.provenance


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from([*"一、中文报告 \u3000\t|0123（）:：-—", "\u3000\u3000", "第二页"]),
                         max_size=20), max_size=40))
def test_the_text_reader_asking_the_whole_text_reads_as_asking_each_line(raw_lines: list[list[str]]) -> None:
    from govreport_io.readers import text as reader
    from govreport_io.readers._context import ReadContext

    text = "\n".join("".join(parts) for parts in raw_lines)
    lines = [reader._Line(n + 1, raw) for n, raw in enumerate(text.split("\n"))]
    fast, slow = ReadContext(), ReadContext()
    assert reader._Parser(lines, fast, text).run() == reader._Parser(lines, slow).run()
    assert fast.warnings == slow.warnings


_ENDS_IN_DIGITS_RE = re.compile(r"[\d—–\-/／]\s*(?:万元|亿元|元)?\s*$")
"""The pattern split.ends_in_digits stands for (it was the library's)."""
_ENDINGS = st.text(alphabet=st.sampled_from(list("0１٣5元万亿 \t\u3000\n\r\xa0\x1c\u2028—–-/／a中")) |
                   st.characters(), max_size=8)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=6), _ENDINGS, st.sampled_from(["", "元", "万元", "亿元", "元元", " 元 "]), _ENDINGS)
def test_a_paragraph_ends_in_digits_as_the_regular_expression_says(head: str, mid: str, unit: str,
                                                                   tail: str) -> None:
    from govreport_io.form.recognise import split

    for text in (head + mid + unit + tail, head + mid + unit, mid + unit):
        assert split.ends_in_digits(text) == bool(_ENDS_IN_DIGITS_RE.search(text)), repr(text)


_LABELISH = st.text(alphabet=st.sampled_from(list("ab申请人政府信息公开不予处理 （）")), max_size=16)


@settings(max_examples=1000, deadline=None)
@given(_LABELISH | st.text(max_size=12), _LABELISH | st.text(max_size=12))
def test_similarity_is_difflibs_ratio(a: str, b: str) -> None:
    from difflib import SequenceMatcher

    # repeated pieces make many equally long blocks: the tie-breaking must be difflib's
    for x, y in ((a, b), (a * 3, b + a), (a + b, b + a)):
        expected = 1.0 if x == y else 0.0 if not x or not y else SequenceMatcher(None, x, y, autojunk=False).ratio()
        assert L.similarity(x, y) == expected, (x, y)


_CELL_CHARS = "0123456789１２٣①⑴½ ,.+-－—/／\\无空×xX*（(）)件元万项个\u3000\xa0\t中a"
_CELLS = st.text(alphabet=st.sampled_from(list(_CELL_CHARS)), max_size=8) | st.text(max_size=6)


@settings(max_examples=1000, deadline=None)
@given(_CELLS)
def test_a_cell_is_classified_as_first_written(text: str) -> None:
    from govreport_io.form.recognise import tokens

    assert tokens._classify_cell(text) == tokens._classified(text), repr(text)


_SECTION_AS_WRITTEN = re.compile(r"^\s*(?:#+\s*)?([一二三四五六])\s*[、.．,，]\s*(.+?)\s*$")
_HEADING_PARTS = ["一", "三", "六", "七", "、", ".", "，", "#", "##", " ", "\u2003", "\u3000", "\t", "\n",
                  "总体", "情况", "。", "1", " 2 ", "x", "\xa0", "\x1c"]
_HEADINGS = st.lists(st.sampled_from(_HEADING_PARTS), max_size=10).map("".join)


@settings(max_examples=1000, deadline=None)
@given(_HEADINGS)
def test_a_section_heading_is_matched_as_first_written(text: str) -> None:
    # the title pattern now ends at a non-space character (linear); where the first pattern took a
    # title of white space alone, no heading was made either
    from govreport_io.form.recognise import text as T

    before, now = _SECTION_AS_WRITTEN.match(text), T._SECTION_RE.match(text)
    if before is not None and before.group(2).strip():
        assert now is not None and now.groups() == before.groups(), repr(text)
    assert T._section_match(text) == _section_match_as_written(text), repr(text)


def _section_match_as_written(text: str) -> tuple[int, str] | None:
    from govreport_io.form import template
    from govreport_io.repair.cjk import compact

    m = _SECTION_AS_WRITTEN.match(text)
    if not m:
        return None
    title = compact(m.group(2)).rstrip("。.")
    if not title or len(title) > 40 or re.search(r"\s\d+(\s|$)", m.group(2)) or "。" in title[:-1]:
        return None
    return template.SECTION_NUMERALS.index(m.group(1)) + 1, title


@settings(max_examples=800, deadline=None)
@given(st.text(alphabet=st.sampled_from(
    ["中", "a", "\u2e80", "\u2fdf", "\u2fe0", "\u3037", "\u3038", "\u33ff", "\uf900", "\ufaff", "\U0001f1ff",
     "\U0001f200", "\U0001f2ff", "\U0002f800", "\U0002fa1f", "\U0002fa20", "\U00020000", "\ud800", "\udfff",
     "\U0010ffff", "\uffff"]),
    max_size=10))
def test_the_blocks_that_make_ideographs_are_found_as_by_one_search(text: str) -> None:
    from govreport_io.form.recognise import form_kind

    assert form_kind._makes_ideographs(text) == bool(form_kind._MAKES_IDEOGRAPHS_RE.search(text))


def _tokens_of_as_written(raw: str) -> tuple[str, ...]:
    from govreport_io.form import arith

    out: list[str] = []
    for part in raw.translate(arith._WIDE).split():
        for chunk in re.split(r"([—–/／\\]+)", part):
            if arith._is_blank(chunk):
                out.append(chunk)
                continue
            out.extend(p for p in re.split(r"(?=-)", chunk) if p)
    return tuple(out)


@settings(max_examples=800, deadline=None)
@given(st.text(alphabet="0123456789 -—–/／\\－０１—— .\t", max_size=20))
def test_run_tokens_are_split_as_by_the_patterns_as_written(raw: str) -> None:
    from govreport_io.form import arith

    assert arith.tokens_of(raw) == _tokens_of_as_written(raw)
