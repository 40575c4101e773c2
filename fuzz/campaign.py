"""Drive the strategies through a worker, count the outcomes, save what fails.

    python -m fuzz [--cases N] [--readers text,html,…] [--writers …] [--entry read,read_blocks]
                   [--hostile all|quick|none]
                   [--timeout S] [--max-memory MB] [--shared] [--seed N] [--save]

Prints a table of counts per reader and writer, then the distinct failures, most
frequent first. With ``--save``, one input per distinct failure goes to
tests/fuzz/corpus/ (with a sidecar .json saying what it is and what it did), where
tests/fuzz/test_corpus.py replays it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from . import hostile
from .mutate import EXT, READERS, ROOT, Case, load_seeds, mutated
from .reports import WRITERS, writer_cases
from .worker import CATEGORIES, GOOD, Outcome, Worker

CORPUS = ROOT / "tests" / "fuzz" / "corpus"
_WORKDIR = re.compile(r"/\S*govreport-fuzz-[^/]+/")  # the worker's temporary folder, different every run


@dataclass
class Tally:
    """Counts per (target, category) and the distinct failures with one example each."""

    counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    failures: Counter[tuple[str, str]] = field(default_factory=Counter)
    examples: dict[tuple[str, str], tuple[Case, Outcome]] = field(default_factory=dict)
    slowest: dict[str, float] = field(default_factory=dict)
    recipes: dict[str, Outcome] = field(default_factory=dict)

    def add(self, target: str, case: Case, outcome: Outcome) -> None:
        """Count one outcome; keep the first example of each distinct failure."""
        self.counts[(target, outcome.category)] += 1
        self.slowest[target] = max(self.slowest.get(target, 0.0), outcome.seconds)
        if outcome.category not in GOOD:
            key = (target, outcome.signature())
            self.failures[key] += 1
            self.examples.setdefault(key, (case, outcome))

    def total(self, target: str | None = None, category: str | None = None) -> int:
        """How many cases, for a target and/or a category (all when None)."""
        return sum(n for (t, c), n in self.counts.items()
                   if (target is None or t == target) and (category is None or c == category))

    def table(self) -> str:
        """Counts per target, one line each, with the slowest case."""
        targets = sorted({t for t, _ in self.counts})
        head = f"{'target':22}{'cases':>7}" + "".join(f"{c:>18}" for c in CATEGORIES) + f"{'slowest':>10}"
        lines = [head]
        for t in targets:
            lines.append(f"{t:22}{self.total(t):7d}" + "".join(f"{self.counts[(t, c)]:18d}" for c in CATEGORIES)
                         + f"{self.slowest.get(t, 0):9.2f}s")
        lines.append(f"{'all':22}{self.total():7d}" + "".join(f"{self.total(None, c):18d}" for c in CATEGORIES))
        return "\n".join(lines)

    def top(self, n: int = 40) -> str:
        """The distinct failures, most frequent first, each with its example input."""
        lines = []
        for (target, sig), count in self.failures.most_common(n):
            case, outcome = self.examples[(target, sig)]
            lines.append(f"{count:5d}  {target:18} {case.label[:90]}\n       -> {outcome.detail[:200]}")
        return "\n".join(lines)


def drive(strategy: st.SearchStrategy[Case], n: int, run: Callable[[Case], None], rng_seed: int | None) -> None:
    """Draw ``n`` cases from a hypothesis strategy and run each; never stops at a failure."""
    @settings(max_examples=n, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck), derandomize=rng_seed is None)
    @given(strategy)
    def one(case: Case) -> None:
        run(case)

    if rng_seed is not None:
        one = seed(rng_seed)(one)
    one()


def _counter(worker: Worker, tally: Tally, target: str) -> Callable[[Case], None]:
    def run(case: Case) -> None:
        tally.add(target, case, worker.run(case))
    return run


def run_readers(worker: Worker, tally: Tally, readers: Iterable[str], n: int, *, shared: bool = False,
                rng_seed: int | None = None, entry: str = "read", progress: bool = False) -> None:
    """``n`` mutated inputs for each reader, read with ``entry`` (read or read_blocks)."""
    for fmt in readers:
        seeds = load_seeds(fmt, shared=shared)
        if not seeds:
            continue
        started = time.monotonic()
        target = fmt if entry == "read" else f"{fmt} {entry}"
        cases = mutated(fmt, seeds).map(lambda c: replace(c, extra={"entry": entry}))
        drive(cases, n, _counter(worker, tally, target), rng_seed)
        if progress:
            print(f"  {target}: {tally.total(target)} cases in {time.monotonic() - started:.0f} s", file=sys.stderr)


def run_writers(worker: Worker, tally: Tally, writers: Iterable[str], n: int, *, rng_seed: int | None = None,
                big: bool = False, progress: bool = False) -> None:
    """``n`` generated hostile Reports for each writer."""
    for fmt in writers:
        started = time.monotonic()
        target = f"writer {fmt}"
        drive(writer_cases(fmt, big), n, _counter(worker, tally, target), rng_seed)
        if progress:
            print(f"  {target}: {tally.total(target)} cases in {time.monotonic() - started:.0f} s", file=sys.stderr)


def run_hostile(worker: Worker, tally: Tally, names: Iterable[str], *, progress: bool = False) -> None:
    """Each hostile recipe once."""
    for name in names:
        case = hostile.build(name)
        if not hostile.exists(case.path):
            continue
        outcome = worker.run(case)
        tally.add(f"hostile {case.fmt}", case, outcome)
        tally.recipes[name] = outcome
        if progress:
            print(f"  {name}: {outcome.category} ({outcome.seconds:.1f} s) {outcome.detail[:100]}", file=sys.stderr)


def save(tally: Tally, corpus: Path = CORPUS) -> list[Path]:
    """One input per distinct failure into the corpus, with a sidecar saying what it did."""
    saved = []
    for (_target, _sig), (case, outcome) in tally.examples.items():
        if case.path is not None or len(case.data) > 300_000 or len(json.dumps(case.report or {})) > 300_000:
            continue  # devices and big inputs are found again by the campaign or replayed from a recipe
        if case.label in hostile.RECIPES:
            continue
        if case.report is not None:
            body = json.dumps(case.report, ensure_ascii=True, indent=1).encode()
            folder, ext = corpus / f"writer-{case.fmt}", ".report.json"
        else:
            body, folder, ext = case.data, corpus / case.fmt, EXT[case.fmt]
        entry = case.extra.get("entry", "read") if case.report is None else "write"
        digest = hashlib.sha1(body + entry.encode()).hexdigest()[:12]  # the same bytes may fail two entries
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{digest}{ext}"
        path.write_bytes(body)
        detail = _WORKDIR.sub("", outcome.detail)
        meta = {"format": case.fmt, "entry": entry,
                "label": case.label, "sentinel": case.sentinel, "category": outcome.category,
                "detail": detail, "xfail": f"fails on main: {outcome.category}: {detail[:160]}"}
        (folder / f"{digest}.meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n",
                                                    encoding="utf-8")
        saved.append(path)
    return saved


def save_recipes(tally: Tally, corpus: Path = CORPUS) -> Path:
    """Record what each hostile recipe did in hostile.json (merged with the recipes not run)."""
    path = corpus / "hostile.json"
    listed = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    for name, (what, _build) in hostile.RECIPES.items():
        entry = listed.setdefault(name, {"what": what, "seen": "not run yet", "xfail": None})
        outcome = tally.recipes.get(name)
        if outcome is not None:
            entry["seen"] = f"{outcome.category} ({outcome.seconds:.1f} s): {_WORKDIR.sub('', outcome.detail)[:160]}"
            entry["xfail"] = None if outcome.category in GOOD else f"fails on main: {entry['seen']}"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(listed, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def corpus_case(meta_path: Path) -> tuple[Case, dict[str, Any]]:
    """The case a saved input (``<hash>.meta.json`` beside its file) replays, and its sidecar."""
    meta: dict[str, Any] = json.loads(meta_path.read_text(encoding="utf-8"))
    stem = meta_path.name[: -len(".meta.json")]
    if meta_path.parent.name.startswith("writer-"):
        report = json.loads((meta_path.parent / f"{stem}.report.json").read_text(encoding="ascii"))
        return Case(meta["format"], meta["label"], report=report), meta
    data = (meta_path.parent / f"{stem}{EXT[meta['format']]}").read_bytes()
    return Case(meta["format"], meta["label"], data, sentinel=meta.get("sentinel"),
                extra={"entry": meta.get("entry", "read")}), meta


def refresh_corpus(worker: Worker, corpus: Path = CORPUS) -> list[str]:
    """Replay every saved input; clear ``xfail`` where it now reads or fails cleanly. Lines to print."""
    lines = []
    for meta_path in sorted(corpus.glob("*/*.meta.json")):
        case, meta = corpus_case(meta_path)
        outcome = worker.run(case)
        name = f"{meta_path.parent.name}/{meta_path.name[:12]}"
        if outcome.category in GOOD and meta.get("xfail"):
            meta["xfail"] = None
            meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            lines.append(f"fixed  {name}: {outcome.category}")
        elif outcome.category not in GOOD:
            lines.append(f"fails  {name}: {outcome.category}: {_WORKDIR.sub('', outcome.detail)[:120]}")
    return lines


def _args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="python -m fuzz", description="Fuzz every reader and writer of govreport_io.")
    ap.add_argument("--cases", type=int, default=300, help="mutated inputs per reader and reports per writer")
    ap.add_argument("--readers", default=",".join(READERS))
    ap.add_argument("--writers", default=",".join(WRITERS))
    ap.add_argument("--entry", default="read", help="read, read_blocks, or both joined by a comma")
    ap.add_argument("--hostile", default="all", help="all, quick, none, or recipe names joined by commas")
    ap.add_argument("--timeout", type=float, default=10.0, help="seconds per case (the budget)")
    ap.add_argument("--max-memory", type=int, default=1024, help="MB per case (the budget)")
    ap.add_argument("--shared", action="store_true", help="also mutate ../shared/corpus/dev and seeds")
    ap.add_argument("--seed", type=int, default=None, help="random seed (default: derandomized, repeatable)")
    ap.add_argument("--save", action="store_true", help="save one input per distinct failure to tests/fuzz/corpus")
    ap.add_argument("--refresh-corpus", action="store_true",
                    help="instead of a campaign: replay tests/fuzz/corpus and clear xfail where a case now passes "
                         "(with --hostile all --save the recipes are refreshed too)")
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run a campaign and print its counts; 1 when anything is uncaught, over budget or lost."""
    args = _args(argv)
    names = {"all": list(hostile.RECIPES), "quick": list(hostile.QUICK), "none": []}.get(
        args.hostile, [n for n in args.hostile.split(",") if n])
    tally = Tally()
    started = time.monotonic()
    if args.refresh_corpus:
        with Worker(timeout=args.timeout, max_memory=args.max_memory * 1024 * 1024) as worker:
            print("\n".join(refresh_corpus(worker)))
            if args.save and names:  # as --help says: the recipes named are run again and recorded
                run_hostile(worker, tally, names, progress=True)
                print(f"saved {save_recipes(tally).relative_to(ROOT)}")
        return 0
    with Worker(timeout=args.timeout, max_memory=args.max_memory * 1024 * 1024) as worker:
        for entry in args.entry.split(","):
            run_readers(worker, tally, [r for r in args.readers.split(",") if r], args.cases, shared=args.shared,
                        rng_seed=args.seed, entry=entry, progress=True)
        run_writers(worker, tally, [w for w in args.writers.split(",") if w], args.cases, rng_seed=args.seed,
                    big=True, progress=True)
        run_hostile(worker, tally, names, progress=True)
    print(tally.table())
    print(f"\n{len(tally.failures)} distinct failures ({time.monotonic() - started:.0f} s):")
    print(tally.top())
    if args.save:
        for path in [*save(tally), save_recipes(tally)]:
            print(f"saved {path.relative_to(ROOT)}")
    bad = sum(tally.total(None, c) for c in CATEGORIES if c not in GOOD)
    return 1 if bad else 0
