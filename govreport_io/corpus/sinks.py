"""Table files written as rows arrive (memory stays flat), committed atomically.

Every sink writes to a temporary file in the destination's folder and renames it over
the destination on :meth:`Sink.close` (``os.replace``), so a failed or interrupted run
never leaves a truncated file: the old file stays, or the new one is complete.
Formats: Parquet (extra ``data``), CSV, JSON Lines, Excel .xlsx (extra ``xlsx``).
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from typing import IO, Any, Literal

from ..errors import FormatError, WriteError
from .deps import require

ColType = Literal["int", "str", "bool"]
Schema = Sequence[tuple[str, ColType]]
EXTENSIONS = (".parquet", ".csv", ".jsonl", ".xlsx")
XLSX_MAX_ROWS = 1_048_576


def kind_of(path: str) -> str:
    """The table format of a path by extension, or FormatError naming the ones known."""
    ext = os.path.splitext(path)[1].lower()
    if ext == ".ndjson":
        return "jsonl"
    if ext not in EXTENSIONS:
        raise FormatError(f"cannot write a dataset as {ext or 'a file without extension'}; "
                          f"give one of {', '.join(EXTENSIONS)}", source=path)
    return ext[1:]


def temp_beside(path: str) -> str:
    """A new empty temporary file in the folder of ``path`` (so that os.replace is atomic)."""
    folder = os.path.dirname(os.path.abspath(path))
    try:
        os.makedirs(folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise WriteError(f"cannot write: {exc.strerror or exc}", source=path) from None
    os.close(fd)
    return tmp


class Sink:
    """Rows to one table file; ``close()`` commits it, ``abort()`` leaves the destination untouched."""

    def __init__(self, path: str, schema: Schema) -> None:
        self.path = path
        self.schema = list(schema)
        self.columns = [name for name, _ in self.schema]
        self.tmp = temp_beside(path)
        self.rows = 0

    def write(self, records: Sequence[Mapping[str, Any]]) -> None:
        """Append rows (dicts keyed by column; missing keys are null)."""
        if records:
            self.rows += len(records)
            self._write(records)

    def _write(self, records: Sequence[Mapping[str, Any]]) -> None:
        raise NotImplementedError

    def _finish(self) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Finish the file and rename it over the destination."""
        try:
            self._finish()
            os.replace(self.tmp, self.path)
        except OSError as exc:
            self.abort()
            raise WriteError(f"cannot write: {exc.strerror or exc}", source=self.path) from None

    def abort(self) -> None:
        """Drop the temporary file."""
        with contextlib.suppress(OSError):
            os.unlink(self.tmp)


class _TextSink(Sink):
    def __init__(self, path: str, schema: Schema) -> None:
        super().__init__(path, schema)
        self.fh: IO[str] = open(self.tmp, "w", encoding="utf-8", newline="")

    def _finish(self) -> None:
        self.fh.close()

    def abort(self) -> None:
        """Close the file, then drop it."""
        self.fh.close()
        super().abort()


class JsonlSink(_TextSink):
    """JSON Lines: one object per row, UTF-8, Chinese kept as is."""

    def _write(self, records: Sequence[Mapping[str, Any]]) -> None:
        for r in records:
            self.fh.write(json.dumps({c: r.get(c) for c in self.columns}, ensure_ascii=False) + "\n")


class CsvSink(_TextSink):
    """CSV with a header row; null is an empty field. UTF-8 with a BOM so that Excel reads the Chinese."""

    def __init__(self, path: str, schema: Schema) -> None:
        super().__init__(path, schema)
        self.fh.write("\ufeff")
        self.csv = csv.writer(self.fh)
        self.csv.writerow(self.columns)

    def _write(self, records: Sequence[Mapping[str, Any]]) -> None:
        self.csv.writerows([["" if r.get(c) is None else r.get(c) for c in self.columns] for r in records])


class ParquetSink(Sink):
    """Parquet through pyarrow, in row groups of :attr:`ROW_GROUP` rows."""

    ROW_GROUP = 65536
    MAX_PENDING_BYTES = 8 * 1024 * 1024  # long messages (findings) fill a row group early

    def __init__(self, path: str, schema: Schema) -> None:
        self.pa = require("pyarrow", "data", "writing Parquet")  # before the temporary file is made
        self.pq = require("pyarrow.parquet", "data", "writing Parquet")
        super().__init__(path, schema)
        types = {"int": self.pa.int64(), "str": self.pa.string(), "bool": self.pa.bool_()}
        self.arrow_schema = self.pa.schema([(name, types[t]) for name, t in self.schema])
        self.writer = self.pq.ParquetWriter(self.tmp, self.arrow_schema)
        self.pending: list[Any] = []
        self.pending_rows = self.pending_bytes = 0

    def _write(self, records: Sequence[Mapping[str, Any]]) -> None:
        # Gathered columnar into row groups of ROW_GROUP rows: a row group per small batch would
        # grow the footer kept in memory with every file, and make the file slow to read.
        table = self.pa.Table.from_pylist([{c: r.get(c) for c in self.columns} for r in records],
                                          schema=self.arrow_schema)
        self.pending.append(table)
        self.pending_rows += table.num_rows
        self.pending_bytes += table.nbytes
        if self.pending_rows >= self.ROW_GROUP or self.pending_bytes >= self.MAX_PENDING_BYTES:
            self._flush()

    def _flush(self) -> None:
        if self.pending:
            self.writer.write_table(self.pa.concat_tables(self.pending), row_group_size=self.ROW_GROUP)
            self.pending, self.pending_rows, self.pending_bytes = [], 0, 0

    def _finish(self) -> None:
        self._flush()
        self.writer.close()

    def abort(self) -> None:
        """Close the writer (it may already be broken), then drop the file."""
        with contextlib.suppress(Exception):
            self.writer.close()
        super().abort()


class XlsxSink(Sink):
    """An Excel workbook in write-only mode (streamed), one sheet."""

    def __init__(self, path: str, schema: Schema) -> None:
        openpyxl = require("openpyxl", "xlsx", "writing .xlsx")
        super().__init__(path, schema)
        self.book = openpyxl.Workbook(write_only=True)
        self.sheet = self.book.create_sheet("data")
        self.sheet.append(self.columns)

    def _write(self, records: Sequence[Mapping[str, Any]]) -> None:
        if self.rows + 1 > XLSX_MAX_ROWS:
            raise WriteError(f"{self.rows} rows do not fit in one Excel sheet (at most {XLSX_MAX_ROWS - 1}); "
                             "write .parquet or .csv instead", source=self.path)
        for r in records:
            self.sheet.append([r.get(c) for c in self.columns])

    def _finish(self) -> None:
        self.book.save(self.tmp)


SINKS: dict[str, type[Sink]] = {"jsonl": JsonlSink, "csv": CsvSink, "parquet": ParquetSink, "xlsx": XlsxSink}


def open_sink(path: str, schema: Schema) -> Sink:
    """A sink for ``path`` chosen by its extension."""
    return SINKS[kind_of(path)](path, schema)


def read_rows(path: str, schema: Schema) -> Iterator[dict[str, Any]]:
    """The rows of a table file written by a sink (for ``--resume``), typed by ``schema``."""
    kind = kind_of(path)
    if kind == "jsonl":
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    yield json.loads(line)
    elif kind == "csv":
        types = dict(schema)
        with open(path, encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                yield {k: _from_csv(v, types.get(k, "str")) for k, v in row.items()}
    elif kind == "parquet":
        pq = require("pyarrow.parquet", "data", "reading Parquet")
        for batch in pq.ParquetFile(path).iter_batches():
            yield from batch.to_pylist()
    else:
        openpyxl = require("openpyxl", "xlsx", "reading .xlsx")
        book = openpyxl.load_workbook(path, read_only=True)
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = [str(h) for h in next(rows, ())]
        for values in rows:
            yield dict(zip(header, values))
        book.close()


def _from_csv(text: str, kind: str) -> Any:
    if text == "":
        return None
    if kind == "int":
        return int(text)
    if kind == "bool":
        return text == "True"
    return text
