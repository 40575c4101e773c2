"""Past one machine: the corpus as a dask.bag of per-file results, or a dask.dataframe of cells.

Each partition reads a batch of files (local paths, or fsspec URLs such as
``s3://bucket/reports/a.pdf`` that every worker can reach) with the same code as
:func:`govreport_io.corpus.read_many`, so the records are the same: a
:class:`FileResult` per file, a manifest record per file, tidy rows per cell. Needs the
``dask`` extra (``pip install govreport_io[dask]``); dataframes also need ``data``.

    >>> from dask.distributed import Client          # doctest: +SKIP
    >>> client = Client("tcp://scheduler:8786")      # doctest: +SKIP
    >>> cells = govreport_io.dask.to_dataframe(paths)  # doctest: +SKIP
    >>> cells[cells.row_key == "new_received"].groupby("year").value.sum().compute()  # doctest: +SKIP
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from ..form.across import OrganNames, Snapshot, check_across, snapshot
from ..form.validate import Finding
from .batch import FileResult, read_one
from .dataset import rid_of
from .deps import require
from .frame import long_frame, long_records, wide_frame, wide_record
from .manifest import record_of
from .sources import Input, Missing, expand

DEFAULT_FILES_PER_PARTITION = 16


def _inputs(paths: Sequence[str | os.PathLike[str]], recursive: bool) -> list[Input | Missing]:
    return expand(paths, recursive=recursive)


def read_bag(paths: Sequence[str | os.PathLike[str]], *, files_per_partition: int = DEFAULT_FILES_PER_PARTITION,
             format: str | None = None, recursive: bool = True) -> Any:
    """A dask.bag of :class:`FileResult`, one per file, one partition per batch of files.

    Directories and globs are expanded here (on the client); URLs are read by the workers.
    """
    db = require("dask.bag", "dask", "govreport_io.dask")
    items = _inputs(paths, recursive)
    return db.from_sequence(items, partition_size=max(1, files_per_partition)).map(read_one, format)


def records_bag(paths: Sequence[str | os.PathLike[str]], **options: Any) -> Any:
    """A dask.bag of manifest records (dicts), one per file: the same keys as ``--manifest``."""
    return read_bag(paths, **options).map(_record)


def _record(res: FileResult) -> dict[str, Any]:
    return record_of(res, snapshot(res.report, res.source).to_dict() if res.report else None)


def _frame_of(items: list[Input | Missing], wide: bool, format: str | None) -> Any:
    """Runs on a worker: one batch of files as a pandas DataFrame (long or wide)."""
    rows: list[dict[str, Any]] = []
    for item in items:
        res = read_one(item, format)
        if res.report is None or res.sha256 is None:
            continue
        rid = rid_of(res.sha256)
        if wide:
            rows.append(wide_record(res.report, report_id=rid, source=res.source))
        else:
            rows.extend(long_records(res.report, report_id=rid, source=res.source, provenance=res.provenance))
    return wide_frame(rows) if wide else long_frame(rows)


def to_dataframe(paths: Sequence[str | os.PathLike[str]], *, wide: bool = False,
                 files_per_partition: int = DEFAULT_FILES_PER_PARTITION, format: str | None = None,
                 recursive: bool = True) -> Any:
    """A dask.dataframe of the tables: long (one row per cell) or ``wide`` (one row per report).

    Files that cannot be read give no rows; :func:`records_bag` says which and why.
    """
    dd = require("dask.dataframe", "dask", "govreport_io.dask")
    delayed = require("dask", "dask", "govreport_io.dask").delayed
    items = _inputs(paths, recursive)
    n = max(1, files_per_partition)
    parts = [delayed(_frame_of)(items[i:i + n], wide, format) for i in range(0, len(items), n)]
    meta = wide_frame([]) if wide else long_frame([])
    if not parts:
        return dd.from_pandas(meta, npartitions=1)
    return dd.from_delayed(parts, meta=meta, verify_meta=False)


def across_findings(results: Any, names: OrganNames | None = None) -> list[Finding]:
    """X1–X3 over a bag of :class:`FileResult` (from :func:`read_bag`): snapshots gathered, compared here."""
    snaps: list[Snapshot] = [s for s in results.map(_snap).compute() if s is not None]
    return check_across(snaps, names)


def _snap(res: FileResult) -> Snapshot | None:
    return snapshot(res.report, res.source) if res.report is not None else None


__all__ = ["across_findings", "read_bag", "records_bag", "to_dataframe"]
