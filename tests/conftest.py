"""Shared fixtures: the ../shared corpus when it exists (tests skip cleanly without it)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SHARED = Path(os.environ.get("GOVREPORT_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"

settings.register_profile("ci", max_examples=60, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("dev", max_examples=30, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


def corpus_path(*parts: str) -> Path:
    """A file of ../shared/corpus, or skip the test when ../shared is not beside the repo."""
    path = CORPUS.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not available (../shared is not beside the repository)")
    return path


def seeds() -> list[tuple[Path, Path]]:
    """(seed, expected) pairs; empty when ../shared is missing."""
    if not (CORPUS / "seeds").is_dir():
        return []
    out = []
    for seed in sorted((CORPUS / "seeds").iterdir()):
        exp = CORPUS / "expected" / (seed.stem + ".json")
        if exp.exists():
            out.append((seed, exp))
    return out


def expected_for(stem: str) -> dict[str, Any]:
    """The expected JSON of the seed whose name starts with ``stem`` (e.g. "000")."""
    path = next((p for p in (CORPUS / "expected").glob(f"{stem}_*.json")), None) if CORPUS.exists() else None
    if path is None:
        pytest.skip("../shared/corpus/expected not available")
    return json.loads(path.read_text(encoding="utf-8"))


def with_prolog(data: bytes, name: str, prolog: bytes) -> bytes:
    """A copy of the zip ``data`` whose part ``name`` holds ``prolog`` right after its XML declaration."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            dst.writestr(info, body.replace(b"?>", b"?>" + prolog, 1) if info.filename == name else body)
    return out.getvalue()


def block_list(d: dict[str, Any]) -> list[tuple[Any, ...]]:
    """Every prose block of a report dict in order, with section headings, for comparisons."""
    out: list[tuple[Any, ...]] = [("pre", b["kind"], b["text"]) for b in d["preamble"]]
    for s in d["sections"]:
        out.append(("section", s["number"], s["title"]))
        out.extend((s["number"], b["kind"], b["text"]) for b in s["blocks"])
    return out


def assert_reads_as(got: dict[str, Any], exp: dict[str, Any], *, min_paragraphs: float = 1.0,
                    fields: bool = True) -> None:
    """Tables cell by cell, metadata, sections and paragraphs as the expected reading says."""
    for key in ("form", "active", "reviews"):
        assert got[key] == exp[key], key
    for row, values in exp["requests"]["rows"].items():
        assert got["requests"]["rows"][row] == values, f"requests.{row}"
    for key in ("title", "organ", "year"):
        if key in exp:
            assert got[key] == exp[key], key
    if fields and "fields" in exp:
        assert got["fields"] == exp["fields"]
    if "sections" in exp:
        assert [(s["number"], s["title"]) for s in got["sections"]] == [
            (s["number"], s["title"]) for s in exp["sections"]]
        want, have = block_list(exp), block_list(got)
        same = sum(1 for b in want if b in have)
        assert same / max(1, len(want)) >= min_paragraphs, (same, len(want), [b for b in want if b not in have][:3])


PURE_RUN = "GOVREPORT_IO_PURE_RUN"
"""Set in tests/test_compiled.py's subprocess, which runs the ``pure_python`` tests on the source."""


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "pure_python: the test patches or counts calls between the library's "
                            "own functions, which compiled modules make directly; in a compiled install it "
                            "runs in tests/test_compiled.py's pure-Python subprocess")


FIRST = ("test_packaging.py", "test_speed_split6.py", "test_speed_text.py", "test_text_markdown.py")
"""The longest test files, run first: `make test` spreads the files over one worker per core (pytest-xdist,
--dist loadfile) in this order, and the packaging test (a build and two installs, mostly waiting on
subprocesses) takes as long as a third of the rest; started last, the suite would wait for it alone."""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    from govreport_io._compiled import compiled_modules

    # a stable sort: each file's tests keep their order and stay together (module fixtures run once)
    items.sort(key=lambda item: FIRST.index(item.path.name) if item.path.name in FIRST else len(FIRST))
    if os.environ.get(PURE_RUN) or not compiled_modules():
        return
    skip = pytest.mark.skip(reason="runs on the pure-Python source in tests/test_compiled.py")
    for item in items:
        if item.get_closest_marker("pure_python"):
            item.add_marker(skip)


def pytest_sessionstart(session: pytest.Session) -> None:
    """Stop at once when a compiled module is older than its source: every test would run the old code."""
    from govreport_io._compiled import stale_modules

    stale = stale_modules()
    if stale:
        pytest.exit(f"compiled modules older than their sources ({', '.join(stale)}): run `make build` "
                    "(or `make build COMPILE=0` for pure Python)", returncode=2)
