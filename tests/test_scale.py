"""Cost linear in input size where the library loops, and the fast paths equal to the plain ones.

Linearity is shown by operation counts where there is one to count, else by comparing the
cost of two sizes of one input with a generous factor (never an absolute time): a
quadratic loop grows with the square of the size ratio, far past the factor allowed.
"""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import govreport_io as gr
from govreport_io.form import labels
from govreport_io.form.recognise import rows
from govreport_io.repair.cjk import is_cjk, join_wrapped, remove_extraction_spaces, unwrap

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = (ROOT / "samples" / "report.txt").read_text(encoding="utf-8")
SECTION_3 = "三、收到和处理政府信息公开申请情况\n"
SECTION_5 = "五、存在的主要问题及改进情况\n"


def _with(marker: str, extra: str, text: str = SAMPLE) -> bytes:
    at = text.index(marker) + len(marker)
    return (text[:at] + extra + "\n" + text[at:]).encode()


def _cost(fn: Callable[[], object]) -> float:
    """Best of three times of ``fn``, in this process's CPU time: wall time counts whatever else the machine
    runs meanwhile (the suite runs on every core), and a busy machine made an 8-fold input cost 25-35 times."""
    best = float("inf")
    for _ in range(3):
        t = time.process_time()
        fn()
        best = min(best, time.process_time() - t)
    return best


def _junk_rows(n: int) -> bytes:
    return _with(SECTION_3, "\n".join(f"其他事项{i}\t{i % 7}\t0\t1\t0\t0\t0\t1" for i in range(n)))


@pytest.mark.pure_python
def test_rows_the_form_does_not_know_are_matched_in_linear_work(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []
    real = rows.best_match

    def counting(text: str, *args: object, **kwargs: object) -> object:
        seen.append(len(text))
        return real(text, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(rows, "best_match", counting)
    work = []
    for n in (300, 1200):
        seen.clear()
        report = gr.read(_junk_rows(n), "text")
        assert report.requests == gr.read(SAMPLE.encode(), "text").requests  # the form's rows still read
        work.append((len(seen), sum(seen)))
    calls, chars = work[1][0] / work[0][0], work[1][1] / work[0][1]
    assert calls < 4 * 1.5 and chars < 4 * 1.5, work  # quadratic work would grow 16-fold


@pytest.mark.parametrize(("make", "n"), [
    pytest.param(lambda n: _with(SECTION_5, "\n".join(
        f"the report of office {i} was published on the portal and in print for all" for i in range(n)),
        SAMPLE.replace("\u3000\u3000", "")), 500, id="one wrapped Latin paragraph"),
    pytest.param(lambda n: ("\n".join(f"索引号：值{i}" for i in range(n)) + "\n" + SAMPLE).encode(), 1500,
                 id="header field lines"),
    pytest.param(lambda n: _junk_rows(n), 500, id="table rows"),
])
def test_text_reads_grow_linearly(make: Callable[[int], bytes], n: int) -> None:
    small, big = make(n), make(8 * n)
    ratio = _cost(lambda: gr.read(big, "text")) / _cost(lambda: gr.read(small, "text"))
    assert ratio < 8 * 3, ratio  # 8 times the input; quadratic would cost about 64 times


def test_prose_hints_grow_linearly_with_a_run_of_digits() -> None:
    # a glued table has the report's prose searched for restated numbers; a number pattern tried at
    # every digit of a long run scanned the rest of the run each time (40,000 digits took 6 s)
    from govreport_io.form.arith import prose_hints

    small, big = "7" * 4000 + "件结转下年度", "7" * 32000 + "件结转下年度"
    assert prose_hints(big) == {}  # no count is that long (and int() refuses past 4,300 digits)
    assert prose_hints("7" * 18 + "件结转下年度") == {"requests.carried_forward.total": int("7" * 18)}
    ratio = _cost(lambda: prose_hints("收到申请" + big)) / _cost(lambda: prose_hints("收到申请" + small))
    assert ratio < 8 * 3, ratio  # 8 times the input; quadratic would cost about 64 times


def test_a_glued_capture_with_a_long_run_of_digits_in_its_prose_reads() -> None:
    # the prose of a glued capture is searched for restated numbers: a long number there once
    # stopped the read (int() refuses past 4,300 digits) after quadratic work
    from govreport_io.testing import capture_crawler

    report = gr.read(ROOT / "samples" / "report.json")
    capture = capture_crawler(report)
    plain = gr.read(capture.encode(), "text")
    junk = capture.rstrip("\n") + "\n" + "7" * 40000 + "件结转下年度。\n"
    read = gr.read(junk.encode(), "text")
    assert (read.active, read.requests, read.reviews) == (plain.active, plain.requests, plain.reviews)


@pytest.mark.parametrize("space", [" ", "\u2003"])
def test_a_section_heading_with_a_long_run_of_spaces_is_matched_in_linear_time(space: str) -> None:
    # the repair collapses runs of spaces and tabs, not em spaces: the heading pattern met them whole
    from govreport_io.form.recognise.text import section_match

    def heading(n: int) -> str:
        return "五、存在的主要问题" + space * n + "及改进情况"

    assert section_match(heading(3)) == (5, "存在的主要问题及改进情况")
    ratio = _cost(lambda: section_match(heading(64000))) / _cost(lambda: section_match(heading(8000)))
    assert ratio < 8 * 3, ratio  # 8 times the input; quadratic would cost about 64 times


def test_a_long_crawler_header_line_is_read_in_linear_time() -> None:
    # a header field's value was matched lazily up to trailing white space: a run of spaces inside
    # it was scanned from each of its positions
    from govreport_io.repair.crawler import split_header

    def capture(n: int) -> str:
        return "标题: 青溪县" + " " * n + "年度报告\n发布机构: 青溪县人民政府办公室\n=====\n一、总体情况\n"

    fields, _, _ = split_header(capture(3))
    assert fields == [("标题", "青溪县   年度报告"), ("发布机构", "青溪县人民政府办公室")]
    ratio = _cost(lambda: split_header(capture(64000))) / _cost(lambda: split_header(capture(8000)))
    assert ratio < 8 * 3, ratio  # 8 times the input; quadratic would cost about 64 times


def _docx_of_empty_paragraphs(n: int, nstyles: int) -> bytes:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    styles = "".join(f'<w:style w:type="paragraph" w:styleId="s{k}"><w:name w:val="Style {k}"/></w:style>'
                     for k in range(nstyles))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                    'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxml'
                    'formats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                    'officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" '
                    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
                    '</Types>')
        zf.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                    'package/2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/'
                    'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        zf.writestr("word/_rels/document.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.'
                    'openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="http://schemas.'
                    'openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
                    '</Relationships>')
        zf.writestr("word/styles.xml", f'<?xml version="1.0"?><w:styles xmlns:w="{w}">{styles}</w:styles>')
        zf.writestr("word/document.xml", f'<?xml version="1.0"?><w:document xmlns:w="{w}"><w:body>'
                    + "<w:p/>" * n + "<w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p></w:body></w:document>")
    return buf.getvalue()


def test_docx_paragraphs_and_styles_cost_their_sum_not_their_product() -> None:
    # python-docx scanned every style for every unstyled paragraph: paragraphs × styles
    small, big = _docx_of_empty_paragraphs(2000, 100), _docx_of_empty_paragraphs(8000, 400)
    ratio = _cost(lambda: gr.read_blocks(big, "docx")) / _cost(lambda: gr.read_blocks(small, "docx"))
    assert gr.read_blocks(big, "docx")[0].text == "一、总体情况"  # type: ignore[union-attr]
    assert ratio < 4 * 2.5, ratio  # both 4 times larger; their product would cost 16 times


# ---------------------------------------------------------------- the fast paths read as the plain ones

_PIECE = st.text(alphabet="ab1 \t/.-中文,()\u3000@x", max_size=8)


@given(st.lists(_PIECE, max_size=8))
def test_unwrap_is_the_fold_of_join_wrapped(lines: list[str]) -> None:
    out = ""
    for line in lines:
        out = join_wrapped(out, line) if out else line.strip()
    assert unwrap(lines) == out


def _plain_tail_score(text: str, label: str) -> float:
    """The tail score as first written: every end aligned."""
    if not label:
        return 0.0
    if text.endswith(label):
        return 1.0
    n = len(label)
    best = labels.similarity(text[-n:], label)
    for d in (1, 2, 3):
        if len(text) >= n + d:
            best = max(best, labels.similarity(text[-(n + d):], label))
        if n - d > 0:
            best = max(best, labels.similarity(text[-(n - d):], label))
    return best


_LABEL_TEXT = st.text(alphabet="abcd其他情形", max_size=14)


@given(_LABEL_TEXT, _LABEL_TEXT, st.sampled_from([0.0, 0.5, 0.6, 0.78, 0.85]))
def test_bounded_label_scores_are_exact_where_they_matter(text: str, label: str, floor: float) -> None:
    plain = _plain_tail_score(text, label)
    fast = labels.tail_score(text, label, floor)
    assert fast == plain if plain >= floor else fast < floor
    assert labels.similar(text, label, floor) == (labels.similarity(text, label) >= floor)


def _plain_remove_extraction_spaces(text: str) -> str:
    """Extraction spaces removed as first written: one decision per run of spaces."""
    import re

    def repl(m: re.Match[str]) -> str:
        s, e = m.start(), m.end()
        if s == 0 or e == len(text):
            return ""
        return "" if is_cjk(text[s - 1]) or is_cjk(text[e]) else " "

    return re.sub(r"[ \t\u3000\xa0]+", repl, text)


@given(st.text(alphabet=" \t\u3000\xa0\u2003\na1中，“…x", max_size=16))
def test_extraction_spaces_are_removed_as_before(text: str) -> None:
    assert remove_extraction_spaces(text) == _plain_remove_extraction_spaces(text)


def _plain_best_match(text: str, candidates: list[tuple[str, ...]], threshold: float,
                      fuzzy_limit: int | None) -> tuple[int, float] | None:
    """best_match as first written: every label of every candidate scored."""
    norm = labels.normalize_label(text)
    exact = [(len(labels.normalize_label(v)), -i) for i, vs in enumerate(candidates) for v in vs
             if labels.normalize_label(v) and norm.endswith(labels.normalize_label(v))]
    if exact:
        return -max(exact)[1], 1.0
    best: tuple[float, int, int] | None = None
    for i, vs in enumerate(candidates):
        if fuzzy_limit is not None and i >= fuzzy_limit:
            break
        for v in vs:
            lab = labels.normalize_label(v)
            score = _plain_tail_score(norm, lab)
            if score >= threshold and (best is None or (score, len(lab), -i) > best):
                best = (score, len(lab), -i)
    return None if best is None else (-best[2], best[0])


@given(_LABEL_TEXT, st.lists(st.tuples(_LABEL_TEXT, _LABEL_TEXT), max_size=5),
       st.sampled_from([0.0, 0.6, 0.78]), st.sampled_from([None, 0, 2]))
def test_best_match_chooses_as_before(text: str, candidates: list[tuple[str, ...]], threshold: float,
                                      fuzzy_limit: int | None) -> None:
    assert labels.best_match(text, candidates, threshold, fuzzy_limit) == \
        _plain_best_match(text, candidates, threshold, fuzzy_limit)


@given(st.lists(st.tuples(_LABEL_TEXT, _LABEL_TEXT), min_size=1, max_size=5), st.data(),
       st.sampled_from([0.0, 0.78]), st.sampled_from([None, 0, 2]))
def test_best_match_of_a_text_that_is_a_label_chooses_as_before(
        candidates: list[tuple[str, ...]], data: st.DataObject, threshold: float, fuzzy_limit: int | None) -> None:
    # a text that is one of the labels (a cell of a real table row) is found by one lookup
    text = data.draw(st.sampled_from([v for vs in candidates for v in vs]))
    assert labels.best_match(text, candidates, threshold, fuzzy_limit) == \
        _plain_best_match(text, candidates, threshold, fuzzy_limit)
