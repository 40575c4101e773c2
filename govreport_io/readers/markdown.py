"""Markdown: read with markdown-it-py, GFM pipe tables and tab-separated tables.

markdown-it-py's CommonMark preset has tables off, and its table rule needs pipes and a
delimiter row; captured reports often hold tab-separated tables, so a block rule of our
own reads a run of two or more lines with tabs as a table.

PDF-to-Markdown tools write a PDF's text lines as Markdown lines: a heading line with its
wrapped paragraph right under it (CommonMark would merge them into one paragraph), page
footers "— 4 —", pipe tables broken into pieces. Such a file is recognised by those lines
and read line by line instead: its runs of text as the text reader reads PDF text (the
same unwrapping), its pipe lines as tables, its ATX lines as headings.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from ..blocks import NOWHERE, Block, Cell, Field, SourcePos, Table
from ..repair.cjk import clean_inline, is_page_furniture, plain_character, starts_block
from ..repair.fields import field_from_line
from ..repair.make import at_line, cell, heading, paragraph
from ._context import ReadContext, decode_text, sniff_head
from ._md_inline import children_text, inline_rule
from ._md_table import BlockRule, cells_rule, table_rule
from .text import _is_delimiter_row, parse_text, stripped_cell

if TYPE_CHECKING:  # markdown-it-py is imported when reading, not when the registry sniffs
    from markdown_it import MarkdownIt
    from markdown_it.rules_block import StateBlock
    from markdown_it.token import Token


def sniff(data: bytes) -> int:
    """Likely for an ATX heading ("# …"), or a pipe table with its delimiter row."""
    lines = sniff_head(data, 16384).splitlines()
    atx = sum(1 for ln in lines if ln.startswith("#") and ln.lstrip("#").startswith(" "))
    pipes = sum(1 for ln in lines if ln.startswith("|") and ln.rstrip().endswith("|"))
    delim = any(set(ln.replace(" ", "")) <= set("|:-") and "---" in ln for ln in lines)
    if atx >= 1:
        return 70
    return 60 if pipes and delim else 0


def _is_tab_row(line: str) -> bool:
    body = line.rstrip("\r\n")
    return bool(body.strip()) and ("\t" in body.strip(" ") or (body.startswith("\t") and len(body.strip()) > 0))


def _tab_table(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    # parentType is not reliable here (markdown-it-py leaves it at "paragraph" after a
    # paragraph), so only the nesting level is checked.
    if state.level > 0 or "\t" not in state.src[state.bMarks[start]:state.eMarks[start]]:
        return False
    line = start
    rows: list[list[str]] = []
    while line < end:
        text = state.src[state.bMarks[line]:state.eMarks[line]]
        if not _is_tab_row(text):
            break
        rows.append(text.strip(" ").split("\t"))
        line += 1
    if len(rows) < 2:
        return False
    if silent:
        return True
    token = state.push("tab_table", "table", 0)
    token.map = [start, line]
    token.meta = {"rows": rows}
    state.line = line
    return True


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return make_parser()


def make_parser(guards: bool = True) -> MarkdownIt:
    """The reader's Markdown parser; ``guards``: markdown-it's block rules not called on lines they
    cannot start on (without: the rules as markdown-it has them, for the tests)."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    md.block.ruler.before("table", "tab_table", _tab_table, {"alt": ["paragraph"]})
    md.block.ruler.at("table", table_rule(), {"alt": ["paragraph", "reference"]})
    for rule in md.block.ruler.__rules__ if guards else []:
        if rule.name in _RULE_STARTS:
            md.block.ruler.at(rule.name, _guarded(rule.fn, _RULE_STARTS[rule.name]), {"alt": list(rule.alt)})
        elif rule.name == "code":
            md.block.ruler.at(rule.name, _guarded_code(rule.fn), {"alt": list(rule.alt)})
    md.core.ruler.at("inline", inline_rule)
    md.core.ruler.after("inline", "gfm_table_cells", cells_rule)
    return md


# The characters each of markdown-it's block rules can start on (after the indent: CommonMark's
# markers). On a line opening with any other character the rule returns False at once, having
# changed nothing; the guard answers so without calling it (an interpreted call, with a log
# call, for every rule at every block and, as terminators, at every line of a paragraph).
_RULE_STARTS = {"fence": "`~", "blockquote": ">", "hr": "*-_", "list": "*-+0123456789", "reference": "[",
                "html_block": "<", "heading": "#"}


def _guarded(rule: BlockRule, starts: str) -> BlockRule:
    """``rule``, not called on a line whose first character is none of ``starts``."""
    def guard(state: StateBlock, line: int, end: int, silent: bool) -> bool:
        pos = state.bMarks[line] + state.tShift[line]
        if pos < state.eMarks[line] and state.src[pos] not in starts:
            return False
        return rule(state, line, end, silent)

    return guard


def _guarded_code(rule: BlockRule) -> BlockRule:
    """The indented code rule, not called on a line indented by less than four columns (it is then
    no code block, and the rule returns False at once)."""
    def guard(state: StateBlock, line: int, end: int, silent: bool) -> bool:
        if state.sCount[line] - state.blkIndent < 4:
            return False
        return rule(state, line, end, silent)

    return guard


def _inline_text(token: Token) -> str:
    return children_text(token.children or [])


def _paragraph_blocks(raw: str, pos: SourcePos, head: bool) -> list[Block]:
    """A paragraph; at the head of the document, one whose every line is "索引号：…" is fields."""
    if head:
        lines = [ln for ln in raw.split("\n") if ln.strip()]
        fields = [field_from_line(ln, pos) for ln in lines]
        if lines and all(f is not None for f in fields):
            return [f for f in fields if isinstance(f, Field)]
    content = clean_inline(raw)
    return [paragraph(content, pos)] if content else []


def _table(rows: list[list[str]], strip: bool, pos: SourcePos) -> Table:
    """A table of the raw cells, stripped when ``strip`` (else already clean); a short cell is
    made once for every read (frozen: a report's numbers repeat, and making a Cell costs more
    than looking one up)."""
    if strip:
        return Table(tuple([tuple([stripped_cell(raw) for raw in r]) for r in rows]), pos)
    return Table(tuple([tuple([cell(raw) for raw in r]) for r in rows]), pos)


def _literal_lines(tok: Token, line: int | None) -> list[Block]:
    """Code and raw HTML blocks: each non-blank line a paragraph (captures put text there)."""
    return [paragraph(ln.strip(), at_line((line or 0) + n))
            for n, ln in enumerate(tok.content.splitlines()) if ln.strip()]


def _blocks_at(tokens: list[Token], i: int, head: bool) -> tuple[list[Block], int]:
    """The blocks made of the token at ``i`` (and those it opens) and the index after them."""
    tok = tokens[i]
    kind = tok.type
    line = tok.map[0] + 1 if tok.map else None
    pos = NOWHERE if line is None else at_line(line)  # SourcePos(line=line), made once
    if kind == "heading_open":
        return [heading(clean_inline(_inline_text(tokens[i + 1])), int(tok.tag[1:]), pos)], i + 3
    if kind == "paragraph_open":
        return _paragraph_blocks(_inline_text(tokens[i + 1]), pos, head), i + 3
    if kind == "tab_table":
        return [_table(tok.meta["rows"], True, pos)], i + 1
    if kind == "gfm_table":
        return [_table(tok.meta["rows"], False, pos)], i + 1
    if kind in ("fence", "code_block", "html_block"):
        return _literal_lines(tok, line), i + 1
    if kind == "inline":
        content = clean_inline(_inline_text(tok))
        return ([paragraph(content, pos)] if content else []), i + 1
    return [], i + 1


def _is_text_line(line: str) -> bool:
    """A line that is running text for Markdown: no table (pipes or tabs), heading, list, quote or fence."""
    s = line.strip()
    return bool(s) and "\t" not in line and not line.startswith("    ") \
        and not s.startswith(("|", "#", ">", "```", "~~~", "- ", "* ", "+ "))


def is_pdf_text(lines: list[str]) -> bool:
    """Whether Markdown lines are a PDF's text lines: page footers, or a numbered heading
    line followed at once by more text (a Markdown writer leaves a blank line there)."""
    # each count left as soon as the evidence is enough (it only grows): PDF text is told
    # at its first page footers, not after all its lines
    footers = 0
    for ln in lines:
        # a line opening or ending with a plain character (no white space: its strip opens or
        # ends with it too) is no page number; most lines are told so without the strip
        if ln and (plain_character(ord(ln[0])) or plain_character(ord(ln[-1]))):
            continue
        if is_page_furniture(ln.strip()):
            footers += 1
            if footers >= 2:
                return True
    glued = 0
    after_heading = False  # the line before is a short numbered heading of text
    for ln in lines:
        if after_heading and _is_text_line(ln):
            glued += 1
            if glued >= 2 or footers >= 1:
                return True
        # _is_text_line's tests of tabs and indent first, then starts_block: most lines are told
        # by a scan or their first character, before the regex or the strip
        after_heading = "\t" not in ln and not ln.startswith("    ") and starts_block(ln) and _is_text_line(ln) \
            and len(ln.strip()) <= 40 and not any(p in ln for p in "，。；,;")
    return False


def _pipe_table(lines: list[str], start: int) -> Table:
    """The pipe lines of one run as a table: delimiter rows dropped, border pipes removed.
    A run of one row is a table too (a PDF-to-Markdown tool gives each row its delimiter)."""
    rows: list[tuple[Cell, ...]] = []
    for ln in lines:
        s = ln.strip()
        body = s[1:] if s.startswith("|") else s
        body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
        cells = [c.strip() for c in body.split("|")]
        if _is_delimiter_row(cells):  # every cell made of "-", ":" and spaces, with a "-"
            continue
        rows.append(tuple([cell(clean_inline(c)) for c in cells]))
    return Table(tuple(rows), at_line(start))


def _chunk_kind(line: str) -> str:
    s = line.strip()
    if s.startswith("|") and s.count("|") >= 2:
        return "pipe"
    if s.startswith("#") and s.lstrip("#").startswith(" ") and len(s) - len(s.lstrip("#")) <= 6:
        return "atx"
    return "text"


# More empty lines than any head of a text the text reader looks at (a crawler capture is
# known by its first 20 lines): a run padded with this many reads as one padded with every
# line before it would, but for line numbers, which are shifted after. Padding with every
# line before it made a file of many runs cost the square of its length.
_PAD = 32


def _text_run(lines: list[str], i: int, j: int, ctx: ReadContext) -> list[Block]:
    """Lines ``i`` to ``j`` read by the text reader, with the file's line numbers (its warnings too)."""
    pad = min(i, _PAD)
    return parse_text("\n" * pad + "\n".join(lines[i:j]), ctx, i - pad)


def _head_fields(blocks: list[Block], before: list[Block]) -> list[Block]:
    """A run's blocks, header fields ("索引号：…") kept as fields only at the head of the file
    (nothing but fields ``before`` them); a later one is a paragraph of its line, not dropped.

    (Written as a generator filter on ``before`` while extending it, this kept the first field
    of the head alone in pure Python, which evaluates the filter as the list grows, and all of
    them compiled.)"""
    head = all(isinstance(b, Field) for b in before)
    out: list[Block] = []
    for b in blocks:
        if isinstance(b, Field) and not head:
            b = paragraph(f"{b.key}：{b.value}", b.pos)
        head = head and isinstance(b, Field)
        out.append(b)
    return out


def read_pdf_text(text: str, ctx: ReadContext) -> list[Block]:
    """Blocks of Markdown made of PDF text lines (see the module docstring).

    Each run of text lines is read by the text reader (its line numbers those of the file);
    pipe runs are tables, ATX lines headings.
    """
    lines = text.split("\n")
    out: list[Block] = []
    i = 0
    while i < len(lines):
        kind = _chunk_kind(lines[i])
        j = i + 1
        while j < len(lines) and kind != "atx" and _chunk_kind(lines[j]) == kind:
            j += 1
        if kind == "pipe":
            out.append(_pipe_table(lines[i:j], i + 1))
        elif kind == "atx":
            title = clean_inline(lines[i].strip().lstrip("#").strip().rstrip("#").strip())
            if title:
                out.append(heading(title, len(lines[i].strip()) - len(lines[i].strip().lstrip("#")),
                                    at_line(i + 1)))
        else:
            out.extend(_head_fields(_text_run(lines, i, j, ctx), out))
        i = j
    return out


def read(data: bytes, ctx: ReadContext) -> list[Block]:
    """Blocks of a Markdown document (PDF text lines written as Markdown read as such)."""
    text = decode_text(data, ctx).replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if is_pdf_text(text.split("\n")):
        return read_pdf_text(text, ctx)
    tokens = _parser().parse(text)
    out: list[Block] = []
    head = True  # header fields only come before any content
    i = 0
    while i < len(tokens):
        blocks, i = _blocks_at(tokens, i, head)
        out.extend(blocks)
        head = head and all(isinstance(b, Field) for b in blocks)
    return out
