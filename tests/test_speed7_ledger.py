"""The recogniser's shortcuts of the seventh speed pass, against the plain code they replaced.

- block_text strips only when an end is a space; it must read as remove_extraction_spaces, the
  line join and the strip did (remove_extraction_spaces' own walk by code point is compared in
  tests/test_speed7_cjk.py).
- section_match tells by code point whether a text may open a section; unnumbered_section keeps
  a memo per number; the sections stage asks by the unit's text alone.
- split_words splits with str.split a line whose brackets follow no digit, "," "." or space; the
  tokens stage tells "" and ASCII digits at once and keeps no memo of its own.
- Ledger.of and the stages tell the common block kinds by exact type before isinstance.

No test here is timed.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from govreport_io.blocks import Cell, Field, Heading, Paragraph, SourcePos, Table
from govreport_io.form import template as T
from govreport_io.form.recognise import sections, text, tokens
from govreport_io.form.recognise.ledger import Ledger, Tok, Unit
from govreport_io.repair.cjk import compact, is_extraction_space, remove_extraction_spaces

# Characters that matter to the code under test: every space of the class and other white space,
# line breaks, CJK and full-width text, digits of several kinds, brackets, markup-like ASCII.
_CHARS = (" ", " ", "\t", "\u3000", "\xa0", "\n", "\r", "\x0b", "\u2028", "\x85", "\u2003", "a", "Z", "x",
          "1", "0", "9", "０", "٣", "²", ",", ".", "，", "。", "、", "：", "（", "）", "(", ")", "一", "二",
          "三", "四", "五", "六", "七", "本", "报", "告", "情", "况", "总", "体", "|", "#", "<", "&", "“", "”",
          "—", "…", "·", "ア", "\U00020000", "é", "\u0301", "\uf900", "\u2f00", "㈠", "-", "/", "无")
_TEXT = st.text(st.sampled_from(_CHARS), max_size=40)
_LONG = st.builds(lambda t, k: t * k, st.text(st.sampled_from(_CHARS), min_size=1, max_size=30),
                  st.integers(1, 20))
_PHRASES = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项",
            "总体情况", "主动公开政府信息情况", "存在的主要问题及改进情况", "其他需要报告的事项", "# 三、 收到申请",
            "  二 、主动公开", "（一）主动公开情况", "规章 0 0 0", "2024 年 1 月", "本 报 告", "Hello  world 你 好",
            "行政许可 3456", "22（其中修订16件）", "12 （注）", "１２（注）", "", "0", "—", "/", "无"]
_MIXED = st.one_of(_TEXT, _LONG, st.sampled_from(_PHRASES),
                   st.lists(st.sampled_from(_PHRASES + list(_CHARS)), max_size=8).map("".join))


def _block_text_as_written(b: object) -> str:
    """block_text as first written (the reference of its shortcuts)."""
    if not isinstance(b, (Heading, Paragraph)):
        return ""
    t = remove_extraction_spaces(b.text) if isinstance(b, Paragraph) and not b.literal_spaces else b.text
    if "\n" in t:
        t = " ".join(t.split("\n"))
    return t.strip(" \t\u3000\xa0")


@settings(max_examples=400, deadline=None)
@given(_MIXED, st.booleans())
def test_block_text_reads_as_written(t: str, literal: bool) -> None:
    for b in (Paragraph(t, literal_spaces=literal), Heading(t)):
        assert text.block_text(b) == _block_text_as_written(b)


def test_block_text_of_other_blocks_and_long_lines() -> None:
    assert text.block_text(Table(((Cell("1"),),))) == ""
    assert text.block_text(Field("索引号", "1")) == ""  # type: ignore[arg-type]
    for t in ("本 报 告" * 100, " 2024 年 " * 40 + "\n", "a b" * 200, "一 \u3000 二\t三\xa0四 x  y", "\u3000 \t"):
        for literal in (True, False):
            b = Paragraph(t, literal_spaces=literal)
            assert text.block_text(b) == _block_text_as_written(b)


def test_code_point_tests_match_the_string_tests() -> None:
    # _space_at is str.isspace, and is_extraction_space the class block_text strips, for every
    # code point of the BMP and beyond
    for c in range(0x30000):
        ch = chr(c)
        assert text._space_at(ch, 0) == ch.isspace(), hex(c)
        assert is_extraction_space(c) == (ch in " \t\u3000\xa0"), hex(c)


def _may_open_as_written(t: str) -> bool:
    s = t.lstrip()
    if s[:1] == "#":
        s = s.lstrip("#").lstrip()
    return s[:1] in frozenset("一二三四五六")


@settings(max_examples=400, deadline=None)
@given(_MIXED)
def test_section_match_reads_as_written(t: str) -> None:
    assert text._may_open_a_section(t) == _may_open_as_written(t)
    assert text.section_match(t) == text._section_match(t)  # the regex alone decides
    for number in range(1, 9):
        expected = None if number > 6 or len(t) > 30 else text._unnumbered_section(t, number)
        assert text.unnumbered_section(t, number) == expected
        assert text.unnumbered_section(t, number) == expected  # remembered, the same


def test_unnumbered_section_of_each_title() -> None:
    for number in range(1, 7):
        for title in (T.SECTION_TITLES[number], *T.SECTION_TITLE_VARIANTS.get(number, ())):
            for t in (title, title + "。", title[:-1]):
                assert text.unnumbered_section(t, number) == text._unnumbered_section(t, number)


_BLOCKS = st.one_of(
    st.builds(lambda t, lit: Paragraph(t, literal_spaces=lit), _MIXED, st.booleans()),
    st.builds(Heading, _MIXED),
    st.builds(lambda rows: Table(tuple(tuple(Cell(c) for c in r) for r in rows)),
              st.lists(st.lists(_MIXED, max_size=4), max_size=3)),
    st.builds(lambda k, v: Field(k, v), st.sampled_from(["索引号", "发布机构：", " ", "#"]), _TEXT),
)


def _heads_as_written(ledger: Ledger) -> list[tuple[int, int, str]]:
    """sections._heads as first written: text blocks only, by isinstance."""
    heads: list[tuple[int, int, str]] = []
    last = 0
    for u in ledger.units:
        if not isinstance(u.block, (Heading, Paragraph)):
            continue
        t = ledger.texts[u.index]
        m = text.section_match(t) or text.unnumbered_section(t, last + 1)
        if not m:
            continue
        number, title = m
        if number <= last or number > last + 3 or not text.title_fits(number, title):
            continue
        heads.append((u.index, number, title))
        last = number
    return heads


@settings(max_examples=200, deadline=None)
@given(st.lists(_BLOCKS, max_size=14))
def test_ledger_and_heads_read_as_written(blocks: list[object]) -> None:
    ledger = Ledger.of(blocks, "x")  # type: ignore[arg-type]
    fields = [(compact(b.key).rstrip(":："), b.value.strip()) for b in blocks if isinstance(b, Field)]
    assert ledger.fields == [f for f in fields if f[0]]
    assert [u.block for u in ledger.units] == [b for b in blocks if not isinstance(b, Field)]
    assert [u.index for u in ledger.units] == list(range(len(ledger.units)))
    assert ledger.texts == [_block_text_as_written(u.block) for u in ledger.units]
    assert sections._heads(ledger) == _heads_as_written(ledger)


_WORDY = st.one_of(_MIXED, st.lists(st.sampled_from(["12", "（注）", "(a)", " ", "１", "٣", "²", "（", "(", ",", ".",
                                                     "项", "\u3000", "\t", "1,2", "3.5"]), max_size=10).map("".join))


@settings(max_examples=400, deadline=None)
@given(_WORDY)
def test_split_words_reads_as_findall(t: str) -> None:
    assert tokens.split_words(t) == tokens.TOKEN_RE.findall(t)
    assert tokens._quick_kind(t) in ("", tokens.classify_cell(t))


def _tokenise_as_written(ledger: Ledger, units: list[Unit]) -> list[Tok]:
    """tokens.tokenise as first written: isinstance, a memo of the stream's own, classify_cell."""
    toks: list[Tok] = []
    kinds: dict[str, str] = {}
    row_no = 0
    for u in units:
        b = u.block
        if isinstance(b, Table):
            n = 0
            for row in b.rows:
                row_no += 1
                for cell in row:
                    kind = kinds.get(cell.text)
                    if kind is None:
                        kind = kinds[cell.text] = tokens.classify_cell(cell.text)
                    toks.append(Tok(kind, cell.text, u.index, n, row_no))
                    n += 1
                toks.append(Tok("eor", "", u.index, -1, row_no))
            ledger.ntokens[u.index] = n
            continue
        parts = tokens.TOKEN_RE.findall(b.text if isinstance(b, (Heading, Paragraph)) else "")
        for n, part in enumerate(parts):
            kind = tokens.classify_cell(part)
            if kind == "empty" and compact(part) not in ("", "/", "—", "-"):
                kind = "text"
            toks.append(Tok(kind, part, u.index, n))
        ledger.ntokens[u.index] = len(parts)
    return toks


@settings(max_examples=200, deadline=None)
@given(st.lists(_BLOCKS.filter(lambda b: not isinstance(b, Field)), max_size=10))
def test_tokenise_reads_as_written(blocks: list[object]) -> None:
    fast, plain = Ledger.of(blocks, "x"), Ledger.of(blocks, "x")  # type: ignore[arg-type]
    assert tokens.tokenise(fast, fast.units) == _tokenise_as_written(plain, plain.units)
    assert fast.ntokens == plain.ntokens
    assert [tokens.words(u) for u in fast.units] == [
        tokens.TOKEN_RE.findall(u.block.text) if isinstance(u.block, (Heading, Paragraph)) else []
        for u in fast.units]


def test_noted_numbers_still_found() -> None:
    # the first branch of TOKEN_RE wherever a digit, "," "." or a space stands before the bracket
    for t in ("22（其中修订16件）", "1,234 (注)", "3.（一）", "１２（注）", "٣(a)", "x 12\u3000（注） y", "²（注）"):
        assert tokens.split_words(t) == tokens.TOKEN_RE.findall(t), t
    assert tokens.split_words("第二十条第（一）项 12") == ["第二十条第（一）项", "12"]
    assert re.fullmatch(r"\S+", "（一）主动公开情况")


def test_block_kinds_are_apart() -> None:
    # what the exact-type shortcuts rest on: no common block kind is another's subclass
    kinds = (Heading, Paragraph, Table, Field)
    for a in kinds:
        for b in kinds:
            assert a is b or not issubclass(a, b)
    assert Paragraph("x", SourcePos()).__class__ is Paragraph
