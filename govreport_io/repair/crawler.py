"""Crawler captures: a header of crawler fields, then the whole report on one line.

Web crawlers save a page as a few ``key: value`` lines (标题:, 发布时间:, 文号:, 发布机构:,
栏目:, 原文链接:), a separator line of ``====``, then the page's text with every line
break gone: title, headings, paragraphs and tables inline, page chrome inside
(当前位置：首页 > …, 微信 微博 QQ空间, 打印本页 …) and table cells glued.

:func:`crawler_lines` turns such text back into lines a recogniser can read, each with a
kind: ``field`` ("key: value"), ``chrome`` (page furniture that was removed), ``title``,
``heading`` (一、… section headings), ``subheading`` (（一）… where it stands alone),
``header`` (table header words and group labels), ``row`` (a row label of the form
followed by its digits as captured, or digits alone for table 四), ``text`` (prose).
Pure text in, lines out. ``repair/`` knows no form: what the lines are broken at (section
titles, row labels, header words) comes in a :class:`Vocabulary` from the caller, built
from the template by :func:`govreport_io.form.arith.crawler_vocabulary`; nothing is tuned
to one site. Glued digits are left as they are, for :mod:`govreport_io.form.arith`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final, Literal

from .cjk import _is_numeral, _is_space, _past_spaces, collapse_spaces, compact, plain_character
from .make import remember


@dataclass(frozen=True)
class Vocabulary:
    """What breaking a report's one line needs to know of its form, from the caller.

    ``titles``/``keywords``: per section number, its titles (and variants) and the words
    that name it; ``tables``: per section with a labelled table, the table's name in run
    keys ("active", "requests") and its rows as (row key, labels: official first, then
    variants); ``unlabelled``: per section, the run key of a table printed without row
    labels ("reviews"); ``header_words``: words of the tables' headers and group labels;
    ``numerals``: the section numerals in order."""

    titles: Mapping[int, tuple[str, ...]]
    keywords: Mapping[int, tuple[str, ...]]
    tables: Mapping[int, tuple[str, tuple[tuple[str, tuple[str, ...]], ...]]]
    unlabelled: Mapping[int, str] = field(default_factory=dict)
    header_words: tuple[str, ...] = ()
    numerals: str = "一二三四五六"


LineKind = Literal["field", "chrome", "title", "heading", "subheading", "header", "row", "text"]
Line = tuple[LineKind, str]

CRAWLER_FIELD_KEYS = ("标题", "发布时间", "文号", "发布机构", "栏目", "原文链接", "本地目录", "来源", "作者",
                      "采集时间", "网址", "链接")
_SEPARATOR_RE = re.compile(r"^\s*={4,}.*$")

# Page chrome of Chinese government portals, as it reads once line breaks are gone.
_BREADCRUMB = r"\s*[:：]\s*首页[^\s>›»/＞]*(?:\s*(?:[>›»/＞]|&gt;)\s*[^\s>›»/＞]+)*"
_DATE = r"\s*[:：]\s*\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
_FONT_SIZES = r"[体号]\s*[:：]?\s*[【\[]?大[】\]]?\s*[【\[]?中[】\]]?\s*[【\[]?小[】\]]?】?"
_CHROME_LITERAL_FIRST: tuple[str, ...] = (
    f"当前位置{_BREADCRUMB}", f"您(?:现在)?的位置{_BREADCRUMB}", f"当前所在位置{_BREADCRUMB}",
    r"来源\s*[:：]\s*\S{1,30}", f"发布时间{_DATE}", f"时间{_DATE}",
    r"浏览次数\s*[:：]?\s*\d*", r"访问量\s*[:：]?\s*\d*", f"【字{_FONT_SIZES}", f"字{_FONT_SIZES}",
    r"分享到\s*[:：]?", r"微信\s*微博\s*(?:QQ空间)?", r"QQ空间", r"全真版\s*文字版", r"文件下载", r"附件下载",
    r"【打印本页】?", r"打印本页】?", r"【关闭窗口】?", r"关闭窗口】?", r"【\s*打印\s*】", r"【\s*关闭\s*】",
    r"扫一扫在手机(?:上)?打开当前页",
    r"相关链接\s*[:：]?", r"-->", r"<!--", r"返回顶部", r"\[\s*打印\s*\]", r"\[\s*关闭\s*\]",
)
"""Each alternative opens with a literal character: an optional part or a group at the start is
written out as one alternative per way, in the order the engine tries them ("(?:发布)?时间…" is
"发布时间…|时间…", "【?字…" is "【字…|字…"), so that the alternation matches what the pattern as
first written matches (tests/test_speed_text.py holds that one; it and test_speed_text3.py check it)."""
# Every alternative opening with a literal, the engine scans the text for the set of those
# characters in C and tries at one of them only the alternatives opening with it; a lookahead
# guard in front of the alternation cost a call of the matcher at every character (2× slower).
_CHROME_RE = re.compile("|".join(_CHROME_LITERAL_FIRST))


# A header line "key: value" was read by ^\s*([^\s:：]{1,8})\s*[:：]\s?(.*?)\s*$, whose lazy value
# then "\s*$" matches whatever is left of a line (no line of splitlines() holds a line break): the
# key is this pattern's, and the value the rest less one space and its trailing white space
# (field_of). The lazy value tried every position of a run of spaces and scanned the rest of the
# run from each: quadratic in a long header line (tests/test_speed_text.py compares the two).
_FIELD_KEY_RE = re.compile(r"^\s*([^\s:：]{1,8})\s*[:：]")


def field_of(line: str) -> tuple[str, str] | None:
    """The key and value of a crawler header line ("标题: …"), or None when it is no field."""
    m = _FIELD_KEY_RE.match(line)
    if m is None:
        return None
    value = line[m.end():]
    if value[:1].isspace():  # one space after the colon belongs to it (str.isspace is re's \s)
        value = value[1:]
    return m.group(1), value.rstrip()


def first_lines(text: str, n: int) -> list[str]:
    """``text.splitlines()[:n]``, splitting only the text up to its ``n``-th "\\n".

    No line break runs past a "\\n", so the lines of that prefix are whole lines of the text,
    ``n`` of them at least (other line breaks only add lines)."""
    return text[:_past_line(text, n)].splitlines()[:n]


def _past_line(text: str, n: int) -> int:
    """The index just past the ``n``-th "\\n" of ``text`` (its length when it has fewer): the
    lines of :func:`first_lines` lie before it (no line break runs past a "\\n")."""
    end = -1
    for _ in range(n):
        end = text.find("\n", end + 1)
        if end < 0:
            return len(text)
    return end + 1


def is_crawler_text(text: str) -> bool:
    """True for a crawler capture: at least two crawler fields in the first lines and a ==== line."""
    text = text.lstrip("\ufeff")
    if text.find("====", 0, _past_line(text, 20)) < 0:
        # no separator in the first lines (most texts): they are not split, nor their fields read
        return False
    lines = first_lines(text, 20)
    # a field holds a colon, a separator four "=": lines without are not matched at all; the
    # separator asked first (most texts have none: their fields are not read)
    if not any("====" in ln and _SEPARATOR_RE.match(ln) for ln in lines):
        return False
    keys = {m.group(1) for ln in lines if ("：" in ln or ":" in ln) and (m := _FIELD_KEY_RE.match(ln))}
    return len(keys & _CRAWLER_KEYS) >= 2


_CRAWLER_KEYS = frozenset(CRAWLER_FIELD_KEYS[:6])


def split_header(text: str) -> tuple[list[tuple[str, str]], list[str], str]:
    """The crawler's fields, its other header lines (notes such as "页面链接…详见 links.tsv"),
    and the text after its ==== separator (all the text when there is none)."""
    lines = text.lstrip("\ufeff").splitlines()
    for n, ln in enumerate(lines[:30]):
        if _SEPARATOR_RE.match(ln):
            head = [(ln2, field_of(ln2)) for ln2 in lines[:n] if ln2.strip()]
            fields = [f for _, f in head if f is not None]
            return fields, [ln2.strip() for ln2, f in head if f is None], "\n".join(lines[n + 1:])
    return [], [], text


def strip_chrome(text: str) -> tuple[str, list[str]]:
    """The text without page chrome, and the chrome removed (kept, for warnings)."""
    removed: list[str] = []

    def cut(m: re.Match[str]) -> str:
        removed.append(m.group(0).strip())
        return " "

    return _CHROME_RE.sub(cut, text), [r for r in removed if r]


def crawler_lines(text: str, vocab: Vocabulary) -> list[Line]:
    """The lines of a crawler capture (or of any report flattened onto few lines)."""
    fields, notes, body = split_header(text)
    out: list[Line] = [("field", f"{k}: {v}".rstrip()) for k, v in fields]
    out.extend(("chrome", note) for note in notes)
    title = next((v.strip() for k, v in fields if k == "标题" and v.strip()), None)
    kept: list[str] = []
    for raw in body.splitlines():
        clean, chrome = strip_chrome(raw)
        out.extend(("chrome", c) for c in chrome)
        if clean.strip():
            kept.append(clean)
    # The body is broken as one text, so that a line break the crawler left (before a row,
    # inside a table) never cuts a table off its section; the breaks part paragraphs of prose.
    for kind, piece in body_lines("\n".join(kept), vocab, title):
        parts = [p.strip() for p in piece.split("\n") if p.strip()]
        if kind in ("row", "heading", "title") or len(parts) <= 1:
            out.append((kind, " ".join(parts)))
        else:
            out.extend((kind if n == 0 else "text", p) for n, p in enumerate(parts))
    return [(k, t) for k, t in out if t or k == "field"]


_SPACED_BREAK_RE = re.compile(r" ?\n ?")


def body_lines(text: str, vocab: Vocabulary, title: str | None = None) -> list[Line]:
    """One line of report text broken at its headings, sub-headings and table rows."""
    text = collapse_spaces(text)
    if "\n" in text:  # a line break the crawler left (most captures have none)
        text = _SPACED_BREAK_RE.sub("\n", text)
    text = text.strip()
    if not text:
        return []
    out: list[Line] = []
    cut = _title_end(text, title) if title else None
    if cut is not None:
        out.append(("title", text[:cut].strip()))
        text = text[cut:]
    heads = list(_section_heads(text, vocab))  # once, after the title is cut
    bounds = [*heads, (len(text), len(text), 7)]
    out.extend(_prose(text[:bounds[0][0]], title is None))
    for (start, end, number), (nxt, _, _) in itertools.pairwise(bounds):
        out.append(("heading", text[start:end].strip()))
        part = text[end:nxt]
        table = number in vocab.tables or number in vocab.unlabelled
        out.extend(_table_lines(part, vocab, number) if table else _prose(part))
    return [(k, t) for k, t in out if t]


def _title_end(text: str, title: str) -> int | None:
    """Where the title ends in ``text`` when the text opens with it, white space aside
    (``compact(text).startswith(compact(title))``), else None: the text compacted only as far
    as the title reaches (tests/test_speed_readers2.py checks the two agree)."""
    flat = compact(title)
    cut = _position_after(text, flat)
    return cut if flat and compact(text[:cut]) == flat else None


def _position_after(text: str, target: str) -> int:
    """The index in ``text`` just after its first characters that compact to ``target``."""
    seen = 0
    for i, ch in enumerate(text):
        if not ch.isspace():
            seen += 1
        if seen == len(target):
            return i + 1
    return len(text)


# ---------------------------------------------------------------- section headings

_HEAD_RE = re.compile(r"([一二三四五六七八九十])\s*[、.．]\s*")
# Where a heading whose wording is not a known title may start: after a sentence end, a
# table's last digits or a closing bracket, never inside a sentence.
_BOUNDARY = frozenset("。！？；;0123456789）)”：: \t\n")
_TITLE_END_RE = re.compile(r"[（(0-9０-９。，；：:]")


def _section_heads(text: str, vocab: Vocabulary) -> Iterator[tuple[int, int, int]]:
    """(start, end, number) of each section heading, numbers increasing, table row labels skipped."""
    last = 0
    row_rests = _row_rests(tuple(vocab.tables.values()))
    for start, end, numeral in _heads(text, vocab.numerals):
        number = vocab.numerals.index(numeral) + 1
        if number <= last:
            continue
        after = text[end:end + 40]
        flat = compact(after)
        if flat.startswith(row_rests.get(f"{numeral}、", ())):
            continue  # 一、本年新收… is a row of table 三
        length = _title_length(vocab, number, after, start == 0 or text[start - 1] in _BOUNDARY)
        if length is None:
            continue
        last = number
        yield start, end + length, number


_NUMERALS: Final = "一二三四五六七八九十"


def _heads(text: str, numerals: str) -> list[tuple[int, int, str]]:
    """(start, end, numeral) of each match of :data:`_HEAD_RE` in ``text`` whose numeral is one of
    ``numerals``, in order: each numeral found by ``str.find`` and the rest of the pattern read
    after it over the code points, instead of the regex engine's search, which tests a set of
    characters at each one. No match holds a numeral but its first character, so none hides
    another (tests/test_speed_text6.py compares the two)."""
    found: list[tuple[int, int, str]] = []
    for numeral in _NUMERALS:
        if numeral not in numerals:
            continue
        i = text.find(numeral)
        while i >= 0:
            end = _head_end(text, i + 1)
            if end >= 0:
                found.append((i, end, numeral))
            i = text.find(numeral, i + 1)
    found.sort()
    return found


def _head_end(text: str, i: int) -> int:
    """Where a match of ``\\s*[、.．]\\s*`` from ``i`` ends (-1: none)."""
    i = _past_spaces(text, i)
    if i == len(text):
        return -1
    c = ord(text[i])
    if c != 0x3001 and c != 46 and c != 0xFF0E:  # 、 . ．
        return -1
    return _past_spaces(text, i + 1)


@lru_cache(maxsize=16)  # keyed by the form's tables, fixed: made once, not for every read (read only)
def _row_rests(tables: tuple[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]], ...]) -> dict[str, tuple[str, ...]]:
    """Per "一、": the rest of each table row label opening so, tested at once by str.startswith."""
    row_rests: dict[str, tuple[str, ...]] = {}
    for _, rows in tables:
        for _, labels in rows:
            for lab in map(compact, labels):
                row_rests[lab[:2]] = (*row_rests.get(lab[:2], ()), lab[2:])
    return row_rests


def _title_length(vocab: Vocabulary, number: int, after: str, boundary: bool) -> int | None:
    """How much of ``after`` is the title of section ``number`` (None: not a heading).

    A known title is a heading wherever it stands; other wordings with the section's
    keywords only at a ``boundary``."""
    titles = _longest_first(vocab.titles.get(number, ()))
    flat = compact(after)
    for t in titles:
        if flat.startswith(t):
            return _position_after(after, t)
    if not boundary:
        return None
    head = after[:24]
    stop = _TITLE_END_RE.search(head, 2)
    cand = head[:stop.start()] if stop else head
    if any(k in cand for k in vocab.keywords.get(number, ())):
        return len(cand.rstrip())
    return None


# ---------------------------------------------------------------- prose

_SUB = r"(?:(?<=^)|(?<=[。；;：:！？\s]))[（(]\s*[一二三四五六七八九十]{1,2}\s*[)）]"
# Opening with the bracket every match starts with, the lookbehinds moved after it (one more
# character wide, the bracket): the engine scans for the brackets in C and tries the rest at
# them only; a lookahead guard in front cost a call of the matcher at every character, and no
# guard both lookbehinds there (tests/test_speed_text.py checks that the two agree).
_SUB_RE = re.compile(r"[（(](?:(?<=^[（(])|(?<=[。；;：:！？\s][（(]))\s*[一二三四五六七八九十]{1,2}\s*[)）]")
_SUB_END_RE = re.compile(r"[。：:；;]")


_TITLE_RE = re.compile(r"^\S{6,60}(报告|总结|年报)(?=\s)")


def _sub_starts(text: str) -> list[int]:
    """``[m.start() for m in _SUB_RE.finditer(text)]``: each bracket found by ``str.find`` and the
    pattern read around it over the code points (a match holds no bracket but its first
    character, so none hides another; tests/test_speed_text6.py compares the two)."""
    out: list[int] = []
    for bracket in ("（", "("):
        i = text.find(bracket)
        while i >= 0:
            if _sub_at(text, i):
                out.append(i)
            i = text.find(bracket, i + 1)
    if len(out) > 1:
        out.sort()
    return out


def _sub_at(text: str, i: int) -> bool:
    """Whether :data:`_SUB_RE` matches at ``i``: a bracket at the start or after a sentence mark or
    white space (re's \\s), a numeral or two (一…十) and the closing bracket, white space between."""
    c = ord(text[i])
    if c != 0xFF08 and c != 40:  # （ (
        return False
    if i > 0:
        c = ord(text[i - 1])
        if not (_is_space(c) or c == 0x3002 or c == 0xFF1B or c == 59 or c == 0xFF1A or c == 58 or c == 0xFF01
                or c == 0xFF1F):  # 。；;：:！？
            return False
    n = len(text)
    j = _past_spaces(text, i + 1)
    k = j
    while k < n and k - j < 2 and _is_numeral(ord(text[k])):
        k += 1
    if k == j:
        return False
    k = _past_spaces(text, k)
    return k < n and (ord(text[k]) == 0xFF09 or ord(text[k]) == 41)  # ） )


def _prose(text: str, title_first: bool = False) -> Iterator[Line]:
    """Prose broken before each sub-heading （一）…; a short （一）xxx。 stands alone."""
    text = text.strip()
    if not text:
        return
    cuts = _sub_starts(text)
    pieces = [text[a:b].strip() for a, b in zip([0, *cuts], [*cuts, len(text)])]
    for n, piece in enumerate(p for p in pieces if p):
        if n == 0 and title_first and _TITLE_RE.match(piece):
            head = piece.split(" ", 1)
            yield "title", head[0]
            piece = head[1].strip() if len(head) > 1 else ""
        m = _SUB_END_RE.search(piece) if piece and _sub_at(piece, 0) else None
        if m and m.start() <= 24 and m.end() < len(piece):
            yield "subheading", piece[:m.end()].strip()
            piece = piece[m.end():].strip()
        if piece:
            yield "text", piece


# ---------------------------------------------------------------- tables

_DIGITS_RE = re.compile(r"[0-9.\-－ ]*")
_UNIT_RE = re.compile(r"(?:万元|亿元|元)")


_ENUM_RE = re.compile(r"^(（[一二三四五六七八九十]）|[一二三四五六七八九十]、|\d+\.)")


def _labels(vocab: Vocabulary, number: int) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(row key, enumerator, cores) of each row of the section's table, in form order: the
    official label first, then its variants, each without its enumerator."""
    return _labels_of(vocab.tables.get(number, ("", ()))[1])


@lru_cache(maxsize=16)  # keyed by a table's rows, fixed form data: made once, not per read
def _labels_of(rows: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    out: list[tuple[str, str, tuple[str, ...]]] = []
    for key, labels in rows:
        m = _ENUM_RE.match(labels[0]) if labels else None
        enum = m.group(0) if m else ""
        cores = [compact(_ENUM_RE.sub("", lab)) for lab in labels]
        out.append((key, enum, tuple(dict.fromkeys(c for c in cores if c))))
    return tuple(out)


def _enum_pattern(enum: str) -> str:
    """The enumerator as captures write it: "1." also as "1、" or "1．", brackets of either width."""
    if not enum:
        return ""
    if enum[0].isdigit():
        return re.escape(enum[:-1]) + r"\s*[.、．]"
    if enum[0] == "（":
        return r"[（(]\s*" + re.escape(enum[1]) + r"\s*[)）]"
    return re.escape(enum[0]) + r"\s*[、.．]"


def _lead_re(enum: str) -> re.Pattern[str]:
    """The enumerator right before a label (at the end of the text searched): compiled once."""
    pattern = _LEAD_RES.get(enum)
    if pattern is None:
        pattern = remember(_LEAD_RES, enum, re.compile(f"(?:{_enum_pattern(enum)})\\s*$"), 256)
    return pattern


# Patterns kept in plain dicts, not behind lru_cache: compiled code reads a dict inline, where a
# call through lru_cache costs about ten times as much (and these are asked for every label).
_LEAD_RES: Final[dict[str, re.Pattern[str]]] = {}
_CORE_RES: Final[dict[str, re.Pattern[str]]] = {}


def _find(text: str, core: str, start: int) -> tuple[int, int] | None:
    """Where ``core`` occurs in ``text`` from ``start``, spaces inside it allowed."""
    m = _core_re(core).search(text, start)
    return (m.start(), m.end()) if m else None


def _core_re(core: str) -> re.Pattern[str]:
    # made once per label: escaping it character by character was most of a search's cost
    pattern = _CORE_RES.get(core)
    if pattern is None:
        pattern = remember(_CORE_RES, core, re.compile(r"\s*".join(re.escape(ch) for ch in core)), 1024)
    return pattern


def _table_lines(text: str, vocab: Vocabulary, number: int) -> Iterator[Line]:
    """A section holding a table: prose before it, then header pieces and rows."""
    pos = 0
    found: list[tuple[int, int, str]] = []  # (label start with its enumerator, label end, enumerator)
    # a label found with spaces inside is in the text without them: a label not in it is not
    # searched for (the search would read the rest of the section to the end)
    flat = compact(text)
    for _, enum, cores in _labels(vocab, number):
        hit = None
        for c in cores:  # the first core found (a loop: no generator made per row)
            if c in flat:
                hit = _find(text, c, pos)
                if hit is not None:
                    break
        if hit is None:
            continue
        start, end = hit
        lead = _lead_re(enum).search(text, pos, start) if enum else None
        found.append((lead.start() if lead else start, end, enum))
        pos = end
    if not found:
        yield from _loose(text, vocab)
        return
    yield from _loose(text[:found[0][0]], vocab)
    for (start, end, _), nxt in zip(found, [*(f[0] for f in found[1:]), len(text)]):
        # the match of _DIGITS_RE at end, then of _UNIT_RE at stop when the run is not blank, read
        # over the code points (two regex calls a row cost more than the rest of the row's work)
        run = end
        blank = True
        while run < len(text) and (48 <= (code := ord(text[run])) <= 57 or code == 46 or code == 45 or code == 0xFF0D
                                   or code == 32):  # 0-9 . - － and the space
            blank = blank and code == 32
            run += 1
        stop = min(run, nxt)
        if not blank:
            unit = _unit_end(text, stop)
            if 0 <= unit <= nxt:
                stop = unit  # the unit printed after an amount ("3456.78万元") stays with its row
        yield "row", f"{text[start:end].strip()} {text[end:stop].strip()}".strip()
        yield from _loose(text[stop:nxt], vocab)


def _unit_end(text: str, i: int) -> int:
    """Where the match of :data:`_UNIT_RE` (元, 万元, 亿元) at ``i`` ends (-1: none)."""
    if i >= len(text):
        return -1
    c = ord(text[i])
    if c == 0x5143:  # 元
        return i + 1
    if (c == 0x4E07 or c == 0x4EBF) and i + 1 < len(text) and ord(text[i + 1]) == 0x5143:  # 万元 亿元
        return i + 2
    return -1


_DIGIT_RUN_RE = re.compile(r"\d[\d ]{3,}\d|\d{5,}")


def digit_run(text: str) -> tuple[int, int] | None:
    """(start, end) of the first match of :data:`_DIGIT_RUN_RE` in ``text``, or None: read over the
    code points, where the regex engine tries both alternatives at every character.

    Five digits are a match of the first alternative too, which is all there is to find: from a
    digit, the run of digits and spaces after it, back to its last digit, at least four
    characters on. A digit whose run holds none so far has no match, nor has any digit after
    it in that run (their runs end at the same place): the search goes on past the run
    (tests/test_speed_text6.py compares it with the regex)."""
    n = len(text)
    i = 0
    while i < n:
        if not _decimal(ord(text[i])):
            i += 1
            continue
        j = i + 1
        last = i
        while j < n:
            c = ord(text[j])
            if _decimal(c):
                last = j
            elif c != 32:
                break
            j += 1
        if last >= i + 4:
            return i, last + 1
        i = j
    return None


def _decimal(c: int) -> bool:
    """``chr(c).isdecimal()`` (re's \\d), without the string for the characters of Chinese text: no
    code point of U+0080–U+065F or U+3000–U+9FFF is a decimal digit; of U+FF00–U+FFEF, the
    full-width digits (tests/test_speed_text6.py checks every code point)."""
    if c < 0x660:
        return 48 <= c <= 57
    if 0x3000 <= c <= 0x9FFF:
        return False
    if 0xFF00 <= c <= 0xFFEF:
        return 0xFF10 <= c <= 0xFF19
    return chr(c).isdecimal()


def _loose(text: str, vocab: Vocabulary) -> Iterator[Line]:
    """Text between rows: header words, a digit run without a label (table 四), prose."""
    text = text.strip()
    while text:
        run = digit_run(text)
        if run is None:
            yield _header_or_text(text, vocab)
            return
        start, end = run
        before = text[:start].strip()
        kind = _header_or_text(before, vocab) if before else ("header", "")
        if kind[0] == "text":
            # digits inside prose (a phone number, a count) are not a table row
            yield _header_or_text(text, vocab)
            return
        if before:
            yield kind
        yield "row", text[start:end].strip()
        text = text[end:].strip()


def _header_or_text(text: str, vocab: Vocabulary) -> Line:
    """Header when the piece is mostly table header words, text otherwise."""
    flat = compact(text)
    rest = flat
    # len(rest) <= len(flat) * 0.4, in integers (a float compared with an int is a generic call
    # compiled; the two agree for any text shorter than 2**50)
    limit = 2 * len(flat)
    if 5 * len(rest) <= limit:
        return "header", text
    for w in _longest_first(vocab.header_words):
        rest = rest.replace(w, "")
        if 5 * len(rest) <= limit:  # removing the other words only shortens it: a header already
            return "header", text
    return "text", text


@lru_cache(maxsize=64)  # the form's words and titles, fixed: sorted once, not for every piece
def _longest_first(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(words, key=len, reverse=True))


_ROW_RE = re.compile(r"^(?P<label>.*?[^\d\s.\-－])?\s*(?P<digits>[\d.\-－ ]*?)\s*(?P<unit>万元|亿元|元)?$")


def table_runs(lines: list[Line], vocab: Vocabulary) -> dict[str, str]:
    """The digit runs of the ``row`` lines by run key, for :func:`govreport_io.form.arith.split_runs`:
    ``active.<item>`` and ``requests.<row>`` by their labels, ``reviews`` for the digits of
    table 四 (label-less rows of that section, joined by a space). A row whose label is not
    one of the vocabulary's is left out (the caller keeps it as it is)."""
    out: dict[str, str] = {}
    for _, key, digits in row_runs(lines, vocab):
        out[key] = f"{out[key]} {digits}" if key in out and key in vocab.unlabelled.values() else digits
    return out


_ROW_ENUM_RE = re.compile(r"^([（(][一二三四五六七八九十][)）]|[一二三四五六七八九十][、.．]|\d+[.、．])")


@lru_cache(maxsize=16)  # keyed by a table's label cores, fixed form data
def _cores(labels: tuple[tuple[str, str, tuple[str, ...]], ...]) -> dict[str, str]:
    """Each label core → the first row (in form order) that has it (read only)."""
    out: dict[str, str] = {}
    for key, _, cs in labels:
        for c in cs:
            out.setdefault(c, key)
    return out


def _without_enumerator(label: str) -> str:
    """``_ROW_ENUM_RE.sub("", label)``, read over the code points: the pattern is anchored (``^``, so
    it matches once at most, at the start), and its three ways open with a bracket, a numeral or
    a decimal digit (re's \\d: no numeral 一…十 is one), so the first character picks the one way
    that can match; ``\\d+`` then ends at the last digit of the run, as the mark after it is none
    (tests/test_speed7_split.py compares the two)."""
    if not label or plain_character(ord(label[0])):
        return label  # (most labels: a plain character opens no enumerator)
    first = label[0]
    n = len(label)
    if first == "（" or first == "(":
        if n >= 3 and _is_numeral(ord(label[1])) and (label[2] == ")" or label[2] == "）"):
            return label[3:]
        return label
    if _is_numeral(ord(first)):
        return label[2:] if n >= 2 and label[1] in _ENUM_MARKS else label
    j = 0
    while j < n and label[j].isdecimal():
        j += 1
    return label[j + 1:] if 0 < j < n and label[j] in _ENUM_MARKS else label


_ENUM_MARKS: Final = ".、．"  # what follows an enumerator's numeral or number (one character: ``in`` is a test of it)


def _row_parts(text: str) -> tuple[str, str] | None:
    """(label, digits) as ``_ROW_RE.match`` finds them (label "" when it finds none), or None.

    Most rows end in a run of the digits' characters (ASCII digits, spaces, ``.``, ``-``, ``－``)
    after a character that is none of them nor any other digit or white space (a label's last
    character): the shortest label the lazy pattern can take ends right there, as a shorter one
    leaves that character to the digits' part, which cannot hold it (nor can the unit: the text
    ends in the digits), and the digits are the run without its spaces at either end. A text
    that is such a run alone has no label (a label ends in a character outside it) and the run as
    its digits. Found so, without the regex's trial of every shorter label (several
    microseconds a row); other rows are matched (tests/test_speed_text.py and
    tests/test_speed7_split.py check it).
    """
    k = _run_start(text)
    if k < len(text) or not text:
        if k == 0:
            return "", text.strip(" ")  # (a run alone holds no line break: nothing for "$" to stop at)
        if _label_end(ord(text[k - 1])) and "\n" not in text:
            return text[:k], text[k:].strip(" ")
    m = _ROW_RE.match(text)
    return (m.group("label") or "", m.group("digits")) if m else None


def _run_start(text: str) -> int:
    """Where the run of the digits' characters that ends ``text`` starts (ASCII digits, the space,
    ``.``, ``-`` and ``－``: the characters of ``_ROW_RE``'s digits' class but other decimal digits)."""
    k = len(text)
    while k > 0:
        c = ord(text[k - 1])
        if not (48 <= c <= 57 or c == 32 or c == 46 or c == 45 or c == 0xFF0D):
            break
        k -= 1
    return k


def _label_end(c: int) -> bool:
    """Whether ``chr(c)`` can end a label before the run: no decimal digit (re's \\d) and no white
    space (re's \\s, str.isspace). Told without the one-character string for ASCII and for
    U+3001–U+9FFF (CJK punctuation and ideographs: neither digits nor spaces; U+3000 is a space),
    the characters labels end with (tests/test_speed7_split.py checks every code point)."""
    if c < 128:
        return not (48 <= c <= 57 or 9 <= c <= 13 or 28 <= c <= 32)
    if 0x3001 <= c <= 0x9FFF:
        return True
    ch = chr(c)
    return not ch.isdecimal() and not ch.isspace()


def row_words(text: str) -> int:
    """How many words the digits of :func:`_row_parts` hold (``len(digits.split())``), -1 when it
    finds no row: counted over the run that ends the text where the label is read off it (or that
    is the whole text), without the strings (tests/test_speed7_split.py compares the two)."""
    k = _run_start(text)
    # a text that is the run alone has it as its digits (see _row_parts)
    if k == 0 or (k < len(text) and _label_end(ord(text[k - 1])) and "\n" not in text):
        words = 0
        space = True
        for i in range(k, len(text)):
            if ord(text[i]) == 32:
                space = True
            elif space:
                words += 1
                space = False
        return words
    parts = _row_parts(text)
    return -1 if parts is None else len(parts[1].split())


def section_runs(texts: list[str], which: list[int], number: int, vocab: Vocabulary) -> list[tuple[int, str, str]]:
    """:func:`row_runs` of section ``number``'s heading followed by the row lines ``texts[i]`` for
    each ``i`` of ``which``, with ``i`` in place of the line index: the rows found in one section.
    The heading ``f"{numeral}、"`` sets the section to the first numeral it starts with, its own
    (``numerals.index``: each numeral is one character), so the lines need not be made nor the
    heading read."""
    section = vocab.numerals.index(vocab.numerals[number - 1]) + 1
    out: list[tuple[int, str, str]] = []
    for i in which:
        run = _run_of(texts[i], section, vocab)
        if run is not None:
            out.append((i, run[0], run[1]))
    return out


def _run_of(text: str, section: int, vocab: Vocabulary) -> tuple[str, str] | None:
    """(run key, digits) of a row line of section ``section``; None when it holds no digits or its
    label is none of the section's table (what :func:`row_runs` asks of each row line)."""
    parts = _row_parts(text)
    if parts is None or not parts[1].strip():
        return None
    digits = parts[1].strip().replace("－", "-")
    label = _without_enumerator(compact(parts[0]))
    # (Mapping's get is a generic method call compiled; ``in`` and a subscript are not)
    if not label and section in vocab.unlabelled:
        return vocab.unlabelled[section], digits
    row = _section_cores(vocab, section).get(label)
    if row is not None and section in vocab.tables:
        return f"{vocab.tables[section][0]}.{row}", digits
    return None


def _section_cores(vocab: Vocabulary, section: int) -> dict[str, str]:
    """``_cores(_labels(vocab, section))``, kept by the identity of the section's rows: the two
    caches hash the rows' labels, a tuple of tuples, at every call (some 7,000 instructions). An
    entry holds the rows it is of, so no other object takes their id while it is kept."""
    rows = vocab.tables.get(section, ("", ()))[1]
    kept = _CORES_BY_ROWS.get(id(rows))
    if kept is not None and kept[0] is rows:
        return kept[1]
    cores = _cores(_labels_of(rows))
    remember(_CORES_BY_ROWS, id(rows), (rows, cores), 16)
    return cores


_CORES_BY_ROWS: Final[dict[int, tuple[object, dict[str, str]]]] = {}


def row_runs(lines: list[Line], vocab: Vocabulary) -> list[tuple[int, str, str]]:
    """(line index, run key, digits) of each ``row`` line that is a row of the form (see
    :func:`table_runs`), for a caller that must know which line each run came from."""
    section, out = 0, list[tuple[int, str, str]]()
    for n, (kind, text) in enumerate(lines):
        if kind == "heading":
            section = next((i + 1 for i, ch in enumerate(vocab.numerals) if text.startswith(ch)), section)
            continue
        run = _run_of(text, section, vocab) if kind == "row" else None
        if run is not None:
            out.append((n, run[0], run[1]))
    return out
