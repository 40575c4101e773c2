"""``govreport dataset`` and ``govreport batch``: outputs, manifest, --resume, Ctrl-C, atomic writes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

import govreport_io as gr
from govreport_io.cli import main
from govreport_io.corpus import Manifest
from govreport_io.corpus.batch import FileResult
from govreport_io.corpus.dataset import FINDING_SCHEMA, build_dataset, data_schema
from govreport_io.corpus.frame import form_cells
from govreport_io.corpus.sinks import read_rows

from ._corpus_data import consistent_years, for_year, mixed

CELLS = len(list(form_cells("2021")))


def _manifest(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.rglob("*.tmp")]


@pytest.mark.parametrize("ext", ["parquet", "csv", "jsonl", "xlsx"])
def test_dataset_writes_the_table_its_findings_and_a_manifest(tmp_path: Path, ext: str,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    if ext == "parquet":
        pytest.importorskip("pyarrow")
    if ext == "xlsx":
        pytest.importorskip("openpyxl")
    paths = mixed(tmp_path / "in", 3)
    (tmp_path / "in" / "bad.txt").write_text("这不是年度报告。\n")
    out = tmp_path / f"out.{ext}"
    assert main(["dataset", str(tmp_path / "in"), "-o", str(out)]) == 3  # one unreadable file: exit 3, not a stop
    err = capsys.readouterr().err
    assert "4 file(s) read: 3 done, 1 failed" in err and "bad.txt" in err
    rows = list(read_rows(str(out), data_schema(False)))
    assert len(rows) == 3 * CELLS
    assert {r["year"] for r in rows} == {2021, 2022, 2023}
    assert {r["source"] for r in rows} == {str(p) for p in paths}
    received = [r for r in rows if r["row_key"] == "new_received" and r["column_key"] == "total"]
    assert {r["value"] for r in received} == {for_year(2021).requests["new_received"][6]}
    manifest = _manifest(tmp_path / "out.manifest.jsonl")
    assert [m["status"] for m in manifest].count("failed") == 1
    bad = next(m for m in manifest if m["status"] == "failed")
    assert bad["error_class"] == "NoReportError" and "bad.txt" in bad["error"]
    good = next(m for m in manifest if m["status"] == "done")
    assert set(good) >= {"path", "sha256", "size", "format", "status", "error_class", "error", "warnings",
                         "findings", "form", "organ", "year", "seconds"}
    assert (tmp_path / f"out.findings.{ext}").exists() and not _leftovers(tmp_path)


def test_wide_dataset_has_one_row_per_report(tmp_path: Path) -> None:
    mixed(tmp_path / "in", 2)
    out = tmp_path / "wide.jsonl"
    assert main(["dataset", str(tmp_path / "in"), "-o", str(out), "--wide", "-q"]) == 0
    rows = list(read_rows(str(out), data_schema(True)))
    assert len(rows) == 2 and rows[0]["requests.new_received.total"] == for_year(2021).requests["new_received"][6]


def test_findings_across_years_reach_the_dataset(tmp_path: Path) -> None:
    consistent_years(tmp_path / "in")
    bad = for_year(2025, forward=None)
    rows = dict(bad.requests)
    forward24 = gr.read(tmp_path / "in" / "2024.html").requests["carried_forward"]
    rows["carried_over"] = (9, *forward24[1:])  # 2024 carried 2 forward for natural persons, not 9
    gr.write(bad.replace(requests=rows), tmp_path / "in" / "2025.json")
    out = tmp_path / "out.jsonl"
    build_dataset([tmp_path / "in"], out)
    found = list(read_rows(str(tmp_path / "out.findings.jsonl"), FINDING_SCHEMA))
    x1 = [f for f in found if f["rule"] == "X1"]
    assert len(x1) == 1 and x1[0]["column"] == "natural_person"
    assert "2024.html" in x1[0]["where"] and "2025.json" in x1[0]["where"]
    # 2022–2024 carry their 现行有效 counts over; 2025 repeats 2024's 87 although it made 12 and repealed 5
    x2 = [f for f in found if f["rule"] == "X2"]
    assert len(x2) == 1 and x2[0]["level"] == "info" and "2025.json" in x2[0]["message"]
    assert json.loads(x2[0]["values"])["in_force"] == 87


def test_resume_skips_files_done_by_sha256(tmp_path: Path) -> None:
    first = mixed(tmp_path / "in", 2)
    out = tmp_path / "out.csv"
    build_dataset([tmp_path / "in"], out)
    gr.write(for_year(2030), tmp_path / "in" / "new.json")
    run = build_dataset([tmp_path / "in"], out, resume=True)
    assert (run.kept, run.files, run.done) == (2, 1, 1)
    rows = list(read_rows(str(out), data_schema(False)))
    assert {r["year"] for r in rows} == {2021, 2022, 2030} and len(rows) == 3 * CELLS
    records = Manifest.read(tmp_path / "out.manifest.jsonl")
    assert sorted(r["path"] for r in records) == sorted([*map(str, first), str(tmp_path / "in" / "new.json")])
    # a renamed file with the same bytes is still done
    os.rename(tmp_path / "in" / "new.json", tmp_path / "in" / "renamed.json")
    assert build_dataset([tmp_path / "in"], out, resume=True).files == 0


def test_resume_rereads_a_file_whose_rows_the_output_lost(tmp_path: Path) -> None:
    mixed(tmp_path / "in", 2)
    out = tmp_path / "out.jsonl"
    build_dataset([tmp_path / "in"], out)
    out.write_text("")  # the output was lost (or never committed); the manifest alone is not trusted
    run = build_dataset([tmp_path / "in"], out, resume=True)
    assert (run.kept, run.files) == (0, 2)


def _stop_after(n: int, exc: type[BaseException]) -> Any:
    def make(total: int) -> Any:
        seen = []

        def tick(res: FileResult) -> None:
            seen.append(res)
            if len(seen) == n:
                raise exc()
        return tick
    return make


@pytest.mark.parametrize("jobs", [1, 2])
def test_ctrl_c_leaves_valid_outputs_of_what_finished_and_resume_goes_on(tmp_path: Path, jobs: int) -> None:
    pytest.importorskip("pyarrow")
    mixed(tmp_path / "in", 4)
    out = tmp_path / "out.parquet"
    with pytest.raises(KeyboardInterrupt):
        build_dataset([tmp_path / "in"], out, jobs=jobs, progress=_stop_after(2, KeyboardInterrupt))
    rows = list(read_rows(str(out), data_schema(False)))
    assert len({r["report_id"] for r in rows}) == 2 and len(rows) == 2 * CELLS
    assert [m["status"] for m in _manifest(tmp_path / "out.manifest.jsonl")] == ["done", "done"]
    assert not _leftovers(tmp_path)
    run = build_dataset([tmp_path / "in"], out, resume=True)
    assert (run.kept, run.files) == (2, 2)
    assert len(list(read_rows(str(out), data_schema(False)))) == 4 * CELLS


def test_a_failed_run_leaves_the_earlier_output_untouched(tmp_path: Path) -> None:
    mixed(tmp_path / "in", 3)
    out = tmp_path / "out.csv"
    out.write_text("earlier,output\n")
    with pytest.raises(RuntimeError):
        build_dataset([tmp_path / "in"], out, progress=_stop_after(1, RuntimeError))
    assert out.read_text() == "earlier,output\n" and not _leftovers(tmp_path)


def test_an_unknown_dataset_extension_is_one_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dataset", str(tmp_path), "-o", str(tmp_path / "out.sqlite")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("govreport: error:") and ".parquet" in err and err.count("\n") == 1


def test_batch_mirrors_names_and_resumes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mixed(tmp_path / "in", 4)
    gr.write(for_year(2040), tmp_path / "in" / "r0.md")  # r0.json and r0.md would both give r0.json
    out = tmp_path / "out"
    assert main(["batch", str(tmp_path / "in"), "--to", "json", "-o", str(out), "-j", "2"]) == 0
    names = sorted(str(p.relative_to(out)) for p in out.rglob("*.json"))
    assert names == sorted(["r0.json.json", "r0.md.json", "r2.json",
                            str(Path("sub") / "r1.json"), str(Path("sub") / "r3.json")])
    assert gr.read(out / "r0.md.json").year == 2040
    assert len(_manifest(out / "manifest.jsonl")) == 5
    capsys.readouterr()
    assert main(["batch", str(tmp_path / "in"), "--to", "json", "-o", str(out), "--resume"]) == 0
    assert "0 file(s) read" in capsys.readouterr().err and not _leftovers(tmp_path)


def test_validate_across_keeps_going_and_names_both_reports(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    paths = consistent_years(tmp_path / "in")
    r = gr.read(paths[1])
    rows = dict(r.requests)
    rows["carried_forward"] = (0, 0, 0, 0, 0, 0, 0)
    gr.write(r.replace(requests=rows), paths[1])
    (tmp_path / "in" / "bad.txt").write_text("这不是年度报告。\n")
    assert main(["validate", "--across", "--json", str(tmp_path / "in")]) == 3  # an input could not be read
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]  # JSON Lines, the across last
    reports, last = lines[:-1], lines[-1]
    assert [d["status"] for d in reports].count("failed") == 1 and len(reports) == len(paths) + 1
    x1 = [f for f in last["across"] if f["rule"] == "X1"]
    assert {f["column"] for f in x1} == {"natural_person", "commercial", "total"}
    assert all(str(paths[1]) in f["message"] and str(paths[2]) in f["message"] for f in x1)


def test_a_real_ctrl_c_on_the_command_line(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    pdf = gr.write(for_year(2023), None, "pdf")
    for i in range(30):
        (tmp_path / "in").mkdir(exist_ok=True)
        (tmp_path / "in" / f"r{i:02d}.pdf").write_bytes(pdf.replace(b"%%EOF", f"%{i}\n%%EOF".encode()))
    out, manifest = tmp_path / "out.parquet", tmp_path / "out.manifest.jsonl"
    # A shell starts a background job with Ctrl-C ignored, and a child inherits that (a suite run with `&`, or
    # by a runner that does so, saw the command line read every file): the child starts with Python's handler.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        proc = subprocess.Popen([sys.executable, "-m", "govreport_io", "dataset", str(tmp_path / "in"), "-o",
                                 str(out)], stderr=subprocess.PIPE, text=True)
    finally:
        signal.signal(signal.SIGINT, previous)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if manifest.exists() and len(manifest.read_text(encoding="utf-8").splitlines()) >= 2:
            break
        time.sleep(0.02)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "--resume" in err
    done = [m for m in _manifest(manifest) if m["status"] == "done"]
    rows = list(read_rows(str(out), data_schema(False)))
    assert 2 <= len(done) < 30 and len(rows) == len(done) * CELLS
    assert not _leftovers(tmp_path)


def test_without_pyarrow_parquet_names_the_extra_and_touches_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    mixed(tmp_path / "in", 1)
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    assert main(["dataset", str(tmp_path / "in"), "-o", str(tmp_path / "out.parquet")]) == 2
    err = capsys.readouterr().err
    assert "pip install govreport_io[data]" in err and err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]
