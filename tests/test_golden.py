"""Golden files: what every sample and corpus document reads as, and what every writer writes.

They pin today's behaviour so that a restructuring is proven to change nothing. A deliberate
change regenerates them with one command:

    GOVREPORT_REGEN_GOLDEN=1 .venv/bin/python -m pytest -q tests/test_golden.py

and the diff of tests/golden/ is then reviewed like code.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import govreport_io as gr
from govreport_io import registry

from .conftest import CORPUS, SAMPLES

GOLDEN = Path(__file__).resolve().parent / "golden"
REGEN = "GOVREPORT_REGEN_GOLDEN"
_READABLE = (".txt", ".md", ".html", ".docx", ".pdf", ".json")


def _regenerating() -> bool:
    return os.environ.get(REGEN, "") not in ("", "0")


def _sources() -> list[tuple[str, Path]]:
    """(golden name, document) for every readable sample and corpus document."""
    out = [(f"samples__{p.name}", p) for p in sorted(SAMPLES.iterdir()) if p.suffix in _READABLE]
    for folder in ("seeds", "dev", "real"):
        if (CORPUS / folder).is_dir():
            out += [(f"{folder}__{p.name}", p) for p in sorted((CORPUS / folder).iterdir())
                    if p.suffix in _READABLE and not p.name.endswith(".expected.json")]
    return out


def _reading(path: Path) -> str:
    """A read as stable JSON: the report, every warning, every cell's provenance, the findings."""
    try:
        result = gr.read_document(path)
    except gr.GovReportError as exc:
        return json.dumps({"error": type(exc).__name__, "message": str(exc).replace(str(path), "<source>")},
                          ensure_ascii=False, indent=1) + "\n"
    warnings = [{**w.to_dict(), "source": None} for w in result.warnings]
    provenance = {k: v.describe() for k, v in sorted(result.provenance.items())}
    doc = {"format": result.format, "report": result.report.to_dict(), "warnings": warnings,
           "provenance": provenance, "findings": [f.to_dict() for f in result.findings()]}
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _check(golden: Path, got: bytes) -> None:
    if _regenerating():
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(got)
        return
    if not golden.exists():
        pytest.fail(f"{golden.name} has no golden file; regenerate with {REGEN}=1")
    want = golden.read_bytes()
    if got != want and golden.suffix == ".json":
        assert got.decode("utf-8") == want.decode("utf-8")  # a readable diff
    assert got == want, f"{golden.name} differs from its golden file"


@pytest.mark.parametrize("name, path", _sources(), ids=[n for n, _ in _sources()])
def test_reading_matches_its_golden_file(name: str, path: Path) -> None:
    _check(GOLDEN / "read" / f"{name}.json", _reading(path).encode("utf-8"))


@pytest.mark.parametrize("fmt", [f.name for f in gr.list_formats() if f.can_write and
                                 f.writer and f.writer.startswith("govreport_io.")])
def test_writing_matches_its_golden_file(fmt: str) -> None:
    report = gr.read(SAMPLES / "report.json")
    ext = registry.get(fmt).extensions[0]
    # The PDF golden uses the built-in CID font so that it does not depend on the fonts a machine has.
    options = {"font": "STSong-Light"} if fmt == "pdf" else {}
    _check(GOLDEN / "write" / f"report{ext}", gr.write(report, format=fmt, **options))


def test_regeneration_is_off_under_ci() -> None:
    if os.environ.get("CI"):
        assert not _regenerating(), f"{REGEN} must not be set in CI: golden files would never fail"
