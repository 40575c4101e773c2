"""A blank form to fill in: every section under its official heading, every cell null (never 0)."""

from __future__ import annotations

from .form import template as T
from .form.template import Form
from .model import Report, Section


def blank_report(form: Form | None = None, *, organ: str | None = None, year: int | None = None) -> Report:
    """An empty report of the official form for ``organ`` and ``year``.

    The form follows the year when not given (2019 and 2020: the 2019 form; later: the
    2021 form). The title is the usual one when both organ and year are known; the six
    sections carry their official headings and no prose; every table cell is null, so
    that a cell left unfilled stays visibly blank and ``validate --complete`` lists it.
    """
    if form is None:
        form = "2019" if year is not None and year <= 2020 else "2021"
    title = f"{organ}{year}年政府信息公开工作年度报告" if organ and year else None
    sections = tuple(Section(n, T.SECTION_TITLES[n]) for n in range(1, 7))
    return Report(form=form, title=title, organ=organ, year=year, sections=sections)
