"""The model's quick checks of a report's three tables, in loops that mypyc compiles.

:class:`govreport_io.model.Report` checks every cell of every table it is given. Most tables come
from the recogniser or ``from_dict`` in one shape: dictionaries holding every row and column of
the form, in the form's order, with integers or nulls. The functions here tell whether a table
has that shape, cell by cell: compiled (see :mod:`govreport_io._compiled`), a cell's type is
compared with ``int`` in C, where the model's own C-level passes (``map(type, …)`` over every
cell) called ``type`` once a cell, a third of building a Report. They answer only yes or no: a
table they refuse is checked by the model's plain checks, which name what is wrong.

Functions only, no classes: the model stays pure Python (its objects are pickled and plugins
subclass them); this module imports nothing of the package.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Final

LINE_BREAKS: Final = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
"""What the model counts as a line break in a text that must be one line."""
# Searched by a regular expression: a test per character in Python cost a tenth of a text read.
_BREAK_CLASS: Final = re.escape("".join(sorted(LINE_BREAKS)))
_CONTROL_CLASS: Final = "\x00-\x08\x0a-\x1f"
LINE_BREAK_RE: Final = re.compile(f"[{_BREAK_CLASS}]")
"""Any line break."""
ODD_RE: Final = re.compile(f"[{_BREAK_CLASS}{_CONTROL_CLASS}]")
"""A line break or a control character: one search over a valid text instead of two (a text is
searched twice only when it fails)."""


def valid_text(text: object) -> bool:
    """Whether the model's text check (``model._check_text``) accepts ``text`` as a non-empty text,
    told without building the message that names it (a constructor builds that only for a text it
    refuses). Compiled, one call from the recogniser's stages and the model's constructors in place
    of an interpreted frame: every paragraph of a report asks.

    A printable text holds no line break or control character (those are all non-printable), so
    ``str.isprintable`` (one C pass, twice the speed of the search) accepts most texts at once."""
    if type(text) is not str:
        return False
    s: str = text  # type: ignore[assignment]  # (an exact str: told just above)
    return s != "" and s.strip() == s and (s.isprintable() or ODD_RE.search(s) is None)


def rows_of_integers(table: dict[Any, Any], keys: tuple[str, ...], width: int) -> bool:
    """Whether ``table`` holds exactly the rows ``keys``, in that order, each an exact tuple of
    ``width`` values that are ints (not bools) or None."""
    if len(table) != len(keys):
        return False
    i = 0
    for key, row in table.items():
        expected = keys[i]
        i += 1
        if key is not expected and key != expected:
            return False
        if type(row) is not tuple:
            return False
        values: tuple[Any, ...] = row
        if len(values) != width:
            return False
        for v in values:
            if v is not None and type(v) is not int:
                return False
    return True


def rows_of_cells(table: dict[Any, Any], keys: tuple[str, ...], columns: tuple[tuple[str, ...], ...],
                  counted: tuple[tuple[bool, ...], ...], other: Callable[[object, int, int], bool]) -> bool:
    """Whether ``table`` holds exactly the rows ``keys``, in that order, each an exact dict of the
    columns ``columns[n]`` in that order; a cell whose ``counted`` flag is set holds an int (not a
    bool) or None, any other cell is passed with its row and column numbers to ``other``."""
    if len(table) != len(keys):
        return False
    i = 0
    for key, row in table.items():
        expected = keys[i]
        cols = columns[i]
        flags = counted[i]
        if key is not expected and key != expected:
            return False
        if type(row) is not dict:
            return False
        cells: dict[Any, Any] = row
        if len(cells) != len(cols):
            return False
        j = 0
        for col, v in cells.items():
            name = cols[j]
            if col is not name and col != name:
                return False
            if flags[j]:
                if v is not None and type(v) is not int:
                    return False
            elif not other(v, i, j):
                return False
            j += 1
        i += 1
    return True
