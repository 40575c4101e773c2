"""Reliability of the reading side (issue 14): bounded inputs, nothing truncated or dropped
silently, odd characters normalised, and every failure a GovReportError naming the file."""

from __future__ import annotations

import io
import json
import random
import re
from pathlib import Path

import pytest

import govreport_io as gr
from govreport_io import registry
from govreport_io.blocks import Cell, Field, Heading, Paragraph, Table
from govreport_io.diagnostics import WarningCode
from govreport_io.errors import ModelError
from govreport_io.model import Block
from govreport_io.readers._context import ReadContext
from govreport_io.repair import repair

from .conftest import SAMPLES

# what a dependency's exception class looks like in a message ("PSEOF", "XMLSyntaxError: …")
CLASS_NAME = re.compile(r"\b(?:[A-Z][A-Za-z0-9_]*(?:Error|Exception|EOF|ZipFile)|PSEOF)\b")
ODD = ["\x0c", "\u2028", "\u2029", "\x0b", "\x85", "\x01", "\x1f", "\x7f", "\x9b", "\ufffe", "\uffff", "\ufdd0"]


# ---------------------------------------------------------------- characters normalised once


@pytest.mark.parametrize("fmt, name", [("markdown", "report.md"), ("text", "report.txt"), ("html", "report.html")])
@pytest.mark.parametrize("ch", ODD, ids=lambda c: f"U+{ord(c):04X}")
def test_one_odd_character_in_a_paragraph_reads_with_a_warning(fmt: str, name: str, ch: str) -> None:
    text = (SAMPLES / name).read_text(encoding="utf-8")
    damaged = text.replace("本报告依据", f"本报告{ch}依据", 1)
    assert damaged != text
    result = gr.read_document(damaged.encode("utf-8"), fmt)
    # a separator between CJK characters joins them, a control character or noncharacter goes:
    # either way the paragraph reads as it was written
    assert result.report == gr.read(SAMPLES / name)
    warned = [w for w in result.warnings if w.code is WarningCode.CHARACTERS]
    assert len(warned) == 1 and f"U+{ord(ch):04X}" in warned[0].message
    assert warned[0].pos.describe()  # it names where
    assert len(warned[0].message) < 200  # a short excerpt, not the paragraph


def test_separators_become_line_breaks_in_cells_and_spaces_between_latin_words() -> None:
    ctx = ReadContext(source="x.txt")
    blocks = repair([Paragraph("see\u2028http section"), Heading("一、总体\x0c情况", 2),
                     Field("索引号\x01", "123\u2029456"), Table(((Cell("行政\u2028许可"), Cell("3\x00")),))], ctx)
    assert blocks[0] == Paragraph("see http section", blocks[0].pos)
    assert isinstance(blocks[1], Heading) and blocks[1].text == "一、总体情况"
    assert isinstance(blocks[2], Field) and (blocks[2].key, blocks[2].value) == ("索引号", "123456")
    assert isinstance(blocks[3], Table) and [c.text for c in blocks[3].rows[0]] == ["行政\n许可", "3"]
    assert [w.code for w in ctx.warnings] == [WarningCode.CHARACTERS] * 4
    assert all(w.source == "x.txt" for w in ctx.warnings)


def test_lone_surrogates_become_the_replacement_character_with_a_warning() -> None:
    ctx = ReadContext(source="x")
    [p] = repair([Paragraph("王\ud800明")], ctx)
    assert isinstance(p, Paragraph) and p.text == "王\ufffd明"
    assert "U+D800 replaced by U+FFFD" in ctx.warnings[0].message


def test_a_huge_paragraph_with_one_form_feed_reads_and_no_message_repeats_it() -> None:
    text = (SAMPLES / "report.txt").read_text(encoding="utf-8")
    huge = "本报告" + "依" * 600_000 + "\x0c据"
    result = gr.read_document(text.replace("本报告依据", huge, 1).encode("utf-8"), "text")
    assert result.report.preamble[0].text.startswith("本报告依依")
    assert all(len(w.message) < 300 for w in result.warnings)


def test_model_errors_quote_a_short_excerpt() -> None:
    with pytest.raises(ModelError) as caught:
        Block("paragraph", "长" * 600_000 + "\n续")
    assert len(str(caught.value)) < 150 and "600002 characters" in str(caught.value)


# ---------------------------------------------------------------- HTML read whole or refused


def _nested(depth: int, text: str = "深") -> str:
    page = (SAMPLES / "report.html").read_text(encoding="utf-8")
    at = page.index("<section><h2>二")
    return page[:at] + "<div>" * depth + text + "</div>" * depth + page[at:]


@pytest.mark.parametrize("depth", [256, 300, 390])
def test_html_nested_past_libxml2s_default_limit_is_read_whole(depth: int) -> None:
    report = gr.read(_nested(depth).encode("utf-8"), "html")
    want = gr.read(SAMPLES / "report.html")
    # everything after the deep part is there: sections 二 … 六 and their tables
    assert report.sections[1:] == want.sections[1:] and report.requests == want.requests
    assert report.reviews == want.reviews and "深" in report.sections[0].blocks[-1].text


@pytest.mark.parametrize("depth", [500, 3000])
def test_html_nested_deeper_than_it_can_read_is_refused_naming_the_file(depth: int, tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    path.write_text(_nested(depth), encoding="utf-8")
    with pytest.raises(gr.UnsafeInputError, match=r"deep\.html: line \d+: the page is nested"):
        gr.read(path)


def test_html_text_node_over_10_mb_is_read_whole() -> None:
    report = gr.read(_nested(1, "x" * 10_500_000).encode("ascii", "xmlcharrefreplace"), "html")
    want = gr.read(SAMPLES / "report.html")
    assert report.sections[1:] == want.sections[1:] and report.requests == want.requests
    assert len(report.sections[0].blocks[-1].text) == 10_500_000


# ---------------------------------------------------------------- input bounded before reading


def test_a_device_is_read_only_up_to_the_limit() -> None:
    with pytest.raises(gr.UnsafeInputError, match=r"^/dev/zero: input is over the limit of 1000 bytes"):
        gr.read("/dev/zero", max_bytes=1000)
    with open("/dev/zero", "rb") as fh, pytest.raises(gr.UnsafeInputError, match=r"^/dev/zero: "):
        gr.read_blocks(fh, max_bytes=1000)


class _Endless(io.RawIOBase):
    """A stream that never ends and counts what was asked of it."""

    asked = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        assert size is not None and size >= 0, "read without a limit"
        self.asked += size
        return b"a" * size


def test_an_endless_stream_is_refused_after_the_limit() -> None:
    stream = _Endless()
    with pytest.raises(gr.UnsafeInputError, match=r"^<stream>: input is over the limit of 4096 bytes"):
        gr.read_document(stream, max_bytes=4096)
    assert stream.asked == 4097


def test_a_closed_stream_is_a_read_error() -> None:
    fh = io.BytesIO(b"x")
    fh.close()
    with pytest.raises(gr.ReadError, match="closed"):
        gr.read(fh)


# ---------------------------------------------------------------- one error path


def _damaged(data: bytes, seed: int) -> bytes:
    rnd = random.Random(seed)
    if seed % 3 == 0:
        return data[: max(1, len(data) * rnd.randint(5, 95) // 100)]
    out = bytearray(data)
    for _ in range(1 + seed % 7):
        k = rnd.randrange(len(out))
        out[k] ^= 1 << rnd.randrange(8)
    return bytes(out)


@pytest.mark.parametrize("name", ["report.pdf", "report.docx", "report.html", "report.md", "report.txt",
                                  "report.json"])
def test_damaged_inputs_of_every_reader_fail_cleanly_naming_the_file(name: str, tmp_path: Path) -> None:
    data = (SAMPLES / name).read_bytes()
    failures = 0
    for seed in range(12 if name != "report.pdf" else 6):
        path = tmp_path / f"damaged-{seed}{Path(name).suffix}"
        path.write_bytes(_damaged(data, seed))
        for call in (gr.read_document, gr.read_blocks):
            if call is gr.read_blocks and name == "report.json":
                continue
            try:
                call(path)
            except gr.GovReportError as exc:
                failures += 1
                assert str(exc).startswith(str(path)), str(exc)
                assert not CLASS_NAME.search(str(exc)), str(exc)
    # the strict formats must have refused some; the text formats may read every damaged copy
    assert failures or name in ("report.txt", "report.md", "report.html")


@pytest.mark.parametrize("exc", [ValueError("negative seek value"), LookupError("unknown encoding: x"),
                                 KeyError("word/document.xml"), IndexError("list index out of range"),
                                 RecursionError("maximum recursion depth exceeded")])
def test_any_failure_inside_a_reader_is_a_read_error_with_its_cause(exc: Exception, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(data: bytes, ctx: object) -> object:
        raise exc

    monkeypatch.setattr(registry.get("markdown").load_reader(), "read", broken)
    path = tmp_path / "r.md"
    path.write_bytes((SAMPLES / "report.md").read_bytes())
    for call in (gr.read, gr.read_document, gr.read_blocks, gr.validate):
        with pytest.raises(gr.ReadError) as caught:
            call(path)
        message = str(caught.value)
        assert message.startswith(f"{path}: ") and not CLASS_NAME.search(message), message
        assert caught.value.__cause__ is exc


def test_a_reader_error_quoting_a_dependency_class_is_scrubbed(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(data: bytes, ctx: ReadContext) -> object:
        raise gr.ReadError("not a readable PDF: PSEOF: Unexpected EOF", source=ctx.source)

    monkeypatch.setattr(registry.get("text").load_reader(), "read", broken)
    with pytest.raises(gr.ReadError, match=r"^<bytes>: not a readable PDF: Unexpected EOF$"):
        gr.read_blocks(b"x", "text")


def test_a_failure_of_the_recogniser_names_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    import govreport_io.api as api

    def broken(*args: object, **kwargs: object) -> object:
        raise AttributeError("'NoneType' object has no attribute 'text'")

    monkeypatch.setattr(api, "recognise", broken)
    with pytest.raises(gr.ReadError, match=r"^<bytes>: cannot read as markdown") as caught:
        gr.read((SAMPLES / "report.md").read_bytes())
    assert isinstance(caught.value.__cause__, AttributeError)


# ---------------------------------------------------------------- JSON strict and telling


def _json(change: object) -> bytes:
    obj = json.loads((SAMPLES / "report.json").read_text(encoding="utf-8"))
    change(obj)  # type: ignore[operator]
    return json.dumps(obj).encode("utf-8")


@pytest.mark.parametrize("change, path", [
    (lambda d: d["fields"][0].__setitem__(1, None), r"fields\[0\]\[1\] must be a string, got null"),
    (lambda d: d.__setitem__("title", 5), r"title must be a string or null, got a number"),
    (lambda d: d.__setitem__("year", "2024"), r"year must be a number or null, got a string"),
    (lambda d: d.__setitem__("preamble", None), r"preamble must be an array, got null"),
    (lambda d: d["sections"][0]["blocks"][0].__setitem__("text", None),
     r"sections\[0\]\.blocks\[0\]\.text must be a string, got null"),
    (lambda d: d["active"].__setitem__("licensing", [1]), r"active\.licensing must be an object, got an array"),
    (lambda d: d["unplaced"].append({"kind": "note", "text": None}), r"unplaced\[0\]\.text must be a string"),
])
def test_json_with_a_wrong_type_is_an_error_naming_the_key_path(change: object, path: str) -> None:
    with pytest.raises(gr.ReadError, match=r"^<bytes>: not a govreport/1 report: " + path):
        gr.read(_json(change), "json")


def test_json_null_never_becomes_the_text_none() -> None:
    with pytest.raises(gr.ReadError):
        gr.read(_json(lambda d: d["fields"].append(["备注", None])), "json")


def test_json_unknown_keys_are_warned_of_by_name() -> None:
    def change(d: dict[str, object]) -> None:
        d["colour"] = "red"
        d["sections"][0]["subtitle"] = "x"  # type: ignore[index]

    result = gr.read_document(_json(change), "json")
    assert result.report == gr.read(SAMPLES / "report.json")
    messages = [w.message for w in result.warnings if w.code is WarningCode.UNKNOWN_KEY]
    assert any("'colour'" in m for m in messages) and any("sections[0]" in m and "'subtitle'" in m
                                                           for m in messages)


def test_json_strings_are_normalised_with_a_warning_naming_the_key() -> None:
    data = _json(lambda d: d.__setitem__("organ", "青溪\ud800县"))
    result = gr.read_document(data, "json")
    assert result.report.organ == "青溪\ufffd县"
    assert any(w.code is WarningCode.CHARACTERS and "organ" in w.message for w in result.warnings)


# ---------------------------------------------------------------- untitled reports round-trip


@pytest.mark.parametrize("fmt", ["markdown", "html", "docx", "text", "json"])
@pytest.mark.parametrize("heading", ["（一）工作概述", "（二）基本情况"])
def test_an_untitled_report_whose_preamble_opens_with_a_sub_heading_round_trips(fmt: str, heading: str) -> None:
    report = gr.read(SAMPLES / "report.json").replace(
        title=None, preamble=(Block("heading", heading), Block("paragraph", "本报告依据条例编制。")))
    assert gr.read(gr.write(report, format=fmt), fmt) == report


def test_a_titled_report_keeps_its_title() -> None:
    report = gr.read(SAMPLES / "report.json").replace(
        preamble=(Block("heading", "（一）工作概述"), Block("paragraph", "本报告依据条例编制。")))
    for fmt in ("markdown", "html", "docx"):
        assert gr.read(gr.write(report, format=fmt), fmt) == report


def test_utf8_with_a_few_bad_sequences_is_read_as_utf8_with_a_warning() -> None:
    text = (SAMPLES / "report.txt").read_text(encoding="utf-8")
    data = text.replace("本报告依据", "本报告\ud800依据", 1).encode("utf-8", "surrogatepass")
    result = gr.read_document(data, "text")
    assert result.report.preamble[0].text.startswith("本报告\ufffd")
    assert any(w.code is WarningCode.ENCODING and "UTF-8" in w.message for w in result.warnings)
    # GB18030 text is still read as GB18030
    gb = gr.read_document(SAMPLES / "capture-gb18030.txt")
    assert any(w.code is WarningCode.ENCODING and "GB18030" in w.message for w in gb.warnings)
    assert gb.report.title and "\ufffd" not in gb.report.title


# ---------------------------------------------------------------- dependencies quiet


@pytest.mark.parametrize("name", ["report.docx", "report.html", "report.md"])
def test_reading_damaged_files_prints_nothing_unless_logging_is_configured(name: str,
                                                                          capfd: pytest.CaptureFixture[str]) -> None:
    data = (SAMPLES / name).read_bytes()
    for seed in range(6):
        try:
            gr.read_document(_damaged(data, seed), format=Path(name).suffix.lstrip(".").replace("md", "markdown"))
        except gr.GovReportError:
            pass
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")


def test_a_wrong_requests_columns_is_quoted_short_with_the_file(tmp_path: Path) -> None:
    """A spliced JSON report whose requests.columns is long: the error names the file and the
    key, and quotes the wrong value as a short excerpt (found by a fuzz campaign)."""
    data = json.loads((SAMPLES / "report.json").read_text(encoding="utf-8"))
    data["requests"]["columns"] = ["natural_person_" + "x" * 40] * 20
    path = tmp_path / "spliced.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(gr.GovReportError) as caught:
        gr.read(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and "requests.columns must be" in message, message
    assert "characters)" in message and len(message.replace(str(path), "")) <= 300, message
