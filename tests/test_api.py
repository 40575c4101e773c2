"""The public API and the registry: sources, sniffing, errors, plugins."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

import govreport_io as gr
from govreport_io import registry

from .conftest import SAMPLES

SAMPLE = SAMPLES / "report.json"


@pytest.mark.parametrize("name", ["report.json", "report.md", "report.txt", "report.html", "report.docx",
                                  "report.pdf", "capture-pdftext.txt", "capture-pipes.txt", "capture-cells.txt",
                                  "capture-gb18030.txt"])
def test_every_shipped_sample_reads_to_the_same_tables(name: str) -> None:
    want = gr.read(SAMPLE)
    got = gr.read(SAMPLES / name)
    assert got.requests == want.requests and got.active == want.active and got.reviews == want.reviews
    assert got.sections == want.sections and got.title == want.title and got.preamble == want.preamble
    if not name.startswith("capture-pdftext"):
        assert got == want


def test_read_accepts_paths_bytes_and_file_objects() -> None:
    data = SAMPLE.read_bytes()
    a = gr.read(SAMPLE)
    assert gr.read(str(SAMPLE)) == a
    assert gr.read(data) == a
    assert gr.read(io.BytesIO(data)) == a
    with SAMPLE.open("rb") as fh:
        assert gr.read(fh) == a


@pytest.mark.parametrize("name, fmt", [("report.json", "json"), ("report.md", "markdown"), ("report.html", "html"),
                                       ("report.docx", "docx"), ("report.pdf", "pdf"), ("report.txt", "text")])
def test_format_is_sniffed_from_content(name: str, fmt: str) -> None:
    assert gr.read_document((SAMPLES / name).read_bytes()).format == fmt


def test_write_and_convert(tmp_path: Path) -> None:
    report = gr.read(SAMPLE)
    out = tmp_path / "r.docx"
    data = gr.write(report, out)
    assert out.read_bytes() == data
    md = gr.convert(SAMPLES / "report.docx", tmp_path / "r.md")
    assert gr.read(md, "markdown") == report
    assert gr.convert(SAMPLE, to="json") == gr.write(report, format="json")
    buf = io.BytesIO()
    gr.write(report, buf, "text")
    assert gr.read(buf.getvalue(), "text") == report


def test_errors_name_the_file_and_what_was_expected(tmp_path: Path) -> None:
    with pytest.raises(gr.ReadError, match=r"nope\.pdf: cannot open"):
        gr.read(tmp_path / "nope.pdf")
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema": "govreport/1",\n "form": }', encoding="utf-8")
    with pytest.raises(gr.ReadError, match=r"bad\.json: line 2, column 10: not valid JSON"):
        gr.read(bad)
    with pytest.raises(gr.FormatError, match="unknown format 'xls'"):
        gr.read(SAMPLE, "xls")
    with pytest.raises(gr.FormatError, match="cannot tell the output format"):
        gr.write(gr.read(SAMPLE), tmp_path / "out.xyz")
    with pytest.raises(gr.WriteError, match="tables must be"):
        gr.write(gr.read(SAMPLE), format="markdown", tables="grid")
    with pytest.raises(gr.UnsafeInputError, match="over the limit"):
        gr.read_document(SAMPLE, max_bytes=100)
    with pytest.raises(gr.NoReportError):
        gr.read("这不是年报。只是一段话。".encode(), "text")
    assert issubclass(gr.UnsafeInputError, gr.GovReportError)


def test_read_document_returns_warnings_and_provenance() -> None:
    result = gr.read_document(SAMPLES / "capture-pdftext.txt")
    assert any(w.code == gr.WarningCode.FURNITURE for w in result.warnings)
    assert result.warnings[0].pos.line is not None
    assert "requests.total.total" in result.provenance
    assert result.provenance["requests.total.total"].line is not None


def test_registry_lists_formats_and_accepts_a_plugin(monkeypatch: pytest.MonkeyPatch) -> None:
    names = [f.name for f in gr.list_formats()]
    assert names[:6] == ["json", "markdown", "text", "html", "docx", "pdf"]
    assert registry.get("md").name == "markdown" and registry.by_extension("X.HTM").name == "html"
    info = registry.FormatInfo("yaml-ish", None, "govreport_io.writers.json", (".yj",), False)
    monkeypatch.setitem(registry._REGISTRY, info.name, info)
    assert gr.write(gr.read(SAMPLE), format="yaml-ish") == gr.write(gr.read(SAMPLE), format="json")
    with pytest.raises(gr.FormatError, match="can only be written"):
        gr.read(SAMPLE, "yaml-ish")
    with pytest.raises(gr.FormatError, match="already registered"):
        registry.register(registry.get("json"))


def test_entry_point_plugins_are_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.metadata as md

    info = registry.FormatInfo("plug", "govreport_io.readers.json", None, (".plug",), False)

    class EP:
        name = "plug"

        def load(self) -> object:
            return info

    monkeypatch.setattr(md, "entry_points", lambda group=None: [EP()] if group == "govreport_io.formats" else [])
    monkeypatch.setattr(registry, "_plugins_loaded", False)
    monkeypatch.setattr(registry, "_REGISTRY", dict(registry._REGISTRY))
    assert registry.get("plug") is info
    assert gr.read(SAMPLE.read_bytes(), "plug") == gr.read(SAMPLE)


def test_missing_dependency_names_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    info = registry.FormatInfo("ghost", "govreport_io.readers.no_such_module", None, (".gh",), False,
                               requires="ghost-lib")
    monkeypatch.setitem(registry._REGISTRY, "ghost", info)
    with pytest.raises(gr.FormatError, match="install ghost-lib"):
        gr.read(b"x", "ghost")


def test_sniffing_survives_a_character_cut_at_the_sniff_window() -> None:
    page = b"<!DOCTYPE html>\n<html><body><p>" + "中".encode() * 3000 + b"</p></body></html>"
    assert registry.sniff(page).name == "html"
    assert registry.sniff("# 标题\n\n正文".encode("utf-16")).name == "markdown"  # with its BOM


@pytest.mark.parametrize("fmt", ["json", "markdown", "text", "html", "docx", "pdf"])
def test_writers_are_deterministic(fmt: str) -> None:
    import time

    report = gr.read(SAMPLE)
    first = gr.write(report, format=fmt)
    time.sleep(1.1 if fmt in ("docx", "pdf") else 0)  # zip and PDF dates have one-second steps
    assert gr.write(report, format=fmt) == first


def test_an_unknown_read_option_is_refused_naming_it_the_format_and_the_accepted_ones() -> None:
    with pytest.raises(gr.FormatError, match=r"unknown read option 'colour' for format 'text'; it accepts: none"):
        gr.read(SAMPLES / "report.txt", colour="red")
    with pytest.raises(gr.FormatError, match="colour"):
        gr.read_blocks(SAMPLES / "report.md", colour="red")


def test_a_reader_option_it_names_reaches_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from govreport_io.readers import text

    seen: list[dict[str, object]] = []
    original = text.read

    def spy(data: bytes, ctx: object) -> object:
        seen.append(dict(ctx.options))  # type: ignore[attr-defined]
        return original(data, ctx)  # type: ignore[arg-type]

    monkeypatch.setattr(text, "OPTIONS", frozenset({"measure"}), raising=False)
    monkeypatch.setattr(text, "read", spy)
    gr.read(SAMPLES / "report.txt", measure=40)
    assert seen == [{"measure": 40}]


def test_every_builtin_reader_sniffs_its_own_format() -> None:
    from govreport_io.readers import docx, html, json, markdown, text

    assert json.sniff(SAMPLE.read_bytes()) == 100
    assert html.sniff((SAMPLES / "report.html").read_bytes()) >= 95
    assert markdown.sniff((SAMPLES / "report.md").read_bytes()) >= 60
    assert docx.sniff((SAMPLES / "report.docx").read_bytes()) == 100
    assert text.sniff(b"\x00\x01") == 0 and text.sniff("正文".encode()) == 10
    assert registry.sniff((SAMPLES / "report.pdf").read_bytes()).name == "pdf"


def test_sniffing_imports_no_parser_library() -> None:
    import subprocess
    import sys

    code = ("import sys, govreport_io as gr; from govreport_io import registry; registry.sniff(b'<p>x</p>'); "
            "print(sorted(m for m in ('lxml', 'markdown_it', 'docx', 'pdfplumber') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_a_broken_plugin_reader_never_breaks_sniffing(monkeypatch: pytest.MonkeyPatch) -> None:
    info = registry.FormatInfo("broken", "govreport_io.readers.no_such_module", None, (".brk",), False)
    monkeypatch.setitem(registry._REGISTRY, "broken", info)
    assert registry.sniff(SAMPLE.read_bytes()).name == "json"
    assert info.sniff(b"anything") == 0


def _big_text() -> bytes:
    """samples/report.txt with section 六 grown past 1 MiB by sentences."""
    text = (SAMPLES / "report.txt").read_text(encoding="utf-8")
    return (text + "\n" + "本机关持续推进政务公开工作，公开内容更加丰富。\n" * 30000).encode()


def test_a_large_read_runs_with_the_collector_paused_and_restores_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    from govreport_io import api

    seen: list[bool] = []
    real = api.recognise

    def watching(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(api, "recognise", watching)
    assert gc.isenabled()
    gr.read(_big_text(), "text")
    gr.read(SAMPLES / "report.txt")
    assert seen == [False, True]  # paused for the large read only
    assert gc.isenabled()
    with pytest.raises(gr.GovReportError):
        gr.read(b"\x00" * (2 << 20) + b"{", "json")  # a failing large read
    assert gc.isenabled()
    gc.disable()
    try:
        gr.read(_big_text(), "text")
        assert not gc.isenabled()  # the caller's choice stands
    finally:
        gc.enable()


def test_a_large_read_of_blocks_restores_the_collector() -> None:
    import gc

    assert gr.read_blocks(_big_text(), "text") and gc.isenabled()
