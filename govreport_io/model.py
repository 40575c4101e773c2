"""The canonical model of an annual report, and its JSON contract "govreport/1".

Every class is immutable and validates on construction; ``Report.to_dict()`` and
``Report.from_dict()`` match the contract (docs/contract.md; its JSON Schema is
``govreport_io/schema/govreport-1.json``) exactly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from functools import cache, lru_cache
from itertools import chain
from types import MappingProxyType
from typing import Any, Literal, cast

from ._quick import LINE_BREAK_RE as _LINE_BREAK_RE
from ._quick import ODD_RE as _ODD_RE
from ._quick import rows_of_cells, rows_of_integers
from ._quick import valid_text as _valid_text
from .errors import ModelError, excerpt
from .form import template as T
from .form.template import Form

SCHEMA = "govreport/1"
BlockKind = Literal["paragraph", "heading"]
Value = int | str | None

_DECIMAL_RE = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
# The texts' own checks (_valid_text, line breaks, control characters) are _quick's, compiled.


def _check_text(text: object, what: str, *, allow_empty: bool = False) -> str:
    if not isinstance(text, str):
        raise ModelError(f"{what} must be a string, got {type(text).__name__}")
    if not allow_empty and not text:
        raise ModelError(f"{what} must not be empty")
    if text != text.strip():
        raise ModelError(f"{what} must not start or end with white space: {excerpt(text)}")
    if _ODD_RE.search(text):
        if _LINE_BREAK_RE.search(text):
            raise ModelError(f"{what} must be one line (no line breaks): {excerpt(text)}")
        raise ModelError(f"{what} must not hold control characters: {excerpt(text)}")
    return text


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph or a stand-alone sub-heading such as （一）主动公开情况."""

    kind: BlockKind
    text: str

    def __post_init__(self) -> None:
        if self.kind not in ("paragraph", "heading"):
            raise ModelError(f"block kind must be 'paragraph' or 'heading', got {excerpt(str(self.kind))}")
        if not _valid_text(self.text):
            _check_text(self.text, f"{self.kind} text")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"kind": self.kind, "text": self.text}


_BLOCK = frozenset({Block})


def _check_blocks(blocks: Iterable[Block], what: str | int) -> tuple[Block, ...]:
    """``blocks`` as a tuple, refused when one is not a Block; ``what`` names them in the message
    (a section's number: "section N: blocks", built only when one is refused)."""
    out = tuple(blocks)
    if _BLOCK.issuperset(map(type, out)):  # Blocks all (the common case), in one C-level pass
        return out
    what = f"section {what}: blocks" if isinstance(what, int) else what
    wrong = [type(b).__name__ for b in out if not isinstance(b, Block)]
    if wrong:
        raise ModelError(f"{what} must be Block, got {wrong[0]}")
    return out


@dataclass(frozen=True, slots=True)
class Section:
    """One of the six numbered sections (一 … 六)."""

    number: int
    title: str
    blocks: tuple[Block, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.number, int) or isinstance(self.number, bool) or not 1 <= self.number <= 6:
            raise ModelError(f"section number must be 1..6, got {excerpt(str(self.number))}")
        if not _valid_text(self.title):
            _check_text(self.title, f"section {self.number} title")
        object.__setattr__(self, "blocks", _check_blocks(self.blocks, self.number))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"number": self.number, "title": self.title, "blocks": [b.to_dict() for b in self.blocks]}


@dataclass(frozen=True, slots=True)
class Unplaced:
    """Content that could not be placed in the form, kept rather than dropped.

    ``kind`` is "paragraph", "heading", "table" or "note" (a note written beside a
    number in a cell, e.g. "（其中修订16件）"); ``where`` says where it was found or
    which cell it belongs to (``active.normative_documents.issued``).
    """

    kind: str
    text: str
    where: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.kind, str) or not self.kind:
            raise ModelError("unplaced kind must be a non-empty string")
        if not isinstance(self.text, str):
            raise ModelError("unplaced text must be a string")
        if self.where is not None and not isinstance(self.where, str):
            raise ModelError("unplaced where must be a string or null")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        d: dict[str, Any] = {"kind": self.kind, "text": self.text}
        if self.where is not None:
            d["where"] = self.where
        return d


def _expected(key: object, known: Iterable[str]) -> str:
    """What a table key should have been, short: the keys it is close to, else the first few and
    how many there are (table 三 has 25 rows; listing them all made a message of 500 characters)."""
    import difflib  # only when a report is refused: not at every import of the model

    keys = list(known)
    close = difflib.get_close_matches(key, keys, n=3, cutoff=0.6) if isinstance(key, str) else []
    if close:
        return "did you mean " + " or ".join(repr(k) for k in close) + "?"
    more = f", … ({len(keys)} in all; docs/contract.md lists them)" if len(keys) > 6 else ""
    return "expected one of " + ", ".join(repr(k) for k in keys[:6]) + more


def _shown(value: object) -> str:
    """A value quoted in a message: short, whatever its size."""
    if isinstance(value, str):
        return excerpt(value)
    text = repr(value)
    return text if len(text) <= 40 else f"a {type(value).__name__}"


_INTEGERS = ("count", "signed")  # the kinds whose values are integers (an int needs no more checking)


def _plainly_valid(value: object, kind: T.ValueKind) -> bool:
    """Null, or an int where the kind is an integer: valid without :func:`_check_value`, whose
    message naming the cell is then not built (most cells of a report)."""
    return value is None or (type(value) is int and kind in _INTEGERS)


_INT_OR_NULL = frozenset({int, type(None)})
"""The exact types :func:`_plainly_valid` passes for an integer kind (a bool is not one)."""
_TUPLE = frozenset({tuple})


@cache  # two forms
def _active_kinds(form: Form) -> dict[str, dict[str, T.ValueKind]]:
    """Table 二's rows of ``form``: row key → column key → the kind of its values."""
    return {r.key: {c.key: c.kind for c in r.columns} for r in T.active_rows(form)}


@cache  # two forms
def _counted_rows(form: Form) -> frozenset[str]:
    """Table 二's rows of ``form`` whose columns all hold integers (every row but the fees)."""
    return frozenset(k for k, cols in _active_kinds(form).items() if all(kind in _INTEGERS for kind in cols.values()))


def _check_value(value: object, kind: T.ValueKind, where: str) -> Value:
    if value is None:
        return None
    if kind in _INTEGERS:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ModelError(f"{where} must be an integer or null, got {_shown(value)}")
        return value
    if kind == "amount":
        if not isinstance(value, str) or not _DECIMAL_RE.match(value):
            raise ModelError(f"{where} must be a decimal string such as \"12.35\", got {_shown(value)}")
        return value
    if not isinstance(value, str):
        raise ModelError(f"{where} must be a string or null, got {_shown(value)}")
    return _check_text(value, where)


def _freeze(d: Mapping[str, dict[str, Value]]) -> Mapping[str, Mapping[str, Value]]:
    """Read-only views of a table the caller made fresh and hands over (no copy is needed)."""
    return MappingProxyType({k: MappingProxyType(v) for k, v in d.items()})


def empty_active(form: Form) -> dict[str, dict[str, Value]]:
    """Table 二 of a form with every cell null."""
    return {k: dict(v) for k, v in _empty_active(form).items()}


@cache  # two forms; copied for each caller, never handed out
def _empty_active(form: Form) -> dict[str, dict[str, Value]]:
    return {r.key: {c.key: None for c in r.columns} for r in T.active_rows(form)}


def empty_requests(form: Form) -> dict[str, tuple[int | None, ...]]:
    """Table 三 of a form with every cell null."""
    return dict(_empty_requests(form))


@cache  # two forms; copied for each caller (its values are tuples), never handed out
def _empty_requests(form: Form) -> dict[str, tuple[int | None, ...]]:
    return {k: (None,) * len(T.REQUEST_COLUMNS) for k in T.request_row_keys(form)}


def empty_reviews() -> dict[str, dict[str, int | None]]:
    """Table 四 with every cell null."""
    return dict(zip(_EMPTY_REVIEWS, map(dict.copy, _EMPTY_REVIEWS.values())))  # each group a fresh dictionary


_EMPTY_REVIEWS: dict[str, dict[str, int | None]] = {g.key: {o.key: None for o in T.REVIEW_OUTCOMES}
                                                    for g in T.REVIEW_GROUPS}
"""Copied for each caller, never handed out."""


_STR = frozenset({str})
_PAIR = frozenset({2})
_UNPLACED = frozenset({Unplaced})


def _check_fields(fields: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """Header fields as pairs of texts: each key and value made a string, keys one line and not
    empty, values one line or empty."""
    if (type(fields) is tuple and _TUPLE.issuperset(map(type, fields)) and _PAIR.issuperset(map(len, fields))
            and _STR.issuperset(map(type, chain.from_iterable(fields)))):
        out = cast("tuple[tuple[str, str], ...]", fields)  # pairs of strings already: str() would change none
    else:
        out = tuple((str(k), str(v)) for k, v in fields)
    for k, v in out:
        if not (_valid_text(k) and (v == "" or _valid_text(v))):  # messages built only for a refusal
            _check_text(k, "field key")
            _check_text(v, f"field {k!r} value", allow_empty=True)
    return out


class _Shape:
    """One form's tables as the quick checks read them, made once per form: each table's keys in
    the form's order, and the empty tables, frozen, that a Report without them shares (read-only
    views of dictionaries no one else holds)."""

    __slots__ = ("active_cols", "active_counted", "active_keys", "active_kinds", "no_active", "no_requests",
                 "request_keys")

    def __init__(self, form: Form) -> None:
        kinds = _active_kinds(form)
        self.active_keys = tuple(kinds)
        self.active_cols = tuple(tuple(cols) for cols in kinds.values())  # each row's columns in order
        self.active_kinds = tuple(tuple(cols.values()) for cols in kinds.values())
        # the integer cells, checked in the compiled loop; the few others by _quick_cell
        self.active_counted = tuple(tuple(kind in _INTEGERS for kind in row) for row in self.active_kinds)
        self.request_keys = T.request_row_keys(form)
        self.no_active = _freeze(empty_active(form))
        self.no_requests = MappingProxyType(empty_requests(form))

    def other_cell(self, value: object, row: int, col: int) -> bool:
        """:func:`_quick_cell` of a cell of table 二 that holds no integer, told by its place."""
        return _quick_cell(value, self.active_kinds[row][col])


_SHAPES: dict[str, _Shape] = {}
_REVIEW_KEYS = tuple(g.key for g in T.REVIEW_GROUPS)
_REVIEW_COLS = tuple(tuple(o.key for o in T.REVIEW_OUTCOMES) for _ in T.REVIEW_GROUPS)
_REVIEW_COUNTED = tuple(tuple(True for _ in T.REVIEW_OUTCOMES) for _ in T.REVIEW_GROUPS)
_NO_REVIEWS = _freeze(cast("dict[str, dict[str, Value]]", empty_reviews()))
_WIDTH = len(T.REQUEST_COLUMNS)


def _shape(form: Form) -> _Shape:
    shape = _SHAPES[form] = _Shape(form)
    return shape


def _quick_cell(value: object, kind: T.ValueKind) -> bool:
    """Whether :func:`_check_value` accepts ``value`` as it is, told without the message naming the
    cell (False may also mean: let the plain check decide)."""
    if value is None or (type(value) is int and kind in _INTEGERS):
        return True
    if kind == "amount":
        return type(value) is str and _DECIMAL_RE.match(value) is not None
    return kind not in _INTEGERS and _valid_text(value)


def _no_other(value: object, row: int, col: int) -> bool:
    return False  # (every cell of table 四 holds an integer: never asked)


# The quick checks below take a table as the recogniser and from_dict hand it over: dictionaries
# holding every row and column of the form, in the form's order, with valid values. They check it
# cell by cell in compiled loops (govreport_io._quick) and freeze a copy; any other table (absent
# rows, another order, other mappings, a value to refuse) gets None, and the plain check of
# Report decides it cell by cell and names what is wrong.

def _quick_active(shape: _Shape, active: object) -> Mapping[str, Mapping[str, Value]] | None:
    """Table 二 frozen, or None for :meth:`Report._check_active` to decide."""
    if active is None:
        return shape.no_active
    if type(active) is not dict:
        return None
    if not active:
        return shape.no_active
    if not rows_of_cells(active, shape.active_keys, shape.active_cols, shape.active_counted, shape.other_cell):
        return None
    # each row copied (the caller's dictionaries stay the caller's) and frozen
    return MappingProxyType(dict(zip(shape.active_keys, map(MappingProxyType, map(dict.copy, active.values())))))


def _quick_requests(shape: _Shape, requests: object) -> Mapping[str, tuple[int | None, ...]] | None:
    """Table 三 frozen, or None for :meth:`Report._check_requests` to decide."""
    if requests is None:
        return shape.no_requests
    if type(requests) is not dict:
        return None
    if not requests:
        return shape.no_requests
    if rows_of_integers(requests, shape.request_keys, _WIDTH):
        return MappingProxyType(requests.copy())
    return None


def _quick_reviews(reviews: object) -> Mapping[str, Mapping[str, Value]] | None:
    """Table 四 frozen, or None for :meth:`Report._check_reviews` to decide."""
    if reviews is None:
        return _NO_REVIEWS
    if type(reviews) is not dict:
        return None
    if not reviews:
        return _NO_REVIEWS
    if rows_of_cells(reviews, _REVIEW_KEYS, _REVIEW_COLS, _REVIEW_COUNTED, _no_other):
        return MappingProxyType(dict(zip(_REVIEW_KEYS, map(MappingProxyType, map(dict.copy, reviews.values())))))
    return None


@dataclass(frozen=True, slots=True, init=False)
class Report:
    """A whole annual report in the canonical shape.

    Tables are always complete in shape: every row and column of the form is present,
    and a cell that was blank or unreadable is ``None``.
    """

    form: Form = "2021"
    fields: tuple[tuple[str, str], ...] = ()
    title: str | None = None
    organ: str | None = None
    year: int | None = None
    preamble: tuple[Block, ...] = ()
    sections: tuple[Section, ...] = ()
    active: Mapping[str, Mapping[str, Value]] = field(default_factory=dict)
    requests: Mapping[str, tuple[int | None, ...]] = field(default_factory=dict)
    reviews: Mapping[str, Mapping[str, int | None]] = field(default_factory=dict)
    unplaced: tuple[Unplaced, ...] = ()
    uncertain: tuple[str, ...] = ()  # cell paths the capture alone cannot decide

    # Written out rather than generated: the generated __init__ of a frozen dataclass sets every
    # attribute through object.__setattr__ and __post_init__ set seven of them again (a third of
    # building a Report); here each is checked first, then set once through its slot's own setter
    # (:data:`_REPORT_SETTERS`, cheaper again than object.__setattr__).
    def __init__(self, form: Form = "2021", fields: Iterable[tuple[str, str]] = (), title: str | None = None,
                 organ: str | None = None, year: int | None = None, preamble: Iterable[Block] = (),
                 sections: Iterable[Section] = (), active: Mapping[str, Mapping[str, Value]] | None = None,
                 requests: Mapping[str, Sequence[int | None]] | None = None,
                 reviews: Mapping[str, Mapping[str, int | None]] | None = None,
                 unplaced: Iterable[Unplaced] = (), uncertain: Iterable[str] = ()) -> None:
        if form not in T.FORMS:
            raise ModelError(f"form must be one of {T.FORMS}, got {excerpt(str(form))}")
        fields = _check_fields(fields)
        if title is not None and not _valid_text(title):  # messages built only for a refusal
            _check_text(title, "title")
        if organ is not None and not _valid_text(organ):
            _check_text(organ, "organ")
        if year is not None and (isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2200):
            raise ModelError(f"year must be an integer between 1900 and 2200 or null, got {excerpt(str(year))}")
        preamble = _check_blocks(preamble, "preamble blocks")
        sections = tuple(sections)
        numbers = [s.number for s in sections]
        if numbers != sorted(set(numbers)):
            raise ModelError(f"section numbers must be increasing and unique, got {numbers}")
        shape = _SHAPES.get(form) or _shape(form)
        frozen_active = _quick_active(shape, active)
        if frozen_active is None:
            frozen_active = _freeze(self._check_active(form, active))  # type: ignore[arg-type]
        frozen_requests = _quick_requests(shape, requests)
        if frozen_requests is None:
            frozen_requests = MappingProxyType(self._check_requests(form, requests))  # type: ignore[arg-type]
        frozen_reviews = _quick_reviews(reviews)
        if frozen_reviews is None:
            frozen_reviews = _freeze(self._check_reviews(reviews))  # type: ignore[arg-type]
        unplaced = tuple(unplaced)
        if not _UNPLACED.issuperset(map(type, unplaced)):  # Unplaced all (the common case) in one C-level pass
            for u in unplaced:
                if not isinstance(u, Unplaced):
                    raise ModelError(f"unplaced items must be Unplaced, got {type(u).__name__}")
        uncertain = () if type(uncertain) is tuple and not uncertain else _check_uncertain(form, uncertain)
        for set_, value in zip(_REPORT_SETTERS, (form, fields, title, organ, year, preamble, sections, frozen_active,
                                                 frozen_requests, frozen_reviews, unplaced, uncertain)):
            set_(self, value)

    @staticmethod
    def _check_active(form: Form, active: Mapping[str, Mapping[str, Value]]) -> dict[str, dict[str, Value]]:
        out = empty_active(form)
        kinds = _active_kinds(form)
        counted = _counted_rows(form)
        for row_key, cells in (active or {}).items():
            row = kinds.get(row_key)
            if row is None:
                raise ModelError(f"active: no row {row_key!r} in the {form} form; {_expected(row_key, out)}")
            if row_key in counted and cells.keys() <= row.keys() and _INT_OR_NULL.issuperset(map(type, cells.values())):
                out[row_key].update(cells)  # known columns of integers or nulls: valid, checked in C-level passes
                continue
            for col_key, value in cells.items():
                kind = row.get(col_key)
                if kind is None:
                    raise ModelError(f"active.{row_key}: no column {col_key!r}; {_expected(col_key, row)}")
                out[row_key][col_key] = value if _plainly_valid(value, kind) \
                    else _check_value(value, kind, f"active.{row_key}.{col_key}")
        return out

    @staticmethod
    def _check_requests(form: Form, requests: Mapping[str, Sequence[int | None]]) -> dict[str, tuple[int | None, ...]]:
        out = empty_requests(form)
        requests = requests or {}
        if (out.keys() >= requests.keys() and _TUPLE >= set(map(type, requests.values()))
                and {len(T.REQUEST_COLUMNS)} >= set(map(len, requests.values()))
                and _INT_OR_NULL.issuperset(map(type, chain.from_iterable(requests.values())))):
            # known rows of seven valid values each (the common case), checked in C-level passes
            out.update(cast("Mapping[str, tuple[int | None, ...]]", requests))
            return out
        for row_key, values in requests.items():
            if row_key not in out:
                raise ModelError(f"requests: no row {row_key!r} in the {form} form; {_expected(row_key, out)}")
            vals = tuple(values)
            if len(vals) != len(T.REQUEST_COLUMNS):
                raise ModelError(f"requests.{row_key} must have {len(T.REQUEST_COLUMNS)} values, got {len(vals)}")
            if _INT_OR_NULL.issuperset(map(type, vals)):  # _plainly_valid of each, in one C-level pass
                out[row_key] = vals  # every value valid: no message to name a cell is built (the common case)
                continue
            out[row_key] = tuple(_check_value(v, "count", f"requests.{row_key}[{i}]")  # type: ignore[misc]
                                 for i, v in enumerate(vals))
        return out

    @staticmethod
    def _check_reviews(reviews: Mapping[str, Mapping[str, int | None]]) -> dict[str, dict[str, Value]]:
        out = cast("dict[str, dict[str, Value]]", empty_reviews())  # fresh dictionaries already
        for group, cells in (reviews or {}).items():
            if group not in out:
                raise ModelError(f"reviews: no group {group!r}; {_expected(group, out)}")
            if cells.keys() <= out[group].keys() and _INT_OR_NULL.issuperset(map(type, cells.values())):
                out[group].update(cells)  # known outcomes, integers or nulls: valid, checked in C-level passes
                continue
            for key, value in cells.items():
                if key not in out[group]:
                    raise ModelError(f"reviews.{group}: no outcome {key!r}; {_expected(key, out[group])}")
                out[group][key] = value if _plainly_valid(value, "count") else \
                    _check_value(value, "count", f"reviews.{group}.{key}")
        return out

    # ------------------------------------------------------------ access
    def section(self, number: int) -> Section | None:
        """The section with this number, or None."""
        return next((s for s in self.sections if s.number == number), None)

    def replace(self, **changes: Any) -> Report:
        """A copy with some attributes changed (validated again)."""
        values = {name: getattr(self, name) for name in self.__dataclass_fields__}
        values.update(changes)
        return Report(**values)

    def __reduce__(self) -> tuple[Any, ...]:
        # mappingproxy fields do not pickle; the JSON contract is lossless, so rebuild from it.
        return (Report.from_dict, (self.to_dict(),))

    def to_frame(self, wide: bool = False, **options: Any) -> Any:
        """The tables as a pandas DataFrame: one row per cell (long), or one row for the report (``wide``).

        Needs the ``data`` extra (``pip install govreport_io[data]``); see :mod:`govreport_io.corpus.frame`.
        """
        from .corpus.frame import to_frame

        return to_frame(self, wide=wide, **options)

    # ------------------------------------------------------------ contract
    def to_dict(self) -> dict[str, Any]:
        """The report in the JSON contract "govreport/1"."""
        return {
            "schema": SCHEMA,
            "form": self.form,
            "fields": [[k, v] for k, v in self.fields],
            "title": self.title,
            "organ": self.organ,
            "year": self.year,
            "preamble": [b.to_dict() for b in self.preamble],
            "sections": [s.to_dict() for s in self.sections],
            "active": {k: dict(v) for k, v in self.active.items()},
            "requests": {
                "columns": list(T.REQUEST_COLUMN_KEYS),
                "rows": {k: list(v) for k, v in self.requests.items()},
            },
            "reviews": {k: dict(v) for k, v in self.reviews.items()},
            "unplaced": [u.to_dict() for u in self.unplaced],
            # only when something is uncertain: certain reports keep their exact JSON
            **({"uncertain": list(self.uncertain)} if self.uncertain else {}),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Report:
        """Build a report from the JSON contract; raises ModelError naming the bad key."""
        if not isinstance(data, Mapping):
            raise ModelError("a report must be a JSON object")
        schema = data.get("schema", SCHEMA)
        if schema != SCHEMA:
            raise ModelError(f"schema must be {SCHEMA!r}, got {excerpt(str(schema))}")
        try:
            requests = data.get("requests") or {}
            columns = requests.get("columns", list(T.REQUEST_COLUMN_KEYS))
            if list(columns) != list(T.REQUEST_COLUMN_KEYS):
                raise ModelError(f"requests.columns must be {list(T.REQUEST_COLUMN_KEYS)}, got {excerpt(str(columns))}")
            return cls(
                form=data.get("form", "2021"),
                fields=tuple((_pair(f)) for f in data.get("fields") or ()),
                title=data.get("title"),
                organ=data.get("organ"),
                year=data.get("year"),
                preamble=tuple(_block(b, "preamble") for b in data.get("preamble") or ()),
                sections=tuple(
                    Section(number=s.get("number"), title=s.get("title"),
                            blocks=tuple(_block(b, f"section {s.get('number')}") for b in s.get("blocks") or ()))
                    for s in data.get("sections") or ()
                ),
                active=data.get("active") or {},
                requests=requests.get("rows") or {},
                reviews=data.get("reviews") or {},
                unplaced=tuple(Unplaced(kind=u.get("kind"), text=u.get("text"), where=u.get("where"))
                               for u in data.get("unplaced") or ()),
                uncertain=tuple(data.get("uncertain") or ()),
            )
        except (AttributeError, TypeError) as exc:
            raise ModelError(f"the report does not have the shape of {SCHEMA}: {exc}") from None


_REPORT_SETTERS: tuple[Any, ...] = tuple(getattr(Report, f.name).__set__ for f in dataclass_fields(Report))
"""The setters of Report's slots, in the order of its fields (the frozen class refuses setattr)."""


def cell_paths(form: Form) -> tuple[str, ...]:
    """Every table cell of a form as a path: ``active.<item>.<key>``, ``requests.<row>.<column>``,
    ``reviews.<group>.<key>`` (the paths the ``uncertain`` list holds)."""
    return (*(f"active.{r.key}.{c.key}" for r in T.active_rows(form) for c in r.columns),
            *(f"requests.{k}.{c}" for k in T.request_row_keys(form) for c in T.REQUEST_COLUMN_KEYS),
            *(f"reviews.{g.key}.{o.key}" for g in T.REVIEW_GROUPS for o in T.REVIEW_OUTCOMES))


@lru_cache(maxsize=4)  # fixed form data: made once per form, not once per Report
def _known_paths(form: Form) -> frozenset[str]:
    return frozenset(cell_paths(form))


def _check_uncertain(form: Form, paths: Iterable[str]) -> tuple[str, ...]:
    """Known cell paths of the form, each once, in the order given."""
    if isinstance(paths, str):
        raise ModelError("uncertain must be a list of cell paths, not a string")
    known = _known_paths(form)
    out: list[str] = []
    for p in paths:
        if p not in known:
            raise ModelError(f"uncertain: {p!r} is not a cell of the {form} form; expected a path such as "
                             "requests.granted.total, reviews.review.upheld or active.fees.amount")
        if p not in out:
            out.append(p)
    return tuple(out)


def _pair(item: Any) -> tuple[str, str]:
    if not isinstance(item, (list, tuple)) or len(item) != 2:
        raise ModelError(f"each field must be a [key, value] pair, got {_shown(item)}")
    return (item[0], item[1])


def _block(item: Any, where: str) -> Block:
    if not isinstance(item, Mapping):
        raise ModelError(f"{where}: a block must be an object, got {_shown(item)}")
    text = item.get("text")
    if not isinstance(text, str):
        raise ModelError(f"{where}: a block's text must be a string, got {_shown(text)}")
    kind = item.get("kind")
    if kind not in ("paragraph", "heading"):
        raise ModelError(f"{where}: block kind must be 'paragraph' or 'heading', got {_shown(kind)}")
    return Block(kind="heading" if kind == "heading" else "paragraph", text=text)
