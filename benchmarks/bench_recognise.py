"""The cost of the repair pass and the recogniser's stages, per stage, over every document.

Blocks are read once; then the repair pass and each stage of ``STAGES`` are timed in CPU
time (best of N), so that a new stage's cost shows on its own line.

    python benchmarks/bench_recognise.py [--repeat N]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import govreport_io as gr
from govreport_io.blocks import Block
from govreport_io.form.recognise import STAGES, Ledger
from govreport_io.readers._context import ReadContext
from govreport_io.repair import repair

ROOT = Path(__file__).resolve().parent.parent
_READABLE = (".txt", ".md", ".html", ".docx", ".pdf")


def _documents() -> list[Path]:
    shared = ROOT.parent / "shared" / "corpus"
    paths = sorted((ROOT / "samples").iterdir())
    for folder in ("seeds", "dev", "real"):
        if (shared / folder).is_dir():
            paths += sorted((shared / folder).iterdir())
    return [p for p in paths if p.suffix in _READABLE]


def _blocks(paths: list[Path]) -> list[list[Block]]:
    out = []
    for p in paths:
        try:
            out.append(gr.read_blocks(p))
        except gr.GovReportError:
            continue
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    docs = _blocks(_documents())
    best: dict[str, float] = {}
    for _ in range(args.repeat):
        times: dict[str, float] = {}
        for blocks in docs:
            t = time.process_time()
            fixed = repair(blocks, ReadContext())
            times["repair pass"] = times.get("repair pass", 0.0) + time.process_time() - t
            ledger = Ledger.of(fixed, None)
            for stage in STAGES:
                t = time.process_time()
                stage(ledger)
                name = stage.__module__.rsplit(".", 1)[-1]
                times[name] = times.get(name, 0.0) + time.process_time() - t
        best = {k: min(v, best.get(k, v)) for k, v in times.items()}
    print(f"{len(docs)} documents, CPU ms, best of {args.repeat}")
    for name, seconds in best.items():
        print(f"  {name:16} {seconds * 1000:8.2f}")
    print(f"  {'total':16} {sum(best.values()) * 1000:8.2f}")


if __name__ == "__main__":
    main()
