"""Page furniture: page numbers and running heads, removed with a warning each."""

from __future__ import annotations

from ...blocks import SourcePos
from ...diagnostics import WarningCode
from ...repair.cjk import is_page_furniture
from .._context import ReadContext
from .lines import Line
from .settings import PdfSettings
from .tables import TableItem

Item = Line | TableItem


def drop_page_numbers(lines: list[Line], pno: int, ctx: ReadContext) -> list[Line]:
    """Lines other than page numbers ("— 3 —", "- 4 -"), wherever on the page they fall."""
    kept = []
    for ln in lines:
        if is_page_furniture(ln.text):
            ctx.warn(WarningCode.FURNITURE, f"page number {ln.text.strip()!r} removed", SourcePos(page=pno))
        else:
            kept.append(ln)
    return kept


def drop_running_heads(items: list[Item], npages: int, ctx: ReadContext, s: PdfSettings) -> list[Item]:
    """Remove running headers and footers: the same text at the same height on most pages.

    Digits are ignored in the comparison, so "第 3 页 共 6 页" repeats too. Only the top
    and bottom edge of a page are searched, and only in documents long enough to tell.
    """
    if npages < s.running_min_pages:
        return items
    lines = [it for it in items if isinstance(it, Line)]
    if not lines:
        return items
    height = max(ln.bottom for ln in lines)

    def key(ln: Line) -> tuple[str, int]:
        return "".join("#" if ch.isdigit() else ch for ch in ln.text.strip()), round(ln.top / s.running_bucket)

    def at_edge(ln: Line) -> bool:
        return ln.top < height * s.running_edge or ln.bottom > height * (1 - s.running_edge)

    pages_of: dict[tuple[str, int], set[int]] = {}
    for ln in lines:
        if at_edge(ln):
            pages_of.setdefault(key(ln), set()).add(ln.page)
    running = {k for k, pages in pages_of.items() if len(pages) >= max(s.running_min_pages, npages // 2) and k[0]}
    if not running:
        return items
    out: list[Item] = []
    for it in items:
        if isinstance(it, Line) and at_edge(it) and key(it) in running:
            ctx.warn(WarningCode.FURNITURE, f"running head {it.text.strip()!r} removed", SourcePos(page=it.page))
            continue
        out.append(it)
    return out
