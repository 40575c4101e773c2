"""Reports for the writers: govreport_io.testing.reports() with hostile text put in.

The text goes where the model accepts it (no line breaks, no C0 controls, no white space
at either end): lone surrogates, noncharacters, C1 controls, characters outside the
Basic Multilingual Plane that fonts lack, markup of every writer's target format, very
long titles and paragraphs. Unplaced content carries a marker so that a writer that drops
it without a word is caught.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from govreport_io.errors import GovReportError
from govreport_io.model import Block, Report, Unplaced
from govreport_io.testing import reports

from .mutate import Case

WRITERS = ("json", "markdown", "text", "html", "docx", "pdf")
UNPLACED_MARK = "未归位内容标记"

HOSTILE_TEXT = (
    "\ud800", "\udfff", "\uffff", "\ufffe", "\ufdd0", "\U0010ffff", "\x7f", "\x80", "\x9f", "\u202e", "\u200b",
    "\ufeff", "王\U0002c029", "\U0001f600", "<img src=x onerror=alert(1)>", "</p><script>x</script>", "]]>",
    "| a | b |", "*_`#", "\\", "&amp;", "&#0;", "%PDF-1.4", "{{x}}", "\t", "\u3000", "ﬁ", "e\u0301", "\u0000",
)


def _inject(text: str, hostile: str) -> str:
    """Hostile text inside ``text`` (never at either end, where the model refuses white space)."""
    mid = len(text) // 2
    return f"{text[:mid] or '前'}{hostile}{text[mid:] or '后'}"


@st.composite
def hostile_reports(draw: st.DrawFn, big: bool = False) -> Report:
    """A valid report with hostile text in a title, field, paragraph, heading or unplaced item.

    ``big`` makes the long paragraphs and the many paragraphs ten times larger (300 KB, 20k blocks).
    """
    report: Report = draw(reports())
    where = draw(st.sampled_from(["title", "organ", "field", "paragraph", "heading", "unplaced", "long-title",
                                  "long-paragraph", "many-paragraphs"]))
    hostile = draw(st.sampled_from(HOSTILE_TEXT))
    changes: dict[str, Any] = {}
    if where in ("title", "organ"):
        changes[where] = _inject(getattr(report, where) or "报告", hostile)
    elif where == "field":
        changes["fields"] = ((*report.fields, ("发布机构", _inject("青溪县", hostile)))
                             if not any(k == "发布机构" for k, _ in report.fields) else report.fields)
    elif where == "long-title":
        changes["title"] = "长" * draw(st.sampled_from([256, 300, 5000]))
    changes["unplaced"] = (Unplaced("paragraph", _inject(UNPLACED_MARK, hostile if where == "unplaced" else ""),
                                    "section 1"),)
    try:
        if where in ("paragraph", "heading", "long-paragraph", "many-paragraphs"):
            changes["preamble"] = _blocks(draw, where, hostile, 10 if big else 1)
        return report.replace(**changes)
    except GovReportError:  # the model refuses this text: the writers never see it
        return report.replace(unplaced=(Unplaced("paragraph", UNPLACED_MARK, "section 1"),))


def _blocks(draw: st.DrawFn, where: str, hostile: str, scale: int) -> tuple[Block, ...]:
    if where == "long-paragraph":
        return (Block("paragraph", "本" + "长段落" * scale * draw(st.sampled_from([1_000, 10_000]))),)
    if where == "many-paragraphs":
        return tuple(Block("paragraph", f"本段{i}。") for i in range(scale * draw(st.sampled_from([200, 2_000]))))
    return (Block("heading" if where == "heading" else "paragraph", _inject("本年度工作", hostile)),)


@st.composite
def writer_cases(draw: st.DrawFn, fmt: str, big: bool = False) -> Case:
    """One report for writer ``fmt``; the label says what hostile text it holds."""
    report = draw(hostile_reports(big))
    return Case(fmt, f"writer {fmt}: {_describe(report)}", report=report.to_dict())


def _describe(report: Report) -> str:
    text = "".join([report.title or "", *(b.text for b in report.preamble), *(u.text for u in report.unplaced)])
    odd = sorted({f"U+{ord(c):04X}" for c in text if ord(c) > 0xFFFF or 0xD800 <= ord(c) <= 0xDFFF
                  or ord(c) in (0xFFFF, 0xFFFE, 0xFDD0, 0x7F) or 0x80 <= ord(c) <= 0x9F})
    size = max([len(report.title or "")] + [len(b.text) for b in report.preamble])
    return f"{len(report.preamble)} preamble blocks, longest text {size}" + (f", {' '.join(odd)}" if odd else "")
