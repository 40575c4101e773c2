"""The command line: convert, validate, formats; one clear line and a non-zero exit on error."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import govreport_io as gr
from govreport_io.cli import main

from .conftest import SAMPLES


def test_convert_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", str(SAMPLES / "report.docx"), "--to", "json"]) == 0
    out = capsys.readouterr().out
    assert gr.read(out.encode(), "json") == gr.read(SAMPLES / "report.json")


def test_convert_to_file_by_extension(tmp_path: Path) -> None:
    out = tmp_path / "x.html"
    assert main(["convert", str(SAMPLES / "report.md"), "-o", str(out), "-q"]) == 0
    assert gr.read(out) == gr.read(SAMPLES / "report.json")
    frag = tmp_path / "f.html"
    assert main(["convert", str(SAMPLES / "report.json"), "-o", str(frag), "--fragment"]) == 0
    assert frag.read_text(encoding="utf-8").startswith("<article")


def test_convert_binary_to_stdout_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", str(SAMPLES / "report.json"), "--to", "pdf"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("govreport: error:") and "give -o OUTPUT" in err and err.count("\n") == 1


def test_convert_warnings_go_to_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", str(SAMPLES / "capture-pdftext.txt"), "--to", "md"]) == 0
    captured = capsys.readouterr()
    assert "warning:" in captured.err and "furniture" in captured.err
    assert captured.out.startswith("# 青溪县")


def test_validate_text_json_and_strict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(SAMPLES / "report.json")]) == 0
    assert "ok (2021 form)" in capsys.readouterr().out
    report = gr.read(SAMPLES / "report.json")
    rows = dict(report.requests)
    rows["granted"] = (99, *rows["granted"][1:])
    broken = tmp_path / "broken.json"
    gr.write(report.replace(requests=rows), broken)
    assert main(["validate", str(broken)]) == 0
    assert "R2" in capsys.readouterr().out
    assert main(["validate", "--strict", str(broken)]) == 1
    capsys.readouterr()
    assert main(["validate", "--json", "--warnings", str(broken)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert {f["rule"] for f in doc["findings"]} >= {"R2", "R3"}


def test_errors_are_one_line_and_exit_non_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    assert main(["convert", str(bad), "--to", "json"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "broken.docx" in err and "Traceback" not in err
    assert main(["convert", str(tmp_path / "missing.txt"), "--to", "json"]) == 2
    assert "missing.txt: cannot open" in capsys.readouterr().err


def test_formats_lists_every_format(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["formats"]) == 0
    out = capsys.readouterr().out
    for name in ("json", "markdown", "text", "html", "docx", "pdf"):
        assert name in out


def test_python_dash_m_and_stdin() -> None:
    data = (SAMPLES / "report.md").read_bytes()
    proc = subprocess.run([sys.executable, "-m", "govreport_io", "convert", "-", "--from", "markdown", "--to", "json"],
                          input=data, capture_output=True, check=True, timeout=120)
    assert gr.read(proc.stdout, "json") == gr.read(SAMPLES / "report.json")
