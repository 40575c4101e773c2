"""The glued-run split of the seventh speed pass (issue #13), against the code it replaced.

The split stage, its arithmetic and the crawler's row finder as they stood before are kept word
for word beside this file (tests/test_speed7_split_old_split.py, test_speed7_split_old_arith.py,
test_speed7_split_old_crawler.py). Every shortcut must answer exactly as they did: the row
parts and enumerators the regexes found, and the same cells, choice among splits, rules,
notes, uncertain cells, warnings and kept runs, on hostile text, on generated glued and
PDF-text captures of both forms, and on mutations of a real crawler capture. No test here is
timed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govreport_io.form import arith
from govreport_io.form import template as T
from govreport_io.form.recognise import split
from govreport_io.model import Report
from govreport_io.repair import crawler
from govreport_io.testing import balanced, capture_crawler, capture_pdftext, reports

from . import test_speed7_split_old_arith as old_arith
from . import test_speed7_split_old_crawler as old_crawler
from . import test_speed7_split_old_split as old_split
from .test_speed_split6 import (
    _BOUNDS,
    _DIGITS,
    _EDITS,
    _GLUED,
    _HOSTILE,
    _after,
    _hints,
    _ledger,
    _limits,
    _plain,
    _run_keys,
    mutate,
)

REAL = Path("/work/shared/corpus/real/03_pingtan_2021.crawler.txt")
_FAST = settings(max_examples=250, deadline=None)

# ---------------------------------------------------------------- the crawler's row finder

# every character class the row pattern and the enumerators tell apart: ASCII, full-width and
# Arabic-Indic digits, the digits' marks, white space of several kinds, units, numerals, brackets
_ROW_CHARS = "0123456789 .-－—／/\t\u3000\n元万亿（()）一二三十、．１５٣规章件|#<&，"
_ROW_TEXT = st.text(alphabet=st.sampled_from(list(_ROW_CHARS)), max_size=14)
_ROW_PIECES = st.lists(st.sampled_from(["总计", "元", "万元", "亿元", "（一）", "1.", "12、", "三、", "0 0 0",
                                        "640020470", "24252.31", " ", "-3", "－", "规章", "(二)", "\n"]),
                       max_size=6).map("".join)


def _regex_parts(text: str) -> tuple[str, str] | None:
    m = old_crawler._ROW_RE.match(text)
    return (m.group("label") or "", m.group("digits")) if m else None


@_FAST
@given(st.one_of(_ROW_TEXT, _ROW_PIECES, st.tuples(_ROW_PIECES, _ROW_TEXT).map("".join)))
def test_row_parts_and_words_as_the_pattern_finds_them(text: str) -> None:
    parts = _regex_parts(text)
    assert crawler._row_parts(text) == parts == old_crawler._row_parts(text)
    assert crawler.row_words(text) == (-1 if parts is None else len(parts[1].split()))


@_FAST
@given(st.one_of(_ROW_TEXT, _ROW_PIECES, st.tuples(_ROW_PIECES, _ROW_TEXT).map("".join)))
def test_enumerators_taken_off_as_the_pattern_does(label: str) -> None:
    assert crawler._without_enumerator(label) == old_crawler._ROW_ENUM_RE.sub("", label)


def test_a_label_ends_at_every_character_as_str_says() -> None:
    """The label's last character, told by code point, for every code point there is."""
    for c in range(0x110000):
        ch = chr(c)
        assert crawler._label_end(c) == (not ch.isdecimal() and not ch.isspace()), hex(c)


_ENDS_IN_DIGITS_RE = re.compile(r"[\d—–\-/／]\s*(?:万元|亿元|元)?\s*$")
"""The pattern split.ends_in_digits stands for (it was the library's)."""


def test_a_paragraph_ends_in_digits_at_every_last_character_as_the_pattern_says() -> None:
    """Every character of the Basic Multilingual Plane last, after a digit, a space or a unit."""
    for c in range(0x10000):
        for head in ("规章", "3", "3 元", "3万"):
            text = head + chr(c)
            assert split.ends_in_digits(text) == bool(_ENDS_IN_DIGITS_RE.search(text)), repr(text)


_SECTION_LINES = st.lists(st.one_of(
    st.sampled_from(["规章 000", "行政规范性文件 693665", "行政事业性收费 24252.311082", "（一）予以公开 270020130",
                     "1.属于国家秘密0 0 0 0 0 0 0", "(二)部分公开 5", "三、本年度办理结果 1", "10203120001200000",
                     "四、结转下年度继续办理 1000001", "0 0 0", "（七）总计 6－3", "行政许可3456", "总计", "", " ",
                     "办结 3件。"]),
    _ROW_TEXT, st.tuples(_ROW_PIECES, _ROW_TEXT).map("".join)), max_size=8)


@settings(max_examples=200, deadline=None)
@given(_SECTION_LINES, st.sampled_from([1, 2, 3, 4, 5, 6]), st.sampled_from(T.FORMS), st.randoms(use_true_random=False))
def test_the_rows_of_a_section_as_the_lines_after_its_heading_give_them(texts: list[str], number: int, form: T.Form,
                                                                        rnd: Any) -> None:
    vocab = arith.crawler_vocabulary(form)
    which = sorted(rnd.sample(range(len(texts)), rnd.randint(0, len(texts))))
    lines: list[Any] = [("heading", f"{vocab.numerals[number - 1]}、"), *(("row", texts[i]) for i in which)]
    old = [(which[n - 1], key, digits) for n, key, digits in old_crawler.row_runs(lines, vocab)]
    assert crawler.section_runs(texts, which, number, vocab) == old == \
        [(which[n - 1], key, digits) for n, key, digits in crawler.row_runs(lines, vocab)]


# ---------------------------------------------------------------- the arithmetic, call by call

_RUNS = st.sampled_from(T.FORMS).flatmap(lambda form: st.tuples(
    st.just(form),
    st.dictionaries(st.sampled_from(_run_keys(form)),
                    st.one_of(st.sampled_from(_GLUED), _DIGITS, _HOSTILE,
                              st.lists(st.one_of(_DIGITS, st.sampled_from(_GLUED)), max_size=3)), max_size=8),
    _hints(form), _BOUNDS))


@settings(max_examples=60, deadline=None)
@given(_RUNS)
def test_split_runs_as_before(case: tuple[T.Form, dict[str, Any], dict[str, Any], Any]) -> None:
    """The result made of the runs' cells is the one made cell by cell (hostile runs, hints, tight
    bounds, and keys of table 四 both whole and by group: runs that share cells)."""
    form, runs, known, bounds = case
    new = _plain_or_error(lambda: arith.split_runs(form, runs, known=known, limits=_limits(arith, bounds)))
    old = _plain_or_error(lambda: old_arith.split_runs(form, runs, known=known, limits=_limits(old_arith, bounds)))
    assert new == old


@settings(max_examples=60, deadline=None)
@given(_RUNS)
def test_the_cells_run_by_run_are_the_result_where_no_runs_share_a_cell(
        case: tuple[T.Form, dict[str, Any], dict[str, Any], Any]) -> None:
    form, runs, known, _ = case
    if "reviews" in runs:  # (the stage never gives table 四 whole beside its groups)
        runs = {k: v for k, v in runs.items() if not k.startswith("reviews.")}
    try:
        result = old_arith.split_runs(form, runs, known=known)
    except Exception as exc:
        with pytest.raises(type(exc)):
            arith.split_cells(form, runs, known=known)
        return
    cells, notes = arith.split_cells(form, runs, known=known)
    assert [c.key for c in cells] == list(runs)
    values = [(p, c.values[i]) for c in cells for i, p in enumerate(c.paths)]
    rules = [(p, c.rules) for c in cells if c.rules is not None for i, p in enumerate(c.paths) if c.glued[i]]
    assert values == list(result.values.items()) and rules == list(result.rules.items())
    assert tuple(p for c in cells for p in c.uncertain) == result.uncertain
    assert [a for c in cells for a in c.alternatives.items()] == list(result.alternatives.items())
    assert _plain(arith.SplitResult({}, {}, (), {}, tuple(notes))) == _plain(old_arith.SplitResult({}, {}, (), {},
                                                                                                  result.notes))


def test_one_digit_cells_read_as_before() -> None:
    for text in [None, *map(chr, range(0x3000)), "０", "٣", "12", "05", "-3", "1.5", "99", "100"]:
        assert _plain_or_error(lambda: arith._number(text)) == _plain_or_error(lambda: old_arith._number(text))  # noqa: B023
        if text is not None:
            assert _plain_or_error(lambda: arith._int(text)) == _plain_or_error(lambda: old_arith._int(text))  # noqa: B023


def _plain_or_error(call: Callable[[], Any]) -> object:
    try:
        out = call()
    except Exception as exc:  # the errors must agree too
        return (type(exc).__name__, str(exc))
    return _plain(out) if hasattr(out, "notes") else out


# ---------------------------------------------------------------- the stage, on a ledger

def same_split(text: str) -> None:
    """The new stage leaves the ledger of ``text`` as the old one does."""
    new, old = _ledger(text), _ledger(text)
    if new is None or old is None:
        assert new is old
        return
    assert _after(new, split.run) == _after(old, old_split.run)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports(), st.booleans(), st.booleans())
def test_the_stage_on_generated_captures_as_before(report: Report, add_up: bool, pdf: bool) -> None:
    report = balanced(report) if add_up else report
    same_split(capture_pdftext(report) if pdf else capture_crawler(report))


def _real() -> str:
    if not REAL.exists():
        pytest.skip("the shared corpus of real captures is absent")
    return REAL.read_text("utf-8")


def test_the_stage_on_the_real_crawler_capture_as_before() -> None:
    same_split(_real())


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_EDITS)
def test_the_stage_on_mutations_of_the_real_capture_as_before(edits: list[tuple[int, int, str]]) -> None:
    same_split(mutate(_real(), edits))


def test_the_old_code_is_what_the_reference_says() -> None:
    """The references import the live package only for what the stage calls (the ledger, tokens,
    the vocabulary): their split, arithmetic and row finder are the old ones."""
    assert old_split.arith is not arith and old_split.row_runs is old_crawler.row_runs
    assert old_crawler._row_parts is not crawler._row_parts
