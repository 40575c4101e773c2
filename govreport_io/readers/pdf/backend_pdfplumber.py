"""The reference backend: characters and ruling lines as pdfplumber (pdfminer) gives them.

Slower than pdfium and less robust on damaged files, kept to check the default backend
against (``read(path, backend="pdfplumber")``) and for PDFs pdfium reads differently.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from itertools import pairwise
from typing import Any

from ...conventions import PDF_TAB_TAG
from ...errors import ReadError, UnsafeInputError
from .._context import ReadContext
from .geometry import Char, Edge, PageContent, char_at, is_bold_font, rect_edges
from .settings import PdfSettings


def quiet_loggers() -> None:
    """Keep pdfminer's and pdfplumber's log lines off stderr unless the user asked for them.

    A NullHandler stops Python's last-resort handler; a user who configures logging (or
    these loggers) still gets the records.
    """
    for name in ("pdfminer", "pdfplumber"):
        logger = logging.getLogger(name)
        if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
            logger.addHandler(logging.NullHandler())


def _open(data: bytes, ctx: ReadContext) -> Any:
    import pdfplumber

    quiet_loggers()
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        _ = pdf.pages
    except Exception as exc:  # pdfminer raises many kinds on damaged files; none reaches the user
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
        if "password" in str(inner).lower() or "encrypt" in type(inner).__name__.lower():
            raise ReadError("the PDF is encrypted; give a decrypted copy", source=ctx.source) from exc
        raise ReadError("not a readable PDF: its structure is damaged", source=ctx.source) from exc
    return pdf


def _chars(page: Any, settings: PdfSettings) -> tuple[list[Char], int]:
    out: list[Char] = []
    unmapped = 0
    bold_of: dict[str, bool] = {}
    for c in page.chars:
        text = c["text"]
        if not text or text in ("\n", "\r") or not c.get("upright", True):
            continue
        if text.startswith("(cid:"):
            unmapped += 1
        if c.get("tag") == PDF_TAB_TAG:
            text = "\t"
        font = str(c.get("fontname", ""))
        bold = bold_of.get(font)
        if bold is None:
            bold = bold_of[font] = is_bold_font(font)
        # the baseline, from the text matrix: pdfminer's box bottom sits at the font's descent
        baseline = c["bottom"] - (c["matrix"][5] - c["y0"])
        out.append(char_at(text, c["x0"], c["x1"], baseline, c["size"], bold, settings))
    return out, unmapped


def _edges(page: Any, settings: PdfSettings) -> list[Edge]:
    out: list[Edge] = []
    slack = settings.axis_slack

    def segment(ax: float, ay: float, bx: float, by: float) -> None:
        if abs(ay - by) <= slack:
            out.append(Edge("h", min(ax, bx), ay, max(ax, bx), ay))
        elif abs(ax - bx) <= slack:
            out.append(Edge("v", ax, min(ay, by), ax, max(ay, by)))

    for ln in page.lines:
        pts = ln.get("pts") or [(ln["x0"], ln["top"]), (ln["x1"], ln["bottom"])]
        segment(*pts[0], *pts[-1])
    for rc in page.rects:
        out.extend(rect_edges(rc["x0"], rc["top"], rc["x1"], rc["bottom"]))
    for cv in page.curves:
        pts = cv.get("pts") or []
        for (ax, ay), (bx, by) in pairwise(pts):
            segment(ax, ay, bx, by)
    return out


def pages(data: bytes, ctx: ReadContext, settings: PdfSettings) -> Iterator[PageContent]:
    """The pages of a PDF, read by pdfplumber (the page count was checked before)."""
    pdf = _open(data, ctx)
    with pdf:
        for pno, page in enumerate(pdf.pages, start=1):
            try:
                chars, unmapped = _chars(page, settings)
                edges = _edges(page, settings)
            except ReadError:
                raise
            except Exception as exc:  # pdfminer fails in many ways on damaged content
                raise ReadError("the page could not be read: its content is damaged",
                                source=ctx.source, where=f"page {pno}") from exc
            if len(chars) > settings.max_chars_per_page:
                raise UnsafeInputError(f"over {settings.max_chars_per_page} characters on one page",
                                       source=ctx.source, where=f"page {pno}")
            yield PageContent(pno, chars, edges, unmapped)
            page.flush_cache()
