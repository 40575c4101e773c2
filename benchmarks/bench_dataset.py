"""Corpus mode: files per second with 1 and 2 jobs, and peak memory against the number of files.

    python benchmarks/bench_dataset.py            # 1,000 generated reports of mixed formats
    python benchmarks/bench_dataset.py --n 120    # a quicker look

Reports come from govreport_io.testing.reports() (a pool of examples, then varied by a
seeded generator: one report a year 2019–2025 for each of n/7 organs), written in turn with
gr.write as JSON, Markdown, HTML, text, DOCX and PDF. Each measurement runs in a fresh process so that peak memory
(ru_maxrss) is its own; the memory runs use one job, so every file passes through the
measured process.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import govreport_io as gr

EXTS = ("json", "md", "html", "txt", "docx", "pdf")


def generate(folder: Path, n: int, seed: int = 11) -> list[Path]:
    """``n`` reports in mixed formats under ``folder`` (the same files for the same seed and pool)."""
    from hypothesis.errors import NonInteractiveExampleWarning

    from govreport_io.testing import ORGANS, reports

    rng = random.Random(seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NonInteractiveExampleWarning)
        pool = [reports().example() for _ in range(12)]
    by_form = {form: [r for r in pool if r.form == form] or pool for form in ("2019", "2021")}
    paths = []
    for i in range(n):
        # as a real corpus: many organs, each with one report a year, 2019–2025
        year = 2019 + i % 7
        base = rng.choice(by_form["2019" if year < 2021 else "2021"])
        organ = f"第{i // 7 + 1}{rng.choice(ORGANS)}"
        report = base.replace(organ=organ, year=year, title=f"{organ}{year}年政府信息公开工作年度报告")
        path = folder / f"{i // 100:02d}" / f"r{i:04d}.{EXTS[i % len(EXTS)]}"
        path.parent.mkdir(parents=True, exist_ok=True)
        gr.write(report, path)
        paths.append(path)
    return paths


def child(folder: str, n: int, jobs: int, out: str) -> None:
    """Build a dataset of the first ``n`` files; print seconds, files and peak memory as JSON."""
    from govreport_io.corpus.dataset import build_dataset

    files = sorted(str(p) for p in Path(folder).rglob("r*.*"))[:n]
    start = time.perf_counter()
    run = build_dataset(files, out, jobs=jobs)
    seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"files": run.files, "done": run.done, "failed": run.failed, "rows": run.rows,
                      "seconds": seconds, "peak_mib": peak_kib / 1024}))


def measure(folder: Path, n: int, jobs: int, out: Path) -> dict[str, float]:
    """Run :func:`child` in a fresh process and read its figures."""
    cmd = [sys.executable, __file__, "--child", str(folder), "--n", str(n), "--jobs", str(jobs), "--out", str(out)]
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def main() -> None:
    """Generate, measure, print."""
    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, default=1000)
    p.add_argument("--jobs", type=int, default=1)
    p.add_argument("--child", metavar="DIR")
    p.add_argument("--out", default="")
    args = p.parse_args()
    if args.child:
        child(args.child, args.n, args.jobs, args.out)
        return
    try:
        import pyarrow  # noqa: F401

        ext = "parquet"
    except ImportError:
        ext = "jsonl"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        start = time.perf_counter()
        generate(folder, args.n)
        print(f"generated {args.n} reports ({', '.join(EXTS)}) in {time.perf_counter() - start:.1f} s")
        for jobs in (1, 2):
            f = measure(folder, args.n, jobs, Path(tmp) / f"out{jobs}.{ext}")
            print(f"dataset -> .{ext}, {jobs} job(s): {f['files']:.0f} files ({f['failed']:.0f} failed, "
                  f"{f['rows']:.0f} rows) in {f['seconds']:.1f} s = {f['files'] / f['seconds']:.1f} files/s")
        for n in sorted({max(1, args.n // 4), max(1, args.n // 2), args.n}):
            f = measure(folder, n, 1, Path(tmp) / f"mem{n}.{ext}")
            print(f"peak memory, 1 job, {n:5d} files: {f['peak_mib']:.0f} MiB")
        print(f"({os.cpu_count()} CPU(s) on this machine)")


if __name__ == "__main__":
    main()
