"""Optional compiled build: the hot pure-Python modules compiled to C extensions by mypyc.

Everything else about the package is in pyproject.toml. The modules listed in
``govreport_io/_compiled.py`` (the recogniser, the text and Markdown readers, the CJK repair,
the model) are plain, strictly typed Python; mypyc turns each into an extension module that
Python imports in place of the source, about 1.7× faster on a text read. The Python source
stays the reference: the same code runs either way, and tests/test_compiled.py reads the
corpus both ways and compares.

Set GOVREPORT_IO_COMPILE=0 to build a pure-Python package. Without a C compiler, or when
mypyc fails for any other reason, the build says so and falls back to pure Python: the
library never depends on the compiled modules.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent


def _compiled_modules() -> list[str]:
    """The list in govreport_io/_compiled.py, read without importing the package."""
    namespace: dict[str, object] = {}
    exec((ROOT / "govreport_io" / "_compiled.py").read_text(encoding="utf-8"), namespace)
    return list(namespace["MODULES"])  # type: ignore[call-overload]


class _OptionalBuildExt(build_ext):
    """Compiles the extensions, or warns and leaves the pure-Python modules in charge: all or
    nothing, since a module compiled without the shared library mypyc builds beside it would
    not import."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:  # any compiler failure means "stay pure"
            for ext in self.extensions:
                Path(self.get_ext_fullpath(ext.name)).unlink(missing_ok=True)
            self.extensions = []
            _fallback(exc)


def _fallback(exc: BaseException) -> None:
    print(f"govreport_io: compiled modules not built ({type(exc).__name__}: {str(exc)[:300]}); "
          "the pure-Python package works the same, only slower", file=sys.stderr)


def _extensions() -> list[object]:
    if os.environ.get("GOVREPORT_IO_COMPILE", "1").strip().lower() in ("0", "no", "false", "off"):
        return []
    try:
        from mypyc.build import mypycify
    except ImportError as exc:  # a build without the build requirements (setup.py run by hand)
        _fallback(exc)
        return []
    paths = [str(Path("govreport_io", *m.split(".")[1:]).with_suffix(".py")) for m in _compiled_modules()]
    try:
        return list(mypycify(paths, opt_level="3", debug_level="0"))
    except (Exception, SystemExit) as exc:  # mypyc reports type errors by exiting
        _fallback(exc)
        return []


setup(ext_modules=_extensions(), cmdclass={"build_ext": _OptionalBuildExt})
