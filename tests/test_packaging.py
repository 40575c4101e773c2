"""Packaging as a user meets it: ``python -m build`` makes an sdist and a wheel that install and run.

Slow-ish (about 40 s: a build in an isolated environment and a fresh virtual environment; pip takes
the dependencies from its cache or the package index). The wheel takes the extension modules the
checkout's own build compiled, where they are current, rather than compiling the same C again.
Skips when ``build`` is not installed (it is in the ``dev`` extra).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest

import govreport_io
from govreport_io._compiled import compiled_modules

from .conftest import ROOT

pytestmark = pytest.mark.skipif(importlib.util.find_spec("build") is None,
                                reason="the 'build' package is not installed (pip install -e '.[dev]')")


def _run(*cmd: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    proc = subprocess.run([str(c) for c in cmd], cwd=cwd, capture_output=True, text=True, timeout=300, check=False,
                          env={**os.environ, **(env or {})})
    assert proc.returncode == 0, f"{cmd}: {proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"
    return proc.stdout + proc.stderr


def _reuse_the_compiled_modules() -> None:
    """The checkout's compiled modules put where setuptools looks for the wheel's (build/lib.*), as a build
    of the checkout leaves them there: the wheel carries them without compiling the same C again (a minute
    or more of the C compiler). mypyc still generates the C and rewrites only what differs, and setuptools
    compiles again whatever is older than its C, so the wheel is what a build from nothing makes."""
    lib = ROOT / "build" / f"lib.{sysconfig.get_platform()}-{sys.implementation.cache_tag}"
    for so in [*ROOT.glob("*__mypyc*.so"), *(ROOT / "govreport_io").rglob("*.so")]:
        dest = lib / so.relative_to(ROOT)
        if not dest.exists() or dest.stat().st_mtime < so.stat().st_mtime:
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(so, dest)  # the compiled time kept: anything newer than it is compiled again


def test_build_makes_an_sdist_and_a_wheel_that_install_and_run(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    _reuse_the_compiled_modules()
    # sdist and wheel both from the checkout (the wheel reuses the C that mypyc generated there, if any)
    log = _run(sys.executable, "-m", "build", "--sdist", "--wheel", "--outdir", dist, ROOT, cwd=tmp_path)
    assert "deprecat" not in log.lower(), log  # e.g. setuptools' licence-table warning
    version = govreport_io.__version__
    sdist = dist / f"govreport_io-{version}.tar.gz"
    wheels = sorted(dist.glob(f"govreport_io-{version}-*.whl"))
    assert len(wheels) == 1 and sdist.exists(), sorted(p.name for p in dist.iterdir())
    wheel = wheels[0]
    # where this checkout runs compiled modules, the wheel built here must carry them too (setup.py)
    compiled = bool(compiled_modules())
    assert compiled == (not wheel.name.endswith("-py3-none-any.whl")), (wheel.name, log[-3000:])

    names = zipfile.ZipFile(wheel).namelist()
    assert "govreport_io/schema/govreport-1.json" in names and "govreport_io/py.typed" in names
    assert any(n.endswith("licenses/LICENSE") for n in names)
    meta = zipfile.ZipFile(wheel).read(f"govreport_io-{version}.dist-info/METADATA").decode("utf-8")
    assert "License-Expression: MIT" in meta and f"Version: {version}" in meta
    assert f"govreport_io-{version}/LICENSE" in tarfile.open(sdist).getnames()

    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    _run(bindir / "python", "-m", "pip", "install", "--quiet", wheel, cwd=tmp_path)
    out = _run(bindir / "govreport", "formats", cwd=tmp_path)
    assert "markdown" in out and "docx" in out
    version_line = _run(bindir / "govreport", "--version", cwd=tmp_path)
    assert ("compiled with mypyc" in version_line) == compiled, version_line
    # The sdist builds too (in pip's isolated environment) and gives the same command; asked for pure Python, it
    # builds no extension module.
    _run(bindir / "python", "-m", "pip", "install", "--quiet", "--no-deps", "--force-reinstall", sdist, cwd=tmp_path,
         env={"GOVREPORT_IO_COMPILE": "0"})
    assert "markdown" in _run(bindir / "govreport", "formats", cwd=tmp_path)
    assert "pure Python" in _run(bindir / "govreport", "--version", cwd=tmp_path)
    out = _run(bindir / "python", "-c", "import govreport_io as g; from govreport_io.schema import json_schema; "
               "print(g.__version__, json_schema()['title'])", cwd=tmp_path)
    assert out.startswith(version) and "govreport/1" in out
