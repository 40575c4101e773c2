"""The arithmetic that splits glued digit runs (govreport_io.form.arith)."""

from __future__ import annotations

import json
import re
import time
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govreport_io.errors import ModelError
from govreport_io.form import template as T
from govreport_io.form.arith import (
    RULE_CELLS,
    RULE_COLUMN_TOTAL,
    RULE_GROUP_TOTAL,
    RULE_PROSE,
    RULE_ROW_TOTAL,
    Limits,
    SplitResult,
    split_runs,
    tokens_of,
)
from govreport_io.model import Report
from govreport_io.testing import balanced, digit_runs, reports

from .conftest import corpus_path


def truth(report: Report) -> dict[str, object]:
    """Every number cell of a report's tables by path (the unit of an amount is text)."""
    out: dict[str, object] = {}
    for row, cells in report.active.items():
        out.update({f"active.{row}.{k}": v for k, v in cells.items() if k != "unit"})
    for row, vals in report.requests.items():
        out.update({f"requests.{row}.{k}": v for k, v in zip(T.REQUEST_COLUMN_KEYS, vals)})
    for g, cells in report.reviews.items():
        out.update({f"reviews.{g}.{k}": v for k, v in cells.items()})
    return out


def wrong_and_unlisted(result: SplitResult, report: Report) -> list[tuple[str, object, object]]:
    want = truth(report)
    unsure = set(result.uncertain)
    return [(p, v, want[p]) for p, v in result.values.items() if v != want[p] and p not in unsure]


# ---------------------------------------------------------------- small cases

def test_one_split_fits_a_row_by_its_total() -> None:
    r = split_runs("2021", {"requests.new_received": "640020470"})
    assert [r.values[f"requests.new_received.{c}"] for c in T.REQUEST_COLUMN_KEYS] == [64, 0, 0, 2, 0, 4, 70]
    assert not r.uncertain and not r.notes
    assert r.rules["requests.new_received.natural_person"] == (RULE_CELLS, RULE_ROW_TOTAL)


def test_spaces_are_cell_boundaries() -> None:
    r = split_runs("2021", {"requests.granted": "5 0 0 0 0 0 5"})
    assert r.values["requests.granted.total"] == 5
    assert r.rules == {}  # nothing was cut out of a glued run


def test_leading_zeros_are_not_cells() -> None:
    # "05" is never a cell: 0,5 … is the only reading
    r = split_runs("2021", {"reviews.review": "05005"})
    assert [r.values[f"reviews.review.{k}"] for k in ("upheld", "corrected", "other", "pending", "total")] == \
        [0, 5, 0, 0, 5]
    assert r.rules["reviews.review.total"] == (RULE_CELLS, RULE_GROUP_TOTAL)


def test_table_four_in_one_run() -> None:
    r = split_runs("2021", {"reviews": "10203120001200000"})
    assert [r.values[f"reviews.litigation_direct.{o.key}"] for o in T.REVIEW_OUTCOMES] == [12, 0, 0, 0, 12]
    assert not r.uncertain


def test_several_fit_the_most_plausible_is_taken_and_listed() -> None:
    r = split_runs("2021", {"active.normative_documents": "693665"})
    paths = [f"active.normative_documents.{k}" for k in ("issued", "repealed", "in_force")]
    assert list(r.uncertain) == paths
    assert [n.kind for n in r.notes] == ["ambiguous"]
    assert 69 in (r.values[paths[0]], *r.alternatives[paths[0]])
    again = split_runs("2021", {"active.normative_documents": "693665"})
    assert again.values == r.values  # deterministic


def test_prose_decides_among_splits() -> None:
    r = split_runs("2021", {"active.normative_documents": "693665"},
                   known={"active.normative_documents.issued": 69, "active.normative_documents.repealed": 3})
    assert r.values["active.normative_documents.in_force"] == 665
    assert not r.uncertain
    assert RULE_PROSE in r.rules["active.normative_documents.in_force"]


def test_prose_that_fits_nothing_is_ignored_and_said() -> None:
    r = split_runs("2021", {"active.normative_documents": "693665"}, known={"active.normative_documents.issued": 7})
    assert "prose-ignored" in [n.kind for n in r.notes]
    assert len(r.uncertain) == 3


def test_no_split_fits_keeps_the_raw_run() -> None:
    # seven cells cannot come out of five digits
    r = split_runs("2021", {"requests.granted": "12345"})
    assert all(r.values[f"requests.granted.{c}"] is None for c in T.REQUEST_COLUMN_KEYS)
    assert len(r.uncertain) == 7
    note = r.notes[0]
    assert note.kind == "no-fit" and note.raw == "12345" and len(note.cells) == 7


def test_a_row_that_does_not_add_up_but_has_one_reading_is_kept() -> None:
    # spaced as printed: the report's own total is wrong, which is validation's business
    r = split_runs("2021", {"requests.granted": "1 2 3 4 5 6 100"})
    assert r.values["requests.granted.total"] == 100 and not r.uncertain


def test_signed_changes_and_decimals() -> None:
    r = split_runs("2019", {"active.punishment": "2648-18 538", "active.procurement": "12 3456.78"})
    assert (r.values["active.punishment.previous"], r.values["active.punishment.change"],
            r.values["active.punishment.decisions"]) == (2648, -18, 538)
    assert r.values["active.procurement.amount"] == "3456.78"
    assert tokens_of("2648-18538") == ("2648", "-18538")
    glued = split_runs("2019", {"active.punishment": "2648-18538"})
    assert "active.punishment.change" in glued.uncertain  # -18/538 or -185/38: the capture cannot say


def test_decimals_only_where_the_form_has_an_amount() -> None:
    r = split_runs("2021", {"active.fees": "24252.311082", "requests.granted": "1.5000001"})
    assert r.values["active.fees.amount"] == "24252.311082"
    assert r.values["requests.granted.total"] is None and "requests.granted.total" in r.uncertain


def test_blank_marks_are_blank_cells() -> None:
    r = split_runs("2021", {"reviews.review": "- 1 0 0 1"})
    assert r.values["reviews.review.upheld"] is None and r.values["reviews.review.total"] == 1


def test_unknown_run_key_is_a_model_error() -> None:
    with pytest.raises(ModelError, match=r"no run 'requests\.nothing'"):
        split_runs("2021", {"requests.nothing": "1"})
    with pytest.raises(ModelError):
        split_runs("2019", {"requests.other_misc": "0000000"})


def test_the_whole_table_decides_what_rows_alone_cannot() -> None:
    rows = {f"requests.{k}": "0000000" for k in T.request_row_keys("2021")}
    # 2,7,0,0,20,1,30 and 27,0,0,2,0,1,30 both add up; the column totals say which
    rows["requests.granted"] = "270020130"
    rows["requests.total"] = "270020130"
    rows["requests.new_received"] = "27 0 0 2 0 1 30"
    r = split_runs("2021", rows)
    assert [r.values[f"requests.granted.{c}"] for c in T.REQUEST_COLUMN_KEYS] == [27, 0, 0, 2, 0, 1, 30]
    assert not r.uncertain
    assert RULE_COLUMN_TOTAL in r.rules["requests.granted.natural_person"]


def test_an_inconsistent_table_falls_back_to_rows() -> None:
    rows = {f"requests.{k}": "0000000" for k in T.request_row_keys("2021")}
    rows["requests.granted"] = "270020130"
    rows["requests.total"] = "5 0 0 0 0 0 5"  # the report's own column sums are wrong
    r = split_runs("2021", rows)
    assert "table-inconsistent" in [n.kind for n in r.notes]
    assert "requests.granted.natural_person" in r.uncertain


def test_hostile_runs_cost_little() -> None:
    start = time.perf_counter()
    r = split_runs("2021", {"requests.granted": "1" * 400, "reviews": "0123456789" * 40,
                            "active.normative_documents": "9" * 300},
                   limits=Limits(steps=50_000))
    assert time.perf_counter() - start < 5
    assert {n.kind for n in r.notes} <= {"no-fit", "given-up", "ambiguous"}
    assert all(r.values[p] is None or p in r.uncertain for p in r.values if p.startswith("requests."))


# ---------------------------------------------------------------- properties

@given(reports(), st.lists(st.booleans(), min_size=1, max_size=7).map(tuple))
def test_glued_balanced_tables_are_right_or_listed(report: Report, spaces: tuple[bool, ...]) -> None:
    report = balanced(report)
    r = split_runs(report.form, digit_runs(report, spaces))
    assert not wrong_and_unlisted(r, report)
    for path in r.uncertain:
        assert path in r.alternatives or r.values[path] is None


@given(reports())
def test_glued_balanced_tables_without_any_space(report: Report) -> None:
    report = balanced(report)
    r = split_runs(report.form, digit_runs(report))
    assert not wrong_and_unlisted(r, report)
    assert "table-inconsistent" not in [n.kind for n in r.notes]  # the tables add up


@given(reports())
def test_balanced_tables_add_up(report: Report) -> None:
    report = balanced(report)
    rows = report.requests
    outcomes = [r.key for r in T.request_rows(report.form) if r.group is not None and r.key != "total"]
    for c in range(7):
        assert rows["new_received"][c] + rows["carried_over"][c] == rows["total"][c] + rows["carried_forward"][c]
        assert rows["total"][c] == sum(rows[k][c] for k in outcomes)  # type: ignore[misc]
    assert all(v[6] == sum(v[:6]) for v in rows.values())  # type: ignore[arg-type]
    assert all(min(v) >= 0 for v in rows.values())  # type: ignore[type-var]
    for g in report.reviews.values():
        assert g["total"] == sum(v for k, v in g.items() if k != "total")  # type: ignore[misc]


@given(reports(), st.lists(st.booleans(), min_size=1, max_size=5).map(tuple))
def test_any_generated_table_is_split_without_error(report: Report, spaces: tuple[bool, ...]) -> None:
    # tables that do not add up and have blank cells: nothing crashes, every cell is given
    r = split_runs(report.form, digit_runs(report, spaces), limits=Limits(steps=100_000))
    assert set(r.values) == set(truth(report))
    assert set(r.uncertain) <= set(r.values)


# ---------------------------------------------------------------- a real capture

_RUN = re.compile(r"[\d\s.\-]*")


def _core(label: str) -> str:
    return re.sub(r"^(（[一二三四五六七八九十]）|[一二三四五六七八九十]、|\d+\.)", "", label)


def _runs_after(text: str, start: int, rows: tuple[T.Row, ...], prefix: str) -> dict[str, str]:
    """The digits after each row label, found in form order (test scaffolding, not a reader)."""
    out, pos = {}, start
    for row in rows:
        i = text.find(_core(row.label), pos)
        assert i >= 0, row.label
        pos = i + len(_core(row.label))
        run = _RUN.match(text, pos)
        assert run is not None
        # the next label's enumerator ("2.") is glued to the digits
        out[f"{prefix}.{row.key}"] = re.sub(r"\d\.$", "", run.group(0).rstrip())
    return out


def test_real_crawler_capture_splits_to_its_expected_cells() -> None:
    text = corpus_path("real", "03_pingtan_2021.crawler.txt").read_text(encoding="utf-8")
    exp: dict[str, Any] = json.loads(corpus_path("real", "03_pingtan_2021.crawler.expected.json")
                                     .read_text(encoding="utf-8"))
    form = exp["form"]
    runs = _runs_after(text, text.index("二、主动公开政府信息情况"), T.active_rows(form), "active")
    runs.update(_runs_after(text, text.index("三、收到和处理政府信息公开申请情况"), T.request_rows(form), "requests"))
    four = text.index("四、政府信息公开行政复议")
    after = text.rindex("总计", four, text.index("五、存在")) + 2
    match = _RUN.match(text, after)
    assert match is not None
    runs["reviews"] = match.group(0).strip()
    r = split_runs(form, runs)
    want = {p: v for p, v in truth(Report.from_dict(exp)).items()}
    wrong = [(p, v, want[p]) for p, v in r.values.items() if v != want[p] and p not in r.uncertain]
    assert not wrong
    assert set(exp.get("uncertain", ())) <= set(r.uncertain)
    assert len(r.values) == len(want)


# ---------------------------------------------------------------- into a report

def test_results_for_the_recogniser_tables_notes_and_kept_runs() -> None:
    from govreport_io.diagnostics import WarningCode
    from govreport_io.form.arith import cells_by_table, kept_runs

    r = split_runs("2021", {"active.normative_documents": "693665", "requests.new_received": "640020470",
                            "requests.granted": "12345"})
    tables = cells_by_table(r)
    assert [tables["requests"]["new_received"][c] for c in T.REQUEST_COLUMN_KEYS] == [64, 0, 0, 2, 0, 4, 70]
    assert set(tables["requests"]["granted"].values()) == {None}
    report = Report(form="2021", uncertain=r.uncertain)  # the paths are the contract's
    assert report.to_dict()["uncertain"] == list(r.uncertain)
    assert kept_runs(r) == [("requests.granted", "12345")]
    codes = {n.run: n.code for n in r.notes}
    assert codes == {"active.normative_documents": WarningCode.SPLIT_AMBIGUOUS,
                     "requests.granted": WarningCode.SPLIT_NO_FIT}
    message = next(n for n in r.notes if n.kind == "ambiguous").describe()
    assert "active.normative_documents '693665'" in message and "could also be" in message


# ---------------------------------------------------------------- numbers the text restates

def test_prose_hints_read_the_wordings_that_name_one_cell() -> None:
    from govreport_io.form.arith import prose_hints

    text = "本年度全区共收到７０件申请，及时依法依规办结69件，1件结转下年度继续办理。被申请行政复议 3 件。"
    assert prose_hints(text) == {"requests.new_received.total": 70, "requests.total.total": 69,
                                 "requests.carried_forward.total": 1, "reviews.review.total": 3}
    assert prose_hints("办结69件。办结70件。") == {}  # said twice, differently: no hint


@pytest.mark.parametrize("stem", ["03_pingtan_2021.crawler", "04_shanghai-govoffice_2025.pdf-markdown"])
def test_prose_hints_of_real_captures_agree_with_their_tables(stem: str) -> None:
    from govreport_io.form.arith import prose_hints

    capture = next(p for p in corpus_path("real").iterdir() if p.name.startswith(stem) and "expected" not in p.name)
    exp = json.loads(corpus_path("real", f"{stem}.expected.json").read_text(encoding="utf-8"))
    hints = prose_hints(capture.read_text(encoding="utf-8"))
    assert hints
    want = truth(Report.from_dict(exp))
    assert {p: want[p] for p in hints} == hints


def test_long_blank_marks_inside_a_row() -> None:
    r = split_runs("2021", {"requests.granted": "3——0 0 0 03"})  # 3 — 0 0 0 0 3, glued in two places
    assert [r.values[f"requests.granted.{c}"] for c in T.REQUEST_COLUMN_KEYS] == [3, None, 0, 0, 0, 0, 3]
    assert not r.uncertain
    glued = split_runs("2021", {"reviews.review": "1——001", "requests.granted": "12——000012"})
    assert [glued.values[f"reviews.review.{o.key}"] for o in T.REVIEW_OUTCOMES] == [1, None, 0, 0, 1]
    assert glued.values["requests.granted.total"] == 12 and not glued.uncertain


def test_a_split_longer_than_its_run_is_an_error_naming_the_run() -> None:
    """Which cells were cut out of one token is read off the split; a split whose cells run past the
    run's digits (no search makes one) fails with a message naming the run, not StopIteration."""
    from govreport_io.form import arith

    run = arith._Run("requests.total", "12 3", arith.run_shape("2021", "requests.total"), ("12", "3"))
    assert arith._glued(run, ("1", "2", "3")) == [True, True, False]
    with pytest.raises(ValueError, match="'12 3'"):
        arith._glued(run, ("1", "2", "3", "4"))
