"""The text reader's and the repair pass's fast paths answer as the plain ones do (issue #13,
fourth round)."""

from __future__ import annotations

import dataclasses
import pickle

from hypothesis import given, settings
from hypothesis import strategies as st

from govreport_io.blocks import NOWHERE, Block, Paragraph, SourcePos, Table
from govreport_io.readers import text as text_reader
from govreport_io.readers._context import ReadContext
from govreport_io.repair import cjk, crawler, fields, make, pipeline

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


# ---------------------------------------------------------------- prose stripped once

_LINE_ENDS = st.sampled_from(["", " ", "\t", "\u3000", "\u3000\u3000", "\xa0", "    ", "\x0c", "\u2028", "\x85",
                              "\u2003", " \x0c ", "\u3000\x0b"])
_WORDS = st.text(alphabet="政府信息公开工作年度报告本年新收申请abc 012，。：；,;:（一）1.、—|#<&\t",
                 min_size=1, max_size=34)
_LINES = st.lists(st.one_of(st.tuples(_LINE_ENDS, _WORDS, _LINE_ENDS).map("".join), st.just(""), _LINE_ENDS),
                  max_size=30)


def _plain_paragraphs(raws: list[str], prose: list[int], measure: int | None) -> list[Paragraph]:
    """_paragraphs as it was: every line stripped again, every paragraph unwrapped."""
    strip = " \t\u3000\xa0"
    if measure is None:
        return [Paragraph(c, SourcePos(line=i + 1)) for i in prose if (c := raws[i].strip(strip))]
    out: list[Paragraph] = []
    cur: list[int] = []

    def flush() -> None:
        out.append(Paragraph(cjk.unwrap([raws[j] for j in cur]), SourcePos(line=cur[0] + 1), False))

    for i in prose:
        raw = raws[i]
        content = raw.strip(strip)
        if not content:
            continue
        opens = cjk.starts_block(content)
        if cur and (raw.startswith(("\u3000\u3000", "    ")) or opens):
            flush()
            cur = []
        slack = 6 if cur else 10
        cur.append(i)
        heading = len(cur) == 1 and opens and not any(p in content for p in "，。；：,;:")
        if heading or cjk.display_width(content) < measure - slack:
            flush()
            cur = []
    if cur:
        flush()
    return out


@settings(max_examples=500, deadline=None)
@given(_LINES)
def test_prose_stripped_once_makes_the_paragraphs_stripping_twice_made(raws: list[str]) -> None:
    kinds = [text_reader._prose_or_blank(raw) for raw in raws]
    widths = text_reader._Widths(len(raws))
    measure = text_reader._measure(raws, kinds, widths)
    plain_measure = None if any(raw.startswith("\u3000\u3000") for raw in raws) else \
        cjk.wrap_width([cjk.display_width(raws[i].strip()) for i in range(len(raws)) if kinds[i] == "prose"])
    assert measure == plain_measure
    # the paragraphs of every prose line, and of a run with lines of other kinds among them
    for prose in ([i for i, k in enumerate(kinds) if k == "prose"], list(range(len(raws)))):
        for m in {measure, 30, None}:
            assert text_reader._paragraphs(raws, prose, m, widths) == _plain_paragraphs(raws, prose, m)
            assert text_reader._paragraphs(raws, prose, m) == _plain_paragraphs(raws, prose, m)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="索引号文件编号:：: \u3000\t\xa0|#<&0１", max_size=8))
def test_a_key_cell_ends_with_a_colon_as_the_suffix_tuple_says(cell: str) -> None:
    assert fields._marked(cell) == cjk.compact(cell).endswith((":", "："))
