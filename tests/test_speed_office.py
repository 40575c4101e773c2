"""The Office fast paths give what the general ways give (issue 13).

The DOCX reader reads the styles part and the form's tables without walking lxml's tree
where their shape is plain, and the Office zip guard reads only each part's prolog; each
shortcut is checked here against the general way it stands in for, on the sample, the
corpus and on variants built to leave the plain shape. The DOCX writer dates its zip in
place, as its rewrite of the zip would; the PDF writer gives the same bytes with
reportlab's C accelerator (rl_accel) as without it.
"""

from __future__ import annotations

import importlib.util
import io
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

import govreport_io as gr
from govreport_io.readers import docx as reader
from govreport_io.readers._ooxml import _prolog_declares

from .conftest import CORPUS, SAMPLES, with_prolog

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"


def _docx_files() -> list[bytes]:
    paths = [SAMPLES / "report.docx", *sorted((CORPUS / "dev").glob("*.docx"))] if CORPUS.exists() else [
        SAMPLES / "report.docx"]
    return [p.read_bytes() for p in paths]


def _part(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.read(name)


def _by_tree(styles: bytes) -> reader._StyleNames:
    return reader._style_names(etree.fromstring(styles))


def _both_ways(styles: bytes) -> tuple[reader._StyleNames | None, reader._StyleNames]:
    """The names read plainly and by the tree, for every id of the part and a few more."""
    names, default = _by_tree(styles)
    wanted = {*names, "", "nope", "a b"}
    return reader._style_names_plain(styles, wanted), ({k: v for k, v in names.items() if k in wanted}, default)


SAMPLE_STYLES = _part((SAMPLES / "report.docx").read_bytes(), "word/styles.xml")
HEAD = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles xmlns:w="{W_NS}">'.encode()


def _styles(*styles: str, head: bytes = HEAD, tail: bytes = b"</w:styles>") -> bytes:
    return head + "".join(styles).encode() + tail


PLAIN = [
    _styles('<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>',
            '<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/>'
            '</w:style>'),
    # single quotes, white space around "=" and between styles, a second default, a repeated id
    _styles("<w:style w:type = 'paragraph' w:default='1' w:styleId='a'>  <w:name w:val='Body'/> </w:style> ",
            '<w:style w:type="character" w:styleId="b"><w:name w:val="heading 2"/></w:style >',
            '<w:style w:type="paragraph" w:default="true" w:styleId="c"><w:name w:val="标题 3"/></w:style>',
            '<w:style w:styleId="c"><w:name w:val="title"/></w:style>',
            '<w:style w:type="paragraph" w:styleId=""><w:name w:val="x"/></w:style>'),
    # no name, a name element with content, another prefix, docDefaults and latentStyles first
    _styles('<x:docDefaults><x:rPrDefault/></x:docDefaults><x:latentStyles x:count="1"><x:lsdException '
            'x:name="heading 1"/></x:latentStyles>',
            '<x:style x:type="paragraph" x:styleId="a"><x:pPr/></x:style>',
            '<x:style x:type="paragraph" x:styleId="b"><x:name x:val="Heading 4"></x:name></x:style>',
            head=f'<x:styles xmlns:x="{W_NS}">'.encode(), tail=b"</x:styles>\n"),
    # an empty style inside a style is no child of the root, in either way
    _styles('<w:style w:styleId="a"><w:name w:val="Normal"/><w:style w:styleId="b"/></w:style>'),
    SAMPLE_STYLES,
]

NOT_PLAIN = [
    _styles('<!-- a comment --><w:style w:styleId="a"><w:name w:val="heading 1"/></w:style>'),
    _styles('<w:style w:styleId="a"><w:name w:val="heading&#32;1"/></w:style>'),
    _styles('<w:style w:styleId="a"><w:name w:val="heading\n1"/></w:style>'),
    _styles('<w:style w:styleId="a">\n<w:name w:val="heading 1"/></w:style>'),
    _styles('<w:style w:styleId="a"><w:pPr/><w:name w:val="heading 1"/></w:style>'),
    _styles('<w:style w:styleId="a"/><w:style w:styleId="b"><w:name w:val="heading 1"/></w:style>'),
    _styles('<w:wrap><w:style w:styleId="a"><w:name w:val="heading 1"/></w:style></w:wrap>'),
    _styles('<w:style w:styleId="a"><w:name w:val="heading 1"/></w:style>text'),
    _styles(f'<w:style xmlns:v="{W_NS}" v:styleId="a"><w:name w:val="heading 1"/></w:style>'),
    _styles('<w:style w:styleId="a"><w:name w:val="heading 1"/></w:style>',
            head=HEAD.replace(b"UTF-8", b"GB18030")),
    _styles('<w:style w:styleId="a"><w:name w:val="heading 1"/></w:style>',
            head=f'<w:styles xmlns="{W_NS}" xmlns:w="{W_NS}">'.encode()),
]


@pytest.mark.parametrize("styles", PLAIN, ids=range(len(PLAIN)))
def test_a_plain_styles_part_is_read_without_a_tree_as_with_one(styles: bytes) -> None:
    plain, tree = _both_ways(styles)
    assert plain == tree


@pytest.mark.parametrize("styles", NOT_PLAIN, ids=range(len(NOT_PLAIN)))
def test_any_other_styles_part_goes_to_the_tree(styles: bytes) -> None:
    assert reader._style_names_plain(styles, {"a", "b"}) is None
    reader._paragraph_styles(styles, etree.XMLParser(), {"a", "b"})  # and the tree reads it


def test_a_repeated_attribute_is_left_to_the_parser() -> None:
    styles = _styles('<w:style w:styleId="a" w:styleId="b"><w:name w:val="heading 1"/></w:style>')
    assert reader._style_names_plain(styles, {"a"}) is None
    with pytest.raises(etree.XMLSyntaxError):
        reader._paragraph_styles(styles, etree.XMLParser(), {"a"})


@pytest.mark.parametrize("n", range(len(_docx_files())))
def test_the_files_styles_are_plain_and_read_alike(n: int) -> None:
    plain, tree = _both_ways(_part(_docx_files()[n], "word/styles.xml"))
    assert plain == tree


def _tables(data: bytes) -> list[etree._Element]:
    return list(etree.fromstring(_part(data, "word/document.xml")).iter(f"{W}tbl"))


@pytest.mark.parametrize("n", range(len(_docx_files())))
def test_the_forms_tables_are_plain_and_read_alike(n: int) -> None:
    tables = _tables(_docx_files()[n])
    assert tables
    for tbl in tables:
        assert reader._plain_rows(tbl) == reader._rows(tbl)


CELL = f'<w:tbl xmlns:w="{W_NS}"><w:tr>{{}}</w:tr></w:tbl>'
ODD_CELLS = [
    '<w:tc><w:p><w:hyperlink><w:r><w:t>a</w:t></w:r></w:hyperlink></w:p></w:tc>',
    '<w:tc><w:p><w:pPr><w:tabs><w:tab w:val="left"/></w:tabs></w:pPr><w:r><w:t>a</w:t></w:r></w:p></w:tc>',
    '<w:tc><w:sdt><w:sdtContent><w:p><w:r><w:t>a</w:t></w:r></w:p></w:sdtContent></w:sdt></w:tc>',
    '<w:tc><w:p/><w:tbl><w:tr><w:tc><w:p><w:r><w:t>in</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:tc>',
    '<w:tc><w:p/></w:tc><w:customXml><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:customXml>',
    '<w:tc><w:r><w:t>outside</w:t></w:r><w:p><w:r><w:t>a</w:t></w:r></w:p></w:tc>',
]
PLAIN_CELLS = [
    '<w:tc><w:tcPr><w:gridSpan w:val="x"/><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>a</w:t><w:tab/>'
    '<w:t xml:space="preserve"> b </w:t><w:br/></w:r></w:p><w:p/><w:p><w:r><w:cr/><w:t>c</w:t></w:r></w:p></w:tc>',
    '<w:tc><w:tcPr><w:gridSpan w:val="0"/><w:vMerge/><w:gridSpan w:val="3"/></w:tcPr></w:tc><w:tc/>',
    '<w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:tcPr><w:vMerge/><w:gridSpan w:val="3"/></w:tcPr><w:p/></w:tc>',
]


@pytest.mark.parametrize("cells", ODD_CELLS, ids=range(len(ODD_CELLS)))
def test_a_table_in_another_shape_is_read_the_general_way(cells: str) -> None:
    tbl = etree.fromstring(CELL.format(cells))
    assert reader._plain_rows(tbl) is None


@pytest.mark.parametrize("cells", PLAIN_CELLS, ids=range(len(PLAIN_CELLS)))
def test_a_plain_table_reads_as_the_general_way_reads_it(cells: str) -> None:
    tbl = etree.fromstring(CELL.format(cells))
    assert reader._plain_rows(tbl) == reader._rows(tbl)


@pytest.mark.parametrize(("head", "declares"), [
    (b'<?xml version="1.0"?>\r\n<w:document>', False),
    (b"\xef\xbb\xbf<?xml version='1.0'?><!-- a --><?pi x?><a>", False),
    (b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e "x">]><a>', None),
    (b"<!--> <a> --> <!DOCTYPE x><a>", None),  # the comment ends where the parser ends it
    (b"<?xml version='1.0'?><!-- " + b"x" * 5000, None),  # the head ran out: the whole part is read
    (b"\xff\xfe<\x00", None),
    (b"text<a>", None),
])
def test_the_prolog_tells_whether_a_dtd_can_come(head: bytes, declares: bool | None) -> None:
    assert _prolog_declares(head) is declares


@pytest.mark.parametrize("part", ["word/settings.xml", "word/stylesWithEffects.xml", "word/styles.xml",
                                  "[Content_Types].xml", "word/_rels/document.xml.rels"])
def test_a_dtd_in_any_part_is_refused_even_after_a_long_comment(part: str) -> None:
    decl = b"<!-- " + b"x" * 10000 + b' --><!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    with pytest.raises(gr.UnsafeInputError, match="entities"):
        gr.read(with_prolog((SAMPLES / "report.docx").read_bytes(), part, decl), "docx")


_PDF_BOTH_WAYS = """
import hashlib, sys
if sys.argv[1] == "hidden":
    sys.modules["_rl_accel"] = None  # reportlab then uses its Python functions
import govreport_io as gr
from reportlab.lib import rl_accel
report = gr.read(sys.argv[2])
out = [gr.write(report, format="pdf"), gr.write(report, format="pdf", font="STSong-Light")]
print(bool(rl_accel._c_funcs), *(hashlib.sha256(o).hexdigest() for o in out))
"""


@pytest.mark.skipif(importlib.util.find_spec("_rl_accel") is None, reason="rl_accel is not installed")
def test_the_pdf_is_the_same_with_and_without_reportlabs_accelerator() -> None:
    runs = {}
    for mode in ("hidden", "present"):
        proc = subprocess.run([sys.executable, "-c", _PDF_BOTH_WAYS, mode, str(SAMPLES / "report.json")],
                              capture_output=True, text=True, check=True, timeout=600)
        used, *digests = proc.stdout.split()
        runs[mode] = (used, digests)
    assert runs["hidden"][0] == "False" and runs["present"][0] == "True"  # reportlab picks the accelerator up
    assert runs["hidden"][1] == runs["present"][1]


def _saved_by_python_docx() -> bytes:
    import docx

    buf = io.BytesIO()
    docx.Document(io.BytesIO((SAMPLES / "report.docx").read_bytes())).save(buf)
    return buf.getvalue()


def test_dating_the_zip_in_place_gives_the_bytes_of_the_rewrite() -> None:
    from govreport_io.writers.docx import _dated_in_place, _fixed_zip_times

    saved = _saved_by_python_docx()
    rewritten = _fixed_zip_times(saved, lambda _name, body: body)  # a fix: the rewrite, entry by entry
    assert _dated_in_place(saved) == rewritten
    assert _fixed_zip_times(saved) == rewritten


def test_a_zip_in_another_shape_is_rewritten() -> None:
    from govreport_io.writers.docx import _dated_in_place, _fixed_zip_times

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("a.xml", b"<a/>")
    assert _dated_in_place(buf.getvalue()) is None
    with zipfile.ZipFile(io.BytesIO(_fixed_zip_times(buf.getvalue()))) as zf:
        assert zf.infolist()[0].date_time == (1980, 1, 1, 0, 0, 0)
        assert zf.infolist()[0].compress_type == zipfile.ZIP_DEFLATED


def _style_xml(draw: st.DrawFn, depth: int) -> str:
    attrs = draw(st.lists(st.sampled_from([
        'w:styleId="a"', 'w:styleId="b"', "w:styleId='c'", 'w:styleId=""', 'w:type="paragraph"',
        'w:type="character"', 'w:default="1"', 'w:default="true"', 'w:default="0"', 'w:customStyle="1"']),
        max_size=4, unique_by=lambda a: a.split("=")[0]))
    start = "<w:style" + "".join(" " + a for a in attrs)
    name = draw(st.sampled_from(["", '<w:name w:val="heading 1"/>', "<w:name w:val='Title'/>",
                                 '<w:name w:val="Normal"></w:name>']))
    inner = draw(st.lists(st.sampled_from(["<w:pPr/>", '<w:basedOn w:val="a"/>', "<w:rPr><w:b/></w:rPr>",
                                           '<w:name w:val="late"/>', "nested"]), max_size=3))
    body = "".join(_style_xml(draw, depth + 1) if piece == "nested" and depth < 2 else
                   ("" if piece == "nested" else piece) for piece in inner)
    if not name and not body and draw(st.booleans()):
        return start + "/>"
    return f"{start}>{name}{body}</w:style" + draw(st.sampled_from([">", " >"]))


@st.composite
def _styles_parts(draw: st.DrawFn) -> bytes:
    children = draw(st.lists(st.sampled_from(["style", "style", "style", "defaults", "wrap", "gap", "comment"]),
                             max_size=8))
    out = []
    for child in children:
        if child == "style":
            out.append(_style_xml(draw, 0))
        elif child == "defaults":
            out.append('<w:docDefaults><w:rPrDefault/></w:docDefaults><w:latentStyles w:count="1"/>')
        elif child == "wrap":
            out.append(f"<w:wrap>{_style_xml(draw, 0)}</w:wrap>")
        else:
            out.append("  " if child == "gap" else "<!-- c -->")
    return _styles(*out)


@settings(max_examples=300, deadline=None)
@given(_styles_parts(), st.sets(st.sampled_from(["a", "b", "c", "d", ""])))
def test_any_styles_part_read_plainly_reads_as_the_tree_reads_it(styles: bytes, wanted: set[str]) -> None:
    names, default = _by_tree(styles)
    plain = reader._style_names_plain(styles, wanted)
    assert plain is None or plain == ({k: v for k, v in names.items() if k in wanted}, default)


def _cell_xml(draw: st.DrawFn, depth: int) -> str:
    pieces = draw(st.lists(st.sampled_from([
        "tcPr", "tcPr", "p", "p", "p", "emptyp", "sdtp", "table", "loose"]), max_size=4))
    out = []
    for piece in pieces:
        if piece == "tcPr":
            props = draw(st.lists(st.sampled_from(['<w:tcW w:w="1"/>', '<w:gridSpan w:val="2"/>', "<w:vMerge/>",
                                                   '<w:vMerge w:val="restart"/>', '<w:gridSpan w:val="x"/>']),
                                  max_size=3))
            out.append(f"<w:tcPr>{''.join(props)}</w:tcPr>")
        elif piece == "p":
            runs = draw(st.lists(st.sampled_from([
                "<w:r><w:t>甲</w:t></w:r>", "<w:r><w:t xml:space='preserve'> b </w:t><w:tab/></w:r>",
                "<w:r><w:br/><w:t>c</w:t><w:cr/></w:r>", "<w:hyperlink><w:r><w:t>h</w:t></w:r></w:hyperlink>",
                "<w:pPr><w:tabs><w:tab w:val='left'/></w:tabs></w:pPr>", "<w:r><w:t/></w:r>"]), max_size=3))
            out.append(f"<w:p>{''.join(runs)}</w:p>")
        elif piece == "emptyp":
            out.append("<w:p/>")
        elif piece == "sdtp":
            out.append("<w:sdt><w:sdtContent><w:p><w:r><w:t>s</w:t></w:r></w:p></w:sdtContent></w:sdt>")
        elif piece == "table" and depth < 1:
            out.append(_table_xml(draw, depth + 1))
        elif piece == "loose":
            out.append("<w:r><w:t>loose</w:t></w:r>")
    return f"<w:tc>{''.join(out)}</w:tc>"


def _table_xml(draw: st.DrawFn, depth: int) -> str:
    rows = []
    for _ in range(draw(st.integers(0, 3))):
        cells = "".join(_cell_xml(draw, depth) for _ in range(draw(st.integers(0, 3))))
        before = draw(st.sampled_from(["", "", '<w:trPr><w:gridBefore w:val="1"/></w:trPr>']))
        row = f"<w:tr>{before}{cells}</w:tr>"
        rows.append(draw(st.sampled_from([row, row, row, f"<w:customXml>{row}</w:customXml>"])))
    return f"<w:tbl><w:tblPr/>{''.join(rows)}</w:tbl>"


@st.composite
def _random_tables(draw: st.DrawFn) -> etree._Element:
    return etree.fromstring(f'<w:body xmlns:w="{W_NS}">{_table_xml(draw, 0)}</w:body>')[0]


@settings(max_examples=300, deadline=None)
@given(_random_tables())
def test_any_table_read_in_one_pass_reads_as_the_general_way(tbl: etree._Element) -> None:
    plain = reader._plain_rows(tbl)
    assert plain is None or plain == reader._rows(tbl)


def _outcome(read: Callable[[], bytes]) -> object:
    try:
        return read()
    except Exception as exc:  # the class and message, which the reader turns into its error
        return type(exc), str(exc)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_a_member_read_from_the_bytes_is_what_zipfile_reads(data: st.DataObject) -> None:
    from govreport_io.readers._ooxml import read_member

    raw = bytearray((SAMPLES / "report.docx").read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as zf:
        names = [i.filename for i in zf.infolist()]
        info = zf.getinfo(data.draw(st.sampled_from(names)))
    # damage a byte of the member: its local header, its packed bytes, or nothing
    where = data.draw(st.sampled_from(["none", "header", "packed"]))
    if where != "none":
        span = (info.header_offset, info.header_offset + 30 + len(info.filename)) if where == "header" else (
            info.header_offset + 30 + len(info.filename), info.header_offset + 30 + len(info.filename)
            + info.compress_size)
        at = data.draw(st.integers(*span).filter(lambda k: k < span[1]))
        raw[at] ^= data.draw(st.integers(1, 255))
    damaged = bytes(raw)
    with zipfile.ZipFile(io.BytesIO(damaged)) as zf:
        assert _outcome(lambda: read_member(zf, damaged, info.filename)) == _outcome(lambda: zf.read(info.filename))


def test_a_member_that_inflates_past_its_declared_size_is_not_inflated_whole() -> None:
    from govreport_io.readers._ooxml import read_member

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b"<w/>" + b" " * (50 * 1024 * 1024))
    raw = bytearray(buf.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as zf:
        info = zf.getinfo("word/document.xml")
    central = raw.rfind(b"PK\x01\x02")
    raw[central + 24:central + 28] = (100).to_bytes(4, "little")  # the central directory says 100 bytes
    lying = bytes(raw)
    with zipfile.ZipFile(io.BytesIO(lying)) as zf:
        assert zf.getinfo(info.filename).file_size == 100
        got = _outcome(lambda: read_member(zf, lying, info.filename))
        assert got == _outcome(lambda: zf.read(info.filename))
        assert isinstance(got, tuple) and got[0] is zipfile.BadZipFile  # a bad CRC after 100 bytes, not 50 MB


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_a_member_read_into_the_reused_buffer_is_what_zipfile_reads(data: st.DataObject) -> None:
    from govreport_io.readers._ooxml import read_member_reused

    files = _docx_files()
    raw = bytearray(files[data.draw(st.integers(0, len(files) - 1))])
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as zf:
        names = [i.filename for i in zf.infolist()]
        info = zf.getinfo(data.draw(st.sampled_from(names)))
    where = data.draw(st.sampled_from(["none", "header", "packed"]))
    if where != "none":
        begin = info.header_offset + 30 + len(info.filename)
        span = (info.header_offset, begin) if where == "header" else (begin, begin + info.compress_size)
        at = data.draw(st.integers(*span).filter(lambda k: k < span[1]))
        raw[at] ^= data.draw(st.integers(1, 255))
    damaged = bytes(raw)
    with zipfile.ZipFile(io.BytesIO(damaged)) as zf:
        # another member first, so that the buffer holds something else, of another size
        slot = data.draw(st.integers(0, 1))
        _outcome(lambda: bytes(read_member_reused(zf, damaged, data.draw(st.sampled_from(names)), slot)))
        got = _outcome(lambda: bytes(read_member_reused(zf, damaged, info.filename, slot)))
        assert got == _outcome(lambda: zf.read(info.filename))


def test_a_member_that_lies_about_its_size_is_not_inflated_whole_into_the_reused_buffer() -> None:
    from govreport_io.readers import _ooxml

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/styles.xml", b"<w/>" + b" " * (50 * 1024 * 1024))
    raw = bytearray(buf.getvalue())
    central = raw.rfind(b"PK\x01\x02")
    raw[central + 24:central + 28] = (100).to_bytes(4, "little")
    lying = bytes(raw)
    inflated: list[list[int]] = []  # per inflater made, in order: ours first, then zipfile's
    real = zlib.decompressobj

    class Counting:
        def __init__(self, *args: int) -> None:
            self.inner, self.out = real(*args), []
            inflated.append(self.out)

        def decompress(self, tail: bytes, max_length: int = 0) -> bytes:
            got = self.inner.decompress(tail, max_length)
            self.out.append(len(got))
            return got

        def __getattr__(self, name: str) -> object:
            return getattr(self.inner, name)

    with zipfile.ZipFile(io.BytesIO(lying)) as zf, pytest.MonkeyPatch.context() as mp:
        mp.setattr(zlib, "decompressobj", Counting)
        got = _outcome(lambda: bytes(_ooxml.read_member_reused(zf, lying, "word/styles.xml")))
    assert isinstance(got, tuple) and got[0] is zipfile.BadZipFile  # a bad CRC, as zipfile says
    assert 0 < sum(inflated[0]) <= 101  # the buffer's loop stopped after the declared size and a byte


def _replaced(data: bytes, name: str, body: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, body if info.filename == name else src.read(info))
    return out.getvalue()


@pytest.mark.parametrize("body", [b"", b"<w:document", b"\xef\xbb\xbf", b"<a/>"])
@pytest.mark.parametrize("part", ["word/document.xml", "word/styles.xml"])
def test_a_part_read_into_the_reused_buffer_fails_as_bytes_fail(part: str, body: bytes) -> None:
    # lxml parses the buffer in place; an empty one it would refuse with an IndexError
    data = _replaced((SAMPLES / "report.docx").read_bytes(), part, body)
    if body == b"<a/>":
        gr.read_blocks(data, "docx")  # well-formed: no body, or no styles (every paragraph plain)
        return
    with pytest.raises(gr.ReadError, match="not well-formed XML"):
        gr.read_blocks(data, "docx")


def _parsed(text: bytes | bytearray) -> object:
    parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
    try:
        return etree.tostring(etree.fromstring(text, parser))  # type: ignore[arg-type]
    except etree.XMLSyntaxError as exc:
        return type(exc), str(exc), exc.lineno


@settings(max_examples=300, deadline=None)
@given(st.one_of(
    st.binary(min_size=1, max_size=60),
    st.lists(st.sampled_from([b"<a>", b"</a>", b"<b/>", b" ", b"\n", b"x", b"\xe4\xb8\xad", b"&amp;", b"&x;",
                              b"<?xml version='1.0'?>", b"<?xml version='1.0' encoding='GB18030'?>",
                              b"\xef\xbb\xbf", b"\xff\xfe", b"<!-- c -->", b"<![CDATA[<]]>", b"\x00"]),
             min_size=1, max_size=12).map(b"".join)))
def test_lxml_parses_a_non_empty_buffer_as_it_parses_bytes(text: bytes) -> None:
    # the reused buffer of the main document part is parsed in place (never an empty one)
    assert _parsed(bytearray(text)) == _parsed(text)
