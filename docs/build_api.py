"""Build the API reference from the docstrings with pdoc: ``python docs/build_api.py [OUTDIR]``.

``make docs`` writes it to build/api/ (git-ignored). Any warning pdoc gives (a module
that does not import, a broken cross-reference) fails the build, so ``make test``,
which runs this through tests/test_docs.py, keeps the reference clean.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

# The public modules, in the order the reference lists them.
MODULES = [
    "govreport_io",
    "govreport_io.model",
    "govreport_io.errors",
    "govreport_io.diagnostics",
    "govreport_io.log",
    "govreport_io.schema",
    "govreport_io.registry",
    "govreport_io.blocks",
    "govreport_io.form.template",
    "govreport_io.form.validate",
    "govreport_io.testing",
    "govreport_io.cli",
]


def build(outdir: Path) -> list[str]:
    """Write the reference into ``outdir``; returns pdoc's warnings (empty when clean)."""
    import pdoc
    import pdoc.render

    pdoc.render.configure(docformat="restructuredtext", footer_text="govreport_io")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pdoc.pdoc(*MODULES, output_directory=outdir)
    return [f"{w.category.__name__}: {w.message}" for w in caught if not _known(str(w.message))]


def _known(message: str) -> bool:
    """hypothesis' @composite re-homes the strategies' annotations, so pdoc cannot resolve their names:
    the strategies are still documented (with the annotation as text). Nothing else is let through."""
    return message.startswith("Error parsing type annotation") and " for govreport_io.testing." in message


if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root))
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else root / "build" / "api"
    problems = build(out)
    for p in problems:
        print(f"warning: {p}", file=sys.stderr)
    print(f"API reference: {out / 'index.html'}" + (f" ({len(problems)} warning(s))" if problems else ""))
    sys.exit(1 if problems else 0)
