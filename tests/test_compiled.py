"""The compiled build (mypyc, see setup.py) reads every document as the pure-Python source does.

The modules of ``govreport_io._compiled.MODULES`` run compiled when the install built them
(``make test`` does). A copy of the package's source, without the extension modules, runs in a
worker process; every shipped sample, every corpus file and generated reports in every shape
(hostile text, the 2019 form, captures) are read on both sides and must give the same report,
warnings, provenance and blocks, or the same error. Skipped in a pure-Python install.
"""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govreport_io as gr
from fuzz.mutate import Case, load_seeds, mutated
from govreport_io import _compiled
from govreport_io import testing as gt
from govreport_io.blocks import Field
from govreport_io.model import Report

from . import _pure_worker
from .conftest import CORPUS, PURE_RUN, ROOT, SAMPLES, SHARED

COMPILED = _compiled.compiled_modules()
pytestmark = pytest.mark.skipif(not COMPILED, reason="a pure-Python install: nothing compiled to compare")

FORMATS = {".txt": "text", ".md": "markdown", ".html": "html", ".docx": "docx", ".json": "json", ".pdf": "pdf",
           ".xlsx": "xlsx"}


class PureWorker:
    """A process reading with the pure-Python copy of the package."""

    def __init__(self, src: Path) -> None:
        env = {**os.environ, "PYTHONPATH": str(src), "PYTHONDONTWRITEBYTECODE": "1"}
        self.proc = subprocess.Popen([sys.executable, str(Path(_pure_worker.__file__))], cwd=src, env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.inp, self.out = self.proc.stdin, self.proc.stdout
        self.where, self.compiled = self._receive()

    def _receive(self) -> Any:
        got = _pure_worker.receive(self.out)
        if got is None:
            raise RuntimeError(f"the pure-Python worker ended (code {self.proc.wait()})")
        return got

    def outcome(self, data: bytes, fmt: str) -> tuple[Any, ...]:
        """What the pure source makes of ``data``."""
        _pure_worker.send(self.inp, (data, fmt))
        return tuple(self._receive())

    def close(self) -> None:
        """End the worker."""
        self.inp.close()
        self.proc.wait(timeout=30)


@pytest.fixture(scope="module")
def pure_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the checkout without the extension modules: the package, its tests, samples and fuzzer."""
    src = tmp_path_factory.mktemp("pure")
    for part in ("govreport_io", "tests", "samples", "fuzz"):
        shutil.copytree(ROOT / part, src / part, ignore=shutil.ignore_patterns("*.so", "*.pyd", "__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", src)
    return src


@pytest.fixture(scope="module")
def pure(pure_tree: Path) -> Iterator[PureWorker]:
    worker = PureWorker(pure_tree)
    try:
        yield worker
    finally:
        worker.close()


def test_the_worker_runs_the_pure_source(pure: PureWorker) -> None:
    assert Path(pure.where).parent.parent != ROOT
    assert pure.compiled == []


def test_the_pure_python_tests_pass_on_the_pure_source(pure_tree: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(pure_tree), PURE_RUN: "1", "GOVREPORT_SHARED": str(SHARED),
           "PYTHONDONTWRITEBYTECODE": "1"}
    files = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tests").rglob("test_*.py")
                   if "mark.pure_python" in p.read_text(encoding="utf-8"))
    assert files
    run = subprocess.run([sys.executable, "-m", "pytest", "-o", "addopts=", "-q", "-p", "no:cacheprovider",
                          "-m", "pure_python", *files], cwd=pure_tree, env=env,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert " passed" in run.stdout and " skipped" not in run.stdout.splitlines()[-1], run.stdout[-500:]


def test_every_listed_module_is_compiled() -> None:
    # a build that compiled some modules only would hide a failure of the build (setup.py falls back quietly)
    assert sorted(COMPILED) == sorted(m.removesuffix(".__init__") for m in _compiled.MODULES)


def test_no_compiled_module_is_older_than_its_source() -> None:
    # Python imports an extension module in place of the source beside it: an edited source would not run
    assert not _compiled.stale_modules(), "rebuild the compiled modules: make build"


def test_the_version_says_what_is_compiled(capsys: pytest.CaptureFixture[str]) -> None:
    from govreport_io.cli import main

    with pytest.raises(SystemExit):
        main(["--version"])
    assert f"{len(COMPILED)} of {len(_compiled.MODULES)} modules compiled with mypyc" in capsys.readouterr().out


FUZZ_CORPUS = ROOT / "tests" / "fuzz" / "corpus"


def _documents() -> list[Path]:
    out = [p for p in sorted(SAMPLES.iterdir()) if p.suffix in FORMATS]
    for folder in ("seeds", "dev", "real"):
        if (CORPUS / folder).is_dir():
            out += [p for p in sorted((CORPUS / folder).rglob("*")) if p.suffix in FORMATS and p.is_file()]
    # what the fuzzer found: damaged files, where a stub that types a dependency's value too
    # narrowly would make compiled code refuse what the source reads
    out += [p for p in sorted(FUZZ_CORPUS.glob("*/*")) if p.suffix in FORMATS and p.suffix != ".json"]
    return out


@pytest.mark.parametrize("path", _documents(), ids=lambda p: p.name)
def test_a_document_reads_alike_compiled_and_pure(pure: PureWorker, path: Path) -> None:
    data, fmt = path.read_bytes(), FORMATS[path.suffix]
    assert _pure_worker.outcome(data, fmt) == pure.outcome(data, fmt)


_SHAPES = {
    "text": lambda r: gr.write(r, format="text"),
    "markdown": lambda r: gr.write(r, format="markdown"),
    "html": lambda r: gr.write(r, format="html"),
    "pdftext": lambda r: gt.capture_pdftext(r).encode(),
    "pipes": lambda r: gt.capture_pipes(r).encode(),
    "cells": lambda r: gt.capture_cells(r).encode(),
    "crawler": lambda r: gt.capture_crawler(r).encode(),
    "pdf-markdown": lambda r: gt.capture_pdf_markdown(r).encode(),
    "ocr-markdown": lambda r: gt.capture_ocr_markdown(r).encode(),
}
_FORMAT_OF = {"markdown": "markdown", "html": "html", "pdf-markdown": "markdown", "ocr-markdown": "markdown"}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow, HealthCheck.data_too_large])
@given(gt.reports(), st.sampled_from(sorted(_SHAPES)), st.integers(0, 3))
def test_generated_reports_read_alike_compiled_and_pure(pure: PureWorker, report: Report, shape: str,
                                                        cut: int) -> None:
    data = _SHAPES[shape](report)
    if isinstance(data, str):
        data = data.encode()
    if cut:  # a capture cut short: partial reads and errors must agree too
        data = data[: len(data) * cut // 4]
    fmt = _FORMAT_OF.get(shape, "text")
    assert _pure_worker.outcome(data, fmt) == pure.outcome(data, fmt)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.sampled_from(["html", "docx", "markdown", "text"]).flatmap(lambda fmt: mutated(fmt, load_seeds(fmt))))
def test_damaged_documents_read_alike_compiled_and_pure(pure: PureWorker, case: Case) -> None:
    # the fuzzer's damage (truncation, bytes flipped, markup broken, zip members altered) on the samples
    assert _pure_worker.outcome(case.data, case.fmt) == pure.outcome(case.data, case.fmt), case.label


def test_a_compiled_read_result_pickles() -> None:
    # results cross processes (the budgeted reader's worker, dask): nothing compiled may end up in them
    res = gr.read_document(SAMPLES / "capture-pdftext.txt")
    again = pickle.loads(pickle.dumps(res))
    assert again.report == res.report and again.warnings == res.warnings
    findings = gr.validate(res.report)
    assert pickle.loads(pickle.dumps(findings)) == findings


# PDF text written as Markdown (page footers) with header fields at its head and one further
# down: the fields of the head were filtered while the list grew, which pure Python and compiled
# code evaluated differently (pure kept the first field alone)
_FIELDS_MD = ("索引号：000000001/2025-00012\n\n发布机构：青溪县人民政府办公室\n\n成文日期：2025-01-20\n\n"
              "一、总体情况\n正文第一行。\n二、主动公开政府信息情况\n正文。\n- 3 -\n| a | b |\n|---|---|\n"
              "发布机构：另一个机构\n- 4 -\n").encode()


def test_header_fields_of_pdf_text_markdown_read_alike_compiled_and_pure(pure: PureWorker) -> None:
    assert _pure_worker.outcome(_FIELDS_MD, "markdown") == pure.outcome(_FIELDS_MD, "markdown")
    blocks = gr.read_blocks(_FIELDS_MD, "markdown")
    assert [(b.key, b.value) for b in blocks if isinstance(b, Field)] == [
        ("索引号", "000000001/2025-00012"), ("发布机构", "青溪县人民政府办公室"), ("成文日期", "2025-01-20")]
    assert "发布机构：另一个机构" in [getattr(b, "text", None) for b in blocks]  # a later field is kept, as text
