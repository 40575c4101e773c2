"""The text reader's fast paths answer as the plain ones do (issue #13)."""

from __future__ import annotations

import dataclasses
import pickle
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govreport_io.blocks import NOWHERE, Block, Cell, Paragraph, SourcePos, Table, make_paragraph
from govreport_io.diagnostics import WarningCode
from govreport_io.repair import crawler
from govreport_io.repair.pipeline import number_tables

_PLAIN_CHROME_RE = re.compile("|".join(f"(?:{p})" for p in crawler._CHROME))
_PIECES = ["当前位置：首页 > 政务公开", "您的位置:首页", "来源：区政府办", "发布时间：2021-01-05 10:00",
           "时间:2021-1-5", "浏览次数：12", "访问量 3", "【字体：大 中 小】", "字号:大中小", "分享到：",
           "微信 微博 QQ空间", "全真版 文字版", "文件下载", "附件下载", "【打印本页】", "关闭窗口】", "【 打印 】",
           "[ 关闭 ]", "扫一扫在手机上打开当前页", "相关链接：", "-->", "<!--", "返回顶部", "一、总体情况", " ", "\n"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=4), max_size=12))
def test_the_guarded_chrome_pattern_cuts_what_the_plain_one_cuts(parts: list[str]) -> None:
    text = "".join(parts)
    assert crawler._CHROME_RE.sub("|", text) == _PLAIN_CHROME_RE.sub("|", text)


def test_every_chrome_alternative_starts_with_a_guarded_character() -> None:
    for pattern in crawler._CHROME:
        for piece in _PIECES:
            m = re.match(pattern, piece)
            if m and m.group(0):
                assert m.group(0)[0] in crawler._CHROME_FIRST, (pattern, piece)


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


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30), _POSITIONS, st.booleans())
def test_make_paragraph_makes_what_the_constructor_makes(text: str, pos: SourcePos, literal: bool) -> None:
    fast, plain = make_paragraph(text, pos, literal), Paragraph(text, pos, literal)
    assert type(fast) is Paragraph
    assert fast == plain and hash(fast) == hash(plain) and repr(fast) == repr(plain)
    assert pickle.loads(pickle.dumps(fast)) == plain
    assert dataclasses.replace(fast, text="x") == dataclasses.replace(plain, text="x")
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.text = "changed"  # type: ignore[misc]


def test_make_paragraph_sets_every_field() -> None:
    assert [f.name for f in dataclasses.fields(Paragraph)] == ["text", "pos", "literal_spaces"]
    assert make_paragraph("a", NOWHERE) == Paragraph("a")
