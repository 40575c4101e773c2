"""Corpus mode: many reports of mixed formats into one tidy dataset, in parallel and resumable.

- :func:`read_many` reads paths, directories, globs and URLs, one :class:`FileResult` per
  file, never stopping at a bad one; ``jobs=N`` uses worker processes.
- :func:`to_frame` / :meth:`Report.to_frame` give the tables as tidy pandas data (extra ``data``).
- :class:`Manifest` is the JSON Lines record of a run that ``--resume`` reads.
- :mod:`govreport_io.dask` goes past one machine.
"""

from .batch import FileResult, read_many, read_one
from .manifest import Manifest
from .sources import Input, Missing, expand

__all__ = ["FileResult", "Input", "Manifest", "Missing", "expand", "read_many", "read_one"]
