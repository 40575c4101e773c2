"""The Report constructor's quick table checks accept and refuse exactly what the plain checks do (issue #13).

Report's own ``__init__`` checks each table in a few C-level passes over all its cells when it is
a dictionary of the form's rows in the form's order (what the recogniser and from_dict hand over),
and shares one frozen empty table for an absent one; anything else goes to the plain cell-by-cell
check. The reference below is the constructor as it was (a generated dataclass ``__init__`` and a
``__post_init__`` running the plain checks), kept here to compare with on hostile tables.
"""

from __future__ import annotations

import dataclasses
import pickle
from collections import OrderedDict
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govreport_io.errors import ModelError, excerpt
from govreport_io.form import template as T
from govreport_io.model import (
    Block,
    Report,
    Section,
    Unplaced,
    _active_kinds,
    _check_blocks,
    _check_text,
    _check_uncertain,
    _freeze,
    _valid_text,
    empty_reviews,
)
from govreport_io.testing import reports


def _reference(form: Any = "2021", fields: Any = (), title: Any = None, organ: Any = None, year: Any = None,
               preamble: Any = (), sections: Any = (), active: Any = None, requests: Any = None,
               reviews: Any = None, unplaced: Any = (), uncertain: Any = ()) -> dict[str, Any]:
    """The checks of the former ``Report.__post_init__``, in its order, giving the attributes."""
    if form not in T.FORMS:
        raise ModelError(f"form must be one of {T.FORMS}, got {form!r}")
    pairs = tuple((str(k), str(v)) for k, v in fields)
    for k, v in pairs:
        _check_text(k, "field key")
        _check_text(v, f"field {k!r} value", allow_empty=True)
    for name, value in (("title", title), ("organ", organ)):
        if value is not None:
            _check_text(value, name)
    if year is not None and (isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2200):
        raise ModelError(f"year must be an integer between 1900 and 2200 or null, got {excerpt(str(year))}")
    blocks = _check_blocks(preamble, "preamble blocks")
    secs = tuple(sections)
    numbers = [s.number for s in secs]
    if numbers != sorted(set(numbers)):
        raise ModelError(f"section numbers must be increasing and unique, got {numbers}")
    out = {
        "form": form, "fields": pairs, "title": title, "organ": organ, "year": year, "preamble": blocks,
        "sections": secs,
        "active": _freeze(Report._check_active(form, active or {})),
        "requests": MappingProxyType(Report._check_requests(form, requests or {})),
        "reviews": _freeze(Report._check_reviews(reviews or {})),
        "unplaced": tuple(unplaced),
    }
    for u in out["unplaced"]:
        if not isinstance(u, Unplaced):
            raise ModelError(f"unplaced items must be Unplaced, got {type(u).__name__}")
    out["uncertain"] = _check_uncertain(form, uncertain)
    return out


def _plain(value: Any) -> Any:
    """A table as plain dictionaries (order kept) and its values' exact types, to compare."""
    if isinstance(value, Mapping):
        return [(k, _plain(v)) for k, v in value.items()]
    if isinstance(value, tuple):
        return [(type(v).__name__, _plain(v)) for v in value]
    return value


def _outcome(make: Any) -> object:
    try:
        got = make()
    except ModelError as exc:
        return ("refused", str(exc))
    except (TypeError, AttributeError, ValueError) as exc:  # a shape no check names: the same error either way
        return ("error", type(exc).__name__, str(exc))
    if isinstance(got, Report):
        got = {f.name: getattr(got, f.name) for f in dataclasses.fields(Report)}
    return {k: _plain(v) for k, v in got.items()}


def _same(**kwargs: Any) -> None:
    theirs = _outcome(lambda: _reference(**kwargs))  # neither changes what it is given
    ours = _outcome(lambda: Report(**kwargs))
    assert ours == theirs


# values a cell may be given: valid ones, and what a check must refuse or pass to the plain check
class _Int(int):
    pass


_CELLS = st.one_of(
    st.none(), st.integers(-3, 10**12), st.booleans(), st.floats(allow_nan=False), st.just(_Int(3)),
    st.sampled_from(["12.35", "1e5", "x", "", " 1", "万元", "12.", "-0.5", "１２", "a|b", "#", "<&>", "\t", "中\n文"]),
    st.just([1]), st.just((1,)),
)
_MAPPINGS = st.sampled_from([dict, OrderedDict, MappingProxyType])


@st.composite
def _active(draw: st.DrawFn, form: T.Form) -> Any:
    kinds = _active_kinds(form)
    if draw(st.booleans()):  # the form's rows and columns in order (the quick check's case), values mostly valid
        rows = {}
        for key, cols in kinds.items():
            rows[key] = {c: (draw(_CELLS) if draw(st.integers(0, 9)) == 0 else
                             ("12.35" if kind == "amount" else "万元" if kind == "unit" else draw(st.integers(-2, 99))))
                         for c, kind in cols.items()}
        if draw(st.integers(0, 3)) == 0:  # one row or column dropped, added, or moved
            key = draw(st.sampled_from(list(rows)))
            what = draw(st.sampled_from(["drop", "extra", "move", "col", "mapping", "notmap"]))
            if what == "drop":
                del rows[key]
            elif what == "extra":
                rows["nope"] = {"x": 1}
            elif what == "move":
                rows[key] = rows.pop(key)
            elif what == "col":
                cells = rows[key]
                first = next(iter(cells))
                cells[first] = cells.pop(first)
                cells.setdefault("nope", 1)
            elif what == "mapping":
                rows[key] = draw(_MAPPINGS)(rows[key])
            else:
                rows[key] = draw(st.sampled_from([None, 5, [1, 2], "x"]))
        return draw(_MAPPINGS)(rows) if draw(st.integers(0, 5)) == 0 else rows
    return draw(st.one_of(st.none(), st.just({}), st.just(MappingProxyType({})), st.dictionaries(
        st.sampled_from([*kinds, "nope"]),
        st.dictionaries(st.sampled_from(["issued", "amount", "decisions", "unit", "change", "nope"]), _CELLS,
                        max_size=3), max_size=3)))


@st.composite
def _requests(draw: st.DrawFn, form: T.Form) -> Any:
    keys = T.request_row_keys(form)
    if draw(st.booleans()):
        rows: dict[str, Any] = {k: tuple(draw(st.integers(0, 99)) if draw(st.booleans()) else None for _ in range(7))
                                for k in keys}
        for _ in range(draw(st.integers(0, 2))):
            key = draw(st.sampled_from(sorted(k for k, v in rows.items() if isinstance(v, tuple))))
            what = draw(st.sampled_from(["cell", "short", "long", "list", "move", "drop", "extra", "gen", "str"]))
            row = list(rows[key])
            if what == "cell":
                row[draw(st.integers(0, 6))] = draw(_CELLS)
                rows[key] = tuple(row)
            elif what == "short":
                rows[key] = tuple(row[:6])
            elif what == "long":
                rows[key] = (*row, 1)
            elif what == "list":
                rows[key] = row
            elif what == "move":
                rows[key] = rows.pop(key)
            elif what == "drop":
                del rows[key]
            elif what == "extra":
                rows["nope"] = (1,) * 7
            elif what == "gen":
                rows[key] = "generator"  # made below, after the deep copy: a generator does not copy
            else:
                rows[key] = "1234567"
        return draw(_MAPPINGS)(rows) if draw(st.integers(0, 5)) == 0 else rows
    return draw(st.one_of(st.none(), st.just({}), st.dictionaries(
        st.sampled_from([*keys[:3], "nope"]), st.lists(_CELLS, max_size=8).map(tuple), max_size=3)))


@st.composite
def _reviews(draw: st.DrawFn) -> Any:
    groups = [g.key for g in T.REVIEW_GROUPS]
    outcomes = [o.key for o in T.REVIEW_OUTCOMES]
    if draw(st.booleans()):
        rows: dict[str, Any] = {g: {o: draw(st.integers(0, 9)) for o in outcomes} for g in groups}
        if draw(st.booleans()):
            g = draw(st.sampled_from(groups))
            what = draw(st.sampled_from(["cell", "drop", "move", "colmove", "extra", "mapping", "short"]))
            if what == "cell":
                rows[g][draw(st.sampled_from(outcomes))] = draw(_CELLS)
            elif what == "drop":
                del rows[g]
            elif what == "move":
                rows[g] = rows.pop(g)
            elif what == "colmove":
                rows[g]["upheld"] = rows[g].pop("upheld")
            elif what == "extra":
                rows[g]["won"] = 1
            elif what == "mapping":
                rows[g] = draw(_MAPPINGS)(rows[g])
            else:
                del rows[g]["total"]
        return draw(_MAPPINGS)(rows) if draw(st.integers(0, 5)) == 0 else rows
    return draw(st.one_of(st.none(), st.just({}), st.dictionaries(
        st.sampled_from([*groups, "nope"]), st.dictionaries(st.sampled_from([*outcomes, "won"]), _CELLS, max_size=5),
        max_size=3)))


_TEXTS = st.text(alphabet=st.sampled_from(list("中文，。|#<&0１ \t\u3000\n\x00ab:")), max_size=6)
_FIELDS = st.one_of(
    st.lists(st.tuples(_TEXTS, _TEXTS), max_size=4).map(tuple),
    st.lists(st.tuples(_TEXTS, _TEXTS), max_size=3),
    st.lists(st.one_of(st.tuples(_TEXTS, st.integers()), st.lists(_TEXTS, min_size=2, max_size=2), st.just("ab"),
                       st.tuples(_TEXTS, _TEXTS, _TEXTS)), max_size=3).map(tuple),
)


@settings(max_examples=700, deadline=None)
@given(st.data())
def test_a_report_is_built_as_the_plain_checks_build_it(data: st.DataObject) -> None:
    form = data.draw(st.sampled_from(T.FORMS))
    requests = data.draw(_requests(form))
    kwargs: dict[str, Any] = {
        "form": form,
        "fields": data.draw(_FIELDS),
        "title": data.draw(st.none() | _TEXTS),
        "organ": data.draw(st.none() | _TEXTS),
        "year": data.draw(st.none() | st.sampled_from([2024, 1899, True, 2024.0])),
        "active": data.draw(_active(form)),
        "requests": requests,
        "reviews": data.draw(_reviews()),
        "unplaced": data.draw(st.sampled_from([(), (Unplaced("note", "22（其中修订16件）", "active.fees.amount"),),
                                               ("x",), [Unplaced("table", "a|b")]])),
        "uncertain": data.draw(st.sampled_from([(), ["requests.total.total"], ("requests.total.total",) * 2, "x",
                                                ("nope",)])),
    }
    if isinstance(requests, dict) and "generator" in requests.values():
        key = next(k for k, v in requests.items() if v == "generator")
        theirs = _outcome(lambda: _reference(**dict(kwargs, requests={**requests, key: iter((1,) * 7)})))
        ours = _outcome(lambda: Report(**dict(kwargs, requests={**requests, key: iter((1,) * 7)})))
        assert ours == theirs
        return
    _same(**kwargs)


def test_the_recognisers_tables_take_the_quick_way() -> None:
    """A whole table of the form, in order, with valid values: the same report as the plain way,
    its values in the report's own read-only copies."""
    form: T.Form = "2021"
    active = {k: {c: (1 if kind != "amount" else "1.5") for c, kind in cols.items()}
              for k, cols in _active_kinds(form).items()}
    requests = {k: (1, None, 0, 0, 0, 0, 2) for k in T.request_row_keys(form)}
    reviews = {g.key: {o.key: 0 for o in T.REVIEW_OUTCOMES} for g in T.REVIEW_GROUPS}
    r = Report(form=form, active=active, requests=requests, reviews=reviews)
    assert _outcome(lambda: r) == _outcome(lambda: _reference(form=form, active=active, requests=requests,
                                                              reviews=reviews))
    active["licensing"]["decisions"] = 99
    requests["total"] = (9,) * 7
    reviews["review"]["upheld"] = 99
    assert r.active["licensing"]["decisions"] == 1 and r.requests["total"] == (1, None, 0, 0, 0, 0, 2)
    assert r.reviews["review"]["upheld"] == 0
    with pytest.raises(TypeError):
        r.active["licensing"]["decisions"] = 5  # type: ignore[index]
    with pytest.raises(TypeError):
        r.requests["total"] = (1,) * 7  # type: ignore[index]


def test_reports_without_tables_share_one_frozen_empty_table() -> None:
    a, b = Report(), Report(form="2019")
    assert a.active == {k: dict.fromkeys(c) for k, c in _active_kinds("2021").items()}
    assert b.requests.keys() == set(T.request_row_keys("2019"))
    with pytest.raises(TypeError):
        a.reviews["review"]["upheld"] = 1  # type: ignore[index]
    assert Report().active is a.active  # shared: read-only views of dictionaries no one else holds


def test_a_report_stays_a_frozen_dataclass() -> None:
    r = Report(title="某县人民政府2024年政府信息公开工作年度报告", year=2024,
               sections=(Section(1, "一、总体情况", (Block("paragraph", "正文"),)),))
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.title = "x"  # type: ignore[misc]
    assert [f.name for f in dataclasses.fields(Report)][:3] == ["form", "fields", "title"]
    assert dataclasses.replace(r, year=2023).year == 2023 and r.replace(organ="某县").organ == "某县"
    assert pickle.loads(pickle.dumps(r)) == r
    assert Report("2021", (("索引号", "1"),), "标题") == Report(form="2021", fields=(("索引号", "1"),), title="标题")
    with pytest.raises(TypeError):
        Report(nope=1)  # type: ignore[call-arg]


@settings(max_examples=60, deadline=None)
@given(reports())
def test_generated_reports_round_trip_the_same_way(report: Report) -> None:
    """from_dict and replace hand tables over as dictionaries and read-only views: either way the
    report is the one the plain checks make."""
    d = report.to_dict()
    assert Report.from_dict(d) == report
    assert report.replace() == report
    kwargs = {f.name: getattr(report, f.name) for f in dataclasses.fields(Report)}
    assert _outcome(lambda: Report(**kwargs)) == _outcome(lambda: _reference(**kwargs))
    assert _valid_text("x")


def test_empty_tables_are_fresh_and_in_the_forms_order() -> None:
    reviews = empty_reviews()
    assert [(g, list(cells.items())) for g, cells in reviews.items()] == \
        [(g.key, [(o.key, None) for o in T.REVIEW_OUTCOMES]) for g in T.REVIEW_GROUPS]
    reviews["review"]["upheld"] = 1
    assert empty_reviews()["review"]["upheld"] is None and Report().reviews["review"]["upheld"] is None
