"""The text reader's fast paths answer as the plain ones do (issue #13, third round)."""

from __future__ import annotations

import dataclasses
import pickle
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from govreport_io.blocks import NOWHERE, Field, SourcePos
from govreport_io.diagnostics import ReaderWarning, WarningCode
from govreport_io.readers import _context
from govreport_io.readers import text as text_reader
from govreport_io.readers._context import ReadContext, decode_text
from govreport_io.repair import cjk, crawler, make

from .test_speed_text import CHROME_FIRST, PLAIN_CHROME_RE

# ---------------------------------------------------------------- decoding: UTF-8 or GB18030


def _plain_mostly_utf8(data: bytes) -> tuple[str, int] | None:
    """_mostly_utf8 as it was: the whole data decoded leniently, then counted."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    wide = len(text) - len(text.encode("ascii", "ignore"))
    return (text, bad) if 0 < bad and bad * 100 <= wide - bad else None


_CHINESE = "政府信息公开工作年度报告本年新收申请数量主动公开规章规范性文件行政许可处罚强制收费"
_TEXTS = st.text(alphabet=_CHINESE + "0123456789 \n，。：（）abc\ufffd", min_size=1, max_size=40)
# pieces of bytes: GB18030 text, UTF-8 text, the bytes that break UTF-8 (lone leads, cut
# characters, surrogates as UTF-8, EF BF BD written out), ASCII, anything; repeated so that
# the data runs past the probe
_PIECE = st.one_of(
    _TEXTS.map(lambda t: t.encode("gb18030")),
    _TEXTS.map(lambda t: t.encode("utf-8")),
    st.sampled_from([b"\xe4", b"\xe4\xb8", b"\xed\xa0\x80", b"\xef\xbf\xbd", b"\xef\xbf", b"\xf0\x9f\x98",
                     b"\x80", b"\xff", b"\xc3", b"abc " * 20, b"\xe6\x94\xbf" * 30]),
    st.binary(max_size=8),
)
_DATA = st.lists(st.tuples(_PIECE, st.integers(1, 80)), min_size=1, max_size=8).map(
    lambda parts: b"".join(p * n for p, n in parts))


def _first_bad(data: bytes) -> int | None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    return None


@settings(max_examples=400, deadline=None)
@given(_DATA)
def test_refusing_on_a_probe_decides_as_decoding_the_whole_data(data: bytes) -> None:
    first_bad = _first_bad(data)
    if first_bad is None:
        return
    assert _context._mostly_utf8(data, first_bad) == _plain_mostly_utf8(data)
    if _context._too_bad(data, first_bad):
        assert _plain_mostly_utf8(data) is None


def test_the_probe_refuses_gb18030_reports_without_decoding_them_whole() -> None:
    data = ("政府信息公开工作年度报告，本年新收申请数量12件。" * 200).encode("gb18030")
    first_bad = _first_bad(data)
    assert first_bad is not None and _context._too_bad(data, first_bad)
    ctx = ReadContext()
    assert decode_text(data, ctx) == data.decode("gb18030")
    assert [w.message for w in ctx.warnings] == ["not UTF-8; decoded as GB18030"]


def test_mostly_utf8_data_is_still_read_as_utf8() -> None:
    data = ("政府信息公开工作年度报告" * 300).encode() + b"\xed\xa0\x80" + ("本年新收" * 200).encode()
    ctx = ReadContext()
    assert decode_text(data, ctx) == data.decode("utf-8", errors="replace")
    assert "UTF-8 with 3 undecodable" in ctx.warnings[0].message


# ---------------------------------------------------------------- crawler captures

_CHROME_PIECES = [
    "当前位置：首页 > 政务公开", "您现在的位置:首页›年报", "您的位置：首页", "当前所在位置: 首页/a",
    "当前位置", "来源：区政府办", "发布时间：2021-01-05 10:00:01", "时间:2021-1-5", "发布", "时间：",
    "浏览次数：12", "访问量 3", "【字体：大 中 小】", "字号:【大】【中】【小】", "【字", "字体", "分享到：",
    "微信 微博 QQ空间", "微信", "QQ空间", "全真版 文字版", "文件下载", "附件下载", "【打印本页】",
    "打印本页", "【关闭窗口】", "关闭窗口】", "【 打印 】", "【 关闭】", "[ 关闭 ]", "[打印]",
    "扫一扫在手机上打开当前页", "扫一扫在手机打开当前页", "相关链接：", "-->", "<!--", "返回顶部", "【", "[",
    " ", "\n", "：", ">", "&gt;", "2021-01-05", "一、总体情况",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_CHROME_PIECES) | st.text(max_size=3), max_size=14))
def test_the_literal_first_chrome_pattern_cuts_what_the_plain_one_cuts(parts: list[str]) -> None:
    text = "".join(parts)
    found = [(m.start(), m.end()) for m in crawler._CHROME_RE.finditer(text)]
    assert found == [(m.start(), m.end()) for m in PLAIN_CHROME_RE.finditer(text)]
    assert all(p[0] in CHROME_FIRST for p in crawler._CHROME_LITERAL_FIRST if p[0] != "\\")


_SUB_PIECES = ["（一）", "(二)", "（ 十一 ）", "（一", "(", "（", "）", "。", "；", "：", " ", "\n", "一", "abc",
               "2021", "（一）主动公开", "。（二）", "：(三)"]
_SUBS = st.lists(st.sampled_from(_SUB_PIECES) | st.text(max_size=3), max_size=10)


@settings(max_examples=400, deadline=None)
@given(_SUBS.map("".join))
def test_the_bracket_first_subheading_pattern_finds_what_the_plain_one_finds(text: str) -> None:
    plain = re.compile(crawler._SUB)
    assert [m.span() for m in crawler._SUB_RE.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert bool(crawler._SUB_RE.match(text)) == bool(plain.match(text))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["a", "\n", "\r", "标题: x", "===="]), max_size=40).map("".join), st.integers(1, 35))
def test_the_head_lines_are_the_first_lines_of_the_split(text: str, n: int) -> None:
    assert text_reader._head_lines(text, n) == text.split("\n")[:n]


_POS = st.builds(SourcePos, *(st.none() | st.integers(1, 500) for _ in range(5)))


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=6), st.text(max_size=6), _POS, st.sampled_from(list(WarningCode)),
       st.none() | st.text(max_size=4))
def test_fields_and_warnings_made_through_the_slots_are_the_constructors(
        key: str, value: str, pos: SourcePos, code: WarningCode, source: str | None) -> None:
    for fast, plain in ((make.field(key, value, pos), Field(key, value, pos)),
                        (make.warning(code, value, pos, source), ReaderWarning(code, value, pos, source))):
        assert fast == plain and hash(fast) == hash(plain) and repr(fast) == repr(plain)
        assert type(fast) is type(plain)
        assert pickle.loads(pickle.dumps(fast)) == plain
        assert dataclasses.replace(fast, pos=NOWHERE) == dataclasses.replace(plain, pos=NOWHERE)
        assert dataclasses.astuple(fast) == dataclasses.astuple(plain)


def test_the_made_fields_and_warnings_set_every_field() -> None:
    assert [f.name for f in dataclasses.fields(Field)] == ["key", "value", "pos"]
    assert [f.name for f in dataclasses.fields(ReaderWarning)] == ["code", "message", "pos", "source"]


# ---------------------------------------------------------------- lines of prose

_ENUM_PIECES = ["一", "二", "十", "三十一", "一二三四", "、", ".", "．", "（", "(", "）", ")", " ", "\u3000", "\t",
                "\x1c", "1", "12", "123", "٣", "５", "本报告", "1.5", "第", "—", "-", "页"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_ENUM_PIECES) | st.text(max_size=2), max_size=8).map("".join))
def test_a_block_start_is_found_as_the_pattern_finds_it(text: str) -> None:
    assert cjk._block_start(text) == bool(cjk._BLOCK_START_RE.match(text))
    assert cjk.starts_block(text) == bool(cjk._BLOCK_START_RE.match(text))


def test_code_points_that_open_no_page_number_open_no_match() -> None:
    for c in range(0x110000):
        if not cjk._may_open_page_number(c):
            ch = chr(c)
            assert not ch.isspace() and not ch.isdecimal() and ch not in "-—–－─第", hex(c)
            assert cjk._PAGE_NUMBER_RE.match(ch + "3 页") is None


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*_ENUM_PIECES, "— 3 —", "第 2 页", "3/12", "，", "："]) | st.text(max_size=2),
                max_size=8).map("".join))
def test_page_furniture_is_what_the_pattern_finds(text: str) -> None:
    plain = bool(cjk._PAGE_NUMBER_RE.match(text)) and any(ch.isdigit() for ch in text)
    assert cjk.is_page_furniture(text) == plain


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="，。；：,;:a一 ", max_size=6))
def test_punctuation_is_found_as_by_the_generator(text: str) -> None:
    assert text_reader._punctuated(text) == any(p in text for p in "，。；：,;:")


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from([" ", "  ", "\t", "\u3000", "\xa0", "a", "本", "\n", "   "]), max_size=12).map("".join))
def test_spaces_collapse_as_the_regex_collapses_them(text: str) -> None:
    assert cjk.collapse_spaces(text) == cjk._EXTRACTION_SPACE_RE.sub(" ", text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from([" ", "  ", "\t", "\u3000", "\xa0", "a", "1", "本", "报", "“", "（", "\n", "é"]),
                max_size=12).map("".join))
def test_spaces_beside_cjk_go_as_the_plain_pattern_removes_them(text: str) -> None:
    plain = re.compile(cjk._SPACE_BESIDE_CJK)
    assert [m.span() for m in cjk._SPACE_BESIDE_CJK_RE.finditer(text)] == [m.span() for m in plain.finditer(text)]
