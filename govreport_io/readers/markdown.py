"""Markdown: read with markdown-it-py, GFM pipe tables and tab-separated tables.

markdown-it-py's CommonMark preset has tables off, and its table rule needs pipes and a
delimiter row; captured reports often hold tab-separated tables, so a block rule of our
own reads a run of two or more lines with tabs as a table.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from ..blocks import Block, Cell, Field, Heading, Paragraph, SourcePos, Table
from ..repair.cjk import clean_inline
from ..repair.fields import field_from_line
from ._context import ReadContext, decode_text, sniff_head

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
    if state.level > 0:
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
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    md.block.ruler.before("table", "tab_table", _tab_table, {"alt": ["paragraph"]})
    return md


def _inline_text(token: Token) -> str:
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts)


def read(data: bytes, ctx: ReadContext) -> list[Block]:
    """Blocks of a Markdown document."""
    text = decode_text(data, ctx).replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    tokens = _parser().parse(text)
    out: list[Block] = []
    seen_content = False
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        line = tok.map[0] + 1 if tok.map else None
        if tok.type == "heading_open":
            inline = tokens[i + 1]
            out.append(Heading(clean_inline(_inline_text(inline)), int(tok.tag[1:]), SourcePos(line=line)))
            seen_content = True
            i += 3
            continue
        if tok.type == "paragraph_open":
            inline = tokens[i + 1]
            raw = _inline_text(inline)
            if not seen_content:
                lines = [ln for ln in raw.split("\n") if ln.strip()]
                fields = [field_from_line(ln, SourcePos(line=line)) for ln in lines]
                if lines and all(f is not None for f in fields):
                    out.extend(f for f in fields if isinstance(f, Field))
                    i += 3
                    continue
            content = clean_inline(raw)
            if content:
                out.append(Paragraph(content, SourcePos(line=line)))
                seen_content = True
            i += 3
            continue
        if tok.type == "tab_table":
            rows = tok.meta["rows"]
            out.append(Table(tuple(tuple(Cell(c.strip()) for c in r) for r in rows),
                             SourcePos(line=line)))
            seen_content = True
            i += 1
            continue
        if tok.type == "table_open":
            rows_out: list[list[str]] = []
            j = i + 1
            while tokens[j].type != "table_close":
                if tokens[j].type == "tr_open":
                    rows_out.append([])
                elif tokens[j].type == "inline" and rows_out:
                    rows_out[-1].append(clean_inline(_inline_text(tokens[j])))
                j += 1
            out.append(Table(tuple(tuple(Cell(c) for c in r) for r in rows_out), SourcePos(line=line)))
            seen_content = True
            i = j + 1
            continue
        if tok.type in ("fence", "code_block", "html_block") and tok.content.strip():
            for n, ln in enumerate(tok.content.splitlines()):
                if ln.strip():
                    out.append(Paragraph(ln.strip(), SourcePos(line=(line or 0) + n)))
            seen_content = True
        elif tok.type == "inline":
            content = clean_inline(_inline_text(tok))
            if content:
                out.append(Paragraph(content, SourcePos(line=line)))
                seen_content = True
        i += 1
    return out
