"""govreport_io.dask on a real dask.distributed LocalCluster with two worker processes (skips without dask)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("dask.bag")
pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("dask.distributed")

import govreport_io.dask as gd  # noqa: E402
from govreport_io.corpus import read_many  # noqa: E402
from govreport_io.corpus.frame import form_cells  # noqa: E402

from ._corpus_data import consistent_years, mixed  # noqa: E402


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    cluster = distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None,
                                       silence_logs=40)
    c = distributed.Client(cluster)
    try:
        yield c
    finally:
        c.close()
        cluster.close()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("dask")
    mixed(root / "in", 4)
    consistent_years(root / "in" / "years")
    (root / "in" / "bad.txt").write_text("这不是年度报告。\n", encoding="utf-8")
    return root / "in"


def test_the_bag_gives_the_same_results_as_reading_locally(client: Any, folder: Path) -> None:
    bag = gd.read_bag([folder], files_per_partition=2)
    assert bag.npartitions == 4
    remote = client.compute(bag).result()
    local = list(read_many([folder]))
    assert [(r.source, r.report, r.sha256, r.error_class) for r in remote] == [
        (r.source, r.report, r.sha256, r.error_class) for r in local]
    workers = {w for w in client.run(lambda: __import__("os").getpid()).values()}
    assert len(workers) == 2


def test_records_and_the_dataframe_on_the_cluster(client: Any, folder: Path) -> None:
    records = client.compute(gd.records_bag([folder], files_per_partition=3)).result()
    assert [r["status"] for r in records].count("failed") == 1
    assert all(r["sha256"] and "seconds" in r for r in records)
    cells = gd.to_dataframe([folder], files_per_partition=3)
    frame = client.compute(cells).result()
    assert len(frame) == 7 * len(list(form_cells("2021")))
    per_year = client.compute(cells[(cells.row_key == "new_received") & (cells.column_key == "total")]
                              .groupby("year").value.sum()).result()
    assert sorted(per_year.index) == [2021, 2022, 2023, 2024]
    wide = client.compute(gd.to_dataframe([folder], wide=True, files_per_partition=3)).result()
    assert len(wide) == 7


def test_findings_across_reports_from_the_bag(client: Any, folder: Path) -> None:
    found = gd.across_findings(gd.read_bag([folder / "years"], files_per_partition=1))
    assert not [f for f in found if f.rule in ("X1", "X2")]  # the consistent series
