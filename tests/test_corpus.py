"""Corpus mode: many files, one result each, in worker processes; tidy frames; pickling; severities."""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

import pytest
from hypothesis import given

import govreport_io as gr
from govreport_io.corpus import Input, Missing, expand, read_many, read_one
from govreport_io.corpus.deps import MissingExtraError
from govreport_io.corpus.frame import LONG_COLUMNS, form_cells, long_records, wide_columns, wide_record
from govreport_io.diagnostics import ReaderWarning, WarningCode
from govreport_io.model import Report
from govreport_io.testing import reports

from ._corpus_data import base, for_year, mixed
from .conftest import SAMPLES


@given(reports())
def test_every_report_pickles(report: Report) -> None:
    again = pickle.loads(pickle.dumps(report))
    assert again == report and again.to_dict() == report.to_dict()


def test_a_read_result_pickles_with_warnings_findings_and_provenance() -> None:
    res = read_one(str(SAMPLES / "capture-pdftext.txt"))
    again = pickle.loads(pickle.dumps(res))
    assert again.report == res.report and again.warnings == res.warnings
    assert again.provenance == res.provenance and again.findings == res.findings


def test_expand_walks_directories_globs_and_keeps_what_names_nothing(tmp_path: Path) -> None:
    paths = mixed(tmp_path / "in", 4)
    (tmp_path / "in" / "notes.xyz").write_text("not a report")
    (tmp_path / "in" / ".hidden.json").write_text("{}")
    items = expand([tmp_path / "in", str(tmp_path / "in" / "r0.json"), str(tmp_path / "nothing"),
                    str(tmp_path / "in" / "**" / "*.md")])
    found = [i for i in items if isinstance(i, Input)]
    assert sorted(i.path for i in found) == sorted(str(p) for p in paths)  # each once, .xyz and hidden left out
    assert [i.relative for i in found if i.path.endswith("r1.md")] == [str(Path("sub") / "r1.md")]
    missing = [i for i in items if isinstance(i, Missing)]
    assert [m.path for m in missing] == [str(tmp_path / "nothing")]
    top = expand([tmp_path / "in"], recursive=False)
    assert all("sub" not in i.path for i in top)
    assert isinstance(expand([str(tmp_path / "*.nope")])[0], Missing)


def test_read_many_never_stops_at_a_bad_file(tmp_path: Path) -> None:
    good = mixed(tmp_path, 2)
    bad = tmp_path / "bad.txt"
    bad.write_text("这不是年度报告。\n")
    broken_pdf = tmp_path / "broken.pdf"
    broken_pdf.write_bytes(b"%PDF-1.4\n garbage")
    results = list(read_many([*good, bad, broken_pdf, tmp_path / "gone.pdf"]))
    assert [r.source for r in results] == [str(p) for p in (*good, bad, broken_pdf, tmp_path / "gone.pdf")]
    assert [r.ok for r in results] == [True, True, False, False, False]
    for r in results[2:]:
        assert r.report is None and r.error and r.source in r.error
        assert r.error_class in {"NoReportError", "ReadError", "FormatError"}
        assert r.status == "failed"
    assert results[0].sha256 and results[0].size and results[0].seconds >= 0 and results[0].format == "json"


def test_jobs_give_the_same_results_in_input_order_or_as_completed(tmp_path: Path) -> None:
    paths = mixed(tmp_path, 4)
    (tmp_path / "bad.md").write_text("# 无关\n")
    serial = list(read_many([tmp_path]))
    parallel = list(read_many([tmp_path], jobs=2))
    assert [(r.source, r.report, r.sha256, r.error_class) for r in parallel] == [
        (r.source, r.report, r.sha256, r.error_class) for r in serial]
    unordered = list(read_many([tmp_path], jobs=2, ordered=False))
    assert sorted(r.source for r in unordered) == sorted(r.source for r in serial)
    assert len(serial) == len(paths) + 1


def test_long_frame_has_one_row_per_cell_with_official_labels() -> None:
    report = base()
    rows = long_records(report, source="x.json")
    assert len(rows) == len(list(form_cells("2021")))
    assert all(list(r) == list(LONG_COLUMNS) for r in rows)
    first = next(r for r in rows if r["row_key"] == "new_received" and r["column_key"] == "total")
    assert first["value"] == report.requests["new_received"][6]
    assert first["row_label"] == "一、本年新收政府信息公开申请数量" and first["column_label"] == "总计"
    fees = next(r for r in rows if r["row_key"] == "fees")
    assert fees["value"] is None and fees["text"] == report.active["fees"]["amount"]
    blank = report.replace(requests={**report.requests, "granted": (None,) * 7})
    assert all(r["uncertain"] for r in long_records(blank) if r["row_key"] == "granted")


def test_a_cell_with_a_note_is_uncertain_and_rows_carry_source_positions() -> None:
    from govreport_io.model import Unplaced

    noted = base().replace(unplaced=(Unplaced("note", "12（其中修订3件）", "active.normative_documents.issued"),))
    rows = {(r["row_key"], r["column_key"]): r for r in long_records(noted)}
    assert rows["normative_documents", "issued"]["uncertain"] is True
    assert rows["normative_documents", "repealed"]["uncertain"] is False
    res = read_one(str(SAMPLES / "capture-pdftext.txt"))
    assert res.report is not None
    placed = long_records(res.report, provenance=res.provenance)
    assert any(r["position"] and "line" in r["position"] for r in placed)


def test_to_frame_long_and_wide() -> None:
    pd = pytest.importorskip("pandas")
    r19 = for_year(2020).replace(form="2019", active={}, requests={}, reviews={})
    long = base().to_frame()
    assert len(long) == len(list(form_cells("2021"))) and str(long["value"].dtype) == "Int64"
    wide = pd.concat([base().to_frame(wide=True), r19.to_frame(wide=True)])
    assert list(wide.columns) == list(wide_columns()) and len(wide) == 2
    assert wide["requests.new_received.total"].tolist()[0] == base().requests["new_received"][6]
    assert pd.isna(wide["requests.other.total"].tolist()[0])  # a 2019 row in a 2021 report: missing
    assert wide_record(base())["active.fees.amount"] == base().active["fees"]["amount"]


def test_without_pandas_the_call_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingExtraError, match=r"pip install govreport_io\[data\]") as err:
        base().to_frame()
    assert isinstance(err.value, gr.GovReportError)


def test_page_furniture_is_information_not_a_warning() -> None:
    w = ReaderWarning(WarningCode.FURNITURE, "page number removed")
    assert w.severity == "info" and w.to_dict()["severity"] == "info"
    assert ReaderWarning(WarningCode.CELL_UNREADABLE, "x").severity == "warning"


def test_validate_shows_furniture_only_with_verbose(capsys: pytest.CaptureFixture[str]) -> None:
    from govreport_io.cli import main

    assert main(["validate", "--warnings", str(SAMPLES / "report.pdf")]) == 0
    assert "furniture" not in capsys.readouterr().out
    assert main(["validate", "--warnings", "-v", str(SAMPLES / "report.pdf")]) == 0
    assert "info:" in capsys.readouterr().out


def test_urls_and_url_patterns_are_read_through_fsspec() -> None:
    fsspec = pytest.importorskip("fsspec")
    fs = fsspec.filesystem("memory")
    for year in (2022, 2023):
        fs.pipe(f"/corpus/{year}.json", gr.write(for_year(year), None, "json"))
    results = list(read_many(["memory://corpus/*.json", "memory://corpus/none.pdf"]))
    assert [(r.source, r.ok) for r in results] == [
        ("memory:///corpus/2022.json", True), ("memory:///corpus/2023.json", True),
        ("memory://corpus/none.pdf", False)]
    assert results[1].report is not None and results[1].report.year == 2023
    assert "memory://corpus/none.pdf" in (results[2].error or "")


def test_the_progress_bar_draws_on_a_terminal_only() -> None:
    import io

    from govreport_io.corpus.progress import Progress

    results = list(read_many([SAMPLES / "report.json", SAMPLES / "missing.json"]))
    shown, hidden = io.StringIO(), io.StringIO()
    bar, quiet = Progress(2, stream=shown, enabled=True), Progress(2, stream=hidden)  # StringIO is no terminal
    for r in results:
        bar(r)
        quiet(r)
    bar.close()
    quiet.close()
    assert "2/2 files, 1 failed" in shown.getvalue() and hidden.getvalue() == ""


@given(reports())
def test_the_long_rows_hold_every_cell_of_the_report(report: Report) -> None:
    from govreport_io.form import template as T

    rows = long_records(report, source="x")
    active: dict[str, dict[str, object]] = {}
    requests: dict[str, list[object]] = {}
    reviews: dict[str, dict[str, object]] = {}
    for r in rows:
        v = r["value"] if r["text"] is None else r["text"]
        if r["table"] == "二":
            active.setdefault(r["row_key"], {})[r["column_key"]] = v
        elif r["table"] == "三":
            requests.setdefault(r["row_key"], []).append(v)
        else:
            reviews.setdefault(r["row_key"], {})[r["column_key"]] = v
    rebuilt = report.replace(active=active, requests={k: tuple(v) for k, v in requests.items()}, reviews=reviews)
    assert rebuilt == report
    assert all(len(v) == len(T.REQUEST_COLUMNS) for v in requests.values())
    assert wide_record(report)["requests.total.total"] == report.requests["total"][6]


@given(reports())
def test_csv_and_jsonl_datasets_read_back_as_written(tmp_path_factory: pytest.TempPathFactory, report: Report) -> None:
    from govreport_io.corpus.dataset import data_schema
    from govreport_io.corpus.sinks import open_sink, read_rows

    folder = tmp_path_factory.mktemp("sink")
    for ext in ("csv", "jsonl"):
        for wide in (False, True):
            rows = [wide_record(report, source="甲|乙\t\"丙\".pdf")] if wide else long_records(report, source="a,b.pdf")
            sink = open_sink(str(folder / f"d.{ext}"), data_schema(wide))
            sink.write(rows)
            sink.close()
            assert list(read_rows(str(folder / f"d.{ext}"), data_schema(wide))) == rows
