"""Replay the inputs the fuzzer found (tests/fuzz/corpus/) and the hostile recipes.

Each saved input has a sidecar ``<hash>.meta.json``: its format, what was done to it, what
it did when found, and ``xfail`` with the reason while it still fails on main. A case
passes when it reads cleanly or fails with a clean error (docs/reliability.md); delete the
``xfail`` key once the fix lands (a fixed case shows as XPASS until then), or let
``python -m fuzz --refresh-corpus`` clear it wherever a case now passes.

The hostile recipes are listed in corpus/hostile.json the same way. The quick ones run on
every ``make test``; all of them with ``FUZZ_SLOW=1`` (``make fuzz`` sets it).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from fuzz import hostile
from fuzz.campaign import corpus_case
from fuzz.worker import GOOD, Worker

pytestmark = pytest.mark.fuzz

CORPUS = Path(__file__).resolve().parent / "corpus"
SLOW = bool(os.environ.get("FUZZ_SLOW"))
HOSTILE_TIMEOUT = 10.0  # seconds: issue 14's budget for 100k rows and 10 MB paragraphs


def _xfail(meta: dict[str, Any]) -> list[pytest.MarkDecorator]:
    return [pytest.mark.xfail(reason=meta["xfail"], strict=False)] if meta.get("xfail") else []


def _saved() -> list[Any]:
    out = []
    for meta_path in sorted(CORPUS.glob("*/*.meta.json")):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        out.append(pytest.param(meta_path, meta, id=f"{meta_path.parent.name}/{meta_path.name[:12]}",
                                marks=_xfail(meta)))
    return out


def _recipes() -> list[Any]:
    listed = json.loads((CORPUS / "hostile.json").read_text(encoding="utf-8"))
    out = []
    for name, meta in listed.items():
        marks = _xfail(meta)
        if name not in hostile.QUICK and not SLOW:
            marks.append(pytest.mark.skip(reason="slow recipe: run with FUZZ_SLOW=1 (make fuzz)"))
        out.append(pytest.param(name, id=name, marks=marks))
    return out


@pytest.mark.parametrize(("meta_path", "meta"), _saved())
def test_saved_input_reads_or_fails_cleanly(fuzz_worker: Worker, meta_path: Path, meta: dict[str, Any]) -> None:
    case, _ = corpus_case(meta_path)
    outcome = fuzz_worker.run(case)
    assert outcome.category in GOOD, f"{meta['label']}: {outcome.category}: {outcome.detail}"


@pytest.mark.parametrize("name", _recipes())
def test_hostile_recipe_reads_or_fails_cleanly(fuzz_worker: Worker, name: str) -> None:
    case = hostile.build(name)
    if not hostile.exists(case.path):
        pytest.skip(f"{case.path} does not exist here")
    outcome = fuzz_worker.run(case, timeout=HOSTILE_TIMEOUT)
    assert outcome.category in GOOD, f"{name}: {outcome.category}: {outcome.detail}"


def test_every_recipe_is_listed() -> None:
    listed = json.loads((CORPUS / "hostile.json").read_text(encoding="utf-8"))
    assert set(listed) == set(hostile.RECIPES)
