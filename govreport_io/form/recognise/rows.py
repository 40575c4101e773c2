"""The row matcher: labelled rows read from a stream of tokens, by small named rules.

Text accumulates until a value arrives; the accumulated text must end with the label of
a row not yet read (exactly, or fuzzily a few rows ahead). A real table row gives its
value cells at once; in running text values are taken one by one until the row has them
all. Header words and blank slots are marked as such so that they do not end up as prose.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from ...blocks import Table
from ...diagnostics import WarningCode
from ...repair.cjk import compact
from ..labels import Compiled, best_match, compile_candidates, normalize_label, remember, strip_known
from .ledger import Ledger, Tok, Unit
from .tokens import split_number
from .values import end_after, leftover

_MARGIN: Final = 3 + 16
"""Characters beyond the longest label that a tail of the buffer holds: the fuzzy match looks
3 characters further, and 16 more keep the cut far from anything compared."""


@dataclass(frozen=True)
class RowSpec:
    """One row of a table: its key, its labels and how many value cells it has."""

    key: str
    labels: tuple[str, ...]
    need: int


@dataclass(frozen=True, eq=False)
class TableSpec:
    """One table: its name in messages, its section, its rows, its header words, and where
    its values sit in a real row ("left": right after the label, "right": the last columns).

    Equal and hashed by identity (``eq=False``): a spec is fixed form data made once per form,
    and the row matcher looks up what it derives from one on every read, where hashing every row
    and label (the dataclass's interpreted ``__hash__``, about 6 µs) cost more than the rest of
    setting up the read of a table."""

    name: str
    section: int
    rows: tuple[RowSpec, ...]
    vocab: tuple[str, ...]
    align: str = "right"
    lost_cell: int | None = None
    """The value column a real row most likely lost when it has one value too few (the
    cell that carried a note, which a PDF-to-Markdown tool moves out of the row); None when
    such a row is read as incomplete."""
    sums: bool = False
    """Whether a row's last value is the sum of the others (table 三's 总计), which decides
    which surplus blank cells of a real row are slots and which are values."""
    singles: tuple[tuple[str, str, tuple[str, ...]], ...] = ()
    """Groups a report may print as one row without their sub-rows: (row key that takes the
    values, the group's labels...), e.g. （六）其他处理 alone → other_misc."""


class Irregular:
    """What the row matcher read in an irregular way, for the stage to report per cell.

    ``lost``: row key → the value column the real row lost (its value is null here);
    ``doubtful``: row key → why the row's cells are uncertain (placed by order, its label not
    beside it; or surplus blank cells at both ends that the arithmetic does not decide);
    ``single``: row key → the group label printed as one row whose values it took.

    A plain class (see ledger.Unit): one is made per table read, and a dataclass's interpreted
    ``__init__`` cost more than the rest of setting up the read.
    """

    __slots__ = ("doubtful", "lost", "single")

    def __init__(self) -> None:
        self.lost: dict[str, int] = {}
        self.doubtful: dict[str, str] = {}
        self.single: dict[str, str] = {}

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Irregular):
            return NotImplemented
        return (self.lost, self.doubtful, self.single) == (other.lost, other.doubtful, other.single)

    __hash__ = None  # type: ignore[assignment]  # mutable and equal by value, as the dataclass

    def __repr__(self) -> str:
        return f"Irregular(lost={self.lost!r}, doubtful={self.doubtful!r}, single={self.single!r})"


class _RowRun:
    """The tokens of one real table row where they stand together in the stream: each one's
    count of the cells and of the numbers from it to the run's end, and (once asked) whether
    the row's text is only pieces of the form's labels. (A plain class: see ledger.Unit.)"""

    __slots__ = ("cells", "end", "loose", "nums", "start")

    def __init__(self, start: int, end: int, cells: list[int], nums: list[int]) -> None:
        self.start = start
        self.end = end
        self.cells = cells
        self.nums = nums
        self.loose: bool | None = None


def label_token_count(buffer: Sequence[Tok], labels: tuple[str, ...]) -> int:
    """How many tokens at the end of ``buffer`` the shortest label spans."""
    target = _SHORTEST.get(labels)
    if target is None:
        target = remember(_SHORTEST, labels, _shortest(labels), 256)
    total = 0
    n = len(buffer)
    for k in range(n - 1, -1, -1):  # by index: reversed() and enumerate(start=) are generic calls compiled
        total += len(normalize_label(buffer[k].text))
        if total >= target - 1:
            return n - k
    return n


_SHORTEST: Final[dict[tuple[str, ...], int]] = {}
"""Each row's shortest label length: fixed form data, a few dozen rows per form."""


def _shortest(labels: tuple[str, ...]) -> int:
    """The length of the shortest of ``labels`` normalised."""
    return min(len(normalize_label(lab)) for lab in labels)


_Plans = dict[tuple[int, tuple[int, ...], int], Compiled]
_MAX_PLANS: Final = 512  # label sets kept per table: every (next row, rows still missing) a read has asked about


_Singles = tuple[tuple[str, str, int, Compiled], ...]
_Prepared = tuple[str, frozenset[str], int, str, _Plans, _Singles]


@lru_cache(maxsize=16)  # specs hash by identity (see TableSpec): fixed form data, one per form
def _prepared(spec: TableSpec) -> _Prepared:
    """What the row matcher derives from a table's spec, once per spec (fixed form data): the
    header words and labels normalised, their characters, how much of the buffer's end a label
    can be matched against (see :meth:`RowReader._tail`), the labels normalised, the label sets
    matched against, compiled (see :meth:`RowReader._plan`), and the groups a report may print
    as one row, each with its row's index and its labels compiled (see :meth:`RowReader._single`).

    Words and labels are joined by line breaks, which no normalised text holds: a normalised
    text is in one of them exactly when it is in the joined string (one search, not one per word)."""
    labels = tuple(normalize_label(lab) for r in spec.rows for lab in r.labels)
    vocab = tuple(normalize_label(w) for w in spec.vocab) + labels
    keys = [r.key for r in spec.rows]
    singles = tuple((key, label, keys.index(key), compile_candidates(((label, *variants),), 0))
                    for key, label, variants in spec.singles if key in keys)
    return ("\n".join(vocab), frozenset("".join(vocab)), max(len(lab) for lab in labels) + _MARGIN,
            "\n".join(labels), {}, singles)


class RowReader:
    """Reads one table's rows from its token stream; its state lives only for that read."""

    def __init__(self, ledger: Ledger, spec: TableSpec, units: Sequence[Unit], toks: list[Tok]) -> None:
        self.ledger, self.spec, self.units, self.toks = ledger, spec, units, toks
        self.vocab_norm, self.vocab_chars, self.reach, self._label_norms, self._plans, self._singles = \
            _prepared(spec)
        self.found: dict[str, list[Tok | None]] = {}
        self.buffer: list[Tok] = []
        self.buffer_has_text = False  # any non-space character in the buffer
        self.buffer_version = 0  # changes whenever the buffer does
        self.unmatched: tuple[int, int, int, bool] | None = None  # (version, nxt, found, exact) matching nothing
        self.nxt = 0
        self.current: str | None = None
        self.need = 0
        self.vals: list[Tok | None] = []
        self.end_unit = len(units)
        self.done = False
        self.skip_row = 0
        self.past_last = False
        self._earlier_at: tuple[tuple[int, int], tuple[int, ...], Compiled | None] | None = None
        self._run: _RowRun | None = None  # the run of a real row last asked about (see _row_run)
        self._asked_row = 0  # the real row that last asked for its count, and how often (see _by_order)
        self._asks = 0
        self.irregular = Irregular()

    def read(self) -> tuple[dict[str, list[Tok | None]], int]:
        """The values found per row key and the index of the unit after the table."""
        for i, tok in enumerate(self.toks):
            if self.done:
                break
            self._step(i, tok)
        if not self.done:
            self._close()
        self._report_missing()
        return self.found, self.end_unit

    # ------------------------------------------------------------ rules
    def _step(self, i: int, tok: Tok) -> None:
        if self.skip_row and tok.row == self.skip_row and tok.kind != "text":
            return  # the rest of a real row already read
        if self.past_last and not tok.row:
            return  # after the last row only real table rows may hold the rows still missing
        if tok.kind in ("eor", "text"):
            if self.current is not None and self.vals:
                self._close()  # a row ends at the end of its table row or at the next text
            if tok.kind == "text":
                self.buffer.append(tok)
                self.buffer_version += 1
                self.buffer_has_text = self.buffer_has_text or bool(compact(tok.text))
            return
        if self.current is None and not self._start_row(i, tok):
            return
        if self.skip_row and tok.row == self.skip_row:
            return
        self.vals.append(tok if tok.kind == "num" else None)
        self.ledger.mark(tok)
        if len(self.vals) == self.need:
            self._finish(self.vals, i, tok)

    def _is_header(self, tok: Tok) -> bool:
        n = normalize_label(tok.text)
        if not n or n in self.vocab_norm:
            return True
        residue = strip_known(tok.text, self.spec.vocab)
        return not residue or (len(residue) <= 3 and all(ch in self.vocab_chars for ch in residue) and len(n) <= 12)

    def _start_row(self, i: int, tok: Tok) -> bool:
        """A value after text: start the row whose label ends the text. False when the value
        is consumed here (no label, or a whole real row read at once)."""
        k = None
        if self.buffer_has_text:
            # A blank cell can only follow a label that matches exactly: header rows are full of blank cells.
            k = self._match(exact=tok.kind == "empty")
        if k is None:
            if tok.row and self._by_order(i, tok):
                return False
            if tok.kind == "empty":
                self.ledger.mark(tok, header=True)
            return False
        row = self.spec.rows[k]
        self._confirm_ordered()
        if k >= self.nxt:
            for skipped in self.spec.rows[self.nxt:k]:
                self._warn_missing(skipped)
            self.nxt = k + 1
        else:
            self._retract_missing(row)  # a row out of order, found after the rows below it
        self.current, self.need = row.key, row.need
        self._flush_buffer(label_token_count(self.buffer, row.labels))
        return not (tok.row and self._take_real_row(i, tok))

    def _by_order(self, i: int, tok: Tok) -> bool:
        """A real row of values alone, its label not beside it (a PDF-to-Markdown tool left the
        label loose elsewhere): the next row of the form not read yet, when the row holds
        exactly that row's number of values. The stage lists its cells as uncertain unless
        its label follows right after it (see :meth:`_confirm_ordered`)."""
        if self.nxt >= len(self.spec.rows):
            return False
        row = self.spec.rows[self.nxt]
        # the cells from this value to the row's end and the numbers among them, checked first, as
        # at most one cell of a row has the count right
        run = self._run
        if run is not None and run.start <= i < run.end:
            cells, nums = run.cells[i - run.start], run.nums[i - run.start]
        elif tok.row != self._asked_row or self._asks < 2:
            # the first two asks of a row (most rows ask at the one or two blank cells before their
            # label): counted forward, no run made
            if tok.row != self._asked_row:
                self._asked_row, self._asks = tok.row, 0
            self._asks += 1
            cells, nums = self._count_from(i)
        else:
            # a row asking again and again (each blank cell of a header row asks): its run is made
            # once, as counting each time made a long row quadratic
            run = self._row_run(i)
            cells, nums = run.cells[i - run.start], run.nums[i - run.start]
        if cells != row.need or not nums:
            return False
        # the whole table row, its cells before this value included: a row with a label of its
        # own (one the form does not know) is not a loose row of values (rows are contiguous)
        if not self._loose_row(i):
            return False
        for t in self.buffer:
            if self._is_header(t):
                self.ledger.mark(t, header=True)
        self.buffer.clear()
        self.buffer_version += 1
        self.buffer_has_text = False
        self.nxt, self.current, self.need = self.nxt + 1, row.key, row.need
        self.irregular.doubtful[row.key] = "its label is not beside its values; placed by the form's order of rows"
        return self._take_real_row(i, tok)

    def _row_run(self, i: int) -> _RowRun:
        """The run of tokens of token ``i``'s real table row around it.

        Found once per run, when one of its tokens first asks (each value of a row asks, and
        walking the row each time made a long row quadratic). Tokens ask in stream order, so
        only the last run is kept: a long table costs no memory per row."""
        run = self._run
        if run is None or not run.start <= i < run.end:
            toks, row = self.toks, self.toks[i].row
            start, end = i, i
            while start > 0 and toks[start - 1].row == row:
                start -= 1
            while end < len(toks) and toks[end].row == row:
                end += 1
            cells, nums = [0] * (end - start), [0] * (end - start)
            c = n = 0
            for k in range(end - 1, start - 1, -1):
                kind = toks[k].kind
                c += kind != "eor"
                n += kind == "num"
                cells[k - start], nums[k - start] = c, n
            run = self._run = _RowRun(start, end, cells, nums)
        return run

    def _count_from(self, i: int) -> tuple[int, int]:
        """The cells and the numbers among them from token ``i`` to the end of its run (as
        :meth:`_row_run` counts them)."""
        toks = self.toks
        row = toks[i].row
        cells = nums = 0
        k = i
        while k < len(toks):
            t = toks[k]
            if t.row != row:
                break
            kind = t.kind
            if kind != "eor":
                cells += 1
                if kind == "num":
                    nums += 1
            k += 1
        return cells, nums

    def _loose_row(self, i: int) -> bool:
        """Whether every text cell of token ``i``'s real table row is a piece of a label (asked
        once per row: the text of a row does not change while it is read)."""
        run = self._row_run(i)
        if run.loose is None:
            run.loose = all(self._label_piece(t) for t in self.toks[run.start:run.end] if t.kind == "text")
        return run.loose

    def _label_piece(self, tok: Tok) -> bool:
        """Text a PDF-to-Markdown tool cut out of one of the form's row labels (行政机关不再处理其
        政府信息公), which may stand beside loose values; a label the form does not know may not."""
        n = normalize_label(tok.text)
        if not n:
            return True
        return n in self._label_norms

    def _confirm_ordered(self) -> None:
        """The label of the row last placed by order opens the text after it: that row is certain."""
        if not self.irregular.doubtful or not self.found or not self.buffer:
            return  # (no row is doubtful, most reads: reversed() and next() are generic calls compiled)
        last = next(reversed(self.found))
        if last not in self.irregular.doubtful:
            return
        text = normalize_label("".join(t.text for t in self.buffer))
        labels = next(r.labels for r in self.spec.rows if r.key == last)
        for lab in labels:
            norm = normalize_label(lab)
            if norm and text.startswith(norm):
                del self.irregular.doubtful[last]
                n, total = 0, 0
                while n < len(self.buffer) and total < len(norm):
                    total += len(normalize_label(self.buffer[n].text))
                    self.ledger.mark(self.buffer[n])
                    n += 1
                del self.buffer[:n]
                self.buffer_version += 1
                self.buffer_has_text = any(compact(t.text) for t in self.buffer)
                return

    def _retract_missing(self, row: RowSpec) -> None:
        """Withdraw the warning that ``row`` is missing: it came later, out of order."""
        self.ledger.retract(self._message(row))

    def _match(self, exact: bool) -> int | None:
        """Index of the row whose label ends the buffer; fuzzy matches only a few rows ahead."""
        state = (self.buffer_version, self.nxt, len(self.found), exact)
        if state == self.unmatched:
            return None  # the values of one unknown row each ask again about the same text
        text = self._tail()
        m = best_match(text, self._plan(self.nxt, (), 0 if exact else 7))
        if m is not None:
            return self.nxt + m[0]
        # rows out of order: an earlier row not read yet, by its exact label only
        earlier, plan = self._earlier()
        m = best_match(text, plan) if plan is not None else None
        if m is not None:
            return earlier[m[0]]
        single = self._single(text)
        if single is None:
            self.unmatched = state
        return single

    def _earlier(self) -> tuple[tuple[int, ...], Compiled | None]:
        """The rows before ``nxt`` not read yet, and their labels compiled (made again only when
        ``nxt`` or ``found`` changes; rows are only ever added to ``found``)."""
        at = (self.nxt, len(self.found))
        if self._earlier_at is None or self._earlier_at[0] != at:
            ks = tuple(k for k in range(self.nxt) if self.spec.rows[k].key not in self.found)
            self._earlier_at = (at, ks, self._plan(0, ks, 0) if ks else None)
        return self._earlier_at[1], self._earlier_at[2]

    def _plan(self, nxt: int, ks: tuple[int, ...], fuzzy_limit: int) -> Compiled:
        """The labels of rows ``ks`` (or of every row from ``nxt`` on) compiled for matching.

        Kept with the table's spec: which rows' labels they are is fixed form data, the same for
        every read (a bounded number; past it a set is compiled again, from the labels' cache)."""
        plan = self._plans.get((nxt, ks, fuzzy_limit))
        if plan is None:
            rows = [self.spec.rows[k] for k in ks] if ks else self.spec.rows[nxt:]
            plan = compile_candidates(tuple(r.labels for r in rows), fuzzy_limit)
            if len(self._plans) < _MAX_PLANS:
                self._plans[(nxt, ks, fuzzy_limit)] = plan
        return plan

    def _tail(self) -> str:
        """The end of the buffer's text, long enough to match any label as the whole would.

        Labels are matched against the end of the normalised text only, and normalising is
        local, so a tail whose normalised form is ``reach`` long reads as the whole buffer
        does; taking only the tail keeps a table of many unknown rows linear.
        """
        k = 8
        while k < len(self.buffer):
            text = "".join(t.text for t in self.buffer[-k:])
            if len(normalize_label(text)) >= self.reach:
                return text
            k *= 2
        return "".join(t.text for t in self.buffer)

    def _single(self, text: str) -> int | None:
        """A group printed as one row without its sub-rows (（六）其他处理 alone): the row that
        takes its values, when none of the group's rows was read yet."""
        for key, label, k, plan in self._singles:
            if key in self.found or not best_match(text, plan):
                continue
            self.irregular.single[key] = label
            return k
        return None

    def _flush_buffer(self, label_toks: int) -> None:
        cut = len(self.buffer) - label_toks
        for t in self.buffer[cut:]:
            self.ledger.mark(t)
        for t in self.buffer[:cut]:
            if self._is_header(t):
                self.ledger.mark(t, header=True)
        self.buffer.clear()
        self.buffer_version += 1
        self.buffer_has_text = False

    def _take_real_row(self, i: int, tok: Tok) -> bool:
        """A real table row: its value cells are known at once. Surplus blank cells are slots
        of a merged label cell (before) or of merged value cells (after)."""
        row_vals: list[Tok] = []
        for j in range(i, len(self.toks)):  # by index: a slice would copy the rest of the stream
            t = self.toks[j]
            if t.kind == "eor" or t.row != tok.row:
                break
            if t.kind in ("num", "empty"):
                row_vals.append(t)
        row_vals = self._trim(row_vals)
        if len(row_vals) == self.need - 1 and self.spec.lost_cell is not None and self.current is not None:
            # the row lost the cell that carried a note: that value is null here, the stage looks for it
            self.irregular.lost[self.current] = self.spec.lost_cell
            taken_lost: list[Tok | None] = list(row_vals)
            taken_lost.insert(self.spec.lost_cell, None)
            for t in row_vals:
                self.ledger.mark(t)
            self.skip_row = tok.row
            self._finish(taken_lost, i, row_vals[-1])
            return True
        if len(row_vals) < self.need:
            return False
        for t in row_vals[self.need:]:
            if t.kind == "empty":
                self.ledger.mark(t, header=True)
        taken = row_vals[:self.need]
        for t in taken:
            self.ledger.mark(t)
        self.skip_row = tok.row
        self._finish([t if t.kind == "num" else None for t in taken], i, taken[-1])
        return True

    def _trim(self, row_vals: list[Tok]) -> list[Tok]:
        """A real row's value cells without its surplus blank cells (marked as slots).

        Values sit right after the label (table 二) or in the last columns (table 三). Where
        blank cells stand at both ends (a blank first value and an extra empty column), a
        row standing alone as a table (a piece of a broken pipe table) of a table whose last
        column is a sum keeps the cut its arithmetic fits; in a whole table the blank cells
        are the slots of merged cells as the table's structure has them. When neither
        decides, the row's cells are uncertain."""
        surplus = len(row_vals) - self.need
        if surplus <= 0:
            return row_vals  # no surplus cell (most rows): no cut to choose, nothing to trim
        cuts = [k for k in range(surplus + 1) if surplus > 0
                and all(t.kind == "empty" for t in row_vals[:k] + row_vals[len(row_vals) - surplus + k:])]
        default = (max(cuts) if self.spec.align == "right" else min(cuts)) if cuts else None
        # one cut (every surplus row of the corpus) reads one way: no readings to compare
        readings = {tuple((t.kind, t.text) for t in row_vals[k:k + self.need]) for k in cuts} if len(cuts) > 1 else ()
        if len(readings) > 1 and self._lone(row_vals[0]):
            # in a whole table the structure decides (the default cut); a lone row asks its arithmetic
            fits = [k for k in cuts if _adds_up(row_vals[k:k + self.need])]
            if len(fits) == 1:
                default = fits[0]
            elif self.current is not None:
                self.irregular.doubtful[self.current] = "blank cells at both ends of the row; which of them " \
                    "are values the row does not decide"
        if default is None:
            # not all surplus at the ends is blank: trim what is blank, as before
            for end in ((-1, 0) if self.spec.align == "left" else (0, -1)):
                while len(row_vals) > self.need and row_vals[end].kind == "empty":
                    self.ledger.mark(row_vals.pop(end), header=True)
            return row_vals
        for t in row_vals[:default] + row_vals[default + self.need:]:
            self.ledger.mark(t, header=True)
        return row_vals[default:default + self.need]

    def _lone(self, tok: Tok) -> bool:
        """Whether ``tok``'s row is a table of one row in a table whose last column is a sum."""
        block = self.ledger.units[tok.unit].block
        return self.spec.sums and isinstance(block, Table) and len(block.rows) == 1

    def _finish(self, vals: list[Tok | None], i: int, last: Tok) -> None:
        """The current row has all its values; the last row of the form ends the table."""
        assert self.current is not None
        self.found[self.current] = vals
        key, self.current, self.vals = self.current, None, []
        if key == self.spec.rows[-1].key or self.past_last:
            # The table ends here, unless rows above are still missing: a PDF-to-Markdown tool
            # may put them after the last row, in real table rows (see :meth:`_step`).
            self.past_last = True
            self.done = all(r.key in self.found for r in self.spec.rows)
            self.end_unit = end_after(self.ledger, self.units, last, self.toks[i + 1:])

    def _close(self) -> None:
        if self.current is not None:
            if len(self.vals) < self.need:
                self.ledger.warn(WarningCode.ROW_INCOMPLETE, f"table {self.spec.name}, row {self.current}: "
                                 f"{len(self.vals)} of {self.need} values found; the rest are null",
                                 at=self.spec.section)
            self.found[self.current] = self.vals + [None] * (self.need - len(self.vals))
        self.current, self.vals = None, []

    # ------------------------------------------------------------ what is missing
    def _message(self, row: RowSpec) -> str:
        return f"table {self.spec.name}: row {row.key} ({row.labels[0]}) not found"

    def _warn_missing(self, row: RowSpec) -> None:
        self.ledger.warn(WarningCode.ROW_MISSING, self._message(row), at=self.spec.section)

    def _report_missing(self) -> None:
        if not self.found:
            return
        said = {w.message for w in self.ledger.warnings}
        for row in self.spec.rows:
            if row.key not in self.found and self._message(row) not in said:
                self._warn_missing(row)


Found = dict[str, list[Tok | None]]


def _adds_up(vals: Sequence[Tok]) -> bool:
    """Whether the last value is the sum of the others (a blank cell counts 0) and not zero
    (zeros and blanks add up whichever cells they stand in: they prove nothing)."""
    nums = [split_number(t.text)[0].replace(",", "") if t.kind == "num" else "0" for t in vals]
    if vals[-1].kind != "num" or not all(n.isdigit() for n in nums) or int(nums[-1]) == 0:
        return False
    return sum(int(n) for n in nums[:-1]) == int(nums[-1])


def read_table(ledger: Ledger, spec: TableSpec, place: Callable[[Found, Irregular], None]) -> None:
    """Read ``spec``'s rows from its section (when it is there), ``place`` their values (with
    what was read irregularly), then leave the units the table did not use for the prose."""
    if spec.section not in ledger.spans:
        return
    units = ledger.spans[spec.section][1]
    reader = RowReader(ledger, spec, units, ledger.tokens[spec.section])
    found, end = reader.read()
    place(found, reader.irregular)
    close_table(ledger, spec.section, spec.name, bool(found), end)


def close_table(ledger: Ledger, section: int, name: str, found: bool, end: int) -> None:
    """Leave the units the table did not use (before unit ``end`` or after it) for the prose."""
    ledger.rest[section] = leftover(ledger, ledger.spans[section][1], end, name, section)
    ledger.table_found[section] = found
