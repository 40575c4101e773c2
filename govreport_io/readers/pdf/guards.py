"""Checks on the raw bytes of a PDF, made before any backend parses a page.

Both backends expand a form XObject each time it is drawn, inside one C++ call (pdfium)
or deep in pdfminer, where no budget can interrupt them: a 4 KB tree of forms that each
draw the next twice runs for ever. pdfminer also builds a table entry for every code of a
font's /W ranges: one changed number makes it billions. So the structure is read from
the bytes first, cheaply and bounded, and a file that would run away is refused.

The scan sees top-level objects only (a form is a stream, and streams always are); a
resource dictionary hidden in an object stream is not resolved, so the guard is a bound
on what can be seen, as pdfium's own limits are a bound on the rest.
"""

from __future__ import annotations

import re
import zlib

from ...errors import UnsafeInputError
from .._context import ReadContext
from .settings import PdfSettings

_OBJ = re.compile(rb"(\d+)\s+\d+\s+obj\b")
_STREAM = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
_NUMBER = re.compile(rb"(\d+)\s+\d+\s+$")
_XOBJECTS = re.compile(rb"/XObject\s*(?:<<(.*?)>>|(\d+)\s+\d+\s+R)", re.S)
_RESOURCES = re.compile(rb"/Resources\s+(\d+)\s+\d+\s+R")
_NAMED_REF = re.compile(rb"/([^\s/\[\]<>(){}%]+)\s+(\d+)\s+\d+\s+R")
_DO = re.compile(rb"/([^\s/\[\]<>(){}%]+)\s*Do\b")
_W_ARRAY = re.compile(rb"/W\s*\[")
_TOKEN = re.compile(rb"\[|\]|-?\d+(?:\.\d*)?")


class _Objects:
    """Where each top-level object's text lies, indexed on first need (most files never need it)."""

    def __init__(self, data: bytes, head: int) -> None:
        self.data, self.head = data, head
        self.spans: dict[int, tuple[int, int]] | None = None

    def text(self, num: int) -> bytes:
        """The first ``head`` bytes of object ``num``'s text (empty when it is not top-level)."""
        if self.spans is None:
            found = list(_OBJ.finditer(self.data))
            self.spans = {}
            for k, m in enumerate(found):
                end = found[k + 1].start() if k + 1 < len(found) else len(self.data)
                self.spans[int(m.group(1))] = (m.end(), min(end, m.end() + self.head))
        start, end = self.spans.get(num, (0, 0))
        return self.data[start:end]


def _xobject_names(head: bytes, objs: _Objects) -> dict[bytes, int]:
    """Resource names of XObjects a form's dictionary declares, inline or one reference away."""
    m = _RESOURCES.search(head)
    if m:
        head = objs.text(int(m.group(1)))
    m = _XOBJECTS.search(head)
    if not m:
        return {}
    body = m.group(1) if m.group(1) is not None else objs.text(int(m.group(2)))
    return {name: int(num) for name, num in _NAMED_REF.findall(body)}


_NOT_CONTENT = (b"/Image", b"/Length1", b"/Length2", b"/Length3", b"/XRef", b"/ObjStm", b"/EmbeddedFile",
                b"/Metadata", b"/ICCBased", b"/N ")
"""Marks of streams that are not page or form content (images, fonts, indexes, profiles)."""


def _inflate(raw: memoryview, limit: int) -> bytes:
    """Deflated bytes inflated to at most ``limit`` bytes, fed in chunks so that neither
    the input nor zlib's unconsumed tail is ever copied whole."""
    if len(raw) < 2 or raw[0] & 0x0F != 8 or (raw[0] << 8 | raw[1]) % 31:
        return b""  # no zlib header: nothing a PDF reader would inflate either
    d = zlib.decompressobj()
    out: list[bytes] = []
    size = 0
    try:
        for start in range(0, len(raw), _CHUNK):
            piece = d.decompress(raw[start:start + _CHUNK], limit - size + 1)
            out.append(piece)
            size += len(piece)
            if d.eof or size > limit:
                break
    except zlib.error:
        pass  # damaged or not deflate at all: what inflated so far is what there is
    return b"".join(out)


_CHUNK = 64 * 1024


class _Scan:
    """One pass over the streams of a file. Every search starts where the last one ended
    or is remembered, so a file made of millions of "stream" keywords costs linear time."""

    def __init__(self, data: bytes, ctx: ReadContext, s: PdfSettings) -> None:
        self.data, self.ctx, self.s = data, ctx, s
        self.objs = _Objects(data, s.guard_dict_bytes)
        self.names: dict[bytes, dict[bytes, int]] = {}  # resources text -> XObject names
        self.end = -1  # the next "endstream" found so far
        self.inflated = 0

    def content(self, head: bytes, num: int, at: int) -> bytes:
        """A stream's content from ``at``, inflated within the per-stream and per-file budgets."""
        s, data = self.s, self.data
        if self.end < at:
            found = data.find(b"endstream", at)
            self.end = found if found >= 0 else len(data)
        end = self.end
        if b"/FlateDecode" in head:
            content = _inflate(memoryview(data)[at:end], s.max_content_bytes + 1)
        else:
            content = data[at:min(end, at + s.max_content_bytes + 1)]
        self.inflated += len(content)
        if len(content) > s.max_content_bytes or self.inflated > s.max_total_content_bytes:
            raise UnsafeInputError(f"object {num} inflates past the limit of drawing instructions "
                                   f"({s.max_content_bytes // 1024 ** 2} MB a stream, "
                                   f"{s.max_total_content_bytes // 1024 ** 2} MB a file): a hostile or broken file",
                                   source=self.ctx.source)
        return content

    def xobject_names(self, head: bytes) -> dict[bytes, int]:
        """The XObject names of a form's resources, looked up once per resources text."""
        m = _RESOURCES.search(head)
        key = m.group(0) if m else head
        if key not in self.names:
            self.names[key] = _xobject_names(head, self.objs)
        return self.names[key]

    def forms(self) -> dict[int, list[int]]:
        """Each form XObject with the forms its content draws (once per draw)."""
        data, s = self.data, self.s
        found: dict[int, list[int]] = {}
        last = 0
        for m in _STREAM.finditer(data):
            lo, last = max(last, m.start() - s.guard_dict_bytes), m.end()
            at = data.rfind(b"obj", lo, m.start())
            number = _NUMBER.search(data, max(0, at - 32), at) if at >= 0 else None
            if number is None:
                continue
            head = data[at:m.start()]
            form = b"/Form" in head
            if not form and (b"/FlateDecode" not in head or any(mark in head for mark in _NOT_CONTENT)):
                continue
            content = self.content(head, int(number.group(1)), m.end())
            if form:
                names = self.xobject_names(head)
                found[int(number.group(1))] = [names[n] for n in _DO.findall(content) if n in names]
        return {num: [c for c in kids if c in found] for num, kids in found.items()}


def _draws(forms: dict[int, list[int]], limit: int) -> int:
    """The largest number of forms drawn by drawing one form, nesting followed (cycles cut,
    as the parsers cut them), counted no higher than ``limit + 1``."""
    cost: dict[int, int] = {}
    for root in forms:
        if root in cost:
            continue
        stack = [(root, iter(forms[root]))]
        total = {root: 1}  # running count of each form on the stack
        while stack:
            num, kids = stack[-1]
            kid = next(kids, None)
            if kid is None:
                stack.pop()
                cost[num] = total.pop(num)
                if stack:
                    parent = stack[-1][0]
                    total[parent] = min(limit + 1, total[parent] + cost[num])
            elif kid in cost or kid in total:
                total[num] = min(limit + 1, total[num] + cost.get(kid, 1))
            else:
                total[kid] = 1
                stack.append((kid, iter(forms[kid])))
    return max(cost.values(), default=0)


def check_content(data: bytes, ctx: ReadContext, s: PdfSettings) -> None:
    """Refuse a PDF whose content streams inflate past their budgets or whose nested forms
    would be drawn more than ``s.max_form_draws`` times."""
    worst = _draws(_Scan(data, ctx, s).forms(), s.max_form_draws)
    if worst > s.max_form_draws:
        raise UnsafeInputError(f"its form XObjects nest into over {s.max_form_draws} drawings "
                               "(a hostile or broken file)", source=ctx.source)


def check_widths(data: bytes, ctx: ReadContext, s: PdfSettings) -> None:
    """Refuse a font width table (/W) whose ranges cover more codes than a font has."""
    for m in _W_ARRAY.finditer(data):
        tokens = _TOKEN.findall(data, m.end(), m.end() + s.guard_dict_bytes)
        k = 0
        while k + 1 < len(tokens) and tokens[k] != b"]":
            if tokens[k + 1] == b"[":  # c [w1 w2 …]
                k += 2
                while k < len(tokens) and tokens[k] != b"]":
                    k += 1
                k += 1
                continue
            try:  # c_first c_last w
                span = float(tokens[k + 1]) - float(tokens[k])
            except ValueError:
                break
            if span > s.max_width_codes:
                raise UnsafeInputError(f"a font's width table (/W) covers {span:.0f} character codes, "
                                       f"over the {s.max_width_codes} a font can have", source=ctx.source)
            k += 3
