"""The text reader's fast paths answer as the plain ones do (issue #13)."""

from __future__ import annotations

import dataclasses
import pickle
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govreport_io.blocks import NOWHERE, Block, Cell, Paragraph, SourcePos, Table
from govreport_io.diagnostics import WarningCode
from govreport_io.repair import crawler, make
from govreport_io.repair.pipeline import number_tables

# The page chrome of crawler captures as first written (crawler._CHROME_LITERAL_FIRST is the same
# alternation with each alternative opening with a literal, which the engine scans for in C).
CHROME_AS_WRITTEN: tuple[str, ...] = (
    # a breadcrumb: segments glued to 首页 or parted by ">", never by a bare space
    r"(?:当前位置|您(?:现在)?的位置|当前所在位置)\s*[:：]\s*首页[^\s>›»/＞]*(?:\s*(?:[>›»/＞]|&gt;)\s*[^\s>›»/＞]+)*",
    r"来源\s*[:：]\s*\S{1,30}", r"(?:发布)?时间\s*[:：]\s*\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?",
    r"浏览次数\s*[:：]?\s*\d*", r"访问量\s*[:：]?\s*\d*",
    r"【?字[体号]\s*[:：]?\s*[【\[]?大[】\]]?\s*[【\[]?中[】\]]?\s*[【\[]?小[】\]]?】?",
    r"分享到\s*[:：]?", r"微信\s*微博\s*(?:QQ空间)?", r"QQ空间", r"全真版\s*文字版", r"文件下载", r"附件下载",
    r"【?打印本页】?", r"【?关闭窗口】?", r"【\s*打印\s*】", r"【\s*关闭\s*】", r"扫一扫在手机(?:上)?打开当前页",
    r"相关链接\s*[:：]?", r"-->", r"<!--", r"返回顶部", r"\[\s*打印\s*\]", r"\[\s*关闭\s*\]",
)
CHROME_FIRST = "当您来发时浏访【字分微Q全文附打关扫相-<返["
"""Every character a piece of chrome can start with (checked below)."""
PLAIN_CHROME_RE = re.compile("|".join(f"(?:{p})" for p in CHROME_AS_WRITTEN))
_PIECES = ["当前位置：首页 > 政务公开", "您的位置:首页", "来源：区政府办", "发布时间：2021-01-05 10:00",
           "时间:2021-1-5", "浏览次数：12", "访问量 3", "【字体：大 中 小】", "字号:大中小", "分享到：",
           "微信 微博 QQ空间", "全真版 文字版", "文件下载", "附件下载", "【打印本页】", "关闭窗口】", "【 打印 】",
           "[ 关闭 ]", "扫一扫在手机上打开当前页", "相关链接：", "-->", "<!--", "返回顶部", "一、总体情况", " ", "\n"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=4), max_size=12))
def test_the_chrome_pattern_cuts_what_the_plain_one_cuts(parts: list[str]) -> None:
    text = "".join(parts)
    assert crawler._CHROME_RE.sub("|", text) == PLAIN_CHROME_RE.sub("|", text)


def test_every_chrome_alternative_starts_with_a_guarded_character() -> None:
    for pattern in CHROME_AS_WRITTEN:
        for piece in _PIECES:
            m = re.match(pattern, piece)
            if m and m.group(0):
                assert m.group(0)[0] in CHROME_FIRST, (pattern, piece)


def test_numbering_tables_keeps_every_field_of_a_table_and_its_position() -> None:
    # number_tables builds the numbered table field by field: these must be all the fields
    assert [f.name for f in dataclasses.fields(Table)] == ["rows", "pos"]
    assert [f.name for f in dataclasses.fields(SourcePos)] == ["page", "line", "table", "row", "cell"]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.none() | st.integers(1, 9), st.none() | st.integers(1, 9)), max_size=6))
def test_numbered_tables_are_what_replacing_the_number_makes(specs: list[tuple[bool, int | None, int | None]]) -> None:
    blocks: list[Block] = [Table(((Cell("a"),),), SourcePos(page=page, table=table)) if is_table
                           else Paragraph("x", SourcePos(page=page)) for is_table, page, table in specs]
    count = 0
    expected: list[Block] = []
    for b in blocks:
        if isinstance(b, Table):
            count += 1
            if b.pos.table is None:
                b = dataclasses.replace(b, pos=dataclasses.replace(b.pos, table=count))
        expected.append(b)
    assert number_tables(blocks, _NoWarnings()) == expected


class _NoWarnings:
    def warn(self, code: WarningCode, message: str, pos: SourcePos | None = None) -> None:
        raise AssertionError(message)


_POSITIONS = st.builds(SourcePos, *(st.none() | st.integers(1, 500) for _ in range(5)))


# ---------------------------------------------------------------- prefilters of the repair pass

# hostile pieces: what page numbers, enumerators and table rows are made of, and what breaks them
_HOSTILE = st.sampled_from([*"0123456789０９٣页第共/,，-—–－─|\t\u3000\xa0 \n\r\x0c\u2028一二十（()）、.．:：aZ报告",
                            "— 3 —", "第 2 页", "3/12", "- 4 -", "（一）", "12．", "\u3000\u3000",
                            chr(0xD800), "\ufffe", "\ufdd0", "\U0001fffe", "\U0001f600", "\x85", "\x7f"])
_HOSTILE_TEXT = st.lists(_HOSTILE | st.text(max_size=3), max_size=10).map("".join)


@settings(max_examples=1000, deadline=None)
@given(_HOSTILE_TEXT)
def test_the_page_furniture_prefilter_only_skips_what_the_pattern_refuses(line: str) -> None:
    from govreport_io.repair import cjk

    plain = bool(cjk._PAGE_NUMBER_RE.match(line)) and any(ch.isdigit() for ch in line)
    assert cjk.is_page_furniture(line) == plain
    assert cjk.is_page_furniture(line.strip()) == (bool(cjk._PAGE_NUMBER_RE.match(line.strip()))
                                                   and any(ch.isdigit() for ch in line))


@settings(max_examples=1000, deadline=None)
@given(_HOSTILE_TEXT)
def test_the_block_start_prefilter_only_skips_what_the_pattern_refuses(line: str) -> None:
    from govreport_io.repair import cjk

    assert cjk.starts_block(line) == bool(cjk._BLOCK_START_RE.match(line))
    content = line.strip(" \t\u3000\xa0")  # as the text reader asks it
    assert cjk.starts_block(content) == bool(cjk._BLOCK_START_RE.match(content))


def test_a_plain_character_opens_or_ends_no_page_number_and_opens_no_enumerator() -> None:
    from govreport_io.repair import cjk

    special = set("-—–－─第页一二三四五六七八九十（(")
    for c in range(0x110000):
        if cjk.plain_character(c):
            ch = chr(c)
            assert not ch.isdecimal() and not ch.isspace() and ch not in special, hex(c)
    assert not any(cjk.plain_character(ord(ch)) for ch in special)


def test_the_prefilters_read_the_characters_as_the_regex_engine_does() -> None:
    # \s and \d of a str pattern are str.isspace and str.isdecimal, over every code point
    every = "".join(map(chr, range(0x110000)))
    assert "".join(re.findall(r"\s", every)) == "".join(ch for ch in every if ch.isspace())
    assert "".join(re.findall(r"\d", every)) == "".join(ch for ch in every if ch.isdecimal())


@settings(max_examples=500, deadline=None)
@given(_HOSTILE_TEXT)
def test_removing_extraction_spaces_skips_only_text_without_them(text: str) -> None:
    from govreport_io.repair import cjk

    plain = cjk._EXTRACTION_SPACE_RE.sub(" ", cjk._SPACE_BESIDE_CJK_RE.sub("", text.strip(" \t\u3000\xa0")))
    assert cjk.remove_extraction_spaces(text) == (plain if cjk._EXTRACTION_SPACE_RE.search(text) else text)


def test_every_odd_character_is_unprintable() -> None:
    # has_odd answers False for printable text without the regex: over every code point
    from govreport_io.repair import chars

    printable = "".join(ch for ch in map(chr, range(0x110000)) if ch.isprintable())
    assert chars._ODD_RE.search(printable) is None
    assert chars._MAYBE_ODD_RE.search("\r\n") is not None


@settings(max_examples=500, deadline=None)
@given(st.lists(_HOSTILE_TEXT | st.text(max_size=6), max_size=8))
def test_odd_characters_are_found_in_texts_joined_without_a_separator(texts: list[str]) -> None:
    from govreport_io.repair import chars

    def plain(t: str) -> bool:
        return chars._ODD_RE.search(t) is not None

    anywhere = any(plain(t) for t in texts)
    assert chars.has_odd("".join(texts)) == anywhere == plain("\n".join(texts)) == plain("".join(texts))


_LINES = st.lists(st.sampled_from(["标题: 某某报告", "发布时间：2021-01-05", " 文号 : x ", "==== ", "a:b", "\r\n", "\r",
                                   "\n", "\x0c", "\u2028", "\x85", " ", "\u3000", "\t", "：", "来源:", "key:\n"])
                  | _HOSTILE_TEXT, max_size=40).map("".join)


@settings(max_examples=500, deadline=None)
@given(_LINES, st.integers(1, 6))
def test_the_first_lines_are_those_of_the_whole_text(text: str, n: int) -> None:
    assert crawler.first_lines(text, n) == text.splitlines()[:n]
    assert crawler.first_lines(text, 20) == text.splitlines()[:20]


# a crawler header line's pattern as first written (quadratic in a run of spaces inside the value)
_FIELD_AS_WRITTEN = re.compile(r"^\s*([^\s:：]{1,8})\s*[:：]\s?(.*?)\s*$")


@settings(max_examples=500, deadline=None)
@given(_LINES)
def test_the_field_key_pattern_finds_the_key_the_field_pattern_finds(text: str) -> None:
    for line in text.splitlines():
        full, key = _FIELD_AS_WRITTEN.match(line), crawler._FIELD_KEY_RE.match(line)
        assert (full is None) == (key is None)
        assert full is None or key is None or full.group(1) == key.group(1)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(["标题", "文号", ":", "：", " ", "  ", "\t", "\u3000", "\xa0", "\u2003", "x", "值",
                                 "\x1c", "\x85", "\u2028", "\r", "\n", "1"]), max_size=14).map("".join))
def test_a_header_line_reads_as_the_field_pattern_read_it(text: str) -> None:
    for line in [*text.splitlines(), text]:
        if any(ch in line for ch in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"):
            continue  # split_header reads lines of splitlines(): none holds a line break
        m = _FIELD_AS_WRITTEN.match(line)
        assert crawler.field_of(line) == (None if m is None else (m.group(1), m.group(2))), repr(line)


@settings(max_examples=200, deadline=None)
@given(_HOSTILE_TEXT, _POSITIONS, st.booleans())
def test_the_text_readers_paragraph_is_the_constructors(text: str, pos: SourcePos, literal: bool) -> None:

    fast, plain = make.paragraph(text, pos, literal), Paragraph(text, pos, literal)
    assert type(fast) is Paragraph
    assert fast == plain and hash(fast) == hash(plain) and repr(fast) == repr(plain)
    assert pickle.loads(pickle.dumps(fast)) == plain
    assert make.paragraph(text, pos) == Paragraph(text, pos)
    assert dataclasses.replace(fast, text="x") == dataclasses.replace(plain, text="x")
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.text = "changed"  # type: ignore[misc]


def test_the_text_readers_paragraph_sets_every_field() -> None:
    assert [f.name for f in dataclasses.fields(Paragraph)] == ["text", "pos", "literal_spaces"]
    assert make.paragraph("a", NOWHERE) == Paragraph("a")


@settings(max_examples=200, deadline=None)
@given(st.lists(_HOSTILE_TEXT, max_size=20))
def test_the_cached_cells_are_the_cells_made_anew(texts: list[str]) -> None:
    from govreport_io.readers import text as reader

    for t in texts + texts:
        assert make.cell(t) == Cell(t) and type(make.cell(t)) is Cell
    assert reader._rows([texts, ["x" * 40, ""]]) == (tuple(map(Cell, texts)), (Cell("x" * 40), Cell("")))


@settings(max_examples=500, deadline=None)
@given(st.lists(_LINES | st.sampled_from(["标题：x", "文号: y", "发布机构:z", "=====", " ====x", "=== =", "\ufeff"]),
                max_size=25))
def test_is_crawler_text_answers_as_the_plain_test(parts: list[str]) -> None:
    text = "\n".join(parts)
    lines = text.lstrip("\ufeff").splitlines()[:20]
    keys = {m.group(1) for ln in lines if (m := _FIELD_AS_WRITTEN.match(ln))}
    separated = any(crawler._SEPARATOR_RE.match(ln) for ln in lines)
    plain = len(keys & set(crawler.CRAWLER_FIELD_KEYS[:6])) >= 2 and separated
    assert crawler.is_crawler_text(text) == plain


@settings(max_examples=300, deadline=None)
@given(st.lists(_HOSTILE_TEXT, max_size=30))
def test_the_text_reader_reads_alike_with_and_without_the_whole_text(parts: list[str]) -> None:
    from govreport_io.readers import text as reader
    from govreport_io.readers._context import ReadContext

    text = "\n".join(parts).replace("\r", "")
    lines = [reader._Line(n + 1, raw) for n, raw in enumerate(text.split("\n"))]
    fast, slow = ReadContext(), ReadContext()
    with_text, without = reader._Parser(lines, fast, text), reader._Parser(lines, slow)
    assert with_text.kinds == without.kinds == reader._row_kinds([reader._kind(ln.raw) for ln in lines],
                                                                 [ln.raw for ln in lines])
    assert [("prose" if ln.raw.strip() else "blank") for ln in lines if "|" not in ln.raw and "\t" not in ln.raw] \
        == [k for ln, k in zip(lines, without.kinds) if "|" not in ln.raw and "\t" not in ln.raw]
    assert with_text.run() == without.run() and fast.warnings == slow.warnings


@settings(max_examples=300, deadline=None)
@given(st.lists(_HOSTILE_TEXT | st.sampled_from(["  ", " ", "\t", "\u3000", "\xa0", "a", "报"]), max_size=20))
def test_collapsing_spaces_is_the_substitution(parts: list[str]) -> None:
    text = "".join(parts)
    from govreport_io.repair import cjk

    # the crawler's body used re.sub(r"[ \t\u3000\xa0]+", " ", …), the same pattern as cjk's
    plain = re.sub(r"[ \t\u3000\xa0]+", " ", text)
    assert cjk.collapse_spaces(text) == plain == cjk._EXTRACTION_SPACE_RE.sub(" ", text)


def test_every_white_space_but_the_space_is_unprintable() -> None:
    # compact returns printable text without " " as it is
    assert all(not ch.isprintable() for ch in map(chr, range(0x110000)) if ch.isspace() and ch != " ")


@settings(max_examples=500, deadline=None)
@given(_HOSTILE_TEXT | st.text(max_size=10))
def test_compact_removes_what_splitting_removes(text: str) -> None:
    from govreport_io.repair import cjk

    assert cjk.compact(text) == "".join(text.split())


_ROW_PIECES = ["行政许可", " 12", " 0", "3", " ", "万元", "元", "亿元", "．", "-", "－", "\t", "\u3000", "\xa0",
               "\n", "（一）", "1.", "5"]
_ROWS = st.lists(_HOSTILE | st.sampled_from(_ROW_PIECES), max_size=12).map("".join)


@settings(max_examples=2000, deadline=None)
@given(_ROWS)
def test_a_rows_parts_are_those_the_row_pattern_finds(text: str) -> None:
    m = crawler._ROW_RE.match(text)
    assert crawler._row_parts(text) == ((m.group("label") or "", m.group("digits")) if m else None)


def test_a_rows_parts_are_those_the_row_pattern_finds_for_every_short_text() -> None:
    import itertools

    alphabet = ["许", "1", " ", "\t", ".", "－", "元", "万", "３", "\n"]
    for n in range(6):
        for chars in itertools.product(alphabet, repeat=n):
            text = "".join(chars)
            m = crawler._ROW_RE.match(text)
            assert crawler._row_parts(text) == ((m.group("label") or "", m.group("digits")) if m else None), text


@settings(max_examples=500, deadline=None)
@given(_HOSTILE_TEXT | st.text(max_size=12))
def test_the_guarded_space_pattern_removes_what_the_plain_one_removes(text: str) -> None:
    from govreport_io.repair import cjk

    assert cjk._SPACE_BESIDE_CJK_RE.sub("", text) == re.compile(cjk._SPACE_BESIDE_CJK).sub("", text)


@settings(max_examples=1000, deadline=None)
@given(_ROWS)
def test_a_label_loses_the_enumerator_the_pattern_removes(text: str) -> None:
    assert crawler._without_enumerator(text) == crawler._ROW_ENUM_RE.sub("", text)


@settings(max_examples=1000, deadline=None)
@given(_ROWS)
def test_the_guarded_subheading_pattern_finds_what_the_plain_one_finds(text: str) -> None:
    plain = re.compile(crawler._SUB)
    assert [m.span() for m in crawler._SUB_RE.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert bool(crawler._SUB_RE.match(text)) == bool(plain.match(text))
