"""PDF reading cost against pdfplumber's own extract_text() over every page.

Prints, per file, the best-of-N wall time of pdfplumber's extract_text, of a full read
(structure and Report) with each backend, and each read's ratio to extract_text. Runs
are interleaved so that machine noise hits all alike. Files: the shipped sample and,
when ../shared is beside the repository, the corpus PDFs. The target for the default
(pdfium) backend is a ratio of 0.5 or less.

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


def _best(fns: list[Callable[[], object]], repeat: int) -> list[float]:
    """Best time of each function, run alternately so that machine noise hits all alike."""
    best = [float("inf")] * len(fns)
    for _ in range(repeat):
        for k, fn in enumerate(fns):
            t = time.perf_counter()
            fn()
            best[k] = min(best[k], time.perf_counter() - t)
    return best


def _extract_text(data: bytes) -> None:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    shared = sorted((ROOT.parent / "shared" / "corpus").glob("*/*.pdf"))
    files = args.files or [ROOT / "samples" / "report.pdf", *shared]
    print(f"{'file':28} {'pages':>5} {'extract_text':>12} {'pdfium':>9} {'ratio':>6} {'pdfplumber':>10} {'ratio':>6}")
    worst = [0.0, 0.0]
    for path in files:
        data = path.read_bytes()
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = len(pdf.pages)
        base, fast, ref = _best([lambda d=data: _extract_text(d),
                                 lambda d=data: gr.read(d, "pdf"),
                                 lambda d=data: gr.read(d, "pdf", backend="pdfplumber")], args.repeat)
        worst = [max(worst[0], fast / base), max(worst[1], ref / base)]
        print(f"{path.name:28} {pages:5d} {base * 1000:10.1f}ms {fast * 1000:7.1f}ms {fast / base:6.2f} "
              f"{ref * 1000:8.1f}ms {ref / base:6.2f}")
    if files:
        print(f"{'worst ratio':28} {'':5} {'':12} {'':9} {worst[0]:6.2f} {'':10} {worst[1]:6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
