"""Run cases in a worker process under a time and memory cap, and classify each outcome.

One long-lived worker (spawned once, restarted after a crash, a memory overrun or a
timeout) runs the cases one by one, so that a case costs its read and nothing more, and
a case that loops or grows without end is stopped without stopping the campaign.

Categories (docs/reliability.md):

- ``clean``: the read (or write) succeeded, and a sentinel, when the case has one, is in it.
- ``clean error``: a GovReportError whose message names the file, holds no dependency
  names (PSEOF, XMLSyntaxError, LookupError, ValueError …) and quotes no long excerpt.
- ``unclean error``: a GovReportError that breaks one of those promises.
- ``budget overrun``: over the time budget, or over the memory budget (MemoryError or the
  worker killed).
- ``uncaught``: any other exception, or the worker died of a signal.
- ``silent truncation``: the read succeeded but the sentinel (the document's last words) is
  missing.
- ``dropped``: a writer succeeded but left out the report's unplaced content.
"""

from __future__ import annotations

import io
import json
import multiprocessing
import os
import re
import tempfile
import time
import traceback
import zipfile
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import IO, Any, cast

from .mutate import EXT, Case

CLEAN = "clean"
CLEAN_ERROR = "clean error"
UNCLEAN_ERROR = "unclean error"
BUDGET = "budget overrun"
UNCAUGHT = "uncaught"
TRUNCATION = "silent truncation"
DROPPED = "dropped"
CATEGORIES = (CLEAN, CLEAN_ERROR, UNCLEAN_ERROR, BUDGET, UNCAUGHT, TRUNCATION, DROPPED)
GOOD = (CLEAN, CLEAN_ERROR)

# Names that tell a user nothing and show a dependency's insides.
DEPENDENCY_NAMES = re.compile(
    r"\b(?:PSEOF|PS\w*Error|PDF\w*(?:Error|Exception)|XMLSyntaxError|ParserError|LookupError|ValueError|KeyError|"
    r"IndexError|TypeError|AttributeError|AssertionError|Unicode\w*Error|BadZipFile|OverflowError|"
    r"ZeroDivisionError|RecursionError|MemoryError|struct\.error|zlib\.error|PackageNotFoundError|"
    r"pdfminer|pdfplumber|lxml|zipfile|Traceback|NoneType|object has no attribute|negative seek value|"
    r"Error -\d+ while)")
MAX_MESSAGE = 300  # characters: longer messages quote too much of the input


@dataclass(frozen=True)
class Outcome:
    """What one case came to."""

    category: str
    detail: str  # exception type and message (first 300 characters), or what was wrong
    seconds: float

    def signature(self) -> str:
        """The failure without paths, numbers and whatever it quotes: equal for equal bugs."""
        text = re.sub(r"/[^\s:]*/", "/…/", self.detail)
        text = re.split(r"['\"]", text, maxsplit=1)[0]  # what follows a quote is the input's text
        text = re.sub(r"\d+", "N", text)
        return f"{self.category}: {text[:100]}"


# ------------------------------------------------------------------ in the worker
def _limit(max_memory: int | None) -> None:
    if not max_memory:
        return
    try:
        import resource
    except ImportError:  # pragma: no cover - not POSIX: only the time budget holds
        return
    resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))


def _out_of_memory(exc: BaseException) -> bool:
    """A MemoryError, or one wrapped on the way up (``raise … from None`` keeps it as the context)."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, MemoryError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def judge_error(exc: BaseException, name: str | None) -> tuple[str, str]:
    """(category, detail) of an exception raised by a read or a write."""
    from govreport_io.errors import GovReportError

    msg = str(exc)
    detail = f"{type(exc).__name__}: {msg[:MAX_MESSAGE]}"
    if _out_of_memory(exc) or "Memory allocation failed" in msg:
        return BUDGET, f"memory: {detail}"
    if not isinstance(exc, GovReportError):
        frames = traceback.extract_tb(exc.__traceback__)
        where = next((f"{os.path.basename(f.filename)}:{f.lineno}" for f in reversed(frames)
                      if "govreport_io" in f.filename), "?")
        return UNCAUGHT, f"{detail} (at {where})"
    problems = []
    if name and name not in msg:
        problems.append("names no file")
    dep = DEPENDENCY_NAMES.search(msg)
    if dep:
        problems.append(f"shows {dep.group()}")
    quoted = len(msg.replace(name, "")) if name else len(msg)  # the file's name is the caller's, not quoted input
    if quoted > MAX_MESSAGE:
        problems.append(f"{quoted} characters long (without the file name)")
    if problems:
        return UNCLEAN_ERROR, f"[{', '.join(problems)}] {detail}"
    return CLEAN_ERROR, detail


ZERO_STREAM = "<zero-stream>"
_WORDS = re.compile(r"[\w\u3000-\u303f\uff00-\uffef]+")  # letters, digits, CJK and its punctuation


class _ZeroStream(io.RawIOBase):
    """An endless binary stream of NUL bytes named like a file (a pipe from /dev/zero)."""

    name = ZERO_STREAM

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = len(buffer)
        buffer[:n] = bytes(n)
        return n


def _written_text(fmt: str, data: bytes) -> str | None:
    """The text of a written file where it can be had cheaply (None for PDF)."""
    if fmt == "docx":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                xml = z.read("word/document.xml").decode("utf-8", "replace")
        except (zipfile.BadZipFile, KeyError):
            return ""
        return re.sub(r"<[^>]+>", "", xml)
    if fmt == "pdf":
        return None
    return data.decode("utf-8", "replace")


def run_case(case: Case, workdir: str) -> tuple[str, str]:
    """Run one case here (in the worker) and classify it: (category, detail)."""
    if case.report is not None:
        return _run_write(case)
    from govreport_io import api

    path = case.path
    source: Any = path
    if path == ZERO_STREAM:  # a file object that never ends, as a pipe from /dev/zero would be
        source = cast(IO[bytes], _ZeroStream())
    elif path is None:
        path = source = os.path.join(workdir, "case" + EXT[case.fmt])
        with open(path, "wb") as fh:
            fh.write(case.data)
    # read() by default; read_blocks() too, since it is public and must keep the same promises
    entry = api.read_blocks if case.extra.get("entry") == "read_blocks" else api.read
    try:
        result = entry(source, case.fmt)
    except BaseException as exc:  # classified, never re-raised: the campaign goes on
        return judge_error(exc, path)
    text = json.dumps(result.to_dict(), ensure_ascii=False) if hasattr(result, "to_dict") else repr(result)
    if case.sentinel and case.sentinel not in text:
        return TRUNCATION, f"read without error but {case.sentinel!r} (the document's end) is missing"
    return CLEAN, ""


def _run_write(case: Case) -> tuple[str, str]:
    """Write a case's report; a writer that leaves out the unplaced content has dropped it."""
    from govreport_io import api
    from govreport_io.model import Report

    assert case.report is not None
    try:
        data = api.write(Report.from_dict(case.report), format=case.fmt)
    except BaseException as exc:  # classified, never re-raised: the campaign goes on
        return judge_error(exc, None)
    text = _written_text(case.fmt, data)
    if text is None:
        return CLEAN, ""
    # The words of each unplaced item must be in the output; the hostile characters between
    # them may come out replaced or escaped.
    words = [w for u in case.report.get("unplaced", []) for w in _WORDS.findall(u.get("text") or "")]
    lost = [w for w in words if len(w) > 1 and w not in text]
    return (DROPPED, f"unplaced {lost[0][:40]!r} not in the output") if lost else (CLEAN, "")


def _serve(conn: Connection, max_memory: int | None) -> None:
    """The worker's loop: receive a case, send back (category, detail, seconds); None ends it."""
    import logging

    import govreport_io.api  # noqa: F401  (imported before the cap, so the cap bounds the reads)

    # Dependencies' log lines (pdfminer's) would drown the campaign's report: issue 14 notes them.
    logging.disable(logging.CRITICAL)

    base = 0
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            base = next((int(line.split()[1]) * 1024 for line in fh if line.startswith("VmSize:")), 0)
    except OSError:
        pass
    _limit(base + max_memory if max_memory else None)
    with tempfile.TemporaryDirectory(prefix="govreport-fuzz-") as workdir:
        conn.send("ready")
        while True:
            case = conn.recv()
            if case is None:
                return
            start = time.perf_counter()
            try:
                category, detail = run_case(case, workdir)
            except MemoryError:
                category, detail = BUDGET, "memory: MemoryError"
            conn.send((category, detail, time.perf_counter() - start))
            if category == BUDGET:
                return  # a fresh worker for the next case: memory may be fragmented


# ------------------------------------------------------------------ in the campaign
class Worker:
    """A worker process that runs cases under ``timeout`` seconds and ``max_memory`` bytes each."""

    def __init__(self, *, timeout: float = 10.0, max_memory: int | None = 1 << 30) -> None:
        self.timeout = timeout
        self.max_memory = max_memory
        self._ctx = multiprocessing.get_context("spawn")
        self._proc: Any = None
        self._conn: Connection | None = None

    def _start(self) -> Connection:
        parent, child = self._ctx.Pipe()
        self._proc = self._ctx.Process(target=_serve, args=(child, self.max_memory), daemon=True)
        self._proc.start()
        child.close()
        if not parent.poll(120) or parent.recv() != "ready":
            raise RuntimeError("the fuzz worker did not start")
        self._conn = parent
        return parent

    def stop(self) -> None:
        """End the worker (kill it when it does not go)."""
        if self._proc is not None:
            if self._conn is not None and self._proc.is_alive():
                try:
                    self._conn.send(None)
                except OSError:
                    pass
            self._proc.join(1)
            if self._proc.is_alive():
                self._proc.kill()
                self._proc.join(2)
        self._proc, self._conn = None, None

    def run(self, case: Case, timeout: float | None = None) -> Outcome:
        """Run one case; a case over its time is stopped with its worker, which then restarts."""
        limit = timeout or self.timeout
        conn = self._conn if self._conn is not None and self._proc.is_alive() else self._start()
        start = time.perf_counter()
        try:
            conn.send(case)
            if conn.poll(limit):
                category, detail, seconds = conn.recv()
                if category == BUDGET:
                    self.stop()
                return Outcome(category, detail, seconds)
        except (EOFError, OSError, BrokenPipeError):
            pass
        elapsed = time.perf_counter() - start
        alive = self._proc.is_alive()
        code = self._proc.exitcode
        self.stop()
        if alive:
            return Outcome(BUDGET, f"time: over {limit:g} s", elapsed)
        if self.max_memory and code in (-9, 1):
            return Outcome(BUDGET, f"memory: the worker died (code {code})", elapsed)
        return Outcome(UNCAUGHT, f"the worker died (code {code})", elapsed)

    def __enter__(self) -> Worker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
