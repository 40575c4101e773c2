"""docs/corpus.md's worked example runs as written (blocks marked ``# not run`` need a cluster)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from .conftest import ROOT

BLOCK_RE = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def test_the_worked_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    text = (ROOT / "docs" / "corpus.md").read_text(encoding="utf-8")
    blocks = [b for b in BLOCK_RE.findall(text) if not b.startswith("# not run")]
    assert len(blocks) >= 5
    namespace: dict[str, object] = {"__name__": "docs_corpus"}
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        for block in blocks:
            exec(compile(block, "docs/corpus.md", "exec"), namespace)
    finally:
        os.chdir(cwd)
    out = capsys.readouterr().out
    assert "2021" in out and "2024" in out
