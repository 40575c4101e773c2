"""The text reader's and the repair pass's fast paths answer as the plain ones do (issue #13,
sixth round): the odd characters looked for once in the source, the crawler's patterns read
over the code points."""

from __future__ import annotations

import re
from collections.abc import Iterator

from hypothesis import given, settings
from hypothesis import strategies as st

from govreport_io.blocks import Block
from govreport_io.form.arith import crawler_vocabulary
from govreport_io.readers import text as text_reader
from govreport_io.readers._context import ReadContext
from govreport_io.repair import chars, crawler, pipeline
from govreport_io.repair.crawler import Line, Vocabulary

_VOCABS = {form: crawler_vocabulary(form) for form in ("2019", "2021")}

# ---------------------------------------------------------------- odd characters


def test_odd_free_answers_as_the_regex_for_every_code_point() -> None:
    for c in range(0x110000):
        ch = chr(c)
        assert pipeline.odd_free(ch) == (chars._ODD_RE.search(ch) is None), hex(c)
        assert pipeline.odd_free("本报告" + ch + "0") == (not chars.has_odd("本报告" + ch + "0")), hex(c)


_ODD_PIECES = ["\r", "\r\n", "\n", "\t", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029", "\x00", "\x7f", "\x9f",
               "\ufdd0", "\ufffe", "\uffff", "\U0001fffe", "\U0010ffff", "\ud800", "\udfff", "\ufeff", "\u3000", "\xa0",
               "·", "𠀀", "本报告", "索引号：1", "|", "#", "<", "&", "，", "0", " ", "\t\t0", "— 3 —"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_ODD_PIECES) | st.text(max_size=3), max_size=30).map("".join))
def test_odd_free_is_has_odd_denied(text: str) -> None:
    assert pipeline.odd_free(text) == (not chars.has_odd(text))


def _plain_repair(blocks: list[Block]) -> tuple[list[Block], list[object]]:
    ctx = ReadContext()
    return pipeline.repair(list(blocks), ctx), ctx.warnings


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_ODD_PIECES) | st.text(max_size=4), max_size=40).map("".join))
def test_the_text_readers_checked_blocks_repair_as_any_blocks(text: str) -> None:
    data = text.encode("utf-8", "surrogatepass")
    ctx = ReadContext()
    blocks = text_reader.read(data, ctx)
    # checked only when nothing is odd in what the blocks were made of
    if isinstance(blocks, chars.Checked):
        assert not any(chars.has_odd(t) for t in pipeline._texts(list(blocks)))
    repaired = pipeline.repair(blocks, ctx)
    again = ReadContext()
    plain = pipeline.repair(list(text_reader.read(data, again)), again)
    assert repaired == plain and repr(repaired) == repr(plain)
    assert ctx.warnings == again.warnings


def test_checked_blocks_skip_only_the_character_pass() -> None:
    seen: list[str] = []

    def step(name: str) -> pipeline.Step:
        def run(blocks: list[Block], ctx: pipeline.Warns) -> list[Block]:
            seen.append(name)
            return blocks
        return run

    steps = (pipeline.normalise_characters, step("a"), step("b"))
    pipeline.repair(chars.Checked(), ReadContext(), (step("first"), *steps))
    assert seen == ["first", "a", "b"]
    assert type(pipeline.repair(chars.Checked(), ReadContext())) is list


# ---------------------------------------------------------------- crawler patterns

_CRAWLER_PIECES = ["一", "二", "三", "四", "五", "六", "七", "十", "、", ".", "．", " ", "\u3000", "\t", "\n", "\xa0",
                   "（", "(", "）", ")", "。", "；", ";", "：", ":", "！", "？", "，", "0", "1", "12345", "0 0 0 0",
                   "３", "٣", "-", "－", "元", "万元", "亿元", "万", "亿", "总体情况", "主动公开政府信息情况", "|",
                   "#", "<", "&", "本年新收政府信息公开申请数量", "申请人情况", "自然人", "商业企业"]
_CRAWLER_TEXT = st.lists(st.sampled_from(_CRAWLER_PIECES) | st.text(max_size=2), max_size=40).map("".join)


@settings(max_examples=600, deadline=None)
@given(_CRAWLER_TEXT, st.sampled_from(["一二三四五六", "一二三四五六七八", "三一", "十七", "一一", "a一"]))
def test_heads_are_the_regexs_matches(text: str, numerals: str) -> None:
    plain = [(m.start(), m.end(), m.group(1)) for m in crawler._HEAD_RE.finditer(text) if m.group(1) in numerals]
    assert crawler._heads(text, numerals) == plain


@settings(max_examples=600, deadline=None)
@given(_CRAWLER_TEXT)
def test_sub_headings_are_the_regexs_matches(text: str) -> None:
    assert crawler._sub_starts(text) == [m.start() for m in crawler._SUB_RE.finditer(text)]
    assert (bool(text) and crawler._sub_at(text, 0)) == bool(crawler._SUB_RE.match(text))
    for i in range(len(text)):
        assert crawler._sub_at(text, i) == bool(crawler._SUB_RE.match(text, i))


@settings(max_examples=600, deadline=None)
@given(_CRAWLER_TEXT)
def test_a_digit_run_is_the_regexs_first_match(text: str) -> None:
    m = crawler._DIGIT_RUN_RE.search(text)
    assert crawler.digit_run(text) == ((m.start(), m.end()) if m else None)


def test_decimal_answers_as_the_string_for_every_code_point() -> None:
    for c in range(0x110000):
        assert crawler._decimal(c) == chr(c).isdecimal() == bool(re.match(r"\d", chr(c))), hex(c)


@settings(max_examples=300, deadline=None)
@given(_CRAWLER_TEXT)
def test_a_unit_ends_where_the_regex_ends_it(text: str) -> None:
    for i in range(len(text) + 1):
        m = crawler._UNIT_RE.match(text, i)
        assert crawler._unit_end(text, i) == (m.end() if m else -1)


def _plain_header_or_text(text: str, vocab: Vocabulary) -> Line:
    flat = crawler.compact(text)
    rest = flat
    limit = len(flat) * 0.4
    if len(rest) <= limit:
        return "header", text
    for w in crawler._longest_first(vocab.header_words):
        rest = rest.replace(w, "")
        if len(rest) <= limit:
            return "header", text
    return "text", text


def test_the_header_share_in_integers_is_the_float_one() -> None:
    for n in range(0, 5000):
        limit = n * 0.4
        assert all((r <= limit) == (5 * r <= 2 * n) for r in range(max(0, int(limit) - 2), int(limit) + 3))


def _plain_table_lines(text: str, vocab: Vocabulary, number: int) -> Iterator[Line]:
    """The table lines as the regexes read the digits and units after each label."""
    pos = 0
    found: list[tuple[int, int, str]] = []
    flat = crawler.compact(text)
    for _, enum, cores in crawler._labels(vocab, number):
        hit = None
        for c in cores:
            if c in flat:
                hit = crawler._find(text, c, pos)
                if hit is not None:
                    break
        if hit is None:
            continue
        start, end = hit
        lead = crawler._lead_re(enum).search(text, pos, start) if enum else None
        found.append((lead.start() if lead else start, end, enum))
        pos = end
    if not found:
        yield from _plain_loose(text, vocab)
        return
    yield from _plain_loose(text[:found[0][0]], vocab)
    for (start, end, _), nxt in zip(found, [*(f[0] for f in found[1:]), len(text)]):
        run = crawler._DIGITS_RE.match(text, end)
        stop = min(run.end() if run else end, nxt)
        unit = crawler._UNIT_RE.match(text, stop) if run and run.group(0).strip() else None
        if unit and unit.end() <= nxt:
            stop = unit.end()
        yield "row", f"{text[start:end].strip()} {text[end:stop].strip()}".strip()
        yield from _plain_loose(text[stop:nxt], vocab)


def _plain_loose(text: str, vocab: Vocabulary) -> Iterator[Line]:
    text = text.strip()
    while text:
        m = crawler._DIGIT_RUN_RE.search(text)
        if m is None:
            yield _plain_header_or_text(text, vocab)
            return
        before = text[:m.start()].strip()
        kind = _plain_header_or_text(before, vocab) if before else ("header", "")
        if kind[0] == "text":
            yield _plain_header_or_text(text, vocab)
            return
        if before:
            yield kind
        yield "row", m.group(0).strip()
        text = text[m.end():].strip()


def _row_pieces(vocab: Vocabulary) -> list[str]:
    out = ["0", "1 2", "3.5", "-", "－", " ", "万元", "元", "亿元", "12345", "0 0 0 0 0", "3456.78", "（一）", "1.",
           "2、"]
    for _, rows in vocab.tables.values():
        for _, labels in rows[:12]:
            out.extend(labels[:2])
    return out + list(vocab.header_words[:10])


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["2019", "2021"]), st.data())
def test_table_lines_read_digits_and_units_as_the_regexes(form: str, data: st.DataObject) -> None:
    vocab = _VOCABS[form]
    text = data.draw(st.lists(st.sampled_from(_row_pieces(vocab)) | st.sampled_from(_CRAWLER_PIECES), max_size=30)
                     .map("".join))
    for number in (2, 3, 4):
        assert list(crawler._table_lines(text, vocab, number)) == list(_plain_table_lines(text, vocab, number))
        assert list(crawler._loose(text, vocab)) == list(_plain_loose(text, vocab))
