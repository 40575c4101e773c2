"""HTML reader's C shortcuts (issue 13): they must read every page exactly as the plain walk does.

The reader reads subtrees that hold nothing its rules treat apart with lxml's text
serialiser, and searches only the elements that can be the article body. Each page here is
read twice, once with the shortcuts and once with them turned off, and the blocks (or the
error) must be the same.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govreport_io.errors import GovReportError
from govreport_io.readers import _html_tree
from govreport_io.readers import html as reader
from govreport_io.readers._context import ReadContext

from .conftest import SAMPLES


def _read(data: bytes) -> object:
    try:
        return reader.read(data, ReadContext(source="page.html"))
    except GovReportError as exc:
        return type(exc).__name__, str(exc)


def _both(data: bytes, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    """(with the shortcuts, with the plain walk)."""
    fast = _read(data)
    with monkeypatch.context() as m:
        m.setattr(_html_tree, "_ODD_NAME_RE", re.compile(""))  # every page looks odd: the plain walk
        plain = _read(data)
    return fast, plain


def _page(body: str) -> bytes:
    return f"<html><head><meta charset='utf-8'><title>t</title></head><body>{body}</body></html>".encode()


_SAMPLE = (SAMPLES / "report.html").read_text(encoding="utf-8")
PAGES = {
    "sample": _SAMPLE.encode(),
    "a form around the page": _SAMPLE.replace("<body>", "<body><form>").replace("</body>", "</form></body>").encode(),
    "the body under a script in a paragraph": _page(
        "<p>导语</p><p><noscript><div><p>一、总体情况</p><p>本年度工作稳步推进。</p><p>二、其他</p></div></noscript></p>"),
    "a layout table": _page("<table><tr><td>" + "<p>本年度工作稳步推进，公开信息一千条。</p>" * 30
                            + "<table><tr><td>1</td><td>2</td></tr></table></td><td>边栏</td></tr></table>"),
    "Word cells": _page("<table><tr><td><p>索引号：</p></td><td><p>00001/2025</p>尾</td></tr>"
                        "<tr><td> <p>发布机构</p> </td><td><p>区政务办<br>二行</p></td></tr></table>"
                        "<div><p>一、总体情况</p><p>正文。</p></div>"),
    "divs of text with breaks": _page("<div class='c'>一、总体情况<br>正文一。<br><br>正文二。<span>内联</span>"
                                      "<div>块一</div><div>块二<p>段</p></div></div>"),
    "comments and odd white space": _page("<div><!-- c --><p>正\u2003文\x0b</p>\u3000<p>\xa0\r\n</p></div>"),
    "nested 399 deep": _page("<div>" * 399 + "<p>深处</p>" + "</div>" * 399 + "<p>尾</p>"),
    "nested 401 deep in a cell": _page("<table><tr><td>" + "<span>" * 401 + "深" + "</span>" * 401
                                       + "</td></tr></table><p>正文</p>"),
    "nested 401 deep in a nav": _page("<nav>" + "<div>" * 401 + "<p>深</p>" + "</div>" * 401 + "</nav><p>正文</p>"),
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_shortcuts_read_as_the_plain_walk(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, plain = _both(PAGES[name], monkeypatch)
    assert fast == plain


_TAGS = ["p", "div", "span", "font", "br", "table", "tr", "td", "th", "tbody", "h1", "h2", "li", "ul", "section",
         "center", "o:p", "script", "form", "nav", "pre", "dd", "a", "caption"]
_TEXTS = ["一、总体情况", "本年度工作稳步推进。", "索引号：", "发布机构", " ", "\n", "\xa0", "\u3000", "\r\n", "12",
          "长" * 130, "青溪县2024年政府信息公开工作年度报告", "二、主动公开政府信息情况"]


@st.composite
def _markup(draw: st.DrawFn, depth: int = 0) -> str:
    out = []
    for _ in range(draw(st.integers(0, 4 if depth < 5 else 1))):
        if depth >= 7 or draw(st.booleans()):
            out.append(draw(st.sampled_from(_TEXTS)))
            continue
        tag = draw(st.sampled_from(_TAGS))
        attrs = ' colspan="2"' if tag == "td" and draw(st.booleans()) else ""
        out.append(f"<{tag}{attrs}>{draw(_markup(depth + 1))}</{tag}>")
    return "".join(out)


@given(_markup())
def test_shortcuts_read_any_page_as_the_plain_walk(body: str) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast, plain = _both(_page(body), monkeypatch)
    assert fast == plain
