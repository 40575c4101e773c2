"""Read many files, one result per file, never stopping at a bad one; in worker processes with ``jobs``.

Each :class:`FileResult` carries what the manifest records (sha256, size, format,
status, error, warnings, findings, seconds) and the Report itself. Results cross
process boundaries by pickling, so everything in them pickles.
"""

from __future__ import annotations

import hashlib
import io
import multiprocessing
import os
import signal
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

from ..api import ReadResult, read_document
from ..blocks import SourcePos
from ..diagnostics import ReaderWarning
from ..errors import GovReportError, ReadError
from ..form.validate import Finding
from ..model import Report
from .sources import Input, Missing, expand, is_url

Hook = Callable[["FileResult"], None]


@dataclass
class FileResult:
    """What reading one file gave: the Report or the error, and everything learned on the way."""

    source: str
    report: Report | None = None
    format: str | None = None
    warnings: list[ReaderWarning] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    provenance: dict[str, SourcePos] = field(default_factory=dict)
    error: str | None = None
    error_class: str | None = None
    sha256: str | None = None
    size: int | None = None
    seconds: float = 0.0
    relative: str | None = None
    stem: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when the file was read (findings about the report do not count as failure)."""
        return self.error is None

    @property
    def status(self) -> str:
        """The status the manifest records: "done" or "failed"."""
        return "done" if self.error is None else "failed"

    def fail(self, exc: BaseException) -> None:
        """Record an error; an unforeseen exception is named as a read failure, not by its class."""
        if isinstance(exc, GovReportError):
            self.error, self.error_class = str(exc), type(exc).__name__
        else:
            self.error = str(ReadError(f"unexpected failure: {exc}", source=self.source))
            self.error_class = ReadError.__name__

    def warnings_by_code(self) -> dict[str, int]:
        """How many warnings of each code."""
        return dict(sorted(Counter(w.code.value for w in self.warnings).items()))

    def findings_by_rule(self) -> dict[str, int]:
        """How many findings of each rule (level error only; info findings such as BLANK are left out)."""
        return dict(sorted(Counter(f.rule for f in self.findings if f.level == "error").items()))


def sha256_of(data: bytes) -> str:
    """The hex sha256 of some bytes."""
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: str) -> str | None:
    """The sha256 of a local file, or None when it cannot be read."""
    try:
        with open(path, "rb") as fh:
            return sha256_of(fh.read())
    except OSError:
        return None


def _fetch(path: str) -> bytes:
    """The bytes of a local path or an fsspec URL."""
    if is_url(path):
        try:
            import fsspec
        except ImportError:
            raise ReadError("reading URLs needs fsspec: pip install govreport_io[dask]", source=path) from None
        try:
            with fsspec.open(path, "rb") as fh:
                data: bytes = fh.read()
            return data
        except Exception as exc:  # any storage backend failure is a read failure of this file
            raise ReadError(f"cannot fetch: {exc}", source=path) from None
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError as exc:
        raise ReadError(f"cannot open: {exc.strerror or exc}", source=path) from None


def read_one(item: Input | Missing | str, format: str | None = None, then: Hook | None = None,
             **options: Any) -> FileResult:
    """Read one file into a :class:`FileResult`; never raises for a bad file (the error is recorded).

    ``then`` runs on the result in the same process (a worker, under ``jobs``): a place to
    write outputs without sending the Report back. Its errors are recorded too.
    """
    if isinstance(item, str):
        item = Input(item)
    out = FileResult(source=item.path)
    start = time.perf_counter()
    try:
        if isinstance(item, Missing):
            raise ReadError(item.reason, source=item.path)
        out.relative, out.stem = item.relative, item.stem or os.path.splitext(item.relative)[0]
        data = _fetch(item.path)
        out.sha256, out.size = sha256_of(data), len(data)
        stream = io.BytesIO(data)
        stream.name = item.path  # so the reader sees the extension and names the file in messages
        result: ReadResult = read_document(stream, format, **options)
        out.report, out.format, out.warnings = result.report, result.format, list(result.warnings)
        out.provenance = dict(result.provenance)
        out.findings = result.findings()
        if then is not None:
            then(out)
    except Exception as exc:  # one bad file never stops the batch
        out.fail(exc)
    out.seconds = round(time.perf_counter() - start, 4)
    return out


def _quiet_worker() -> None:
    # Ctrl-C reaches the whole process group; only the parent decides how to stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def read_many(sources: Iterable[str | os.PathLike[str] | Input | Missing], *, jobs: int = 1,
              ordered: bool = True, format: str | None = None, recursive: bool = True,
              skip: Callable[[Input], bool] | None = None, then: Hook | None = None,
              **options: Any) -> Iterator[FileResult]:
    """One :class:`FileResult` per file named by ``sources`` (paths, directories, globs, URLs).

    Never stops at a bad file. With ``jobs`` > 1, files are read in that many worker
    processes (``jobs=0``: one per CPU); ``ordered=False`` yields results as they complete, otherwise in input
    order. At most a few files per worker are in flight, so memory stays flat however
    many files there are. ``skip`` leaves out inputs (``--resume``); ``then`` runs on each
    result in the worker (it must pickle: a module-level function or a partial of one).

    Workers are started with "spawn", as multiprocessing does by default outside Linux: a
    script that calls this with ``jobs`` > 1 needs the usual ``if __name__ == "__main__":``
    guard around its work.
    """
    items = _items(sources, recursive)
    jobs = (os.cpu_count() or 1) if jobs == 0 else jobs  # 0: one worker per CPU
    if skip is not None:
        items = [i for i in items if isinstance(i, Missing) or not skip(i)]
    if jobs <= 1 or len(items) <= 1:
        for item in items:
            yield read_one(item, format, then, **options)
        return
    yield from _parallel(items, jobs, ordered, format, then, options)


def _items(sources: Iterable[str | os.PathLike[str] | Input | Missing], recursive: bool) -> list[Input | Missing]:
    out: list[Input | Missing] = []
    names: list[str | os.PathLike[str]] = []
    for s in sources:
        if isinstance(s, (Input, Missing)):
            out.append(s)
        else:
            names.append(s)
    return out + expand(names, recursive=recursive)


def _parallel(items: list[Input | Missing], jobs: int, ordered: bool, format: str | None, then: Hook | None,
              options: dict[str, Any]) -> Iterator[FileResult]:
    # spawn: a forked child would inherit the parent's threads and locks (pytest, dask, progress).
    ctx = multiprocessing.get_context("spawn")
    window = jobs * 4
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_quiet_worker)
    pending: dict[Future[FileResult], int] = {}
    done: dict[int, FileResult] = {}
    nxt = emitted = 0
    try:
        while emitted < len(items):
            # results held back for order count against the window too: memory stays bounded
            while nxt < len(items) and len(pending) + len(done) < window:
                pending[pool.submit(read_one, items[nxt], format, then, **options)] = nxt
                nxt += 1
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in finished:
                index = pending.pop(fut)
                done[index] = _result_of(fut, items[index])
            if ordered:
                while emitted in done:
                    yield done.pop(emitted)
                    emitted += 1
            else:
                for index in sorted(done):
                    emitted += 1
                    yield done.pop(index)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _result_of(fut: Future[FileResult], item: Input | Missing) -> FileResult:
    """The worker's result, or a failed result when the worker itself died (out of memory, killed)."""
    try:
        return fut.result()
    except Exception as exc:
        out = FileResult(source=item.path)
        out.fail(ReadError(f"the worker process failed: {exc}", source=item.path))
        return out
