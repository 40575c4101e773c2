"""Many reports into one tidy dataset file, with its findings file and manifest; resumable.

``build_dataset(["reports/"], "out.parquet")`` writes

- ``out.parquet``: the tables, long (one row per cell) or wide (one row per report);
- ``out.findings.parquet``: every finding, the form's rules (R1–R5) and the checks across
  reports and against the prose (X1–X4), one row each;
- ``out.manifest.jsonl``: one line per file (see :mod:`.manifest`).

Rows are streamed to temporary files that are renamed over the outputs at the end,
and also when the run is interrupted (Ctrl-C), so the outputs always hold exactly
the files finished. ``resume=True`` keeps the rows of files the manifest records as
done (and the output still holds) and reads only the rest.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..form.across import OrganNames, Snapshot, check_prose, iter_across, snapshot
from ..form.validate import Finding
from .batch import FileResult, file_sha256, read_many
from .frame import LONG_COLUMNS, long_records, path_kinds, wide_columns, wide_record
from .manifest import Manifest, record_of
from .sinks import ColType, Schema, Sink, kind_of, open_sink, read_rows
from .sources import Input, Missing, expand, is_url

ACROSS_RULES = frozenset({"X1", "X2", "X3"})
FINDING_SCHEMA: Schema = (
    ("report_id", "str"), ("source", "str"), ("rule", "str"), ("level", "str"), ("table", "str"), ("row", "str"),
    ("column", "str"), ("message", "str"), ("values", "str"), ("where", "str"),
)


@dataclass
class DatasetRun:
    """What a dataset run did."""

    output: str
    findings_path: str
    manifest_path: str
    files: int = 0
    done: int = 0
    failed: int = 0
    kept: int = 0
    rows: int = 0
    findings: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)


def companion_paths(output: str) -> tuple[str, str]:
    """The findings file and the manifest beside an output: ``out.findings.EXT``, ``out.manifest.jsonl``."""
    root, ext = os.path.splitext(output)
    return f"{root}.findings{ext}", f"{root}.manifest.jsonl"


def data_schema(wide: bool) -> Schema:
    """Column names and types of the long or wide table."""
    if not wide:
        types: dict[str, ColType] = {"year": "int", "value": "int", "uncertain": "bool"}
        return [(c, types.get(c, "str")) for c in LONG_COLUMNS]
    kinds = path_kinds()
    return [(c, "int" if c == "year" or (c.count(".") == 2 and kinds.get(c, "count") in ("count", "signed"))
             else "str") for c in wide_columns()]


def finding_rows(findings: Iterable[Finding], rid: str | None, source: str | None) -> list[dict[str, Any]]:
    """Findings as table rows."""
    return [{"report_id": rid, "source": source, "rule": f.rule, "level": f.level, "table": f.table,
             "row": f.row, "column": f.column, "message": f.message,
             "values": json.dumps(dict(f.values), ensure_ascii=False), "where": " | ".join(f.where)}
            for f in findings]


def rid_of(sha256: str) -> str:
    """The report id of a file in a dataset: the first 16 hex digits of its sha256."""
    return sha256[:16]


class _Run:
    """The state of one dataset run: sinks, manifest, snapshots."""

    def __init__(self, output: str, wide: bool, resume: bool, manifest: str | None, names: OrganNames) -> None:
        kind_of(output)  # refuse an unknown extension before reading anything
        findings_path, manifest_path = companion_paths(output)
        self.info = DatasetRun(output, findings_path, manifest or manifest_path)
        self.wide, self.names = wide, names
        self.snaps: list[Snapshot] = []
        self.done: dict[str, dict[str, Any]] = {}
        # the sinks first: a missing extra or an unwritable folder fails before the manifest is touched
        self.data: Sink = open_sink(output, data_schema(wide))
        try:
            self.found: Sink = open_sink(findings_path, FINDING_SCHEMA)
        except BaseException:
            self.data.abort()
            raise
        try:
            self.manifest = Manifest(self.info.manifest_path).open(resume)
            if resume:
                self._carry_over()
        except BaseException:
            self.abort()
            raise

    def _carry_over(self) -> None:
        """Copy the rows of files already done from the earlier outputs; done = recorded and present."""
        recorded = {rid_of(sha): rec for sha, rec in self.manifest.done().items()}
        present: set[str] = set()
        for path, sink in ((self.info.output, self.data), (self.info.findings_path, self.found)):
            if not os.path.exists(path):
                continue
            batch = []
            for row in read_rows(path, sink.schema):
                rid = row.get("report_id")
                if rid in recorded and row.get("rule") not in ACROSS_RULES:
                    batch.append(row)
                    if sink is self.data:
                        present.add(str(rid))
                if len(batch) >= 5000:
                    sink.write(batch)
                    batch = []
            sink.write(batch)
        for rid, rec in recorded.items():
            if rid in present:
                self.done[rec["sha256"]] = rec
                if rec.get("across"):
                    self.snaps.append(Snapshot.from_dict(rec["across"]))
        self.info.kept = len(self.done)

    def add(self, res: FileResult) -> None:
        """Write one file's rows and findings, then its manifest line (in that order: a line means rows)."""
        self.info.files += 1
        across = None
        if res.report is not None and res.sha256 is not None:
            rid, rep = rid_of(res.sha256), res.report
            rows = ([wide_record(rep, report_id=rid, source=res.source)] if self.wide
                    else long_records(rep, report_id=rid, source=res.source, provenance=res.provenance))
            self.data.write(rows)
            found = finding_rows([*res.findings, *check_prose(rep, res.source)], rid, res.source)
            self.found.write(found)
            snap = snapshot(rep, res.source)
            self.snaps.append(snap)
            across = snap.to_dict()
            self.info.done += 1
            self.info.rows += len(rows)
            self.info.findings += len(found)
        else:
            self.info.failed += 1
            self.info.errors.append((res.source, res.error or ""))
        self.manifest.add(record_of(res, across))

    def finish(self) -> None:
        """Add the findings across reports and commit every output."""
        batch: list[Finding] = []
        for finding in iter_across(self.snaps, self.names):
            batch.append(finding)
            if len(batch) >= 5000:  # a corpus with many files per organ and year gives many pairs
                self._write_across(batch)
                batch = []
        self._write_across(batch)
        self.data.close()
        self.found.close()
        self.manifest.close()

    def _write_across(self, findings: list[Finding]) -> None:
        self.found.write(finding_rows(findings, None, None))
        self.info.findings += len(findings)

    def abort(self) -> None:
        """Leave the earlier outputs as they were."""
        self.data.abort()
        self.found.abort()
        if hasattr(self, "manifest"):
            self.manifest.close()


def build_dataset(inputs: Sequence[str | os.PathLike[str]], output: str | os.PathLike[str], *, wide: bool = False,
                  jobs: int = 1, resume: bool = False, manifest: str | None = None, recursive: bool = True,
                  format: str | None = None, organ_names: OrganNames | None = None,
                  progress: Callable[[int], Callable[[FileResult], None]] | None = None,
                  **read_options: Any) -> DatasetRun:
    """Read every input into one dataset file (.parquet, .csv, .jsonl, .xlsx) with findings and manifest.

    Never stops at a bad file (it is recorded as failed). On KeyboardInterrupt the outputs
    are committed with what finished, then the interrupt goes on. ``progress`` is given the
    number of files to read and returns a callback called with each result. ``read_options``
    go to every read (``timeout=``, ``max_memory=``, a reader's options).
    """
    run = _Run(os.fspath(output), wide, resume, manifest, organ_names or OrganNames())
    try:
        items = _todo(expand(inputs, recursive=recursive), run.done)
        tick = progress(len(items)) if progress else None
        for res in read_many(items, jobs=jobs, format=format, **read_options):
            run.add(res)
            if tick:
                tick(res)
    except KeyboardInterrupt:
        _finish_or_abort(run)
        raise
    except BaseException:
        run.abort()
        raise
    _finish_or_abort(run)
    return run.info


def _finish_or_abort(run: _Run) -> None:
    """Commit the outputs; if that fails or is interrupted again, leave the earlier ones as they were."""
    try:
        run.finish()
    except BaseException:
        run.abort()
        raise


def _todo(items: list[Input | Missing], done: dict[str, dict[str, Any]]) -> list[Input | Missing]:
    """The inputs still to read: those whose content (sha256) is not done already."""
    if not done:
        return items
    return [i for i in items if isinstance(i, Missing) or is_url(i.path) or file_sha256(i.path) not in done]
