"""Split glued digit runs into the cells of the form by the form's own arithmetic.

Captures made by crawlers and text extractors often lose the separators between table
cells: "…申请数量640020470" is the seven cells 64 0 0 2 0 4 70 glued together. This
module enumerates the splits of each run that fit the form and keeps the ones that
satisfy its rules (docs: TEMPLATE.md §5):

- ``cells``: the row has as many cells as the form gives it; no leading zeros ("0" is a
  cell, "05" is not); a decimal point only in an amount column, a minus only in a signed
  one; a space in the capture is always a cell boundary.
- ``row-total`` (R2): a table-三 row's 总计 is the sum of its six applicant columns.
- ``group-total`` (R4): each table-四 group's 总计 is the sum of its four outcomes.
- ``column-total`` (R3): per column, （七）总计 is the sum of the outcome rows.
- ``column-balance`` (R1): per column, 一 + 二 = （七）总计 + 四.
- ``prose``: numbers the report's text restates (optional hints by cell path).

Rows are split one by one first; where a row is left with several candidates the whole
table is solved together. Every search is bounded (steps, candidates per run, partial
sums kept), so hostile input costs little and is reported, never guessed at.

Pure: strings in, values out. No format knowledge; the recogniser calls
:func:`split_runs` with run keys (``requests.<row>``, ``reviews.<group>``, ``reviews``
for the three groups in one run, ``active.<item>``) and raw runs as captured.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final, Literal

from ..diagnostics import WarningCode
from ..errors import ModelError
from ..repair.cjk import compact
from ..repair.crawler import Vocabulary
from . import template as T
from .labels import remember
from .template import Form, ValueKind

Value = int | str | None
Vector = tuple[int, ...]

RULE_CELLS = "cells"
RULE_ROW_TOTAL = "row-total"
RULE_GROUP_TOTAL = "group-total"
RULE_COLUMN_TOTAL = "column-total"
RULE_BALANCE = "column-balance"
RULE_PROSE = "prose"

NoteKind = Literal["ambiguous", "no-fit", "given-up", "prose-ignored", "table-inconsistent"]

# A token that stands for a blank cell in captures.
BLANK_MARKS = frozenset({"-", "—", "–", "－", "/", "／", "\\", "——"})
_DASH_CHARS = "—–/／\\"
_DASHES = frozenset(_DASH_CHARS)


def _is_blank(token: str) -> bool:
    """A token that stands for a blank cell: "-", "—", "——", "/" …"""
    if token in BLANK_MARKS:
        return True
    # a token of dashes opens with one: a run of digits (most tokens) is told by its first character,
    # without a set made of all of them
    return bool(token) and token[0] in _DASHES and set(token) <= _DASHES


_AMOUNT_RE = re.compile(r"^(0|[1-9][0-9]*)(\.[0-9]+)?$")
_TOKEN_RE = re.compile(r"^-?[0-9.]+$")


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on the search: what hostile input can cost at most."""

    steps: int = 300_000  # search steps over one whole call
    candidates: int = 128  # splits kept per run; more means the run is given up
    states: int = 20_000  # partial column sums kept by the table solve
    max_digits: int = 12  # the longest integer cell considered


_LIMITS: Final = Limits()
"""The bounds of a call that gives none: made once (compiled, a frozen dataclass is built through the
interpreted ``__init__`` the dataclasses module writes, some 6,000 instructions)."""


@dataclass(frozen=True, slots=True)
class SplitNote:
    """Something the recogniser should warn about: one run and the cells concerned.

    ``kind``: "ambiguous" (several splits fit; the most plausible was taken),
    "no-fit" (no split fits; the raw run is kept, its cells left blank), "given-up"
    (the search hit its bounds), "prose-ignored" (a number of the text fits no split),
    "table-inconsistent" (the table's column sums fit no combination of the rows).
    ``alternatives`` maps each uncertain cell to the values that also fit.
    """

    kind: NoteKind
    run: str
    raw: str
    message: str
    cells: tuple[str, ...] = ()
    alternatives: Mapping[str, tuple[Value, ...]] = field(default_factory=dict)

    @property
    def code(self) -> WarningCode:
        """The warning the note calls for: split-no-fit when cells were left blank, else split-ambiguous."""
        return WarningCode.SPLIT_NO_FIT if self.kind in ("no-fit", "given-up") else WarningCode.SPLIT_AMBIGUOUS

    def describe(self) -> str:
        """The note as a warning message: the run, what happened, the cells and their alternatives."""
        head = f"{self.run} {self.raw!r}: {self.message}" if self.raw else f"{self.run}: {self.message}"
        if self.alternatives:
            alts = "; ".join(f"{p} could also be {' or '.join(map(str, vs))}" for p, vs in self.alternatives.items())
            return f"{head} ({alts})"
        return f"{head} ({', '.join(self.cells)})" if self.cells else head


@dataclass(frozen=True, slots=True)
class SplitResult:
    """What the arithmetic made of the runs.

    ``values``: every cell of every run given (path → value; None where none fits).
    ``rules``: for cells cut out of a glued run, the rules that decided the cut.
    ``uncertain``: cell paths the capture alone cannot decide, in run order.
    ``alternatives``: for each uncertain cell, the other values that fit.
    """

    values: Mapping[str, Value]
    rules: Mapping[str, tuple[str, ...]]
    uncertain: tuple[str, ...]
    alternatives: Mapping[str, tuple[Value, ...]]
    notes: tuple[SplitNote, ...]


# ---------------------------------------------------------------- the shape of a run

@dataclass(frozen=True, slots=True)
class RunShape:
    """The cells a run key stands for: paths, kinds, and the sums inside the run."""

    paths: tuple[str, ...]
    kinds: tuple[ValueKind, ...]
    groups: tuple[tuple[tuple[int, ...], int], ...]  # (part indexes, total index)
    rule: str | None  # the rule the groups are


def run_shape(form: Form, key: str) -> RunShape:
    """The cells of a run key; raises ModelError for a key the form does not have."""
    memo_key = (form, key)
    shape = _SHAPES.get(memo_key)
    if shape is None:
        shape = remember(_SHAPES, memo_key, _run_shape(form, key), 256)  # a refusal is raised again each time
    return shape


_SHAPES: Final[dict[tuple[str, str], RunShape]] = {}
"""run_shape's answers: pure in fixed form data, asked for every run several times (a dict read
inline: compiled, a call through lru_cache costs about ten times as much)."""


def _run_shape(form: Form, key: str) -> RunShape:
    table, _, item = key.partition(".")
    if table == "requests" and item in T.request_row_keys(form):
        paths = tuple(f"requests.{item}.{c}" for c in T.REQUEST_COLUMN_KEYS)
        seven: tuple[ValueKind, ...] = tuple("count" for _ in range(7))
        return RunShape(paths, seven, (((0, 1, 2, 3, 4, 5), 6),), RULE_ROW_TOTAL)
    if table == "reviews":
        groups = [g.key for g in T.REVIEW_GROUPS] if not item else [item]
        if all(g in {x.key for x in T.REVIEW_GROUPS} for g in groups):
            paths = tuple(f"reviews.{g}.{o.key}" for g in groups for o in T.REVIEW_OUTCOMES)
            sums = tuple(((5 * n, 5 * n + 1, 5 * n + 2, 5 * n + 3), 5 * n + 4) for n in range(len(groups)))
            counts: tuple[ValueKind, ...] = tuple("count" for _ in paths)
            return RunShape(paths, counts, sums, RULE_GROUP_TOTAL)
    if table == "active":
        row = next((r for r in T.active_rows(form) if r.key == item), None)
        if row is not None:
            cols = [c for c in row.columns if c.kind != "unit"]
            return RunShape(tuple(f"active.{item}.{c.key}" for c in cols), tuple(c.kind for c in cols), (), None)
    raise ModelError(f"no run {key!r} in the {form} form; expected requests.<row>, reviews, reviews.<group> "
                     "or active.<item>")


_WIDE_PAIRS = tuple(zip("０１２３４５６７８９．－", "0123456789.-"))  # full-width digits and marks, half-width
_WIDE = str.maketrans(dict(_WIDE_PAIRS))


def tokens_of(raw: str | Sequence[str]) -> tuple[str, ...]:
    """The tokens of a raw run: white space parts it, and a minus starts a new cell."""
    if isinstance(raw, str):
        # _WIDE maps no ASCII character: an ASCII run (most) is its own translation, made without
        # translate's walk through the table
        parts = (raw if raw.isascii() else raw.translate(_WIDE)).split()
    else:
        parts = [p for r in raw for p in r.translate(_WIDE).split()]
    out: list[str] = []
    for part in parts:
        if part.isdigit():  # no dash, minus or blank mark in it: the part is one token
            out.append(part)
            continue
        # a dash or slash glued to digits ("3——0") is a blank cell of its own (most parts hold none:
        # splitting them gives the part alone)
        chunks = _DASH_RUN_RE.split(part) if _has_dash(part) else [part]
        for chunk in chunks:
            if _is_blank(chunk):
                out.append(chunk)
            elif "-" in chunk:  # "2648-18538": the minus opens the signed cell
                out.extend(p for p in _BEFORE_MINUS_RE.split(chunk) if p)
            elif chunk:
                out.append(chunk)
    return tuple(out)


_DASH_RUN_RE = re.compile(f"([{re.escape(_DASH_CHARS)}]+)")
_BEFORE_MINUS_RE = re.compile(r"(?=-)")


def _has_dash(text: str) -> bool:
    """Whether ``text`` holds one of ``_DASH_CHARS`` (a plain scan for each, not the engine)."""
    for dash in _DASH_CHARS:
        if dash in text:
            return True
    return False


# ---------------------------------------------------------------- enumeration

class _Exhausted(Exception):
    """The search hit one of its bounds."""


class _Budget:
    """The search steps left to one call (a plain class: see :class:`_Run`)."""

    __slots__ = ("steps",)

    def __init__(self, steps: int) -> None:
        self.steps = steps


def _valid(text: str, kind: ValueKind) -> bool | None:
    """True if ``text`` is a cell of this kind; False if it is not but a longer text may be;
    None when no longer text starting the same way can be one either."""
    if kind == "amount":
        if len(text) > 1 and text[0] == "0" and text[1] != ".":
            return None
        if text.count(".") > 1 or "-" in text:
            return None
        return bool(_AMOUNT_RE.match(text))
    body = text
    if kind == "signed" and text.startswith("-"):
        body = text[1:]
        if not body:
            return False
        if body[0] == "0":
            return None
    if not body.isdigit() or not body.isascii():
        return None
    if len(body) > 1 and body[0] == "0":
        return None
    return True


def fits(form: Form, key: str, raw: str | Sequence[str]) -> bool:
    """True when the run's tokens are already its cells: as many as the form gives it, each
    valid for its column (a row captured with its separators needs no splitting)."""
    shape = run_shape(form, key)
    toks = tokens_of(raw)
    return len(toks) == len(shape.paths) and all(
        _is_blank(t) or _valid(t, k) is True for t, k in zip(toks, shape.kinds))


def _number(text: str | None) -> int:
    """A cell's count for the arithmetic: 0 for a blank or an amount (its decimals are no count)."""
    return 0 if text is None or "." in text else _int(text)


_SMALL: Final[dict[str, int]] = {str(n): n for n in range(100)}
"""The value of each count of one or two digits as written (no leading zero)."""


class _Search:
    """All splits of one run's tokens into its cells, with forced group totals.

    A group total is never enumerated: it is the sum of its parts, and must be the text
    found where it stands. When the run ends with a group total, each suffix of the last
    token is tried as that total first, which bounds every part of the group by it."""

    def __init__(self, shape: RunShape, tokens: tuple[str, ...], limits: Limits, budget: _Budget,
                 use_groups: bool = True) -> None:
        self.kinds = shape.kinds
        self.n = len(shape.paths)
        self.text = "".join(tokens)
        self.next_end: list[int] = []
        self.blanks: set[int] = set()
        pos = 0
        for tok in tokens:
            if _is_blank(tok):
                self.blanks.add(pos)
            pos += len(tok)
            self.next_end.extend([pos] * len(tok))
        self.limits, self.budget = limits, budget
        self.total_of: dict[int, tuple[int, ...]] = {}
        self.group_of: dict[int, int] = {}  # part index -> its total's index
        self.room: list[int] = [self.n - k - 1 for k in range(self.n)]
        if use_groups:
            for parts, total in shape.groups:
                self.total_of[total] = parts
                for p in parts:
                    self.group_of[p] = total
                    # later parts take a character each, the total its length, the rest one each
                    self.room[p] = sum(1 for q in parts if q > p) + (self.n - total - 1) + sum(
                        1 for i in range(p + 1, total) if i not in parts)
        self.acc: dict[int, int] = dict.fromkeys(self.total_of, 0)
        self.target: dict[int, int] = {}
        self.stop = 0  # where the targeted total starts
        self.later = {p: sum(1 for q in self.total_of[t] if q > p) for p, t in self.group_of.items()}
        self.found: list[tuple[str | None, ...]] = []

    def run(self) -> bool:
        """Fill ``found``; True when the enumeration is complete."""
        try:
            last, size = self.n - 1, len(self.text)
            start = self._token_start(size - 1) if size else 0
            if last in self.total_of and size and start not in self.blanks:
                for cut in range(size - 1, max(start, size - self.limits.max_digits) - 1, -1):
                    piece = self.text[cut:]
                    if _valid(piece, "count") is True:
                        self.target, self.stop = {last: int(piece)}, cut
                        self._dfs(0, 0, [])
            else:
                self._dfs(0, 0, [])
        except _Exhausted:
            return False
        return True

    def _token_start(self, pos: int) -> int:
        end = self.next_end[pos]
        while pos > 0 and self.next_end[pos - 1] == end:
            pos -= 1
        return pos

    def _dfs(self, k: int, pos: int, cells: list[str | None]) -> None:
        self.budget.steps -= 1
        if self.budget.steps < 0:
            raise _Exhausted
        if k == self.n or pos >= len(self.text):
            if k == self.n and pos == len(self.text):
                self.found.append(tuple(cells))
                if len(self.found) > self.limits.candidates:
                    raise _Exhausted
            return
        end = self.next_end[pos]
        if pos in self.blanks:
            if k not in self.total_of or not self.acc[k]:
                self._push(k, end, cells, None)
            return
        if k in self.total_of:
            if self.target.get(k, self.acc[k]) != self.acc[k]:
                return
            want = str(self.acc[k])
            if self.text.startswith(want, pos) and pos + len(want) <= end:
                self._push(k, pos + len(want), cells, want)
            return
        self._free(k, pos, end, cells)

    def _push(self, k: int, pos: int, cells: list[str | None], value: str | None) -> None:
        total = self.group_of.get(k)
        add = _number(value) if total is not None else 0
        if total is not None:
            self.acc[total] += add
        cells.append(value)
        self._dfs(k + 1, pos, cells)
        cells.pop()
        if total is not None:
            self.acc[total] -= add

    def _free(self, k: int, pos: int, end: int, cells: list[str | None]) -> None:
        kind = self.kinds[k]
        longest = self.limits.max_digits + (2 if kind != "count" else 0)
        total = self.group_of.get(k)
        cap = self.target.get(total, -1) if total is not None else -1
        first, last = pos + 1, min(end, pos + longest)
        if cap >= 0 and self.later[k] == 0:
            if self.stop > last:
                return
            first = last = self.stop  # the group's last part runs up to its total
        for j in range(first, last + 1):
            piece = self.text[pos:j]
            ok = _valid(piece, kind)
            if ok is None:
                break
            if not ok:
                continue
            room = self.room[k]
            if total is not None:
                partial = self.acc[total] + _number(piece)
                if 0 <= cap < partial:
                    break  # a longer piece is larger still
                if cap >= 0 and not self.blanks:
                    # the later parts fill up to the total, each at most what is left of it
                    # (a blank mark such as "——" is longer than its value: no such bound then)
                    left, later = self.stop - j, self.later[k]
                    if left < later:
                        break
                    if left > later * len(str(cap - partial)) or (later == 0 and partial != cap):
                        continue
                    if later and partial + 10 ** (left - later + 1) + 9 * later < cap:
                        continue  # the later parts cannot make up the rest
                room += len(str(partial))
            if len(self.text) - j < room:
                break  # a longer piece needs even more room after it
            self._push(k, j, cells, piece)


# ---------------------------------------------------------------- one run

class _Run:
    """One run being split: its tokens, the splits that fit, the rules that chose them, the one taken.

    A plain class rather than a dataclass: compiled (mypyc), a dataclass is built through the
    interpreted ``__init__`` the dataclasses module writes, and a table makes one per row."""

    __slots__ = ("cands", "chosen", "key", "raw", "rules", "shape", "status", "tokens")

    def __init__(self, key: str, raw: str, shape: RunShape, tokens: tuple[str, ...]) -> None:
        self.key = key
        self.raw = raw
        self.shape = shape
        self.tokens = tokens
        self.cands: list[tuple[str | None, ...]] = []
        self.status: Literal["ok", "no-fit", "given-up"] = "ok"
        self.rules: set[str] = set()
        self.chosen: tuple[str | None, ...] | None = None


def _score(cand: tuple[str | None, ...]) -> tuple[int, int, int, tuple[str, ...]]:
    """Lower is more plausible: more zero cells (tables are mostly zeros), short cells, small
    sums, then text order so that the choice is deterministic."""
    # one loop rather than a generator per part (compiled, each generator is an object to step through)
    nonzero = longest = total = 0
    texts: list[str] = []
    for c in cand:
        t = c or ""
        texts.append(t)
        if c is not None and c != "0":
            nonzero += 1
        if len(t) > longest:
            longest = len(t)
        total += _number(c)
    return (nonzero, longest, total, tuple(texts))


class _Solved:
    """What solving a run on its own gave, with the steps its searches took (see :func:`_solve_run`);
    never changed once made (a plain class: see :class:`_Run`)."""

    __slots__ = ("cands", "plain_steps", "rules", "status", "steps")

    def __init__(self, status: Literal["ok", "no-fit", "given-up"], cands: tuple[tuple[str | None, ...], ...],
                 rules: frozenset[str], steps: int, plain_steps: int | None) -> None:
        self.status = status
        self.cands = cands
        self.rules = rules
        self.steps = steps
        self.plain_steps = plain_steps


_PLAIN_STEPS = 20_000  # the most steps of the search without group sums, when nothing adds up
_MEMO_CHARS = 64  # the longest run (its digits) whose solution is kept
_MEMO_CANDS = 8  # the most splits a kept solution holds
_MEMO_SIZE = 1024
_SOLVED: dict[tuple[object, ...], _Solved] = {}
"""Solutions of short runs by (form, run key, tokens) and the limits when not the default ones: pure
in them (the form and run key make the shape), given the budget lets the search finish. Bounded
(emptied when full); its values are immutable, so threads may share it. Not keyed by the shape and
limits themselves: compiled, hashing and comparing frozen dataclasses runs the interpreted methods
the dataclasses module writes, some 10,000 instructions a run."""


def _solve_run(run: _Run, limits: Limits, budget: _Budget, form: Form = "2021") -> None:
    """Split one run on its own: its candidates, status and rules.

    Runs repeat ("0000000" in most rows of table 三, in every report): a short run's solution is
    kept and taken again when the budget left lets the search finish as it did (it then takes
    as many steps from the budget as the search would). ``form`` is the form ``run.shape`` is of."""
    chars = 0
    for t in run.tokens:
        chars += len(t)
    key: tuple[object, ...] | None = None
    if chars <= _MEMO_CHARS:
        key = (form, run.key, run.tokens) if limits is _LIMITS else (form, run.key, run.tokens, limits)
    solved = _SOLVED.get(key) if key is not None else None
    if solved is not None and budget.steps >= solved.steps and (
            solved.plain_steps is None or min(budget.steps - solved.steps, _PLAIN_STEPS) >= solved.plain_steps):
        budget.steps -= solved.steps
        run.status, run.cands = solved.status, list(solved.cands)
        run.rules = set(solved.rules)  # the run's rules are none yet
        return
    before = budget.steps
    plain_steps = _solve_fresh(run, limits, budget)
    if key is not None and run.status != "given-up" and plain_steps != -1 and len(run.cands) <= _MEMO_CANDS:
        remember(_SOLVED, key, _Solved(run.status, tuple(run.cands), frozenset(run.rules), before - budget.steps,
                                       plain_steps), _MEMO_SIZE)


def _solve_fresh(run: _Run, limits: Limits, budget: _Budget) -> int | None:
    """Split one run by searching; the steps of the search without group sums when it ran (-1
    when it was given up, None when it did not run)."""
    bad = [t for t in run.tokens if not _is_blank(t) and not _TOKEN_RE.match(t)]
    if bad or not run.tokens:
        run.status = "no-fit"
        return None
    search = _Search(run.shape, run.tokens, limits, budget)
    if not search.run():
        run.status = "given-up"
        return None
    run.cands = search.found
    run.rules.add(RULE_CELLS)
    if run.cands:
        if run.shape.rule and len(run.tokens) < len(run.shape.paths):
            run.rules.add(run.shape.rule)
        return None
    # Nothing adds up. A split the number of cells alone decides is still what the report
    # prints (its own sums are wrong, which validation reports); otherwise keep the raw run.
    cap = min(budget.steps, _PLAIN_STEPS)
    plain_budget = _Budget(cap)
    plain = _Search(run.shape, run.tokens, Limits(limits.steps, 2, limits.states, limits.max_digits),
                    plain_budget, use_groups=False)
    finished = plain.run()
    if finished and len(plain.found) == 1:
        run.cands = plain.found
    else:
        run.status = "no-fit"
    return cap - plain_budget.steps if finished else -1


def _apply_prose(run: _Run, given: Mapping[str, Value] | ProseText, notes: list[SplitNote]) -> None:
    if len(run.cands) < 2:  # one split or none: nothing to choose (asked first: most runs have one)
        return
    if isinstance(given, ProseText):
        for p in run.shape.paths:
            if p in _HINT_PATHS:
                break
        else:
            return  # no cell of the run is one the text can restate: its hints would be none
        given = given.hints()
    known: Mapping[str, Value] = given
    hints = {i: known[p] for i, p in enumerate(run.shape.paths) if p in known}
    if not hints:
        return
    fits = [c for c in run.cands if all(_value(c[i], run.shape.kinds[i]) == v for i, v in hints.items())]
    if fits:
        if len(fits) < len(run.cands):
            run.rules.add(RULE_PROSE)
        run.cands = fits
    else:
        notes.append(SplitNote("prose-ignored", run.key, run.raw,
                               "the numbers the text restates fit no split of this run",
                               tuple(run.shape.paths[i] for i in hints)))


def _value(text: str | None, kind: ValueKind) -> Value:
    if text is None:
        return None
    return text if kind == "amount" else _int(text)


def _int(text: str) -> int:
    """``int(text)`` of a cell that is a count or a signed change, read off for the small ones."""
    if len(text) == 1 and 48 <= ord(text[0]) <= 57:
        return ord(text[0]) - 48  # one ASCII digit (most cells): _SMALL's answer, without the look-up
    small = _SMALL.get(text)
    return small if small is not None else int(text)


# ---------------------------------------------------------------- the whole of table 三

# Loops over indexes rather than generators over zip: compiled, a generator is an object stepped
# through call by call, and these run for every pair of candidate rows of table 三.

def _vector(cand: tuple[str | None, ...]) -> Vector:
    return tuple([_number(c) for c in cand])


def _add(a: Vector, b: Vector) -> Vector:
    return tuple([a[i] + b[i] for i in range(min(len(a), len(b)))])


def _sub(a: Vector, b: Vector) -> Vector:
    return tuple([a[i] - b[i] for i in range(min(len(a), len(b)))])


def _within(a: Vector, bound: Vector) -> bool:
    for i in range(min(len(a), len(bound))):
        if a[i] > bound[i]:
            return False
    return True


def _sums(domains: list[list[Vector]], bound: Vector, cap: int) -> list[set[Vector]]:
    """Partial sums reachable after each prefix of the rows (index 0: nothing yet)."""
    out: list[set[Vector]] = [{(0,) * len(bound)}]
    for dom in domains:
        nxt = {s for f in out[-1] for c in dom if _within(s := _add(f, c), bound)}
        if len(nxt) > cap:
            raise _Exhausted
        out.append(nxt)
    return out


def _viable_outcomes(domains: list[list[Vector]], total: Vector, cap: int) -> list[set[int]] | None:
    """For one total row, which candidates of each outcome row sit in a solution of R3."""
    fwd = _sums(domains, total, cap)
    bwd = _sums(domains[::-1], total, cap)[::-1]  # bwd[i]: sums of rows i.. onwards
    if total not in fwd[-1]:
        return None
    out: list[set[int]] = []
    for i, dom in enumerate(domains):
        keep = {n for n, c in enumerate(dom) if any(_sub(_sub(total, f), c) in bwd[i + 1] for f in fwd[i])}
        out.append(keep)
    return out


def _few(domains: list[list[Vector]], cap: int) -> bool:
    """Whether the rows have at most ``cap`` combinations: then no set of partial sums over them, in
    any order, holds more than ``cap`` (:func:`_sums` cannot give up), and the sets are what the
    rows can make, whatever the order they are added in."""
    size = 1
    for dom in domains:
        size *= len(dom)
        if size > cap:
            return False
    return True


def _fixed(domains: list[list[Vector]], total: Vector) -> tuple[list[int], list[int]]:
    """``total`` less the rows of one candidate, and the indexes of the other rows."""
    rest = list(total)
    multi: list[int] = []
    for i, dom in enumerate(domains):
        if len(dom) == 1:
            v = dom[0]
            for j in range(len(rest)):
                rest[j] = rest[j] - v[j]  # (not -=: compiled, that is the generic in-place operator)
        else:
            multi.append(i)
    return rest, multi


def _viable_few(domains: list[list[Vector]], total: Vector, cap: int) -> list[set[int]] | None:
    """:func:`_viable_outcomes` of rows that have few combinations (see :func:`_few`), most of them
    decided by their row alone: those are added up front and only the others searched, against what
    is left of the total. Every cell of table 三 is a count, never negative, so a partial sum above
    the total is part of no solution in any order, and the answer is the one the plain walk gives."""
    rest, multi = _fixed(domains, total)
    for x in rest:
        if x < 0:
            return None  # the rows decided alone already exceed the total in a column
    sub = _viable_outcomes([domains[i] for i in multi], tuple(rest), cap)
    if sub is None:
        return None
    out: list[set[int]] = [{0} for _ in domains]  # a row of one candidate sits in every solution
    for n, i in enumerate(multi):
        out[i] = sub[n]
    return out


_EDGES: Final = ("requests.new_received", "requests.carried_over", "requests.total", "requests.carried_forward")
_OUTCOMES: Final[dict[str, tuple[str, ...]]] = {}
"""The run keys of table 三's outcome rows by form (fixed form data, made once per form)."""


def _outcome_keys(form: Form) -> tuple[str, ...]:
    keys = _OUTCOMES.get(form)
    if keys is None:
        keys = _OUTCOMES[form] = tuple(f"requests.{r.key}" for r in T.request_rows(form)
                                       if r.group is not None and r.key != "total")
    return keys


class _Table:
    """Table 三 solved together: R3 over the outcome rows, R1 over the four others."""

    def __init__(self, form: Form, runs: Mapping[str, _Run], limits: Limits) -> None:
        self.runs = runs
        self.cap = limits.states
        self.outcomes = _outcome_keys(form)
        self.edges = _EDGES
        self.vectors: dict[tuple[str | None, ...], Vector] = {}

    def _vec(self, cand: tuple[str | None, ...]) -> Vector:
        """:func:`_vector` of a candidate, made once per solve: every step asks it of every candidate again."""
        vector = self.vectors.get(cand)
        if vector is None:
            vector = self.vectors[cand] = _vector(cand)
        return vector

    def _known(self, key: str) -> bool:
        run = self.runs.get(key)
        return run is not None and run.status == "ok" and bool(run.cands)

    def solve(self) -> bool | None:
        """Narrow each row's candidates to those in a whole-table solution.

        None: nothing to solve or the bounds were hit; False: no combination fits."""
        use_r3 = self._known("requests.total") and self._all_known(self.outcomes)
        use_r1 = self._all_known(self.edges)
        involved = [*self.outcomes, "requests.total"] if use_r3 else []
        if use_r1:
            involved.extend(self.edges)
        if not any(len(self.runs[k].cands) > 1 for k in involved):
            return None
        try:
            keep = self._keep(use_r1, use_r3)
        except _Exhausted:
            return None
        if keep is None:
            return False
        for key, idx in keep.items():
            run = self.runs[key]
            if len(idx) < len(run.cands):  # (else every candidate is kept: the list stays as it is)
                run.rules.add(RULE_COLUMN_TOTAL if key in self.outcomes else RULE_BALANCE)
                if key == "requests.total":
                    run.rules.update(r for r, used in ((RULE_COLUMN_TOTAL, use_r3), (RULE_BALANCE, use_r1)) if used)
                run.cands = [run.cands[i] for i in sorted(idx)]
        return True

    def _all_known(self, keys: Sequence[str]) -> bool:
        for k in keys:
            if not self._known(k):
                return False
        return True

    def _keep(self, use_r1: bool, use_r3: bool) -> dict[str, set[int]] | None:
        tot = [self._vec(c) for c in self.runs["requests.total"].cands]
        keep: dict[str, set[int]] = {"requests.total": set()}
        combos: list[tuple[int, int, int, int]] = []
        if use_r1:
            doms = [[self._vec(c) for c in self.runs[k].cands] for k in self.edges]
            if len(doms[0]) * len(doms[1]) * len(doms[2]) * len(doms[3]) > self.cap:
                raise _Exhausted
            combos = [(a, b, t, d) for a in range(len(doms[0])) for b in range(len(doms[1]))
                      for t in range(len(doms[2])) for d in range(len(doms[3]))
                      if _add(doms[0][a], doms[1][b]) == _add(doms[2][t], doms[3][d])]
            totals = {c[2] for c in combos}
        else:
            totals = set(range(len(tot)))
        outs = [[self._vec(c) for c in self.runs[k].cands] for k in self.outcomes] if use_r3 else []
        for k in self.outcomes if use_r3 else []:
            keep[k] = set()
        few = use_r3 and _few(outs, self.cap)
        for t in sorted(totals):
            if use_r3:
                viable = _viable_few(outs, tot[t], self.cap) if few else _viable_outcomes(outs, tot[t], self.cap)
                if viable is None:
                    continue
                for k, idx in zip(self.outcomes, viable):
                    keep[k] |= idx
            keep["requests.total"].add(t)
        if not keep["requests.total"]:
            return None
        for n, k in enumerate(self.edges if use_r1 else []):
            keep[k] = {c[n] for c in combos if c[2] in keep["requests.total"]}
        return keep

    def pick(self) -> None:
        """Choose one consistent solution, the most plausible row by row."""
        runs = self.runs
        total_run = runs["requests.total"]
        # (split_runs took it already, after the solve narrowed the candidates)
        chosen = total_run.chosen if total_run.chosen is not None else min(total_run.cands, key=_score)
        total_run.chosen = chosen
        if self._all_known(self.outcomes):
            goal = self._vec(chosen)
            doms = [[self._vec(c) for c in runs[k].cands] for k in self.outcomes]
            if not (self._pick_few(goal, doms) if _few(doms, self.cap) else self._pick_walk(goal, doms)):
                return  # no solution left, or the bounds were hit: the edges keep their own choice
        if self._all_known(self.edges):
            self._pick_edges(self._vec(chosen))

    def _pick_walk(self, goal: Vector, doms: list[list[Vector]]) -> bool:
        """The outcome rows chosen one by one, each the most plausible that a solution still goes
        through; False when the bounds were hit or no solution is left (nothing more is chosen)."""
        runs = self.runs
        try:
            bwd = _sums(doms[::-1], goal, self.cap)[::-1]
        except _Exhausted:
            return False
        acc: Vector = (0,) * 7
        for i, key in enumerate(self.outcomes):
            fits = [c for c in runs[key].cands if _sub(_sub(goal, acc), self._vec(c)) in bwd[i + 1]]
            if not fits:
                return False
            best = min(fits, key=_score)
            runs[key].chosen = best
            acc = _add(acc, self._vec(best))
        return True

    def _pick_few(self, goal: Vector, doms: list[list[Vector]]) -> bool:
        """:meth:`_pick_walk` for rows with few combinations (see :func:`_few`), as it chooses.

        A row of one candidate takes it: the walk's first row finds a way through every row when
        there is a solution at all, and after each choice a way through the rest is left, which a
        row of one candidate is on. A row of several asks, as the walk does, which of its
        candidates leaves a sum the later rows can make: the later rows of one candidate, summed
        once, and the sums of the later rows of several (every cell a count, never negative: the
        bound on partial sums keeps what the walk's does)."""
        rest, multi = _fixed(doms, goal)
        width = len(goal)
        later = [0] * width  # the later rows of one candidate, summed
        sums: set[Vector] = {(0,) * width}  # what the later rows of several can make
        after: list[tuple[list[int], set[Vector]]] = []  # per row of several, from the last
        j = len(doms) - 1
        for i in reversed(multi):
            while j > i:
                if len(doms[j]) == 1:
                    v = doms[j][0]
                    for k in range(width):
                        later[k] = later[k] + v[k]
                j -= 1
            after.append((list(later), sums))
            sums = {s for f in sums for c in doms[i] if _within(s := _add(f, c), goal)}
            j = i - 1
        if tuple(rest) not in sums:
            return False  # no solution: the walk stops at its first row
        after.reverse()
        acc = [0] * width
        m = 0
        for i, key in enumerate(self.outcomes):
            run, dom = self.runs[key], doms[i]
            if len(dom) == 1:
                run.chosen = run.cands[0]
                v = dom[0]
            else:
                rows_after, sums_after = after[m]
                m += 1
                base = [goal[k] - acc[k] - rows_after[k] for k in range(width)]
                fits = [c for n, c in enumerate(run.cands)
                        if tuple([base[k] - dom[n][k] for k in range(width)]) in sums_after]
                if not fits:
                    return False
                best = fits[0] if len(fits) == 1 else min(fits, key=_score)
                run.chosen = best
                v = self._vec(best)
            for k in range(width):
                acc[k] = acc[k] + v[k]
        return True

    def _pick_edges(self, total: Vector) -> None:
        new, old, fwd = (self.runs[k] for k in ("requests.new_received", "requests.carried_over",
                                                 "requests.carried_forward"))
        if len(new.cands) == 1 and len(old.cands) == 1 and len(fwd.cands) == 1:
            return  # each has taken its one split already: a fit would take them again, none leaves them
        best: tuple[object, ...] | None = None
        for a in new.cands:
            for b in old.cands:
                for d in fwd.cands:
                    if _add(self._vec(a), self._vec(b)) == _add(total, self._vec(d)):
                        key = (_score(a), _score(b), _score(d), a, b, d)
                        if best is None or key < best:
                            best = key
        if best is not None:
            new.chosen, old.chosen, fwd.chosen = best[3], best[4], best[5]  # type: ignore[assignment]


# ---------------------------------------------------------------- the call

def split_runs(form: Form, runs: Mapping[str, str | Sequence[str]], *,
               known: Mapping[str, Value] | ProseText | None = None, limits: Limits | None = None) -> SplitResult:
    """Split each raw run into its cells by the form's arithmetic.

    ``runs`` maps a run key (``requests.<row>``, ``reviews.<group>``, ``reviews`` for
    all 15 cells of table 四, ``active.<item>``) to the digits as captured: a string
    (white space parts tokens) or its tokens. ``known`` gives values the report's text
    restates, by cell path (``requests.new_received.total``); they choose among splits
    and never override one that alone fits; a :class:`ProseText` gives them as
    :func:`prose_hints` reads them, read only if a run needs them. Raises ModelError for an
    unknown run key.
    """
    notes: list[SplitNote] = []
    return _result(_split(form, runs, known, limits, notes), notes)


def split_cells(form: Form, runs: Mapping[str, str | Sequence[str]], *,
                known: Mapping[str, Value] | ProseText | None = None) -> tuple[list[RunCells], list[SplitNote]]:
    """:func:`split_runs` run by run, for the split stage: the cells of each run in the order of
    ``runs`` and the notes, which are the result's. Where no two runs share a cell (any keys but
    ``reviews`` beside ``reviews.<group>``), the result's ``values``, ``rules``, ``uncertain`` and
    ``alternatives`` are those of the runs in order; made so, without the dicts of every cell and
    the result a caller that reads them run by run would take apart again."""
    notes: list[SplitNote] = []
    return _split(form, runs, known, None, notes), notes


def _split(form: Form, runs: Mapping[str, str | Sequence[str]], known: Mapping[str, Value] | ProseText | None,
           limits: Limits | None, notes: list[SplitNote]) -> list[RunCells]:
    """The cells of each run (see :func:`split_runs`), its notes added to ``notes``."""
    limits = limits or _LIMITS
    budget = _Budget(limits.steps)
    state: dict[str, _Run] = {}
    hints = known or {}
    requests = False
    for key, raw in runs.items():
        shape = run_shape(form, key)
        text = raw if isinstance(raw, str) else " ".join(raw)
        run = _Run(key, text.strip(), shape, tokens_of(raw))
        _solve_run(run, limits, budget, form)
        _apply_prose(run, hints, notes)
        state[key] = run
        requests = requests or key.startswith("requests.")
    table = _Table(form, state, limits) if requests else None
    solved = table.solve() if table is not None else None
    if solved is False:
        notes.append(SplitNote("table-inconsistent", "requests", "",
                               "the rows of table 三 fit no combination whose column sums hold; "
                               "each row was split on its own"))
    for run in state.values():
        if run.cands and run.chosen is None:
            # one split: the most plausible without scoring it
            run.chosen = run.cands[0] if len(run.cands) == 1 else min(run.cands, key=_score)
    if solved and table is not None:
        table.pick()
    return _run_cells(state, notes)


def _glued(run: _Run, cand: tuple[str | None, ...]) -> list[bool]:
    """Per cell: whether it was cut out of a token holding more than one cell."""
    if len(run.tokens) == 1:  # one token (most glued runs): every cell is of it
        size, pos = len(run.tokens[0]), 0
        for c in cand:
            if pos >= size:
                raise ValueError(f"a split of {run.raw!r} is longer than the run")
            pos += len(c) if c is not None else size
        return [len(cand) > 1] * len(cand)
    ends: list[int] = []
    pos = 0
    for tok in run.tokens:
        pos += len(tok)
        ends.append(pos)
    pos = n = 0
    token_of: list[int] = []
    per_token = [0] * len(ends)
    for c in cand:
        # the first token ending past ``pos``; positions only grow, so the search goes on from the last
        while n < len(ends) and ends[n] <= pos:
            n += 1
        if n == len(ends):
            raise ValueError(f"a split of {run.raw!r} is longer than the run")
        token_of.append(n)
        per_token[n] += 1
        pos += len(c) if c is not None else len(run.tokens[n])
    return [per_token[t] > 1 for t in token_of]


class RunCells:
    """The cells one run was split into (see :func:`split_cells`): ``values`` by cell in the run's
    order; ``rules`` the rules that decided the cells cut out of a glued token (those ``glued``
    says), None when no cell was; ``uncertain`` the cells the capture alone cannot decide, and
    ``alternatives`` the other values of those that fit. A plain class: see :class:`_Run`."""

    __slots__ = ("alternatives", "glued", "key", "paths", "rules", "uncertain", "values")

    def __init__(self, key: str, paths: tuple[str, ...], values: list[Value], glued: list[bool],
                 rules: tuple[str, ...] | None, uncertain: Sequence[str],
                 alternatives: dict[str, tuple[Value, ...]]) -> None:
        self.key = key
        self.paths = paths
        self.values = values
        self.glued = glued
        self.rules = rules
        self.uncertain = uncertain
        self.alternatives = alternatives


_NO_ALTERNATIVES: Final[dict[str, tuple[Value, ...]]] = {}  # (shared by the runs of one split: never written)


def _run_cells(state: Mapping[str, _Run], notes: list[SplitNote]) -> list[RunCells]:
    """The cells of each run as chosen, in order; the notes of runs no split fits or several do."""
    out: list[RunCells] = []
    last_rules: set[str] | None = None  # the rules of the run before, and their order
    last_names: tuple[str, ...] = ()
    for run in state.values():
        paths, kinds = run.shape.paths, run.shape.kinds
        if run.chosen is None:
            why = "no split of the run fits the form" if run.status == "no-fit" else \
                "the run has too many possible splits to decide"
            notes.append(SplitNote("no-fit" if run.status == "no-fit" else "given-up", run.key, run.raw,
                                   f"{why}; the raw run is kept and its cells left blank", paths))
            out.append(RunCells(run.key, paths, [None] * len(paths), [False] * len(paths), None, paths,
                                _NO_ALTERNATIVES))
            continue
        chosen = run.chosen
        glued = _glued(run, chosen)
        names: tuple[str, ...] | None = None  # the rules in order: made once per run, if a cell was cut
        values: list[Value] = []
        for i in range(len(paths)):
            c = chosen[i]
            values.append(None if c is None else c if kinds[i] == "amount" else _int(c))  # (_value, inline)
            if glued[i] and names is None:
                if run.rules != last_rules:  # (most runs of a table have the rules of the one before)
                    last_rules, last_names = run.rules, _ordered(run.rules)
                names = last_names
        differ: dict[str, tuple[Value, ...]] = {}
        for i, p in enumerate(paths if len(run.cands) > 1 else ()):  # one split: nothing differs
            seen = _sorted_values({_value(c[i], kinds[i]) for c in run.cands} - {values[i]})
            if seen:
                differ[p] = tuple(seen)
        if differ:
            notes.append(SplitNote("ambiguous", run.key, run.raw,
                                   f"{len(run.cands)} splits of the run fit the form; the most plausible was "
                                   "taken and the cells where they differ are uncertain", tuple(differ), differ))
            out.append(RunCells(run.key, paths, values, glued, names, tuple(differ), differ))
        else:
            out.append(RunCells(run.key, paths, values, glued, names, (), _NO_ALTERNATIVES))
    return out


def _result(cells: list[RunCells], notes: list[SplitNote]) -> SplitResult:
    """The result of the runs' cells: a run's cells written over those of a run before that has them."""
    values: dict[str, Value] = {}
    rules: dict[str, tuple[str, ...]] = {}
    uncertain: list[str] = []
    alternatives: dict[str, tuple[Value, ...]] = {}
    for run in cells:
        paths, names, glued = run.paths, run.rules, run.glued
        for i, p in enumerate(paths):
            values[p] = run.values[i]
            if names is not None and glued[i]:
                rules[p] = names
        uncertain.extend(run.uncertain)
        if run.alternatives:
            alternatives.update(run.alternatives)
    return SplitResult(values, rules, tuple(uncertain), alternatives, tuple(notes))


_RULE_ORDER: Final = (RULE_CELLS, RULE_ROW_TOTAL, RULE_GROUP_TOTAL, RULE_COLUMN_TOTAL, RULE_BALANCE, RULE_PROSE)


_RULE_RANK: Final = {r: n for n, r in enumerate(_RULE_ORDER)}


def _ordered(rules: set[str]) -> tuple[str, ...]:
    """The rules sorted by :func:`rule_order`: read off the known order when they are all in it
    (they always are; sorting with a key function costs some 5,000 instructions compiled)."""
    known: list[str] = []
    for r in _RULE_ORDER:
        if r in rules:
            known.append(r)
    return tuple(known) if len(known) == len(rules) else tuple(sorted(rules, key=rule_order))


def rule_order(rule: str) -> tuple[int, str]:
    """Sort key of a rule name: the order the rules are applied in."""
    return (_RULE_RANK.get(rule, len(_RULE_ORDER)), rule)


def _sort_key(v: Value) -> tuple[int, str]:
    return (0, f"{v:020d}") if isinstance(v, int) and v >= 0 else (1, str(v))


def _sorted_values(values: set[Value]) -> list[Value]:
    """``sorted(values, key=_sort_key)``; counts under 20 digits (all of them, as the search bounds
    a cell to ``max_digits``) sort as their zero-padded texts do, without making those texts."""
    counts: list[int] = []
    for v in values:
        if not isinstance(v, int) or v < 0 or v >= _PADDED:
            return sorted(values, key=_sort_key)
        counts.append(v)
    counts.sort()
    return list[Value](counts)


_PADDED: Final = 10**20


def iter_cells(result: SplitResult) -> Iterator[tuple[str, Value, bool]]:
    """Each cell of a result as (path, value, uncertain)."""
    unsure = set(result.uncertain)
    for path, value in result.values.items():
        yield path, value, path in unsure


def cells_by_table(result: SplitResult) -> dict[str, dict[str, dict[str, Value]]]:
    """The values of a result as ``{"active"|"requests"|"reviews": {row: {column: value}}}``,
    ready to write into a Report's tables (requests columns by key, in any order)."""
    out: dict[str, dict[str, dict[str, Value]]] = {}
    for path, value in result.values.items():
        table, row, col = path.split(".")
        out.setdefault(table, {}).setdefault(row, {})[col] = value
    return out


def kept_runs(result: SplitResult) -> list[tuple[str, str]]:
    """(run key, raw digits) of every run no split fits: what the recogniser keeps in
    ``unplaced`` (kind "table", ``where`` the run key) so that nothing is lost."""
    return kept_runs_of(result.notes)


def kept_runs_of(notes: Sequence[SplitNote]) -> list[tuple[str, str]]:
    """:func:`kept_runs` of a split's notes (as :func:`split_cells` gives them)."""
    return [(n.run, n.raw) for n in notes if (n.kind == "no-fit" or n.kind == "given-up") and n.raw]


# ---------------------------------------------------------------- what a one-line capture is broken at

@lru_cache(maxsize=4)  # fixed form data, one per form (read only: nothing changes a Vocabulary)
def crawler_vocabulary(form: Form) -> Vocabulary:
    """The words :func:`govreport_io.repair.crawler.crawler_lines` breaks a one-line report at,
    from the template of ``form``."""
    titles = {n: (t, *T.SECTION_TITLE_VARIANTS.get(n, ())) for n, t in T.SECTION_TITLES.items()}
    tables = {2: ("active", tuple((r.key, r.labels) for r in T.active_rows(form))),
              3: ("requests", tuple((r.key, r.labels) for r in T.request_rows(form)))}
    words = (*T.ACTIVE_HEADER_WORDS, *T.REQUEST_HEADER_WORDS, *T.REVIEW_HEADER_WORDS, "申请人情况", "信息内容")
    return Vocabulary(titles, dict(T.SECTION_KEYWORDS), tables, {4: "reviews"}, tuple(dict.fromkeys(words)),
                      T.SECTION_NUMERALS)


def guess_form(text: str) -> Form:
    """2019 when the 2019 table words are in the text and the 2021 ones are not."""
    flat = compact(text)
    old = sum(w in flat for w in ("本年新制作数量", "上一年项目数量", "本年增/减", "政府集中采购"))
    new = sum(w in flat for w in ("本年制发件数", "现行有效件数", "申请人无正当理由逾期不补正"))
    return "2019" if old > new else "2021"


class ProseText:
    """A report's text for ``split_runs(known=…)``: its :func:`prose_hints`, read only when a run
    has several splits and a cell the text can restate, and then once however many calls share
    it. Most runs have one split, or cells no wording names: reading the hints costs a walk over
    the whole text, which the split then never needs. ``text`` makes the text when it is needed."""

    __slots__ = ("_hints", "_text")

    def __init__(self, text: Callable[[], str]) -> None:
        self._text = text
        self._hints: dict[str, int] | None = None

    def hints(self) -> dict[str, int]:
        """The hints of the text (see :func:`prose_hints`), read on the first call."""
        if self._hints is None:
            self._hints = prose_hints(self._text())
        return self._hints


# What report texts say about their own tables (X4 in TEMPLATE.md): only the wordings
# that name one cell. Numbers read here are hints: they choose among splits that fit and
# never override the arithmetic.
_KIND = r"(?:各类|政府信息公开|依申请公开|信息公开)*"
_PROSE: tuple[tuple[str, str], ...] = (
    (rf"(?:新收|收到|受理){_KIND}申请(?:共|合计)?(\d+)件", "requests.new_received.total"),
    (rf"(?:新收|收到|受理)(\d+)件{_KIND}申请", "requests.new_received.total"),
    (r"办结(?:政府信息公开申请|申请)?(\d+)件", "requests.total.total"),
    (r"上年(?:度)?结转(?:申请)?(\d+)件", "requests.carried_over.total"),
    # a run of digits starts a match only at its first digit: tried at every digit of a long run,
    # (\d+) scanned the rest of the run each time (quadratic: 40,000 digits took 6 s); the
    # look-behind stands after the first digit, so that only digits are tried at all
    (r"(\d(?<!\d\d)\d*)件结转(?:至)?下(?:一)?年度", "requests.carried_forward.total"),
    (r"结转(?:至)?下(?:一)?年度(?:继续办理)?(?:申请)?(\d+)件", "requests.carried_forward.total"),
    # "被申请行政复议…" reads the same number: an optional first word made the engine try every position
    (r"申请行政复议(\d+)件", "reviews.review.total"),
)
_PROSE_RES = tuple((re.compile(pattern), path) for pattern, path in _PROSE)
_HINT_PATHS: Final = frozenset(path for _, path in _PROSE)
"""Every cell a hint can be of."""
_PROSE_STARTS: tuple[tuple[str, ...], ...] = (("新收", "收到", "受理"), ("新收", "收到", "受理"), (), (), ("件结转",),
                                              (), ())
"""Per wording, the words a match starts at (none: the engine searches for the literal the wording
opens with, fast). A wording that opens with a choice of words or with digits is tried at every
position by the engine; found by ``str.find`` instead, it is tried only where it can match."""
_DIGITS_BEFORE = 4
"""The wording of ``_PROSE`` whose match is the run of digits standing right before its word."""
_HINT_DIGITS = 18
"""The longest number read as a hint: a count of requests is never longer, and a longer run of digits
(a glued table, or junk) is no count the prose restates (int() refuses past 4,300 digits)."""


def prose_hints(text: str) -> dict[str, int]:
    """Cell values a report's text restates ("共收到70件申请", "办结69件", "行政复议3件"), by
    cell path, for ``split_runs(known=…)``. A cell stated twice with different numbers is left out."""
    flat = "".join(text.split())  # what re.sub(r"\s+", "") does: str.split parts at exactly \s
    for wide, ascii_ in _WIDE_PAIRS:  # what translate(_WIDE) does: by a dict, translate is slow on CJK text
        if wide in flat:
            flat = flat.replace(wide, ascii_)
    found: dict[str, set[int]] = {}
    for n, (pattern, path) in enumerate(_PROSE_RES):
        words = _PROSE_STARTS[n]
        matches = _matches_at(pattern, flat, _starts(flat, words, n == _DIGITS_BEFORE)) if words else \
            list(pattern.finditer(flat))
        for m in matches:
            if len(m.group(1)) <= _HINT_DIGITS:
                found.setdefault(path, set()).add(int(m.group(1)))
    return {p: next(iter(v)) for p, v in found.items() if len(v) == 1}


def _starts(flat: str, words: tuple[str, ...], digits_before: bool) -> list[int]:
    """Where a match can start, in order: at each of ``words``, or (``digits_before``) at the first
    of the digits (re's \\d is a decimal digit) right before one; none where no digit stands there."""
    at: set[int] = set()
    for word in words:
        i = flat.find(word)
        while i >= 0:
            j = i
            if digits_before:
                while j > 0 and flat[j - 1].isdecimal():
                    j -= 1
            if j < i or not digits_before:
                at.add(j)
            i = flat.find(word, i + 1)
    return sorted(at)


def _matches_at(pattern: re.Pattern[str], flat: str, starts: list[int]) -> list[re.Match[str]]:
    """``pattern.finditer(flat)`` when every match starts at one of ``starts``: the first match at
    or after the end of the one before (none of the wordings matches the empty text)."""
    out: list[re.Match[str]] = []
    end = 0
    for at in starts:
        if at >= end:
            m = pattern.match(flat, at)
            if m is not None:
                out.append(m)
                end = m.end()
    return out
