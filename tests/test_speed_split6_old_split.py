# The glued-run split stage (govreport_io.form.recognise.split) as it stood before the sixth speed pass (main 443c0f5), kept
# word for word (imports made absolute) as the reference tests/test_speed_split6.py compares
# the new code with. Not part of the package; nothing here is tested on its own.
# ruff: noqa
# mypy: ignore-errors
"""Stage: glued digit runs split into the cells of the form by its arithmetic.

Captures that lose the separators between table cells (crawler pages, text flattened
onto one line) write a row as its label and one run of digits: "…申请数量640020470" is
the seven cells 64 0 0 2 0 4 70. Where a row of running text has fewer value tokens
than the form gives it cells (or a token no cell can be), this stage collects the raw
runs of the whole table, splits them with :func:`govreport_io.form.arith.split_runs`
(the numbers the report's prose restates as hints) and rewrites the section's token
stream so that the row matcher reads one token per cell.

Nothing is guessed silently: a cell cut out of a glued run has a provenance note naming
the rules that decided the cut; a cell the arithmetic cannot decide is listed as
uncertain (``ledger.doubt``) and warned about with its alternatives; a run no split fits
is kept in ``unplaced`` and its cells left blank and uncertain. Where every row fits
(a capture with its separators), nothing changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from govreport_io.blocks import Paragraph
from govreport_io.model import Unplaced, Value
from govreport_io.repair.crawler import Line, Vocabulary, row_runs
from . import test_speed_split6_old_arith as arith
from govreport_io.form.template import Form
from govreport_io.form.recognise.ledger import Ledger, Tok, Unit
from govreport_io.form.recognise.tokens import TABLE_SECTIONS, classify_cell, words


@dataclass
class _Run:
    """The digits of one run key as captured: the units and their trailing words holding them."""

    key: str
    places: list[tuple[int, int]]  # (unit index, number of trailing words of that unit)
    digits: list[str]
    unit: str = ""  # a unit printed after the run's amount ("万元"), given back to the amount

    @property
    def raw(self) -> str:
        return " ".join(self.digits)


_DASHES = frozenset("—–-/／")


def ends_in_digits(text: str) -> bool:
    r"""``re.search(r"[\d—–\-/／]\s*(?:万元|亿元|元)?\s*$", text)``, from the end of the text: the
    search tries every position of every paragraph of a table section (tests/test_speed_recog.py
    compares them)."""
    t = text.rstrip()  # str.isspace is re's \s for str patterns
    if t.endswith(("万元", "亿元")):
        t = t[:-2].rstrip()
    elif t.endswith("元"):
        t = t[:-1].rstrip()
    last = t[-1:]
    return bool(last) and (last.isdecimal() or last in _DASHES)  # re's \d is a decimal digit
_UNIT_AFTER_RE = re.compile(r"\d\s*(万元|亿元|元)\s*$")
_WORD_RE = re.compile(r"[\d.\-－—–/／]+(?:万元|亿元|元)?")
_DIGITS_ONLY_RE = re.compile(r"[\d\s.\-－—/]+")


def _digits_only(unit: Unit) -> bool:
    """A paragraph of digits alone: in a labelled table, the rest of the row above it."""
    return isinstance(unit.block, Paragraph) and bool(_DIGITS_ONLY_RE.fullmatch(unit.block.text.strip()))


def _row_lines(ledger: Ledger, number: int, vocab: Vocabulary) -> list[tuple[int, str, str]]:
    """(index in the section's units, run key, digits) of each paragraph of one table section
    that is a row label with its digits (or digits alone, in table 四)."""
    units = ledger.spans[number][1]
    # most units are prose: only those ending in a number are matched against the labels
    rows = [n for n, u in enumerate(units)
            if isinstance(u.block, Paragraph) and ends_in_digits(u.block.text)]
    lines: list[Line] = [("heading", f"{vocab.numerals[number - 1]}、"),
                         *(("row", ledger.texts[units[n].index]) for n in rows)]
    return [(rows[line_no - 1], key, digits) for line_no, key, digits in row_runs(lines, vocab)]


def _may_glue(ledger: Ledger, found: list[tuple[int, str, str]], vocab: Vocabulary) -> bool:
    """Whether any run :func:`_runs` makes of these row lines can be glued (see :func:`_glued`),
    asked before making them (most captures have their separators): a labelled run is one
    line, so only a line with fewer words than its row has cells can make one; a run of table
    四 joins the lines it keeps, so two lines or more are not decided here."""
    unlabelled = set(vocab.unlabelled.values())
    lines_of: dict[str, int] = {}
    for _, key, digits in found:
        lines_of[key] = lines_of.get(key, 0) + 1
        if len(digits.split()) < len(arith.run_shape(ledger.form, key).paths):
            return True
    return any(lines_of[key] > 1 for key in unlabelled & lines_of.keys())


def _runs(ledger: Ledger, number: int, vocab: Vocabulary, found: list[tuple[int, str, str]]) -> list[_Run]:
    """The runs of one table section, in order, from its row lines (see :func:`_row_lines`). A
    row whose digits continue on the next unit (a wrapped row of PDF text) is left out, since
    its words are not one run."""
    units = ledger.spans[number][1]
    runs: dict[str, _Run] = {}
    for n, key, digits in found:
        labelled = key not in vocab.unlabelled.values()
        if labelled and (key in runs or (n + 1 < len(units) and _digits_only(units[n + 1]))):
            continue  # a label met twice keeps its first row; a wrapped row is not one run
        count = len(digits.split())
        trailing = words(units[n])[-count:]
        if len(trailing) < count or not all(_WORD_RE.fullmatch(w) for w in trailing):
            continue  # digits glued to their label in one word: left to the row matcher
        run = runs.setdefault(key, _Run(key, [], []))
        tail = _UNIT_AFTER_RE.search(ledger.texts[units[n].index])
        run.unit = tail.group(1) if tail else ""
        run.places.append((units[n].index, count))
        run.digits.append(digits)
    return list(runs.values())


def _glued(ledger: Ledger, run: _Run) -> bool:
    """True when the run has fewer words than the form gives it cells: cells were glued
    ("640020470" for seven cells, "0-204" for two). A run with as many words as cells or
    more (a page number among them) is left to the row matcher, as it always was."""
    return len(run.raw.split()) < len(arith.run_shape(ledger.form, run.key).paths)


def _sound(ledger: Ledger, run: _Run) -> bool:
    """A run whose words are exactly its cells: a constraint on the glued rows of its table."""
    parts = run.raw.split()
    return len(parts) == len(arith.tokens_of(run.raw)) and arith.fits(ledger.form, run.key, run.raw)


def _cells(run: _Run, result: arith.SplitResult, form: Form) -> list[tuple[str, Value]]:
    """(path, value) of each cell of a run, in the run's order."""
    return [(p, result.values.get(p)) for p in arith.run_shape(form, run.key).paths]


def _rewrite(ledger: Ledger, number: int, runs: list[tuple[_Run, list[tuple[str, Value]]]]) -> None:
    """Replace each run's words in the token stream by one token per cell, where its first word stood.

    Each new token carries the index of the word its first digit came from, so that the
    words are marked as used by the table and never reappear as prose. Runs hold the words
    of different units, so one pass over the stream does what rewriting it run by run did."""
    toks = ledger.tokens[number]
    by_unit: dict[int, list[Tok]] = {}
    for t in toks:
        if t.kind != "eor":
            by_unit.setdefault(t.unit, []).append(t)
    new_at: dict[int, list[Tok]] = {}  # id of a run's first word → the run's new tokens
    run_of: dict[int, int] = {}  # id of a run's word → id of the run's first word
    for run, cells in runs:
        glued: list[Tok] = []
        for unit_index, count in run.places:
            own = by_unit.get(unit_index, [])
            glued.extend(own[len(own) - count:])
        if glued:
            new_at[id(glued[0])] = _new_tokens(run, cells, glued)
            run_of.update((id(w), id(glued[0])) for w in glued)
    if not new_at:
        return
    out: list[Tok] = []
    started: set[int] = set()
    for t in toks:
        first = run_of.get(id(t))
        if first is None or (first != id(t) and first not in started):
            out.append(t)  # not a run's word, or one standing before the run's first (kept, as it was)
        elif first == id(t):
            out.extend(new_at[first])
            started.add(first)
    ledger.tokens[number] = out


def _new_tokens(run: _Run, cells: list[tuple[str, Value]], glued: list[Tok]) -> list[Tok]:
    """One token per cell of the run, each placed at the word its first digit came from."""
    ends, pos = [], 0
    for w in glued:
        pos += len(w.text.replace(" ", ""))
        ends.append(pos)
    new: list[Tok] = []
    pos = n = 0
    last = len(glued) - 1
    for _, value in cells:
        text = "" if value is None else str(value)
        # the word holding character ``pos`` (else the last word); positions only grow, so the
        # search goes on from the word found last
        while n < last and ends[n] <= pos:
            n += 1
        w = glued[n]
        new.append(Tok(classify_cell(text) if text else "empty", text, w.unit, w.idx, w.row))
        pos += len(text) or 1
    if run.unit and new[-1].kind == "num":
        new[-1].text += run.unit
    return new


def _record(ledger: Ledger, number: int, result: arith.SplitResult) -> None:
    """Provenance notes, uncertain cells, warnings and kept runs of one table's split."""
    for path, rules in result.rules.items():
        ledger.note(path, f"split by arithmetic: {', '.join(rules)}")
    for note in result.notes:
        reason = note.describe()
        ledger.warn(note.code, reason, at=number)
        for path in note.cells:
            ledger.doubt(path, reason)
    for path in result.uncertain:
        if path not in ledger.uncertain:
            ledger.doubt(path, "the arithmetic does not decide this cell")
    for key, raw in arith.kept_runs(result):
        ledger.keep(Unplaced("table", raw, key), at=number)


def _split_section(ledger: Ledger, number: int, runs: list[_Run], hints: dict[str, int]) -> None:
    """Split the glued runs of one table; in table 三 together with the rows that were
    captured with their separators, since the column sums tie its rows."""
    glued = [r for r in runs if _glued(ledger, r)]
    sound = [r for r in runs if number == 3 and not _glued(ledger, r) and _sound(ledger, r)]
    result = arith.split_runs(ledger.form, {r.key: r.raw for r in [*glued, *sound]}, known=hints)
    # rows captured with their separators stay as they were read
    _rewrite(ledger, number, [(run, _cells(run, result, ledger.form)) for run in glued])
    _record(ledger, number, result)


def run(ledger: Ledger) -> None:
    """Split glued runs in tables 二, 三 and 四 where rows do not fit the form; else do nothing."""
    vocab = arith.crawler_vocabulary(ledger.form)
    todo: dict[int, list[_Run]] = {}
    for n in TABLE_SECTIONS:
        found = _row_lines(ledger, n, vocab) if n in ledger.spans and n in ledger.tokens else []
        runs = _runs(ledger, n, vocab, found) if _may_glue(ledger, found, vocab) else []
        if any(_glued(ledger, r) for r in runs):
            todo[n] = runs
    if not todo:
        return
    hints = arith.prose_hints(" ".join(ledger.texts[u.index] for u in ledger.units
                                       if isinstance(u.block, Paragraph)))
    for number, runs in todo.items():
        _split_section(ledger, number, runs, hints)
