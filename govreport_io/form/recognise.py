"""The recogniser: generic blocks in, the canonical Report out.

It knows the form and nothing about formats. Every reader hands it the same kind of
blocks; it finds the six sections, reads the three tables by matching their row labels
tolerantly in a stream of cells (so that a table flattened into pipes, tabs, one cell
per line or PDF text reads like a real one), and keeps whatever it cannot place.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..blocks import Block as DocBlock
from ..blocks import Field, Heading, Paragraph, SourcePos, Table
from ..diagnostics import ReaderWarning, WarningCode
from ..model import Block, Report, Section, Unplaced, Value, empty_active, empty_requests, empty_reviews
from ..repair.cjk import compact, remove_extraction_spaces
from . import template as T
from .labels import best_match, normalize_label, similarity, strip_known

_SECTION_RE = re.compile(r"^\s*(?:#+\s*)?([一二三四五六])\s*[、.．,，]\s*(.+?)\s*$")
_SUBHEAD_RE = re.compile(r"^\s*[（(]\s*[一二三四五六七八九十]{1,3}\s*[)）]")
_NUM_RE = re.compile(r"^[+\-－]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^[+\-－]?\d+(?:\.\d+)?$")
_NUM_NOTE_RE = re.compile(r"^([+\-－]?[\d,]+(?:\.\d+)?)\s*([^\d\s].*)$", re.S)
_TOKEN_RE = re.compile(r"[+\-－]?\d[\d,.]*\s*[（(][^（()）\s][^（()）]*[)）]|\S+")
_BLANKS = frozenset({"", "/", "／", "-", "－", "—", "——", "–", "\\", "无", "空", "×", "x", "X", "*"})
_TITLE_WORDS = ("报告", "总结", "年报")
_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年")
_PERIOD_RE = re.compile(r"统计(?:期限|时限|时间|期间)[^。；;]{0,12}?((?:19|20)\d{2})年")
_ORGAN_SUFFIXES = (
    "人民政府办公室", "人民政府办公厅", "人民政府", "政府办公室", "政府办", "政务办", "党政办",
    "政务服务管理办公室", "政务服务管理局", "数据局", "办公室", "委员会", "局", "厅",
)
_ORGAN_RE = re.compile(
    "(?=((?:[\u4e00-\u9fff]{2,7}?[省市州盟])?(?:[\u4e00-\u9fff]{1,7}?[区县市旗镇乡])?[区县市]?(?:"
    + "|".join(_ORGAN_SUFFIXES) + ")))"
)
_ORGAN_STOP = set("由据向在的和与及请于对我本为是把被将从以")


@dataclass
class _Unit:
    """One block of the document body, with its place and what the tables used of it."""

    block: DocBlock
    index: int
    used: set[int] = field(default_factory=set)
    header: set[int] = field(default_factory=set)
    ntokens: int = 0


@dataclass
class _Tok:
    kind: str  # "text", "num", "empty", "eor"
    text: str
    unit: int
    idx: int
    row: int = 0


@dataclass
class Recognition:
    """What the recogniser made of the blocks: the Report and the warnings about it."""

    report: Report
    warnings: list[ReaderWarning]
    provenance: dict[str, SourcePos] = field(default_factory=dict)


def recognise(blocks: Sequence[DocBlock], source: str | None = None) -> Recognition:
    """Place generic blocks into the canonical Report."""
    return _Recogniser(blocks, source).run()


# ---------------------------------------------------------------- text helpers


def block_text(b: DocBlock) -> str:
    """The text of a heading or paragraph block, spaces repaired when they are artefacts."""
    if isinstance(b, (Heading, Paragraph)):
        text = b.text if b.literal_spaces else remove_extraction_spaces(b.text)
        return " ".join(text.split("\n")).strip(" \t\u3000\xa0")
    return ""


def is_subheading(text: str) -> bool:
    """A stand-alone sub-heading such as （一）主动公开情况: short, no sentence inside."""
    t = text.strip()
    if not _SUBHEAD_RE.match(t) or len(t) > 40:
        return False
    return not any(p in t for p in "。：:；;！？!?")


def section_match(text: str) -> tuple[int, str] | None:
    """(number, title) when ``text`` reads as one of the six section headings."""
    m = _SECTION_RE.match(text)
    if not m:
        return None
    number = T.SECTION_NUMERALS.index(m.group(1)) + 1
    title = compact(m.group(2)).rstrip("。.")
    if not title or len(title) > 40 or re.search(r"\s\d+(\s|$)", m.group(2)) or "。" in title[:-1]:
        return None
    return number, title


def _unnumbered_section(text: str, number: int) -> tuple[int, str] | None:
    """A heading without its numeral (Word's automatic numbering leaves it out of the text):
    accepted only as the next section, and only when it is that section's title almost word
    for word."""
    if number > 6 or len(text) > 30:
        return None
    title = compact(text).rstrip("。.")
    norm = normalize_label(title)
    variants = (T.SECTION_TITLES[number], *T.SECTION_TITLE_VARIANTS.get(number, ()))
    if any(similarity(norm, normalize_label(v)) >= 0.85 for v in variants):
        return number, title
    return None


def _title_fits(number: int, title: str) -> bool:
    norm = normalize_label(title)
    if any(k in norm for k in T.SECTION_KEYWORDS[number]):
        return True
    return similarity(norm, normalize_label(T.SECTION_TITLES[number])) >= 0.6


def classify_cell(text: str) -> str:
    """"num", "empty" or "text" for one cell or token."""
    t = unicodedata.normalize("NFKC", text).strip()
    if compact(t) in _BLANKS:
        return "empty"
    if _NUM_RE.match(t.replace(" ", "")):
        return "num"
    m = _NUM_NOTE_RE.match(t)
    if m and _NUM_RE.match(m.group(1)) and not re.match(r"^[.、．]", m.group(2)):
        rest = m.group(2).strip()
        if rest[:1] in "（(" or rest in ("万元", "元", "件", "项", "个", "亿元"):
            return "num"
    return "text"


def split_number(text: str) -> tuple[str, str]:
    """The number of a value cell and what stands beside it ("22（其中修订16件）")."""
    t = unicodedata.normalize("NFKC", text).strip().replace("－", "-")
    compacted = t.replace(" ", "")
    if _NUM_RE.match(compacted):
        return compacted, ""
    m = _NUM_NOTE_RE.match(t)
    if m:
        return m.group(1), m.group(2).strip()
    return "", t


# ---------------------------------------------------------------- the recogniser


class _Recogniser:
    def __init__(self, blocks: Sequence[DocBlock], source: str | None) -> None:
        self.source = source
        self.warnings: list[ReaderWarning] = []
        self.fields: list[tuple[str, str]] = []
        self.units: list[_Unit] = []
        self.unplaced: list[Unplaced] = []
        self.provenance: dict[str, SourcePos] = {}
        for b in blocks:
            if isinstance(b, Field):
                key = compact(b.key).rstrip(":：")
                if key:
                    self.fields.append((key, b.value.strip()))
            else:
                self.units.append(_Unit(b, len(self.units)))

    def warn(self, code: WarningCode, message: str, pos: SourcePos | None = None) -> None:
        self.warnings.append(ReaderWarning(code, message, pos or SourcePos(), self.source))

    # ------------------------------------------------------------ main
    def run(self) -> Recognition:
        heads = self._find_sections()
        first = heads[0][0] if heads else len(self.units)
        lead = self.units[:first]
        spans: dict[int, tuple[str, list[_Unit]]] = {}
        for k, (at, number, sec_title) in enumerate(heads):
            end = heads[k + 1][0] if k + 1 < len(heads) else len(self.units)
            spans[number] = (sec_title, self.units[at + 1:end])

        title, lead = self._take_title(lead)
        preamble_units = lead
        if heads and heads[0][1] > 1 and heads[0][1] - 1 in (2, 3, 4):
            # A truncated capture that starts inside a table: the leading content belongs
            # to the section before the first heading found.
            spans[heads[0][1] - 1] = (T.SECTION_TITLES[heads[0][1] - 1], lead)
            preamble_units = []
        if not heads:
            self.warn(WarningCode.SECTION_MISSING, "no section heading (一、总体情况 …) found")

        self.form = self._detect_form()
        sections: list[Section] = []
        active = empty_active(self.form)
        requests = empty_requests(self.form)
        reviews: dict[str, dict[str, int | None]] = empty_reviews()
        table_found = {2: False, 3: False, 4: False}
        for number in sorted(spans):
            sec_title, units = spans[number]
            if number == 2:
                rest, table_found[2] = self._read_active(units, active)
            elif number == 3:
                rest, table_found[3] = self._read_requests(units, requests)
            elif number == 4:
                rest, table_found[4] = self._read_reviews(units, reviews)
            else:
                rest = units
            sections.append(Section(number, sec_title, tuple(self._prose(rest, f"section {number}"))))
        for number, found in table_found.items():
            if not found:
                name = {2: "二 (主动公开)", 3: "三 (申请)", 4: "四 (复议、诉讼)"}[number]
                self.warn(WarningCode.TABLE_MISSING, f"table {name} not found; its cells are null")
        present = {s.number for s in sections}
        for n in range(1, 7):
            if n not in present and heads:
                self.warn(WarningCode.SECTION_MISSING, f"section {T.SECTION_NUMERALS[n - 1]}、"
                          f"{T.SECTION_TITLES[n]} not found")
        preamble = tuple(self._prose(preamble_units, "preamble"))
        organ = self._infer_organ(title, preamble, sections)
        year = self._infer_year(title, preamble, sections)
        report = Report(
            form=self.form, fields=tuple(self.fields), title=title, organ=organ, year=year,
            preamble=preamble, sections=tuple(sections), active=active, requests=requests,
            reviews=reviews, unplaced=tuple(self.unplaced),
        )
        return Recognition(report, self.warnings, self.provenance)

    # ------------------------------------------------------------ structure
    def _find_sections(self) -> list[tuple[int, int, str]]:
        heads: list[tuple[int, int, str]] = []
        last = 0
        for u in self.units:
            if not isinstance(u.block, (Heading, Paragraph)):
                continue
            text = block_text(u.block)
            m = section_match(text) or _unnumbered_section(text, last + 1)
            if not m:
                continue
            number, title = m
            if number <= last or number > last + 3 or not _title_fits(number, title):
                continue
            heads.append((u.index, number, title))
            last = number
        return heads

    def _take_title(self, lead: list[_Unit]) -> tuple[str | None, list[_Unit]]:
        texts = [(u, block_text(u.block)) for u in lead[:3]]
        for k, (u, text) in enumerate(texts):
            if not text or isinstance(u.block, Table):
                break
            short = len(text) <= 60 and "。" not in text
            if isinstance(u.block, Heading) or (short and any(w in text for w in _TITLE_WORDS)):
                return self._clean_title(text), lead[:k] + lead[k + 1:]
            if short and k + 1 < len(texts):
                nxt_u, nxt = texts[k + 1]
                if isinstance(nxt_u.block, Paragraph) and len(nxt) <= 40 and any(w in nxt for w in _TITLE_WORDS) \
                        and "。" not in nxt:
                    return self._clean_title(text + nxt), lead[:k] + lead[k + 2:]
            if not short:
                break
        return None, lead

    @staticmethod
    def _clean_title(text: str) -> str:
        return remove_extraction_spaces(text.strip().lstrip("#").strip())

    def _prose(self, units: Sequence[_Unit], where: str) -> list[Block]:
        out: list[Block] = []
        for u in units:
            b = u.block
            if isinstance(b, Table):
                text = "\n".join("\t".join(compact(c.text) for c in row) for row in b.rows)
                if not text.strip():
                    continue  # a table of empty cells holds nothing to keep
                self.unplaced.append(Unplaced("table", text, f"{where}: {b.pos.describe()}".rstrip(": ")))
                self.warn(WarningCode.UNPLACED, f"a table in {where} is not part of the form; kept in unplaced",
                          b.pos)
                continue
            text = block_text(b)
            if not text:
                continue
            out.append(Block("heading" if isinstance(b, Heading) or is_subheading(text) else "paragraph", text))
        return out

    # ------------------------------------------------------------ form
    def _detect_form(self) -> T.Form:
        text = normalize_label("".join(
            block_text(u.block) if not isinstance(u.block, Table)
            else "".join(c.text for row in u.block.rows for c in row) for u in self.units))
        marks21 = ("本年制发件数", "现行有效件数", "逾期未按收费", "逾期不补正", "本年收费金额", "本年废止件数")
        marks19 = ("本年新制作数量", "上一年项目数量", "其他对外管理服务事项", "政府集中采购", "对外公开总数量")
        s21 = sum(normalize_label(m) in text for m in marks21)
        s19 = sum(normalize_label(m) in text for m in marks19)
        if s21 > s19:
            return "2021"
        if s19 > s21:
            return "2019"
        years = [int(y) for y in _YEAR_RE.findall(text)]
        if years and Counter(years).most_common(1)[0][0] <= 2020:
            self.warn(WarningCode.FORM_GUESSED, "no table label tells the form; the 2019 form was taken from the year")
            return "2019"
        if self.units:
            self.warn(WarningCode.FORM_GUESSED, "no table label tells the form; the 2021 form was assumed")
        return "2021"

    # ------------------------------------------------------------ tokens
    def _tokens(self, units: Sequence[_Unit]) -> list[_Tok]:
        toks: list[_Tok] = []
        row_no = 0
        for u in units:
            b = u.block
            if isinstance(b, Table):
                n = 0
                for row in b.rows:
                    row_no += 1
                    for cell in row:
                        text = cell.text
                        toks.append(_Tok(classify_cell(text), text, u.index, n, row_no))
                        n += 1
                    toks.append(_Tok("eor", "", u.index, -1, row_no))
                u.ntokens = n
            else:
                text = b.text if isinstance(b, (Heading, Paragraph)) else ""
                parts = _TOKEN_RE.findall(text)
                for n, part in enumerate(parts):
                    kind = classify_cell(part)
                    # in running text only a dash or slash stands for a blank cell ("无" is a word)
                    if kind == "empty" and compact(part) not in ("", "/", "—", "-"):
                        kind = "text"
                    toks.append(_Tok(kind, part, u.index, n))
                u.ntokens = len(parts)
        return toks

    def _mark(self, tok: _Tok, header: bool = False) -> None:
        if tok.idx < 0:
            return
        unit = self.units[tok.unit]
        (unit.header if header else unit.used).add(tok.idx)

    def _rows_stream(
        self, units: Sequence[_Unit], specs: Sequence[tuple[str, tuple[str, ...], int]], vocab: Sequence[str],
        table: str, align: str = "right",
    ) -> tuple[dict[str, list[_Tok | None]], int]:
        """Read labelled rows from the token stream of ``units``.

        Text accumulates until a value arrives; the accumulated text must end with the label
        of a row not yet read (exactly or fuzzily). Returns the values found per row key and
        the index of the unit after the table (where prose resumes).
        """
        toks = self._tokens(units)
        vocab_norm = [normalize_label(w) for w in vocab]
        vocab_norm += [normalize_label(lab) for _, labs, _ in specs for lab in labs]
        vocab_chars = set("".join(vocab_norm))
        found: dict[str, list[_Tok | None]] = {}
        buffer: list[_Tok] = []
        nxt = 0
        current: str | None = None
        need = 0
        vals: list[_Tok | None] = []
        end_unit = len(units)
        done = False

        def is_header(tok: _Tok) -> bool:
            n = normalize_label(tok.text)
            if not n or any(n in w for w in vocab_norm):
                return True
            residue = strip_known(tok.text, vocab)
            return not residue or (len(residue) <= 3 and all(ch in vocab_chars for ch in residue) and len(n) <= 12)

        def close() -> None:
            nonlocal current, vals
            if current is not None:
                if len(vals) < need:
                    self.warn(WarningCode.ROW_INCOMPLETE, f"table {table}, row {current}: {len(vals)} of {need} "
                              "values found; the rest are null")
                found[current] = vals + [None] * (need - len(vals))
            current, vals = None, []

        def flush_buffer(label_toks: int) -> None:
            pre = buffer[: len(buffer) - label_toks]
            for t in buffer[len(buffer) - label_toks:]:
                self._mark(t)
            for t in pre:
                if is_header(t):
                    self._mark(t, header=True)
            buffer.clear()

        skip_row = 0
        for i, tok in enumerate(toks):
            if done:
                break
            if skip_row and tok.row == skip_row and tok.kind != "text":
                continue
            if tok.kind == "eor":
                if current is not None and vals:
                    close()
                continue
            if tok.kind == "text":
                if current is not None and vals:
                    close()
                buffer.append(tok)
                continue
            if current is None:
                if not buffer or not compact("".join(t.text for t in buffer)):
                    if tok.kind == "empty":
                        self._mark(tok, header=True)
                    continue
                # A blank cell can only follow a label that matches exactly: header rows
                # are full of blank cells.
                m = self._match(buffer, specs, nxt, exact=tok.kind == "empty")
                if m is None:
                    if tok.kind == "empty":
                        self._mark(tok, header=True)
                    continue
                k = m
                key, labs, need = specs[k]
                for skipped in specs[nxt:k]:
                    self.warn(WarningCode.ROW_MISSING, f"table {table}: row {skipped[0]} ({skipped[1][0]}) not found")
                nxt = k + 1
                current = key
                flush_buffer(self._label_token_count(buffer, labs))
                if tok.row:
                    # A table row: its value cells are known at once. Surplus blank cells are
                    # slots of a merged label cell (before) or of merged value cells (after).
                    row_vals = []
                    for t in toks[i:]:
                        if t.kind == "eor" or t.row != tok.row:
                            break
                        if t.kind in ("num", "empty"):
                            row_vals.append(t)
                    # Values sit right after the label (table 二) or in the last columns (table 三).
                    ends = (-1, 0) if align == "left" else (0, -1)
                    for end in ends:
                        while len(row_vals) > need and row_vals[end].kind == "empty":
                            self._mark(row_vals.pop(end), header=True)
                    if len(row_vals) >= need:
                        for t in row_vals[need:]:
                            if t.kind == "empty":
                                self._mark(t, header=True)
                        taken = row_vals[:need]
                        for t in taken:
                            self._mark(t)
                        found[current] = [t if t.kind == "num" else None for t in taken]
                        last_key, current, vals = current, None, []
                        skip_row = tok.row
                        if last_key == specs[-1][0]:
                            done = True
                            end_unit = self._end_after(units, taken[-1], toks[i + 1:])
                        continue
            if skip_row and tok.row == skip_row:
                continue
            vals.append(tok if tok.kind == "num" else None)
            self._mark(tok)
            if len(vals) == need:
                found[current] = vals
                last_key = current
                current, vals = None, []
                if last_key == specs[-1][0]:
                    done = True
                    end_unit = self._end_after(units, tok, toks[i + 1:])
        if not done:
            close()
        for key, labs, _ in specs:
            if key not in found and specs and found:
                if not any(w.message.endswith(f"row {key} ({labs[0]}) not found") for w in self.warnings):
                    self.warn(WarningCode.ROW_MISSING, f"table {table}: row {key} ({labs[0]}) not found")
        return found, end_unit

    def _end_after(self, units: Sequence[_Unit], last: _Tok, rest: list[_Tok]) -> int:
        """Index in ``units`` of the first unit after the table ends at token ``last``."""
        pos = next(k for k, u in enumerate(units) if u.index == last.unit)
        unit = units[pos]
        if isinstance(unit.block, Table):
            # trailing empty cells of the table belong to it
            for t in rest:
                if t.unit != last.unit:
                    break
                if t.kind in ("empty", "eor") or (t.kind == "text" and not compact(t.text)):
                    self._mark(t, header=True)
        return pos + 1

    @staticmethod
    def _match(buffer: list[_Tok], specs: Sequence[tuple[str, tuple[str, ...], int]], nxt: int,
               exact: bool) -> int | None:
        """Index of the row whose label ends the buffer; fuzzy matches only a few rows ahead."""
        text = "".join(t.text for t in buffer)
        m = best_match(text, [labs for _, labs, _ in specs[nxt:]], fuzzy_limit=0 if exact else 7)
        if m is None:
            return None
        return nxt + m[0]

    @staticmethod
    def _label_token_count(buffer: list[_Tok], labels: tuple[str, ...]) -> int:
        target = min(len(normalize_label(lab)) for lab in labels)
        total = 0
        for n, t in enumerate(reversed(buffer), start=1):
            total += len(normalize_label(t.text))
            if total >= target - 1:
                return n
        return len(buffer)

    def _leftover(self, units: Sequence[_Unit], end: int, table: str) -> list[_Unit]:
        """Units the table did not use, as prose; partly used units leave notes in unplaced."""
        rest: list[_Unit] = []
        for k, u in enumerate(units):
            if k >= end:
                rest.append(u)
                continue
            if u.ntokens == 0:
                continue
            unused = [n for n in range(u.ntokens) if n not in u.used and n not in u.header]
            if not unused:
                continue
            if not u.used and not isinstance(u.block, Table):
                rest.append(u)
                continue
            if isinstance(u.block, Table):
                cells = [c.text for row in u.block.rows for c in row]
                text = " | ".join(compact(cells[n]) for n in unused if compact(cells[n]))
            else:
                parts = _TOKEN_RE.findall(u.block.text if isinstance(u.block, (Heading, Paragraph)) else "")
                text = " ".join(parts[n] for n in unused)
            if text:
                pos = u.block.pos
                self.unplaced.append(Unplaced("note", text, f"table {table}: {pos.describe()}".rstrip(": ")))
                self.warn(WarningCode.UNPLACED, f"text in table {table} not placed: {text[:60]}", pos)
        return rest

    def _value(self, tok: _Tok | None, kind: T.ValueKind, where: str, unit_out: list[str] | None = None) -> Value:
        if tok is None:
            return None
        number, note = split_number(tok.text)
        pos = self.units[tok.unit].block.pos
        self.provenance[where] = pos
        if note:
            if kind == "amount" and unit_out is not None and len(note) <= 4 and "元" in note:
                unit_out.append(note)
            else:
                self.unplaced.append(Unplaced("note", tok.text.strip(), where))
                self.warn(WarningCode.CELL_NOTE, f"{where}: the note beside {number} is kept in unplaced", pos)
        number = number.replace(",", "")
        try:
            if kind == "amount":
                if not re.match(r"^-?\d+(\.\d+)?$", number.lstrip("+")):
                    raise ValueError(number)
                return number.lstrip("+")
            if "." in number:
                whole, _, frac = number.partition(".")
                if frac.strip("0"):
                    raise ValueError(number)
                number = whole
            value = int(number)
            if kind == "count" and number.startswith("+"):
                raise ValueError(number)
            return value
        except ValueError:
            self.warn(WarningCode.CELL_UNREADABLE, f"{where}: {tok.text!r} is not a {kind} value; null kept", pos)
            self.unplaced.append(Unplaced("note", tok.text.strip(), where))
            return None

    # ------------------------------------------------------------ tables
    def _read_active(self, units: list[_Unit], active: dict[str, dict[str, Value]]) -> tuple[list[_Unit], bool]:
        rows = T.active_rows(self.form)
        specs = [(r.key, r.labels, sum(1 for c in r.columns if c.kind != "unit")) for r in rows]
        found, end = self._rows_stream(units, specs, T.ACTIVE_HEADER_WORDS, "二", align="left")
        for r in rows:
            toks = found.get(r.key)
            if toks is None:
                continue
            unit_out: list[str] = []
            value_cols = [c for c in r.columns if c.kind != "unit"]
            for col, tok in zip(value_cols, toks):
                active[r.key][col.key] = self._value(tok, col.kind, f"active.{r.key}.{col.key}", unit_out)
            if any(c.kind == "unit" for c in r.columns):
                active[r.key]["unit"] = unit_out[0] if unit_out else None
        return self._leftover(units, end, "二"), bool(found)

    def _read_requests(self, units: list[_Unit],
                       requests: dict[str, tuple[int | None, ...]]) -> tuple[list[_Unit], bool]:
        rows = T.request_rows(self.form)
        ncols = len(T.REQUEST_COLUMNS)
        specs = [(r.key, r.labels, ncols) for r in rows]
        found, end = self._rows_stream(units, specs, T.REQUEST_HEADER_WORDS, "三")
        for key, toks in found.items():
            values: list[int | None] = []
            for col, tok in zip(T.REQUEST_COLUMNS, toks):
                v = self._value(tok, "count", f"requests.{key}.{col.key}")
                values.append(v if isinstance(v, int) else None)
            requests[key] = tuple(values)
        return self._leftover(units, end, "三"), bool(found)

    def _read_reviews(self, units: list[_Unit], reviews: dict[str, dict[str, int | None]]) -> tuple[list[_Unit], bool]:
        toks = self._tokens(units)
        need = len(T.REVIEW_GROUPS) * len(T.REVIEW_OUTCOMES)
        vals: list[_Tok | None] = []
        end = 0
        header_end = 0
        vocab = T.REVIEW_HEADER_WORDS
        vocab_norm = [normalize_label(w) for w in vocab]
        numeric_units = {u.index for u in units if not isinstance(u.block, Table) and u.ntokens
                         and all(classify_cell(p) != "text" for p in _TOKEN_RE.findall(block_text(u.block)))}
        for tok in toks:
            if len(vals) >= need:
                break
            if tok.kind == "text":
                n = normalize_label(tok.text)
                if not vals and (any(n in w for w in vocab_norm) or not strip_known(tok.text, vocab)):
                    self._mark(tok, header=True)
                    header_end = next(k for k, u in enumerate(units) if u.index == tok.unit) + 1
                continue
            if tok.kind == "eor":
                continue
            is_table = isinstance(self.units[tok.unit].block, Table)
            if not vals:
                if tok.kind != "num":
                    if is_table:
                        self._mark(tok, header=True)
                    continue
                if not is_table and tok.unit not in numeric_units:
                    continue
                if is_table:
                    # start at the beginning of the row that holds the first number
                    row_toks = [t for t in toks
                                if t.unit == tok.unit and t.row == tok.row and t.kind in ("num", "empty")]
                    for t in row_toks:
                        if t is tok:
                            break
                        vals.append(None)
                        self._mark(t)
            if not is_table and tok.unit not in numeric_units:
                continue
            vals.append(tok if tok.kind == "num" else None)
            self._mark(tok)
            end = next(k for k, u in enumerate(units) if u.index == tok.unit) + 1
        if not vals:
            if not header_end:
                return list(units), False
            # The header is there but every value cell is blank.
            last = units[header_end - 1]
            if isinstance(last.block, Table):
                for t in toks:
                    if t.unit == last.index and t.kind == "empty":
                        self._mark(t, header=True)
            self.warn(WarningCode.ROW_INCOMPLETE, "table 四: the header is there but no value; all cells are null")
            return self._leftover(units, header_end, "四"), True
        if len(vals) < need:
            self.warn(WarningCode.ROW_INCOMPLETE, f"table 四: {len(vals)} of {need} values found; the rest are null")
        vals += [None] * (need - len(vals))
        k = 0
        for g in T.REVIEW_GROUPS:
            for o in T.REVIEW_OUTCOMES:
                v = self._value(vals[k], "count", f"reviews.{g.key}.{o.key}")
                reviews[g.key][o.key] = v if isinstance(v, int) else None
                k += 1
        if end and isinstance(units[end - 1].block, Table):
            last = units[end - 1]
            cells = [c.text for row in last.block.rows for c in row]  # type: ignore[union-attr]
            for idx in range(last.ntokens):
                if idx not in last.used and not compact(cells[idx]):
                    last.header.add(idx)
        return self._leftover(units, end, "四"), True

    # ------------------------------------------------------------ metadata
    def _infer_year(self, title: str | None, preamble: Sequence[Block], sections: Sequence[Section]) -> int | None:
        texts = [b.text for b in preamble] + [b.text for s in sections if s.number == 1 for b in s.blocks[:3]]
        joined = compact("".join(texts))
        m = _PERIOD_RE.search(joined)
        if m:
            return int(m.group(1))
        if title:
            m2 = _YEAR_RE.search(compact(title))
            if m2:
                return int(m2.group(1))
        years = [int(y) for y in _YEAR_RE.findall(joined)]
        return Counter(years).most_common(1)[0][0] if years else None

    def _infer_organ(self, title: str | None, preamble: Sequence[Block], sections: Sequence[Section]) -> str | None:
        if title:
            m = re.match(r"^(.+?)(?:关于)?(?:19|20)\d{2}\s*年", compact(title))
            if m and len(m.group(1)) >= 3 and m.group(1)[0] not in "区市县" and not m.group(1).startswith("本"):
                return m.group(1)
        texts = [b.text for b in preamble] + [b.text for s in sections if s.number == 1 for b in s.blocks]
        joined = compact("".join(texts))
        m = re.search(r"《([^《》]{2,40}?)(?:19|20)\d{2}年[^《》]*报告》", joined)
        if m and m.group(1)[0] not in "区市县":
            return m.group(1)
        cands: list[str] = []
        for mm in _ORGAN_RE.finditer(joined):
            name = mm.group(1)
            if name and name[0] not in _ORGAN_STOP and len(name) >= 3:
                cands.append(name)
        if not cands:
            field = dict(self.fields).get("发布机构")
            return field or None
        counts: Counter[str] = Counter()
        distinct = set(cands)
        for name in distinct:
            for occ in re.finditer(re.escape(name), joined):
                longer = any(o != name and o.startswith(name) and joined.startswith(o, occ.start()) for o in distinct)
                if not longer:
                    counts[name] += 1

        # A name that only ever occurs as the tail of a longer one is a fragment of it.
        distinct = {c for c in distinct if not any(
            d != c and d.endswith(c) and counts[d] >= counts[c] for d in distinct)}

        def rank(name: str) -> tuple[int, int, int]:
            suffix = next(x for x in _ORGAN_SUFFIXES if name.endswith(x))
            stem = name[: len(name) - len(suffix)]
            placed = 1 if name[0] not in "区市县" and any(ch in "省市区县州旗盟镇乡" for ch in stem) else 0
            return (placed, counts[name], -len(name))

        return max(distinct, key=rank)
