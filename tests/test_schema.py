"""The shipped schema (govreport_io/schema/govreport-1.json) describes exactly what Report.to_dict() writes."""

from __future__ import annotations

import json

import jsonschema
import pytest
from hypothesis import given

from govreport_io.errors import FormatError
from govreport_io.model import Report
from govreport_io.schema import json_schema, schema_path
from govreport_io.testing import reports

from .conftest import CORPUS, ROOT, corpus_path

SCHEMA = json_schema()
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def test_schema_is_valid() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_every_expected_file_matches_the_schema_and_round_trips() -> None:
    corpus_path("expected")
    files = sorted((CORPUS / "expected").glob("*.json"))
    assert files
    for path in files:
        d = json.loads(path.read_text(encoding="utf-8"))
        VALIDATOR.validate(d)
        assert Report.from_dict(d).to_dict() == d, path.name


@given(reports())
def test_generated_reports_match_the_schema(report: Report) -> None:
    VALIDATOR.validate(report.to_dict())


def test_schema_rejects_a_float_fee() -> None:
    d = Report().to_dict()
    d["active"]["fees"]["amount"] = 1.5
    assert not VALIDATOR.is_valid(d)


def test_the_schema_ships_in_the_package_and_the_path_reads_back() -> None:
    path = schema_path()
    assert path.endswith("govreport-1.json") and str(ROOT / "docs") not in path
    assert json.loads(open(path, encoding="utf-8").read()) == SCHEMA
    assert json_schema() is not json_schema()  # a fresh copy: callers may change theirs


def test_an_unknown_contract_names_the_known_ones() -> None:
    with pytest.raises(FormatError, match="govreport/1"):
        json_schema("govreport/9")
