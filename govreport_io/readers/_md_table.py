"""GFM pipe tables for the Markdown reader, one token per table instead of three per cell.

markdown-it-py's table rule pushes an ``inline`` token and two more per cell, and its core
then runs the inline parser on every cell: a table of 100k rows makes 1.8M tokens (seconds,
and most of a gigabyte). The rule here finds the same tables and splits the same cells —
markdown-it's own rule decides whether a table starts (in silent mode), its terminator
rules end a table, its ``escapedSplit`` splits any row with a backslash and its trim
function trims — and pushes one ``gfm_table`` token whose ``meta["rows"]`` holds each
cell's raw text. A core rule after ``inline`` turns the raw text into the cleaned text of
what the inline parser would have made of it: the cell itself when it holds no character
an inline rule acts on, else the cell's inline tokens (parsed with the document's env, so
link references work as before).

markdown-it is imported inside the factories: importing a reader imports no parser.
"""

from __future__ import annotations

import importlib
import math
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..repair.cjk import clean_inline
from ._md_inline import INLINE_MARKUP, children_text

if TYPE_CHECKING:
    from markdown_it.rules_block import StateBlock
    from markdown_it.rules_core import StateCore
    from markdown_it.token import Token

BlockRule = Callable[["StateBlock", int, int, bool], bool]

# A cell with neither markup nor a no-break space is its own clean text: the splitter has
# trimmed it of the white space clean_inline strips, and it holds no line break.
_NEEDS_WORK = re.compile(r"[\\`*_~\[\]!<&\xa0]")

# First characters of a line some terminator rule of a table (markdown-it's "blockquote"
# alternates: fence, blockquote, hr, list, html_block, heading) could start on; on any
# other line they all return False, so they are not called.
_TERMINATOR_STARTS = frozenset("`~>*-_+<#0123456789")


def _installed() -> tuple[BlockRule, Callable[[str], list[str]], Callable[[str], str], float]:
    """The installed markdown-it's table rule, escapedSplit, trim function and padding limit.

    Recent markdown-it-py trims CommonMark's white space (mdTrim), 4.0 and 3.x Python's
    (str.strip); 4.x stops padding short rows after 65k cells, 3.x never does.
    """
    # the module: markdown_it.rules_block exports the rule function under the same name
    gfm = importlib.import_module("markdown_it.rules_block.table")
    return gfm.table, gfm.escapedSplit, getattr(gfm, "mdTrim", str.strip), \
        getattr(gfm, "MAX_AUTOCOMPLETED_CELLS", math.inf)


def _delimiter_may_follow(state: StateBlock, start: int, end: int) -> bool:
    """False where markdown-it's table rule returns False at once: no line after ``start``, or one
    that is empty or opens with none of "|", "-", ":" (a delimiter row's first character). Most
    lines are told so without calling the rule."""
    if start + 2 > end:
        return False
    pos = state.bMarks[start + 1] + state.tShift[start + 1]
    return pos < state.eMarks[start + 1] and state.src[pos] in "|-:"


def table_rule() -> BlockRule:
    """A block rule to put in place of markdown-it's ``table``: same tables, one token each."""
    gfm_table, escaped_split, trim, limit = _installed()

    def split(text: str) -> list[str]:
        # escapedSplit and str.split agree on a line without a backslash
        cols = escaped_split(text) if "\\" in text else text.split("|")
        if cols and cols[0] == "":
            cols.pop(0)
        if cols and cols[-1] == "":
            cols.pop()
        return cols

    def body(state: StateBlock, line: int, end: int, ncols: int) -> tuple[list[list[str]], int]:
        """The body rows from ``line`` on, and the line after them (markdown-it's loop)."""
        src, bmarks, emarks, tshift, scount = state.src, state.bMarks, state.eMarks, state.tShift, state.sCount
        terminators = state.md.block.ruler.getRules("blockquote")
        rows: list[list[str]] = []
        autocompleted = 0
        while line < end and scount[line] >= state.blkIndent:
            pos = bmarks[line] + tshift[line]
            if pos >= emarks[line]:
                break  # a blank line (no terminator rule starts on one)
            if src[pos] in _TERMINATOR_STARTS and any(rule(state, line, end, True) for rule in terminators):
                break
            text = trim(src[pos:emarks[line]])
            if not text or state.is_code_block(line):
                break
            cols = split(text)
            autocompleted += ncols - len(cols)
            if autocompleted > limit:
                break
            row = [trim(c) for c in cols[:ncols]]
            rows.append(row + [""] * (ncols - len(row)))
            line += 1
        return rows, line

    def rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        if not _delimiter_may_follow(state, start, end) or not gfm_table(state, start, end, True):
            return False  # markdown-it decides where a table starts
        if silent:
            return True
        first = state.bMarks[start] + state.tShift[start]
        header = [trim(c) for c in split(trim(state.src[first:state.eMarks[start]]))]
        old_parent, state.parentType = state.parentType, "table"  # as markdown-it's rule, for its terminators
        rows, after = body(state, start + 2, end, len(header))
        state.parentType = old_parent
        token = state.push("gfm_table", "table", 0)
        token.map = [start, after]
        token.meta = {"rows": [header, *rows]}
        state.line = after
        return True

    return rule


def cells_rule(state: StateCore) -> None:
    """Core rule after ``inline``: each ``gfm_table`` cell's raw text becomes its inline text,
    cleaned as the reader cleans inline text (:func:`~govreport_io.repair.cjk.clean_inline`)."""
    md, env = state.md, state.env
    done: dict[str, str] = {}  # equal cells parse alike (the env is the document's): "&nbsp;", "<br>" …
    for token in state.tokens:
        if token.type != "gfm_table":
            continue
        for row in token.meta["rows"]:
            if not _NEEDS_WORK.search("\n".join(row)):  # one search a row: most rows are plain
                continue
            for k, raw in enumerate(row):
                if raw in done:
                    row[k] = done[raw]
                elif INLINE_MARKUP.search(raw):
                    children: list[Token] = []
                    md.inline.parse(raw, md, env, children)
                    row[k] = done[raw] = clean_inline(children_text(children))
                elif "\xa0" in raw:
                    row[k] = done[raw] = clean_inline(raw)
