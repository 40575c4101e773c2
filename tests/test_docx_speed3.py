"""The DOCX reader's third round of shortcuts (issue 13) gives what the general ways give.

A plain table's reader keeps the cell it is gathering in local variables (its pieces of
text, its first ``w:gridSpan`` and ``w:vMerge``) and makes the cell when the next cell, the
next row or the table's end comes, rather than a list a cell filled in as it went; the
paragraph styles' names are lower-cased once, when the styles part is read, rather than at
every paragraph; a style name's heading level is cached. Each is checked here against the
general way: :func:`_rows` for tables, the tree's style names lower-cased at each look-up,
and the heading level worked out afresh.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from govreport_io.readers import docx as reader

from .test_speed_office import W_NS, _by_tree, _styles, _styles_parts

# hostile cell text: Chinese, pipes, tabs, #, <, &, digits, full-width punctuation, the 2019 form's words
TEXTS = st.one_of(
    st.sampled_from(["", " ", "甲", "第二十条第（一）项", "本年新收政府信息公开申请数量", "|", "a|b", "#", "# 标题",
                     "<", "&", "&amp;", "1,234", "１２３", "（一）", "，。；：", "2019年", "行政复议", "\t", "一 二"]),
    st.text(st.sampled_from("甲乙丙|#<>&\t 0123456789１２３，。（）：；abc"), max_size=8),
)


def _run(draw: st.DrawFn) -> str:
    """A run of a plain paragraph: text pieces, tabs, breaks, empty w:t, run properties."""
    pieces = draw(st.lists(st.sampled_from(["t", "t", "t", "tab", "br", "cr", "empty", "selfclosed", "rpr"]),
                           min_size=1, max_size=3))
    out = []
    for piece in pieces:
        if piece == "t":
            text = draw(TEXTS)
            space = ' xml:space="preserve"' if text.strip() != text or not text else ""
            out.append(f"<w:t{space}>{escape(text)}</w:t>")
        elif piece == "empty":
            out.append("<w:t></w:t>")
        elif piece == "selfclosed":
            out.append("<w:t/>")
        elif piece == "rpr":
            out.append('<w:rPr><w:rFonts w:ascii="仿宋_GB2312"/><w:b w:val="0"/></w:rPr>')
        else:
            out.append(f"<w:{piece}/>")
    return f"<w:r>{''.join(out)}</w:r>"


def _plain_cell(draw: st.DrawFn) -> str:
    """A cell of the plain shape: cell properties (spans and merges, one or two w:tcPr, in any
    order) and paragraphs of runs, none, one or several."""
    props = []
    for _ in range(draw(st.integers(0, 2))):
        inner = draw(st.lists(st.sampled_from([
            '<w:tcW w:w="4422" w:type="dxa"/>', '<w:gridSpan w:val="2"/>', '<w:gridSpan w:val="3"/>',
            '<w:gridSpan w:val="0"/>', '<w:gridSpan w:val="x"/>', '<w:gridSpan/>', "<w:vMerge/>",
            '<w:vMerge w:val="restart"/>', '<w:vMerge w:val="continue"/>']), max_size=3))
        props.append(f"<w:tcPr>{''.join(inner)}</w:tcPr>")
    paras = []
    for _ in range(draw(st.integers(0, 3))):
        ppr = draw(st.sampled_from(["", '<w:pPr><w:jc w:val="center"/></w:pPr>']))
        runs = "".join(_run(draw) for _ in range(draw(st.integers(0, 3))))
        paras.append(f"<w:p>{ppr}{runs}</w:p>" if ppr or runs or draw(st.booleans()) else "<w:p/>")
    body = props + paras
    if draw(st.booleans()):  # properties where Word puts them, else anywhere among the paragraphs
        body = draw(st.permutations(body))
    return f"<w:tc>{''.join(body)}</w:tc>"


@st.composite
def _plain_tables(draw: st.DrawFn) -> etree._Element:
    """Tables of the plain shape: rows (some empty, some with row properties) of plain cells."""
    rows = []
    for _ in range(draw(st.integers(0, 4))):
        trpr = draw(st.sampled_from(["", "", '<w:trPr><w:trHeight w:val="300"/></w:trPr>']))
        cells = "".join(_plain_cell(draw) for _ in range(draw(st.integers(0, 4))))
        rows.append(f"<w:tr>{trpr}{cells}</w:tr>")
    grid = draw(st.sampled_from(["", '<w:tblGrid><w:gridCol w:w="1"/></w:tblGrid>']))
    xml = f'<w:body xmlns:w="{W_NS}"><w:tbl><w:tblPr/>{grid}{"".join(rows)}</w:tbl></w:body>'
    return etree.fromstring(xml, etree.XMLParser(remove_blank_text=True))[0]


@settings(max_examples=400, deadline=None)
@given(_plain_tables())
def test_a_plain_table_is_read_in_one_pass_as_the_general_way_reads_it(tbl: etree._Element) -> None:
    plain = reader._plain_rows(tbl)
    assert plain is not None  # the shape is plain: the one pass reads it
    assert plain == reader._rows(tbl)


def _table(rows: str) -> etree._Element:
    return etree.fromstring(f'<w:tbl xmlns:w="{W_NS}">{rows}</w:tbl>')


def test_a_cells_span_and_merge_stay_with_it() -> None:
    """The span and merge gathered for a cell are not carried to the next cell, nor across a
    row; the last cell of the table is made at the table's end."""
    tbl = _table('<w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/><w:vMerge w:val="restart"/></w:tcPr>'
                 "<w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>乙</w:t></w:r></w:p></w:tc></w:tr>"
                 "<w:tr/>"
                 "<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:tcPr><w:gridSpan w:val='3'/>"
                 "</w:tcPr><w:p><w:r><w:t>丙</w:t><w:tab/></w:r></w:p><w:p><w:r><w:t>丁</w:t></w:r></w:p></w:tc></w:tr>")
    assert reader._plain_rows(tbl) == reader._rows(tbl) == [
        (0, [("甲", 2, "restart"), ("乙", 1, None)]), (0, []),
        (0, [("", 1, "continue"), ("丙\t\n丁", 3, None)])]


def test_a_cell_without_text_or_paragraphs_is_an_empty_cell() -> None:
    tbl = _table("<w:tr><w:tc/><w:tc><w:p/><w:p/></w:tc><w:tc><w:p><w:r><w:t/></w:r></w:p></w:tc></w:tr>")
    assert reader._plain_rows(tbl) == reader._rows(tbl) == [(0, [("", 1, None), ("", 1, None), ("", 1, None)])]


@st.composite
def _paragraphs(draw: st.DrawFn) -> list[etree._Element]:
    refs = draw(st.lists(st.sampled_from(["a", "b", "c", "d", "", None, "A", "nope"]), max_size=6))
    out = []
    for ref in refs:
        ppr = "" if ref is None else f'<w:pPr><w:pStyle w:val="{ref}"/></w:pPr>'
        out.append(etree.fromstring(f'<w:p xmlns:w="{W_NS}">{ppr}<w:r><w:t>x</w:t></w:r></w:p>'))
    return out


@settings(max_examples=300, deadline=None)
@given(_styles_parts(), _paragraphs())
def test_a_paragraphs_style_name_is_the_trees_lower_cased(styles: bytes, paras: list[etree._Element]) -> None:
    """The names lower-cased once give what lower-casing the tree's name at each paragraph gives."""
    names, default = _by_tree(styles)
    wanted = {p.find(f"{reader._PPR}/{reader._PSTYLE}").get(reader._VAL) or ""
              for p in paras if p.find(f"{reader._PPR}/{reader._PSTYLE}") is not None}
    style_of = reader._paragraph_styles(styles, etree.XMLParser(), wanted)
    for p in paras:
        ref = p.find(f"{reader._PPR}/{reader._PSTYLE}")
        name = names.get(ref.get(reader._VAL) or "") if ref is not None else None
        assert style_of(p) == (default if name is None else name).lower()


def test_upper_case_style_names_are_lower_cased_and_an_unknown_id_has_the_default() -> None:
    styles = _styles('<w:style w:type="paragraph" w:default="1" w:styleId="n"><w:name w:val="Normal"/></w:style>',
                     '<w:style w:type="paragraph" w:styleId="h"><w:name w:val="Heading 2"/></w:style>',
                     '<w:style w:type="character" w:styleId="c"><w:name w:val="Strong"/></w:style>')
    style_of = reader._paragraph_styles(styles, etree.XMLParser(), {"h", "c", "x"})
    got = [style_of(etree.fromstring(f'<w:p xmlns:w="{W_NS}"><w:pPr><w:pStyle w:val="{ref}"/></w:pPr></w:p>'))
           for ref in ("h", "c", "x")]
    assert got == ["heading 2", "normal", "normal"]
    assert style_of(etree.fromstring(f'<w:p xmlns:w="{W_NS}"/>')) == "normal"
    assert reader._paragraph_styles(None, etree.XMLParser())(etree.fromstring(f'<w:p xmlns:w="{W_NS}"/>')) == ""


NAMES = st.one_of(st.sampled_from(["heading 1", "Heading 2", "标题 3", "标题4", "标题", "Title", "TITLE", "heading",
                                   "heading x", "heading 1 2", "heading １", "heading  7 ", "标题 ", "normal", ""]),
                  st.text(st.sampled_from("headingtl标题 0123１２TH"), max_size=12))


@settings(max_examples=300, deadline=None)
@given(NAMES)
def test_a_style_names_heading_level_is_the_same_cached_or_not(name: str) -> None:
    fresh = reader._heading_level.__wrapped__(name)  # type: ignore[attr-defined]
    assert reader._heading_level(name) == fresh
    assert reader._heading_level(name) == fresh  # the cached answer, asked again
