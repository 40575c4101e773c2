"""Which modules the build compiles with mypyc, and whether this install has them compiled.

setup.py reads :data:`MODULES` (without importing the package); :func:`compiled_modules`
tells at run time which of them this install has as extension modules. The pure-Python source
is the reference either way: a build without a C compiler, or with ``GOVREPORT_IO_COMPILE=0``,
runs the same code, slower.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

MODULES = (
    "govreport_io._quick",
    "govreport_io.form.arith",
    "govreport_io.form.labels",
    "govreport_io.form.recognise.__init__",
    "govreport_io.form.recognise.form_kind",
    "govreport_io.form.recognise.found",
    "govreport_io.form.recognise.ledger",
    "govreport_io.form.recognise.missing",
    "govreport_io.form.recognise.organ",
    "govreport_io.form.recognise.orphan_lead",
    "govreport_io.form.recognise.prose",
    "govreport_io.form.recognise.restarted",
    "govreport_io.form.recognise.rows",
    "govreport_io.form.recognise.sections",
    "govreport_io.form.recognise.split",
    "govreport_io.form.recognise.table_active",
    "govreport_io.form.recognise.table_requests",
    "govreport_io.form.recognise.table_reviews",
    "govreport_io.form.recognise.text",
    "govreport_io.form.recognise.title",
    "govreport_io.form.recognise.tokens",
    "govreport_io.form.recognise.values",
    "govreport_io.form.recognise.year",
    "govreport_io.readers._html_tree",
    "govreport_io.readers._md_inline",
    "govreport_io.readers._md_table",
    "govreport_io.readers._ooxml",
    "govreport_io.readers.docx",
    "govreport_io.readers.html",
    "govreport_io.readers.markdown",
    "govreport_io.readers.text",
    "govreport_io.repair.cjk",
    "govreport_io.repair.crawler",
    "govreport_io.repair.fields",
    "govreport_io.repair.make",
    "govreport_io.repair.pipeline",
)
"""Dotted names of the modules compiled (a package's ``__init__`` named as such)."""


def _import_name(module: str) -> str:
    return module.removesuffix(".__init__")


def _origin(name: str) -> str:
    mod = sys.modules.get(name)
    if mod is not None:
        return getattr(mod, "__file__", None) or ""
    spec = importlib.util.find_spec(name)  # where the import would load it from, without running it
    return (spec.origin or "") if spec is not None else ""


def compiled_modules() -> list[str]:
    """The modules of :data:`MODULES` that this install has compiled (Python loads them, or would,
    from extension modules rather than from their source)."""
    return [_import_name(m) for m in MODULES if not _origin(_import_name(m)).endswith(".py")]


def describe() -> str:
    """One line for ``govreport --version``: how many modules run compiled."""
    n = len(compiled_modules())
    return f"{n} of {len(MODULES)} modules compiled with mypyc" if n else "pure Python"


def stale_modules() -> list[str]:
    """Compiled modules whose source beside them was changed after the build (an edit not rebuilt:
    Python would go on running the old code). Meant for a development tree (the tests' guard):
    an installed wheel's files carry the times of the install."""
    out = []
    for name in compiled_modules():
        built = Path(_origin(name))
        source = built.with_name(built.name.split(".", 1)[0] + ".py")
        if source.exists() and source.stat().st_mtime > built.stat().st_mtime:
            out.append(name)
    return out
