"""The folder layout is the architecture: every import rule docs/architecture.md states is checked here."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parent.parent / "govreport_io"
PARSERS = ("lxml", "pdfplumber", "pypdfium2", "docx", "markdown_it", "reportlab")
FORMAT_LAYERS = ("govreport_io.readers", "govreport_io.writers", "govreport_io.registry", "govreport_io.api",
                 "govreport_io.cli", "govreport_io.conventions")


def _module(path: Path) -> tuple[str, str]:
    """(module name, package name) of a file of the package."""
    parts = list(path.relative_to(PKG.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
        return ".".join(parts), ".".join(parts)
    return ".".join(parts), ".".join(parts[:-1])


def _imports(path: Path, *, top_level_only: bool = False) -> set[str]:
    """Absolute names of everything ``path`` imports (``from a import b`` gives a and a.b)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    _, package = _module(path)
    nodes: Iterator[ast.AST] = _top_level(tree) if top_level_only else ast.walk(tree)
    out: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(base_parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            out.add(base)
            out.update(f"{base}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return out


def _top_level(tree: ast.Module) -> Iterator[ast.AST]:
    """Statements run on import: the module body, outside functions and ``if TYPE_CHECKING:``."""
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom, ast.Try, ast.If)):
            yield from (n for n in ast.walk(node) if isinstance(n, (ast.Import, ast.ImportFrom)))


def _files(*where: str) -> list[Path]:
    out: list[Path] = []
    for w in where:
        p = PKG / w
        out += sorted(p.rglob("*.py")) if p.is_dir() else [p.with_suffix(".py")]
    return out


def _hits(path: Path, banned: tuple[str, ...], *, top_level_only: bool = False) -> list[str]:
    return sorted(m for m in _imports(path, top_level_only=top_level_only)
                  if any(m == b or m.startswith(b + ".") for b in banned))


@pytest.mark.parametrize("path", _files("readers"), ids=lambda p: str(p.relative_to(PKG)))
def test_readers_never_import_writers(path: Path) -> None:
    assert not _hits(path, ("govreport_io.writers",))


@pytest.mark.parametrize("path", _files("writers"), ids=lambda p: str(p.relative_to(PKG)))
def test_writers_never_import_readers(path: Path) -> None:
    assert not _hits(path, ("govreport_io.readers",))


@pytest.mark.parametrize("path", _files("form"), ids=lambda p: str(p.relative_to(PKG)))
def test_the_form_knows_no_format(path: Path) -> None:
    assert not _hits(path, FORMAT_LAYERS + PARSERS)


# The checks over a finished Report: the form's arithmetic, completeness, rules across reports.
CHECKS = frozenset({"validate.py", "complete.py", "across.py"})


@pytest.mark.parametrize("path", _files("form"), ids=lambda p: str(p.relative_to(PKG)))
def test_only_the_recogniser_and_validation_in_the_form_know_the_model(path: Path) -> None:
    rel = path.relative_to(PKG / "form")
    if rel.parts[0] == "recognise" or rel.name in CHECKS:
        return
    assert not _hits(path, ("govreport_io.model",))


# ``Report.to_frame()`` is a pandas-style convenience: it imports the tidy-data layer inside the
# method, at call time, so the model still loads nothing above the form's template.
MODEL_LAZY = frozenset({"govreport_io.corpus.frame", "govreport_io.corpus.frame.to_frame"})


def test_the_models_compiled_checks_import_nothing_of_the_package() -> None:
    """``_quick`` holds the model's checks as functions mypyc compiles: part of the model's layer."""
    assert not [m for m in _imports(PKG / "_quick.py") if m.startswith("govreport_io")]


def test_the_model_imports_only_the_form_template() -> None:
    own = {m for m in _imports(PKG / "model.py") if m.startswith("govreport_io.")} - MODEL_LAZY
    quick = {"govreport_io._quick"} | {f"govreport_io._quick.{n}" for n in
                                       ("LINE_BREAK_RE", "ODD_RE", "rows_of_cells", "rows_of_integers", "valid_text")}
    assert own <= {"govreport_io.errors", "govreport_io.errors.ModelError", "govreport_io.errors.excerpt",
                   "govreport_io.form",
                   "govreport_io.form.template", "govreport_io.form.template.Form"} | quick, own
    assert "govreport_io.form.template" in own
    module_level = {m for node in ast.parse((PKG / "model.py").read_text(encoding="utf-8")).body
                    if isinstance(node, ast.ImportFrom) for m in [node.module or ""]}
    assert not any("corpus" in m for m in module_level), "the model imports corpus only inside to_frame()"


@pytest.mark.parametrize("name", ["template", "labels"])
def test_the_form_data_and_matcher_import_nothing_of_the_package(name: str) -> None:
    own = {m for m in _imports(PKG / "form" / f"{name}.py") if m.startswith("govreport_io")}
    assert all(m.startswith(("govreport_io.form.template", "govreport_io.form.labels")) for m in own), own


@pytest.mark.parametrize("path", _files("repair"), ids=lambda p: str(p.relative_to(PKG)))
def test_repairs_know_no_form_and_no_format(path: Path) -> None:
    assert not _hits(path, ("govreport_io.form", "govreport_io.model", *FORMAT_LAYERS, *PARSERS))


@pytest.mark.parametrize("name", ["blocks", "errors", "diagnostics"])
def test_the_lowest_layers_import_only_blocks(name: str) -> None:
    own = {m for m in _imports(PKG / f"{name}.py") if m.startswith("govreport_io")}
    assert all(m.startswith("govreport_io.blocks") for m in own), own


def test_the_registry_imports_no_reader_or_writer_but_the_reader_protocol() -> None:
    hits = _hits(PKG / "registry.py", ("govreport_io.readers", "govreport_io.writers", *PARSERS))
    assert all(h.startswith("govreport_io.readers._context") for h in hits), hits


@pytest.mark.parametrize("path", _files("readers"), ids=lambda p: str(p.relative_to(PKG)))
def test_importing_a_reader_imports_no_parser_library(path: Path) -> None:
    # the registry imports every reader to sniff: a parser library is imported when reading
    assert not _hits(path, PARSERS, top_level_only=True)


def test_every_builtin_format_is_one_reader_and_one_writer_module() -> None:
    from govreport_io import registry

    for info in registry.formats():
        if info.reader and info.reader.startswith("govreport_io."):
            for kind in ("readers", "writers") if info.writer is not None else ("readers",):
                base = PKG / kind / info.name
                assert base.with_suffix(".py").exists() or (base / "__init__.py").exists(), (kind, info.name)


def test_every_recogniser_stage_is_the_run_of_its_own_module() -> None:
    from govreport_io.form.recognise import STAGES

    modules = [stage.__module__ for stage in STAGES]
    assert all(stage.__name__ == "run" for stage in STAGES)
    assert len(set(modules)) == len(modules)
    assert all(m.startswith("govreport_io.form.recognise.") for m in modules)


def test_no_function_is_over_60_lines() -> None:
    # A long function is where decisions get written twice; the recogniser's stages, the readers'
    # parsers and the writers' walk are all kept small (issue 9).
    long = []
    for path in PKG.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                size = (node.end_lineno or node.lineno) - node.lineno + 1
                if size > 60:
                    long.append(f"{path.relative_to(PKG)}:{node.lineno} {node.name} ({size} lines)")
    assert not long, long
