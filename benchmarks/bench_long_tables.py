"""Seconds and peak memory of a read of issue 14's long inputs, each in a fresh process.

The cases are the fuzz recipes of 100k-row tables and 100k field lines (``python -m fuzz
--help`` lists them); each is built and read once in its own worker process, so that its
peak resident memory is its own. Issue 14 asks for under 10 s and under 1 GB each.

    python benchmarks/bench_long_tables.py [--cases text-table-100k,html-table-100k] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CASES = ("text-table-100k", "markdown-table-100k", "html-table-100k", "text-fields-100k")

_WORKER = """
import json, resource, sys, time
# "-c" puts the working directory (the checkout) first on sys.path, before PYTHONPATH: moved
# last, so that another checkout given in PYTHONPATH (to compare with) is the one read
sys.path.remove("")
sys.path.append({root!r})
import govreport_io as gr
from fuzz.hostile import build
case = build({name!r})
start = time.perf_counter()
report = gr.read(case.data, case.fmt)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"seconds": seconds, "peak_mb": peak, "unplaced": len(report.unplaced), "code": gr.__file__}}))
"""


def measure(name: str) -> dict[str, Any]:
    """One read of the case in a fresh interpreter: seconds, peak MB, unplaced items."""
    out = subprocess.run([sys.executable, "-c", _WORKER.format(root=str(ROOT), name=name)],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", default=",".join(CASES))
    ap.add_argument("--repeat", type=int, default=1, help="reads per case; the fastest is shown")
    args = ap.parse_args()
    print(f"{'case':24} {'seconds':>8} {'peak MB':>8} {'unplaced':>9}")
    for name in args.cases.split(","):
        runs = [measure(name) for _ in range(args.repeat)]
        best = min(runs, key=lambda r: r["seconds"])
        print(f"{name:24} {best['seconds']:8.2f} {max(r['peak_mb'] for r in runs):8.0f} {best['unplaced']:9.0f}"
              f"  ({Path(best['code']).parent.parent})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
