"""The DOCX reader's second round of shortcuts (issue 13) gives what the general ways give.

The plain styles reader no longer looks for namespace declarations through the whole part:
only before the first style, in the styles' start tags and inside the styles it reads whole.
A plain table tells from its own rows whether it lays out the page; the paragraph style and
table caption are found among the first children before ElementPath is asked; short cells
are made once; the zip guard reads 512 bytes of each part's prolog before the 4 KiB head.
Each is checked here against the way it stands in for, on hand-made cases and generated ones.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

import govreport_io as gr
from govreport_io.blocks import Cell
from govreport_io.readers import docx as reader
from govreport_io.readers._ooxml import _HEAD, _SHORT_HEAD, _prolog_declares
from govreport_io.repair import make

from .conftest import SAMPLES, with_prolog
from .test_speed_office import W_NS, _by_tree, _random_tables, _style_xml, _styles

# the same namespace as Word's under another prefix, or Word's prefix bound elsewhere
FOREIGN_STYLE = (f'<q:style xmlns:q="{W_NS}" q:type="paragraph" q:styleId="a" q:default="1">'
                 '<q:name q:val="heading 2"/></q:style>')
REBOUND_STYLE = '<w:style xmlns:w="urn:other" w:type="paragraph" w:styleId="a"><w:name w:val="heading 3"/></w:style>'
HIDDEN_NAME = (f'<w:style w:type="paragraph" w:styleId="a"><q:name xmlns:q="{W_NS}" q:val="heading 1"/>'
               '</w:style>')
PLAIN_A = '<w:style w:type="paragraph" w:styleId="a"><w:name w:val="Normal"/></w:style>'


def _plain_and_tree(styles: bytes, wanted: set[str]) -> tuple[object, object]:
    names, default = _by_tree(styles)
    return reader._style_names_plain(styles, wanted), ({k: v for k, v in names.items() if k in wanted}, default)


@pytest.mark.parametrize("styles", [
    _styles(f'<w:docDefaults xmlns:q="{W_NS}"/>', PLAIN_A),  # declared before the first style
    _styles(FOREIGN_STYLE, PLAIN_A),  # a root child in another prefix is a style to the tree
    _styles(PLAIN_A, REBOUND_STYLE),  # a style's start tag binds the prefix elsewhere
    _styles(HIDDEN_NAME),  # the name of a style read, in another prefix
    _styles(f'<w:style w:type="paragraph" w:styleId="a"><w:pPr xmlns="{W_NS}"/></w:style>'),
])
def test_a_namespace_where_it_could_change_the_names_sends_the_part_to_the_tree(styles: bytes) -> None:
    assert reader._style_names_plain(styles, {"a"}) is None
    assert _by_tree(styles)  # and the tree reads it


def test_a_namespace_inside_a_style_not_read_leaves_the_part_plain() -> None:
    styles = _styles(PLAIN_A, HIDDEN_NAME.replace('w:styleId="a"', 'w:styleId="b"'),
                     '<w:style w:type="character" w:styleId="c"><w:rPr xmlns:v="urn:x"><v:x/></w:rPr></w:style>')
    plain, tree = _plain_and_tree(styles, {"a", "c"})
    assert plain is not None and plain == tree


@st.composite
def _styles_with_namespaces(draw: st.DrawFn) -> bytes:
    """Styles parts of plain and odd styles, with namespace declarations here and there."""
    inner = ["", "", f'<q:name xmlns:q="{W_NS}" q:val="hidden"/>', '<w:rPr xmlns:v="urn:x"><v:b/></w:rPr>',
             f'<w:pPr xmlns="{W_NS}"/>', '<w:rPr xmlns:w="urn:x"><w:name w:val="other"/></w:rPr>']
    out = []
    for child in draw(st.lists(st.sampled_from(["style", "style", "style", "foreign", "rebound", "defaults"]),
                               max_size=7)):
        if child == "style":
            style = _style_xml(draw, 0)
            piece = draw(st.sampled_from(inner))
            if piece and not style.endswith("/>"):
                at = style.index(">") + 1 if draw(st.booleans()) else style.rindex("</w:style")
                style = style[:at] + piece + style[at:]
            out.append(style)
        elif child == "foreign":
            out.append(FOREIGN_STYLE)
        elif child == "rebound":
            out.append(REBOUND_STYLE)
        else:
            out.append(draw(st.sampled_from([f'<w:docDefaults xmlns:q="{W_NS}"/>', "<w:docDefaults/>"])))
    return _styles(*out)


@settings(max_examples=300, deadline=None)
@given(_styles_with_namespaces(), st.sets(st.sampled_from(["a", "b", "c", "d", ""])))
def test_any_styles_part_with_namespaces_read_plainly_reads_as_the_tree_reads_it(styles: bytes,
                                                                                  wanted: set[str]) -> None:
    plain, tree = _plain_and_tree(styles, wanted)
    assert plain is None or plain == tree


@settings(max_examples=300, deadline=None)
@given(_random_tables())
def test_a_plain_tables_rows_tell_whether_it_lays_out_the_page(tbl: etree._Element) -> None:
    rows = reader._plain_rows(tbl)
    if rows is not None:
        assert (sum(len(tcs) for _, tcs in rows) == 1) == reader._is_layout_table(tbl)


P_PIECES = ["<w:pPr><w:pStyle w:val='a'/></w:pPr>", "<w:pPr><w:jc w:val='left'/><w:pStyle w:val='b'/></w:pPr>",
            "<w:pPr/>", "<w:pPr><w:jc w:val='left'/></w:pPr>", "<w:r><w:t>x</w:t></w:r>", "<!-- c -->",
            "<w:pStyle w:val='c'/>", "<w:tblPr><w:tblCaption w:val='d'/></w:tblPr>",
            "<w:tblPr><w:tblStyle w:val='e'/><w:tblCaption w:val='f'/></w:tblPr>"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(P_PIECES), max_size=4))
def test_the_first_child_look_ups_find_what_elementpath_finds(pieces: list[str]) -> None:
    el = etree.fromstring(f'<w:p xmlns:w="{W_NS}">{"".join(pieces)}</w:p>')
    w = f"{{{W_NS}}}"
    assert reader._pstyle(el) is el.find(f"{w}pPr/{w}pStyle")
    for tag in (f"{w}pPr", f"{w}tblPr", f"{w}r"):
        assert reader._child(el, tag) is el.find(tag)
    pr = el.find(f"{w}tblPr")
    if pr is not None:
        assert reader._child(pr, f"{w}tblCaption") is pr.find(f"{w}tblCaption")


@given(st.text(max_size=40), st.integers(1, 5), st.integers(1, 5))
def test_a_cell_made_once_is_the_cell_made_anew(text: str, colspan: int, rowspan: int) -> None:
    for _ in range(2):
        cell = make.cell(text, colspan, rowspan)
        assert cell == Cell(text, colspan, rowspan) and type(cell) is Cell


_PROLOG_PIECES = st.sampled_from([
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>', b"\r\n", b"  ", b"<!-- note -->",
    b"<?pi data?>", b"<!DOCTYPE r>", b"<a>", b"<w:document>", b"text", b"<!-->", b"-->", b"?>", b"<"])


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(_PROLOG_PIECES, st.binary(max_size=700).map(lambda b: b"<!--" + b + b"-->"),
                          st.integers(0, 700).map(lambda n: b" " * n)), max_size=8),
       st.booleans())
def test_the_short_head_tells_what_the_4k_head_tells(pieces: list[bytes], bom: bool) -> None:
    head = (b"\xef\xbb\xbf" if bom else b"") + b"".join(pieces)
    short = _prolog_declares(head[:_SHORT_HEAD])
    # the guard: the short head, then the 4 KiB head when the short one does not tell
    guarded = short if short is not None or len(head) <= _SHORT_HEAD else _prolog_declares(head[:_HEAD])
    assert guarded is _prolog_declares(head[:_HEAD])


@pytest.mark.parametrize("length", [_SHORT_HEAD - 60, _SHORT_HEAD, _SHORT_HEAD + 100, _HEAD - 200])
def test_a_dtd_after_a_comment_about_the_short_heads_length_is_refused(length: int) -> None:
    comment = b"<!-- " + b"x" * length + b" -->"
    data = with_prolog((SAMPLES / "report.docx").read_bytes(), "word/styles.xml",
                        comment + b'<!DOCTYPE r [<!ENTITY e "x">]>')
    with pytest.raises(gr.UnsafeInputError, match="entities"):
        gr.read(data, "docx")
    # and without the DTD the comment alone changes nothing
    plain = with_prolog((SAMPLES / "report.docx").read_bytes(), "word/styles.xml", comment)
    assert gr.read(plain, "docx") == gr.read(SAMPLES / "report.docx")
