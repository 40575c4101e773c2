"""A report inside a script's string literal (govreport_io.readers.jsdata)."""

from __future__ import annotations

import json

import pytest

import govreport_io as gr
from govreport_io import registry
from govreport_io.readers.jsdata import literals, sniff

from .conftest import SAMPLES


def js_literal(text: str, quote: str = '"') -> str:
    """``text`` written as a JavaScript string literal the way page scripts write it."""
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == quote:
            out.append("\\" + quote)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch in "年度报告":  # some scripts escape non-ASCII text
            out.append(f"\\u{ord(ch):04x}")
        elif ch == "/":
            out.append("\\/")
        else:
            out.append(ch)
    return quote + "".join(out) + quote


def page() -> str:
    html = (SAMPLES / "report.html").read_text(encoding="utf-8")
    # what portal editors put in such pages: <br /> inside header cells, &nbsp; for empty cells
    html = html.replace("本年制发件数", "本年制发<br />件数")
    assert '<td colspan="3">3456</td>' in html
    return html.replace('<td colspan="3">3456</td>', '<td colspan="3">&nbsp;</td>')


def script(html: str) -> bytes:
    half = len(html) // 2
    return ("/* article data */\nlet content = " + js_literal(html[:half]) + "\n  + "
            + js_literal(html[half:], "'") + ";\nlet title = \"x\";\n").encode("utf-8")


def test_a_script_reads_as_the_page_it_holds() -> None:
    html = page()
    from_js = gr.read(script(html), "jsdata")
    from_html = gr.read(html.encode("utf-8"), "html")
    assert from_js.to_dict() == from_html.to_dict()
    assert from_js.to_dict()["requests"] == json.loads((SAMPLES / "report.json").read_text())["requests"]
    assert from_js.active["licensing"]["decisions"] is None  # &nbsp; is an empty cell
    assert from_js.active["normative_documents"]["issued"] == 12  # a header cell with <br /> inside


def test_the_format_is_found_by_content_and_by_extension(tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = script(page())
    assert registry.sniff(data).name == "jsdata"  # type: ignore[union-attr]
    path = tmp_path / "content.js"
    path.write_bytes(data)
    assert gr.read_document(path).format == "jsdata"


@pytest.mark.parametrize("name", ["report.html", "report.md", "report.txt", "report.json", "capture-pipes.txt"])
def test_sniff_never_claims_other_formats(name: str) -> None:
    assert sniff((SAMPLES / name).read_bytes()) == 0


def test_sniff_needs_html_in_the_literal() -> None:
    assert sniff(b'let content = "<p>x</p>";') == 85
    assert sniff(b'var content = "plain words";') == 0
    assert sniff(b"const a = 1;") == 0
    assert sniff("一、总体情况\nlet content = \"<p>\"".encode()) == 0


def test_escapes_are_decoded_without_eval() -> None:
    src = r'''let a = "q\"x\\y\n\u5e74\u{1F600}\x41\/\'\
z"; var b = 'it\'s' + "!"; c = `t${x}`'''
    assert literals(src) == ["q\"x\\y\n年\U0001F600A/'z", "it's!", "t${x}"]
    assert literals(r'x = "\uD83D\uDE00"') == ["\U0001F600"]


def test_unclosed_literal_names_its_line() -> None:
    with pytest.raises(gr.ReadError, match="line 2"):
        gr.read(b'// data\nlet content = "<p>open\n";', "jsdata")


def test_no_html_literal_is_no_report() -> None:
    with pytest.raises(gr.NoReportError, match="no string literal holding HTML"):
        gr.read(b'let content = "words";', "jsdata")
