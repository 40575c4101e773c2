"""Plugins (entry points) are looked up only when the built-in formats cannot answer."""

from __future__ import annotations

import importlib.metadata as md
from pathlib import Path

import pytest

import govreport_io as gr
from govreport_io import registry

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "report.txt"


@pytest.fixture
def scans(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each scan of the entry points, recorded; the registry as if no plugin was loaded yet."""
    seen: list[str] = []
    info = registry.FormatInfo("plug", "govreport_io.readers.json", None, (".plug",), False)

    class EP:
        name = "plug"

        def load(self) -> object:
            return info

    def entry_points(group: str | None = None) -> list[EP]:
        seen.append(str(group))
        return [EP()] if group == "govreport_io.formats" else []

    monkeypatch.setattr(md, "entry_points", entry_points)
    monkeypatch.setattr(registry, "_plugins_loaded", False)
    monkeypatch.setattr(registry, "_REGISTRY", dict(registry._REGISTRY))
    return seen


def test_built_in_formats_never_scan_the_entry_points(scans: list[str]) -> None:
    data = SAMPLE.read_bytes()
    gr.read(data, "text")
    gr.read(data, "txt")
    assert registry.get("markdown").name == "markdown"
    assert registry.by_extension("report.docx") is registry.get("docx")
    assert registry.sniff(b"%PDF-1.7\n") is registry.get("pdf")
    assert scans == []


def test_a_format_not_built_in_is_looked_up_once(scans: list[str]) -> None:
    assert registry.by_extension("a.plug") is registry.get("plug")
    assert registry.get("plug").name == "plug"
    assert scans == ["govreport_io.formats"]


def test_an_unknown_name_consults_the_plugins(scans: list[str]) -> None:
    with pytest.raises(gr.FormatError, match="unknown format"):
        registry.get("nothing-like-this")
    assert scans == ["govreport_io.formats"]


def test_a_weak_sniff_consults_the_plugins_once(scans: list[str]) -> None:
    assert registry.sniff(b"plain words") is registry.get("text")  # only the catch-all is sure of it
    assert registry.sniff(b"more plain words") is registry.get("text")
    assert scans == ["govreport_io.formats"]
