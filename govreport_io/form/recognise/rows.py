"""The row matcher: labelled rows read from a stream of tokens, by small named rules.

Text accumulates until a value arrives; the accumulated text must end with the label of
a row not yet read (exactly, or fuzzily a few rows ahead). A real table row gives its
value cells at once; in running text values are taken one by one until the row has them
all. Header words and blank slots are marked as such so that they do not end up as prose.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ...diagnostics import WarningCode
from ...repair.cjk import compact
from ..labels import best_match, normalize_label, strip_known
from .ledger import Ledger, Tok, Unit
from .values import end_after, leftover

_MARGIN = 3 + 16
"""Characters beyond the longest label that a tail of the buffer holds: the fuzzy match looks
3 characters further, and 16 more keep the cut far from anything compared."""


@dataclass(frozen=True)
class RowSpec:
    """One row of a table: its key, its labels and how many value cells it has."""

    key: str
    labels: tuple[str, ...]
    need: int


@dataclass(frozen=True)
class TableSpec:
    """One table: its name in messages, its section, its rows, its header words, and where
    its values sit in a real row ("left": right after the label, "right": the last columns)."""

    name: str
    section: int
    rows: tuple[RowSpec, ...]
    vocab: tuple[str, ...]
    align: str = "right"


def label_token_count(buffer: Sequence[Tok], labels: tuple[str, ...]) -> int:
    """How many tokens at the end of ``buffer`` the shortest label spans."""
    target = min(len(normalize_label(lab)) for lab in labels)
    total = 0
    for n, t in enumerate(reversed(buffer), start=1):
        total += len(normalize_label(t.text))
        if total >= target - 1:
            return n
    return len(buffer)


class RowReader:
    """Reads one table's rows from its token stream; its state lives only for that read."""

    def __init__(self, ledger: Ledger, spec: TableSpec, units: Sequence[Unit], toks: list[Tok]) -> None:
        self.ledger, self.spec, self.units, self.toks = ledger, spec, units, toks
        self.vocab_norm = [normalize_label(w) for w in spec.vocab]
        self.vocab_norm += [normalize_label(lab) for r in spec.rows for lab in r.labels]
        self.vocab_chars = set("".join(self.vocab_norm))
        # How much of the buffer's end a label can be matched against (see _tail)
        self.reach = max(len(normalize_label(lab)) for r in spec.rows for lab in r.labels) + _MARGIN
        self.found: dict[str, list[Tok | None]] = {}
        self.buffer: list[Tok] = []
        self.buffer_has_text = False  # any non-space character in the buffer
        self.buffer_version = 0  # changes whenever the buffer does
        self.unmatched: tuple[int, int, bool] | None = None  # (version, nxt, exact) that matched nothing
        self.nxt = 0
        self.current: str | None = None
        self.need = 0
        self.vals: list[Tok | None] = []
        self.end_unit = len(units)
        self.done = False
        self.skip_row = 0

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
        if not n or any(n in w for w in self.vocab_norm):
            return True
        residue = strip_known(tok.text, self.spec.vocab)
        return not residue or (len(residue) <= 3 and all(ch in self.vocab_chars for ch in residue) and len(n) <= 12)

    def _start_row(self, i: int, tok: Tok) -> bool:
        """A value after text: start the row whose label ends the text. False when the value
        is consumed here (no label, or a whole real row read at once)."""
        if not self.buffer_has_text:
            if tok.kind == "empty":
                self.ledger.mark(tok, header=True)
            return False
        # A blank cell can only follow a label that matches exactly: header rows are full of blank cells.
        k = self._match(exact=tok.kind == "empty")
        if k is None:
            if tok.kind == "empty":
                self.ledger.mark(tok, header=True)
            return False
        row = self.spec.rows[k]
        for skipped in self.spec.rows[self.nxt:k]:
            self._warn_missing(skipped)
        self.nxt, self.current, self.need = k + 1, row.key, row.need
        self._flush_buffer(label_token_count(self.buffer, row.labels))
        return not (tok.row and self._take_real_row(i, tok))

    def _match(self, exact: bool) -> int | None:
        """Index of the row whose label ends the buffer; fuzzy matches only a few rows ahead."""
        state = (self.buffer_version, self.nxt, exact)
        if state == self.unmatched:
            return None  # the values of one unknown row each ask again about the same text
        m = best_match(self._tail(), [r.labels for r in self.spec.rows[self.nxt:]], fuzzy_limit=0 if exact else 7)
        if m is None:
            self.unmatched = state
            return None
        return self.nxt + m[0]

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
        # Values sit right after the label (table 二) or in the last columns (table 三).
        for end in ((-1, 0) if self.spec.align == "left" else (0, -1)):
            while len(row_vals) > self.need and row_vals[end].kind == "empty":
                self.ledger.mark(row_vals.pop(end), header=True)
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

    def _finish(self, vals: list[Tok | None], i: int, last: Tok) -> None:
        """The current row has all its values; the last row of the form ends the table."""
        assert self.current is not None
        self.found[self.current] = vals
        key, self.current, self.vals = self.current, None, []
        if key == self.spec.rows[-1].key:
            self.done = True
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


def read_table(ledger: Ledger, spec: TableSpec, place: Callable[[Found], None]) -> None:
    """Read ``spec``'s rows from its section (when it is there), ``place`` their values, then
    leave the units the table did not use for the prose."""
    if spec.section not in ledger.spans:
        return
    units = ledger.spans[spec.section][1]
    found, end = RowReader(ledger, spec, units, ledger.tokens[spec.section]).read()
    place(found)
    close_table(ledger, spec.section, spec.name, bool(found), end)


def close_table(ledger: Ledger, section: int, name: str, found: bool, end: int) -> None:
    """Leave the units the table did not use (before unit ``end`` or after it) for the prose."""
    ledger.rest[section] = leftover(ledger, ledger.spans[section][1], end, name, section)
    ledger.table_found[section] = found
