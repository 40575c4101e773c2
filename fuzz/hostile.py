"""Hostile structures built on purpose, each one a named recipe.

Each recipe builds a :class:`~fuzz.mutate.Case` whose report ends with a sentinel
paragraph (section 六), so that a read that drops the end without a word is caught. The
sizes are those of issue 14: deep HTML past libxml2's 255 levels, a 10 MB text node,
100k-row tables, 100k field lines, one 10 MB paragraph, zip bombs, /dev/zero, and small
PDFs whose structure explodes (a 100k-page tree, a tree of form XObjects).
Recipes are cheap to build (well under a second each) and are saved by name, not by bytes.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

from .mutate import SAMPLES, Case

SENTINEL = "尾声标记段落完整读出"
HEAD = "青溪县人民政府办公室2024年政府信息公开工作年度报告\n一、总体情况\n本年度工作稳步推进。\n"
TAIL = f"六、其他需要报告的事项\n本机关{SENTINEL}。\n"
MB = 1024 * 1024


def _rows(n: int, sep: str = "\t") -> str:
    return "".join(f"项目{i}{sep}{i}{sep}{i}{sep}{i}\n" for i in range(n))


def _text(body: str) -> bytes:
    return (HEAD + body + TAIL).encode()


def _markdown(body: str) -> bytes:
    """A Markdown report, headings as ATX lines set off by blank lines: HEAD and TAIL, a heading
    line glued to its paragraph, would have it read as a PDF's text lines, not by markdown-it."""
    return (f"# 青溪县人民政府办公室2024年政府信息公开工作年度报告\n\n## 一、总体情况\n\n本年度工作稳步推进。\n\n"
            f"{body}\n## 六、其他需要报告的事项\n\n本机关{SENTINEL}。\n").encode()


def _html(body: str) -> bytes:
    return (f"<html><head><meta charset='utf-8'></head><body><h1>青溪县2024年政府信息公开工作年度报告</h1>"
            f"<h2>一、总体情况</h2><p>本年度工作稳步推进。</p>{body}"
            f"<h2>六、其他需要报告的事项</h2><p>本机关{SENTINEL}。</p></body></html>").encode()


def _docx(paragraphs: list[str], rows: int = 0) -> bytes:
    """A Word file made with python-docx (a test dependency of the library's own)."""
    import docx

    doc = docx.Document()
    doc.add_paragraph("一、总体情况")
    for p in paragraphs:
        doc.add_paragraph(p)
    if rows:
        doc.add_paragraph("二、主动公开政府信息情况")
        table = doc.add_table(rows=rows, cols=4)
        for i, row in enumerate(table.rows):
            for j, cell in enumerate(row.cells):
                cell.text = f"项目{i}" if j == 0 else str(i)
    doc.add_paragraph("六、其他需要报告的事项")
    doc.add_paragraph(f"本机关{SENTINEL}。")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _zip_bomb() -> bytes:
    """The sample Word file with a member that inflates 1000:1 to 100 MB."""
    src = zipfile.ZipFile(SAMPLES / "report.docx")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for info in src.infolist():
            z.writestr(info, src.read(info))
        z.writestr("word/media/bomb.bin", b"\x00" * (100 * MB))
    return out.getvalue()


def _many_entries() -> bytes:
    out = io.BytesIO()
    src = zipfile.ZipFile(SAMPLES / "report.docx")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        for info in src.infolist():
            z.writestr(info, src.read(info))
        for i in range(70_000):
            z.writestr(f"x/{i}", b"")
    return out.getvalue()


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF from numbered object bodies (1-based), with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(content: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(content), extra) + content + b"\nendstream"


def _pdf_pages(n: int) -> bytes:
    """A page tree of ``n`` pages that all point at one page object: 2 MB for 100k pages."""
    kids = b" ".join([b"3 0 R"] * n)
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                 b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n),
                 b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
                 _stream(b"BT /F1 12 Tf 72 720 Td (x) Tj ET")])


def _pdf_xobject_tree(depth: int) -> bytes:
    """Form XObjects that each draw the next one twice: 2**depth draws from a few hundred bytes."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /XObject << /X 5 0 R >> >> >>",
            _stream(b"/X Do")]
    for level in range(depth):
        n = 5 + level
        res = b"/Resources << /XObject << /X %d 0 R >> >>" % (n + 1) if level < depth - 1 else b""
        body = b"/X Do /X Do" if level < depth - 1 else b"0 0 m 1 1 l S"
        objs.append(_stream(body, b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] " + res))
    return _pdf(objs)


def _recipes() -> dict[str, tuple[str, Callable[[], Case]]]:
    """name -> (what it is, builder)."""
    def text(name: str, body: Callable[[], str], fmt: str = "text") -> Callable[[], Case]:
        return lambda: Case(fmt, name, _text(body()), sentinel=SENTINEL)

    def html(name: str, body: Callable[[], str]) -> Callable[[], Case]:
        return lambda: Case("html", name, _html(body()), sentinel=SENTINEL)

    para = "我们认真贯彻落实条例要求，持续推进政务公开。"  # 22 characters, 66 bytes
    return {
        "html-deep-300": ("HTML nested 300 <div> deep before the last section",
                          html("html-deep-300", lambda: "<div>" * 300 + "<p>深处</p>" + "</div>" * 300)),
        "html-deep-5000": ("HTML nested 5000 <span> deep",
                           html("html-deep-5000", lambda: "<span>" * 5000 + "深处" + "</span>" * 5000)),
        "html-text-node-10mb": ("one 10 MB HTML text node",
                                html("html-text-node-10mb", lambda: "<p>" + "长" * (10 * MB // 3) + "</p>")),
        "html-table-100k": ("an HTML table of 100k rows",
                            html("html-table-100k", lambda: "<h2>二、主动公开政府信息情况</h2><table>" + "".join(
                                f"<tr><td>项目{i}</td><td>{i}</td><td>{i}</td><td>{i}</td></tr>"
                                for i in range(100_000)) + "</table>")),
        "html-paragraph-10mb": ("one 10 MB HTML paragraph of wrapped lines",
                                html("html-paragraph-10mb", lambda: "<p>" + (para + "\n") * (10 * MB // 67) + "</p>")),
        "text-table-100k": ("a tab-separated table of 100k rows",
                            text("text-table-100k", lambda: "二、主动公开政府信息情况\n" + _rows(100_000))),
        "text-fields-100k": ("100k header field lines", text("text-fields-100k", lambda: "".join(
            f"字段{i}：值{i}\n" for i in range(100_000)))),
        "text-paragraph-10mb": ("one 10 MB paragraph of wrapped lines",
                                text("text-paragraph-10mb", lambda: (para + "\n") * (10 * MB // 67))),
        "text-paragraph-10mb-latin": ("one 10 MB paragraph whose lines end in Latin words",
                                      text("text-paragraph-10mb-latin",
                                           lambda: ("我们推进 open data and PDF\n") * (10 * MB // 30))),
        "markdown-table-100k": ("a GFM table of 100k rows", lambda: Case("markdown", "markdown-table-100k", _markdown(
            "## 二、主动公开政府信息情况\n\n| 项目 | 甲 | 乙 | 丙 |\n|---|---|---|---|\n" + _rows(100_000, " | ")),
            sentinel=SENTINEL)),
        "markdown-pdftext-table-100k": ("a Markdown file of PDF text lines holding a pipe table of 100k rows",
                                        text("markdown-pdftext-table-100k", lambda: (
                                            "二、主动公开政府信息情况\n| 项目 | 甲 | 乙 | 丙 |\n|---|---|---|---|\n"
                                            + _rows(100_000, " | ")), "markdown")),
        "markdown-paragraph-10mb": ("one 10 MB Markdown paragraph", lambda: Case(
            "markdown", "markdown-paragraph-10mb", _markdown((para + "\n") * (10 * MB // 67)), sentinel=SENTINEL)),
        "markdown-pdftext-paragraph-10mb": ("one 10 MB paragraph of PDF text lines in a Markdown file",
                                            text("markdown-pdftext-paragraph-10mb",
                                                 lambda: (para + "\n") * (10 * MB // 67), "markdown")),
        "docx-empty-paragraphs": ("a Word file of 20k empty paragraphs",
                                  lambda: Case("docx", "docx-empty-paragraphs", _docx([""] * 20_000),
                                               sentinel=SENTINEL)),
        "docx-table-10k": ("a Word table of 10k rows",
                           lambda: Case("docx", "docx-table-10k", _docx([], rows=10_000), sentinel=SENTINEL)),
        "docx-zip-bomb": ("a Word file with a 100 MB member packed 1000:1",
                          lambda: Case("docx", "docx-zip-bomb", _zip_bomb())),
        "docx-many-entries": ("a Word file with 70k zip entries",
                              lambda: Case("docx", "docx-many-entries", _many_entries())),
        "pdf-100k-pages": ("a PDF page tree of 100k pages", lambda: Case("pdf", "pdf-100k-pages", _pdf_pages(100_000))),
        "pdf-xobject-tree": ("form XObjects drawing each other twice, 2**30 draws",
                             lambda: Case("pdf", "pdf-xobject-tree", _pdf_xobject_tree(30))),
        "text-dev-zero": ("/dev/zero read as text", lambda: Case("text", "text-dev-zero", path="/dev/zero")),
        "html-dev-zero": ("/dev/zero read as HTML", lambda: Case("html", "html-dev-zero", path="/dev/zero")),
        "text-zero-stream": ("an endless file object of NUL bytes read as text",
                             lambda: Case("text", "text-zero-stream", path="<zero-stream>")),
    }


RECIPES = _recipes()
# The recipes cheap enough for every `make test` run (each well under a second once fixed).
QUICK = ("html-deep-300", "html-deep-5000", "docx-zip-bomb", "docx-many-entries",
         "text-dev-zero")


def build(name: str) -> Case:
    """The case a recipe makes."""
    return RECIPES[name][1]()


def exists(path: str | None) -> bool:
    """Whether a device path exists here (recipes reading /dev/zero are skipped elsewhere)."""
    return path is None or path.startswith("<") or Path(path).exists()
