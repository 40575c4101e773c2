"""Hypothesis strategies that damage valid files, one family of damage per format.

Every strategy draws a :class:`Case`: the damaged bytes, the format to read them as, a
label saying what was done (for the report and the saved corpus), and, where the damage
must not lose the end of the document, a sentinel text that a successful read must still
hold (a read without it is a silent truncation).
"""

from __future__ import annotations

import io
import json
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SHARED_DEV = ROOT.parent / "shared" / "corpus" / "dev"
SHARED_SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"

EXT = {"text": ".txt", "markdown": ".md", "html": ".html", "docx": ".docx", "pdf": ".pdf", "json": ".json"}
READERS = tuple(EXT)

# Characters that break readers and models: form feed, line and paragraph separators, NEL,
# C0 and C1 controls, NUL, BOM, lone surrogates, noncharacters, bidi overrides, zero width.
HOSTILE_CHARS = ("\x0c", "\u2028", "\u2029", "\x85", "\x00", "\x01", "\x1b", "\x7f", "\x9f", "\ufeff",
                 "\ud800", "\udfff", "\uffff", "\ufffe", "\ufdd0", "\U0010ffff", "\u202e", "\u200b",
                 "\x0b", "\r", "\t", "\u3000", "\U0002c029")


@dataclass(frozen=True)
class Case:
    """One input for one reader (or, with ``report``, one Report for one writer)."""

    fmt: str
    label: str
    data: bytes = b""
    path: str | None = None  # read this path instead of ``data`` (devices such as /dev/zero)
    sentinel: str | None = None  # text a successful read must still hold
    report: dict[str, Any] | None = None  # a Report's JSON contract, for writer cases
    extra: dict[str, Any] = field(default_factory=dict)


def seed_files(fmt: str, *, shared: bool = False) -> list[Path]:
    """The valid files a format's mutations start from: samples/, and ../shared when asked."""
    ext = EXT[fmt]
    files = sorted(p for p in SAMPLES.glob(f"*{ext}") if p.is_file())
    if shared:
        files += sorted(p for p in SHARED_DEV.glob(f"*{ext}") if p.is_file())
        if fmt in ("text", "markdown"):
            files += sorted(p for p in SHARED_SEEDS.glob(f"*{ext}") if p.is_file())
    return files


def encode_char(ch: str) -> bytes:
    """UTF-8 bytes of a character; lone surrogates as the (invalid) bytes a careless encoder writes."""
    return ch.encode("utf-8", "surrogatepass")


# ------------------------------------------------------------------ byte-level damage
@st.composite
def byte_damage(draw: st.DrawFn, data: bytes) -> tuple[bytes, str]:
    """One generic damage to any bytes: flips, truncation, splicing, lines, hostile characters."""
    kind = draw(st.sampled_from(["flip", "truncate", "splice", "dup-line", "del-line", "insert-char",
                                 "insert-char", "zero-run"]))
    n = len(data)
    if n == 0:
        return data, "empty"
    if kind == "flip":
        out = bytearray(data)
        k = draw(st.integers(1, 8))
        for _ in range(k):
            i = draw(st.integers(0, n - 1))
            out[i] ^= draw(st.integers(1, 255))
        return bytes(out), f"flip x{k}"
    if kind == "truncate":
        i = draw(st.integers(0, n - 1))
        return data[:i], f"truncate at {i}"
    if kind == "splice":
        a, b = sorted((draw(st.integers(0, n)), draw(st.integers(0, n))))
        at = draw(st.integers(0, n))
        return data[:at] + data[a:b] + data[at:], f"splice [{a}:{b}] at {at}"
    if kind == "zero-run":
        at = draw(st.integers(0, n))
        k = draw(st.integers(1, 4096))
        return data[:at] + b"\x00" * k + data[at:], f"{k} NUL at {at}"
    lines = data.split(b"\n")
    i = draw(st.integers(0, len(lines) - 1))
    if kind == "dup-line":
        k = draw(st.integers(1, 50))
        return b"\n".join(lines[:i] + [lines[i]] * (k + 1) + lines[i + 1:]), f"line {i} x{k + 1}"
    if kind == "del-line":
        return b"\n".join(lines[:i] + lines[i + 1:]), f"line {i} deleted"
    ch = draw(st.sampled_from(HOSTILE_CHARS))
    at = _char_boundary(data, draw(st.integers(0, n)))
    k = draw(st.sampled_from([1, 1, 2, 50]))
    return data[:at] + encode_char(ch) * k + data[at:], f"U+{ord(ch):04X} x{k} at {at}"


def _char_boundary(data: bytes, i: int) -> int:
    """Move ``i`` back to the start of a UTF-8 character so that insertions stay valid UTF-8."""
    while 0 < i < len(data) and (data[i] & 0xC0) == 0x80:
        i -= 1
    return i


# ------------------------------------------------------------------ per format
_SECTION6 = re.compile(rb"<section><h2>\xe5\x85\xad")  # <section><h2>六


@st.composite
def html_damage(draw: st.DrawFn, data: bytes) -> tuple[bytes, str]:
    """Deep nesting before the last section, unclosed tags, or a huge text node."""
    kind = draw(st.sampled_from(["nest", "nest", "unclosed", "text-node"]))
    m = _SECTION6.search(data)
    at = m.start() if m else _char_boundary(data, draw(st.integers(0, len(data))))
    if kind == "nest":
        depth = draw(st.sampled_from([10, 100, 254, 256, 300, 1000, 5000]))
        tag = draw(st.sampled_from([b"div", b"span", b"section", b"b", b"table"]))
        opening = b"<" + tag + b">"
        closing = b"</" + tag + b">"
        inner = opening * depth + "深层".encode() + closing * depth
        return data[:at] + inner + data[at:], f"{depth} nested <{tag.decode()}> before the last section"
    if kind == "unclosed":
        tag = draw(st.sampled_from([b"<table>", b"<tr>", b"<td>", b"<p>", b"<script>", b"<!--", b"<![CDATA[",
                                    b"<title>", b"<textarea>", b"<style>"]))
        return data[:at] + tag + data[at:], f"unclosed {tag.decode()} before the last section"
    size = draw(st.sampled_from([100_000, 1_000_000]))
    return data[:at] + b"<p>" + "长".encode() * (size // 3) + b"</p>" + data[at:], f"{size}-byte text node"


def _rezip(members: list[tuple[zipfile.ZipInfo, bytes]]) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        warnings.simplefilter("ignore")  # a doubled member name is the damage meant
        for info, body in members:
            z.writestr(info, body)
    return out.getvalue()


@st.composite
def docx_damage(draw: st.DrawFn, data: bytes) -> tuple[bytes, str]:
    """Zip-level damage: a member's XML damaged, a member dropped or doubled, the archive's bytes hit."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            members = [(i, z.read(i)) for i in z.infolist()]
    except Exception:  # damaged past opening by an earlier step (zipfile raises many kinds)
        return draw(byte_damage(data))
    kind = draw(st.sampled_from(["member", "member", "member", "drop", "double", "raw", "stored-bomb"]))
    names = [i.filename for i, _ in members]
    if kind == "raw":
        damaged, label = draw(byte_damage(data))
        return damaged, f"zip bytes: {label}"
    parts = [n for n in names if n.endswith((".xml", ".rels"))]
    if not parts:  # an earlier step left no XML part to damage
        damaged, label = draw(byte_damage(data))
        return damaged, f"zip bytes: {label}"
    # the main part most often; an earlier step may have dropped it
    target = draw(st.sampled_from(parts + ["word/document.xml"] * 4 * ("word/document.xml" in names)))
    k = names.index(target)
    if kind == "drop":
        return _rezip(members[:k] + members[k + 1:]), f"{target} dropped"
    if kind == "double":
        return _rezip([*members, members[k]]), f"{target} twice"
    if kind == "stored-bomb":
        info = zipfile.ZipInfo("word/padding.bin")
        return _rezip([*members, (info, b"\x00" * 50_000_000)]), "50 MB of zeros in a member (ratio bomb)"
    body, label = draw(byte_damage(members[k][1]))
    return _rezip([*members[:k], (members[k][0], body), *members[k + 1:]]), f"{target}: {label}"


_PDF_TOKEN = re.compile(rb"-?\d+(?:\.\d+)?|/[A-Za-z]+|\b(?:obj|endobj|stream|endstream|xref|trailer|startxref|R)\b")
_PDF_REPLACEMENTS = (b"0", b"-1", b"99999999", b"4294967297", b"1e308", b"/W", b"/Kids", b"null", b"[", b"<<", b"",
                     b"(", b"0 0 R", b"1 0 R", b"-0.0", b"endobj")


@st.composite
def pdf_damage(draw: st.DrawFn, data: bytes) -> tuple[bytes, str]:
    """Token damage: a number, name or keyword of the PDF syntax replaced; or byte-level damage."""
    if draw(st.integers(0, 3)) == 0:
        return draw(byte_damage(data))
    k = draw(st.integers(1, 3))
    out, labels = data, []
    for _ in range(k):
        tokens = list(_PDF_TOKEN.finditer(out))
        if not tokens:  # an earlier step left nothing of the PDF syntax
            return draw(byte_damage(out))
        m = tokens[draw(st.integers(0, len(tokens) - 1))]
        new = draw(st.sampled_from(_PDF_REPLACEMENTS))
        labels.append(f"{m.group().decode('latin-1')}->{new.decode() or '∅'}@{m.start()}")
        out = out[:m.start()] + new + out[m.end():]
    return out, "pdf tokens " + ", ".join(labels)


_JSON_VALUES: tuple[Any, ...] = (None, "", "None", 0, -1, 1.5, 10**30, True, [], {}, [[]], "١٢", "\ud800", "x" * 1000)


@st.composite
def json_damage(draw: st.DrawFn, data: bytes) -> tuple[bytes, str]:
    """A value replaced by another type, a key dropped or added; or byte-level damage."""
    try:
        doc = json.loads(data)
    except ValueError:  # already damaged past JSON by an earlier step
        doc = None
    if doc is None or draw(st.booleans()):
        return draw(byte_damage(data))
    paths = list(_json_paths(doc, ()))
    if not paths:  # a bare value: nothing to replace inside
        return draw(byte_damage(data))
    path = draw(st.sampled_from(paths))
    kind = draw(st.sampled_from(["replace", "replace", "drop", "add"]))
    parent: Any = doc
    for key in path[:-1]:
        parent = parent[key]
    last = path[-1]
    if kind == "replace":
        value = draw(st.sampled_from(_JSON_VALUES))
        parent[last] = value
        label = f"{'.'.join(map(str, path))} = {json.dumps(value)[:20]}"
    elif kind == "drop" and isinstance(parent, dict):
        del parent[last]
        label = f"{'.'.join(map(str, path))} dropped"
    else:
        target = parent if isinstance(parent, dict) else doc
        target["unknown_key"] = draw(st.sampled_from(_JSON_VALUES))
        label = "unknown key added"
    return json.dumps(doc, ensure_ascii=False).encode("utf-8", "surrogatepass"), label


def _json_paths(doc: Any, prefix: tuple[Any, ...]) -> Any:
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield (*prefix, k)
            yield from _json_paths(v, (*prefix, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            yield (*prefix, i)
            yield from _json_paths(v, (*prefix, i))


_DAMAGE = {"html": html_damage, "docx": docx_damage, "pdf": pdf_damage, "json": json_damage}


@st.composite
def mutated(draw: st.DrawFn, fmt: str, seeds: tuple[tuple[str, bytes, str | None], ...]) -> Case:
    """A damaged file for reader ``fmt``: one to three damages, format-specific ones first."""
    name, data, sentinel = draw(st.sampled_from(seeds))
    labels = []
    special = _DAMAGE.get(fmt)
    for _ in range(draw(st.integers(1, 3))):
        if special is not None and draw(st.booleans()):
            data, label = draw(special(data))
        else:
            data, label = draw(byte_damage(data))
        labels.append(label)
        if len(data) > 8_000_000:  # stacked damage must not build hostile sizes by accident
            break
    # Only damage that leaves the page well formed keeps the promise that its end is read.
    keep = sentinel if fmt == "html" and all("nested" in lb or "text node" in lb for lb in labels) else None
    return Case(fmt, f"{name}: {'; '.join(labels)}", data, sentinel=keep)


def load_seeds(fmt: str, *, shared: bool = False) -> tuple[tuple[str, bytes, str | None], ...]:
    """(name, bytes, sentinel) of every seed file of a format; the sentinel is the HTML page's last words."""
    out = []
    for p in seed_files(fmt, shared=shared):
        data = p.read_bytes()
        sentinel = "无其他需要报告的事项" if fmt == "html" and "无其他需要报告的事项".encode() in data else None
        out.append((p.name, data, sentinel))
    return tuple(out)
