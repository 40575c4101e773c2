"""Reads bounded in time and memory: the read runs in a worker process.

:func:`read_document_bounded` runs :func:`govreport_io.api.read_document` in a child
process started from a fork server (spawn where there is none), so that a read that
loops too long can be stopped and one that grows too large fails alone:

- ``timeout`` (seconds, wall clock): the worker is terminated, then killed, when the
  read has not finished in time. The clock starts once the worker is ready, so the
  worker's own start does not count.
- ``max_memory`` (bytes): the worker's address space may grow by this much beyond
  what it holds when it starts the read (``RLIMIT_AS``; POSIX only). A read that needs
  more fails with MemoryError inside the worker, or the worker dies, and either way
  the caller gets :class:`~govreport_io.errors.BudgetError`.

The Report comes back as its JSON contract (``Report.to_dict``), warnings and
provenance as they are, and errors as the same GovReportError the read raised.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import pickle
import time
import traceback
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import IO, TYPE_CHECKING, Any, Union

from .errors import BudgetError, GovReportError, ReadError

if TYPE_CHECKING:  # api imports nothing from here; the import at run time is lazy, inside the calls
    from .api import ReadResult

Source = Union[str, "os.PathLike[str]", bytes, IO[bytes]]

# How long a worker may take to start (import the library) before the timeout counts.
_START_TIMEOUT = 120.0
# Modules the fork server imports once, so that each worker starts in milliseconds.
_PRELOAD = ["govreport_io.api", "govreport_io.readers.text", "govreport_io.readers.markdown",
            "govreport_io.readers.html", "govreport_io.readers.docx", "govreport_io.readers.pdf",
            "govreport_io.readers.json"]


@dataclass(frozen=True)
class _Job:
    """What a worker needs: a path, or bytes and the name they came under."""

    path: str | None
    data: bytes | None
    name: str
    format: str | None
    options: dict[str, Any]
    max_memory: int | None


def _context() -> Any:
    """The fork server where the platform has one (cheap, clean workers), spawn elsewhere."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        try:
            ctx.set_forkserver_preload(_PRELOAD)
        except (AttributeError, ValueError):  # pragma: no cover - not a fork-server context
            pass
        return ctx
    return multiprocessing.get_context("spawn")


def _vm_size(field: str = "VmSize") -> int | None:
    """This process's address-space size in bytes (Linux), or None where unknown."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def _limit_memory(max_memory: int) -> int | None:
    """Cap the address space at its present size plus ``max_memory``; the cap, or None."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not POSIX: the time budget still holds
        return None
    cap = (_vm_size() or 0) + max_memory
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    return cap


def _out_of_memory(exc: BaseException, cap: int) -> bool:
    """Whether an error came from running out of memory: a MemoryError wrapped on the way up
    (``raise … from None`` keeps it as the context), or a dependency's own words for it near the cap."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, MemoryError):
            return True
        seen = seen.__cause__ or seen.__context__
    peak = _vm_size("VmPeak")
    return peak is not None and peak >= cap * 0.95


def _job_source(job: _Job) -> Source:
    if job.path is not None:
        return job.path
    stream = io.BytesIO(job.data or b"")
    stream.name = job.name  # type: ignore[misc]  # read_document names the source after it
    return stream


def _worker(conn: Connection, job: _Job) -> None:
    """The child: limit memory, say ready, read, send back ("ok" | "error" | "memory" | "bug", payload)."""
    cap = _limit_memory(job.max_memory) if job.max_memory else None
    conn.send(("ready", None))
    try:
        from .api import read_document

        res = read_document(_job_source(job), job.format, **job.options)
        payload = (res.report.to_dict(), res.warnings, res.provenance, res.format, res.source)
        conn.send(("ok", pickle.dumps(payload)))
    except MemoryError:
        conn.send(("memory", None))
    except GovReportError as exc:
        if cap is not None and _out_of_memory(exc, cap):
            conn.send(("memory", None))
        else:
            conn.send(("error", _pickled_error(exc)))
    except BaseException:  # a bug in a reader: the parent reports it, with the traceback kept
        conn.send(("bug", traceback.format_exc(limit=20)))
    finally:
        conn.close()


def _pickled_error(exc: GovReportError) -> bytes:
    """The error itself, or (for an error class that cannot be pickled, a plugin's) a ReadError
    with the same message."""
    try:
        return pickle.dumps(exc)
    except Exception:  # pickling runs the class's own code: anything may go wrong
        return pickle.dumps(ReadError(exc.detail, source=exc.source, where=exc.where))


def _describe(source: Source, max_bytes: int) -> tuple[str | None, bytes | None, str]:
    """(path, bytes, name) of a source; streams are read here (at most ``max_bytes`` + 1) so the
    worker gets bytes, and read_document refuses them when over."""
    if isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        return path, None, path
    if isinstance(source, (bytes, bytearray, memoryview)):
        return None, bytes(source), "<bytes>"
    if hasattr(source, "read"):
        raw = source.read(max_bytes + 1)
        data = raw.encode("utf-8") if isinstance(raw, str) else bytes(raw)
        return None, data, str(getattr(source, "name", "<stream>"))
    raise ReadError(f"cannot read from a {type(source).__name__}; give a path, bytes or a binary file object")


def _stop(proc: Any) -> None:
    """Terminate a worker, then kill it when it does not go."""
    proc.terminate()
    proc.join(2.0)
    if proc.is_alive():
        proc.kill()
        proc.join(2.0)


def _wait(conn: Connection, proc: Any, seconds: float | None) -> tuple[str, Any] | None:
    """The worker's next message, or None when it died or the time ran out."""
    deadline = None if seconds is None else time.monotonic() + seconds
    while True:
        step = 0.5 if deadline is None else max(0.0, min(0.5, deadline - time.monotonic()))
        if conn.poll(step):
            try:
                msg: tuple[str, Any] = conn.recv()
                return msg
            except (EOFError, OSError):
                return None
        if not proc.is_alive() and not conn.poll(0):
            return None
        if deadline is not None and time.monotonic() >= deadline:
            return None


def read_document_bounded(source: Source, format: str | None = None, *, timeout: float | None = None,
                          max_memory: int | None = None, **options: Any) -> ReadResult:
    """:func:`~govreport_io.read_document` in a worker process, within ``timeout`` seconds and
    ``max_memory`` bytes; raises BudgetError naming the file and the budget it went over."""
    from .api import DEFAULT_MAX_BYTES

    path, data, name = _describe(source, int(options.get("max_bytes", DEFAULT_MAX_BYTES)))
    job = _Job(path, data, name, format, dict(options), max_memory)
    ctx = _context()
    parent, child = ctx.Pipe(duplex=False)
    # Not a daemon, so that a read with a budget also works inside a daemonic pool worker;
    # the worker is stopped below on every way out, errors and interrupts included.
    proc = ctx.Process(target=_worker, args=(child, job))
    proc.start()
    child.close()
    try:
        if _wait(parent, proc, _START_TIMEOUT) is None:
            raise ReadError("the reading worker did not start (a script that reads with timeout= or max_memory= "
                            "must do so under `if __name__ == \"__main__\":`, as multiprocessing requires)",
                            source=name)
        started = time.monotonic()
        msg = _wait(parent, proc, timeout)
        if msg is None:
            if proc.is_alive():
                raise BudgetError(f"the read took longer than the time budget of {timeout:g} s; stopped",
                                  budget="time", source=name)
            proc.join(1.0)
            if max_memory is not None:
                raise BudgetError(f"the read went over the memory budget of {_mb(max_memory)} "
                                  f"(the worker ended with code {proc.exitcode})", budget="memory", source=name)
            raise ReadError(f"the reading worker ended abnormally (code {proc.exitcode}) after "
                            f"{time.monotonic() - started:.1f} s", source=name)
    finally:
        if proc.is_alive():
            _stop(proc)
        parent.close()
    return _result(msg, name, max_memory)


def _result(msg: tuple[str, Any], name: str, max_memory: int | None) -> ReadResult:
    """Turn the worker's message into a ReadResult or the error to raise."""
    from .api import ReadResult
    from .model import Report

    kind, payload = msg
    if kind == "ok":
        report, warnings, provenance, fmt, src = pickle.loads(payload)
        return ReadResult(Report.from_dict(report), warnings, provenance, fmt, src)
    if kind == "memory":
        raise BudgetError(f"the read went over the memory budget of {_mb(max_memory or 0)}",
                          budget="memory", source=name)
    if kind == "error":
        exc: GovReportError = pickle.loads(payload)
        raise exc
    err = ReadError("an internal error stopped the read (a bug in govreport_io; the worker's traceback "
                    "is kept in the error's remote_traceback)", source=name)
    err.remote_traceback = str(payload)  # type: ignore[attr-defined]
    raise err


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):g} MB"


__all__ = ["read_document_bounded"]
