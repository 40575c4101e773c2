"""The recogniser's shortcuts of the sixth speed pass, against the plain code they replaced.

- What a table used of each unit is one list of flags per unit, not two sets: every use of it
  (``used_of``, ``header_of``, ``is_used``, and what :func:`values.leftover` leaves for the
  prose) must read as the two sets did.
- The fuzzy label match keeps its answers per set of candidates: a remembered answer is the
  answer, before and after the memo fills up.

No test here is timed.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from govreport_io.blocks import Cell, Paragraph, SourcePos, Table
from govreport_io.diagnostics import WarningCode
from govreport_io.form import labels as L
from govreport_io.form import template as T
from govreport_io.form.recognise import tokens, values
from govreport_io.form.recognise.ledger import Ledger, Tok, Unit
from govreport_io.model import Unplaced

_WORDS = st.sampled_from(["", " ", "无", "—", "/", "12", "０", "申请", "（一）", "|", "#", "<&>", "\t", "总计"])


def _leftover_as_written(ledger: Ledger, units: list[Unit], end: int, table: str, at: int,
                         used_sets: dict[int, set[int]], header_sets: dict[int, set[int]]) -> list[Unit]:
    """values.leftover as it read the two sets per unit (the reference of the flags)."""
    rest: list[Unit] = []
    for k, u in enumerate(units):
        if k >= end:
            rest.append(u)
            continue
        ntokens = ledger.ntokens.get(u.index, 0)
        if ntokens == 0:
            continue
        used, header = used_sets.get(u.index, set()), header_sets.get(u.index, set())
        if not used and not header:
            unused = list(range(ntokens))
        elif (used | header) == set(range(ntokens)):
            continue
        else:
            unused = [n for n in range(ntokens) if n not in used and n not in header]
        if not unused:
            continue
        if not used and not isinstance(u.block, Table):
            rest.append(u)
            continue
        text = values._unused_text(u, unused)
        if text:
            pos = u.block.pos
            ledger.keep(Unplaced("note", text, f"table {table}: {pos.describe()}".rstrip(": ")), at=at)
            ledger.warn(WarningCode.UNPLACED, f"text in table {table} not placed: {text[:60]}", pos, at=at)
    return rest


@st.composite
def _marked(draw: st.DrawFn) -> tuple[list[Paragraph | Table], list[tuple[int, int, bool]], int]:
    """Units (paragraphs of words, tables of cells), marks (unit, token, header?) on them, and an end."""
    blocks: list[Paragraph | Table] = []
    for line in range(draw(st.integers(1, 6))):
        words = draw(st.lists(_WORDS.filter(lambda w: bool(w.strip())), min_size=1, max_size=6))
        if draw(st.booleans()):
            blocks.append(Paragraph(" ".join(words), SourcePos(line=line + 1)))
        else:
            rows = tuple(tuple(Cell(w) for w in words[k:k + 3]) for k in range(0, len(words), 3))
            blocks.append(Table(rows, SourcePos(line=line + 1)))
    marks = draw(st.lists(st.tuples(st.integers(0, len(blocks) - 1), st.integers(-1, 8), st.booleans()),
                          max_size=30))
    return blocks, marks, draw(st.integers(0, len(blocks)))


def _ntokens(block: Paragraph | Table) -> int:
    if isinstance(block, Table):
        return sum(len(row) for row in block.rows)
    return len(tokens.split_words(block.text))


@settings(max_examples=400, deadline=None)
@given(_marked())
def test_the_flags_read_as_the_two_sets_did(case: tuple[list[Paragraph | Table], list[tuple[int, int, bool]], int],
                                            ) -> None:
    blocks, marks, end = case
    ledgers = [Ledger.of(list(blocks), "x.txt") for _ in range(2)]
    used_sets: dict[int, set[int]] = {}
    header_sets: dict[int, set[int]] = {}
    for ledger in ledgers:
        for u in ledger.units:
            ledger.ntokens[u.index] = _ntokens(u.block)  # type: ignore[arg-type]
    for unit, idx, header in marks:  # marks beyond a unit's tokens too: the flags grow as the sets did
        for ledger in ledgers:
            ledger.mark(Tok("text", "", unit, idx), header=header)
        if idx >= 0:
            (header_sets if header else used_sets).setdefault(unit, set()).add(idx)
    fast, plain = ledgers
    for u in fast.units:
        assert fast.used_of(u) == used_sets.get(u.index, set())
        assert fast.header_of(u) == header_sets.get(u.index, set())
        for idx in range(-1, 10):
            assert fast.is_used(u.index, idx) == (idx in used_sets.get(u.index, set()))
    rest = values.leftover(fast, fast.units, end, "三", 3)
    reference = _leftover_as_written(plain, plain.units, end, "三", 3, used_sets, header_sets)
    assert [u.index for u in rest] == [u.index for u in reference]
    assert fast.unplaced == plain.unplaced
    assert fast.warnings == plain.warnings


def test_a_table_of_every_cell_used_leaves_nothing() -> None:
    table = Table(((Cell("（一）予以公开"), Cell("3"), Cell("")),), SourcePos(line=1))
    ledger = Ledger.of([table], "x.txt")
    ledger.ntokens[0] = 3
    for idx, header in ((0, False), (1, False), (2, True)):
        ledger.mark(Tok("num", "", 0, idx), header=header)
    assert values.leftover(ledger, ledger.units, 1, "三", 3) == [] and not ledger.unplaced
    ledger.mark(Tok("num", "", 0, 3))  # a token the unit does not have: no longer exactly its tokens
    assert ledger.used_of(ledger.units[0]) == {0, 1, 3}


_LABEL_CHARS = "（一二三四）1.、予以公开部分不处理申请人其他总计政府信息 \t|#<&0０："
_LABEL_TEXT = st.text(alphabet=st.sampled_from(list(_LABEL_CHARS)), max_size=30)


def _match_as_written(text: str, plan: L.Compiled, threshold: float) -> tuple[int, float] | None:
    """match_compiled without its memo."""
    norm = L.normalize_label(text)
    if norm in plan.whole:
        return plan.whole[norm], 1.0
    for n, first in plan.suffixes:
        if norm[-n:] in first:
            return first[norm[-n:]], 1.0
    return L._fuzzy_match(norm, plan, threshold)


@settings(max_examples=300, deadline=None)
@given(st.lists(_LABEL_TEXT, max_size=10), st.sampled_from([0.78, 0.6, 0.0]), st.sampled_from([0, 3, 7, None]))
def test_a_remembered_fuzzy_match_is_the_match(texts: list[str], threshold: float, fuzzy: int | None) -> None:
    plan = L.compile_candidates(tuple(r.labels for r in T.request_rows("2021")), fuzzy)
    for text in texts * 2:  # asked twice: the second answer comes from the memo
        assert L.match_compiled(text, plan, threshold) == _match_as_written(text, plan, threshold)


def test_a_full_fuzzy_memo_starts_again_and_answers_the_same() -> None:
    plan = L.compile_candidates(tuple(r.labels for r in T.request_rows("2019")), 7)
    texts = [f"申请人{n}其他处理" for n in range(L._FUZZED_KEPT + 40)]
    first = [L.match_compiled(t, plan) for t in texts]
    assert len(plan.fuzzed) <= L._FUZZED_KEPT
    assert [L.match_compiled(t, plan) for t in texts] == first
    assert first == [_match_as_written(t, plan, 0.78) for t in texts]


_KINDS = st.sampled_from(["text", "num", "empty", "eor"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_KINDS, st.integers(0, 4)), min_size=1, max_size=40))
def test_a_rows_count_forward_is_its_runs_count(stream: list[tuple[str, int]]) -> None:
    """The row matcher counts a real row's cells from a token forward on its first asks and keeps
    a run of counts on later ones: the two must agree for every token."""
    from govreport_io.form.recognise import rows, table_requests

    toks = [Tok(kind, "", 0, n, row) for n, (kind, row) in enumerate(stream)]
    ledger = Ledger.of([Paragraph("x", SourcePos(line=1))], "x.txt")
    reader = rows.RowReader(ledger, table_requests.spec("2021"), ledger.units, toks)
    for i in range(len(toks)):
        run = reader._row_run(i)
        assert reader._count_from(i) == (run.cells[i - run.start], run.nums[i - run.start])


def test_irregular_is_a_plain_record_equal_by_value() -> None:
    from govreport_io.form.recognise.rows import Irregular

    a, b = Irregular(), Irregular()
    assert a == b and a.lost == a.doubtful == a.single == {}
    a.doubtful["granted"] = "placed by order"
    assert a != b and "granted" in repr(a)
    b.doubtful["granted"] = "placed by order"
    assert a == b and a.lost is not b.lost  # each read has its own tables


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["复议", "诉讼", "维持", "纠正", "其他", "尚未审结", "总计", "结果", "行政复议结果",
                                 "未经复议直接起诉", "", " ", "|", "#", "<&>", "申请", "0", "１２", "复议诉讼"]),
                min_size=1, max_size=4))
def test_table_four_header_words_are_remembered_as_decided(parts: list[str]) -> None:
    from govreport_io.form.labels import normalize_label, strip_known
    from govreport_io.form.recognise import table_reviews as R

    text = "".join(parts)
    n = normalize_label(text)
    plain = not n or n in R._VOCAB_NORM or not strip_known(text, T.REVIEW_HEADER_WORDS)
    assert R._is_header_word(text) == plain
    ledger = Ledger.of([Paragraph("x", SourcePos(line=1))], "x.txt")
    ledger.ntokens[0] = 1
    for _ in range(2):  # asked twice: the second answer is the memo's
        scan = R._Scan()
        R._header_word(ledger, ledger.units, scan, Tok("text", text, 0, 0))
        assert (scan.header_end == 1) == plain


_SPACE_CHARS = " \t\u3000\xa0\u3000  ab1.,，。本报告（）|#<&\n\u2028\U00020000\uff10"
_SPACED = st.text(alphabet=st.sampled_from(list(_SPACE_CHARS)), max_size=40)


@settings(max_examples=1000, deadline=None)
@given(_SPACED)
def test_extraction_spaces_go_as_the_two_regular_expressions_took_them(text: str) -> None:
    from govreport_io.repair import cjk

    plain = cjk._EXTRACTION_SPACE_RE.sub(" ", cjk._SPACE_BESIDE_CJK_RE.sub("", text.strip(" \t\u3000\xa0")))
    assert cjk.remove_extraction_spaces(text) == (plain if cjk._EXTRACTION_SPACE_RE.search(text) else text)


def test_is_cjk_is_the_character_class_the_expressions_use() -> None:
    import re

    from govreport_io.repair import cjk

    every = "".join(map(chr, range(0x110000)))
    assert "".join(re.findall(cjk._cjk_class(), every)) == "".join(ch for ch in every if cjk.is_cjk(ch))
