"""The guard every Office Open XML reader (DOCX, XLSX) runs before its parser sees the zip.

A zip is refused with a clear error when it is broken, holds too many entries, expands
too far (a zip bomb, judged on the central directory before anything is inflated), lacks
the part that makes it this kind of file, or declares a DTD or an entity anywhere in any
XML part (the door to entity expansion and external entities, which no Office file needs).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass
from typing import IO

from ..errors import ReadError, UnsafeInputError

MAX_UNCOMPRESSED = 256 * 1024 * 1024
MAX_RATIO = 200
_BOMB_FLOOR = 10 * 1024 * 1024  # a high ratio on a small file is ordinary XML compressing well
# what a damaged member raises from zipfile and zlib ("negative seek value", "Error -3 …")
_DAMAGE = (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError, zlib.error)


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
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except _DAMAGE:
        raise ReadError(f"not {package.noun}: the zip container is broken", source=source) from None
    with zf:
        infos = zf.infolist()
        if len(infos) > package.max_entries:
            raise UnsafeInputError(f"the zip holds {len(infos)} entries, over {package.max_entries}", source=source)
        total = sum(i.file_size for i in infos)
        packed = max(1, sum(i.compress_size for i in infos))
        if total > MAX_UNCOMPRESSED or (total / packed > MAX_RATIO and total > _BOMB_FLOOR):
            raise UnsafeInputError(f"the zip expands to {total} bytes (ratio {total // packed}:1): refused as a "
                                   "possible zip bomb", source=source)
        if package.main_part not in {i.filename for i in infos}:
            raise ReadError(f"not {package.noun}: {package.main_part} is missing", source=source)
        for info in infos:
            if info.filename.endswith(package.xml_suffixes):
                try:
                    with zf.open(info) as fh:
                        bad = _declares_entities(fh)
                except _DAMAGE as exc:
                    raise ReadError(f"the zip entry {info.filename} is damaged and cannot be read",
                                    source=source) from exc
                if bad:
                    raise UnsafeInputError(f"{info.filename} declares a DTD or entities; refused", source=source)
