"""The canonical model: validating constructors and the JSON contract."""

from __future__ import annotations

import json

import pytest
from hypothesis import given

import govreport_io as gr
from govreport_io.errors import ModelError
from govreport_io.form import template as T
from govreport_io.model import Block, Report, Section, Unplaced
from govreport_io.testing import reports

from .conftest import CORPUS, corpus_path


def test_empty_report_has_every_row_of_the_form() -> None:
    r = Report()
    d = r.to_dict()
    assert d["schema"] == "govreport/1"
    assert list(d["requests"]["rows"]) == list(T.request_row_keys("2021"))
    assert all(v is None for row in d["requests"]["rows"].values() for v in row)
    r19 = Report(form="2019")
    assert "other" in r19.requests and "other_misc" not in r19.requests
    assert set(r19.active) == {"regulations", "normative_documents", "licensing", "other_services",
                               "punishment", "enforcement", "fees", "procurement"}


@pytest.mark.parametrize("bad, message", [
    ({"form": "2020"}, "form must be"),
    ({"year": 1800}, "year"),
    ({"title": " 标题"}, "white space"),
    ({"title": "a\nb"}, "one line"),
    ({"requests": {"nope": [0] * 7}}, "no row 'nope'"),
    ({"requests": {"total": [0] * 6}}, "7 values"),
    ({"requests": {"total": [0, 0, 0, 0, 0, 0, 1.5]}}, "integer"),
    ({"requests": {"total": [0, 0, 0, 0, 0, 0, True]}}, "integer"),
    ({"active": {"fees": {"amount": 12.5}}}, "decimal string"),
    ({"active": {"fees": {"amount": "1e5"}}}, "decimal string"),
    ({"active": {"regulations": {"new_made": 1}}}, "no column"),
    ({"reviews": {"review": {"won": 1}}}, "no outcome"),
])
def test_constructor_rejects_bad_values(bad: dict, message: str) -> None:
    with pytest.raises(gr.ModelError, match=message):
        Report(**bad)


def test_blocks_and_sections_validate() -> None:
    with pytest.raises(gr.ModelError):
        Block("table", "x")
    with pytest.raises(gr.ModelError):
        Block("paragraph", "")
    with pytest.raises(gr.ModelError):
        Section(7, "x")
    with pytest.raises(gr.ModelError, match="increasing"):
        Report(sections=(Section(2, "b"), Section(1, "a")))


def test_model_is_immutable() -> None:
    r = Report(requests={"total": [1, 0, 0, 0, 0, 0, 1]})
    with pytest.raises(AttributeError):
        r.title = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        r.requests["total"] = (0,) * 7  # type: ignore[index]


def test_unplaced_keeps_where() -> None:
    r = Report(unplaced=(Unplaced("note", "22（其中修订16件）", "active.normative_documents.issued"),))
    assert Report.from_dict(r.to_dict()) == r


def test_from_dict_names_the_problem() -> None:
    with pytest.raises(gr.ModelError, match="schema"):
        Report.from_dict({"schema": "other/2"})
    with pytest.raises(gr.ModelError, match="columns"):
        Report.from_dict({"requests": {"columns": ["a"], "rows": {}}})


@given(reports())
def test_json_round_trip(report: Report) -> None:
    data = gr.write(report, format="json")
    assert gr.read(data, "json") == report
    assert gr.read(data) == report  # sniffed


@given(reports())
def test_to_dict_round_trip(report: Report) -> None:
    assert Report.from_dict(json.loads(json.dumps(report.to_dict()))) == report


def test_expected_files_round_trip_and_match_schema() -> None:
    corpus_path("expected")
    for path in sorted((CORPUS / "expected").glob("*.json")):
        d = json.loads(path.read_text(encoding="utf-8"))
        r = Report.from_dict(d)
        assert r.to_dict() == d, path.name


def test_an_unknown_table_key_is_named_with_the_keys_it_is_close_to() -> None:
    with pytest.raises(ModelError) as info:
        Report(requests={"rej\U0002c029ected_duplicate": [0] * 7})
    message = str(info.value)
    assert "did you mean 'rejected_duplicate' or" in message and len(message) < 200, message
    with pytest.raises(ModelError) as info:
        Report(requests={"nothing like a row": [0] * 7})
    message = str(info.value)
    assert "expected one of 'new_received'" in message and "(25 in all" in message and len(message) < 300, message
