"""Read budgets: read_document_bounded runs the read in a worker within a time and memory cap."""

from __future__ import annotations

import io
import json
import multiprocessing
import os
import time
from pathlib import Path

import pytest

import govreport_io as gr
from govreport_io.budget import read_document_bounded
from govreport_io.errors import BudgetError, GovReportError, ReadError, UnsafeInputError

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _long_table(rows: int) -> bytes:
    """A text report whose table 二 has ``rows`` rows: quadratic in the recogniser of 0.1.0."""
    body = "".join(f"项目{i}\t{i}\t{i}\n" for i in range(rows))
    return ("一、总体情况\n二、主动公开政府信息情况\n" + body).encode()


@pytest.mark.parametrize("name", ["report.txt", "report.md", "report.html", "report.docx", "report.pdf"])
def test_a_bounded_read_gives_what_an_unbounded_one_does(name: str) -> None:
    path = SAMPLES / name
    want = gr.read_document(path)
    got = read_document_bounded(path, timeout=60, max_memory=1 << 30)
    assert got.report == want.report
    assert got.warnings == want.warnings
    assert got.provenance == want.provenance
    assert (got.format, got.source) == (want.format, want.source)


def test_a_stream_keeps_its_name_and_extension() -> None:
    with open(SAMPLES / "report.md", "rb") as fh:
        got = read_document_bounded(fh, timeout=60)
    assert got.source.endswith("report.md")
    assert got.format == "markdown"
    assert got.report == gr.read(SAMPLES / "report.md")


def test_errors_come_back_as_the_same_govreport_error() -> None:
    with pytest.raises(ReadError) as unbounded:
        gr.read_document(b"not a zip", "docx")
    with pytest.raises(ReadError) as bounded:
        read_document_bounded(b"not a zip", "docx", timeout=60)
    assert type(bounded.value) is type(unbounded.value)
    assert str(bounded.value) == str(unbounded.value)
    assert bounded.value.source == "<bytes>"


def test_a_read_over_the_time_budget_is_stopped(tmp_path: Path) -> None:
    # 45 MB of table rows: minutes in 0.1.0 (quadratic), and well over 1 s however fast reading gets.
    path = tmp_path / "long-table.txt"
    path.write_bytes("一、总体情况\n二、主动公开政府信息情况\n".encode() + "项目\t1\t2\t3\n".encode() * 3_000_000)
    before = set(multiprocessing.active_children())
    start = time.monotonic()
    with pytest.raises(BudgetError) as err:
        read_document_bounded(path, timeout=1)
    assert time.monotonic() - start < 10
    assert err.value.budget == "time"
    assert str(path) in str(err.value)
    assert "time budget of 1 s" in str(err.value)
    assert isinstance(err.value, UnsafeInputError) and isinstance(err.value, GovReportError)
    assert set(multiprocessing.active_children()) <= before  # the worker was stopped, not left running


def test_a_read_that_is_quick_today_passes_a_time_budget() -> None:
    got = read_document_bounded(_long_table(200), "text", timeout=30)
    assert got.report == gr.read(_long_table(200), "text")


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="the memory budget needs RLIMIT_AS (Linux)")
def test_a_read_over_the_memory_budget_fails_alone(tmp_path: Path) -> None:
    # 120 MB of text: its bytes and its decoded text alone are over 200 MB, however it is read.
    path = tmp_path / "big.txt"
    path.write_bytes(("一、总体情况\n" + "本年度工作稳步推进" * 16).encode() * 270_000)
    with pytest.raises(BudgetError) as err:
        read_document_bounded(path, timeout=120, max_memory=200 * 1024 * 1024, max_bytes=300 * 1024 * 1024)
    assert err.value.budget == "memory"
    assert str(path) in str(err.value)
    assert "memory budget of 200 MB" in str(err.value)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_dev_zero_is_stopped() -> None:
    # Over the memory budget in 0.1.0; refused before reading once devices have a size limit.
    with pytest.raises(UnsafeInputError) as err:
        read_document_bounded("/dev/zero", "text", timeout=60, max_memory=200 * 1024 * 1024)
    assert getattr(err.value, "budget", "memory") == "memory"
    assert "/dev/zero" in str(err.value)


def test_a_bytes_source_within_budget_passes() -> None:
    data = (SAMPLES / "report.txt").read_bytes()
    got = read_document_bounded(io.BytesIO(data).getvalue(), "text", timeout=60, max_memory=300 * 1024 * 1024)
    assert got.report == gr.read(data, "text")
    assert got.source == "<bytes>"


def test_the_public_read_takes_the_budgets(tmp_path: Path) -> None:
    # read()/read_document() route to the worker when a budget is given, and keep their answers.
    assert gr.read(SAMPLES / "report.md", timeout=60) == gr.read(SAMPLES / "report.md")
    path = tmp_path / "long-table.txt"
    path.write_bytes("一、总体情况\n二、主动公开政府信息情况\n".encode() + "项目\t1\t2\t3\n".encode() * 3_000_000)
    with pytest.raises(gr.BudgetError) as err:
        gr.read_document(path, timeout=1)
    assert err.value.budget == "time" and str(path) in str(err.value)


def test_the_command_line_stops_a_read_over_its_budget_and_says_so(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from govreport_io.cli import main

    slow = tmp_path / "in" / "long-table.txt"
    slow.parent.mkdir()
    slow.write_bytes("一、总体情况\n二、主动公开政府信息情况\n".encode() + "项目\t1\t2\t3\n".encode() * 3_000_000)
    (tmp_path / "in" / "report.md").write_bytes((SAMPLES / "report.md").read_bytes())
    assert main(["convert", str(slow), "-t", "json", "--timeout", "1"]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "time budget of 1 s" in err and str(slow) in err
    # corpus mode: the slow file fails alone, the others are converted, the manifest says why
    out = tmp_path / "out"
    assert main(["batch", str(tmp_path / "in"), "--to", "json", "-o", str(out), "--timeout", "1", "-q"]) == 3
    records = [json.loads(line) for line in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    by_name = {Path(r["path"]).name: r for r in records}
    assert by_name["report.md"]["status"] == "done"
    assert by_name["long-table.txt"]["status"] == "failed"
    assert by_name["long-table.txt"]["error_class"] == "BudgetError"
