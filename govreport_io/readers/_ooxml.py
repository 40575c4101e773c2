"""The guard every Office Open XML reader (DOCX, XLSX) runs before its parser sees the zip.

A zip is refused with a clear error when it is broken, holds too many entries, expands
too far (a zip bomb, judged on the central directory before anything is inflated), lacks
the part that makes it this kind of file, or declares a DTD or an entity in any XML part
(the door to entity expansion and external entities, which no Office file needs).

XML allows a DTD, and so an entity declaration, only in the prolog, before the root element:
only that head of each part is inflated and read, so that the parts a reader never opens
cost next to nothing. A head that is not a plain prolog (a BOM other than UTF-8's, text, a
prolog longer than the head) is scanned whole, as every part once was.
"""

from __future__ import annotations

import io
import re
import struct
import threading
import zipfile
import zlib
from dataclasses import dataclass
from typing import IO, Final

from ..errors import ReadError, UnsafeInputError

MAX_UNCOMPRESSED = 256 * 1024 * 1024
MAX_RATIO = 200
_BOMB_FLOOR: Final = 10 * 1024 * 1024  # a high ratio on a small file is ordinary XML compressing well
# what a damaged member raises from zipfile and zlib ("negative seek value", "Error -3 …")
_DAMAGE: Final = (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError, zlib.error)


@dataclass(frozen=True)
class Package:
    """What a kind of Office file is called in messages and what it must hold."""

    noun: str  # "a Word file", "an Excel workbook"
    main_part: str  # the part without which it is not this kind of file
    max_entries: int
    xml_suffixes: tuple[str, ...] = (".xml", ".rels")


def _declares_entities(fh: IO[bytes]) -> bool:
    """True when an XML stream holds a DTD or an entity declaration anywhere (read in 1 MiB
    chunks, with an overlap so that a declaration cut between two chunks is still seen)."""
    tail = b""
    while chunk := fh.read(1 << 20):
        window = tail + chunk
        if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
            return True
        tail = window[-16:]
    return False


def guard_zip(data: bytes, source: str, package: Package) -> None:
    """Refuse a broken, bomb-like, incomplete or entity-bearing package (see the module doc)."""
    open_zip(data, source, package).close()


def open_zip(data: bytes, source: str, package: Package) -> zipfile.ZipFile:
    """The package's zip, open, once :func:`guard_zip`'s checks pass (the caller closes it)."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except _DAMAGE:
        raise ReadError(f"not {package.noun}: the zip container is broken", source=source) from None
    try:
        _check(zf, data, source, package)
    except BaseException:
        zf.close()
        raise
    return zf


def _check(zf: zipfile.ZipFile, data: bytes, source: str, package: Package) -> None:
    infos = zf.infolist()
    if len(infos) > package.max_entries:
        raise UnsafeInputError(f"the zip holds {len(infos)} entries, over {package.max_entries}", source=source)
    total = sum(i.file_size for i in infos)
    packed = max(1, sum(i.compress_size for i in infos))
    if total > MAX_UNCOMPRESSED or (total / packed > MAX_RATIO and total > _BOMB_FLOOR):
        raise UnsafeInputError(f"the zip expands to {total} bytes (ratio {total // packed}:1): refused as a "
                               "possible zip bomb", source=source)
    if package.main_part not in zf.NameToInfo:
        raise ReadError(f"not {package.noun}: {package.main_part} is missing", source=source)
    for info in infos:
        if info.filename.endswith(package.xml_suffixes):
            try:
                # the first bytes tell for a plain prolog (an Office part's is under 100 bytes): the
                # inflater's set-up, not the inflating, is then most of the cost; else the 4 KiB head
                bad = _prolog_declares(_head(data, info, _SHORT_HEAD))
                if bad is None and info.file_size > _SHORT_HEAD:
                    bad = _prolog_declares(_head(data, info))
                if bad is None:  # not a plain prolog: the whole part, as before
                    with zf.open(info) as fh:
                        bad = _declares_entities(fh)
            except _DAMAGE as exc:
                raise ReadError(f"the zip entry {info.filename} is damaged and cannot be read",
                                source=source) from exc
            if bad:
                raise UnsafeInputError(f"{info.filename} declares a DTD or entities; refused", source=source)


_HEAD: Final = 4096
_SHORT_HEAD: Final = 512
_LOCAL: Final = struct.Struct("<4s22xHH")  # local file header: signature, …, name length, extra length


def _start(data: bytes, info: zipfile.ZipInfo) -> int | None:
    """Where a member's packed bytes start in ``data`` (``None`` when the member is encrypted,
    packed otherwise than stored or deflated, or its local header looks odd: the caller then
    reads it through zipfile, which says what is wrong)."""
    if info.flag_bits & 1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return None
    at = info.header_offset
    if at < 0 or at + _LOCAL.size > len(data):
        return None
    magic, name_len, extra_len = _LOCAL.unpack_from(data, at)
    name = info.orig_filename.encode("utf-8" if info.flag_bits & 0x800 else "cp437", "replace")
    if magic != b"PK\x03\x04" or data[at + _LOCAL.size:at + _LOCAL.size + name_len] != name:
        return None  # zipfile refuses a header that names another file
    start: int = at + _LOCAL.size + name_len + extra_len
    return start


def _head(data: bytes, info: zipfile.ZipInfo, size: int = _HEAD) -> bytes | None:
    """Up to the first ``size`` bytes of a member, inflated straight from ``data`` (``None``:
    see :func:`_start`)."""
    start = _start(data, info)
    if start is None:
        return None
    if info.compress_type == zipfile.ZIP_STORED:
        return data[start:start + min(info.file_size, size)]
    raw = data[start:start + min(info.compress_size, 2 * size)]
    return zlib.decompressobj(-zlib.MAX_WBITS).decompress(raw, min(info.file_size, size))


def read_member(zf: zipfile.ZipFile, data: bytes, name: str) -> bytes:
    """``zf.read(name)`` of the zip of ``data``: inflated straight from ``data`` and checked
    (size, CRC-32) as zipfile checks it, without zipfile's reader, which cost more than the
    inflating (0.3 ms for Word's styles part). A member in any other shape, or that does not
    inflate or check, is read by zipfile, which gives the error it gives."""
    info = zf.getinfo(name)
    start = _start(data, info)
    if start is not None:
        packed = data[start:start + info.compress_size]
        try:  # never more than the declared size and a byte, as zipfile stops there too (a bomb's lie)
            out = packed if info.compress_type == zipfile.ZIP_STORED else zlib.decompressobj(
                -zlib.MAX_WBITS).decompress(packed, info.file_size + 1)
        except zlib.error:
            out = None
        if out is not None and len(out) == info.file_size and zlib.crc32(out) == info.CRC:
            return out
    return zf.read(info)


_CHUNK: Final = 32 * 1024  # inflated at a time: under the size whose free makes malloc hand memory back
# a larger part gets fresh memory: a thread keeps no more than this a slot (a report's parts: 0.1–0.4 MB)
_SCRATCH_MAX: Final = 1024 * 1024
_scratch: Final = threading.local()


def read_member_reused(zf: zipfile.ZipFile, data: bytes, name: str, slot: int = 0) -> bytes | bytearray:
    """:func:`read_member`'s bytes, in a buffer that this thread reuses: valid only until its
    next call for the same ``slot``, for a part read and dropped at once (Word's main document
    part, parsed at once, and its styles part).

    A part of a few hundred KB inflated into fresh memory cost more in page faults than in
    inflating: each read asked the system for new pages, and each free gave them back. Here
    the part is inflated a chunk at a time into the kept buffer, its size and CRC-32 checked
    as :func:`read_member` checks them; a member in another shape, or that does not inflate
    or check, is read by :func:`read_member`, which gives the bytes or the error it gives."""
    info = zf.getinfo(name)
    size = info.file_size
    start = _start(data, info)
    # an empty part as bytes: lxml parses a buffer as it parses bytes, but an empty one not (IndexError)
    if start is None or info.compress_type != zipfile.ZIP_DEFLATED or not 0 < size <= _SCRATCH_MAX:
        return read_member(zf, data, name)
    bufs: dict[int, bytearray] | None = getattr(_scratch, "bufs", None)
    if bufs is None:
        bufs = _scratch.bufs = {}
    buf = bufs.get(slot)
    if buf is None:  # one buffer a slot: parts of like size reuse it without moving it
        buf = bufs[slot] = bytearray(size)
    elif len(buf) > size:
        del buf[size:]
    elif len(buf) < size:
        buf.extend(bytes(size - len(buf)))
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    tail = data[start:start + info.compress_size]
    at = crc = 0
    try:  # never more than the declared size and a byte, as read_member
        while at <= size:
            chunk = inflater.decompress(tail, min(_CHUNK, size + 1 - at))
            if not chunk:
                break
            if at + len(chunk) > size:
                at += len(chunk)
                break
            buf[at:at + len(chunk)] = chunk
            crc = zlib.crc32(chunk, crc)
            at += len(chunk)
            tail = inflater.unconsumed_tail
    except zlib.error:
        return read_member(zf, data, name)
    if at == size and crc == info.CRC:
        return buf
    return read_member(zf, data, name)


def _prolog_declares(head: bytes | None) -> bool | None:
    """Whether the prolog in ``head`` declares a DTD: False once the root element starts after
    only the XML declaration, processing instructions, comments and white space; ``None``
    when that cannot be told from the head (the caller scans the whole part)."""
    if head is None:
        return None
    pos = 3 if head.startswith(b"\xef\xbb\xbf") else 0
    while True:
        while head[pos:pos + 1] in (b" ", b"\t", b"\r", b"\n"):
            pos += 1
        if _ROOT_START.match(head, pos):
            return False  # the root element: no DTD can follow it
        if head.startswith(b"<!--", pos):
            opener, close = b"<!--", b"-->"
        elif head.startswith(b"<?", pos):
            opener, close = b"<?", b"?>"
        else:
            return None  # a DTD, text, another encoding, or the head ran out
        end = head.find(close, pos + len(opener))  # where the XML parser ends it too
        if end < 0:
            return None
        pos = end + len(close)


_ROOT_START: Final = re.compile(rb"<[A-Za-z_:\x80-\xff]")
