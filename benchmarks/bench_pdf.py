"""PDF reading cost against pdfplumber's own extract_text() over every page.

Prints, per file, the best-of-N wall time of both and their ratio. Files: the shipped
sample and, when ../shared is beside the repository, the corpus PDFs.

    python benchmarks/bench_pdf.py [--repeat N] [FILE.pdf ...]
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pdfplumber

import govreport_io as gr

ROOT = Path(__file__).resolve().parent.parent


def _best_pair(a: Callable[[], object], b: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Best times of a and b, run alternately so that machine noise hits both alike."""
    best = [float("inf"), float("inf")]
    for _ in range(repeat):
        for k, fn in enumerate((a, b)):
            t = time.perf_counter()
            fn()
            best[k] = min(best[k], time.perf_counter() - t)
    return best[0], best[1]


def _extract_text(data: bytes) -> None:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    shared = sorted((ROOT.parent / "shared" / "corpus").glob("*/*.pdf"))
    files = args.files or [ROOT / "samples" / "report.pdf", *shared]
    print(f"{'file':40} {'pages':>5} {'extract_text':>13} {'govreport':>10} {'ratio':>6}")
    ratios = []
    for path in files:
        data = path.read_bytes()
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = len(pdf.pages)
        base, ours = _best_pair(lambda d=data: _extract_text(d), lambda d=data: gr.read(d, "pdf"), args.repeat)
        ratios.append(ours / base)
        print(f"{path.name:40} {pages:5d} {base * 1000:11.1f}ms {ours * 1000:8.1f}ms {ours / base:6.2f}")
    if ratios:
        print(f"{'worst ratio':40} {'':5} {'':13} {'':10} {max(ratios):6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
