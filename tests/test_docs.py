"""The documentation runs: every ```python block of README.md and docs/*.md, and the API reference builds.

The blocks of one page run in order in one namespace (a tutorial goes on from block
to block), in a subprocess whose working folder is a throw-away copy of the repository's
samples/ and docs/ (and ../shared beside it when there is one), so a page reads
``samples/report.pdf`` as from the repository root and anything it writes is thrown
away. A block whose first line is ``# not run`` is shown, never run. A page that
imports an optional dependency which is not installed (pandas for a data tutorial) is
skipped, with the dependency named.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, SHARED

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```python[ \t]*\n(.*?)^```[ \t]*$", re.M | re.S)

# Exit 77 (naming what is missing) when a page needs an optional dependency that is not installed.
RUNNER = r"""
import json, sys
namespace = {"__name__": "__main__"}
for block in json.loads(sys.stdin.read()):
    try:
        exec(compile(block["code"], block["where"], "exec"), namespace)
    except ImportError as exc:  # a missing package, or the library's own "pip install govreport_io[extra]" error
        if (exc.name or "").split(".")[0] == "govreport_io" or (exc.name is None and type(exc) is ImportError):
            raise  # the library's own module or name is missing: a real failure
        print(exc.name or exc, file=sys.stderr)
        sys.exit(77)
"""
MISSING_DEPENDENCY = 77


def python_blocks(page: Path) -> list[dict[str, str]]:
    """The page's runnable ```python blocks, each with where it starts (page:line) for tracebacks."""
    text = page.read_text(encoding="utf-8")
    out = []
    for m in FENCE.finditer(text):
        code = m.group(1)
        if code.lstrip().startswith("# not run"):
            continue
        line = text.count("\n", 0, m.start(1)) + 1
        # Padding keeps traceback line numbers equal to the page's own.
        out.append({"code": "\n" * (line - 1) + code, "where": str(page.relative_to(ROOT))})
    return out


def test_the_fence_finder_finds_blocks_and_honours_not_run() -> None:
    readme = python_blocks(ROOT / "README.md")
    assert readme, "README.md has a runnable Python example"
    assert not any(b["code"].lstrip().startswith("# not run") for p in PAGES for b in python_blocks(p))


@pytest.mark.parametrize("page", [p for p in PAGES if python_blocks(p)], ids=lambda p: p.name)
def test_every_python_block_runs(page: Path, tmp_path: Path) -> None:
    work = tmp_path / "repo"
    work.mkdir()
    for folder in ("samples", "docs"):
        shutil.copytree(ROOT / folder, work / folder)
    if SHARED.exists():
        (tmp_path / "shared").symlink_to(SHARED, target_is_directory=True)
    proc = subprocess.run([sys.executable, "-c", RUNNER], input=json.dumps(python_blocks(page)), cwd=work,
                          capture_output=True, text=True, timeout=300, check=False)
    if proc.returncode == MISSING_DEPENDENCY:
        pytest.skip(f"{page.name}: an optional dependency is not installed here: {proc.stderr.strip()}")
    assert proc.returncode == 0, f"{page.name}:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"


def test_the_api_reference_builds_without_warnings(tmp_path: Path) -> None:
    pytest.importorskip("pdoc")
    proc = subprocess.run([sys.executable, str(ROOT / "docs" / "build_api.py"), str(tmp_path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0 and "warning" not in proc.stderr, proc.stderr
    for module in ("govreport_io", "govreport_io/log", "govreport_io/schema", "govreport_io/registry"):
        assert (tmp_path / f"{module}.html").exists(), module
    page = (tmp_path / "govreport_io.html").read_text(encoding="utf-8")
    assert "read_document" in page and "strict" in page
