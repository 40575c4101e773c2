"""The command line: convert, validate, formats; one clear line and a documented exit code on error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import govreport_io as gr
from govreport_io._compiled import describe
from govreport_io.cli import main

from .conftest import SAMPLES


def row_missing(tmp_path: Path) -> Path:
    """report.md without the row （一）予以公开: a row-missing warning (page furniture may be info-level only)."""
    lines = (SAMPLES / "report.md").read_text(encoding="utf-8").splitlines(keepends=True)
    path = tmp_path / "row-missing.md"
    path.write_text("".join(ln for ln in lines if "（一）予以公开" not in ln), encoding="utf-8")
    return path


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


def test_convert_warnings_go_to_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", str(row_missing(tmp_path)), "--to", "md"]) == 0
    captured = capsys.readouterr()
    assert "warning:" in captured.err and "row-missing" in captured.err
    assert "# 青溪县人民政府办公室2024年" in captured.out
    assert main(["convert", str(SAMPLES / "capture-pdftext.txt"), "--to", "md", "-v"]) == 0
    assert "furniture" in capsys.readouterr().err  # -v shows every warning, info-level ones too


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
    assert main(["convert", str(bad), "--to", "json"]) == 3  # 3: an input could not be read (docs/cli.md)
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "broken.docx" in err and "Traceback" not in err
    assert main(["convert", str(tmp_path / "missing.txt"), "--to", "json"]) == 3
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


def run_cli(*argv: str, env: dict[str, str] | None = None,
            stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """``python -m govreport_io`` in a subprocess, as a shell would run it."""
    return subprocess.run([sys.executable, "-m", "govreport_io", *argv], input=stdin, capture_output=True,
                          timeout=120, env={**os.environ, **(env or {})}, check=False)


def test_short_flags_from_and_to(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", str(SAMPLES / "report.md"), "-f", "markdown", "-t", "json"]) == 0
    assert gr.read(capsys.readouterr().out.encode(), "json") == gr.read(SAMPLES / "report.json")
    assert main(["validate", "-f", "json", str(SAMPLES / "report.json")]) == 0


def test_dash_o_dash_writes_to_stdout_even_a_binary_format(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["convert", str(SAMPLES / "report.json"), "-t", "md", "-o", "-"]) == 0
    assert capsysbinary.readouterr().out == gr.write(gr.read(SAMPLES / "report.json"), None, "markdown")
    assert main(["convert", str(SAMPLES / "report.json"), "-t", "docx", "-o", "-"]) == 0
    out = capsysbinary.readouterr().out
    assert out.startswith(b"PK") and gr.read(out, "docx") == gr.read(SAMPLES / "report.json")


def test_stdout_is_utf8_whatever_the_console_encoding() -> None:
    # A Chinese-Windows console: Python would encode stdout as GBK, or fail on characters GBK lacks.
    want = gr.write(gr.read(SAMPLES / "capture-pdftext.txt"), None, "markdown")
    proc = run_cli("convert", str(SAMPLES / "capture-pdftext.txt"), "-t", "md", "-q", env={"PYTHONIOENCODING": "gbk"})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == want
    proc = run_cli("validate", str(SAMPLES / "report.json"), env={"PYTHONIOENCODING": "gbk"})
    assert proc.returncode == 0 and proc.stdout.decode("utf-8").endswith("ok (2021 form)\n")
    proc = run_cli("formats", env={"PYTHONIOENCODING": "ascii"})
    assert proc.returncode == 0 and "markdown" in proc.stdout.decode("utf-8")


def test_several_inputs_go_into_a_folder_and_one_failure_does_not_stop_the_rest(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inputs = [SAMPLES / "report.md", tmp_path / "missing.txt", SAMPLES / "capture-pipes.txt"]
    out = tmp_path / "out"
    assert main(["convert", *map(str, inputs), "-t", "json", "-o", str(out), "-q"]) == 3
    assert sorted(p.name for p in out.iterdir()) == ["capture-pipes.json", "report.json"]
    assert gr.read(out / "report.json") == gr.read(SAMPLES / "report.json")
    assert "missing.txt: cannot open" in capsys.readouterr().err


def test_several_inputs_are_refused_without_a_folder_or_with_clashing_names(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    two = [str(SAMPLES / "report.md"), str(SAMPLES / "capture-pipes.txt")]
    assert main(["convert", *two, "-t", "json"]) == 2
    assert "-o DIR" in capsys.readouterr().err
    assert main(["convert", *two, "-o", str(tmp_path / "d")]) == 2  # a folder has no extension to take -t from
    assert "-t FMT" in capsys.readouterr().err
    clash = [str(SAMPLES / "report.md"), str(SAMPLES / "report.html")]
    assert main(["convert", *clash, "-t", "json", "-o", str(tmp_path / "d")]) == 2
    assert "report.json" in capsys.readouterr().err and not (tmp_path / "d").exists()


@pytest.mark.parametrize(("argv", "code"), [
    (["formats"], 0),
    (["convert", "{samples}/report.json", "-t", "md"], 0),
    (["convert", "{tmp}/row-missing.md", "-t", "md", "--strict"], 1),
    (["convert", "{tmp}/row-missing.md", "-t", "md"], 0),
    (["convert", "{samples}/report.json", "-t", "md", "--strict"], 0),
    (["convert", "{samples}/report.json", "-t", "nosuchformat"], 2),
    (["convert", "{samples}/report.json", "-f", "nosuchformat", "-t", "md"], 2),
    (["convert", "{samples}/report.json", "-t", "pdf"], 2),
    (["convert", "{samples}/report.json", "-o", "{tmp}/x.unknown"], 2),
    (["convert", "{samples}/report.json"], 2),
    (["convert"], 2),
    (["nosuchcommand"], 2),
    (["convert", "{tmp}/missing.pdf", "-t", "md"], 3),
    (["validate", "{tmp}/missing.pdf"], 3),
    (["convert", "{samples}/report.json", "-o", "{tmp}/no/such/folder/x.json"], 4),
])
def test_exit_codes(argv: list[str], code: int, tmp_path: Path) -> None:
    row_missing(tmp_path)
    args = [a.format(samples=SAMPLES, tmp=tmp_path) for a in argv]
    try:
        got = main(args)
    except SystemExit as exc:  # argparse's usage errors
        got = int(exc.code or 0)
    assert got == code, args


def test_validate_keeps_going_and_prints_one_json_object_per_input(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    garbage = tmp_path / "garbage.json"
    garbage.write_text("{not json", encoding="utf-8")
    inputs = [SAMPLES / "report.json", tmp_path / "missing.txt", garbage, SAMPLES / "capture-pdftext.txt"]
    assert main(["validate", "--json", *map(str, inputs)]) == 3
    lines = capsys.readouterr().out.splitlines()
    docs = [json.loads(line) for line in lines]
    assert [d["input"] for d in docs] == [str(p) for p in inputs]
    assert [d["status"] for d in docs] == ["ok", "unreadable", "unreadable", "ok"]
    assert all(set(d) == {"input", "status", "form", "findings", "warnings", "error"} for d in docs)
    assert docs[1]["error"]["code"] == 3 and "missing.txt" in docs[1]["error"]["message"]
    assert docs[3]["warnings"] and isinstance(docs[3]["warnings"][0]["line"], int)


def test_validate_strict_and_unreadable_exit_with_the_highest_code(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = gr.read(SAMPLES / "report.json")
    rows = dict(report.requests)
    rows["granted"] = (99, *rows["granted"][1:])
    broken = tmp_path / "broken.json"
    gr.write(report.replace(requests=rows), broken)
    assert main(["validate", "--strict", str(broken), str(SAMPLES / "report.json")]) == 1
    out = capsys.readouterr().out
    assert "broken.json: 2 rule(s) broken" in out and "report.json: ok" in out
    assert main(["validate", "--strict", str(broken), str(tmp_path / "missing.txt")]) == 3


def test_quiet_and_verbose(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                           monkeypatch: pytest.MonkeyPatch) -> None:
    capture = str(row_missing(tmp_path))
    assert main(["convert", capture, "-t", "md"]) == 0
    assert "warning:" in capsys.readouterr().err
    assert main(["convert", capture, "-t", "md", "-q"]) == 0
    assert capsys.readouterr().err == ""
    # Warnings of severity "info" are shown by -v only (whether severity sits on the warning or on its code).
    monkeypatch.setattr(gr.ReaderWarning, "severity", "info", raising=False)
    assert main(["convert", capture, "-t", "md"]) == 0
    assert capsys.readouterr().err == ""
    assert main(["convert", capture, "-t", "md", "-v"]) == 0
    assert "info: " in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["convert", capture, "-t", "md", "-q", "-v"])


def test_validate_warnings_go_in_its_output_not_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--warnings", str(row_missing(tmp_path))]) == 0
    captured = capsys.readouterr()
    assert "  warning: " in captured.out and "row-missing" in captured.out and captured.err == ""


def test_stdin_among_several_inputs_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", "-", str(SAMPLES / "report.md"), "-t", "json", "-o", str(tmp_path)]) == 2
    assert "standard input" in capsys.readouterr().err


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    # `govreport convert big.json -t md | head`: the reader goes away before the output is done.
    d = gr.read(SAMPLES / "report.json").to_dict()
    d["preamble"] = d["preamble"] + [{"kind": "paragraph", "text": "测试段落" * 200}] * 300
    big = tmp_path / "big.json"
    big.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "govreport_io", "convert", str(big), "-t", "md"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    assert len(proc.stdout.read(10)) == 10
    proc.stdout.close()
    assert proc.wait(timeout=120) == 0
    assert proc.stderr.read() == b""
    proc.stderr.close()


def test_help_is_utf8_on_any_console() -> None:
    proc = run_cli("--help", env={"PYTHONIOENCODING": "ascii"})
    assert proc.returncode == 0 and "政府信息公开工作年度报告" in proc.stdout.decode("utf-8")
    assert "勾稽关系" in proc.stdout.decode("utf-8")
    assert "exit codes: 0 ok, 1 findings under --strict, 2 usage" in proc.stdout.decode("utf-8")
    proc = run_cli("validate", "--help", env={"PYTHONIOENCODING": "ascii"})
    assert proc.returncode == 0 and proc.stdout.decode("utf-8").startswith("usage: govreport validate")
    proc = run_cli("--version")
    assert proc.stdout.decode("utf-8").strip() == f"govreport_io {gr.__version__} ({describe()})"


def test_one_input_into_an_existing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", str(SAMPLES / "report.md"), "-t", "html", "-o", str(tmp_path)]) == 0
    assert gr.read(tmp_path / "report.html") == gr.read(SAMPLES / "report.json")
    assert main(["convert", str(SAMPLES / "report.md"), "-o", str(tmp_path)]) == 2  # a folder has no extension
    assert "-t FMT" in capsys.readouterr().err


def test_convert_to_pdf_with_a_named_font_and_writer_warnings_as_one_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.pdf"
    assert main(["convert", str(SAMPLES / "report.json"), "-o", str(out), "--font", "STSong-Light"]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert main(["convert", str(SAMPLES / "report.json"), "-o", str(out), "--font", "/no/such/font.ttf"]) != 0
    err = capsys.readouterr().err
    assert "font" in err and "Traceback" not in err
