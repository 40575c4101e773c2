"""Header fields (索引号, 成文日期 …) from key–value cells, for every reader."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ..blocks import NOWHERE, Block, Field, Paragraph, SourcePos
from .cjk import clean_inline, compact
from .make import field as make_field

KNOWN_FIELD_KEYS = (
    "索引号", "发布机构", "成文日期", "发文日期", "发布日期", "公开方式", "公开时限", "公开范围", "文件编号",
    "文号", "发文字号", "主题分类", "名称", "标题", "信息来源", "有效性", "组配分类", "体裁分类", "主题词",
    "发文机关", "生成日期", "信息分类", "内容分类", "公开形式", "公开日期", "所属机构", "统一编号",
)
_KEY_RE = re.compile(r"^(.{1,12}?)\s*[:：]$")


def field_key(text: str) -> str | None:
    """The key of a cell such as "索 引 号：" (None when the cell is not a key)."""
    t = compact(text)
    m = _KEY_RE.match(t)
    if m:
        return m.group(1)
    return t if t in KNOWN_FIELD_KEYS else None


def _marked(cell: str) -> bool:
    """True when a cell ends with a colon, as a key does."""
    key = compact(cell)
    return key.endswith(":") or key.endswith("：")  # (a tuple of suffixes is made at every call, compiled)


def fields_from_row(cells: Sequence[str], pos: SourcePos = NOWHERE) -> list[Field] | None:
    """Fields when a row alternates key and value cells, else None."""
    cells = list(cells)
    while cells and not cells[-1].strip():
        cells.pop()
    if not cells:
        return None
    if len(cells) == 1 and compact(cells[0]).rstrip(":：") not in KNOWN_FIELD_KEYS:
        return None  # a lone cell is a field only when it names a known key (its value left blank)
    out: list[Field] = []
    i = 0
    while i < len(cells):
        key = field_key(cells[i])
        if key is None:
            return None
        value = cells[i + 1].strip() if i + 1 < len(cells) else ""
        if value and compact(value).rstrip(":：") in KNOWN_FIELD_KEYS and (_marked(value) or not _marked(cells[i])):
            # two keys in a row: not a key–value row (a key marked by its colon may have a
            # value that happens to name a key: "索引号： | 公开形式")
            return None
        out.append(make_field(key, clean_inline(value), pos))
        i += 2
    return out


def fields_from_rows(rows: Sequence[Sequence[str]],
                     positions: Sequence[SourcePos] | None = None) -> list[Field] | None:
    """Fields when every row of a table alternates key and value cells, else None (decided at
    the first row that does not: a long data table is not read through)."""
    if not rows:
        return None
    out: list[Field] = []
    for n, r in enumerate(rows):
        found = fields_from_row(r, positions[n] if positions else NOWHERE)
        if found is None:
            return None
        out.extend(found)
    return out


def marked_fields(rows: Sequence[Sequence[str]], pos: SourcePos = NOWHERE) -> list[Field]:
    """Fields of a table our own writer marked as the field table: key and value cells as they are."""
    return [make_field(compact(r[0]).rstrip(":："), clean_inline(r[1]) if len(r) > 1 else "", pos)
            for r in rows if r and compact(r[0])]


_FIELD_LINE_RE = re.compile(r"^\s*(.{1,12}?)\s*[:：]\s*(.*)$")


def field_from_line(line: str, pos: SourcePos = NOWHERE) -> Field | None:
    """A field from a line "索引号：330502/2025-00293" when its key is a known one."""
    if ":" not in line and "：" not in line:
        return None  # most lines: no colon, no field (two plain scans, not the regex)
    m = _FIELD_LINE_RE.match(line)
    if not m:
        return None
    key = compact(m.group(1))
    if key not in KNOWN_FIELD_KEYS:
        return None
    return make_field(key, m.group(2).strip(), pos)


def fields_at_head(blocks: list[Block], convert: Callable[[Block], list[Field] | None]) -> list[Block]:
    """``blocks`` with those at the head of the document (before anything but fields) that
    ``convert`` reads as fields replaced by those fields."""
    out: list[Block] = []
    for n, b in enumerate(blocks):
        found = convert(b)
        if found is not None:
            out.extend(found)
            continue
        out.append(b)
        if not isinstance(b, Field):
            # the head ends here: the rest as it is, without a test per block
            out.extend(blocks[n + 1:])
            break
    return out


def _field_paragraph(b: Block) -> list[Field] | None:
    fld = field_from_line(b.text, b.pos) if isinstance(b, Paragraph) else None
    return [fld] if fld is not None else None


def leading_fields(blocks: list[Block]) -> list[Block]:
    """Paragraphs at the head of a document that read "索引号：…" with a known key, as fields."""
    return fields_at_head(blocks, _field_paragraph)
