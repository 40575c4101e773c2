"""A short fuzz campaign on every `make test`: about 300 cases, derandomized, in a worker.

Each reader gets mutated samples, each writer hostile generated Reports; a module fixture
runs them once and the tests below assert on the counts, one promise per test. The
promises still broken on main are xfail (not strict) with the failure seen, so that they
pass as the fixes of issue 14 land: flip them by deleting their line in KNOWN.
``make fuzz`` runs the long campaign (python -m fuzz).
"""

from __future__ import annotations

import pytest

from fuzz.campaign import Tally, run_readers, run_writers
from fuzz.mutate import READERS
from fuzz.reports import WRITERS
from fuzz.worker import BUDGET, DROPPED, TRUNCATION, UNCAUGHT, UNCLEAN_ERROR, Worker

pytestmark = pytest.mark.fuzz

READER_CASES = {"text": 50, "markdown": 30, "html": 40, "docx": 25, "pdf": 20, "json": 35}
WRITER_CASES = 8
BLOCKS_CASES = {"docx": 15, "html": 10}  # read_blocks(), public too, has no catch-all of its own
TARGETS = [*READERS, *(f"{f} read_blocks" for f in BLOCKS_CASES), *(f"writer {w}" for w in WRITERS)]

# (target, category) -> what fails on main today (issue 14). Remove a line once its fix lands.
KNOWN: dict[tuple[str, str], str] = {
    # Every failure issue 14 listed is fixed; a new one found here goes in this list with its reason.
}


@pytest.fixture(scope="module")
def tally(fuzz_worker: Worker) -> Tally:
    """The outcomes of the whole short campaign, run once."""
    out = Tally()
    for fmt, n in READER_CASES.items():
        run_readers(fuzz_worker, out, [fmt], n)
    for fmt, n in BLOCKS_CASES.items():
        run_readers(fuzz_worker, out, [fmt], n, entry="read_blocks")
    run_writers(fuzz_worker, out, WRITERS, WRITER_CASES)
    return out


def _check(tally: Tally, target: str, categories: tuple[str, ...]) -> None:
    for category in categories:
        if (target, category) in KNOWN and tally.total(target, category):
            pytest.xfail(f"{KNOWN[(target, category)]}: {tally.total(target, category)} cases")
    bad = {c: tally.total(target, c) for c in categories if tally.total(target, c)}
    examples = "\n".join(f"{case.label[:100]} -> {outcome.detail[:160]}"
                         for (t, _), (case, outcome) in tally.examples.items()
                         if t == target and outcome.category in categories)
    assert not bad, f"{target}: {bad}\n{examples}"


def test_the_campaign_ran_every_target(tally: Tally) -> None:
    for target in TARGETS:
        assert tally.total(target) >= 8, target
    assert tally.total() >= 240


@pytest.mark.parametrize("target", TARGETS)
def test_nothing_uncaught(tally: Tally, target: str) -> None:
    _check(tally, target, (UNCAUGHT,))


@pytest.mark.parametrize("target", TARGETS)
def test_every_case_within_its_budget(tally: Tally, target: str) -> None:
    _check(tally, target, (BUDGET,))


@pytest.mark.parametrize("target", TARGETS)
def test_errors_name_the_file_and_hide_dependencies(tally: Tally, target: str) -> None:
    _check(tally, target, (UNCLEAN_ERROR,))


@pytest.mark.parametrize("target", TARGETS)
def test_nothing_truncated_or_dropped_silently(tally: Tally, target: str) -> None:
    _check(tally, target, (TRUNCATION, DROPPED))
