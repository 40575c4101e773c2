"""The model's quick checks accept and refuse exactly what its plain checks do (issue #13).

The constructors test the common case in C-level passes (``str.isprintable``, type sets) and
build a message only for a value they refuse; each property here compares them with the plain
check they stand in for, written as it was.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govreport_io.errors import ModelError
from govreport_io.form import template as T
from govreport_io.model import Block, Report, Section, _active_kinds, _check_text, _check_value, _valid_text

# line breaks, control characters, spaces of every kind, CJK and full-width punctuation
_HOSTILE = st.sampled_from(list("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\x00\x07\x08\t\x1f\x7f\x9f \u3000\u00a0"
                                "\u200b\ufeff中文，。|#<&0１"))
_TEXTS = st.text(alphabet=_HOSTILE | st.characters(), max_size=12)


def _plain_accepts(text: object) -> bool:
    try:
        _check_text(text, "text")
    except ModelError:
        return False
    return True


@settings(max_examples=600, deadline=None)
@given(_TEXTS | st.none() | st.integers() | st.binary(max_size=3))
def test_valid_text_is_check_text_without_the_message(text: object) -> None:
    assert _valid_text(text) == _plain_accepts(text)


def _outcome(make: Any) -> object:
    try:
        return make()
    except ModelError as exc:
        return ("refused", str(exc))


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["paragraph", "heading", "table", ""]), _TEXTS | st.none() | st.integers())
def test_a_block_refuses_as_the_plain_check_does(kind: str, text: Any) -> None:
    def plain() -> object:
        if kind not in ("paragraph", "heading"):
            raise ModelError(f"block kind must be 'paragraph' or 'heading', got {kind!r}")
        _check_text(text, f"{kind} text")
        return Block(kind, text)
    ours, reference = _outcome(lambda: Block(kind, text)), _outcome(plain)
    if isinstance(reference, tuple) and kind in ("paragraph", "heading"):
        assert ours == reference
    else:
        assert isinstance(ours, tuple) == isinstance(reference, tuple)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 6), _TEXTS, st.lists(st.sampled_from([Block("paragraph", "正文"), "正文", None]), max_size=3))
def test_a_section_refuses_as_the_plain_check_does(number: int, title: str, blocks: list[Any]) -> None:
    def plain() -> object:
        _check_text(title, f"section {number} title")
        wrong = [type(b).__name__ for b in blocks if not isinstance(b, Block)]
        if wrong:
            raise ModelError(f"section {number}: blocks must be Block, got {wrong[0]}")
        return Section(number, title, tuple(blocks))
    assert _outcome(lambda: Section(number, title, tuple(blocks))) == _outcome(plain)


# ---------------------------------------------------------------- tables, checked cell by cell as before

def _plain_active(form: T.Form, active: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    kinds = _active_kinds(form)
    out: dict[str, dict[str, Any]] = {r: {c: None for c in cols} for r, cols in kinds.items()}
    for row_key, cells in active.items():
        if row_key not in kinds:
            raise ModelError(f"active: no row {row_key!r}")
        for col_key, value in cells.items():
            if col_key not in kinds[row_key]:
                raise ModelError(f"active.{row_key}: no column {col_key!r}")
            out[row_key][col_key] = _check_value(value, kinds[row_key][col_key], f"active.{row_key}.{col_key}")
    return out


def _plain_reviews(reviews: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {g.key: {o.key: None for o in T.REVIEW_OUTCOMES} for g in T.REVIEW_GROUPS}
    for group, cells in reviews.items():
        if group not in out:
            raise ModelError(f"reviews: no group {group!r}")
        for key, value in cells.items():
            if key not in out[group]:
                raise ModelError(f"reviews.{group}: no outcome {key!r}")
            out[group][key] = _check_value(value, "count", f"reviews.{group}.{key}")
    return out


_VALUES = st.one_of(st.none(), st.integers(-5, 10**6), st.booleans(), st.sampled_from(["12.35", "1e5", "x", "", " 1"]),
                    st.floats(allow_nan=False, allow_infinity=False))


@st.composite
def _tables(draw: st.DrawFn) -> tuple[T.Form, dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    form = draw(st.sampled_from(T.FORMS))
    kinds = _active_kinds(form)
    rows = draw(st.lists(st.sampled_from([*kinds, "nope"]), max_size=4, unique=True))
    active = {}
    for r in rows:
        cols = [*kinds.get(r, {}), "nope"]
        active[r] = draw(st.dictionaries(st.sampled_from(cols), _VALUES, max_size=4))
    groups = [g.key for g in T.REVIEW_GROUPS]
    outcomes = [o.key for o in T.REVIEW_OUTCOMES]
    reviews = draw(st.dictionaries(st.sampled_from([*groups, "nope"]),
                                   st.dictionaries(st.sampled_from([*outcomes, "won"]), _VALUES, max_size=5),
                                   max_size=3))
    return form, active, reviews


@settings(max_examples=400, deadline=None)
@given(_tables())
def test_tables_are_accepted_and_refused_as_cell_by_cell(tables: tuple[T.Form, dict, dict]) -> None:
    form, active, reviews = tables
    try:
        expected: object = (_plain_active(form, active), _plain_reviews(reviews))
    except ModelError:
        expected = ModelError
    try:
        r = Report(form=form, active=active, reviews=reviews)
        got: object = ({k: dict(v) for k, v in r.active.items()}, {k: dict(v) for k, v in r.reviews.items()})
    except ModelError:
        got = ModelError
    assert got == expected


def test_a_report_keeps_its_tables_to_itself() -> None:
    """The tables the constructor hands to its read-only views are its own copies: changing the
    caller's dictionaries afterwards changes nothing in the report."""
    active = {"licensing": {"decisions": 3}}
    reviews = {"review": {"upheld": 1}}
    r = Report(active=active, reviews=reviews)
    active["licensing"]["decisions"] = 99
    reviews["review"]["upheld"] = 99
    assert r.active["licensing"]["decisions"] == 3 and r.reviews["review"]["upheld"] == 1
    with pytest.raises(TypeError):
        r.active["licensing"]["decisions"] = 5  # type: ignore[index]
