"""Past one machine with Dask: see :mod:`govreport_io.corpus.dask` (extra ``dask``).

``read_bag(paths)`` gives a dask.bag of per-file results, ``records_bag(paths)`` the
manifest records, ``to_dataframe(paths)`` a dask.dataframe of tidy cells, and
``across_findings(bag)`` the checks across reports.
"""

from .corpus.dask import across_findings, read_bag, records_bag, to_dataframe

__all__ = ["across_findings", "read_bag", "records_bag", "to_dataframe"]
