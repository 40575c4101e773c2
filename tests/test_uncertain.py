"""The optional ``uncertain`` list of cell paths in the model and the JSON contract."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

import govreport_io as gr
from govreport_io.diagnostics import WarningCode
from govreport_io.errors import ModelError
from govreport_io.model import Report, cell_paths

ROOT = Path(__file__).resolve().parent.parent
# the schema file: docs/schema.json, or inside the package where it is shipped
_SCHEMA_FILE = next(p for p in (ROOT / "govreport_io" / "schema" / "govreport-1.json", ROOT / "docs" / "schema.json")
                    if p.exists())
SCHEMA = json.loads(_SCHEMA_FILE.read_text(encoding="utf-8"))


def test_certain_reports_write_the_same_json_as_before() -> None:
    data = (ROOT / "samples" / "report.json").read_bytes()
    report = gr.read(data, "json")
    assert report.uncertain == ()
    assert "uncertain" not in report.to_dict()
    assert gr.write(report, format="json") == data


def test_uncertain_cells_round_trip_through_json() -> None:
    report = Report(form="2021", uncertain=("active.normative_documents.issued", "requests.granted.total"))
    out = gr.write(report, format="json")
    assert json.loads(out)["uncertain"] == ["active.normative_documents.issued", "requests.granted.total"]
    back = gr.read(out, "json")
    assert back.uncertain == report.uncertain
    jsonschema.validate(json.loads(out), SCHEMA)


def test_paths_are_checked_against_the_form() -> None:
    with pytest.raises(ModelError, match="not a cell of the 2019 form"):
        Report(form="2019", uncertain=("requests.other_misc.total",))
    with pytest.raises(ModelError, match="not a cell"):
        Report(uncertain=("requests.granted",))
    with pytest.raises(ModelError, match="not a string"):
        Report(uncertain="reviews.review.total")  # type: ignore[arg-type]
    assert Report(uncertain=("reviews.review.total", "reviews.review.total")).uncertain == ("reviews.review.total",)


def test_from_dict_reports_a_bad_path() -> None:
    with pytest.raises(gr.ReadError, match=r"active\.nothing\.x"):
        gr.read(json.dumps({"schema": "govreport/1", "uncertain": ["active.nothing.x"]}).encode(), "json")


def test_the_schema_rejects_a_malformed_path() -> None:
    doc = Report().to_dict()
    doc["uncertain"] = ["requests granted"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, SCHEMA)


@pytest.mark.parametrize("form", ["2021", "2019"])
def test_every_cell_path_of_a_form_is_accepted(form: str) -> None:
    report = Report(form=form)  # type: ignore[arg-type]
    marked = report.replace(uncertain=cell_paths(report.form))
    assert Report.from_dict(json.loads(gr.write(marked, format="json"))) == marked
    jsonschema.validate(marked.to_dict(), SCHEMA)


def test_split_warnings_have_codes() -> None:
    assert WarningCode.SPLIT_AMBIGUOUS.value == "split-ambiguous"
    assert WarningCode.SPLIT_NO_FIT.value == "split-no-fit"
