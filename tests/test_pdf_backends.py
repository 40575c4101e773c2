"""The PDF reader's two backends agree; its guards, settings, options and messages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings

import govreport_io as gr
from govreport_io.blocks import Heading
from govreport_io.model import Report
from govreport_io.readers import pdf as pdf_reader
from govreport_io.readers._context import ReadContext
from govreport_io.readers.pdf import PdfSettings
from govreport_io.testing import reports

from . import pdf_builder
from .conftest import ROOT, SAMPLES, corpus_path

BACKENDS = ("pdfium", "pdfplumber")
# what a message must never show: dependency exception classes and library names
LEAKS = ("Error:", "Exception", "PSEOF", "PDFSyntax", "Pdfium", "pdfminer", "pdfplumber", "Traceback")


def _both(source: Path | bytes) -> list[gr.ReadResult]:
    return [gr.read_document(source, "pdf", backend=b) for b in BACKENDS]


@pytest.mark.parametrize("where", ["samples/report.pdf", "dev/000.pdf", "dev/002.pdf", "real/01_huaian_2024.pdf"])
def test_backends_give_the_same_report(where: str) -> None:
    path = ROOT / where if where.startswith("samples") else corpus_path(*where.split("/"))
    fast, ref = _both(path)
    assert fast.report == ref.report
    assert [(w.code, w.message, w.pos) for w in fast.warnings] == [(w.code, w.message, w.pos) for w in ref.warnings]


@settings(max_examples=15)
@given(reports())
def test_backends_agree_on_generated_pdfs(report: Report) -> None:
    data = gr.write(report, format="pdf")
    fast = gr.read(data, "pdf")
    assert fast == gr.read(data, "pdf", backend="pdfplumber")
    assert fast == report


@pytest.mark.parametrize("text", ["本一一一一一一_7\t 利。", "甲 \t 乙", "甲\t\t 乙", "甲\t乙"])
def test_spaces_beside_a_tab_read_back_once(text: str) -> None:
    """A space after a tab is dropped by pdfium and restored: from its own text object and from the
    gap after the tab it was restored twice (found by the round-trip property)."""
    from govreport_io.form.template import SECTION_TITLES
    from govreport_io.model import Block, Section

    sections = tuple(Section(n, SECTION_TITLES[n], (Block("paragraph", text),) if n == 6 else ()) for n in range(1, 7))
    report = Report(title="殷都区人民政府办公室2021年政府信息公开工作年度报告", organ="殷都区人民政府办公室", year=2021,
                    sections=sections)
    data = gr.write(report, format="pdf")
    assert [r.report for r in _both(data)] == [report, report]


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_hyphen_that_ends_a_line_is_a_hyphen(backend: str) -> None:
    import io

    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.setFont("Helvetica", 11)
    c.drawString(72, 700, "Write to the e-")  # pdfium reports this hyphen as U+0002
    c.drawString(72, 686, "mail address")
    c.save()
    blocks = pdf_reader.read(buf.getvalue(), ReadContext(options={"backend": backend}))
    assert [getattr(b, "text", None) for b in blocks] == ["Write to the e-mail address"]


def test_blocks_agree_on_a_table_across_pages() -> None:
    path = corpus_path("dev", "000.pdf")
    assert gr.read_blocks(path, backend="pdfium") == gr.read_blocks(path, backend="pdfplumber")


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_100k_page_pdf_is_refused_before_its_pages_are_parsed(backend: str) -> None:
    data = pdf_builder.many_pages(100_000)
    with pytest.raises(gr.UnsafeInputError, match="100000 pages, over the limit of 500"):
        gr.read(data, "pdf", backend=backend)


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_tree_of_nested_forms_is_refused(backend: str) -> None:
    with pytest.raises(gr.UnsafeInputError, match="form XObjects nest"):
        gr.read(pdf_builder.form_tree(30), "pdf", backend=backend)


def test_a_shallow_form_tree_is_read() -> None:
    blocks = pdf_reader.read(pdf_builder.form_tree(4), ReadContext())
    assert [getattr(b, "text", None) for b in blocks] == ["Hello"]


def test_a_content_stream_that_inflates_without_bound_is_refused() -> None:
    with pytest.raises(gr.UnsafeInputError, match="inflates past the limit"):
        gr.read(pdf_builder.inflating(40 * 1024 * 1024), "pdf")


def _broken_widths() -> bytes:
    # the built-in CID font writes one /W array whatever fonts the machine has
    data = gr.write(gr.read(SAMPLES / "report.json"), format="pdf", font="STSong-Light")
    at = data.index(b"/W [ 1 [ 207 270") + len(b"/W [ 1 ")
    return data[:at] + b"999999999" + data[at + 9:]  # one range of a billion codes, same length


def test_a_broken_width_table_is_read_by_pdfium_and_refused_for_pdfminer() -> None:
    data = _broken_widths()
    got, want = gr.read(data, "pdf"), gr.read(SAMPLES / "report.json")
    # the glyphs are placed by wrong widths, so paragraphs break elsewhere; the tables hold
    assert (got.title, got.requests, got.reviews) == (want.title, want.requests, want.reviews)
    with pytest.raises(gr.UnsafeInputError, match="width table"):
        gr.read(data, "pdf", backend="pdfplumber")


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_per_page_limit_names_the_page(backend: str) -> None:
    with pytest.raises(gr.UnsafeInputError, match=r"report\.pdf: page 1: over 10 characters on one page"):
        gr.read(SAMPLES / "report.pdf", backend=backend, settings=PdfSettings(max_chars_per_page=10))


def test_settings_change_what_is_read() -> None:
    # no line is 100 times the body size: every heading reads as a paragraph
    default = gr.read_blocks(SAMPLES / "report.pdf")
    changed = gr.read_blocks(SAMPLES / "report.pdf", settings=PdfSettings(heading_ratio=100.0))
    assert any(isinstance(b, Heading) for b in default)
    assert not any(isinstance(b, Heading) for b in changed)


def test_unknown_backend_and_bad_settings_are_clear_errors() -> None:
    with pytest.raises(gr.ReadError, match="unknown PDF backend 'mupdf'; expected one of pdfium, pdfplumber"):
        gr.read(SAMPLES / "report.pdf", backend="mupdf")
    with pytest.raises(gr.ReadError, match="must be a PdfSettings"):
        gr.read(SAMPLES / "report.pdf", settings={"snap_tolerance": 1})


def test_reader_interface() -> None:
    assert "backend" in pdf_reader.OPTIONS and "settings" in pdf_reader.OPTIONS
    assert pdf_reader.sniff((SAMPLES / "report.pdf").read_bytes()) == 100
    assert pdf_reader.sniff(b"\n\n%PDF-1.4") == 100
    assert pdf_reader.sniff(b"<html>") == 0


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("cut", [0, 10, 3])
def test_damaged_pdfs_name_the_file_and_no_dependency(tmp_path: Path, backend: str, cut: int) -> None:
    data = (SAMPLES / "report.pdf").read_bytes()
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n garbage \n%%EOF" if cut == 0 else data[: len(data) // cut])
    with pytest.raises(gr.GovReportError) as err:
        gr.read(path, backend=backend)
    message = str(err.value)
    assert message.startswith(f"{path}: ")
    assert not any(leak in message for leak in LEAKS), message


def test_import_is_cheap_and_pdfminer_stays_quiet(tmp_path: Path) -> None:
    path = tmp_path / "odd.pdf"
    path.write_bytes(pdf_builder.bad_line_width())  # pdfminer logs a warning about this one
    code = (
        "import sys\n"
        "import govreport_io.readers.pdf\n"
        "assert not {'pdfplumber', 'pdfminer', 'pypdfium2'} & set(sys.modules), 'heavy import'\n"
        "import govreport_io as gr\n"
        f"try:\n    gr.read({str(path)!r}, backend='pdfplumber')\n"
        "except gr.NoReportError as e:\n    print(e)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    assert "does not look like an annual report" in run.stdout


def test_the_pdf_package_imports_no_writer_and_no_other_reader() -> None:
    import ast

    package = ROOT / "govreport_io" / "readers" / "pdf"
    for path in package.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                module = "." * node.level + (node.module or "")
                assert "writers" not in module, f"{path.name} imports {module}"
                assert not module.startswith("..") or module in ("..", ".._context") or module.startswith("..."), \
                    f"{path.name} imports the reader {module}"
