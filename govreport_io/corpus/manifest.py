"""The manifest of a run: one JSON line per file, appended as each file finishes.

A line is written with one call and flushed, so an interrupted run (Ctrl-C, a kill)
leaves every finished file recorded; a torn last line, should the machine stop
mid-write, is ignored on loading. ``--resume`` skips files whose sha256 a line
records as ``done``. Keys: path, sha256, size, format, status (done/failed),
error_class, error, warnings (count by code), findings (count by rule), form, organ,
year, seconds, and ``across`` (the few cells the cross-report checks need, so a
resumed run can still compare every year).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import IO, Any

from ..errors import ReadError, WriteError
from .batch import FileResult
from .sinks import temp_beside


def record_of(result: FileResult, across: dict[str, Any] | None = None) -> dict[str, Any]:
    """The manifest line of one result."""
    rep = result.report
    return {
        "path": result.source, "sha256": result.sha256, "size": result.size, "format": result.format,
        "status": result.status, "error_class": result.error_class, "error": result.error,
        "warnings": result.warnings_by_code(), "findings": result.findings_by_rule(),
        "form": rep.form if rep else None, "organ": rep.organ if rep else None, "year": rep.year if rep else None,
        "seconds": result.seconds, "across": across,
    }


class Manifest:
    """A JSON Lines manifest: load what an earlier run recorded, append what this run does."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)
        self.records: list[dict[str, Any]] = []
        self._fh: IO[str] | None = None

    @staticmethod
    def read(path: str | os.PathLike[str]) -> Iterator[dict[str, Any]]:
        """The records of a manifest file, skipping a torn or foreign line."""
        try:
            with open(path, encoding="utf-8") as fh:
                for line in fh:
                    try:
                        rec = json.loads(line)
                    except ValueError:
                        continue  # a line cut short by a stop mid-write
                    if isinstance(rec, dict) and "path" in rec:
                        yield rec
        except FileNotFoundError:
            return
        except OSError as exc:
            raise ReadError(f"cannot read the manifest: {exc.strerror or exc}", source=os.fspath(path)) from None

    def done(self) -> dict[str, dict[str, Any]]:
        """The records of files done in earlier runs, by sha256 (the last record of a file wins)."""
        return {r["sha256"]: r for r in self.records if r.get("status") == "done" and r.get("sha256")}

    def open(self, resume: bool = False) -> Manifest:
        """Start writing: keep the earlier records when resuming (compacted, one per file), else start empty."""
        latest: dict[str, dict[str, Any]] = {}
        if resume:
            for rec in self.read(self.path):
                latest[rec.get("sha256") or rec["path"]] = rec
        self.records = list(latest.values())
        tmp = temp_beside(self.path)
        try:
            with open(tmp, "w", encoding="utf-8") as fh:
                fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in self.records)
            os.replace(tmp, self.path)
            self._fh = open(self.path, "a", encoding="utf-8")
        except OSError as exc:
            raise WriteError(f"cannot write the manifest: {exc.strerror or exc}", source=self.path) from None
        return self

    def add(self, record: dict[str, Any]) -> None:
        """Append one record, flushed at once (not kept in memory: a run of any length stays small)."""
        if self._fh is not None:
            self._fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            self._fh.flush()

    def close(self) -> None:
        """Stop writing."""
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def __enter__(self) -> Manifest:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
