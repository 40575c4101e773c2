"""Reader speed against each parser's floor, and the writers' cost per report.

For text, Markdown, HTML and DOCX files (samples/ and, when ../shared is beside the
repository, ../shared/corpus/dev and seeds), prints reports/s of a full read and the ratio
to the floor the reader stands on (and, beside it, the ratio of the reader's own part: bytes
to repaired blocks, as ``read_blocks`` gives them, before the recogniser), all measured in
the same run, interleaved, best of N:

- text: decode (UTF-8, else GB18030) + splitlines
- Markdown: decode + MarkdownIt("commonmark").enable("table").parse
- HTML: lxml.html.document_fromstring of the bytes
- DOCX: open the zip, read word/document.xml, lxml parse

Then every writer's milliseconds per report (best of N) on the sample report and on the
corpus's expected reports.

    python benchmarks/bench_readers.py [--repeat N]
"""

from __future__ import annotations

import argparse
import io
import json
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from lxml import etree
from lxml import html as lhtml
from markdown_it import MarkdownIt

import govreport_io as gr
from govreport_io._compiled import describe
from govreport_io.errors import GovReportError

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
EXTS = {"text": (".txt",), "markdown": (".md",), "html": (".html",), "docx": (".docx",)}


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


_MD = MarkdownIt("commonmark").enable("table")


def _floor_docx(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        etree.fromstring(z.read("word/document.xml"))


FLOORS: dict[str, Callable[[bytes], object]] = {
    "text": lambda d: _decode(d).splitlines(),
    "markdown": lambda d: _MD.parse(_decode(d)),
    "html": lambda d: lhtml.document_fromstring(d),
    "docx": _floor_docx,
}


def best_of(fns: list[Callable[[], object]], repeat: int) -> list[float]:
    """Best time of each callable, run in turn so that machine noise hits them alike."""
    best = [float("inf")] * len(fns)
    for _ in range(repeat):
        for k, fn in enumerate(fns):
            t = time.perf_counter()
            fn()
            best[k] = min(best[k], time.perf_counter() - t)
    return best


def files(fmt: str) -> list[Path]:
    """The files a format is measured on: samples/, then ../shared when present."""
    out = [p for p in sorted((ROOT / "samples").iterdir()) if p.suffix in EXTS[fmt]]
    for folder in ("dev", "seeds", "real"):
        out += [p for p in sorted((CORPUS / folder).glob("*")) if p.suffix in EXTS[fmt]]
    return out


def _read(data: bytes, fmt: str) -> None:
    try:
        gr.read(data, fmt)
    except GovReportError:
        pass  # a partial capture may not be a report; its cost still counts


def _blocks(data: bytes, fmt: str) -> None:
    gr.read_blocks(data, fmt)


def bench_format(fmt: str, repeat: int) -> tuple[float, float, int]:
    """Per-file lines; returns (our total, floor total, files) over the format's files."""
    ours_total = floor_total = 0.0
    paths = files(fmt)
    for path in paths:
        data = path.read_bytes()
        floor, ours, blocks = best_of([lambda d=data: FLOORS[fmt](d), lambda d=data: _read(d, fmt),
                                       lambda d=data: _blocks(d, fmt)], repeat)
        ours_total += ours
        floor_total += floor
        where = path.relative_to(ROOT.parent) if CORPUS in path.parents else path.relative_to(ROOT)
        print(f"  {fmt:9} {where!s:46} {len(data) / 1024:7.1f} KiB {1 / ours:9.1f}/s "
              f"floor {1 / floor:9.1f}/s  {ours / floor:6.1f}x  reader+repair {blocks / floor:5.1f}x")
    return ours_total, floor_total, len(paths)


def bench_writers(repeat: int) -> None:
    """Milliseconds per report for every writer, best of ``repeat``."""
    reports = [("samples/report.json", gr.read(ROOT / "samples" / "report.json"))]
    for p in sorted((CORPUS / "expected").glob("*.json")):
        try:
            reports.append((p.name, gr.Report.from_dict(json.loads(p.read_text(encoding="utf-8")))))
        except (GovReportError, ValueError):
            continue
    print(f"\n{'writer':9} {'report':46} {'ms/report':>10}")
    for fmt in ("json", "markdown", "text", "html", "docx", "pdf"):
        for name, report in reports:
            best = float("inf")
            for _ in range(repeat):
                t = time.perf_counter()
                gr.write(report, format=fmt)
                best = min(best, time.perf_counter() - t)
            print(f"{fmt:9} {name:46} {best * 1000:10.1f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    for fmt in FLOORS:  # warm imports and caches (plugins, lazy modules) before timing
        for path in files(fmt)[:1]:
            _read(path.read_bytes(), fmt)
    print(f"govreport_io {gr.__version__}: {describe()}")  # figures of a pure install differ ~1.6x
    print(f"{'format':9} {'file':46} {'size':>11} {'ours':>11} {'floor':>15} {'ratio':>7}")
    summary = []
    for fmt in FLOORS:
        ours, floor, n = bench_format(fmt, args.repeat)
        if n:
            summary.append(f"{fmt:9} {n:3d} files  {n / ours:9.1f} reports/s  floor {n / floor:9.1f}/s  "
                           f"ours/floor {ours / floor:6.1f}x")
    print("\nper format (all files together):")
    print("\n".join(summary))
    bench_writers(args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
