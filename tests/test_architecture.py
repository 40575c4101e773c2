"""The folder layout is the architecture: readers never import writers; the form knows no format."""

from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parent.parent / "govreport_io"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            out.add(base)
            out.update(f"{base}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return out


def test_readers_never_import_writers() -> None:
    for path in (PKG / "readers").glob("*.py"):
        bad = [m for m in _imports(path) if "writers" in m]
        assert not bad, f"{path.name} imports {bad}"


def test_writers_never_import_readers() -> None:
    for path in (PKG / "writers").glob("*.py"):
        bad = [m for m in _imports(path) if "readers" in m]
        assert not bad, f"{path.name} imports {bad}"


def test_the_form_knows_no_format() -> None:
    for path in (PKG / "form").glob("*.py"):
        bad = [m for m in _imports(path) if any(x in m for x in ("readers", "writers", "registry", "lxml",
                                                                   "pdfplumber", "docx", "markdown_it"))]
        assert not bad, f"{path.name} imports {bad}"


def test_every_builtin_format_is_one_reader_and_one_writer_module() -> None:
    from govreport_io import registry

    for info in registry.formats():
        if info.reader and info.reader.startswith("govreport_io."):
            assert (PKG / "readers" / f"{info.name}.py").exists() or (PKG / "readers" / info.name).is_dir()
            assert (PKG / "writers" / f"{info.name}.py").exists()
