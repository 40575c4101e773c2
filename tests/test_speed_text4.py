"""The text reader's and the repair pass's fast paths answer as the plain ones do (issue #13,
fourth round)."""

from __future__ import annotations

import dataclasses
import pickle

from hypothesis import given, settings
from hypothesis import strategies as st

from govreport_io.blocks import NOWHERE, Block, SourcePos, Table
from govreport_io.readers._context import ReadContext
from govreport_io.repair import cjk, crawler, make, pipeline

# ---------------------------------------------------------------- page furniture

_FURNITURE_PIECES = ["— 3 —", "- 4 -", "第 2 页", "第3页，共12页", "3/12", "12 / 40", "－", "─", "–", "—", "-",
                     "第", "页", "共", "/", "，", ",", " ", "\u3000", "\t", "0", "7", "٣", "０", "3.其他", "一、",
                     "（二）", "0 0 0 0", "|", "#", "<", "&"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_FURNITURE_PIECES) | st.text(max_size=2), max_size=8).map("".join))
def test_a_line_without_a_dash_di_or_slash_is_no_page_number(text: str) -> None:
    if not cjk._may_hold_page_number(text):
        assert cjk._PAGE_NUMBER_RE.match(text) is None
    plain = bool(cjk._PAGE_NUMBER_RE.match(text)) and any(ch.isdigit() for ch in text)
    assert cjk.is_page_furniture(text) == plain


# ---------------------------------------------------------------- crawler captures

_HEAD_PIECES = ["标题: 报告", "发布时间: 2022-01-01", "文号:", "栏目: 年报", "====", "==== 正文 ====", "===",
                "\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\ufeff", "a", "：", ":", " "]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_HEAD_PIECES) | st.text(max_size=3), max_size=40).map("".join))
def test_a_crawler_capture_is_told_as_its_first_lines_tell_it(text: str) -> None:
    lines = text.lstrip("\ufeff").splitlines()[:20]
    separator = any(crawler._SEPARATOR_RE.match(ln) for ln in lines)
    keys = {m.group(1) for ln in lines if (m := crawler._FIELD_KEY_RE.match(ln))}
    assert crawler.is_crawler_text(text) == (separator and len(keys & crawler._CRAWLER_KEYS) >= 2)
    for n in (1, 3, 20):
        assert crawler.first_lines(text, n) == text.splitlines()[:n]


# ---------------------------------------------------------------- numbered tables


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.none(), st.integers(1, 10**6)), st.integers(1, 500))
def test_a_numbered_position_is_the_constructors(line: int | None, table: int) -> None:
    made = make.numbered(line, table)
    plain = SourcePos(line=line, table=table)
    assert made == plain and hash(made) == hash(plain) and repr(made) == repr(plain)
    assert pickle.loads(pickle.dumps(made)) == plain
    assert dataclasses.replace(made, row=3) == dataclasses.replace(plain, row=3)
    assert make.numbered(line, table) is made  # one object for every read


def test_number_tables_numbers_as_the_constructor_numbers() -> None:
    cells = ((make.cell("a"), make.cell("b")),)
    blocks: list[Block] = [Table(cells, SourcePos(line=3)), Table(cells, SourcePos(page=2, line=9, row=1)),
                           Table(cells, SourcePos(table=7)), Table(cells, NOWHERE)]
    out = pipeline.number_tables(blocks, ReadContext())
    assert [b.pos for b in out] == [SourcePos(line=3, table=1), SourcePos(page=2, line=9, table=2, row=1),
                                    SourcePos(table=7), SourcePos(table=4)]
