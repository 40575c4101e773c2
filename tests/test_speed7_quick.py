"""The model's compiled table checks (govreport_io._quick) answer as the C-level passes they replace (issue #13).

``Report`` asks :mod:`govreport_io._quick` whether a table has the recogniser's shape (every row
and column of the form, in order, integers or nulls). The references below are the checks as they
were, in ``map``/``issuperset`` passes over every cell; the module is compared with them both as
installed (compiled when the build compiled it) and as its Python source, on the hostile tables
of tests/test_speed_fixed6_model.py.
"""

from __future__ import annotations

import importlib.util
from itertools import chain
from pathlib import Path
from types import ModuleType
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from govreport_io import _quick
from govreport_io.form import template as T
from govreport_io.model import _active_kinds, _quick_cell

from .test_speed_fixed6_model import _active, _requests, _reviews


def _source_module() -> ModuleType:
    """govreport_io/_quick.py run as Python source, whether or not the install compiled it."""
    path = Path(_quick.__file__).with_name("_quick.py")
    spec = importlib.util.spec_from_file_location("_quick_source", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_SOURCE = _source_module()
_INT_OR_NULL = frozenset({int, type(None)})


def _old_requests(requests: dict[Any, Any], keys: tuple[str, ...]) -> bool:
    """The former ``_quick_requests`` past its type test, as a yes or no."""
    if tuple(requests) != keys:
        return False
    rows = tuple(requests.values())
    return (frozenset({tuple}).issuperset(map(type, rows)) and frozenset({7}).issuperset(map(len, rows))
            and _INT_OR_NULL.issuperset(map(type, chain.from_iterable(rows))))


def _old_cells(table: dict[Any, Any], keys: tuple[str, ...], kinds: tuple[tuple[tuple[str, str], ...], ...]) -> bool:
    """The former ``_quick_active`` / ``_quick_reviews`` past their type tests: keys in order, each
    row an exact dict of its columns in order, integer cells ints or nulls, the others _quick_cell."""
    if tuple(table) != keys:
        return False
    rows = tuple(table.values())
    if not frozenset({dict}).issuperset(map(type, rows)):
        return False
    if tuple(map(len, rows)) != tuple(map(len, kinds)):
        return False
    if tuple(chain.from_iterable(rows)) != tuple(c for row in kinds for c, _ in row):
        return False
    values = tuple(chain.from_iterable(map(dict.values, rows)))
    cell_kinds = [k for row in kinds for _, k in row]
    return all(_quick_cell(v, k) if k not in ("count", "signed") else type(v) in _INT_OR_NULL  # type: ignore[arg-type]
               for v, k in zip(values, cell_kinds))


def _active_shape(form: T.Form) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...], tuple[tuple[bool, ...], ...],
                                         tuple[tuple[tuple[str, str], ...], ...]]:
    kinds = _active_kinds(form)
    rows = tuple(tuple(cols.items()) for cols in kinds.values())
    return (tuple(kinds), tuple(tuple(c for c, _ in r) for r in rows),
            tuple(tuple(k in ("count", "signed") for _, k in r) for r in rows), rows)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_rows_of_integers_is_the_former_check(data: st.DataObject) -> None:
    form = data.draw(st.sampled_from(T.FORMS))
    requests = data.draw(_requests(form))
    if type(requests) is not dict or "generator" in requests.values():
        return  # the model asks only of exact dicts (a generator row would be used up by one reader)
    keys = T.request_row_keys(form)
    expected = _old_requests(requests, keys)
    assert _quick.rows_of_integers(requests, keys, 7) is expected
    assert _SOURCE.rows_of_integers(requests, keys, 7) is expected


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_rows_of_cells_is_the_former_check(data: st.DataObject) -> None:
    form = data.draw(st.sampled_from(T.FORMS))
    if data.draw(st.booleans()):
        table = data.draw(_active(form))
        keys, cols, counted, kinds = _active_shape(form)
    else:
        table = data.draw(_reviews())
        keys = tuple(g.key for g in T.REVIEW_GROUPS)
        kinds = tuple(tuple((o.key, "count") for o in T.REVIEW_OUTCOMES) for _ in T.REVIEW_GROUPS)
        cols = tuple(tuple(c for c, _ in r) for r in kinds)
        counted = tuple(tuple(True for _ in r) for r in kinds)
    if type(table) is not dict:
        return  # the model asks only of exact dicts
    expected = _old_cells(table, keys, kinds)

    def other(value: object, row: int, col: int) -> bool:
        return _quick_cell(value, kinds[row][col][1])  # type: ignore[arg-type]

    assert _quick.rows_of_cells(table, keys, cols, counted, other) is expected
    assert _SOURCE.rows_of_cells(table, keys, cols, counted, other) is expected


def test_a_bool_or_an_int_subclass_is_not_an_integer_cell() -> None:
    class Int(int):
        pass

    keys = ("a", "b")
    for bad in (True, Int(3), 1.0, "1"):
        assert not _quick.rows_of_integers({"a": (1,) * 7, "b": (1, 2, 3, bad, 5, 6, 7)}, keys, 7)
        assert not _quick.rows_of_cells({"a": {"x": 1}, "b": {"y": bad}}, keys, (("x",), ("y",)), ((True,), (True,)),
                                        lambda v, r, c: False)
    assert _quick.rows_of_integers({"a": (None,) * 7, "b": (0, -1, 10**30, None, 5, 6, 7)}, keys, 7)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(alphabet=st.sampled_from(list("中文，。|#<&0１ \t\u3000\n\r\x00\x1f\x85\u2028ab:")),
                         max_size=8),
                 st.text(max_size=8), st.none(), st.integers(), st.just(b"x")))
def test_valid_text_is_the_same_compiled_and_as_source(text: object) -> None:
    assert _quick.valid_text(text) is _SOURCE.valid_text(text)


def test_a_str_subclass_is_not_a_valid_text() -> None:
    class Text(str):
        pass

    assert _quick.valid_text("正文") and not _quick.valid_text(Text("正文"))
