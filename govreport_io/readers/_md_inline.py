"""Inline text for the Markdown reader without running the inline parser on plain text.

Most paragraphs, headings and table cells of a report hold no character any inline rule
of the reader's parser acts on; the inline parser turns such text into one text token
equal to it, at a cost per token. The core rule here makes that token directly and runs
the parser on the rest.

markdown-it is imported inside the rule: importing a reader imports no parser.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it.rules_core import StateCore
    from markdown_it.token import Token

# Characters some inline rule of the reader's parser acts on (escape, backticks, emphasis,
# strikethrough, link, image, autolink, html_inline, entity). Any other text on one line
# comes out of the inline parser as one text token equal to the input.
INLINE_MARKUP = re.compile(r"[\\`*_~\[\]!<&]")
# ... and the newline rule, on text of more than one line
_MARKUP_OR_BREAK = re.compile(r"[\\`*_~\[\]!<&\n]")


def children_text(children: list[Token]) -> str:
    """The text of inline tokens: text, code, inline HTML and image alt text; breaks as newlines."""
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "text_special", "code_inline", "html_inline", "image"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts)


def inline_rule(state: StateCore) -> None:
    """markdown-it's core ``inline`` rule, but plain text becomes its one text token directly."""
    from markdown_it.token import Token

    md, env = state.md, state.env
    for token in state.tokens:
        if token.type != "inline":
            continue
        if token.children is None:
            token.children = []
        if token.content and not _MARKUP_OR_BREAK.search(token.content):
            token.children.append(Token("text", "", 0, content=token.content))
        else:
            md.inline.parse(token.content, md, env, token.children)
