"""The DOCX reader reads a plain main part from its bytes as lxml's tree reads it (issue 13).

:class:`_Scan` cuts the main document part at each "<" and reads each piece (a tag and the
text after it) once, without building lxml's tree; it declines whatever is not in the plain
shape, and whatever the parser would refuse, so that lxml reads it or says where it breaks.
Checked here against the general way (:func:`_tree_items` of the parsed tree, and the style
ids the tree names) on generated parts, plain and not, on the same parts cut or changed byte
by byte, on hand-made edge cases and on the sample and corpus files: a scan that reads gives
the tree's pieces exactly; a part the parser refuses is never read by the scan.
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape, quoteattr

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

import govreport_io as gr
from govreport_io.errors import ReadError
from govreport_io.readers import docx as reader

from .test_speed_office import W_NS, W, _docx_files, _part

PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)


def _tree_way(part: bytes) -> tuple[list[reader._Item], set[str]] | None:
    """What the general way takes from a main part: its blocks' pieces and the style ids it
    names (``None``: the parser refuses it)."""
    try:
        root = etree.fromstring(part, PARSER)
    except etree.XMLSyntaxError:
        return None
    return reader._tree_items(root.find(f"{W}body")), {ref.get(f"{W}val") or "" for ref in root.iter(f"{W}pStyle")}


def _same(part: bytes) -> reader._Scan | None:
    """The scan of ``part``, checked against the tree: the same pieces and ids when it reads,
    and no reading of a part the parser refuses."""
    scan = reader._Scan.of(part)
    tree = _tree_way(part)
    if tree is None:
        assert scan is None, "the scan read a part the parser refuses"
    elif scan is not None:
        assert (scan.items, scan.wanted) == tree
    return scan


# hostile text: Chinese, pipes, tabs, #, <, &, digits, full-width punctuation, the 2019 form's words
TEXTS = st.one_of(
    st.sampled_from(["", " ", "  ", "\t", "\n", "甲", "第二十条第（一）项", "本年新收政府信息公开申请数量", "|",
                     "a|b", "# 标题", "<", "&", "&amp;", ">", "]]", "1,234", "１２３", "（一）", "，。；：", "2019年",
                     "行政复议", "一 二", "\r\n", "a\rb", "\x85", "\ufeff", "\U0001f600", "\ufdd0", "'\""]),
    st.text(st.sampled_from("甲乙丙|#<>&\t\r\n 0123456789１２３，。（）：；abc'\""), max_size=8),
)
# written as Word writes text, or with character references
REFS = ["&#x4E00;", "&#20013;", "&#13;", "&#x9;", "&#10;", "&#xD7FF;", "&#x1F600;", "&quot;", "&apos;", "&gt;"]
STYLE_IDS = st.sampled_from(["1", "2", "Heading1", "Title", "a", "nope", "", "a b", "标题1", "a&b", "a\tb"])


class _Doc:
    """A main part being drawn: its prefix for Word's namespace, and whether it is still plain."""

    def __init__(self, draw: st.DrawFn, w: str) -> None:
        self.draw, self.w, self.plain = draw, w, True

    def el(self, local: str, inner: str = "", attrs: str = "", prefix: str | None = None) -> str:
        tag = f"{self.w if prefix is None else prefix}:{local}"
        if not inner and self.draw(st.booleans()):
            return f"<{tag}{attrs}/>"
        return f"<{tag}{attrs}>{inner}</{tag}>"

    def val(self, value: str) -> str:
        if any(c in value for c in "&\t"):
            self.plain = False  # a value the parser would change: the tree reads it
        return f" {self.w}:val={quoteattr(value)}"

    def text(self) -> str:
        text = escape(self.draw(TEXTS))
        if self.draw(st.integers(0, 5)) == 0:
            text += self.draw(st.sampled_from(REFS))
        space = ' xml:space="preserve"' if self.draw(st.booleans()) else ""
        return f"<{self.w}:t{space}>{text}</{self.w}:t>"

    def run(self, in_table: bool) -> str:
        pieces = []
        for piece in self.draw(st.lists(st.sampled_from(["t", "t", "tab", "br", "cr", "rpr", "odd"]), max_size=4)):
            if piece == "t":
                pieces.append(self.text())
            elif piece == "rpr":
                pieces.append(self.el("rPr", '<{0}:rFonts {0}:ascii="仿宋_GB2312"/><{0}:b{1}/>'.format(
                    self.w, self.val("0"))))
            elif piece == "odd":  # below a run: the tree still finds the text, a plain table does not
                if in_table:
                    self.plain = False
                pieces.append(self.el(self.draw(st.sampled_from(["pict", "object"])), self.text()))
            else:
                pieces.append(self.el(piece))
        return self.el("r", "".join(pieces))

    def paragraph(self, in_table: bool) -> str:
        parts = []
        if self.draw(st.booleans()):
            props = self.draw(st.lists(st.sampled_from(["style", "jc", "rpr"]), max_size=3))
            inner = "".join(self.el("pStyle", attrs=self.val(self.draw(STYLE_IDS))) if p == "style" else
                            self.el("jc", attrs=self.val("center")) if p == "jc" else self.el("rPr") for p in props)
            parts.append(self.el("pPr", inner))
        for kind in self.draw(st.lists(st.sampled_from(["run", "run", "run", "link", "ins", "del", "bookmark",
                                                        "field", "sdt", "smart"]), max_size=4)):
            if kind == "run":
                parts.append(self.run(in_table))
                continue
            if in_table and kind != "bookmark":
                self.plain = False  # text below a wrapper of runs: a plain table has none
            if kind == "link":
                parts.append(self.el("hyperlink", self.run(False), ' r:id="rId1"'))
            elif kind == "ins":
                parts.append(self.el("ins", self.run(False), f' {self.w}:id="1" {self.w}:author="甲"'))
            elif kind == "del":
                parts.append(self.el("del", self.el("r", self.el("delText", "删")), f' {self.w}:id="2"'))
            elif kind == "bookmark":
                parts.append(f'<{self.w}:bookmarkStart {self.w}:id="0" {self.w}:name="_Toc1"/>')
            elif kind == "field":
                parts.append(self.el("fldSimple", self.run(False), f' {self.w}:instr=" TOC \\o &quot;1-3&quot; "'))
            elif kind == "sdt":
                parts.append(self.el("sdt", self.el("sdtContent", self.run(False))))
            else:
                parts.append(self.el("smartTag", self.run(False), f' {self.w}:element="x"'))
        return self.el("p", "".join(parts))

    def cell(self, depth: int) -> str:
        parts = []
        if self.draw(st.booleans()):
            props = self.draw(st.lists(st.sampled_from(["w", "span", "merge", "restart"]), max_size=3))
            parts.append(self.el("tcPr", "".join(
                self.el("tcW", attrs=f' {self.w}:w="4422" {self.w}:type="dxa"') if p == "w" else
                self.el("gridSpan", attrs=self.val(self.draw(st.sampled_from(["2", "3", "0", "x", " 2", "+2"]))))
                if p == "span" else self.el("vMerge", attrs=self.val("restart") if p == "restart" else "")
                for p in props)))
        for kind in self.draw(st.lists(st.sampled_from(["p", "p", "p", "table", "sdt"]), max_size=3)):
            if kind == "p":
                parts.append(self.paragraph(True))
            else:
                self.plain = False  # a table inside, or a paragraph in a wrapper: the general way
                parts.append(self.table(depth + 1) if kind == "table" and depth < 2 else
                             self.el("sdt", self.el("sdtContent", self.paragraph(False))))
        return self.el("tc", "".join(parts))

    def table(self, depth: int = 0) -> str:
        parts = []
        if self.draw(st.booleans()):
            caption = self.draw(st.sampled_from(["", "govreport:fields", "x"]))
            parts.append(self.el("tblPr", self.el("tblCaption", attrs=self.val(caption)) if caption else ""))
        for _ in range(self.draw(st.integers(0, 3))):
            row = []
            if self.draw(st.integers(0, 5)) == 0:
                self.plain = False  # w:gridBefore: the general way
                row.append(self.el("trPr", self.el("gridBefore", attrs=self.val("1"))))
            row.extend(self.cell(depth) for _ in range(self.draw(st.integers(0, 3))))
            parts.append(self.el("tr", "".join(row)))
        return self.el("tbl", "".join(parts))

    def blocks(self, depth: int = 0) -> str:
        out = []
        for kind in self.draw(st.lists(st.sampled_from(["p", "p", "p", "table", "wrap", "other", "space"]),
                                       max_size=5)):
            if kind == "p":
                out.append(self.paragraph(False))
            elif kind == "table":
                out.append(self.table())
            elif kind == "wrap" and depth < 2:
                local = self.draw(st.sampled_from(["sdt", "customXml", "smartTag"]))
                inner = self.blocks(depth + 1)
                out.append(self.el(local, self.el("sdtContent", inner) if local == "sdt" else inner))
            elif kind == "other":
                out.append(self.el(self.draw(st.sampled_from(["bookmarkEnd", "ins", "sectPr"])), self.paragraph(False)))
            else:
                out.append(self.draw(st.sampled_from([" ", "\n  ", "\r\n"])))
        return "".join(out)


@st.composite
def _main_parts(draw: st.DrawFn) -> tuple[bytes, bool]:
    """A main document part and whether it is in the plain shape (the scan must read it)."""
    w = draw(st.sampled_from(["w", "w", "ns0", "x"]))
    doc = _Doc(draw, w)
    body = doc.blocks()
    before = doc.el("pStyle", attrs=doc.val("1")) if draw(st.integers(0, 4)) == 0 else ""
    extra = draw(st.sampled_from(["", ' xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
                                      ' xmlns:v="urn:schemas-microsoft-com:vml"', ' mc:Ignorable="w14"']))
    if "mc:" in extra:
        extra += ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    root = (f'<{w}:document xmlns:{w}="{W_NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
            f'relationships"{extra}>{before}<{w}:body>{body}</{w}:body></{w}:document>')
    head = draw(st.sampled_from(["<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\r\n",
                                 '<?xml version="1.0" encoding="utf-8"?>', '<?xml version="1.0"?>\n', "", " \n"]))
    data = (head + root + draw(st.sampled_from(["", "\n", " \r\n"]))).encode()
    if draw(st.integers(0, 5)) == 0 and head.strip():
        data = b"\xef\xbb\xbf" + data
    return data, doc.plain


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_main_parts())
def test_a_main_part_read_from_its_bytes_reads_as_the_tree_reads_it(drawn: tuple[bytes, bool]) -> None:
    part, plain = drawn
    scan = _same(part)
    if plain:
        assert scan is not None, "a plain part went to the tree"


EDITS = [b"<", b">", b"&", b'"', b"'", b"/", b"=", b" ", b"\x01", b"\xff", b"\xef\xbf\xbe", b"]]>", b"<!-- c -->",
         b"<![CDATA[x]]>", b"<?pi x?>", b"&nbsp;", b"&#0;", b"&#xD800;", b"\r", b"xmlns:q='urn:q' ", b"q:",
         b"w:", b' a="1" a="2"', b"</w:p>", b"<w:p>", b"<w:t>"]


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_main_parts(), st.data())
def test_a_part_changed_byte_by_byte_is_read_as_the_tree_reads_it_or_refused_alike(drawn: tuple[bytes, bool],
                                                                                  data: st.DataObject) -> None:
    """Cut, a byte dropped, or something hostile put in anywhere: read alike, or left to lxml."""
    part = drawn[0]
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(part)))
        how = data.draw(st.sampled_from(["cut", "drop", "put", "put", "put"]))
        if how == "cut":
            part = part[:at]
        elif how == "drop":
            part = part[:at] + part[at + 1:]
        else:
            part = part[:at] + data.draw(st.sampled_from(EDITS)) + part[at:]
    _same(part)


def _doc(body: str, head: str = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>", decls: str = "") -> bytes:
    return f'{head}<w:document xmlns:w="{W_NS}"{decls}><w:body>{body}</w:body></w:document>'.encode()


PARA = "<w:p><w:pPr><w:pStyle w:val='1'/></w:pPr><w:r><w:t>甲</w:t><w:tab/><w:t>乙</w:t></w:r></w:p>"
TABLE = ("<w:tbl><w:tblPr><w:tblCaption w:val='govreport:fields'/></w:tblPr><w:tr><w:tc><w:tcPr><w:gridSpan "
         "w:val='2'/><w:vMerge/></w:tcPr><w:p><w:r><w:t>索引号：</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl>")


@pytest.mark.parametrize("part", [
    _doc(PARA + TABLE),
    _doc(PARA, head=""),
    _doc(PARA, head="\n \r\n"),
    b"\xef\xbb\xbf" + _doc(PARA),
    _doc(PARA, head='<?xml  version = "1.0"  encoding = "utf-8"  standalone = "no" ?>\r\n'),
    _doc("<w:p><w:r><w:t>a\r\nb\rc&#13;&#x9;&amp;&lt;&gt;&quot;&apos;&#x4E00;&#20013;</w:t></w:r></w:p>"),
    _doc("<w:p><w:r><w:t> </w:t><w:t>\n</w:t><w:t xml:space='preserve'>  </w:t><w:t/><w:t></w:t></w:r></w:p>"),
    _doc("<w:tbl><w:tr><w:tc><w:p><w:pPr><w:pStyle w:val='2'/></w:pPr><w:r><w:t>版式</w:t></w:r></w:p>"
         "<w:p><w:r><w:br/><w:t>二</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"),  # one cell: it lays out the page
    _doc("<w:sdt><w:sdtPr/><w:sdtContent>" + PARA + "</w:sdtContent></w:sdt><w:customXml>" + TABLE + "</w:customXml>"),
    _doc("<w:ins><w:p><w:r><w:t>not a block</w:t></w:r></w:p></w:ins>"
         "<w:p><w:p><w:r><w:t>inner</w:t></w:r></w:p></w:p>"),
    _doc(PARA).replace(b"<w:body>", b"<w:pStyle w:val='x'/><w:body>"),
    _doc(PARA).replace(b"</w:body>", b"</w:body><w:body><w:p><w:r><w:t>second</w:t></w:r></w:p></w:body>"),
    _doc(PARA, decls=' xmlns:a="urn:schemas-microsoft-com:vml" a:x="1" xml:lang="zh"'),
    _doc("<w:p><w:r><w:t>" + "深" * 5000 + "</w:t></w:r></w:p>"),
    _doc("<w:sdt><w:sdtContent>" * 90 + PARA + "</w:sdtContent></w:sdt>" * 90),
])
def test_plain_parts_are_read_from_their_bytes(part: bytes) -> None:
    assert _same(part) is not None


@pytest.mark.parametrize("part", [
    _doc(PARA).decode().replace("encoding='UTF-8'", "encoding='UTF-16'").encode("utf-16"),  # another encoding
    _doc(PARA, head="<?xml version='1.0' encoding='GB2312'?>"),
    _doc(PARA, head="<!-- a comment -->"),
    _doc("<w:p><w:r><w:t><![CDATA[甲]]></w:t></w:r></w:p>"),
    _doc(PARA).replace(b"<w:p>", b"<?pi x?><w:p>"),
    _doc(PARA).replace(b"w:", b"").replace(b"xmlns:w=", b"xmlns="),  # a default namespace
    _doc(PARA).replace(b"<w:p>", b'<w:p xmlns:x="urn:x">'),  # a namespace declared below the root
    _doc(PARA, decls=f' xmlns:v="{W_NS}"'),  # two prefixes for Word's namespace
    _doc("<w:p><w:r><w:t>a<w:x/>b</w:t></w:r></w:p>"),  # an element inside w:t
    _doc("<w:tbl><w:tr><w:tc><w:tbl/><w:p/></w:tc><w:tc/></w:tr></w:tbl>"),  # a table inside
    _doc("<w:tbl><w:tr><w:trPr><w:gridBefore w:val='1'/></w:trPr><w:tc/></w:tr></w:tbl>"),
    _doc("<w:tbl><w:tr><w:tc><w:p><w:hyperlink><w:r><w:t>a</w:t></w:r></w:hyperlink></w:p></w:tc></w:tr></w:tbl>"),
    _doc("<w:p><w:pPr><w:pStyle w:val='a&amp;b'/></w:pPr></w:p>"),  # a value written with a reference
    _doc("<w:p><w:pPr><w:pStyle w:val='a\tb'/></w:pPr></w:p>"),  # a value the parser normalises
    _doc("<w:sdt><w:sdtContent>" * 101 + PARA + "</w:sdtContent></w:sdt>" * 101),  # deeper than the scan goes
    # what the parser refuses: the scan must not read it
    _doc(PARA)[:-5],
    _doc(PARA).replace(b"</w:p>", b"</w:q>"),
    _doc(PARA).replace(b"<w:p>", b"<x:p>").replace(b"</w:p>", b"</x:p>"),
    _doc(PARA).replace(b"<w:t>", b"<w:t>\x01"),
    _doc(PARA).replace(b"<w:t>", b"<w:t>\xef\xbf\xbe"),
    _doc(PARA).replace(b"<w:t>", b"<w:t>\xed\xa0\x80"),
    _doc(PARA).replace(b"<w:t>", b"<w:t>]]>"),
    _doc(PARA).replace(b"<w:t>", b"<w:t>&nbsp;"),
    _doc(PARA).replace(b"<w:t>", b"<w:t>&#0;"),
    _doc(PARA).replace(b"<w:t>", b"<w:t>&#xD800;"),
    _doc(PARA).replace(b"<w:p>", b"<w:p a='1' a='2'>"),
    _doc(PARA, decls=' xmlns:a="urn:x" xmlns:b="urn:x"').replace(b"<w:p>", b"<w:p a:c='1' b:c='2'>"),
    _doc(PARA, decls=' xmlns:a="foo bar"'),
    _doc(PARA, decls=' xmlns:a="http://a:b"'),
    _doc(PARA, decls=' xmlns:a=""'),
    _doc(PARA, decls=' xmlns:xml="urn:x"'),
    _doc(PARA).replace(b"<w:p>", b"<w:p xml:id='1 2'>"),  # the parser checks an xml:id
    _doc(PARA).replace(b"<w:p>", b"<w:p xml:base='x'>"),
    _doc(PARA) + b"<w:document/>",
    _doc(PARA) + b"junk",
    _doc(PARA) + b"&amp;",
    _doc(PARA).replace(b"<w:tab/>", b"<w:tab x>"),
    _doc(PARA).replace(b"<w:tab/>", b'<w:tab w:x="a>b"/>'),
    _doc("<w:sdt><w:sdtContent>" * 300 + PARA + "</w:sdtContent></w:sdt>" * 300),
])
def test_any_other_part_goes_to_the_tree(part: bytes) -> None:
    assert _same(part) is None


@settings(max_examples=400, deadline=None)
@given(st.text(st.sampled_from("ab:/.-_~+9"), max_size=12))
def test_a_namespace_name_the_scan_takes_for_a_uri_is_one_the_parser_takes(uri: str) -> None:
    if reader._URI.fullmatch(uri.encode()) is not None:
        etree.fromstring(f'<a xmlns:b="{uri}"/>'.encode(), PARSER)


@pytest.mark.parametrize("n", range(len(_docx_files())))
def test_the_files_main_parts_are_read_from_their_bytes_as_the_tree_reads_them(n: int) -> None:
    assert _same(_part(_docx_files()[n], "word/document.xml")) is not None


def _with_main(data: bytes, part: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, part if info.filename == "word/document.xml" else src.read(info))
    return out.getvalue()


@pytest.mark.parametrize("bad", [b"</w:q>", b"<x:p>", b"<w:t>\x01", b"<w:p a='1' a='2'>", b"&nbsp;"])
def test_a_main_part_the_parser_refuses_is_refused_with_the_parsers_place(bad: bytes) -> None:
    data = _docx_files()[0]
    part = _part(data, "word/document.xml")
    broken = part.replace(b"</w:p>", b"\n" + bad + b"</w:p>", 1)
    with pytest.raises(etree.XMLSyntaxError) as parsed:
        etree.fromstring(broken, PARSER)
    with pytest.raises(ReadError, match=rf"not well-formed XML \(line {parsed.value.lineno}\)"):
        gr.read(_with_main(data, broken), "docx")
