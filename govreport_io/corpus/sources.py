"""Many inputs named at once: files, directories (walked), glob patterns and URLs.

Expansion never fails: an argument that names nothing becomes a :class:`Missing`
entry, so that a batch reports it as one failed file and goes on with the rest.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .. import registry

_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True, slots=True)
class Input:
    """One file to read, and the root it was found under (for mirrored output names)."""

    path: str
    root: str | None = None
    stem: str | None = None  # the output name without extension, when a batch had to make it unique

    @property
    def relative(self) -> str:
        """The path below its root (the file name when it was named directly)."""
        if self.root and not is_url(self.path):
            return os.path.relpath(self.path, self.root)
        return os.path.basename(self.path.rstrip("/")) or self.path


@dataclass(frozen=True, slots=True)
class Missing:
    """An argument that names no file: kept so the batch can report it."""

    path: str
    reason: str


def is_url(path: str) -> bool:
    """True for fsspec-style URLs (``s3://…``, ``https://…``); ``file://`` counts too."""
    return "://" in path


def readable_extensions() -> frozenset[str]:
    """File extensions some registered reader takes (for walking directories)."""
    return frozenset(ext.lower() for f in registry.formats() if f.can_read for ext in f.extensions)


def _wanted(name: str, exts: frozenset[str]) -> bool:
    if name.startswith("."):
        return False  # hidden files, editor swap files, our own temporary outputs
    lower = name.lower()
    return any(lower.endswith(e) for e in exts)


def _walk(root: str, recursive: bool, exts: frozenset[str]) -> Iterator[Input]:
    if recursive:
        for top, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if _wanted(name, exts):
                    yield Input(os.path.join(top, name), root)
    else:
        for name in sorted(os.listdir(root)):
            full = os.path.join(root, name)
            if os.path.isfile(full) and _wanted(name, exts):
                yield Input(full, root)


def _glob_root(pattern: str) -> str:
    """The directory part of a pattern before its first wildcard (the root of mirrored names)."""
    parts = pattern.split(os.sep)
    fixed = [p for p in parts[: next(i for i, p in enumerate(parts) if _GLOB_CHARS & set(p))]]
    return os.sep.join(fixed) or "."


def _remote(url: str) -> list[Input | Missing]:
    """A URL as it is, or the files a URL pattern (``s3://bucket/**/*.pdf``) matches, listed by fsspec."""
    if not _GLOB_CHARS & set(url.split("://", 1)[1]):
        return [Input(url)]
    try:
        import fsspec
    except ImportError:
        return [Missing(url, "listing URL patterns needs fsspec: pip install govreport_io[dask]")]
    try:
        fs, _, paths = fsspec.core.get_fs_token_paths(url)
        found: list[Input | Missing] = [Input(fs.unstrip_protocol(p), _glob_root(url)) for p in sorted(paths)]
    except Exception as exc:  # any storage backend failure: this argument names nothing readable
        return [Missing(url, f"cannot list: {exc}")]
    return found or [Missing(url, "the pattern matches no file")]


def expand(sources: Iterable[str | os.PathLike[str]], *, recursive: bool = True) -> list[Input | Missing]:
    """Every file the arguments name, in a stable order, each once.

    A directory gives the files below it that a reader takes by extension (recursively
    unless ``recursive=False``); a pattern with ``*``, ``?`` or ``[`` is globbed (``**``
    crosses directories); a URL is passed through for fsspec; a file is taken whatever
    its extension. An argument that names nothing gives a :class:`Missing`.
    """
    exts = readable_extensions()
    out: list[Input | Missing] = []
    seen: set[str] = set()

    def add(item: Input | Missing) -> None:
        key = item.path if isinstance(item, Missing) or is_url(item.path) else os.path.abspath(item.path)
        if key not in seen:
            seen.add(key)
            out.append(item)

    for src in sources:
        path = os.fspath(src)
        if is_url(path):
            for item in _remote(path):
                add(item)
        elif os.path.isdir(path):
            found = list(_walk(path, recursive, exts))
            for item in found:
                add(item)
            if not found:
                add(Missing(path, "the directory holds no file of a readable format"))
        elif os.path.isfile(path):
            add(Input(path))
        elif _GLOB_CHARS & set(path):
            matches = sorted(m for m in glob.glob(path, recursive=recursive) if os.path.isfile(m))
            for m in matches:
                add(Input(m, _glob_root(path)))
            if not matches:
                add(Missing(path, "the pattern matches no file"))
        else:
            add(Missing(path, "no such file or directory"))
    return out
