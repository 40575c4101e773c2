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
from typing import Final

from ...blocks import Paragraph
from ...model import Unplaced, Value
from ...repair.crawler import Vocabulary, row_words, section_runs
from .. import arith
from ..template import Form
from .ledger import Ledger, Tok, Unit
from .tokens import TABLE_SECTIONS, classify_cell, words


class _Run:
    """The digits of one run key as captured: the units and their trailing words holding them.

    A plain class rather than a dataclass: compiled (mypyc), a dataclass is built through the
    interpreted ``__init__`` the dataclasses module writes, and a table makes one per row."""

    __slots__ = ("digits", "key", "places", "shape", "unit", "words")

    def __init__(self, key: str, shape: arith.RunShape) -> None:
        self.key = key
        self.shape = shape  # the cells of the key (arith.run_shape), asked once
        self.places: list[tuple[int, int]] = []  # (unit index, number of trailing words of that unit)
        self.digits: list[str] = []
        self.unit = ""  # a unit printed after the run's amount ("万元"), given back to the amount
        self.words = 0  # the words of all its digits: those of ``raw``

    @property
    def raw(self) -> str:
        return " ".join(self.digits)


# The block class as a C static (Final): compiled, a class imported from a pure-Python module is
# otherwise looked up in the module's dictionary at every isinstance.
_PARAGRAPH: Final = Paragraph
_DASHES = frozenset("—–-/／")
_WIDE_DASHES: Final = frozenset(ord(c) for c in "—–／")  # the dashes past ASCII, by code point


def ends_in_digits(text: str) -> bool:
    r"""``re.search(r"[\d—–\-/／]\s*(?:万元|亿元|元)?\s*$", text)``, from the end of the text: the
    search tries every position of every paragraph of a table section (tests/test_speed_recog.py
    compares them)."""
    if not text:
        return False
    end = ord(text[-1])
    if 48 <= end <= 57:
        return True  # an ASCII digit last (a row): nothing to strip
    if 0x3001 <= end <= 0x9FFF and end != 0x5143:
        return False  # CJK punctuation or an ideograph but 元 last (prose: "。"): no digit, dash or space
    if end > 127 and end != 0x5143 and end not in _WIDE_DASHES and not text[-1].isspace() \
            and not text[-1:].isdecimal():
        return False  # a character that is none of a digit, dash, 元 or space last (prose: "。")
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
_WORD_MARKS: Final = frozenset(".-－—–/／")  # what _WORD_RE's class holds beside the digits
_DIGITS_ONLY_MARKS: Final = frozenset(".-－—/")  # what _DIGITS_ONLY_RE's class holds beside digits and spaces
_OPENERS: Final = frozenset(ord(c) for c in "（(【〔")  # brackets a label opens with, by code point


def _digits_only(unit: Unit) -> bool:
    """A paragraph of digits alone: in a labelled table, the rest of the row above it."""
    b = unit.block
    if not isinstance(b, _PARAGRAPH):
        return False
    text = b.text
    # most paragraphs open with a word (the next row's label): told by their first character, not
    # by the pattern (strip takes off what re's \s matches: str.isspace; no ideograph or bracket is
    # white space, so a text opening with one is its stripped text opening with it)
    if not text:
        return False
    first = ord(text[0])
    if 0x4E00 <= first <= 0x9FFF or first in _OPENERS:
        return False  # a CJK ideograph or a bracket: no digit, mark or space
    text = text.strip()
    if not text:
        return False
    first = ord(text[0])
    if not (48 <= first <= 57 or text[0] in _DIGITS_ONLY_MARKS or text[0].isdecimal()):
        return False
    return bool(_DIGITS_ONLY_RE.fullmatch(text))


def _unit_after(text: str) -> str:
    """``_UNIT_AFTER_RE.search(text)``'s unit ("" when it finds none), read from the end of the text:
    the search tries every position. Spaces, then the unit, then spaces and a digit before them."""
    t = text.rstrip()  # str.isspace is re's \s for str patterns
    if t.endswith("万元") or t.endswith("亿元"):
        unit = t[-2:]
    elif t.endswith("元"):
        unit = "元"
    else:
        return ""
    return unit if t[:-len(unit)].rstrip()[-1:].isdecimal() else ""  # re's \d is a decimal digit


def _is_word(word: str) -> bool:
    """``_WORD_RE.fullmatch(word)``: digits and marks, and a unit after them, without the engine."""
    if word.endswith("万元") or word.endswith("亿元"):
        body = word[:-2]
    elif word.endswith("元"):
        body = word[:-1]
    else:
        body = word
    if body.isdigit() and body.isascii():
        return True  # (most words: ASCII digits)
    if not body:
        return False
    for ch in body:
        if not (ch.isdecimal() or ch in _WORD_MARKS):
            return False
    return True


def _trailing(unit: Unit, count: int) -> list[str]:
    """``words(unit)[-count:]``: the last words of a paragraph, its parts between white space when
    it has no bracket (see :func:`.tokens.split_words`)."""
    b = unit.block
    if isinstance(b, _PARAGRAPH):
        text = b.text
        if "(" not in text and "（" not in text:
            return text.split()[-count:]  # (split_words' own shortcut, the text read once)
    return words(unit)[-count:]


def _row_lines(ledger: Ledger, number: int, vocab: Vocabulary) -> list[tuple[int, str, str]]:
    """(index in the section's units, run key, digits) of each paragraph of one table section
    that is a row label with its digits (or digits alone, in table 四); none when no row can be
    glued (see :func:`_wide`), which is found without the labels of the rows that cannot be."""
    units = ledger.spans[number][1]
    # most units are prose: only those ending in a number are matched against the labels
    rows = [n for n, u in enumerate(units)
            if isinstance(u.block, _PARAGRAPH) and ends_in_digits(u.block.text)]
    texts = [ledger.texts[units[n].index] for n in rows]
    most = _widest(ledger.form, number, vocab)
    unsure = [i for i, t in enumerate(texts) if not _wide(t, most)]
    if number in vocab.unlabelled:  # table 四's run joins its lines: one line alone is told apart
        return [] if not unsure and len(texts) <= 1 else _found(rows, texts, list(range(len(texts))), number, vocab)
    if len(unsure) == len(texts):
        return _found(rows, texts, unsure, number, vocab)
    # the rows whose digits are as wide as the widest run of the section cannot make _may_glue say
    # yes: the others first, and those only when one of the others can (each row is found alone)
    found = _found(rows, texts, unsure, number, vocab) if unsure else []
    if not _may_glue(ledger, found, vocab):
        return []
    doubted = set(unsure)
    wide = [i for i in range(len(texts)) if i not in doubted]
    return sorted([*found, *_found(rows, texts, wide, number, vocab)])  # (in line order: the indexes differ)


def _found(rows: list[int], texts: list[str], which: list[int], number: int,
           vocab: Vocabulary) -> list[tuple[int, str, str]]:
    """:func:`~govreport_io.repair.crawler.row_runs` of the texts ``which`` (as row lines after the
    section's heading), by index in the units."""
    return [(rows[i], key, digits) for i, key, digits in section_runs(texts, which, number, vocab)]


def _wide(text: str, most: int) -> bool:
    """True when the row's digits, as row_runs parts them, have ``most`` words or more (or it has
    none: no run): whatever row it is, it has no more cells than that and cannot be glued. False
    when unsure: a text with fewer spaces than that (a crawler's glued row) is not parted at all."""
    if text.count(" ") + 1 < most:
        return False
    words = row_words(text)  # (len(_row_parts(text)[1].split()), or -1 for None, without the strings)
    return words < 0 or words >= most


def _widest(form: Form, number: int, vocab: Vocabulary) -> int:
    """The most cells a run key of the section can have: its table's rows and its label-less run."""
    memo_key = (form, number)
    most = _WIDEST.get(memo_key)
    if most is None:
        table, rows = vocab.tables.get(number, ("", ()))
        keys = [f"{table}.{key}" for key, _ in rows]
        if number in vocab.unlabelled:
            keys.append(vocab.unlabelled[number])
        most = 0
        for key in keys:
            most = max(most, len(arith.run_shape(form, key).paths))
        _WIDEST[memo_key] = most  # (fixed form data: a few entries per form)
    return most


_WIDEST: Final[dict[tuple[str, int], int]] = {}


def _may_glue(ledger: Ledger, found: list[tuple[int, str, str]], vocab: Vocabulary) -> bool:
    """Whether any run :func:`_runs` makes of these row lines can be glued (see :func:`_glued`),
    asked before making them (most captures have their separators): a labelled run is one
    line, so only a line with fewer words than its row has cells can make one; a run of table
    四 joins the lines it keeps, so two lines or more are not decided here."""
    if not found:
        return False  # (most sections: no line to make a run of)
    lines_of: dict[str, int] = {}
    for _, key, digits in found:
        lines_of[key] = lines_of.get(key, 0) + 1
        if len(digits.split()) < len(arith.run_shape(ledger.form, key).paths):
            return True
    for key in vocab.unlabelled.values():
        if lines_of.get(key, 0) > 1:
            return True
    return False


def _runs(ledger: Ledger, number: int, vocab: Vocabulary, found: list[tuple[int, str, str]]) -> list[_Run]:
    """The runs of one table section, in order, from its row lines (see :func:`_row_lines`). A
    row whose digits continue on the next unit (a wrapped row of PDF text) is left out, since
    its words are not one run."""
    units = ledger.spans[number][1]
    unlabelled = set(vocab.unlabelled.values())
    runs: dict[str, _Run] = {}
    for n, key, digits in found:
        labelled = key not in unlabelled
        if labelled and (key in runs or (n + 1 < len(units) and _digits_only(units[n + 1]))):
            continue  # a label met twice keeps its first row; a wrapped row is not one run
        count = len(digits.split())
        trailing = _trailing(units[n], count)
        if len(trailing) < count or not _all_words(trailing):
            continue  # digits glued to their label in one word: left to the row matcher
        run = runs.get(key)
        if run is None:
            run = runs[key] = _Run(key, arith.run_shape(ledger.form, key))
        run.unit = _unit_after(ledger.texts[units[n].index])
        run.places.append((units[n].index, count))
        run.digits.append(digits)
        run.words += count  # (" ".join of the digits: its words are theirs)
    return list(runs.values())


def _all_words(trailing: list[str]) -> bool:
    for w in trailing:
        if not _is_word(w):
            return False
    return True


def _glued(ledger: Ledger, run: _Run) -> bool:
    """True when the run has fewer words than the form gives it cells: cells were glued
    ("640020470" for seven cells, "0-204" for two). A run with as many words as cells or
    more (a page number among them) is left to the row matcher, as it always was."""
    return run.words < len(run.shape.paths)  # (words: those of run.raw)


def _sound(ledger: Ledger, run: _Run) -> bool:
    """A run whose words are exactly its cells: a constraint on the glued rows of its table."""
    parts = run.raw.split()
    return len(parts) == len(arith.tokens_of(run.raw)) and arith.fits(ledger.form, run.key, run.raw)


def _rewrite(ledger: Ledger, number: int, runs: list[tuple[_Run, list[Value]]]) -> None:
    """Replace each run's words in the token stream by one token per cell, where its first word stood.

    Each new token carries the index of the word its first digit came from, so that the
    words are marked as used by the table and never reappear as prose. Runs hold the words
    of different units, so one pass over the stream does what rewriting it run by run did."""
    toks = ledger.tokens[number]
    wanted: set[int] = set()
    for run, _ in runs:
        for place in run.places:
            wanted.add(place[0])
    by_unit: dict[int, list[int]] = {}  # the positions of the words of the units holding runs
    for i in range(len(toks)):
        t = toks[i]
        if t.unit in wanted and t.kind != "eor":
            own = by_unit.get(t.unit)
            if own is None:
                by_unit[t.unit] = [i]
            else:
                own.append(i)
    new_at: dict[int, list[Tok]] = {}  # position of a run's first word → the run's new tokens
    first_of = [-1] * len(toks)  # position of a run's word → position of the run's first word
    for run, cells in runs:
        glued: list[int] = []
        for unit_index, count in run.places:
            own = by_unit.get(unit_index, [])
            glued.extend(own[len(own) - count:])
        if glued:
            first = glued[0]
            new_at[first] = _new_tokens(run, cells, toks, glued)
            for i in glued:
                first_of[i] = first
    if not new_at:
        return
    out: list[Tok] = []
    for i in range(len(toks)):
        first = first_of[i]
        # a run's first word was met already when it stands before (first < i), and the run's
        # tokens were put there unless a later run took that word over (first_of[first] != first)
        if first < 0 or first > i or (first < i and first_of[first] != first):
            out.append(toks[i])  # not a run's word, or one standing before the run's first (kept, as it was)
        elif first == i:
            out.extend(new_at[first])
    ledger.tokens[number] = out


def _new_tokens(run: _Run, cells: list[Value], toks: list[Tok], glued: list[int]) -> list[Tok]:
    """One token per cell of the run, each placed at the word its first digit came from (the
    words: ``toks`` at the positions ``glued``)."""
    last = len(glued) - 1
    ends: list[int] = []  # where each word's digits end in the run (no search among one word)
    if last > 0:
        pos = 0
        for i in glued:
            pos += len(toks[i].text.replace(" ", ""))
            ends.append(pos)
    new: list[Tok] = []
    pos = n = 0
    w = toks[glued[0]]
    for value in cells:
        # a count's text is ASCII digits, which classify_cell calls "num"; a small one is read off
        if isinstance(value, int) and 0 <= value < len(_COUNTS):
            text, kind = _COUNTS[value], "num"
        else:
            text = "" if value is None else str(value)
            kind = classify_cell(text) if text else "empty"
        if last > 0:
            # the word holding character ``pos`` (else the last word); positions only grow, so
            # the search goes on from the word found last
            while n < last and ends[n] <= pos:
                n += 1
            w = toks[glued[n]]
        new.append(Tok(kind, text, w.unit, w.idx, w.row))
        pos += len(text) or 1
    if run.unit and new[-1].kind == "num":
        new[-1].text += run.unit
    return new


_COUNTS: Final = tuple(str(n) for n in range(100))  # the text of each count under 100


def _record(ledger: Ledger, number: int, cells: list[arith.RunCells], notes: list[arith.SplitNote]) -> None:
    """Provenance notes, uncertain cells, warnings and kept runs of one table's split: those of
    ``split_runs``' result, which its runs' cells are in order (no two runs of a section share a
    cell: see :func:`_split_section`)."""
    said: dict[tuple[str, ...], str] = {}  # the note of each list of rules
    last: tuple[str, ...] | None = None
    text = ""
    for run in cells:
        rules = run.rules
        if rules is None:
            continue  # no cell cut out of a glued token
        if rules is not last:  # (the cells of a run share one list, and most runs that of the run before)
            known = said.get(rules)
            if known is None:
                known = said[rules] = f"split by arithmetic: {', '.join(rules)}"
            last, text = rules, known
        glued = run.glued
        for i, path in enumerate(run.paths):
            if glued[i]:
                ledger.note(path, text)
    for note in notes:
        reason = note.describe()
        ledger.warn(note.code, reason, at=number)
        for path in note.cells:
            ledger.doubt(path, reason)
    for run in cells:
        for path in run.uncertain:
            if path not in ledger.uncertain:
                ledger.doubt(path, "the arithmetic does not decide this cell")
    for key, raw in arith.kept_runs_of(notes):
        ledger.keep(Unplaced("table", raw, key), at=number)


def _split_section(ledger: Ledger, number: int, runs: list[_Run], hints: arith.ProseText) -> None:
    """Split the glued runs of one table; in table 三 together with the rows that were
    captured with their separators, since the column sums tie its rows.

    The runs have distinct keys (:func:`_runs` makes one per key) of one table, and no section's
    keys are ``reviews`` beside ``reviews.<group>`` (table 四's run key is the one), so no two
    runs share a cell: the cells :func:`~govreport_io.form.arith.split_cells` gives run by run are
    those ``split_runs``' result holds."""
    glued: list[_Run] = []
    sound: list[_Run] = []
    for r in runs:
        if _glued(ledger, r):
            glued.append(r)
        elif number == 3 and _sound(ledger, r):
            sound.append(r)
    cells, notes = arith.split_cells(ledger.form, {r.key: r.raw for r in [*glued, *sound]}, known=hints)
    # rows captured with their separators stay as they were read (the glued runs come first)
    _rewrite(ledger, number, [(run, cells[i].values) for i, run in enumerate(glued)])
    _record(ledger, number, cells, notes)


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
    # the numbers the text restates, read only if a run with several splits can use them
    hints = arith.ProseText(lambda: " ".join(ledger.texts[u.index] for u in ledger.units
                                             if isinstance(u.block, _PARAGRAPH)))
    for number, runs in todo.items():
        _split_section(ledger, number, runs, hints)
