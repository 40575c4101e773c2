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

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govreport_io as gr
from govreport_io.form import arith
from govreport_io.form.recognise import STAGES, split
from govreport_io.form.recognise.ledger import Ledger
from govreport_io.model import Report
from govreport_io.repair import crawler
from govreport_io.testing import balanced, capture_crawler, capture_pdftext, reports

from . import test_speed7_split_old_crawler as old_crawler
from . import test_speed7_split_old_split as old_split
from .test_speed_split6 import _EDITS, mutate

REAL = Path("/work/shared/corpus/real/03_pingtan_2021.crawler.txt")
_FAST = settings(max_examples=400, deadline=None)

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
    return (tokens, list(ledger.notes.items()), list(ledger.uncertain.items()), warnings, unplaced)


def same_split(text: str) -> None:
    """The new stage leaves the ledger of ``text`` as the old one does."""
    new, old = _ledger(text), _ledger(text)
    if new is None or old is None:
        assert new is old
        return
    assert _after(new, split.run) == _after(old, old_split.run)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
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
