"""The glued-run split of the sixth speed pass (issue #13), against the code it replaced.

The split stage and its arithmetic as they stood before are kept word for word beside this file
(tests/test_speed_split6_old_split.py, tests/test_speed_split6_old_arith.py). Every shortcut must
answer exactly as they did: the same cells, the same choice among splits, the same rules, notes,
uncertain cells, warnings and kept runs, on generated glued captures of both forms, on hostile
runs and hints, on tight bounds, and on mutations of a real crawler capture (digits changed,
cells glued and unglued, lines dropped and merged). No test here is timed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govreport_io as gr
from govreport_io.form import arith
from govreport_io.form import template as T
from govreport_io.form.recognise import STAGES, split
from govreport_io.form.recognise.ledger import Ledger
from govreport_io.model import Report
from govreport_io.testing import balanced, capture_crawler, capture_pdftext, digit_runs, reports

from . import test_speed_split6_old_arith as old_arith
from . import test_speed_split6_old_split as old_split

REAL = Path("/work/shared/corpus/real/03_pingtan_2021.crawler.txt")
_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ---------------------------------------------------------------- the arithmetic, call by call


def _plain(result: Any) -> object:
    """A SplitResult (of either module) as plain data, in its own order."""
    notes = [(n.kind, n.run, n.raw, n.message, n.cells, list(n.alternatives.items()), n.code, n.describe())
             for n in result.notes]
    return (list(result.values.items()), list(result.rules.items()), result.uncertain,
            list(result.alternatives.items()), notes)


def _both(call: Callable[[Any], Any]) -> tuple[object, object]:
    """``call`` with the new module and with the old one: its answer as plain data, or its error."""
    out: list[object] = []
    for module in (arith, old_arith):
        try:
            out.append(_plain(call(module)))
        except Exception as exc:  # the errors must agree too
            out.append((type(exc).__name__, str(exc)))
    return out[0], out[1]


def _limits(module: Any, bounds: tuple[int, int, int, int] | None) -> Any:
    return None if bounds is None else module.Limits(*bounds)


_DIGITS = st.text(alphabet="0123456789", min_size=1, max_size=14)
_HOSTILE = st.text(alphabet=list("0123456789 -—–/／\\.．－０１２３十件|\t#<&，"), max_size=20)
_GLUED = ["640020470", "0000000", "270020130", "500000 5", "1000001", "6000006", "220000325", "630020469",
          "0 0 0 0 0 0 0", "120012", "11", "100001", "3000003", "99", "10203120001200000", "1 2 3", "0-0",
          "693665", "000", "2648-18538", "12.512", "3——0", "0.25", "—", "", "1111111", "2222224"]
_BOUNDS = st.one_of(st.none(), st.tuples(st.sampled_from([5, 40, 300, 300_000]), st.sampled_from([1, 2, 8, 128]),
                                         st.sampled_from([0, 1, 3, 20, 20_000]), st.sampled_from([1, 3, 12])))


def _hints(form: T.Form) -> st.SearchStrategy[dict[str, Any]]:
    paths = [f"requests.{r.key}.{c}" for r in T.request_rows(form) for c in T.REQUEST_COLUMN_KEYS]
    paths += [f"active.{r.key}.{c.key}" for r in T.active_rows(form) for c in r.columns]
    paths += [f"reviews.{g.key}.{o.key}" for g in T.REVIEW_GROUPS for o in T.REVIEW_OUTCOMES]
    return st.dictionaries(st.sampled_from(paths), st.one_of(st.integers(0, 80), st.sampled_from(["1.5", None])),
                           max_size=4)


def _run_keys(form: T.Form) -> list[str]:
    return ([f"requests.{k}" for k in T.request_row_keys(form)] + [f"active.{r.key}" for r in T.active_rows(form)]
            + ["reviews"] + [f"reviews.{g.key}" for g in T.REVIEW_GROUPS])


@st.composite
def _glued_runs(draw: st.DrawFn) -> tuple[T.Form, dict[str, str], dict[str, Any], tuple[int, int, int, int] | None]:
    """Runs of a generated report glued as crawlers glue them (balanced or not), some of them
    mutated: digits changed, cells glued or parted, hostile text put in, rows dropped."""
    report = draw(reports())
    if draw(st.booleans()):
        report = balanced(report)
    spaces = draw(st.lists(st.booleans(), min_size=1, max_size=6).map(tuple))
    runs = digit_runs(report, spaces)
    keys = list(runs)
    for _ in range(draw(st.integers(0, 4))):
        key = draw(st.sampled_from(keys))
        what = draw(st.integers(0, 5))
        raw = runs.get(key, "")
        if what == 0 and raw:
            i = draw(st.integers(0, len(raw) - 1))
            runs[key] = raw[:i] + draw(st.sampled_from("0123456789")) + raw[i + 1:]
        elif what == 1:
            runs[key] = raw.replace(" ", "", 1)
        elif what == 2 and raw:
            i = draw(st.integers(0, len(raw)))
            runs[key] = raw[:i] + " " + raw[i:]
        elif what == 3:
            runs[key] = draw(st.one_of(_DIGITS, _HOSTILE, st.sampled_from(_GLUED)))
        elif what == 4:
            runs.pop(key, None)
    if draw(st.booleans()):  # only one table's runs, as the stage asks
        table = draw(st.sampled_from(["requests.", "active.", "reviews"]))
        runs = {k: v for k, v in runs.items() if k.startswith(table)}
    return report.form, runs, draw(_hints(report.form)), draw(_BOUNDS)


@_SETTINGS
@given(_glued_runs())
def test_split_runs_of_glued_reports_as_before(case: tuple[T.Form, dict[str, str], dict[str, Any], Any]) -> None:
    form, runs, known, bounds = case
    new, old = _both(lambda m: m.split_runs(form, runs, known=known, limits=_limits(m, bounds)))
    assert new == old


@_SETTINGS
@given(st.sampled_from(T.FORMS).flatmap(lambda form: st.tuples(
    st.just(form),
    st.dictionaries(st.sampled_from(_run_keys(form)),
                    st.one_of(st.sampled_from(_GLUED), _DIGITS, _HOSTILE,
                              st.lists(st.one_of(_DIGITS, st.sampled_from(_GLUED)), max_size=3)), max_size=8),
    _hints(form), _BOUNDS)))
def test_split_runs_of_hostile_runs_as_before(case: tuple[T.Form, dict[str, Any], dict[str, Any], Any]) -> None:
    form, runs, known, bounds = case
    new, old = _both(lambda m: m.split_runs(form, runs, known=known, limits=_limits(m, bounds)))
    assert new == old


_ROWS_2021 = [f"requests.{k}" for k in T.request_row_keys("2021")]


@_SETTINGS
@given(st.dictionaries(st.sampled_from(_ROWS_2021), st.sampled_from([*_GLUED[:17], "2222224", "1111111"]),
                       min_size=10),
       st.dictionaries(st.sampled_from(["requests.new_received.total", "requests.total.total",
                                        "requests.carried_forward.total", "requests.granted.total"]),
                       st.integers(0, 80), max_size=3),
       st.sampled_from([1, 2, 4, 16, 64, 20_000]))
def test_table_three_solved_whole_as_before(runs: dict[str, str], known: dict[str, int], states: int) -> None:
    """Many rows of several splits: the table's solve and pick, with and without the bound on
    partial sums being hit (the rows decided alone are added up front only under the bound)."""
    new, old = _both(lambda m: m.split_runs("2021", runs, known=known, limits=m.Limits(states=states)))
    assert new == old


_OUTCOME_ROWS = [f"requests.{r.key}" for r in T.request_rows("2021") if r.group is not None and r.key != "total"]


@pytest.mark.parametrize("states", [1, 3, 20_000])
@pytest.mark.parametrize("rows", [(0, 1), (0, 5), (3, 19), (0, 1, 2)])
def test_table_three_rows_that_trade_places_as_before(rows: tuple[int, ...], states: int) -> None:
    """Outcome rows of two splits each ("270020130": 2 7 0 0 20 1 30 or 27 0 0 2 0 1 30) that
    add up to the total either way round: the table keeps both for each, and the pick takes the
    most plausible for the first and what is left for the others, as the walk over every row did
    (states 1 and 3: the bound is hit, or not, before the rows of one split are added up)."""
    runs = {k: "0000000" for k in _OUTCOME_ROWS}
    for n in rows:
        runs[_OUTCOME_ROWS[n]] = "270020130"
    runs[_OUTCOME_ROWS[rows[-1]]] = "220000325"  # (2 20 0 0 0 3 25 or 22 0 0 0 0 3 25)
    a, b, c = (2, 7, 0, 0, 20, 1, 30), (27, 0, 0, 2, 0, 1, 30), (22, 0, 0, 0, 0, 3, 25)
    totals = [[x + y for x, y in zip(a, c)], [x + y for x, y in zip(b, c)]]
    for total in totals:
        if len(rows) == 3:
            total = [x + y for x, y in zip(total, a)]
        runs["requests.total"] = " ".join(map(str, total))
        for extra in ({}, {"requests.new_received": "0000000", "requests.carried_over": " ".join(map(str, total)),
                           "requests.carried_forward": "0000000"}):
            new, old = _both(lambda m: m.split_runs("2021", {**runs, **extra}, limits=m.Limits(states=states)))  # noqa: B023
            assert new == old


@settings(max_examples=300, deadline=None)
@given(st.one_of(_HOSTILE, _DIGITS, st.sampled_from(_GLUED), st.lists(_HOSTILE, max_size=3)))
def test_tokens_and_blank_marks_as_before(raw: str | list[str]) -> None:
    assert arith.tokens_of(raw) == old_arith.tokens_of(raw)
    for token in [*old_arith.tokens_of(raw), *(raw if isinstance(raw, list) else [raw])]:
        assert arith._is_blank(token) == old_arith._is_blank(token)


def test_rule_order_as_before() -> None:
    names = [*old_arith._RULE_ORDER, "zeta", "alpha", ""]
    assert [arith.rule_order(r) for r in names] == [old_arith.rule_order(r) for r in names]


def test_solutions_kept_by_form_run_and_tokens_answer_as_searching() -> None:
    """The kept solutions are keyed by form and run key, not by shape: a key of both forms whose
    cells differ (table 二's rows) is never answered from the other form's solution."""
    for form in T.FORMS:
        for r in T.active_rows(form):
            runs = {f"active.{r.key}": "1205"}
            first = _plain(arith.split_runs(form, runs))
            assert first == _plain(arith.split_runs(form, runs)) == _plain(old_arith.split_runs(form, runs))


# ---------------------------------------------------------------- the stage, on a ledger


_SPLIT_AT = STAGES.index(split.run)


def _ledger(text: str) -> Ledger | None:
    """The ledger of a text capture as the split stage finds it (None: the reader refused it)."""
    try:
        blocks = gr.read_blocks(text.encode("utf-8"), "text")
    except gr.GovReportError:
        return None
    ledger = Ledger.of(list(blocks), "capture.txt")
    for stage in STAGES[:_SPLIT_AT]:
        stage(ledger)
    return ledger


def _after(ledger: Ledger, stage: Callable[[Ledger], None]) -> object:
    """What the stage left in the ledger, as plain data (or its error)."""
    try:
        stage(ledger)
    except Exception as exc:  # the errors must agree too
        return (type(exc).__name__, str(exc))
    tokens = {n: [(t.kind, t.text, t.unit, t.idx, t.row) for t in toks] for n, toks in ledger.tokens.items()}
    warnings = [(at, w.code, w.message) for at, w in ledger._warnings]
    unplaced = [(at, repr(u)) for at, u in ledger._unplaced]
    return (tokens, list(ledger.notes.items()), list(ledger.uncertain.items()), warnings, unplaced)  # in order


def same_split(text: str) -> None:
    """The new stage leaves the ledger of ``text`` as the old one does."""
    new, old = _ledger(text), _ledger(text)
    if new is None or old is None:
        assert new is old
        return
    assert _after(new, split.run) == _after(old, old_split.run)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports(), st.booleans(), st.booleans())
def test_the_stage_on_generated_crawler_captures_as_before(report: Report, add_up: bool, pdf: bool) -> None:
    report = balanced(report) if add_up else report
    same_split(capture_pdftext(report) if pdf else capture_crawler(report))


def _real() -> str:
    if not REAL.exists():
        pytest.skip("the shared corpus of real captures is absent")
    return REAL.read_text("utf-8")


def test_the_stage_on_the_real_crawler_capture_as_before() -> None:
    same_split(_real())


_EDITS = st.lists(st.tuples(st.integers(0, 6), st.integers(0, 10**6), st.sampled_from("0123456789 \n")), max_size=6)


def mutate(text: str, edits: Sequence[tuple[int, int, str]]) -> str:
    """``text`` with its table digits edited: a digit changed, cells glued (a space between digits
    taken out) or parted (one put in), a digit dropped or doubled, a line broken or lines merged."""
    for what, at, ch in edits:
        digits = [i for i, c in enumerate(text) if c.isdigit()]
        if not digits:
            return text
        i = digits[at % len(digits)]
        if what == 0:
            text = text[:i] + (ch if ch.strip() else "7") + text[i + 1:]
        elif what == 1:
            j = text.find(" ", i)
            text = text[:j] + text[j + 1:] if j > 0 and text[j - 1].isdigit() else text
        elif what == 2:
            text = text[:i] + " " + text[i:]
        elif what == 3:
            text = text[:i] + text[i + 1:]
        elif what == 4:
            text = text[:i] + text[i] + text[i:]
        elif what == 5:
            text = text[:i] + "\n" + text[i:]
        else:
            lines = text.split("\n")
            k = at % max(1, len(lines) - 1)
            text = "\n".join([*lines[:k], lines[k] + ch.strip() + (lines[k + 1] if k + 1 < len(lines) else ""),
                              *lines[k + 2:]])
    return text


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_EDITS)
def test_the_stage_on_mutations_of_the_real_capture_as_before(edits: list[tuple[int, int, str]]) -> None:
    same_split(mutate(_real(), edits))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports(), _EDITS)
def test_the_stage_on_mutated_generated_captures_as_before(report: Report, edits: list[tuple[int, int, str]]) -> None:
    same_split(mutate(capture_crawler(balanced(report)), edits))


def test_the_old_code_is_what_the_reference_says() -> None:
    """The references import the live package only for what the stage calls (the ledger, tokens,
    the crawler's row finder): their own split and arithmetic are the old ones."""
    assert old_split.arith is old_arith
    assert old_arith.split_runs is not arith.split_runs
    assert isinstance(old_arith._SOLVED, dict) and old_arith._SOLVED is not arith._SOLVED
