"""PDF: read by geometry, from characters and ruling lines, not from extracted text.

- text is built from the glyphs the PDF really holds, so the spaces that text extraction
  inserts into justified Chinese never appear;
- ruled tables are found from their lines; merged cells become spans, text stacked one
  character per line stays inside its cell, and a table cut by a page break is joined back
  (a row cut in two included);
- paragraphs come from geometry: a first-line indent, or a previous line that ended short
  though the next word would have fit, starts one;
- page numbers ("— 3 —", "- 4 -") and running heads are removed, with a warning.

Two backends give the characters and lines: ``"pdfium"`` (default; pypdfium2's raw API,
fast and robust) and ``"pdfplumber"`` (the reference). Every tolerance is a named field of
:class:`PdfSettings`. Read options: ``backend`` and ``settings``.

The modules: ``settings`` (tolerances and limits), ``geometry`` (what a backend gives),
``backend_pdfium`` / ``backend_pdfplumber``, ``lines`` (characters into lines),
``tables`` (ruled tables), ``furniture`` (page numbers, running heads), ``layout``
(paragraphs, headings, tables joined across pages).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ...blocks import Block
from ...errors import ReadError, UnsafeInputError
from .._context import ReadContext
from . import guards
from .geometry import PageContent
from .settings import DEFAULT_SETTINGS, PdfSettings

__all__ = ["BACKENDS", "OPTIONS", "PdfSettings", "read", "sniff"]

OPTIONS: frozenset[str] = frozenset({"backend", "settings"})
"""Read options this reader takes from ``ReadContext.options``."""

BACKENDS = ("pdfium", "pdfplumber")
"""Backend names for the ``backend`` option; the first is the default."""

PageReader = Callable[[bytes, ReadContext, PdfSettings], Iterator[PageContent]]


def sniff(data: bytes) -> int:
    """100 when the bytes open as a PDF (``%PDF`` in the first KiB), else 0."""
    head = data[:1024]
    return 100 if head.lstrip().startswith(b"%PDF") or b"%PDF-" in head else 0


def _options(ctx: ReadContext) -> tuple[PageReader, PdfSettings, str]:
    backend = ctx.options.get("backend", BACKENDS[0])
    settings = ctx.options.get("settings", DEFAULT_SETTINGS)
    if not isinstance(settings, PdfSettings):
        raise ReadError("the PDF option settings must be a PdfSettings", source=ctx.source)
    if backend == "pdfium":
        from . import backend_pdfium

        return backend_pdfium.pages, settings, backend
    if backend == "pdfplumber":
        from . import backend_pdfplumber

        return backend_pdfplumber.pages, settings, backend
    raise ReadError(f"unknown PDF backend {backend!r}; expected one of {', '.join(BACKENDS)}", source=ctx.source)


def _check_pages(data: bytes, ctx: ReadContext) -> int:
    """The page count, refused over the limit before any page is parsed."""
    from .backend_pdfium import page_count

    count = page_count(data, ctx)
    if count > ctx.max_pages:
        raise UnsafeInputError(f"the PDF has {count} pages, over the limit of {ctx.max_pages}", source=ctx.source)
    return count


def read(data: bytes, ctx: ReadContext) -> list[Block]:
    """Blocks of a PDF from its geometry."""
    from .furniture import Item, drop_page_numbers, drop_running_heads
    from .layout import flow, join_tables
    from .lines import chars_to_lines
    from .tables import page_tables

    pages, s, name = _options(ctx)
    npages = _check_pages(data, ctx)
    guards.check_content(data, ctx, s)
    if name == "pdfplumber":
        guards.check_widths(data, ctx, s)  # pdfium reads a broken /W table in bounded time
    items: list[Item] = []
    nchars = unmapped = 0
    for page in pages(data, ctx, s):
        nchars += len(page.chars)
        unmapped += page.unmapped
        tables, rest = page_tables(page.chars, page.edges, page.number, s) if page.edges else ([], page.chars)
        lines = drop_page_numbers(chars_to_lines(rest, page.number, s), page.number, ctx)
        page_items: list[Item] = [*lines, *tables]
        page_items.sort(key=lambda it: it.top)
        items.extend(page_items)
    if nchars == 0:
        raise ReadError("the PDF has no text layer (a scan?); run OCR first", source=ctx.source)
    if unmapped > s.unmapped_share * nchars:
        raise ReadError(f"{unmapped} of {nchars} characters have no Unicode mapping in their font "
                        "(the PDF shows text it cannot give back); run OCR on it", source=ctx.source)
    items = drop_running_heads(items, npages, ctx, s)
    return flow(join_tables(items, s), s)
