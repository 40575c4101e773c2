"""Convert many reports into a folder, mirroring their names; resumable, with a manifest.

``convert_many(["reports/"], "out/", "json")`` writes ``reports/a/b.pdf`` to
``out/a/b.json``. Each output is written in the worker that read the file, through a
temporary file and a rename, so an interrupted run never leaves a truncated file.
"""

from __future__ import annotations

import dataclasses
import functools
import os
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .. import registry
from ..api import write
from ..errors import FormatError, WriteError
from .batch import FileResult, file_sha256, read_many
from .manifest import Manifest, record_of
from .sources import Input, Missing, expand, is_url


@dataclass
class ConvertRun:
    """What a batch conversion did."""

    out_dir: str
    manifest_path: str
    files: int = 0
    done: int = 0
    failed: int = 0
    skipped: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)


def mirrored(items: Sequence[Input | Missing]) -> list[Input | Missing]:
    """The inputs with their output stems: the path below the root without extension, made unique.

    Two inputs that would write the same name (``a.pdf`` and ``a.docx``) keep their own
    extension in it (``a.pdf.json``, ``a.docx.json``) rather than overwrite each other.
    """
    def stem(item: Input) -> str:
        rel = item.relative
        if is_url(rel) or os.path.isabs(rel) or rel.startswith(".."):
            rel = os.path.basename(rel)
        return os.path.splitext(rel)[0]

    counts = Counter(stem(i) for i in items if isinstance(i, Input))
    return [i if isinstance(i, Missing) else
            dataclasses.replace(i, stem=stem(i) if counts[stem(i)] == 1 else stem(i) + os.path.splitext(i.path)[1])
            for i in items]


def _write_converted(out_dir: str, fmt: str, ext: str, res: FileResult) -> None:
    """Runs in the worker: write the report under its mirrored name."""
    assert res.report is not None and res.stem is not None
    dest = os.path.join(out_dir, res.stem + ext)
    try:
        os.makedirs(os.path.dirname(dest), exist_ok=True)  # the mirrored subfolder
    except OSError as exc:
        raise WriteError(f"cannot make the folder: {exc.strerror or exc}", source=dest) from None
    write(res.report, dest, fmt)  # written atomically (temporary file, then rename), as every write is
    res.extra["output"] = dest


def convert_many(inputs: Sequence[str | os.PathLike[str]], out_dir: str | os.PathLike[str], to: str, *,
                 jobs: int = 1, resume: bool = False, manifest: str | None = None, recursive: bool = True,
                 format: str | None = None,
                 progress: Callable[[int], Callable[[FileResult], None]] | None = None,
                 **read_options: Any) -> ConvertRun:
    """Convert every input to format ``to`` under ``out_dir``; never stops at a bad file.

    ``read_options`` go to every read (``timeout=``, ``max_memory=``, a reader's options)."""
    info = registry.get(to)
    if not info.can_write:
        raise FormatError(f"format {info.name!r} can only be read")
    out = os.fspath(out_dir)
    run = ConvertRun(out, manifest or os.path.join(out, "manifest.jsonl"))
    os.makedirs(out, exist_ok=True)
    man = Manifest(run.manifest_path).open(resume)
    done = {sha for sha, rec in man.done().items() if rec.get("output") and os.path.exists(rec["output"])}
    items = mirrored(expand(inputs, recursive=recursive))
    todo = [i for i in items if isinstance(i, Missing) or is_url(i.path) or file_sha256(i.path) not in done]
    run.skipped = len(items) - len(todo)
    tick = progress(len(todo)) if progress else None
    hook = functools.partial(_write_converted, out, info.name, info.extensions[0])
    try:
        for res in read_many(todo, jobs=jobs, format=format, then=hook, **read_options):
            run.files += 1
            if res.ok:
                run.done += 1
            else:
                run.failed += 1
                run.errors.append((res.source, res.error or ""))
            man.add({**record_of(res), "output": res.extra.get("output")})
            if tick:
                tick(res)
    finally:
        man.close()
    return run
