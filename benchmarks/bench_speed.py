"""Reading speed of text, Markdown and DOCX against the floor each stands on.

For every held-in corpus file (samples/ and, when ../shared is beside the repository,
its corpus) the full ``read()`` and the format's floor are timed alternately, best of N,
so that machine noise hits both alike. Floors:

- text: decode (UTF-8, else GB18030) and splitlines();
- Markdown: ``MarkdownIt().parse`` of the decoded text;
- DOCX: open the zip and parse word/document.xml with lxml.

Prints per file the time of both, reports/s and the ratio, then per format the reports/s
over all its files (total time) and the ratio of the totals.

    python benchmarks/bench_speed.py [--repeat N] [--format text|markdown|docx ...]
"""

from __future__ import annotations

import argparse
import io
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from lxml import etree
from markdown_it import MarkdownIt

import govreport_io as gr

ROOT = Path(__file__).resolve().parent.parent
_EXTS = {"text": (".txt",), "markdown": (".md",), "docx": (".docx",)}
_TARGET = {"text": (1500, 30.0), "markdown": (1000, 2.5), "docx": (200, 3.0)}


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def _floor_text(data: bytes) -> object:
    return _decode(data).splitlines()


_MD = MarkdownIt()


def _floor_markdown(data: bytes) -> object:
    return _MD.parse(_decode(data))


def _floor_docx(data: bytes) -> object:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return etree.fromstring(zf.read("word/document.xml"))


_FLOORS: dict[str, Callable[[bytes], object]] = {"text": _floor_text, "markdown": _floor_markdown,
                                                 "docx": _floor_docx}


def _files(fmt: str) -> list[Path]:
    shared = ROOT.parent / "shared" / "corpus"
    paths = sorted((ROOT / "samples").iterdir())
    for folder in ("seeds", "dev", "real"):
        if (shared / folder).is_dir():
            paths += sorted((shared / folder).iterdir())
    return [p for p in paths if p.suffix in _EXTS[fmt]]


def _best_pair(a: Callable[[], object], b: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Best times of a and b, run alternately."""
    best = [float("inf"), float("inf")]
    for _ in range(repeat):
        for k, fn in enumerate((a, b)):
            t = time.perf_counter()
            fn()
            best[k] = min(best[k], time.perf_counter() - t)
    return best[0], best[1]


def _bench(fmt: str, repeat: int) -> None:
    floor = _FLOORS[fmt]
    files = _files(fmt)
    print(f"== {fmt}: {len(files)} files, best of {repeat}")
    print(f"  {'file':44} {'floor ms':>9} {'read ms':>9} {'reads/s':>8} {'ratio':>6}")
    tot_floor = tot_ours = 0.0
    timed = 0
    for path in files:
        data = path.read_bytes()
        try:
            gr.read(data, fmt)  # warm the imports and caches once
        except gr.GovReportError as exc:
            print(f"  {path.name[:44]:44} not timed: {type(exc).__name__}")
            continue
        timed += 1
        base, ours = _best_pair(lambda d=data: floor(d), lambda d=data: gr.read(d, fmt), repeat)
        tot_floor, tot_ours = tot_floor + base, tot_ours + ours
        print(f"  {path.name[:44]:44} {base * 1000:9.3f} {ours * 1000:9.3f} {1 / ours:8.0f} {ours / base:6.1f}")
    if timed:
        target, ratio = _TARGET[fmt]
        rate = timed / tot_ours
        print(f"  {'all files':44} {tot_floor * 1000:9.3f} {tot_ours * 1000:9.3f} {rate:8.0f} "
              f"{tot_ours / tot_floor:6.1f}   (target >= {target}/s, ratio <= {ratio})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--format", action="append", choices=sorted(_EXTS))
    args = ap.parse_args()
    for fmt in args.format or ["text", "markdown", "docx"]:
        _bench(fmt, args.repeat)


if __name__ == "__main__":
    main()
