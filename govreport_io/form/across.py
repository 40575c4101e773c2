"""Checks across reports and against the prose (TEMPLATE.md's cross-report rules).

- X1 the same organ in consecutive years: 二、上年结转 of year N+1 = 四、结转下年度继续办理 of
  year N, per column of table 三 (level error);
- X2 2021 table 二: 现行有效件数[N−1] + 本年制发件数[N] − 本年废止件数[N] = 现行有效件数[N]
  (level info: only approximate, revisions and re-counts move it);
- X3 2019 table 二: 上一年项目数量[N] + 本年增/减[N] = 上一年项目数量[N+1] (level info);
- X4 prose against tables: counts the prose restates (共受理申请N件, 办结N件, 结转N件,
  予以公开N件, 行政复议N件, 行政诉讼N件 …) against the tables (level info: prose may count
  otherwise).

Organs are matched by a normalised name (full and short forms: 上海市科委 /
上海市科学技术委员会), from the report's organ or its 发布机构 field; a user mapping
(:meth:`OrganNames.load`) overrides. Reports are compared through small
:class:`Snapshot` values, so a corpus of any size is checked in little memory.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import ReadError
from ..model import Report, Value
from . import template as T
from .validate import Finding

ORGAN_FIELDS = ("发布机构", "发文机关", "发布单位", "来源", "信息来源")

# Full forms to their usual short forms, longest first: both spellings normalise alike.
SHORT_FORMS: tuple[tuple[str, str], ...] = (
    ("中华人民共和国", ""),
    ("人民政府", "政府"),
    ("办公室", "办"),
    ("办公厅", "厅"),
    ("科学技术委员会", "科委"),
    ("科学技术局", "科技局"),
    ("发展和改革委员会", "发改委"),
    ("发展改革委员会", "发改委"),
    ("经济和信息化委员会", "经信委"),
    ("经济和信息化局", "经信局"),
    ("卫生健康委员会", "卫健委"),
    ("卫生和健康委员会", "卫健委"),
    ("住房和城乡建设委员会", "住建委"),
    ("住房和城乡建设局", "住建局"),
    ("人力资源和社会保障局", "人社局"),
    ("市场监督管理局", "市场监管局"),
    ("国有资产监督管理委员会", "国资委"),
    ("民族宗教事务委员会", "民宗委"),
    ("农业农村委员会", "农委"),
    ("交通运输委员会", "交委"),
    ("教育委员会", "教委"),
    ("委员会", "委"),
)
_SPACE_RE = re.compile(r"[\s\u3000]+")


class OrganNames:
    """Organ names to matching keys: the user's mapping first, then full forms shortened."""

    def __init__(self, mapping: Mapping[str, str] | None = None) -> None:
        self.mapping: dict[str, str] = {}
        for name, canonical in (mapping or {}).items():
            target = self._short(canonical)
            self.mapping[self._clean(name)] = target
            self.mapping[self._short(name)] = target

    @staticmethod
    def _clean(name: str) -> str:
        return _SPACE_RE.sub("", name)

    @classmethod
    def _short(cls, name: str) -> str:
        name = cls._clean(name)
        for full, short in SHORT_FORMS:
            name = name.replace(full, short)
        return name

    @classmethod
    def load(cls, path: str) -> OrganNames:
        """A mapping file: a JSON object {name: canonical}, or lines ``name = canonical`` (or tab-separated)."""
        try:
            with open(path, encoding="utf-8-sig") as fh:
                text = fh.read()
        except OSError as exc:
            raise ReadError(f"cannot read the organ mapping: {exc.strerror or exc}", source=path) from None
        if text.lstrip().startswith("{"):
            try:
                data = json.loads(text)
            except ValueError as exc:
                raise ReadError(f"the organ mapping is not valid JSON: {exc}", source=path) from None
            return cls({str(k): str(v) for k, v in data.items()})
        mapping: dict[str, str] = {}
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            parts = re.split(r"\t|=", line, maxsplit=1)
            if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
                raise ReadError("expected 'name = canonical name'", source=path, where=f"line {n}")
            mapping[parts[0].strip()] = parts[1].strip()
        return cls(mapping)

    def key(self, name: str) -> str:
        """The matching key of an organ name: the user's canonical name, else the name with full forms shortened."""
        short = self._short(name)
        return self.mapping.get(self._clean(name)) or self.mapping.get(short) or short


@dataclass(frozen=True)
class Snapshot:
    """What the cross-report checks need of one report: its name, organ, year and a few cells."""

    label: str
    organ: str | None
    year: int | None
    form: str
    carried_over: tuple[int | None, ...] = ()
    carried_forward: tuple[int | None, ...] = ()
    active: Mapping[str, Mapping[str, Value]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (kept in the manifest so that a resumed run still compares every year)."""
        return {"label": self.label, "organ": self.organ, "year": self.year, "form": self.form,
                "carried_over": list(self.carried_over), "carried_forward": list(self.carried_forward),
                "active": {k: dict(v) for k, v in self.active.items()}}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Snapshot:
        """Back from :meth:`to_dict`."""
        return cls(str(d["label"]), d.get("organ"), d.get("year"), str(d.get("form", "2021")),
                   tuple(d.get("carried_over") or ()), tuple(d.get("carried_forward") or ()),
                   dict(d.get("active") or {}))


def organ_of(report: Report) -> str | None:
    """The organ named by the report, else its 发布机构 (or like) field."""
    if report.organ:
        return report.organ
    return next((v for k, v in report.fields if k in ORGAN_FIELDS and v), None)


def snapshot(report: Report, label: str) -> Snapshot:
    """The :class:`Snapshot` of a report; ``label`` names it in findings (its file, usually)."""
    active = {r: dict(report.active[r]) for r in report.active
              if set(report.active[r]) & {"issued", "repealed", "in_force", "previous", "change"}}
    return Snapshot(label, organ_of(report), report.year, report.form, tuple(report.requests["carried_over"]),
                    tuple(report.requests["carried_forward"]), active)


def _pairs(snaps: Iterable[Snapshot], names: OrganNames) -> Iterator[tuple[Snapshot, Snapshot]]:
    """(year N, year N+1) pairs of reports of the same organ."""
    groups: dict[str, dict[int, list[Snapshot]]] = defaultdict(lambda: defaultdict(list))
    for s in snaps:
        if s.organ and s.year is not None:
            groups[names.key(s.organ)][s.year].append(s)
    for by_year in groups.values():
        for year in sorted(by_year):
            for a in by_year[year]:
                for b in by_year.get(year + 1, ()):
                    yield a, b


def check_across(snaps: Iterable[Snapshot | tuple[str, Report]], names: OrganNames | None = None) -> list[Finding]:
    """X1–X3 over a corpus: every pair of reports of one organ in consecutive years.

    Takes :class:`Snapshot` values or (label, Report) pairs.
    """
    return list(iter_across(snaps, names))


def iter_across(snaps: Iterable[Snapshot | tuple[str, Report]], names: OrganNames | None = None) -> Iterator[Finding]:
    """:func:`check_across` one finding at a time (a large corpus may give many)."""
    names = names or OrganNames()
    items = [s if isinstance(s, Snapshot) else snapshot(s[1], s[0]) for s in snaps]
    for a, b in _pairs(items, names):
        yield from _x1(a, b)
        if a.form == b.form == "2021":
            yield from _x2(a, b)
        if a.form == b.form == "2019":
            yield from _x3(a, b)


def _x1(a: Snapshot, b: Snapshot) -> Iterator[Finding]:
    for c, col in enumerate(T.REQUEST_COLUMN_KEYS):
        before = a.carried_forward[c] if c < len(a.carried_forward) else None
        after = b.carried_over[c] if c < len(b.carried_over) else None
        if before is None or after is None or before == after:
            continue
        yield Finding(
            "X1", "三", "carried_over", col,
            f"{b.label} ({b.year}) 二、上年结转 is {after}, but {a.label} ({a.year}) "
            f"四、结转下年度继续办理 is {before}",
            {"previous_report": a.label, "previous_year": a.year, "carried_forward": before,
             "report": b.label, "year": b.year, "carried_over": after},
            where=(f"{a.label}: requests.carried_forward.{col}", f"{b.label}: requests.carried_over.{col}"))


def _num(v: Value) -> int | None:
    return v if isinstance(v, int) else None


def _x2(a: Snapshot, b: Snapshot) -> Iterator[Finding]:
    for row in ("regulations", "normative_documents"):
        ra, rb = a.active.get(row, {}), b.active.get(row, {})
        prev, issued, repealed, now = (_num(ra.get("in_force")), _num(rb.get("issued")), _num(rb.get("repealed")),
                                       _num(rb.get("in_force")))
        if prev is None or issued is None or repealed is None or now is None or prev + issued - repealed == now:
            continue
        yield Finding(
            "X2", "二", row, "in_force",
            f"{a.label} ({a.year}) 现行有效 {prev} + {b.label} ({b.year}) 本年制发 {issued} − 本年废止 {repealed} "
            f"= {prev + issued - repealed}, but {b.label} 现行有效 is {now}",
            {"previous_report": a.label, "previous_in_force": prev, "report": b.label, "issued": issued,
             "repealed": repealed, "in_force": now},
            level="info",
            where=(f"{a.label}: active.{row}.in_force", f"{b.label}: active.{row}.issued",
                   f"{b.label}: active.{row}.repealed", f"{b.label}: active.{row}.in_force"))


def _x3(a: Snapshot, b: Snapshot) -> Iterator[Finding]:
    for row in ("licensing", "other_services", "punishment", "enforcement", "fees"):
        ra, rb = a.active.get(row, {}), b.active.get(row, {})
        prev, change, nxt = _num(ra.get("previous")), _num(ra.get("change")), _num(rb.get("previous"))
        if prev is None or change is None or nxt is None or prev + change == nxt:
            continue
        yield Finding(
            "X3", "二", row, "previous",
            f"{a.label} ({a.year}) 上一年项目数量 {prev} + 本年增/减 {change} = {prev + change}, "
            f"but {b.label} ({b.year}) 上一年项目数量 is {nxt}",
            {"previous_report": a.label, "previous": prev, "change": change, "report": b.label, "next_previous": nxt},
            level="info",
            where=(f"{a.label}: active.{row}.previous", f"{a.label}: active.{row}.change",
                   f"{b.label}: active.{row}.previous"))


# ---------------------------------------------------------------- X4: prose against tables
_NUM = r"([0-9０-９]+|[零〇一二两三四五六七八九十百]+)"
_GAP = r"[^，。；,;:：0-9０-９、（）()]"
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
              "九": 9}
# Words that make a count a part, not the whole (结果维持2件 is not the number of reviews).
_PART_WORDS = ("维持", "纠正", "纠错", "撤销", "审结", "败诉", "胜诉", "驳回", "其中", "不予", "部分", "复议后")


@dataclass(frozen=True)
class _Claim:
    """A count the prose may restate, and the table cells (sums) it can equal."""

    name: str
    pattern: re.Pattern[str]
    table: str
    row: str
    cells: tuple[tuple[str, ...], ...]  # each alternative is a sum of cell paths
    avoid: tuple[str, ...] = ()


_CLAIMS: tuple[_Claim, ...] = (
    _Claim("received",
           re.compile(rf"(?:受理|收到|接收|新收|接到){_GAP}{{0,14}}?申请{_GAP}{{0,8}}?{_NUM}\s*(?:件|个|份|条)"), "三",
           "new_received", (("requests.new_received.total",),
                            ("requests.new_received.total", "requests.carried_over.total")),
           ("复议", "诉讼", "结转", "上年")),
    _Claim("carried_over", re.compile(rf"上一?年度?结转{_GAP}{{0,8}}?{_NUM}\s*件"), "三", "carried_over",
           (("requests.carried_over.total",),)),
    _Claim("carried_forward", re.compile(rf"结转(?:至|到)?下一?年度?{_GAP}{{0,10}}?{_NUM}\s*件"), "三",
           "carried_forward", (("requests.carried_forward.total",),)),
    _Claim("done", re.compile(rf"办结{_GAP}{{0,10}}?{_NUM}\s*件"), "三", "total", (("requests.total.total",),),
           ("复议", "诉讼")),
    _Claim("granted", re.compile(rf"(?<!不)予以公开(?![或和及与、]部分){_GAP}{{0,4}}?{_NUM}\s*件"), "三", "granted",
           (("requests.granted.total",),)),
    _Claim("partly_granted", re.compile(rf"(?<![或和及与、])部分公开{_GAP}{{0,4}}?{_NUM}\s*件"), "三", "partly_granted",
           (("requests.partly_granted.total",),)),
    _Claim("granted_or_partly", re.compile(rf"公开(?:或|和|及|与|、)部分公开{_GAP}{{0,4}}?{_NUM}\s*件"), "三",
           "granted", (("requests.granted.total", "requests.partly_granted.total"),)),
    _Claim("review", re.compile(rf"行政复议{_GAP}{{0,8}}?{_NUM}\s*(?:件|起|宗|次)"), "四", "review",
           (("reviews.review.total",),), (*_PART_WORDS, "诉讼")),
    _Claim("litigation", re.compile(rf"行政诉讼{_GAP}{{0,8}}?{_NUM}\s*(?:件|起|宗|次)"), "四", "litigation",
           (("reviews.litigation_direct.total", "reviews.litigation_after_review.total"),
            ("reviews.litigation_direct.total",), ("reviews.litigation_after_review.total",)),
           (*_PART_WORDS, "复议")),
)


def _cn_int(text: str) -> int | None:
    """A count written in digits (half or full width) or simple Chinese numerals (up to 999)."""
    digits = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if digits.isdigit():
        return int(digits)
    total, current = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch in "十百":
            total += (current or 1) * (10 if ch == "十" else 100)
            current = 0
        else:
            return None
    return total + current


def _cell(report: Report, path: str) -> int | None:
    table, row, col = path.split(".")
    if table == "requests":
        return report.requests[row][T.REQUEST_COLUMN_KEYS.index(col)]
    v = report.reviews[row][col] if table == "reviews" else report.active[row][col]
    return v if isinstance(v, int) else None


def _paragraphs(report: Report) -> Iterator[tuple[str, str]]:
    """(place, text) of every paragraph: the preamble, then each section's."""
    for n, b in enumerate(report.preamble, 1):
        yield f"preamble, paragraph {n}", b.text
    for s in report.sections:
        for n, b in enumerate((b for b in s.blocks if b.kind == "paragraph"), 1):
            yield f"section {T.SECTION_NUMERALS[s.number - 1]}, paragraph {n}", b.text


def check_prose(report: Report, label: str = "") -> list[Finding]:
    """X4: counts the prose restates, checked against the tables; each finding names the paragraph and cells."""
    out: list[Finding] = []
    for place, text in _paragraphs(report):
        for claim in _CLAIMS:
            for m in claim.pattern.finditer(text):
                if any(w in m.group(0) for w in claim.avoid):
                    continue
                said = _cn_int(m.group(1))
                finding = _compare(report, label, place, m.group(0), said, claim) if said is not None else None
                if finding is not None:
                    out.append(finding)
    return out


def _compare(report: Report, label: str, place: str, quote: str, said: int, claim: _Claim) -> Finding | None:
    sums: list[tuple[tuple[str, ...], int]] = []
    for paths in claim.cells:
        values = [_cell(report, p) for p in paths]
        if all(v is not None for v in values):
            sums.append((paths, sum(v for v in values if v is not None)))
    if not sums or any(total == said for _, total in sums):
        return None  # unknown (blank cells) or consistent
    paths, total = sums[0]
    who = f"{label}: " if label else ""
    return Finding(
        "X4", claim.table, claim.row, "total",
        f"{place} says “{quote}” ({said}), but the table has {' + '.join(paths)} = {total}",
        {"prose": said, "table": total, "claim": claim.name}, level="info",
        where=(f"{who}{place}: “{quote}”", *(f"{who}{p}" for p in paths)))
