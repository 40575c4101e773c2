"""The Markdown reader's fast paths read what markdown-it's own rules read.

The reader puts its own rule in place of markdown-it's ``table`` (one token per table, the
inline parser only for cells with markup) and skips the inline parser on plain text. Here
both parse the same hostile text — pipes, escaped pipes, backticks, ``#``, ``<``, ``&``,
tabs, full-width punctuation, Chinese, empty cells, ragged rows, lines that end a table —
and must give the same cells' text and the same tokens around the tables.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from govreport_io.readers import markdown
from govreport_io.readers._context import ReadContext
from govreport_io.readers._md_inline import children_text
from govreport_io.readers.text import parse_text
from govreport_io.repair.cjk import clean_inline, is_page_furniture, starts_block

_TABLE_TOKENS = {"table_open", "thead_open", "thead_close", "tbody_open", "tbody_close", "tr_open", "tr_close",
                 "th_open", "th_close", "td_open", "td_close", "table_close"}


def _stock() -> MarkdownIt:
    """The reader's parser with markdown-it's own table rule (the reader before the fast rule)."""
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    md.block.ruler.before("table", "tab_table", markdown._tab_table, {"alt": ["paragraph"]})
    return md


_STOCK = _stock()


def _stock_read(text: str) -> tuple[list[Any], list[Any]]:
    """(tables as (first line, rows of cell text), the other tokens) from markdown-it's rule."""
    tables: list[Any] = []
    others: list[Any] = []
    inside = False
    for tok in _STOCK.parse(text):
        if tok.type == "table_open":
            tables.append((tok.map, []))
            inside = True
        elif tok.type == "table_close":
            inside = False
            others.append(("table", tables[-1][0][0], tok.level))
        elif inside and tok.type == "tr_open":
            tables[-1][1].append([])
        elif inside and tok.type == "inline":
            tables[-1][1][-1].append(clean_inline(children_text(tok.children or [])))
        elif tok.type not in _TABLE_TOKENS:
            others.append(_key(tok))
    return [(m, rows) for m, rows in tables], others


def _fast_read(text: str) -> tuple[list[Any], list[Any]]:
    """The same from the reader's parser."""
    tables: list[Any] = []
    others: list[Any] = []
    for tok in markdown._parser().parse(text):
        if tok.type == "gfm_table":
            assert tok.map is not None
            tables.append((tok.map, tok.meta["rows"]))
            others.append(("table", tok.map[0], tok.level))
        else:
            others.append(_key(tok))
    return tables, others


def _key(tok: Token) -> Any:
    kids = [(c.type, c.content) for c in tok.children or []]
    return (tok.type, tok.tag, tok.map, tok.level, tok.content, tok.meta or None, kids)


# Cell text: hostile characters for the splitter and every inline rule.
_PIECES = ["|", "\\|", "\\\\|", "\\", "`", "``", "`a|b`", "#", "<", ">", "<br>", "<b>x</b>", "&", "&amp;", "&#124;",
           "&nbsp;", "\t", " ", "  ", "，", "。", "｜", "：", "\u3000", "\xa0", "中文", "项目", "12", "*", "**粗**",
           "_", "~~删~~", "[", "]", "[链](u)", "![图](p)", "<http://a.b>", "-", ":", "1.", "\\*", "*斜*"]
_CELL = st.lists(st.sampled_from(_PIECES), max_size=5).map("".join)
# Lines that may end a table or start something else under it.
_OTHER = ["", "   ", "\u3000", "> 引用", "# 标题", "- 项", "* 项", "+ 项", "1. 项", "2) 项", "```", "~~~", "<div>",
          "<!-- c -->", "***", "---", "    缩进", "\t缩进", "段落", "a | b", "|", "||", "\\|", "[r]: /u"]


@st.composite
def _row(draw: st.DrawFn, cells: int | None = None) -> str:
    n = draw(st.integers(0, 6)) if cells is None else cells
    body = " | ".join(draw(_CELL) for _ in range(n)) if n else draw(_CELL)
    lead = draw(st.sampled_from(["", "|", "| ", " |", "  ", "   |"]))
    tail = draw(st.sampled_from(["", "|", " |", "| ", "\t"]))
    return lead + body + tail


@st.composite
def _delimiter(draw: st.DrawFn, cells: int) -> str:
    n = cells + draw(st.sampled_from([0, 0, 0, 1, -1]))
    cols = [draw(st.sampled_from(["---", ":--", "--:", ":-:", "-", " --- ", "", "-x-"])) for _ in range(max(n, 0))]
    lead, tail = draw(st.sampled_from([("|", "|"), ("", ""), ("|", ""), (" | ", " |")]))
    return lead + "|".join(cols) + tail


@st.composite
def _document(draw: st.DrawFn) -> str:
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        lines += draw(st.lists(st.sampled_from(_OTHER), max_size=2))
        cells = draw(st.integers(1, 5))
        lines += [draw(_row(cells)), draw(_delimiter(cells))]
        lines += draw(st.lists(st.one_of(_row(), st.sampled_from(_OTHER)), max_size=8))
    return "\n".join(lines) + draw(st.sampled_from(["", "\n"]))


@settings(max_examples=400)
@given(_document())
def test_fast_tables_read_as_markdown_it_tables(text: str) -> None:
    assert _fast_read(text) == _stock_read(text)


@given(_document().map(lambda t: "- 列表项\n\n  " + t.replace("\n", "\n  ")))
def test_fast_tables_in_a_list_item_read_as_markdown_it_tables(text: str) -> None:
    assert _fast_read(text) == _stock_read(text)


@given(_document().map(lambda t: "> " + t.replace("\n", "\n> ")))
def test_fast_tables_in_a_quote_read_as_markdown_it_tables(text: str) -> None:
    assert _fast_read(text) == _stock_read(text)


_LINE = st.tuples(st.sampled_from(["", "", "# ", "## ", "> ", "- ", "    ", "1. ", "   "]), _CELL,
                  st.sampled_from(["", "", "  ", "\\", " #"])).map("".join)


@settings(max_examples=300)
@given(st.lists(_LINE, max_size=12).map("\n".join))
def test_plain_inline_text_reads_as_markdown_its_inline_parser(text: str) -> None:
    # paragraphs, headings, quotes and list items: plain text skips the inline parser
    assert _fast_read(text) == _stock_read(text)


def test_a_table_is_one_token_however_long() -> None:
    text = "| 项目 | 甲 |\n|---|---|\n" + "".join(f"项目{i} | {i}\n" for i in range(5000)) + "\n段落\n"
    tokens = markdown._parser().parse(text)
    assert [t.type for t in tokens] == ["gfm_table", "paragraph_open", "inline", "paragraph_close"]
    assert tokens[0].meta["rows"][-1] == ["项目4999", "4999"]


def test_link_references_defined_after_a_table_reach_its_cells() -> None:
    text = "| a | b |\n|---|---|\n| [链][r] | x |\n\n[r]: /u\n"
    assert _fast_read(text) == _stock_read(text)
    assert _fast_read(text)[0][0][1] == [["a", "b"], ["链", "x"]]


# Lines of text taken out of a PDF in every shape the text reader knows, crawler heads included.
_TEXT_LINES = ["", "  ", "一、总体情况", "（一）主动公开", "本年度工作稳步推进，成效明显。", "— 3 —", "第 2 页", "3/12",
               "标题: 年报", "发布时间: 2022-02-08", "栏目: 年报", "==== 正文 ====", "索引号：0001/2024",
               "项目\t1\t2", "\t1", "\t\t0", "a | b | c", "| 甲 | 乙 |", "|---|---|",
               "\u3000\u3000缩进的段落。", "\ufeff开头", "长" * 40]


@given(st.lists(st.sampled_from(_TEXT_LINES), min_size=1, max_size=30), st.integers(0, 80))
def test_a_text_run_reads_as_if_padded_with_every_line_before_it(run: list[str], before: int) -> None:
    # read_pdf_text once padded each run with every line before it (quadratic); now with a few
    lines = ["x"] * before + run
    padded, fast = ReadContext(source="f.md"), ReadContext(source="f.md")
    expected = parse_text("\n" * before + "\n".join(run), padded)
    assert markdown._text_run(lines, before, len(lines), fast) == expected
    assert fast.warnings == padded.warnings


def _pdf_text_by_counting(lines: list[str]) -> bool:
    """is_pdf_text as it was: both counts over every line, then the decision."""
    footers = sum(1 for ln in lines if is_page_furniture(ln.strip()))
    glued = sum(1 for a, b in pairwise(lines)
                if markdown._is_text_line(a) and markdown._is_text_line(b) and starts_block(a)
                and len(a.strip()) <= 40 and not any(p in a for p in "，。；,;"))
    return footers >= 2 or glued >= 2 or (footers >= 1 and glued >= 1)


@given(st.lists(st.sampled_from([*_TEXT_LINES, "## 二、标题", "- 一、项", "> 1. 引", "    2. 码", "三、短标题，",
                                  " — 3 — ", "\u3000第 2 页\t", "\t3/12", "一、\t标题", "\t二、标题", "  三、标题",
                                  "1. 短", "四、" + "长" * 40, "五、a;b", "\ufeff六、x"]),
                max_size=40))
def test_pdf_text_is_told_as_by_counting_every_line(lines: list[str]) -> None:
    assert markdown.is_pdf_text(lines) == _pdf_text_by_counting(lines)


def test_the_fast_paths_know_every_rule_of_the_parser() -> None:
    # INLINE_MARKUP lists the characters these inline rules act on, and the table rule's
    # terminator check the first characters these block rules start on: a rule enabled
    # later must be added there too
    md = markdown._parser()
    assert set(md.inline.ruler.get_active_rules()) == {"text", "newline", "escape", "backticks", "strikethrough",
                                                       "emphasis", "link", "image", "autolink", "html_inline",
                                                       "entity"}
    assert set(md.core.ruler.get_active_rules()) == {"normalize", "block", "inline", "gfm_table_cells", "text_join"}
    assert {r.name for r in md.block.ruler.__rules__ if r.enabled and "blockquote" in r.alt} == \
        {"fence", "blockquote", "hr", "list", "html_block", "heading"}
