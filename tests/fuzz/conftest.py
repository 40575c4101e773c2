"""The fuzz tests: a short campaign and the replay of the saved corpus (docs/reliability.md)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from fuzz.worker import Worker


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "fuzz: the short fuzz campaign and corpus replay (part of make test)")


@pytest.fixture(scope="session")
def fuzz_worker() -> Iterator[Worker]:
    """One worker process for every fuzz case of the session: 3 s and 1 GB per case."""
    with Worker(timeout=3.0, max_memory=1 << 30) as worker:
        yield worker
