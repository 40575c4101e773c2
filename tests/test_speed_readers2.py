"""The readers' second round of shortcuts (issue #13) answer as the general ways they stand for.

The text reader keeps its lines as strings (line ``i`` numbered ``i + 1 + shift``) instead of an
object per line, remembers each prose line's measured width by its index, and numbers the lines
of a run of a larger file itself (the PDF-to-Markdown path) instead of replacing every block's
position afterwards; the Markdown reader makes short cells once for every read.
"""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from govreport_io.blocks import Block, Cell, SourcePos
from govreport_io.readers import markdown
from govreport_io.readers import text as reader
from govreport_io.readers._context import ReadContext
from govreport_io.repair import make
from govreport_io.repair.cjk import display_width, is_page_furniture

# hostile lines: tables of both kinds, cells one per line, page numbers, enumerators, crawler heads,
# white space of every kind at either end, markup
_PIECES = st.sampled_from([*"0123456789|\t#<&，。：；、（）()一二十第页 \u3000\xa0\x0c\u2028-—报告表项",
                           "— 3 —", "第 2 页", "3/12", "- 4 -", "（一）", "一、", "12．", "\u3000\u3000", "    ",
                           "标题: 年报", "发布时间: 2022-02-08", "====", "索引号：0001/2024", "| 甲 | 乙 |", "|---|",
                           "项目\t1\t2", "\t1", "\t\t0", "长" * 30, "本年度工作稳步推进，成效明显。" * 3])
_LINE = st.lists(_PIECES | st.text(max_size=3), max_size=8).map("".join)
_TEXT = st.lists(_LINE, max_size=40).map("\n".join)


def _shifted(b: Block, shift: int) -> Block:
    pos = b.pos if b.pos.line is None else dataclasses.replace(b.pos, line=b.pos.line + shift)
    return dataclasses.replace(b, pos=pos)


@settings(max_examples=150, deadline=None)
@given(_TEXT, st.integers(0, 50))
def test_a_shifted_read_is_the_read_with_its_line_numbers_shifted(text: str, shift: int) -> None:
    plain, fast = ReadContext(source="f"), ReadContext(source="f")
    expected = [_shifted(b, shift) for b in reader.parse_text(text, plain)]
    warnings = [dataclasses.replace(w, pos=dataclasses.replace(w.pos, line=w.pos.line + shift))
                if w.pos.line is not None else w for w in plain.warnings]
    assert reader.parse_text(text, fast, shift) == expected
    assert fast.warnings == warnings


@settings(max_examples=150, deadline=None)
@given(_TEXT)
def test_the_parser_reads_strings_as_it_reads_numbered_lines(text: str) -> None:
    text = text.replace("\r", "")
    lines = [reader._Line(n + 1, raw) for n, raw in enumerate(text.split("\n"))]
    a, b = ReadContext(), ReadContext()
    assert reader._Parser(text.split("\n"), a, text).run() == reader._Parser(lines, b, text).run()
    assert a.warnings == b.warnings


@settings(max_examples=200, deadline=None)
@given(st.lists(_LINE, max_size=20))
def test_a_measured_width_is_the_width_of_the_paragraphs_strip(raws: list[str]) -> None:
    widths = reader._Widths(len(raws))
    kinds = ["prose" if raw.strip() else "blank" for raw in raws]
    reader._measure(raws, kinds, widths)
    for i, raw in enumerate(raws):
        content = raw.strip(" \t\u3000\xa0")  # as the paragraphs strip
        if content:
            assert widths.of(i, content) == display_width(content)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(_LINE, max_size=5), max_size=5), st.booleans())
def test_a_markdown_table_holds_the_cells_made_anew(rows: list[list[str]], strip: bool) -> None:
    table = markdown._table(rows, strip, SourcePos(line=3))
    assert table.rows == tuple(tuple(Cell(c.strip() if strip else c) for c in r) for r in rows)
    assert all(type(c) is Cell for r in table.rows for c in r)


@settings(max_examples=200, deadline=None)
@given(st.lists(_LINE | st.sampled_from([" — 3 — ", "\u3000第 2 页\u3000", "\t3/12 ", " 5", "一、标题"]), max_size=30))
def test_pdf_text_skips_only_lines_that_are_no_page_number(lines: list[str]) -> None:
    footers = sum(1 for ln in lines if is_page_furniture(ln.strip()))
    fast = sum(1 for ln in lines if not (ln and (markdown.plain_character(ord(ln[0]))
                                                 or markdown.plain_character(ord(ln[-1]))))
               and is_page_furniture(ln.strip()))
    assert fast == footers


# Markdown lines opening with every block marker, indented 0-5 columns by spaces or tabs, nested
# in quotes and list items, around paragraphs, tables and blank lines
_MD_START = st.sampled_from(["", " ", "  ", "   ", "    ", "     ", "\t", " \t", "> ", ">", "- ", "* ", "+ ", "1. ",
                             "2) ", "> - ", "- > ", "  - ", "    - "])
_MD_BODY = st.sampled_from(["", "```", "~~~", "```py", ">", "***", "---", "___", "- - -", "-", "*", "+", "1.", "10)",
                            "[r]: /u", "[a]", "<div>", "<!-- c -->", "<p>x</p>", "</div>", "# 标题", "###### h",
                            "####### x", "#", "#x", "=== ", "===", "| a | b |", "|---|---|", "a\tb", ":--|--:",
                            "一、总体情况", "段落文字，", "&amp;", "`code`", "\\#", "\u3000缩进", "12．", "（一）"])
_MD_DOC = st.lists(st.tuples(_MD_START, _MD_BODY).map("".join), max_size=25).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(_MD_DOC)
def test_guarded_block_rules_parse_as_markdown_its_own(text: str) -> None:
    guarded, plain = markdown.make_parser().parse(text), markdown.make_parser(guards=False).parse(text)
    assert [t.as_dict() for t in guarded] == [t.as_dict() for t in plain]


_ENUMS = st.sampled_from(["1.", "12.", "（一）", "（十）", "一、", "十、", ""])
_AROUND = st.lists(st.sampled_from([*"1２.、．（()）一十 \t\u3000\n", "12.", "（一）", "一、", "项目", "1 ."])
                   | st.text(max_size=2), max_size=10).map("".join)


@settings(max_examples=300, deadline=None)
@given(_ENUMS, _AROUND, st.integers(0, 12), st.integers(0, 12))
def test_the_enumerator_before_a_label_is_found_as_in_the_slice(enum: str, text: str, a: int, b: int) -> None:
    import re

    from govreport_io.repair import crawler

    pos, start = min(a, b, len(text)), min(max(a, b), len(text))
    if not enum:
        return
    plain = re.search(f"(?:{crawler._enum_pattern(enum)})\\s*$", text[pos:start])
    fast = crawler._lead_re(enum).search(text, pos, start)
    assert (plain is None) == (fast is None)
    assert plain is None or fast is None or (pos + plain.start(), pos + plain.end()) == fast.span()


def test_the_code_points_counted_wide_at_once_are_those_of_the_wide_ranges() -> None:
    import re

    from govreport_io.repair import cjk

    wide = re.compile(f"[{cjk._WIDE_RANGES}]")
    assert [c for c in range(0x110000) if cjk._wide_at_once(c)] == \
        [c for c in range(0x110000) if wide.match(chr(c))]


def test_every_characters_display_width_is_its_east_asian_width() -> None:
    import unicodedata

    from govreport_io.repair import cjk

    for c in range(0x110000):
        ch = chr(c)
        assert cjk.display_width(ch) == (2 if unicodedata.east_asian_width(ch) in "WFA" else 1), hex(c)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES | st.text(max_size=4) | st.sampled_from(["\u303f", "\uff61", "①", "é", "\U00020000", "\ud800",
                                                                  "—", "…", "ー", "\u2013"]), max_size=12).map("".join))
def test_display_width_is_what_removing_the_wide_characters_made_it(text: str) -> None:
    import re
    import unicodedata

    from govreport_io.repair import cjk

    # the way it was: the common wide characters removed in one substitution, the rest looked up
    rest = re.sub(f"[{cjk._WIDE_RANGES}]+", "", text)
    plain = 2 * (len(text) - len(rest)) + sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in rest)
    assert cjk.display_width(text) == plain


def test_a_code_point_is_space_as_its_character_is() -> None:
    from govreport_io.repair import cjk

    assert [c for c in range(0x110000) if cjk._is_space(c)] == [c for c in range(0x110000) if chr(c).isspace()]


_WORDS = st.lists(st.sampled_from([*" \t\u3000\xa0\u2028\x1c./@:_\\-aZ1中，", "http://a.b", "文件.pdf", "报告"])
                  | st.text(max_size=3), max_size=8).map("".join)


@settings(max_examples=600, deadline=None)
@given(_WORDS, st.booleans())
def test_the_last_words_mark_is_found_as_splitting_finds_it(piece: str, before: bool) -> None:
    import re

    from govreport_io.repair import cjk

    if not piece.strip():
        return  # unwrap's pieces are never blank
    words = piece.rsplit(None, 1)
    mark = re.compile(r"[./@:_\\-]")
    plain = bool(mark.search(words[-1])) if len(words) == 2 or words[0] != piece \
        else before or bool(mark.search(piece))
    assert cjk._marked_after(piece, before) == plain


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["-", ":", " ", "|", "a", "—", "－"]), max_size=4).map("".join), max_size=5))
def test_a_pipe_line_is_a_delimiter_row_as_the_sets_tell(cells: list[str]) -> None:
    from govreport_io.readers import text as reader

    plain = bool(cells) and all(c and set(c) <= set("-: ") and "-" in c for c in cells)
    assert reader._is_delimiter_row(cells) == plain


_POSITIONS = st.builds(SourcePos, *(st.none() | st.integers(1, 500) for _ in range(5)))


@settings(max_examples=100, deadline=None)
@given(_LINE, st.integers(1, 6), _POSITIONS)
def test_the_fast_heading_is_the_constructors(text: str, level: int, pos: SourcePos) -> None:
    import pickle

    import pytest

    from govreport_io.blocks import Heading

    assert [f.name for f in dataclasses.fields(Heading)] == ["text", "level", "pos"]
    fast, plain = make.heading(text, level, pos), Heading(text, level, pos)
    assert type(fast) is Heading
    assert fast == plain and hash(fast) == hash(plain) and repr(fast) == repr(plain)
    assert pickle.loads(pickle.dumps(fast)) == plain
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.text = "changed"  # type: ignore[misc]


@settings(max_examples=150, deadline=None)
@given(st.lists(_LINE | st.sampled_from(["", " ", "\t1 ", "0", " 0", "\u3000项\u3000", "x" * 31 + " ", " " * 40 + "1"]),
                max_size=20))
def test_a_stripped_cell_is_the_cell_of_the_strip(raws: list[str]) -> None:
    for raw in raws + raws:
        cell = reader.stripped_cell(raw)
        assert cell == Cell(raw.strip()) and type(cell) is Cell


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES | st.sampled_from([":", "：", "索引号", "发布机构", " ", "\n", "文号"]) | st.text(max_size=3),
                max_size=8).map("".join))
def test_a_field_is_read_from_a_line_as_the_pattern_reads_it(line: str) -> None:
    import re

    from govreport_io.blocks import Field
    from govreport_io.repair import fields

    m = re.match(r"^\s*(.{1,12}?)\s*[:：]\s*(.*)$", line)
    key = fields.compact(m.group(1)) if m else None
    plain = Field(key, m.group(2).strip()) if m and key in fields.KNOWN_FIELD_KEYS else None
    assert fields.field_from_line(line) == plain


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*"行政许可其他 \t\u3000\xa0\n1.（一）", "行政 许可", "其\n他"]), max_size=12)
       .map("".join), st.sampled_from(["行政许可", "其他", "许可其", "一", "1."]), st.integers(0, 8))
def test_a_label_found_with_spaces_is_in_the_text_without_them(text: str, core: str, pos: int) -> None:
    from govreport_io.repair import crawler

    # _table_lines searches only for labels in the compacted text
    if crawler._find(text, core, pos) is not None:
        assert core in crawler.compact(text)


_TITLE_TEXT = st.lists(st.sampled_from([*"年度报告 \t\u3000\xa0\n政府信息公开", "2021年", "报 告"]),
                       max_size=12).map("".join)


@settings(max_examples=600, deadline=None)
@given(_TITLE_TEXT, _TITLE_TEXT)
def test_a_text_opens_with_its_title_as_compacting_it_whole_tells(text: str, title: str) -> None:
    from govreport_io.repair import crawler

    if not title.strip():
        return  # a crawler's title is never blank
    flat = crawler.compact(title)
    plain = crawler._position_after(text, flat) if crawler.compact(text).startswith(flat) else None
    assert crawler._title_end(text, title) == plain


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(_LINE, max_size=3).map(lambda r: tuple(map(Cell, r))), max_size=3).map(tuple),
       st.tuples(*(st.none() | st.integers(1, 500) for _ in range(5))))
def test_the_repair_passs_table_and_position_are_the_constructors(rows: tuple[tuple[Cell, ...], ...],
                                                                   fields: tuple[int | None, ...]) -> None:
    import pickle

    import pytest

    from govreport_io.blocks import Table

    assert [f.name for f in dataclasses.fields(SourcePos)] == ["page", "line", "table", "row", "cell"]
    assert [f.name for f in dataclasses.fields(Table)] == ["rows", "pos"]
    pos, plain_pos = make.position(*fields), SourcePos(*fields)
    fast, plain = make.table(rows, pos), Table(rows, plain_pos)
    assert type(pos) is SourcePos and type(fast) is Table
    for a, b in ((pos, plain_pos), (fast, plain)):
        assert a == b and hash(a) == hash(b) and repr(a) == repr(b)
        assert pickle.loads(pickle.dumps(a)) == b
    with pytest.raises(dataclasses.FrozenInstanceError):
        pos.line = 3  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.rows = ()  # type: ignore[misc]


def _plain_kind(raw: str) -> str:
    """The text reader's line kind as it was written (strips made, not scanned)."""
    if "|" not in raw and "\t" not in raw:
        return "prose" if raw.strip() else "blank"
    s = raw.strip(" \u3000\xa0")
    if not s.strip():
        return "cell" if raw.startswith("\t") and not raw.strip("\t") else "blank"
    if s.count("|") >= 2 or (s.startswith("|") and s.endswith("|") and len(s) > 1):
        return "pipe"
    if "\t" in s.lstrip("\t"):
        return "tab"
    if raw.startswith("\t"):
        return "cell"
    return "prose"


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from([*"\t\t\t ||\u3000\xa0\n\x0b\x1c\u2028a1项", "\t\t", " \t "]) | st.text(max_size=2),
                max_size=8).map("".join))
def test_a_lines_kind_is_what_stripping_it_told(raw: str) -> None:
    assert reader._kind(raw) == _plain_kind(raw)
