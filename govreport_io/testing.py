"""Hypothesis strategies that generate valid reports of both forms.

Chinese text first of all, with hostile text mixed in: pipes, tabs, ``#``, ``<``, ``&``,
``*``, digits, full-width and half-width punctuation, Latin words, empty sections,
null cells and decimal fees. Every format's round-trip property runs over
:func:`reports`.

The generated structure is the one the recogniser reads back from any format:
headings look like headings (（一）…, no sentence inside) and paragraphs do not; the
title names the organ and the year, as real titles do. Formats with markup could carry
more, but formats without it (plain text) cannot, and every format must round-trip.
"""

from __future__ import annotations

try:
    from hypothesis import strategies as st
except ImportError:  # an optional extra: say which one instead of a bare ModuleNotFoundError
    raise ImportError("govreport_io.testing needs hypothesis: pip install 'govreport_io[test]'") from None

from .api import write
from .form import template as T
from .form.template import SECTION_NUMERALS
from .model import Block, Report, Section, Value
from .repair.cjk import display_width
from .repair.fields import KNOWN_FIELD_KEYS
from .writers._layout import TABLES, expand

CJK_COMMON = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种"
    "面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本"
    "去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比"
    "或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总"
    "次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做"
    "必战先回则任取据处理府研质"
)
PUNCT = "，。、；：？！“”《》（）【】—…·"
HOSTILE = "|\t#<>&*_`[]\\~!-+=.:;,()0123456789%/＆＃＊｜"
LATIN = ("APP", "http://www.gov.cn/", "PDF", "Word", "OA", "e-mail", "GB/T 9704", "x&y", "<b>", "a|b", "#1")

ORGANS = ("殷都区人民政府办公室", "南浔区政务办", "吴兴区人民政府办公室", "淮安市人民政府", "金林区人民政府办公室",
          "常州市武进区党政办", "杭州市数据局", "北京市海淀区人民政府")
TITLE_TAILS = ("年政府信息公开工作年度报告", "年度政府信息公开工作年度报告", "年政府信息公开年度报告",
               "年度政务公开工作总结")
SECTION_VARIANTS: dict[int, tuple[str, ...]] = {
    1: ("总体情况",),
    2: ("主动公开政府信息情况", "行政机关主动公开政府信息情况"),
    3: ("收到和处理政府信息公开申请情况", "行政机关收到和处理政府信息公开申请情况"),
    4: ("政府信息公开行政复议、行政诉讼情况", "因政府信息公开工作被申请行政复议、行政诉讼情况"),
    5: ("存在的主要问题及改进情况", "政府信息公开工作存在的主要问题及改进情况", "存在问题及改进情况"),
    6: ("其他需要报告的事项",),
}
_NUMERALS = "一二三四五六七八九十"
_SAFE_START = "本我全今按根依坚加强认严在对通围结"


# The strategies drawn from once per piece or cell are made once, here: made anew at every draw,
# hypothesis set each up again (about half the time of generating a report), for the same examples.
_PIECE = st.one_of(
    st.text(alphabet=CJK_COMMON, min_size=1, max_size=12),
    st.text(alphabet=CJK_COMMON, min_size=1, max_size=12),
    st.text(alphabet=CJK_COMMON, min_size=1, max_size=12),
    st.text(alphabet=PUNCT, min_size=1, max_size=2),
    st.text(alphabet=HOSTILE, min_size=1, max_size=3),
    st.sampled_from(LATIN),
    st.integers(0, 99999).map(str),
)


@st.composite
def sentence(draw: st.DrawFn, max_pieces: int = 12) -> str:
    """One line of Chinese text with hostile pieces, joined by nothing or a single space or tab."""
    pieces = draw(st.lists(_PIECE, min_size=1, max_size=max_pieces))
    seps = draw(st.lists(st.sampled_from(["", "", "", " ", "\t"]), min_size=len(pieces), max_size=len(pieces)))
    text = "".join(p + s for p, s in zip(pieces, seps)).strip()
    return text


@st.composite
def paragraph_text(draw: st.DrawFn) -> str:
    """Paragraph text that does not read as a heading: it opens with a Chinese character."""
    start = draw(st.sampled_from(_SAFE_START))
    body = draw(sentence())
    end = draw(st.sampled_from(["。", "", "；", "！"]))
    return (start + body + end).strip()


@st.composite
def heading_text(draw: st.DrawFn) -> str:
    """A sub-heading such as （一）主动公开情况: enumerator, short, no sentence punctuation."""
    n = draw(st.sampled_from(_NUMERALS[:6]))
    bracket = draw(st.sampled_from([("（", "）"), ("(", ")")]))
    words = draw(st.text(alphabet=CJK_COMMON + "、“”《》", min_size=1, max_size=12))
    return f"{bracket[0]}{n}{bracket[1]}{words}"


@st.composite
def blocks(draw: st.DrawFn, max_size: int = 5) -> tuple[Block, ...]:
    """Paragraphs and headings, possibly none (an empty section)."""
    kinds = draw(st.lists(st.sampled_from(["paragraph", "paragraph", "heading"]), max_size=max_size))
    return tuple(Block("heading", draw(heading_text())) if k == "heading"
                 else Block("paragraph", draw(paragraph_text())) for k in kinds)


_COUNT = st.one_of(st.none(), st.integers(0, 5000), st.integers(0, 9))
_SIGNED = st.one_of(st.none(), st.integers(-500, 500))
_AMOUNT = st.one_of(
    st.none(),
    st.from_regex(r"\A(0|[1-9][0-9]{0,6})(\.[0-9]{1,6})?\Z"),
    st.sampled_from(["0", "96171.6", "4068.208", "24252.311082", "12.35"]),
)


@st.composite
def active(draw: st.DrawFn, form: T.Form) -> dict[str, dict[str, Value]]:
    """Table 二 of a form."""
    out: dict[str, dict[str, Value]] = {}
    for r in T.active_rows(form):
        cells: dict[str, Value] = {}
        for c in r.columns:
            if c.kind == "count":
                cells[c.key] = draw(_COUNT)
            elif c.kind == "signed":
                cells[c.key] = draw(_SIGNED)
            elif c.kind == "amount":
                cells[c.key] = draw(_AMOUNT)
        if any(c.kind == "unit" for c in r.columns):
            cells["unit"] = draw(st.sampled_from(["元", "万元"])) if cells.get("amount") is not None else None
        out[r.key] = cells
    return out


@st.composite
def reports(draw: st.DrawFn, form: T.Form | None = None) -> Report:
    """A valid report of the 2021 or the 2019 form."""
    form = form if form is not None else draw(st.sampled_from(T.FORMS))
    assert form is not None
    year = draw(st.integers(2019, 2020) if form == "2019" else st.integers(2021, 2026))
    organ = draw(st.sampled_from(ORGANS))
    title = f"{organ}{year}{draw(st.sampled_from(TITLE_TAILS))}"
    fields = tuple(draw(st.lists(
        st.tuples(st.sampled_from(KNOWN_FIELD_KEYS[:8]), st.one_of(st.just(""), sentence(4))),
        max_size=4, unique_by=lambda kv: kv[0])))
    sections = tuple(
        Section(n, draw(st.sampled_from(SECTION_VARIANTS[n])), draw(blocks(3 if n in (2, 3, 4) else 5)))
        for n in range(1, 7)
    )
    requests = {k: tuple(draw(_COUNT) for _ in T.REQUEST_COLUMNS) for k in T.request_row_keys(form)}
    reviews = {g.key: {o.key: draw(_COUNT) for o in T.REVIEW_OUTCOMES} for g in T.REVIEW_GROUPS}
    return Report(
        form=form, fields=fields, title=title, organ=organ, year=year,
        preamble=draw(blocks(2)), sections=sections, active=draw(active(form)),
        requests=requests, reviews=reviews,
    )


# ---------------------------------------------------------------- capture shapes
# Reports as they reach users after other tools have handled them, for testing readers
# and pipelines: the shapes of ../shared/corpus/seeds, made from any Report.

def _wrap(text: str, width: int = 52) -> list[str]:
    """Break a paragraph at a fixed measure (in half-width columns), as a PDF sets it."""
    lines, cur = [], ""
    for ch in text:
        if display_width(cur + ch) > width:
            lines.append(cur)
            cur = ""
        cur += ch
    return [*lines, cur] if cur else lines


def capture_pdftext(report: Report) -> str:
    """Text as taken out of a PDF: wrapped lines, blank lines between lines, a page footer
    inside a paragraph, spaces between characters, table header text stacked one char per line."""
    lines: list[str] = []
    if report.title and report.organ and report.title.startswith(report.organ):
        # a two-line title, as printed at the head of the first page
        lines.append(" ".join(report.organ))
        lines.append(report.title[len(report.organ):])
    for b in report.preamble:
        lines.extend(_wrap(b.text))
    page = 1
    for s in report.sections:
        lines.append(f"{SECTION_NUMERALS[s.number - 1]}、{s.title}")
        grids = dict(TABLES)
        if s.number in grids:
            for row in expand(grids[s.number](report)):
                label = [c for c in row if c and not c.replace(".", "").isdigit()]
                nums = [c for c in row if c and c.replace(".", "").isdigit()]
                if nums:
                    lines.append(" ".join(label + nums))
                else:
                    for c in label:
                        lines.extend(list(c) if len(c) <= 4 else [c])
        for n, b in enumerate(s.blocks):
            parts = _wrap(b.text)
            if s.number == 1 and n == 2 and len(parts) > 1:
                page += 1
                parts.insert(1, f"— {page} —")
            lines.extend(parts)
    return "\n\n".join(lines) + "\n"


def capture_pipes(report: Report) -> str:
    """A portal page exported with pipes: header fields and tables as `a | b |` lines."""
    out: list[str] = []
    for k, v in report.fields:
        out.append(f"{k}: | {v} |")
    text = write(report.replace(fields=()), format="text").decode()
    for line in text.splitlines():
        if "\t" in line:
            out.append(" | ".join(line.split("\t")) + " |")
        elif line.strip():
            out.append(line.strip())
    return "\n".join(out) + "\n"


def capture_cells(report: Report) -> str:
    """A copy with one table cell per tab-indented line, rows parted by blank lines."""
    out: list[str] = []
    text = write(report, format="text").decode()
    for line in text.splitlines():
        if "\t" in line:
            out.extend("\t" + c for c in line.split("\t"))
            out.append("")
        else:
            out.append(line)
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- glued numbers (issue 10)

def balanced(report: Report) -> Report:
    """The report with tables that add up (R1–R4) and no blank cell in them, as a careful
    office prints them: what the arithmetic that splits glued numbers assumes."""
    rows = {k: [v or 0 for v in vals[:6]] for k, vals in report.requests.items()}
    outcomes = [r.key for r in T.request_rows(report.form) if r.group is not None and r.key != "total"]
    rows["total"] = [sum(rows[k][c] for k in outcomes) for c in range(6)]
    for i in range(6):
        new = rows["total"][i] + rows["carried_forward"][i] - rows["carried_over"][i]
        if new < 0:
            rows["carried_over"][i] += new  # less carried over, so that nothing new is negative
            new = 0
        rows["new_received"][i] = new
    requests = {k: (*v, sum(v)) for k, v in rows.items()}
    reviews = {g: {**{k: v or 0 for k, v in outcome.items() if k != "total"},
                   "total": sum(v or 0 for k, v in outcome.items() if k != "total")}
               for g, outcome in report.reviews.items()}
    active: dict[str, dict[str, Value]] = {}
    blank: dict[str, Value] = {"count": 0, "signed": 0, "amount": "0", "unit": "元"}
    for r in T.active_rows(report.form):
        cells = dict(report.active[r.key])
        for c in r.columns:
            if cells.get(c.key) is None:
                cells[c.key] = blank[c.kind]
        active[r.key] = cells
    return report.replace(requests=requests, reviews=reviews, active=active)


def _cell_text(value: Value) -> str:
    return "" if value is None else str(value)


def digit_runs(report: Report, spaces: tuple[bool, ...] = ()) -> dict[str, str]:
    """The table cells of a report glued as crawlers glue them, by run key (``active.<item>``,
    ``requests.<row>``, ``reviews`` for the 15 cells of table 四): the boundaries between cells
    take a space where the next flag of ``spaces`` (cycled) is true, nothing otherwise; a
    blank cell leaves nothing."""
    boundary = 0

    def glue(values: list[Value]) -> str:
        nonlocal boundary
        out = ""
        for n, v in enumerate(values):
            if n:
                # the flags are cycled over every boundary of every run
                if spaces and spaces[boundary % len(spaces)]:
                    out += " "
                boundary += 1
            out += _cell_text(v)
        return out.strip()

    runs = {f"active.{r.key}": glue([report.active[r.key][c.key] for c in r.columns if c.kind != "unit"])
            for r in T.active_rows(report.form)}
    runs.update({f"requests.{k}": glue(list(v)) for k, v in report.requests.items()})
    runs["reviews"] = glue([report.reviews[g.key][o.key] for g in T.REVIEW_GROUPS for o in T.REVIEW_OUTCOMES])
    return runs


def _is_number(cell: str) -> bool:
    """A cell that holds a number as the writers print it: 12, -18, 1234.56."""
    body = cell[1:] if cell.startswith("-") else cell
    whole, _, frac = body.partition(".")
    return whole.isascii() and whole.isdigit() and (not frac or (frac.isascii() and frac.isdigit()))
_CRAWLER_HEAD = ("发布时间: 2022-02-08 16:34", "文号: ", "栏目: 政府信息公开年报",
                 "原文链接: https://www.example.gov.cn/zwgk/zfxxgk/art_1.html")


def _spaced_label(label: str, n: int) -> str:
    """Every third label with a space inside it, as crawlers split words ("社会公益 组织")."""
    return f"{label[:len(label) // 2]} {label[len(label) // 2:]}" if n % 3 == 2 and len(label) >= 4 else label


def _crawler_table(report: Report, number: int) -> str:
    out: list[str] = []
    for n, row in enumerate(expand(dict(TABLES)[number](report))):
        cells = [c for c in row if c]
        first = next((i for i, c in enumerate(cells) if _is_number(c)), len(cells))
        last = max((i for i, c in enumerate(cells) if _is_number(c)), default=first - 1)
        label = "".join(_spaced_label(c, n) for c in cells[:first])
        nums = [c for c in cells[first:last + 1] if _is_number(c)]
        # cells glued without separators in most rows, spaced in some; a unit ("元") after them
        out.append(label + (" ".join(nums) if n % 3 == 1 else "".join(nums)) + "".join(cells[last + 1:]))
    return "".join(out)


def capture_crawler(report: Report) -> str:
    """A report as a web crawler saves it: crawler fields, a ==== line, then the whole
    report on one line with page chrome inside, table cells glued in some rows and spaced
    in others, label words split by spaces."""
    head = [f"标题: {report.title or ''}", _CRAWLER_HEAD[0], _CRAWLER_HEAD[1],
            f"发布机构: {report.organ or ''}", *_CRAWLER_HEAD[2:], "=" * 20 + " 正文 " + "=" * 20]
    body = ["当前位置：首页 > 政务公开 > 政府信息公开年报 ", report.title or "",
            f" 来源：{report.organ or '本机关'} 时间：2022-02-08 16:34 微信 微博 QQ空间 全真版 文字版 文件下载 "]
    body.extend(b.text for b in report.preamble)
    for s in report.sections:
        body.append(f"{SECTION_NUMERALS[s.number - 1]}、{s.title}")
        if s.number in (2, 3, 4):
            body.append(_crawler_table(report, s.number))
        body.extend(b.text for b in s.blocks)
    body.append(" 附件下载 打印本页 关闭窗口")
    line = "".join(body).replace("\n", " ").replace("\r", " ")
    return "\n".join(head) + "\n" + line + "\n"


def _pipe(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _delim(n: int) -> str:
    return "|" + "---|" * n


def _paged(lines: list[str], every: int = 28) -> list[str]:
    """Lines with a page footer "— N —" after every ``every`` lines, as PDF text has."""
    out: list[str] = []
    page = 0
    for n, line in enumerate(lines, 1):
        if n > (page + 1) * every and not line.startswith("|"):
            page += 1
            out.append(f"— {page} —")  # between lines of text or table pieces, never inside a row
        out.append(line)
    return out


def _pdf_rows(rows: list[tuple[str, list[str], str]], caption: str) -> list[str]:
    """Rows (label, values, group label) as a PDF-to-Markdown tool breaks a ruled table:
    short pipe tables, labels standing loose before or after their numbers, extra empty
    columns, group labels split into a cell of their own, captions as ## headings."""
    out: list[str] = []
    for n, (label, values, group) in enumerate(rows):
        shape = n % 5
        if n % 6 == 0:
            out += ["", f"## {caption}"]
        if shape == 1:
            out += ["", label, _pipe(values), _delim(len(values))]
        elif shape == 3:
            out += ["", _pipe(values), _delim(len(values)), "", label]
        elif shape == 2:
            out += ["", _pipe([label, *values, ""]), _delim(len(values) + 2)]
        elif shape == 4 and group:
            out += ["", _pipe([group[:len(group) // 2], label, *values]), _delim(len(values) + 2)]
        else:
            out += ["", _pipe([label, *values]), _delim(len(values) + 1)]
    return [*out, ""]


def _pdf_tables(report: Report, number: int) -> list[str]:
    if number == 2:
        loose: list[str] = []
        rows = []
        for r in T.active_rows(report.form):
            values = [_cell_text(report.active[r.key][c.key]) for c in r.columns]
            if report.form == "2021" and len(values) == 3:
                # the cell that carried a note stands loose with it; the row lost that cell
                loose += [values[1], "（含自然失效1件）"]
                values = [values[0], values[2]]
            rows.append((r.label, values, ""))
        return [T.active_rows(report.form)[0].group or "", *loose, "信息内容本年制发件数",
                *_pdf_rows(rows, "表二：主动公开政府信息情况")]
    if number == 3:
        words = [c.label for c in T.REQUEST_COLUMNS[1:5]]
        head = ["申请人情况", "法人或其他组织", "".join(w[:len(w) // 2] for w in words),
                # header fragments read as a table row: "| 业 | 构 | 益组织 | 务机构 |"
                _pipe([w[len(w) // 2:] for w in words]), _delim(len(words))]
        rows = [(r.label, [_cell_text(v) for v in report.requests[r.key]], r.group or "")
                for r in T.request_rows(report.form)]
        return [*head, *_pdf_rows(rows, "表三：收到和处理政府信息公开申请情况")]
    values = [_cell_text(report.reviews[g.key][o.key]) for g in T.REVIEW_GROUPS for o in T.REVIEW_OUTCOMES]
    return ["行政复议行政诉讼", "未经复议直接起诉复议后起诉", "结果结果其他尚未总计",
            _pipe(["维持", "纠正", "结果", "审结", "总计", "总计"]), _delim(6), _pipe(values), _delim(15), ""]


def capture_pdf_markdown(report: Report) -> str:
    """A report as a PDF-to-Markdown tool extracts it: PDF lines as Markdown lines (a heading
    line with its wrapped paragraph under it and no blank line between), page footers
    "— N —", broken pipe tables (header fragments as rows, labels loose before or after
    their numbers, extra empty columns, group labels in a cell of their own, a 2021 table-二
    row that lost the cell which carried a note, that cell standing loose above); a paragraph
    "注：…" of section 四 stands right under its table, as footnotes do."""
    lines: list[str] = ["正文"]
    if report.title:
        lines += _wrap(report.title, 40)
    for b in report.preamble:
        lines += [*_wrap(b.text), ""]
    for s in report.sections:
        lines.append(f"{SECTION_NUMERALS[s.number - 1]}、{s.title}")
        if s.number in (2, 3, 4):
            lines += _pdf_tables(report, s.number)
        for b in s.blocks:
            lines += [*_wrap(b.text), ""] if b.kind == "paragraph" else [b.text]
        lines.append("")
    return "\n".join(_paged(lines)) + "\n"


_OCR_DAMAGE = {"（": "(", "）": ") "}


def _ocr(label: str) -> str:
    """A label as OCR damages it: half-width brackets with a space, "（六）其他处理" cut short."""
    label = label.replace("（六）其他处理", "（六）其他")
    for a, b in _OCR_DAMAGE.items():
        label = label.replace(a, b)
    return label.strip()


def _ocr_requests(report: Report) -> list[str]:
    """Table 三 as one small table per group, columns 数据1…数据6 | 总计, a wrong header row inside."""
    out: list[str] = []
    generic = ["项目", *(f"数据{n}" for n in range(1, 7)), "总计"]
    wrong = _pipe(["申请人情况", *(c.label for c in T.REQUEST_COLUMNS)])
    group: str | None = "start"
    for n, r in enumerate(T.request_rows(report.form)):
        key = r.group if r.group not in (None, T.G3) else "end" if r.key in ("total", "carried_forward") \
            else "edge" if r.group is None else "outcome"
        if key != group:
            if r.group not in (None, T.G3):
                out += ["", _ocr(r.group or "")]
            out += ["", _pipe(generic), _delim(8)]
            group = key
        out.append(_pipe([_ocr(r.label), *(_cell_text(v) for v in report.requests[r.key])]))
        if n == 0:
            out.append(wrong)
    return [*out, ""]


def _ocr_tables(report: Report, number: int) -> list[str]:
    if number == 2:
        out: list[str] = []
        for r in T.active_rows(report.form):
            out += ["", _pipe(["信息内容", *(c.label for c in r.columns)]), _delim(len(r.columns) + 1),
                    _pipe([r.label, *(_cell_text(report.active[r.key][c.key]) for c in r.columns)])]
        return [*out, ""]
    if number == 3:
        return _ocr_requests(report)
    out = []
    for g in T.REVIEW_GROUPS:
        out += ["", f"{g.group}（{g.label}）" if g.group else g.label, "",
                _pipe([o.label for o in T.REVIEW_OUTCOMES]), _delim(5),
                _pipe([_cell_text(report.reviews[g.key][o.key]) for o in T.REVIEW_OUTCOMES])]
    return [*out, ""]


def capture_ocr_markdown(report: Report) -> str:
    """A report as OCR or a language model writes it in Markdown: "## 一、总体情况" headings,
    table 三 as one small table per group with generic column names (数据1 … 数据6 | 总计)
    and a wrong header row inside, table 四 as three tables, OCR damage in labels."""
    lines: list[str] = [f"# {report.title}" if report.title else "", ""]
    for b in report.preamble:
        lines += [b.text, ""]
    for s in report.sections:
        lines += [f"## {SECTION_NUMERALS[s.number - 1]}、{s.title}", ""]
        if s.number in (2, 3, 4):
            lines += _ocr_tables(report, s.number)
        for b in s.blocks:
            lines += [f"### {b.text}" if b.kind == "heading" else b.text, ""]
    return "\n".join(lines).strip("\n") + "\n"
